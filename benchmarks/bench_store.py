"""The case store: bulk import, the overdue query, and the durable save rate.

Measured on SQLite files in a temporary folder (and, for the save rate, on
PostgreSQL too when one answers at ``CASEFLOW_PG_URL`` or 127.0.0.1:5432):

- **import**: ``store.import_jsonl`` of 1,000,000 events (100,000 cases of
  the shipped ``citizen_reception`` workflow, 10 events each, one in five
  still open with a running deadline, with their confidential values
  revealed so that the secrets table is filled too) into an empty file, in
  one transaction: every case parsed, replayed, its deadlines indexed, its
  rows written with ``executemany``. Quick: 20,000 events.
- **overdue**: ``store.overdue(now)`` over 1,000,000 cases, 1% of them
  overdue (10,000 rows returned), and the first page of 100. The index is
  filled by SQL (``executemany`` into ``cases`` and ``deadlines``), since
  what is measured is the query, served by the index on (status, due_at);
  the import above measures the write path. Quick: 20,000 cases.
- **save rate**: one case, one ``update`` event per ``store.save``, each
  its own durable transaction: WAL with ``synchronous=NORMAL`` and with
  ``FULL`` (the default), and PostgreSQL's default commit.

Times are the best of a few repeats for the query; the import and the save
loops are long enough to be timed once.

``run(quick=False)`` returns rows in the shape ``benchmarks/README.md``
documents; ``python benchmarks/run.py --only store`` prints them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from protocol import row

import caseflow
from caseflow.store import Store, open_store
from caseflow.store.rows import utc_text

FULL = {"cases": 100_000, "overdue_cases": 1_000_000, "saves": 400}
QUICK = {"cases": 2_000, "overdue_cases": 20_000, "saves": 40}
EVENTS_PER_CASE = 10
PG_URL = os.environ.get("CASEFLOW_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
ZONE = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2026, 3, 2, 8, 30, tzinfo=ZONE)

_sizes = QUICK


def about() -> str:
    s = _sizes
    return (
        f"store: import {s['cases'] * EVENTS_PER_CASE:,} events ({s['cases']:,} cases), "
        f"overdue over {s['overdue_cases']:,} cases, {s['saves']} single-case saves per mode"
    )


def workflow() -> caseflow.Workflow:
    return caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))


def template_line(wf: caseflow.Workflow, *, closed: bool) -> str:
    """One case of 10 events, as an export line whose id is ``__ID__``.

    A closed case ends concluded (no deadline clock runs); an open one ends
    selected for a session, with its brief deadline running.
    """
    case = wf.start(
        "__ID__",
        at=T0,
        data={
            "kind": "complaint",
            "summary": "Khiếu nại quyết định thu hồi đất và mức bồi thường",
            "petitioner_name": "Nguyễn Văn An",
            "petitioner_phone": "0909 000 000",
        },
        actor="cb01",
        role="reception_officer",
    )
    steps = [
        ("screen", "reception_officer", {}),
        ("select", "internal_affairs_group", {"session_kind": "regular"}),
        ("brief", "internal_affairs_group", {"invitation_sent_on": "2026-03-20"}),
        ("defer", "secretary", {}),
        ("brief", "internal_affairs_group", {}),
        ("defer", "secretary", {}),
        ("brief", "internal_affairs_group", {}),
        ("hear", "secretary", {}),
        ("conclude", "internal_affairs_group", {"outcome": "explained"}),
    ]
    if not closed:
        steps[7:] = [
            ("defer", "secretary", {"session_date": "2026-04-21"}),
            ("defer", "secretary", {"session_date": "2026-04-28"}),
        ]
    for i, (trigger, role, data) in enumerate(steps, start=1):
        wf.fire(case, trigger, at=T0 + dt.timedelta(days=2 * i), role=role, data=data or None)
    assert len(case.history) == EVENTS_PER_CASE
    return json.dumps(case.to_dict(), ensure_ascii=False, separators=(",", ":"))


def bench_import(folder: Path, cases: int) -> list[dict[str, Any]]:
    wf = workflow()
    closed, open_ = template_line(wf, closed=True), template_line(wf, closed=False)
    # One case in five still open: its deadlines are evaluated and indexed.
    lines = [
        (open_ if i % 5 == 0 else closed).replace("__ID__", f"TV-{i:07d}") for i in range(cases)
    ]
    events = cases * EVENTS_PER_CASE
    url = f"sqlite:///{folder / 'import.db'}"
    with open_store(url) as store:
        started, cpu = time.perf_counter(), time.process_time()
        count = store.import_jsonl(lines, workflows=[wf])
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert count == cases
    group = f"store: import {events:,} events into SQLite (one transaction)"
    scaled = seconds * 1_000_000 / events
    target = "< 15 s per 1,000,000 events" if events != 1_000_000 else "< 15 s"
    return [
        row(group, "store.import_jsonl", seconds, "s", target=target, met=scaled < 15),
        row(group, "store.import_jsonl (rate)", events / seconds, "events/s"),
        # The CPU time of this process: on a machine shared with other work
        # the wall time above counts their turns too; SQLite runs in-process.
        row(
            group,
            "store.import_jsonl, CPU time of the process",
            cpu,
            "s",
            target=target,
            met=cpu * 1_000_000 / events < 15,
        ),
    ]


def fill_index(store: Store, cases: int, now: dt.datetime) -> None:
    """``cases`` case heads and one deadline each; 1% overdue at ``now``."""
    wf = workflow()
    store.register(wf)
    conn = store.connection  # type: ignore[attr-defined]
    opened = T0.isoformat()
    heads = []
    deadlines = []
    for i in range(cases):
        cid = f"TV-{i:07d}"
        heads.append((cid, wf.name, wf.version, "received", 1, opened, opened))
        late = i % 100 == 0
        due = (now - dt.timedelta(days=1 + i % 30)) if late else now + dt.timedelta(days=1 + i % 60)
        day = due.date()
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=ZONE)
        deadlines.append(
            (
                cid,
                "notice_of_receipt",
                day.isoformat(),
                utc_text(end),
                "pending",
                wf.name,
                wf.version,
                "received",
            )
        )
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO cases (id, workflow, version, state, seq, opened_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        heads,
    )
    conn.executemany(
        "INSERT INTO deadlines (case_id, name, due, due_at, status, workflow, version, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        deadlines,
    )
    conn.execute("COMMIT")


def bench_overdue(folder: Path, cases: int) -> list[dict[str, Any]]:
    now = dt.datetime(2026, 6, 1, 9, 0, tzinfo=ZONE)
    url = f"sqlite:///{folder / 'overdue.db'}"
    with open_store(url) as store:
        fill_index(store, cases, now)
        store.connection.execute("ANALYZE")  # type: ignore[attr-defined]
        timings: dict[str, float] = {}
        for name, limit in (("all", None), ("first 100", 100)):
            best = float("inf")
            for _ in range(5):
                started = time.perf_counter()
                found = store.overdue(now, limit=limit)
                best = min(best, time.perf_counter() - started)
            expected = cases // 100 if limit is None else 100
            assert len(found) == expected, (len(found), expected)
            timings[name] = best
    group = f"store: overdue(now) over {cases:,} cases (1% overdue)"
    return [
        row(
            group,
            f"all {cases // 100:,} overdue",
            timings["all"] * 1000,
            "ms",
            target="< 100 ms",
            met=timings["all"] < 0.1,
        ),
        row(
            group,
            "first 100 (limit=100)",
            timings["first 100"] * 1000,
            "ms",
            target="< 100 ms",
            met=timings["first 100"] < 0.1,
        ),
    ]


def save_rate(store: Store, saves: int) -> float:
    wf = workflow()
    case = wf.start(
        f"S-{uuid.uuid4().hex[:8]}",
        at=T0,
        data={"kind": "report", "summary": "s", "petitioner_name": "x"},
    )
    store.save(case, wf)
    started = time.perf_counter()
    for i in range(saves):
        wf.update(case, at=T0 + dt.timedelta(minutes=i + 1), data={"conclusion": f"v{i}"})
        store.save(case)
    return saves / (time.perf_counter() - started)


def bench_saves(folder: Path, saves: int) -> list[dict[str, Any]]:
    group = "store: durable single-case saves (one update event each)"
    rates = {}
    for mode in ("normal", "full"):
        with open_store(f"sqlite:///{folder / f'saves-{mode}.db'}?synchronous={mode}") as store:
            rates[mode] = save_rate(store, saves)
    out = [
        row(group, "SQLite WAL, synchronous=FULL (default)", rates["full"], "saves/s"),
        row(
            group,
            "SQLite WAL, synchronous=NORMAL",
            rates["normal"],
            "saves/s",
            baseline="SQLite WAL, synchronous=FULL (default)",
            ratio=rates["normal"] / rates["full"],
        ),
    ]
    pg = _pg_rate(saves)
    if pg is not None:
        out.append(
            row(
                group,
                "PostgreSQL (local, default commit)",
                pg,
                "saves/s",
                baseline="SQLite WAL, synchronous=FULL (default)",
                ratio=pg / rates["full"],
            )
        )
    return out


def _pg_rate(saves: int) -> float | None:
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return None
    schema = f"cf_bench_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.Error:
        return None
    try:
        sep = "&" if "?" in PG_URL else "?"
        with open_store(f"{PG_URL}{sep}options=-csearch_path%3D{schema}") as store:
            return save_rate(store, saves)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def run(quick: bool = False) -> list[dict[str, Any]]:
    global _sizes
    _sizes = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="caseflow-bench-") as tmp:
        folder = Path(tmp)
        rows = bench_import(folder, _sizes["cases"])
        rows += bench_overdue(folder, _sizes["overdue_cases"])
        rows += bench_saves(folder, _sizes["saves"])
    return rows


if __name__ == "__main__":
    import sys

    for r in run(quick="--quick" in sys.argv):
        print(r)
