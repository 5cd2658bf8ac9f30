"""API tokens for the programme's feed: officers create one (shown once), name it, and revoke it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from storefront.auth.services import create_api_token
from storefront.auth.tokens import list_api_tokens, revoke_api_token
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.program.blueprint import bp
from storefront.program.forms import TokenForm
from storefront.uow import unit_of_work


def _page(form: TokenForm, new_token: str = "", status: int = 200) -> tuple[str, int, dict[str, str]]:
    html = render_template("program/tokens.html", form=form, tokens=list_api_tokens(), new_token=new_token)
    return html, status, {"Cache-Control": "no-store"}


@bp.get("/tokens")
def tokens() -> tuple[str, int, dict[str, str]]:
    return _page(TokenForm())


@bp.post("/tokens")
def create_token() -> tuple[str, int, dict[str, str]]:
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        with unit_of_work():
            token = create_api_token(current_user, form.name.data or "", utcnow())
    except DomainError as error:
        form.name.errors = [*form.name.errors, error.message]
        return _page(form, status=400)
    # Rendered, not redirected: the token is shown this once and never stored anywhere readable.
    return _page(TokenForm(formdata=None), new_token=token)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int) -> Response:
    with unit_of_work():
        revoke_api_token(token_id, actor=current_user, now=utcnow())
    flash(_("The token is revoked: it no longer opens the feed."), "success")
    return redirect(url_for("program.tokens"))
