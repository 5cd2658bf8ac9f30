"""Password hashing and rules: Argon2id at OWASP's settings, NFC, length, the common ones refused."""

from __future__ import annotations

import unicodedata

import pytest
from werkzeug.security import generate_password_hash

from storefront.auth.passwords import (
    check_password_rules,
    common_passwords,
    hash_password,
    needs_rehash,
    verify_password,
)
from storefront.errors import DomainError

COMPOSED = unicodedata.normalize("NFC", "mật khẩu của tôi")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_hashes_are_argon2id_with_owasp_parameters() -> None:
    stored = hash_password("mật khẩu của tôi")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password(stored, "mật khẩu của tôi")
    assert not verify_password(stored, "mật khẩu của tôi ")


def test_the_same_vietnamese_password_matches_however_the_keyboard_composed_it() -> None:
    assert COMPOSED != DECOMPOSED and len(DECOMPOSED) > len(COMPOSED)
    assert verify_password(hash_password(DECOMPOSED), COMPOSED)
    assert verify_password(hash_password(COMPOSED), DECOMPOSED)


def test_length_is_counted_in_characters_after_nfc() -> None:
    seven = unicodedata.normalize("NFD", "ệệệệệệệ")  # 21 code points typed, 7 letters
    with pytest.raises(DomainError) as refused:
        check_password_rules(seven)
    assert refused.value.code == "password_too_short"
    check_password_rules("ệệệệệệệă")  # eight letters


@pytest.mark.parametrize("length", [8, 64, 200])
def test_lengths_from_8_to_200_are_accepted(length: int) -> None:
    check_password_rules(("Hạ Long bay " * 20)[:length])


def test_longer_than_200_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        check_password_rules("a" * 201)
    assert refused.value.code == "password_too_long"


@pytest.mark.parametrize("password", ["password", "PASSWORD1", "12345678", "iloveyou", "matkhau123", "qwertyuiop"])
def test_common_passwords_are_refused_whatever_their_case(password: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_password_rules(password)
    assert refused.value.code == "password_too_common"
    assert refused.value.field == "password"


def test_the_shipped_list_is_large_and_holds_only_what_the_length_rule_lets_through() -> None:
    words = common_passwords()
    assert len(words) > 10_000
    assert all(len(w) >= 8 and w == w.lower() for w in words)


def test_the_email_itself_is_not_a_password() -> None:
    with pytest.raises(DomainError):
        check_password_rules("Lan@Example.com", email="lan@example.com")


def test_old_werkzeug_hashes_still_verify_and_want_replacing() -> None:
    old = generate_password_hash("mat-khau-cu-van-dung")
    assert verify_password(old, "mat-khau-cu-van-dung")
    assert not verify_password(old, "something else")
    assert needs_rehash(old)
    assert not needs_rehash(hash_password("mat-khau-moi-day"))


def test_garbage_in_the_hash_column_never_verifies() -> None:
    assert not verify_password("", "x")
    assert not verify_password("plain-text-password", "plain-text-password")
    assert not verify_password("$argon2id$broken", "x")
