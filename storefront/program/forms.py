"""The programme office's forms: shape only; the rules are in the services they feed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class TokenForm(FlaskForm):
    name = StringField(
        _l("What the token is for"),
        validators=[DataRequired(_l("Give the token a name.")), Length(max=120)],
        filters=[_strip],
    )


class CertificateForm(FlaskForm):
    number = StringField(_l("Certificate number"), validators=[DataRequired(), Length(max=80)], filters=[_strip])
    score = IntegerField(
        _l("Score (0–100)"), validators=[InputRequired(), NumberRange(0, 100, _l("A score is between 0 and 100."))]
    )
    decision_number = StringField(_l("Decision number"), validators=[DataRequired(), Length(max=80)], filters=[_strip])
    decided_on = DateField(_l("Decision date"), validators=[InputRequired()])
    issuer_name = StringField(_l("Issued by"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    issuer_level = SelectField(
        _l("Issuer level"),
        choices=[
            SelectChoice("province", _l("Province")),
            SelectChoice("central", _l("Central")),
            SelectChoice("commune", _l("Commune")),
            SelectChoice("district", _l("District (before July 2025)")),
        ],
    )


class RevokeCertificateForm(FlaskForm):
    reason = TextAreaField(
        _l("Why it is revoked"), validators=[DataRequired(_l("Say why.")), Length(max=500)], filters=[_strip]
    )


class ProducerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    kind = SelectField(_l("Producer kind"), choices=[])
    locality = SelectField(_l("Commune or ward"), choices=[])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)], filters=[_strip])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=32)], filters=[_strip])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=254)], filters=[_strip])
    story_vi = TextAreaField(_l("Story (Vietnamese)"), validators=[Optional(), Length(max=5000)])
    story_en = TextAreaField(_l("Story (English)"), validators=[Optional(), Length(max=5000)])


class InviteForm(FlaskForm):
    email = StringField(
        _l("Email"),
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[_strip],
        # Its own id: the producer's form on the same page has an `email` field too.
        id="invite-email",
        render_kw={"type": "email"},
    )


class PayoutForm(FlaskForm):
    reference = StringField(
        _l("Bank transfer reference"), validators=[DataRequired(), Length(max=120)], filters=[_strip]
    )


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)], filters=[_strip])
