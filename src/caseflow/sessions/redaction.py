"""Redaction: what a document for a given role may show of a case.

This module owns confidentiality as the documents see it: the redaction
mark (``REDACTED``), whether a role may read a field (``may_read``), a
case's data with every field the role may not read replaced by the mark
(``visible_data``, the only way documents read case data), and the
confidential values a rendered text must not contain (``hidden_values``).

It leaves which fields are confidential, and who reads them, to the
workflow's ``fields:`` section (``definition``); scrubbing rendered text
with ``hidden_values`` is ``render.documents``' work, and revealing
stored confidential data is the store's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Final

from caseflow.case import Case
from caseflow.definition import Field, Label, WorkflowSpec
from caseflow.errors import InputError, did_you_mean
from caseflow.i18n import _
from caseflow.sessions.bindings import WorkflowLike
from caseflow.text import MIN_SCRUBBED, fold, texts

__all__ = ["REDACTED", "hidden_values", "may_read", "visible_data"]

REDACTED: Final = Label(vi="[bảo mật]", en="[confidential]")
"""What a document shows in place of a confidential value."""


def _check_role(spec: WorkflowSpec, role: str | None) -> None:
    if role is None:
        return
    names = [r.name for r in spec.roles]
    if role not in names:
        raise InputError(
            _("unknown role {role!r} for workflow {name!r}{value}; known roles: {value2}").format(
                role=role,
                name=spec.name,
                value=did_you_mean(role, names),
                value2=", ".join(names) or "none",
            )
        )


def may_read(field: Field, role: str | None) -> bool:
    """Whether a document for ``role`` may show ``field`` (always, unless confidential)."""
    return not field.confidential or (role is not None and role in field.readers)


def visible_data(
    wf: WorkflowLike, case: Case, *, for_role: str | None = None, lang: str = "en"
) -> dict[str, Any]:
    """The case's data as a document for ``for_role`` may show it.

    Every confidential field is replaced by ``REDACTED`` unless ``for_role``
    is one of the field's ``readers``; with no role, every confidential
    field is redacted. This is the only way documents read case data.
    """
    spec = wf.spec
    _check_role(spec, for_role)
    fields = {f.name: f for f in spec.fields}
    marker = REDACTED.get(lang)
    out: dict[str, Any] = {}
    for key, value in case.data.items():
        field = fields.get(key)
        if field is not None and not may_read(field, for_role):
            out[key] = marker if value is not None else None
        else:
            out[key] = value
    return out


def hidden_values(wf: WorkflowLike, cases: Iterable[Case], *, for_role: str | None) -> list[str]:
    """The confidential values of ``cases`` that a document for ``for_role`` must not show.

    Used as a last check on rendered text (``text.scrub``, which also finds
    each value's ``repr``, JSON and decomposed forms, in any case): besides
    the redacted fields, a name typed into a free-text field (a summary, a
    conclusion) is caught. Text inside lists and mappings counts too;
    values too short to look for (``text.MIN_SCRUBBED``) are left out.
    """
    fields = {f.name: f for f in wf.spec.fields if f.confidential}
    found: set[str] = set()
    for case in cases:
        for key, value in case.data.items():
            field = fields.get(key)
            if field is None or may_read(field, for_role):
                continue
            for item in (*texts(value), *_date_texts(value)):
                for form in (item.strip(), *_day_forms(item.strip())):
                    if len(fold(form)) >= MIN_SCRUBBED:
                        found.add(form)
    # Longest first, so that a value containing another is replaced whole.
    return sorted(found, key=lambda s: (-len(s), s))


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date_texts(value: Any) -> list[str]:
    """A date or time value (not text) as the ISO text the scrubber looks for."""
    return [value.isoformat()] if isinstance(value, dt.date) else []


def _day_forms(text: str) -> list[str]:
    """The other ways a paper writes the day of an ISO date or time ``text``.

    A Vietnamese paper writes 2026-04-28 as 28/04/2026 (``i18n.day_text``),
    so a confidential date is looked for in that form too.
    """
    found = _ISO_DAY.match(text)
    if found is None:
        return []
    year, month, day = found.groups()
    return [f"{day}/{month}/{year}", f"{int(day)}/{int(month)}/{year}"]
