"""The language caseflow speaks: gettext catalogs, managed with Babel.

Every user-visible message is written in English in the source and wrapped
in ``_()`` (or ``N_()`` where it is only marked, to be translated later);
its Vietnamese text lives in the catalog
``caseflow/locale/vi/LC_MESSAGES/caseflow.po`` (compiled to ``.mo`` beside
it). Babel extracts the messages (``pybabel extract``), updates the catalog
and compiles it; ``docs/i18n.md`` says how.

Which language is spoken is a context, not a global: ``with language("vi"):``
makes ``_()`` answer in Vietnamese in that block (and in the tasks and
threads that copy the context), so two requests of a web app may speak two
languages at once. Outside any block the language is English: the library
never reads the environment; the command line chooses from ``--lang``, else
``CASEFLOW_LANG``, else the locale (:func:`language_from_environment`).

Messages are translated *before* they are formatted, so that the catalog's
entries keep their placeholders::

    raise InputError(_("unknown role {role!r}").format(role=role))

The bottom layer (below ``errors``, whose messages it translates): imports
nothing of caseflow.
"""

from __future__ import annotations

import contextvars
import gettext as _gettext
import locale
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Literal

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "any_day_text",
    "current_language",
    "day_text",
    "labelled_name",
    "language",
    "language_from_environment",
    "moment_text",
    "month_name",
    "ngettext",
    "weekday_name",
]

#: The languages caseflow speaks; the first is the source language.
LANGUAGES: tuple[str, ...] = ("en", "vi")

_LOCALE_DIR = Path(__file__).parent / "locale"
_DOMAIN = "caseflow"
_current: contextvars.ContextVar[str] = contextvars.ContextVar("caseflow_language", default="en")


@cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (a null one for English or a missing file)."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(_DOMAIN, localedir=_LOCALE_DIR, languages=[lang], fallback=True)


def current_language() -> str:
    """The language of this context: ``"en"`` or ``"vi"``."""
    return _current.get()


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Speak ``lang`` ("en" or "vi") inside the block; ``None`` keeps the current one.

    Raises ``ValueError`` for a language caseflow does not speak.
    """
    if lang is None:
        yield _current.get()
        return
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one caseflow speaks; use one of {LANGUAGES}")
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """``message`` (English, unformatted) in the current language."""
    lang = _current.get()
    if lang == "en":
        return message
    return _catalog(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return _catalog(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


def language_from_environment(explicit: str | None = None) -> str:
    """The command line's language: ``explicit`` (``--lang``), else ``CASEFLOW_LANG``,
    else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English."""
    for candidate in (explicit, os.environ.get("CASEFLOW_LANG")):
        if candidate:
            return candidate if candidate in LANGUAGES else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGES else "en"
    try:
        code = (locale.getlocale()[0] or "en").split("_")[0].lower()
    except ValueError:
        return "en"
    return code if code in LANGUAGES else "en"


def day_text(day: date) -> str:
    """``day`` as the current language writes it: ``2026-02-17`` in English,
    ``17/02/2026`` in Vietnamese (dd/mm/yyyy, as Vietnamese papers write dates)."""
    if _current.get() == "vi":
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    return day.isoformat()


def moment_text(moment: datetime) -> str:
    """An instant as the current language writes it: ISO 8601 in English,
    ``17/02/2026 08:00`` in Vietnamese (the instant's own clock; seconds only
    when there are some)."""
    if _current.get() != "vi":
        return moment.isoformat()
    clock = f"{moment:%H:%M:%S}" if moment.second or moment.microsecond else f"{moment:%H:%M}"
    return f"{day_text(moment)} {clock}"


def any_day_text(value: date) -> str:
    """A due day or a timed due (``datetime``), as the current language writes it."""
    return moment_text(value) if isinstance(value, datetime) else day_text(value)


def weekday_name(weekday: int, width: Literal["wide", "abbreviated"] = "wide") -> str:
    """The name of ``weekday`` (0 = Monday) in the current language, from Babel's
    locale data (CLDR): ``width`` is ``"wide"`` ("Tuesday", "Thứ Ba") or
    ``"abbreviated"`` ("Tue", "Th 3")."""
    from babel.dates import get_day_names

    return str(get_day_names(width, locale=_current.get())[weekday])


def month_name(month: int) -> str:
    """The name of ``month`` (1-12) in the current language, from Babel's locale data."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", locale=_current.get())[month])


class _Labelled(str):
    """An id as a message quotes it (``{name!r}``): ``'received'`` in English; with a
    label (in another language) the label first and the id after it, since a reader
    of Vietnamese reads labels: ``Tiếp nhận ('received')``."""

    label: str | None = None

    def __repr__(self) -> str:
        plain = str.__repr__(self)
        return f"{self.label} ({plain})" if self.label else plain


def labelled_name(name: str, label: str | None) -> str:
    """``name``, which a message's ``{...!r}`` shows as ``label ('name')`` (as is without label)."""
    if not label:
        return name
    out = _Labelled(name)
    out.label = label
    return out
