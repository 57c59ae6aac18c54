"""Issue 10, "Import trusts what it should check": every fault found, as a regression test.

Import checks every event as a live fire would have (field values,
choices, declared names, roles, declarative guards on the data as it was
then), reports every bad line at once naming the line, the case and the
event, imports nothing then, and never lets a bare Python exception out,
whatever the bytes. Store tests run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caseflow
from caseflow.cli.store import COMMANDS
from caseflow.errors import CaseflowError, HistoryError, ImportRefused, InputError, StoreError
from caseflow.store import Store, open_store
from caseflow.store import lines as line_reader
from caseflow.store.jsonl import case_line, line_text
from caseflow.workflow import Workflow
from tests.store_helpers import T0, at, main_path, petition, reception, store, store_url
from tests.strategies import case_data, workflow_specs

_ = (store, store_url)  # fixtures

TINY = """
caseflow: 1
name: tiny
version: "3"
timezone: Asia/Ho_Chi_Minh
roles: {clerk: {}, head: {}}
fields:
  kind: {type: choice, choices: [report, complaint], required: true}
  agencies: {type: int}
  received_on: {type: date}
guards:
  is_complaint: {field: kind, equals: complaint}
  several_agencies: {field: agencies, at_least: 2}
  signed: SIGNED
states:
  open: {initial: true}
  review: {}
  escalated: {}
  closed: {final: true}
transitions:
  - {trigger: triage, from: open, to: escalated, when: [is_complaint, several_agencies]}
  - {trigger: triage, from: open, to: review}
  - {trigger: close, from: [review, escalated], to: closed, roles: [head], when: signed}
"""


def tiny(registered: bool = False) -> Workflow:
    """TINY with ``signed`` declarative, or registered (the app's Python code)."""
    signed = "{registered: true}" if registered else "{field: agencies, at_most: 9}"
    guards = {"signed": lambda ctx: True} if registered else None
    return caseflow.load_workflow(TINY.replace("SIGNED", signed), guards=guards)


def shipped() -> Workflow:
    """The shipped reception workflow, with its brief deadline anchored on session_date."""
    return caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))


def line_of(case: caseflow.Case) -> dict[str, Any]:
    """The export line of a live case, as a dict to spoil."""
    return json.loads(line_text(case_line(case, [case.version] * len(case.history))))


def reception_line(case_id: str = "TV-1", steps: int = 2) -> dict[str, Any]:
    """A reception case fired live ``steps`` steps (no confidential ID number)."""
    case = petition(case_id, shipped(), id_number=False)
    main_path(shipped(), case, steps)
    return line_of(case)


def with_update(line: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``line`` with one more ``update`` event setting ``changes`` (and its data agreeing)."""
    spoilt = copy.deepcopy(line)
    last = spoilt["history"][-1]
    spoilt["history"].append(
        {
            "trigger": "update",
            "source": last["dest"],
            "dest": last["dest"],
            "at": "2026-03-20T08:30:00+07:00",
            "changes": changes,
        }
    )
    spoilt["data"].update(changes)
    return spoilt


def refused(s: Store, lines: list[Any], wf: Workflow | None = None) -> ImportRefused:
    """The error importing ``lines`` gives; the store is checked to stay empty."""
    texts = [x if isinstance(x, (str, bytes)) else json.dumps(x) for x in lines]
    with pytest.raises(ImportRefused) as info:
        s.import_jsonl(texts, workflows=[wf or shipped()])
    assert s.count() == 0
    return info.value


# -- the data a history records is checked like a live fire's ------------------------------


def test_import_refuses_a_step_its_declarative_guard_did_not_allow(store: Store) -> None:
    """A screened anonymous petition: 'identified' did not hold then, so the step is refused."""
    line = reception_line()
    line["history"][0]["changes"]["anonymous"] = True
    line["data"]["anonymous"] = True
    err = refused(store, [line])
    assert str(err).startswith(
        "line 1: case 'TV-1', event 1: the step was not allowed by the data as it was then: "
        "trigger 'screen' from state 'received' refused: guard 'identified' is false"
    )
    assert err.problems[0].case_id == "TV-1"
    assert err.problems[0].event == 1


def test_import_refuses_a_destination_a_live_fire_would_not_have_taken(store: Store) -> None:
    """With the data of the time, 'triage' goes to 'escalated'; a history saying 'review' lies."""
    wf = tiny()
    case = wf.start("T-1", at=T0, data={"kind": "complaint", "agencies": 1})
    wf.fire(case, "triage", at=at(1))
    line = line_of(case)
    line["history"][0]["changes"]["agencies"] = 3
    line["data"]["agencies"] = 3
    err = refused(store, [line], wf)
    assert "event 1: 'triage' was recorded going to 'review', but on the data as it was then " in (
        str(err)
    )
    assert "a live fire goes to 'escalated'" in str(err)


def test_import_refuses_a_choice_outside_its_choices(store: Store) -> None:
    """session_kind 'weird' is named with the choices allowed."""
    err = refused(store, [with_update(reception_line(), {"session_kind": "weird"})])
    assert str(err) == (
        "line 1: case 'TV-1', event 3: field 'session_kind' is 'weird'; allowed: regular, "
        "ad_hoc; nothing was imported"
    )


def test_import_refuses_an_undeclared_field(store: Store) -> None:
    """A field the workflow does not declare is named, with the fields it does."""
    err = refused(store, [with_update(reception_line(), {"colour": "red"})])
    assert "line 1: case 'TV-1', event 3: unknown field 'colour' for workflow" in str(err)
    assert "known fields: agencies_disagree" in str(err)


def test_import_refuses_a_date_field_holding_garbage(store: Store) -> None:
    """session_date 'garbage' is refused at import, so the deadline index never sees it."""
    err = refused(store, [with_update(reception_line(), {"session_date": "garbage"})])
    assert "line 1: case 'TV-1', event 3: field 'session_date' 'garbage' is not a valid" in str(err)


def test_import_refuses_a_date_field_holding_a_number(store: Store) -> None:
    """session_date 20260317 (a number) is refused instead of silently dropping the brief."""
    err = refused(store, [with_update(reception_line(), {"session_date": 20260317})])
    assert "event 3: field 'session_date' must be a date" in str(err)
    assert "not int 20260317" in str(err)


def test_import_refuses_a_role_the_workflow_does_not_have(store: Store) -> None:
    """A recorded role that is not one of the workflow's is named with the known roles."""
    line = reception_line()
    line["history"][0]["role"] = "janitor"
    err = refused(store, [line])
    assert "event 0: role 'janitor' is not a role of workflow 'citizen_reception'" in str(err)


def test_import_refuses_an_update_that_changes_nothing(store: Store) -> None:
    """A live update needs data; an update event with no changes is refused."""
    err = refused(store, [with_update(reception_line(), {})])
    assert "event 3: an update event must change data" in str(err)


def test_a_confidential_value_in_a_bad_field_is_never_quoted(store: Store) -> None:
    """A wrong value in a confidential field is reported without the value."""
    err = refused(store, [with_update(reception_line(), {"petitioner_name": 4242})])
    assert "field 'petitioner_name' (confidential)" in str(err)
    assert "4242" not in str(err)


# -- every bad line at once ---------------------------------------------------------------


def test_import_reports_every_bad_line_at_once_and_imports_nothing(store: Store) -> None:
    """Three bad lines among good ones: all three are named, in line order, none imported."""
    good = [reception_line(f"TV-{n}") for n in range(1, 4)]
    lines: list[Any] = [
        good[0],
        with_update(reception_line("TV-8"), {"session_kind": "weird"}),
        good[1],
        "{oops",
        good[2],
        b"\xff\xfe not text\n",
    ]
    err = refused(store, lines)
    assert [p.line for p in err.problems] == [2, 4, 6]
    assert str(err).startswith("3 problems in the file; nothing was imported:\nline 2: ")
    assert isinstance(err, StoreError)
    assert isinstance(err, InputError)


def test_a_case_already_stored_is_reported_with_the_other_bad_lines(store: Store) -> None:
    """Cases already in the store and bad lines are reported together."""
    first = reception_line("TV-1")
    store.import_jsonl([json.dumps(first)], workflows=[shipped()])
    bad = with_update(reception_line("TV-2"), {"colour": "red"})
    with pytest.raises(ImportRefused) as info:
        store.import_jsonl([json.dumps(bad), json.dumps(first)], workflows=[shipped()])
    assert [p.line for p in info.value.problems] == [1, 2]
    assert "case 'TV-1' is already in the store" in str(info.value)
    assert store.count() == 1


def test_a_flood_of_bad_lines_is_reported_with_a_count(store: Store) -> None:
    """Past MAX_PROBLEMS the rest are counted, so the message stays readable."""
    err = refused(store, ["{oops"] * 150)
    assert len(err.problems) == 100
    assert err.more == 50
    assert str(err).endswith("... and 50 more")


# -- bytes that used to crash ---------------------------------------------------------------


def test_invalid_utf8_on_line_3_names_line_3(store: Store) -> None:
    """Bytes that are not UTF-8 are named by line and byte, not an internal error."""
    good = json.dumps(reception_line()).encode()
    err = refused(store, [good.replace(b"TV-1", b"TV-2"), b"\n", b'{"id": "\xc3\x28"}\n'])
    assert str(err) == (
        "line 3: the line is not valid UTF-8: byte 0xc3 at byte 9 cannot be decoded; save "
        "the file as UTF-8; nothing was imported"
    )


def test_a_lone_surrogate_escape_names_the_line_and_the_case(store: Store) -> None:
    """'\\ud800' in JSON is refused naming where it is, not a UnicodeEncodeError."""
    text = json.dumps(reception_line()).replace('"cb01"', '"a\\ud800b"')
    err = refused(store, [text])
    assert str(err).startswith(
        "line 1: case 'TV-1': history[0].actor holds a lone surrogate escape"
    )


def test_a_lone_surrogate_in_text_lines_is_refused(store: Store) -> None:
    """A str line holding a raw surrogate is refused before the database sees it."""
    text = json.dumps(reception_line(), ensure_ascii=False).replace("cb01", "a\ud800b")
    err = refused(store, [text])
    assert "line 1: the line holds a lone surrogate (U+D800)" in str(err)


def test_a_valid_surrogate_pair_escape_imports(store: Store) -> None:
    """An escaped emoji (a surrogate pair) is a character, and imports."""
    text = json.dumps(reception_line()).replace('"cb01"', '"cb\\ud83d\\ude00"')
    assert store.import_jsonl([text], workflows=[shipped()]) == 1


def test_json_nested_100000_deep_is_refused(store: Store) -> None:
    """Deep nesting is refused by its depth, never a RecursionError."""
    err = refused(store, ["[" * 100_000 + "]" * 100_000])
    assert str(err) == (
        "line 1: the line's JSON nests deeper than 64 levels, the most an import reads; "
        "nothing was imported"
    )


def test_data_nested_900_deep_is_refused(store: Store) -> None:
    """A deeply nested data value inside a real case is refused too."""
    line = reception_line()
    deep: Any = 1
    for _ in range(900):
        deep = [deep]
    line["data"]["x"] = deep
    err = refused(store, [json.dumps(line)])
    assert "nests deeper than 64 levels" in str(err)


def test_a_start_at_year_1_is_refused(store: Store) -> None:
    """Year 1 names the case, the event and the years allowed, never an OverflowError."""
    line = reception_line()
    for i, event in enumerate(line["history"]):
        event["at"] = f"0001-01-0{i + 1}T00:00:00+07:00"
    err = refused(store, [line])
    assert str(err).startswith(
        "line 1: case 'TV-1', event 0: 'at' '0001-01-01T00:00:00+07:00' is in the year 1; "
        "a history's times must fall in the years 1900 to 2999"
    )


def test_an_overlong_line_is_refused(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line over MAX_LINE is refused by its length, before it is parsed."""
    monkeypatch.setattr(line_reader, "MAX_LINE", 100)
    err = refused(store, [json.dumps(reception_line())])
    assert str(err).startswith("line 1: the line is longer than 100 characters")


# -- registered guards, and what apps can call -------------------------------------------------


def test_import_counts_the_steps_it_cannot_recheck(store: Store) -> None:
    """A step behind a registered guard is imported and counted, never run."""
    wf = tiny(registered=True)
    lines = []
    for n in range(3):
        case = wf.start(f"T-{n}", at=T0, data={"kind": "report"})
        wf.fire(case, "triage", at=at(1))
        wf.fire(case, "close", at=at(2), role="head")
        lines.append(json.dumps(line_of(case)))
    result = store.import_jsonl(lines, workflows=[wf])
    assert (result, result.unchecked) == (3, 3)
    assert store.import_jsonl([], workflows=[wf]).unchecked == 0


def test_a_declarative_guard_is_checked_where_a_registered_one_is_counted(store: Store) -> None:
    """The same step with a declarative guard is re-checked: its history is refused."""
    wf = tiny()
    case = wf.start("T-1", at=T0, data={"kind": "report", "agencies": 1})
    wf.fire(case, "triage", at=at(1))
    wf.fire(case, "close", at=at(2), role="head")
    line = line_of(case)
    line["history"][0]["changes"]["agencies"] = 10
    line["data"]["agencies"] = 10
    err = refused(store, [line], wf)
    assert "event 2: the step was not allowed by the data as it was then" in str(err)
    assert "guard 'signed'" in str(err)


def test_replay_stays_guard_free_and_check_true_raises() -> None:
    """wf.replay accepts the lying history; replay(..., check=True) raises HistoryError."""
    wf = shipped()
    line = reception_line()
    line["history"][0]["changes"]["anonymous"] = True
    assert wf.replay("TV-1", line["history"]).state == "selected"
    with pytest.raises(HistoryError, match="event 1: the step was not allowed") as info:
        wf.replay("TV-1", line["history"], check=True)
    assert info.value.index == 1
    case = wf.replay("TV-1", line["history"])
    found = wf.check_history("TV-1", case.history)
    assert not found
    assert [p.index for p in found.problems] == [1]


def test_a_migrated_history_is_checked_under_each_version(store: Store) -> None:
    """After a migration, an event is checked against the new version's fields."""
    v1 = caseflow.load_workflow(TINY.replace("SIGNED", "{field: agencies, at_most: 9}"))
    v2 = caseflow.load_workflow(
        TINY.replace("SIGNED", "{field: agencies, at_most: 9}")
        .replace('version: "3"', 'version: "4"')
        .replace("  received_on: {type: date}\n", "")
    )
    case = v1.start("M-1", at=T0, data={"kind": "report"})
    line = line_of(case)
    line["history"] += [
        {"trigger": "migrate", "source": "open", "dest": "open", "at": at(1).isoformat()},
        {
            "trigger": "update",
            "source": "open",
            "dest": "open",
            "at": at(2).isoformat(),
            "changes": {"received_on": "2026-03-02"},
        },
    ]
    line["version"] = "4"
    line["migrations"] = [{"event": 1, "from": "3", "to": "4"}]
    line["data"]["received_on"] = "2026-03-02"
    with pytest.raises(ImportRefused, match=r"event 2: unknown field 'received_on'"):
        store.import_jsonl([json.dumps(line)], workflows=[v1, v2])
    line["history"][2]["changes"] = {"agencies": 2}
    del line["data"]["received_on"]
    line["data"]["agencies"] = 2
    assert store.import_jsonl([json.dumps(line)], workflows=[v1, v2]) == 1


EXTENDING = """
caseflow: 1
name: extending
fields:
  extension_days: {type: int}
states:
  received: {initial: true}
  accepted: {}
  done: {final: true}
transitions:
  - {trigger: accept, from: received, to: accepted}
  - {trigger: extend, from: accepted, to: accepted}
  - {trigger: finish, from: accepted, to: done}
deadlines:
  resolution:
    anchor: {entered: accepted}
    offset: 10 days
    runs_in: [accepted]
    extension: {trigger: extend, by: 30 days, max: 1, length_field: extension_days}
    source: Luật Tố cáo 2018, Điều 30
"""


def test_import_refuses_an_extension_past_its_limit(store: Store) -> None:
    """A second extension where the rule allows one is refused, as a live fire is."""
    wf = caseflow.load_workflow(EXTENDING)
    case = wf.start("E-1", at=T0)
    wf.fire(case, "accept", at=at(1))
    wf.fire(case, "extend", at=at(2), data={"extension_days": 20})
    line = line_of(case)
    store.import_jsonl([json.dumps(line)], workflows=[wf])
    again = copy.deepcopy(line)
    again["id"] = "E-2"
    again["history"].append({**line["history"][-1], "at": at(3).isoformat()})
    err = refused_more(store, [again], wf)
    assert "line 1: case 'E-2', event 3: the step was not allowed" in str(err)
    assert "allows at most 1 extension" in str(err)
    too_long = copy.deepcopy(line)
    too_long["id"] = "E-3"
    too_long["history"][-1]["changes"] = {"extension_days": 45}
    too_long["data"]["extension_days"] = 45
    err = refused_more(store, [too_long], wf)
    assert "extension_days 45 is not a length the extension may grant" in str(err)


def refused_more(s: Store, lines: list[Any], wf: Workflow) -> ImportRefused:
    """Like ``refused``, into a store that already holds cases (its count is kept)."""
    before = s.count()
    with pytest.raises(ImportRefused) as info:
        s.import_jsonl([json.dumps(x) for x in lines], workflows=[wf])
    assert s.count() == before
    return info.value


# -- the deadline index ---------------------------------------------------------------------


def test_the_deadline_index_never_crashes_on_a_bad_stored_session_date(store: Store) -> None:
    """A case whose session_date is garbage (written around the engine) still saves."""
    wf = shipped()
    line = with_update(reception_line(), {"session_date": "garbage"})
    case = wf.replay("TV-1", line["history"])
    store.save(case, wf)
    assert store.load("TV-1", wf).data["session_date"] == "garbage"
    brief = [d for d in wf.deadlines(case, now=at(20)) if d.name == "brief"]
    assert brief[0].due is None


# -- the command line -------------------------------------------------------------------------


def cli(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    """Run a store command; its exit code and stderr."""
    group = click.Group("caseflow", commands=list(COMMANDS))
    result = CliRunner().invoke(group, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def test_cli_import_names_every_bad_line_never_an_internal_error(tmp_path: Path) -> None:
    """Bad UTF-8, a surrogate, deep JSON and year 1: each line named, exit 1."""
    line = reception_line()
    year1 = copy.deepcopy(line)
    for i, event in enumerate(year1["history"]):
        event["at"] = f"0001-01-0{i + 1}T00:00:00+07:00"
    file = tmp_path / "bad.jsonl"
    file.write_bytes(
        b"\n".join(
            [
                json.dumps(line).encode(),
                b'{"id": "\xff"}',
                json.dumps(line).replace("cb01", "\\udfff").replace("TV-1", "TV-3").encode(),
                b"[" * 100_000,
                json.dumps(year1).replace("TV-1", "TV-5").encode(),
            ]
        )
    )
    code, err = cli("import", str(file), "--db", f"sqlite:///{tmp_path / 'c.db'}")
    assert code == 1
    assert "internal error" not in err
    lines = err.splitlines()
    assert lines[0] == "caseflow: 4 problems in the file; nothing was imported:"
    assert [x.split(":")[0] for x in lines[1:]] == ["line 2", "line 3", "line 4", "line 5"]


def test_cli_import_reads_standard_input_as_bytes(tmp_path: Path) -> None:
    """'-' reads stdin per line; bad UTF-8 there is named too."""
    code, err = cli("import", "-", "--db", f"sqlite:///{tmp_path / 'c.db'}", stdin=b"\xff\n")
    assert code == 1
    assert err.startswith("caseflow: line 1: the line is not valid UTF-8")


def test_cli_import_says_how_many_steps_it_could_not_recheck(tmp_path: Path) -> None:
    """The output names the registered-guard steps an import could not re-run."""
    wf = tiny(registered=True)
    case = wf.start("T-1", at=T0, data={"kind": "report"})
    wf.fire(case, "triage", at=at(1))
    wf.fire(case, "close", at=at(2), role="head")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with open_store(db) as s:
        s.register(wf)
    file = tmp_path / "in.jsonl"
    file.write_text(json.dumps(line_of(case)) + "\n", encoding="utf-8")
    code, err = cli("import", str(file), "--db", db)
    assert code == 0, err
    assert err.splitlines()[-1] == (
        "imported 1 case; 1 step depends on a registered guard (the app's code), which an "
        "import cannot re-run: it was not re-checked"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_cli_import_refuses_a_fifo_and_a_device(tmp_path: Path) -> None:
    """A FIFO would block and /dev/zero never end: both are refused before reading."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    for path in (str(fifo), "/dev/zero"):
        code, err = cli("import", path, "--db", db)
        assert code == 1
        assert f"caseflow: {path!r} is not a regular file" in err


# -- properties ---------------------------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(spec=workflow_specs(), data=st.data())
def test_any_history_a_live_engine_recorded_passes_the_check(
    spec: Any, data: st.DataObject
) -> None:
    """Whatever the workflow and the walk, what fire() recorded, the check accepts."""
    wf = Workflow(spec)
    case = wf.start("P-1", at=T0, data=data.draw(case_data()))
    for step in range(data.draw(st.integers(0, 8))):
        allowed = wf.allowed(case)
        if not allowed:
            break
        trigger = data.draw(st.sampled_from(allowed))
        try:
            wf.fire(case, trigger, at=at(step + 1), data=data.draw(case_data()) or None)
        except caseflow.TransitionNotAllowed:
            continue
    found = wf.check_history(case.id, case.history)
    assert found.problems == ()
    assert wf.replay(case.id, case.history, check=True).state == case.state


@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=300) | st.text(max_size=300))
def test_any_line_gives_a_caseflow_error_or_imports(raw: bytes | str) -> None:
    """No bytes or text make import raise anything but a CaseflowError."""
    with open_store("sqlite:///:memory:") as s, contextlib.suppress(CaseflowError):
        s.import_jsonl([raw], workflows=[reception()])
