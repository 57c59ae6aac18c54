"""What the session functions read from a workflow, and under which names.

This module owns the view the sessions package has of a workflow:
``WorkflowLike`` (the protocol ``caseflow.Workflow`` satisfies, so that
sessions never import ``workflow``, a layer above), the ``docket:`` section
looked up once with its error (``docket_of``), and ``Bindings``, the names
of the case fields and triggers the session functions read beyond
``docket:`` (the petition's kind, the outcome, the agency a case is
directed to...). The default, ``RECEPTION``, names those of the shipped
``citizen_reception`` workflow; a field the workflow does not declare is
simply absent from documents. It also checks the cases a caller passes in
(``check_cases``).

What is done with a workflow is left to the other modules of the package:
planning sessions (``planning``), ranking and selecting the docket
(``ranking``, ``docket``), redaction (``redaction``), invitations,
conclusions and reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Protocol

import attrs

from caseflow.calendars import WorkingCalendar
from caseflow.case import Case
from caseflow.deadlines import Deadline
from caseflow.definition import Docket, Label, WorkflowSpec
from caseflow.errors import InputError
from caseflow.i18n import _

__all__ = ["RECEPTION", "Bindings", "WorkflowLike", "check_cases", "docket_of", "label_text"]


class WorkflowLike(Protocol):
    """What the session functions need from a workflow (``caseflow.Workflow`` has it)."""

    @property
    def spec(self) -> WorkflowSpec: ...

    @property
    def calendar(self) -> WorkingCalendar: ...

    def fire(
        self,
        case: Case,
        trigger: str,
        *,
        at: Any,
        actor: str | None = ...,
        role: str | None = ...,
        note: str | None = ...,
        data: Mapping[str, Any] | None = ...,
    ) -> Case: ...

    def deadlines(
        self, case: Case, *, now: Any, calendar: WorkingCalendar | None = ...
    ) -> tuple[Deadline, ...]: ...

    def label(self, state: str, lang: str = ...) -> str: ...


@attrs.frozen(kw_only=True)
class Bindings:
    """Which case fields and triggers the session functions use, beyond ``docket:``.

    The defaults are the names of the shipped ``citizen_reception`` workflow.
    ``concerned`` lists the fields naming the agencies and wards concerned
    (text, or a list of texts), who are invited with the citizen.
    ``agency_due`` is the date field holding the due date given to an agency
    a case is directed to.
    """

    kind: str = "kind"
    summary: str = "summary"
    outcome: str = "outcome"
    conclusion: str = "conclusion"
    agency: str = "competent_body"
    agency_due: str = "agency_due_on"
    session_kind: str = "session_kind"
    invitation_sent: str = "invitation_sent_on"
    concerned: tuple[str, ...] = ("ward", "competent_body")
    conclude: str = "conclude"
    continue_review: str = "continue_review"
    heard: str = "heard"
    concluded: str = "concluded"


RECEPTION: Final = Bindings()
"""The bindings of the shipped citizen-reception workflow."""


def docket_of(wf: WorkflowLike) -> Docket:
    """The workflow's ``docket:`` section; ``InputError`` if it declares none."""
    docket = wf.spec.docket
    if docket is None:
        raise InputError(
            _(
                "workflow {name!r} declares no docket (a 'docket:' section "
                "naming the schedule, the eligible states, the select "
                "trigger and the session field)"
            ).format(name=wf.spec.name)
        )
    return docket


def check_cases(cases: Sequence[Case]) -> None:
    """Refuse anything but ``Case`` objects, and a case given twice."""
    seen: set[str] = set()
    for case in cases:
        if not isinstance(case, Case):
            raise InputError(
                _("expected Case objects, not {kind}").format(kind=type(case).__name__)
            )
        if case.id in seen:
            raise InputError(_("case {id!r} is given twice").format(id=case.id))
        seen.add(case.id)


def label_text(label: Label | None, fallback: str, lang: str) -> str:
    """A declared thing's label in ``lang``, or its name when it has none."""
    return label.get(lang) if label is not None else fallback
