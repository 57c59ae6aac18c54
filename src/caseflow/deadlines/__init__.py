"""Deadlines: a workflow's deadline rules evaluated on a case, and explained.

This package owns legal time: what a ``DeadlineRule`` from the definition
means for a case at a given moment (when its clock runs, what it counts
from, the due date with variants, extensions, pauses and day-off rolls, and
its status), and an explanation of every due date a clerk can check by
hand, in Vietnamese or English. Deadlines are computed, never stored. Its
modules, in the order data flows through them:

- ``arithmetic``: moving a date by an offset, rolling off days off, the ``Step`` record
- ``explanations``: a due date's steps, status and legal basis in words (vi, en)
- ``result``: ``Deadline``, one rule's answer for a case at a moment, and ``STATUSES``
- ``evaluator``: ``DeadlineEvaluator``, the rules of one workflow walked over a history

Layer 5: it imports ``caseflow.definition``, ``caseflow.case``,
``caseflow.conditions`` (variant conditions), ``caseflow.calendars``
(working days) and ``caseflow.recurrence`` (the session a deadline counts
from); nothing above it. Reading deadline rules from
YAML is ``caseflow.loading``'s; refusing an extension past its limit is
``caseflow.engine``'s.
"""

from caseflow.deadlines.arithmetic import Step, apply_offset, replay_steps, roll
from caseflow.deadlines.evaluator import DeadlineEvaluator
from caseflow.deadlines.result import STATUSES, Deadline

__all__ = [
    "STATUSES",
    "Deadline",
    "DeadlineEvaluator",
    "Step",
    "apply_offset",
    "replay_steps",
    "roll",
]
