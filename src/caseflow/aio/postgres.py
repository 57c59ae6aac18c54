"""PostgreSQL for asyncio: psycopg 3's ``AsyncConnection``s, in ``psycopg_pool``'s pool.

This module owns the asyncio connections to PostgreSQL: the pool (up to
``connections``, each with the sync backend's ``lock_timeout``) and its
transactions, the same as ``caseflow.store.postgres``' (READ COMMITTED
writes under optimistic concurrency, REPEATABLE READ read-only
snapshots), with the same error translation (the server's primary
message only, never a DETAIL that could quote a confidential value).
Which operations use them is ``direct``'s.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

from caseflow.aio import native
from caseflow.aio.direct import DirectStore
from caseflow.i18n import _
from caseflow.store.postgres import PostgresStore, placeholders
from caseflow.store.urls import postgres_target

__all__ = ["PostgresAsyncStore"]


class _Cursor:
    """A psycopg ``AsyncCursor`` that takes the store's ``?`` placeholders."""

    __slots__ = ("_cur",)

    def __init__(self, cur: psycopg.AsyncCursor[Any]) -> None:
        self._cur = cur

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    async def execute(self, sql: str, params: Sequence[Any] = (), /) -> Any:
        return await self._cur.execute(placeholders(sql), params)

    async def executemany(self, sql: str, params: Iterable[Sequence[Any]], /) -> Any:
        return await self._cur.executemany(placeholders(sql), params)

    async def fetchone(self) -> Any:
        return await self._cur.fetchone()

    async def fetchall(self) -> list[Any]:
        return await self._cur.fetchall()


class PostgresAsyncStore(DirectStore):
    """A PostgreSQL store on up to ``connections`` asyncio connections; see the module doc."""

    def __init__(self, url: str, *, connections: int) -> None:
        conninfo, shown, timeout = postgres_target(url)
        super().__init__(shown)
        self._source = url
        if "connect_timeout" not in conninfo:
            conninfo += ("&" if "?" in conninfo else "?") + "connect_timeout=10"
        self._conninfo = conninfo
        self._timeout = timeout
        self._connections = connections
        self._pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]] | None = None

    async def _open(self) -> None:
        """Open the sync store (checking or creating the schema), then the pool."""
        store = await self._open_sync(self._source)
        assert isinstance(store, PostgresStore)
        timeout = int(self._timeout * 1000)

        async def configure(conn: psycopg.AsyncConnection[Any]) -> None:
            await conn.execute(f"SET lock_timeout = {timeout}")

        pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]] = AsyncConnectionPool(
            self._conninfo,
            min_size=1,
            max_size=self._connections,
            kwargs={"autocommit": True},
            configure=configure,
            open=False,
        )
        try:
            await pool.open(wait=True, timeout=30)
        except psycopg.Error as err:
            await pool.close()
            raise store._error(
                err, _("connecting to the store {url}").format(url=self.url)
            ) from None
        self._pool = pool

    @contextlib.asynccontextmanager
    async def _transaction(self, doing: str, *, read: bool) -> AsyncIterator[native.AsyncCursor]:
        store = self._sync
        if self._pool is None or not isinstance(store, PostgresStore):
            raise self._closed_error()
        try:
            async with self._pool.connection() as conn:
                if conn.read_only is not (True if read else None):
                    # Said in the BEGIN psycopg sends (no round trip of its own), as the
                    # sync backend's SET TRANSACTION: one snapshot per read, read only.
                    await conn.set_read_only(True if read else None)
                    await conn.set_isolation_level(
                        psycopg.IsolationLevel.REPEATABLE_READ if read else None
                    )
                async with conn.transaction(), conn.cursor() as raw:
                    yield _Cursor(raw)
        except psycopg.Error as err:
            raise store._error(err, doing) from None

    async def _close_connections(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
