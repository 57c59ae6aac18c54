"""The deadline invariants, one function each, run on a case as of a moment.

This module owns checking what ``wf.deadlines`` says about one case
against what the law's model says it must: due dates on working days,
never before their anchor, growing with the period, moving only for a
reason, suspensions not counted (against ``caseflow.testing.oracle``'s
day-by-day walk), and explanations that add up. Each function raises
``Violation`` (an ``AssertionError``) naming its check, and returns None
when the invariant holds; each can be called from any test.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from caseflow.case import Case, Event
from caseflow.deadlines import Deadline
from caseflow.definition import (
    AllOf,
    AnyOf,
    Condition,
    DeadlineRule,
    FieldTest,
    GuardRef,
    Not,
    Offset,
    WorkflowSpec,
)
from caseflow.i18n import N_, _, day_text
from caseflow.testing.checks import Violation
from caseflow.testing.nesting import covers
from caseflow.testing.oracle import paused_due, walk_due
from caseflow.times import zone
from caseflow.workflow import Workflow

__all__ = [
    "check_due_grows_with_offset",
    "check_due_moves_only_by_pause_extension_session",
    "check_due_not_before_anchor",
    "check_due_on_working_day",
    "check_explanation_adds_up",
    "check_pause_not_counted",
    "fields_read",
]

#: A deadline's status as a sentence of a report says it (marked here, translated where used).
_STATUS_WORDS = {
    "pending": N_("pending"),
    "met": N_("met"),
    "overdue": N_("overdue"),
    "paused": N_("paused"),
}


def _deadlines(wf: Workflow, case: Case, now: Any) -> tuple[Deadline, ...]:
    return wf.deadlines(case, now=case.updated_at if now is None else now)


def _policy(rule: DeadlineRule, offset: Offset) -> str:
    if rule.if_day_off is not None:
        return rule.if_day_off
    return "next_working_day" if offset.direction > 0 else "previous_working_day"


def _offset(d: Deadline) -> Offset | None:
    steps = d.steps
    return steps[0].offset if steps and steps[0].kind == "offset" else None


def check_due_on_working_day(wf: Workflow, case: Case, *, now: Any = None) -> None:
    """Raise ``Violation`` if a deadline that counts working days or rolls is due on a day off."""
    for d in _deadlines(wf, case, now):
        offset = _offset(d)
        day = d.due_date
        if day is None or offset is None or any(s.kind == "short_notice" for s in d.steps):
            continue
        rolls = offset.unit == "working_days" or _policy(d.rule, offset) != "keep"
        if rolls and not wf.calendar.is_working_day(day):
            raise Violation(
                "due-on-working-day",
                expected=_("deadline {name!r} due on a working day").format(name=d.name),
                happened=_("it is due on {day}, a day off").format(day=day_text(day)),
                cases=[case],
            )


def check_due_not_before_anchor(wf: Workflow, case: Case, *, now: Any = None) -> None:
    """Raise ``Violation`` if a deadline not counted back from a session falls before its anchor.

    The period as the rule writes it is judged, before the "short notice"
    cap moves an early date to the day the clock started: a rule that
    needs that cap on a state, event or field anchor counts the wrong way.
    """
    for d in _deadlines(wf, case, now):
        day, anchor = d.due_date, d.anchor_date
        if day is None or anchor is None or d.rule.anchor.kind == "session":
            continue
        offset_steps = [s.result for s in d.steps if s.kind == "offset"]
        written = min([day, *offset_steps])
        if written < anchor:
            raise Violation(
                "due-not-before-anchor",
                expected=_("deadline {name!r} due on or after its anchor, {anchor}").format(
                    name=d.name, anchor=day_text(anchor)
                ),
                happened=_("the period as written ends on {day}").format(day=day_text(written)),
                cases=[case],
            )


def _longer(offset: Offset | None) -> Offset | None:
    return None if offset is None else attrs.evolve(offset, amount=offset.amount + 1)


@functools.lru_cache(maxsize=16)
def _one_unit_longer(wf: Workflow) -> Workflow:
    """The same definition with every period (and variant's) one unit longer."""
    rules = tuple(
        attrs.evolve(
            rule,
            offset=attrs.evolve(rule.offset, amount=rule.offset.amount + 1),
            variants=tuple(attrs.evolve(v, offset=_longer(v.offset)) for v in rule.variants),
        )
        for rule in wf.spec.deadlines
    )
    # The app's registered guards too, so that variants decide as in ``wf``.
    return Workflow(attrs.evolve(wf.spec, deadlines=rules), guards=getattr(wf, "_guards", None))


def check_due_grows_with_offset(wf: Workflow, case: Case, *, now: Any = None) -> None:
    """Raise ``Violation`` if one unit more on every period gives a deadline an earlier due date."""
    longer = _one_unit_longer(wf)
    when = case.updated_at if now is None else now
    after = {d.name: d for d in longer.deadlines(case, now=when, calendar=wf.calendar)}
    for d in _deadlines(wf, case, when):
        other = after.get(d.name)
        if other is None or d.due_date is None or other.due_date is None:
            continue
        direction = d.rule.offset.direction
        if (other.due_date - d.due_date).days * direction < 0:
            raise Violation(
                "due-grows-with-offset",
                expected=_("deadline {name!r} with one more unit due no earlier than {day}").format(
                    name=d.name, day=day_text(d.due_date)
                ),
                happened=_("it is due on {other}").format(other=day_text(other.due_date)),
                cases=[case],
            )


def _condition_fields(spec: WorkflowSpec, cond: Condition | None) -> Iterator[str]:
    if cond is None:
        return
    if isinstance(cond, FieldTest):
        yield cond.path[0]
        value = cond.value
        values = value.values() if isinstance(value, dict) else [value]
        yield from (v for v in values if isinstance(v, str))
    elif isinstance(cond, (AllOf, AnyOf)):
        for item in cond.items:
            yield from _condition_fields(spec, item)
    elif isinstance(cond, Not):
        yield from _condition_fields(spec, cond.item)
    elif isinstance(cond, GuardRef):
        for guard in spec.guards:
            if guard.name == cond.name:
                if guard.registered:
                    yield "*"
                yield from _condition_fields(spec, guard.condition)


def fields_read(spec: WorkflowSpec, rule: DeadlineRule) -> frozenset[str]:
    """The fields whose change may move ``rule``'s due date ("*": any, a registered guard)."""
    names: set[str] = set()
    if rule.anchor.kind == "field":
        names.add(rule.anchor.name)
    if spec.docket is not None:
        names.add(spec.docket.session_field)
    if rule.extension is not None and rule.extension.length_field:
        names.add(rule.extension.length_field)
    for variant in rule.variants:
        names.update(_condition_fields(spec, variant.when))
    return frozenset(names)


def _moved_for_a_reason(spec: WorkflowSpec, rule: DeadlineRule, event: Event) -> bool:
    if rule.extension is not None and event.trigger == rule.extension.trigger:
        return True
    if covers(spec, rule.paused_in, event.source) or covers(spec, rule.paused_in, event.dest):
        return True
    read = fields_read(spec, rule)
    return "*" in read or bool(read & set(event.changes))


def check_due_moves_only_by_pause_extension_session(wf: Workflow, case: Case) -> None:
    """Raise ``Violation`` if the case's last step moved a running deadline for no reason.

    A reason is a suspension or resumption, an extension, or a change of
    data the rule reads (its anchor field, its variants' fields, the
    session field).
    """
    if len(case.history) < 2:
        return
    event = case.history[-1]
    before_case = wf.replay(case.id, case.history[:-1])
    before = {
        d.name: d
        for d in wf.deadlines(before_case, now=event.at)
        if d.status in ("pending", "overdue") and d.due_date is not None
    }
    for d in wf.deadlines(case, now=event.at):
        old = before.get(d.name)
        if old is None or d.due_date is None or d.due_date == old.due_date:
            continue
        if d.status == "met" or _moved_for_a_reason(wf.spec, d.rule, event):
            continue
        raise Violation(
            "due-moves-only-by-pause-extension-session",
            expected=_("deadline {name!r} still due on {day} after {trigger!r}").format(
                name=d.name,
                day=day_text(old.due_date) if old.due_date else "?",
                trigger=event.trigger,
            ),
            happened=_("it moved to {day}").format(day=day_text(d.due_date)),
            cases=[case],
        )


def _clock_events(
    wf: Workflow, case: Case, rule: DeadlineRule, offset: Offset
) -> list[tuple[str, dt.date, int]] | None:
    """The suspensions, resumptions and extensions of the rule's clock, as local days."""
    tz = zone(wf.spec.timezone)
    out: list[tuple[str, dt.date, int]] = []
    ext = rule.extension
    spec = wf.spec
    for event in case.history[1:]:
        day = event.at.astimezone(tz).date()
        into = covers(spec, rule.paused_in, event.dest)
        out_of = covers(spec, rule.paused_in, event.source)
        if into and not out_of:
            out.append(("pause", day, 0))
        elif out_of and not into:
            out.append(("resume", day, 0))
        if ext is not None and event.trigger == ext.trigger:
            if ext.by.unit != offset.unit:
                return None
            granted = event.changes.get(ext.length_field) if ext.length_field else None
            units = granted if isinstance(granted, int) else ext.by.amount
            out.append(("extend", day, units * (7 if offset.unit == "weeks" else 1)))
    return out


def check_pause_not_counted(wf: Workflow, case: Case, *, now: Any = None) -> None:
    """Raise ``Violation`` if a running or suspended deadline is not where a day-by-day walk is.

    Compared for periods after their anchor in days, working days or weeks
    (months are calendar arithmetic, not a count of days).
    """
    for d in _deadlines(wf, case, now):
        offset = _offset(d)
        if (
            d.status == "met"
            or d.anchor_date is None
            or d.due_date is None
            or offset is None
            or offset.direction < 0
            or offset.unit == "months"
            or d.rule.anchor.kind == "session"
        ):
            continue
        events = _clock_events(wf, case, d.rule, offset)
        if events is None:
            continue
        days = offset.amount * (7 if offset.unit == "weeks" else 1)
        kwargs = {
            "is_working_day": wf.calendar.is_working_day,
            "working_days": offset.unit == "working_days",
            "roll": _policy(d.rule, offset),
        }
        expected = walk_due(d.anchor_date, days, events=events, **kwargs)  # type: ignore[arg-type]
        status = "paused" if expected is None else None
        if expected is None:
            expected = paused_due(d.anchor_date, days, events=events, **kwargs)  # type: ignore[arg-type]
        if expected != d.due_date or (status == "paused") != (d.status == "paused"):
            raise Violation(
                "pause-not-counted",
                expected=_("deadline {name!r} due on {day}{paused}").format(
                    name=d.name,
                    day=day_text(expected) if expected else "?",
                    paused=_(" (suspended)") if status else "",
                ),
                happened=_("caseflow says {day} ({status})").format(
                    day=day_text(d.due_date), status=_(_STATUS_WORDS.get(d.status, d.status))
                ),
                cases=[case],
            )


def _redo(step: Any, is_working_day: Any) -> dt.date | None:
    """One step of an explanation redone with a plain walk, or None for a kind not known."""
    start: dt.date = step.start
    if step.kind == "roll":
        if step.policy == "keep" or is_working_day(start):
            return start
        delta = dt.timedelta(days=-1 if step.policy == "previous_working_day" else 1)
        day = start
        while not is_working_day(day):
            day += delta
        return day
    if step.kind == "short_notice":
        at: dt.date = step.at
        return max(start, at)
    offset: Offset = step.offset
    n = offset.amount * offset.direction
    if offset.unit == "months":
        result: dt.date = start + relativedelta(months=n)
        return result
    if offset.unit != "working_days":
        return start + dt.timedelta(days=n * (7 if offset.unit == "weeks" else 1))
    day, left, delta = start, abs(n), dt.timedelta(days=1 if n >= 0 else -1)
    while left:
        day += delta
        if is_working_day(day):
            left -= 1
    return day


def check_explanation_adds_up(wf: Workflow, case: Case, *, now: Any = None) -> None:
    """Raise ``Violation`` if a deadline's stated steps, redone day by day, miss its due date.

    Every step's start and result must be written in ``explain()``, each
    step's result must be what a plain walk gives, and the last must be the
    due date.
    """
    for d in _deadlines(wf, case, now):
        if d.due_date is None:
            continue
        text, steps = d.explain(), d.steps
        result: dt.date | None = None
        for step in steps:
            redone = _redo(step, wf.calendar.is_working_day)
            missing = [x for x in (step.start, step.result) if x.isoformat() not in text]
            if redone != step.result or missing:
                result = None
                break
            result = step.result
        if result != d.due_date:
            raise Violation(
                "explanation-adds-up",
                expected=_("the explanation of {name!r} to end on {day}").format(
                    name=d.name, day=day_text(d.due_date)
                ),
                happened=_("redone from its text it does not: {text}").format(text=text),
                cases=[case],
            )
