"""The limits on what a store keeps, the same on every backend, and how a refusal quotes a value.

This module owns the store's documented limits on text: an id (a case id,
an actor, a role, a workflow or state name given to a query) is 1 to
``MAX_ID`` characters; a free text (a note, a reveal's reason, the JSON of
one event's data or of one confidential value) is at most ``MAX_TEXT``
characters; and no stored text holds a NUL character or a lone surrogate
(PostgreSQL cannot keep a NUL, and neither database can encode a lone
surrogate). Both backends refuse the same values with the same
``InputError`` before any SQL runs, so a value one accepts the other
accepts too. ``shorten`` quotes a value in a message without echoing a
huge one in full. Where the checks are called (every ``Store`` method that
takes such a value, and the row format) is ``base``' and ``rows``'.
"""

from __future__ import annotations

from typing import Any

from caseflow.errors import InputError
from caseflow.i18n import _

__all__ = ["MAX_ID", "MAX_TEXT", "check_id", "check_text", "shorten"]

MAX_ID = 200
"""The most characters of a case id, an actor, a role, or a name given to a query."""

MAX_TEXT = 1_000_000
"""The most characters of a note, a reason, or the JSON text of one event's data."""

_SHOWN = 60


def shorten(value: Any, keep: int = _SHOWN) -> str:
    """``repr(value)``, cut to about ``keep`` characters and saying how long it was."""
    if isinstance(value, str) and len(value) > keep:
        return _("{value}... ({count:,} characters)").format(
            value=repr(value[:keep]), count=len(value)
        )
    text = repr(value)
    if len(text) > keep + 2:
        return f"{text[:keep]}... ({type(value).__name__})"
    return text


def _problem(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return _("too long")
    if "\x00" in value:
        return _("holding a NUL character")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _("holding a lone surrogate (not valid Unicode text)")
    return None


def check_id(value: Any, what: str | None = None) -> str:
    """``value`` if it is a storable id; else an ``InputError`` naming ``what`` (a case id)."""
    if type(value) is str and 0 < len(value) <= MAX_ID and value.isprintable():
        return value  # the common case, at the cost of two tests
    problem = None
    if not isinstance(value, str):
        problem = _("a value of type {kind}").format(kind=type(value).__name__)
    elif not value:
        problem = _("empty")
    else:
        problem = _problem(value, MAX_ID)
    if problem is None:
        return str(value)
    raise InputError(
        _(
            "{what} must be non-empty text without NUL characters or "
            "lone surrogates, at most {max_id} characters; got {value}, "
            "{problem}"
        ).format(
            what=_("a case id") if what is None else what,
            max_id=MAX_ID,
            value=shorten(value),
            problem=problem,
        )
    )


def check_text(value: Any, what: str, limit: int = MAX_TEXT) -> None:
    """Refuse a text no store can keep (``None`` is allowed): ``InputError`` naming ``what``."""
    if value is None:
        return
    if not isinstance(value, str):
        raise InputError(
            _("{what} must be text, not {kind} {value}").format(
                what=what, kind=type(value).__name__, value=shorten(value)
            )
        )
    problem = _problem(value, limit)
    if problem is not None:
        raise InputError(
            _(
                "{what} must be text without NUL characters or lone "
                "surrogates, at most {limit:,} characters; got {value}, "
                "{problem}"
            ).format(what=what, limit=limit, value=shorten(value), problem=problem)
        )
