"""Accounts and API tokens, called directly."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storefront.auth.models import ApiToken, Role
from storefront.auth.services import create_api_token, create_user, user_for_token
from storefront.errors import DomainError
from tests.factories import make_producer

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def test_a_customer_is_created_with_a_lower_cased_email_and_a_hashed_password(db) -> None:
    user = create_user("  Lan.Nguyen@Example.COM ", "customer", password="mat-khau-dai", name="Nguyễn Lan")
    assert user.email == "lan.nguyen@example.com"
    assert user.role == Role.CUSTOMER
    assert user.password_hash != "mat-khau-dai"
    assert user.check_password("mat-khau-dai") and not user.check_password("wrong-password")


def test_a_producer_account_manages_the_named_producer(db) -> None:
    producer = make_producer(slug="htx-thu-nghiem")
    user = create_user("xa.vien@example.com", Role.PRODUCER, password="mat-khau-dai", producer_slug="htx-thu-nghiem")
    assert user.producer_id == producer.id


@pytest.mark.parametrize(
    ("email", "role", "extra", "code"),
    [
        ("not-an-email", "customer", {}, "invalid_email"),
        ("", "customer", {}, "invalid_email"),
        ("a@b", "customer", {}, "invalid_email"),
        ("<script>@example.com", "customer", {}, "invalid_email"),
        ("x" * 5000 + "@example.com", "customer", {}, "invalid_email"),
        ("ok@example.com", "admin", {}, "invalid_role"),
        ("ok@example.com", "'; DROP TABLE users; --", {}, "invalid_role"),
        ("ok@example.com", "producer", {}, "producer_required"),
        ("ok@example.com", "producer", {"producer_slug": "no-such-producer"}, "unknown_producer"),
        ("ok@example.com", "customer", {"producer_slug": "htx-thu-nghiem"}, "producer_not_allowed"),
        ("ok@example.com", "customer", {"password": "short"}, "password_too_short"),
        ("ok@example.com", "customer", {"password": "p" * 5000}, "password_too_long"),
        ("ok@example.com", "customer", {"name": "N" * 5000}, "name_too_long"),
    ],
)
def test_bad_accounts_are_refused_with_a_clear_code(db, email: str, role: str, extra: dict, code: str) -> None:
    make_producer(slug="htx-thu-nghiem")
    kwargs = {"password": "mat-khau-dai", **extra}
    with pytest.raises(DomainError) as caught:
        create_user(email, role, **kwargs)
    assert caught.value.code == code
    assert caught.value.message


def test_one_address_is_one_account_whatever_its_case(db) -> None:
    create_user("hoa@example.com", "customer", password="mat-khau-dai")
    with pytest.raises(DomainError) as caught:
        create_user("HOA@example.com", "officer", password="mat-khau-khac")
    assert caught.value.code == "email_taken"
    assert caught.value.status == 409


def test_an_officer_gets_a_token_shown_once_and_stored_as_its_hash(db) -> None:
    officer = create_user("can.bo@example.com", "officer", password="mat-khau-dai")
    token = create_api_token(officer, "monthly report", NOW)
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == officer.id))
    assert len(token) >= 40
    assert row.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.token_sha256, row.name)
    assert user_for_token(token, NOW) == officer
    assert row.last_used_at == NOW


def test_two_tokens_differ(db) -> None:
    officer = create_user("can.bo@example.com", "officer", password="mat-khau-dai")
    assert create_api_token(officer, "a", NOW) != create_api_token(officer, "b", NOW)


@pytest.mark.parametrize("role", ["customer", "producer"])
def test_only_officers_get_tokens(db, role: str) -> None:
    make_producer(slug="htx-thu-nghiem")
    slug = "htx-thu-nghiem" if role == "producer" else None
    user = create_user(f"{role}@example.com", role, password="mat-khau-dai", producer_slug=slug)
    with pytest.raises(DomainError) as caught:
        create_api_token(user, "report", NOW)
    assert caught.value.code == "not_officer"


@pytest.mark.parametrize(
    ("name", "code"), [("", "name_required"), ("   ", "name_required"), ("n" * 500, "name_too_long")]
)
def test_a_token_needs_a_sensible_name(db, name: str, code: str) -> None:
    officer = create_user("can.bo@example.com", "officer", password="mat-khau-dai")
    with pytest.raises(DomainError) as caught:
        create_api_token(officer, name, NOW)
    assert caught.value.code == code


def test_unknown_revoked_or_demoted_tokens_find_nobody(db) -> None:
    officer = create_user("can.bo@example.com", "officer", password="mat-khau-dai")
    token = create_api_token(officer, "report", NOW)
    assert user_for_token("", NOW) is None
    assert user_for_token("not-a-token", NOW) is None
    assert user_for_token("x" * 5000, NOW) is None
    officer.role = Role.CUSTOMER
    assert user_for_token(token, NOW) is None
    officer.role = Role.OFFICER
    db.session.scalar(select(ApiToken)).revoked_at = NOW
    assert user_for_token(token, NOW) is None
