"""The occurrences of schedules in a window of days, each with its reason.

This module owns ``occurrences`` (one schedule, ``[start, end]``),
``year_occurrences`` (what ``caseflow schedule --year`` shows) and
``select_schedules``: nominal dates (``nominals``), then the analyst's
overrides (``overrides``), then the day-off policy (``day_off``), then the
collision check below, into ``Occurrence`` records (``occurrence``). The
warnings about a schedule are ``validation``'s; output formats are
``render.ics``'s and ``render.schedule_text``'s.

The window: ``occurrences(schedule, cal, start, end)`` returns the
occurrences whose *nominal* date (the rule's date before any move) lies in
``[start, end]`` and within the schedule's own ``start``/``end``. A session
moved out of the window by the day-off policy is still returned; one moved
into it from before ``start`` is not.

Collisions: a move never produces two sessions where the rule has one. A
session that the policy would move onto or past the rule's *next* nominal
date (a weekly rule with ``next_week``, or a run of days off) is not held
separately: it is ``skipped``, and its reason names the date it would have
moved to and the next session, where its business goes. Overrides are an
analyst's explicit decision and are not merged; ``validate_schedule`` warns
when one lands on or past another session or on a day off.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from caseflow.calendars import WorkingCalendar
from caseflow.definition import Schedule
from caseflow.errors import InputError, did_you_mean
from caseflow.i18n import _, day_text
from caseflow.recurrence.day_off import apply_policy, day_off_text
from caseflow.recurrence.nominals import next_nominal, nominal_dates
from caseflow.recurrence.occurrence import Occurrence, Status
from caseflow.recurrence.overrides import read_overrides
from caseflow.recurrence.rules import read_rule
from caseflow.recurrence.until import DEFAULT_ZONE
from caseflow.times import local_day
from caseflow.times import zone as time_zone

__all__ = ["occurrences", "select_schedules", "year_occurrences"]


def _as_day(value: object, what: str, tz: str = DEFAULT_ZONE) -> date:
    """A window bound as a date (a time: its day in ``tz``); ``InputError`` naming ``what``."""
    if isinstance(value, datetime):
        return local_day(value, time_zone(tz))
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(
        _("{what}={value!r} is not a date; pass a datetime.date or 'YYYY-MM-DD'").format(
            what=what, value=value
        )
    )


def occurrences(
    schedule: Schedule,
    cal: WorkingCalendar,
    start: date | str,
    end: date | str,
    *,
    zone: str = DEFAULT_ZONE,
) -> list[Occurrence]:
    """The schedule's occurrences whose nominal date lies in ``[start, end]``.

    Sorted by ``date`` (then ``nominal``); the same input always gives the
    same output. Cancelled and skipped occurrences are included, so that a
    calendar can say why there is no session. The readings are explained in
    ``weeks``, the day-off policies in ``day_off``, overrides in
    ``overrides`` and collisions in this module's docstring. ``zone`` is
    the workflow's time zone, in which an ``rrule``'s ``UNTIL`` time is read
    (``until``). Raises ``InputError`` for an override that names no date of
    the rule.
    """
    first = _as_day(start, "start", zone)
    last = _as_day(end, "end", zone)
    if last < first:
        raise InputError(
            _("end={end!r} is before start={start!r}").format(
                end=last.isoformat(), start=first.isoformat()
            )
        )
    rule = read_rule(schedule, zone)
    overrides = read_overrides(schedule, rule) if schedule.overrides else {}
    nominals = nominal_dates(rule, first, last)
    real = [n.day for n in nominals if n.why_none is None]
    policy = schedule.if_day_off
    common: dict[str, Any] = {
        "schedule": schedule.name,
        "time": rule.clock,
        "place": schedule.place,
        "contact": schedule.contact,
    }
    out: list[Occurrence] = []
    index = 0  # position of the current nominal in ``real``
    for nominal in nominals:
        day = nominal.day
        if nominal.why_none is not None:
            out.append(
                Occurrence(
                    date=day,
                    nominal=day,
                    reason=nominal.why_none,
                    status="skipped",
                    provisional=cal.is_provisional(day),
                    no_date=True,
                    **common,
                )
            )
            continue
        index += 1
        override = overrides.get(day)
        status: Status
        reason: str | None
        if override is not None:
            if override.moved_to is None:
                status, held, reason = "cancelled", day, override.reason
            else:
                moved_to = date.fromisoformat(override.moved_to)
                status, held, reason = "moved", moved_to, override.reason
        else:
            status, held, reason = apply_policy(policy, day, cal)
            if status == "moved":
                following = real[index] if index < len(real) else next_nominal(rule, day)
                if following is not None and held >= following:
                    reason = _(
                        "{off}; moving it to {day} would reach the next session date, "
                        "{following}, so no separate session is held: its business goes to "
                        "that session (if_day_off: {policy})"
                    ).format(
                        off=day_off_text(cal, day),
                        day=day_text(held),
                        following=day_text(following),
                        policy=policy,
                    )
                    status, held = "skipped", day
        out.append(
            Occurrence(
                date=held,
                nominal=day,
                reason=reason,
                status=status,
                provisional=cal.is_provisional(held),
                **common,
            )
        )
    out.sort(key=lambda o: (o.date, o.nominal))
    return out


def select_schedules(schedules: Sequence[Schedule], name: str | None = None) -> list[Schedule]:
    """The schedules called ``name`` (all of them when ``name`` is None).

    ``InputError`` when there are none, or no schedule has that name (the
    message lists the known ones).
    """
    if not schedules:
        raise InputError(_("the workflow defines no schedules"))
    if name is None:
        return list(schedules)
    chosen = [s for s in schedules if s.name == name]
    if not chosen:
        known = [s.name for s in schedules]
        raise InputError(
            _("unknown schedule {name!r}{value}; known schedules: {value2}").format(
                name=name, value=did_you_mean(name, known), value2=", ".join(known)
            )
        )
    return chosen


def year_occurrences(
    schedules: Sequence[Schedule],
    cal: WorkingCalendar,
    year: int,
    *,
    name: str | None = None,
    zone: str = DEFAULT_ZONE,
) -> list[Occurrence]:
    """Every occurrence in ``year`` of the schedules (or of the one called ``name``).

    What ``caseflow schedule FILE --year Y [--name S]`` shows: sorted by
    date, then schedule name.
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise InputError(_("year={year!r} must be a whole number from 1 to 9999").format(year=year))
    found: list[Occurrence] = []
    for schedule in select_schedules(schedules, name):
        found.extend(occurrences(schedule, cal, date(year, 1, 1), date(year, 12, 31), zone=zone))
    found.sort(key=lambda o: (o.date, o.schedule, o.nominal))
    return found
