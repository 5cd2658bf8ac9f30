"""The portal's batch form: shape only (the rules are in qr.batches)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional


class BatchForm(FlaskForm):
    # Its first option is a product: a `required` attribute would be invalid HTML on this select.
    product = SelectField(_l("Product"), coerce=int, validators=[InputRequired()], render_kw={"required": False})
    lot = StringField(_l("Lot number"), validators=[InputRequired(), Length(max=20)])
    produced_on = DateField(_l("Production date"), validators=[InputRequired()])
    best_before_on = DateField(_l("Best before"), validators=[Optional()])
    quantity = IntegerField(_l("Quantity made"), validators=[InputRequired(), NumberRange(min=1, max=10_000_000)])
