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
