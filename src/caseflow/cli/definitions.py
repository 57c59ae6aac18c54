"""The commands that read one workflow definition: ``validate``, ``show``, ``diagram``.

This module owns their options, output and exit codes: ``validate`` prints
every problem of each file as ``FILE:LINE:COL: message`` and exits 1 if any
file has one; ``show`` and ``diagram`` print what ``caseflow.render.summary``
and ``caseflow.render.diagram`` draw. Reading and checking the YAML is
``caseflow.loading``'s job; turning errors into exit codes is
``caseflow.cli.guard``'s; ``caseflow.cli`` adds these commands to its group.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from caseflow.cli.guard import EXIT_INPUT, guarded
from caseflow.cli.terminal import shown, shown_lines
from caseflow.errors import DefinitionError
from caseflow.i18n import _

__all__ = ["COMMANDS", "diagram", "show", "validate"]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, not the 'ok' lines.")
@guarded
def validate(files: tuple[str, ...], quiet: bool) -> None:
    """Check workflow files and print every problem as FILE:LINE:COL: message.

    All problems of each file are reported at once, so a file can be fixed
    in one pass. Exits 1 if any file has a problem.

    \b
    Example:
      caseflow validate workflows/*.yaml
    """
    from caseflow.loading import read_workflow

    failed = 0
    for file in files:
        try:
            spec = read_workflow(Path(file), filename=file)
        except DefinitionError as err:
            failed += 1
            for problem in err.problems:
                click.echo(shown(str(problem)))
            continue
        if not quiet:
            click.echo(
                _(
                    "{file}: ok ({name} {version}: {states} states, {transitions} transitions)"
                ).format(
                    file=shown(file),
                    name=shown(spec.name),
                    version=shown(spec.version),
                    states=len(spec.states),
                    transitions=len(spec.transitions),
                )
            )
    if failed:
        click.echo(
            _("{failed} of {total} file(s) have problems").format(failed=failed, total=len(files)),
            err=True,
        )
        sys.exit(EXIT_INPUT)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help="mermaid: paste into a Markdown viewer; dot: pipe into Graphviz.",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="en", show_default=True)
@guarded
def diagram(file: str, fmt: str, lang: str) -> None:
    """Draw a workflow's states and transitions.

    Dashed edges (DOT) and "[guard]" mark transitions with a condition;
    roles allowed to fire a trigger are shown in brackets.

    \b
    Examples:
      caseflow diagram workflows/citizen_reception.yaml --lang vi
      caseflow diagram workflows/complaint.yaml --format dot | dot -Tsvg > complaint.svg
    """
    from caseflow.loading import read_workflow
    from caseflow.render.diagram import to_dot, to_mermaid

    spec = read_workflow(Path(file), filename=file)
    click.echo(to_dot(spec, lang=lang) if fmt == "dot" else to_mermaid(spec, lang=lang), nl=False)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["vi", "en"]), default="en", show_default=True)
@guarded
def show(file: str, lang: str) -> None:
    """Summarise a workflow: states, triggers, roles, fields, schedules."""
    from caseflow.loading import read_workflow
    from caseflow.render.summary import summary

    spec = read_workflow(Path(file), filename=file)
    click.echo(shown_lines(summary(spec, lang=lang)), nl=False)


COMMANDS = (validate, show, diagram)
"""The commands to add to the ``caseflow`` group."""
