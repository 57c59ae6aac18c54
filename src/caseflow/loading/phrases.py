"""The few readable phrases a workflow file may use for spans of time.

This module owns parsing (and writing back) text such as ``10 working
days``, ``1 week before`` and the deadline shorthand ``10 working days after
received``. It is a strict, tiny grammar written by hand (a regular
expression per form) because the phrases are short and every mistake must be
reported at its exact column; what the anchor word names (a state, a trigger,
a field or a schedule) is decided by ``deadlines``, which knows the workflow,
and counting a span on a calendar is ``caseflow.deadlines``' job.

Grammar::

    offset    := AMOUNT UNIT [ "before" | "after" ]
    due       := AMOUNT UNIT ( "after" | "before" ) ANCHOR
    AMOUNT    := a whole number, 0 or more
    UNIT      := day(s) | working day(s) | week(s) | month(s)
    ANCHOR    := a name
"""

from __future__ import annotations

import re

import attrs

from caseflow.definition import Offset
from caseflow.i18n import _

__all__ = ["PhraseError", "due_text", "offset_text", "parse_due", "parse_offset"]

_UNITS = {
    "day": "days",
    "days": "days",
    "working day": "working_days",
    "working days": "working_days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
}
_UNIT_WORDS = "days, working days, weeks or months"
_OFFSET = re.compile(
    r"\s*(?P<amount>[-+]?\d+)\s+(?P<unit>working\s+days?|days?|weeks?|months?)"
    r"(?:\s+(?P<dir>before|after))?\s*\Z",
    re.IGNORECASE,
)
_DUE = re.compile(
    r"\s*(?P<amount>[-+]?\d+)\s+(?P<unit>working\s+days?|days?|weeks?|months?)"
    r"\s+(?P<dir>before|after)\s+(?P<anchor>\S+)\s*\Z",
    re.IGNORECASE,
)


@attrs.frozen
class PhraseError(Exception):
    """A phrase that does not parse: what is wrong and at which 0-based column."""

    message: str
    column: int = 0


def _amount(text: str, start: int) -> int:
    value = int(text)
    if value < 0:
        raise PhraseError(
            _(
                "the amount {text} is negative; write the span as a positive "
                "number with 'before' (e.g. '7 days before ...')"
            ).format(text=text),
            start,
        )
    return value


def _unit(text: str) -> str:
    return _UNITS[" ".join(text.lower().split())]


def _diagnose(text: str, expect_anchor: bool) -> PhraseError:
    words = list(re.finditer(r"\S+", text))
    shape = (
        "'<number> <unit> after|before <name>', e.g. '10 working days after received'"
        if expect_anchor
        else "'<number> <unit> [before|after]', e.g. '10 working days'"
    )
    if not words:
        return PhraseError(_("the phrase is empty; write {shape}").format(shape=shape))
    first = words[0]
    if not re.fullmatch(r"[-+]?\d+", first.group()):
        return PhraseError(
            _("{value!r} is not a whole number; write {shape}").format(
                value=first.group(), shape=shape
            ),
            first.start(),
        )
    if len(words) == 1:
        return PhraseError(
            _("a unit is missing after {value}; units: {unit_words}").format(
                value=first.group(), unit_words=_UNIT_WORDS
            ),
            first.end(),
        )
    unit_word = words[1].group().lower()
    if unit_word == "working":
        if len(words) < 3 or words[2].group().lower() not in ("day", "days"):
            return PhraseError(
                _("'working' must be followed by 'days'; units: {unit_words}").format(
                    unit_words=_UNIT_WORDS
                ),
                words[1].start(),
            )
        rest = words[3:]
    elif unit_word in _UNITS:
        rest = words[2:]
    else:
        return PhraseError(
            _("unknown unit {value!r}; units: {unit_words}").format(
                value=words[1].group(), unit_words=_UNIT_WORDS
            ),
            words[1].start(),
        )
    if expect_anchor:
        if not rest or rest[0].group().lower() not in ("after", "before"):
            at = rest[0].start() if rest else len(text)
            return PhraseError(
                _("expected 'after' or 'before' here; write {shape}").format(shape=shape), at
            )
        if len(rest) == 1:
            return PhraseError(
                _(
                    "the name of what the deadline counts from is missing after "
                    "{value!r} (a state, a trigger or a date field)"
                ).format(value=rest[0].group()),
                rest[0].end(),
            )
        return PhraseError(
            _("unexpected {value!r}; write {shape}").format(value=rest[2].group(), shape=shape),
            rest[2].start(),
        )
    if rest and rest[0].group().lower() not in ("after", "before"):
        return PhraseError(
            _("unexpected {value!r}; write {shape}").format(value=rest[0].group(), shape=shape),
            rest[0].start(),
        )
    extra = rest[1] if len(rest) > 1 else rest[0]
    return PhraseError(
        _("unexpected {value!r}; write {shape}").format(value=extra.group(), shape=shape),
        extra.start(),
    )


def parse_offset(text: str) -> Offset:
    """``"10 working days"`` -> Offset(10, "working_days", +1); ``PhraseError`` if not."""
    match = _OFFSET.match(text)
    if match is None:
        raise _diagnose(text, expect_anchor=False)
    direction = -1 if (match.group("dir") or "").lower() == "before" else 1
    return Offset(
        amount=_amount(match.group("amount"), match.start("amount")),
        unit=_unit(match.group("unit")),
        direction=direction,
    )


def parse_due(text: str) -> tuple[Offset, str, int]:
    """``"10 working days after received"`` -> (offset, anchor name, its column)."""
    match = _DUE.match(text)
    if match is None:
        raise _diagnose(text, expect_anchor=True)
    direction = -1 if match.group("dir").lower() == "before" else 1
    offset = Offset(
        amount=_amount(match.group("amount"), match.start("amount")),
        unit=_unit(match.group("unit")),
        direction=direction,
    )
    return offset, match.group("anchor"), match.start("anchor")


def offset_text(offset: Offset) -> str:
    """The phrase that ``parse_offset`` reads back as ``offset``."""
    return str(offset)


def due_text(offset: Offset, anchor: str) -> str:
    """The shorthand that ``parse_due`` reads back as (``offset``, ``anchor``)."""
    plain = Offset(amount=offset.amount, unit=offset.unit)
    return f"{plain} {'before' if offset.direction < 0 else 'after'} {anchor}"
