"""Passwords: Argon2id at OWASP's settings, the rules a new password must meet, and how typed text is
compared.

Normalisation: passwords are NFC-normalised before hashing and before checking. Vietnamese letters can be
typed precomposed (`ệ`, one code point) or decomposed (`e` + circumflex + dot below), depending on the
keyboard (Telex on one phone, VNI on a laptop, macOS's input source); without NFC the same password typed
on two devices would not match. NFC (not NFKC) keeps compatibility characters distinct, as RFC 8265 leaves
to the application; nothing else is changed: no trimming, no case folding.
"""

from __future__ import annotations

import contextlib
import hmac
import unicodedata
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import gettext as _
from werkzeug.security import check_password_hash

from storefront.errors import DomainError

MIN_PASSWORD_LENGTH = 8
#: Long enough for a passphrase (over OWASP's 64), short enough that hashing it is never a denial of service.
MAX_PASSWORD_LENGTH = 200

#: OWASP Password Storage Cheat Sheet: Argon2id, m = 19 MiB, t = 2, p = 1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)

#: Compared against when no account matches, so an unknown email costs the same time as a wrong password.
_DUMMY_HASH = HASHER.hash("not a password anyone has: timing only")


def normalize_password(password: str) -> str:
    return unicodedata.normalize("NFC", password or "")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("storefront.auth").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def check_password_rules(password: str, *, email: str = "") -> None:
    """Refuse a new password that is too short, too long, one of the most common, or the email itself.

    Length counts characters after NFC, so `ệ` is one character however it was typed.
    """
    password = normalize_password(password)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
            code="password_too_short",
            field="password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise DomainError(
            _("Choose a password of at most %(n)s characters.", n=MAX_PASSWORD_LENGTH),
            code="password_too_long",
            field="password",
        )
    folded = password.lower()
    if folded in common_passwords() or (email and folded == email.lower()):
        raise DomainError(
            _("That password is one of the most common ones and easy to guess. Please choose another."),
            code="password_too_common",
            field="password",
        )


def hash_password(password: str) -> str:
    return HASHER.hash(normalize_password(password))


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches. Argon2 hashes are checked by argon2-cffi; the werkzeug hashes of
    accounts made before it (`scrypt:...`, `pbkdf2:...`) are still accepted, so nobody is locked out."""
    password = normalize_password(password)
    stored_hash = stored_hash or ""
    if stored_hash.startswith("$argon2"):
        try:
            return HASHER.verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    if stored_hash.startswith(("scrypt:", "pbkdf2:")):
        return check_password_hash(stored_hash, password)
    return False


def needs_rehash(stored_hash: str) -> bool:
    """A werkzeug hash, or an Argon2 one made with other settings: replace it once the password is known."""
    if not (stored_hash or "").startswith("$argon2"):
        return True
    try:
        return HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def spend_verification_time(password: str) -> None:
    """Do the work of a real check, for an email with no account (no timing difference to measure)."""
    with contextlib.suppress(VerifyMismatchError, VerificationError, InvalidHashError):
        HASHER.verify(_DUMMY_HASH, normalize_password(password))


def same_text(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
