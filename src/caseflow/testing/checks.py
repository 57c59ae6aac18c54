"""The invariants ``caseflow verify`` checks: their names, their sentences, how they fail.

This module owns the registry of checks (``CHECKS``: a name, the one
sentence an analyst reads, and what it is run on) and ``Violation``, the
failure every check function raises: an ``AssertionError`` (so pytest
shows it as a failed assertion) that names the check and says what was
expected, what happened, and which case(s) show it. The check functions
themselves live beside what they check: ``deadline_checks``,
``record_checks``, ``structure`` and ``docket_checks``.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from caseflow.case import Case
from caseflow.i18n import N_, _

__all__ = ["CHECKS", "DEFAULT_EXAMPLES", "Check", "Violation", "check_named"]

#: Generated histories (and sets of data) per check, by default: enough for the
#: shipped workflows to verify in under a minute of one core (docs/verify.md).
DEFAULT_EXAMPLES = 40


@attrs.frozen
class Check:
    """One invariant: its name (for ``--only``), its sentence, and what it runs on.

    ``scope`` is ``"step"`` (after every step of a generated history),
    ``"cases"`` (on a set of generated cases), ``"structure"`` (on the
    workflow's graph under generated data) or ``"docket"``.
    """

    name: str
    sentence: str
    scope: str

    def explain(self) -> str:
        """The sentence in the current language (``caseflow.i18n.language``)."""
        return _(self.sentence)


CHECKS: tuple[Check, ...] = (
    Check(
        "due-on-working-day",
        N_("A due date counted in working days, or rolled off a day off, falls on a working day."),
        "step",
    ),
    Check(
        "due-not-before-anchor",
        N_("A deadline counted after its anchor is never due before the anchor's day."),
        "step",
    ),
    Check(
        "due-grows-with-offset",
        N_("A longer period never gives an earlier due date."),
        "step",
    ),
    Check(
        "due-moves-only-by-pause-extension-session",
        N_(
            "A due date moves only when the case is suspended or resumed, the deadline is "
            "extended, or data it reads (its anchor field, its variants, the session) change."
        ),
        "step",
    ),
    Check(
        "pause-not-counted",
        N_(
            "Time spent suspended is not counted, and resuming gives back exactly what was "
            "left, as a day-by-day count of the law's model gives it."
        ),
        "step",
    ),
    Check(
        "explanation-adds-up",
        N_(
            "Every deadline's explanation, redone step by step from the dates it states, "
            "gives its due date."
        ),
        "step",
    ),
    Check(
        "replay-equals-live",
        N_("Replaying a case's history gives the same state, data and history as the live case."),
        "step",
    ),
    Check(
        "confidential-not-shown",
        N_(
            "No confidential value appears in an explanation, a refusal, a repr, an export or a "
            "paper (brief, docket, invitations, conclusion notice) for a role that may not read "
            "it."
        ),
        "step",
    ),
    Check(
        "export-import-export",
        N_("Exporting cases, importing the export and exporting again gives the same text."),
        "cases",
    ),
    Check(
        "store-round-trip",
        N_("Cases saved to SQLite load back with the same state, data, history and deadlines."),
        "cases",
    ),
    Check(
        "state-reachable",
        N_("Every state can be reached from the initial state for some data."),
        "structure",
    ),
    Check(
        "way-out",
        N_("Every non-final state a case can reach has a trigger allowed for the data it has."),
        "structure",
    ),
    Check(
        "trigger-possible",
        N_("Every transition is allowed for some data in a state a case can reach."),
        "structure",
    ),
    Check(
        "pause-resumes",
        N_("A case suspended on a deadline's clock can resume it for some data."),
        "structure",
    ),
    Check(
        "deadline-meetable",
        N_("Every deadline can be met before it falls due on some path."),
        "structure",
    ),
    Check(
        "docket-capacity-and-rank",
        N_(
            "A session's docket never holds more cases than its capacity, and no case is left "
            "off while a case of a lower priority is selected."
        ),
        "docket",
    ),
)
"""Every check, in the order ``caseflow verify`` reports them."""

_BY_NAME = {check.name: check for check in CHECKS}


def check_named(name: str) -> Check:
    """The check called ``name``; ``KeyError`` when there is none."""
    return _BY_NAME[name]


class Violation(AssertionError):
    """An invariant does not hold: which, what was expected, what happened, on which cases.

    ``cases`` are the cases that show it (their histories are the
    counterexample, in the export's JSON Lines form); ``deadline`` and
    ``state`` name what the failure is about when it is about one.
    """

    def __init__(
        self,
        check: str,
        *,
        expected: str,
        happened: str,
        cases: Sequence[Case] = (),
    ) -> None:
        self.check = check
        self.expected = expected
        self.happened = happened
        self.cases = tuple(cases)
        super().__init__(
            _("{check}: expected {expected}; happened: {happened}").format(
                check=check, expected=expected, happened=happened
            )
        )

    @property
    def sentence(self) -> str:
        """The invariant's sentence, in the current language."""
        return check_named(self.check).explain()
