"""The session papers a non-reader is given, for the confidentiality check.

This module owns gathering, for one case, every document of the render
layer that a case reaches besides its brief: the docket of the next
session (a dry run, nothing is fired), and the invitation list and the
conclusion notice of the session it is booked on, each in both languages,
in Markdown and HTML, made for no role (``for_role=None``: the public
copy). ``record_checks.check_confidential_not_shown`` searches them for
confidential values; the check itself is its.

A docket is made only for a workflow with a ``docket:``; a workflow
whose session papers cannot be made from its fields (no session field
value, a schedule with no session ahead) gives fewer papers, not an
error: the check is about what is shown, not about what can be made.
"""

from __future__ import annotations

from typing import Any

from caseflow.case import Case
from caseflow.errors import CaseflowError
from caseflow.i18n import _
from caseflow.render.documents import conclusion_notice, docket_document, invitation_document
from caseflow.render.documents.templating import Document
from caseflow.sessions import next_session, select_docket, session_of
from caseflow.workflow import Workflow

__all__ = ["session_papers"]

Text = tuple[str, str, frozenset[str]]


def _documents(
    wf: Workflow, case: Case, now: Any, lang: str
) -> list[tuple[Document, frozenset[str]]]:
    """The docket, invitations and notice the case is on, each with the date fields it quotes."""
    docket = wf.spec.docket
    assert docket is not None
    # The docket quotes each case's order date ("registered on ..."): a date
    # field it may be about. The other papers quote no date field of a case.
    order = frozenset({docket.order_field}) if docket.order_field else frozenset()
    out: list[tuple[Document, frozenset[str]]] = []
    upcoming = next_session(wf, now)
    if upcoming is not None:
        selection = select_docket(wf, upcoming, [case], at=now, dry_run=True)
        out.append((docket_document(wf, selection, [case], now=now, lang=lang), order))
    booked = session_of(wf, case)
    if booked is not None:
        out.append((invitation_document(wf, booked, [case], lang=lang), frozenset()))
        out.append((conclusion_notice(wf, booked, [case], lang=lang), frozenset()))
    return out


def session_papers(wf: Workflow, case: Case, now: Any) -> list[Text]:
    """(where, text, date fields it may be about) for each session paper of ``case``.

    Empty for a workflow without a docket. A paper that cannot be made for
    this case (``CaseflowError``) is left out, in that language only.
    """
    if wf.spec.docket is None:
        return []
    out: list[Text] = []
    for lang in ("vi", "en"):
        try:
            made = _documents(wf, case, now, lang)
        except CaseflowError:
            continue
        for doc, about in made:
            where = _("the paper {name!r} ({lang})").format(name=doc.name, lang=lang)
            out += [(where, doc.markdown, about), (where, doc.html, about)]
    return out
