"""The asyncio store: SQLite on aiosqlite against worker threads, and PostgreSQL.

One workload, the one ``examples/aio_concurrent_fires.py`` serves: N
requests started at once, each loading a case, firing a trigger whose
guard and hook are ``async def`` (``wf.afire``), and saving it, redoing
the step on a fresh copy after a ``ConcurrencyError``; 1,000 requests on
250 cases (quick: 200 on 50). Contenders, each with 4 connections:

- **aiosqlite**: ``caseflow.aio`` on an SQLite file, what ships: the sync
  store's statements and row code (``caseflow.aio.native``) on 4 aiosqlite
  connections (each its own thread, one hop per statement), the Python
  work (checks, deadline index, replay) on the event loop;
- **threads**: ``caseflow.aio.threads.ThreadedStore`` with 4 threads, one
  connection each: each operation runs the sync store's method whole in a
  thread (one hop per operation); shipped only for ``:memory:``;
- **postgres**: ``caseflow.aio`` on PostgreSQL (psycopg ``AsyncConnection``
  pool), when a server answers at ``CASEFLOW_PG_URL`` or 127.0.0.1:5432;
- **blocking**: the reference of what not to do: the sync ``Store`` called
  straight from the coroutines (SQLite, and PostgreSQL when it answers), so
  each call blocks the loop; one connection.

Measured: wall time per served fire (retries included), and the event
loop's lag: a ticker task asks to wake every 1 ms and records how late it
wakes (p99 and max). Also one request at a time (no concurrency), per
request. SQLite files use ``synchronous=NORMAL``. Best of a few
interleaved repeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from protocol import row

import caseflow
from caseflow import aio
from caseflow.aio.threads import ThreadedStore

FULL = {"fires": 1000, "cases": 250, "repeats": 3, "single": 200}
QUICK = {"fires": 200, "cases": 50, "repeats": 1, "single": 30}
PG_URL = os.environ.get("CASEFLOW_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
ZONE = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=ZONE)
DESK = """
caseflow: 1
name: desk
version: "1"
roles: {officer: {}}
guards:
  on_duty: {registered: true}
states:
  open: {initial: true}
  closed: {final: true}
transitions:
  - {trigger: note, from: open, to: open, when: on_duty, roles: [officer]}
  - {trigger: close, from: open, to: closed, roles: [officer]}
"""
_sizes = QUICK


def about() -> str:
    s = _sizes
    return (
        f"aio: {s['fires']:,} concurrent load-afire-save requests on {s['cases']:,} cases, "
        f"4 connections each; {s['single']} requests one at a time"
    )


async def _on_duty(ctx: caseflow.GuardContext) -> bool:
    await asyncio.sleep(0)
    return ctx.actor is not None


async def _notify(case: caseflow.Case, event: caseflow.Event) -> None:
    await asyncio.sleep(0)


def desk() -> caseflow.Workflow:
    return caseflow.load_workflow(DESK, guards={"on_duty": _on_duty}, on_enter={"open": _notify})


async def _ticker(lags: list[float], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        planned = loop.time() + 0.001
        await asyncio.sleep(0.001)
        lags.append(max(0.0, loop.time() - planned))


async def workload(store: Any, wf: caseflow.Workflow, fires: int, cases: int) -> dict[str, float]:
    """Serve ``fires`` concurrent requests; the time per fire and the loop's lag."""
    await store.save_many([wf.start(f"HS-{i:04d}", at=T0) for i in range(cases)])

    async def request(n: int) -> None:
        while True:
            case = await store.load(f"HS-{n % cases:04d}")
            at = case.updated_at + dt.timedelta(seconds=1)
            await wf.afire(case, "note", at=at, actor="cb", role="officer")
            try:
                await store.save(case)
                return
            except caseflow.ConcurrencyError:
                continue

    lags: list[float] = []
    stop = asyncio.Event()
    tick = asyncio.create_task(_ticker(lags, stop))
    began = time.perf_counter()
    await asyncio.gather(*(request(n) for n in range(fires)))
    took = time.perf_counter() - began
    stop.set()
    await tick
    ms = sorted(lag * 1000 for lag in lags) or [0.0]
    return {
        "per_fire": took / fires * 1e6,
        "p99": ms[min(len(ms) - 1, int(len(ms) * 0.99))],
        "max": ms[-1],
    }


async def one_at_a_time(store: Any, wf: caseflow.Workflow, requests: int) -> float:
    """µs per load-afire-save request, one after another, on one case."""
    case = wf.start(f"ONE-{uuid.uuid4().hex[:6]}", at=T0)
    await store.save(case)
    began = time.perf_counter()
    for _ in range(requests):
        case = await store.load(case.id)
        await wf.afire(case, "note", at=case.updated_at + dt.timedelta(seconds=1), actor="cb")
        await store.save(case)
    return (time.perf_counter() - began) / requests * 1e6


Opener = Callable[[Path, caseflow.Workflow], Awaitable[Any]]


class Blocking:
    """The sync store's methods called on the event loop: each call blocks it (a reference)."""

    def __init__(self, url: str, wf: caseflow.Workflow) -> None:
        self.store = caseflow.open_store(url, workflows=[wf])

    async def save_many(self, cases: Any) -> None:
        self.store.save_many(cases)

    async def save(self, case: caseflow.Case) -> None:
        self.store.save(case)

    async def load(self, case_id: str) -> caseflow.Case:
        return self.store.load(case_id)

    async def close(self) -> None:
        self.store.close()


def _file(folder: Path) -> str:
    return f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}?synchronous=normal"


async def _aiosqlite(folder: Path, wf: caseflow.Workflow) -> Any:
    return await aio.open_store(_file(folder), workflows=[wf], connections=4)


async def _blocking(folder: Path, wf: caseflow.Workflow) -> Any:
    return Blocking(_file(folder), wf)


async def _threads(folder: Path, wf: caseflow.Workflow) -> Any:
    store = ThreadedStore(_file(folder), connections=4)
    await store.register(wf)
    return store


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception:
        return False
    return True


@contextlib.contextmanager
def _pg_schema() -> Any:
    import psycopg

    schema = f"cf_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        sep = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


async def _measure(opener: Opener, folder: Path, s: dict[str, int]) -> dict[str, float]:
    wf = desk()
    store = await opener(folder, wf)
    try:
        out = await workload(store, wf, s["fires"], s["cases"])
        out["single"] = await one_at_a_time(store, wf, s["single"])
    finally:
        await store.close()
    return out


def run(quick: bool = False) -> list[dict[str, Any]]:
    global _sizes
    _sizes = s = QUICK if quick else FULL
    names = {
        "aiosqlite": "caseflow.aio SQLite: 4 aiosqlite connections (shipped)",
        "threads": "SQLite: the sync store in 4 threads, one connection each",
        "blocking": "SQLite: the sync store called on the loop (blocks it)",
        "postgres": "caseflow.aio PostgreSQL: 4 psycopg AsyncConnections",
        "pg-blocking": "PostgreSQL: the sync store called on the loop (blocks it)",
    }
    best: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="caseflow-bench-") as tmp:
        folder = Path(tmp)
        pg = _pg_available()
        for _ in range(s["repeats"]):
            runs: dict[str, dict[str, float]] = {
                "aiosqlite": asyncio.run(_measure(_aiosqlite, folder, s)),
                "threads": asyncio.run(_measure(_threads, folder, s)),
                "blocking": asyncio.run(_measure(_blocking, folder, s)),
            }
            if pg:
                with _pg_schema() as url:

                    async def _postgres(folder: Path, wf: caseflow.Workflow, url: str = url) -> Any:
                        return await aio.open_store(url, workflows=[wf], connections=4)

                    runs["postgres"] = asyncio.run(_measure(_postgres, folder, s))
                with _pg_schema() as url:

                    async def _pg_blocking(
                        folder: Path, wf: caseflow.Workflow, url: str = url
                    ) -> Any:
                        return Blocking(url, wf)

                    runs["pg-blocking"] = asyncio.run(_measure(_pg_blocking, folder, s))
            for name, got in runs.items():
                kept = best.setdefault(name, got)
                for key, value in got.items():
                    kept[key] = min(kept[key], value)
    rows: list[dict[str, Any]] = []
    base = best["aiosqlite"]
    groups = [
        ("per_fire", f"aio: {s['fires']:,} concurrent requests on {s['cases']} cases", "µs/fire"),
        ("p99", "aio: event loop lag during those requests, p99", "ms"),
        ("max", "aio: event loop lag during those requests, max", "ms"),
        ("single", "aio: one load-afire-save request at a time", "µs/request"),
    ]
    for key, group, unit in groups:
        for name, got in best.items():
            is_base = name == "aiosqlite"
            rows.append(
                row(
                    group,
                    names[name],
                    got[key],
                    unit,
                    None if is_base else names["aiosqlite"],
                    None if is_base else base[key],
                )
            )
    return rows


if __name__ == "__main__":
    import sys

    for r in run(quick="--quick" in sys.argv):
        print(r)
