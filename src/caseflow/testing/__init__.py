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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from caseflow.testing.checks import CHECKS, DEFAULT_EXAMPLES, Check, Violation
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
    from caseflow.testing.runner import Outcome, check_case, verify
    from caseflow.testing.strategies import case_data, histories, instants


# Each name is imported from its module on first use (PEP 562), so that
# the command line can read the checks' names (``caseflow.testing.checks``)
# without importing hypothesis, which the strategies and the runner need:
# it is a fifth of every ``caseflow`` command's start-up otherwise.
_WHERE = {
    "CHECKS": "caseflow.testing.checks",
    "Check": "caseflow.testing.checks",
    "DEFAULT_EXAMPLES": "caseflow.testing.checks",
    "Outcome": "caseflow.testing.runner",
    "Violation": "caseflow.testing.checks",
    "WorkflowStateMachine": "caseflow.testing.machine",
    "case_data": "caseflow.testing.strategies",
    "check_case": "caseflow.testing.runner",
    "check_confidential_not_shown": "caseflow.testing.record_checks",
    "check_docket": "caseflow.testing.docket_checks",
    "check_due_grows_with_offset": "caseflow.testing.deadline_checks",
    "check_due_moves_only_by_pause_extension_session": "caseflow.testing.deadline_checks",
    "check_due_not_before_anchor": "caseflow.testing.deadline_checks",
    "check_due_on_working_day": "caseflow.testing.deadline_checks",
    "check_explanation_adds_up": "caseflow.testing.deadline_checks",
    "check_export_import_export": "caseflow.testing.record_checks",
    "check_pause_not_counted": "caseflow.testing.deadline_checks",
    "check_replay_equals_live": "caseflow.testing.record_checks",
    "check_store_round_trip": "caseflow.testing.record_checks",
    "histories": "caseflow.testing.strategies",
    "instants": "caseflow.testing.strategies",
    "verify": "caseflow.testing.runner",
    "workflows": "caseflow.testing.definitions",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'caseflow.testing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
