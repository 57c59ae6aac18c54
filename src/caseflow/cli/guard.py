"""How the command line turns errors into messages and exit codes.

This module owns one decorator shared by every ``caseflow`` command: a
``DefinitionError`` prints each problem as ``FILE:LINE:COL: message`` on
stdout, any other ``CaseflowError`` or ``OSError`` one ``caseflow: ...``
line on stderr (control characters escaped by ``terminal.shown``, so a
message stays one line; an ``ImportRefused`` prints a line for each bad
line of the file, each escaped), and all of them exit 1. Anything else is a bug: it is
reported by type only (its text could hold a confidential value) and exits
1 too. A traceback is never printed. Choosing what to run is the commands'
job (the other modules of ``caseflow.cli``); the errors themselves are
``caseflow.errors``'.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from caseflow.cli.terminal import shown
from caseflow.errors import CaseflowError, DefinitionError, ImportRefused
from caseflow.i18n import _

__all__ = ["EXIT_INPUT", "EXIT_OK", "EXIT_USAGE", "fail", "guarded"]

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> None:
    """Print ``caseflow: message`` on stderr and exit 1."""
    click.echo(f"caseflow: {shown(message)}", err=True)
    sys.exit(EXIT_INPUT)


def guarded(fn: F) -> F:
    """Turn library errors into messages and exit code 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DefinitionError as err:
            for problem in err.problems:
                click.echo(shown(str(problem)))
            sys.exit(EXIT_INPUT)
        except ImportRefused as err:
            # One line a bad line of the file, each escaped; the count first.
            head, *lines = str(err).split("\n")
            click.echo(f"caseflow: {shown(head)}", err=True)
            for line in lines:
                click.echo(shown(line), err=True)
            sys.exit(EXIT_INPUT)
        except CaseflowError as err:
            fail(str(err))
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except OSError as err:
            if isinstance(err, BrokenPipeError):  # output piped into `head`: not an error
                sys.exit(EXIT_OK)
            fail(f"{err.strerror or err}: {err.filename}" if err.filename else str(err))
        except Exception as err:  # the promise: no traceback, ever
            fail(_("internal error ({kind}); please report this").format(kind=type(err).__name__))

    return wrapper  # type: ignore[return-value]
