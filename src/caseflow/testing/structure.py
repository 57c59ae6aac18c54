"""The structure of a workflow under data: which states, triggers and deadlines data can reach.

This module owns exploring a workflow for one set of case data (``explore``:
every state reachable from the initial one by triggers ``wf.allowed``
permits for that data, with the path to it) and the structural
invariants built on it: every state reachable and every transition
allowed for some data, a way out of every non-final state for every data
that reaches it, every suspension resumable, every deadline meetable in
time on some path. A failure comes with a history built live along the
path (``history_along``), so that ``caseflow import`` and ``wf.replay``
take it and show the fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from caseflow.case import Case
from caseflow.definition import DeadlineRule
from caseflow.errors import CaseflowError
from caseflow.testing.nesting import covers, roles_in
from caseflow.times import zone
from caseflow.workflow import Workflow

__all__ = [
    "Graph",
    "build_graph",
    "history_along",
    "meets_in_time",
    "moves_of",
    "start_instant",
]

Step = tuple[str, int]
"""One step of a path: a trigger, fired with the data set of that index."""


@attrs.frozen
class Graph:
    """What a workflow allows under some sets of data, data changed between steps as needed.

    ``moves[state]`` lists (trigger, destination, data index) for every
    trigger allowed in ``state`` with that data; ``paths[state]`` is a
    shortest path there from the initial state. A case's data can be
    changed at any time (``wf.update``), so a path may use several sets.
    """

    datas: tuple[Mapping[str, Any], ...]
    moves: Mapping[str, tuple[tuple[str, str, int], ...]]
    paths: Mapping[str, tuple[Step, ...]]

    @property
    def enabled(self) -> frozenset[tuple[str, str]]:
        """Every (state, trigger) allowed for some data in a reachable state."""
        return frozenset((s, t) for s in self.paths for t, _, _ in self.moves.get(s, ()))

    def reach_from(self, state: str) -> set[str]:
        """The states reachable from ``state`` (itself included)."""
        seen, queue = {state}, [state]
        while queue:
            for _, dest, _ in self.moves.get(queue.pop(), ()):
                if dest not in seen:
                    seen.add(dest)
                    queue.append(dest)
        return seen


def start_instant(wf: Workflow, rule: DeadlineRule | None = None) -> dt.datetime:
    """A Monday morning in ``wf``'s zone (inside ``rule``'s effective range if it has one)."""
    day = dt.date(2026, 3, 2)
    eff = rule.effective if rule is not None else None
    if eff is not None and eff.start is not None and eff.start > day:
        day = eff.start
    elif eff is not None and eff.end is not None and eff.end < day:
        day = eff.end
    return dt.datetime.combine(day, dt.time(9), tzinfo=zone(wf.spec.timezone))


def _fire(wf: Workflow, case: Case, trigger: str, at: dt.datetime) -> bool:
    for role in roles_in(wf, case.state, trigger):
        try:
            wf.fire(case, trigger, at=at, role=role, actor="verify")
        except CaseflowError:
            continue
        return True
    return False


def moves_of(wf: Workflow, base: Case, state: str, at: dt.datetime) -> list[tuple[str, str]]:
    """(trigger, destination) for every trigger allowed in ``state`` with ``base``'s data."""
    out = []
    for trigger in wf.allowed(attrs.evolve(base, state=state)):
        trial = attrs.evolve(base, state=state)
        if _fire(wf, trial, trigger, at):
            out.append((trigger, trial.state))
    return out


def build_graph(wf: Workflow, datas: Sequence[Mapping[str, Any]]) -> Graph:
    """The graph of ``wf`` under the valid ones of ``datas`` (invalid sets are dropped)."""
    when = start_instant(wf)
    bases: list[Case] = []
    for data in datas:
        try:
            bases.append(wf.start("EXPLORE", at=when, data=data))
        except CaseflowError:
            continue
    moves: dict[str, list[tuple[str, str, int]]] = {}
    paths: dict[str, tuple[Step, ...]] = {wf.initial: ()}
    queue = [wf.initial]
    while queue:
        state = queue.pop(0)
        found = moves.setdefault(state, [])
        for i, base in enumerate(bases):
            for trigger, dest in moves_of(wf, base, state, when):
                if not any(t == trigger and d == dest for t, d, _ in found):
                    found.append((trigger, dest, i))
                if dest not in paths:
                    paths[dest] = (*paths[state], (trigger, i))
                    queue.append(dest)
    return Graph(
        datas=tuple(dict(b.data) for b in bases),
        moves={k: tuple(v) for k, v in moves.items()},
        paths=paths,
    )


def history_along(
    wf: Workflow,
    graph: Graph,
    path: Sequence[Step],
    *,
    at: dt.datetime | None = None,
    case_id: str = "VERIFY-1",
    then: Mapping[str, Any] | None = None,
) -> Case:
    """A case fired along ``path`` one minute apart, its data updated before a step that needs it.

    ``then`` is data to set at the end (an ``update``), e.g. the data for
    which the state reached has no way out.
    """
    when = at or start_instant(wf)
    first = graph.datas[path[0][1]] if path else (then or graph.datas[0])
    case = wf.start(case_id, at=when, data=first)
    minute = 0
    for trigger, index in path:
        minute += 1
        _switch(wf, case, graph.datas[index], when + dt.timedelta(minutes=minute))
        minute += 1
        if not _fire(wf, case, trigger, when + dt.timedelta(minutes=minute)):
            break
    if then is not None:
        _switch(wf, case, then, when + dt.timedelta(minutes=minute + 1))
    return case


def _switch(wf: Workflow, case: Case, data: Mapping[str, Any], at: dt.datetime) -> None:
    """Update ``case``'s data to be ``data`` (optional fields it lacks set to null)."""
    keys = set(data) | set(case.data)
    change = {k: data.get(k) for k in keys if case.data.get(k) != data.get(k)}
    if change:
        wf.update(case, at=at, data=change, actor="verify")


def meets_in_time(wf: Workflow, rule: DeadlineRule, graph: Graph) -> Case | None:
    """A case along which ``rule``'s deadline is met on time, or None.

    Tries each reachable step that meets the clock (out of ``runs_in`` and
    ``paused_in``, or a ``met_by`` trigger), fired at once after the start.
    The states are configurations: a rule that runs in a parent or in one
    region runs in every configuration where that name is active, and a
    step inside another region (or between the parent's children) does
    not stop it.
    """
    when = start_instant(wf, rule)
    clock = (*rule.runs_in, *rule.paused_in)
    spec = wf.spec
    tries = 0
    for state, path in graph.paths.items():
        if not covers(spec, rule.runs_in, state):
            continue
        for trigger, dest, _index in graph.moves.get(state, ()):
            if covers(spec, clock, dest) and trigger not in rule.met_by:
                continue
            # The data of the last step decides dates the rule may count
            # from: try it with several of the sets.
            for index in range(min(len(graph.datas), 30)):
                tries += 1
                if tries > 200:
                    return None
                case = history_along(wf, graph, (*path, (trigger, index)), at=when)
                for d in wf.deadlines(case, now=case.updated_at):
                    if d.name == rule.name and d.status == "met" and not d.late:
                        return case
    return None
