"""Hypothesis strategies for workflow definitions and case data.

``workflow_specs()`` builds random *valid* workflows: every state reachable
from the initial one, every non-final state with a way out, final states
with none, and a guard on every transition but the last of a group that
shares a trigger and a source state.
"""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st

from caseflow.definition import (
    AllOf,
    Anchor,
    AnyOf,
    Condition,
    DeadlineRule,
    DeadlineVariant,
    Extension,
    Field,
    FieldTest,
    Guard,
    GuardRef,
    Label,
    Not,
    Offset,
    Role,
    State,
    Transition,
    WorkflowSpec,
)

KINDS = ("report", "complaint", "denunciation")
ROLES = ("officer", "group", "secretary")
TRIGGERS = ("screen", "select", "hear", "close", "refer", "defer")
FIELDS = (
    Field(name="kind", type="choice", choices=KINDS),
    Field(name="agencies", type="int"),
    Field(name="cadre", type="bool"),
    Field(name="petitioner", type="text", confidential=True, readers=("secretary",)),
    Field(name="received_on", type="date"),
)
spans = st.builds(
    Offset,
    amount=st.integers(0, 100),
    unit=st.sampled_from(["days", "working_days", "weeks", "months"]),
)

texts = st.text(
    alphabet=st.sampled_from("abc xyzĐđƯướịếộ-:'\"#!&*?{}[]01.\\/"), max_size=12
) | st.sampled_from(["yes", "on", "off", "null", "~", "true", "10", "1.5", "2026-02-10", ""])
labels = st.none() | st.builds(Label, vi=texts, en=texts)


@functools.cache
def field_tests() -> st.SearchStrategy[FieldTest]:
    """A comparison on one of the declared fields, with a fitting operand."""
    kind = st.one_of(
        st.builds(
            lambda v: FieldTest(path=("kind",), op="equals", value=v), st.sampled_from(KINDS)
        ),
        st.builds(
            lambda v: FieldTest(path=("kind",), op="not_in", value=tuple(v)),
            st.lists(st.sampled_from(KINDS), min_size=1, max_size=2, unique=True),
        ),
        st.builds(
            lambda op, v: FieldTest(path=("agencies",), op=op, value=v),
            st.sampled_from(["less_than", "at_most", "greater_than", "at_least", "equals"]),
            st.integers(0, 4),
        ),
        st.builds(lambda v: FieldTest(path=("cadre",), op="equals", value=v), st.booleans()),
        st.builds(lambda v: FieldTest(path=("petitioner",), op="present", value=v), st.booleans()),
    )
    return kind


@functools.cache
def conditions(guard_names: tuple[str, ...] = ()) -> st.SearchStrategy[Condition]:
    """Conditions built from field tests, guard references and all/any/not."""
    leaves: st.SearchStrategy[Condition] = field_tests()
    if guard_names:
        leaves = leaves | st.builds(lambda n: GuardRef(name=n), st.sampled_from(guard_names))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.builds(lambda xs: AllOf(items=tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda xs: AnyOf(items=tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda x: Not(item=x), inner),
        ),
        max_leaves=4,
    )


@st.composite
def workflow_specs(draw: st.DrawFn) -> WorkflowSpec:
    """A random valid workflow definition."""
    n = draw(st.integers(2, 7))
    names = [f"s{i}" for i in range(n)]
    finals = set(draw(st.sets(st.integers(1, n - 1), min_size=1, max_size=max(1, n // 2))))
    non_final = [i for i in range(n) if i not in finals]
    guards = tuple(
        Guard(name=f"g{i}", condition=draw(field_tests())) for i in range(draw(st.integers(0, 2)))
    )
    guard_names = tuple(g.name for g in guards)

    edges: list[tuple[int, int]] = []
    for i in range(1, n):
        parents = [j for j in non_final if j < i]
        edges.append((draw(st.sampled_from(parents)), i))
    for j in non_final:
        if not any(src == j for src, _ in edges):
            edges.append((j, draw(st.integers(0, n - 1))))
    extra = draw(st.lists(st.tuples(st.sampled_from(non_final), st.integers(0, n - 1)), max_size=4))
    edges.extend(extra)

    raw: list[dict[str, Any]] = []
    for src, dst in edges:
        raw.append(
            {
                "trigger": draw(st.sampled_from(TRIGGERS)),
                "src": names[src],
                "dest": names[dst],
                "when": draw(st.none() | conditions(guard_names)),
                "roles": tuple(draw(st.lists(st.sampled_from(ROLES), max_size=2, unique=True))),
            }
        )
    # Within a group sharing (source, trigger), all but the last need a guard,
    # and no two guards may be equal.
    groups: dict[tuple[str, str], list[int]] = {}
    for i, t in enumerate(raw):
        groups.setdefault((t["src"], t["trigger"]), []).append(i)
    for members in groups.values():
        for position, i in enumerate(members[:-1]):
            raw[i]["when"] = FieldTest(path=("agencies",), op="equals", value=100 + position)
        last = raw[members[-1]]
        if len(members) > 1 and last["when"] is not None:
            last["when"] = None
    transitions = tuple(
        Transition(
            trigger=t["trigger"],
            sources=(t["src"],),
            dest=t["dest"],
            when=t["when"],
            roles=t["roles"],
            label=draw(labels),
            source=draw(st.none() | texts),
        )
        for t in raw
    )
    states = tuple(
        State(name=name, initial=i == 0, final=i in finals, label=draw(labels))
        for i, name in enumerate(names)
    )
    deadlines = tuple(
        draw(deadline_rules(f"d{i}", names, transitions)) for i in range(draw(st.integers(0, 2)))
    )
    return WorkflowSpec(
        name=draw(st.sampled_from(["tiny", "reception", "complaint_flow"])),
        version=draw(st.sampled_from(["1", "2026.1", "0.1"])),
        title=draw(labels),
        roles=tuple(Role(name=r) for r in ROLES),
        fields=FIELDS,
        guards=guards,
        states=states,
        transitions=transitions,
        deadlines=deadlines,
    )


@st.composite
def deadline_rules(
    draw: st.DrawFn, name: str, states: list[str], transitions: tuple[Transition, ...]
) -> DeadlineRule:
    """A valid deadline on a workflow whose states are all reachable from states[0]."""
    runs = draw(st.lists(st.sampled_from(states), min_size=1, max_size=3, unique=True))
    rest = [s for s in states if s not in runs]
    paused = draw(st.lists(st.sampled_from(rest), max_size=2, unique=True)) if rest else []
    anchor = draw(
        st.sampled_from(
            [Anchor(kind="entered", name=states[0]), Anchor(kind="field", name="received_on")]
        )
    )
    if anchor.kind == "entered" and draw(st.booleans()):
        anchor = Anchor(kind="entered", name=states[0], occurrence="last")
    extenders = [t.trigger for t in transitions if set(t.sources) & set(runs)]
    extension = None
    if extenders and draw(st.booleans()):
        extension = Extension(
            trigger=draw(st.sampled_from(extenders)),
            by=Offset(amount=draw(st.integers(1, 60)), unit="days"),
            max=draw(st.integers(1, 3)),
            source=draw(st.none() | texts),
        )
    variants = tuple(
        DeadlineVariant(
            when=draw(field_tests()),
            offset=draw(st.none() | spans),
            max_extensions=draw(st.integers(0, 3)),
            source=draw(st.none() | texts),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    triggers = sorted({t.trigger for t in transitions})
    offset = draw(spans)
    return DeadlineRule(
        name=name,
        label=draw(labels),
        runs_in=tuple(runs),
        paused_in=tuple(paused),
        met_by=tuple(draw(st.lists(st.sampled_from(triggers), max_size=2, unique=True))),
        anchor=anchor,
        offset=Offset(
            amount=offset.amount, unit=offset.unit, direction=draw(st.sampled_from([1, -1]))
        ),
        if_day_off=draw(st.none() | st.sampled_from(["next_working_day", "keep"])),
        time=draw(st.none() | st.sampled_from(["08:00", "17:30"])),
        due_soon=draw(
            st.none() | st.builds(Offset, amount=st.integers(0, 9), unit=st.just("days"))
        ),
        variants=variants,
        extension=extension,
        source=draw(texts.filter(lambda t: t.strip() != "")),
    )


def case_data() -> st.SearchStrategy[dict[str, Any]]:
    """Data for the fields of ``workflow_specs`` (each key may be absent)."""
    return st.fixed_dictionaries(
        {},
        optional={
            "kind": st.sampled_from(KINDS),
            "agencies": st.integers(0, 5),
            "cadre": st.booleans(),
            "petitioner": st.none() | texts,
        },
    )
