"""Deadlines: evaluate a workflow's deadline rules on a case, and explain them.

This module owns what a ``DeadlineRule`` *means* for a case at a given
moment: when its clock started, what it counts from, the due date (with
variants, extensions, pauses and day-off rolls applied in the order they
happened), its status, and an explanation a clerk can check by hand. It is
pure: the same case, rules, calendar and ``now`` give the same answer. The
working-day arithmetic is the calendar's; reading rules from YAML is the
loader's; refusing an extension beyond its limit is the engine's.

A clock runs while the case is in one of the rule's ``runs_in`` states. It
starts when the case enters that set from outside it; it stops (the
deadline is *met*) when the case moves to a state outside ``runs_in`` and
``paused_in``, or when one of the rule's ``met_by`` triggers fires; in a
``paused_in`` state it waits, and when the case comes back the time that
was left is given back, counted in the rule's own unit.
If the case later enters ``runs_in`` again, a new clock starts and is the
one reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import attrs
from dateutil.relativedelta import relativedelta

from caseflow.calendars import DayOff, WorkingCalendar
from caseflow.case import Case
from caseflow.conditions import Check, GuardContext, RegisteredGuard, compile_condition
from caseflow.definition import DeadlineRule, Guard, Label, Offset, WorkflowSpec

__all__ = [
    "STATUSES",
    "Deadline",
    "DeadlineEvaluator",
    "Step",
    "apply_offset",
    "replay_steps",
    "roll",
]

STATUSES = ("pending", "met", "overdue", "paused")

_WEEKDAYS_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_UNITS_VI = {
    "days": "ngày",
    "working_days": "ngày làm việc",
    "weeks": "tuần",
    "months": "tháng",
}


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
    ``"extension"`` (the due date ``start`` extended by ``offset``) or
    ``"resume"`` (the clock resumed on ``start`` with ``offset`` left).
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
        else:
            assert step.offset is not None
            got = apply_offset(cal, step.start, step.offset)
        if got != step.result:
            raise AssertionError(
                f"{step.kind} step from {step.start} gives {got}, not {step.result}"
            )
        result = got
    return result


class Deadline(NamedTuple):
    """A deadline of one case at one moment: when it is due, and where it stands.

    ``due`` is a date, or an aware datetime when the rule sets a time; it is
    None while what the deadline counts from is not known yet (a date field
    not filled in). ``status`` is one of ``pending``, ``met``, ``overdue``,
    ``paused``; ``late`` says a met deadline was met after it was due;
    ``soon`` that a pending one is within the rule's ``due_soon``. (A named
    tuple, like ``Event``: evaluating 100,000 cases builds hundreds of
    thousands of these, and a frozen attrs class cost three times as much.)
    """

    name: str
    label: Label | None
    due: dt.date | dt.datetime | None
    status: str
    now: dt.datetime
    rule: DeadlineRule
    calendar: WorkingCalendar
    soon: bool = False
    late: bool = False
    started: dt.date | None = None
    anchor_date: dt.date | None = None
    met_at: dt.datetime | None = None
    paused_since: dt.date | None = None
    extensions: int = 0
    provisional: bool = False
    variant_source: str | None = None
    anchor_label: Label | None = None
    session_note: str | None = None
    recorded: tuple[Step, ...] | None = None
    origin: Any = None

    def __repr__(self) -> str:
        return (
            f"Deadline(name={self.name!r}, due={self.due!r}, status={self.status!r}, "
            f"soon={self.soon}, late={self.late}, extensions={self.extensions})"
        )

    @property
    def steps(self) -> tuple[Step, ...]:
        """The arithmetic behind ``due``, step by step (redone when first asked for)."""
        if self.recorded is not None:
            return self.recorded
        if self.origin is None or self.due is None:
            return ()
        evaluator, compiled, case = self.origin
        again = evaluator._one(compiled, case, self.now, record=True)
        return again.recorded if again is not None and again.recorded is not None else ()

    @property
    def due_date(self) -> dt.date | None:
        """The due day (the date part when ``due`` has a time)."""
        if isinstance(self.due, dt.datetime):
            return self.due.date()
        return self.due

    def explain(self, lang: str = "en") -> str:
        """How the due date was reached, step by step, with the rule's source.

        ``lang`` is ``"en"`` or ``"vi"``.
        """
        return _explain(self, lang)

    def __str__(self) -> str:
        return self.explain()


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
        self._sessions: dict[tuple[str, dt.date], tuple[dt.date, str | None]] = {}
        guards: dict[str, Guard] = {g.name: g for g in spec.guards}
        labels = {s.name: s.label for s in spec.states}
        self._rules = [
            _Compiled(
                rule,
                [compile_condition(v.when, guards, registered or {}) for v in rule.variants],
                labels.get(rule.anchor.name) if rule.anchor.kind == "entered" else None,
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
        if at.tzinfo is self.zone:
            day: dt.date = at.date()
            return day
        return at.astimezone(self.zone).date()

    def _one(
        self, compiled: _Compiled, case: Case, now: dt.datetime, *, record: bool = False
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
        for index, event in enumerate(history):
            if event.at > now:
                break
            dest = event.dest
            if (by_state or by_event) and (anchored is None or not first):
                if by_state:
                    if dest == anchor.name and event.source != dest:
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
        variant = compiled.variant(case, now)
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
        session_note = None
        if rule.anchor.kind == "session" and anchor_date is not None and self.spec.docket:
            planned = dt.date.fromisoformat(str(case.data[self.spec.docket.session_field])[:10])
            session_note = self._session(rule.anchor.name, planned)[1]
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

        def settle(day: dt.date) -> dt.date:
            if calendar_unit and policy != "keep" and not cal.is_working_day(day):
                rolled = roll(cal, day, policy)
                if steps is not None:
                    steps.append(Step(kind="roll", start=day, result=rolled, policy=policy))
                return rolled
            return day

        due = apply_offset(cal, anchor_date, offset)
        if steps is not None:
            steps.append(Step(kind="offset", start=anchor_date, result=due, offset=offset))
        due = settle(due)

        # Pauses and extensions, in the order they happened.
        stop = end if end is not None else len(history)
        paused_since: dt.date | None = None
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
                if paused_since is None:
                    paused_since = self._day(event.at)
                continue
            if paused_since is not None and dest in runs:
                resumed = self._day(event.at)
                left = _span(cal, paused_since, due, offset.unit)
                due = apply_offset(cal, resumed, left)
                if steps is not None:
                    steps.append(
                        Step(kind="resume", start=resumed, result=due, offset=left, at=paused_since)
                    )
                due = settle(due)
                paused_since = None
            if ext is not None and event.trigger == ext.trigger and extensions < max_extensions:
                extensions += 1
                extended = apply_offset(cal, due, ext.by)
                if steps is not None:
                    steps.append(
                        Step(
                            kind="extension",
                            start=due,
                            result=extended,
                            offset=ext.by,
                            at=self._day(event.at),
                        )
                    )
                due = settle(extended)

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
            soon = _span(cal, today, due, rule.due_soon.unit).amount <= rule.due_soon.amount
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

    def _session(self, schedule_name: str, planned: dt.date) -> tuple[dt.date, str | None]:
        """When the session planned for ``planned`` is held, and why it moved."""
        key = (schedule_name, planned)
        found = self._sessions.get(key)
        if found is None:
            from caseflow.recurrence import occurrences

            schedule = next((s for s in self.spec.schedules if s.name == schedule_name), None)
            found = (planned, None)
            if schedule is not None:
                for occ in occurrences(schedule, self.calendar, planned, planned):
                    if occ.nominal == planned and occ.takes_place:
                        found = (occ.date, occ.reason if occ.date != planned else None)
            self._sessions[key] = found
        return found

    def _anchor(self, rule: DeadlineRule, case: Case, now: dt.datetime) -> dt.date | None:
        anchor = rule.anchor
        if anchor.kind == "session":
            docket = self.spec.docket
            value = case.data.get(docket.session_field) if docket is not None else None
            if not isinstance(value, str):
                return None
            held, _ = self._session(anchor.name, dt.date.fromisoformat(value[:10]))
            return held
        if anchor.kind == "field":
            value = case.data.get(anchor.name)
            if value is None:
                return None
            if isinstance(value, str):
                if "T" in value:
                    return self._day(dt.datetime.fromisoformat(value))
                return dt.date.fromisoformat(value)
            return None
        found = None
        for event in case.history:
            if event.at > now:
                break
            hit = (
                event.dest == anchor.name
                if anchor.kind == "entered"
                else (event.trigger == anchor.name)
            )
            if anchor.kind == "entered" and hit and event.source == event.dest:
                hit = False  # staying in a state is not entering it
            if hit:
                found = event.at
                if anchor.occurrence == "first":
                    break
        return self._day(found) if found is not None else None


@attrs.define
class _Compiled:
    rule: DeadlineRule
    checks: list[Check]
    anchor_label: Label | None
    runs: frozenset[str] = attrs.field(init=False)
    paused: frozenset[str] = attrs.field(init=False)
    met_by: frozenset[str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.runs = frozenset(self.rule.runs_in)
        self.paused = frozenset(self.rule.paused_in)
        self.met_by = frozenset(self.rule.met_by)

    def variant(self, case: Case, now: dt.datetime) -> Any:
        if not self.checks:
            return None
        ctx = GuardContext(case=case, trigger="", at=now, actor=None, role=None, data=case.data)
        for variant, check in zip(self.rule.variants, self.checks, strict=True):
            if check(ctx):
                return variant
        return None


def _span(cal: WorkingCalendar, start: dt.date, end: dt.date, unit: str) -> Offset:
    """The time from ``start`` to ``end`` in ``unit`` (months count as days)."""
    if unit == "working_days":
        n = cal.working_days_between(start, end)
        return Offset(amount=abs(n), unit="working_days", direction=1 if n >= 0 else -1)
    n = (end - start).days
    return Offset(amount=abs(n), unit="days", direction=1 if n >= 0 else -1)


# --- explanations --------------------------------------------------------------


def _d(day: dt.date, lang: str) -> str:
    if lang == "vi":
        return f"{_WEEKDAYS_VI[day.weekday()]} {day:%d/%m/%Y}"
    return f"{day:%a} {day.isoformat()}"


def _offset_words(offset: Offset, lang: str) -> str:
    if lang == "vi":
        return f"{offset.amount} {_UNITS_VI[offset.unit]}"
    unit = offset.unit.replace("_", " ")
    return f"{offset.amount} {unit[:-1] if offset.amount == 1 else unit}"


def _runs(days: Iterable[DayOff], lang: str) -> list[str]:
    """Consecutive days off with one name, as 'dd/mm-dd/mm name'."""
    runs: list[tuple[dt.date, dt.date, str]] = []
    for day in days:
        if day.kind == "weekend":
            name = "nghỉ cuối tuần" if lang == "vi" else "weekend"
        else:
            name = (day.name_vi if lang == "vi" else day.name_en) or day.name_en or day.name_vi
            name = name or day.kind
        if runs and runs[-1][2] == name and (day.date - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day.date, name)
        else:
            runs.append((day.date, day.date, name))
    out = []
    for first, last, name in runs:
        span = f"{first:%d/%m}" if first == last else f"{first:%d/%m}-{last:%d/%m}"
        out.append(f"{span} {name}")
    return out


def _anchor_words(deadline: Deadline, lang: str) -> str:
    anchor = deadline.rule.anchor
    assert deadline.anchor_date is not None
    when = _d(deadline.anchor_date, lang)
    if anchor.kind == "field":
        return (
            f"trường '{anchor.name}' ({when})"
            if lang == "vi"
            else f"field '{anchor.name}' ({when})"
        )
    if anchor.kind == "event":
        return f"'{anchor.name}' ngày {when}" if lang == "vi" else f"'{anchor.name}' on {when}"
    if anchor.kind == "session":
        note = ""
        if deadline.session_note:
            note = f" ({deadline.session_note})"
        if lang == "vi":
            return f"phiên tiếp '{anchor.name}' ngày {when}{note}"
        return f"the '{anchor.name}' session on {when}{note}"
    shown = deadline.anchor_label.get(lang) if deadline.anchor_label else anchor.name
    if lang == "vi":
        return f"khi vào bước '{shown}' ngày {when}"
    return f"entering '{shown}' on {when}"


def _explain(deadline: Deadline, lang: str) -> str:
    vi = lang == "vi"
    rule = deadline.rule
    cal = deadline.calendar
    name = deadline.label.get(lang) if deadline.label else deadline.name
    if deadline.due is None:
        what = str(rule.anchor)
        if vi:
            return f"{name}: chưa tính được hạn, vì chưa có {what}; căn cứ: {rule.source}."
        return f"{name}: no due date yet, because {what} is not known; basis: {rule.source}."
    due = deadline.due_date
    assert due is not None
    parts: list[str] = []
    for step in deadline.steps:
        assert step.offset is not None or step.kind == "roll"
        if step.kind == "offset":
            assert step.offset is not None
            rel = (
                ("trước" if step.offset.direction < 0 else "sau")
                if vi
                else ("before" if step.offset.direction < 0 else "after")
            )
            if vi:
                text = f"{_offset_words(step.offset, lang)} {rel} {_anchor_words(deadline, lang)}"
            else:
                text = f"{_offset_words(step.offset, lang)} {rel} {_anchor_words(deadline, lang)}"
            text += f" → {_d(step.result, lang)}"
            if step.offset.unit == "working_days":
                lo, hi = sorted((step.start, step.result))
                skipped = _runs(cal.days_off(lo + dt.timedelta(days=1), hi), lang)
                if skipped:
                    text += ("; bỏ qua ngày nghỉ: " if vi else "; days off skipped: ") + ", ".join(
                        skipped
                    )
            parts.append(text)
        elif step.kind == "roll":
            info = cal.day_info(step.start)
            reason = info.name_vi if vi else info.name_en
            reason = reason or info.kind
            if vi:
                where = "sau" if step.policy == "next_working_day" else "trước"
                parts.append(
                    f"{_d(step.start, lang)} là ngày nghỉ ({reason}), chuyển sang ngày làm việc "
                    f"liền {where}: {_d(step.result, lang)}"
                )
            else:
                where = "next" if step.policy == "next_working_day" else "previous"
                parts.append(
                    f"{_d(step.start, lang)} is a day off ({reason}), so the {where} working day: "
                    f"{_d(step.result, lang)}"
                )
        elif step.kind == "extension":
            assert step.offset is not None
            assert step.at is not None
            source = rule.extension.source if rule.extension else None
            basis = f" ({source})" if source else ""
            if vi:
                parts.append(
                    f"gia hạn ngày {_d(step.at, lang)} thêm {_offset_words(step.offset, lang)}"
                    f"{basis} → {_d(step.result, lang)}"
                )
            else:
                parts.append(
                    f"extended on {_d(step.at, lang)} by {_offset_words(step.offset, lang)}"
                    f"{basis} → {_d(step.result, lang)}"
                )
        else:  # resume
            assert step.offset is not None
            assert step.at is not None
            left = _offset_words(step.offset, lang)
            if step.offset.direction < 0:
                left = "-" + left
            if vi:
                parts.append(
                    f"tạm dừng từ {_d(step.at, lang)}, tiếp tục ngày {_d(step.start, lang)} "
                    f"với {left} còn lại → {_d(step.result, lang)}"
                )
            else:
                parts.append(
                    f"paused from {_d(step.at, lang)}, resumed on {_d(step.start, lang)} with "
                    f"{left} left → {_d(step.result, lang)}"
                )
    if deadline.paused_since is not None:
        parts.append(
            f"tạm dừng từ {_d(deadline.paused_since, lang)}"
            if vi
            else f"paused since {_d(deadline.paused_since, lang)}"
        )
    basis = rule.source
    if deadline.variant_source:
        basis = f"{deadline.variant_source}; {basis}"
    status = _status_words(deadline, lang)
    head = f"{name}: {'hạn' if vi else 'due'} {_d(due, lang)}"
    if isinstance(deadline.due, dt.datetime):
        head += f" {deadline.due:%H:%M}"
    text = f"{head} ({status}): " + "; ".join(parts) + "."
    text += f" {'Căn cứ' if vi else 'Basis'}: {basis}."
    if deadline.provisional:
        text += (
            " Tạm tính: năm này chưa có lịch nghỉ chính thức."
            if vi
            else " Provisional: no official holiday schedule for that year yet."
        )
    return text


def _status_words(deadline: Deadline, lang: str) -> str:
    vi = lang == "vi"
    if deadline.status == "met":
        assert deadline.met_at is not None
        day = deadline.met_at.date()
        if vi:
            return (
                f"{'đã xong, trễ hạn' if deadline.late else 'đã xong đúng hạn'} ngày {day:%d/%m/%Y}"
            )
        return f"met{' late' if deadline.late else ''} on {day.isoformat()}"
    words = {
        "pending": ("còn hạn", "pending"),
        "overdue": ("quá hạn", "overdue"),
        "paused": ("tạm dừng", "paused"),
    }[deadline.status]
    text = words[0] if vi else words[1]
    if deadline.soon:
        text += ", sắp đến hạn" if vi else ", due soon"
    return text
