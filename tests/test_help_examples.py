"""Every example in a command's --help runs as written, in a fresh folder after the demo.

The examples are read from the help texts themselves (the lines after
"Example:" or "Examples:", with backslash continuations joined, and the
"Start here" lines of `caseflow --help`), so a help text cannot drift from
what the command does. `diagram` is left to its own tests (its pipeline
needs Graphviz).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click

from caseflow.cli import main

ROOT = Path(__file__).parent.parent
SKIPPED = frozenset({"diagram"})
# Commands that write a case run before those that read it; the rest in name order.
FIRST = ("start", "fire", "update", "allowed")

CASE_JSON = """{"id": "TC-1", "history": [{"trigger": "start", "dest": "received",
 "at": "2026-02-12T09:00", "changes": {"violation_kind": "duty_performance", "summary": "x"}}]}
"""
OFFICE_CALENDAR = """caseflow: 1
name: my-office
extends: VN
days_off:
  - {date: 2026-07-15, kind: local, name_en: Office move, source: "Thông báo số 1"}
"""


def examples(help_text: str) -> list[str]:
    """The command lines under "Example(s):" or "Start here:", continuations joined."""
    out: list[str] = []
    lines = iter(help_text.splitlines())
    inside = False
    for line in lines:
        stripped = line.strip()
        if re.fullmatch(r"(Examples?|Start here):", stripped):
            inside = True
            continue
        if inside and not stripped:
            inside = False
        if inside and stripped.startswith("caseflow "):
            command = stripped
            while command.endswith("\\"):
                command = command[:-1].rstrip() + " " + next(lines).strip()
            out.append(_command_part(command))
    return out


def all_examples() -> list[str]:
    """The main group's start lines (the demo first), then each command's examples."""
    commands = main.commands
    order = [*FIRST, *sorted(set(commands) - set(FIRST))]
    found = examples(main.help or "")
    for name in order:
        if name in SKIPPED:
            continue
        found += examples(commands[name].help or "")
    return [line for line in found if line.split()[1] not in SKIPPED]


def _command_part(line: str) -> str:
    """A "Start here" line without its description (two spaces or more, then words)."""
    return re.split(r"\s{2,}", line)[0]


def test_every_command_with_a_task_has_an_example() -> None:
    """The commands that run and read cases each show at least one example."""
    for name in ("start", "fire", "update", "allowed", "due", "report", "documents", "cases"):
        command = main.commands[name]
        assert isinstance(command, click.Command)
        assert examples(command.help or ""), name


def test_the_help_examples_run_as_written(tmp_path: Path) -> None:
    """Every example line of every --help (but diagram) exits 0, in order, in one shell."""
    (tmp_path / "workflows").symlink_to(ROOT / "workflows")
    (tmp_path / "case.json").write_text(CASE_JSON, encoding="utf-8")
    (tmp_path / "my-office.yaml").write_text(OFFICE_CALENDAR, encoding="utf-8")
    lines = all_examples()
    assert lines[0].startswith("caseflow demo")
    assert len(lines) >= 15
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("CASEFLOW_DB", None)
    script = "\n".join(f"echo '>>> {i}'\n{line} > /dev/null" for i, line in enumerate(lines))
    proc = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    ran = proc.stdout.count(">>> ")
    assert proc.returncode == 0, f"{lines[ran - 1]}\n{proc.stderr}"
    assert ran == len(lines)
    assert "Traceback" not in proc.stderr
