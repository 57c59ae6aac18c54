"""Templates to documents: strict Jinja2 environments and redaction applied twice.

This module owns rendering: the ``Document`` (a file name stem, a title and
both renderings), the two Jinja2 environments and ``render_document``.
Templates live in ``caseflow/templates`` as ``NAME.md.j2`` and
``NAME.html.j2`` (``TEMPLATES``). Both environments use
``StrictUndefined``, so a misspelt name in a template fails loudly instead
of printing nothing. HTML templates are autoescaped; in Markdown every
printed value is escaped (``|``, ``*``, ``_``, ``<``... and newlines), so a
value cannot break a table or inject markup.

Confidentiality, twice over. Case data reaches a template only through
``sessions.visible_data`` (the context builders in ``views``, ``papers``
and ``report`` call it), which redacts every confidential field unless the
document is for one of that field's ``readers`` (``for_role``). Then
``render_document`` checks the rendered text for every confidential value
of the cases involved that the role may not read
(``sessions.hidden_values``) in every rendering (raw, ``repr``, JSON;
composed or decomposed; any case; then Markdown- or HTML-escaped), and
replaces each one found by the redaction mark (``text.scrub``): this
catches a petitioner's name typed into a summary, a conclusion or a note.

It leaves what each document says to the context builders (``papers``,
``report``) and the words to ``labels``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import jinja2
import markupsafe

from caseflow.case import Case
from caseflow.definition import Label
from caseflow.errors import InputError
from caseflow.render.documents.labels import HEADINGS, bilingual, value_text
from caseflow.sessions import REDACTED, WorkflowLike, hidden_values
from caseflow.text import scrub

__all__ = ["TEMPLATES", "Document"]

TEMPLATES: Final = Path(__file__).resolve().parents[2] / "templates"
"""Where the ``*.md.j2`` and ``*.html.j2`` templates are."""

_MD_SPECIAL: Final = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~"} | {"\n": " ", "\r": " "})


@attrs.frozen(kw_only=True)
class Document:
    """A rendered document: its file name stem, its title, and both renderings."""

    name: str
    title: Label
    for_role: str | None
    lang: str
    markdown: str = attrs.field(repr=False)
    html: str = attrs.field(repr=False)

    def write(self, folder: str | Path) -> tuple[Path, Path]:
        """Write ``NAME.md`` and ``NAME.html`` into ``folder`` (created if needed)."""
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        md, html = out / f"{self.name}.md", out / f"{self.name}.html"
        md.write_text(self.markdown, encoding="utf-8")
        html.write_text(self.html, encoding="utf-8")
        return md, html


def _md_escape(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, markupsafe.Markup):
        return str(value)
    return str(value).translate(_MD_SPECIAL)


def _html_finalize(value: Any) -> Any:
    return "" if value is None else value


@functools.cache
def _environment(kind: str) -> jinja2.Environment:
    common: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader(str(TEMPLATES)),
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if kind == "html":
        return jinja2.Environment(autoescape=True, finalize=_html_finalize, **common)
    # Markdown has no autoescape: every printed value is escaped on the way out.
    return jinja2.Environment(autoescape=False, finalize=_md_escape, **common)


def _scrub(text: str, hidden: Sequence[str], marker: str, kind: str) -> str:
    # Every rendering of each value (raw, repr, JSON; composed or not; any
    # case), and each as this document's escaping prints it.
    if not hidden:
        return text
    escape = _md_escape if kind == "md" else _html_escape
    return scrub(text, hidden, marker, encoders=(escape,))


def _html_escape(value: str) -> str:
    return str(markupsafe.escape(value))


def render_document(
    stem: str,
    context: Mapping[str, Any],
    *,
    wf: WorkflowLike,
    title: Label,
    name: str,
    for_role: str | None,
    lang: str,
    cases: Iterable[Case],
) -> Document:
    """Render template ``stem`` in Markdown and HTML, then scrub both renderings.

    ``context`` comes on top of what every template gets (headings, the
    title, the role the document is for and the word helpers). ``cases``
    are the cases the document involves: every confidential value of
    theirs that ``for_role`` may not read is replaced by the redaction mark
    wherever it appears in the rendered text.
    """
    hidden = hidden_values(wf, cases, for_role=for_role)
    marker = REDACTED.get(lang)
    role_label = HEADINGS["everyone"].get(lang)
    if for_role is not None:
        role = next((r for r in wf.spec.roles if r.name == for_role), None)
        role_label = role.label.get(lang) if role is not None and role.label else for_role
    shows = for_role is not None and any(
        f.confidential and for_role in f.readers for f in wf.spec.fields
    )
    base = {
        "h": HEADINGS,
        "lang": lang,
        "title": title,
        "role_label": role_label,
        "confidential_shown": shows,
        "t": lambda label: label.get(lang),
        "bi": bilingual,
        "v": functools.partial(value_text, lang=lang),
        **context,
    }
    md = _environment("md").get_template(f"{stem}.md.j2").render(base)
    html = _environment("html").get_template(f"{stem}.html.j2").render(base)
    return Document(
        name=name,
        title=title,
        for_role=for_role,
        lang=lang,
        markdown=_scrub(md, hidden, marker, "md"),
        html=_scrub(html, hidden, marker, "html"),
    )


def check_lang(lang: str) -> None:
    """Refuse a language the documents are not written in."""
    if lang not in ("vi", "en"):
        raise InputError(f"lang={lang!r} must be 'vi' or 'en'")


def role_suffix(for_role: str | None) -> str:
    """The file-name suffix of a document for a role (``docket-...DATE.inspector``)."""
    return f".{for_role}" if for_role else ""
