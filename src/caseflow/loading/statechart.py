"""Nested and parallel states in a workflow file: reading them, and their checks.

This module owns the statechart part of the ``states`` section: a state's
``states`` (its children, one marked ``initial``), its ``parallel``
regions (each a mapping with its own ``states``), and ``done`` (where a
parallel state goes once every region is final), and the checks only a
nested definition needs: an initial child in every compound state and
region, a join that can happen, no transition into a region from outside
it, one region per trigger of a parallel state, and, over the chart's
configurations (``caseflow.charts``), states that cannot be reached and
configurations with no way out. ``states`` reads each state and calls
``read_nested``; ``reader`` runs ``check_chart`` instead of the flat
``graph.check_paths`` for a nested workflow. The vocabulary is in
docs/statecharts.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from caseflow.charts import SEP, Chart, active_in, paths
from caseflow.definition import State
from caseflow.errors import did_you_mean
from caseflow.i18n import _
from caseflow.loading.context import Checking, Reading, known_list
from caseflow.yamlsafe import Pos, YMap

__all__ = ["CHART_KEYS", "REGION_KEYS", "check_chart", "read_nested"]

CHART_KEYS = frozenset({"states", "parallel", "done"})
"""The keys a state may have to be nested: children, regions, the join."""
REGION_KEYS = frozenset({"label", "description", "source", "states"})
"""The keys of one region of a parallel state."""

StateReader = Callable[[Reading, str, Any, Pos, Pos], State | None]


def read_nested(
    reading: Reading, m: YMap, what: str, read_state: StateReader
) -> tuple[tuple[State, ...], tuple[State, ...], str | None]:
    """A state's ``states``, ``parallel`` regions and ``done``, each read if present."""
    children = reading.named_entries(m, "states", "state", read_state) if "states" in m else ()
    regions: tuple[State, ...] = ()
    if "parallel" in m:
        regions = reading.named_entries(
            m, "parallel", "region", lambda r, n, v, kp, p: _read_region(r, n, v, kp, p, read_state)
        )
    if "states" in m and "parallel" in m:
        reading.problem(
            m.key_pos["parallel"],
            _(
                "{what} has both 'states' and 'parallel'; a state either holds states "
                "(one at a time) or parallel regions (all at once)"
            ).format(what=what),
        )
    done = None
    if "done" in m and m["done"] is not None:
        done = reading.path(m["done"], m.value_pos["done"], _("{what}: 'done'").format(what=what))
        if "parallel" not in m:
            reading.problem(
                m.key_pos["done"],
                _(
                    "{what} has 'done' but no 'parallel' regions; 'done' is the join of a "
                    "parallel state, taken when every region is in a final state"
                ).format(what=what),
            )
    if (children or regions) and m.get("final") is True:
        reading.problem(
            m.key_pos["final"],
            _(
                "{what} holds states, so it cannot be 'final' itself; mark one of its "
                "simple states 'final: true'"
            ).format(what=what),
        )
    if ("states" in m or "parallel" in m) and not (children or regions):
        key = "states" if "states" in m else "parallel"
        reading.problem(
            m.value_pos[key],
            _("{what}: {key!r} is empty; remove it or give it states").format(what=what, key=key),
        )
    return children, regions, done


def _read_region(
    reading: Reading, name: str, value: Any, key_pos: Pos, pos: Pos, read_state: StateReader
) -> State | None:
    """One region of a parallel state: a label, a text, and its own ``states``."""
    what = _("region {name!r}").format(name=name)
    m = reading.mapping(value, pos, what)
    if m is None:
        return None
    reading.keys(m, what, REGION_KEYS, required=("states",))
    children = reading.named_entries(m, "states", "state", read_state) if "states" in m else ()
    if "states" in m and not children:
        return None
    return State(
        name=name,
        label=reading.label(m, "label", what),
        description=reading.text(m, "description", what),
        source=reading.text(m, "source", what),
        states=children,
        where={"": key_pos} | dict(m.key_pos),
    )


def check_chart(checking: Checking) -> None:
    """The checks of a nested workflow's states; then its configurations, if it is whole."""
    spec = checking.spec
    whole = _check_tree(checking, spec.states, "")
    known = set(paths(spec.states))
    for t in spec.transitions:
        if t.dest not in known or any(s not in known for s in t.sources):
            whole = False
            continue
        _check_into_region(checking, t.trigger, t.sources, t.dest, t.where.get("to"), spec.states)
    _check_region_triggers(checking, spec.states, "")
    if whole and not checking.problems and not checking.gaps.graph and not checking.gaps.initial:
        _check_configurations(checking)


def _check_tree(checking: Checking, states: tuple[State, ...], parent: str) -> bool:
    """Initial children and joins, state by state; False when a join names no state."""
    whole = True
    known = set(checking.states)
    for state in states:
        path = f"{parent}{SEP}{state.name}" if parent else state.name
        for holder, kids in ((state, state.states), *((r, r.states) for r in state.parallel)):
            where = path if holder is state else f"{path}{SEP}{holder.name}"
            if kids:
                _check_initial_child(checking, holder, where, kids)
        if parent and state.initial and not state.states and not state.parallel and state.final:
            checking.add(
                state.where.get("final"),
                _("state {path!r} is both initial and final").format(path=path),
            )
        if state.done is not None:
            if state.done not in known:
                whole = False
                checking.add(
                    state.where.get("done"),
                    _(
                        "parallel state {path!r} joins to unknown state {done!r}{hint}; known "
                        "states: {known}"
                    ).format(
                        path=path,
                        done=state.done,
                        hint=did_you_mean(state.done, checking.states),
                        known=known_list(checking.states),
                    ),
                )
            for region in state.parallel:
                if not _has_final(region):
                    checking.add(
                        region.where.get(""),
                        _(
                            "region {region!r} of parallel state {path!r} has no final state, "
                            "so its join 'done' can never happen; mark a state of the region "
                            "'final: true'"
                        ).format(region=region.name, path=path),
                    )
        whole = _check_tree(checking, state.states, path) and whole
        for region in state.parallel:
            whole = _check_tree(checking, region.states, f"{path}{SEP}{region.name}") and whole
    return whole


def _check_initial_child(
    checking: Checking, holder: State, path: str, kids: tuple[State, ...]
) -> None:
    initials = [k for k in kids if k.initial]
    if not initials:
        checking.add(
            holder.where.get("states"),
            _(
                "state {path!r} holds states but none is marked 'initial: true'; mark the "
                "one a case enters first (states: {names})"
            ).format(path=path, names=", ".join(k.name for k in kids)),
        )
    for extra in initials[1:]:
        checking.add(
            extra.where.get("initial"),
            _(
                "state {path!r} is also marked initial in {parent!r}; only one may be "
                "(the first is {first!r})"
            ).format(path=f"{path}{SEP}{extra.name}", parent=path, first=initials[0].name),
        )


def _has_final(state: State) -> bool:
    return any(k.final or _has_final(k) for k in (*state.states, *state.parallel))


def _regions_of(states: tuple[State, ...], parent: str) -> list[str]:
    """The path of every region, at any depth."""
    out = []
    for state in states:
        path = f"{parent}{SEP}{state.name}" if parent else state.name
        for region in state.parallel:
            out.append(f"{path}{SEP}{region.name}")
            out.extend(_regions_of(region.states, f"{path}{SEP}{region.name}"))
        out.extend(_regions_of(state.states, path))
    return out


def _check_into_region(
    checking: Checking,
    trigger: str,
    sources: tuple[str, ...],
    dest: str,
    pos: Pos | None,
    states: tuple[State, ...],
) -> None:
    """A transition into a region comes from inside it; a region is entered with its parallel."""
    regions = _regions_of(states, "")
    if dest in regions:
        # transitions' HierarchicalMachine cannot enter a region alone, and
        # entering one is entering its initial state.
        checking.add(
            pos,
            _(
                "transition {trigger!r} goes to region {dest!r}; a region is a part of a "
                "parallel state, not a state: go to one of its states"
            ).format(trigger=trigger, dest=dest),
        )
        return
    for region in regions:
        if not active_in(region, dest):
            continue
        for src in sources:
            if not active_in(region, src):
                parallel = region.rsplit(SEP, 1)[0]
                checking.add(
                    pos,
                    _(
                        "transition {trigger!r} goes to {dest!r}, inside region {region!r}, from "
                        "{src!r}, outside it; a region is entered only with its parallel "
                        "state: go to {parallel!r}"
                    ).format(trigger=trigger, dest=dest, region=region, src=src, parallel=parallel),
                )
                return


def _check_region_triggers(checking: Checking, states: tuple[State, ...], parent: str) -> None:
    """A trigger moves one region of a parallel state, never two at once."""
    for state in states:
        path = f"{parent}{SEP}{state.name}" if parent else state.name
        if state.parallel:
            seen: dict[str, str] = {}
            for t in checking.spec.transitions:
                for region in state.parallel:
                    rpath = f"{path}{SEP}{region.name}"
                    if not any(active_in(rpath, s) for s in t.sources):
                        continue
                    first = seen.setdefault(t.trigger, region.name)
                    if first != region.name:
                        checking.add(
                            t.where.get(""),
                            _(
                                "trigger {trigger!r} is defined in regions {a!r} and {b!r} of "
                                "parallel state {path!r}; a trigger moves one region at a time: "
                                "give each region its own trigger"
                            ).format(trigger=t.trigger, a=first, b=region.name, path=path),
                        )
        _check_region_triggers(checking, state.states, path)
        for region in state.parallel:
            _check_region_triggers(checking, region.states, f"{path}{SEP}{region.name}")


def _check_configurations(checking: Checking) -> None:
    """Every state can be reached; a configuration that is not final has a way out."""
    chart = Chart(checking.spec)
    for path, node in chart.nodes.items():
        if node.kind != "region" and not any(active_in(path, c) for c in chart.configurations):
            checking.add(
                node.state.where.get(""),
                _(
                    "state {path!r} cannot be reached from the initial state {initial!r}; add "
                    "a transition to it or remove it"
                ).format(path=path, initial=chart.initial),
            )
    has_way_out = {config for config, _trigger in chart.edges}
    for config in chart.configurations:
        leaf = chart.nodes[config.split("|")[0]].state
        final = chart.is_final(config)
        if final and config in has_way_out:
            checking.add(
                leaf.where.get(""),
                _(
                    "final state {config!r} has outgoing transitions (from it or a state "
                    "holding it); a final state ends the case: remove 'final: true' or the "
                    "transitions"
                ).format(config=config),
            )
        elif not final and config not in has_way_out:
            checking.add(
                leaf.where.get(""),
                _(
                    "the case can rest in {config!r} with no way out, and it is not final; add "
                    "a transition from it (or a state holding it), a join 'done', or mark it "
                    "'final: true'"
                ).format(config=config),
            )
