"""Turning what users pass as a time or a date into exact values.

This module owns the edge where time enters caseflow: it accepts
``datetime``, ``date``, pendulum objects (which subclass them) and ISO 8601
text, and returns timezone-aware ``datetime`` or plain ``date`` values.
A naive time is read in the zone the caller passes (the workflow's zone);
nothing here consults a global "now" or a global zone: the text ``now``
(which pendulum would read as the system clock) is refused, so the time of
a step is always one the caller passed.

It also owns the one rule that turns an instant into a day: ``local_day``
gives the date an instant falls on *in the workflow's zone* (an answer sent
at 20:00 UTC on 4 March was sent on 5 March in Viet Nam). Every module that
dates an event (briefs, conclusions, reports, papers, the store's deadline
index, the command line) calls it, or ``local_time`` when it prints a
time, rather than taking ``.date()`` of whatever offset the instant was
written with. Text is parsed by
pendulum, which knows ISO 8601 well; everything after this edge uses the
standard library types only, which are fast and have no global settings.

Working days and holidays are ``caseflow.calendars``'; which zone applies
is named by the workflow's definition and always passed in by the caller.
Layer 2 (beside ``caseflow.case``), so that ``caseflow.conditions`` can
read dates and times with the same rules: it imports only ``caseflow.errors``.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

from caseflow.errors import InputError
from caseflow.i18n import N_, _

__all__ = [
    "CLOCK_WORDS",
    "local_day",
    "local_time",
    "read_time",
    "to_date",
    "to_datetime",
    "zone",
]

CLOCK_WORDS = frozenset({"now"})
"""Texts that pendulum reads as the system clock: refused as time texts (others fail as ISO)."""

#: What pendulum reads a text as, when it is neither a date nor a time (marked here).
_PARSED_KINDS = {
    "Duration": N_("a duration"),
    "Time": N_("a time of day"),
    "Interval": N_("an interval"),
}


@functools.lru_cache(maxsize=64)
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA time zone ``name``; ``InputError`` if there is none."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(
            _("unknown time zone {name!r}; use an IANA name such as 'Asia/Ho_Chi_Minh'").format(
                name=name
            )
        ) from None


def _parse(text: str, what: str) -> dt.datetime | dt.date:
    if text.strip().lower() in CLOCK_WORDS:
        # pendulum.parse("now") reads the system clock; the library never does.
        raise InputError(
            _(
                "{what} {text!r} would read the system clock, which caseflow "
                "never does: pass the time itself, e.g. '2026-02-10T08:30' "
                "or a datetime"
            ).format(what=what, text=text)
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
    name = type(parsed).__name__
    kind = (
        ""
        if parsed is None
        else _(" (it reads as {kind})").format(
            kind=_(_PARSED_KINDS[name]) if name in _PARSED_KINDS else name.lower()
        )
    )
    # Python's "Invalid isoformat string: '...'" only repeats the text; a
    # reason such as "month must be in 1..12" says what is wrong.
    why = "" if reason.startswith("Invalid isoformat") else f": {reason}"
    raise InputError(
        _(
            "{what} {text!r} is not a valid ISO 8601 date or time{kind}{why}; "
            "write e.g. '2026-02-10' or '2026-02-10T08:30'"
        ).format(what=what, text=text, kind=kind, why=why)
    )


def read_time(value: Any, *, what: str = "time") -> dt.datetime | dt.date:
    """``value`` as it was written: a ``datetime`` (naive or aware) or a ``date``.

    Text is parsed as ISO 8601; nothing is put in a zone yet. Use it to ask
    whether a value names an instant (an aware time) or a wall-clock time
    whose zone the caller still has to choose.
    """
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, str):
        return _parse(value, what)
    raise InputError(
        _("{what} must be a datetime, a date or ISO 8601 text, not {kind} {value!r}").format(
            what=what, kind=type(value).__name__, value=value
        )
    )


def to_datetime(value: Any, tz: dt.tzinfo, *, what: str = "time") -> dt.datetime:
    """An aware datetime for ``value``; naive values and dates are in ``tz``.

    A date means the start of that day in ``tz``. A time whose day in ``tz``
    or in UTC falls outside the years 1 to 9999 is an ``InputError``: every
    later step (a local day, a stored UTC time) could not be counted.
    """
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=tz)
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    elif isinstance(value, str):
        return to_datetime(_parse(value, what), tz, what=what)
    else:
        raise InputError(
            _("{what} must be a datetime, a date or ISO 8601 text, not {kind} {value}").format(
                what=what, kind=type(value).__name__, value=_short(value)
            )
        )
    if moment.year in _EDGE_YEARS:  # only the first and last years can overflow
        _check_range(moment, tz, what)
    return moment


_EDGE_YEARS = frozenset({dt.MINYEAR, dt.MAXYEAR})


def _check_range(moment: dt.datetime, tz: dt.tzinfo, what: str) -> None:
    try:
        moment.astimezone(tz)
        moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise InputError(
            _(
                "{what} {moment} falls outside the years {minyear} to "
                "{maxyear} in {tz} or in UTC; caseflow counts days within "
                "those years only"
            ).format(
                what=what, moment=moment.isoformat(), minyear=dt.MINYEAR, maxyear=dt.MAXYEAR, tz=tz
            )
        ) from None


def _short(value: Any) -> str:
    """``value`` for a message: its repr cut short, nested values elided."""
    import reprlib

    return reprlib.repr(value)


def local_time(at: Any, tz: dt.tzinfo, *, what: str = "time") -> dt.datetime:
    """The instant ``at`` on the wall clock of ``tz``: an aware datetime whose tzinfo is ``tz``.

    ``at`` is read as ``to_datetime`` reads it (a naive time or a date is
    already in ``tz``; an aware time keeps its instant and is converted).
    Use it to print a time to people, in the workflow's zone.
    """
    moment = to_datetime(at, tz, what=what)
    if moment.tzinfo is tz:
        return moment
    return moment.astimezone(tz)


def local_day(at: Any, tz: dt.tzinfo, *, what: str = "time") -> dt.date:
    """The day the instant ``at`` falls on in the zone ``tz`` (the workflow's zone).

    ``at`` is a ``datetime`` (naive: already a wall-clock time in ``tz``;
    aware: converted to ``tz`` first, so ``2026-03-04T20:00Z`` is 5 March in
    Asia/Ho_Chi_Minh), a ``date`` (returned as it is: it is already a day),
    or ISO 8601 text of either. Raises ``InputError`` naming ``what`` for
    anything else. This is the one place an instant becomes a day.
    """
    if isinstance(at, dt.datetime):
        if at.tzinfo is not None and at.tzinfo is not tz:
            try:
                at = at.astimezone(tz)
            except OverflowError:
                raise InputError(
                    _("{what} {at} falls outside the years {minyear} to {maxyear} in {tz}").format(
                        what=what, at=at.isoformat(), minyear=dt.MINYEAR, maxyear=dt.MAXYEAR, tz=tz
                    )
                ) from None
        day: dt.date = at.date()
        return day
    if isinstance(at, dt.date):
        return at
    if isinstance(at, str):
        return local_day(_parse(at, what), tz, what=what)
    raise InputError(
        _("{what} must be a datetime, a date or ISO 8601 text, not {kind} {at!r}").format(
            what=what, kind=type(at).__name__, at=at
        )
    )


def to_date(value: Any, *, what: str = "date", tz: dt.tzinfo | None = None) -> dt.date:
    """A date for ``value``; an aware datetime is the day it falls on in ``tz``.

    With ``tz`` this is ``local_day``. Without it, an aware datetime keeps the
    date of the offset it was written with: pass ``tz`` wherever the value
    may be an instant rather than a day.
    """
    if tz is not None:
        return local_day(value, tz, what=what)
    if isinstance(value, dt.datetime):
        day: dt.date = value.date()  # no zone given: the caller holds a day, not an instant
        return day
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return to_date(_parse(value, what), what=what, tz=tz)
    raise InputError(
        _("{what} must be a date, a datetime or ISO 8601 text, not {kind} {value}").format(
            what=what, kind=type(value).__name__, value=_short(value)
        )
    )
