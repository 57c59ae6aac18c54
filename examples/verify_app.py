"""An app property-tests its own workflow: a WorkflowStateMachine with a registered guard.

The app's workflow declares a guard `registered: true` (whether the
petitioner's ID is in the population register); the app implements it in
Python. caseflow.testing generates legal histories of the app's workflow,
with the app's guard deciding, and checks caseflow's invariants after every
step (due dates, suspensions, explanations, replay, confidentiality); the
app adds an invariant of its own. In an app's pytest suite, the last line
of main() is just `TestIdentityFlow = IdentityFlowMachine.TestCase`.

Run: python examples/verify_app.py
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis.stateful import invariant, run_state_machine_as_test

import caseflow
from caseflow.testing import WorkflowStateMachine, verify

WORKFLOW = """
caseflow: 1
name: identity_flow
calendar: VN
timezone: Asia/Ho_Chi_Minh
fields:
  id_number: {type: text, confidential: true}
guards:
  identity_verified:
    registered: true
    description: Checked against the national population register
states:
  received: {initial: true}
  accepted: {}
  suspended: {}
  closed: {final: true}
  returned: {final: true}
transitions:
  - {trigger: accept, from: received, to: accepted, when: identity_verified}
  - {trigger: return_unverified, from: received, to: returned, when: {not: identity_verified}}
  - {trigger: suspend, from: accepted, to: suspended}
  - {trigger: resume, from: suspended, to: accepted}
  - {trigger: close, from: accepted, to: closed}
deadlines:
  resolution:
    due: 10 working days after accepted
    runs_in: [accepted]
    paused_in: [suspended]
    source: the app's own rule, for the example
"""

REGISTER = {"Nguyễn Thị Bí Mật 0001", "Trần Văn Kín 0002"}  # stands in for another system


def identity_verified(ctx: caseflow.GuardContext) -> bool:
    """True when the petitioner's ID number is in the register."""
    return ctx.data.get("id_number") in REGISTER


WF = caseflow.load_workflow(WORKFLOW, guards={"identity_verified": identity_verified})


class IdentityFlowMachine(WorkflowStateMachine):
    """caseflow's invariants after every step, and the app's own."""

    workflow = WF

    @invariant()
    def accepted_only_when_verified(self) -> None:
        """The app's rule: no case gets past reception with an unregistered ID."""
        case = self.case
        if case is not None and case.state in ("accepted", "suspended", "closed"):
            assert case.data.get("id_number") in REGISTER


def main() -> None:
    run_state_machine_as_test(
        IdentityFlowMachine,
        settings=settings(max_examples=25, stateful_step_count=15, deadline=None, database=None),
    )
    print("WorkflowStateMachine: 25 runs of up to 15 steps, every invariant held")
    outcomes = verify(WF, examples=20, seed=1)
    for outcome in outcomes:
        print(f"{'ok  ' if outcome.held else 'FAIL'} {outcome.check}")
    assert all(o.held for o in outcomes)


if __name__ == "__main__":
    main()
