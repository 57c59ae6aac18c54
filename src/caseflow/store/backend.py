"""What a database backend gives the store: transactions, cursors, an up-to-date schema.

This module owns the contract between the store and its backends.
``Cursor`` is the part of a DB-API cursor the store uses; every statement
is written with ``?`` placeholders (the ``postgres`` backend's cursor turns
them into psycopg's). ``Backend`` is the base of every store: its URL, the
lock that serialises a store object's use across threads, read and write
transactions (abstract: ``sqlite`` and ``postgres`` implement them, with
their error translation), and bringing a database to the schema this
caseflow writes, which both backends do the same way once they hold their
own lock. The tables are ``schema``'s; what is read and written through a
cursor is ``rows``, ``reads``, ``writes``, ``queries``, ``confidentiality``
and ``definitions``'; the ``Store`` facade in ``base`` puts them together.
"""

from __future__ import annotations

import abc
import contextlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, Protocol, Self

from caseflow.errors import StoreError
from caseflow.i18n import _
from caseflow.store.limits import shorten
from caseflow.store.schema import SCHEMA_TABLE, SCHEMA_VERSION, migrations_for, tables_at

__all__ = ["Backend", "Cursor"]


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses (sqlite3 and psycopg both have it)."""

    @property
    def rowcount(self) -> int: ...

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, params: Iterable[Sequence[Any]], /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Backend(abc.ABC):
    """A connection to one store's database, with its transactions; see ``base.Store``."""

    dialect: ClassVar[str]
    """The dialect of the tables ``schema`` creates: ``"sqlite"`` or ``"postgresql"``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.RLock()

    @abc.abstractmethod
    def _reading(self) -> contextlib.AbstractContextManager[Cursor]:
        """A cursor in a read transaction (one consistent snapshot)."""

    @abc.abstractmethod
    def _writing(self, doing: str) -> contextlib.AbstractContextManager[Cursor]:
        """A cursor in a write transaction: committed on success, rolled back on error.

        Backend errors become ``StoreError`` whose message starts with ``doing``.
        """

    def _bulk_writing(self, cur: Cursor) -> contextlib.AbstractContextManager[None]:
        """Connection settings for a bulk write inside ``cur``'s transaction (an import).

        None by default; a backend may enlarge its caches for the duration,
        never weakening what a commit guarantees, and restore them after.
        """
        return contextlib.nullcontext()

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"

    @contextlib.contextmanager
    def _read_with(self, cur: Cursor | None) -> Iterator[Cursor]:
        """``cur`` when the caller is inside a transaction already, else a new read."""
        if cur is not None:
            yield cur
        else:
            with self._reading() as c:
                yield c

    def _stored_version(self, row: Any) -> int:
        """The schema version in ``caseflow_schema``'s row (0: none yet), checked.

        Written only by ``_upgrade_schema``, so anything but a whole number
        from 1 up means the table was changed by hand or damaged.
        """
        if row is None:
            return 0
        value = row[0]
        if type(value) is not int or value < 1:
            raise StoreError(
                _(
                    "the store {url} is damaged: its schema version (table "
                    "caseflow_schema) is {value}, not a whole number from 1 up; "
                    "restore it from a backup"
                ).format(url=self.url, value=shorten(value))
            )
        self._refuse_newer(value)
        return value

    def _check_tables(self, version: int, tables: Iterable[str]) -> None:
        """Refuse a store at ``version`` whose ``tables`` lack some of the schema's."""
        missing = sorted(set(tables_at(version)) - set(tables))
        if version and missing:
            raise StoreError(
                _(
                    "the store {url} is damaged: tables {value} are missing; "
                    "restore it from a backup"
                ).format(url=self.url, value=", ".join(missing))
            )

    def _refuse_newer(self, version: int) -> None:
        """Refuse a store written by a newer schema than this caseflow reads."""
        if version > SCHEMA_VERSION:
            raise StoreError(
                _(
                    "the store {url} was written by a newer caseflow (schema "
                    "version {version}; this caseflow reads versions up to "
                    "{schema_version}); upgrade caseflow to use it. Nothing was "
                    "changed"
                ).format(url=self.url, version=version, schema_version=SCHEMA_VERSION)
            )

    def _upgrade_schema(self, cur: Cursor) -> None:
        """Bring the tables to ``SCHEMA_VERSION`` inside the caller's write transaction.

        The caller holds whatever lock keeps two processes from creating
        the tables at once (SQLite's write lock; a PostgreSQL advisory lock).
        """
        cur.execute(SCHEMA_TABLE)
        cur.execute("SELECT version FROM caseflow_schema")
        current = self._stored_version(cur.fetchone())
        for target, statements in migrations_for(self.dialect, current):
            for statement in statements:
                cur.execute(statement)
            cur.execute("DELETE FROM caseflow_schema")
            cur.execute("INSERT INTO caseflow_schema (version) VALUES (?)", (target,))
