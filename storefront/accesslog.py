"""gunicorn's access log without secrets in it: order links and reset links are bearer tokens.

Whoever reads `/orders/<token>` can see a buyer's name, phone and address, so a log line carrying it is
as sensitive as the order itself. The path stays (what was asked for); the token becomes `…`.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

# /orders/<token>[/...] and /password/reset/<token>; /orders/lookup names no order.
_TOKEN_IN_PATH = re.compile(r"(/orders/|/password/reset/)(?!lookup\b)[^/?#\s]+")
_REDACTED_ATOMS = ("r", "U", "f", "{referer}i")


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\1…", text)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for name in _REDACTED_ATOMS:
            if isinstance(atoms.get(name), str):
                atoms[name] = redact(atoms[name])
        return atoms
