"""What a new user found walking through issues 11 and 13 from the shell, pinned so it stays fixed.

Each test is one defect seen while trying the command line as a clerk
would (in Vietnamese, through CASEFLOW_LANG), with its fix stated as the
behaviour the command must keep.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import demo_store, run

ROOT = Path(__file__).parent.parent
RECEPTION = ROOT / "workflows" / "citizen_reception.yaml"
DENUNCIATION = ROOT / "workflows" / "denunciation.yaml"
WRONG = ROOT / "tests" / "verify_wrong" / "10_restarting_clock.yaml"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store after `caseflow demo`: 21 sample cases of the reception workflow."""
    return demo_store(tmp_path_factory.mktemp("demo"))


@pytest.mark.parametrize(
    ("args", "vietnamese"),
    [
        (("show", str(RECEPTION)), "Tiếp nhận"),
        (("diagram", str(RECEPTION)), "Tiếp nhận"),
        (("schedule", str(RECEPTION), "--year", "2026"), "tổ chức"),
        (("calendar", "--year", "2026"), "Ngày nghỉ"),
    ],
    ids=lambda a: a[0] if isinstance(a, tuple) else None,
)
def test_caseflow_lang_is_the_default_of_every_command_with_lang(
    args: tuple[str, ...], vietnamese: str
) -> None:
    """show, diagram, schedule, calendar speak CASEFLOW_LANG without --lang, as cases does."""
    code, out, err = run(*args, env={"CASEFLOW_LANG": "vi"})
    assert code == 0, err
    assert vietnamese in out
    code, out, err = run(*args, "--lang", "en", env={"CASEFLOW_LANG": "vi"})
    assert code == 0, err
    assert vietnamese not in out  # --lang still wins over the environment


def test_update_without_data_is_a_usage_error_before_any_store_is_opened(tmp_path: Path) -> None:
    """`update X` with no --data: exit 2 and one usage line, even where no store exists."""
    code, out, err = run("update", "X", "--db", str(tmp_path / "none.db"))
    assert (code, out) == (2, "")
    assert err == (
        "caseflow update: update needs --data or --data-file; see caseflow update --help\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_report_text_shows_the_kinds_and_outcomes_its_json_has(
    demo_db: Path, tmp_path: Path
) -> None:
    """The text report lists every figure of the JSON one: kinds received and outcomes too."""
    db = tmp_path / "cases.db"
    shutil.copy(demo_db, db)
    args = ("report", "--period", "2026-03", "--now", "2026-04-01", "--db", str(db))
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    figures = json.loads(out)
    assert figures["by_kind"]
    assert figures["outcomes"]
    code, out, err = run(*args)
    assert code == 0, err
    rows = [line.split() for line in out.splitlines()]
    by_kind = [int(r[-1]) for r in rows if r[:2] == ["by", "kind"]]
    outcomes = [int(r[-1]) for r in rows if r[:1] == ["outcome"]]
    assert sorted(by_kind) == sorted(figures["by_kind"].values())
    assert sorted(outcomes) == sorted(figures["outcomes"].values())


def test_a_docket_with_no_brief_deadline_says_so_under_its_heading(
    demo_db: Path, tmp_path: Path
) -> None:
    """The docket's Deadlines section is never left empty: "none" when no brief is running."""
    db = tmp_path / "cases.db"
    shutil.copy(demo_db, db)
    out = tmp_path / "papers"
    code, _, err = run(
        "documents", "--session", "2026-12-22", "--out", str(out), "--now", "2026-11-30",
        "--db", str(db),
    )  # fmt: skip
    assert code == 0, err
    text = (out / "docket-2026-12-22.md").read_text(encoding="utf-8")
    section = text.split("## Thời hạn / Deadlines\n", 1)[1].split("\n## ", 1)[0]
    assert section.strip() == "None."
    html = (out / "docket-2026-12-22.html").read_text(encoding="utf-8")
    section = html.split("<h2>Thời hạn / Deadlines</h2>", 1)[1].split("<h2>", 1)[0]
    assert "<li>" in section


def test_a_counterexample_imported_without_its_workflow_says_how_in_cli_words(
    tmp_path: Path,
) -> None:
    """import of a line whose workflow the store lacks: names --workflow FILE, no Python names."""
    code, out, _ = run("verify", str(WRONG), "--only", "due-moves-only-by-pause-extension-session")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert len(lines) == 1
    file = tmp_path / "counterexample.jsonl"
    file.write_text(lines[0] + "\n", encoding="utf-8")
    db = str(tmp_path / "scratch.db")
    code, _, err = run("import", str(file), "--db", db)
    assert code == 1
    assert "--workflow FILE" in err
    assert not re.search(r"\w+=\[|\(\)", err), err
    code, _, err = run("import", str(file), "--workflow", str(WRONG), "--db", db)
    assert (code, err) == (0, "imported 1 case\n")


def test_a_step_recorded_at_the_current_time_is_in_whole_seconds(tmp_path: Path) -> None:
    """start without --at records the clock's time to the second, without microseconds."""
    code, out, err = run(
        "start", "citizen_reception", "N-1", "--data", "kind=report", "--data", "summary=s",
        "--db", str(tmp_path / "c.db"), "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    at = json.loads(out)["last_event"]["at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", at), at


@pytest.mark.parametrize("command", ["start", "verify", "show", "diagram"])
def test_a_calendar_file_given_as_a_workflow_is_one_line_saying_so(
    command: str, tmp_path: Path
) -> None:
    """A calendar file where a workflow is expected: one FILE:1:1 line naming it, exit 1."""
    calendar = ROOT / "workflows" / "calendars" / "vn.yaml"
    args = {"start": ("start", str(calendar), "X", "--db", str(tmp_path / "c.db"))}.get(
        command, (command, str(calendar))
    )
    code, out, _ = run(*args)
    assert code == 1
    assert out == (
        f"{calendar}:1:1: this is a calendar file, not a workflow; a workflow names it with "
        "'calendar: FILE', and `caseflow validate` checks it\n"
    )
