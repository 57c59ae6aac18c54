"""``WorkflowStateMachine``: a hypothesis state machine over one workflow, checked after every step.

This module owns the stateful face of ``caseflow.testing``: a
``RuleBasedStateMachine`` whose rules start a case, fire a trigger
``wf.allowed`` permits (with a role the transition names), change data, and
let time pass, and whose invariant runs the step checks (``check_case``'s)
after every step. An app subclasses it, sets ``workflow`` (loaded with its
registered guards), and adds its own ``@rule``s and ``@invariant``s.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from caseflow.case import Case
from caseflow.errors import CaseflowError
from caseflow.testing.nesting import roles_in
from caseflow.testing.runner import STEP_CHECKS, step_checks
from caseflow.testing.strategies import case_data, field_values, instants
from caseflow.workflow import Workflow

__all__ = ["WorkflowStateMachine"]


class WorkflowStateMachine(RuleBasedStateMachine):
    """Fires allowed triggers on one case of ``workflow`` and checks the invariants after each step.

    Subclass it and set ``workflow`` (a ``caseflow.Workflow``); ``checks``
    names the step checks to run (default: all of them). ``case`` is the
    case being built; ``now`` its clock. Run it with
    ``TestCase = MyMachine.TestCase`` under pytest.
    """

    workflow: ClassVar[Workflow]
    checks: ClassVar[tuple[str, ...]] = tuple(STEP_CHECKS)

    def __init__(self) -> None:
        super().__init__()
        self.case: Case | None = None
        self.now: dt.datetime | None = None

    @initialize(data=st.data())
    def start_case(self, data: st.DataObject) -> None:
        """Start a case with generated data at a generated instant."""
        wf = self.workflow
        self.now = data.draw(instants(wf))
        values = data.draw(case_data(wf, when=self.now.date()))
        self.case = wf.start("MACHINE-1", at=self.now, data=values)

    @rule(hours=st.integers(1, 24 * 40))
    def time_passes(self, hours: int) -> None:
        """Move the clock forward (across weekends and holidays)."""
        assert self.now is not None
        self.now += dt.timedelta(hours=hours)

    @precondition(lambda self: self.case is not None)
    @rule(data=st.data())
    def fire_allowed(self, data: st.DataObject) -> None:
        """Fire one trigger that ``wf.allowed`` permits now, with a role it names."""
        wf, case = self.workflow, self.case
        assert case is not None
        assert self.now is not None
        allowed = wf.allowed(case, at=self.now)
        if not allowed:
            return
        trigger = data.draw(st.sampled_from(allowed))
        for role in roles_in(wf, case.state, trigger):
            try:
                wf.fire(case, trigger, at=self.now, role=role, actor="machine")
            except CaseflowError:
                continue
            return

    @precondition(lambda self: self.case is not None and bool(self.workflow.spec.fields))
    @rule(data=st.data())
    def change_data(self, data: st.DataObject) -> None:
        """Record a change of one field's value (``wf.update``)."""
        wf, case = self.workflow, self.case
        assert case is not None
        assert self.now is not None
        field = data.draw(st.sampled_from(wf.spec.fields))
        value: Any = data.draw(field_values(field, when=self.now.date()))
        with contextlib.suppress(CaseflowError):
            wf.update(case, at=self.now, data={field.name: value})

    @invariant()
    def invariants_hold(self) -> None:
        """The step checks hold for the case as it now stands."""
        if self.case is not None:
            step_checks(self.workflow, self.case, self.checks)
