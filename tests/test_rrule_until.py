"""An ``rrule:`` schedule's UNTIL as a date, a local time or a UTC time, checked against dateutil."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given

from caseflow.definition import Schedule
from caseflow.errors import InputError
from caseflow.recurrence import occurrences, schedule_rrule, validate_schedule, year_occurrences
from caseflow.recurrence.until import DEFAULT_ZONE
from caseflow.workflow import WorkflowSpec, load_workflow, shipped_workflow
from tests.strategies_schedule import plain_calendar, rrule_untils
from tests.test_cli import run

FIRST_MONDAYS_TO_JUNE = [
    date(2026, 1, 5),
    date(2026, 2, 2),
    date(2026, 3, 2),
    date(2026, 4, 6),
    date(2026, 5, 4),
    date(2026, 6, 1),
]


def with_schedule(rrule: str) -> str:
    """The shipped reception workflow's YAML with a first-Monday schedule added."""
    text = shipped_workflow("citizen_reception").read_text(encoding="utf-8")
    added = (
        "schedules:\n"
        "  first_monday:\n"
        f'    rrule: "{rrule}"\n'
        "    start: 2026-01-01\n"
        "    source: test\n"
    )
    assert text.count("\nschedules:\n") == 1
    return text.replace("\nschedules:\n", "\n" + added, 1)


@pytest.mark.parametrize("until", ["20260630T170000Z", "20260630T170000", "20260630"])
def test_a_utc_local_or_date_until_lists_the_first_mondays_to_june(until: str) -> None:
    """Regression: UNTIL=20260630T170000Z passed validate, then schedule raised on a naive DTSTART."""
    wf = load_workflow(with_schedule(f"FREQ=MONTHLY;BYDAY=+1MO;UNTIL={until}"))
    found = year_occurrences(wf.spec.schedules, wf.calendar, 2026, name="first_monday")
    assert [o.nominal for o in found] == FIRST_MONDAYS_TO_JUNE
    (schedule,) = (s for s in wf.spec.schedules if s.name == "first_monday")
    assert schedule_rrule(schedule) == f"FREQ=MONTHLY;BYDAY=+1MO;UNTIL={until}"
    assert not any("UNTIL" in w for w in validate_schedule(schedule, wf.calendar, [2026]))


def test_caseflow_validate_then_schedule_lists_them(tmp_path: Path) -> None:
    """Regression, as a user meets it: `caseflow validate` said ok, then `caseflow schedule` failed."""
    path = tmp_path / "first_monday.yaml"
    path.write_text(with_schedule("FREQ=MONTHLY;BYDAY=+1MO;UNTIL=20260630T170000Z"), "utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 0
    code, out, err = run("schedule", str(path), "--year", "2026", "--name", "first_monday")
    assert (code, err) == (0, "")
    listed = [line.split()[0] for line in out.splitlines()[1:]]
    assert listed == [day.isoformat() for day in FIRST_MONDAYS_TO_JUNE]


def test_a_utc_until_is_an_instant_seen_in_the_workflows_zone() -> None:
    """17:00Z on 30 June is 00:00 on 1 July in Viet Nam: a 1 July session at 08:00 is out, at 00:00 in."""
    daily = "FREQ=DAILY;UNTIL=20260630T170000Z"
    timed = Schedule(name="d", rrule=daily, start="2026-06-29", time="08:00")
    found = occurrences(timed, plain_calendar(), "2026-06-01", "2026-07-31")
    assert [o.nominal.day for o in found] == [29, 30]
    midnight = Schedule(name="d", rrule=daily, start="2026-06-29", time="00:00")
    found = occurrences(midnight, plain_calendar(), "2026-06-01", "2026-07-31")
    assert [o.nominal.day for o in found] == [29, 30, 1]
    in_utc = occurrences(timed, plain_calendar(), "2026-06-01", "2026-07-31", zone="UTC")
    assert [o.nominal.day for o in in_utc] == [29, 30]  # 30 June 08:00Z is before 17:00Z


def test_the_default_zone_is_the_workflows_default() -> None:
    """Recurrence reads UNTIL in the zone a workflow has when it names none."""
    assert WorkflowSpec.__attrs_attrs__.timezone.default == DEFAULT_ZONE


def test_an_until_of_no_known_form_names_the_schedule_and_the_forms() -> None:
    """UNTIL must be YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ."""
    bad = Schedule(name="bad", rrule="FREQ=WEEKLY;BYDAY=MO;UNTIL=2026-06-30", start="2026-01-01")
    with pytest.raises(InputError, match=r"schedule 'bad'.*UNTIL='2026-06-30'.*YYYYMMDDTHHMMSSZ"):
        occurrences(bad, plain_calendar(), "2026-01-01", "2026-12-31")


@given(rrule_untils())
def test_until_in_every_form_agrees_with_dateutil(drawn: tuple[Schedule, str, str]) -> None:
    """The nominal dates equal dateutil's, DTSTART being of UNTIL's kind as RFC 5545 asks."""
    schedule, form, zone = drawn
    start = date.fromisoformat(str(schedule.start))
    clock = time.fromisoformat(schedule.time) if schedule.time else time()
    tz = ZoneInfo(zone)
    if form == "date":
        dtstart = datetime.combine(start, time())
    elif form == "local":
        dtstart = datetime.combine(start, clock)
    else:
        dtstart = datetime.combine(start, clock, tzinfo=tz)
    expected = [moment.date() for moment in rrulestr(str(schedule.rrule), dtstart=dtstart)]
    last = date(start.year + 2, 12, 31)
    found = occurrences(schedule, plain_calendar(), start, last, zone=zone)
    assert [o.nominal for o in found if not o.no_date] == expected
