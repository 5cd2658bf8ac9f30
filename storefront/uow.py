"""The one way a unit of work ends: committed once, where it began, or rolled back on any error.

Views, CLI commands and webhooks wrap the service calls of one request or command in `unit_of_work()`;
services and domain functions only add and flush. A unit of work that must stand on its own (its own
commit, before or after the caller's) says in one line why, where it is opened.

Opened inside another one, it is a savepoint: an error undoes only its own work (and goes on up), and the
outer one still decides whether everything is kept. So a helper that is a unit of work when a view calls
it directly composes with a caller that already has one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import scoped_session

from storefront.extensions import db

_DEPTH = "storefront.uow.depth"


def in_unit_of_work() -> bool:
    return bool(db.session.info.get(_DEPTH))


@contextmanager
def unit_of_work(*, keep_loaded: bool = False) -> Iterator[scoped_session]:
    """`keep_loaded`: the rows read stay loaded after the commit, for a page that renders what it just read
    (and wrote) without reading it all again."""
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    expire_on_commit = session.expire_on_commit
    try:
        if depth:
            with session.begin_nested():
                yield db.session
            return
        try:
            yield db.session
            session.expire_on_commit = expire_on_commit and not keep_loaded
            session.commit()
        except BaseException:
            session.rollback()
            raise
    finally:
        session.info[_DEPTH] = depth
        session.expire_on_commit = expire_on_commit
