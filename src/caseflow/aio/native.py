"""The store's statements run on an asyncio cursor: save, load and the queries without a thread.

This module owns running the sync store's own statements and row code
(``caseflow.store.writes``, ``reads`` and ``queries``) on a cursor whose
methods are coroutines: psycopg 3's ``AsyncCursor`` (``caseflow.aio.postgres``)
or aiosqlite's (measured in ``benchmarks/bench_aio.py``). Nothing here
builds a row or writes a statement: what a save writes, what a load reads
and what a damaged row or a stale write means are the sync store's, so
the two stores cannot drift apart. Transactions are the caller's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from caseflow.errors import StoreError
from caseflow.i18n import _
from caseflow.store import queries, reads, writes
from caseflow.store.queries import CaseSummary, DueDeadline

__all__ = [
    "AsyncCursor",
    "apply",
    "case_count",
    "case_exists",
    "case_heads",
    "due_before",
    "read_case",
    "versions",
]


class AsyncCursor(Protocol):
    """The part of an asyncio DB cursor the store uses (``?`` placeholders, as ``Cursor``)."""

    @property
    def rowcount(self) -> int: ...

    async def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    async def executemany(self, sql: str, params: Iterable[Sequence[Any]], /) -> Any: ...

    async def fetchone(self) -> Any: ...

    async def fetchall(self) -> Any: ...


async def apply(cur: AsyncCursor, w: writes.Write, url: str) -> None:
    """``writes.apply`` on an asyncio cursor: one case, under optimistic concurrency."""
    await cur.execute(*writes.head_statement(w))
    if cur.rowcount != 1:
        await cur.execute(writes.STORED_SEQ, (w.head[0],))
        raise writes.conflict(await cur.fetchone(), w.head[0], w.expected, url)
    for sql, params in writes.batches([w]):
        await cur.executemany(sql, params)


async def read_case(cur: AsyncCursor, case_id: str, url: str) -> tuple[tuple[Any, ...], list[Any]]:
    """``reads.read_case`` on an asyncio cursor in the caller's read transaction."""
    await cur.execute(reads.SELECT_HEAD, (case_id,))
    head = await cur.fetchone()
    if head is None:
        raise reads.no_case(case_id, url)
    await cur.execute(reads.SELECT_EVENTS, (case_id,))
    return tuple(head), list(await cur.fetchall())


async def versions(cur: AsyncCursor, case_id: str, url: str) -> list[str]:
    """``reads.versions`` on an asyncio cursor."""
    await cur.execute(reads.SELECT_VERSIONS, (case_id,))
    rows = await cur.fetchall()
    if not rows:
        raise StoreError(
            _("no case {case_id!r} in the store {url}").format(case_id=case_id, url=url)
        )
    return [str(r[0]) for r in rows]


async def case_heads(
    cur: AsyncCursor,
    *,
    workflow: str | None,
    state: str | None,
    limit: int | None,
    after: str | None,
) -> list[CaseSummary]:
    """``queries.case_heads`` on an asyncio cursor."""
    sql, params = queries.heads_sql(workflow=workflow, state=state, limit=limit, after=after)
    await cur.execute(sql, params)
    return queries.heads_of(list(await cur.fetchall()))


async def case_exists(cur: AsyncCursor, case_id: str) -> bool:
    """``queries.case_exists`` on an asyncio cursor."""
    await cur.execute(queries.EXISTS_SQL, (case_id,))
    return await cur.fetchone() is not None


async def case_count(cur: AsyncCursor, *, workflow: str | None, state: str | None) -> int:
    """``queries.case_count`` on an asyncio cursor."""
    await cur.execute(*queries.count_sql(workflow=workflow, state=state))
    return int((await cur.fetchone())[0])


async def due_before(
    cur: AsyncCursor, moment: dt.datetime, *, workflow: str | None, limit: int | None
) -> list[DueDeadline]:
    """``queries.due_before`` on an asyncio cursor."""
    await cur.execute(*queries.due_sql(moment, workflow=workflow, limit=limit))
    return queries.dues_of(list(await cur.fetchall()))
