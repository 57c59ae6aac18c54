"""Reading typed values out of a calendar file, collecting every problem.

This module owns ``ValueReader``: the list of ``Problem`` records (file,
line, column, message) that a calendar file's reading collects before
raising once, and the typed reads every part of the file shares (known keys,
non-empty text, a year, a ``YYYY-MM-DD`` date). Which keys each part allows
is ``calendar_file``'s; the parts themselves are read by ``entries`` and
``file_reader``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from caseflow.calendars.calendar_file import listing
from caseflow.calendars.dates import parse_iso
from caseflow.errors import Problem, did_you_mean
from caseflow.yamlsafe import Pos, YMap, describe

__all__ = ["ValueReader"]


class ValueReader:
    """Collects the problems of one calendar file and reads its typed values."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, pos: Pos, message: str) -> None:
        """Record a problem at ``pos`` (1-based line and column)."""
        self.problems.append(Problem(file=self.file, line=pos[0], column=pos[1], message=message))

    def keys(self, m: YMap, what: str, allowed: frozenset[str]) -> None:
        """Report each key of ``m`` not in ``allowed``, listing the allowed ones."""
        for key in m:
            if key not in allowed:
                self.problem(
                    m.key_pos[key],
                    f"unknown key {key!r} in {what}{did_you_mean(key, sorted(allowed))}; "
                    f"allowed keys: {listing(allowed)}",
                )

    def text(self, m: YMap, key: str, what: str, *, required: str = "") -> str:
        """Non-empty text at ``key``; ``required`` is the advice when it is missing."""
        if key not in m or m[key] is None:
            if required:
                self.problem(m.pos, f"{what} has no {key!r}; {required}")
            return ""
        value = m[key]
        if not isinstance(value, str):
            self.problem(m.value_pos[key], f"{what}.{key} must be text, not {describe(value)}")
            return ""
        if not value.strip():
            self.problem(m.value_pos[key], f"{what}.{key} is empty; {required or 'write it out'}")
            return ""
        return value.strip()

    def year(self, value: Any, pos: Pos, what: str) -> int | None:
        """``value`` as a year 1-9999, or None after reporting it."""
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            return value
        self.problem(pos, f"{what}: {describe(value)} is not a year; write a whole number 1-9999")
        return None

    def a_date(self, m: YMap, key: str, what: str) -> date | None:
        """The ``YYYY-MM-DD`` date at ``key``, or None after reporting it."""
        value = m[key]
        pos = m.value_pos[key]
        if not isinstance(value, str):
            self.problem(
                pos,
                f"{what}.{key}: {describe(value)} is not a date; write YYYY-MM-DD, e.g. 2026-02-10",
            )
            return None
        parsed = parse_iso(value)
        if isinstance(parsed, date):
            return parsed
        if parsed == "format":
            self.problem(
                pos, f"{what}.{key}: {value!r} is not a date; write YYYY-MM-DD, e.g. 2026-02-10"
            )
        else:
            self.problem(pos, f"{what}.{key}: {value!r} is not a real date: {parsed}")
        return None
