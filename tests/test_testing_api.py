"""The public surface of caseflow.testing, pinned, and its checks documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

import caseflow
import caseflow.testing as testing

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_exactly_the_public_surface() -> None:
    """caseflow.testing's __all__ lists the promised names (in ruff's order), and each exists."""
    assert testing.__all__ == [
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
    assert all(getattr(testing, name) is not None for name in testing.__all__)


def test_every_check_has_a_unique_name_a_sentence_and_a_section_in_the_docs() -> None:
    """Each check is named once, explained in one sentence, and described in docs/verify.md."""
    names = [c.name for c in testing.CHECKS]
    assert len(names) == len(set(names))
    page = (ROOT / "docs" / "verify.md").read_text(encoding="utf-8")
    for check in testing.CHECKS:
        assert check.sentence.endswith(".")
        assert f"`{check.name}`" in page


def test_a_violation_is_an_assertion_error_naming_its_check() -> None:
    """Check functions fail the way pytest shows best: an AssertionError saying what and where."""
    error = testing.Violation("due-on-working-day", expected="a", happened="b")
    assert isinstance(error, AssertionError)
    assert "due-on-working-day" in str(error)
    assert error.sentence == testing.CHECKS[0].sentence


def test_the_state_machine_finds_a_clock_that_restarts() -> None:
    """WorkflowStateMachine checks the invariants after every step, and so catches a wrong rule."""
    wf = caseflow.load_workflow(ROOT / "tests" / "verify_wrong" / "10_restarting_clock.yaml")

    class Machine(testing.WorkflowStateMachine):
        workflow = wf

    with pytest.raises(testing.Violation) as err:
        run_state_machine_as_test(
            Machine, settings=settings(max_examples=200, deadline=None, database=None)
        )
    assert err.value.check == "due-moves-only-by-pause-extension-session"


def test_the_command_line_starts_without_hypothesis() -> None:
    """`import caseflow.cli` leaves hypothesis unloaded: only `caseflow verify` needs it."""
    import subprocess
    import sys

    code = "import sys, caseflow.cli; print('hypothesis' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "False"
