"""Invitations: who is asked to a session (giấy mời).

This module owns a session's invitation list (``invitation_list``,
``Invitee``): the citizen of each case on the docket, the agencies and
wards the cases concern (the ``Bindings.concerned`` fields), and the
docket's standing attendees.

It leaves which cases are on the docket to ``docket``, redacting the
citizens' identities to ``redaction``, and the invitation document to
``render.documents``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

from caseflow.case import Case
from caseflow.sessions.bindings import RECEPTION, Bindings, WorkflowLike, docket_of, label_text
from caseflow.sessions.docket import docket_cases
from caseflow.sessions.planning import Session
from caseflow.sessions.redaction import may_read, visible_data

__all__ = ["Invitee", "invitation_list"]


@attrs.frozen(kw_only=True)
class Invitee:
    """One line of a session's invitation list.

    ``kind`` is ``citizen`` (the petitioner of the case in ``cases``;
    ``details`` are their confidential fields, redacted unless the list is
    for a reader), ``concerned`` (an agency or ward concerned by the cases
    in ``cases``) or ``standing`` (an attendee of every session, from the
    docket).
    """

    kind: Literal["citizen", "concerned", "standing"]
    name: str
    cases: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()


def invitation_list(
    wf: WorkflowLike,
    session: Session,
    cases: Iterable[Case],
    *,
    for_role: str | None = None,
    lang: str = "en",
    bindings: Bindings = RECEPTION,
) -> list[Invitee]:
    """Who is invited to ``session``: each docket case's citizen, the agencies and
    wards concerned (``bindings.concerned`` fields), and the docket's standing attendees.

    Citizens come in docket order, then the agencies and wards concerned
    (each once, with every case that names it, in order of first mention),
    then the standing attendees. The citizen's identity is redacted unless
    ``for_role`` reads it (``visible_data``).
    """
    spec = wf.spec
    docket = docket_of(wf)
    fields = {f.name: f for f in spec.fields}
    confidential = [f for f in spec.fields if f.confidential]
    roles = {r.name: r for r in spec.roles}
    citizens: list[Invitee] = []
    concerned: dict[str, list[str]] = {}
    who = "Công dân" if lang == "vi" else "Citizen"
    for case in docket_cases(wf, session, cases):
        shown = visible_data(wf, case, for_role=for_role, lang=lang)
        details = tuple(
            (label_text(f.label, f.name, lang), str(shown[f.name]))
            for f in confidential
            if shown.get(f.name) is not None
        )
        citizens.append(
            Invitee(kind="citizen", name=f"{who} ({case.id})", cases=(case.id,), details=details)
        )
        for name in bindings.concerned:
            field = fields.get(name)
            if field is None or not may_read(field, for_role):
                continue
            value = shown.get(name)
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, str) and item.strip():
                    ids = concerned.setdefault(item.strip(), [])
                    if case.id not in ids:
                        ids.append(case.id)
    standing = [
        Invitee(kind="standing", name=label_text(roles[a].label, a, lang) if a in roles else a)
        for a in docket.attendees
    ]
    return [
        *citizens,
        *(Invitee(kind="concerned", name=n, cases=tuple(ids)) for n, ids in concerned.items()),
        *standing,
    ]
