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
  for save, load and the queries, running the sync store's own statements
  and row code (``native``); see ``postgres``.
- SQLite: a thread pool with one connection per thread (``threads``),
  chosen over aiosqlite after measuring both on the same statements
  (``benchmarks/bench_aio.py``, ``benchmarks/RESULTS.md``): a whole save
  crosses to its thread once, where aiosqlite crosses once per statement
  (BEGIN, the head, each batch, COMMIT), and several threads read at
  once while aiosqlite's one connection serialises them; and the thread
  runs the sync store itself, so no second implementation can drift.

Its modules, bottom up: ``native`` (the store's statements on an asyncio
cursor), ``base`` (``AsyncStore``), ``threads`` and ``postgres`` (the two
backends), ``urls`` (``open_store``).

Layer: above the ``Workflow`` facade and the store, below the command line.
"""

from __future__ import annotations

from caseflow.aio.base import AsyncStore
from caseflow.aio.urls import open_store

__all__ = ["AsyncStore", "open_store"]
