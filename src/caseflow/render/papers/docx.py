"""One paper to a DOCX file: the template, its number from the register, the redaction.

This module owns ``Paper`` (a rendered DOCX with its kind, number and
date) and ``render_paper``: it finds the template of the paper's kind
(the workflow's ``documents.templates`` folder first, then the shipped
``caseflow/templates/docx/STYLE/KIND.docx``), takes the paper's number from
a register (``Numbers``, which the store implements; without one the
number is left blank for a draft), adds what every paper shows (issuer,
number line, date line, title, signer, recipients, all from the
workflow's ``documents:`` section), scrubs every confidential value the
reader may not see from every text, and renders with docxtpl, which keeps
the template's layout (python-docx underneath). What each kind says is
``contexts``'.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Protocol

import attrs
from docxtpl import DocxTemplate

from caseflow.case import Case
from caseflow.definition import DocumentKind, Documents
from caseflow.errors import InputError
from caseflow.i18n import _
from caseflow.render.papers.formats import date_line, number_text, period_of
from caseflow.sessions import REDACTED, WorkflowLike, hidden_values
from caseflow.text import Scrubber

__all__ = ["SHIPPED", "Numbers", "Paper", "documents_of", "render_paper", "template_for"]

SHIPPED: Final = Path(__file__).resolve().parents[2] / "templates" / "docx"
"""The shipped templates: ``STYLE/KIND.docx`` (built by tools/make_docx_templates.py)."""


class Numbers(Protocol):
    """A register that gives each paper its number (``caseflow.store.Store`` is one).

    ``key`` names the paper; asked again for the same key, the register
    returns the number and date it gave the first time (a reprint keeps its
    number). Numbers run per ``symbol`` within ``period``.
    """

    def number_document(
        self,
        *,
        kind: str,
        symbol: str,
        period: str,
        key: str,
        issued_on: dt.date,
        case_ids: Sequence[str] = (),
    ) -> tuple[int, dt.date]: ...


@attrs.frozen(kw_only=True)
class Paper:
    """A rendered paper: its file stem, kind, number (None: a draft), date and the DOCX bytes."""

    name: str
    kind: str
    number: int | None
    issued_on: dt.date
    for_role: str | None
    data: bytes = attrs.field(repr=False)

    def write(self, folder: str | Path) -> Path:
        """Write ``NAME.docx`` into ``folder`` (created if needed); return its path."""
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{self.name}.docx"
        path.write_bytes(self.data)
        return path


def documents_of(wf: WorkflowLike, kind: str) -> tuple[Documents, DocumentKind]:
    """The workflow's ``documents:`` section and its ``kind``; ``InputError`` when missing."""
    docs = wf.spec.documents
    if docs is None:
        raise InputError(
            _(
                "workflow {name!r} has no 'documents:' section: it must say the style, the "
                "issuer, the place and the signer of its papers"
            ).format(name=wf.spec.name)
        )
    found = docs.kind(kind)
    if found is None:
        raise InputError(
            _(
                "workflow {name!r} does not number papers of kind {kind!r}: add it under "
                "'documents: kinds:' with its symbol"
            ).format(name=wf.spec.name, kind=kind)
        )
    return docs, found


def template_for(wf: WorkflowLike, kind: str) -> Path:
    """The template of ``kind``: the workflow's folder's ``KIND.docx``, else the shipped one."""
    docs, _kind = documents_of(wf, kind)
    if docs.templates is not None:
        base = Path(wf.spec.file).parent if wf.spec.file != "<string>" else Path.cwd()
        own = base / docs.templates / f"{kind}.docx"
        if own.is_file():
            return own
    return SHIPPED / docs.style / f"{kind}.docx"


def _recipients(items: Sequence[str]) -> list[str]:
    """The "Nơi nhận" lines: each ends with ",", the last with "." (as the plan writes them)."""
    out = []
    for i, item in enumerate(items):
        text = item.rstrip(",.;")
        out.append(text + ("." if i == len(items) - 1 else ","))
    return out


def _scrubbed(value: Any, scrub: Scrubber | None) -> Any:
    if scrub is None:
        return value
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):
        return {k: _scrubbed(v, scrub) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrubbed(v, scrub) for v in value]
    return value


def render_paper(
    wf: WorkflowLike,
    kind: str,
    context: Mapping[str, Any],
    *,
    name: str,
    key: str,
    issued_on: dt.date,
    cases: Iterable[Case] = (),
    for_role: str | None = None,
    numbers: Numbers | None = None,
) -> Paper:
    """Render the paper of ``kind`` with ``context`` on top of what every paper shows.

    ``key`` names the paper in the register (``numbers``): the same key gets
    the same number and date again. ``cases`` are the cases it involves:
    every confidential value of theirs that ``for_role`` may not read is
    replaced by the redaction mark in every text before rendering.
    Raises ``InputError`` when the workflow has no ``documents:`` section or
    does not number ``kind``.
    """
    docs, paper = documents_of(wf, kind)
    items = list(cases)
    number: int | None = None
    if numbers is not None:
        number, issued_on = numbers.number_document(
            kind=kind,
            symbol=paper.symbol,
            period=period_of(docs, issued_on),
            key=key,
            issued_on=issued_on,
            case_ids=[c.id for c in items],
        )
    signer = paper.signer or docs.signer
    base = {
        "parent": docs.parent or "",
        "issuer": docs.issuer,
        "number": number_text(docs.style, number, paper.symbol),
        "date_line": date_line(docs.place, issued_on),
        "title": paper.title or "",
        "recipients": _recipients(paper.recipients),
        "signer_authority": signer.authority or "",
        "signer_title": signer.title,
        "signer_name": signer.name,
    }
    hidden = hidden_values(wf, items, for_role=for_role)
    scrub = Scrubber(hidden, REDACTED.get("vi")) if hidden else None
    template = DocxTemplate(str(template_for(wf, kind)))
    template.render(_scrubbed({**base, **context}, scrub), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return Paper(
        name=name,
        kind=kind,
        number=number,
        issued_on=issued_on,
        for_role=for_role,
        data=_stable(out.getvalue()),
    )


def _stable(data: bytes) -> bytes:
    """The DOCX with every zip entry dated 1980-01-01: the same paper gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
