"""The PostgreSQL backend, through psycopg 3, for offices where many officials write at once.

This module owns the PostgreSQL connection: connecting (with
``lock_timeout`` from the URL's ``busy_timeout``), transactions (READ
COMMITTED writes, whose head-row update waits for a concurrent writer and
then finds the event count changed; REPEATABLE READ reads, one snapshot per
load), creating the schema under an advisory lock so that two processes
opening a new database do not race, and turning PostgreSQL errors into
``StoreError``. Error messages use only the server's primary message:
its DETAIL can quote a failing row, which may hold a confidential value.
The tables live in the connection's ``search_path`` (the URL may set it
with ``options=-csearch_path=...``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg import errors as pgerrors

from caseflow.errors import ConcurrencyError, StoreError
from caseflow.i18n import _
from caseflow.store.backend import Cursor
from caseflow.store.base import Store
from caseflow.store.schema import SCHEMA_VERSION, TABLES

__all__ = ["PostgresStore", "placeholders"]

_LOCK_KEY = 0x63617365666C6F77  # "caseflow": the advisory lock held while creating tables
_PARAM = re.compile(r"\?")


class _Cursor:
    """A psycopg cursor that takes the store's ``?`` placeholders."""

    def __init__(self, cur: psycopg.Cursor[Any]) -> None:
        self._cur = cur

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> Any:
        return self._cur.execute(placeholders(sql), params)

    def executemany(self, sql: str, params: Iterable[Sequence[Any]], /) -> Any:
        return self._cur.executemany(placeholders(sql), params)

    def copy_rows(self, table: str, columns: str, rows: Iterable[Sequence[Any]], /) -> None:
        """Insert ``rows`` into ``table`` (``columns``: their names, comma-separated) by COPY.

        ``COPY ... FROM STDIN`` through psycopg 3's ``cursor.copy``: the rows
        stream to the server in one statement, where ``executemany`` makes a
        round trip per row. Constraints and keys are checked as by INSERT.
        """
        with self._cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall()


class PostgresStore(Store):
    """A store in a PostgreSQL database."""

    dialect = "postgresql"

    def __init__(self, conninfo: str, *, shown: str, busy_timeout: float = 5.0) -> None:
        super().__init__(shown)
        self.busy_timeout = busy_timeout
        try:
            if "connect_timeout" not in conninfo:
                conninfo += ("&" if "?" in conninfo else "?") + "connect_timeout=10"
            self._conn = psycopg.connect(conninfo, autocommit=True)
        except psycopg.Error as err:
            raise StoreError(
                _("cannot connect to the PostgreSQL store {shown}: {value}").format(
                    shown=shown, value=_primary(err)
                )
            ) from None
        try:
            self._conn.execute(f"SET lock_timeout = {int(busy_timeout * 1000)}")
            self._ensure_schema()
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    # -- schema ---------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        with self._reading() as cur:
            cur.execute("SELECT to_regclass('caseflow_schema') IS NOT NULL")
            exists = bool(cur.fetchone()[0])
            version = 0
            if exists:
                cur.execute("SELECT version FROM caseflow_schema")
                version = self._stored_version(cur.fetchone())
                # The tables the connection's search_path finds, as SQLite's sqlite_master.
                cur.execute(
                    "SELECT name FROM unnest(?::text[]) AS name "
                    "WHERE to_regclass(name) IS NOT NULL",
                    (list(TABLES),),
                )
                self._check_tables(version, (str(r[0]) for r in cur.fetchall()))
        if version == SCHEMA_VERSION:
            return
        with self._writing(_("creating the tables of the store {url}").format(url=self.url)) as cur:
            cur.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))
            self._upgrade_schema(cur)

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Cursor]:
        with self._lock:
            try:
                with self._conn.transaction(), self._conn.cursor() as raw:
                    raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    yield _Cursor(raw)
            except psycopg.Error as err:
                raise self._error(err, _("reading the store {url}").format(url=self.url)) from None

    @contextlib.contextmanager
    def _writing(self, doing: str) -> Iterator[Cursor]:
        with self._lock:
            try:
                with self._conn.transaction(), self._conn.cursor() as raw:
                    yield _Cursor(raw)
            except psycopg.Error as err:
                raise self._error(err, doing) from None

    def _error(self, err: psycopg.Error, doing: str) -> StoreError:
        text = _primary(err)
        if isinstance(err, pgerrors.UniqueViolation):
            return ConcurrencyError(
                _(
                    "{doing}: another writer already recorded these events; nothing was "
                    "written; load the case again and redo the step"
                ).format(doing=doing),
                case_id="",
            )
        if isinstance(err, (pgerrors.LockNotAvailable, pgerrors.DeadlockDetected)):
            return StoreError(
                _(
                    "{doing}: the store {url} is locked by another connection, "
                    "and it stayed locked longer than busy_timeout "
                    "({busy_timeout:g} s); nothing was written; retry, or wait "
                    "longer with ?busy_timeout=SECONDS in the store URL"
                ).format(doing=doing, url=self.url, busy_timeout=self.busy_timeout)
            )
        if isinstance(err, pgerrors.ReadOnlySqlTransaction):
            return StoreError(
                _("{doing}: the store {url} is read-only; nothing was written").format(
                    doing=doing, url=self.url
                )
            )
        if isinstance(err, pgerrors.DiskFull):
            return StoreError(
                _("{doing}: the disk holding the store {url} is full; nothing was written").format(
                    doing=doing, url=self.url
                )
            )
        if isinstance(err, psycopg.OperationalError):
            return StoreError(
                _("{doing}: the connection to {url} failed ({text}); nothing was written").format(
                    doing=doing, url=self.url, text=text
                )
            )
        return StoreError(_("{doing}: PostgreSQL refused: {text}").format(doing=doing, text=text))


def placeholders(sql: str) -> str:
    """A statement of the store (``?`` placeholders) in psycopg's (``%s``)."""
    return _PARAM.sub("%s", sql)


def _primary(err: psycopg.Error) -> str:
    """The server's one-line message, never its DETAIL (which can quote row values)."""
    diag = getattr(err, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    if primary:
        return str(primary)
    return str(err).splitlines()[0] if str(err) else type(err).__name__
