"""Evaluating deadline rules on a case: the legal-time model.

This module owns what a ``DeadlineRule`` *means* for a case at a given
moment: when its clock started, what it counts from (a state entered, a
trigger fired, a date field, or the case's session as held), the due date
(with variants, extensions, pauses and day-off rolls applied in the order
they happened), and its status. It is pure: the same case, rules, calendar
and ``now`` give the same answer.

A clock runs while the case is in one of the rule's ``runs_in`` states. It
starts when the case enters that set from outside it; it stops (the
deadline is *met*) when the case moves to a state outside ``runs_in`` and
``paused_in``, or when one of the rule's ``met_by`` triggers fires. The
arithmetic is the written model of docs/legal-time.md: the period counts
from the day after its anchor to its *nominal* end; a ``paused_in`` state
stops the clock (the day it starts counts, the days up to the resumption
do not) and the resumption gives back what was left of the nominal
period, while a pause that starts once the count is complete changes
nothing; an extension adds the length granted (``length_field``, at most
``by``) to the nominal end, up to its limit (a variant's
``max_extensions`` when the variant applies); a day off at the end rolls
per the rule's policy, once; a date counted back from a session that falls
before the clock started is due the day it started (short notice). Rules
and variants apply when in force on the day the case started
(``effective``). If the case later enters ``runs_in`` again, a new clock
starts and is the one reported.

One rule is evaluated in one walk of the history, by one method
(``_one``): it runs for every rule of every case, so the anchor, the clock,
pauses and extensions are not split into calls of their own.

The day arithmetic is ``caseflow.deadlines.arithmetic``'s (working days
are the calendar's); the result is ``caseflow.deadlines.result.Deadline``;
session dates are ``caseflow.recurrence``'s; reading rules from YAML is
``caseflow.loading``'s; refusing an extension beyond its limit is the
engine's (``caseflow.engine.limits``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from caseflow.calendars import WorkingCalendar
from caseflow.case import Case
from caseflow.charts import expand
from caseflow.conditions import Check, GuardContext, RegisteredGuard, compile_condition
from caseflow.deadlines.arithmetic import Step, apply_offset, roll, span
from caseflow.deadlines.result import Deadline
from caseflow.definition import DeadlineRule, Guard, Label, Offset, WorkflowSpec
from caseflow.recurrence import occurrences
from caseflow.times import local_day

__all__ = ["CompiledRule", "DeadlineEvaluator"]

_MOVE_WINDOW = 31
"""How far (days) a regular session may have moved from its planned date."""


class DeadlineEvaluator:
    """Evaluates the deadline rules of one workflow under one calendar."""

    def __init__(
        self,
        spec: WorkflowSpec,
        cal: WorkingCalendar,
        zone: dt.tzinfo,
        registered: Mapping[str, RegisteredGuard] | None = None,
    ) -> None:
        self.spec = spec
        self.calendar = cal
        self.zone = zone
        self._sessions: dict[tuple[str, dt.date], tuple[dt.date, str | None, str]] = {}
        # The bulk path's day arithmetic per rule (caseflow.deadlines.bulk),
        # kept between calls: it depends only on the rule and the calendar.
        self.bulk_caches: dict[int, Any] = {}
        guards: dict[str, Guard] = {g.name: g for g in spec.guards}
        labels = {s.name: s.label for s in spec.states}
        self._rules = [
            CompiledRule(
                rule,
                [
                    compile_condition(v.when, guards, registered or {}, spec=spec)
                    if v.when is not None
                    else None
                    for v in rule.variants
                ],
                labels.get(rule.anchor.name) if rule.anchor.kind == "entered" else None,
                spec,
            )
            for rule in spec.deadlines
        ]

    def evaluate(self, case: Case, now: dt.datetime) -> tuple[Deadline, ...]:
        """Every deadline whose clock has started for ``case``, as of ``now``."""
        out = []
        for compiled in self._rules:
            deadline = self._one(compiled, case, now)
            if deadline is not None:
                out.append(deadline)
        return tuple(out)

    # -- one rule ---------------------------------------------------------------

    def _day(self, at: dt.datetime) -> dt.date:
        """The day of ``at`` in the workflow's zone (``caseflow.times.local_day``)."""
        return local_day(at, self.zone)

    def _one(
        self, compiled: CompiledRule, case: Case, now: dt.datetime, *, record: bool = False
    ) -> Deadline | None:
        """One rule's deadline; ``record`` keeps the arithmetic's steps (for explain)."""
        rule = compiled.rule
        runs, paused = compiled.runs, compiled.paused
        history = case.history
        start = end = None
        met_by = compiled.met_by
        # Entering a state and a trigger firing are found in the same walk.
        anchor = rule.anchor
        by_state = anchor.kind == "entered"
        by_event = anchor.kind == "event"
        first = anchor.occurrence == "first"
        anchored: dt.datetime | None = None
        entered = compiled.entered
        for index, event in enumerate(history):
            if event.at > now:
                break
            dest = event.dest
            if (by_state or by_event) and (anchored is None or not first):
                if by_state:
                    # Entering: the state (or, nested, one holding it) is active after
                    # the event and was not before it.
                    if dest in entered and event.source not in entered:
                        anchored = event.at
                elif event.trigger == anchor.name:
                    anchored = event.at
            if start is not None and end is None and event.trigger in met_by:
                end = index
            elif dest in runs:
                if start is None or (end is not None and event.source not in runs):
                    start, end = index, None
            elif dest in paused:
                continue
            elif start is not None and end is None:
                end = index
        if start is None:
            return None
        started_on = self._day(history[0].at)
        if rule.effective is not None and not rule.effective.holds(started_on):
            return None  # not the rule in force on the day the case started
        variant = compiled.variant(case, now, started_on)
        offset = rule.offset
        max_extensions = rule.extension.max if rule.extension is not None else 0
        variant_source = None
        if variant is not None:
            offset = variant.offset or offset
            if variant.max_extensions is not None:
                max_extensions = variant.max_extensions
            variant_source = variant.source
        if by_state or by_event:
            anchor_date = self._day(anchored) if anchored is not None else None
        else:
            anchor_date = self._anchor(rule, case, now)
        session_note = session_kind = None
        if rule.anchor.kind == "session" and anchor_date is not None and self.spec.docket:
            planned = dt.date.fromisoformat(str(case.data[self.spec.docket.session_field])[:10])
            _held, session_note, session_kind = self._session(rule.anchor.name, planned)
        started = self._day(history[start].at)

        def make(due: dt.date | dt.datetime | None, status: str, **extra: Any) -> Deadline:
            return Deadline(
                name=rule.name,
                label=rule.label,
                due=due,
                status=status,
                started=started,
                anchor_date=anchor_date,
                now=now,
                rule=rule,
                variant_source=variant_source,
                anchor_label=compiled.anchor_label,
                session_note=session_note,
                session_kind=session_kind,
                calendar=self.calendar,
                origin=(self, compiled, case),
                **extra,
            )

        met_at = history[end].at if end is not None else None
        if anchor_date is None:
            return make(None, "met" if met_at else "pending", met_at=met_at)

        cal = self.calendar
        policy = rule.day_off_policy
        calendar_unit = offset.unit != "working_days"
        # Steps are kept only when asked for (explain): building them costs a
        # third of an evaluation, measured in benchmarks/bench_deadlines.py.
        steps: list[Step] | None = [] if record else None

        # The nominal end of the period (docs/legal-time.md): pauses and
        # extensions move it, in the order they happened; the end rule (a
        # day off rolls to the next working day) is applied once, after.
        nominal = apply_offset(cal, anchor_date, offset)
        if steps is not None:
            steps.append(Step(kind="offset", start=anchor_date, result=nominal, offset=offset))
        stop = end if end is not None else len(history)
        paused_since: dt.date | None = None
        waiting = False  # in a paused state, with or without a clock stopped
        extensions = 0
        ext = rule.extension
        if ext is None and not paused:
            stop = start  # nothing in the clock's life can move the due date
        for index in range(start + 1, stop):
            event = history[index]
            if event.at > now:
                break
            dest = event.dest
            if dest in paused:
                if not waiting:
                    waiting = True
                    day = self._day(event.at)
                    # Nothing is left to give back of a period whose count
                    # was complete that day: a missed deadline stays missed.
                    if day < nominal:
                        paused_since = day
                continue
            if waiting and dest in runs:
                if paused_since is not None:
                    resumed = self._day(event.at)
                    left = span(cal, paused_since, nominal, offset.unit)
                    nominal = apply_offset(cal, resumed, left)
                    if steps is not None:
                        steps.append(
                            Step(
                                kind="resume",
                                start=resumed,
                                result=nominal,
                                offset=left,
                                at=paused_since,
                            )
                        )
                waiting, paused_since = False, None
            if ext is not None and event.trigger == ext.trigger and extensions < max_extensions:
                extensions += 1
                granted = ext.by
                if ext.length_field is not None:
                    length = event.changes.get(ext.length_field)
                    if isinstance(length, int) and 0 < length < ext.by.amount:
                        granted = Offset(amount=length, unit=ext.by.unit)
                extended = apply_offset(cal, nominal, granted)
                if steps is not None:
                    steps.append(
                        Step(
                            kind="extension",
                            start=nominal,
                            result=extended,
                            offset=granted,
                            at=self._day(event.at),
                        )
                    )
                nominal = extended
        due = nominal
        if calendar_unit and policy != "keep" and not cal.is_working_day(due):
            due = roll(cal, nominal, policy)
            if steps is not None:
                steps.append(Step(kind="roll", start=nominal, result=due, policy=policy))
        if due < started and offset.direction < 0:
            # Short notice: the day it counts back to (one week before a
            # session) is before the clock started (the case was selected
            # later); the work is due on the day the clock started, never
            # before the case was there to do it for.
            if steps is not None:
                steps.append(Step(kind="short_notice", start=due, result=started, at=started))
            due = started

        due_value: dt.date | dt.datetime = due
        if rule.time is not None:
            hour, minute = map(int, rule.time.split(":"))
            due_value = dt.datetime.combine(due, dt.time(hour, minute), self.zone)
        today = self._day(now)
        if met_at is not None:
            status = "met"
            late = (
                met_at > due_value
                if isinstance(due_value, dt.datetime)
                else self._day(met_at) > due
            )
        elif paused_since is not None:
            status, late = "paused", False
        else:
            overdue = now > due_value if isinstance(due_value, dt.datetime) else today > due
            status, late = ("overdue" if overdue else "pending"), False
        soon = False
        if status == "pending" and rule.due_soon is not None:
            soon = span(cal, today, due, rule.due_soon.unit).amount <= rule.due_soon.amount
        provisional = cal.is_provisional(due) or cal.is_provisional(anchor_date)
        return make(
            due_value,
            status,
            soon=soon,
            late=late,
            met_at=met_at,
            paused_since=paused_since,
            extensions=extensions,
            recorded=tuple(steps) if steps is not None else None,
            provisional=provisional,
        )

    def _session(self, schedule_name: str, planned: dt.date) -> tuple[dt.date, str | None, str]:
        """When the session recorded as ``planned`` is held, why it moved, and its kind.

        A date that is one of the schedule's sessions (as planned, or as
        held after a move) is a ``"regular"`` session; any other date is an
        ``"ad_hoc"`` (đột xuất) session, held on that day.
        """
        key = (schedule_name, planned)
        found = self._sessions.get(key)
        if found is None:
            schedule = next((s for s in self.spec.schedules if s.name == schedule_name), None)
            found = (planned, None, "ad_hoc")
            if schedule is not None:
                near = dt.timedelta(days=_MOVE_WINDOW)
                for occ in occurrences(
                    schedule,
                    self.calendar,
                    planned - near,
                    planned + near,
                    zone=self.spec.timezone,
                ):
                    if not occ.takes_place:
                        continue
                    if occ.nominal == planned:
                        found = (occ.date, occ.reason if occ.date != planned else None, "regular")
                        break
                    if occ.date == planned:
                        found = (planned, None, "regular")
            self._sessions[key] = found
        return found

    def _anchor(self, rule: DeadlineRule, case: Case, now: dt.datetime) -> dt.date | None:
        """The day ``rule`` counts from, or None while it is not known.

        ``_one`` asks only for field and session anchors; it finds a state
        entered or a trigger fired in its own walk of the history. The walk
        below answers those too, for callers that want one rule's anchor
        alone (the profile in ``benchmarks/bench_deadlines.py``).
        """
        anchor = rule.anchor
        if anchor.kind == "session":
            docket = self.spec.docket
            value = case.data.get(docket.session_field) if docket is not None else None
            if not isinstance(value, str):
                return None
            try:
                planned = dt.date.fromisoformat(value[:10])
            except ValueError:
                return None  # a bad stored value leaves the anchor unknown, never a crash
            held, _note, _kind = self._session(anchor.name, planned)
            return held
        if anchor.kind == "field":
            value = case.data.get(anchor.name)
            if value is None:
                return None
            if isinstance(value, str):
                try:
                    if "T" in value:
                        return self._day(dt.datetime.fromisoformat(value))
                    return dt.date.fromisoformat(value)
                except (ValueError, OverflowError):
                    return None  # a bad stored value leaves the anchor unknown, never a crash
            return None
        found = None
        entered = expand(self.spec, (anchor.name,))
        for event in case.history:
            if event.at > now:
                break
            hit = (
                event.dest in entered
                if anchor.kind == "entered"
                else (event.trigger == anchor.name)
            )
            if anchor.kind == "entered" and hit and event.source in entered:
                hit = False  # staying in a state is not entering it
            if hit:
                found = event.at
                if anchor.occurrence == "first":
                    break
        return self._day(found) if found is not None else None


@attrs.define
class CompiledRule:
    """A deadline rule made ready for evaluation: its state sets, and its variants' checks."""

    rule: DeadlineRule
    checks: list[Check | None]
    anchor_label: Label | None
    spec: WorkflowSpec
    runs: frozenset[str] = attrs.field(init=False)
    paused: frozenset[str] = attrs.field(init=False)
    met_by: frozenset[str] = attrs.field(init=False)
    entered: frozenset[str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        # The states named, as the case's states: a nested workflow's
        # configurations in which one of them is active (caseflow.charts).
        self.runs = expand(self.spec, self.rule.runs_in)
        self.paused = expand(self.spec, self.rule.paused_in)
        self.met_by = frozenset(self.rule.met_by)
        self.entered = expand(self.spec, (self.rule.anchor.name,))

    def variant(self, case: Case, now: dt.datetime, started_on: dt.date) -> Any:
        """The first variant in force for a case started on ``started_on`` whose condition holds."""
        if not self.checks:
            return None
        ctx = GuardContext(case=case, trigger="", at=now, actor=None, role=None, data=case.data)
        for variant, check in zip(self.rule.variants, self.checks, strict=True):
            if variant.effective is not None and not variant.effective.holds(started_on):
                continue
            if check is None or check(ctx):
                return variant
        return None
