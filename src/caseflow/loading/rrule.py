"""The text of a schedule's ``rrule``: an RFC 5545 recurrence rule, checked part by part.

This module owns saying, in one sentence, what is wrong with an RRULE value
(a part with an unknown name, a value out of range, parts RFC 5545 forbids
together, a rule that sets a time of day). ``schedules`` reports that
sentence at the rule's position; expanding the rule into session dates is
``caseflow.recurrence``' job, with dateutil.
"""

from __future__ import annotations

import datetime
import re

from caseflow.errors import did_you_mean
from caseflow.i18n import _
from caseflow.loading.context import is_date, listing

__all__ = ["rrule_problem"]

_RRULE_EXAMPLE = "FREQ=MONTHLY;BYDAY=+4TU"
# A schedule's rule picks days; the time of day is the schedule's 'time'. So
# the rule recurs daily at most often and names no hour, minute or second.
_RRULE_FREQS = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
_RRULE_CLOCK = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_RRULE_DAY = re.compile(r"([+-]?)([0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)\Z")
_RRULE_INT = re.compile(r"[+-]?[0-9]{1,3}\Z")
_RRULE_UNTIL = re.compile(r"([0-9]{8})(T[0-9]{6}Z?)?\Z")
# The lists of numbers: (lowest, highest, whether -highest..-1 count from the end).
_RRULE_NUMBERS = {
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
_RRULE_PARTS = frozenset({"FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "WKST", *_RRULE_NUMBERS})
_RRULE_NAMES = _RRULE_PARTS | _RRULE_CLOCK


def rrule_problem(text: str) -> str | None:
    """What is wrong with an RFC 5545 RRULE value, in a sentence; None if nothing.

    The rule's parts are checked here, by name, so that a message names the
    bad part; dateutil (which the recurrence code uses to expand the rule)
    accepts values such as INTERVAL=0 that would repeat one date for ever,
    and words its refusals for programmers. A schedule's rule picks days (its
    hour is the schedule's 'time'), so FREQ is DAILY at most and BYHOUR,
    BYMINUTE and BYSECOND are refused.
    """
    body = text.strip()
    if body[:6].upper() == "RRULE:":
        body = body[6:]
    if not body:
        return _(
            "'rrule' is empty; write NAME=VALUE parts joined by ';', e.g. {rrule_example}"
        ).format(rrule_example=_RRULE_EXAMPLE)
    if any(c.isspace() for c in body):
        return _(
            "'rrule' is {text!r}, which holds a space or a line break; "
            "write one rule, NAME=VALUE parts joined by ';' without "
            "spaces, e.g. {rrule_example}"
        ).format(text=text, rrule_example=_RRULE_EXAMPLE)
    shape = f"a rule is NAME=VALUE parts joined by ';', e.g. {_RRULE_EXAMPLE}"
    parts: dict[str, str] = {}
    for part in body.split(";"):
        name, eq, value = part.partition("=")
        name = name.upper()
        if not part:
            return _("'rrule' has an empty part (a ';' too many); {shape}").format(shape=shape)
        if not eq or not name or not value:
            return _("'rrule' part {part!r} is not NAME=VALUE; {shape}").format(
                part=part, shape=shape
            )
        if name in _RRULE_CLOCK:
            return _(
                "'rrule' part {part!r} sets a time of day; the rule picks "
                "the days, and the schedule's 'time' gives the hour (time: "
                '"08:00")'
            ).format(part=part)
        if name not in _RRULE_NAMES:
            return _(
                "'rrule' part {part!r} has an unknown name {name!r}{value}; allowed: {value2}"
            ).format(
                part=part,
                name=name,
                value=did_you_mean(name, sorted(_RRULE_PARTS)),
                value2=listing(_RRULE_PARTS),
            )
        if name in parts:
            return _("'rrule' gives {name} twice; give each part once").format(name=name)
        reason = _rrule_value_problem(name, value)
        if reason is not None:
            return _("'rrule' part {part!r} is not valid: {reason}").format(
                part=part, reason=reason
            )
        parts[name] = value.upper()
    freq = parts.get("FREQ")
    if freq is None:
        return _("'rrule' has no FREQ; add one of {value}").format(
            value=", ".join(f"FREQ={f}" for f in _RRULE_FREQS)
        )
    if "COUNT" in parts and "UNTIL" in parts:
        return _("'rrule' gives both COUNT and UNTIL; RFC 5545 allows one or the other")
    # Parts RFC 5545 forbids with some frequencies (dateutil ignores or misreads them).
    if "BYWEEKNO" in parts and freq != "YEARLY":
        return _("'rrule' uses BYWEEKNO, which only applies with FREQ=YEARLY")
    if "BYYEARDAY" in parts and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        return _("'rrule' uses BYYEARDAY, which does not apply with FREQ={freq}").format(freq=freq)
    if "BYMONTHDAY" in parts and freq == "WEEKLY":
        return _("'rrule' uses BYMONTHDAY, which does not apply with FREQ=WEEKLY")
    numbered = [d for d in parts.get("BYDAY", "").split(",") if d and d[0] in "+-0123456789"]
    if numbered and (freq not in ("MONTHLY", "YEARLY") or "BYWEEKNO" in parts):
        return _(
            "'rrule' part 'BYDAY={parts}' numbers a weekday "
            "({numbered}), which only applies with FREQ=MONTHLY or "
            "FREQ=YEARLY (without BYWEEKNO); write the weekday alone, "
            "e.g. BYDAY=TU"
        ).format(parts=parts["BYDAY"], numbered=numbered[0])
    return _rrule_expands(body, parts)


def _rrule_value_problem(name: str, written: str) -> str | None:
    value = written.upper()  # RFC 5545 names and values ignore case
    items = written.split(",")
    if name == "FREQ":
        if value in _RRULE_FREQS:
            return None
        return _(
            "FREQ is one of {value}: a schedule recurs on days, at the hour its 'time' gives"
        ).format(value=", ".join(_RRULE_FREQS))
    if name in ("COUNT", "INTERVAL"):
        if value.isdigit() and int(value) >= 1:
            return None
        return _("{name} is a whole number, 1 or more").format(name=name)
    if name == "UNTIL":
        match = _RRULE_UNTIL.match(value)
        ok = match is not None and is_date(f"{value[:4]}-{value[4:6]}-{value[6:8]}")
        clock = match.group(2) if match else None
        if ok and clock is not None:
            ok = int(clock[1:3]) < 24 and int(clock[3:5]) < 60 and int(clock[5:7]) < 60
        if ok:
            return None
        return _("UNTIL is a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ, e.g. 20261231")
    if name == "WKST":
        return None if value in _RRULE_DAYS else f"WKST is one of {', '.join(_RRULE_DAYS)}"
    if name == "BYDAY":
        for item in items:
            match = _RRULE_DAY.match(item.upper())
            if match is None or (match.group(2) and not 1 <= int(match.group(2)) <= 53):
                return _(
                    "BYDAY takes weekdays ({value}) joined by ',', each with an "
                    "optional week number 1 to 53 or -53 to -1, e.g. +4TU or "
                    "-1FR; {item!r} is not one"
                ).format(value=", ".join(_RRULE_DAYS), item=item)
        return None
    low, high, from_end = _RRULE_NUMBERS[name]
    for item in items:
        number = int(item) if _RRULE_INT.match(item) else None
        if number is None or not (low <= number <= high or (from_end and -high <= number <= -1)):
            span = f"{low} to {high}" + (f", or -{high} to -1 from the end" if from_end else "")
            return _(
                "{name} takes whole numbers {span}, joined by ','; {item!r} is not one"
            ).format(name=name, span=span, item=item)
    return None


def _rrule_expands(body: str, parts: dict[str, str]) -> str | None:
    # Imported here, as in recurrence: most workflows have no rrule to check.
    from dateutil.rrule import rrulestr

    # dateutil wants a UTC UNTIL only with a start that has a time zone.
    utc = parts.get("UNTIL", "").endswith("Z")
    start = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC if utc else None)
    try:
        rrulestr(body, dtstart=start)
    except (ValueError, TypeError) as err:  # pragma: no cover - the checks above come first
        return _("'rrule' cannot be expanded into dates ({err})").format(err=err)
    return None
