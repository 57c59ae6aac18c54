"""The deadlines package: a workflow's deadline rules on a case (moved, being carved)."""

from caseflow.deadlines.evaluator import (
    STATUSES,
    Deadline,
    DeadlineEvaluator,
    Step,
    apply_offset,
    replay_steps,
    roll,
)

__all__ = [
    "STATUSES",
    "Deadline",
    "DeadlineEvaluator",
    "Step",
    "apply_offset",
    "replay_steps",
    "roll",
]
