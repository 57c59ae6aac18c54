"""The ``states`` and ``transitions`` sections: the state machine a workflow describes.

This module owns reading each state (its flags ``initial`` and ``final``)
and each transition (trigger, sources, target, guard, roles). A flag or a
source that cannot be read leaves the graph partly unknown; this module
says so in the reading's gaps, so that the graph checks (``graph``) do not
report what follows from it. A transition's ``when`` is read by ``guards``.
"""

from __future__ import annotations

from typing import Any

from caseflow.definition import RESERVED_TRIGGERS, State, Transition
from caseflow.i18n import _
from caseflow.loading.context import Reading, listing, one_as_list
from caseflow.loading.guards import read_condition
from caseflow.loading.statechart import CHART_KEYS, read_nested
from caseflow.yamlsafe import Pos, YList, YMap, describe

__all__ = ["STATE_KEYS", "TRANSITION_KEYS", "read_state", "read_transitions"]

STATE_KEYS = frozenset({"label", "initial", "final", "description", "source"}) | CHART_KEYS
TRANSITION_KEYS = frozenset(
    {"trigger", "from", "to", "when", "roles", "label", "description", "source"}
)


def read_state(reading: Reading, name: str, value: Any, key_pos: Pos, pos: Pos) -> State | None:
    """One entry of ``states``."""
    what = _("state {name!r}").format(name=name)
    m = reading.mapping(value, pos, what, allow_null=True)
    if m is None:
        return None
    reading.keys(m, what, STATE_KEYS)
    initial = reading.flag(m, "initial", what)
    final = reading.flag(m, "final", what)
    children, regions, done = read_nested(reading, m, what, read_state)
    # A flag that cannot be read leaves unknown which state is initial,
    # or whether this one may be a dead end: the checks skip those.
    if initial is None:
        reading.initial_unknown = True
    if final is None:
        reading.graph_unknown = True
    return State(
        name=name,
        label=reading.label(m, "label", what),
        initial=bool(initial),
        final=bool(final),
        description=reading.text(m, "description", what),
        source=reading.text(m, "source", what),
        states=children,
        parallel=regions,
        done=done,
        where={"": key_pos} | dict(m.key_pos),
    )


def read_transitions(reading: Reading, top: YMap) -> tuple[Transition, ...]:
    """The ``transitions`` list; a transition that cannot be read is dropped."""
    if "transitions" not in top or top["transitions"] is None:
        return ()
    raw = top["transitions"]
    if not isinstance(raw, YList):
        reading.problem(
            top.value_pos["transitions"],
            _("'transitions' must be a list of transitions, not {value}").format(
                value=describe(raw)
            ),
        )
        reading.dropped.add("transitions")
        return ()
    out = []
    for i, item in enumerate(raw):
        t = _read_transition(reading, i, item, raw.item_pos[i])
        if t is None:
            reading.dropped.add("transitions")
        else:
            out.append(t)
    return tuple(out)


def _read_transition(reading: Reading, index: int, value: Any, pos: Pos) -> Transition | None:
    what = _("transition #{n}").format(n=index + 1)
    m = reading.mapping(value, pos, what)
    if m is None:
        return None
    if isinstance(m.get("trigger"), str):
        what = _("transition #{n} ({trigger!r})").format(n=index + 1, trigger=m["trigger"])
    reading.keys(m, what, TRANSITION_KEYS, required=("trigger", "from", "to"))
    trigger = _read_trigger(reading, m, what)
    where: dict[str, Pos] = {"": pos} | dict(m.value_pos)
    sources = _read_sources(reading, m, what, where)
    dest = None
    if "to" in m:
        dest = reading.path(m["to"], m.value_pos["to"], f"{what}: target state")
    when = None
    when_unread = False
    if "when" in m and m["when"] is not None:
        when = read_condition(reading, m["when"], m.value_pos["when"], what)
        when_unread = when is None
    roles = _read_roles(reading, m, what, where)
    # A transition whose guard cannot be read is dropped rather than kept
    # unguarded, which the checks would take for a real, unguarded one.
    if trigger is None or dest is None or not sources or when_unread:
        return None
    return Transition(
        trigger=trigger,
        sources=sources,
        dest=dest,
        when=when,
        roles=roles,
        label=reading.label(m, "label", what),
        description=reading.text(m, "description", what),
        source=reading.text(m, "source", what),
        where=where,
    )


def _read_trigger(reading: Reading, m: YMap, what: str) -> str | None:
    if "trigger" not in m:
        return None
    trigger = reading.name(m["trigger"], m.value_pos["trigger"], f"{what}: trigger")
    if trigger in RESERVED_TRIGGERS:
        reading.problem(
            m.value_pos["trigger"],
            _(
                "{what}: trigger name {trigger!r} is reserved (caseflow "
                "records {value} itself); choose another name"
            ).format(what=what, trigger=trigger, value=listing(RESERVED_TRIGGERS)),
        )
        # Kept, reported: the transition's edge is still known, so the graph
        # checks (unreachable states, dead ends) run on the whole graph.
    return trigger


def _read_sources(reading: Reading, m: YMap, what: str, where: dict[str, Pos]) -> tuple[str, ...]:
    """``from``: one state or a list; each source's position goes into ``where``."""
    if "from" not in m:
        return ()
    raw = m["from"]
    sources: list[str] = []
    if not isinstance(raw, YList):
        n = reading.path(raw, m.value_pos["from"], f"{what}: source state")
        if n is not None:
            sources.append(n)
            where[f"from:{n}"] = m.value_pos["from"]
        return tuple(sources)
    if not raw:
        reading.problem(m.value_pos["from"], _("{what}: 'from' is an empty list").format(what=what))
    for i, item in enumerate(raw):
        n = reading.path(item, raw.item_pos[i], f"{what}: source state")
        if n is not None:
            sources.append(n)
            where[f"from:{n}"] = raw.item_pos[i]
        else:
            reading.graph_unknown = True
    return tuple(sources)


def _read_roles(reading: Reading, m: YMap, what: str, where: dict[str, Pos]) -> tuple[str, ...]:
    """``roles``: who may fire the transition, one role or a list (empty: anyone)."""
    if "roles" not in m or m["roles"] is None:
        return ()
    raw = one_as_list(m["roles"], m.value_pos["roles"])
    if not isinstance(raw, YList):
        reading.problem(
            m.value_pos["roles"],
            _("{what}: 'roles' must be a list of role names, not {value}").format(
                what=what, value=describe(raw)
            ),
        )
        return ()
    roles: list[str] = []
    for i, item in enumerate(raw):
        n = reading.name(item, raw.item_pos[i], f"{what}: role")
        if n is not None:
            roles.append(n)
            where[f"roles:{n}"] = raw.item_pos[i]
    return tuple(roles)
