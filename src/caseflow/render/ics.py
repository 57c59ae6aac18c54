"""iCalendar (RFC 5545) export of session occurrences, for calendar apps.

This module owns turning ``recurrence.Occurrence`` records into an ``.ics``
file that Google Calendar, Outlook, Apple Calendar and Thunderbird import:
one VEVENT per session that takes place, one cancelled VEVENT per session
cancelled by an override (so that a re-import removes it), nothing for
skipped ones (there never was a session to remove; the text and JSON
outputs say why). Deciding dates is ``recurrence``'s job; the ``icalendar``
package does the escaping, the 75-octet line folding and the CRLF endings.

Choices that make the file behave well in calendar apps:

- The UID comes from the workflow, the schedule and the *nominal* date, so
  a session keeps its UID when it is moved or cancelled, and importing a
  newer export updates the event instead of adding a second one.
- The output is reproducible: DTSTAMP is the ``dtstamp`` argument, or by
  default midnight UTC on 1 January of the first occurrence's year; no
  clock, no random UUID. SEQUENCE is ``sequence`` plus 1 for a moved and 2
  for a cancelled session, because a session's usual life (announced, then
  moved, then perhaps cancelled) then only ever raises it, and some clients
  ignore an update whose SEQUENCE did not grow. Pass a larger ``sequence``
  (and a current ``dtstamp``) when republishing other edits.
- A session with a ``time`` is a timed event with TZID and a VTIMEZONE for
  the zone, built from the system's zone data by ``icalendar``; one without
  is an all-day event (``VALUE=DATE``, DTEND the next day). A timed event
  lasts ``duration`` (default four hours, a morning or an afternoon: the
  schedule does not say when a session ends).
- STATUS is CONFIRMED, TENTATIVE when the calendar year is provisional
  (its official day swaps are not yet known), or CANCELLED.
- Texts are bilingual, Vietnamese first, as the schedules' labels are.
- A schedule held online or hybrid (``mode``) carries its ``meeting_link``
  as URL and as CONFERENCE (RFC 7986, with ``join`` as its LABEL); an
  online-only session has no LOCATION.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Final

import icalendar

from caseflow.definition import Schedule
from caseflow.errors import InputError
from caseflow.recurrence import Occurrence
from caseflow.times import zone as get_zone

__all__ = ["PRODID", "event_uid", "to_ics"]

PRODID: Final = "-//caseflow//caseflow session schedule//VI"
_UNSAFE: Final = re.compile(r"[^A-Za-z0-9_.-]+")
_SEQUENCE_STEP: Final = {"held": 0, "moved": 1, "cancelled": 2}


def event_uid(workflow_name: str, schedule: str, nominal: date) -> str:
    """The UID of a session: stable across exports, moves and cancellation."""
    workflow = _UNSAFE.sub("-", workflow_name) or "workflow"
    name = _UNSAFE.sub("-", schedule) or "schedule"
    return f"{nominal.strftime('%Y%m%d')}.{name}.{workflow}@caseflow"


def _summary(occurrence: Occurrence, schedule: Schedule | None) -> str:
    label = schedule.label if schedule is not None else None
    text = f"{label.vi} / {label.en}" if label is not None else occurrence.schedule
    if occurrence.status == "cancelled":
        text = f"ĐÃ HỦY / CANCELLED: {text}"
    return text


def _description(occurrence: Occurrence, schedule: Schedule | None, workflow_name: str) -> str:
    lines: list[str] = []
    nominal = occurrence.nominal.isoformat()
    if occurrence.status == "moved":
        lines.append(f"Dời từ ngày / Moved from {nominal}: {occurrence.reason}")
    elif occurrence.status == "cancelled":
        lines.append(f"Hủy buổi ngày / Cancelled session of {nominal}: {occurrence.reason}")
    elif occurrence.reason:
        lines.append(f"Ghi chú / Note: {occurrence.reason}")
    if occurrence.provisional:
        year = occurrence.date.year
        lines.append(
            f"Ngày dự kiến: lịch nghỉ chính thức năm {year} chưa được đối chiếu / Provisional: "
            f"the official day-off schedule of {year} is not yet in the calendar"
        )
    if occurrence.contact:
        lines.append(f"Liên hệ / Contact: {occurrence.contact}")
    if schedule is not None and schedule.description:
        lines.append(schedule.description)
    if schedule is not None and schedule.source:
        lines.append(f"Căn cứ / Source: {schedule.source}")
    lines.append(f"Lịch / Schedule: {workflow_name} / {occurrence.schedule}")
    return "\n".join(lines)


def to_ics(
    occurrences: Iterable[Occurrence],
    *,
    workflow_name: str,
    schedules: Iterable[Schedule] = (),
    calendar_name: str | None = None,
    zone: str = "Asia/Ho_Chi_Minh",
    dtstamp: datetime | None = None,
    duration: timedelta = timedelta(hours=4),
    sequence: int = 0,
) -> bytes:
    """An iCalendar file (bytes, UTF-8, CRLF) of the sessions in ``occurrences``.

    ``schedules`` supplies each schedule's label (the SUMMARY), description
    and source (in DESCRIPTION); without it the schedule's name is the
    summary. ``calendar_name`` (X-WR-CALNAME, NAME) defaults to the one
    schedule's bilingual label, or ``workflow_name``. Timed sessions are in
    ``zone``; ``dtstamp`` must be timezone-aware. See the module docstring.
    """
    tz = get_zone(zone)
    if dtstamp is not None and dtstamp.utcoffset() is None:
        raise InputError(f"dtstamp={dtstamp!r} must be timezone-aware, e.g. in UTC")
    if duration <= timedelta(0):
        raise InputError(f"duration={duration!r} must be positive")
    by_name = {s.name: s for s in schedules}
    chosen = sorted(
        (o for o in occurrences if o.status in _SEQUENCE_STEP),
        key=lambda o: (o.date, o.schedule, o.nominal),
    )
    if dtstamp is None:
        first_year = min((o.date.year for o in chosen), default=2000)
        dtstamp = datetime(first_year, 1, 1, tzinfo=UTC)
    stamp = dtstamp.astimezone(UTC)
    if calendar_name is None:
        names = {o.schedule for o in chosen} or set(by_name)
        only = by_name.get(next(iter(names))) if len(names) == 1 else None
        if only is not None and only.label is not None:
            calendar_name = f"{only.label.vi} / {only.label.en}"
        else:
            calendar_name = workflow_name

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", calendar_name)
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", zone)
    can_embed_zone = hasattr(cal, "add_missing_timezones")
    timed = False
    for occurrence in chosen:
        schedule = by_name.get(occurrence.schedule)
        event = icalendar.Event()
        event.add("uid", event_uid(workflow_name, occurrence.schedule, occurrence.nominal))
        event.add("dtstamp", stamp)
        event.add("sequence", sequence + _SEQUENCE_STEP[occurrence.status])
        if occurrence.time is not None:
            timed = True
            begin = datetime.combine(occurrence.date, occurrence.time, tzinfo=tz)
            finish = begin + duration
            if not can_embed_zone:  # an old icalendar: fall back to UTC times
                begin, finish = begin.astimezone(UTC), finish.astimezone(UTC)
            event.add("dtstart", begin)
            event.add("dtend", finish)
        else:
            event.add("dtstart", occurrence.date)
            event.add("dtend", occurrence.date + timedelta(days=1))
        event.add("summary", _summary(occurrence, schedule))
        if occurrence.place and (schedule is None or schedule.mode != "online"):
            event.add("location", occurrence.place)
        if schedule is not None and schedule.meeting_link:
            _add_meeting(event, schedule)
        event.add("description", _description(occurrence, schedule, workflow_name))
        if occurrence.status == "cancelled":
            event.add("status", "CANCELLED")
        elif occurrence.provisional:
            event.add("status", "TENTATIVE")
        else:
            event.add("status", "CONFIRMED")
        cal.add_component(event)
    if timed and can_embed_zone:
        # Only the span the events use: the VTIMEZONE stays small and exact.
        first = chosen[0].date - timedelta(days=1)
        last = chosen[-1].date + timedelta(days=2)
        cal.add_missing_timezones(first_date=first, last_date=last)
    data: bytes = cal.to_ical()
    return data


def _add_meeting(event: icalendar.Event, schedule: Schedule) -> None:
    """An online or hybrid session's link: URL, and CONFERENCE as RFC 7986 writes it."""
    link = schedule.meeting_link or ""
    event.add("url", link)
    # A list makes FEATURE multi-valued (FEATURE=AUDIO,VIDEO), not one quoted text.
    params = icalendar.Parameters({"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"]})
    if schedule.join:
        params["LABEL"] = schedule.join
    event.add("conference", icalendar.vUri(link), parameters=params)
