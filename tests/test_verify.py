"""`caseflow verify` and caseflow.testing: the shipped workflows hold, the wrong ones are caught.

Every workflow in tests/verify_wrong/ names (``# breaks: CHECK``) the one
invariant it was written to break; verify must find it within the default
examples, and its counterexample must import (`caseflow import`), replay
(`wf.replay`) and still show the fault.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caseflow
from caseflow.cli import main
from caseflow.testing import (
    CHECKS,
    Violation,
    case_data,
    check_case,
    check_confidential_not_shown,
    check_docket,
    check_store_round_trip,
    histories,
    instants,
    verify,
    workflows,
)
from caseflow.testing.oracle import walk_due
from tests import legal_time_model as model

ROOT = Path(__file__).resolve().parent.parent
WRONG = sorted((ROOT / "tests" / "verify_wrong").glob("*.yaml"))
SHIPPED = sorted((ROOT / "workflows").glob("*.yaml"))


def breaks(path: Path) -> str:
    """The check a wrong workflow's header says it breaks."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# breaks: "):
            return line.removeprefix("# breaks: ").strip()
    raise AssertionError(f"{path.name} names no check")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_there_are_at_least_twelve_wrong_workflows_each_naming_a_known_check() -> None:
    """The folder holds 12 or more deliberately wrong workflows, each naming one real check."""
    names = {c.name for c in CHECKS}
    assert len(WRONG) >= 12
    assert {breaks(p) for p in WRONG} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_shipped_workflows_verify_clean(path: Path) -> None:
    """Every check holds on each shipped workflow with the default examples."""
    wf = caseflow.load_workflow(path)
    failed = [str(o.violation) for o in verify(wf) if not o.held]
    assert failed == []


def test_a_confidential_order_date_stays_hidden_in_every_language() -> None:
    """A docket ordered by a confidential date hides it from non-readers, ISO and dd/mm/yyyy."""
    wf = caseflow.load_workflow(ROOT / "tests" / "verify_right" / "confidential_order_date.yaml")
    failed = [str(o.violation) for o in verify(wf, only=("confidential-not-shown",)) if not o.held]
    assert failed == []


def _shows_the_fault(check: str, wf: caseflow.Workflow, cases: list[caseflow.Case]) -> None:
    """The replayed counterexample still breaks ``check``."""
    (first, *_rest) = cases
    if check == "docket-capacity-and-rank":
        with pytest.raises(Violation) as err:
            check_docket(wf, cases)
    elif check == "confidential-not-shown":
        with pytest.raises(Violation) as err:
            check_confidential_not_shown(wf, first)
    elif check == "store-round-trip":
        with pytest.raises(Violation) as err:
            check_store_round_trip(wf, cases)
    elif check == "way-out":
        assert first.state not in wf.final_states
        assert wf.allowed(first) == ()
        return
    elif check in ("state-reachable", "trigger-possible", "pause-resumes", "deadline-meetable"):
        assert first.state in wf.states  # a structural fault: the case stops where data leaves it
        return
    else:
        with pytest.raises(Violation) as err:
            check_case(wf, first, [check])
    assert err.value.check == check


@pytest.mark.parametrize("path", WRONG, ids=lambda p: p.name)
def test_each_wrong_workflow_is_caught_with_a_counterexample_that_imports(
    path: Path, tmp_path: Path
) -> None:
    """verify fails on the named check; its JSON Lines import and replay and show the fault."""
    check = breaks(path)
    code, out = run("verify", str(path), "--only", check, "--format", "json")
    assert code == 1, out
    (report,) = json.loads(out)
    assert report["check"] == check
    assert not report["held"]
    assert f"--only {check}" in report["reproduce"]
    assert "--seed 0" in report["reproduce"]
    lines = report["counterexample"]
    assert lines
    jsonl = tmp_path / "counterexample.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'cases.db'}"
    code, out = run("import", str(jsonl), "--workflow", str(path), "--db", db)
    assert code == 0, out
    wf = caseflow.load_workflow(path)
    cases = []
    for line in lines:
        data = json.loads(line)
        case = wf.replay(data["id"], data["history"])
        assert case.state == data["state"]
        cases.append(case)
    _shows_the_fault(check, wf, cases)


def test_a_run_is_repeatable_under_its_seed() -> None:
    """The same file and seed give the same report, counterexample included."""
    path = str(WRONG[0])
    first = run("verify", path, "--seed", "7", "--format", "json")
    assert first == run("verify", path, "--seed", "7", "--format", "json")


def test_the_text_report_says_what_was_expected_and_how_to_reproduce() -> None:
    """A failure prints the check's sentence, expected, happened, the JSON Lines and the command."""
    code, out = run("verify", str(WRONG[0]))
    assert code == 1
    for words in ("FAIL  due-not-before-anchor", "expected:", "happened:", '{"id":', "reproduce:"):
        assert words in out
    assert "Traceback" not in out


def test_usage_errors_exit_2() -> None:
    """An unknown check name is a usage error."""
    code, out = run("verify", str(SHIPPED[0]), "--only", "no-such-check")
    assert code == 2
    assert "no-such-check" in out


def test_a_wrong_file_exits_1_without_a_traceback(tmp_path: Path) -> None:
    """A file that does not load is reported like `caseflow validate` reports it."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("caseflow: 1\nname: x\n", encoding="utf-8")
    code, out = run("verify", str(bad))
    assert code == 1
    assert "Traceback" not in out


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.nested_given])
@given(workflows())
def test_generated_workflows_verify_clean(wf: caseflow.Workflow) -> None:
    """The random valid definitions of workflows() hold every invariant."""
    assert [str(o.violation) for o in verify(wf, examples=8) if not o.held] == []


_DAYS = st.dates(dt.date(2024, 1, 2), dt.date(2026, 9, 30))


@settings(max_examples=300, deadline=None)
@given(
    anchor=_DAYS,
    amount=st.integers(0, 60),
    working=st.booleans(),
    pause=st.none() | st.tuples(st.integers(0, 40), st.integers(0, 20)),
    extend=st.integers(0, 30),
)
def test_the_oracle_agrees_with_the_test_suites_reference_model(
    anchor: dt.date,
    amount: int,
    working: bool,
    pause: tuple[int, int] | None,
    extend: int,
) -> None:
    """caseflow.testing's day walk gives the due day tests/legal_time_model.py gives."""
    events: list[tuple[str, dt.date, int]] = [("extend", anchor, extend)] if extend else []
    if pause is not None:
        start = anchor + dt.timedelta(days=pause[0])
        events += [("pause", start, 0), ("resume", start + dt.timedelta(days=pause[1]), 0)]
    cal = caseflow.calendar("VN")
    got = walk_due(
        anchor, amount, is_working_day=cal.is_working_day, working_days=working, events=events
    )
    clock = model.Clock(
        anchor,
        amount,
        working,
        tuple((k, d, g) if k == "extend" else (k, d) for k, d, g in events),
    )
    try:
        want = model.evaluate(clock, dt.date(2026, 12, 31))
    except ValueError:
        return  # past the model's table of days off
    assert got == want.due


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_histories_are_legal_and_replay(data: st.DataObject) -> None:
    """A generated history imports as live firings would have been checked, and replays equal."""
    wf = caseflow.load_workflow(SHIPPED[3])
    case = data.draw(histories(wf))
    assert not wf.check_history(case.id, case.history).problems
    again = wf.replay(case.id, case.history)
    assert (again.state, again.data) == (case.state, case.data)
    times = [e.at for e in case.history]
    assert times == sorted(times)


def test_a_workflow_with_registered_guards_is_sent_to_the_python_api(tmp_path: Path) -> None:
    """The command line cannot run an app's Python guards: it says so and where to go."""
    path = tmp_path / "registered.yaml"
    path.write_text(
        "caseflow: 1\nname: reg\nguards:\n  ok_by_app: {registered: true}\n"
        "states:\n  open: {initial: true}\n  closed: {final: true}\n"
        "transitions:\n  - {trigger: close, from: open, to: closed, when: ok_by_app}\n",
        encoding="utf-8",
    )
    code, out = run("verify", str(path))
    assert code == 1
    assert "ok_by_app" in out
    assert "caseflow.testing.verify" in out


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_case_data_is_valid_starting_data(path: Path) -> None:
    """Every value case_data draws is accepted by wf.start, and required fields are always there."""
    wf = caseflow.load_workflow(path)
    required = {f.name for f in wf.spec.fields if f.required}

    @settings(max_examples=50, deadline=None)
    @given(case_data(wf), instants(wf))
    def check(data: dict[str, object], at: dt.datetime) -> None:
        assert required <= set(data)
        case = wf.start("DATA-1", at=at, data=data)
        assert case.history[0].at.utcoffset() == dt.timedelta(hours=7)

    check()
