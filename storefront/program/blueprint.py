"""The programme office's blueprint (/program/): officers only, every route, checked in one place."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.numbers import format_decimal
from flask import Blueprint, current_app
from flask.blueprints import BlueprintSetupState

from storefront.auth.access import protect_blueprint
from storefront.auth.limits import EXPORT_LIMITS, OFFICE_POST_LIMITS, user_key
from storefront.auth.models import Role
from storefront.clock import vn_now
from storefront.extensions import limiter
from storefront.i18n import current_language

bp = Blueprint("program", __name__, url_prefix="/program")
protect_blueprint(bp, Role.OFFICER)
#: One budget for every POST of the office, per officer (see auth.limits).
limiter.shared_limit(
    OFFICE_POST_LIMITS, scope="office-post", key_func=user_key, methods=["POST"], override_defaults=False
)(bp)
#: One budget for every export (CSV, XLSX) of the office, per officer.
export_limit = limiter.shared_limit(EXPORT_LIMITS, scope="office-export", key_func=user_key, override_defaults=False)


def format_count(value: int) -> str:
    """`12.345` in Vietnamese, `12,345` in English."""
    lang = current_language()
    return format_decimal(value, locale="vi_VN" if lang == "vi" else lang)


def format_vn_datetime(moment: datetime | None) -> str:
    """A UTC moment as Vietnam's wall clock: `31/12/2025 23:30`."""
    return vn_now(moment).strftime("%d/%m/%Y %H:%M") if moment is not None else ""


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    state.app.jinja_env.filters["count"] = format_count
    state.app.jinja_env.filters["vn_datetime"] = format_vn_datetime


@bp.context_processor
def _endpoints() -> dict[str, Any]:
    # The section nav links only to the pages that exist.
    return {"url_endpoints": current_app.view_functions}
