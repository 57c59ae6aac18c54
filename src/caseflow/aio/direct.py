"""The frequent operations on asyncio connections; the rare ones on a sync store in a thread.

This module owns the part of the asyncio store that the two database
backends share (``sqlite`` on aiosqlite, ``postgres`` on psycopg's
``AsyncConnection``): save, load, exists, versions, cases, count,
overdue and due_before run the sync store's statements and row code
(``native``) on the backend's asyncio cursor, in the backend's
transactions. Everything else (register, migrate, audit, a load with a
reveal, export and import) runs on one sync ``Store`` of the same
database in one worker thread, which also keeps the workflow definitions.

Where the Python work runs: the checks of a save, the deadline index and
the replay of a load run on the event loop, with the sync store's
definitions, when its lock is free (it is taken only by the worker thread,
during a rare operation); otherwise they wait for the thread. They are
short, and measured (``benchmarks/bench_aio.py``): doing them in worker
threads instead makes the loop wait for the GIL, and its lag grows from
milliseconds to hundreds of milliseconds. A workflow version the store
has not seen yet has its definition stored (or read) on first use, a
short write on the loop: register the app's workflows when opening
(``open_store(url, workflows=...)``) to do it before serving.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from caseflow.aio import native
from caseflow.aio.base import AsyncStore
from caseflow.case import Case
from caseflow.i18n import _
from caseflow.store import Store, WorkflowLike, open_store, reads, writes
from caseflow.store.base import _check_filters, _check_reveal, _id
from caseflow.store.limits import check_id
from caseflow.store.queries import CaseSummary, DueDeadline
from caseflow.store.redaction import Reveal
from caseflow.times import read_time, to_datetime

__all__ = ["DirectStore"]

T = TypeVar("T")


class DirectStore(AsyncStore):
    """An asyncio store whose frequent operations use asyncio connections; see the module doc."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseflow-store")
        self._sync: Store | None = None

    async def _open_sync(self, url: str) -> Store:
        """Open the sync store (checking or creating the schema) in the worker thread."""
        loop = asyncio.get_running_loop()
        self._sync = await loop.run_in_executor(self._thread, open_store, url)
        return self._sync

    @abc.abstractmethod
    def _transaction(
        self, doing: str, *, read: bool
    ) -> contextlib.AbstractAsyncContextManager[native.AsyncCursor]:
        """A cursor in a read (one snapshot) or write transaction; errors as the sync store's."""

    @abc.abstractmethod
    async def _close_connections(self) -> None:
        """Close the backend's asyncio connections."""

    async def close(self) -> None:
        """Close the asyncio connections, then the sync store and its thread."""
        await self._close_connections()
        if self._sync is not None:
            await self._run(lambda s: s.close())
            self._sync = None
        self._thread.shutdown(wait=False)

    async def _run(self, work: Callable[[Store], T]) -> T:
        store = self._sync
        if store is None:
            raise self._closed_error()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, work, store)

    async def _here(self, work: Callable[[Store], T]) -> T:
        """``work`` on the sync store's definitions: on the loop when its lock is free."""
        store = self._sync
        if store is None:
            raise self._closed_error()
        if store._lock.acquire(blocking=False):
            try:
                return work(store)
            finally:
                store._lock.release()

        def locked(s: Store) -> T:
            with s._lock:
                return work(s)

        return await self._run(locked)

    def _reading(self) -> contextlib.AbstractAsyncContextManager[native.AsyncCursor]:
        return self._transaction(_("reading the store {url}").format(url=self.url), read=True)

    # -- the frequent operations ----------------------------------------------------------

    async def save_many(self, cases: Iterable[Case], workflow: WorkflowLike | None = None) -> None:
        batch = list(cases)
        plan = await self._here(lambda s: writes.planned(s._definitions, batch, workflow))
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
        return await self._here(
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
        zones = await self._run(lambda s: s._zones(workflow))
        found: list[DueDeadline] = []
        async with self._reading() as cur:
            for name, tz in zones.items():
                moment = to_datetime(written, tz, what="when")
                found += await native.due_before(cur, moment, workflow=name, limit=limit)
        found.sort(key=lambda d: (d.overdue_from, d.case_id, d.name))
        return found if limit is None else found[:limit]
