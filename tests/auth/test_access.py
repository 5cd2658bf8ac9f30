"""The access decorators and the `next=` rule."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Blueprint

from storefront.auth.access import protect_blueprint, role_required, safe_next
from storefront.auth.models import Role


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/account",
        "/\\evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "https://evil.example/",
        "http:/evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " //evil.example",
        "/%0a/evil.example".replace("%0a", "\n"),
        "/\t/evil.example",
        "evil.example",
        "",
        None,
    ],
)
def test_next_never_leaves_the_site(target: str | None) -> None:
    assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/account", "/products?q=m%E1%BB%B1c&page=2", "/portal/orders#line-3", "/"])
def test_next_keeps_paths_of_this_site(target: str) -> None:
    assert safe_next(target) == target


def test_role_required_sends_guests_to_login_and_others_away(app, client, login_as) -> None:
    assert "auth.login" in app.view_functions
    # The decorator on a throwaway view, checked through a request context.
    calls: list[str] = []

    @role_required(Role.OFFICER)
    def officers_only() -> str:
        calls.append("ran")
        return "ok"

    with app.test_request_context("/somewhere?x=1"):
        response: Any = officers_only()
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")
    assert calls == []


def test_protect_blueprint_guards_every_view() -> None:
    bp = Blueprint("probe", __name__)
    protect_blueprint(bp, Role.PRODUCER)
    assert len(bp.before_request_funcs[None]) == 1
