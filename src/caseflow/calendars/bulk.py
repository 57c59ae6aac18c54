"""Working-day arithmetic on many dates at once, with numpy.

This module owns ``NumpyIndex``: the year tables (``year_tables``) of a span
of years joined into numpy arrays (flags, running counts, working-day
ordinals), so that ``add_working_days_many`` on an array of 100,000 dates
is a couple of vectorised index look-ups. numpy is optional at run time and
never imported here: the module the caller's array came from is passed in.
The scalar arithmetic and the list form stay in ``working_calendar``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Final, TypeAlias

from caseflow.calendars.dates import out_of_range
from caseflow.calendars.year_tables import YearTable
from caseflow.errors import InputError

__all__ = ["NumpyIndex"]

_FIRST_ORDINAL: Final = 1
_LAST_ORDINAL: Final = date.max.toordinal()
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()

_Span: TypeAlias = tuple[int, int, int, Any, Any, Any]
"""First and last year, base ordinal, then the arrays upto, work and flags."""


class NumpyIndex:
    """One calendar's years joined for numpy, grown as dates ask for more years."""

    def __init__(self, table_of: Callable[[int], YearTable]) -> None:
        self._table_of = table_of
        self._span: _Span | None = None

    def add(self, numpy: Any, dates: Any, n: int) -> Any:
        """``add_working_days(d, n)`` for each date of a numpy array, same shape."""
        if dates.dtype.kind == "M":
            days = dates.astype("datetime64[D]")
        else:
            try:
                days = dates.astype("datetime64[D]")
            except (ValueError, TypeError) as err:
                raise InputError(
                    f"dates: an array of dtype {dates.dtype} cannot be read as dates ({err}); "
                    "pass datetime64 values"
                ) from None
        if days.size == 0:
            return days.copy()
        if numpy.isnat(days).any():
            where = int(numpy.flatnonzero(numpy.isnat(days.ravel()))[0])
            raise InputError(f"dates[{where}] is NaT, not a date")
        ordinals = days.ravel().astype(numpy.int64) + _EPOCH_ORDINAL
        lo, hi = int(ordinals.min()), int(ordinals.max())
        if lo < _FIRST_ORDINAL or hi > _LAST_ORDINAL:
            bad = lo if lo < _FIRST_ORDINAL else hi
            raise InputError(
                f"dates holds {numpy.datetime64(bad - _EPOCH_ORDINAL, 'D')}, outside "
                "0001-01-01..9999-12-31"
            )
        first = date.fromordinal(lo).year
        last = date.fromordinal(hi).year
        # Reach far enough for n; a year of most calendars has 200+ working days.
        reach = abs(n) // 200 + 1
        if n > 0:
            last = min(9999, last + reach)
        elif n < 0:
            first = max(1, first - reach)
        else:
            last = min(9999, last + 1)
        while True:
            y0, y1, base, upto, work, flags = self._joined(numpy, first, last)
            index = ordinals - base
            before = upto[index] - flags[index]  # working days strictly before each date
            j = before + n if n <= 0 else upto[index] + (n - 1)
            if int(j.max()) >= len(work):
                if y1 >= 9999:
                    raise out_of_range(date.fromordinal(hi), n or 1)
                last = min(9999, y1 + reach)
                continue
            if int(j.min()) < 0:
                if y0 <= 1:
                    raise out_of_range(date.fromordinal(lo), n)
                first = max(1, y0 - reach)
                continue
            result = (work[j] - _EPOCH_ORDINAL).astype("datetime64[D]")
            return result.reshape(days.shape)

    def _joined(self, numpy: Any, first: int, last: int) -> _Span:
        """The joined tables of years ``first``..``last`` at least (kept, and grown)."""
        span = self._span
        if span is not None and span[0] <= first and last <= span[1]:
            return span
        if span is not None:
            first, last = min(first, span[0]), max(last, span[1])
        tables = [self._table_of(year) for year in range(first, last + 1)]
        base = tables[0].start
        flags = numpy.frombuffer(b"".join(t.flags for t in tables), dtype=numpy.uint8)
        # Global counts: upto[i] = working days in [base, base + i].
        upto = numpy.cumsum(flags, dtype=numpy.int64)
        work = numpy.flatnonzero(flags).astype(numpy.int64) + base
        span = (first, last, base, upto, work, flags.astype(numpy.int64))
        self._span = span
        return span
