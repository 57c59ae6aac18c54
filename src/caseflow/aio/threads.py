"""SQLite for asyncio: a pool of worker threads, each with its own connection.

This module owns the asyncio store on SQLite. sqlite3 has no asyncio API,
so every operation runs the sync store's own method, whole, in one of a
few worker threads, each holding its own ``SQLiteStore`` (one connection
per thread, opened on the thread's first use). Whole operations, not
statements, cross to the thread: one hop per save or load, where
aiosqlite makes one per statement (measured: ``benchmarks/bench_aio.py``).
Writers in several threads queue on SQLite's file lock (``BEGIN
IMMEDIATE``, ``busy_timeout``) exactly as several processes do; a stale
save is a ``ConcurrencyError`` as with the sync store. ``:memory:`` is one
database per connection, so it gets one thread.
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
