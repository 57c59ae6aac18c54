"""Small hostile inputs (issue 10): nothing hangs, nothing crashes, every bad value a clear error.

Each test pins one input the attack on caseflow found: guards that double
or chain or loop, ``states:`` with no value, paths that are FIFOs or
devices, data nested deep, the first and last years, wrong-type arguments,
and ``load_workflow`` given a str. No test measures time: linear work is
shown by counting calls, and a command that could block runs in a
subprocess with a timeout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caseflow
from caseflow import conditions
from caseflow.calendars import calendar, load_calendar
from caseflow.definition import AllOf, FieldTest, Guard, GuardRef
from caseflow.errors import CaseflowError, DefinitionError, HistoryError, InputError
from caseflow.files import FileRefused, read_limited
from caseflow.loading import guard_graph, read_workflow
from caseflow.loading.guard_graph import MAX_CONDITION_DEPTH, MAX_CONDITION_SIZE

ROOT = Path(__file__).parent.parent
DENUNCIATION = caseflow.shipped_workflow("denunciation")
AT = dt.datetime(2026, 3, 2, 8, 30)

# -- guard files ----------------------------------------------------------------------

HEAD = "caseflow: 1\nname: g\nfields:\n  kind: {type: text}\nguards:\n  g_0: {field: kind, equals: x}\n"


def _tail(last: str) -> str:
    return (
        "states:\n  a: {initial: true}\n  b: {final: true}\n"
        f"transitions:\n  - {{trigger: go, from: a, to: b, when: {last}}}\n"
    )


def doubling(n: int) -> str:
    """``g_i: [g_(i-1), g_(i-1)]``: each guard uses the one before twice."""
    lines = "".join(f"  g_{i}: [g_{i - 1}, g_{i - 1}]\n" for i in range(1, n))
    return HEAD + lines + _tail(f"g_{n - 1}")


def chain(n: int) -> str:
    """``g_i: {not: g_(i-1)}``: each guard negates the one before."""
    lines = "".join(f"  g_{i}: {{not: g_{i - 1}}}\n" for i in range(1, n))
    return HEAD + lines + _tail(f"g_{n - 1}")


def loop(n: int) -> str:
    """``g_i: {not: g_(i+1)}``, the last using the first: one loop of n guards."""
    lines = "".join(f"  g_{i}: {{not: g_{(i + 1) % n}}}\n" for i in range(n))
    return HEAD.replace("  g_0: {field: kind, equals: x}\n", "") + lines + _tail("g_0")


def problems(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as info:
        read_workflow(text, filename="w.yaml")
    return [str(p) for p in info.value.problems]


class Counter:
    """Wraps a function of a module and counts its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> None:
        self.calls = 0
        inner = getattr(owner, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return inner(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


def _check_work(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    """How many condition parts the guard checks visit for ``text``."""
    with monkeypatch.context() as patch:
        parts = Counter(patch, guard_graph, "condition_parts")
        with contextlib.suppress(DefinitionError):
            read_workflow(text)
    return parts.calls


def test_doubling_guards_are_checked_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking guards that each use the one before twice visits each guard once, not 2^n times."""
    small, large = _check_work(monkeypatch, doubling(20)), _check_work(monkeypatch, doubling(40))
    assert small > 0
    assert large <= 2 * small + 10


def test_ten_thousand_chained_guards_are_checked_in_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """10,000 guards in a chain cost about 10,000 visits (a few per guard), with no recursion."""
    assert _check_work(monkeypatch, chain(10_000)) <= 3 * 10_000
    assert _check_work(monkeypatch, doubling(10_000)) <= 3 * 10_000


def test_each_named_guard_is_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling a condition compiles each guard once and shares it, however often it is used."""
    guards: dict[str, Guard] = {
        "g_0": Guard(name="g_0", condition=FieldTest(path=("kind",), op="equals", value="x"))
    }
    for i in range(1, 30):
        ref = GuardRef(name=f"g_{i - 1}")
        guards[f"g_{i}"] = Guard(name=f"g_{i}", condition=AllOf(items=(ref, ref)))
    calls = Counter(monkeypatch, conditions._Compiler, "compile")
    check = conditions.compile_condition(GuardRef(name="g_29"), guards, {})
    assert callable(check)
    assert calls.calls <= 4 * 30


def test_the_547_byte_doubling_file_is_refused_at_the_guard_that_grows_too_large() -> None:
    """The 24-line doubling file is one problem where a guard passes the size limit, at once."""
    text = doubling(24)
    assert len(text.encode()) < 700
    found = problems(text)
    assert found == [
        f"w.yaml:18:3: guard 'g_12' has more than {MAX_CONDITION_SIZE:,} parts when the guards "
        "it uses are written out (each use of a guard counts its parts again); use each guard "
        "fewer times"
    ]


def test_doubling_guards_within_the_limits_load_and_fire() -> None:
    """Guards that share guards below the limits load, and fire as their conditions say."""
    wf = caseflow.load_workflow(doubling(8))
    case = wf.start("C", at=AT, data={"kind": "x"})
    assert wf.fire(case, "go", at=AT).state == "b"
    refused = wf.start("D", at=AT, data={"kind": "y"})
    with pytest.raises(caseflow.TransitionNotAllowed):
        wf.fire(refused, "go", at=AT)


def test_a_chain_of_332_not_guards_is_a_depth_problem_not_a_recursion_error() -> None:
    """load_workflow refuses a chain too deep with FILE:LINE:COL where it crosses the limit."""
    with pytest.raises(DefinitionError) as info:
        caseflow.load_workflow(chain(332), filename="w.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (56, 3)
    assert problem.message.startswith(
        f"guard 'g_50' nests {MAX_CONDITION_DEPTH + 1} levels deep with the guards it uses "
        "(g_50 -> g_49 -> "
    )
    assert f"the limit is {MAX_CONDITION_DEPTH} levels" in problem.message


def test_a_chain_within_the_depth_limit_loads_and_fires() -> None:
    """Forty guards each negating the one before evaluate as forty negations."""
    wf = caseflow.load_workflow(chain(41))  # g_40 = not^40 (kind == x) = (kind == x)
    assert wf.fire(wf.start("C", at=AT, data={"kind": "x"}), "go", at=AT).state == "b"


def test_a_loop_of_994_guards_is_reported_at_its_first_guards_in_short() -> None:
    """A loop of 994 guards: each of its first ten guards reported once, the loop abridged."""
    found = problems(loop(994))
    assert len(found) == 10
    assert found[0] == (
        "w.yaml:6:3: guard 'g_0' refers to itself: g_0 -> g_1 -> g_2 -> g_3 -> g_4 -> g_5 -> "
        "g_6 -> g_7 -> ... (985 more) -> g_993 -> g_0"
    )


def test_a_short_loop_still_names_every_guard_of_it() -> None:
    """Two guards that use each other: both reported with the loop from each (as before)."""
    found = problems(loop(2))
    assert found == [
        "w.yaml:6:3: guard 'g_0' refers to itself: g_0 -> g_1 -> g_0",
        "w.yaml:7:3: guard 'g_1' refers to itself: g_1 -> g_0 -> g_1",
    ]


def test_a_transition_condition_too_large_is_reported_at_the_transition() -> None:
    """A transition's own condition that doubles past the size limit is reported where it is."""
    text = doubling(12).replace("when: g_11}", "when: [g_11, g_11, g_11, g_11, g_11, g_11]}")
    found = problems(text)
    assert len(found) == 1
    assert "the condition of transition 'go' has more than" in found[0]


# -- states: with no value ------------------------------------------------------------


def test_states_with_no_value_is_a_problem_not_an_assertion() -> None:
    """``states:`` with nothing after it is a FILE:LINE:COL problem, as an empty mapping is."""
    assert problems("caseflow: 1\nname: x\nstates:\n") == [
        "w.yaml:3:8: 'states' is empty; a workflow needs states"
    ]


# -- files that are not files ---------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("this system has no named pipes")
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def zero(tmp_path: Path) -> Path:
    if not Path("/dev/zero").exists():
        pytest.skip("this system has no /dev/zero")
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    return link


def test_read_limited_refuses_a_fifo_without_blocking(fifo: Path) -> None:
    """A named pipe is refused by looking at it, never by opening and waiting for a writer."""
    with pytest.raises(FileRefused, match=r"not a regular file but a named pipe \(FIFO\)"):
        read_limited(fifo, limit=100)


def test_read_limited_refuses_dev_zero_and_a_symlink_to_it(zero: Path) -> None:
    """A device, directly or through a symbolic link, is refused before a byte is read."""
    for path in (zero, Path("/dev/zero")):
        with pytest.raises(FileRefused, match="not a regular file but a character device"):
            read_limited(path, limit=100)


def test_read_limited_refuses_a_file_over_the_limit_by_its_size(tmp_path: Path) -> None:
    """A (sparse) file of 5 GB is refused by its size, without reading it."""
    big = tmp_path / "big.yaml"
    with big.open("wb") as fp:
        fp.truncate(5 * 1024**3)
    with pytest.raises(FileRefused, match="the file is 5,368,709,120 bytes; the limit is 100"):
        read_limited(big, limit=100)


def test_read_limited_reads_at_most_the_limit_of_a_file_that_says_it_is_empty() -> None:
    """A file whose size says 0 but which holds more (/proc) is cut at the limit plus one byte."""
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc on this system")
    with pytest.raises(FileRefused, match="more than 10 bytes; the limit is 10 bytes"):
        read_limited(status, limit=10)


def test_read_limited_reads_a_regular_file_and_a_folder_is_refused(tmp_path: Path) -> None:
    """A regular file is read whole; a folder is named as one."""
    file = tmp_path / "w.yaml"
    file.write_bytes(b"caseflow: 1\n")
    assert read_limited(file, limit=12) == b"caseflow: 1\n"
    with pytest.raises(FileRefused, match="not a regular file but a folder"):
        read_limited(tmp_path, limit=12)


def test_load_workflow_refuses_a_fifo_and_dev_zero_as_definition_problems(
    fifo: Path, zero: Path
) -> None:
    """The loader says FILE:1:1: cannot read the file, for a pipe and for a device."""
    for path, kind in ((fifo, "a named pipe (FIFO)"), (zero, "a character device")):
        with pytest.raises(DefinitionError) as info:
            caseflow.load_workflow(path)
        assert [str(p) for p in info.value.problems] == [
            f"{path}:1:1: cannot read the file: not a regular file but {kind}"
        ]


def test_a_workflows_calendar_file_that_is_a_fifo_is_an_input_error(
    tmp_path: Path, fifo: Path
) -> None:
    """A workflow whose ``calendar:`` names a pipe fails with InputError when the calendar is used."""
    path = tmp_path / "w.yaml"
    path.write_text(chain(2).replace("name: g\n", f"name: g\ncalendar: {fifo.name}\n"))
    wf = caseflow.load_workflow(path)
    with pytest.raises(InputError, match="not a regular file but a named pipe"):
        _ = wf.calendar
    with pytest.raises(InputError, match="not a regular file but a named pipe"):
        calendar(fifo)
    with pytest.raises(InputError, match="not a regular file but a named pipe"):
        load_calendar(fifo)


# -- load_workflow: a Path is a file, a str is text ----------------------------------


def test_load_workflow_reads_a_str_naming_a_file_with_a_deprecation_warning() -> None:
    """A str that names an existing file still loads it, and warns: pass a Path."""
    with pytest.warns(DeprecationWarning, match=r"pass pathlib\.Path\(\.\.\.\) instead"):
        wf = caseflow.load_workflow(str(DENUNCIATION))
    assert wf.name == "denunciation"


def test_load_workflow_takes_a_path_without_a_warning() -> None:
    """A Path loads the file, and nothing warns."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert caseflow.load_workflow(DENUNCIATION).name == "denunciation"


def test_a_one_line_str_is_yaml_text_not_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A str that names no file is read as YAML, and the error says how to pass a file."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DefinitionError) as info:
        caseflow.load_workflow("secrets")
    assert [str(p) for p in info.value.problems] == [
        "<string>:1:1: a workflow file must be a mapping of keys to values, not a single "
        "text; a str is read as YAML text: pass a file as pathlib.Path"
    ]


def test_a_file_that_is_not_a_workflow_is_never_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a one-line file by mistake never echoes its content in the error."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "token").write_text("hunter2-secret-token\n")
    for source in (Path("token"), "token"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            with pytest.raises(DefinitionError) as info:
                caseflow.load_workflow(source)
        assert "hunter2" not in str(info.value)


def test_load_workflow_refuses_a_source_that_is_neither_text_nor_a_path() -> None:
    """A number as the source is an InputError naming the argument."""
    with pytest.raises(InputError, match="source=int is not a workflow"):
        caseflow.load_workflow(5)  # type: ignore[arg-type]


def test_shipped_workflow_is_a_path() -> None:
    """shipped_workflow gives a Path, which load_workflow reads as a file."""
    assert isinstance(caseflow.shipped_workflow("complaint"), Path)


# -- bad values at the API ------------------------------------------------------------


@pytest.fixture(scope="module")
def wf() -> caseflow.Workflow:
    return caseflow.load_workflow(DENUNCIATION)


def _required(wf: caseflow.Workflow) -> dict[str, Any]:
    return {f.name: (f.choices[0] if f.choices else "x") for f in wf.spec.fields if f.required}


def _case(wf: caseflow.Workflow) -> caseflow.Case:
    return wf.start("C-1", at=AT, data=_required(wf))


BAD_CALLS: list[tuple[str, Callable[[caseflow.Workflow, caseflow.Case], object], str]] = [
    ("fire list trigger", lambda w, c: w.fire(c, ["x"], at=AT), "trigger must be text"),  # type: ignore[arg-type]
    ("fire int trigger", lambda w, c: w.fire(c, 5, at=AT), "trigger must be text"),  # type: ignore[arg-type]
    ("fire int role", lambda w, c: w.fire(c, "x", at=AT, role=5), "role must be text or None"),  # type: ignore[arg-type]
    ("fire int actor", lambda w, c: w.fire(c, w.allowed(c)[0], at=AT, actor=5), "actor must"),  # type: ignore[arg-type]
    ("fire int note", lambda w, c: w.fire(c, w.allowed(c)[0], at=AT, note=5), "note must"),  # type: ignore[arg-type]
    ("fire list data", lambda w, c: w.fire(c, w.allowed(c)[0], at=AT, data=[1]), "case data"),  # type: ignore[arg-type]
    ("fire None case", lambda w, c: w.fire(None, "x", at=AT), "expected a Case"),  # type: ignore[arg-type]
    ("start int actor", lambda w, c: w.start("D", at=AT, actor=5), "actor must"),  # type: ignore[arg-type]
    ("start int role", lambda w, c: w.start("D", at=AT, role=5), "role must"),  # type: ignore[arg-type]
    ("update int note", lambda w, c: w.update(c, at=AT, data={}, note=5), "note must"),  # type: ignore[arg-type]
    ("allowed int role", lambda w, c: w.allowed(c, role=5), "role must be text"),  # type: ignore[arg-type]
    ("replay None events", lambda w, c: w.replay("C-1", None), "events must be a list"),  # type: ignore[arg-type]
    ("replay int events", lambda w, c: w.replay("C-1", 5), "events must be a list"),  # type: ignore[arg-type]
    ("replay None id", lambda w, c: w.replay(None, c.history), "case_id must be"),  # type: ignore[arg-type]
    ("label of int", lambda w, c: w.label(5), "state 5 is not a state"),  # type: ignore[arg-type]
    ("label of unknown", lambda w, c: w.label("nope"), "state 'nope' is not a state"),
    ("deadlines of None", lambda w, c: w.deadlines(None, now=AT), "case must be a Case"),  # type: ignore[arg-type]
    (
        "deadlines int calendar",
        lambda w, c: w.deadlines(c, now=AT, calendar=5),  # type: ignore[arg-type]
        "calendar must be a WorkingCalendar",
    ),
    ("shipped int", lambda w, c: caseflow.shipped_workflow(5), "name must be"),  # type: ignore[arg-type]
    (
        "guards as list",
        lambda w, c: caseflow.load_workflow(DENUNCIATION, guards=[1]),  # type: ignore[arg-type]
        "guards must be a mapping",
    ),
    (
        "hook not callable",
        lambda w, c: caseflow.load_workflow(DENUNCIATION, on_enter={"received": 5}),  # type: ignore[dict-item]
        "on_enter: 'received' must map a name to a function",
    ),
    (
        "filename int",
        lambda w, c: caseflow.load_workflow(DENUNCIATION, filename=5),  # type: ignore[arg-type]
        "filename must be text",
    ),
    (
        "add_working_days_many of None",
        lambda w, c: calendar("VN").add_working_days_many(None, 1),  # type: ignore[call-overload]
        "dates must be a sequence",
    ),
    ("load_calendar of None", lambda w, c: load_calendar(None), "path_or_text must be"),  # type: ignore[arg-type]
    ("load_calendar of NUL", lambda w, c: load_calendar("a\x00b"), "cannot hold a NUL"),
    ("triggers_from a list", lambda w, c: w.triggers_from([]), "state must be text"),  # type: ignore[arg-type]
    ("Event.from_dict of 5", lambda w, c: caseflow.Event.from_dict(5), "must be a mapping"),  # type: ignore[arg-type]
    ("Event.from_dict of {}", lambda w, c: caseflow.Event.from_dict({}), "the event has no"),
]


@pytest.mark.parametrize(("label", "call", "message"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS])
def test_a_wrong_type_argument_is_an_input_error_naming_it(
    wf: caseflow.Workflow,
    label: str,
    call: Callable[[caseflow.Workflow, caseflow.Case], object],
    message: str,
) -> None:
    """Each wrong-type argument of the public API is an InputError that names the argument."""
    with pytest.raises(InputError, match=message):
        call(wf, _case(wf))


def test_a_start_at_the_end_of_year_9999_is_an_input_error(wf: caseflow.Workflow) -> None:
    """9999-12-31T20:00Z is 10000-01-01 in Hanoi: refused when given, never an OverflowError."""
    with pytest.raises(InputError, match="at 9999-12-31T20:00:00\\+00:00 falls outside the years"):
        wf.start("C-9", at="9999-12-31T20:00Z", data=_required(wf))


def test_now_in_year_1_is_an_input_error(wf: caseflow.Workflow) -> None:
    """--now 0001-01-01 (local midnight, before year 1 in UTC) is refused by name."""
    with pytest.raises(InputError, match="now 0001-01-01T00:00:00\\+07:06:30 falls outside"):
        wf.deadlines(_case(wf), now="0001-01-01")


def test_a_deadline_past_9999_is_an_input_error() -> None:
    """A case whose deadlines fall after 9999-12-31 gets an InputError, not an OverflowError."""
    wf = caseflow.load_workflow(caseflow.shipped_workflow("complaint"))
    case = wf.start("C-9", at="9999-12-31", data=_required(wf))
    with pytest.raises(InputError, match="falls after 9999-12-31"):
        wf.deadlines(case, now="9999-12-31")


def test_a_replayed_start_in_year_10000_local_is_a_history_error(wf: caseflow.Workflow) -> None:
    """A recorded start at 9999-12-31T20:00Z cannot be replayed: its day is in year 10000."""
    event = _case(wf).history[0].to_dict()
    event["at"] = "9999-12-31T20:00:00+00:00"
    with pytest.raises(HistoryError, match="falls outside the years 1 to 9999"):
        wf.replay("C-1", [event])


def test_a_replayed_role_that_is_a_list_is_a_history_error(wf: caseflow.Workflow) -> None:
    """A recorded role of the wrong type names the event, not a bare TypeError."""
    case = _case(wf)
    step = wf.fire(_case(wf), wf.allowed(case)[0], at=AT).history[1].to_dict()
    with pytest.raises(HistoryError, match="'role' must be text or null, not list"):
        wf.replay("C-1", [case.history[0].to_dict(), {**step, "role": ["x"]}])


ODD = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.binary(max_size=3),
    st.text(max_size=6),
    st.lists(st.text(max_size=2), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.sampled_from(["0001-01-01", "9999-12-31", "9999-12-31T23:00-12:00", "a\x00b", "\ud800"]),
)
API_CALLS: dict[str, Callable[[caseflow.Workflow, Any], object]] = {
    "start at": lambda w, v: w.start("C", at=v, data=_required(w)),
    "start id": lambda w, v: w.start(v, at=AT, data=_required(w)),
    "start data": lambda w, v: w.start("C", at=AT, data=v),
    "update data": lambda w, v: w.update(_case(w), at=AT, data=v),
    "fire at": lambda w, v: w.fire(_case(w), w.triggers[0], at=v),
    "allowed at": lambda w, v: w.allowed(_case(w), at=v),
    "replay events": lambda w, v: w.replay("C", v),
    "replay one event": lambda w, v: w.replay("C", [v]),
    "replay at": lambda w, v: w.replay("C", [{**_case(w).history[0].to_dict(), "at": v}]),
    "deadlines now": lambda w, v: w.deadlines(_case(w), now=v),
    "label lang": lambda w, v: w.label(w.initial, v),
    "working day": lambda w, v: calendar("VN").is_working_day(v),
    "add working days": lambda w, v: calendar("VN").add_working_days("2026-01-01", v),
    "days off": lambda w, v: calendar("VN").days_off(v, "2026-12-31"),
    "calendar": lambda w, v: calendar(v),
    "load_calendar": lambda w, v: load_calendar(v),
    "load_workflow": lambda w, v: caseflow.load_workflow(v),
    "shipped_workflow": lambda w, v: caseflow.shipped_workflow(v),
}


@given(name=st.sampled_from(sorted(API_CALLS)), value=ODD)
def test_the_public_api_raises_only_caseflow_errors_for_any_value(name: str, value: Any) -> None:
    """Any value of any type at a public entry point works or raises a CaseflowError."""
    wf = caseflow.load_workflow(DENUNCIATION)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # a str naming a file
        with contextlib.suppress(CaseflowError):
            API_CALLS[name](wf, value)


def _nested(depth: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"x": value}
    return value


FREE = """\
caseflow: 1
name: free
fields:
  notes: {type: mapping}
states:
  open: {initial: true}
  shut: {final: true}
transitions:
  - {trigger: close, from: open, to: shut}
"""


def test_data_nested_900_deep_is_an_input_error_naming_the_field() -> None:
    """A mapping nested 900 deep is refused with its field named, not a RecursionError."""
    wf = caseflow.load_workflow(FREE)
    with pytest.raises(InputError, match="field 'notes' nests lists or mappings deeper than 64"):
        wf.start("C", at=AT, data={"notes": _nested(900, 1)})
    undeclared = caseflow.load_workflow(FREE.replace("fields:\n  notes: {type: mapping}\n", ""))
    with pytest.raises(InputError, match="field 'notes' nests"):
        undeclared.start("C", at=AT, data={"notes": [_nested(900, [])]})


def test_data_nested_within_the_limit_is_kept() -> None:
    """Data nested 60 deep is kept as given."""
    wf = caseflow.load_workflow(FREE)
    value = _nested(60, "leaf")
    assert wf.start("C", at=AT, data={"notes": value}).data["notes"] == value


def test_a_wrong_type_message_does_not_print_a_huge_value() -> None:
    """The value in a wrong-type message is abridged, however deep or long it is."""
    wf = caseflow.load_workflow(FREE.replace("type: mapping", "type: text"))
    with pytest.raises(InputError) as info:
        wf.start("C", at=AT, data={"notes": _nested(900, "x" * 10_000)})
    assert len(str(info.value)) < 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=30,
)


@given(depth=st.integers(0, 200), leaf=json_values)
def test_any_nested_data_is_kept_or_refused_with_a_caseflow_error(depth: int, leaf: Any) -> None:
    """Whatever plain data a case is given, start keeps it or raises a CaseflowError."""
    wf = caseflow.load_workflow(FREE)
    with contextlib.suppress(CaseflowError):
        wf.start("C", at=AT, data={"notes": _nested(depth, {"v": leaf})})


odd_values = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.binary(max_size=4),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.text(max_size=8),
    st.datetimes(),
    st.dates(),
)


@given(trigger=odd_values, role=odd_values, actor=odd_values, note=odd_values, at=odd_values)
def test_fire_with_any_arguments_raises_only_caseflow_errors(
    trigger: Any, role: Any, actor: Any, note: Any, at: Any
) -> None:
    """fire() with values of any type either fires or raises a CaseflowError."""
    wf = caseflow.load_workflow(chain(2))
    case = wf.start("C", at=AT, data={"kind": "x"})
    with contextlib.suppress(CaseflowError):
        wf.fire(case, trigger, at=at, role=role, actor=actor, note=note)


# -- the command line -----------------------------------------------------------------


def caseflow_cli(*args: str, cwd: Path) -> tuple[int, str, str]:
    """Run ``python -m caseflow`` in a subprocess that cannot block the suite."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    done = subprocess.run(
        [sys.executable, "-m", "caseflow", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _assert_clean_refusal(code: int, out: str, err: str) -> None:
    assert code in (1, 2), (code, out, err)
    assert "Traceback" not in out + err
    assert "internal error" not in out + err
    errors = [line for line in err.splitlines() if line.startswith("caseflow: ")]
    problems_out = [line for line in out.splitlines() if line.count(":") >= 3]
    assert len(errors) == 1 or problems_out, (out, err)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder of hostile inputs: a FIFO, a link to /dev/zero, deep JSON, odd guard files."""
    if not hasattr(os, "mkfifo") or not Path("/dev/zero").exists():
        pytest.skip("needs named pipes and /dev/zero")
    os.mkfifo(tmp_path / "fifo.yaml")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    (tmp_path / "doubling.yaml").write_text(doubling(24))
    (tmp_path / "chain.yaml").write_text(chain(332))
    (tmp_path / "loop.yaml").write_text(loop(994))
    (tmp_path / "states.yaml").write_text("caseflow: 1\nname: x\nstates:\n")
    (tmp_path / "fifo-cal.yaml").write_text(
        DENUNCIATION.read_text(encoding="utf-8").replace("calendar: VN", "calendar: fifo.yaml", 1)
    )
    wf = caseflow.load_workflow(DENUNCIATION)
    case = wf.start("C-1", at=AT, data=_required(wf))
    (tmp_path / "case.json").write_text(json.dumps(case.to_dict()))
    late = case.to_dict()
    late["history"][0]["at"] = "9999-12-31T20:00:00+00:00"
    (tmp_path / "late.json").write_text(json.dumps(late))
    (tmp_path / "deep.json").write_text('{"id": "C", "history": ' + "[" * 100_000 + "]" * 100_000)
    return tmp_path


HOSTILE_COMMANDS = [
    ("validate", "fifo.yaml"),
    ("validate", "zero.yaml"),
    ("validate", "doubling.yaml"),
    ("validate", "chain.yaml"),
    ("validate", "loop.yaml"),
    ("validate", "states.yaml"),
    ("show", "fifo.yaml"),
    ("show", "chain.yaml"),
    ("diagram", "zero.yaml"),
    ("diagram", "loop.yaml"),
    ("schedule", "fifo.yaml", "--year", "2026"),
    ("schedule", "fifo-cal.yaml", "--year", "2026"),
    ("calendar", "--year", "2026", "--calendar", "fifo.yaml"),
    ("calendar", "--year", "2026", "--calendar", "zero.yaml"),
    ("deadlines", "fifo.yaml", "case.json"),
    ("deadlines", "chain.yaml", "case.json"),
    ("deadlines", str(DENUNCIATION), "fifo.json"),
    ("deadlines", str(DENUNCIATION), "zero.json"),
    ("deadlines", str(DENUNCIATION), "deep.json"),
    ("deadlines", str(DENUNCIATION), "late.json"),
    ("deadlines", str(DENUNCIATION), "case.json", "--now", "0001-01-01"),
    ("deadlines", str(DENUNCIATION), "case.json", "--now", "9999-12-31T23:00-12:00"),
    ("import", "fifo.json", "--db", "sqlite:///c.db"),
    ("import", "zero.json", "--db", "sqlite:///c.db"),
    ("import", "case.json", "--workflow", "fifo.yaml", "--db", "sqlite:///c.db"),
]


@pytest.mark.parametrize("args", HOSTILE_COMMANDS, ids=" ".join)
def test_every_command_refuses_a_hostile_input_in_one_line(
    hostile: Path, args: tuple[str, ...]
) -> None:
    """Each command given a hostile input exits 1 or 2 with clear lines: no traceback, no hang."""
    _assert_clean_refusal(*caseflow_cli(*args, cwd=hostile))


def test_overdue_at_year_1_answers_or_refuses_cleanly(hostile: Path) -> None:
    """``overdue --now 0001-01-01`` lists nothing or refuses the time: no OverflowError."""
    code, out, err = caseflow_cli(
        "overdue", "--now", "0001-01-01", "--db", "sqlite:///c.db", cwd=hostile
    )
    assert code in (0, 1), (code, out, err)
    assert "Traceback" not in out + err
    assert "internal error" not in out + err


def test_validate_prints_the_guard_problems_at_their_places(hostile: Path) -> None:
    """validate prints the doubling, chain and loop problems as FILE:LINE:COL lines."""
    code, out, _ = caseflow_cli(
        "validate", "doubling.yaml", "chain.yaml", "loop.yaml", "states.yaml", cwd=hostile
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("doubling.yaml:18:3: guard 'g_12' has more than 10,000 parts")
    assert lines[1].startswith("chain.yaml:56:3: guard 'g_50' nests 101 levels deep")
    assert sum(line.startswith("loop.yaml:") for line in lines) == 10
    assert lines[-1] == "states.yaml:3:8: 'states' is empty; a workflow needs states"
