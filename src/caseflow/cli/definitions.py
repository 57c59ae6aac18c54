"""The commands that read one workflow definition: ``show``, ``diagram``.

This module owns their options, output and exit codes: ``show`` and
``diagram`` print what ``caseflow.render.summary`` and
``caseflow.render.diagram`` draw (``validate`` is ``validating``'s).
Reading and checking the YAML is ``caseflow.loading``'s job; turning errors into exit codes is
``caseflow.cli.guard``'s; ``caseflow.cli`` adds these commands to its group.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from caseflow.cli.guard import guarded
from caseflow.cli.running import lang_option, spoken
from caseflow.cli.terminal import shown_lines
from caseflow.i18n import _

__all__ = ["COMMANDS", "diagram", "show"]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot", "svg", "png"]),
    default="mermaid",
    show_default=True,
    help="mermaid: paste into a Markdown viewer; dot: pipe into Graphviz; svg, png: drawn "
    "by Graphviz's dot, which must be installed.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write the diagram to this file instead of standard output.",
)
@lang_option
@spoken
@guarded
def diagram(file: str, fmt: str, out: str | None, lang: str) -> None:
    """Draw a workflow's states and transitions, top to bottom, to fit an A4 page.

    The main path runs straight down; other endings stand together beside
    it, each naming the actions that lead to it; an action taken from
    several states is drawn once, from a junction point. Dashed edges (DOT)
    and "[guard]" mark transitions with a condition; roles allowed to fire
    a trigger are shown in brackets.

    \b
    Examples:
      caseflow diagram workflows/citizen_reception.yaml --lang vi
      caseflow diagram workflows/complaint.yaml --format svg --out complaint.svg
      caseflow diagram workflows/complaint.yaml --format dot | dot -Tsvg > complaint.svg
    """
    from caseflow.loading import read_workflow
    from caseflow.render.diagram import render_dot, to_dot, to_mermaid

    spec = read_workflow(Path(file), filename=file)
    data: bytes
    if fmt == "mermaid":
        data = to_mermaid(spec, lang=lang).encode("utf-8")
    elif fmt == "dot":
        data = to_dot(spec, lang=lang).encode("utf-8")
    else:
        if fmt == "png" and out is None and sys.stdout.isatty():
            raise click.UsageError(_("a PNG is binary: give --out FILE, or redirect the output"))
        data = render_dot(to_dot(spec, lang=lang), fmt)
    if out is not None:
        Path(out).write_bytes(data)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@lang_option
@spoken
@guarded
def show(file: str, lang: str) -> None:
    """Summarise a workflow: states, triggers, roles, fields, schedules."""
    from caseflow.loading import read_workflow
    from caseflow.render.summary import summary

    spec = read_workflow(Path(file), filename=file)
    click.echo(shown_lines(summary(spec, lang=lang)), nl=False)


COMMANDS = (show, diagram)
"""The commands to add to the ``caseflow`` group."""
