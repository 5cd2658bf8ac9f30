"""Flask-Login's user loader."""

from __future__ import annotations

from flask import Flask

from storefront.auth.models import User
from storefront.extensions import db, login_manager


def init_login(app: Flask) -> None:
    login_manager.login_view = "web.login" if "web.login" in app.view_functions else None
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.is_active else None
