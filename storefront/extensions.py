"""Unbound extension instances. Imports no project code, so any module may import it."""

from flask import current_app, request, session
from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager as FlaskLoginManager
from flask_login.config import COOKIE_NAME
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from storefront.db import Base


class LoginManager(FlaskLoginManager):
    """Flask-Login's, answering at once for a visitor who brings neither a signed-in session nor a
    remember-me cookie: most requests are such visitors'.

    Flask-Login would still hash the visitor's address and browser for its session protection (which
    only ever looks at a session holding a user) and look for a remember-me cookie and a request loader,
    to find the anonymous user in the end. The shop has no request or header loader; with one, every
    request takes Flask-Login's own way.
    """

    def _load_user(self) -> None:
        if (
            "_user_id" not in session
            and current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) not in request.cookies
            and self._request_callback is None
            and self._header_callback is None
        ):
            return self._update_request_context_with_user()
        return super()._load_user()


db = SQLAlchemy(model_class=Base)
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
cache = Cache()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
