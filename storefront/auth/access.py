"""Small access rules for views, shared by every area (`/account`, `/portal/`, `/program/`).

    @bp.get("/portal/")
    @role_required(Role.PRODUCER)
    def overview(): ...

or, for a whole blueprint, `protect_blueprint(bp, Role.OFFICER)`. A guest is sent to the login page
(with `next=` back here); a signed-in person without the role gets 403. Whether a producer owns a given
product or order is a rule of that area: answer 404 for someone else's, never 403, so ids reveal nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Blueprint, abort
from flask_login import current_user

from storefront.auth.models import Role, User
from storefront.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])


def refusal(*roles: Role) -> Any | None:
    """None when the current visitor may go on; else the response to give (a login redirect, or 403)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if roles and current_user.role not in roles:
        abort(403)
    if Role.PRODUCER in roles and current_user.role == Role.PRODUCER and current_user.producer_id is None:
        abort(403)  # a producer account whose producer was removed manages nothing
    return None


def role_required(*roles: Role) -> Callable[[F], F]:
    """Only signed-in people with one of `roles` (any signed-in person when none is given)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            refused = refusal(*roles)
            return refused if refused is not None else view(*args, **kwargs)

        return cast(F, guarded)  # wraps keeps the view's signature; mypy cannot see it

    return decorate


login_required = role_required()
producer_required = role_required(Role.PRODUCER)
officer_required = role_required(Role.OFFICER)


def protect_blueprint(bp: Blueprint, *roles: Role) -> None:
    """Every view of `bp` needs one of `roles`: nobody can add a route and forget the check."""

    @bp.before_request
    def _guard() -> Any:
        return refusal(*roles)


def current_producer_id() -> int:
    """The producer the signed-in producer account manages (call after `producer_required`)."""
    user: User = current_user
    if not user.is_authenticated or user.role != Role.PRODUCER or user.producer_id is None:
        abort(403)
    return user.producer_id


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` if it is a path of this site, else `default`: `next=` never sends anyone elsewhere.

    Refused: other hosts (`//evil.example`, `https://evil.example`, `https:evil.example`), backslashes
    (browsers read `/\\evil.example` as `//evil.example`), other schemes (`javascript:`), control characters.
    """
    target = (target or "").strip()
    if not target or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
