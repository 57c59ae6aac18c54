"""The ``validate`` command: every problem of every file at once, and warnings.

This module owns ``validate``'s options, output and exit code. Each path
is a workflow file, a calendar file or a folder (every ``*.yaml``/``*.yml``
under it); what is checked is ``caseflow.validation``'s decision. Output, on
stdout: each problem as ``FILE:LINE:COL: message``, each warning as
``FILE:LINE:COL: warning: message``, and an ``ok`` line for each good file
(unless ``--quiet``); a line is never printed twice (a calendar file named by
several workflows). Exit 1 if any file has a problem, or a warning under
``--strict``; else 0.
"""

from __future__ import annotations

import sys

import click

from caseflow.cli.guard import EXIT_INPUT, guarded
from caseflow.cli.terminal import shown
from caseflow.i18n import _, ngettext
from caseflow.validation import FileReport, Validator

__all__ = ["COMMANDS", "validate"]


def _ok_line(report: FileReport) -> str:
    if report.workflow is not None:
        spec = report.workflow
        return _(
            "{file}: ok ({name} {version}: {states} states, {transitions} transitions)"
        ).format(
            file=report.file,
            name=spec.name,
            version=spec.version,
            states=len(spec.states),
            transitions=len(spec.transitions),
        )
    name = report.calendar.name if report.calendar is not None else ""
    return _("{file}: ok (calendar {name})").format(file=report.file, name=name)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-q", "--quiet", is_flag=True, help="Print problems and warnings only, not 'ok' lines."
)
@click.option("--strict", is_flag=True, help="Treat warnings as problems: exit 1 if there is one.")
@guarded
def validate(paths: tuple[str, ...], quiet: bool, strict: bool) -> None:
    """Check workflow and calendar files, or every YAML file in folders.

    Every problem of every file is printed at once as FILE:LINE:COL: message,
    so that the files can be fixed in one pass; warnings (a schedule that
    leaves months without a session) as FILE:LINE:COL: warning: message.
    A file is a calendar when its top-level keys are a calendar's. Exits 1
    if any file has a problem (or, with --strict, a warning).

    \b
    Examples:
      caseflow validate workflows/*.yaml
      caseflow validate workflows --strict
    """
    validator = Validator()
    printed: set[str] = set()

    def say(line: str) -> None:
        if line not in printed:
            printed.add(line)
            click.echo(shown(line))

    failed = total = 0
    for name, path in validator.paths(paths):
        total += 1
        if path is None:
            failed += 1
            say(_("{folder}: no .yaml or .yml file in this folder").format(folder=name))
            continue
        report = validator.check(path, shown=name)
        for problem in report.problems:
            say(str(problem))
        for warning in report.warnings:
            say(
                _("{file}:{line}:{column}: warning: {message}").format(
                    file=warning.file,
                    line=warning.line,
                    column=warning.column,
                    message=warning.message,
                )
            )
        if not report.ok or (strict and report.warnings):
            failed += 1
        elif not quiet:
            say(_ok_line(report))
    if failed:
        click.echo(
            ngettext(
                "{failed} of {total} file has problems",
                "{failed} of {total} files have problems",
                total,
            ).format(failed=failed, total=total),
            err=True,
        )
        sys.exit(EXIT_INPUT)


COMMANDS = (validate,)
"""The commands to add to the ``caseflow`` group."""
