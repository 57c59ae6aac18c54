"""The language of the command line: ``--lang``, translated ``--help`` and click's own words.

This module owns how a ``caseflow`` run chooses its language and speaks it
everywhere, including in commands added later that only write English:

- ``LocalisedGroup``, the class of the ``caseflow`` group: before click
  parses anything it reads ``--lang`` from the arguments (at the group or
  at any command), else ``CASEFLOW_LANG``, else the locale
  (``caseflow.i18n.language_from_environment``), and runs the whole command
  inside ``with language(lang)``, so every ``_()`` below speaks it.
- Help is written in English in docstrings and ``help=`` strings, which
  click reads at import; so at run time, for the run only, every command's
  help, short help and epilog and every option's help is swapped for its
  catalog entry (walking the group's commands, so a new command needs
  nothing but English help), then restored. A command without ``--lang``
  is given one; a ``--lang`` option whose default is ``"en"`` defaults to
  the chosen language instead.
- Click's own words ("Usage:", "Options", "Missing argument ...") come
  from the stdlib ``gettext`` in each click module; ``localise_click``
  points those names at ``caseflow.i18n`` (English stays click's text).
- ``extract_help`` is the Babel extractor (``babel.cfg``) that puts all of
  this help, and the click messages caseflow users meet, in the catalog.

Layer: the top one (8), beside the commands.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from caseflow.i18n import LANGUAGES, N_, _, language, language_from_environment

__all__ = ["CLICK_MESSAGES", "LazyText", "LocalisedGroup", "extract_help", "localise_click"]

_LANG_HELP = N_("Language of the output: vi or en (default: CASEFLOW_LANG, else the locale).")

#: Click's own messages a caseflow user meets (click 8.x wording), so the catalog holds
#: them; a plural pair is two entries, chosen by ``_click_ngettext``.
CLICK_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("Missing command."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Did you mean {possibility}?"),
    N_("(Did you mean one of: {possibilities}?)"),
    N_("Option {name!r} requires an argument."),
    N_("Option {name!r} requires {nargs} arguments."),
    N_("Option {name!r} does not take a value."),
    N_("Got unexpected extra argument ({args})"),
    N_("Got unexpected extra arguments ({args})"),
    N_("{value!r} is not {choice}."),
    N_("{value!r} is not one of {choices}."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("default: {default}"),
    N_("required"),
    N_("(dynamic)"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Could not open file {filename!r}: {message}"),
    N_("Aborted!"),
)


class LazyText(str):
    """A %-format message translated when it is formatted (click's ``version_option``
    takes its message at import, and formats it when ``--version`` is asked)."""

    def __mod__(self, values: Any) -> str:
        return str(_(str(self)) % values)


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    """Click's plural messages: each form is its own catalog entry (Vietnamese has one)."""
    return _(singular if n == 1 else plural)


_CLICK_MODULES = ("core", "exceptions", "formatting", "decorators", "parser", "types", "utils")


def localise_click() -> None:
    """Make click's own messages speak the current language (idempotent)."""
    import importlib

    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_ngettext  # type: ignore[attr-defined]


def _scanned_lang(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang`` among ``args``, if any (before ``--``)."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def _walk(command: click.Command) -> Iterator[click.Command]:
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _walk(sub)


def _clean(text: str | None) -> str | None:
    """Help as the catalog keys it: dedented, click's no-rewrap mark (a backspace) spelled
    as the two visible characters backslash-b, since a backspace cannot live in a PO file."""
    return inspect.cleandoc(text).replace("\b", "\\b") if text else text


def _help(text: str) -> str:
    """``text`` (as ``_clean`` gives it) translated, with click's no-rewrap mark restored."""
    return _(text).replace("\\b", "\b")


@contextmanager
def _localised(group: click.Group, lang: str) -> Iterator[None]:
    """Every help text of ``group``'s commands in ``lang`` for the block, then restored."""
    saved: list[tuple[Any, str, Any]] = []

    def swap(obj: Any, attr: str, value: Any) -> None:
        saved.append((obj, attr, getattr(obj, attr)))
        setattr(obj, attr, value)

    try:
        for command in _walk(group):
            if command is not group and not any(p.name == "lang" for p in command.params):
                command.params.append(
                    click.Option(
                        ["--lang"],
                        type=click.Choice(list(LANGUAGES)[::-1]),
                        expose_value=False,
                        help=_LANG_HELP,
                    )
                )
            for attr in ("help", "short_help", "epilog"):
                text = _clean(getattr(command, attr))
                if text:
                    swap(command, attr, _help(text))
            if getattr(command, "_help_option", None) is not None:
                # Click keeps the --help option it made (with its words) once made.
                swap(command, "_help_option", None)
            for param in command.params:
                if param.name == "lang" and isinstance(param, click.Option):
                    if param.default == "en":
                        swap(param, "default", lang)
                    if not param.help:
                        swap(param, "help", _LANG_HELP)
                help_text = _clean(getattr(param, "help", None))
                if help_text:
                    swap(param, "help", _help(help_text))
        yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)


class LocalisedGroup(click.Group):
    """A click group that runs in the language of ``--lang``, ``CASEFLOW_LANG`` or the locale."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = language_from_environment(_scanned_lang(argv))
        localise_click()
        with language(lang), _localised(self, lang):
            return super().main(argv, *rest, **kwargs)


def extract_help(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel extractor: the file's own ``_()`` messages, then all the CLI's help texts."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    from caseflow.cli import main

    for command in _walk(main):
        for attr in ("help", "short_help", "epilog"):
            text = _clean(getattr(command, attr))
            if text:
                yield 0, None, text, [f"help of {command.name}"]
        for param in command.params:
            text = _clean(getattr(param, "help", None))
            if text:
                yield 0, None, text, [f"help of {command.name} {param.name}"]
    yield 0, None, _LANG_HELP, []
