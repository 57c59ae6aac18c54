"""The record of one period's session: ``Occurrence``, and what can happen to it.

This module owns ``Occurrence`` (the nominal date the rule gives, the date
the session is held, its status and the reason) and the ``STATUSES`` a
session can end in. Computing occurrences is ``window``'s job; showing them
is ``render.ics``'s and ``render.schedule_text``'s.
"""

from __future__ import annotations

from datetime import date, time
from typing import Final, Literal, TypeAlias

import attrs

__all__ = ["STATUSES", "Occurrence", "Status"]

Status: TypeAlias = Literal["held", "moved", "cancelled", "skipped"]

STATUSES: Final = ("held", "moved", "cancelled", "skipped")
"""What happened to an occurrence: held on its nominal date (possibly a day
off, under ``keep``), moved (by the day-off policy or an override),
cancelled (by an override) or skipped (by the policy, a merge, or because
the rule gives no date that month)."""

_Date: TypeAlias = date  # the field names ``date`` and ``time`` shadow the types
_Time: TypeAlias = time


@attrs.frozen(kw_only=True)
class Occurrence:
    """One period's session of a schedule: when it is held, or why it is not.

    ``nominal`` is the date the rule gives; ``date`` is when the session is
    held after the day-off policy and overrides (equal to ``nominal`` unless
    ``status`` is ``"moved"``). ``reason`` is ``None`` for a plain session on
    a working day, and otherwise says what happened and why. ``no_date`` is
    true for a month where the rule gives no day at all (``date`` and
    ``nominal`` are then the month's 1st and ``status`` is ``"skipped"``).
    ``provisional`` is the calendar's flag for ``date``: the year has no
    official schedule of day swaps yet, so the date may still change.
    """

    schedule: str
    date: _Date
    nominal: _Date
    reason: str | None
    status: Status
    time: _Time | None = None
    place: str | None = None
    contact: str | None = None
    provisional: bool = False
    no_date: bool = False

    @property
    def takes_place(self) -> bool:
        """Whether a session is held (status ``held`` or ``moved``)."""
        return self.status in ("held", "moved")
