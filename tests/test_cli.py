"""The `caseflow` command: exit codes, output formats, and no tracebacks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from caseflow.cli import main
from tests.corpus import Expected, load_manifest

ROOT = Path(__file__).parent.parent
WORKFLOWS = sorted((ROOT / "src" / "caseflow" / "workflows").glob("*.yaml"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_accepts_every_shipped_workflow() -> None:
    """`caseflow validate workflows/*.yaml` exits 0 and says each file is ok."""
    assert len(WORKFLOWS) >= 3
    code, out, _ = run("validate", *map(str, WORKFLOWS))
    assert code == 0
    assert out.count(": ok (") == len(WORKFLOWS)


@pytest.mark.parametrize("entry", load_manifest(), ids=lambda e: e.name)
def test_validate_reports_each_malformed_file_at_its_place(entry: Expected) -> None:
    """Every corpus file exits 1 with FILE:LINE:COL: lines and its first problem where expected."""
    code, out, err = run("validate", str(entry.path))
    assert code == 1
    lines = out.splitlines()
    assert lines
    assert all(line.startswith(f"{entry.path}:") for line in lines)
    assert lines[0].startswith(f"{entry.path}:{entry.line}:{entry.column}: ")
    assert entry.message in lines[0]
    assert "Traceback" not in out + err


def test_validate_of_a_missing_file_is_a_clear_input_error(tmp_path: Path) -> None:
    """A path that does not exist is reported as FILE:1:1 with the reason, exit 1."""
    missing = tmp_path / "nope.yaml"
    code, out, _ = run("validate", str(missing))
    assert code == 1
    assert out == f"{missing}:1:1: cannot read the file: No such file or directory\n"


def test_usage_errors_exit_2() -> None:
    """A wrong command line is a usage error: exit 2."""
    assert run("validate")[0] == 2
    assert run("diagram", str(WORKFLOWS[0]), "--format", "jpeg")[0] == 2
    assert run("no-such-command")[0] == 2


def test_help_teaches_with_examples() -> None:
    """--help lists the commands and shows an example for each main task."""
    code, out, _ = run("--help")
    assert code == 0
    for word in ("validate", "diagram", "show", "demo", "Exit codes"):
        assert word in out
    code, out, _ = run("diagram", "--help")
    assert "dot -Tsvg" in out


def test_show_summarises_states_triggers_and_roles() -> None:
    """`caseflow show` lists states with their labels, transitions and roles (headings in vi)."""
    code, out, _ = run("show", str(ROOT / "workflows" / "citizen_reception.yaml"), "--lang", "vi")
    assert code == 0
    assert "received" in out
    assert "Bước chuyển (" in out
    assert "Vai trò (" in out
    assert "Tiếp nhận" in out or "Đã tiếp nhận" in out


def test_mermaid_diagram_names_every_state_and_transition() -> None:
    """The Mermaid output is a state diagram with every state and edge."""
    path = ROOT / "workflows" / "complaint.yaml"
    code, out, _ = run("diagram", str(path))
    assert code == 0
    assert out.startswith(("---\ntitle:", "stateDiagram-v2"))
    assert "stateDiagram-v2" in out
    assert "[*] --> received" in out


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_dot_diagram_renders_with_graphviz(path: Path, tmp_path: Path) -> None:
    """The DOT output of every shipped workflow renders to SVG with Graphviz, in both languages."""
    for lang in ("en", "vi"):
        code, out, _ = run("diagram", str(path), "--format", "dot", "--lang", lang)
        assert code == 0
        svg = subprocess.run(
            ["dot", "-Tsvg"], input=out.encode(), capture_output=True, check=False, timeout=60
        )
        assert svg.returncode == 0, svg.stderr.decode()
        assert b"<svg" in svg.stdout
        assert svg.stderr == b""


def test_demo_runs_the_sample_petitions(tmp_path: Path) -> None:
    """`caseflow demo` runs, prints the story, and never prints a confidential name."""
    from caseflow.cli.demo.samples import sample_petitions

    code, out, _ = run("demo", "--out", str(tmp_path / "demo"))
    assert code == 0
    assert "TV-2026-001" in out
    assert "refused" in out
    import datetime as dt

    for sample in sample_petitions(20, seed=2026, start=dt.date(2026, 3, 2)):
        name = sample["data"].get("petitioner_name")
        if name:
            assert name not in out


def test_module_entry_point_and_no_traceback_on_bad_input(tmp_path: Path) -> None:
    """`python -m caseflow` works, and junk input exits 1 with a message, not a traceback."""
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(os.urandom(2048))
    proc = subprocess.run(
        [sys.executable, "-m", "caseflow", "validate", str(junk)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{junk}:")
    assert "Traceback" not in proc.stdout + proc.stderr


def test_schedule_json_has_the_promised_keys_and_moves_tet() -> None:
    """`schedule --format json` lists {schedule, date, nominal, status, reason}; Tết moves February."""
    import json

    path = ROOT / "workflows" / "citizen_reception.yaml"
    code, out, _ = run("schedule", str(path), "--year", "2026", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 12
    assert all(list(r) == ["schedule", "date", "nominal", "status", "reason"] for r in rows)
    february = next(r for r in rows if r["nominal"] == "2026-02-17")
    assert february["date"] == "2026-02-24"
    assert "day off" in february["reason"]


def test_schedule_json_keeps_a_cancelled_session_as_text_does(tmp_path: Path) -> None:
    """A cancelled session is in the JSON (status "cancelled", its reason) as in the text."""
    import json

    text = (ROOT / "workflows" / "citizen_reception.yaml").read_text(encoding="utf-8")
    assert "\n    if_day_off:" in text
    cancelled = text.replace(
        "\n    if_day_off:",
        '\n    overrides:\n      - {date: 2026-03-17, cancelled: true, reason: "Hội nghị"}'
        "\n    if_day_off:",
        1,
    )
    path = tmp_path / "wf.yaml"
    path.write_text(cancelled, encoding="utf-8")
    code, out, err = run("schedule", str(path), "--year", "2026", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    march = [r for r in rows if r["nominal"] == "2026-03-17"]
    assert [(r["status"], r["reason"]) for r in march] == [("cancelled", "Hội nghị")]
    code, out, _ = run("schedule", str(path), "--year", "2026")
    assert "Hội nghị" in out


def test_schedule_ics_parses_back_with_icalendar() -> None:
    """`caseflow schedule --format ics` is an iCalendar file with one event per session."""
    import icalendar

    path = ROOT / "workflows" / "citizen_reception.yaml"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "caseflow",
            "schedule",
            str(path),
            "--year",
            "2026",
            "--format",
            "ics",
        ],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    cal = icalendar.Calendar.from_ical(proc.stdout)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 12
    assert len({str(e["UID"]) for e in events}) == 12


def test_calendar_lists_swaps_and_make_up_days_with_sources() -> None:
    """`caseflow calendar --year 2026` shows the 02/01 swap and the 10/01 make-up Saturday."""
    code, out, _ = run("calendar", "--year", "2026")
    assert code == 0
    assert "2026-01-02" in out
    assert "2026-01-10" in out
    assert "source:" in out
    code, out, _ = run("calendar", "--year", "2026", "--format", "json")
    import json

    data = json.loads(out)
    assert "2026-01-10" in [d["date"] for d in data["working_days"]]


def test_deadlines_prints_each_deadline_with_its_explanation(tmp_path: Path) -> None:
    """`caseflow deadlines WORKFLOW CASE.json` explains every running deadline; bad JSON exits 1."""
    import json

    wf_text = (ROOT / "workflows" / "denunciation.yaml").read_text(encoding="utf-8")
    if "deadlines:" not in wf_text:
        pytest.skip("the shipped denunciation workflow has no deadlines yet")
    case = {
        "id": "TC-1",
        "history": [
            {
                "trigger": "start",
                "dest": "received",
                "at": "2026-02-12T09:00",
                "changes": {"violation_kind": "duty_performance", "summary": "x"},
            }
        ],
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    code, out, _ = run(
        "deadlines", str(ROOT / "workflows" / "denunciation.yaml"), str(path), "--now", "2026-02-20"
    )
    assert code == 0, out
    assert "2026-03-02" in out
    assert "Lunar New Year" in out
    path.write_text("{not json", encoding="utf-8")
    code, _, err = run("deadlines", str(ROOT / "workflows" / "denunciation.yaml"), str(path))
    assert code == 1
    assert "not valid JSON" in err
