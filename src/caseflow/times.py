"""Turning what users pass as a time or a date into exact values.

This module owns the edge where time enters caseflow: it accepts
``datetime``, ``date``, pendulum objects (which subclass them) and ISO 8601
text, and returns timezone-aware ``datetime`` or plain ``date`` values.
A naive time is read in the zone the caller passes (the workflow's zone);
nothing here consults a global "now" or a global zone: the text ``now``
(which pendulum would read as the system clock) is refused, so the time of
a step is always one the caller passed. Text is parsed by
pendulum, which knows ISO 8601 well; everything after this edge uses the
standard library types only, which are fast and have no global settings.

Working days and holidays are ``caseflow.calendars``'; which zone applies
is named by the workflow's definition and always passed in by the caller.
Layer 3: it imports only ``caseflow.errors``.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

from caseflow.errors import InputError

__all__ = ["CLOCK_WORDS", "to_date", "to_datetime", "zone"]

CLOCK_WORDS = frozenset({"now"})
"""Texts that pendulum reads as the system clock: refused as time texts (others fail as ISO)."""


@functools.lru_cache(maxsize=64)
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA time zone ``name``; ``InputError`` if there is none."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {name!r}; use an IANA name such as 'Asia/Ho_Chi_Minh'"
        ) from None


def _parse(text: str, what: str) -> dt.datetime | dt.date:
    if text.strip().lower() in CLOCK_WORDS:
        # pendulum.parse("now") reads the system clock; the library never does.
        raise InputError(
            f"{what} {text!r} would read the system clock, which caseflow never does: "
            "pass the time itself, e.g. '2026-02-10T08:30' or a datetime"
        )
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text)
    except ValueError as err:
        reason = str(err)
    # pendulum knows the rarer ISO 8601 forms (week dates, ordinal dates).
    import pendulum

    try:
        parsed = pendulum.parse(text, strict=True, exact=True, tz=None)
    except (ValueError, TypeError, pendulum.parsing.exceptions.ParserError):
        parsed = None
    if isinstance(parsed, (dt.datetime, dt.date)):
        return parsed
    kind = "" if parsed is None else f" (it reads as a {type(parsed).__name__.lower()})"
    raise InputError(
        f"{what} {text!r} is not a valid ISO 8601 date or time{kind}: {reason}; "
        "write e.g. '2026-02-10' or '2026-02-10T08:30'"
    )


def to_datetime(value: Any, tz: dt.tzinfo, *, what: str = "time") -> dt.datetime:
    """An aware datetime for ``value``; naive values and dates are in ``tz``.

    A date means the start of that day in ``tz``.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz)
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, str):
        return to_datetime(_parse(value, what), tz, what=what)
    raise InputError(
        f"{what} must be a datetime, a date or ISO 8601 text, not {type(value).__name__} {value!r}"
    )


def to_date(value: Any, *, what: str = "date", tz: dt.tzinfo | None = None) -> dt.date:
    """A date for ``value``; an aware datetime is first converted to ``tz``."""
    if isinstance(value, dt.datetime):
        if tz is not None and value.tzinfo is not None:
            value = value.astimezone(tz)
        day: dt.date = value.date()
        return day
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return to_date(_parse(value, what), what=what, tz=tz)
    raise InputError(
        f"{what} must be a date, a datetime or ISO 8601 text, not {type(value).__name__} {value!r}"
    )
