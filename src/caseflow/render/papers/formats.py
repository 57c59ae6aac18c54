"""How an official paper writes its number, its date line, dates and times.

This module owns the small texts the guidelines fix, as pure functions:
the number line ("Số 05-TB/TU" in the Party's format, "Số: 05/TB-UBND" in
the State's), the place-and-date line ("Trà Vinh, ngày 05 tháng 02 năm
2026"), a date in a paper's body (``24/3/2026``, as the plan writes them),
the time of day ("07 giờ 30") and the period a number runs in (a year, or a
term). Hướng dẫn 36-HD/VPTW ngày 03/4/2018 and Nghị định 30/2020/NĐ-CP,
Phụ lục I agree on the zero padding: a number below 10, a day below 10 and
the months 1 and 2 are written with a leading zero (so that nothing can be
written in front of them later).
"""

from __future__ import annotations

import datetime as dt

from caseflow.definition import Documents
from caseflow.errors import InputError
from caseflow.i18n import _

__all__ = ["body_date", "clock_text", "date_line", "number_text", "period_of"]


def number_text(style: str, number: int | None, symbol: str) -> str:
    """The number and symbol after "Số": ``05-TB/TU`` (party) or ``05/TB-UBND`` (state).

    ``number`` None leaves the number blank for a draft (``   -TB/TU``). Numbers
    below 10 get a leading zero, as both guidelines write them.
    """
    shown = "     " if number is None else f"{number:02d}"
    return f"{shown}-{symbol}" if style == "party" else f"{shown}/{symbol}"


def date_line(place: str, day: dt.date) -> str:
    """``Trà Vinh, ngày 05 tháng 02 năm 2026``: the day below 10 and months 1-2 zero-padded."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def body_date(day: dt.date) -> str:
    """A date in a paper's body, dd/mm/yyyy as the plan writes them: ``24/03/2026``."""
    return f"{day:%d/%m/%Y}"


def clock_text(at: dt.time) -> str:
    """A time of day as a paper writes it: ``07 giờ 30`` (``14 giờ 00``)."""
    return f"{at.hour:02d} giờ {at.minute:02d}"


def period_of(documents: Documents, day: dt.date) -> str:
    """The period a number issued on ``day`` runs in: its year, or the term from ``term_start``.

    Raises ``InputError`` for a day before the term began.
    """
    if documents.numbering == "term" and documents.term_start is not None:
        start = dt.date.fromisoformat(documents.term_start)
        if day < start:
            raise InputError(
                _("a paper dated {day} is earlier than the term that began {start}").format(
                    day=day.isoformat(), start=start.isoformat()
                )
            )
        return f"term:{start.isoformat()}"
    return f"year:{day.year}"
