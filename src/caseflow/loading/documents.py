"""The ``documents`` section: how the workflow's papers look, and who issues and signs them.

This module owns reading ``documents:`` (the style, Party per Hướng dẫn
36-HD/VPTW or State per Nghị định 30/2020/NĐ-CP; the issuing body and the
body above it; the place of the date line; the signer; when numbers
restart; a folder of templates; and each kind of paper with its number
symbol, name, recipients and signer) into ``definition.Documents``. Every
value an office would change lives here, in the YAML, so that an analyst
changes it, not a programmer. Rendering the papers is
``caseflow.render.papers``'; numbering them is the store's register.
"""

from __future__ import annotations

import re

from caseflow.definition import (
    DOCUMENT_KINDS,
    DOCUMENT_STYLES,
    NUMBERINGS,
    DocumentKind,
    Documents,
    Signer,
)
from caseflow.errors import did_you_mean
from caseflow.i18n import N_, _
from caseflow.loading.context import Reading, is_date, listing
from caseflow.yamlsafe import Pos, YList, YMap, describe

__all__ = ["DOCUMENTS_KEYS", "DOCUMENT_KIND_KEYS", "SIGNER_KEYS", "read_documents"]

DOCUMENTS_KEYS = frozenset(
    {
        "style",
        "issuer",
        "parent",
        "place",
        "signer",
        "numbering",
        "term_start",
        "templates",
        "kinds",
        "addressees",
        "source",
    }
)
DOCUMENT_KIND_KEYS = frozenset({"symbol", "title", "recipients", "signer"})
SIGNER_KEYS = frozenset({"authority", "title", "name"})

# "TB/TU", "GM/TU", "BC/UBND", "TB-VPTU": capitals (Vietnamese ones too),
# digits, "/" and "-", as the guidelines write a symbol.
_SYMBOL = re.compile(r"^[A-ZĐ0-9][A-ZĐ0-9/\-.]{0,30}$")


def read_documents(reading: Reading, top: YMap) -> Documents | None:
    """The ``documents`` section, or None when it is absent or cannot be used."""
    if "documents" not in top or top["documents"] is None:
        return None
    what = _("the documents section")
    m = reading.mapping(top["documents"], top.value_pos["documents"], what)
    if m is None:
        return None
    reading.keys(m, what, DOCUMENTS_KEYS, required=("style", "issuer", "place", "signer"))
    where: dict[str, Pos] = {"": m.pos} | dict(m.value_pos)
    style = _choice(reading, m, "style", what, DOCUMENT_STYLES)
    numbering = _choice(reading, m, "numbering", what, NUMBERINGS) if "numbering" in m else "year"
    term_start = reading.text(m, "term_start", what)
    if term_start is not None and not is_date(term_start):
        reading.problem(
            m.value_pos["term_start"],
            _("{what}: 'term_start' must be a date written YYYY-MM-DD, not {value}").format(
                what=what, value=describe(m["term_start"])
            ),
        )
        term_start = None
    if numbering == "term" and term_start is None and "term_start" not in m:
        reading.problem(
            m.value_pos["numbering"],
            _(
                "{what}: 'numbering: term' needs 'term_start', the first day of the term "
                "(YYYY-MM-DD), from which numbers run"
            ).format(what=what),
        )
    issuer = _line(reading, m, "issuer", what)
    place = _line(reading, m, "place", what)
    signer = _signer(reading, m, "signer", what)
    kinds = _kinds(reading, m, what)
    if style is None or issuer is None or place is None or signer is None or numbering is None:
        return None
    return Documents(
        style=style,
        issuer=issuer,
        parent=_line(reading, m, "parent", what),
        place=place,
        signer=signer,
        numbering=numbering,
        term_start=term_start,
        templates=_line(reading, m, "templates", what),
        kinds=kinds,
        addressees=_addressees(reading, m, what),
        source=reading.text(m, "source", what),
        where=where,
    )


def _choice(reading: Reading, m: YMap, key: str, what: str, allowed: frozenset[str]) -> str | None:
    value = m.get(key)
    if isinstance(value, str) and value in allowed:
        return value
    if key in m:
        hint = did_you_mean(value, sorted(allowed)) if isinstance(value, str) else ""
        reading.problem(
            m.value_pos[key],
            _("{what}: {key!r} must be one of {allowed}, not {value}{hint}").format(
                what=what, key=key, allowed=listing(allowed), value=describe(value), hint=hint
            ),
        )
    return None


def _line(reading: Reading, m: YMap, key: str, what: str) -> str | None:
    """One line of text: not empty, no line break (a header cell holds it)."""
    value = reading.text(m, key, what)
    if value is None:
        return None
    if not value.strip() or "\n" in value.strip():
        reading.problem(
            m.value_pos[key],
            _("{what}: {key!r} must be one line of text, not {value}").format(
                what=what, key=key, value=describe(value)
            ),
        )
        return None
    return " ".join(value.split())


def _signer(reading: Reading, m: YMap, key: str, what: str) -> Signer | None:
    if key not in m:
        return None
    swhat = f"{what}: {key}"
    s = reading.mapping(m[key], m.value_pos[key], swhat)
    if s is None:
        return None
    reading.keys(s, swhat, SIGNER_KEYS, required=("title", "name"))
    title = _line(reading, s, "title", swhat)
    name = _line(reading, s, "name", swhat)
    if title is None or name is None:
        return None
    return Signer(
        authority=_line(reading, s, "authority", swhat),
        title=title,
        name=name,
        where={"": s.pos} | dict(s.value_pos),
    )


def _kinds(reading: Reading, m: YMap, what: str) -> tuple[DocumentKind, ...]:
    if "kinds" not in m or m["kinds"] is None:
        return ()
    kwhat = f"{what}: kinds"
    section = reading.mapping(m["kinds"], m.value_pos["kinds"], kwhat)
    if section is None:
        return ()
    out: list[DocumentKind] = []
    for name, value in section.items():
        if name not in DOCUMENT_KINDS:
            hint = did_you_mean(str(name), sorted(DOCUMENT_KINDS))
            reading.problem(
                section.key_pos[name],
                _("{what}: unknown kind of paper {name!r}{hint}; the kinds are {kinds}").format(
                    what=kwhat, name=name, hint=hint, kinds=listing(DOCUMENT_KINDS)
                ),
            )
            continue
        found = _kind(reading, name, value, section.value_pos[name], f"{kwhat}: {name}")
        if found is not None:
            out.append(found)
    return tuple(out)


def _kind(reading: Reading, name: str, value: object, pos: Pos, what: str) -> DocumentKind | None:
    k = reading.mapping(value, pos, what)
    if k is None:
        return None
    reading.keys(k, what, DOCUMENT_KIND_KEYS, required=("symbol",))
    symbol = reading.text(k, "symbol", what)
    if symbol is not None and not _SYMBOL.match(symbol):
        reading.problem(
            k.value_pos["symbol"],
            _(
                "{what}: the symbol {symbol!r} is not a number symbol; write capitals, digits, "
                "'/' and '-' as the guideline does (e.g. 'TB/TU', 'GM/TU', 'BC/UBND')"
            ).format(what=what, symbol=symbol),
        )
        symbol = None
    recipients = _recipients(reading, k, what)
    signer = _signer(reading, k, "signer", what)
    if symbol is None:
        return None
    return DocumentKind(
        name=name,
        symbol=symbol,
        title=_line(reading, k, "title", what),
        recipients=recipients,
        signer=signer,
        where={"": k.pos} | dict(k.value_pos),
    )


def _recipients(reading: Reading, k: YMap, what: str) -> tuple[str, ...]:
    raw = reading.get(k, "recipients", what, YList, N_("a list of texts"))
    out: list[str] = []
    for i, item in enumerate(raw or ()):
        if isinstance(item, str) and item.strip() and "\n" not in item.strip():
            out.append(" ".join(item.split()))
        else:
            reading.problem(
                raw.item_pos[i],
                _("{what}: a recipient must be one line of text, not {value}").format(
                    what=what, value=describe(item)
                ),
            )
    return tuple(out)


def _addressees(reading: Reading, m: YMap, what: str) -> tuple[tuple[str, str], ...]:
    """``addressees: {field: "text with {value}"}``: how a letter addresses who a field names."""
    if "addressees" not in m or m["addressees"] is None:
        return ()
    awhat = f"{what}: addressees"
    section = reading.mapping(m["addressees"], m.value_pos["addressees"], awhat)
    if section is None:
        return ()
    out = []
    for name, value in section.items():
        if reading.name(name, section.key_pos[name], awhat) is None:
            continue
        ok = isinstance(value, str) and value.count("{value}") == 1
        if ok:
            try:
                value.format(value="")
            except (IndexError, KeyError, ValueError):
                ok = False
        if not ok:
            reading.problem(
                section.value_pos[name],
                _(
                    "{what}: {name}: must be one line of text holding {{value}} once, where "
                    "the field's value goes (e.g. 'UBND {{value}}'), not {found}"
                ).format(what=awhat, name=name, found=describe(value)),
            )
            continue
        out.append((str(name), " ".join(str(value).split())))
    return tuple(out)
