"""`flask users create` and `flask tokens create`, as an operator types them."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from storefront.auth.models import ApiToken, Role, User
from tests.factories import make_producer


def _user(db, email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def test_users_create_makes_an_account(runner, db) -> None:
    result = runner.invoke(
        args=["users", "create", "Mai@Example.com", "--role", "customer", "--password", "mat-khau-dai"]
    )
    assert result.exit_code == 0, result.output
    assert "Created customer account mai@example.com" in result.output
    user = _user(db, "mai@example.com")
    assert user is not None and user.check_password("mat-khau-dai")


def test_users_create_asks_for_the_password_twice_when_not_given(runner, db) -> None:
    result = runner.invoke(
        args=["users", "create", "officer2@example.com", "--role", "officer"], input="mat-khau-dai\nmat-khau-dai\n"
    )
    assert result.exit_code == 0, result.output
    assert "mat-khau-dai" not in result.output  # hidden input
    assert _user(db, "officer2@example.com").role == Role.OFFICER


def test_users_create_for_a_producer(runner, db) -> None:
    producer = make_producer(slug="htx-hai-san-thu")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "xv@example.com",
            "--role",
            "producer",
            "--producer",
            "htx-hai-san-thu",
            "--password",
            "mat-khau-dai",
        ]
    )
    assert result.exit_code == 0, result.output
    assert _user(db, "xv@example.com").producer_id == producer.id


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bad-email", "--role", "customer"], "Enter a valid email address."),
        (["a@example.com", "--role", "admin"], "Unknown role admin: choose one of customer, producer, officer."),
        (["a@example.com", "--role", "producer"], "A producer account needs the producer it manages"),
        (["a@example.com", "--role", "producer", "--producer", "nope"], "There is no producer with the slug nope."),
        (["a@example.com", "--role", "customer", "--password", "short"], "at least 8 characters"),
    ],
)
def test_users_create_refuses_bad_input_without_a_traceback(runner, db, args: list[str], message: str) -> None:
    if "--password" not in args:
        args = [*args, "--password", "mat-khau-dai"]
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _user(db, "a@example.com") is None


def test_users_create_refuses_a_duplicate(runner, db) -> None:
    args = ["users", "create", "dup@example.com", "--role", "customer", "--password", "mat-khau-dai"]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(
        args=["users", "create", "DUP@example.com", "--role", "officer", "--password", "mat-khau-dai"]
    )
    assert result.exit_code != 0
    assert "An account with that email already exists." in result.output
    assert _user(db, "dup@example.com").role == Role.CUSTOMER


def test_users_create_needs_a_role(runner, db) -> None:
    result = runner.invoke(args=["users", "create", "x@example.com", "--password", "mat-khau-dai"])
    assert result.exit_code != 0
    assert "--role" in result.output


def test_tokens_create_prints_a_token_that_works(runner, db) -> None:
    runner.invoke(args=["users", "create", "boss@example.com", "--role", "officer", "--password", "mat-khau-dai"])
    result = runner.invoke(args=["tokens", "create", "Boss@example.com", "--name", "monthly report"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    row = db.session.scalar(select(ApiToken))
    assert row.name == "monthly report"
    assert row.token_sha256 == hashlib.sha256(token.encode()).hexdigest()


@pytest.mark.parametrize(
    ("email", "name", "message"),
    [
        ("shop@example.com", "report", "API tokens are only for programme officers."),
        ("nobody@example.com", "report", "There is no account with the email nobody@example.com."),
        ("not an email", "report", "There is no account with the email not an email."),
        ("boss@example.com", "   ", "Give the token a name"),
    ],
)
def test_tokens_create_refuses_clearly(runner, db, email: str, name: str, message: str) -> None:
    runner.invoke(args=["users", "create", "shop@example.com", "--role", "customer", "--password", "mat-khau-dai"])
    runner.invoke(args=["users", "create", "boss@example.com", "--role", "officer", "--password", "mat-khau-dai"])
    result = runner.invoke(args=["tokens", "create", email, "--name", name])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(ApiToken)) is None
