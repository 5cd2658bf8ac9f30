"""The portal's forms: shape only (types, lengths). The rules are in the catalogue's listing services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from storefront.catalog.listings import MAX_PRICE_VND, MAX_STOCK
from storefront.inputs import has_control

#: For a select whose first option is a real choice: it always has a value, and `required` would be invalid HTML.
NO_REQUIRED_ATTRIBUTE = {"required": False}


def plain(form: FlaskForm, field: Field) -> None:
    """Invisible characters have no place in a listing, and PostgreSQL cannot store a NUL byte."""
    if has_control(field.data or ""):
        raise ValidationError(_l("Please remove the invisible control characters."))


def text(form: FlaskForm, field: Field) -> None:
    """As `plain`, but line breaks and tabs are part of a description."""
    if has_control((field.data or "").replace("\r", "").replace("\n", "").replace("\t", "")):
        raise ValidationError(_l("Please remove the invisible control characters."))


class ListingForm(FlaskForm):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[plain, DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[plain, Optional(), Length(max=200)])
    price_vnd = IntegerField(_l("Price (đồng)"), validators=[InputRequired(), NumberRange(min=1, max=MAX_PRICE_VND)])
    unit_vi = StringField(_l("Unit (Vietnamese)"), validators=[plain, Optional(), Length(max=80)])
    unit_en = StringField(_l("Unit (English)"), validators=[plain, Optional(), Length(max=80)])
    stock = IntegerField(_l("Stock"), validators=[InputRequired(), NumberRange(min=0, max=MAX_STOCK)])
    group_id = SelectField(
        _l("Product group"), coerce=int, validators=[InputRequired()], render_kw=NO_REQUIRED_ATTRIBUTE
    )
    gtin = StringField(_l("Barcode (GTIN)"), validators=[plain, Optional(), Length(max=20)])
    description_vi = TextAreaField(_l("Description (Vietnamese)"), validators=[text, Optional(), Length(max=8000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[text, Optional(), Length(max=8000)])


class StockForm(FlaskForm):
    mode = SelectField(
        _l("Change"),
        choices=[SelectChoice("set", _l("Set stock to")), SelectChoice("add", _l("Add or remove"))],
        validators=[InputRequired()],
        render_kw=NO_REQUIRED_ATTRIBUTE,
    )
    amount = IntegerField(_l("Units"), validators=[InputRequired(), NumberRange(min=-MAX_STOCK, max=MAX_STOCK)])
    reason = StringField(_l("Reason"), validators=[plain, DataRequired(), Length(max=200)])


class PictureForm(FlaskForm):
    picture = FileField(_l("Picture (JPEG, PNG or WebP)"))
    alt_vi = StringField(_l("What the picture shows (Vietnamese)"), validators=[plain, Optional(), Length(max=300)])


class CsvForm(FlaskForm):
    file = FileField(_l("CSV file"))


class ShipForm(FlaskForm):
    carrier = StringField(_l("Carrier"), validators=[plain, DataRequired(), Length(max=80)])
    tracking_number = StringField(_l("Tracking number"), validators=[plain, Optional(), Length(max=80)])


class EmptyForm(FlaskForm):
    """A button's form: only its CSRF token."""
