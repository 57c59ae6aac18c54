"""``caseflow verify``: property-test workflow files with the checks of ``caseflow.testing``.

This module owns the command's options, its progress bar (on a terminal
only), and how a result is printed: each failing check with its sentence,
what was expected and what happened, the shrunk counterexample as JSON
Lines in the export format (``caseflow import`` and ``wf.replay`` take
it), and the command that reproduces it. Exit 0 when every check holds,
1 when one fails or a file is wrong, 2 on usage. The checks are
``caseflow.testing``'s.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from caseflow.cli.guard import EXIT_INPUT, guarded
from caseflow.cli.terminal import shown
from caseflow.errors import InputError
from caseflow.i18n import _, ngettext
from caseflow.store.jsonl import case_line, line_text
from caseflow.testing.checks import CHECKS, DEFAULT_EXAMPLES
from caseflow.workflow import load_workflow

if TYPE_CHECKING:
    from caseflow.testing.runner import Outcome

__all__ = ["COMMANDS", "counterexample_lines", "verify_command"]

_NAMES = [c.name for c in CHECKS]


def counterexample_lines(outcome: Outcome) -> list[str]:
    """The violation's cases as export lines (unredacted: their values are generated)."""
    if outcome.violation is None:
        return []
    return [
        line_text(case_line(case, [case.version] * len(case.history)))
        for case in outcome.violation.cases
    ]


def _reproduce(file: str, outcome: Outcome, examples: int, seed: int) -> str:
    return (
        f"caseflow verify {shlex.quote(file)} --only {outcome.check} "
        f"--examples {examples} --seed {seed}"
    )


def _report(file: str, outcome: Outcome, examples: int, seed: int) -> dict[str, Any]:
    violation = outcome.violation
    out: dict[str, Any] = {"file": file, "check": outcome.check, "held": outcome.held}
    if outcome.skipped:
        out["skipped"] = outcome.skipped
    if violation is not None:
        out.update(
            sentence=violation.sentence,
            expected=violation.expected,
            happened=violation.happened,
            counterexample=counterexample_lines(outcome),
            reproduce=_reproduce(file, outcome, examples, seed),
        )
    return out


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        """Nothing to draw when stderr is not a terminal."""


def _print_text(report: dict[str, Any]) -> None:
    # The status column is as wide as the longer word in the run's language, plus two.
    width = max(len(_("ok")), len(_("FAIL"))) + 2
    if report["held"]:
        note = f" ({report['skipped']})" if "skipped" in report else ""
        click.echo(f"  {_('ok').ljust(width)}{report['check']}{shown(note)}")
        return
    click.echo(f"  {_('FAIL').ljust(width)}{report['check']}: {shown(report['sentence'])}")
    click.echo("        " + _("expected: {what}").format(what=shown(report["expected"])))
    click.echo("        " + _("happened: {what}").format(what=shown(report["happened"])))
    click.echo("        " + _("counterexample (JSON Lines, as `caseflow export` writes them):"))
    for line in report["counterexample"]:
        click.echo(shown(line))
    click.echo("        " + _("reproduce: {command}").format(command=report["reproduce"]))


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--examples",
    type=click.IntRange(min=1, max=100000),
    default=DEFAULT_EXAMPLES,
    show_default=True,
    help="Generated histories (and sets of data) per check.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="The random seed: the same seed gives the same run.",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    type=click.Choice(_NAMES),
    help="Run only this check (repeatable).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@guarded
def verify_command(
    files: tuple[str, ...], examples: int, seed: int, only: tuple[str, ...], fmt: str
) -> None:
    """Property-test workflow FILEs: generate legal histories and check every invariant.

    Each failing check prints its sentence, what was expected and what
    happened, a minimal counterexample as JSON Lines (feed it to `caseflow
    import --workflow FILE` or `wf.replay`), and the command that reproduces
    it. Exit 0 when every check holds, 1 when one fails. docs/verify.md
    explains each check.
    """
    workflows = [(f, load_workflow(Path(f), filename=f)) for f in files]
    for file, wf in workflows:
        registered = [g.name for g in wf.spec.guards if g.registered]
        if registered:
            raise InputError(
                _(
                    "{file}: guard(s) {names} are registered from Python, which the command "
                    "line cannot run; verify this workflow from the app's tests with "
                    "caseflow.testing.verify(load_workflow(..., guards=...)) (docs/verify.md)"
                ).format(file=file, names=", ".join(registered))
            )
    # The runner needs hypothesis: imported here, not with every command.
    from caseflow.testing.runner import verify

    names = list(only) or _NAMES
    reports: list[dict[str, Any]] = []
    bar: Any = (
        click.progressbar(length=len(names) * len(files), label=_("verifying"), file=sys.stderr)
        if sys.stderr.isatty()
        else _NoBar()
    )
    with bar:
        for file, wf in workflows:
            outcomes = verify(
                wf, examples=examples, seed=seed, only=names, progress=lambda _n: bar.update(1)
            )
            reports.extend(_report(file, o, examples, seed) for o in outcomes)
    if fmt == "json":
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
    else:
        current = None
        for report in reports:
            if report["file"] != current:
                current = report["file"]
                click.echo(shown(current))
            _print_text(report)
        failed = sum(not r["held"] for r in reports)
        summary = (
            ngettext("{n} check failed", "{n} checks failed", failed).format(n=failed)
            if failed
            else _("every check held ({n} examples, seed {seed})").format(n=examples, seed=seed)
        )
        click.echo(summary)
    if any(not r["held"] for r in reports):
        sys.exit(EXIT_INPUT)


COMMANDS = (verify_command,)
"""The commands to add to the ``caseflow`` group."""
