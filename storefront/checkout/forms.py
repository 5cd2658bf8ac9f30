"""The checkout form: shape only (the rules of the shop are in the order services)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from storefront.places import lookups
from storefront.validators import no_control_characters, person_name

_PHONE_NOISE = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"0[35789]\d{8}")
#: E.164: a country code and the number, 8 to 15 digits in all, after a `+` (or the `00` dialled for it).
_INTERNATIONAL = re.compile(r"\+[1-9]\d{7,14}")
_SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


def normalize_phone(raw: str) -> str | None:
    """`0912 345 678`, `+84 912 345 678` and `84912345678` all become `0912345678`; a tourist's number
    with its country code (`+44 7700 900123`, `0044...`) becomes E.164 (`+447700900123`); None otherwise."""
    digits = _PHONE_NOISE.sub("", raw or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif _INTERNATIONAL.fullmatch(digits):
        return digits
    return digits if _MOBILE.fullmatch(digits) else None


def _strip(value: object) -> object:
    """Spaces around a typed value are never meant (a phone keyboard adds one after an autocompleted email)."""
    return value.strip() if isinstance(value, str) else value


def clean_submission_key(raw: str | None) -> str | None:
    """The form's one-time key as we issued it (`token_urlsafe`), or None: anything else is not our key."""
    return raw if raw and _SUBMISSION_KEY.fullmatch(raw) else None


def _to_int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


class CheckoutForm(FlaskForm):
    # DataRequired, not InputRequired, for what is printed on the parcel: a name of spaces is no name.
    full_name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(_l("Please enter your full name.")),
            Length(max=120, message=_l("Please keep it under 120 characters.")),
            no_control_characters(),
            person_name(),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "name", "maxlength": 120},
    )
    phone = StringField(
        _l("Phone"),
        validators=[InputRequired(_l("Please enter your phone number."))],
        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 20},
    )
    email = StringField(
        _l("Email"),
        # Optional: the phone is how the producer reaches the buyer; an email only adds the order's messages.
        validators=[
            Optional(),
            Length(max=254, message=_l("That email address is too long.")),
            Email(_l("Please enter a valid email address, like lan@example.com."), check_deliverability=False),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "email", "type": "email", "maxlength": 254},
    )
    address = StringField(
        _l("Address"),
        validators=[
            DataRequired(_l("Please enter the house number and street.")),
            Length(max=300, message=_l("Please keep it under 300 characters.")),
            no_control_characters(),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "address-line1", "maxlength": 300},  # street-address is for a textarea
    )
    province = SelectField(_l("Province/City"), coerce=_to_int, validate_choice=False)
    ward = SelectField(_l("Commune/Ward"), coerce=_to_int, validate_choice=False)
    note = TextAreaField(
        _l("Note"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Please keep the note under 500 characters.")),
            no_control_characters(allow_line_breaks=True),
        ],
        render_kw={"maxlength": 500, "rows": 3},
    )
    payment_method = RadioField(_l("Payment method"), default="cod", validate_choice=False)
    #: One-time key of this form: a double-click or a resubmission finds the first order.
    submission_key = HiddenField()
    #: The prices the buyer was shown ("id:price,..."): a confirmation, never what is charged.
    quoted = HiddenField()

    def set_choices(self, *, card_enabled: bool) -> None:
        self.province.choices = [(0, _l("Choose a province or city"))] + [(p.code, p.name) for p in lookups.provinces()]
        self.ward.choices = [(0, _l("Choose a commune or ward"))] + [
            (c.code, c.name) for c in lookups.communes_of(self.province.data)
        ]
        methods = [("cod", _l("Cash on delivery")), ("bank_transfer", _l("Bank transfer (VietQR)"))]
        if card_enabled:
            methods.append(("card", _l("Card")))
        self.payment_method.choices = methods

    def validate_phone(self, field: StringField) -> None:
        normalized = normalize_phone(field.data or "")
        if normalized is None:
            raise ValidationError(
                _l(
                    "Please enter a mobile number: a Vietnamese one (10 digits starting with 03, 05, 07, 08 or 09), or another country's starting with + and its country code."
                )
            )
        field.normalized = normalized

    def validate_province(self, field: SelectField) -> None:
        if lookups.province(field.data) is None:
            raise ValidationError(_l("Please choose your province or city."))

    def validate_ward(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError(_l("Please choose your commune or ward."))
        if lookups.province(self.province.data) and lookups.commune_in_province(field.data, self.province.data) is None:
            raise ValidationError(_l("This commune or ward is not in the province you chose."))

    def validate_payment_method(self, field: RadioField) -> None:
        if field.data not in {value for value, _label in field.choices or []}:
            raise ValidationError(_l("Please choose how you will pay."))


def parse_quoted(raw: str) -> dict[int, int]:
    """`"12:150000,13:90000"` -> {12: 150000, 13: 90000}; anything malformed is simply left out."""
    quoted: dict[int, int] = {}
    for part in (raw or "")[:2000].split(","):
        pid, _sep, price = part.partition(":")
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        if pid.isdecimal() and price.isdecimal() and len(pid) <= 18 and len(price) <= 12:
            quoted[int(pid)] = int(price)
    return quoted


def format_quoted(prices: dict[int, int]) -> str:
    return ",".join(f"{pid}:{price}" for pid, price in sorted(prices.items()))
