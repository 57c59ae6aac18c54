"""The top of a workflow file: its keys, its header, and its roles.

This module owns the vocabulary of the top level (``TOP_KEYS``), the header
(``caseflow`` format version, ``name``, ``version``, ``calendar``,
``timezone``) and the ``roles`` section. Each other section is read by its
own module; ``reader`` calls them in file order. A calendar is only checked
by name here; reading a calendar file is ``caseflow.calendars``' job.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

import attrs

from caseflow.calendars import BUILTIN_CALENDARS
from caseflow.definition import FORMAT_VERSION, Role
from caseflow.errors import did_you_mean
from caseflow.i18n import _
from caseflow.loading.context import Reading, listing
from caseflow.yamlsafe import Pos, YMap, describe

__all__ = ["ROLE_KEYS", "TOP_KEYS", "Header", "read_header", "read_role"]

TOP_KEYS = frozenset(
    {
        "caseflow",
        "name",
        "version",
        "title",
        "description",
        "calendar",
        "timezone",
        "source",
        "roles",
        "fields",
        "guards",
        "states",
        "transitions",
        "schedules",
        "deadlines",
        "docket",
        "documents",
    }
)
ROLE_KEYS = frozenset({"label", "description"})


@attrs.frozen(kw_only=True)
class Header:
    """What the header says; ``name`` is None when it could not be read."""

    name: str | None
    version: str
    calendar: str
    timezone: str


def read_header(reading: Reading, top: YMap) -> Header:
    """Check the top-level keys and read the header, reporting what is wrong."""
    reading.keys(top, _("the workflow"), TOP_KEYS, required=("caseflow", "name", "states"))
    _check_format(reading, top)
    name = None
    if "name" in top:
        name = reading.name(top["name"], top.value_pos["name"], _("the workflow name"))
    version = _read_version(reading, top)
    # The defaults apply only when a key is absent or null: an empty or
    # misspelt value is a mistake to report, not a request for the default.
    calendar = reading.text(top, "calendar", _("the workflow"))
    if calendar is None:
        calendar = "VN"
    else:
        _check_calendar(reading, calendar, top.value_pos["calendar"])
    timezone = reading.text(top, "timezone", _("the workflow"))
    if timezone is None:
        timezone = "Asia/Ho_Chi_Minh"
    else:
        _check_timezone(reading, timezone, top.value_pos["timezone"])
    return Header(name=name, version=version, calendar=calendar, timezone=timezone)


def _check_format(reading: Reading, top: YMap) -> None:
    if "caseflow" not in top:
        return
    fmt = top["caseflow"]
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        reading.problem(
            top.value_pos["caseflow"],
            _(
                "the workflow: 'caseflow' must be a whole number, not "
                "{value}; this caseflow reads 'caseflow: {format_version}'"
            ).format(value=describe(fmt), format_version=FORMAT_VERSION),
        )
    elif fmt != FORMAT_VERSION:
        reading.problem(
            top.value_pos["caseflow"],
            _(
                "unsupported format version {fmt}; this caseflow reads 'caseflow: {format_version}'"
            ).format(fmt=fmt, format_version=FORMAT_VERSION),
        )


def _read_version(reading: Reading, top: YMap) -> str:
    if "version" not in top or top["version"] is None:
        return "1"
    raw = top["version"]
    if isinstance(raw, str) and raw.strip():
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    reading.problem(
        top.value_pos["version"],
        _(
            "the workflow: 'version' must be text or a whole number, not "
            '{value}; write it in quotes (version: "{raw}") so that e.g. '
            "2026.10 does not read as the number 2026.1"
        ).format(value=describe(raw), raw=raw),
    )
    return "1"


def _check_calendar(reading: Reading, name: str, pos: Pos) -> None:
    if name.upper() in BUILTIN_CALENDARS or name.lower().endswith((".yaml", ".yml")):
        return
    reading.problem(
        pos,
        _(
            "unknown calendar {name!r}{value}; built-in calendars: "
            "{value2}; or give the path of a calendar file ending in "
            ".yaml"
        ).format(
            name=name,
            value=did_you_mean(name.upper(), sorted(BUILTIN_CALENDARS)),
            value2=listing(BUILTIN_CALENDARS),
        ),
    )


def _check_timezone(reading: Reading, tz: str, pos: Pos) -> None:
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        reading.problem(
            pos,
            _("unknown time zone {tz!r}; use an IANA name such as 'Asia/Ho_Chi_Minh'").format(
                tz=tz
            ),
        )


def read_role(reading: Reading, name: str, value: Any, key_pos: Pos, pos: Pos) -> Role | None:
    """One entry of ``roles``."""
    what = _("role {name!r}").format(name=name)
    m = reading.mapping(value, pos, what, allow_null=True)
    if m is None:
        return None
    reading.keys(m, what, ROLE_KEYS)
    return Role(
        name=name,
        label=reading.label(m, "label", what),
        description=reading.text(m, "description", what),
        where={"": key_pos},
    )
