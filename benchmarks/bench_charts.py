"""Engine rows for a nested and a parallel workflow (docs/statecharts.md).

The subject is examples/denunciation_statechart.yaml: its screening path
runs through a compound state (``screened.*``), its check at two places
through a parallel state and its join. Measured: one fire (through
transitions' HierarchicalMachine) and one replay (the fold over the
compiled configurations), per step. Flat rows are bench_engine's.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from protocol import row

import caseflow

EXAMPLE = Path(__file__).parent.parent / "examples" / "denunciation_statechart.yaml"
BASE = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
NESTED = [("classify", "officer"), ("propose", "officer"), ("approve", "leader")]
PARALLEL = [*NESTED, ("check_places", None), ("report_b", None), ("report_a", None)]


def _best(fn: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(rounds: int, repeats: int) -> list[dict[str, Any]]:
    """Fire and replay rows for the nested path and the parallel path, µs per step."""
    wf = caseflow.load_workflow(EXAMPLE)
    rows = []
    for label, plan in (("nested", NESTED), ("parallel", PARALLEL)):
        at = [BASE + dt.timedelta(minutes=i + 1) for i in range(len(plan))]
        data = {"checked_at_several_places": True}
        case = wf.start("S-1", at=BASE, data=data)
        first = case.history

        def fire(
            plan: list[tuple[str, str | None]] = plan,
            case: caseflow.Case = case,
            first: Any = first,
            at: list[dt.datetime] = at,
        ) -> None:
            for _ in range(rounds):
                case.state, case.history = wf.spec.initial, first
                for (trigger, role), when in zip(plan, at, strict=True):
                    wf.fire(case, trigger, at=when, role=role)

        fire()
        history = case.history

        def replay(history: Any = history) -> None:
            for _ in range(rounds):
                wf.replay("S-1", history)

        steps = rounds * len(plan)
        group = f"engine: statechart ({label}, {len(plan)} steps, denunciation_statechart)"
        rows.append(row(group, "caseflow wf.fire", _best(fire, repeats) / steps * 1e6, "µs/fire"))
        rows.append(
            row(group, "caseflow wf.replay", _best(replay, repeats) / steps * 1e6, "µs/event")
        )
    return rows
