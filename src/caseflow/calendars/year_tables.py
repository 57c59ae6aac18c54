"""The per-year tables that make working-day arithmetic O(1).

This module owns ``YearTable``, one year of a calendar as plain
``date.toordinal()`` integers (a working-day flag per day, the running count
of working days, the sorted working-day ordinals), and building it from the
weekend and the year's layered decisions (``layers``). Why tables rather
than a day-by-day walk: the ``holidays`` package's own lookup is per date,
far too slow in a loop, and ``numpy.busday_offset`` cannot express a
make-up working Saturday. Caching the tables and answering with them is
``working_calendar``'s job; joining many years for numpy is ``bulk``'s.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from datetime import date

from caseflow.calendars.layers import Decision

__all__ = ["YearTable", "build_year_table"]


class YearTable:
    """The working days of one year, as ordinals.

    ``flags[i]`` is 1 when day ``start + i`` is a working day; ``upto[i]`` is
    how many working days the year has in ``[start, start + i]``; ``work`` is
    the sorted ordinals of the year's working days.
    """

    __slots__ = ("flags", "start", "upto", "work")

    def __init__(self, start: int, flags: bytes, upto: array[int], work: array[int]) -> None:
        self.start = start
        self.flags = flags
        self.upto = upto
        self.work = work


def build_year_table(
    year: int, decisions: Mapping[int, Decision], weekend_mask: Sequence[bool]
) -> YearTable:
    """The table of ``year``: a decided day as decided, any other by the weekend.

    A "removed" decision (``working is None``) hands the day back to the
    weekend rule. ``weekend_mask[w]`` is true when weekday ``w`` is off.
    """
    start = date(year, 1, 1).toordinal()
    length = date(year, 12, 31).toordinal() - start + 1
    mask = weekend_mask
    first_weekday = date(year, 1, 1).weekday()
    flags = bytearray(length)
    upto: array[int] = array("i", [0]) * length
    work: array[int] = array("i")
    count = 0
    for index in range(length):
        decision = decisions.get(start + index)
        if decision is None or decision.working is None:
            working = not mask[(first_weekday + index) % 7]
        else:
            working = decision.working
        if working:
            count += 1
            flags[index] = 1
            work.append(start + index)
        upto[index] = count
    return YearTable(start, bytes(flags), upto, work)
