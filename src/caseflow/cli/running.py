"""What the commands that run cases share: opening a store, a case's workflow, times, tables.

This module owns the common ground of ``caseflow.cli.cases`` (``start``,
``fire``, ``update``, ``allowed``) and ``caseflow.cli.reports`` (``due``,
``report``, ``documents``): the ``--db``, ``--format``, ``--lang`` and
``--now`` options; opening a store without ever creating one for a
command that only reads (a missing SQLite file is refused, naming the
path and how to make a store); finding the workflow a stored case runs
under; turning ``--data k=v`` into typed values; checking a name
against the names allowed with "did you mean"; and printing a list as a
table with a header row and aligned columns. Every message is marked for
translation with ``caseflow.i18n._``. What is decided is the library's.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

import click

from caseflow.case import Case
from caseflow.cli.terminal import shown
from caseflow.errors import ConfigurationError, InputError, did_you_mean
from caseflow.files import FileRefused, read_limited
from caseflow.i18n import _, language, language_from_environment
from caseflow.store import Store, open_store
from caseflow.times import read_time
from caseflow.workflow import Workflow, load_workflow

__all__ = [
    "DEFAULT_DB",
    "check_name",
    "db_option",
    "echo_json",
    "format_option",
    "lang_option",
    "needs_app",
    "now_option",
    "open_existing",
    "open_writable",
    "parse_data",
    "parse_now",
    "progress",
    "resolve_workflow",
    "spoken",
    "store_url",
    "table",
    "table_lines",
    "workflow_of",
]

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "sqlite:///caseflow.db"
_SHIPPED = Path(__file__).resolve().parent.parent / "workflows"

db_option = click.option(
    "--db",
    "db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="CASEFLOW_DB",
    metavar="URL",
    help="The store: sqlite:///FILE, a bare FILE path, or postgresql://... (or $CASEFLOW_DB); "
    "a command that only reads never creates one.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: for people; json: exact, for scripts (docs/cli.md gives its shape).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Language of labels and messages (default: CASEFLOW_LANG, else the locale, else en).",
)
now_option = click.option(
    "--now",
    metavar="TIME",
    help="ISO 8601 time or date (naive: in the workflow's zone); default: the current time, "
    "read from the system clock by the command line (the library never reads it).",
)


def lang_of(lang: str | None) -> str:
    """The language a command speaks: ``--lang``, else the environment's."""
    return language_from_environment(lang)


def spoken(fn: F) -> F:
    """Run a command taking ``lang`` (``lang_option``) in its language: ``--lang``, else the
    environment's (``CASEFLOW_LANG``, the locale), so that labels and messages agree."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["lang"] = lang_of(kwargs.get("lang"))
        with language(kwargs["lang"]):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def store_url(db: str) -> str:
    """``--db`` as a store URL: a bare path is a SQLite file."""
    return db if "://" in db or db.startswith("sqlite:") else f"sqlite:///{db}"


def _sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names, or None (PostgreSQL, or a store in memory)."""
    if not url.startswith("sqlite:///"):
        return None
    path = unquote(url[len("sqlite:///") :].partition("?")[0])
    return None if path in ("", ":memory:") else Path(path)


def open_existing(db: str) -> Store:
    """The store at ``db``, refused (never created) if its SQLite file does not exist."""
    url = store_url(db)
    path = _sqlite_path(url)
    if path is not None and not path.exists():
        message = _("no store at {path}; create one with `caseflow demo --db` or `caseflow import`")
        raise InputError(message.format(path=path))
    return open_store(url)


def open_writable(db: str) -> Store:
    """The store at ``db``, created if it is a SQLite file not yet made (``start`` only)."""
    return open_store(store_url(db))


def parse_now(value: str | None, option: str = "--now") -> Any:
    """The time ``--now`` gives (as written: naive times stay naive), or the system clock's.

    A parse error names the option, not a Python parameter.
    """
    if value is None:
        # Whole seconds: a step recorded from the shell is shown and exported without
        # a microsecond tail nobody asked for.
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return read_time(value, what=option)


def check_name(value: str | None, allowed: Iterable[str], what: str) -> None:
    """Refuse ``value`` unless it is one of ``allowed``, with "did you mean"."""
    if value is None:
        return
    names = sorted(set(allowed))
    if value not in names:
        hint = did_you_mean(value, names)
        starting = [n for n in names if n.startswith(value)]
        if not hint and len(starting) == 1:  # a short form of one name: 'citizen'
            hint = _(" (did you mean {name!r}?)").format(name=starting[0])
        raise InputError(
            _("unknown {what} {value!r}{hint}; known: {names}").format(
                what=what,
                value=value,
                hint=hint,
                names=", ".join(names) or _("none"),
            )
        )


def _shipped() -> dict[str, Path]:
    return {p.stem: p for p in sorted(_SHIPPED.glob("*.yaml"))}


def resolve_workflow(arg: str) -> Workflow:
    """WORKFLOW as the command line takes it: a YAML file, else a shipped workflow's name."""
    path = Path(arg)
    if arg.endswith((".yaml", ".yml")) or path.exists():
        return load_workflow(path, filename=arg)
    shipped = _shipped()
    if arg not in shipped:
        check_name(arg, shipped, _("workflow (a shipped name or a YAML file)"))
    return load_workflow(shipped[arg])


def workflow_of(store: Store, name: str, version: str) -> Workflow:
    """The workflow a stored case runs under: the shipped one of that version, else the store's."""
    shipped = _shipped().get(name)
    if shipped is not None:
        wf = load_workflow(shipped)
        if wf.version == version:
            return wf
    return load_workflow(store.definition(name, version), filename=f"<store: {name} {version}>")


def workflow_names(store: Store) -> list[str]:
    """The names of the workflows the store keeps."""
    return sorted({name for name, _v in store.workflows()})


def stored_workflows(store: Store, name: str | None = None) -> list[Workflow]:
    """The last stored version of each workflow (or of ``name``), loaded."""
    last: dict[str, str] = {}
    for n, v in store.workflows():
        last[n] = v  # sorted: the last is the newest
    if name is not None:
        check_name(name, last, _("workflow"))
        last = {name: last[name]}
    return [workflow_of(store, n, v) for n, v in last.items()]


def load_case(store: Store, case_id: str) -> tuple[Case, Workflow]:
    """The stored case ``case_id`` and the workflow it runs under."""
    if not store.exists(case_id):
        ids = [row.id for row in store.cases(limit=10_000)]
        raise InputError(
            _("no case {case_id!r} in the store{hint}; `caseflow cases` lists them").format(
                case_id=case_id, hint=did_you_mean(case_id, ids)
            )
        )
    # Loaded under the store's own definition (a read writes nothing, so a
    # read-only store serves it); the Workflow is for the next step.
    case = store.load(case_id)
    return case, workflow_of(store, case.workflow, case.version)


def _typed(wf: Workflow, key: str, text: str) -> Any:
    """``text`` as field ``key``'s value: numbers, booleans and JSON read by the field's type."""
    fields = {f.name: f for f in wf.spec.fields}
    field = fields.get(key)
    if field is None:
        return text  # the engine refuses an unknown field, with "did you mean"
    kind = field.type
    try:
        if kind == "int":
            return int(text)
        if kind == "number":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "bool":
            words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
            if text.lower() in words:
                return words[text.lower()]
            raise ValueError(text)
        if kind in ("list", "mapping"):
            return json.loads(text)
    except ValueError:
        raise InputError(
            _("--data {key}={value!r}: field {key!r} is of type {kind}").format(
                key=key, value=text if not field.confidential else "…", kind=kind
            )
        ) from None
    return text


def parse_data(wf: Workflow, pairs: Sequence[str], data_file: str | None) -> dict[str, Any]:
    """``--data-file`` (a JSON object) then ``--data k=v`` pairs, typed by the workflow's fields."""
    out: dict[str, Any] = {}
    if data_file is not None:
        try:
            raw = read_limited(data_file, limit=1 << 20)
        except FileRefused as err:
            message = _("--data-file: {reason}: {file}")
            raise InputError(message.format(reason=err.reason, file=data_file)) from None
        try:
            loaded = json.loads(raw.decode("utf-8"))
        except ValueError as err:
            raise InputError(
                _("--data-file {file}: not JSON ({reason})").format(
                    file=data_file, reason=str(err).split(":")[0]
                )
            ) from None
        if not isinstance(loaded, dict):
            raise InputError(
                _("--data-file {file}: must hold a JSON object of field names to values").format(
                    file=data_file
                )
            )
        out.update(loaded)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(
                _("--data {pair!r}: write FIELD=VALUE, e.g. --data kind=complaint").format(
                    pair=pair.split("=")[0] + ("=…" if sep else "")
                )
            )
        out[key] = _typed(wf, key, value)
    return out


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A header row and rows, columns aligned by the width each cell takes on a terminal."""
    return "\n".join(table_lines(headers, rows))


def table_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    """``table``'s lines: the header row first, then one line a row."""
    cells = [[shown(h) for h in headers]] + [[shown(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        padded = [c + " " * (widths[i] - _width(c)) for i, c in enumerate(row)]
        lines.append("  ".join(padded).rstrip())
    return lines


def _width(text: str) -> int:
    """Columns ``text`` takes: combining marks none, wide (East Asian) characters two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def echo_json(value: Any) -> None:
    """``value`` as indented JSON on stdout, non-ASCII kept (UTF-8)."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False))


class _NoBar:
    """Stands in for a progress bar when output is not a terminal (scripts, pipes, logs)."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        """Nothing to draw."""


def progress(length: int, label: str) -> Any:
    """A progress bar on stderr, only when both stdout and stderr are terminals."""
    import sys

    if not (sys.stderr.isatty() and sys.stdout.isatty()):
        return _NoBar()
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


@contextmanager
def needs_app(wf: Workflow) -> Iterator[None]:
    """Say in the shell's words that a step needs a guard only the app's Python code has."""
    try:
        yield
    except ConfigurationError as err:
        registered = [g.name for g in wf.spec.guards if g.registered]
        if not registered or "registered: true" not in str(err):
            raise
        raise InputError(
            _(
                "workflow {name!r} decides this step with a guard its app registers in Python "
                "({guards}); the command line cannot run it: record the step in the app"
            ).format(name=wf.name, guards=", ".join(registered))
        ) from None
