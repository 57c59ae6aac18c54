"""The day arithmetic behind a due date, and its record as steps.

This module owns moving a date by an ``Offset`` (days, working days, weeks
or months), rolling a date off a day off per a rule's policy, measuring
the time left between two dates in a unit, and the ``Step`` that records
one such move so that an explanation can show it and a test can redo it
(``replay_steps``). It knows no rule and no case.

Working days are ``caseflow.calendars``' (``WorkingCalendar``); which
steps a deadline takes is ``caseflow.deadlines.evaluator``'s; putting them
into words is ``caseflow.deadlines.explanations``'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
from dateutil.relativedelta import relativedelta

from caseflow.calendars import WorkingCalendar
from caseflow.definition import Offset

__all__ = ["Step", "apply_offset", "replay_steps", "roll", "span"]


def apply_offset(cal: WorkingCalendar, start: dt.date, offset: Offset) -> dt.date:
    """``start`` moved by ``offset`` (no rolling off days off)."""
    n = offset.amount * offset.direction
    if offset.unit == "working_days":
        return cal.add_working_days(start, n)
    if offset.unit == "days":
        return start + dt.timedelta(days=n)
    if offset.unit == "weeks":
        return start + dt.timedelta(days=7 * n)
    result: dt.date = start + relativedelta(months=n)
    return result


def roll(cal: WorkingCalendar, day: dt.date, policy: str) -> dt.date:
    """``day`` moved off a day off per ``policy`` (``keep`` leaves it)."""
    if policy == "keep" or cal.is_working_day(day):
        return day
    if policy == "previous_working_day":
        return cal.previous_working_day(day)
    return cal.next_working_day(day)


@attrs.frozen(kw_only=True, slots=True)
class Step:
    """One step of the arithmetic behind a due date.

    ``kind`` is ``"offset"`` (``result`` is ``start`` moved by ``offset``),
    ``"roll"`` (``start`` was a day off; ``result`` per the rule's policy),
    ``"extension"`` (the nominal end ``start`` extended by ``offset``),
    ``"resume"`` (the clock resumed on ``start`` with ``offset`` left) or
    ``"short_notice"`` (``start``, counted back from a session, is before
    the clock started on ``at``; ``result`` is ``at``).
    """

    kind: str
    start: dt.date
    result: dt.date
    offset: Offset | None = None
    at: dt.date | None = None
    policy: str | None = None


def replay_steps(cal: WorkingCalendar, steps: Sequence[Step]) -> dt.date | None:
    """Redo the arithmetic of ``steps``; the last result, checking each one."""
    result = None
    for step in steps:
        if step.kind == "roll":
            assert step.policy is not None
            got = roll(cal, step.start, step.policy)
        elif step.kind == "short_notice":
            assert step.at is not None
            got = max(step.start, step.at)
        else:
            assert step.offset is not None
            got = apply_offset(cal, step.start, step.offset)
        if got != step.result:
            raise AssertionError(
                f"{step.kind} step from {step.start} gives {got}, not {step.result}"
            )
        result = got
    return result


def span(cal: WorkingCalendar, start: dt.date, end: dt.date, unit: str) -> Offset:
    """The time from ``start`` to ``end`` in ``unit`` (months count as days)."""
    if unit == "working_days":
        n = cal.working_days_between(start, end)
        return Offset(amount=abs(n), unit="working_days", direction=1 if n >= 0 else -1)
    n = (end - start).days
    return Offset(amount=abs(n), unit="days", direction=1 if n >= 0 else -1)
