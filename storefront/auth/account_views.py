"""The shopper's account: orders, delivery address, password and email; confirmation and invitation links.

Links in emails open a page with a button: a GET never changes anything (mail scanners follow links).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from storefront.auth import accounts, invitations
from storefront.auth.access import login_required
from storefront.auth.forms import AddressForm, ChangeEmailForm, ChangePasswordForm, ConfirmForm, InvitationForm
from storefront.auth.limits import RESET_LIMITS
from storefront.auth.profile import account_orders, forget_address, remember_address
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import db, limiter
from storefront.i18n import current_language
from storefront.orders.status import LABELS
from storefront.uow import unit_of_work

bp = Blueprint("account", __name__)


def _page(template: str, status: int = 200, **context: Any) -> Any:
    return render_template(template, **context), status, {"Cache-Control": "private, no-store"}


def _refused_link(message: str) -> Any:
    db.session.rollback()
    return _page("auth/link_refused.html", 404, message=message)


@bp.get("/account")
@login_required
def overview() -> Any:
    address = current_user.delivery_address or {}
    return _page(
        "auth/account.html",
        orders=account_orders(current_user),
        status_labels=LABELS,
        address_form=AddressForm(data=address),
        has_address=bool(address),
        confirm_form=ConfirmForm(),
    )


@bp.post("/account/address")
@login_required
def save_address() -> Any:
    form = AddressForm()
    if "forget" in request.form:
        with unit_of_work():
            forget_address(current_user)
        flash(_("The delivery address has been forgotten."), "success")
    elif form.validate():
        with unit_of_work():
            remember_address(current_user, form.data)
        flash(_("Your delivery address has been saved."), "success")
    else:
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect("/account", code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _page("auth/change_password.html", 422 if request.method == "POST" else 200, form=form)
    try:
        with unit_of_work():
            accounts.change_password(current_user, form.current_password.data, form.password.data, now=utcnow())
    except DomainError as refused:
        getattr(form, refused.field or "password", form.password).errors.append(refused.message)
        return _page("auth/change_password.html", 422, form=form)
    user = current_user._get_current_object()
    login_user(user)  # this browser goes on with its new session; every other one has ended
    flash(_("Your password has been changed. Other devices have been logged out."), "success")
    return redirect("/account", code=303)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@limiter.limit(RESET_LIMITS, methods=["POST"])
def change_email() -> Any:
    form = ChangeEmailForm()
    if not form.validate_on_submit():
        return _page("auth/change_email.html", 422 if request.method == "POST" else 200, form=form)
    try:
        with unit_of_work():
            accounts.request_email_change(
                current_user, form.password.data, form.email.data, now=utcnow(), language=current_language()
            )
    except DomainError as refused:
        getattr(form, refused.field or "email", form.email).errors.append(refused.message)
        return _page("auth/change_email.html", 422, form=form)
    flash(
        _("We have sent a link to %(email)s. Your email changes when you follow it.", email=form.email.data),
        "success",
    )
    return redirect("/account", code=303)


@bp.route("/account/email/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str) -> Any:
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _page("auth/confirm.html", form=form, title=_("Confirm your new email address"))
    try:
        with unit_of_work():
            accounts.confirm_email_change(token, now=utcnow(), language=current_language())
    except DomainError as refused:
        return _refused_link(refused.message)
    flash(_("Your email address has been changed."), "success")
    return redirect("/account" if current_user.is_authenticated else "/login", code=303)


@bp.route("/account/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str) -> Any:
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _page("auth/confirm.html", form=form, title=_("Confirm your email address"))
    try:
        with unit_of_work():
            accounts.confirm_email(token, now=utcnow())
    except DomainError as refused:
        return _refused_link(refused.message)
    flash(_("Thank you: your email address is confirmed."), "success")
    return redirect("/account" if current_user.is_authenticated else "/login", code=303)


@bp.post("/account/confirm")
@login_required
@limiter.limit(RESET_LIMITS)
def resend_confirmation() -> Any:
    if current_user.email_confirmed_at is None:
        with unit_of_work():
            accounts.send_confirmation(current_user, now=utcnow(), language=current_language())
    flash(_("We have sent the link again to %(email)s.", email=current_user.email), "success")
    return redirect("/account", code=303)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit(RESET_LIMITS, methods=["POST"])
def accept_invitation(token: str) -> Any:
    """The invitee's page: they choose their own password, and their account opens."""
    try:
        invitation = invitations.check_invitation(token, now=utcnow())
    except DomainError as refused:
        return _refused_link(refused.message)
    form = InvitationForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return _page("auth/invitation.html", status, form=form, invitation=invitation)
    try:
        with unit_of_work():
            invitations.accept_invitation(token, form.password.data, name=form.name.data or "", now=utcnow())
    except DomainError as refused:
        if refused.field == "password":
            form.password.errors.append(refused.message)
            return _page("auth/invitation.html", 422, form=form, invitation=invitation)
        return _refused_link(refused.message)
    if current_user.is_authenticated:
        logout_user()
    flash(_("Your account is ready. Log in with your email and the password you chose."), "success")
    return redirect("/login", code=303)
