"""The engine checked against a simple reference model, and its properties.

The reference model below interprets a ``WorkflowSpec`` with a plain dict
and its own reading of the condition semantics, independent of the engine's
compiled closures and of ``transitions``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

import caseflow
from caseflow.definition import AllOf, AnyOf, Condition, FieldTest, GuardRef, Not, WorkflowSpec
from caseflow.loading import dump_workflow, read_workflow
from caseflow.workflow import Workflow
from tests.strategies import ROLES, TRIGGERS, case_data, workflow_specs

ZONE = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=ZONE)


class Reference:
    """A dict-based reading of a workflow spec: what *should* happen."""

    def __init__(self, spec: WorkflowSpec) -> None:
        self.spec = spec
        self.guards = {g.name: g.condition for g in spec.guards}
        self.table: dict[tuple[str, str], list[Any]] = {}
        for t in spec.transitions:
            for src in t.sources:
                self.table.setdefault((src, t.trigger), []).append(t)

    def holds(self, c: Condition, data: dict[str, Any]) -> bool:
        if isinstance(c, GuardRef):
            inner = self.guards[c.name]
            assert inner is not None
            return self.holds(inner, data)
        if isinstance(c, Not):
            return not self.holds(c.item, data)
        if isinstance(c, AllOf):
            return all(self.holds(i, data) for i in c.items)
        if isinstance(c, AnyOf):
            return any(self.holds(i, data) for i in c.items)
        assert isinstance(c, FieldTest)
        present = c.path[0] in data
        v = data.get(c.path[0])
        if c.op == "present":
            return (present and v is not None) == c.value
        if c.op == "equals":
            return present and type(v) is type(c.value) and v == c.value
        if c.op == "not_in":
            return not present or v not in c.value
        if not present or v is None or isinstance(v, bool):
            return False
        return {
            "less_than": v < c.value,
            "at_most": v <= c.value,
            "greater_than": v > c.value,
            "at_least": v >= c.value,
        }[c.op]

    def step(self, state: str, trigger: str, role: str | None, data: dict[str, Any]) -> str | None:
        """The destination, or None when the trigger is refused (no role: roles not applied)."""
        for t in self.table.get((state, trigger), []):
            if t.roles and role is not None and role not in t.roles:
                continue
            if t.when is None or self.holds(t.when, data):
                return str(t.dest)
        return None


class EngineMatchesReference(RuleBasedStateMachine):
    """Drive wf.fire/wf.allowed on random workflows and compare with the reference."""

    @initialize(spec=workflow_specs(), data=case_data())
    def load(self, spec: WorkflowSpec, data: dict[str, Any]) -> None:
        # Deadlines' extension limits are the deadline tests' business.
        spec = attrs.evolve(spec, deadlines=())
        self.wf = Workflow(spec)
        self.ref = Reference(spec)
        self.now = T0
        self.case = self.wf.start("C-1", at=self.now, data=data)
        self.expected_state = spec.initial
        self.expected_data = dict(data)
        self.expected_events = 1

    def tick(self) -> dt.datetime:
        self.now += dt.timedelta(hours=5)
        return self.now

    @rule(trigger=st.sampled_from(TRIGGERS), role=st.none() | st.sampled_from(ROLES))
    def fire(self, trigger: str, role: str | None) -> None:
        expected = self.ref.step(self.expected_state, trigger, role, self.expected_data)
        note(f"{self.expected_state} --{trigger}/{role}--> {expected}")
        if expected is None:
            with pytest.raises(caseflow.TransitionNotAllowed) as info:
                self.wf.fire(self.case, trigger, at=self.tick(), role=role)
            assert info.value.state == self.expected_state
            assert info.value.trigger == trigger
            assert trigger in info.value.reason
        else:
            self.wf.fire(self.case, trigger, at=self.tick(), role=role)
            self.expected_state = expected
            self.expected_events += 1

    @precondition(lambda self: self.expected_state not in self.wf.final_states)
    @rule(data=case_data())
    def update(self, data: dict[str, Any]) -> None:
        if not data:
            return
        self.wf.update(self.case, at=self.tick(), data=data)
        self.expected_data.update(data)
        self.expected_events += 1

    @rule(role=st.none() | st.sampled_from(ROLES))
    def allowed_is_what_the_reference_accepts(self, role: str | None) -> None:
        allowed = set(self.wf.allowed(self.case, role=role))
        expected = {
            trigger
            for trigger in TRIGGERS
            if self.ref.step(self.expected_state, trigger, role, self.expected_data) is not None
        }
        assert allowed == expected

    @invariant()
    def state_and_data_agree(self) -> None:
        if not hasattr(self, "case"):
            return
        assert self.case.state == self.expected_state
        assert self.case.data == self.expected_data
        assert len(self.case.history) == self.expected_events

    @invariant()
    def replay_rebuilds_the_same_case(self) -> None:
        if not hasattr(self, "case"):
            return
        again = self.wf.replay(self.case.id, self.case.history)
        assert again.state == self.case.state
        assert again.data == self.case.data
        assert again.history == self.case.history


TestEngineMatchesReference = EngineMatchesReference.TestCase
TestEngineMatchesReference.settings = settings(
    max_examples=60, stateful_step_count=25, deadline=None
)


@given(workflow_specs())
def test_load_dump_load_round_trips(spec: WorkflowSpec) -> None:
    """Dumping a definition to YAML and loading it back gives an equal definition."""
    text = dump_workflow(spec)
    again = read_workflow(text)
    assert again == spec
    assert dump_workflow(again) == text


@given(workflow_specs(), case_data(), st.lists(st.sampled_from(TRIGGERS), max_size=12))
def test_replay_of_a_live_run_gives_the_same_case(
    spec: WorkflowSpec, data: dict[str, Any], triggers: list[str]
) -> None:
    """Replaying the recorded history of a live run rebuilds the same state and data."""
    wf = Workflow(attrs.evolve(spec, deadlines=()))
    case = wf.start("C-1", at=T0, data=data)
    for i, trigger in enumerate(triggers):
        for role in (None, *ROLES):
            if trigger in wf.allowed(case, role=role) and role is not None:
                wf.fire(case, trigger, at=T0 + dt.timedelta(days=i), role=role)
                break
    again = wf.replay("C-1", [e.to_dict() for e in case.history])
    assert (again.state, again.data, again.history) == (case.state, case.data, case.history)


@given(workflow_specs(), st.data())
def test_replay_refuses_a_tampered_history_at_the_first_bad_event(
    spec: WorkflowSpec, data: st.DataObject
) -> None:
    """A history with one event's destination changed is refused at that event's index."""
    wf = Workflow(attrs.evolve(spec, deadlines=()))
    case = wf.start("C-1", at=T0)
    for i in range(8):
        role = data.draw(st.sampled_from(ROLES))
        options = wf.allowed(case, role=role)
        if not options:
            break
        trigger = data.draw(st.sampled_from(options))
        wf.fire(case, trigger, at=T0 + dt.timedelta(days=i), role=role)
    if len(case.history) < 2:
        return
    index = data.draw(st.integers(1, len(case.history) - 1))
    events = [e.to_dict() for e in case.history]
    events[index]["dest"] = "nowhere"
    with pytest.raises(caseflow.HistoryError) as info:
        wf.replay("C-1", events)
    assert info.value.index == index


# --- statecharts: nested and parallel states ---------------------------------------------
#
# A second reference, for nested workflows, written from the SCXML reading of
# statecharts rather than from caseflow.charts: the case is the set of every
# active state (parents included); a transition's domain is the nearest
# common proper ancestor of its source and target; it exits every active
# state under the domain and enters the target, the target's ancestors below
# the domain, and the target's default children (a target that is a region of
# the source's parallel state re-enters that region only). The
# transition taken is found by walking up from each active simple state, in
# the order the file writes them, taking the first enabled transition listed
# from that state. A parallel state whose regions are all in final states
# then takes its ``done``.


class ChartReference:
    """Statechart semantics over sets of active paths, independent of caseflow.charts."""

    def __init__(self, spec: WorkflowSpec) -> None:
        self.spec = spec
        self.kind: dict[str, str] = {}
        self.kids: dict[str, list[str]] = {}
        self.first: dict[str, str] = {}
        self.final: set[str] = set()
        self.done: dict[str, str] = {}
        self.order: list[str] = []
        self._walk(spec.states, "", in_parallel=False)

    def _walk(self, states: Any, parent: str, *, in_parallel: bool) -> None:
        for s in states:
            path = f"{parent}.{s.name}" if parent else s.name
            self.order.append(path)
            kids = list(s.parallel or s.states)
            self.kind[path] = (
                "parallel"
                if s.parallel
                else "region"
                if in_parallel
                else "compound"
                if kids
                else "simple"
            )
            self.kids[path] = [f"{path}.{k.name}" for k in kids]
            if s.states:
                first = next((k for k in s.states if k.initial), s.states[0])
                self.first[path] = f"{path}.{first.name}"
            if s.final:
                self.final.add(path)
            if s.done:
                self.done[path] = s.done
            self._walk(kids, path, in_parallel=bool(s.parallel))

    @staticmethod
    def ancestors(path: str) -> list[str]:
        """Proper ancestors, nearest first, ending with the root ''."""
        parts = path.split(".")
        return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)] + [""]

    @staticmethod
    def below(path: str, top: str) -> bool:
        return top == "" or path.startswith(top + ".")

    def default(self, path: str) -> set[str]:
        out = {path}
        if self.kind[path] == "parallel":
            for k in self.kids[path]:
                out |= self.default(k)
        elif path in self.first:
            out |= self.default(self.first[path])
        return out

    def take(self, active: set[str], src: str, dst: str) -> set[str]:
        domain = next(a for a in self.ancestors(src) if a in self.ancestors(dst))
        if domain and self.kind[domain] == "parallel":
            # Source and target in one region (or the region itself): only that
            # region is left and re-entered; the others stay where they are.
            region = next(k for k in self.kids[domain] if src == k or self.below(src, k))
            kept = {p for p in active if p != region and not self.below(p, region)}
            ups = {a for a in self.ancestors(dst) if a == region or self.below(a, region)}
            return kept | {region} | ups | self.default(dst)
        kept = {p for p in active if not self.below(p, domain)}
        entered = self.default(dst)
        for a in self.ancestors(dst):
            if a and self.below(a, domain):
                entered.add(a)
        return kept | entered

    def join(self, active: set[str]) -> set[str]:
        changed = True
        while changed:
            changed = False
            for p in self.order:
                if p in active and p in self.done:
                    simple = [a for a in active if self.below(a, p) and not self.kids[a]]
                    if all(a in self.final for a in simple):
                        active = self.take(active, p, self.done[p])
                        changed = True
                        break
        return active

    def config(self, active: set[str]) -> str:
        return "|".join(p for p in self.order if p in active and not self.kids[p])

    def start(self) -> set[str]:
        return self.default(next(s.name for s in self.spec.states if s.initial))

    def step(self, active: set[str], trigger: str, role: str | None) -> set[str] | None:
        for leaf in (p for p in self.order if p in active and not self.kids[p]):
            for state in [leaf, *self.ancestors(leaf)[:-1]]:
                for t in self.spec.transitions:
                    if t.trigger != trigger or state not in t.sources:
                        continue
                    if t.roles and role is not None and role not in t.roles:
                        continue
                    return self.join(self.take(active, state, t.dest))
        return None


def _chart_tree(draw: st.DrawFn) -> tuple[tuple[Any, ...], dict[str, list[str]]]:
    """A random tree: top states, one compound, one parallel with two regions.

    Returns the states and, by region path ('' for outside every region),
    the paths a transition may use there.
    """
    from caseflow.definition import State

    def simple(name: str, *, initial: bool = False, final: bool = False) -> State:
        return State(name=name, initial=initial, final=final)

    deep = draw(st.booleans())
    inner = (
        State(name="c", states=(simple("x", initial=True), simple("y", final=draw(st.booleans()))))
        if deep
        else simple("c")
    )
    region_a = State(name="a", states=(simple("p", initial=True), inner, simple("q", final=True)))
    region_b = State(name="b", states=(simple("p", initial=True), simple("q", final=True)))
    states = (
        simple("s0", initial=True),
        State(name="s1", states=(simple("u", initial=True), simple("v"), simple("w"))),
        State(
            name="s2",
            parallel=(region_a, region_b),
            done=draw(st.sampled_from(["s0", "s3", "s1.v"])),
        ),
        simple("s3"),
        simple("s4", final=True),
    )
    a_paths = ["s2.a", "s2.a.p", "s2.a.c", "s2.a.q"] + (["s2.a.c.x", "s2.a.c.y"] if deep else [])
    places = {
        "": ["s0", "s1", "s1.u", "s1.v", "s1.w", "s2", "s3", "s4"],
        "s2.a": a_paths,
        "s2.b": ["s2.b", "s2.b.p", "s2.b.q"],
    }
    return states, places


@st.composite
def chart_specs(draw: st.DrawFn) -> WorkflowSpec:
    """A random nested workflow whose transitions respect the loader's region rules."""
    from caseflow.definition import Role, Transition

    states, places = _chart_tree(draw)
    triggers = {"": ["go", "back", "stop"], "s2.a": ["ra", "rb"], "s2.b": ["rc", "rd"]}
    # A backbone that reaches the parallel state and moves both regions, so
    # that most histories get there; random transitions around it.
    transitions = [
        Transition(trigger="go", sources=("s0",), dest="s1"),
        Transition(trigger="go", sources=("s1",), dest="s2"),
        Transition(
            trigger="ra", sources=("s2.a.p",), dest=draw(st.sampled_from(places["s2.a"][1:]))
        ),
        Transition(trigger="rc", sources=("s2.b.p",), dest="s2.b.q"),
    ]
    for _ in range(draw(st.integers(2, 10))):
        place = draw(st.sampled_from(sorted(places)))
        pool = places[place]
        # A region is no target (the loader refuses it).
        dests = [p for p in (pool if place else places[""]) if p not in ("s2.a", "s2.b")]
        sources = tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True)))
        transitions.insert(
            draw(st.integers(0, len(transitions))),
            Transition(
                trigger=draw(st.sampled_from(triggers[place])),
                sources=sources,
                dest=draw(st.sampled_from(dests)),
                roles=tuple(draw(st.lists(st.sampled_from(ROLES), max_size=1))),
            ),
        )
    return WorkflowSpec(
        name="chart",
        roles=tuple(Role(name=r) for r in ROLES),
        states=states,
        transitions=tuple(transitions),
    )


CHART_TRIGGERS = ["go", "back", "stop", "ra", "rb", "rc", "rd"]


@settings(max_examples=150, deadline=None)
@given(
    chart_specs(),
    st.lists(
        st.tuples(st.sampled_from(CHART_TRIGGERS), st.none() | st.none() | st.sampled_from(ROLES)),
        min_size=5,
        max_size=30,
    ),
)
def test_nested_engine_matches_the_statechart_reference(
    spec: WorkflowSpec, steps: list[tuple[str, str | None]]
) -> None:
    """On random nested workflows and histories, fire, allowed and replay agree with the reference."""
    wf = Workflow(spec)
    ref = ChartReference(spec)
    active = ref.start()
    now = T0
    case = wf.start("C-1", at=now)
    assert case.state == ref.config(active)
    for trigger, role in steps:
        now += dt.timedelta(hours=1)
        expected = ref.step(active, trigger, role)
        note(f"{ref.config(active)} --{trigger}/{role}--> {expected and ref.config(expected)}")
        assert (trigger in wf.allowed(case, role=role)) == (expected is not None)
        if expected is None:
            with pytest.raises(caseflow.TransitionNotAllowed):
                wf.fire(case, trigger, at=now, role=role)
        else:
            wf.fire(case, trigger, at=now, role=role)
            active = expected
        assert case.state == ref.config(active)
    again = wf.replay("C-1", case.history)
    assert (again.state, again.history) == (case.state, case.history)
