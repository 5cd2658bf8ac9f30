"""Producers for officers: create and edit, invite their people (accounts' invitations), disable an
account (its sessions end), hide or show all of a producer's listings."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, func, select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from storefront.auth.invitations import disable_user, invite_user, pending_invitations
from storefront.auth.limits import INVITE_LIMITS, user_key
from storefront.auth.models import Role, User
from storefront.catalog.models import Product, ProductStatus
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import db, limiter
from storefront.i18n import current_language
from storefront.places.models import Locality
from storefront.producers.models import Producer, ProducerKind
from storefront.producers.services import (
    ProducerDetails,
    create_producer,
    hide_listings,
    show_listings,
    update_producer,
)
from storefront.program.blueprint import bp
from storefront.program.forms import InviteForm, ProducerForm
from storefront.uow import unit_of_work
from storefront.web.labels import producer_kind


@bp.get("/producers")
def producers() -> str:
    published = func.sum(case((Product.status == ProductStatus.PUBLISHED, 1), else_=0))
    counts = {
        pid: (int(total), int(on or 0))
        for pid, total, on in db.session.execute(
            select(Product.producer_id, func.count(Product.id), published).group_by(Product.producer_id)
        )
    }
    people = dict(
        db.session.execute(
            select(User.producer_id, func.count(User.id))
            .where(User.producer_id.is_not(None))
            .group_by(User.producer_id)
        ).all()
    )
    rows = db.session.scalars(select(Producer).order_by(Producer.name)).all()
    return render_template("program/producers.html", producers=rows, counts=counts, people=people)


def _form(formdata: Any = None, producer: Producer | None = None) -> ProducerForm:
    form = ProducerForm(formdata=formdata, obj=producer) if formdata is not None else ProducerForm(obj=producer)
    form.kind.choices = [SelectChoice(k.value, producer_kind(k)) for k in ProducerKind]
    places = db.session.execute(
        select(Locality.id, Locality.name, Locality.province_name).order_by(Locality.province_name, Locality.name)
    ).all()
    form.locality.choices = [SelectChoice(str(p.id), f"{p.name} ({p.province_name})") for p in places]
    if producer is not None and formdata is None:
        form.kind.data, form.locality.data = producer.kind.value, str(producer.locality_id)
    return form


def _details(form: ProducerForm) -> ProducerDetails:
    locality = form.locality.data or ""
    return ProducerDetails(
        name=form.name.data or "",
        kind=ProducerKind(form.kind.data)
        if form.kind.data in ProducerKind._value2member_map_
        else ProducerKind.HOUSEHOLD,
        locality_id=int(locality) if str(locality).isdigit() else 0,
        address=form.address.data or "",
        phone=form.phone.data or "",
        email=form.email.data or "",
        story_vi=form.story_vi.data or "",
        story_en=form.story_en.data or "",
    )


def _put_error(form: Any, error: DomainError) -> None:
    target = getattr(form, error.field or "", None) or form.name
    target.errors = [*target.errors, error.message]


@bp.route("/producers/new", methods=["GET", "POST"])
def new_producer() -> Response | tuple[str, int]:
    form = _form()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                producer = create_producer(_details(form))
                slug = producer.slug
        except DomainError as error:
            _put_error(form, error)
        else:
            flash(_("Producer created. Invite its people below."), "success")
            return redirect(url_for("program.producer", slug=slug))
    return render_template("program/producer_form.html", form=form, producer=None), 400 if form.errors else 200


def _producer(slug: str) -> Producer:
    producer = db.session.scalar(select(Producer).where(Producer.slug == slug[:120]))
    if producer is None:
        abort(404)
    return producer


def _page(producer: Producer, form: ProducerForm, invite: InviteForm, status: int = 200) -> tuple[str, int]:
    members = db.session.scalars(select(User).where(User.producer_id == producer.id).order_by(User.email)).all()
    listed = db.session.scalar(
        select(func.count(Product.id)).where(
            Product.producer_id == producer.id, Product.status == ProductStatus.PUBLISHED
        )
    )
    html = render_template(
        "program/producer_form.html",
        form=form,
        invite=invite,
        producer=producer,
        members=members,
        invitations=pending_invitations(producer),
        listed=listed or 0,
    )
    return html, status


@bp.get("/producers/<slug>")
def producer(slug: str) -> tuple[str, int]:
    found = _producer(slug)
    return _page(found, _form(producer=found), InviteForm(formdata=None))


@bp.post("/producers/<slug>")
def edit_producer(slug: str) -> Response | tuple[str, int]:
    _producer(slug)
    form = _form()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                update_producer(_producer(slug), _details(form))
        except DomainError as error:
            _put_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("program.producer", slug=slug))
    return _page(_producer(slug), form, InviteForm(formdata=None), 400)


@bp.post("/producers/<slug>/invite")
@limiter.limit(INVITE_LIMITS, key_func=user_key, override_defaults=False)
def invite(slug: str) -> Response | tuple[str, int]:
    _producer(slug)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                invite_user(
                    form.email.data or "",
                    role=Role.PRODUCER,
                    producer=_producer(slug),
                    invited_by=current_user,
                    now=utcnow(),
                    language=current_language(),
                )
        except DomainError as error:
            form.email.errors = [*form.email.errors, error.message]
        else:
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("program.producer", slug=slug))
    return _page(_producer(slug), _form(producer=_producer(slug)), form, 400)


@bp.post("/users/<int:user_id>/disable")
def disable(user_id: int) -> Response:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    back = url_for("program.producer", slug=user.producer.slug) if user.producer else url_for("program.producers")
    try:
        with unit_of_work():
            disable_user(user, actor=current_user, now=utcnow())
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The account is disabled and signed out everywhere."), "success")
    return redirect(back)


@bp.post("/producers/<slug>/listings/<action>")
def listings(slug: str, action: str) -> Response:
    if action not in ("hide", "show"):
        abort(404)
    with unit_of_work():
        found = _producer(slug)
        if action == "hide":
            count = hide_listings(found, now=utcnow())
            flash(_("%(count)s listings hidden from the shop.", count=count), "success")
        else:
            count = show_listings(found, now=utcnow())
            flash(_("%(count)s listings are back in the shop.", count=count), "success")
    return redirect(url_for("program.producer", slug=slug))
