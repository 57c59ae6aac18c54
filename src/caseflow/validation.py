"""Checking definition files as ``caseflow validate`` does: workflows, calendars, folders.

This module owns what validating a set of paths means beyond loading one
workflow: which files a folder holds (every ``*.yaml`` and ``*.yml`` file
under it, at any depth, leaving out hidden files and folders), whether a
file is a workflow or a calendar (by its top-level keys), that a workflow's
``calendar:`` file exists and is itself valid, and the warnings that do not
make a file wrong (a monthly schedule that leaves months without a
session). Reading each kind of file is ``caseflow.loading``'s and
``caseflow.calendars``'; the warning's text is ``caseflow.recurrence``'s;
printing and exit codes are ``caseflow.cli``'s.

Layer 5: it imports ``loading``, ``calendars``, ``recurrence`` and below.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import attrs

from caseflow.calendars import TOP_KEYS as CALENDAR_KEYS
from caseflow.calendars import WorkingCalendar, load_calendar
from caseflow.definition import WorkflowSpec
from caseflow.errors import DefinitionError, InputError, Problem
from caseflow.files import FileRefused, read_limited
from caseflow.i18n import _
from caseflow.loading import TOP_KEYS as WORKFLOW_KEYS
from caseflow.loading import read_workflow
from caseflow.recurrence import month_gap_warning
from caseflow.yamlsafe import MAX_BYTES, YMap, load_yaml

__all__ = ["CALENDAR_ONLY_KEYS", "FileReport", "Validator", "file_kind", "yaml_files"]

Kind = Literal["workflow", "calendar"]

CALENDAR_ONLY_KEYS = CALENDAR_KEYS - WORKFLOW_KEYS
"""Top-level keys only a calendar file has (``weekend``, ``days_off`` ...)."""
_WORKFLOW_ONLY_KEYS = WORKFLOW_KEYS - CALENDAR_KEYS


def file_kind(data: object) -> Kind:
    """``calendar`` if the top-level keys are a calendar's only, else ``workflow``.

    A file is a calendar when it has a key only calendars have and none
    only workflows have; anything else (a mix, or only the shared
    ``caseflow``, ``name``, ``description``) is read as a workflow, whose
    reader then names each key it does not know.
    """
    if not isinstance(data, YMap):
        return "workflow"
    keys = set(data)
    if keys & CALENDAR_ONLY_KEYS and not keys & _WORKFLOW_ONLY_KEYS:
        return "calendar"
    return "workflow"


def yaml_files(folder: Path) -> list[Path]:
    """Every ``*.yaml`` and ``*.yml`` file under ``folder``, at any depth, sorted.

    Hidden files and folders (a name starting with '.') are left out, so a
    ``.git`` or ``.venv`` inside is not read.
    """
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / f
            for f in files
            if not f.startswith(".") and f.lower().endswith((".yaml", ".yml"))
        )
    return sorted(found)


@attrs.frozen(kw_only=True)
class FileReport:
    """What validating one file found.

    ``kind`` is None when the file could not be read as YAML at all.
    ``problems`` make the file wrong; ``warnings`` do not (unless the caller
    is strict). ``workflow`` or ``calendar`` is what was read, when the file
    has no problem.
    """

    file: str
    kind: Kind | None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    workflow: WorkflowSpec | None = None
    calendar: WorkingCalendar | None = None

    @property
    def ok(self) -> bool:
        """Whether the file has no problem (warnings aside)."""
        return not self.problems


def _in_order(file: str, problems: list[Problem]) -> tuple[Problem, ...]:
    """The file's own problems by place, then those of the files it names (its calendar)."""
    return tuple(sorted(problems, key=lambda p: (p.file != file, p.file, p.line, p.column)))


class Validator:
    """Validates files one by one; a calendar file several workflows name is read once."""

    def __init__(self) -> None:
        self._calendars: dict[Path, tuple[Problem, ...]] = {}

    def paths(self, given: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
        """Each file to check, as (shown name, path): a folder gives every file under it.

        A folder that holds no YAML file gives (its name, None).
        """
        for name in given:
            path = Path(name)
            if path.is_dir():
                inside = yaml_files(path)
                if not inside:
                    yield name, None
                for file in inside:
                    yield str(file), file
            else:
                yield name, path

    def check(self, path: Path, *, shown: str | None = None) -> FileReport:
        """Every problem and warning of the file at ``path``, named ``shown`` in messages."""
        file = shown or str(path)
        try:
            data = load_yaml(read_limited(path, limit=MAX_BYTES), filename=file)
        except FileRefused as err:
            message = _("cannot read the file: {reason}").format(reason=err.reason)
            return FileReport(
                file=file,
                kind=None,
                problems=(Problem(file=file, line=1, column=1, message=message),),
            )
        except DefinitionError as err:
            return FileReport(file=file, kind=None, problems=err.problems)
        if file_kind(data) == "calendar":
            return self._check_calendar(path, file)
        return self._check_workflow(path, file, data)

    def _check_calendar(self, path: Path, file: str) -> FileReport:
        try:
            cal = load_calendar(path, filename=file)
        except DefinitionError as err:
            self._calendars[path.resolve()] = err.problems
            return FileReport(file=file, kind="calendar", problems=err.problems)
        except InputError as err:  # a file that cannot be read
            problems = (Problem(file=file, line=1, column=1, message=str(err)),)
            self._calendars[path.resolve()] = problems
            return FileReport(file=file, kind="calendar", problems=problems)
        self._calendars[path.resolve()] = ()
        return FileReport(file=file, kind="calendar", calendar=cal)

    def _check_workflow(self, path: Path, file: str, data: object) -> FileReport:
        # The calendar file is checked from the file's plain values, so that
        # its problems come with the workflow's own, not after they are fixed.
        calendar = self._calendar_problems(data, path, file)
        try:
            spec = read_workflow(path, filename=file)
        except DefinitionError as err:
            problems = _in_order(file, [*err.problems, *calendar])
            return FileReport(file=file, kind="workflow", problems=problems)
        problems = _in_order(file, calendar)
        warnings = []
        for schedule in spec.schedules:
            try:
                gap = month_gap_warning(schedule, zone=spec.timezone)
            except InputError as err:  # pragma: no cover - the loader checked the rule
                gap = str(err)
            if gap is not None:
                line, column = schedule.where.get("", spec.where.get("", (1, 1)))
                warnings.append(Problem(file=file, line=line, column=column, message=gap))
        return FileReport(
            file=file,
            kind="workflow",
            problems=problems,
            warnings=tuple(warnings),
            workflow=spec if not problems else None,
        )

    def _calendar_problems(self, data: object, path: Path, file: str) -> list[Problem]:
        """A ``calendar:`` file must exist and be valid; read relative to the workflow."""
        if not isinstance(data, YMap) or not isinstance(data.get("calendar"), str):
            return []  # none, or not text: the loader says what is wrong
        name: str = data["calendar"]
        if not name.lower().endswith((".yaml", ".yml")):
            return []  # a built-in calendar; the loader checked its name
        line, column = data.value_pos["calendar"]
        target = Path(name) if Path(name).is_absolute() else path.parent / name
        if not target.is_file():
            message = _(
                "calendar file {name!r} does not exist (looked for {path}); give the path "
                "of a calendar file, relative to this workflow, or a built-in calendar such as 'VN'"
            ).format(name=name, path=target)
            return [Problem(file=file, line=line, column=column, message=message)]
        key = target.resolve()
        if key not in self._calendars:
            self._check_calendar(target, str(target))
        own = self._calendars[key]
        if not own:
            return []
        message = _("calendar file {name!r} has {count} problem(s), listed under its name").format(
            name=name, count=len(own)
        )
        return [Problem(file=file, line=line, column=column, message=message), *own]
