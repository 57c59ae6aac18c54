"""The figures of a periodic report (báo cáo định kỳ), from the cases' histories.

This module owns counting a period (``summarise``, ``PeriodSummary``):
cases received and by kind, the steps they reached, the outcomes given,
where every case stands at the end, how deadlines fared (``Timeliness``),
the month-by-month roll-up (``MonthRow``) and the cases heard per session.

It leaves the period itself to ``periods``, the sessions held to
``planning``, deadline statuses to the deadline evaluator (through
``wf.deadlines``), and the report document to ``render.documents``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from caseflow.case import Case
from caseflow.sessions.bindings import RECEPTION, Bindings, WorkflowLike, check_cases
from caseflow.sessions.periods import Period
from caseflow.sessions.planning import Session, on_session, plan_sessions
from caseflow.times import local_day, local_time, zone

__all__ = ["MonthRow", "PeriodSummary", "Timeliness", "summarise"]


@attrs.frozen(kw_only=True)
class Timeliness:
    """How deadlines fared: met on time or late in the period, overdue or running at its end."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    running: int = 0

    def __add__(self, other: Timeliness) -> Timeliness:
        return Timeliness(
            on_time=self.on_time + other.on_time,
            late=self.late + other.late,
            overdue=self.overdue + other.overdue,
            running=self.running + other.running,
        )


@attrs.frozen(kw_only=True)
class MonthRow:
    """One month of a roll-up: cases received, heard, concluded and closed."""

    period: Period
    received: int
    heard: int
    concluded: int
    closed: int


@attrs.frozen(kw_only=True)
class PeriodSummary:
    """The figures of a periodic report, as of ``as_of`` (the period's end, or earlier).

    ``received`` and ``by_kind`` count cases opened in the period;
    ``reached`` the cases that entered each state in the period;
    ``outcomes`` the conclusions given in the period (and ``continued``
    reviews); ``standing`` where every case opened by ``as_of`` stands then.
    ``timeliness`` counts deadlines met in the period (on time or late), and
    those overdue or still running at ``as_of``; ``by_rule`` the same per
    deadline rule. ``months`` is the month-by-month roll-up.
    """

    period: Period
    as_of: dt.datetime
    received: int
    by_kind: tuple[tuple[str, int], ...]
    reached: tuple[tuple[str, int], ...]
    outcomes: tuple[tuple[str, int], ...]
    standing: tuple[tuple[str, int], ...]
    timeliness: Timeliness
    by_rule: tuple[tuple[str, Timeliness], ...]
    months: tuple[MonthRow, ...]
    sessions: tuple[tuple[Session, int], ...]


def _in(at: dt.datetime, tz: dt.tzinfo, first: dt.date, last: dt.date) -> bool:
    return first <= local_day(at, tz) <= last


def summarise(
    wf: WorkflowLike,
    cases: Iterable[Case],
    period: Period | str,
    *,
    now: Any,
    sessions: Sequence[Session] = (),
    bindings: Bindings = RECEPTION,
) -> PeriodSummary:
    """The figures of the report on ``period``, counted from the cases' histories.

    Only what had happened by ``as_of`` (the end of the period's last day, or
    ``now`` if earlier) is counted, so a report on a past month is the same
    whenever it is drawn. ``sessions`` adds ad-hoc sessions to the planned
    ones (the docket's schedule) for the count of cases heard per session.
    """
    chosen = Period.parse(period)
    spec = wf.spec
    tz = zone(spec.timezone)
    first, last = chosen.start, chosen.end
    end = dt.datetime.combine(last, dt.time(23, 59, 59), tz)
    # In the workflow's zone, so that the report is dated by its local day.
    as_of = min(local_time(now, tz, what="now"), end)
    items = list(cases)
    check_cases(items)
    finals = frozenset(s.name for s in spec.states if s.final)
    states = [s.name for s in spec.states]

    received = 0
    kinds: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    standing: Counter[str] = Counter()
    per_rule: dict[str, Timeliness] = {r.name: Timeliness() for r in spec.deadlines}
    rows = {m.number: [0, 0, 0, 0] for m in chosen.month_periods()}

    for case in items:
        history = [e for e in case.history if e.at <= as_of]
        if not history:
            continue
        standing[history[-1].dest] += 1
        opened = history[0].at
        if _in(opened, tz, first, last):
            received += 1
            kinds[str(case.data.get(bindings.kind, "?"))] += 1
            rows[local_day(opened, tz).month][0] += 1
        entered: set[str] = set()
        for event in history[1:]:
            if not _in(event.at, tz, first, last) or event.source == event.dest:
                continue
            month = local_day(event.at, tz).month
            if event.dest not in entered:
                entered.add(event.dest)
                reached[event.dest] += 1
            if event.dest == bindings.heard:
                rows[month][1] += 1
            if event.trigger == bindings.conclude:
                rows[month][2] += 1
                value = event.changes.get(bindings.outcome, case.data.get(bindings.outcome))
                outcomes[str(value) if value is not None else "?"] += 1
            if event.trigger == bindings.continue_review:
                outcomes["continued"] += 1
            if event.dest in finals:
                rows[month][3] += 1
        for deadline in wf.deadlines(case, now=as_of):
            if deadline.due is None:
                continue
            counts = Timeliness()
            if deadline.status == "met":
                assert deadline.met_at is not None
                if _in(deadline.met_at, tz, first, last):
                    counts = Timeliness(late=1) if deadline.late else Timeliness(on_time=1)
            elif deadline.status == "overdue":
                counts = Timeliness(overdue=1)
            else:
                counts = Timeliness(running=1)
            per_rule[deadline.name] = per_rule.get(deadline.name, Timeliness()) + counts

    total = Timeliness()
    for counts in per_rule.values():
        total = total + counts
    planned: list[Session] = []
    docket = spec.docket
    if docket is not None:
        planned = [
            s
            for s in plan_sessions(wf, start=first, end=last, schedule=docket.schedule)
            if s.takes_place
        ]
    held = sorted(
        [*planned, *(s for s in sessions if first <= s.date <= last)],
        key=lambda s: (s.date, s.kind),
    )
    heard_at: list[tuple[Session, int]] = []
    if docket is not None:
        for session in held:
            count = sum(
                1
                for c in items
                if on_session(c.data.get(docket.session_field), session, tz=tz)
                and any(e.dest == bindings.heard and e.at <= as_of for e in c.history)
            )
            heard_at.append((session, count))
    order = {name: i for i, name in enumerate(states)}
    return PeriodSummary(
        period=chosen,
        as_of=as_of,
        received=received,
        by_kind=tuple(sorted(kinds.items())),
        reached=tuple(sorted(reached.items(), key=lambda kv: order.get(kv[0], len(order)))),
        outcomes=tuple(sorted(outcomes.items())),
        standing=tuple(sorted(standing.items(), key=lambda kv: order.get(kv[0], len(order)))),
        timeliness=total,
        by_rule=tuple(per_rule.items()),
        months=tuple(
            MonthRow(
                period=Period("month", chosen.year, m),
                received=r[0],
                heard=r[1],
                concluded=r[2],
                closed=r[3],
            )
            for m, r in rows.items()
        ),
        sessions=tuple(heard_at),
    )
