"""The account messages (reset, confirmation, change of email, invitation), written in the language the
visitor was using and queued in the outbox with the change that caused them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from storefront.notify.services import queue_email

SIGNATURE = "\n\nOCOP Quảng Ninh\n"


def _language(language: str | None) -> str:
    return language if language in ("vi", "en") else "vi"


def _send(to: str, kind: str, now: datetime, language: str | None, compose: Callable[[], tuple[str, str]]) -> None:
    """The one composer: `compose` gives (subject, body) in the visitor's language; the signature follows."""
    with force_locale(_language(language)):
        subject, body = compose()
    queue_email(to, kind, subject, body + SIGNATURE, now)


def send_reset_link(to: str, link: str, now: datetime, language: str | None) -> None:
    _send(
        to,
        "account:reset",
        now,
        language,
        lambda: (
            _("Reset your password"),
            _(
                "Someone (we hope you) asked to reset the password of your account at the OCOP Quảng Ninh shop.\n\n"
                "Choose a new password here within an hour: %(link)s\n\n"
                "If it was not you, ignore this message: your password stays as it is.",
                link=link,
            ),
        ),
    )


def send_confirmation_link(to: str, link: str, now: datetime, language: str | None) -> None:
    _send(
        to,
        "account:confirm",
        now,
        language,
        lambda: (
            _("Confirm your email address"),
            _(
                "Welcome to the OCOP Quảng Ninh shop. Please confirm your email address: %(link)s\n\n"
                "Once it is confirmed, orders you placed with this address also appear in your account.",
                link=link,
            ),
        ),
    )


def send_already_registered(to: str, login_link: str, reset_link: str, now: datetime, language: str | None) -> None:
    _send(
        to,
        "account:exists",
        now,
        language,
        lambda: (
            _("You already have an account"),
            _(
                "Someone (we hope you) tried to create an account with this email address, which already has one."
                "\n\nLog in here: %(login)s\nForgot your password? %(reset)s",
                login=login_link,
                reset=reset_link,
            ),
        ),
    )


def send_email_change_link(to: str, link: str, now: datetime, language: str | None) -> None:
    _send(
        to,
        "account:change-email",
        now,
        language,
        lambda: (
            _("Confirm your new email address"),
            _(
                "Please confirm that this is the new email address of your account at the OCOP Quảng Ninh shop: "
                "%(link)s\n\nThe link works for 24 hours. If you did not ask for this, ignore this message.",
                link=link,
            ),
        ),
    )


def send_email_taken(to: str, now: datetime, language: str | None) -> None:
    _send(
        to,
        "account:email-taken",
        now,
        language,
        lambda: (
            _("Your email address was given for another account"),
            _(
                "Someone asked to move another account to this email address, which already has an account at "
                "the OCOP Quảng Ninh shop. Nothing was changed. If it was you, log in with this address instead."
            ),
        ),
    )


def send_email_changed_notice(to: str, new_address: str, now: datetime, language: str | None) -> None:
    _send(
        to,
        "account:email-changed",
        now,
        language,
        lambda: (
            _("Your email address was changed"),
            _(
                "The email address of your account at the OCOP Quảng Ninh shop is now %(address)s. "
                "If you did not do this, contact the shop at once.",
                address=new_address,
            ),
        ),
    )


def send_invitation(to: str, link: str, producer_name: str | None, now: datetime, language: str | None) -> None:
    def compose() -> tuple[str, str]:
        if producer_name:
            intro = _(
                "You are invited to manage the listings and orders of %(producer)s at the OCOP Quảng Ninh shop.",
                producer=producer_name,
            )
        else:
            intro = _("You are invited to the programme office of the OCOP Quảng Ninh shop.")
        follow = _(
            "Choose your own password here to open your account: %(link)s\n\nThe link works once, for 7 days.",
            link=link,
        )
        return _("Your invitation to the OCOP Quảng Ninh shop"), f"{intro}\n\n{follow}"

    _send(to, "account:invitation", now, language, compose)
