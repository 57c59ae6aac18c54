"""The ``caseflow`` command: the top layer, wiring the library to a terminal.

This package owns argument parsing, output formatting and exit codes only;
every decision is made by the library. Exit codes: 0 success, 1 the input
is wrong (a problem in a file, a refused step), 2 the command was used
wrongly. A wrong input never prints a traceback: ``CaseflowError`` becomes
its message, and any other exception becomes a one-line internal error.

Here is the click group ``main`` (the ``caseflow`` console script and
``python -m caseflow``); each module below holds one group of commands and
lists them in ``COMMANDS``, which ``main`` adds:

- ``guard``: errors to messages and exit codes, shared by every command
- ``definitions``: ``validate``, ``show``, ``diagram`` (one workflow file)
- ``legal_time``: ``calendar``, ``deadlines``, ``schedule``
- ``store``: ``cases``, ``history``, ``overdue``, ``export``, ``import``
- ``demo``: ``demo``, a month of citizen reception on sample petitions

Layer: the top one (8). It may import any module of caseflow; nothing in
caseflow imports it.
"""

from __future__ import annotations

from pathlib import Path

import click

from caseflow.cli import definitions, legal_time, store
from caseflow.cli.guard import guarded

__all__ = ["main"]


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
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where to keep the cases: a SQLite file or a store URL "
    "(default: cases.db in the --out folder, made anew).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="caseflow-demo",
    show_default=True,
    help="Folder for the documents (agenda, briefs, invitations, notice, report).",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="Seed for sample data.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="en", show_default=True)
@guarded
def demo(db: str | None, out: str, seed: int, lang: str) -> None:
    """Run a month of citizen reception on seeded sample petitions.

    The year's session calendar, intake, screening, the docket with its
    reasons, brief deadlines, the session, conclusions, the conclusion notice
    and the report upward: printed as a story, with the documents written
    to --out as Markdown and HTML.
    """
    from caseflow.cli.demo import run_demo

    if db is None:
        # The default store is the demo's own, made anew on every run.
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        db = str(folder / "cases.db")
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    run_demo(db=db, out=out, seed=seed, lang=lang, echo=click.echo)


for _module in (definitions, legal_time, store):
    for _command in _module.COMMANDS:
        main.add_command(_command)
