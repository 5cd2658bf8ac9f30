"""The one way a unit of work ends: committed once, where it began, or rolled back on any error.

Views, CLI commands and webhooks wrap the service calls of one request or command in `unit_of_work()`;
services and domain functions only add and flush. A commit anywhere else says in one line why it must
stand alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import scoped_session

from storefront.extensions import db


@contextmanager
def unit_of_work() -> Iterator[scoped_session]:
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
