"""Signing in and out, signing up, and a forgotten password. The account pages are in account_views.

Views are thin: parse the form, call one service, commit once, render or redirect. Every answer about a
login, a sign-up or a reset is the same whether or not the address has an account.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from storefront.auth import accounts
from storefront.auth.access import safe_next
from storefront.auth.forms import LoginForm, NewPasswordForm, RegisterForm, ResetRequestForm
from storefront.auth.limits import LOGIN_LIMITS, LOGIN_PER_EMAIL, RESET_LIMITS, RESET_PER_EMAIL, email_key
from storefront.auth.profile import keep_cart, merge_cart_at_login
from storefront.cart import store
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import db, limiter
from storefront.i18n import current_language
from storefront.uow import unit_of_work

bp = Blueprint("auth", __name__)


def _no_store(html: str, status: int = 200) -> Any:
    return html, status, {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMITS, methods=["POST"])
@limiter.limit(LOGIN_PER_EMAIL, key_func=email_key("login"), methods=["POST"])
def login() -> Any:
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), default="")
        if current_user.is_authenticated:
            return redirect(safe_next(form.next.data, "/account"), code=303)
    if not form.validate_on_submit():
        return _no_store(render_template("auth/login.html", form=form), 422 if request.method == "POST" else 200)
    now = utcnow()
    with unit_of_work():
        user = accounts.authenticate(form.email.data, form.password.data, now=now)
        if user is not None:
            accounts.log_in(user, now=now)
            cart = merge_cart_at_login(user, store.read(request))
    if user is None:
        form.password.errors.append(_("Wrong email or password."))
        return _no_store(render_template("auth/login.html", form=form), 422)
    session.clear()  # nothing from before the login (a planted session) carries over
    login_user(user, remember=bool(form.remember.data))
    response = redirect(safe_next(form.next.data or request.args.get("next"), "/account"), code=303)
    store.write(response, cart, secure=request.is_secure)
    return response


@bp.post("/logout")
def logout() -> Any:
    if current_user.is_authenticated:
        with unit_of_work():
            keep_cart(current_user, store.read(request))
            accounts.log_out(current_user, now=utcnow())
        logout_user()
    session.clear()
    flash(_("You are logged out."), "success")
    response = redirect("/", code=303)
    store.write(response, {}, secure=request.is_secure)  # the cart went with the account
    return response


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(RESET_LIMITS, methods=["POST"])
def register() -> Any:
    form = RegisterForm()
    if not form.validate_on_submit():
        return _no_store(render_template("auth/register.html", form=form), 422 if request.method == "POST" else 200)
    try:
        with unit_of_work():
            accounts.register_customer(
                form.email.data, form.password.data, form.name.data or "", now=utcnow(), language=current_language()
            )
    except DomainError as refused:
        getattr(form, refused.field or "email", form.email).errors.append(refused.message)
        return _no_store(render_template("auth/register.html", form=form), 422)
    flash(
        _(
            "Thank you. We have sent a message to %(email)s: follow its link to confirm your address, then log in.",
            email=form.email.data,
        ),
        "success",
    )
    return redirect("/login", code=303)


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit(RESET_LIMITS, methods=["POST"])
@limiter.limit(RESET_PER_EMAIL, key_func=email_key("reset"), methods=["POST"])
def reset_request() -> Any:
    form = ResetRequestForm()
    if not form.validate_on_submit():
        return _no_store(
            render_template("auth/reset_request.html", form=form), 422 if request.method == "POST" else 200
        )
    with unit_of_work():
        accounts.request_password_reset(form.email.data, now=utcnow(), language=current_language())
    return _no_store(render_template("auth/reset_sent.html", email=form.email.data))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(RESET_LIMITS, methods=["POST"])
def reset_password(token: str) -> Any:
    form = NewPasswordForm()
    try:
        accounts.check_reset_link(token, now=utcnow())
    except DomainError as refused:
        db.session.rollback()
        return _no_store(render_template("auth/link_refused.html", message=refused.message), 404)
    if not form.validate_on_submit():
        return _no_store(
            render_template("auth/reset_password.html", form=form), 422 if request.method == "POST" else 200
        )
    try:
        with unit_of_work():
            accounts.reset_password(token, form.password.data, now=utcnow())
    except DomainError as refused:
        form.password.errors.append(refused.message)
        return _no_store(render_template("auth/reset_password.html", form=form), 422)
    if current_user.is_authenticated:
        logout_user()
    flash(_("Your password has been changed. Please log in with it."), "success")
    return redirect("/login", code=303)
