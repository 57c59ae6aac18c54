"""How citizens attend a schedule's sessions: in person, online or both, and how to join.

This module owns reading a schedule's ``mode`` (``in_person``, ``online``
or ``hybrid``; Luật 136/2025/QH15 adds online reception from 1/7/2026), its
``meeting_link`` (an https address, required unless in person) and
``join`` (the instructions an invitation gives). ``schedules`` calls it for
each schedule; the ICS and the invitations print what it reads.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from caseflow.definition import SESSION_MODES
from caseflow.errors import did_you_mean
from caseflow.i18n import _
from caseflow.loading.context import Reading, listing
from caseflow.yamlsafe import YMap, describe

__all__ = ["ONLINE_KEYS", "read_online"]

ONLINE_KEYS = frozenset({"mode", "meeting_link", "join"})


def read_online(reading: Reading, m: YMap, what: str) -> tuple[str, str | None, str | None]:
    """The schedule's mode, meeting link and joining instructions, each checked."""
    mode = "in_person"
    if "mode" in m:
        value = m["mode"]
        if isinstance(value, str) and value in SESSION_MODES:
            mode = value
        else:
            hint = did_you_mean(value, sorted(SESSION_MODES)) if isinstance(value, str) else ""
            reading.problem(
                m.value_pos["mode"],
                _("{what}: 'mode' must be one of {allowed}, not {value}{hint}").format(
                    what=what, allowed=listing(SESSION_MODES), value=describe(value), hint=hint
                ),
            )
    link = reading.text(m, "meeting_link", what)
    if link is not None:
        parts = urlsplit(link.strip())
        if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in link.strip()):
            reading.problem(
                m.value_pos["meeting_link"],
                _(
                    "{what}: 'meeting_link' must be an https:// address without spaces, not {value}"
                ).format(what=what, value=describe(link)),
            )
            link = None
        else:
            link = link.strip()
    elif mode != "in_person" and "mode" in m:
        reading.problem(
            m.value_pos["mode"],
            _(
                "{what}: a session held {mode} needs 'meeting_link', the https:// address "
                "citizens join at"
            ).format(what=what, mode=mode),
        )
    join = reading.text(m, "join", what)
    return mode, link, " ".join(join.split()) if join else None
