"""What callers pass as a date or a count of working days, checked.

This module owns the edge of the working-day arithmetic: ``DateLike`` (a
``date``, a ``datetime`` whose date is used, ISO text or a numpy
``datetime64``), the strict ``YYYY-MM-DD`` parser that says *why* a text is
not a date, and the ``InputError`` messages for a bad date, a bad count and
a result outside the years Python can represent. The calendar file reader
(``file_reader``, ``entries``) uses the same parser; the day names it quotes
come from ``days``. Zone-aware times are ``times``' business, not this one.
"""

from __future__ import annotations

import operator
import re
import sys
from datetime import date, datetime
from typing import Final, TypeAlias

from caseflow.calendars.days import MONTH_NAMES_EN, month_length
from caseflow.errors import InputError
from caseflow.i18n import _

__all__ = ["DateLike", "as_count", "as_date", "out_of_range", "parse_iso"]

DateLike: TypeAlias = "date | datetime | str"

_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


def _impossible(year: int, month: int, day: int) -> str:
    if year < 1:
        return "years start at 0001"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    return f"{MONTH_NAMES_EN[month - 1]} {year} has {month_length(year, month)} days"


def parse_iso(text: str) -> date | str:
    """The date of ``YYYY-MM-DD`` text, or a reason it is not one.

    The reason is ``"format"`` when the text is not ``YYYY-MM-DD`` at all,
    otherwise a phrase such as ``"February 2026 has 28 days"``.
    """
    match = _ISO_DATE.match(text)
    if match is None:
        return "format"
    try:
        return date.fromisoformat(text)  # the C parser; the regex made it strict
    except ValueError:
        year, month, day = (int(part) for part in match.groups())
        return _impossible(year, month, day)


def as_date(value: object, what: str = "d") -> date:
    """``value`` as a ``date``; ``InputError`` naming ``what`` when it is not one."""
    # The common case first: this runs on every call of the day arithmetic.
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        # Calendars know no zone: callers date an instant first (times.local_day).
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        parsed = parse_iso(value)
        if isinstance(parsed, date):
            return parsed
        if parsed == "format":
            raise InputError(
                _(
                    "{what}={value!r} is not a date; write ISO text YYYY-MM-DD, e.g. '2026-02-10'"
                ).format(what=what, value=value)
            )
        raise InputError(
            _("{what}={value!r} is not a real date: {parsed}").format(
                what=what, value=value, parsed=parsed
            )
        )
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.datetime64):
        if numpy.isnat(value):
            raise InputError(
                _("{what}={value!r} is not a date (NaT)").format(what=what, value=value)
            )
        item = value.astype("datetime64[D]").item()
        if isinstance(item, date):
            return item
    raise InputError(
        _(
            "{what}={value!r} is not a date; pass a datetime.date, a "
            "datetime (its date is used) or ISO text 'YYYY-MM-DD'"
        ).format(what=what, value=value)
    )


def as_count(value: object, what: str = "n") -> int:
    """``value`` as a whole number of working days (a bool is refused)."""
    if isinstance(value, bool):
        raise InputError(
            _("{what}={value!r} must be a whole number of working days, not a boolean").format(
                what=what, value=value
            )
        )
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise InputError(
            _("{what}={value!r} must be a whole number of working days").format(
                what=what, value=value
            )
        ) from None


def out_of_range(start: date, n: int) -> InputError:
    """The error for ``start + n`` working days landing outside years 1-9999."""
    edge = "after 9999-12-31" if n > 0 else "before 0001-01-01"
    return InputError(
        _(
            "{start} {value} {value2} working days falls {edge}, outside "
            "the dates Python can represent"
        ).format(start=start.isoformat(), value="+" if n >= 0 else "-", value2=abs(n), edge=edge)
    )
