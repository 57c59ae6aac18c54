"""caseflow.testing: property-test your own workflow and deadline rules with hypothesis.

The public names below are the module's interface (pinned by
tests/test_testing_api.py); docs/verify.md explains each check. Use them
from an app's own pytest suite::

    from hypothesis import given
    from caseflow.testing import histories, check_case

    @given(histories(wf))
    def test_my_workflow_keeps_the_law(case):
        check_case(wf, case)

- strategies: ``case_data(wf)``, ``histories(wf)``, ``instants(wf)``,
  ``workflows()`` (random valid definitions, for library authors);
- ``WorkflowStateMachine``: a hypothesis ``RuleBasedStateMachine`` that
  fires allowed triggers and checks the invariants after every step;
- one function per invariant (``check_*``), each raising ``Violation`` (an
  ``AssertionError``) that names its check in ``CHECKS``;
- ``verify(wf)``: every check at once, as ``caseflow verify`` runs them.

Layer: between ``cli`` and ``workflow | render``; it uses the facade, the
store (SQLite, in memory) and the sessions, and nothing imports it but
the command line.
"""

from caseflow.testing.checks import CHECKS, Check, Violation
from caseflow.testing.deadline_checks import (
    check_due_grows_with_offset,
    check_due_moves_only_by_pause_extension_session,
    check_due_not_before_anchor,
    check_due_on_working_day,
    check_explanation_adds_up,
    check_pause_not_counted,
)
from caseflow.testing.definitions import workflows
from caseflow.testing.docket_checks import check_docket
from caseflow.testing.machine import WorkflowStateMachine
from caseflow.testing.record_checks import (
    check_confidential_not_shown,
    check_export_import_export,
    check_replay_equals_live,
    check_store_round_trip,
)
from caseflow.testing.runner import DEFAULT_EXAMPLES, Outcome, check_case, verify
from caseflow.testing.strategies import case_data, histories, instants

__all__ = [
    "CHECKS",
    "DEFAULT_EXAMPLES",
    "Check",
    "Outcome",
    "Violation",
    "WorkflowStateMachine",
    "case_data",
    "check_case",
    "check_confidential_not_shown",
    "check_docket",
    "check_due_grows_with_offset",
    "check_due_moves_only_by_pause_extension_session",
    "check_due_not_before_anchor",
    "check_due_on_working_day",
    "check_explanation_adds_up",
    "check_export_import_export",
    "check_pause_not_counted",
    "check_replay_equals_live",
    "check_store_round_trip",
    "histories",
    "instants",
    "verify",
    "workflows",
]
