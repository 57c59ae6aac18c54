"""The ``schema`` command: the JSON Schema of the workflow or calendar format, for editors.

This module owns the command's options and output: the schema that
``caseflow.loading.schema`` builds from the loader's vocabulary, printed as
JSON. An editor with the YAML language server reads it from a file named in
a first-line comment, ``# yaml-language-server: $schema=caseflow.schema.json``.
"""

from __future__ import annotations

import json

import click

from caseflow.cli.guard import guarded

__all__ = ["COMMANDS", "schema"]


@click.command()
@click.option(
    "--kind",
    type=click.Choice(["workflow", "calendar"]),
    default="workflow",
    show_default=True,
    help="Which file format: a workflow or a working calendar.",
)
@guarded
def schema(kind: str) -> None:
    """Print the JSON Schema (draft 2020-12) of workflow or calendar files.

    Editors with the YAML language server (VS Code, Neovim) then complete
    keys and flag mistakes as you type. The schema is built from the same
    vocabulary the loader uses; `caseflow validate` still checks more.

    \b
    Examples:
      caseflow schema > caseflow.schema.json
      caseflow schema --kind calendar > caseflow-calendar.schema.json
    and, as the first line of a workflow file:
      # yaml-language-server: $schema=caseflow.schema.json
    """
    from caseflow.loading.schema import json_schema

    click.echo(
        json.dumps(
            json_schema("calendar" if kind == "calendar" else "workflow"),
            ensure_ascii=False,
            indent=2,
        )
    )


COMMANDS = (schema,)
"""The commands to add to the ``caseflow`` group."""
