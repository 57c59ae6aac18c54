"""Deadline rules evaluated on cases: due dates, statuses, explanations, invariants."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import caseflow
from caseflow.deadlines import apply_offset, replay_steps
from caseflow.definition import (
    Anchor,
    DeadlineRule,
    DeadlineVariant,
    Extension,
    FieldTest,
    Offset,
)
from caseflow.loading import read_workflow
from caseflow.workflow import Workflow

FLOW = """
caseflow: 1
name: flow
fields:
  session_date: {type: date}
  complex: {type: bool}
states:
  received: {initial: true}
  accepted: {}
  verifying: {}
  suspended: {}
  concluded: {final: true}
  rejected: {final: true}
transitions:
  - {trigger: accept, from: received, to: accepted}
  - {trigger: reject, from: received, to: rejected}
  - {trigger: verify, from: accepted, to: verifying}
  - {trigger: extend, from: verifying, to: verifying}
  - {trigger: suspend, from: verifying, to: suspended}
  - {trigger: resume, from: suspended, to: verifying}
  - {trigger: conclude, from: verifying, to: concluded}
"""
BASE = read_workflow(FLOW)
VN = caseflow.calendar("VN")
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

CHECK = DeadlineRule(
    name="check",
    runs_in=("received",),
    anchor=Anchor(kind="entered", name="received"),
    offset=Offset(amount=7, unit="working_days"),
    source="Luật Tố cáo 2018, Điều 24",
)
RESOLVE = DeadlineRule(
    name="resolve",
    runs_in=("accepted", "verifying"),
    paused_in=("suspended",),
    anchor=Anchor(kind="entered", name="accepted"),
    offset=Offset(amount=30, unit="days"),
    extension=Extension(trigger="extend", by=Offset(amount=30, unit="days"), max=1),
    variants=(
        DeadlineVariant(
            when=FieldTest(path=("complex",), op="equals", value=True),
            max_extensions=2,
            source="Luật Tố cáo 2018, Điều 30 khoản 1",
        ),
    ),
    source="Luật Tố cáo 2018, Điều 30",
)


def workflow(*rules: DeadlineRule) -> Workflow:
    return Workflow(attrs.evolve(BASE, deadlines=rules))


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=9, tzinfo=ZONE)


def only(wf: Workflow, case: caseflow.Case, now: str) -> object:
    (deadline,) = wf.deadlines(case, now=now)
    return deadline


def test_a_denunciation_received_before_tet_is_counted_past_the_whole_holiday() -> None:
    """7 working days from 12/02/2026 skip the weekend and all of Tết: due 02/03/2026."""
    wf = workflow(CHECK)
    case = wf.start("TC-1", at=at("2026-02-12"))
    deadline = only(wf, case, "2026-02-25")
    assert deadline.due == dt.date(2026, 3, 2)
    assert deadline.status == "pending"
    text = deadline.explain()
    assert "7 working days after entering 'received' on Thu 2026-02-12" in text
    assert "16/02 Lunar New Year's Eve" in text
    assert "20/02 Fourth Day of Lunar New Year" in text
    assert "Basis: Luật Tố cáo 2018, Điều 24." in text
    vi = deadline.explain("vi")
    assert "7 ngày làm việc" in vi
    assert "Tết Nguyên Đán" in vi
    assert "Căn cứ: Luật Tố cáo 2018, Điều 24." in vi


def test_statuses_pending_overdue_and_met() -> None:
    """Pending until the due day ends, overdue after it, met when the case moves on."""
    wf = workflow(CHECK)
    case = wf.start("TC-1", at=at("2026-02-12"))
    assert only(wf, case, "2026-03-02T23:59").status == "pending"
    assert only(wf, case, "2026-03-03T00:00").status == "overdue"
    wf.fire(case, "accept", at=at("2026-03-04"))
    met = only(wf, case, "2026-04-01")
    assert met.status == "met"
    assert met.late is True
    assert "met late on 2026-03-04" in met.explain()


def test_a_deadline_not_started_is_not_listed() -> None:
    """The resolution clock starts only when the case is accepted."""
    wf = workflow(RESOLVE)
    case = wf.start("TC-1", at=at("2026-03-02"))
    assert wf.deadlines(case, now="2026-03-03") == ()


def test_a_calendar_day_deadline_landing_on_a_day_off_moves_to_the_next_working_day() -> None:
    """30 days after 31/03/2026 is 30/04 (a holiday): due Monday 04/05/2026."""
    wf = workflow(RESOLVE)
    case = wf.start("TC-1", at=at("2026-03-20"))
    wf.fire(case, "accept", at=at("2026-03-31"))
    deadline = only(wf, case, "2026-04-02")
    assert deadline.due == dt.date(2026, 5, 4)
    assert "Thu 2026-04-30 is a day off" in deadline.explain()


def test_extensions_add_time_up_to_the_limit_and_the_engine_refuses_more() -> None:
    """One extension for an ordinary case; the second is refused with the basis."""
    wf = workflow(RESOLVE)
    case = wf.start("TC-1", at=at("2026-03-02"))
    wf.fire(case, "accept", at=at("2026-03-02"))
    wf.fire(case, "verify", at=at("2026-03-03"))
    before = only(wf, case, "2026-03-10").due
    wf.fire(case, "extend", at=at("2026-03-20"))
    after = only(wf, case, "2026-03-21")
    assert after.due > before
    assert after.extensions == 1
    with pytest.raises(caseflow.TransitionNotAllowed) as info:
        wf.fire(case, "extend", at=at("2026-04-20"))
    assert "deadline 'resolve' allows at most 1 extension, and 1 was already granted" in (
        info.value.reason
    )
    assert "extend" not in wf.allowed(case)


def test_a_variant_raises_the_extension_limit() -> None:
    """A complex case may be extended twice (Luật Tố cáo 2018, Điều 30)."""
    wf = workflow(RESOLVE)
    case = wf.start("TC-1", at=at("2026-03-02"), data={"complex": True})
    wf.fire(case, "accept", at=at("2026-03-02"))
    wf.fire(case, "verify", at=at("2026-03-03"))
    wf.fire(case, "extend", at=at("2026-03-20"))
    wf.fire(case, "extend", at=at("2026-04-20"))
    deadline = only(wf, case, "2026-04-21")
    assert deadline.extensions == 2
    assert "Luật Tố cáo 2018, Điều 30 khoản 1" in deadline.explain()


def test_a_pause_gives_back_the_time_that_was_left() -> None:
    """Suspended on day 10 of 30, resumed 15 days later: due moves 15 days on."""
    wf = workflow(attrs.evolve(RESOLVE, if_day_off="keep"))
    case = wf.start("TC-1", at=at("2026-06-01"))
    wf.fire(case, "accept", at=at("2026-06-01"))
    wf.fire(case, "verify", at=at("2026-06-02"))
    due = only(wf, case, "2026-06-05").due
    wf.fire(case, "suspend", at=at("2026-06-11"))
    paused = only(wf, case, "2026-06-20")
    assert paused.status == "paused"
    wf.fire(case, "resume", at=at("2026-06-26"))
    resumed = only(wf, case, "2026-06-27")
    assert resumed.status == "pending"
    assert resumed.due == due + dt.timedelta(days=15)
    assert "paused from" in resumed.explain()


def test_a_field_anchor_counts_back_from_a_session_date() -> None:
    """A brief due one week before the session; unknown until the date is set."""
    brief = DeadlineRule(
        name="brief",
        runs_in=("accepted",),
        anchor=Anchor(kind="field", name="session_date"),
        offset=Offset(amount=1, unit="weeks", direction=-1),
        source="Kế hoạch tiếp dân, mục III.1",
    )
    wf = workflow(brief)
    case = wf.start("TC-1", at=at("2026-04-01"))
    wf.fire(case, "accept", at=at("2026-04-02"))
    waiting = only(wf, case, "2026-04-03")
    assert waiting.due is None
    assert "no due date yet" in waiting.explain()
    wf.update(case, at=at("2026-04-03"), data={"session_date": "2026-05-05"})
    # 28/04/2026 is a working Tuesday; a week before 07/05 would be 30/04 (a holiday).
    assert only(wf, case, "2026-04-04").due == dt.date(2026, 4, 28)
    wf.update(case, at=at("2026-04-05"), data={"session_date": "2026-05-07"})
    moved = only(wf, case, "2026-04-06")
    assert moved.due == dt.date(2026, 4, 29)
    assert "previous working day" in moved.explain()


def test_a_rule_time_makes_the_due_a_time_in_the_workflow_zone() -> None:
    """With time 17:00 the deadline is overdue at 17:01 on the due day."""
    wf = workflow(attrs.evolve(CHECK, time="17:00"))
    case = wf.start("TC-1", at=at("2026-03-02"))
    deadline = only(wf, case, "2026-03-03")
    assert deadline.due == dt.datetime(2026, 3, 11, 17, 0, tzinfo=ZONE)
    assert only(wf, case, "2026-03-11T17:00").status == "pending"
    assert only(wf, case, "2026-03-11T17:01").status == "overdue"


def test_due_soon_marks_a_pending_deadline_near_its_day() -> None:
    """With due_soon 2 working days, two working days before the due day is 'soon'."""
    wf = workflow(attrs.evolve(CHECK, due_soon=Offset(amount=2, unit="working_days")))
    case = wf.start("TC-1", at=at("2026-03-02"))
    assert not only(wf, case, "2026-03-05").soon
    assert only(wf, case, "2026-03-09").soon
    assert "due soon" in only(wf, case, "2026-03-09").explain()


# --- properties ----------------------------------------------------------------------

days = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
units = st.sampled_from(["days", "working_days", "weeks", "months"])
offsets = st.builds(Offset, amount=st.integers(0, 120), unit=units)


@given(days, offsets)
def test_a_forward_deadline_never_precedes_its_anchor(day: dt.date, offset: Offset) -> None:
    """Counting forward from a day never lands before it."""
    assert apply_offset(VN, day, offset) >= day


@given(days, st.integers(0, 60), st.integers(0, 60), units)
def test_offsets_grow_with_their_amount(day: dt.date, a: int, b: int, unit: str) -> None:
    """A longer span never gives an earlier day."""
    lo, hi = sorted((a, b))
    assert apply_offset(VN, day, Offset(amount=lo, unit=unit)) <= apply_offset(
        VN, day, Offset(amount=hi, unit=unit)
    )


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, int]]:
    """A random legal path through FLOW as (trigger, days after the previous step)."""
    steps = [("accept", draw(st.integers(0, 20))), ("verify", draw(st.integers(0, 5)))]
    state = "verifying"
    for _ in range(draw(st.integers(0, 6))):
        options = {"verifying": ["extend", "suspend", "conclude"], "suspended": ["resume"]}
        if state not in options:
            break
        trigger = draw(st.sampled_from(options[state]))
        steps.append((trigger, draw(st.integers(0, 40))))
        state = {"suspend": "suspended", "resume": "verifying", "conclude": "concluded"}.get(
            trigger, state
        )
    return steps


@given(days.filter(lambda d: d.year < 2100), histories(), st.booleans(), units)
def test_explanation_steps_redo_the_due_date_and_never_go_back(
    day: dt.date, steps: list[tuple[str, int]], complex_case: bool, unit: str
) -> None:
    """Replaying a deadline's arithmetic reproduces its due date; extensions and pauses only add."""
    rule = attrs.evolve(RESOLVE, offset=Offset(amount=30, unit=unit))
    wf = workflow(rule)
    when = dt.datetime.combine(day, dt.time(9), ZONE)
    case = wf.start("TC-1", at=when, data={"complex": complex_case})
    dues = []
    for trigger, gap in steps:
        when += dt.timedelta(days=gap)
        if trigger not in wf.allowed(case):
            continue
        wf.fire(case, trigger, at=when)
        found = wf.deadlines(case, now=when)
        if found and found[0].status != "paused":
            dues.append(found[0].due)
            assert replay_steps(VN, found[0].steps) == found[0].due
            assert found[0].due >= found[0].anchor_date
    assert dues == sorted(dues)


@given(days.filter(lambda d: 1991 < d.year < 2099), st.sampled_from(["UTC", "America/New_York"]))
def test_a_date_only_deadline_does_not_move_with_the_zone_of_now(day: dt.date, tz: str) -> None:
    """The same instant written in another zone gives the same due date."""
    wf = workflow(CHECK)
    case = wf.start("TC-1", at=dt.datetime.combine(day, dt.time(9), ZONE))
    now = dt.datetime.combine(day, dt.time(12), ZONE)
    there = now.astimezone(ZoneInfo(tz))
    (here,) = wf.deadlines(case, now=now)
    (other,) = wf.deadlines(case, now=there)
    assert here.due == other.due
    assert here.status == other.status
    assert VN.is_working_day(here.due)


@given(days.filter(lambda d: d.year < 2100), st.integers(1, 40))
def test_working_day_deadlines_land_on_working_days(day: dt.date, n: int) -> None:
    """A due date counted in working days is always a working day."""
    wf = workflow(attrs.evolve(CHECK, offset=Offset(amount=n, unit="working_days")))
    case = wf.start("TC-1", at=dt.datetime.combine(day, dt.time(9), ZONE))
    (deadline,) = wf.deadlines(case, now=case.updated_at)
    assert VN.is_working_day(deadline.due)
    assert VN.working_days_between(day, deadline.due) == n


def test_evaluation_is_pure() -> None:
    """The same case, rules, calendar and now give the same deadlines."""
    wf = workflow(CHECK, RESOLVE)
    case = wf.start("TC-1", at=at("2026-02-12"))
    wf.fire(case, "accept", at=at("2026-02-13"))
    assert wf.deadlines(case, now="2026-03-01") == wf.deadlines(case, now="2026-03-01")


def test_a_moved_session_moves_the_briefs_deadline_and_says_so() -> None:
    """The brief is due a week before the session as held: Tết moves 17/02 to 24/02."""
    from caseflow.definition import Docket

    reception = read_workflow(caseflow.shipped_workflow("citizen_reception"))
    brief = DeadlineRule(
        name="brief",
        runs_in=("selected",),
        anchor=Anchor(kind="session", name="regular_reception"),
        offset=Offset(amount=1, unit="weeks", direction=-1),
        source="Kế hoạch tiếp dân, mục III.1",
    )
    docket = Docket(
        schedule="regular_reception",
        eligible_in=("screened",),
        select_trigger="select",
        session_field="session_date",
        capacity=5,
    )
    wf = Workflow(attrs.evolve(reception, deadlines=(brief,), docket=docket))
    case = wf.start("TV-1", at=at("2026-01-26"), data={"kind": "complaint", "summary": "x"})
    wf.fire(case, "screen", at=at("2026-01-27"))
    wf.fire(case, "select", at=at("2026-01-28"), data={"session_date": "2026-02-17"})
    (deadline,) = wf.deadlines(case, now="2026-02-01")
    # A week before 24/02 is 17/02, itself Tết; the previous working day is Friday 13/02.
    assert deadline.due == dt.date(2026, 2, 13)
    text = deadline.explain()
    assert "session on Tue 2026-02-24" in text
    assert "2026-02-17 is a day off" in text
