"""The ``caseflow`` command: wires the library to a terminal.

This module owns argument parsing, output formatting and exit codes only;
every decision is made by the library. Exit codes: 0 success, 1 the input
is wrong (a problem in a file, a refused step), 2 the command was used
wrongly. A wrong input never prints a traceback: ``CaseflowError`` becomes
its message, and any other exception becomes a one-line internal error.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from caseflow.errors import CaseflowError, DefinitionError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"caseflow: {message}", err=True)
    sys.exit(EXIT_INPUT)


def _guarded(fn: F) -> F:
    """Turn library errors into messages and exit code 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DefinitionError as err:
            for problem in err.problems:
                click.echo(str(problem))
            sys.exit(EXIT_INPUT)
        except CaseflowError as err:
            _fail(str(err))
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # output piped into `head`: not an error
            sys.exit(EXIT_OK)
        except Exception as err:  # the promise: no traceback, ever
            _fail(f"internal error ({type(err).__name__}: {err}); please report this")

    return wrapper  # type: ignore[return-value]


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="caseflow")
def main() -> None:
    """Run case-handling procedures defined in YAML, with legal deadlines.

    \b
    Start here:
      caseflow demo                         run a month of citizen reception
      caseflow validate workflows/*.yaml    check workflow files
      caseflow show workflows/citizen_reception.yaml
      caseflow diagram FILE | dot -Tsvg > workflow.svg

    Exit codes: 0 success, 1 wrong input (each problem printed as
    FILE:LINE:COL: message), 2 wrong usage.
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, not the 'ok' lines.")
@_guarded
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
                click.echo(str(problem))
            continue
        if not quiet:
            click.echo(
                f"{file}: ok ({spec.name} {spec.version}: {len(spec.states)} states, "
                f"{len(spec.transitions)} transitions)"
            )
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) have problems", err=True)
        sys.exit(EXIT_INPUT)


@main.command()
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
@_guarded
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


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["vi", "en"]), default="en", show_default=True)
@_guarded
def show(file: str, lang: str) -> None:
    """Summarise a workflow: states, triggers, roles, fields, schedules."""
    from caseflow.loading import read_workflow
    from caseflow.render.summary import summary

    spec = read_workflow(Path(file), filename=file)
    click.echo(summary(spec, lang=lang), nl=False)


@main.command()
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite file to keep the cases in (default: a fresh temporary one).",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="Seed for sample data.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="en", show_default=True)
@_guarded
def demo(db: str | None, seed: int, lang: str) -> None:
    """Run seeded sample petitions through the citizen-reception workflow.

    Prints each petition's path through the workflow and what was decided.
    """
    from caseflow.demo import run_demo

    run_demo(db=db, seed=seed, lang=lang, echo=click.echo)


if __name__ == "__main__":  # pragma: no cover
    main()
