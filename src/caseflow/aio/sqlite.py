"""SQLite for asyncio: aiosqlite connections, each served by its own thread.

This module owns the asyncio connections to an SQLite file: ``connections``
aiosqlite connections opened as the sync store opens its own (the same
file, read-only ``mode=ro`` or ``immutable`` where the sync store chose
it, ``busy_timeout``, foreign keys, the same ``synchronous``), handed out
one transaction at a time, and the sync backend's transactions and error
messages (``BEGIN IMMEDIATE`` for writes so that writers queue on the
file's lock, a deferred ``BEGIN`` for one snapshot per read). Which
operations use them is ``direct``'s. sqlite3 runs each statement in the
connection's thread and releases the GIL while SQLite works, so the event
loop keeps running while a writer waits for the lock.

aiosqlite logs every statement with its parameters at DEBUG level; its
logger gets a filter (``_Quiet``) that drops those records, since the
parameters of a save hold confidential values (the ``secrets`` rows),
which must never reach a log.

Chosen over a pool of threads each running the sync store whole (measured
in ``benchmarks/bench_aio.py``; ``threads`` keeps that way for
``:memory:``, where each connection would be a database of its own).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiosqlite

from caseflow.aio import native
from caseflow.aio.direct import DirectStore
from caseflow.store.sqlite import SQLiteStore

__all__ = ["SQLiteAsyncStore"]


class _Quiet(logging.Filter):
    """Drops aiosqlite's DEBUG records: they quote statements' parameters (secrets)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


_LOGGER = logging.getLogger("aiosqlite")
if not any(isinstance(f, _Quiet) for f in _LOGGER.filters):
    _LOGGER.addFilter(_Quiet())


class SQLiteAsyncStore(DirectStore):
    """An SQLite store on ``connections`` aiosqlite connections; see the module doc."""

    def __init__(self, url: str, *, connections: int) -> None:
        super().__init__(url)
        self._source = url
        self._connections = connections
        self._idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all: list[aiosqlite.Connection] = []

    async def _open(self) -> None:
        """Open the sync store (checking the file, creating the schema), then the connections."""
        store = await self._open_sync(self._source)
        assert isinstance(store, SQLiteStore)
        self.url = store.url
        target, uri = store.path, False
        if store.read_only:
            target = f"file:{quote(str(Path(store.path).resolve()))}?mode=ro"
            target += "&immutable=1" if store.immutable else ""
            uri = True
        synchronous = int(store.connection.execute("PRAGMA synchronous").fetchone()[0])
        try:
            for _ in range(self._connections):
                conn = await aiosqlite.connect(
                    target,
                    uri=uri,
                    timeout=store.busy_timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
                self._all.append(conn)
                await conn.execute(f"PRAGMA busy_timeout = {int(store.busy_timeout * 1000)}")
                await conn.execute("PRAGMA foreign_keys = ON")
                await conn.execute(f"PRAGMA synchronous = {synchronous}")
                self._idle.put_nowait(conn)
        except sqlite3.Error as err:
            await self._close_connections()
            raise store._error(err, _("opening the store {url}").format(url=self.url)) from err

    @contextlib.asynccontextmanager
    async def _transaction(self, doing: str, *, read: bool) -> AsyncIterator[native.AsyncCursor]:
        store = self._sync
        if not self._all or not isinstance(store, SQLiteStore):
            raise self._closed_error()
        if not read:
            store._check_writable(doing)
        conn = await self._idle.get()
        try:
            try:
                await conn.execute("BEGIN" if read else "BEGIN IMMEDIATE")
            except sqlite3.Error as err:
                raise store._error(err, doing) from err
            try:
                cursor: Any = await conn.cursor()
                yield cursor
                await conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    await conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise store._error(exc, doing) from exc
                raise
        finally:
            self._idle.put_nowait(conn)

    async def _close_connections(self) -> None:
        conns, self._all = self._all, []
        for conn in conns:
            await conn.close()
