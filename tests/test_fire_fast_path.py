"""fire's decided steps (one transition, no guard, no role, no limit) skip the machine, same result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caseflow
from caseflow.definition import WorkflowSpec
from caseflow.workflow import Workflow
from tests.strategies import ROLES, TRIGGERS, case_data, workflow_specs

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def outcome(wf: Workflow, case: caseflow.Case, trigger: str, role: str | None, i: int) -> Any:
    """What one fire does: the event it records, or the refusal's type and words."""
    try:
        wf.fire(case, trigger, at=T0 + dt.timedelta(hours=i), role=role)
    except caseflow.CaseflowError as err:
        return (type(err).__name__, str(err))
    return case.history[-1]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    spec=workflow_specs(),
    data=case_data(),
    steps=st.lists(
        st.tuples(st.sampled_from(TRIGGERS), st.sampled_from((None, *ROLES))), max_size=12
    ),
)
def test_decided_steps_record_what_the_machine_would(
    spec: WorkflowSpec, data: dict[str, Any], steps: list[tuple[str, str | None]]
) -> None:
    """With and without the fast path, every fire records the same event or the same refusal."""
    fast, slow = Workflow(spec), Workflow(spec)
    slow._engine.decided = {}  # every step through the transitions machine
    a = fast.start("C-1", at=T0, data=data)
    b = slow.start("C-1", at=T0, data=data)
    for i, (trigger, role) in enumerate(steps, start=1):
        assert outcome(fast, a, trigger, role, i) == outcome(slow, b, trigger, role, i)
    assert (a.state, a.data, a.history) == (b.state, b.data, b.history)


FLOW = """
caseflow: 1
name: small
version: "1"
calendar: VN
timezone: Asia/Ho_Chi_Minh
roles: {clerk: {}}
fields: {ok: {type: bool}}
states:
  a: {initial: true}
  b: {}
  c: {}
  d: {final: true}
transitions:
  - {trigger: go, from: a, to: b}
  - {trigger: check, from: b, to: c, when: {field: ok, equals: true}}
  - {trigger: sign, from: c, to: d, roles: [clerk]}
"""


def test_only_steps_nothing_can_change_are_decided() -> None:
    """A plain step is decided; a guarded or role-restricted one never is."""
    wf = caseflow.load_workflow(FLOW)
    assert wf._engine.decided == {("a", "go"): "b"}
    case = wf.start("C-1", at=T0, data={"ok": True})
    wf.fire(case, "go", at=T0)
    wf.fire(case, "check", at=T0)
    wf.fire(case, "sign", at=T0, role="clerk")
    assert [e.dest for e in case.history] == ["a", "b", "c", "d"]
