"""The engine measured side by side with plain ``transitions`` and a dict machine.

Three ways to run the same reception workflow, in one process:

- **caseflow**: ``wf.start`` / ``wf.fire`` / ``wf.replay``;
- **transitions**: a ``Machine`` with the same states, transitions and the
  same number of condition callables (one per role restriction, one per
  guard), used the usual way: one model object per case, ``add_model``;
- **dict machine**: the floor, a ``{(state, trigger): dest}`` table, a role
  table and a small ``__slots__`` case whose history is a list of tuples.

What is measured (``run()`` returns one row per number, in the shape that
``benchmarks/README.md`` documents):

1. memory per case (``tracemalloc``, N cases with a 6-event history kept
   alive) and the time to create a case and fire the six main-path triggers;
   the time to add more cases as the number of live ones grows, because
   ``Machine.add_model`` checks membership in a list (O(n) per add);
2. the time per fire of the six main-path triggers on one case, reset
   between rounds (best of several repeats, after a warm-up);
3. the time to replay a 6-event history.

The workflow is the shipped ``citizen_reception`` when it exists, with its
main-path triggers found by walking received -> screened -> selected ->
briefed -> heard -> concluded -> reported; otherwise the fixture
``reception_fixture.yaml`` next to this file. Data that the main path's guards
need is derived from the guards themselves (see ``_satisfy``).
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bench_charts
from protocol import row
from transitions import Machine

import caseflow
from caseflow.conditions import compile_condition
from caseflow.definition import AllOf, AnyOf, Condition, FieldTest, GuardRef, Not, WorkflowSpec

MAIN_PATH = ("received", "screened", "selected", "briefed", "heard", "concluded", "reported")
FIXTURE = Path(__file__).with_name("reception_fixture.yaml")

TARGET_MEMORY = 2048  # bytes per case with a 6-event history
TARGET_FIRE = 1.3  # caseflow fire / raw transitions trigger
TARGET_REPLAY = 3.0  # caseflow replay / dict-machine fold

# When cases start, and when each of the six main-path triggers fires after that.
BASE = dt.datetime(2026, 2, 10, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
OFFSETS = tuple(dt.timedelta(days=d) for d in (1, 5, 12, 20, 21, 30))


@dataclass(frozen=True)
class Sizes:
    cases: int  # cases kept alive for the memory and creation measurements
    growth: tuple[int, ...]  # live cases before each timed batch of add_model
    batch: int  # cases added per timed batch
    rounds: int  # six-fire rounds (or replays) per timed repeat
    repeats: int  # repeats; the best is kept


FULL = Sizes(cases=20_000, growth=(0, 10_000, 20_000, 40_000), batch=1_000, rounds=2_000, repeats=7)
QUICK = Sizes(cases=300, growth=(0, 300, 600), batch=100, rounds=50, repeats=2)


# -- the workflow under test --------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    trigger: str
    source: str
    dest: str
    role: str | None


@dataclass
class Subject:
    """The loaded workflow, where it came from, and its main path."""

    wf: caseflow.Workflow
    origin: str
    steps: tuple[Step, ...]
    data: dict[str, Any]
    registered: dict[str, Callable[[Any], bool]] = field(default_factory=dict)

    @property
    def spec(self) -> WorkflowSpec:
        return self.wf.spec


_SAMPLES: dict[str, Any] = {
    "text": "Nguyễn Văn A, phường 2",
    "int": 1,
    "number": 1.0,
    "bool": True,
    "date": "2026-02-10",
    "datetime": "2026-02-10T08:00:00+07:00",
    "list": [],
    "mapping": {},
}


def _sample(spec: WorkflowSpec, name: str) -> Any:
    for f in spec.fields:
        if f.name == name:
            if f.type == "choice":
                return (f.choices or ("x",))[0]
            return _SAMPLES.get(f.type, "x")
    return "x"


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data.setdefault(step, {})
    data[path[-1]] = value


def _satisfy(
    cond: Condition,
    spec: WorkflowSpec,
    data: dict[str, Any],
    registered: dict[str, Callable[[Any], bool]],
) -> None:
    """Add to ``data`` values that make ``cond`` true, where that is simple.

    Operators that hold for a missing value (not_equals, not_in, present:
    false) and ``not`` are left alone; registered guards get a function that
    says yes. The result is checked by firing a probe case afterwards.
    """
    if isinstance(cond, FieldTest):
        op, value = cond.op, cond.value
        if op == "equals" or op in ("at_least", "at_most"):
            _put(data, cond.path, value)
        elif op == "in":
            _put(data, cond.path, value[0])
        elif op == "present" and value is True:
            _put(data, cond.path, _sample(spec, cond.path[0]))
        elif op in ("greater_than", "less_than") and isinstance(value, (int, float)):
            _put(data, cond.path, value + (1 if op == "greater_than" else -1))
    elif isinstance(cond, AllOf):
        for item in cond.items:
            _satisfy(item, spec, data, registered)
    elif isinstance(cond, AnyOf):
        _satisfy(cond.items[0], spec, data, registered)
    elif isinstance(cond, GuardRef):
        guard = next(g for g in spec.guards if g.name == cond.name)
        if guard.condition is not None:
            _satisfy(guard.condition, spec, data, registered)
        else:
            registered[guard.name] = _yes
    elif isinstance(cond, Not):
        pass


def _yes(_ctx: Any) -> bool:
    return True


def _main_path(spec: WorkflowSpec) -> tuple[Step, ...]:
    """Walk from the initial state along MAIN_PATH, one transition per hop."""
    if spec.initial != MAIN_PATH[0]:
        raise LookupError(f"initial state is {spec.initial!r}, not {MAIN_PATH[0]!r}")
    steps = []
    for source, dest in itertools.pairwise(MAIN_PATH):
        hop = next((t for t in spec.transitions if source in t.sources and t.dest == dest), None)
        if hop is None:
            raise LookupError(f"no transition from {source!r} to {dest!r}")
        steps.append(Step(hop.trigger, source, dest, hop.roles[0] if hop.roles else None))
    return tuple(steps)


def load_subject() -> Subject:
    """The shipped citizen_reception workflow if it is usable, else the fixture."""
    try:
        path = caseflow.shipped_workflow("citizen_reception")
    except caseflow.CaseflowError:
        path = None
    if path is not None:
        try:
            return _subject(path, "shipped")
        except (LookupError, caseflow.CaseflowError) as err:
            print(
                f"bench_engine: shipped {path} not usable ({err}); using the fixture",
                file=sys.stderr,
            )
    return _subject(FIXTURE, "fixture")


def _subject(path: Path, origin: str) -> Subject:
    spec = caseflow.load_workflow(path).spec
    steps = _main_path(spec)
    data = {f.name: _sample(spec, f.name) for f in spec.fields if f.required}
    registered: dict[str, Callable[[Any], bool]] = {}
    for t in spec.transitions:
        if t.when is not None and any((t.trigger, t.dest) == (s.trigger, s.dest) for s in steps):
            _satisfy(t.when, spec, data, registered)
    # Registered guards off the main path must still exist for the workflow to load.
    for g in spec.guards:
        if g.condition is None:
            registered.setdefault(g.name, _yes)
    wf = caseflow.load_workflow(path, guards=registered)
    probe = wf.start("PROBE", at=BASE, data=dict(data))
    for i, s in enumerate(steps):
        wf.fire(probe, s.trigger, at=BASE + OFFSETS[i], role=s.role)
    if probe.state != MAIN_PATH[-1]:
        raise LookupError(f"the probe case ended in {probe.state!r}")
    return Subject(wf, f"{origin}: {path}", steps, data, registered)


# -- plain transitions ---------------------------------------------------------------------


class TModel:
    """A case the usual transitions way: a plain object the machine decorates."""

    def __init__(self, case_id: str, data: dict[str, Any]) -> None:
        self.id = case_id
        self.data = data
        self.history: list[tuple[Any, ...]] = []


def _record(ed: Any) -> None:
    ed.model.history.append(
        (
            ed.event.name,
            ed.transition.source,
            ed.transition.dest,
            ed.kwargs.get("at"),
            ed.kwargs.get("role"),
        )
    )


def _role_cond(roles: frozenset[str]) -> Callable[[Any], bool]:
    return lambda ed: ed.kwargs.get("role") in roles


def _guard_cond(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda ed: check(ed.model)


def transitions_machine(subject: Subject, model: Any = None, *, record: bool = False) -> Machine:
    """A Machine with the workflow's states, transitions and condition count.

    Each transition gets one condition per role restriction and one per
    guard, as caseflow compiles it; guards are the same compiled checks.
    """
    spec = subject.spec
    guards = {g.name: g for g in spec.guards}
    transitions = []
    for t in spec.transitions:
        conditions: list[Callable[[Any], bool]] = []
        if t.roles:
            conditions.append(_role_cond(frozenset(t.roles)))
        if t.when is not None:
            conditions.append(_guard_cond(compile_condition(t.when, guards, subject.registered)))
        transitions.append(
            {
                "trigger": t.trigger,
                "source": list(t.sources),
                "dest": t.dest,
                "conditions": conditions,
            }
        )
    return Machine(
        model=model,
        states=[s.name for s in spec.states],
        transitions=transitions,
        initial=spec.initial,
        auto_transitions=False,
        send_event=True,
        after_state_change=[_record] if record else None,
    )


# -- the dict machine ----------------------------------------------------------------------


class DictCase:
    __slots__ = ("data", "history", "id", "state")

    def __init__(
        self, case_id: str, state: str, data: dict[str, Any], history: list[tuple[Any, ...]]
    ):
        self.id = case_id
        self.state = state
        self.data = data
        self.history = history


class DictMachine:
    """The floor: a transition table, a role table, tuples for events."""

    def __init__(self, spec: WorkflowSpec) -> None:
        self.initial = spec.initial
        self.table: dict[tuple[str, str], str] = {}
        self.roles: dict[tuple[str, str], frozenset[str] | None] = {}
        for t in spec.transitions:
            for src in t.sources:
                self.table.setdefault((src, t.trigger), t.dest)
                self.roles.setdefault((src, t.trigger), frozenset(t.roles) if t.roles else None)

    def start(self, case_id: str, at: dt.datetime, data: dict[str, Any]) -> DictCase:
        return DictCase(case_id, self.initial, data, [("start", None, self.initial, at, None)])

    def fire(self, case: DictCase, trigger: str, at: dt.datetime, role: str | None) -> DictCase:
        key = (case.state, trigger)
        dest = self.table.get(key)
        if dest is None:
            raise ValueError(f"{trigger!r} cannot fire from {case.state!r}")
        roles = self.roles[key]
        if roles is not None and role not in roles:
            raise ValueError(f"role {role!r} may not fire {trigger!r}")
        case.history.append((trigger, case.state, dest, at, role))
        case.state = dest
        return case

    def replay(self, case_id: str, events: Iterable[Any]) -> DictCase:
        """Fold recorded events over the table, checking each is legal."""
        it = iter(events)
        first = next(it)
        state = first.dest
        data = dict(first.changes)
        table = self.table
        history = [first]
        for ev in it:
            if ev.source != state or table.get((state, ev.trigger)) != ev.dest:
                raise ValueError(f"illegal event {ev.trigger!r} from {state!r}")
            state = ev.dest
            if ev.changes:
                data.update(ev.changes)
            history.append(ev)
        return DictCase(case_id, state, data, history)


# -- measuring -----------------------------------------------------------------------------


def _best(fns: Mapping[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """Best time of each function over ``repeats`` rounds, interleaved.

    Each round runs every function once, so that a burst of load from other
    processes slows one round of all of them rather than all rounds of one.
    """
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeats):
        for name, fn in fns.items():
            gc.collect()
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def _live_bytes(make: Callable[[], Any]) -> tuple[float, Any]:
    """Bytes still allocated after ``make()``, with its result kept alive."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = make()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after - before, kept


class Makers:
    """Functions that create ``count`` cases with a 6-event history each."""

    def __init__(self, subject: Subject) -> None:
        self.s = subject
        self.plan = [(s.trigger, s.role) for s in subject.steps]
        self.dm = DictMachine(subject.spec)

    def caseflow(self, count: int, first: int = 0, out: list[Any] | None = None) -> list[Any]:
        out = [] if out is None else out
        start, fire, data, plan = self.s.wf.start, self.s.wf.fire, self.s.data, self.plan
        for i in range(first, first + count):
            t0 = BASE + dt.timedelta(minutes=i)
            case = start(f"TV-2026-{i:06d}", at=t0, data=dict(data))
            for (trigger, role), off in zip(plan, OFFSETS, strict=True):
                fire(case, trigger, at=t0 + off, role=role)
            out.append(case)
        return out

    def transitions(
        self, machine: Machine, count: int, first: int = 0, out: list[Any] | None = None
    ) -> list[Any]:
        out = [] if out is None else out
        add, data, plan = machine.add_model, self.s.data, self.plan
        for i in range(first, first + count):
            t0 = BASE + dt.timedelta(minutes=i)
            model = TModel(f"TV-2026-{i:06d}", dict(data))
            add(model)
            model.history.append(("start", None, machine.initial, t0, None))
            for (trigger, role), off in zip(plan, OFFSETS, strict=True):
                if not getattr(model, trigger)(at=t0 + off, role=role):
                    raise RuntimeError(f"transitions refused {trigger!r}")
            out.append(model)
        return out

    def dict(self, count: int, first: int = 0) -> list[Any]:
        out = []
        dm, data, plan = self.dm, self.s.data, self.plan
        for i in range(first, first + count):
            t0 = BASE + dt.timedelta(minutes=i)
            case = dm.start(f"TV-2026-{i:06d}", t0, dict(data))
            for (trigger, role), off in zip(plan, OFFSETS, strict=True):
                dm.fire(case, trigger, t0 + off, role)
            out.append(case)
        return out


CF_CREATE = "caseflow start + 6 fire"
TR_CREATE = "transitions add_model + 6 triggers"
DM_CREATE = "dict machine start + 6 fire"


def bench_memory_and_create(subject: Subject, sizes: Sizes) -> list[dict[str, Any]]:
    mk = Makers(subject)
    n = sizes.cases
    mk.caseflow(50)  # warm-up
    mk.dict(50)
    mk.transitions(transitions_machine(subject, record=True), 50)

    memory: dict[str, float] = {}
    b, kept = _live_bytes(lambda: mk.caseflow(n))
    memory[CF_CREATE] = b / n
    del kept
    b, kept = _live_bytes(lambda: mk.dict(n))
    memory[DM_CREATE] = b / n
    del kept
    # The machine is built before measuring: it is shared, not per case.
    empty = transitions_machine(subject, record=True)
    b, kept = _live_bytes(lambda: mk.transitions(empty, n))
    memory[TR_CREATE] = b / n
    del kept
    empty.models.clear()

    group = f"engine: memory per live case (N={n}, 6-event history)"
    rows = [
        row(group, DM_CREATE, memory[DM_CREATE], "B/case"),
        row(
            group,
            CF_CREATE,
            memory[CF_CREATE],
            "B/case",
            DM_CREATE,
            memory[DM_CREATE],
            f"<= {TARGET_MEMORY} B/case",
            memory[CF_CREATE] <= TARGET_MEMORY,
        ),
        row(group, TR_CREATE, memory[TR_CREATE], "B/case", DM_CREATE, memory[DM_CREATE]),
    ]

    # Time to create N cases from nothing; transitions' machine starts empty each repeat.
    reps = max(1, sizes.repeats // 2)
    created = _best(
        {
            CF_CREATE: lambda: mk.caseflow(n),
            DM_CREATE: lambda: mk.dict(n),
            TR_CREATE: lambda: mk.transitions(transitions_machine(subject, record=True), n),
        },
        reps,
    )
    group = f"engine: create a case + 6 fires (mean over N={n}, from no live case)"
    us = {k: v / n * 1e6 for k, v in created.items()}
    rows += [
        row(group, DM_CREATE, us[DM_CREATE], "µs/case"),
        row(group, CF_CREATE, us[CF_CREATE], "µs/case", DM_CREATE, us[DM_CREATE]),
        row(group, TR_CREATE, us[TR_CREATE], "µs/case", DM_CREATE, us[DM_CREATE]),
    ]
    return rows + bench_growth(subject, sizes, mk)


def bench_growth(subject: Subject, sizes: Sizes, mk: Makers) -> list[dict[str, Any]]:
    """Time to add a batch of cases when ``n`` are already live, for growing n.

    Both sides keep every case alive (caseflow in a list, transitions in its
    machine), and each point is timed on the growing population: a batch of
    add_model cannot be taken back cheaply (remove_model is O(n) too).
    """
    machine = transitions_machine(subject, record=True)
    live: list[Any] = []
    sides: dict[str, tuple[Callable[[int, int], Any], Callable[[], int]]] = {
        "caseflow": (lambda count, first: mk.caseflow(count, first, live), live.__len__),
        "transitions add_model": (
            lambda count, first: mk.transitions(machine, count, first),
            machine.models.__len__,
        ),
    }
    batch = sizes.batch
    group = f"engine: create {batch} more cases when n are live (per case)"
    rows = []
    for label, (add, count) in sides.items():
        first_us: float | None = None
        for n in sizes.growth:
            have = count()
            if have > n:
                raise ValueError(f"growth points must be at least {batch} apart")
            add(n - have, have)
            # The batch is timed in chunks and the best chunk kept, against bursts of load.
            chunk = max(1, batch // 5)
            us = float("inf")
            for first in range(n, n + batch, chunk):
                gc.collect()
                t0 = time.perf_counter()
                add(chunk, first)
                us = min(us, (time.perf_counter() - t0) / chunk * 1e6)
            if first_us is None:
                first_us = us
                rows.append(row(group, f"{label} @ n={n}", us, "µs/case"))
            else:
                rows.append(
                    row(
                        group,
                        f"{label} @ n={n}",
                        us,
                        "µs/case",
                        f"{label} @ n={sizes.growth[0]}",
                        first_us,
                    )
                )
    live.clear()
    return rows


def bench_fire(subject: Subject, sizes: Sizes) -> list[dict[str, Any]]:
    wf, steps = subject.wf, subject.steps
    plan = [(s.trigger, s.role, BASE + OFFSETS[i]) for i, s in enumerate(steps)]
    initial = subject.spec.initial
    rounds, fires = sizes.rounds, sizes.rounds * len(plan)

    case = wf.start("TV-2026-BENCH", at=BASE, data=dict(subject.data))
    first = case.history

    def cf_rounds() -> None:
        fire = wf.fire
        for _ in range(rounds):
            case.state, case.history = initial, first
            for trigger, role, at in plan:
                fire(case, trigger, at=at, role=role)

    def cf_reset() -> None:
        for _ in range(rounds):
            case.state, case.history = initial, first
            for _trigger, _role, _at in plan:
                pass

    def raw_setup(record: bool) -> tuple[Callable[[], None], Callable[[], None], Any]:
        model = TModel("TV-2026-BENCH", dict(subject.data))
        machine = transitions_machine(subject, model, record=record)
        events = machine.events

        def run() -> None:
            for _ in range(rounds):
                model.state = initial
                del model.history[:]
                for trigger, role, at in plan:
                    events[trigger].trigger(model, at=at, role=role)

        def reset() -> None:
            for _ in range(rounds):
                model.state = initial
                del model.history[:]
                for _trigger, _role, _at in plan:
                    pass

        return run, reset, model

    dm = DictMachine(subject.spec)
    dcase = dm.start("TV-2026-BENCH", BASE, dict(subject.data))

    def dict_rounds() -> None:
        fire = dm.fire
        for _ in range(rounds):
            dcase.state = initial
            del dcase.history[1:]
            for trigger, role, at in plan:
                fire(dcase, trigger, at, role)

    def dict_reset() -> None:
        for _ in range(rounds):
            dcase.state = initial
            del dcase.history[1:]
            for _trigger, _role, _at in plan:
                pass

    raw_run, raw_reset, raw_model = raw_setup(record=False)
    rec_run, rec_reset, rec_model = raw_setup(record=True)
    pairs = {
        "caseflow wf.fire": (cf_rounds, cf_reset),
        "transitions event.trigger (raw)": (raw_run, raw_reset),
        "transitions event.trigger + history callback": (rec_run, rec_reset),
        "dict machine fire": (dict_rounds, dict_reset),
    }
    for run, _reset in pairs.values():  # warm-up, and a check that each reached the end
        run()
    final = MAIN_PATH[-1]
    if not case.state == raw_model.state == rec_model.state == dcase.state == final:
        raise RuntimeError("a machine did not reach the end of the main path")

    fns: dict[str, Callable[[], Any]] = {}
    for name, (run, reset) in pairs.items():
        fns[name], fns[name + " (reset only)"] = run, reset
    best = _best(fns, sizes.repeats)
    us = {name: max(0.0, best[name] - best[name + " (reset only)"]) / fires * 1e6 for name in pairs}

    group = "engine: fire one main-path trigger (mean of the 6)"
    raw = "transitions event.trigger (raw)"
    cf = "caseflow wf.fire"
    rows = [row(group, raw, us[raw], "µs/fire")]
    for name in (
        "caseflow wf.fire",
        "transitions event.trigger + history callback",
        "dict machine fire",
    ):
        target = f"<= {TARGET_FIRE}x {raw}" if name == cf else None
        met = us[cf] <= TARGET_FIRE * us[raw] if name == cf else None
        rows.append(row(group, name, us[name], "µs/fire", raw, us[raw], target, met))
    return rows


def bench_replay(subject: Subject, sizes: Sizes) -> list[dict[str, Any]]:
    wf = subject.wf
    case = Makers(subject).caseflow(1)[0]
    history = case.history
    dm = DictMachine(subject.spec)
    rounds = sizes.rounds

    def cf() -> None:
        replay = wf.replay
        for _ in range(rounds):
            replay("TV-2026-000000", history)

    def fold() -> None:
        replay = dm.replay
        for _ in range(rounds):
            replay("TV-2026-000000", history)

    cf(), fold()
    if not wf.replay("X", history).state == dm.replay("X", history).state == MAIN_PATH[-1]:
        raise RuntimeError("replay did not reach the end of the main path")
    best = _best({"cf": cf, "fold": fold}, sizes.repeats)
    us_cf, us_dm = best["cf"] / rounds * 1e6, best["fold"] / rounds * 1e6
    group = f"engine: replay a {len(history) - 1}-event history (+ start event)"
    fold_name = "dict machine fold"
    return [
        row(group, fold_name, us_dm, "µs/replay"),
        row(
            group,
            "caseflow wf.replay",
            us_cf,
            "µs/replay",
            fold_name,
            us_dm,
            f"<= {TARGET_REPLAY}x {fold_name}",
            us_cf <= TARGET_REPLAY * us_dm,
        ),
    ]


def simplest_subject() -> Subject:
    """The main path's seven states and six triggers alone: no roles, no guards, no fields.

    The simplest workflow there is, for the fire ratio of issue 15: what is
    left is the engine's own cost around the machine's.
    """
    names = list(MAIN_PATH)
    triggers = ("screen", "select", "brief", "hear", "conclude", "report")
    states = "\n".join(
        f"  {n}: {{initial: true}}"
        if i == 0
        else f"  {n}: {{final: true}}"
        if i == 6
        else f"  {n}: {{}}"
        for i, n in enumerate(names)
    )
    moves = "\n".join(
        f"  - {{trigger: {t}, from: {names[i]}, to: {names[i + 1]}}}"
        for i, t in enumerate(triggers)
    )
    text = (
        "caseflow: 1\nname: simplest\nversion: '1'\ncalendar: VN\ntimezone: Asia/Ho_Chi_Minh\n"
        f"states:\n{states}\ntransitions:\n{moves}\n"
    )
    wf = caseflow.load_workflow(text)
    steps = tuple(
        Step(trigger=t, source=names[i], dest=names[i + 1], role=None)
        for i, t in enumerate(triggers)
    )
    return Subject(wf=wf, origin="generated: 7 states, 6 triggers", steps=steps, data={})


_SUBJECT: Subject | None = None


def subject() -> Subject:
    global _SUBJECT
    if _SUBJECT is None:
        _SUBJECT = load_subject()
    return _SUBJECT


def about() -> str:
    """One line on what was measured, for the runner's header."""
    s = subject()
    path = " -> ".join(f"{st.trigger}[{st.role}]" for st in s.steps)
    return f"engine: workflow {s.spec.name!r} ({s.origin}); main path {path}"


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Every engine measurement, as rows for benchmarks/run.py."""
    sizes = QUICK if quick else FULL
    s = subject()
    simplest = bench_fire(simplest_subject(), sizes)
    for r in simplest:
        r["group"] = "engine: fire one trigger on the simplest workflow (no roles, no guards)"
    flat = (
        bench_fire(s, sizes) + simplest + bench_replay(s, sizes) + bench_memory_and_create(s, sizes)
    )
    return flat + bench_charts.run(sizes.rounds, sizes.repeats)


if __name__ == "__main__":
    for r in run(quick="--quick" in sys.argv):
        print(r)
