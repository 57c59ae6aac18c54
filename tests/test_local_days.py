"""Instants become days in the workflow's zone, and date/time conditions compare values, not text.

Each regression of issue 9's "Instants are read in UTC" and "Datetime
conditions compare text" is a named test here; the properties check
``local_day`` and the conditions against a plain ``zoneinfo`` computation
written in the test, for random instants written in random offsets.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import caseflow
from caseflow.conditions import GuardContext, compile_condition
from caseflow.definition import FieldTest, WorkflowSpec
from caseflow.errors import InputError
from caseflow.render.documents import case_brief
from caseflow.sessions import record_conclusion, summarise
from caseflow.store import open_store
from caseflow.times import local_day, local_time
from caseflow.workflow import Workflow, load_workflow
from tests.store_helpers import petition, reception
from tests.test_cli import run
from tests.test_rrule_until import with_schedule
from tests.test_sessions import heard_case, workflow

VN = ZoneInfo("Asia/Ho_Chi_Minh")

TIMED = """
caseflow: 1
name: timed
version: "1"
timezone: Asia/Ho_Chi_Minh
fields:
  received_at: {type: datetime}
  received_on: {type: date}
states:
  open: {initial: true}
  late: {final: true}
  early: {final: true}
transitions:
  - {trigger: sort, from: open, to: late, when: {field: received_at, at_least: "2026-03-02T12:00"}}
  - {trigger: sort, from: open, to: early}
"""


def timed_spec(zone: str = "Asia/Ho_Chi_Minh") -> WorkflowSpec:
    """A small workflow with a datetime and a date field, in ``zone``."""
    return attrs.evolve(load_workflow(TIMED).spec, timezone=zone)


def holds(spec: WorkflowSpec, test: FieldTest, data: dict[str, Any]) -> bool:
    """Whether ``test`` holds for ``data``, compiled for ``spec``."""
    check = compile_condition(test, {}, {}, spec=spec)
    ctx = GuardContext(
        case=None,  # type: ignore[arg-type]  # a field test reads only the data
        trigger="",
        at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        actor=None,
        role=None,
        data=data,
    )
    return check(ctx)


def sorted_as(value: str) -> str:
    """Where the TIMED workflow's guard sends a case received at ``value``."""
    wf = load_workflow(TIMED)
    case = wf.start("C-1", at="2026-03-02T14:00", data={"received_at": value})
    return wf.fire(case, "sort", at="2026-03-02T14:00").state


# -- the one function ---------------------------------------------------------------------------


def test_local_day_dates_an_instant_in_the_workflows_zone() -> None:
    """2026-03-04T20:00Z is 5 March in Viet Nam; a naive time and a date are already local."""
    assert local_day("2026-03-04T20:00Z", VN) == dt.date(2026, 3, 5)
    assert local_day(dt.datetime(2026, 3, 4, 20, tzinfo=dt.UTC), VN) == dt.date(2026, 3, 5)
    assert local_day("2026-03-04T20:00", VN) == dt.date(2026, 3, 4)
    assert local_day(dt.date(2026, 3, 4), VN) == dt.date(2026, 3, 4)
    assert local_time("2026-03-04T20:00Z", VN).isoformat() == "2026-03-05T03:00:00+07:00"


def test_local_day_names_what_it_could_not_read() -> None:
    """Text that is no date or time is an InputError naming the value's role."""
    with pytest.raises(InputError, match="agency_due 'soon' is not a valid ISO 8601"):
        local_day("soon", VN, what="agency_due")


# -- sessions and papers ------------------------------------------------------------------------


def test_a_screening_at_18h_utc_is_dated_4_march_in_the_brief() -> None:
    """Regression: a screening at 2026-03-03T18:00Z (01:00 on 4 March in Viet Nam) was dated 03/03."""
    wf = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
    data = {"kind": "complaint", "summary": "Đơn", "registered_on": "2026-03-02"}
    case = wf.start("TV-1", at="2026-03-02T09:00", data={**data, "petitioner_name": "A"})
    wf.fire(case, "screen", at="2026-03-03T18:00Z")
    doc = case_brief(wf, case, session=None, now="2026-03-05", lang="vi")
    assert "| 04/03/2026 | Phân loại, xử lý đơn |" in doc.markdown
    assert "03/03/2026" not in doc.markdown


@pytest.mark.parametrize("at", ["2026-03-19T20:00Z", "2026-03-20T03:00+07:00"])
def test_a_conclusion_is_dated_by_its_local_day_however_at_is_written(at: str) -> None:
    """Regression: agency_due on the conclusion's local day was accepted when 'at' was UTC."""
    wf = workflow()
    case = heard_case(wf)
    with pytest.raises(InputError, match=r"must be after the conclusion \(2026-03-20\)"):
        record_conclusion(
            wf, case, "directed_to_agency", at=at, agency="Phòng TN&MT", agency_due="2026-03-20"
        )
    record_conclusion(
        wf, case, "directed_to_agency", at=at, agency="Phòng TN&MT", agency_due="2026-03-21"
    )
    assert case.data["agency_due_on"] == "2026-03-21"


def test_a_date_field_given_an_instant_keeps_its_local_day() -> None:
    """A date field set from 2026-03-03T18:00Z holds 2026-03-04, the day it is in Viet Nam."""
    wf = load_workflow(TIMED)
    case = wf.start("C-1", at="2026-03-04T08:00", data={"received_on": "2026-03-03T18:00Z"})
    assert case.data["received_on"] == "2026-03-04"


def test_the_period_an_event_falls_in_is_its_local_days() -> None:
    """A case opened at 2026-03-31T18:00Z (1 April in Viet Nam) is received in April, not March."""
    wf = workflow()
    data = {"kind": "complaint", "summary": "Đơn", "registered_on": "2026-04-01"}
    case = wf.start("TV-9", at="2026-03-31T18:00Z", data={**data, "petitioner_name": "A"})
    march = summarise(wf, [case], "2026-03", now="2026-05-01")
    april = summarise(wf, [case], "2026-04", now="2026-05-01")
    assert (march.received, april.received) == (0, 1)
    assert april.as_of.tzinfo is not None
    assert april.as_of.utcoffset() == dt.timedelta(hours=7)


# -- the store and the command line -------------------------------------------------------------


def utc_reception() -> Workflow:
    """The store tests' reception workflow, kept in UTC instead of Viet Nam time."""
    return Workflow(attrs.evolve(reception().spec, timezone="UTC", version="utc"))


def test_store_overdue_reads_a_naive_now_in_the_workflows_zone(tmp_path: Path) -> None:
    """Regression: a naive 'now' was read in Asia/Ho_Chi_Minh whatever the workflow's zone."""
    wf = utc_reception()
    with open_store(f"sqlite:///{tmp_path / 'c.db'}") as store:
        store.save(petition("TV-2", wf), wf)
        # Due 2026-03-16: overdue from midnight UTC. 03:00 on 17 March is after it in UTC,
        # but read in Viet Nam it would be 20:00 UTC on 16 March, still within the day.
        (row,) = store.overdue("2026-03-17T03:00")
        assert (row.case_id, row.due) == ("TV-2", dt.date(2026, 3, 16))
        assert row.overdue_from == dt.datetime(2026, 3, 17, tzinfo=dt.UTC)
        assert store.overdue("2026-03-16T23:00") == []
        assert store.overdue("2026-03-17T06:59+07:00") == []  # an aware time is an instant
        assert len(store.overdue("2026-03-17T07:00+07:00")) == 1
        assert store.timezone("citizen_reception") == ZoneInfo("UTC")


def test_cli_history_prints_times_on_the_workflows_clock(tmp_path: Path) -> None:
    """Regression: caseflow history printed an event sent in UTC with its UTC offset."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    wf = reception()
    with open_store(db) as store:
        case = petition("TV-1", wf)
        wf.fire(case, "screen", at="2026-03-03T18:00Z", role="reception_officer")
        store.save(case, wf)
    code, out, _ = run("history", "TV-1", "--db", db)
    assert code == 0
    assert "2026-03-04T01:00:00+07:00  screen   received  screened" in out
    code, out, _ = run("cases", "--db", db)
    assert out.rstrip().endswith("2026-03-04T01:00:00+07:00")


def test_cli_schedule_reads_until_in_the_workflows_zone(tmp_path: Path) -> None:
    """caseflow schedule passes the workflow's zone: UNTIL 03:00Z on 1 June ends May in Los Angeles."""
    text = with_schedule("FREQ=MONTHLY;BYDAY=+1MO;UNTIL=20260601T030000Z")
    path = tmp_path / "la.yaml"
    path.write_text(text.replace("timezone: Asia/Ho_Chi_Minh", "timezone: America/Los_Angeles"))
    args = ("--year", "2026", "--name", "first_monday", "--format", "json")
    code, out, _ = run("schedule", str(path), *args)
    assert code == 0
    assert [o["nominal"] for o in json.loads(out)][-1] == "2026-05-04"
    (tmp_path / "vn.yaml").write_text(text)
    code, out, _ = run("schedule", str(tmp_path / "vn.yaml"), *args)
    assert [o["nominal"] for o in json.loads(out)][-1] == "2026-06-01"


# -- conditions ---------------------------------------------------------------------------------


def test_a_datetime_condition_compares_instants_not_text() -> None:
    """Regression: at_least 2026-03-02T12:00 held for 13:00 local and not for 06:00Z, the same instant."""
    assert sorted_as("2026-03-02T13:00") == "late"
    assert sorted_as("2026-03-02T06:00:00+00:00") == "late"
    assert sorted_as("2026-03-02T04:30Z") == "early"  # 11:30 in Viet Nam


def test_equals_on_the_same_instant_written_differently_is_true() -> None:
    """Regression: equals compared the text, so one instant written two ways was unequal."""
    spec = timed_spec()
    test = FieldTest(path=("received_at",), op="equals", value="2026-03-02T13:00")
    assert holds(spec, test, {"received_at": "2026-03-02T06:00:00+00:00"})
    assert holds(spec, test, {"received_at": "2026-03-02T06:00Z"})
    assert not holds(spec, test, {"received_at": "2026-03-02T13:00Z"})
    listed = FieldTest(path=("received_at",), op="in", value=("2026-03-02T13:00", None))
    assert holds(spec, listed, {"received_at": "2026-03-02T06:00Z"})


def test_a_date_condition_compares_days() -> None:
    """A date field's test compares the local day of its value with the operand's day."""
    spec = timed_spec()
    test = FieldTest(path=("received_on",), op="at_least", value="2026-03-04")
    assert holds(spec, test, {"received_on": "2026-03-04"})
    assert holds(spec, test, {"received_on": "2026-03-03T18:00Z"})  # 4 March in Viet Nam
    assert not holds(spec, test, {"received_on": "2026-03-03"})


def test_missing_and_null_times_keep_the_plain_semantics() -> None:
    """A missing or null date/time: equals false, not_equals true, comparisons false."""
    spec = timed_spec()
    for data in ({}, {"received_at": None}):
        for op, expected in (("equals", False), ("not_equals", True), ("at_least", False)):
            test = FieldTest(path=("received_at",), op=op, value="2026-03-02T12:00")
            assert holds(spec, test, data) is expected
    present = FieldTest(path=("received_at",), op="present", value=True)
    assert holds(spec, present, {"received_at": "not read"})


def test_an_unreadable_time_in_a_datetime_field_names_the_field() -> None:
    """A value of a datetime field that is no time is an InputError naming the field."""
    test = FieldTest(path=("received_at",), op="at_least", value="2026-03-02T12:00")
    with pytest.raises(InputError, match="field 'received_at' 'soon' is not a valid ISO 8601"):
        holds(timed_spec(), test, {"received_at": "soon"})


def test_without_the_workflow_a_condition_compares_values_as_they_are() -> None:
    """compile_condition without spec= keeps comparing the values as given."""
    check = compile_condition(
        FieldTest(path=("received_at",), op="equals", value="2026-03-02T13:00"), {}, {}
    )
    ctx = GuardContext(
        case=None,  # type: ignore[arg-type]
        trigger="",
        at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        actor=None,
        role=None,
        data={"received_at": "2026-03-02T13:00"},
    )
    assert check(ctx)


# -- properties ---------------------------------------------------------------------------------

ZONES = (
    "Asia/Ho_Chi_Minh",
    "UTC",
    "America/Los_Angeles",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Europe/London",
)
instants = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
).map(lambda d: d.replace(microsecond=0))
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)


def writings(instant: dt.datetime, offset: dt.tzinfo, zone: str) -> list[Any]:
    """The same instant written several ways: aware objects, ISO text, Z, and local naive text."""
    there = instant.astimezone(offset)
    local = instant.astimezone(ZoneInfo(zone))
    out: list[Any] = [instant, there, there.isoformat(), instant.strftime("%Y-%m-%dT%H:%M:%SZ")]
    # A naive local time is the same instant unless it falls in a repeated (fold) hour.
    if local.replace(tzinfo=None).replace(tzinfo=ZoneInfo(zone)) == local:
        out.append(local.replace(tzinfo=None).isoformat())
    return out


@given(instant=instants, offset=offsets, zone=st.sampled_from(ZONES))
def test_the_day_of_an_instant_does_not_depend_on_how_it_is_written(
    instant: dt.datetime, offset: dt.tzinfo, zone: str
) -> None:
    """local_day gives the plain zoneinfo day of the instant for every writing of it."""
    expected = instant.astimezone(ZoneInfo(zone)).date()
    for written in writings(instant, offset, zone):
        assert local_day(written, ZoneInfo(zone)) == expected


@given(
    instant=instants,
    operand=instants,
    offset=offsets,
    zone=st.sampled_from(ZONES),
    op=st.sampled_from(
        ["equals", "not_equals", "less_than", "at_most", "greater_than", "at_least"]
    ),
)
def test_a_time_condition_does_not_depend_on_how_the_instant_is_written(
    instant: dt.datetime, operand: dt.datetime, offset: dt.tzinfo, zone: str, op: str
) -> None:
    """A datetime test and a date test agree with a plain zoneinfo comparison for every writing."""
    tz = ZoneInfo(zone)
    naive_operand = operand.astimezone(tz).replace(tzinfo=None)
    bound = naive_operand.replace(tzinfo=tz)  # how a naive operand is read: in the zone
    day_operand = naive_operand.date()
    day = instant.astimezone(tz).date()
    plain = {
        "equals": lambda a, b: a == b,
        "not_equals": lambda a, b: a != b,
        "less_than": lambda a, b: a < b,
        "at_most": lambda a, b: a <= b,
        "greater_than": lambda a, b: a > b,
        "at_least": lambda a, b: a >= b,
    }[op]
    spec = timed_spec(zone)
    timed = FieldTest(path=("received_at",), op=op, value=naive_operand.isoformat())
    dated = FieldTest(path=("received_on",), op=op, value=day_operand.isoformat())
    for written in writings(instant, offset, zone):
        assert holds(spec, timed, {"received_at": written}) is plain(instant, bound)
        assert holds(spec, dated, {"received_on": written}) is plain(day, day_operand)


def test_a_within_period_starts_after_the_local_day_of_its_anchor() -> None:
    """within counts from the day its anchor falls on in the workflow's zone, not in UTC."""
    spec = timed_spec()
    test = FieldTest(path=("received_on",), op="within", value={"after": "decided_on", "days": 3})
    # 2026-03-01T18:00Z is 2 March in Viet Nam: the period runs 3 to 5 March.
    data = {"decided_on": "2026-03-01T18:00Z", "received_on": "2026-03-05"}
    assert holds(spec, test, data)
    assert not holds(spec, test, {**data, "received_on": "2026-03-06"})
