"""How a wrong use of the command line is told: one line, exit 2.

This module owns ``OneLineUsageGroup``, the class of the ``caseflow``
group. click answers a usage error (a missing option or argument, an
unknown option or command, a value not among the choices, options that go
together) with its usage line, a "Try ... --help" hint, a blank line and
``Error: ...``: four lines where a script or a clerk needs one. The group
turns every such error, of the group and of each command, into one line on
stderr, with the same exit code 2::

    caseflow start: missing option '--actor'; see caseflow start --help

The message itself is click's (its wording, its "did you mean"), with the
first letter lowered and the final full stop dropped so that it reads as a
clause; control characters in it are escaped (``terminal.shown``). Running
``caseflow`` without a command still prints the help, as click does. Which
errors are usage errors is click's and the commands' choice; errors in the
input itself are ``guard``'s (exit 1).
"""

from __future__ import annotations

import re
from typing import IO, Any

import click
from click.exceptions import NoArgsIsHelpError

from caseflow.cli.terminal import shown
from caseflow.i18n import _

__all__ = ["OneLineUsageError", "OneLineUsageGroup", "one_line"]

PROGRAM = "caseflow"


class OneLineUsageError(click.UsageError):
    """A usage error shown as one line: ``caseflow CMD: message; see caseflow CMD --help``."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), file=file, err=file is None)


def _command_path(ctx: click.Context | None) -> str:
    """``caseflow`` and the subcommand names, whatever name the group was invoked under."""
    names: list[str] = []
    while ctx is not None:
        if ctx.parent is not None and ctx.info_name:
            names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join([PROGRAM, *reversed(names)])


def _clause(message: str) -> str:
    """click's sentence as a clause: first letter lowered (unless an acronym), no final stop."""
    text = " ".join(message.split())  # a wrapped message stays one line
    # "No such option '--fomat'. (Did you mean ...?)": one clause, its hint in brackets.
    text = re.sub(r"\. \((\w)", lambda m: f" ({m.group(1).lower()}", text)
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def one_line(err: click.UsageError, command: str | None = None) -> OneLineUsageError:
    """The one-line form of click's usage error ``err``, with the same context and exit code.

    ``command`` names the command when the error has no context of its own (click's
    parser raises "option requires an argument" without one); else its context's.
    """
    command = command or _command_path(err.ctx)
    # In the run's language: the group's ``main`` chose it from --lang, else
    # CASEFLOW_LANG or the locale, before any argument was parsed (cli.language).
    message = _("{command}: {message}; see {command} --help").format(
        command=command, message=_clause(err.format_message())
    )
    return OneLineUsageError(shown(message), err.ctx)


class OneLineUsageGroup(click.Group):
    """A click group whose usage errors, and its commands', are one line on stderr (exit 2)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise  # `caseflow` alone: the help, as click prints it
        except OneLineUsageError:
            raise
        except click.UsageError as err:
            raise one_line(err) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except OneLineUsageError:
            raise
        except click.UsageError as err:
            command = None
            if (err.ctx is None or err.ctx is ctx) and ctx.invoked_subcommand:
                # Raised while parsing the subcommand's arguments, before its context exists.
                command = f"{_command_path(ctx)} {ctx.invoked_subcommand}"
            raise one_line(err, command) from None
