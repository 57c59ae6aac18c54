"""The iCalendar export: valid for calendar apps, reproducible, updating rather than duplicating."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import icalendar
import pytest

from caseflow.calendars import calendar
from caseflow.definition import Schedule, ScheduleOverride
from caseflow.errors import InputError
from caseflow.recurrence import Occurrence, occurrences
from caseflow.render.ics import event_uid, to_ics
from caseflow.workflow import load_workflow, shipped_workflow

VN = calendar("VN")


def reception(**changes: Any) -> Schedule:
    spec = load_workflow(shipped_workflow("citizen_reception")).spec
    rule = next(s for s in spec.schedules if s.name == "regular_reception")
    return attrs.evolve(rule, **changes)


TIMED = reception(
    time="07:30",
    overrides=(
        ScheduleOverride(date="2026-09-22", moved_to="2026-09-29", reason="Giấy mời số 12-GM/TU"),
        ScheduleOverride(date="2026-12-22", cancelled=True, reason="Trùng hội nghị Thành ủy"),
    ),
)


def export(rule: Schedule = TIMED, start: str = "2026-01-01", end: str = "2027-12-31") -> bytes:
    found = occurrences(rule, VN, start, end)
    return to_ics(found, workflow_name="citizen_reception", schedules=[rule])


def events(data: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def by_nominal(data: bytes) -> dict[str, Any]:
    return {str(e["UID"]).split(".")[0]: e for e in events(data)}


def test_calendar_properties() -> None:
    """VCALENDAR has PRODID, VERSION:2.0, CALSCALE, METHOD:PUBLISH and a calendar name."""
    cal = icalendar.Calendar.from_ical(export())
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//caseflow//")
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == (
        "Tiếp dân định kỳ của Bí thư Thành ủy / The Secretary's regular reception"
    )


def test_every_event_has_the_required_properties_and_a_unique_uid() -> None:
    """Each VEVENT has UID, DTSTAMP, DTSTART, DTEND and SUMMARY; UIDs are unique."""
    found = events(export())
    assert len(found) == 24  # two years of monthly sessions, the cancelled one included
    for event in found:
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS"):
            assert key in event, (key, event)
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids)


def test_export_is_reproducible_byte_for_byte() -> None:
    """Two exports of the same input are identical: fixed DTSTAMP, UIDs from the data."""
    assert export() == export()
    stamps = {e.decoded("DTSTAMP") for e in events(export())}
    assert stamps == {datetime(2026, 1, 1, tzinfo=UTC)}


def test_uid_follows_the_nominal_date_through_moves_and_cancellation() -> None:
    """A session keeps its UID when moved or cancelled, so a re-import updates it."""
    plain = by_nominal(export(reception(time="07:30")))
    changed = by_nominal(export())
    assert set(plain) == set(changed)
    assert changed["20260922"].decoded("DTSTART").date() == date(2026, 9, 29)
    assert str(changed["20261222"]["STATUS"]) == "CANCELLED"
    assert int(changed["20261222"]["SEQUENCE"]) > int(plain["20261222"]["SEQUENCE"])
    assert str(changed["20260922"]["UID"]) == event_uid(
        "citizen_reception", "regular_reception", date(2026, 9, 22)
    )


def test_timed_events_carry_a_tzid_defined_in_the_file() -> None:
    """DTSTART has TZID=Asia/Ho_Chi_Minh and the file holds that VTIMEZONE; +07:00 applies."""
    data = export()
    cal = icalendar.Calendar.from_ical(data)
    zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert zones == {"Asia/Ho_Chi_Minh"}
    for event in cal.walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] in zones
        start = event.decoded("DTSTART")
        assert start.utcoffset() == timedelta(hours=7)
        assert (start.hour, start.minute) == (7, 30)
        assert event.decoded("DTEND") - start == timedelta(hours=4)
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20260120T073000\r\n" in data


def test_all_day_events_without_a_time() -> None:
    """A schedule without time gives VALUE=DATE events ending the next day, and no VTIMEZONE."""
    data = export(reception(time=None), "2026-01-01", "2026-12-31")
    assert b"BEGIN:VTIMEZONE" not in data
    for event in events(data):
        start = event.decoded("DTSTART")
        assert type(start) is date
        assert event.decoded("DTEND") == start + timedelta(days=1)
    assert b"DTSTART;VALUE=DATE:20260224\r\n" in data


def test_lines_are_folded_at_75_octets_with_crlf() -> None:
    """Every line is at most 75 octets and ends with CRLF, Vietnamese text included."""
    data = export()
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long texts were folded
    data.decode("utf-8")  # folding never splits a character


def test_moved_sessions_explain_themselves() -> None:
    """DESCRIPTION of a moved session has the reason: Tết 2026, and the override's."""
    found = by_nominal(export())
    tet = str(found["20260217"]["DESCRIPTION"])
    assert "Moved from 2026-02-17" in tet
    assert "Tết Nguyên Đán / Lunar New Year" in tet
    assert found["20260217"].decoded("DTSTART").date() == date(2026, 2, 24)
    assert "Giấy mời số 12-GM/TU" in str(found["20260922"]["DESCRIPTION"])
    assert "Trùng hội nghị Thành ủy" in str(found["20261222"]["DESCRIPTION"])
    assert str(found["20261222"]["SUMMARY"]).startswith("ĐÃ HỦY / CANCELLED: ")


def test_location_contact_and_source() -> None:
    """LOCATION is the place; DESCRIPTION has the contact and the legal source."""
    event = by_nominal(export())["20260120"]
    assert "Lê Thánh Tôn" in str(event["LOCATION"])
    description = str(event["DESCRIPTION"])
    assert "Liên hệ / Contact: 0294.3858.647" in description
    assert "Quy định 11-QĐi/TW" in description


def test_provisional_years_are_tentative() -> None:
    """Sessions in a year without an official day-off schedule are STATUS:TENTATIVE."""
    found = by_nominal(export())
    assert str(found["20260120"]["STATUS"]) == "CONFIRMED"
    assert str(found["20270119"]["STATUS"]) == "TENTATIVE"
    assert "Provisional" in str(found["20270119"]["DESCRIPTION"])


def test_skipped_occurrences_are_not_events() -> None:
    """A month without a session (calendar week 1) adds no VEVENT."""
    rule = reception(week=1)
    found = occurrences(rule, VN, "2026-01-01", "2026-12-31")
    assert sum(o.no_date for o in found) == 9
    data = to_ics(found, workflow_name="w", schedules=[rule])
    assert len(events(data)) == 3


def test_dtstamp_and_arguments() -> None:
    """A given dtstamp is used in UTC; a naive one, a bad zone or duration are refused."""
    found: list[Occurrence] = occurrences(TIMED, VN, "2026-01-01", "2026-03-31")
    stamp = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    data = to_ics(found, workflow_name="w", dtstamp=stamp)
    assert b"DTSTAMP:20260501T090000Z\r\n" in data
    assert b"SUMMARY:regular_reception\r\n" in data  # no schedules given: the name
    with pytest.raises(InputError, match="timezone-aware"):
        to_ics(found, workflow_name="w", dtstamp=datetime(2026, 5, 1))
    with pytest.raises(InputError, match="unknown time zone"):
        to_ics(found, workflow_name="w", zone="Asia/Saigonn")
    with pytest.raises(InputError, match="duration"):
        to_ics(found, workflow_name="w", duration=timedelta(0))
