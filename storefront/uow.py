"""The one way a unit of work ends: committed once, where it began, or rolled back on any error.

Views, CLI commands and webhooks wrap the service calls of one request or command in `unit_of_work()`;
services and domain functions only add and flush. A unit of work that must stand on its own (its own
commit, before or after the caller's) says in one line why, where it is opened.

Opened inside another one, it is a savepoint: an error undoes only its own work (and goes on up), and the
outer one still decides whether everything is kept. So a helper that is a unit of work when a view calls
it directly composes with a caller that already has one.

What a unit of work does outside the database (a file written for a picture's row) is undone with it:
`on_rollback(action)` runs `action` when the unit of work (or the savepoint) it was registered in is rolled
back, commit included, so a failed save leaves no orphaned file behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import scoped_session

from storefront.extensions import db

_DEPTH = "storefront.uow.depth"
_UNDO = "storefront.uow.undo"

log = logging.getLogger(__name__)


def in_unit_of_work() -> bool:
    return bool(db.session.info.get(_DEPTH))


def on_rollback(action: Callable[[], None]) -> None:
    """Run `action` if the unit of work in progress is rolled back; forgotten once it commits. Outside a
    unit of work (a test calling a service directly) nothing is registered."""
    if in_unit_of_work():
        db.session.info.setdefault(_UNDO, []).append(action)


def _undo(actions: list[Callable[[], None]], mark: int) -> None:
    """The actions registered since `mark`, newest first; one failing never hides the error that caused
    the rollback, nor stops the others."""
    pending = actions[mark:]
    del actions[mark:]
    for action in reversed(pending):
        try:
            action()
        except Exception:
            log.exception("undoing after a rollback failed")


@contextmanager
def unit_of_work(*, keep_loaded: bool = False) -> Iterator[scoped_session]:
    """`keep_loaded`: the rows read stay loaded after the commit, for a page that renders what it just read
    (and wrote) without reading it all again."""
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    if not depth:
        session.info[_UNDO] = []
    undo: list[Callable[[], None]] = session.info.setdefault(_UNDO, [])
    mark = len(undo)
    expire_on_commit = session.expire_on_commit
    try:
        if depth:
            try:
                with session.begin_nested():
                    yield db.session
            except BaseException:
                _undo(undo, mark)
                raise
            return
        try:
            yield db.session
            session.expire_on_commit = expire_on_commit and not keep_loaded
            session.commit()
        except BaseException:
            session.rollback()
            _undo(undo, 0)
            raise
    finally:
        session.info[_DEPTH] = depth
        session.expire_on_commit = expire_on_commit
        if not depth:
            session.info.pop(_UNDO, None)
