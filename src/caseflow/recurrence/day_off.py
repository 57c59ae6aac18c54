"""Day-off policies: what happens to a session whose date is not a working day.

This module owns ``if_day_off``, applied to one nominal date with the
working calendar (``caseflow.calendars``), and the sentence naming a day off
that every reason quotes. It leaves the collision with the next session to
``window`` and the analyst's own moves to ``overrides``.

The policies, when the nominal date is not a working day in the calendar:

``keep``
    Held on the nominal date anyway; the reason says it is a day off.
``skip``
    No session that period (status ``skipped``).
``next_working_day``
    Moved to the first working day after the nominal date.
``next_week``
    Moved to the same weekday of the next week where that weekday is a
    working day, looking at most ``NEXT_WEEK_LIMIT`` weeks ahead (then
    skipped, with the reason).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from caseflow.calendars import WorkingCalendar
from caseflow.calendars.days import kind_label
from caseflow.i18n import _, current_language, day_text, weekday_name
from caseflow.recurrence.occurrence import Status

__all__ = ["NEXT_WEEK_LIMIT", "apply_policy", "day_off_text"]


NEXT_WEEK_LIMIT: Final = 8
"""How many weeks ``if_day_off: next_week`` looks ahead for a working weekday.

The longest run of days off in the Vietnamese calendar (Tết, with its swaps)
covers the same weekday at most twice; eight weeks is far beyond any real
run and stops a rule on a weekend day from looping."""


def _names(vi: str, en: str) -> str:
    """A day's names: both in English output ("Tết Nguyên Đán / Lunar New Year"), the
    Vietnamese one (else the English) in Vietnamese output."""
    if current_language() == "vi":
        return vi or en
    return " / ".join(n for n in dict.fromkeys((vi, en)) if n)


def day_off_text(cal: WorkingCalendar, day: date) -> str:
    """``"2026-02-17 is a day off (holiday: Tết ...)"``: the day and why."""
    info = cal.day_info(day)
    names = _names(info.name_vi, info.name_en)
    kind = kind_label(info.kind)
    what = f"{kind}: {names}" if names else kind
    return _("{day} is a day off ({what})").format(day=day_text(day), what=what)


def apply_policy(
    policy: str, nominal: date, cal: WorkingCalendar
) -> tuple[Status, date, str | None]:
    """Status, date and reason for a nominal date under the day-off policy."""
    if cal.is_working_day(nominal):
        return "held", nominal, None
    off = day_off_text(cal, nominal)
    if policy == "keep":
        return "held", nominal, _("{off}; held anyway (if_day_off: keep)").format(off=off)
    if policy == "skip":
        return (
            "skipped",
            nominal,
            _("{off}; no session this time (if_day_off: skip)").format(off=off),
        )
    if policy == "next_working_day":
        moved = cal.next_working_day(nominal)
        return (
            "moved",
            moved,
            _("{off}; moved to the next working day, {day} (if_day_off: next_working_day)").format(
                off=off, day=day_text(moved)
            ),
        )
    # next_week
    also: list[str] = []
    candidate = nominal
    for _week in range(NEXT_WEEK_LIMIT):
        candidate += timedelta(days=7)
        if cal.is_working_day(candidate):
            text = off
            if also:
                text += (
                    _(", and so is {days}") if len(also) == 1 else _(", and so are {days}")
                ).format(days=", ".join(also))
            return (
                "moved",
                candidate,
                _(
                    "{off}; moved to the same weekday of the next working week, "
                    "{day} (if_day_off: next_week)"
                ).format(off=off, day=day_text(candidate)),
            )
        info = cal.day_info(candidate)
        names = _names(info.name_vi, info.name_en)
        kind = kind_label(info.kind)
        also.append(
            f"{day_text(candidate)} ({kind}: {names})"
            if names
            else f"{day_text(candidate)} ({kind})"
        )
    weekday = weekday_name(nominal.weekday())
    return (
        "skipped",
        nominal,
        _(
            "{off}; no working {weekday} in the next {weeks} weeks, so no session "
            "(if_day_off: next_week)"
        ).format(off=off, weekday=weekday, weeks=NEXT_WEEK_LIMIT),
    )
