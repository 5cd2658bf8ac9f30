"""Flask-Login's user loader: the cookie names a session row, and only an unrevoked one of an active
account signs anyone in."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from storefront.auth.models import User
from storefront.auth.sessions import user_for_session
from storefront.db import utcnow
from storefront.extensions import login_manager


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    # The session row is what protects a signed-in cookie; "strong" would also sign people out whenever a
    # phone's address changes between mobile data and Wi-Fi, which shoppers here do all day.
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_secret: str) -> User | None:
        return user_for_session(session_secret, now=utcnow(), lifetime=current_app.config["REMEMBER_COOKIE_DURATION"])
