"""Every path and query value cleaned once, before any view sees it.

No address of the shop has a control character in it, and PostgreSQL refuses a NUL byte in text (a query
with one is a 500, not "nothing found"). So a path with one is a 404 before routing reaches a view, and
query values lose theirs: `?locality=x%00` means what `?locality=x` means. Form fields are left to their
forms, which refuse control characters with a message on the field.
"""

from __future__ import annotations

import re

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

# C0 and C1 control characters and DEL; tab and line breaks too (no query value of ours has one).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def strip_control(value: str) -> str:
    return _CONTROL.sub("", value)


def has_control(value: str) -> bool:
    return _CONTROL.search(value) is not None


class ShopRequest(Request):
    @cached_property
    def args(self) -> ImmutableMultiDict[str, str]:
        raw = super().args
        return ImmutableMultiDict([(strip_control(key), strip_control(value)) for key, value in raw.items(multi=True)])


def _refuse_control_in_path() -> None:
    if has_control(request.path):
        abort(404)


def init_app(app: Flask) -> None:
    app.request_class = ShopRequest
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_control_in_path)
