"""A province's caseload: ten years of the three shipped workflows, on SQLite and PostgreSQL.

    python benchmarks/bench_province.py --cases 100000 [--backends sqlite,postgresql]
    python benchmarks/run.py --only province          # the runner's size (20,000 cases)

The caseload is generated, seeded: every district's citizen reception
(60%), complaint (25%) and denunciation (15%) cases opened over the ten
years 2016-2025, ``NOW`` being 2026-01-05 17:00 in Asia/Ho_Chi_Minh. Each
workflow's paths are random walks fired through the real engine (so every
step is legal and its guards hold): onward steps preferred, with pauses
(``suspend``/``resume``), extensions, sessions (``select``/``brief``/
``hear``/``defer``), withdrawals and refusals where the workflow has them;
a case is one of those paths, started on a random working hour of the ten
years, its times (and its date fields) moved with it. A case whose path
reaches past ``NOW`` stops there (it is open); one old case in thirty is
a backlog, stopped early. About 7.5 events a case (the steps, and
``update`` events recording data between them).

Measured on each backend, each step in a fresh Python process (so that
the memory high-water mark, ``ru_maxrss``, is the step's own):

- **import**: ``store.import_jsonl`` of the whole file into an empty store
  (every case replayed and checked, its deadlines indexed);
- **size**: the store's bytes per case (SQLite: the file and its WAL;
  PostgreSQL: ``pg_total_relation_size`` of the tables);
- **export**: ``store.export_jsonl`` of every case;
- **overdue**: ``store.overdue(NOW)``, the first page (``limit=100``) and all;
- **due within 7 days**: ``store.due_before(NOW + 7 days)``, first page and all;
- **month's report**: ``caseflow.sessions.summarise`` of December 2025 on the
  reception cases alive that month (heads from ``store.cases``, each loaded);
- **load 10,000 cases**: ``store.load`` of 10,000 ids drawn at random, each
  replayed;
- **docket**: the next reception session's docket chosen
  (``select_docket(..., dry_run=True)``) among every case waiting for one.

``run(quick)`` is the runner's entry (20,000 cases; quick: 600, SQLite
only); the command line runs any size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from protocol import row

import caseflow

HERE = Path(__file__).resolve().parent
SEED = 20260105
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 1, 5, 17, 0, tzinfo=ZONE)
FIRST_DAY = dt.date(2016, 1, 4)
LAST_DAY = dt.date(2025, 12, 31)
MIX = (("citizen_reception", 0.60, "TD"), ("complaint", 0.25, "KN"), ("denunciation", 0.15, "TC"))
PATHS_PER_WORKFLOW = 60
RUNNER_CASES = 20_000
QUICK_CASES = 600
LOADED = 10_000
PG_URL = os.environ.get("CASEFLOW_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
IMPORT_TARGET = 15.0  # seconds per 1,000,000 events (issue 15)

# -- the caseload ------------------------------------------------------------------------------


def workflows() -> dict[str, caseflow.Workflow]:
    return {name: caseflow.load_workflow(caseflow.shipped_workflow(name)) for name, _, _ in MIX}


def _value(field: Any, rng: random.Random, day: dt.date) -> Any:
    if field.type == "choice" and field.choices:
        return rng.choice(field.choices)
    if field.type == "int":
        return rng.randint(0, 30)
    if field.type == "bool":
        return rng.random() < 0.6
    if field.type == "date":
        return (day + dt.timedelta(days=rng.randint(-20, 20))).isoformat()
    if field.type == "text":
        return rng.choice(["Nguyễn Văn An", "Trần Thị Bình", "đất đai, bồi thường", "0909 000 000"])
    return None


def _walk(wf: caseflow.Workflow, rng: random.Random, index: int) -> caseflow.Case | None:
    """One legal path: a random walk, onward steps preferred, random data and gaps."""
    spec = wf.spec
    day = dt.date(2020, 3, 2)
    at = dt.datetime.combine(day, dt.time(8, 30), ZONE)
    # Optional text and choices (a reason, a refusal ground) are rare: guards test
    # their presence.
    data = {
        f.name: _value(f, rng, day)
        for f in spec.fields
        if f.required or rng.random() < (0.1 if f.type in ("text", "choice") else 0.9)
    }
    data = {k: v for k, v in data.items() if v is not None}
    try:
        case = wf.start(f"P-{index}", at=at, data=data)
    except caseflow.CaseflowError:
        return None
    finals = wf.final_states
    plain = [f for f in spec.fields if f.type in ("int", "date")]
    for _ in range(rng.randint(4, 18)):
        options = list(wf.triggers_from(case.state))
        if not options:
            break
        onward = [
            t.trigger
            for t in spec.transitions
            if case.state in t.sources and t.dest not in finals and t.trigger in options
        ]
        ending = [t for t in options if t not in onward]
        # Mostly onward (a refusal or a withdrawal now and then): try the
        # onward steps with fresh data a few times before an ending one.
        order = [ending, onward] if rng.random() < 0.1 or not onward else [onward] * 6 + [ending]
        at += dt.timedelta(days=rng.choice([0, 1, 2, 3, 5, 7, 10, 14, 21]), hours=rng.randint(0, 6))
        fired = False
        for triggers in order:
            changes = {
                f.name: _value(f, rng, at.date())
                for f in spec.fields
                if rng.random() < (0.05 if f.type in ("text", "choice") else 0.3)
            }
            for trigger in rng.sample(triggers, len(triggers)):
                try:
                    wf.fire(
                        case,
                        trigger,
                        at=at,
                        data={k: v for k, v in changes.items() if v is not None} or None,
                    )
                    fired = True
                    break
                except caseflow.CaseflowError:
                    continue
            if fired:
                break
        if not fired:
            break
        # Clerks record what comes in between steps (a date, a count, a flag).
        while rng.random() < 0.5:
            at += dt.timedelta(hours=rng.randint(1, 30))
            field = rng.choice(plain)
            value = _value(field, rng, at.date())
            if value is None:
                break
            wf.update(case, at=at, data={field.name: value})
    return case


def paths(wf: caseflow.Workflow, rng: random.Random) -> list[dict[str, Any]]:
    """``PATHS_PER_WORKFLOW`` legal paths of ``wf``, as export lines with times relative."""
    date_fields = {f.name for f in wf.spec.fields if f.type == "date"}
    out: list[dict[str, Any]] = []
    index = 0
    while len(out) < PATHS_PER_WORKFLOW:
        index += 1
        case = _walk(wf, rng, index)
        if case is None or len(case.history) < 2:
            continue
        start = case.history[0].at
        events = []
        for e in case.history:
            d = e.to_dict()
            d["at"] = e.at - start
            events.append(d)
        out.append({"line": case.to_dict(), "events": events, "dates": date_fields})
    return out


def _shift(changes: dict[str, Any], dates: set[str], days: int) -> dict[str, Any]:
    out = dict(changes)
    for key in dates & out.keys():
        value = out[key]
        if isinstance(value, str):
            out[key] = (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
    return out


def generate(path: Path, cases: int, seed: int = SEED) -> dict[str, int]:
    """Write ``cases`` export lines to ``path``; returns counts (cases, events, open)."""
    rng = random.Random(seed)
    wfs = workflows()
    templates = {name: paths(wf, rng) for name, wf in wfs.items()}
    base = dt.datetime.combine(dt.date(2020, 3, 2), dt.time(8, 30), ZONE)
    span = (LAST_DAY - FIRST_DAY).days
    counts = {"cases": 0, "events": 0, "open": 0}
    names = [name for name, _, _ in MIX]
    weights = [w for _, w, _ in MIX]
    prefix = {name: p for name, _, p in MIX}
    with path.open("w", encoding="utf-8") as out:
        for i in range(cases):
            name = rng.choices(names, weights)[0]
            wf = wfs[name]
            tpl = rng.choice(templates[name])
            # A working day of the ten years, at a working hour.
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
            while day.weekday() >= 5:
                day -= dt.timedelta(days=2)
            start = dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59)), ZONE)
            moved = (day - base.date()).days
            events = []
            for e in tpl["events"]:
                at = start + e["at"]
                if at > NOW:
                    break
                events.append(e)
            if len(events) > 2 and day.year < 2025 and rng.random() < 1 / 30:
                events = events[: rng.randint(2, len(events) - 1)]  # a backlog
            history = []
            data: dict[str, Any] = {}
            for e in events:
                d = dict(e)
                d["at"] = (start + e["at"]).isoformat()
                if "changes" in d:
                    d["changes"] = _shift(d["changes"], tpl["dates"], moved)
                    data.update(d["changes"])
                history.append(d)
            line = {
                "id": f"{prefix[name]}-{i:07d}",
                "workflow": name,
                "version": wf.version,
                "state": history[-1]["dest"],
                "data": data,
                "history": history,
            }
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            counts["cases"] += 1
            counts["events"] += len(history)
            counts["open"] += history[-1]["dest"] not in wf.final_states
    return counts


# -- one step, in its own process --------------------------------------------------------------


def _store(url: str) -> Any:
    return caseflow.open_store(url, workflows=list(workflows().values()))


def step(name: str, url: str, file: str) -> dict[str, Any]:
    """Run one measured step; its seconds, memory high-water mark and what it found."""
    from caseflow.sessions import plan_sessions, select_docket, summarise

    wfs = workflows()
    found: dict[str, Any] = {}
    with _store(url) as store:
        cpu = time.process_time()
        started = time.perf_counter()
        if name == "import":
            with open(file, encoding="utf-8") as lines:
                found["imported"] = int(store.import_jsonl(lines, workflows=list(wfs.values())))
        elif name == "export":
            found["exported"] = store.export_jsonl(Path(file).with_suffix(".out.jsonl"))
        elif name == "overdue_first":
            found["rows"] = len(store.overdue(NOW, limit=100))
        elif name == "overdue_all":
            found["rows"] = len(store.overdue(NOW))
        elif name == "due7_first":
            found["rows"] = len(store.due_before(NOW + dt.timedelta(days=7), limit=100))
        elif name == "due7_all":
            found["rows"] = len(store.due_before(NOW + dt.timedelta(days=7)))
        elif name == "report":
            wf = wfs["citizen_reception"]
            first = dt.datetime(2025, 12, 1, tzinfo=ZONE)
            last = dt.datetime(2026, 1, 1, tzinfo=ZONE)
            heads = store.cases(workflow="citizen_reception")
            alive = [h.id for h in heads if h.opened_at < last and h.updated_at >= first]
            cases = [store.load(i) for i in alive]
            summary = summarise(wf, cases, "2025-12", now=NOW)
            found["cases"] = len(cases)
            found["received"] = summary.received
        elif name == "load":
            heads = store.cases()
            rng = random.Random(SEED)
            ids = [h.id for h in rng.sample(heads, min(LOADED, len(heads)))]
            found["loaded"] = sum(1 for i in ids if store.load(i) is not None)
        elif name == "docket":
            wf = wfs["citizen_reception"]
            sessions = [
                s
                for s in plan_sessions(wf, start=NOW, end=NOW + dt.timedelta(days=40))
                if s.takes_place
            ]
            docket = wf.spec.docket
            assert docket is not None
            waiting = [
                store.load(h.id)
                for state in docket.eligible_in
                for h in store.cases(workflow="citizen_reception", state=state)
            ]
            chosen = select_docket(wf, sessions[0], waiting, at=NOW, dry_run=True)
            found["eligible"] = len(waiting)
            found["chosen"] = len(chosen.entries) if hasattr(chosen, "entries") else 0
        elif name == "size":
            found["bytes"] = _size(url)
        else:
            raise ValueError(f"no step {name!r}")
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"step": name, "seconds": seconds, "cpu": cpu, "peak_mib": peak / 1024, **found}


def _size(url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    import psycopg

    from caseflow.store.schema import TABLES

    with psycopg.connect(_plain(url)) as conn:
        schema = _schema_of(url)
        total = 0
        for table in TABLES:
            cur = conn.execute("SELECT pg_total_relation_size(%s)", (f'"{schema}".{table}',))
            total += int(cur.fetchone()[0])
        return total


def _plain(url: str) -> str:
    return url.split("?", 1)[0]


def _schema_of(url: str) -> str:
    return url.rsplit("search_path%3D", 1)[-1].split("&", 1)[0]


def run_step(name: str, url: str, file: Path) -> dict[str, Any]:
    """``step`` in a child process (its own memory high-water mark)."""
    done = subprocess.run(
        [sys.executable, __file__, "--step", name, "--url", url, "--file", str(file)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"step {name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


STEPS = (
    ("import", "import (every case replayed, checked, indexed)"),
    ("size", "store size"),
    ("export", "export every case"),
    ("overdue_first", "overdue(now), first page of 100"),
    ("overdue_all", "overdue(now), all"),
    ("due7_first", "due within 7 days (due_before(now + 7 d)), first 100"),
    ("due7_all", "due within 7 days, all"),
    ("report", "the month's report (December 2025, reception)"),
    ("load", f"load and replay {LOADED:,} cases"),
    ("docket", "docket of the next session from every waiting case"),
)


def measure(cases: int, backends: list[str], folder: Path) -> list[dict[str, Any]]:
    """Generate the caseload once, run every step on each backend; rows for the runner."""
    file = folder / "province.jsonl"
    made = time.perf_counter()
    counts = generate(file, cases)
    made = time.perf_counter() - made
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for backend in backends:
        url, cleanup = _url(backend, folder)
        try:
            results[backend] = {name: run_step(name, url, file) for name, _ in STEPS}
        finally:
            cleanup()
    return _rows(cases, counts, made, results)


def _url(backend: str, folder: Path) -> tuple[str, Any]:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'province-{uuid.uuid4().hex[:6]}.db'}", lambda: None
    import psycopg

    schema = f"cf_province_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')

    def drop() -> None:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}", drop


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _rows(
    cases: int,
    counts: dict[str, int],
    made: float,
    results: dict[str, dict[str, dict[str, Any]]],
) -> list[dict[str, Any]]:
    events = counts["events"]
    label = f"province ({cases:,} cases, {events:,} events)"
    rows = [
        row(f"{label}: the caseload", "cases open at now", float(counts["open"]), "cases"),
        row(f"{label}: the caseload", "events", float(events), "events"),
        row(f"{label}: the caseload", "generating the file (not timed below)", made, "s"),
    ]
    sqlite = results.get("sqlite")
    for title_key, title in STEPS:
        group = f"{label}: {title}"
        for backend, steps in results.items():
            got = steps[title_key]
            name = NAMES[backend]
            if title_key == "size":
                rows.append(row(group, name, got["bytes"] / cases, "B/case"))
                continue
            seconds = got["seconds"]
            target = met = None
            if title_key == "import" and backend == "sqlite":
                target = f"< {IMPORT_TARGET:g} s per 1,000,000 events"
                met = seconds * 1_000_000 / events < IMPORT_TARGET
            rows.append(row(group, name, seconds, "s", target=target, met=met))
            # CPU time of the step's process (not the PostgreSQL server's): on a
            # loaded machine, the figure that others' load does not inflate.
            rows.append(row(group, f"{name} CPU time of the process", got["cpu"], "s"))
            if title_key in ("import", "export"):
                rate = events / seconds
                base = base_value = None
                target = met = None
                if title_key == "import" and backend != "sqlite" and sqlite is not None:
                    base = "SQLite rate"
                    base_value = events / sqlite["import"]["seconds"]
                    target, met = ">= 0.5x SQLite's rate", rate >= 0.5 * base_value
                if title_key == "export":
                    base = f"{name} import rate"
                    base_value = events / steps["import"]["seconds"]
                    target, met = ">= 1x the import's rate", rate >= base_value
                rows.append(
                    row(group, f"{name} rate", rate, "events/s", base, base_value, target, met)
                )
            for key, what in (
                ("rows", "rows returned"),
                ("cases", "cases in the report"),
                ("eligible", "cases waiting for a session"),
                ("loaded", "cases loaded"),
            ):
                if key in got:
                    rows.append(row(group, f"{name} {what}", float(got[key]), "cases"))
            rows.append(row(group, f"{name} peak memory", got["peak_mib"], "MiB"))
    return rows


_ABOUT: str | None = None


def about() -> str:
    return _ABOUT or "province: not run yet"


def run(quick: bool = False) -> list[dict[str, Any]]:
    """The runner's entry: ``RUNNER_CASES`` cases on both backends (quick: SQLite only)."""
    global _ABOUT
    cases = QUICK_CASES if quick else RUNNER_CASES
    backends = ["sqlite"] if quick else ["sqlite", "postgresql"]
    with tempfile.TemporaryDirectory() as folder:
        rows = measure(cases, backends, Path(folder))
    _ABOUT = (
        f"province: {cases:,} generated cases of the 3 shipped workflows over 2016-2025 "
        f"(seed {SEED}), now={NOW.isoformat()}; backends {', '.join(backends)}; each step in "
        "its own process; full size: python benchmarks/bench_province.py --cases 1000000"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=RUNNER_CASES)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--step")
    parser.add_argument("--url")
    parser.add_argument("--file")
    args = parser.parse_args()
    backends = args.backends.split(",")
    unknown = [b for b in backends if b not in NAMES]
    if unknown:  # refused before an hour of work, not after it
        parser.error(f"--backends: unknown {', '.join(unknown)}; use {','.join(NAMES)}")
    if args.step:
        print(json.dumps(step(args.step, args.url, args.file)))
        return
    with tempfile.TemporaryDirectory(dir=os.environ.get("CASEFLOW_BENCH_DIR")) as folder:
        rows = measure(args.cases, backends, Path(folder))
    for r in rows:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else ""
        met = "" if r["met"] is None else ("yes" if r["met"] else "NO")
        print(f"{r['group']} | {r['name']} | {r['value']:,.4g} {r['unit']} | {ratio} | {met}")


if __name__ == "__main__":
    main()
