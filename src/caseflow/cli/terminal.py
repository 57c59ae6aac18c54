"""How a value is shown on a terminal: control characters escaped, so text cannot forge output.

This module owns one function, ``shown``, that every text output of the
command line passes its values through (ids, notes, labels, actors, file
names, messages): a tab, a newline, an escape sequence or a bidirectional
override inside a value is printed as ``\\t``, ``\\n``, ``\\x1b``,
``\\u202e``, so an id ``"REAL-1\\tfree\\nFAKE-9"`` stays one cell of one row and
cannot move the cursor or recolour the screen. ``shown_lines`` does the
same for a block of several lines (a summary, a schedule), keeping its
line breaks. JSON output does not use them: ``json.dumps`` escapes control
characters itself, and a JSON value stays exact. What is printed, and
where, is the commands' (the other modules of ``caseflow.cli``).
"""

from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["shown", "shown_lines"]

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Cc: C0 and C1 controls (ESC, BEL, DEL...); Cf: format characters (bidirectional
# overrides, zero-width joiners); Zl, Zp: the Unicode line and paragraph
# separators; Cs: lone surrogates, which no terminal encoding can write.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown(value: Any) -> str:
    """``str(value)`` with every control or invisible formatting character escaped."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text  # the common case: nothing to escape
    return "".join(_escape(ch) if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


def shown_lines(text: str) -> str:
    """A block of lines with each line ``shown``: its own line breaks kept, nothing else."""
    return "\n".join(shown(line) for line in text.split("\n"))
