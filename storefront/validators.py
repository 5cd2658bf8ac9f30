"""WTForms validators that more than one area's forms share (checkout, accounts)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import ValidationError

from storefront.text import is_plausible_name

Validator = Callable[[Any, Field], None]


def no_control_characters(*, allow_line_breaks: bool = False) -> Validator:
    """Refuse control characters: invisible in the order, and PostgreSQL cannot store a NUL byte."""
    allowed = "\r\n\t" if allow_line_breaks else ""

    def check(form: Any, field: Field) -> None:
        if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in field.data or ""):
            raise ValidationError(_l("Please remove the invisible control characters."))

    return check


def person_name() -> Validator:
    """A name people will read (on a parcel, in a message): letters, nothing invisible or reordering.

    Control characters are left to `no_control_characters`, so a field shows one message for them.
    """

    def check(form: Any, field: Field) -> None:
        value = "".join(ch for ch in field.data or "" if unicodedata.category(ch) != "Cc")
        if value and not is_plausible_name(value):
            raise ValidationError(
                _l("Please type the name in letters: invisible characters and direction marks are not accepted.")
            )

    return check
