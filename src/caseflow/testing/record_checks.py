"""The record invariants: replay, export and import, the store, and confidentiality.

This module owns checking that a case's record can be trusted: replaying
its history rebuilds it, an export imports back to the same export, a
SQLite store gives back what was saved, and no confidential value shows
where a role that may not read it would see it (explanations, refusals,
reprs, exports, the brief and the session papers). Each function raises
``Violation`` naming its check.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from caseflow.case import Case
from caseflow.errors import CaseflowError
from caseflow.i18n import _
from caseflow.render.documents import case_brief
from caseflow.store import open_store
from caseflow.testing.checks import Violation
from caseflow.testing.deadline_checks import fields_read
from caseflow.testing.papers import session_papers
from caseflow.text import Scrubber
from caseflow.workflow import Workflow

__all__ = [
    "check_confidential_not_shown",
    "check_export_import_export",
    "check_replay_equals_live",
    "check_store_round_trip",
    "export_lines",
]


def check_replay_equals_live(wf: Workflow, case: Case) -> None:
    """Raise ``Violation`` if ``wf.replay`` of the case's history differs from the live case."""
    again = wf.replay(case.id, case.history)
    for what, live, replayed in (
        ("state", case.state, again.state),
        ("data", case.data, again.data),
        ("history", case.history, again.history),
    ):
        if live != replayed:
            raise Violation(
                "replay-equals-live",
                expected=_("the replayed {what} equal to the live one").format(what=what),
                happened=_("they differ ({what})").format(what=what),
                cases=[case],
            )


def export_lines(wf: Workflow, cases: Sequence[Case]) -> str:
    """The JSON Lines export (``caseflow export``'s format, redacted) of ``cases``."""
    with open_store("sqlite:///:memory:", workflows=[wf]) as store:
        for case in cases:
            store.save(_fresh(wf, case))
        out = io.StringIO()
        store.export_jsonl(out)
        return out.getvalue()


def _fresh(wf: Workflow, case: Case) -> Case:
    """The case as a new one, not yet saved anywhere (its ``saved`` count is 0)."""
    return wf.replay(case.id, case.history)


def check_export_import_export(wf: Workflow, cases: Sequence[Case]) -> None:
    """Raise ``Violation`` if export, import, export of ``cases`` does not give the same text."""
    first = export_lines(wf, cases)
    with open_store("sqlite:///:memory:", workflows=[wf]) as store:
        try:
            store.import_jsonl(first.splitlines(), workflows=[wf], accept_redacted=True)
        except CaseflowError as err:
            raise Violation(
                "export-import-export",
                expected=_("the export to import"),
                happened=_("the import refused it: {error}").format(error=err),
                cases=cases,
            ) from None
        out = io.StringIO()
        store.export_jsonl(out)
    if out.getvalue() != first:
        raise Violation(
            "export-import-export",
            expected=_("the second export to be the first, byte for byte"),
            happened=_("they differ"),
            cases=cases,
        )


def _public(values: Any, secret: set[str]) -> Any:
    """``values`` without confidential fields (a store reads them back withheld, by design)."""
    out = {k: v for k, v in values.items() if k not in secret}
    if "changes" in out:
        out["changes"] = _public(out["changes"], secret)
    return out


def check_store_round_trip(wf: Workflow, cases: Sequence[Case], *, now: Any = None) -> None:
    """Raise ``Violation`` if cases saved to SQLite load back different, deadlines included.

    Confidential values are left out of the comparison: a store reads them
    back withheld unless revealed to a reader (``caseflow.Reveal``).
    """
    with open_store("sqlite:///:memory:", workflows=[wf]) as store:
        for case in cases:
            store.save(_fresh(wf, case))
        for case in cases:
            back = store.load(case.id, wf)
            when = case.updated_at if now is None else now
            secret = {f.name for f in wf.spec.fields if f.confidential}
            same = (
                back.state == case.state
                and _public(back.data, secret) == _public(case.data, secret)
                and [_public(e._asdict(), secret) for e in back.history]
                == [_public(e._asdict(), secret) for e in case.history]
                and [(d.name, d.due, d.status) for d in wf.deadlines(back, now=when)]
                == [(d.name, d.due, d.status) for d in wf.deadlines(case, now=when)]
            )
            if not same:
                raise Violation(
                    "store-round-trip",
                    expected=_("case {id!r} to load as it was saved").format(id=case.id),
                    happened=_("it loads with another state, data, history or deadlines"),
                    cases=[case],
                )


def _texts(wf: Workflow, case: Case, now: Any) -> Iterator[tuple[str, str, frozenset[str]]]:
    """(where, text, fields it may legitimately be about) a non-reader may be shown."""
    yield "repr", repr(case) + "".join(map(repr, case.history)), frozenset()
    for d in wf.deadlines(case, now=now):
        read = fields_read(wf.spec, d.rule)
        for lang in ("en", "vi"):
            yield _("the explanation of {name!r}").format(name=d.name), d.explain(lang), read
    allowed = set(wf.allowed(case))
    for trigger in wf.triggers_from(case.state):
        if trigger in allowed:
            continue
        try:
            wf.fire(_fresh(wf, case), trigger, at=case.updated_at)
        except CaseflowError as err:
            yield _("the refusal of {trigger!r}").format(trigger=trigger), str(err), frozenset()


def _briefs(wf: Workflow, case: Case, now: Any) -> list[tuple[str, str, frozenset[str]]]:
    """The case's brief (Markdown and HTML, both languages) for a role with no right to read."""
    out: list[tuple[str, str, frozenset[str]]] = []
    for lang in ("vi", "en"):
        try:
            doc = case_brief(wf, case, session=None, now=now, for_role=None, lang=lang)
        except CaseflowError:
            return []  # a workflow without what a brief needs (a reception docket)
        where = _("the case brief ({lang})").format(lang=lang)
        out += [(where, doc.markdown, frozenset()), (where, doc.html, frozenset())]
    return out


def check_confidential_not_shown(
    wf: Workflow, case: Case, *, now: Any = None, export: bool = True
) -> None:
    """Raise ``Violation`` if a confidential value shows in text a non-reader is given.

    Looked for: text and choice values anywhere (in any case, composed or
    decomposed); date values in the explanation of a deadline that reads
    the field (a due date can fall on any day, so elsewhere a date proves
    nothing). With ``export``, the redacted export, the case's brief
    (``caseflow.render.documents.case_brief``, for no role) and its session
    papers (the next session's docket, its own session's invitations and
    conclusion notice: ``caseflow.testing.papers``) are searched too; a date
    there only where the paper quotes that field (the docket's order date).
    """
    when = case.updated_at if now is None else now
    secrets = {
        f.name: case.data[f.name]
        for f in wf.spec.fields
        if f.confidential and isinstance(case.data.get(f.name), str) and case.data[f.name]
    }
    if not secrets:
        return
    dates = {f.name for f in wf.spec.fields if f.type in ("date", "datetime")}
    texts = list(_texts(wf, case, when))
    if export:
        texts.append((_("the export"), export_lines(wf, [case]), frozenset()))
        texts.extend(_briefs(wf, case, when))
        texts.extend(session_papers(wf, case, when))
    for name, value in secrets.items():
        values = [value]
        if name in dates:
            values.append("/".join(reversed(value[:10].split("-"))))
        found = Scrubber(values, "\u2588")
        for where, text, about in texts:
            if name in dates and name not in about:
                continue
            if found(text) != text:
                raise Violation(
                    "confidential-not-shown",
                    expected=_("the value of confidential field {field!r} withheld").format(
                        field=name
                    ),
                    happened=_("it appears in {where}").format(where=where),
                    cases=[case],
                )
