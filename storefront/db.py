"""The declarative base, its naming convention and the column types every domain shares."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Enum, MetaData, TypeDecorator
from sqlalchemy.engine import CursorResult, Dialect, Result
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, mapped_column, registry
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python on every database.

    SQLite keeps no zone, so naive values coming back are UTC by construction; PostgreSQL
    stores `timestamptz`. Naive values going in are refused: they are always a bug.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


def str_enum(cls: type[StrEnum], length: int) -> Enum:
    """A StrEnum stored as its values in a VARCHAR: adding a member needs no ALTER TYPE on PostgreSQL."""
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class WithoutAffinity(ColumnElement[Any]):
    """A column read without its type affinity on SQLite (`+column`), as itself elsewhere.

    SQLite gives a DATE or DATETIME column NUMERIC affinity, so comparing one with a bound day
    ('2026-12-03') tries to read the day as a number, for every row compared: that conversion was 5% of a
    cold listing's instructions (bench/instructions.py). The dates are stored as ISO text, so without the
    affinity the comparison is the same text comparison, with nothing converted. It also keeps SQLite from
    seeking an index on the column, which no statement of ours does: the dates are the last columns of
    the indexes that hold them.
    """

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type


@compiles(WithoutAffinity, "sqlite")
def _sqlite_without_affinity(element: WithoutAffinity, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.column, **kw))


@compiles(WithoutAffinity)
def _without_affinity(element: WithoutAffinity, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


def money_column(name: str, **kwargs: Any) -> Any:
    """A whole-VND amount: BigInteger, never negative."""
    return mapped_column(BigInteger, CheckConstraint(f"{name} >= 0", name=f"{name}_non_negative"), **kwargs)


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """SQLAlchemy engine options with the timeouts from the settings (any set explicitly win).

    PostgreSQL: `connect_timeout` bounds reaching a server that is down or accepts and never answers;
    `statement_timeout` (0: none) bounds a statement stuck behind a lock or a hung disk; `pool_timeout`
    bounds waiting for a pooled connection. A database server's pooled connections are pinged first
    (`pool_pre_ping`), so one it dropped (a restart) is replaced before a page uses it. SQLite's one
    wait, for a lock, is its busy timeout, and a file is never dropped: a ping there was a statement
    more on every request.
    """
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect = int(config.get("DATABASE_CONNECT_TIMEOUT_SECONDS", 3))
    statement_ms = int(config.get("DATABASE_STATEMENT_TIMEOUT_SECONDS", 15)) * 1000
    url = str(config.get("SQLALCHEMY_DATABASE_URI", ""))
    if url.startswith("postgresql"):
        # plan_cache_mode: a statement the driver prepares (psycopg does, from its fifth run) is planned
        # once for any values. With the default, PostgreSQL went on planning each run of the product
        # page's statements for their values, and planning them (many indexes on products, many
        # branches) took 3-4 ms where running took 1. Text queries are written into their statements'
        # text instead (catalog.search), so each is planned for its words. jit: PostgreSQL compiles a
        # statement whose estimated cost passes `jit_above_cost` to machine code first, 20-24 ms each
        # time, for statements that then run in a few: a search at a million products was planned so.
        options_sql = f"-c statement_timeout={statement_ms} -c plan_cache_mode=force_generic_plan -c jit=off"
        connect_args = {"connect_timeout": connect, "options": options_sql}
        options["connect_args"] = {**connect_args, **options.get("connect_args", {})}
        options.setdefault("pool_timeout", connect)
    if not url.startswith("sqlite"):
        options.setdefault("pool_pre_ping", True)
    return options


def configure_sqlite(engine: Any, busy_timeout_ms: int = 15_000) -> None:
    """Make the embedded database behave: real transactions, foreign keys, WAL, waiting on locks.

    pysqlite opens transactions lazily and never for SAVEPOINT; taking BEGIN ourselves gives
    SQLAlchemy's transactions (and the tests' rollback-per-test) their documented meaning.
    """
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # On the driver's connection: through SQLAlchemy's execution (a cursor, events, a result) the one
        # word cost more than many a page's queries. Its failure is still SQLAlchemy's error, which pages
        # answer as the database being unavailable (storefront/errors.py), not the driver's own.
        try:
            connection.connection.dbapi_connection.execute("BEGIN")
        except sqlite3.Error as error:
            raise OperationalError("BEGIN", None, error) from error


def keep_prepared_statements(engine: Any) -> None:
    """End a healthy transaction with the ROLLBACK command, below psycopg, which would also forget every
    statement the connection prepared (psycopg prepares a statement from its fifth run).

    Every request ends its transaction with a rollback (a page that wrote committed before), so with
    psycopg's own the connection never kept a prepared statement past a request, and PostgreSQL planned
    each of a product page's statements again at every page: 3-4 ms a statement, against 1 to run it
    (a cold product page's SQL 10.4 -> 3.0 ms in one process). psycopg forgets them in case a rolled-back
    transaction dropped or changed what they read; the shop changes its schema only by migrations, which
    run in their own process, and PostgreSQL plans a prepared statement again when a table it reads
    changes. A transaction that failed still goes through psycopg's rollback.
    """
    from psycopg import OperationalError as DriverError
    from psycopg.pq import ExecStatus, TransactionStatus

    default = engine.dialect.do_rollback

    def do_rollback(dbapi_connection: Any) -> None:
        # The pool hands its own wrapper of the connection at times; its `info` is the pool's dict.
        driver = getattr(dbapi_connection, "dbapi_connection", None) or dbapi_connection
        if driver.info.transaction_status != TransactionStatus.INTRANS:
            default(dbapi_connection)
            return
        result = driver.pgconn.exec_(b"ROLLBACK")
        if result.status != ExecStatus.COMMAND_OK:
            raise DriverError(f"ROLLBACK failed: {result.error_message.decode(errors='replace')}")

    engine.dialect.do_rollback = do_rollback


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched (`Session.execute` is typed as a plain `Result`)."""
    return cast(CursorResult[Any], result).rowcount
