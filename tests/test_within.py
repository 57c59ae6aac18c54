"""The 'within' condition: a date within a period after another date field.

The period is counted as docs/legal-time.md counts every period: from the
day after the anchor date, lengthened by the days that do not count, and,
given a calendar, ending on the next working day when its last day is off.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import caseflow
from caseflow.conditions import GuardContext, compile_condition, explain
from caseflow.loading import dump_workflow, read_workflow

WORKFLOW = """\
caseflow: 1
name: khieu_nai
fields:
  received_on: {type: date}
  learned_on: {type: date}
  obstacle_days: {type: int}
guards:
  in_time:
    when:
      field: received_on
      within: {days: 90, after: learned_on, not_counting: obstacle_days}
    source: Luật Khiếu nại 2011, Điều 9
states:
  received: {initial: true}
  accepted: {final: true}
transitions:
  - {trigger: accept, from: received, to: accepted, when: in_time}
"""
SPEC = read_workflow(WORKFLOW)
GUARDS = {g.name: g for g in SPEC.guards}
CONDITION = GUARDS["in_time"].condition
assert CONDITION is not None
CHECK = compile_condition(CONDITION, GUARDS, {})
VN = caseflow.calendar("VN")


def context(calendar: Any = None, **data: Any) -> GuardContext:
    case = caseflow.Case(id="KN-1", workflow="khieu_nai", version="1", state="received", data={})
    at = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    return GuardContext(
        case=case, trigger="accept", at=at, actor=None, role=None, data=data, calendar=calendar
    )


@pytest.mark.parametrize(
    ("data", "holds"),
    [
        # Learned 04/03/2026: day 90 is Tuesday 02/06/2026.
        ({"received_on": "2026-06-02", "learned_on": "2026-03-04"}, True),
        ({"received_on": "2026-06-03", "learned_on": "2026-03-04"}, False),
        # Filed the same day it was learned of: within.
        ({"received_on": "2026-03-04", "learned_on": "2026-03-04"}, True),
        # 90 + 1 days end on Wednesday 03/06/2026.
        ({"received_on": "2026-06-03", "learned_on": "2026-03-04", "obstacle_days": 1}, True),
        # A missing date can never be within.
        ({"learned_on": "2026-03-04"}, False),
        ({"received_on": "2026-03-05"}, False),
        ({"received_on": None, "learned_on": "2026-03-04"}, False),
        # Obstacle days that are not a whole number of days >= 0 count as none.
        ({"received_on": "2026-06-03", "learned_on": "2026-03-04", "obstacle_days": True}, False),
        ({"received_on": "2026-06-02", "learned_on": "2026-03-04", "obstacle_days": -5}, True),
        # Not a date: false, never an error.
        ({"received_on": "soon", "learned_on": "2026-03-04"}, False),
    ],
)
def test_within_counts_calendar_days_from_the_day_after(data: dict[str, Any], holds: bool) -> None:
    """A date is within when it is on or before day 90 (plus obstacle days) after learned_on."""
    assert CHECK(context(**data)) is holds


def test_within_ends_after_tet_on_the_next_working_day() -> None:
    """Day 90 in Tết 2026 moves the end to Monday 23/02/2026, given the VN calendar."""
    # Learned 18/11/2025: day 90 is Monday 16/02/2026, in the Tết days off
    # (16-20/02/2026, then the weekend); the period ends Monday 23/02/2026.
    data = {"received_on": "2026-02-23", "learned_on": "2025-11-18"}
    assert dt.date(2025, 11, 18) + dt.timedelta(days=90) == dt.date(2026, 2, 16)
    assert CHECK(context(VN, **data))
    assert not CHECK(context(VN, received_on="2026-02-24", learned_on="2025-11-18"))


def test_a_refusal_gives_the_period_end_and_the_basis() -> None:
    """explain names the guard's basis, the end of the period and how it was counted."""
    ctx = context(received_on="2026-06-20", learned_on="2026-03-04", obstacle_days=3)
    assert explain(CONDITION, ctx, GUARDS, {}) == (
        "field 'received_on' is '2026-06-20' and must be at most 2026-06-05, the end of 90 "
        "days after field 'learned_on', not counting the 3 days of field 'obstacle_days'"
    )
    wf = caseflow.Workflow(SPEC)
    case = wf.start("KN-2", at="2026-06-20T09:00", data={"received_on": "2026-06-20"})
    with pytest.raises(caseflow.TransitionNotAllowed) as refused:
        wf.fire(case, "accept", at="2026-06-21T09:00")
    assert refused.value.reason == (
        "trigger 'accept' from state 'received' refused: guard 'in_time' (basis: Luật Khiếu "
        "nại 2011, Điều 9) is false: field 'learned_on' is missing, so no period of 90 days "
        "after field 'learned_on' can be counted"
    )


def test_a_within_condition_round_trips_through_the_dump() -> None:
    """Dumping and reading back a workflow with 'within' gives the same definition."""
    assert read_workflow(dump_workflow(SPEC)) == SPEC
