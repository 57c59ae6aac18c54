"""caseflow for asyncio apps: a store whose operations are coroutines.

This package owns the asyncio face of the case store. ``await
open_store(url)`` opens the same SQLite or PostgreSQL store as
``caseflow.store.open_store`` and returns an ``AsyncStore`` whose methods
(``save``, ``load``, ``cases``, ``count``, ``overdue``, ``audit``,
``export_jsonl``, ...) are the sync store's, awaited: same results, same
errors (``ConcurrencyError`` on a stale save), same confidentiality rules
(redacted unless a ``Reveal``; every reveal audited first). Async guards
and hooks are run by ``Workflow.afire`` and ``Workflow.astart``
(``caseflow.workflow``); the library never reads the clock.

Which way each backend goes, and why:

- PostgreSQL: psycopg 3's ``AsyncConnection`` (pooled by ``psycopg_pool``)
  for save, load and the queries (``postgres``).
- SQLite: aiosqlite (``sqlite``), chosen over a thread pool with one
  connection per thread (``threads``) after measuring both on the
  workload of ``examples/aio_concurrent_fires.py`` (``benchmarks/bench_aio.py``,
  figures in ``benchmarks/RESULTS.md``). The thread pool served about
  three times the requests per second, since a whole save crosses to its
  thread once where aiosqlite crosses once per statement; but the Python
  work of each save and load (checks, deadline index, replay) then runs
  in threads that hold the GIL, and the event loop waits for it: its p99
  lag was about 250 ms at 1,000 concurrent requests, against about 6 ms
  with aiosqlite, whose threads only run SQLite, which releases the GIL.
  Not blocking the loop is the point of this package.

Both run the sync store's own statements and row code (``native``) for
the frequent operations (``direct``: save, load, exists, versions, cases,
count, overdue, due_before); the rare ones (register, migrate, audit, a
load with a reveal, export and import) run the sync store's method on
one sync store in one worker thread.

Its modules, bottom up: ``native`` (the store's statements on an asyncio
cursor), ``base`` (``AsyncStore``), ``threads`` (the sync store in worker
threads: ``:memory:``), ``direct`` (the frequent operations on asyncio
connections), ``sqlite`` and ``postgres`` (their connections),
``urls`` (``open_store``).

Layer: above the ``Workflow`` facade and the store, below the command line.
"""

from __future__ import annotations

from caseflow.aio.base import AsyncStore
from caseflow.aio.urls import open_store

__all__ = ["AsyncStore", "open_store"]
