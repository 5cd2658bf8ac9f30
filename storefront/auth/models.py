"""People who log in (shoppers, producers and programme officers), their sessions and invitations, and
officers' API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.db import Base, str_enum, utcnow
from storefront.producers.models import Producer


class Role(StrEnum):
    CUSTOMER = "customer"
    PRODUCER = "producer"
    OFFICER = "officer"


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so one address is one account.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: Argon2id (`$argon2id$...`); older werkzeug hashes are still verified and replaced at the next login.
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(str_enum(Role, 16))
    #: Set for producers: the producer whose listings and orders they manage.
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id"), index=True)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the owner proved they read this address; only then do guest orders to it join the account.
    email_confirmed_at: Mapped[datetime | None] = mapped_column()
    password_changed_at: Mapped[datetime | None] = mapped_column()
    disabled_at: Mapped[datetime | None] = mapped_column()
    #: The cart kept with the account (product id, quantity pairs), merged with the guest's at login.
    saved_cart: Mapped[list[Any] | None] = mapped_column(JSON)
    #: The delivery address checkout starts from: {full_name, phone, address, province, ward}.
    delivery_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    producer: Mapped[Producer | None] = relationship()

    # Not a column: the session this request came in with (set by the user loader), so logout ends that one.
    if TYPE_CHECKING:
        current_session: UserSession | None
    else:
        current_session = None

    @property
    def is_active(self) -> bool:  # Flask-Login's name
        return self.is_active_account

    def get_id(self) -> str:
        """Flask-Login keeps this in the session and the remember cookie: a session's secret, not the user id.

        A session row is opened here when none is attached yet (the login view opens one first; tests
        that call `login_user` directly get one this way), so every signed-in cookie names a row that
        logout, a password change or a disabled account can revoke.
        """
        if self.current_session is None or self.current_session.revoked_at is not None:
            from storefront.auth.sessions import open_session

            open_session(self, utcnow())
        assert self.current_session is not None
        return self.current_session.secret

    def set_password(self, password: str) -> None:
        from storefront.auth.passwords import hash_password

        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        from storefront.auth.passwords import verify_password

        return verify_password(self.password_hash, password)


class UserSession(Base):
    """A signed-in browser. The cookie carries `secret`; only its SHA-256 is kept, so a database leak
    signs nobody in. Revoked at logout; every row of a user at a password change or when disabled."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()

    # Not a column: the raw secret, known only in the request that opened the session or read the cookie.
    secret = ""


class Invitation(Base):
    """An officer's invitation to join as a producer's member (or an officer): a single-use, expiring link
    where the invitee sets their own password. Only the token's SHA-256 is kept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, 16))
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    accepted_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    #: The account made when it was accepted.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: How many times it was sent (a resend makes a new token and counts here).
    sends: Mapped[int] = mapped_column(Integer, default=1)

    producer: Mapped[Producer | None] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class ApiToken(Base):
    """A bearer token for the programme office's API. Only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()
