"""Session dates: the three week readings, day-off policies, overrides, RRULE equivalents."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import attrs
import pytest
from dateutil.rrule import MONTHLY, WEEKLY, rrule, rrulestr, weekday
from hypothesis import given
from hypothesis import strategies as st

from caseflow.calendars import calendar
from caseflow.definition import WEEKDAYS, Schedule, ScheduleOverride
from caseflow.errors import InputError
from caseflow.recurrence import (
    Occurrence,
    occurrences,
    schedule_rrule,
    select_schedules,
    validate_schedule,
    year_occurrences,
)
from caseflow.render.schedule_text import schedule_json, schedule_records, schedule_text
from caseflow.workflow import load_workflow, shipped_workflow
from tests.strategies_schedule import (
    VN_WINDOW,
    WEEKDAY_NAMES,
    WEEKS,
    monthly_schedules,
    months,
    plain_calendar,
    schedules,
    windows,
)

VN = calendar("VN")


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return first, last


def monthly(
    weekday_name: str, week: int, counting: str, policy: str = "keep", **kw: object
) -> Schedule:
    return Schedule(
        name=str(kw.pop("name", "s")),
        every="month",
        weekday=weekday_name,
        week=week,
        counting=counting,
        if_day_off=policy,
        **kw,  # type: ignore[arg-type]
    )


def dates_of(found: list[Occurrence]) -> list[date]:
    """The nominal dates of the months that have one."""
    return [o.nominal for o in found if not o.no_date]


def reception() -> Schedule:
    spec = load_workflow(shipped_workflow("citizen_reception")).spec
    return next(s for s in spec.schedules if s.name == "regular_reception")


# -- naive oracles for the readings RFC 5545 has no word for ----------------------


def naive_calendar_week(year: int, month: int, wd: int, week: int) -> date | None:
    """Walk the month's days numbering Monday-Sunday weeks from the one holding the 1st."""
    first, last = month_bounds(year, month)
    numbered: dict[tuple[int, int], date] = {}
    number = 1
    day = first
    while day <= last:
        if day.weekday() == 0 and day != first:
            number += 1
        numbered[(number, day.weekday())] = day
        day += timedelta(days=1)
    if week == -1:
        week = number  # the week holding the last day
    return numbered.get((week, wd))


def naive_first_full_week(year: int, month: int, wd: int, week: int) -> date | None:
    """Walk the month's days: week 1 is the first Monday-Sunday week wholly inside it."""
    first, last = month_bounds(year, month)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    full_mondays = [d for d in days if d.weekday() == 0 and (d + timedelta(days=6)).month == month]
    if week == -1:
        monday = full_mondays[-1]
    else:
        monday = full_mondays[0]
        for _ in range(week - 1):
            monday += timedelta(days=7)
    target = monday + timedelta(days=wd)
    return target if target.month == month and target.year == year else None


# -- oracle properties ------------------------------------------------------------


@given(months(), WEEKDAY_NAMES, WEEKS)
def test_nth_keep_equals_dateutil_monthly_byday(
    ym: tuple[int, int], wd_name: str, week: int
) -> None:
    """counting: nth with keep gives exactly rrule(MONTHLY, byweekday=WD(+n or -1))."""
    first, last = month_bounds(*ym)
    wd = WEEKDAYS.index(wd_name)
    expected = [
        d.date()
        for d in rrule(
            MONTHLY,
            byweekday=weekday(wd, week),
            dtstart=datetime.combine(first, datetime.min.time()),
            until=datetime.combine(last, datetime.min.time()),
        )
    ]
    found = occurrences(monthly(wd_name, week, "nth"), plain_calendar(), first, last)
    assert dates_of(found) == expected
    assert len(found) == 1
    assert found[0].no_date == (not expected)


@given(windows(max_days=500), WEEKDAY_NAMES, WEEKS)
def test_nth_keep_equals_dateutil_over_spans(
    span: tuple[date, date], wd_name: str, week: int
) -> None:
    """Over spans of many months the nth reading still matches dateutil day for day."""
    start, end = span
    wd = WEEKDAYS.index(wd_name)
    expected = [
        d.date()
        for d in rrule(
            MONTHLY,
            byweekday=weekday(wd, week),
            dtstart=datetime.combine(start, datetime.min.time()),
            until=datetime.combine(end, datetime.min.time()),
        )
    ]
    assert (
        dates_of(occurrences(monthly(wd_name, week, "nth"), plain_calendar(), start, end))
        == expected
    )


@given(windows(max_days=400), WEEKDAY_NAMES)
def test_weekly_keep_equals_dateutil_weekly(span: tuple[date, date], wd_name: str) -> None:
    """every: week with keep gives exactly rrule(WEEKLY, byweekday=WD)."""
    start, end = span
    expected = [
        d.date()
        for d in rrule(
            WEEKLY,
            byweekday=WEEKDAYS.index(wd_name),
            dtstart=datetime.combine(start, datetime.min.time()),
            until=datetime.combine(end, datetime.min.time()),
        )
    ]
    rule = Schedule(name="w", every="week", weekday=wd_name)
    found = occurrences(rule, plain_calendar(), start, end)
    assert [o.date for o in found] == expected
    assert all(o.status == "held" for o in found)


@given(months(), WEEKDAY_NAMES, WEEKS)
def test_calendar_reading_matches_a_naive_walk(
    ym: tuple[int, int], wd_name: str, week: int
) -> None:
    """counting: calendar agrees with numbering the month's Monday-Sunday weeks day by day."""
    first, last = month_bounds(*ym)
    expected = naive_calendar_week(*ym, WEEKDAYS.index(wd_name), week)
    found = occurrences(monthly(wd_name, week, "calendar"), plain_calendar(), first, last)
    assert len(found) == 1
    if expected is None:
        assert found[0].no_date
        assert found[0].status == "skipped"
        assert found[0].date == first
    else:
        assert found[0].nominal == expected


@given(months(), WEEKDAY_NAMES, WEEKS)
def test_first_full_week_reading_matches_a_naive_walk(
    ym: tuple[int, int], wd_name: str, week: int
) -> None:
    """counting: first_full_week agrees with finding the month's full weeks day by day."""
    first, last = month_bounds(*ym)
    expected = naive_first_full_week(*ym, WEEKDAYS.index(wd_name), week)
    found = occurrences(monthly(wd_name, week, "first_full_week"), plain_calendar(), first, last)
    assert len(found) == 1
    assert (None if found[0].no_date else found[0].nominal) == expected


@given(schedules(policy="keep"), windows(max_days=500))
def test_schedule_rrule_gives_the_same_nominal_dates(
    rule: Schedule, span: tuple[date, date]
) -> None:
    """The RRULE equivalent, evaluated by dateutil, gives exactly the rule's nominal dates."""
    start, end = span
    text = schedule_rrule(rule)
    if text is None:  # only a rule that is never inside its month has none
        assert (
            dates_of(occurrences(rule, plain_calendar(), date(2000, 1, 1), date(2028, 12, 31)))
            == []
        )
        return
    found = rrulestr(text, dtstart=datetime.combine(start, datetime.min.time()))
    expected = [
        d.date()
        for d in found.between(
            datetime.combine(start, datetime.min.time()),
            datetime.combine(end, datetime.min.time()),
            inc=True,
        )
    ]
    assert dates_of(occurrences(rule, plain_calendar(), start, end)) == expected


# -- properties of the policies -------------------------------------------------------

VN_SPANS = windows(first=VN_WINDOW[0], last=VN_WINDOW[1], max_days=400)


@given(schedules(), VN_SPANS)
def test_sessions_fall_on_working_days_unless_kept(rule: Schedule, span: tuple[date, date]) -> None:
    """Every held or moved date is a working day, except under if_day_off: keep."""
    for o in occurrences(rule, VN, *span):
        if o.takes_place and rule.if_day_off != "keep":
            assert VN.is_working_day(o.date), o
        if o.takes_place and not VN.is_working_day(o.date):
            assert o.reason is not None
            assert "held anyway" in o.reason


@given(schedules(), VN_SPANS)
def test_moves_go_forward_and_never_onto_the_next_session(
    rule: Schedule, span: tuple[date, date]
) -> None:
    """A policy move lands after its nominal date; sessions stay strictly in order."""
    found = occurrences(rule, VN, *span)
    for o in found:
        if o.status == "moved":
            assert o.date > o.nominal
            assert rule.if_day_off in ("next_week", "next_working_day")
            if rule.if_day_off == "next_week":
                assert (o.date - o.nominal).days % 7 == 0
        else:
            assert o.date == o.nominal
    held = [o.date for o in found if o.takes_place]
    assert held == sorted(set(held))


@given(schedules(), VN_SPANS)
def test_output_is_sorted_bounded_and_deterministic(
    rule: Schedule, span: tuple[date, date]
) -> None:
    """Occurrences come sorted by date, nominal dates within the window, the same every time."""
    start, end = span
    found = occurrences(rule, VN, start, end)
    assert found == occurrences(rule, VN, start, end)
    assert [(o.date, o.nominal) for o in found] == sorted((o.date, o.nominal) for o in found)
    for o in found:
        assert start <= o.nominal <= end
        assert o.status in ("held", "moved", "skipped")
        assert o.no_date == (o.reason is not None and o.reason.startswith("no session in"))
        if o.status == "held":
            assert (o.reason is None) == VN.is_working_day(o.date)
        if o.status != "held":
            assert o.reason


@given(monthly_schedules(), st.integers(2024, 2028))
def test_a_year_has_one_occurrence_a_month(rule: Schedule, year: int) -> None:
    """A monthly rule gives exactly one occurrence per month: a session or the reason there is none."""
    found = occurrences(rule, VN, date(year, 1, 1), date(year, 12, 31))
    assert sorted(o.nominal.month for o in found) == list(range(1, 13))


@given(schedules(), st.sampled_from(sorted({2024, 2025, 2026})))
def test_schedule_bounds_are_respected(rule: Schedule, year: int) -> None:
    """start and end of the schedule cut its occurrences, by nominal date."""
    bounded = attrs.evolve(rule, start=f"{year}-03-10", end=f"{year}-08-20")
    found = occurrences(bounded, VN, date(year, 1, 1), date(year, 12, 31))
    assert all(date(year, 3, 10) <= o.nominal <= date(year, 8, 20) for o in found)
    unbounded = occurrences(rule, VN, date(year, 3, 10), date(year, 8, 20))
    assert [o.nominal for o in found] == [o.nominal for o in unbounded]


# -- known facts of 2026 ---------------------------------------------------------------

NTH_2026 = {1: 27, 2: 24, 3: 24, 4: 28, 5: 26, 6: 23, 7: 28, 8: 25, 9: 22, 10: 27, 11: 24, 12: 22}
CALENDAR_2026 = {
    1: 20,
    2: 17,
    3: 17,
    4: 21,
    5: 19,
    6: 23,
    7: 21,
    8: 18,
    9: 22,
    10: 20,
    11: 17,
    12: 22,
}


def test_tuesday_of_the_4th_week_in_2026_both_readings() -> None:
    """2026, month by month: the 4th Tuesday and the Tuesday of calendar week 4."""
    year = (date(2026, 1, 1), date(2026, 12, 31))
    nth = occurrences(monthly("tuesday", 4, "nth"), VN, *year)
    cal = occurrences(monthly("tuesday", 4, "calendar"), VN, *year)
    assert {o.nominal.month: o.nominal.day for o in nth} == NTH_2026
    assert {o.nominal.month: o.nominal.day for o in cal} == CALENDAR_2026


def test_the_two_readings_differ_in_nine_months_of_2026() -> None:
    """They differ exactly in the months of 2026 that start on Wednesday to Sunday."""
    differ = {m for m in range(1, 13) if NTH_2026[m] != CALENDAR_2026[m]}
    assert differ == {1, 2, 3, 4, 5, 7, 8, 10, 11}
    assert differ == {m for m in range(1, 13) if date(2026, m, 1).weekday() >= 2}


def test_february_2026_starts_on_a_sunday() -> None:
    """In the calendar reading Feb 2026's week 1 is Jan 26 - Feb 1: no Tuesday of week 1."""
    assert date(2026, 2, 1).weekday() == 6
    (week1,) = occurrences(monthly("tuesday", 1, "calendar"), VN, "2026-02-01", "2026-02-28")
    assert week1.no_date
    assert week1.status == "skipped"
    assert week1.date == week1.nominal == date(2026, 2, 1)
    assert week1.reason == (
        "no session in February 2026: the Tuesday of its calendar week 1 (the Monday-Sunday "
        "week holding 2026-02-01) is 2026-01-27, in the previous month"
    )
    (sunday,) = occurrences(monthly("sunday", 1, "calendar"), VN, "2026-02-01", "2026-02-28")
    assert sunday.nominal == date(2026, 2, 1)
    (week5,) = occurrences(monthly("tuesday", 5, "calendar"), VN, "2026-02-01", "2026-02-28")
    assert week5.nominal == date(2026, 2, 24)


def test_fifth_tuesday_missing_is_explained() -> None:
    """nth week 5: a month with four Tuesdays has no session, and says so."""
    (june,) = occurrences(monthly("tuesday", 5, "nth"), VN, "2026-06-01", "2026-06-30")
    assert (june.status, june.nominal, june.no_date) == ("held", date(2026, 6, 30), False)
    (april,) = occurrences(monthly("tuesday", 5, "nth"), VN, "2026-04-01", "2026-04-30")
    assert april.no_date
    assert april.reason == "no session in April 2026: it has only 4 Tuesdays, no 5th one"


def test_shipped_reception_2026_moves_the_tet_session_a_week() -> None:
    """The shipped schedule (calendar week 4, next_week): 17 Feb 2026 is Tết, so 24 Feb."""
    found = occurrences(reception(), VN, "2026-01-01", "2026-12-31")
    assert [o.date.day for o in found] == [20, 24, 17, 21, 19, 23, 21, 18, 22, 20, 17, 22]
    (feb,) = [o for o in found if o.nominal == date(2026, 2, 17)]
    assert feb.status == "moved"
    assert feb.date == date(2026, 2, 24)
    assert feb.reason == (
        "2026-02-17 is a day off (holiday: Tết Nguyên Đán / Lunar New Year); moved to the "
        "same weekday of the next working week, 2026-02-24 (if_day_off: next_week)"
    )
    assert all(o.status == "held" and o.reason is None for o in found if o is not feb)
    assert not any(o.provisional for o in found)


@pytest.mark.parametrize(
    ("policy", "status", "held"),
    [
        ("next_week", "moved", date(2026, 2, 24)),
        ("next_working_day", "moved", date(2026, 2, 23)),
        ("skip", "skipped", date(2026, 2, 17)),
        ("keep", "held", date(2026, 2, 17)),
    ],
)
def test_day_off_policies_on_tet_2026(policy: str, status: str, held: date) -> None:
    """Each policy on the calendar-week-4 Tuesday of Feb 2026, a Tết day off."""
    rule = attrs.evolve(reception(), if_day_off=policy)
    (feb,) = occurrences(rule, VN, "2026-02-01", "2026-02-28")
    assert (feb.status, feb.date, feb.nominal) == (status, held, date(2026, 2, 17))
    assert feb.reason is not None
    assert "Tết Nguyên Đán / Lunar New Year" in feb.reason
    assert f"(if_day_off: {policy})" in feb.reason


def test_fourth_tuesday_of_april_2026_sits_between_days_off() -> None:
    """28 Apr 2026 (4th Tuesday) is worked although 27/4 and 30/4 are off."""
    (april,) = occurrences(monthly("tuesday", 4, "nth", "skip"), VN, "2026-04-01", "2026-04-30")
    assert (april.status, april.date, april.reason) == ("held", date(2026, 4, 28), None)
    assert not VN.is_working_day(date(2026, 4, 27))
    assert not VN.is_working_day(date(2026, 4, 30))


@pytest.mark.parametrize(
    ("policy", "status", "held"),
    [
        ("next_working_day", "moved", date(2026, 5, 4)),  # 1 May off, then the weekend
        ("next_week", "moved", date(2026, 5, 7)),
        ("skip", "skipped", date(2026, 4, 30)),
    ],
)
def test_last_thursday_of_april_2026_is_reunification_day(
    policy: str, status: str, held: date
) -> None:
    """The last Thursday of April 2026 is 30/4, a holiday; each policy does what it says."""
    (april,) = occurrences(monthly("thursday", -1, "nth", policy), VN, "2026-04-01", "2026-04-30")
    assert (april.status, april.date, april.nominal) == (status, held, date(2026, 4, 30))
    assert april.reason is not None
    assert april.reason.startswith("2026-04-30 is a day off (holiday: ")


def test_monday_of_the_last_calendar_week_of_april_2026_is_the_swap_day() -> None:
    """27/4/2026 (a swapped day off) moves to 4/5 under next_week."""
    (april,) = occurrences(
        monthly("monday", -1, "calendar", "next_week"), VN, "2026-04-01", "2026-04-30"
    )
    assert (april.status, april.date, april.nominal) == (
        "moved",
        date(2026, 5, 4),
        date(2026, 4, 27),
    )


def test_next_week_looks_past_several_days_off() -> None:
    """1 Sep 2026 (Tuesday, National Day) under next_working_day skips 2 Sep too."""
    rule = monthly("tuesday", 1, "calendar", "next_working_day")
    (sep,) = occurrences(rule, VN, "2026-09-01", "2026-09-30")
    assert (sep.status, sep.date) == ("moved", date(2026, 9, 3))


def test_weekly_next_week_merges_into_the_next_session() -> None:
    """A weekly session moved onto next week's session is not held twice: it is skipped."""
    rule = Schedule(name="weekly", every="week", weekday="tuesday", if_day_off="next_week")
    found = occurrences(rule, VN, "2026-02-10", "2026-02-24")
    assert [(o.nominal.day, o.status, o.date.day) for o in found] == [
        (10, "held", 10),
        (17, "skipped", 17),
        (24, "held", 24),
    ]
    assert "would reach the next session date, 2026-02-24" in (found[1].reason or "")


def test_merge_check_looks_past_the_window() -> None:
    """The last session in the window is checked against the next one outside it."""
    rule = Schedule(name="weekly", every="week", weekday="tuesday", if_day_off="next_week")
    (only,) = occurrences(rule, VN, "2026-02-17", "2026-02-17")
    assert only.status == "skipped"


# -- overrides ---------------------------------------------------------------------------


def with_overrides(*overrides: ScheduleOverride) -> Schedule:
    return attrs.evolve(reception(), overrides=overrides)


def test_override_moves_a_session() -> None:
    """moved_to moves the session; the override's reason is the reason."""
    rule = with_overrides(
        ScheduleOverride(date="2026-09-22", moved_to="2026-09-29", reason="Giấy mời số 12-GM/TU")
    )
    (sep,) = occurrences(rule, VN, "2026-09-01", "2026-09-30")
    assert (sep.status, sep.date, sep.nominal, sep.reason) == (
        "moved",
        date(2026, 9, 29),
        date(2026, 9, 22),
        "Giấy mời số 12-GM/TU",
    )


def test_override_cancels_a_session() -> None:
    """cancelled: true keeps the occurrence, with status cancelled and the reason."""
    rule = with_overrides(
        ScheduleOverride(date="2026-12-22", cancelled=True, reason="Trùng hội nghị Thành ủy")
    )
    (dec,) = occurrences(rule, VN, "2026-12-01", "2026-12-31")
    assert (dec.status, dec.date, dec.reason) == (
        "cancelled",
        date(2026, 12, 22),
        "Trùng hội nghị Thành ủy",
    )
    assert not dec.takes_place


def test_override_beats_the_day_off_policy() -> None:
    """An override on a date the policy would move is applied as written."""
    rule = with_overrides(
        ScheduleOverride(date="2026-02-17", moved_to="2026-02-26", reason="Giấy mời số 3-GM/TU")
    )
    (feb,) = occurrences(rule, VN, "2026-02-01", "2026-02-28")
    assert (feb.status, feb.date) == ("moved", date(2026, 2, 26))


def test_override_on_a_date_the_rule_does_not_give_is_an_error() -> None:
    """An override must name a nominal date: the error names the schedule, date and neighbours."""
    rule = with_overrides(ScheduleOverride(date="2026-09-23", cancelled=True, reason="x"))
    with pytest.raises(InputError) as caught:
        occurrences(rule, VN, "2026-01-01", "2026-12-31")
    assert str(caught.value) == (
        "schedule 'regular_reception': override date 2026-09-23 is not a date of the "
        "schedule's rule; nearest rule dates: 2026-09-22 and 2026-10-20. An override names "
        "the regular date it moves or cancels."
    )


def test_override_outside_the_window_is_still_checked() -> None:
    """A wrong override is reported whatever window is asked for."""
    rule = with_overrides(ScheduleOverride(date="2027-01-01", cancelled=True, reason="x"))
    with pytest.raises(InputError, match="2027-01-01"):
        occurrences(rule, VN, "2026-01-01", "2026-01-31")


def test_two_overrides_for_one_date_are_an_error() -> None:
    """Two overrides of the same session contradict each other."""
    rule = with_overrides(
        ScheduleOverride(date="2026-09-22", cancelled=True, reason="a"),
        ScheduleOverride(date="2026-09-22", moved_to="2026-09-29", reason="b"),
    )
    with pytest.raises(InputError, match="two overrides for 2026-09-22"):
        occurrences(rule, VN, "2026-01-01", "2026-12-31")


# -- the other forms ------------------------------------------------------------------------


def test_rrule_form_uses_the_schedule_start_as_dtstart() -> None:
    """rrule: text evaluated from the schedule's start; COUNT counts from there."""
    rule = Schedule(name="r", rrule="FREQ=MONTHLY;BYDAY=+4TU;COUNT=3", start="2026-05-01")
    found = occurrences(rule, VN, "2026-01-01", "2026-12-31")
    assert [o.date for o in found] == [date(2026, 5, 26), date(2026, 6, 23), date(2026, 7, 28)]
    assert schedule_rrule(rule) == "FREQ=MONTHLY;BYDAY=+4TU;COUNT=3"


def test_rrule_form_without_start_is_anchored_in_2000() -> None:
    """Without start, DTSTART is 2000-01-01, so INTERVAL counts from there (and a warning says so)."""
    rule = Schedule(name="r", rrule="FREQ=MONTHLY;INTERVAL=2;BYDAY=+1MO")
    found = occurrences(rule, VN, "2026-01-01", "2026-12-31")
    assert [o.date.month for o in found] == [1, 3, 5, 7, 9, 11]
    assert any("DTSTART is 2000-01-01" in w for w in validate_schedule(rule, VN, [2026]))


def test_dates_form_with_policy() -> None:
    """dates: an explicit list, sorted and deduplicated, under the day-off policy."""
    rule = Schedule(
        name="d", dates=("2026-05-01", "2026-03-24", "2026-03-24"), if_day_off="next_working_day"
    )
    found = occurrences(rule, VN, "2026-01-01", "2026-12-31")
    assert [(o.nominal, o.date, o.status) for o in found] == [
        (date(2026, 3, 24), date(2026, 3, 24), "held"),
        (date(2026, 5, 1), date(2026, 5, 4), "moved"),
    ]
    assert schedule_rrule(rule) is None


def test_time_place_contact_and_provisional_are_carried() -> None:
    """Occurrences carry the schedule's time, place and contact, and the year's provisional flag."""
    rule = attrs.evolve(reception(), time="07:30")
    (jan26,) = occurrences(rule, VN, "2026-01-01", "2026-01-31")
    (jan27,) = occurrences(rule, VN, "2027-01-01", "2027-01-31")
    assert jan26.time is not None
    assert jan26.time.strftime("%H:%M") == "07:30"
    assert jan26.place is not None
    assert "Lê Thánh Tôn" in jan26.place
    assert jan26.contact == "0294.3858.647"
    assert (jan26.provisional, jan27.provisional) == (False, True)


def test_bad_arguments_are_input_errors() -> None:
    """A window backwards, a missing counting or a bad year is an InputError naming it."""
    with pytest.raises(InputError, match="before start"):
        occurrences(reception(), VN, "2026-12-31", "2026-01-01")
    with pytest.raises(InputError, match="never guesses"):
        occurrences(attrs.evolve(reception(), counting=None), VN, "2026-01-01", "2026-12-31")
    with pytest.raises(InputError, match="year=0"):
        year_occurrences([reception()], VN, 0)


def test_select_schedules_names_the_known_ones() -> None:
    """An unknown schedule name is refused with a suggestion and the known names."""
    with pytest.raises(InputError) as caught:
        select_schedules([reception()], "regular_recepton")
    assert str(caught.value) == (
        "unknown schedule 'regular_recepton' (did you mean 'regular_reception'?); "
        "known schedules: regular_reception"
    )
    with pytest.raises(InputError, match="defines no schedules"):
        select_schedules([], None)


# -- RRULE equivalents and validation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (monthly("tuesday", 4, "nth"), "FREQ=MONTHLY;BYDAY=+4TU"),
        (monthly("tuesday", -1, "nth"), "FREQ=MONTHLY;BYDAY=-1TU"),
        (
            monthly("tuesday", 4, "calendar"),
            "FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=17,18,19,20,21,22,23",
        ),
        (monthly("tuesday", 1, "calendar"), "FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=1,2"),
        (monthly("tuesday", -1, "calendar"), "FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=-6,-5,-4,-3,-2,-1"),
        (
            monthly("tuesday", 1, "first_full_week"),
            "FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
        ),
        (Schedule(name="w", every="week", weekday="tuesday"), "FREQ=WEEKLY;BYDAY=TU"),
        (monthly("tuesday", 4, "nth", end="2027-06-30"), "FREQ=MONTHLY;BYDAY=+4TU;UNTIL=20270630"),
    ],
)
def test_schedule_rrule_texts(rule: Schedule, expected: str) -> None:
    """The RRULE text of each reading, pinned."""
    assert schedule_rrule(rule) == expected


def test_validate_is_quiet_for_the_shipped_schedule() -> None:
    """The shipped schedule over its official years gives no warning."""
    assert validate_schedule(reception(), VN, [2024, 2025, 2026]) == []


def test_validate_warns_about_months_without_a_session() -> None:
    """Calendar week 1 can leave months without a session: said, with the months of the year."""
    warnings = validate_schedule(monthly("tuesday", 1, "calendar", "next_week"), VN, [2026])
    assert warnings == [
        "schedule 's': the Tuesday of week 1 (counting: calendar) is not in every month, so "
        "some months have no session under this rule: months starting on a Wednesday, "
        "Thursday, Friday, Saturday or Sunday",
        "schedule 's': in 2026 no session under the rule in January, February, March, April, "
        "May, July, August, October, November",
    ]


def test_validate_warns_about_calendar_week_5() -> None:
    """Calendar week 5 misses months too (a 28-day February starting on a Monday)."""
    warnings = validate_schedule(monthly("monday", 5, "calendar"), VN, [2027])
    assert warnings[0].endswith("no session under this rule: 28-day months starting on a Monday")


def test_validate_warns_about_a_rule_that_never_holds_a_session() -> None:
    """A Sunday rule with next_week: weekend weekday, every occurrence skipped."""
    warnings = validate_schedule(monthly("sunday", 2, "nth", "next_week"), VN, [2026])
    assert any("sunday is a weekend day in calendar 'VN'" in w for w in warnings)
    assert any("in 2026 every occurrence is skipped or cancelled" in w for w in warnings)
    never = validate_schedule(monthly("sunday", 5, "first_full_week"), VN, [2026])
    assert "is never inside its month" in never[0]


def test_validate_warns_about_overrides_and_kept_days_off() -> None:
    """Overrides onto a day off or past the next session, and sessions kept on days off."""
    rule = with_overrides(
        ScheduleOverride(date="2026-04-21", moved_to="2026-04-30", reason="a"),
        ScheduleOverride(date="2026-05-19", moved_to="2026-06-30", reason="b"),
    )
    warnings = validate_schedule(rule, VN, [2026])
    assert any("moves 2026-04-21 to 2026-04-30, a day off" in w for w in warnings)
    assert any("past the next session date 2026-06-23" in w for w in warnings)
    kept = validate_schedule(attrs.evolve(reception(), if_day_off="keep"), VN, [2026])
    assert kept == [
        "schedule 'regular_reception': in 2026 sessions are held on days off "
        "(if_day_off: keep): 2026-02-17"
    ]
    bad = with_overrides(ScheduleOverride(date="2026-04-22", cancelled=True, reason="x"))
    assert "override date 2026-04-22" in validate_schedule(bad, VN, [2026])[0]


def test_a_year_of_a_monthly_schedule_is_well_under_a_millisecond() -> None:
    """Performance: a year of the shipped monthly schedule, tables warm, in far less than 1 ms."""
    rule = reception()
    occurrences(rule, VN, "2026-01-01", "2026-12-31")
    best = min(
        _timed(lambda: occurrences(rule, VN, date(2026, 1, 1), date(2026, 12, 31)))
        for _ in range(50)
    )
    assert best < 0.001


def _timed(fn: object) -> float:
    assert callable(fn)
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


# -- text and JSON ---------------------------------------------------------------------------------


def test_json_is_exactly_the_promised_contract() -> None:
    """schedule_json: sessions only, exactly four keys, reason only when moved."""
    rule = with_overrides(ScheduleOverride(date="2026-12-22", cancelled=True, reason="x"))
    records = schedule_json(occurrences(rule, VN, "2026-01-01", "2026-12-31"))
    assert len(records) == 11
    assert all(list(r) == ["schedule", "date", "nominal", "reason"] for r in records)
    assert records[0] == {
        "schedule": "regular_reception",
        "date": "2026-01-20",
        "nominal": "2026-01-20",
        "reason": None,
    }
    moved = [r for r in records if r["reason"] is not None]
    assert [(r["date"], r["nominal"]) for r in moved] == [("2026-02-24", "2026-02-17")]
    kept = schedule_json(
        occurrences(attrs.evolve(reception(), if_day_off="keep"), VN, "2026-02-01", "2026-02-28")
    )
    assert kept == [
        {
            "schedule": "regular_reception",
            "date": "2026-02-17",
            "nominal": "2026-02-17",
            "reason": None,
        }
    ]


def test_records_keep_every_occurrence_with_status() -> None:
    """schedule_records: cancelled and skipped occurrences too, with status."""
    found = occurrences(monthly("tuesday", 1, "calendar"), VN, "2026-01-01", "2026-03-31")
    records = schedule_records(found)
    assert [r["status"] for r in records] == ["skipped", "skipped", "skipped"]
    assert all(r["no_date"] for r in records)


def test_text_table_in_both_languages() -> None:
    """schedule_text shows the weekday in the language asked, the status and why."""
    found = occurrences(attrs.evolve(reception(), time=None), VN, "2026-01-01", "2026-02-28")
    found += occurrences(
        monthly("tuesday", 1, "calendar", name="other"), VN, "2026-02-01", "2026-02-28"
    )
    vi = schedule_text(found, "vi")
    en = schedule_text(found, "en")
    assert vi.splitlines()[0].split() == ["Ngày", "Thứ", "Lịch", "Tình", "trạng", "Lý", "do"]
    assert "20/01/2026  Thứ Ba" in vi  # dd/mm/yyyy in Vietnamese
    assert "dời từ 17/02/2026; 2026-02-17 is a day off" in vi  # reasons are made in English
    assert "2026-02-24  Tuesday  regular_reception  moved" in en
    assert "2026-02     —        other              no session  no session in February 2026" in en
    assert schedule_text([], "vi") == "(không có buổi nào)\n"
    with pytest.raises(InputError, match="lang='fr'"):
        schedule_text(found, "fr")
