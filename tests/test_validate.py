"""`caseflow validate`: every problem of every file at once, calendars, folders, warnings.

The golden tests pin the whole output for files with several mistakes, so
that no mistake hides another (only the echoes the reference names are left
out); the others pin how files, folders and warnings are found and shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from caseflow.cli import main
from caseflow.errors import DefinitionError
from caseflow.loading import read_workflow
from caseflow.validation import file_kind, yaml_files
from caseflow.yamlsafe import load_yaml

ROOT = Path(__file__).parent.parent
SHIPPED = ROOT / "src" / "caseflow" / "workflows"
NAME_RULE = (
    "names are lower-case ASCII letters, digits and '_', starting with a letter, at most 64 long"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def validate(tmp_path: Path, text: str, *args: str, name: str = "w.yaml") -> tuple[int, list[str]]:
    """Write ``text`` to ``name`` in ``tmp_path``, validate it there, return (exit, lines)."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, _ = run("validate", str(tmp_path / name), *args)
    prefix = f"{tmp_path}/"
    return code, [line.replace(prefix, "") for line in out.splitlines()]


BAD_NAME = """\
caseflow: 1
name: Bad-Name
roles:
  clerk: {}
guards:
  ok: {field: x, present: true}
fields:
  x: {type: text}
states:
  received: {initial: true}
  screened: {}
  orphan: {}
  stuck: {}
  closed: {final: true}
transitions:
  - {trigger: screen, from: received, to: screend, roles: [clerck], when: nope}
  - {trigger: close, from: screened, to: closed}
  - {trigger: park, from: received, to: stuck}
"""


def test_an_invalid_name_hides_nothing(tmp_path: Path) -> None:
    """A bad workflow name is reported with the unknown state, role, guard, unreachable states and dead ends."""
    code, lines = validate(tmp_path, BAD_NAME)
    assert code == 1
    assert lines == [
        f"w.yaml:2:7: the workflow name 'Bad-Name' is not a valid name; {NAME_RULE}",
        "w.yaml:11:3: state 'screened' cannot be reached from the initial state 'received'; add a transition to it or remove it",
        "w.yaml:12:3: state 'orphan' cannot be reached from the initial state 'received'; add a transition to it or remove it",
        "w.yaml:12:3: state 'orphan' has no way out and is not final; add a transition from it or mark it 'final: true'",
        "w.yaml:13:3: state 'stuck' has no way out and is not final; add a transition from it or mark it 'final: true'",
        "w.yaml:14:3: state 'closed' cannot be reached from the initial state 'received'; add a transition to it or remove it",
        "w.yaml:16:43: transition 'screen' goes to unknown state 'screend' (did you mean 'screened'?); known states: received, screened, orphan, stuck, closed",
        "w.yaml:16:60: transition 'screen' names unknown role 'clerck' (did you mean 'clerk'?); known roles: clerk",
        "w.yaml:16:75: transition 'screen' uses unknown guard 'nope'; known guards: ok",
    ]


def test_a_reserved_trigger_hides_no_unreachable_state(tmp_path: Path) -> None:
    """A reserved trigger name is reported, and the graph it belongs to is still checked."""
    text = """\
caseflow: 1
name: reserved
states:
  received: {initial: true}
  screened: {}
  orphan: {}
  closed: {final: true}
transitions:
  - {trigger: start, from: received, to: screened}
  - {trigger: close, from: screened, to: closed}
"""
    code, lines = validate(tmp_path, text)
    assert code == 1
    assert lines == [
        "w.yaml:6:3: state 'orphan' cannot be reached from the initial state 'received'; add a transition to it or remove it",
        "w.yaml:6:3: state 'orphan' has no way out and is not final; add a transition from it or mark it 'final: true'",
        "w.yaml:9:15: transition #1 ('start'): trigger name 'start' is reserved (caseflow records migrate, reveal, start, update itself); choose another name",
    ]


def test_a_wrong_capacity_hides_no_unknown_schedule(tmp_path: Path) -> None:
    """'capacity: 0' is reported with the docket's unknown schedule."""
    text = """\
caseflow: 1
name: cap
fields:
  d: {type: date}
states:
  received: {initial: true}
  selected: {}
  closed: {final: true}
transitions:
  - {trigger: select, from: received, to: selected}
  - {trigger: close, from: selected, to: closed}
schedules:
  monthly: {every: month, weekday: tuesday, week: 2, counting: nth}
docket:
  schedule: nosuch
  eligible_in: received
  select_trigger: select
  session_field: d
  capacity: 0
"""
    code, lines = validate(tmp_path, text)
    assert code == 1
    assert lines == [
        "w.yaml:15:13: the docket fills the sessions of an unknown schedule 'nosuch'; known schedules: monthly",
        "w.yaml:19:13: the docket: 'capacity' must be a whole number from 1 to 500 (cases per session), not the number 0",
    ]


GOOD = """\
caseflow: 1
name: good
{calendar}states:
  received: {{initial: true}}
  closed: {{final: true}}
transitions:
  - {{trigger: close, from: received, to: closed}}
{schedules}"""

FIFTH_TUESDAY = """\
schedules:
  fifth: {every: month, weekday: tuesday, week: 5, counting: nth}
"""
GAP = (
    "schedule 'fifth': the Tuesday of week 5 (counting: nth) is not in every month, so some "
    "months have no session under this rule: all 28-day months; 29-day months starting on a "
    "Monday, Wednesday, Thursday, Friday, Saturday or Sunday; 30-day months starting on a "
    "Wednesday, Thursday, Friday, Saturday or Sunday; 31-day months starting on a Wednesday, "
    "Thursday, Friday or Saturday"
)


def test_a_missing_calendar_file_is_reported_at_its_key(tmp_path: Path) -> None:
    """'calendar: nosuch.yaml' names no file: reported at the key, with where it looked."""
    code, lines = validate(tmp_path, GOOD.format(calendar="calendar: nosuch.yaml\n", schedules=""))
    assert code == 1
    assert lines == [
        "w.yaml:3:11: calendar file 'nosuch.yaml' does not exist (looked for nosuch.yaml); "
        "give the path of a calendar file, relative to this workflow, or a built-in calendar "
        "such as 'VN'"
    ]


def test_a_workflow_s_calendar_file_is_validated_too(tmp_path: Path) -> None:
    """A calendar file with a problem makes the workflow that names it fail, with its lines."""
    (tmp_path / "office.yaml").write_text(
        "caseflow: 1\nname: office\nextends: VN\nofficial_years: [1990]\n", encoding="utf-8"
    )
    code, lines = validate(tmp_path, GOOD.format(calendar="calendar: office.yaml\n", schedules=""))
    assert code == 1
    assert lines == [
        "w.yaml:3:11: calendar file 'office.yaml' has 1 problem(s), listed under its name",
        "office.yaml:4:18: official_years: 1990 has no official schedule in 'VN', which this "
        "calendar extends; allowed: 2024, 2025, 2026",
    ]


def test_a_month_without_a_session_is_a_warning(tmp_path: Path) -> None:
    """A schedule that misses months warns on stdout and exits 0; --strict makes it exit 1."""
    text = GOOD.format(calendar="", schedules=FIFTH_TUESDAY)
    code, lines = validate(tmp_path, text)
    assert code == 0
    assert lines == [f"w.yaml:9:3: warning: {GAP}", "w.yaml: ok (good 1: 2 states, 1 transitions)"]
    code, lines = validate(tmp_path, text, "--strict")
    assert code == 1
    assert lines == [f"w.yaml:9:3: warning: {GAP}"]


def test_a_calendar_file_is_validated_as_a_calendar() -> None:
    """The shipped calendar files pass, read as calendars rather than as broken workflows."""
    code, out, _ = run("validate", str(SHIPPED / "calendars" / "vn.yaml"))
    assert (code, out) == (0, f"{SHIPPED / 'calendars' / 'vn.yaml'}: ok (calendar VN)\n")


def test_a_calendar_s_problems_are_all_reported(tmp_path: Path) -> None:
    """A broken calendar file gets the calendar reader's messages, all of them."""
    text = "caseflow: 1\nname: bad\nextends: VN\ndays_off:\n  - date: 2026-13-01\n    kind: local\n"
    code, lines = validate(tmp_path, text)
    assert code == 1
    assert lines == [
        "w.yaml:5:5: days_off[0] has no 'source'; every entry must cite its legal basis (the "
        'decision, announcement or law, e.g. "Công văn 2450/VPCP-KGVX ngày 12/4/2024")',
        "w.yaml:5:5: days_off[0] has no name; give name_vi (Vietnamese) and/or name_en (English)",
        "w.yaml:5:11: days_off[0].date: '2026-13-01' is not a real date: there is no month 13",
    ]


def test_a_folder_is_every_yaml_file_under_it() -> None:
    """`validate workflows` checks every workflow and, in its subfolder, every calendar."""
    code, out, _ = run("validate", str(SHIPPED))
    assert code == 0
    files = [line.split(": ok (")[0] for line in out.splitlines()]
    assert files == [str(p) for p in yaml_files(SHIPPED)]
    assert len(files) == len(list(SHIPPED.rglob("*.yaml")))
    assert f"{SHIPPED / 'calendars' / 'example-office.yaml'}: ok (calendar example-office)" in out


def test_folders_skip_hidden_entries_and_empty_ones_fail(tmp_path: Path) -> None:
    """Hidden files and folders are left out; a folder with no YAML file is a problem."""
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text("junk: [", encoding="utf-8")
    (tmp_path / ".y.yaml").write_text("junk: [", encoding="utf-8")
    code, out, err = run("validate", str(tmp_path))
    assert code == 1
    assert out == f"{tmp_path}: no .yaml or .yml file in this folder\n"
    assert err == "1 of 1 file has problems\n"


def test_every_file_is_reported_even_after_a_bad_one(tmp_path: Path) -> None:
    """One run reports the problems of every file given, then how many failed."""
    (tmp_path / "a.yaml").write_text(BAD_NAME, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("caseflow: 1\nname: b\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD.format(calendar="", schedules=""), encoding="utf-8")
    code, out, err = run("validate", str(tmp_path))
    assert code == 1
    assert out.count(f"{tmp_path / 'a.yaml'}:") == 9
    assert f"{tmp_path / 'b.yaml'}:1:1: the workflow is missing the required key 'states'" in out
    assert out.endswith(f"{tmp_path / 'c.yaml'}: ok (good 1: 2 states, 1 transitions)\n")
    assert err == "2 of 3 files have problems\n"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("caseflow: 1\nname: x\nextends: VN\n", "calendar"),
        ("caseflow: 1\nname: x\nweekend: {days: [sunday]}\n", "calendar"),
        ("caseflow: 1\nname: x\n", "workflow"),
        ("caseflow: 1\nname: x\nextends: VN\nstates: {}\n", "workflow"),
        ("- a\n", "workflow"),
    ],
)
def test_a_calendar_is_told_by_its_top_keys(text: str, kind: str) -> None:
    """A calendar-only key and no workflow-only key make a calendar; anything else is a workflow."""
    assert file_kind(load_yaml(text)) == kind


def test_a_tab_after_the_indentation_of_a_block_scalar_is_text(tmp_path: Path) -> None:
    """'description: |' whose line is two spaces, a tab, then text is valid (YAML 1.2.2)."""
    text = (
        "caseflow: 1\nname: tabbed\ndescription: |\n  \tindented with a tab\n"
        + GOOD.format(calendar="", schedules="").split("\n", 2)[2]
    )
    code, lines = validate(tmp_path, text)
    assert (code, lines) == (0, ["w.yaml: ok (tabbed 1: 2 states, 1 transitions)"])


def test_a_missing_calendar_file_is_reported_with_the_other_problems(tmp_path: Path) -> None:
    """The calendar file is checked even when the workflow has problems of its own."""
    text = GOOD.format(calendar="calendar: nosuch.yaml\n", schedules="").replace(
        "to: closed", "to: closd"
    )
    code, lines = validate(tmp_path, text)
    assert code == 1
    assert [line.split(": ")[0] for line in lines] == ["w.yaml:3:11", "w.yaml:6:3", "w.yaml:8:42"]
    assert "calendar file 'nosuch.yaml' does not exist" in lines[0]
    assert "unknown state 'closd'" in lines[2]


# A valid workflow, and mistakes that each change one line of it and have
# nothing to do with each other: together they must give exactly the
# problems each gives alone (no mistake hides another, none adds an echo).
BASE_LINES = [
    "caseflow: 1",
    "name: independent",
    "roles:",
    "  clerk: {}",
    "fields:",
    "  session_date: {type: date}",
    "guards:",
    "  ready: {field: session_date, present: true}",
    "states:",
    "  received: {initial: true}",
    "  selected: {}",
    "  closed: {final: true}",
    "transitions:",
    "  - {trigger: select, from: received, to: selected, roles: [clerk]}",
    "  - {trigger: close, from: selected, to: closed, when: ready}",
    "  - {trigger: archive, from: received, to: closed}",
    "schedules:",
    "  monthly: {every: month, weekday: tuesday, week: 2, counting: nth}",
    "docket:",
    "  schedule: monthly",
    "  eligible_in: received",
    "  select_trigger: select",
    "  session_field: session_date",
    "  capacity: 5",
    "timezone: Asia/Ho_Chi_Minh",
]
MISTAKES = {
    "bad name": (1, "name: Not-A-Name"),
    "reserved trigger": (15, "  - {trigger: update, from: received, to: closed}"),
    "unknown role": (13, "  - {trigger: select, from: received, to: selected, roles: [clerck]}"),
    "unknown guard": (14, "  - {trigger: close, from: selected, to: closed, when: redy}"),
    "zero capacity": (23, "  capacity: 0"),
    "unknown schedule": (19, "  schedule: monthy"),
    "unknown zone": (24, "timezone: Asia/Hanoi_City"),
    "bad field type": (5, "  session_date: {type: dait}"),
}


def problems_of(mistakes: list[str]) -> set[str]:
    """Every problem of the base with these mistakes made, as FILE:LINE:COL: message."""
    lines = list(BASE_LINES)
    for mistake in mistakes:
        index, line = MISTAKES[mistake]
        lines[index] = line
    try:
        read_workflow("\n".join(lines) + "\n", filename="w.yaml")
    except DefinitionError as err:
        return {str(p) for p in err.problems}
    return set()


def test_the_base_is_valid_and_each_mistake_alone_is_found() -> None:
    """The base loads; each mistake alone gives at least one problem on its own line."""
    assert problems_of([]) == set()
    for mistake, (index, _) in MISTAKES.items():
        found = problems_of([mistake])
        assert any(p.startswith(f"w.yaml:{index + 1}:") for p in found), mistake


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(sorted(MISTAKES)), min_size=2))
def test_no_mistake_hides_another(mistakes: set[str]) -> None:
    """Unrelated mistakes together give exactly the union of the problems each gives alone."""
    chosen = sorted(mistakes)
    together = problems_of(chosen)
    alone = set().union(*(problems_of([m]) for m in chosen))
    assert together == alone
