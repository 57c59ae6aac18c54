"""The commands that run cases (start, fire, update, allowed, due, report, documents), and refusals.

A clerk's month from the shell alone is the walk-through of docs/cli.md,
run here as written; then every command is given a typo in each argument
and must answer with exit 1 or 2 and one clear line, no traceback and no
Python names.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from caseflow.cli import main
from tests.cli_helpers import demo_store, run

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs" / "cli.md"
RECEPTION = ROOT / "workflows" / "citizen_reception.yaml"
DENUNCIATION = ROOT / "workflows" / "denunciation.yaml"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store after `caseflow demo`: 21 sample cases of the reception workflow."""
    return str(demo_store(tmp_path_factory.mktemp("demo")))


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)


def bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("CASEFLOW_DB", None)
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


# -- the walk-through -----------------------------------------------------------------------


def test_a_clerk_runs_a_case_to_reported_and_prints_the_month_from_the_shell(
    tmp_path: Path,
) -> None:
    """docs/cli.md's walk-through runs as written: a case to reported, what is due, the papers."""
    text = DOCS.read_text(encoding="utf-8")
    walk = text[text.index("## Walk-through") :]
    script = shell_blocks(walk)[0]
    proc = bash(script, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    out = proc.stdout
    # The walk-through runs with --lang vi: the case's line and DAYS are Vietnamese.
    assert "vụ việc HS-2026-101: reported (Đã báo cáo cấp trên)" in out
    # `due` listed the brief due before the session, one day ahead.
    due_row = next(line for line in out.splitlines() if line.startswith("HS-2026-101  "))
    assert due_row.split()[-3:] == ["còn", "1", "ngày"]
    assert (tmp_path / "bao-cao" / "report-2026-05.md").is_file()
    papers = sorted(p.name for p in (tmp_path / "giay-to").glob("*.md"))
    assert papers == [
        "brief-HS-2026-101.md",
        "docket-2026-05-19.md",
        "invitations-2026-05-19.md",
        "notice-2026-05-19.md",
    ]
    notice = (tmp_path / "giay-to" / "notice-2026-05-19.md").read_text(encoding="utf-8")
    assert "Đã giải thích chính sách bồi thường" in notice
    assert "Nguyễn Văn An" not in notice  # the petitioner's name is confidential


def test_start_then_fire_in_json_gives_the_documented_shape(tmp_path: Path) -> None:
    """start and fire --format json print the case view documented in docs/cli.md."""
    db = str(tmp_path / "c.db")
    code, out, err = run(
        "start", "citizen_reception", "C-1", "--data", "kind=report", "--data", "summary=s",
        "--at", "2026-05-04T08:30", "--role", "reception_officer", "--db", db, "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    view = json.loads(out)
    assert list(view) == [
        "id", "workflow", "version", "state", "state_label", "events", "last_event", "fields",
        "allowed",
    ]  # fmt: skip
    assert view["state"] == "received"
    assert view["last_event"]["at"] == "2026-05-04T08:30:00+07:00"
    code, out, err = run(
        "fire", "C-1", "screen", "--at", "2026-05-05", "--db", db, "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["state"] == "screened"
    code, out, _ = run("allowed", "C-1", "--db", db, "--format", "json")
    assert "select" in [row["trigger"] for row in json.loads(out)["allowed"]]


def test_a_read_command_never_creates_a_store(tmp_path: Path) -> None:
    """cases, history, overdue, due, allowed, report on a missing file: refused, no file made."""
    missing = tmp_path / "case.db"
    for args in (
        ("cases",),
        ("history", "X"),
        ("overdue",),
        ("due",),
        ("allowed", "X"),
        ("fire", "X", "screen"),
        ("report", "--period", "2026-05"),
        ("export", str(tmp_path / "out.jsonl")),
    ):
        code, _, err = run(*args, "--db", f"sqlite:///{missing}")
        assert code == 1, args
        assert err == (
            f"caseflow: no store at {missing}; create one with `caseflow demo --db` or "
            "`caseflow import`\n"
        )
    assert list(tmp_path.iterdir()) == []


def test_demo_refuses_a_store_holding_other_cases_unless_forced(tmp_path: Path) -> None:
    """demo --db on a user's store with cases: refused; --force adds; a second run is refused."""
    db = str(tmp_path / "mine.db")
    code, _, err = run(
        "start", "citizen_reception", "MINE-1", "--data", "kind=report", "--data", "summary=s",
        "--at", "2026-01-05", "--db", db,
    )  # fmt: skip
    assert code == 0, err
    out = str(tmp_path / "d")
    code, _, err = run("demo", "--db", db, "--out", out)
    assert (code, err.count("\n")) == (1, 1)
    assert "holds 1 other cases" in err
    assert "--force" in err
    code, _, err = run("demo", "--db", db, "--out", out, "--force")
    assert code == 0, err
    code, _, err = run("demo", "--db", db, "--out", out, "--force")
    assert (code, err.count("\n")) == (1, 1)
    assert "already holds the demo's sample cases" in err


# -- every wrong input: one line, exit 1 or 2 ----------------------------------------------------

TYPOS: list[tuple[tuple[str, ...], int, str]] = [
    (("cases", "--state", "screend"), 1, "did you mean 'screened'?"),
    (("cases", "--workflow", "citizen"), 1, "did you mean 'citizen_reception'?"),
    (("cases", "--format", "jsn"), 2, "'jsn' is not one of"),
    (("cases", "--limit", "ten"), 2, "'ten' is not a valid integer"),
    (("history", "TV-2026-01"), 1, "no case 'TV-2026-01'"),
    (("history", "TV-2026-001", "--format", "jsn"), 2, "'jsn' is not one of"),
    (("overdue", "--now", "30/11/2026"), 1, "--now '30/11/2026' is not a valid ISO 8601"),
    (("overdue", "--workflow", "citizen_recepton"), 1, "did you mean 'citizen_reception'?"),
    (("export", "-", "--role", "nobody", "--actor", "x", "--reason", "y"), 1, "unknown role"),
    (
        ("export", "-", "--role", "reception_officer", "--actor", "x", "--reason", "y"),
        1,
        "may not read any confidential field",
    ),
    (("export", "-", "--workflow", "citizen"), 1, "did you mean 'citizen_reception'?"),
    (("export", "-", "--role", "secretary"), 2, "--role, --actor and --reason go together"),
    (("start", "citizen_recepton", "N-1"), 1, "did you mean 'citizen_reception'?"),
    (("start", "citizen_reception", "N-1", "--role", "receptionist"), 1, "unknown role"),
    (("start", "citizen_reception", "N-1", "--data", "kinds=report"), 1, "did you mean 'kind'?"),
    (("start", "citizen_reception", "N-1", "--data", "kind=complain"), 1, "'complaint'"),
    (("start", "citizen_reception", "N-1", "--data", "agencies_involved=two"), 1, "type int"),
    (("start", "citizen_reception", "N-1", "--data", "kind"), 1, "write FIELD=VALUE"),
    (("start", "citizen_reception", "N-1", "--data-file", "nope.json"), 1, "--data-file"),
    (("start", "citizen_reception", "N-1", "--at", "2026-13-01"), 1, "--at '2026-13-01'"),
    (("start", "citizen_reception", "N-1", "--format", "jsn"), 2, "'jsn' is not one of"),
    (("start", "citizen_reception", "N-1", "--lang", "fr"), 2, "'fr' is not one of"),
    (
        (
            "start",
            "citizen_reception",
            "TV-2026-001",
            "--data",
            "kind=report",
            "--data",
            "summary=s",
        ),
        1,
        "already has a case with that id",
    ),
    (("fire", "TV-2026-07", "screen"), 1, "no case 'TV-2026-07' in the store (did you mean"),
    (("fire", "TV-2026-007", "scren"), 1, "did you mean 'screen'?"),
    (("fire", "TV-2026-007", "screen", "--role", "reception_oficer"), 1, "'reception_officer'"),
    (("fire", "TV-2026-007", "select", "--data", "session_dat=2026-05-19"), 1, "'session_date'"),
    (("fire", "TV-2026-007", "screen", "--at", "2026-01-01"), 1, "earlier than the case's last"),
    (("fire", "TV-2026-007", "screen", "--at", "yesterday"), 1, "--at 'yesterday'"),
    (("update", "TV-2026-007", "--data", "wrd=x"), 1, "did you mean 'ward'?"),
    (("update", "TV-2026-007"), 2, "update needs --data or --data-file"),
    (("update", "TV-2026-007", "--data", "ward=x", "--role", "nobody"), 1, "unknown role"),
    (("allowed", "TV-2026-007", "--role", "nobody"), 1, "unknown role 'nobody'"),
    (("allowed", "TV-2026-07"), 1, "no case 'TV-2026-07' in the store (did you mean"),
    (("allowed", "TV-2026-007", "--at", "soon"), 1, "--at 'soon'"),
    (("due", "--within", "7x"), 1, "--within '7x' is not a span"),
    (("due", "--now", "tomorrow"), 1, "--now 'tomorrow'"),
    (("due", "--workflow", "citizen"), 1, "did you mean 'citizen_reception'?"),
    (("report", "--period", "2026-13"), 1, "--period '2026-13' is not a period"),
    (("report", "--period", "2026-Q5"), 1, "--period '2026-Q5' is not a period"),
    (("report", "--period", "2026-05", "--workflow", "citizen"), 1, "'citizen_reception'"),
    (("report", "--period", "2026-05", "--now", "31/05"), 1, "--now '31/05'"),
    (("report",), 2, "missing option '--period'"),
    (("start", "citizen_reception", "N-1", "--fomat", "json"), 2, "(did you mean one of"),
    (("fire",), 2, "missing argument 'CASE_ID'"),
    (("due", "--within"), 2, "option '--within' requires an argument"),
    (("cases", "extra"), 2, "got unexpected extra argument (extra)"),
    (("documents", "--session", "2026-05-20", "--out", "d"), 1, "no session on 2026-05-20"),
    (("documents", "--session", "2026-5-19", "--out", "d"), 1, "--session '2026-5-19'"),
    (
        (
            "documents",
            "--session",
            "2026-05-19",
            "--out",
            "d",
            "--for-role",
            "x",
            "--actor",
            "a",
            "--reason",
            "r",
        ),
        1,
        "unknown role",
    ),
    (
        ("documents", "--session", "2026-05-19", "--out", "d", "--for-role", "secretary"),
        2,
        "--for-role, --actor and --reason go together",
    ),
    (
        (
            "documents",
            "--session",
            "2026-03-17",
            "--out",
            "d",
            "--for-role",
            "secretary",
            "--actor",
            "a",
            "--reason",
            "r",
        ),
        1,
        "role 'secretary' may not reveal",
    ),
    (("documents", "--session", "2026-05-19"), 2, "missing option '--out'"),
    (("calendar", "--year", "26"), 1, "--year 26 is outside the years"),
    (("calendar", "--year", "1990"), 1, "--year 1990 is before the law"),
    (("calendar", "--year", "2026", "--calendar", "VNN"), 1, "did you mean 'VN'?"),
    (("schedule", str(RECEPTION), "--year", "2026", "--name", "regularr"), 1, "regularr"),
    (("deadlines", str(DENUNCIATION), "case.json", "--now", "30/11/2026"), 1, "--now '30/11"),
]


@pytest.mark.parametrize(("args", "code", "words"), TYPOS, ids=[" ".join(t[0]) for t in TYPOS])
def test_a_typo_in_any_argument_is_one_clear_line(
    demo_db: str, tmp_path: Path, args: tuple[str, ...], code: int, words: str
) -> None:
    """Each typo: the promised exit code, one message line naming the value, no Python names."""
    (tmp_path / "case.json").write_text(
        json.dumps({"id": "C", "history": [{"trigger": "start", "dest": "received",
                    "at": "2026-02-12T09:00", "changes": {"violation_kind": "duty_performance",
                    "summary": "x"}}]}),
        encoding="utf-8",
    )  # fmt: skip
    db = tmp_path / "cases.db"
    shutil.copy(demo_db, db)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        got, out, err = run(*args, env={"CASEFLOW_DB": str(db)})
    finally:
        os.chdir(cwd)
    text = out + err
    assert got == code, text
    assert "Traceback" not in text
    assert words in text
    assert err.count("\n") == 1, err
    if code == 1:
        assert err.startswith("caseflow: "), err
    else:
        command = f"caseflow {args[0]}"
        assert err.startswith(f"{command}: "), err
        assert err.endswith(f"; see {command} --help\n"), err
    assert not re.search(r"store\.\w+\(|\bwhen\b|KeyError|malformed: '", text), text


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_tells_a_usage_error_in_one_line(command: str) -> None:
    """An unknown option to any command: exit 2 and one line naming it and the help to read."""
    code, out, err = run(command, "--no-such-option")
    assert (code, out) == (2, "")
    assert err == (
        f"caseflow {command}: no such option '--no-such-option'; see caseflow {command} --help\n"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("nosuch",), "caseflow: no such command 'nosuch'; see caseflow --help\n"),
        (("--bogus",), "caseflow: no such option '--bogus'; see caseflow --help\n"),
    ],
)
def test_a_usage_error_of_the_group_is_one_line(args: tuple[str, ...], line: str) -> None:
    """An unknown command or an option of the group itself: exit 2 and one line."""
    assert run(*args) == (2, "", line)


def test_caseflow_alone_still_prints_the_help() -> None:
    """`caseflow` without a command shows the help with its commands, not a one-line error."""
    code, out, err = run()
    assert code == 2  # click's choice: no command is a usage error, answered with the help
    assert "Commands:" in out + err
    assert "Traceback" not in out + err


def test_deadlines_json_says_late_only_of_a_met_deadline(tmp_path: Path) -> None:
    """`late` is true or false for a met deadline and null for pending or overdue ones."""
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
    for now in ("2026-02-13", "2027-01-01"):
        code, out, err = run(
            "deadlines", str(DENUNCIATION), str(path), "--now", now, "--format", "json"
        )
        assert code == 0, err
        rows = json.loads(out)
        assert rows
        for row in rows:
            assert (row["late"] is None) == (row["status"] != "met"), row
    assert {row["status"] for row in rows} == {"overdue"}


def test_shell_completion_script_is_printed() -> None:
    """`_CASEFLOW_COMPLETE=bash_source caseflow` prints a bash completion script, as documented."""
    env = {**os.environ, "_CASEFLOW_COMPLETE": "bash_source"}
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "caseflow")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "complete -o nosort -F _caseflow_completion caseflow" in proc.stdout


def test_allowed_refuses_an_unknown_role_as_fire_does() -> None:
    """wf.allowed(case, role="nobody") is the InputError fire gives, not an empty tuple."""
    import caseflow

    wf = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
    case = wf.start("A", at="2026-03-02", data={"kind": "report", "summary": "s"})
    for call in (
        lambda: wf.allowed(case, role="reception_oficer"),
        lambda: wf.fire(case, "screen", at="2026-03-03", role="reception_oficer"),
    ):
        with pytest.raises(caseflow.InputError, match=r"did you mean 'reception_officer'\?"):
            call()
    assert "screen" in wf.allowed(case, role="reception_officer")


def test_papers_for_a_reader_reveal_only_the_sessions_cases_and_audit_it(
    demo_db: str, tmp_path: Path
) -> None:
    """documents --for-role: the reader sees the petitioner; only the session's cases are audited."""
    import caseflow
    from caseflow.sessions import docket_cases, plan_sessions

    db = tmp_path / "cases.db"
    shutil.copy(demo_db, db)
    with caseflow.open_store(f"sqlite:///{db}") as store:
        before = {c.id: len(store.audit(c.id)) for c in store.cases()}
    out = tmp_path / "papers"
    code, _, err = run(
        "documents", "--session", "2026-03-17", "--out", str(out), "--now", "2026-03-31",
        "--for-role", "internal_affairs_group", "--actor", "clerk", "--reason", "session file",
        "--db", str(db),
    )  # fmt: skip
    assert code == 0, err
    assert all(".internal_affairs_group." in p.name for p in out.iterdir())
    with caseflow.open_store(f"sqlite:///{db}") as store:
        wf = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
        grown = {c.id for c in store.cases() if len(store.audit(c.id)) > before[c.id]}
        march = next(s for s in plan_sessions(wf, 2026) if s.date.isoformat() == "2026-03-17")
        every = [store.load(c.id) for c in store.cases()]
        on_session = {c.id for c in docket_cases(wf, march, every)}
        assert grown == on_session
        assert len(grown) < len(every)
        brief = next(out.glob("brief-*.md")).read_text(encoding="utf-8")
        case_id = next(out.glob("brief-*.md")).name.split(".")[0].removeprefix("brief-")
        name = store.load(
            case_id,
            wf,
            reveal=caseflow.Reveal(
                actor="t", role="internal_affairs_group", reason="t", at="2026-04-01T00:00+07:00"
            ),
        ).data.get("petitioner_name")
    assert name
    assert name in brief


def test_progress_bars_show_only_when_both_outputs_are_terminals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """progress() draws a click bar on a terminal and nothing when stdout or stderr is not one."""
    from caseflow.cli import running

    for out_tty, err_tty, drawn in ((True, True, True), (False, True, False), (True, False, False)):
        monkeypatch.setattr(sys.stdout, "isatty", lambda v=out_tty: v)
        monkeypatch.setattr(sys.stderr, "isatty", lambda v=err_tty: v)
        bar = running.progress(3, "x")
        assert (type(bar).__name__ == "ProgressBar") == drawn


def test_a_step_decided_by_an_apps_python_guard_is_refused_in_one_line(tmp_path: Path) -> None:
    """allowed and fire on a workflow with a registered guard: one line, exit 1, nothing saved."""
    import importlib.util

    import caseflow

    spec = importlib.util.spec_from_file_location(
        "named_guard", ROOT / "examples" / "named_guard.py"
    )
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    wf = caseflow.load_workflow(example.WORKFLOW, guards={"identity_verified": lambda ctx: True})
    db = f"sqlite:///{tmp_path / 'app.db'}"
    with caseflow.open_store(db) as store:
        store.save(wf.start("N-1", at="2026-03-02", data={}), wf)
    for args in (("allowed", "N-1"), ("fire", "N-1", "accept", "--at", "2026-03-03")):
        code, _, err = run(*args, "--db", db)
        assert code == 1
        assert err.count("\n") == 1
        assert "a guard its app registers in Python (identity_verified)" in err
        assert "load_workflow" not in err
    with caseflow.open_store(db) as store:
        assert len(store.load("N-1").history) == 1
