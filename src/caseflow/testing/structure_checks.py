"""The structural checks: reachable states, possible triggers, ways out, pauses, meetable deadlines.

This module owns judging a workflow's ``Graph`` (``caseflow.testing.structure``)
built from generated data: what no data reaches or allows is a violation
whose counterexample is a history to the nearest state data does reach;
a state with no way out for some data is shrunk by hypothesis to the
simplest such data. Each result is a ``Violation`` or None, by check name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
from hypothesis import given, seed

from caseflow.case import Case
from caseflow.errors import CaseflowError
from caseflow.i18n import _
from caseflow.testing.checks import Violation
from caseflow.testing.nesting import active, covers, named_states, takes
from caseflow.testing.running import run_checked, settings_for
from caseflow.testing.strategies import case_data
from caseflow.testing.structure import (
    Graph,
    build_graph,
    history_along,
    meets_in_time,
    moves_of,
    start_instant,
)
from caseflow.workflow import Workflow

__all__ = ["sample_graph", "structure_outcomes"]


def sample_graph(wf: Workflow, examples: int, seed_: int) -> Graph:
    """The graph of ``wf`` under ``examples`` generated sets of data (repeatable by ``seed_``)."""
    datas: list[Mapping[str, Any]] = []

    @settings_for(examples, shrink=False)
    @seed(seed_)
    @given(case_data(wf, when=start_instant(wf).date()))
    def collect(data: Mapping[str, Any]) -> None:
        datas.append(data)

    collect()
    return build_graph(wf, datas)


def _witness(wf: Workflow, graph: Graph, state: str) -> Case:
    return history_along(wf, graph, graph.paths.get(state, ()))


def _unreached(wf: Workflow, graph: Graph) -> Violation | None:
    # Every state the file names: a parent or a region is reached when one
    # of its children is (a nested workflow's graph is over configurations).
    spec = wf.spec
    missing = [n for n in named_states(wf) if not any(active(spec, n, c) for c in graph.paths)]
    if not missing:
        return None
    # The witness: a reached configuration a transition into the state (or
    # into one of its children) leaves from.
    sources = [
        config
        for t in spec.transitions
        if active(spec, missing[0], t.dest)
        for src in t.sources
        for config in graph.paths
        if active(spec, src, config)
    ]
    return Violation(
        "state-reachable",
        expected=_("state {state!r} reached for some data").format(state=missing[0]),
        happened=_("no data of {n} tried reaches it").format(n=len(graph.datas)),
        cases=[_witness(wf, graph, sources[0] if sources else wf.initial)],
    )


def _impossible(wf: Workflow, graph: Graph) -> Violation | None:
    # A transition is possible when, in a reachable configuration where it
    # is the one its trigger takes, some data allows that step.
    for t in wf.spec.transitions:
        for src in t.sources:
            tried = [
                (config, dest)
                for config in graph.paths
                for tt, s, dest in takes(wf, config, t.trigger)
                if tt is t and s == src
            ]
            if tried and not any(
                (t.trigger, dest) in {(m[0], m[1]) for m in graph.moves.get(config, ())}
                for config, dest in tried
            ):
                return Violation(
                    "trigger-possible",
                    expected=_("trigger {trigger!r} allowed from {state!r} for some data").format(
                        trigger=t.trigger, state=src
                    ),
                    happened=_("no data of {n} tried allows it").format(n=len(graph.datas)),
                    cases=[_witness(wf, graph, tried[0][0])],
                )
    return None


def _no_way_out(wf: Workflow, graph: Graph, examples: int, seed_: int) -> Violation | None:
    states = [s for s in graph.paths if s not in wf.final_states]
    at = start_instant(wf)

    def test(data: Mapping[str, Any]) -> None:
        try:
            base = wf.start("EXPLORE", at=at, data=data)
        except CaseflowError:
            return
        for state in states:
            if not moves_of(wf, base, state, at) and not _after_one_more_fact(
                wf, graph, base, state
            ):
                raise Violation(
                    "way-out",
                    expected=_("a trigger allowed in state {state!r}").format(state=state),
                    happened=_("none is allowed for the case's data"),
                    cases=[history_along(wf, graph, graph.paths[state], then=base.data)],
                )

    return run_checked(case_data(wf), test, examples, seed_)


def _after_one_more_fact(wf: Workflow, graph: Graph, base: Case, state: str) -> bool:
    """Whether recording one field the case has no value for yet opens a way out of ``state``.

    Waiting for a fact (an agency's result) is a way out; changing a fact
    already recorded is a correction, not the way forward.
    """
    at = start_instant(wf)
    for field in wf.spec.fields:
        if base.data.get(field.name) is not None:
            continue
        values = {
            repr(d[field.name]): d[field.name] for d in graph.datas if d.get(field.name) is not None
        }
        for value in values.values():
            trial = attrs.evolve(base, data={**base.data, field.name: value})
            if moves_of(wf, trial, state, at):
                return True
    return False


def _unresumable(wf: Workflow, graph: Graph) -> Violation | None:
    spec = wf.spec
    for rule in spec.deadlines:
        for paused in rule.paused_in:
            stuck = [
                c
                for c in graph.paths
                if active(spec, paused, c)
                and not any(covers(spec, rule.runs_in, r) for r in graph.reach_from(c))
            ]
            if stuck:
                return Violation(
                    "pause-resumes",
                    expected=_("a way back from {state!r} to {runs}").format(
                        state=paused, runs=", ".join(rule.runs_in)
                    ),
                    happened=_(
                        "the clock of {name!r} can be suspended there and never resumed"
                    ).format(name=rule.name),
                    cases=[_witness(wf, graph, stuck[0])],
                )
    return None


def _unmeetable(wf: Workflow, graph: Graph) -> Violation | None:
    spec = wf.spec
    for rule in spec.deadlines:
        runs = [c for c in wf.states if covers(spec, rule.runs_in, c)]
        if rule.anchor.kind == "session" or set(runs) <= wf.final_states:
            # Counted back from a session (the session's conclusion meets it),
            # or a period kept in a final state (retention): not a task to finish.
            continue
        if meets_in_time(wf, rule, graph) is not None:
            continue
        where = next((c for c in graph.paths if c in runs), wf.initial)
        return Violation(
            "deadline-meetable",
            expected=_("a path on which deadline {name!r} is met on time").format(name=rule.name),
            happened=_("none found from state {state!r}").format(state=where),
            cases=[_witness(wf, graph, where)],
        )
    return None


def structure_outcomes(
    wf: Workflow, examples: int, seed_: int, names: set[str]
) -> dict[str, Violation | None]:
    """The structural checks ``names`` on ``wf``, each a violation or None."""
    # Exploring one set of data is cheap (no deadlines): twenty times the examples.
    graph = sample_graph(wf, examples * 20, seed_)
    if not graph.datas:
        return {}
    judges: dict[str, Callable[[], Violation | None]] = {
        "state-reachable": lambda: _unreached(wf, graph),
        "trigger-possible": lambda: _impossible(wf, graph),
        "way-out": lambda: _no_way_out(wf, graph, examples, seed_),
        "pause-resumes": lambda: _unresumable(wf, graph),
        "deadline-meetable": lambda: _unmeetable(wf, graph),
    }
    return {name: judge() for name, judge in judges.items() if name in names}
