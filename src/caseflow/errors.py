"""Every error caseflow raises, under one root.

The tree, so that a reader sees at once what can go wrong::

    CaseflowError                     root: catch this to catch everything
    ├── DefinitionError(ValueError)   a workflow or calendar file is wrong;
    │                                 .problems lists every Problem found
    ├── InputError(ValueError)        a value passed to the API is wrong
    │   │                             (an impossible date, an unknown name)
    │   └── files.FileRefused         a named file cannot or may not be read
    │                                 (missing, a FIFO or device, too large)
    ├── TransitionNotAllowed          fire() refused; .reason says why
    ├── HistoryError                  a recorded history cannot be replayed;
    │                                 .index is the first bad event
    ├── ConfigurationError            the host app wired something wrong
    │                                 (a registered guard missing, a hook on
    │                                 an unknown state)
    └── StoreError                    the case store failed or refused
        ├── ConcurrencyError          another writer appended first
        ├── ImportRefused(InputError) an import found bad lines; .problems
        │                             lists every one (LineProblem)
        └── RevealRefused(PermissionError)
                                      a role asked to see confidential
                                      values it may not read

Errors carry the objects involved as attributes (``state``, ``trigger``,
``problems``...) as well as a message, so callers can act on them without
parsing text. Messages say what is wrong, which value, where, and what is
allowed.

This module owns the error types and the ``Problem`` record only; producing
good messages is the job of the modules that detect the problems.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import attrs

from caseflow.i18n import _

__all__ = [
    "CaseflowError",
    "ConcurrencyError",
    "ConfigurationError",
    "DefinitionError",
    "HistoryError",
    "ImportRefused",
    "InputError",
    "LineProblem",
    "Problem",
    "RevealRefused",
    "StoreError",
    "TransitionNotAllowed",
    "did_you_mean",
]


class CaseflowError(Exception):
    """Root of every error raised by caseflow."""


@attrs.frozen(kw_only=True)
class Problem:
    """One mistake in a definition file: where it is and what is wrong.

    ``line`` and ``column`` are 1-based; ``file`` is the path given to the
    loader, or ``"<string>"`` for text.
    """

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class DefinitionError(CaseflowError, ValueError):
    """A definition (workflow or calendar) has one or more problems.

    All problems of a file are collected and raised together, sorted by place.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.file, p.line, p.column))
        )
        count = len(self.problems)
        head = (
            _("1 problem in the definition")
            if count == 1
            else _("{count} problems in the definition")
        ).format(count=count)
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems))


class InputError(CaseflowError, ValueError):
    """A value given to the API is wrong: which value, and what is allowed."""


class TransitionNotAllowed(CaseflowError):
    """``fire()`` refused a trigger; ``reason`` says why in one sentence."""

    def __init__(
        self,
        reason: str,
        *,
        case_id: str,
        state: str,
        trigger: str,
        guard: str | None = None,
        role: str | None = None,
    ) -> None:
        self.reason = reason
        self.case_id = case_id
        self.state = state
        self.trigger = trigger
        self.guard = guard
        self.role = role
        super().__init__(_("case {case!r}: {reason}").format(case=case_id, reason=reason))


class HistoryError(CaseflowError):
    """A recorded history is not a legal run of its workflow."""

    def __init__(self, message: str, *, case_id: str, index: int) -> None:
        self.case_id = case_id
        self.index = index
        super().__init__(
            _("case {case!r}, event {index}: {message}").format(
                case=case_id, index=index, message=message
            )
        )


class ConfigurationError(CaseflowError):
    """The host application wired something wrong (guards, hooks)."""


class StoreError(CaseflowError):
    """The case store failed or refused an operation; nothing was written."""


class ConcurrencyError(StoreError):
    """Another writer appended to the same case since it was loaded."""

    def __init__(self, message: str, *, case_id: str) -> None:
        self.case_id = case_id
        super().__init__(message)


@attrs.frozen(kw_only=True)
class LineProblem:
    """One bad line of an import: its 1-based ``line``, and the case and event when known.

    ``message`` is the whole text after ``line N: ``, so that it reads
    ``line 3: case 'TV-3', event 2: ...``.
    """

    line: int
    message: str
    case_id: str | None = None
    event: int | None = None

    def __str__(self) -> str:
        return _("line {line}: {message}").format(line=self.line, message=self.message)


class ImportRefused(StoreError, InputError):
    """An import found bad lines, and imported nothing: ``problems`` lists each one.

    It is an ``InputError`` too, since the file is what is wrong (and a
    ``StoreError``, since the store refused it).
    """

    def __init__(self, problems: Iterable[LineProblem], *, more: int = 0) -> None:
        self.problems: tuple[LineProblem, ...] = tuple(problems)
        self.more = more
        shown = [str(p) for p in self.problems]
        if more:
            shown.append(_("... and {more} more").format(more=more))
        if len(shown) == 1:
            text = _("{problem}; nothing was imported").format(problem=shown[0])
        else:
            count = len(self.problems) + more
            text = (
                _("{count} problems in the file; nothing was imported:").format(count=count)
                + "\n"
                + "\n".join(shown)
            )
        super().__init__(text)


class RevealRefused(StoreError, PermissionError):
    """A role asked to see confidential values that only other roles may read."""

    def __init__(self, message: str, *, role: str) -> None:
        self.role = role
        super().__init__(message)


def did_you_mean(value: str, allowed: Sequence[str]) -> str:
    """Return " (did you mean 'x'?)" for a near miss, or an empty string."""
    close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    return _(" (did you mean {name!r}?)").format(name=close[0]) if close else ""
