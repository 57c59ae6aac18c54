"""The commands that read one workflow definition: ``show``, ``diagram``.

This module owns their options, output and exit codes: ``show`` and
``diagram`` print what ``caseflow.render.summary`` and
``caseflow.render.diagram`` draw (``validate`` is ``validating``'s).
Reading and checking the YAML is ``caseflow.loading``'s job; turning errors into exit codes is
``caseflow.cli.guard``'s; ``caseflow.cli`` adds these commands to its group.
"""

from __future__ import annotations

from pathlib import Path

import click

from caseflow.cli.guard import guarded
from caseflow.cli.terminal import shown_lines

__all__ = ["COMMANDS", "diagram", "show"]


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


COMMANDS = (show, diagram)
"""The commands to add to the ``caseflow`` group."""
