"""Account forms: shape only. Password rules and everything about accounts are in the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from storefront.auth.passwords import MAX_PASSWORD_LENGTH
from storefront.validators import no_control_characters, person_name


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _email_field(label: str | None = None) -> StringField:
    return StringField(
        label or _l("Email"),
        validators=[
            DataRequired(_l("Please enter your email address.")),
            Length(max=254, message=_l("That email address is too long.")),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "email", "type": "email", "maxlength": 254, "inputmode": "email"},
    )


def _password_field(label: str, *, new: bool) -> PasswordField:
    """Every password box of the accounts: `new` ones let a password manager suggest one."""
    # No Length maximum here beyond a sanity bound: the service says how long a new password may be.
    return PasswordField(
        label,
        validators=[
            InputRequired(_l("Please enter a password.")),
            Length(max=MAX_PASSWORD_LENGTH * 4, message=_l("That password is too long.")),
        ],
        render_kw={"autocomplete": "new-password" if new else "current-password", "maxlength": MAX_PASSWORD_LENGTH},
    )


def _name_field(label: str, *, max_length: int = 200, too_long: str | None = None) -> StringField:
    """A person's name: optional, trimmed, no control characters, letters a name can have."""
    return StringField(
        label,
        validators=[
            Length(max=max_length, message=too_long or _l("Please keep it under 200 characters.")),
            no_control_characters(),
            person_name(),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "name", "maxlength": max_length},
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = _password_field(_l("Password"), new=False)
    remember = BooleanField(_l("Remember me on this device"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    name = _name_field(_l("Your name"))
    email = _email_field()
    password = _password_field(_l("Password"), new=True)


class ResetRequestForm(FlaskForm):
    email = _email_field()


class NewPasswordForm(FlaskForm):
    password = _password_field(_l("New password"), new=True)


class InvitationForm(FlaskForm):
    name = _name_field(_l("Your name"))
    password = _password_field(_l("Choose a password"), new=True)


class ChangePasswordForm(FlaskForm):
    current_password = _password_field(_l("Current password"), new=False)
    password = _password_field(_l("New password"), new=True)


class ChangeEmailForm(FlaskForm):
    email = _email_field(_l("New email"))
    password = _password_field(_l("Current password"), new=False)


class ConfirmForm(FlaskForm):
    """A button only: links in emails are opened by mail scanners too, so a GET never changes anything."""


class AddressForm(FlaskForm):
    full_name = _name_field(_l("Full name"), max_length=120, too_long=_l("Please keep it under 120 characters."))
    phone = StringField(
        _l("Phone"),
        validators=[Length(max=20, message=_l("That phone number is too long."))],
        filters=[_strip],
        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 20},
    )
    address = StringField(
        _l("Address"),
        validators=[Length(max=300, message=_l("Please keep it under 300 characters."))],
        filters=[_strip],
        render_kw={"autocomplete": "address-line1", "maxlength": 300},
    )
