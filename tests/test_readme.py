"""The README's examples work as written: a newcomer's first contact must not fail."""

from __future__ import annotations

import re
from pathlib import Path

import caseflow

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_the_thirty_second_example_runs() -> None:
    """The first Python block of the README runs and its comments tell the truth."""
    code = blocks("python")[0]
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    case = namespace["case"]
    assert isinstance(case, caseflow.Case)
    assert case.state == "screened"


def test_the_calendar_example_loads() -> None:
    """The local calendar shown in the README is a valid calendar file."""
    calendar_block = next(b for b in blocks("yaml") if "extends: VN" in b)
    cal = caseflow.load_calendar(calendar_block)
    assert cal.is_working_day("2026-07-18")
    assert not cal.is_working_day("2026-07-15")


def test_the_setup_commands_are_marked_for_ci() -> None:
    """.ci/run finds exactly one demo and one test command in the README."""
    assert len(re.findall(r"# setup:demo$", README, flags=re.MULTILINE)) == 1
    assert len(re.findall(r"# setup:test$", README, flags=re.MULTILINE)) == 1
