"""Conclusions: what a session decided on a case, recorded as an event.

This module owns the outcomes a session may give (``OUTCOMES``: directed
to an agency, explained and closed, continued for review) and recording one
(``record_conclusion``): it checks the outcome's arguments and fires the
workflow's conclude or continue-review trigger with the fields named by
``Bindings``.

It leaves the firing, its guards and its refusals to the engine (through
``wf.fire``), the agency's due date as a deadline to the deadline
evaluator, and the conclusion notice to ``render.documents``.
"""

from __future__ import annotations

from typing import Any, Final

from caseflow.case import Case
from caseflow.errors import InputError, did_you_mean
from caseflow.i18n import _
from caseflow.sessions.bindings import RECEPTION, Bindings, WorkflowLike
from caseflow.times import local_day, zone

__all__ = ["OUTCOMES", "record_conclusion"]

OUTCOMES: Final = ("directed_to_agency", "explained", "continued")
"""What a session may conclude on a case: directed to a named agency for
resolution (with its own due date), explained and closed, or continued
(further review before concluding or hearing it again)."""


def record_conclusion(
    wf: WorkflowLike,
    case: Case,
    outcome: str,
    *,
    at: Any,
    conclusion: str | None = None,
    agency: str | None = None,
    agency_due: Any = None,
    actor: str | None = None,
    role: str | None = None,
    bindings: Bindings = RECEPTION,
) -> Case:
    """Record what a session concluded on ``case``, by firing the workflow's trigger.

    ``directed_to_agency`` needs the ``agency`` and its due date
    (``agency_due``, a day after the day of ``at`` in the workflow's zone,
    however ``at`` is written), and fires ``bindings.conclude`` with the
    outcome, the conclusion, the agency and the due date; ``explained``
    fires ``bindings.conclude`` with the outcome and the conclusion (the
    case is closed when it is reported); ``continued`` fires
    ``bindings.continue_review`` (the case is looked into further, then
    concluded or heard again) with the conclusion as the event's note.
    Refusals raise ``TransitionNotAllowed`` and leave the case unchanged.
    """
    if outcome not in OUTCOMES:
        raise InputError(
            _("outcome={outcome!r}{value}; allowed: {value2}").format(
                outcome=outcome,
                value=did_you_mean(str(outcome), OUTCOMES),
                value2=", ".join(OUTCOMES),
            )
        )
    declared = {f.name for f in wf.spec.fields}
    if outcome == "continued":
        return wf.fire(
            case, bindings.continue_review, at=at, actor=actor, role=role, note=conclusion
        )
    data: dict[str, Any] = {bindings.outcome: outcome}
    if conclusion is not None:
        data[bindings.conclusion] = conclusion
    if outcome == "directed_to_agency":
        if not agency or not isinstance(agency, str):
            raise InputError(_("outcome 'directed_to_agency' needs agency= (the agency's name)"))
        if agency_due is None:
            raise InputError(
                _(
                    "outcome 'directed_to_agency' needs agency_due= (the date "
                    "the agency must resolve and report by)"
                )
            )
        tz = zone(wf.spec.timezone)
        due = local_day(agency_due, tz, what="agency_due")
        day = local_day(at, tz, what="at")
        if due <= day:
            raise InputError(
                _("agency_due={due!r} must be after the conclusion ({day})").format(
                    due=due.isoformat(), day=day.isoformat()
                )
            )
        for name in (bindings.agency, bindings.agency_due):
            if name not in declared:
                raise InputError(
                    _(
                        "workflow {name!r} has no field {name2!r} to record the "
                        "agency a case is directed to and its due date; declare it, "
                        "or pass bindings="
                    ).format(name=wf.spec.name, name2=name)
                )
        data[bindings.agency] = agency
        data[bindings.agency_due] = due.isoformat()
    elif agency is not None or agency_due is not None:
        raise InputError(
            _("agency= and agency_due= go with 'directed_to_agency', not {outcome!r}").format(
                outcome=outcome
            )
        )
    return wf.fire(case, bindings.conclude, at=at, actor=actor, role=role, data=data)
