"""The ``UNTIL`` of an ``rrule:`` schedule, read as the last day the rule gives a session.

This module owns ``rrule_until``: it takes the ``UNTIL`` part out of the
RRULE text and says which day is the last one it lets in, so that the rule
reader (``rules``) can treat it as one more bound beside the schedule's
``end``, and dateutil evaluates the rest of the rule on plain dates.

Why caseflow reads ``UNTIL`` itself: RFC 5545 (3.3.10) lets ``UNTIL`` be a
date (``20260630``), a local date-time (``20260630T170000``) or a UTC
date-time (``20260630T170000Z``, the form calendar software writes), and
requires its kind to match DTSTART's. A schedule's DTSTART is a day, so
dateutil refuses a UTC ``UNTIL`` ("UNTIL values must be specified in UTC
when DTSTART is timezone-aware"), and reads a date ``UNTIL`` as midnight,
which would drop the last day of a rule evaluated at the session's time.
Each form means, as in RFC 5545, that a session is in when it *starts* no
later than ``UNTIL``:

- a date: every session on or before that day;
- a local date-time: in the workflow's time zone;
- a UTC date-time: the instant, seen in the workflow's time zone.

A session starts at the schedule's ``time`` on its day, or at the start of
its day when the schedule has no time. So in Viet Nam (UTC+7),
``UNTIL=20260630T170000Z`` is 00:00 on 1 July: an 08:00 session on 1 July
is out, a session on 30 June is in.

It leaves evaluating the rest of the rule to ``rrule_text``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from caseflow.errors import InputError
from caseflow.i18n import _
from caseflow.times import zone as get_zone

__all__ = ["DEFAULT_ZONE", "rrule_until"]

DEFAULT_ZONE: Final = "Asia/Ho_Chi_Minh"
"""The zone a local or UTC ``UNTIL`` is read in when the caller names none:
the workflow's default ``timezone``."""

_UNTIL: Final = re.compile(r"([0-9]{8})(?:T([0-9]{2})([0-9]{2})([0-9]{2})(Z?))?\Z")
_FORMS: Final = (
    "UNTIL is a date YYYYMMDD (20260630), a local time YYYYMMDDTHHMMSS "
    "(20260630T170000) or a UTC time YYYYMMDDTHHMMSSZ (20260630T170000Z)"
)


def rrule_until(text: str, *, clock: time | None, zone: str) -> tuple[str, date | None]:
    """``text`` without its ``UNTIL`` part, and the last day that ``UNTIL`` lets in.

    ``(text, None)`` when the rule has no ``UNTIL``, or is not one line of
    ``NAME=VALUE`` parts (a text of several lines goes to dateutil as it
    is). ``clock`` is the schedule's time of day; ``zone`` the workflow's.
    ``InputError`` for an ``UNTIL`` of none of the three forms.
    """
    body = text.strip()
    prefix = ""
    if body[: len("RRULE:")].upper() == "RRULE:":
        prefix, body = body[: len("RRULE:")], body[len("RRULE:") :]
    if not body or any(c.isspace() for c in body) or ":" in body:
        return text, None
    parts = body.split(";")
    until = [p for p in parts if p.partition("=")[0].upper() == "UNTIL"]
    if len(until) != 1:
        return text, None
    kept = ";".join(p for p in parts if p not in until)
    return prefix + kept, _last_day(until[0].partition("=")[2], text, clock, zone)


def _last_day(value: str, text: str, clock: time | None, zone: str) -> date:
    """The last day whose session starts no later than ``UNTIL=value``."""
    match = _UNTIL.match(value.upper())
    try:
        if match is None:
            raise ValueError(value)
        day = datetime.strptime(match[1], "%Y%m%d").date()
        if match[2] is None:
            return day
        moment = datetime.combine(day, time(int(match[2]), int(match[3]), int(match[4])))
    except ValueError:
        raise InputError(
            _("rrule {text!r}: UNTIL={value!r} is not valid; {forms}").format(
                text=text, value=value, forms=_FORMS
            )
        ) from None
    tz = get_zone(zone)
    instant = moment.replace(tzinfo=UTC if match[5] else tz).astimezone(UTC)
    local = instant.astimezone(tz).date()
    starts = datetime.combine(local, clock or time(0), tzinfo=tz).astimezone(UTC)
    if starts <= instant:
        return local
    if local == date.min:
        raise InputError(
            _("rrule {text!r}: UNTIL={value!r} is before any session could start").format(
                text=text, value=value
            )
        )
    return local - timedelta(days=1)
