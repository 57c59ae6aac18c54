"""The sync store whole in worker threads, one connection per thread: ``:memory:``, and measured.

This module owns the simplest asyncio store: every operation runs the
sync store's own method, whole, in one of a few worker threads, each
holding its own ``Store`` (one connection per thread, opened on the
thread's first use, given every registered workflow). ``open_store``
uses it, with one thread, for ``sqlite:///:memory:`` (an in-memory
database lives in one connection, so the aiosqlite connections of
``sqlite`` could not share it). For SQLite files it was measured against
aiosqlite (``benchmarks/bench_aio.py``): one hop per operation instead of
one per statement gives more throughput, but the Python work of a save
or a load then runs in threads that hold the GIL, and the event loop's
lag grows from milliseconds to hundreds of milliseconds; see
``caseflow.aio``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from caseflow.aio.base import AsyncStore
from caseflow.store import Store, WorkflowLike, open_store

__all__ = ["ThreadedStore"]

T = TypeVar("T")


class ThreadedStore(AsyncStore):
    """An SQLite store served by ``connections`` worker threads, one connection each."""

    def __init__(self, url: str, *, connections: int) -> None:
        super().__init__(url)
        self._target = url
        memory = url.partition("?")[0].endswith("/:memory:")
        self._pool = ThreadPoolExecutor(
            max_workers=1 if memory else connections, thread_name_prefix="caseflow-sqlite"
        )
        self._local = threading.local()
        self._opened: list[Store] = []
        self._workflows: list[WorkflowLike] = []
        self._guard = threading.Lock()
        self._closed = False

    def _store(self) -> Store:
        """This worker thread's store, opened on first use and given every registered workflow."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self._target)
            with self._guard:
                self._opened.append(store)
            self._local.store = store
            self._local.known = set()
        known: set[int] = self._local.known
        if len(known) != len(self._workflows):
            with self._guard:
                new = [wf for wf in self._workflows if id(wf) not in known]
            for wf in new:
                store.register(wf)
                known.add(id(wf))
        return store

    async def _run(self, work: Callable[[Store], T]) -> T:
        if self._closed:
            raise self._closed_error()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: work(self._store()))

    async def register(self, workflow: WorkflowLike) -> None:
        """``Store.register`` on this thread's connection, then on every other as it is used."""

        def register(store: Store) -> None:
            store.register(workflow)
            with self._guard:
                if all(wf is not workflow for wf in self._workflows):
                    self._workflows.append(workflow)
            self._local.known.add(id(workflow))

        await self._run(register)

    async def close(self) -> None:
        """Close every thread's connection, then the threads."""
        if self._closed:
            return
        self._closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._shutdown)

    def _shutdown(self) -> None:
        self._pool.shutdown(wait=True)
        with self._guard:
            for store in self._opened:
                store.close()
            self._opened.clear()
