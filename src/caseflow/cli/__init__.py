"""The ``caseflow`` command: the top layer, wiring the library to a terminal.

This package owns argument parsing, output formatting and exit codes only;
every decision is made by the library. Exit codes: 0 success, 1 the input
is wrong (a problem in a file, a refused step), 2 the command was used
wrongly. A wrong input never prints a traceback: ``CaseflowError`` becomes
its message, and any other exception becomes a one-line internal error.

Here is the click group ``main`` (the ``caseflow`` console script and
``python -m caseflow``); each module below holds one group of commands and
lists them in ``COMMANDS``, which ``main`` adds:

- ``terminal``: values shown on a terminal with control characters escaped
- ``language``: ``--lang``, the run's language, translated ``--help``
- ``guard``: errors to messages and exit codes, shared by every command
- ``usage``: the group's class, which prints every usage error as one line
- ``validating``: ``validate`` (workflow and calendar files, folders)
- ``definitions``: ``show``, ``diagram`` (one workflow file)
- ``schema``: ``schema``, the JSON Schema of the file formats, for editors
- ``legal_time``: ``calendar``, ``deadlines``, ``schedule``
- ``store``: ``cases``, ``history``, ``overdue``, ``export``, ``import``
- ``demo/``: ``demo``, a month of citizen reception on sample petitions
- ``cases``: ``start``, ``fire``, ``update``, ``allowed`` (running cases)
- ``reports``: ``due``, ``report``, ``documents`` (what is due, the papers)
- ``running``: what those share: opening a store, a case's workflow, tables
- ``verify``: ``verify``, property tests of workflow files (``caseflow.testing``)

Layer: the top one (9). It may import any module of caseflow; nothing in
caseflow imports it.
"""

from __future__ import annotations

import click

from caseflow.cli import cases, definitions, legal_time, reports, schema, store, validating
from caseflow.cli.demo import command as demo_command
from caseflow.cli.language import LazyText, LocalisedGroup
from caseflow.cli.usage import OneLineUsageGroup
from caseflow.cli.verify import verify_command

__all__ = ["main"]


class CaseflowGroup(LocalisedGroup, OneLineUsageGroup):
    """The ``caseflow`` group: it runs in the chosen language (``language``) and says
    every usage error in one line (``usage``)."""


@click.group(
    cls=CaseflowGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="caseflow", message=LazyText("%(prog)s, version %(version)s"))
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    expose_value=False,
    help="Language of the output: vi or en (default: CASEFLOW_LANG, else the locale).",
)
def main() -> None:
    """Run case-handling procedures defined in YAML, with legal deadlines.

    \b
    Start here:
      caseflow demo                         run a month of citizen reception
      caseflow validate workflows/*.yaml    check workflow files
      caseflow show workflows/citizen_reception.yaml
      caseflow diagram FILE --format dot | dot -Tsvg > workflow.svg

    Exit codes: 0 success, 1 wrong input (each problem printed as
    FILE:LINE:COL: message), 2 wrong usage.
    """


for _module in (validating, definitions, schema, legal_time, store, demo_command, cases, reports):
    for _command in _module.COMMANDS:
        main.add_command(_command)
main.add_command(verify_command)
