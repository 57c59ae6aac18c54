"""Getting a calendar: the built-in registry, files, and ``extends`` chains.

This module owns ``calendar("VN")`` (a built-in calendar by name, loaded
once and cached, or a file by path) and ``load_calendar`` (a file or YAML
text, read anew): reading the text safely (``yamlsafe``), reading the file
(``file_reader``), resolving ``extends`` (a built-in name or a relative
path, with cycles refused), the checks that need the inherited days (a
``removed`` day must be off there, a make-up working day must not already be
worked), and raising every problem of the chain at once. The calendar it
returns is a ``working_calendar.WorkingCalendar``; the shipped files live in
``caseflow/workflows/calendars``.
"""

from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path
from typing import Final

import attrs

from caseflow.calendars.calendar_file import CalendarSpec, listing
from caseflow.calendars.days import WEEKDAY_NAMES_EN, WEEKDAYS
from caseflow.calendars.file_reader import FileReader
from caseflow.calendars.working_calendar import WorkingCalendar
from caseflow.errors import DefinitionError, InputError, Problem, did_you_mean
from caseflow.files import FileRefused, read_limited
from caseflow.i18n import _
from caseflow.yamlsafe import MAX_BYTES, load_yaml

__all__ = ["BUILTIN_CALENDARS", "calendar", "load_calendar"]

BUILTIN_CALENDARS: Final[dict[str, str]] = {"VN": "vn.yaml"}
"""Calendars shipped in ``caseflow/workflows/calendars``, by name."""


def _builtin_path(name: str) -> Path:
    """Where the built-in calendar ``name`` lives inside the installed package."""
    resource = resources.files("caseflow").joinpath(
        "workflows", "calendars", BUILTIN_CALENDARS[name]
    )
    return Path(str(resource))


def _builtin_key(name: str) -> str | None:
    """The built-in calendar ``name`` means (any case), or None."""
    upper = name.upper()
    return upper if upper in BUILTIN_CALENDARS else None


_cache: dict[str, WorkingCalendar] = {}
_cache_lock = threading.RLock()  # a built-in may extend another built-in


def calendar(name_or_path: str | os.PathLike[str] = "VN") -> WorkingCalendar:
    """A working calendar by built-in name (case-insensitive, cached) or file path.

    ``calendar("VN")`` is the Vietnamese public-sector calendar; the same
    object is returned on every call. A path to a ``.yaml``/``.yml`` file
    is loaded anew on each call (use ``load_calendar`` and keep the result).
    """
    if isinstance(name_or_path, str):
        key = _builtin_key(name_or_path)
        if key is not None:
            with _cache_lock:
                cal = _cache.get(key)
                if cal is None:
                    cal = _load_file(
                        _builtin_path(key),
                        f"caseflow/workflows/calendars/{BUILTIN_CALENDARS[key]}",
                        (),
                    )
                    _cache[key] = cal
            return cal
        if not name_or_path.lower().endswith((".yaml", ".yml")):
            raise InputError(
                _(
                    "unknown calendar {name_or_path!r}{value}; built-in "
                    "calendars: {value2}; or give a path to a .yaml file"
                ).format(
                    name_or_path=name_or_path,
                    value=did_you_mean(name_or_path.upper(), sorted(BUILTIN_CALENDARS)),
                    value2=listing(BUILTIN_CALENDARS),
                )
            )
    elif not isinstance(name_or_path, os.PathLike):
        raise InputError(
            _(
                "calendar name_or_path={name_or_path!r} must be a calendar "
                "name such as 'VN' or a path"
            ).format(name_or_path=name_or_path)
        )
    return load_calendar(Path(name_or_path))


def load_calendar(
    path_or_text: str | bytes | os.PathLike[str], *, filename: str | None = None
) -> WorkingCalendar:
    """Read a calendar from a file path or from YAML text, checking it whole.

    A ``str`` holding a newline or a ':' is YAML text (``filename`` names it
    in messages, default ``"<string>"``; a relative ``extends`` path is then
    read from the current directory); any other ``str`` or a path-like is a
    file. Raises ``DefinitionError`` listing every problem with file:line:col.
    """
    if isinstance(path_or_text, bytes) or (
        isinstance(path_or_text, str)
        and ("\n" in path_or_text or ":" in path_or_text.split("/")[-1])
    ):
        name = filename or "<string>"
        return _load_text(path_or_text, name, Path.cwd(), ())
    if not isinstance(path_or_text, (str, os.PathLike)):
        raise InputError(
            _("path_or_text must be a path or the calendar's YAML text, not {kind}").format(
                kind=type(path_or_text).__name__
            )
        )
    path = Path(path_or_text)
    return _load_file(path, filename or str(path_or_text), ())


def _load_file(path: Path, shown: str, chain: tuple[Path, ...]) -> WorkingCalendar:
    try:
        data = read_limited(path, limit=MAX_BYTES)
    except FileRefused as err:
        raise InputError(
            _("cannot read calendar file {shown!r}: {reason}").format(
                shown=shown, reason=err.reason
            )
        ) from None
    return _load_text(data, shown, path.resolve().parent, (*chain, path.resolve()))


def _load_text(
    text: str | bytes, filename: str, folder: Path, chain: tuple[Path, ...]
) -> WorkingCalendar:
    reader = FileReader(filename)
    spec = reader.read(load_yaml(text, filename=filename))
    if spec is None:
        raise DefinitionError(reader.problems)
    parent: WorkingCalendar | None = None
    inherited: list[Problem] = []
    if spec.extends is not None:
        try:
            parent = _resolve_extends(spec, folder, chain, reader)
        except DefinitionError as err:
            inherited.extend(err.problems)
    if parent is not None:
        _check_against(spec, parent, reader)
    elif spec.extends is None and spec.rules:
        _check_against(spec, None, reader)
    if reader.problems or inherited:
        raise DefinitionError([*inherited, *reader.problems])
    return WorkingCalendar(spec, parent)


def _resolve_extends(
    spec: CalendarSpec, folder: Path, chain: tuple[Path, ...], reader: FileReader
) -> WorkingCalendar | None:
    assert spec.extends is not None
    target = spec.extends
    key = _builtin_key(target)
    if key is not None:
        return calendar(key)
    if not target.lower().endswith((".yaml", ".yml")):
        reader.problem(
            spec.extends_pos,
            _(
                "extends: {target!r} is not a known calendar{value}; "
                "built-in calendars: {value2}; or give a path to a .yaml file"
            ).format(
                target=target,
                value=did_you_mean(target.upper(), sorted(BUILTIN_CALENDARS)),
                value2=listing(BUILTIN_CALENDARS),
            ),
        )
        return None
    path = (folder / target).resolve()
    if path in chain:
        names = " -> ".join(p.name for p in (*chain[chain.index(path) :], path))
        reader.problem(
            spec.extends_pos,
            _("extends: {target!r} makes a cycle: {names}").format(target=target, names=names),
        )
        return None
    if not path.is_file():
        reader.problem(
            spec.extends_pos,
            _("extends: {target!r} names no file (looked for {path})").format(
                target=target, path=path
            ),
        )
        return None
    return _load_file(path, str(path), chain)


def _check_against(spec: CalendarSpec, parent: WorkingCalendar | None, reader: FileReader) -> None:
    """Checks that need the inherited days: what a file removes must be off
    there, and what it makes a working day must not be one already."""
    if parent is not None and spec.official_years is not None:
        for year, pos in zip(spec.official_years, spec.official_pos, strict=True):
            if year not in parent.official_years:
                allowed = ", ".join(str(y) for y in sorted(parent.official_years)) or "none"
                reader.problem(
                    pos,
                    _(
                        "official_years: {year} has no official schedule in "
                        "{name!r}, which this calendar extends; allowed: {allowed}"
                    ).format(year=year, name=parent.name, allowed=allowed),
                )
    base = WorkingCalendar(attrs.evolve(spec, rules=()), parent)
    weekend = base.weekend
    if parent is not None:
        where = repr(parent.name)
    elif spec.package is not None:
        where = f"the holidays package data for {spec.package}"
    else:
        where = "this calendar, which has neither 'extends' nor 'public_holidays'"
    for rule in spec.rules:
        if rule.first is None or rule.last is None or rule.first != rule.last:
            continue  # ranges and yearly entries may cross weekends and holidays freely
        day = rule.first
        info = base.day_info(day)
        weekday = WEEKDAY_NAMES_EN[day.weekday()]
        # Off without this file: a weekend day (even if made up) or a day off.
        off_anyway = WEEKDAYS[day.weekday()] in weekend or not info.working
        if rule.section == "working_days" and not off_anyway:
            reader.problem(
                rule.pos,
                _(
                    "{label}: {day} is a {weekday} and already a working day "
                    "without this entry; a make-up working day must fall on a "
                    "weekend day or an inherited day off (is the date right?)"
                ).format(label=rule.label, day=day.isoformat(), weekday=weekday),
            )
        elif rule.section == "removed" and info.kind in ("working", "weekend", "make-up"):
            shown = "a weekend day" if info.kind == "weekend" else "a working day"
            reader.problem(
                rule.pos,
                _(
                    "{label}: {day} ({weekday}) is {shown}, not a holiday or day "
                    "off in {where}; nothing to remove (removed lists inherited "
                    "days off only)"
                ).format(
                    label=rule.label, day=day.isoformat(), weekday=weekday, shown=shown, where=where
                ),
            )
