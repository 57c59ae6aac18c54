"""Text as caseflow keeps and compares it: one normal form, and a value found in any of its forms.

This module owns two things about text, and nothing about cases:

- the form text is kept in: NFC (``nfc``), so that "Nguyễn" typed
  composed and typed decomposed are one value. Only text that is neither
  ASCII nor NFC already is rebuilt (``unicodedata.is_normalized`` is
  fast), so the check costs little on the hot path;
- finding a value in a text whatever form it took on the way there
  (``renderings``: raw, ``repr()``, JSON-escaped, each composed and
  decomposed) and however it was typed (``scrub`` compares caselessly,
  on canonically decomposed text, ignoring zero-width format characters),
  and replacing every occurrence by a mark (``Scrubber``, ``scrub``).

Which values are secret, and for whom, is the definition's and the
readers' business (``sessions.redaction``, ``store.redaction``); applying
the scrub to documents is ``render.documents``'; calling ``nfc`` at the
edges (case ids and data at the engine, choices and operands compared
with them, text written to the store) is the engine's, the conditions'
and the store's. Layer 1: it imports nothing
from caseflow.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

__all__ = [
    "MIN_SCRUBBED",
    "Scrubber",
    "fold",
    "nfc",
    "renderings",
    "scrub",
    "texts",
]

MIN_SCRUBBED = 3
"""Values whose folded form is shorter are not looked for in text (they would match anywhere)."""


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C (the same object when it already is)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def texts(value: Any) -> Iterator[str]:
    """Every text inside ``value`` (itself, or the items of its lists and mappings)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts(item)


@functools.lru_cache(maxsize=4096)
def _joins(char: str) -> bool:
    """Whether ``char`` continues the previous character (it decomposes to a combining mark)."""
    return unicodedata.combining(unicodedata.normalize("NFD", char)[0]) != 0


@functools.lru_cache(maxsize=8192)
def _key(segment: str) -> str:
    """The caseless key of one starter and its combining marks; format characters dropped."""
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFD", segment).casefold())
    return _FORMAT.sub("", folded)


def _folded(text: str) -> tuple[str, list[int], list[int]]:
    """``text``'s caseless key, and where each key character's segment starts and ends in it."""
    if text.isascii():
        positions = list(range(len(text)))
        return text.lower(), positions, [p + 1 for p in positions]
    keys: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    size = len(text)
    i = 0
    while i < size:
        j = i + 1
        while j < size and not text[j].isascii() and _joins(text[j]):
            j += 1
        key = text[i] if text[i].isascii() and j == i + 1 else _key(text[i:j])
        if key.isascii() and len(key) == 1:
            key = key.lower()
        keys.append(key)
        starts.extend([i] * len(key))
        ends.extend([j] * len(key))
        i = j
    return "".join(keys), starts, ends


def fold(text: str) -> str:
    """The form ``scrub`` compares: decomposed, case-folded, without zero-width characters."""
    return _folded(text)[0]


def _escapes(value: str) -> set[str]:
    forms = {value, repr(value)[1:-1], repr(value + '"')[1:-2]}
    forms.add(json.dumps(value, ensure_ascii=False)[1:-1])
    for cased in (value, value.lower(), value.upper()):
        forms.add(json.dumps(cased)[1:-1])
    return forms


def renderings(value: str, encoders: Iterable[Callable[[str], str]] = ()) -> set[str]:
    """Every form ``value`` may take in a text, each composed (NFC) and decomposed (NFD).

    The raw text, its ``repr()`` (whichever quote the text around it
    chose), its JSON string (with non-ASCII text kept or escaped); then
    each of those passed through ``encoders`` (a document's Markdown or
    HTML escaping).
    """
    forms: set[str] = set()
    for normal in {value, unicodedata.normalize("NFC", value), unicodedata.normalize("NFD", value)}:
        forms |= _escapes(normal)
    for encode in tuple(encoders):
        forms |= {encode(form) for form in tuple(forms)}
    return forms


class Scrubber:
    """Replaces every rendering of some values in a text by a mark; built once, used often.

    Comparison is on ``fold``: "NGUYỄN" typed decomposed is found where the
    value is "Nguyễn" composed, and "Nguyen\u200bVan" where it is
    "NguyenVan". A match is widened to whole characters (a letter with its
    accents), and overlapping matches become one mark. Values shorter
    than ``MIN_SCRUBBED`` once folded are not looked for. A text in which
    no value can occur is returned after one pass of C-level string
    functions (``_skeleton``), so scrubbing many short texts is cheap.
    """

    def __init__(
        self, values: Iterable[str], marker: str, encoders: Iterable[Callable[[str], str]] = ()
    ) -> None:
        coders = tuple(encoders)
        forms: set[str] = set()
        for value in values:
            forms |= renderings(value, coders)
        self.marker = marker
        self._forms = forms
        self._needles: tuple[str, ...] | None = None
        self.skeletons = tuple({k for k in map(_skeleton, forms) if len(k) >= MIN_SCRUBBED})

    @property
    def needles(self) -> tuple[str, ...]:
        """The folded forms looked for (computed when a text first may hold one)."""
        if self._needles is None:
            keys = {fold(form) for form in self._forms}
            self._needles = tuple(sorted(k for k in keys if len(k) >= MIN_SCRUBBED))
        return self._needles

    def __bool__(self) -> bool:
        return bool(self.skeletons)

    def could_match(self, text: str) -> bool:
        """Whether a value may occur in ``text`` (False means it certainly does not)."""
        if not self.skeletons:
            return False
        bones = _skeleton(text)
        return any(n in bones for n in self.skeletons)

    def __call__(self, text: str) -> str:
        if not self.could_match(text):
            return text
        key, starts, ends = _folded(text)
        spans: list[tuple[int, int]] = []
        for needle in self.needles:
            at = key.find(needle)
            while at != -1:
                spans.append((starts[at], ends[at + len(needle) - 1]))
                at = key.find(needle, at + 1)
        if not spans:
            # Only where the character-by-character fold and the whole-text
            # one disagree (exotic combining sequences): withhold it all.
            return self.marker
        return _replace(text, spans, self.marker)


def _replace(text: str, spans: list[tuple[int, int]], marker: str) -> str:
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    last = 0
    for start, end in merged:
        out.append(text[last:start])
        out.append(marker)
        last = end
    out.append(text[last:])
    return "".join(out)


# The format characters (category Cf) of Unicode 14: zero-width spaces and
# joiners, direction marks, the soft hyphen, the BOM. Invisible, so a name
# with one inside is still the name; ``fold`` drops them.
_FORMAT_RANGES: Final = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD),
    (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)  # fmt: skip
_FORMAT: Final = re.compile(
    "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _FORMAT_RANGES) + "]"
)


def _skeleton(text: str) -> str:
    """``fold`` of the whole text at once (C-level), for a quick first look."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())
    return _FORMAT.sub("", folded)


def scrub(
    text: str,
    values: Iterable[str],
    marker: str,
    encoders: Iterable[Callable[[str], str]] = (),
) -> str:
    """``text`` with every rendering of every value in ``values`` replaced by ``marker``.

    One use of a ``Scrubber``; build one to scrub many texts.
    """
    return Scrubber(values, marker, encoders)(text)
