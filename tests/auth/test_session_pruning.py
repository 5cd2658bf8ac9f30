"""Sessions that are over are deleted (issue 12): revoked ones, and ones opened longer ago than the
remember-me cookie lasts, which sign nobody in even before they are deleted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storefront.auth.models import User, UserSession
from storefront.auth.sessions import prune_sessions
from storefront.db import utcnow
from tests.auth.helpers import PASSWORD, copy_of, log_in, signed_in
from tests.factories import make_user

MONTH = timedelta(days=30)


@pytest.fixture()
def lan(db) -> User:
    user = make_user(email="lan@example.com", password=PASSWORD)
    db.session.commit()  # a refused request rolls back its own work, never the test's setup
    return user


def _rows(db, user: User) -> list[UserSession]:
    return list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)))


def _age(db, user: User, days: int) -> None:
    """Every session of `user` opened `days` ago."""
    for row in _rows(db, user):
        row.created_at = utcnow() - timedelta(days=days)
    db.session.commit()


def test_a_session_older_than_the_remember_cookie_signs_nobody_in(app, client, db, lan) -> None:
    log_in(client, lan.email, remember="y")
    assert signed_in(client)
    _age(db, lan, 29)
    assert signed_in(client)
    _age(db, lan, 31)
    assert not signed_in(client)  # a browser that never closed, or a cookie kept past its month
    assert not signed_in(copy_of(app, client, "remember_token"))


def test_pruning_deletes_the_ended_and_the_expired_and_keeps_the_rest(app, client, db, lan) -> None:
    other = make_user(email="an@example.com", password=PASSWORD)
    db.session.commit()
    log_in(client, lan.email)
    client.post("/logout")  # revoked
    log_in(client, lan.email)  # still signed in
    old_browser = copy_of(app, client)
    log_in(old_browser, other.email)
    _age(db, other, 45)  # expired
    assert len(_rows(db, lan)) == 2 and len(_rows(db, other)) == 1

    assert prune_sessions(utcnow(), lifetime=MONTH) == 2
    db.session.commit()
    [kept] = _rows(db, lan)
    assert kept.revoked_at is None and _rows(db, other) == []
    assert signed_in(client)  # nobody still signed in is signed out
    assert prune_sessions(utcnow(), lifetime=MONTH) == 0


def test_the_command_prunes_and_says_how_many(client, db, lan, runner) -> None:
    log_in(client, lan.email)
    client.post("/logout")
    log_in(client, lan.email)
    result = runner.invoke(args=["users", "prune-sessions"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 ended or expired session(s)." in result.output
    db.session.expire_all()
    assert len(_rows(db, lan)) == 1 and signed_in(client)
