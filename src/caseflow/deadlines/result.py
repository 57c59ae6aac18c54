"""The ``Deadline``: one rule's answer for one case at one moment, and its statuses.

This module owns what ``wf.deadlines(case, now=...)`` returns: the due date
(a date, or an aware datetime when the rule sets a time), the status (one
of ``STATUSES``), whether it is due soon or was met late, what it counted
from, and the steps of its arithmetic, redone on demand for ``explain``.

Computing a deadline is ``caseflow.deadlines.evaluator``'s; the steps are
``caseflow.deadlines.arithmetic``'s; the words of ``explain`` are
``caseflow.deadlines.explanations``'.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from caseflow.calendars import WorkingCalendar
from caseflow.deadlines.arithmetic import Step
from caseflow.deadlines.explanations import explain_deadline
from caseflow.definition import DeadlineRule, Label

__all__ = ["STATUSES", "Deadline"]

STATUSES = ("pending", "met", "overdue", "paused")


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
    session_kind: str | None = None
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
            return self.due.date()  # built in the workflow's zone: its date is the local day
        return self.due

    def explain(self, lang: str = "en") -> str:
        """How the due date was reached, step by step, with the rule's source.

        ``lang`` is ``"en"`` or ``"vi"``.
        """
        return explain_deadline(self, lang)

    def __str__(self) -> str:
        return self.explain()
