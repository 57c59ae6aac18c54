"""Evaluating the deadline rules of many cases in one pass (``wf.deadlines_many``).

This module owns the bulk path: the same answers as
``DeadlineEvaluator.evaluate`` case by case (a property test holds them
equal on random workflows and histories), computed for a caseload at once
for an office's dashboard and the store's deadline index. What makes it
cheaper than one call per case is what repeats across cases:

- ``now``'s day, the zone and the calendar are looked up once per pass;
- the day arithmetic is cached per (rule, anchor day): 100,000 cases over
  three years have about a thousand distinct anchor days per rule, so the
  calendar computes each nominal end once, and the rolled due date of each
  nominal end once (``_DueCache``). Pauses and extensions move a nominal
  end to a day of its own; only those few are computed one by one;
- a deadline is built as a plain tuple of ``Deadline``'s fields (no keyword
  packing, no closure per rule).

A case to which one of a rule's variants applies (their conditions read
the case's data, and change the offset and the extensions allowed) is
evaluated by the evaluator's own ``_one``: the bulk path never guesses.

The model itself (what a clock, a pause, an extension, a roll mean) is
``caseflow.deadlines.evaluator``'s; this module repeats its walk for the
rules it takes, step for step, and ``tests/test_deadlines_many.py`` holds
the two equal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterable
from typing import Any

from caseflow.case import Case
from caseflow.deadlines.arithmetic import apply_offset, roll, span
from caseflow.deadlines.evaluator import CompiledRule, DeadlineEvaluator
from caseflow.deadlines.result import Deadline
from caseflow.definition import Offset
from caseflow.times import local_day

__all__ = ["evaluate_many"]

_new = tuple.__new__


class _DueCache:
    """One rule's day arithmetic, remembered per anchor day and per nominal end.

    Kept by the evaluator (one workflow, one calendar) between passes. The
    nominal end of a rule
    without variants depends only on the anchor day, and the rolled due date
    only on the nominal end (``docs/legal-time.md``: the roll is applied
    once, last).
    """

    __slots__ = ("cal", "nominal", "offset", "policy", "rolled")

    def __init__(self, evaluator: DeadlineEvaluator, compiled: CompiledRule) -> None:
        rule = compiled.rule
        self.cal = evaluator.calendar
        self.offset = rule.offset
        self.policy = rule.day_off_policy if rule.offset.unit != "working_days" else "keep"
        self.nominal: dict[dt.date, dt.date] = {}
        self.rolled: dict[dt.date, dt.date] = {}

    def seed(self, anchors: Iterable[dt.date]) -> None:
        """Compute the nominal ends of many anchor days at once (working days in bulk).

        Offsets in months go day by day (``apply_offset``); a year of days
        whose ends fall outside the calendar's years is left to ``end``.
        """
        todo = sorted({d for d in anchors if d not in self.nominal})
        if not todo:
            return
        offset = self.offset
        if offset.unit == "working_days":
            ends = self.cal.add_working_days_many(todo, offset.amount * offset.direction)
            self.nominal.update(zip(todo, ends, strict=True))
        else:
            for day in todo:
                self.nominal[day] = apply_offset(self.cal, day, offset)

    def end(self, anchor: dt.date) -> dt.date:
        """The nominal end counted from ``anchor`` (its whole year computed on a miss)."""
        found = self.nominal.get(anchor)
        if found is None:
            year = anchor.year
            if 1 < year < 9998:
                first = dt.date(year, 1, 1).toordinal()
                last = dt.date(year, 12, 31).toordinal()
                # A day of the year whose end falls past 9999 (or before 1)
                # fails the whole seed; the anchor asked for is then computed
                # alone, and raises as DeadlineEvaluator._one would.
                with contextlib.suppress(ArithmeticError, ValueError):
                    self.seed(dt.date.fromordinal(o) for o in range(first, last + 1))
            found = self.nominal.get(anchor)
            if found is None:
                found = self.nominal[anchor] = apply_offset(self.cal, anchor, self.offset)
        return found

    def due(self, nominal: dt.date) -> dt.date:
        """``nominal`` rolled off a day off per the rule's policy."""
        found = self.rolled.get(nominal)
        if found is None:
            found = self.rolled[nominal] = (
                roll(self.cal, nominal, self.policy) if self.policy != "keep" else nominal
            )
        return found


def _fast(compiled: CompiledRule) -> bool:
    """Whether the bulk walk takes this rule: every anchor kind it knows.

    A rule with variants is taken too: a case none of whose variants applies
    is the rule's own arithmetic; one that a variant applies to goes to
    ``DeadlineEvaluator._one``.
    """
    return compiled.rule.anchor.kind in ("entered", "event", "field", "session")


def evaluate_many(
    evaluator: DeadlineEvaluator, pairs: Iterable[tuple[Case, dt.datetime]]
) -> list[tuple[Deadline, ...]]:
    """``evaluator.evaluate(case, now)`` for each ``(case, now)``, in order, in one pass.

    ``now`` must already be an aware datetime (``caseflow.times.to_datetime``).
    Python's cyclic garbage collector is paused for the pass (and resumed
    after it, if it was running): the pass makes hundreds of thousands of
    tuples that form no cycle and outlive it, and each collection they set
    off walks every object of the caseload; measured in
    benchmarks/bench_deadlines.py at a third of the pass's time.
    """
    running = gc.isenabled()
    if running:
        gc.disable()
    try:
        return _evaluate_many(evaluator, pairs)
    finally:
        if running:
            gc.enable()


def _evaluate_many(
    evaluator: DeadlineEvaluator, pairs: Iterable[tuple[Case, dt.datetime]]
) -> list[tuple[Deadline, ...]]:
    """The pass of ``evaluate_many``, with the collector as the caller left it."""
    zone = evaluator.zone
    cal = evaluator.calendar
    official = cal.official_years
    rules = evaluator._rules
    plans: list[tuple[Any, ...]] = []
    # A nested workflow's states are configurations (caseflow.charts): its
    # rules go to the per-case evaluation, which knows how a name holds them.
    nested = bool(evaluator.spec.nested)
    for position, compiled in enumerate(rules):
        rule = compiled.rule
        if nested or not _fast(compiled):
            plans.append((compiled, None))
            continue
        anchor = rule.anchor
        ext = rule.extension
        cache = evaluator.bulk_caches.get(position)
        if cache is None:
            cache = evaluator.bulk_caches[position] = _DueCache(evaluator, compiled)
        hour_minute = tuple(map(int, rule.time.split(":"))) if rule.time is not None else None
        plans.append(
            (
                compiled,
                cache,
                rule,
                compiled.runs,
                compiled.paused,
                compiled.met_by,
                anchor.kind == "entered",
                anchor.kind == "event",
                anchor.name,
                # Entered: the configurations in which the state is active
                # (a nested workflow's parent or region), as in _one's walk.
                compiled.entered,
                anchor.occurrence == "first",
                ext,
                ext.max if ext is not None else 0,
                ext is None and not compiled.paused,
                rule.offset,
                rule.offset.direction < 0,
                hour_minute,
                rule.effective,
                bool(compiled.checks),
                anchor.kind == "session" and evaluator.spec.docket is not None,
            )
        )
    one = evaluator._one
    anchor_of = evaluator._anchor
    session_of = evaluator._session
    last_now: dt.datetime | None = None
    today = dt.date.min
    out: list[tuple[Deadline, ...]] = []
    for case, now in pairs:
        if now is not last_now:
            last_now, today = now, local_day(now, zone)
        history = case.history
        # The events up to the first one after now, found once for all the
        # rules (each of _one's walks stops there): comparing two times in
        # different tzinfo objects is the dearest step of a walk.
        limit = 0
        for event in history:
            if event.at > now:
                break
            limit += 1
        seen = history if limit == len(history) else history[:limit]
        found: list[Deadline] = []
        started_on: dt.date | None = None
        for plan in plans:
            compiled = plan[0]
            if plan[1] is None:
                deadline = one(compiled, case, now)
                if deadline is not None:
                    found.append(deadline)
                continue
            (
                _,
                cache,
                rule,
                runs,
                paused,
                met_by,
                by_state,
                by_event,
                anchor_name,
                entered,
                first,
                ext,
                max_extensions,
                fixed,
                offset,
                backwards,
                hour_minute,
                effective,
                varies,
                by_session,
            ) = plan
            # The walk of DeadlineEvaluator._one: the clock and the anchor at once.
            start = end = None
            anchored: dt.datetime | None = None
            index = -1
            for event in seen:
                index += 1
                at = event.at
                dest = event.dest
                if anchored is None or not first:
                    if by_state:
                        if dest in entered and event.source not in entered:
                            anchored = at
                    elif by_event and event.trigger == anchor_name:
                        anchored = at
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
                continue
            if effective is not None or varies:
                if started_on is None:
                    started_on = local_day(history[0].at, zone)
                if effective is not None and not effective.holds(started_on):
                    continue
                if varies and compiled.variant(case, now, started_on) is not None:
                    deadline = one(compiled, case, now)
                    if deadline is not None:
                        found.append(deadline)
                    continue
            at = history[start].at
            started = at.date() if at.tzinfo is zone else local_day(at, zone)
            met_at = history[end].at if end is not None else None
            session_note = session_kind = None
            if by_state or by_event:
                anchor_date = (
                    None
                    if anchored is None
                    else anchored.date()
                    if anchored.tzinfo is zone
                    else local_day(anchored, zone)
                )
            else:
                anchor_date = anchor_of(rule, case, now)
                if by_session and anchor_date is not None:
                    docket = evaluator.spec.docket
                    assert docket is not None
                    planned = dt.date.fromisoformat(str(case.data[docket.session_field])[:10])
                    _, session_note, session_kind = session_of(anchor_name, planned)
            if anchor_date is None:
                found.append(
                    _new(
                        Deadline,
                        (
                            rule.name,
                            rule.label,
                            None,
                            "met" if met_at else "pending",
                            now,
                            rule,
                            cal,
                            False,
                            False,
                            started,
                            None,
                            met_at,
                            None,
                            0,
                            False,
                            None,
                            compiled.anchor_label,
                            None,
                            None,
                            None,
                            (evaluator, compiled, case),
                        ),
                    )
                )
                continue
            nominal = cache.end(anchor_date)
            paused_since: dt.date | None = None
            extensions = 0
            if not fixed:
                stop = end if end is not None else limit
                waiting = False
                for index in range(start + 1, stop):
                    event = history[index]
                    dest = event.dest
                    if dest in paused:
                        if not waiting:
                            waiting = True
                            day = local_day(event.at, zone)
                            if day < nominal:
                                paused_since = day
                        continue
                    if waiting and dest in runs:
                        if paused_since is not None:
                            left = span(cal, paused_since, nominal, offset.unit)
                            nominal = apply_offset(cal, local_day(event.at, zone), left)
                        waiting, paused_since = False, None
                    if (
                        ext is not None
                        and event.trigger == ext.trigger
                        and extensions < max_extensions
                    ):
                        extensions += 1
                        granted = ext.by
                        if ext.length_field is not None:
                            length = event.changes.get(ext.length_field)
                            if isinstance(length, int) and 0 < length < ext.by.amount:
                                granted = Offset(amount=length, unit=ext.by.unit)
                        nominal = apply_offset(cal, nominal, granted)
            due = cache.due(nominal)
            if backwards and due < started:
                due = started  # short notice (DeadlineEvaluator._one)
            due_value: dt.date | dt.datetime = due
            if hour_minute is not None:
                due_value = dt.datetime.combine(due, dt.time(*hour_minute), zone)
            late = soon = False
            if met_at is not None:
                status = "met"
                if hour_minute is not None:
                    late = met_at > due_value
                else:
                    late = (
                        met_at.date() if met_at.tzinfo is zone else local_day(met_at, zone)
                    ) > due
            elif paused_since is not None:
                status = "paused"
            else:
                overdue = now > due_value if hour_minute is not None else today > due
                status = "overdue" if overdue else "pending"
                if not overdue and rule.due_soon is not None:
                    soon = span(cal, today, due, rule.due_soon.unit).amount <= rule.due_soon.amount
            found.append(
                _new(
                    Deadline,
                    (
                        rule.name,
                        rule.label,
                        due_value,
                        status,
                        now,
                        rule,
                        cal,
                        soon,
                        late,
                        started,
                        anchor_date,
                        met_at,
                        paused_since,
                        extensions,
                        due.year not in official or anchor_date.year not in official,
                        None,
                        compiled.anchor_label,
                        session_note,
                        session_kind,
                        None,
                        (evaluator, compiled, case),
                    ),
                )
            )
        out.append(tuple(found))
    return out
