"""Session occurrences as a readable table and as JSON, for ``caseflow schedule``.

This module owns two views of ``recurrence.Occurrence`` records:

- ``schedule_text``: a table for people, in Vietnamese or English: the date
  with its weekday, what happens (held, moved, cancelled, no session) and
  why. Every occurrence is shown, so a month without a session says why.
- ``schedule_json``: the promised machine contract, a list of exactly
  ``{"schedule", "date", "nominal", "reason"}``, one per session that takes
  place (held or moved), dates as ``YYYY-MM-DD``, ``reason`` null unless the
  session moved. Cancelled and skipped occurrences are left out: with no
  status key a consumer would take them for sessions. ``schedule_records``
  is the fuller form (every occurrence, with ``status`` and the rest) for
  callers that want it.

Reasons are produced by ``recurrence`` in English with the holiday names in
both languages; this module does not translate them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from caseflow.errors import InputError
from caseflow.i18n import _, day_text, language
from caseflow.recurrence import Occurrence

__all__ = ["schedule_json", "schedule_records", "schedule_text"]

_WEEKDAYS: Final = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
}
_STATUS: Final = {
    "en": {"held": "held", "moved": "moved", "cancelled": "cancelled", "skipped": "no session"},
    "vi": {"held": "tổ chức", "moved": "dời ngày", "cancelled": "hủy", "skipped": "không tổ chức"},
}
_HEADERS: Final = {
    "en": ("Date", "Weekday", "Time", "Schedule", "Status", "Why"),
    "vi": ("Ngày", "Thứ", "Giờ", "Lịch", "Tình trạng", "Lý do"),
}
_MOVED_FROM: Final = {"en": "from {}", "vi": "dời từ {}"}
_PROVISIONAL: Final = {
    "en": "provisional: the year's official day swaps are not yet in the calendar",
    "vi": "dự kiến: lịch hoán đổi ngày nghỉ chính thức của năm chưa có trong lịch",
}
_EMPTY: Final = {"en": "(no occurrences)", "vi": "(không có buổi nào)"}


def _why(occurrence: Occurrence, lang: str) -> str:
    parts: list[str] = []
    if occurrence.status == "moved":
        parts.append(_MOVED_FROM[lang].format(day_text(occurrence.nominal)))
    if occurrence.reason:
        parts.append(occurrence.reason)
    if occurrence.provisional and occurrence.status in ("held", "moved"):
        parts.append(_PROVISIONAL[lang])
    return "; ".join(parts)


def schedule_text(occurrences: Iterable[Occurrence], lang: str = "en") -> str:
    """A table of the occurrences in date order, in ``lang`` ("vi" or "en").

    The time column appears when some session has a time, the schedule
    column when there is more than one schedule. A month in which the rule
    gives no date shows the month (``2026-02``) and no weekday.
    """
    if lang not in _WEEKDAYS:
        raise InputError(_("lang={lang!r}; allowed: en, vi").format(lang=lang))
    with language(lang):
        return _table(occurrences, lang)


def _table(occurrences: Iterable[Occurrence], lang: str) -> str:
    rows = sorted(occurrences, key=lambda o: (o.date, o.schedule, o.nominal))
    if not rows:
        return _EMPTY[lang] + "\n"
    with_time = any(o.time is not None for o in rows)
    with_schedule = len({o.schedule for o in rows}) > 1
    headers = _HEADERS[lang]
    keep = [True, True, with_time, with_schedule, True, True]
    table: list[list[str]] = [[h for h, k in zip(headers, keep, strict=True) if k]]
    for o in rows:
        if o.no_date:
            month = o.date.strftime("%m/%Y") if lang == "vi" else o.date.strftime("%Y-%m")
            day, weekday = month, "—"
        else:
            day, weekday = day_text(o.date), _WEEKDAYS[lang][o.date.weekday()]
        clock = o.time.strftime("%H:%M") if o.time is not None and o.takes_place else ""
        cells = [day, weekday, clock, o.schedule, _STATUS[lang][o.status], _why(o, lang)]
        table.append([c for c, k in zip(cells, keep, strict=True) if k])
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    lines = []
    for row in table:
        padded = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*padded, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def schedule_json(occurrences: Iterable[Occurrence]) -> list[dict[str, Any]]:
    """The sessions that take place, as ``{"schedule", "date", "nominal", "reason"}``.

    In date order; dates as ``YYYY-MM-DD``; ``reason`` is null unless the
    session moved (then it says why). Cancelled and skipped occurrences are
    not sessions and are left out (``schedule_records`` has them).
    """
    return [
        {
            "schedule": o.schedule,
            "date": o.date.isoformat(),
            "nominal": o.nominal.isoformat(),
            "reason": o.reason if o.status == "moved" else None,
        }
        for o in sorted(occurrences, key=lambda o: (o.date, o.schedule, o.nominal))
        if o.takes_place
    ]


def schedule_records(occurrences: Iterable[Occurrence]) -> list[dict[str, Any]]:
    """Every occurrence with all its fields, JSON-ready (dates as text), in date order.

    The keys of ``schedule_json`` plus ``status``, ``time`` (``HH:MM`` or
    null), ``place``, ``contact``, ``provisional`` and ``no_date``; here
    ``reason`` is kept for every status.
    """
    return [
        {
            "schedule": o.schedule,
            "date": o.date.isoformat(),
            "nominal": o.nominal.isoformat(),
            "reason": o.reason,
            "status": o.status,
            "time": o.time.strftime("%H:%M") if o.time is not None else None,
            "place": o.place,
            "contact": o.contact,
            "provisional": o.provisional,
            "no_date": o.no_date,
        }
        for o in sorted(occurrences, key=lambda o: (o.date, o.schedule, o.nominal))
    ]
