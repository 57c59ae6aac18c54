"""PostgreSQL for asyncio: psycopg 3's asyncio connections, in a pool.

This module owns the asyncio store on PostgreSQL. The frequent operations
(save, load, exists, cases, count, overdue, due_before, versions) run the
sync store's statements (``caseflow.aio.native``) on psycopg's
``AsyncConnection``s from a ``psycopg_pool.AsyncConnectionPool``, with the
sync backend's transactions: READ COMMITTED writes under optimistic
concurrency, REPEATABLE READ read-only snapshots, the same
``lock_timeout`` and the same error translation (the server's primary
message only, never a DETAIL that could quote a confidential value).

The Python work around the SQL (checking new events, computing the
deadline index, replaying a loaded history) and the rare operations
(register, migrate, audit, loads with a reveal, export and import) run on
one sync ``PostgresStore`` in one worker thread, which also keeps the
workflow definitions; so the loop only ever waits on the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import psycopg
from psycopg_pool import AsyncConnectionPool

from caseflow.aio import native
from caseflow.aio.base import AsyncStore
from caseflow.case import Case
from caseflow.store import Store, WorkflowLike, reads, writes
from caseflow.store.base import _check_filters, _check_reveal, _id
from caseflow.store.limits import check_id
from caseflow.store.postgres import PostgresStore, placeholders
from caseflow.store.queries import CaseSummary, DueDeadline
from caseflow.store.redaction import Reveal
from caseflow.store.urls import postgres_target
from caseflow.times import read_time, to_datetime

__all__ = ["PostgresAsyncStore"]

T = TypeVar("T")


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


class PostgresAsyncStore(AsyncStore):
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
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseflow-pg")
        self._sync: PostgresStore | None = None
        self._pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]] | None = None

    async def _open(self) -> None:
        """Open the sync store (checking or creating the schema), then the asyncio pool."""
        from caseflow.store import open_store

        loop = asyncio.get_running_loop()
        store = await loop.run_in_executor(self._thread, open_store, self._source)
        assert isinstance(store, PostgresStore)
        self._sync = store
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
            raise store._error(err, f"connecting to the store {self.url}") from None
        self._pool = pool

    async def _run(self, work: Callable[[Store], T]) -> T:
        loop = asyncio.get_running_loop()
        store = self._sync
        if store is None:
            raise self._closed_error()
        return await loop.run_in_executor(self._thread, work, store)

    async def _locked(self, work: Callable[[PostgresStore], T]) -> T:
        """``work`` on the sync store under its lock (its definitions are not thread-safe)."""

        def run(store: Store) -> T:
            assert isinstance(store, PostgresStore)
            with store._lock:
                return work(store)

        return await self._run(run)

    @contextlib.asynccontextmanager
    async def _transaction(self, doing: str, *, read: bool) -> AsyncIterator[native.AsyncCursor]:
        """A cursor in a transaction on a pooled connection, errors as the sync backend's."""
        if self._pool is None or self._sync is None:
            raise self._closed_error()
        try:
            async with (
                self._pool.connection() as conn,
                conn.transaction(),
                conn.cursor() as raw,
            ):
                if read:
                    await raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield _Cursor(raw)
        except psycopg.Error as err:
            raise self._sync._error(err, doing) from None

    def _reading(self) -> contextlib.AbstractAsyncContextManager[native.AsyncCursor]:
        return self._transaction(f"reading the store {self.url}", read=True)

    async def close(self) -> None:
        """Close the pool, then the sync store and its thread."""
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
        if self._sync is not None:
            await self._run(lambda s: s.close())
            self._sync = None
        self._thread.shutdown(wait=False)

    # -- the frequent operations, on asyncio connections ------------------------------------

    async def save_many(self, cases: Iterable[Case], workflow: WorkflowLike | None = None) -> None:
        batch = list(cases)
        plan = await self._locked(
            lambda s: writes.planned(s._definitions, batch, workflow),
        )
        if plan is None:
            return
        done, doing = plan
        async with self._transaction(doing, read=False) as cur:
            for w in done:
                await native.apply(cur, w, self.url)
        writes.saved(done)

    async def load(
        self,
        case_id: str,
        workflow: WorkflowLike | None = None,
        *,
        reveal: Reveal | None = None,
    ) -> Case:
        if reveal is not None:
            # Revealing writes the audit record first: the sync store's path, whole.
            return await super().load(case_id, workflow, reveal=reveal)
        check_id(case_id)
        _check_reveal(reveal)
        cid = _id(case_id)
        async with self._reading() as cur:
            head, rows = await native.read_case(cur, cid, self.url)
        return await self._locked(
            lambda s: reads.from_rows(s._definitions, cid, head, rows, workflow)
        )

    async def exists(self, case_id: str) -> bool:
        check_id(case_id)
        async with self._reading() as cur:
            return await native.case_exists(cur, _id(case_id))

    async def versions(self, case_id: str) -> list[str]:
        check_id(case_id)
        async with self._reading() as cur:
            return await native.versions(cur, _id(case_id), self.url)

    async def cases(
        self,
        *,
        workflow: str | None = None,
        state: str | None = None,
        limit: int | None = None,
        after: str | None = None,
    ) -> list[CaseSummary]:
        _check_filters(workflow=workflow, state=state, after=after)
        async with self._reading() as cur:
            return await native.case_heads(
                cur, workflow=workflow, state=state, limit=limit, after=_id(after)
            )

    async def count(self, *, workflow: str | None = None, state: str | None = None) -> int:
        _check_filters(workflow=workflow, state=state)
        async with self._reading() as cur:
            return await native.case_count(cur, workflow=workflow, state=state)

    async def due_before(
        self, when: Any, *, workflow: str | None = None, limit: int | None = None
    ) -> list[DueDeadline]:
        written = read_time(when, what="when")
        _check_filters(workflow=workflow)
        if isinstance(written, dt.datetime) and written.tzinfo is not None:
            async with self._reading() as cur:
                return await native.due_before(cur, written, workflow=workflow, limit=limit)
        # A wall-clock time: read in each workflow's zone, as ``Store.due_before`` does.
        zones = await self._locked(lambda s: s._zones(workflow))
        found: list[DueDeadline] = []
        async with self._reading() as cur:
            for name, tz in zones.items():
                moment = to_datetime(written, tz, what="when")
                found += await native.due_before(cur, moment, workflow=name, limit=limit)
        found.sort(key=lambda d: (d.overdue_from, d.case_id, d.name))
        return found if limit is None else found[:limit]
