"""The store's commands: ``cases``, ``history``, ``overdue``, ``export``, ``import``.

This module owns the terminal side of the store: options, output and exit
codes (0 success, 1 a ``CaseflowError`` or an unreadable file, printed as one
``caseflow: message`` line on stderr, never a traceback). The commands are
click commands that ``caseflow.cli`` adds to its group; each takes
``--db URL`` (default ``sqlite:///caseflow.db``, a file in the current
folder). Progress bars go to stderr and show only on a terminal. What the
store does is ``caseflow.store``'s; the workflows an import replays under
are loaded by ``caseflow.workflow``, which is why these commands live here,
above both, and not in the store.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from collections.abc import Callable, Iterator
from typing import IO

import click

from caseflow.cli.guard import guarded
from caseflow.cli.running import (
    check_name,
    db_option,
    echo_json,
    format_option,
    lang_of,
    lang_option,
    load_case,
    open_existing,
    open_writable,
    parse_now,
    progress,
    stored_workflows,
    table,
    table_lines,
    workflow_names,
)
from caseflow.cli.terminal import shown
from caseflow.errors import InputError
from caseflow.files import FileRefused, open_regular
from caseflow.i18n import _, current_language, language, moment_text, ngettext
from caseflow.store import Reveal, Store, WorkflowLike
from caseflow.store.lines import MAX_LINE
from caseflow.times import local_time

__all__ = ["COMMANDS", "cases", "export", "history", "import_", "overdue"]


def _open(db: str) -> Store:
    """The store a reading command reads: never created (a missing SQLite file is refused)."""
    return open_existing(db)


def _check_filters(store: Store, workflow: str | None, state: str | None = None) -> None:
    """Refuse a --workflow the store does not keep, or a --state none of its workflows has."""
    check_name(workflow, workflow_names(store), _("workflow"))
    if state is not None:
        states: set[str] = set()
        for wf in stored_workflows(store, workflow):
            states.update(wf.states)
        check_name(state, states, _("state"))


def _zones(store: Store) -> Callable[[str], dt.tzinfo]:
    """Each workflow's zone by name, asked of the store once per name (times are shown in it)."""
    known: dict[str, dt.tzinfo] = {}

    def zone_of(workflow: str) -> dt.tzinfo:
        if workflow not in known:
            known[workflow] = store.timezone(workflow)
        return known[workflow]

    return zone_of


@click.command()
@click.option("--workflow", help="Only cases of this workflow (its name).")
@click.option("--state", help="Only cases in this state.")
@click.option("--limit", type=click.IntRange(min=0), default=1000, show_default=True)
@db_option
@format_option
@lang_option
@guarded
def cases(
    workflow: str | None, state: str | None, limit: int, db: str, fmt: str, lang: str | None
) -> None:
    """List cases: id, workflow and version, state, events, last event (workflow's zone).

    \b
    Example:
      caseflow cases --workflow citizen_reception --state screened --db caseflow-demo/cases.db
    """
    with language(lang_of(lang)), _open(db) as store:
        _check_filters(store, workflow, state)
        rows = store.cases(workflow=workflow, state=state, limit=limit + 1)
        zone_of = _zones(store)
        found = [
            {
                "id": row.id,
                "workflow": row.workflow,
                "version": row.version,
                "state": row.state,
                "events": row.events,
                "updated_at": local_time(row.updated_at, zone_of(row.workflow)).isoformat(),
            }
            for row in rows[:limit]
        ]
        if fmt == "json":
            echo_json(found)
        elif found:
            headers = [
                _("CASE"),
                _("WORKFLOW"),
                _("VERSION"),
                _("STATE"),
                _("EVENTS"),
                _("UPDATED"),
            ]
            rows_shown = [
                [
                    *list(r.values())[:5],
                    moment_text(local_time(row.updated_at, zone_of(row.workflow))),
                ]
                for r, row in zip(found, rows[:limit], strict=False)
            ]
            click.echo(table(headers, rows_shown))
        else:
            click.echo(_("no cases"), err=True)
        if len(rows) > limit:
            total = store.count(workflow=workflow, state=state)
            click.echo(
                _("(first {limit} of {total} cases; use --limit)").format(limit=limit, total=total),
                err=True,
            )


@click.command()
@click.argument("case_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the case as one export line.",
)
@db_option
@lang_option
@guarded
def history(case_id: str, fmt: str, db: str, lang: str | None) -> None:
    """Show a case's history, confidential values redacted.

    The case is rebuilt by replaying its events under the workflow version
    it ran under (from the definitions the store keeps). Times are on the
    workflow's clock.

    \b
    Example:
      caseflow history TV-2026-001 --db caseflow-demo/cases.db
    """
    from caseflow.store.jsonl import case_line, line_text
    from caseflow.store.redaction import REDACTED, dump_json

    with language(lang_of(lang)), _open(db) as store:
        case, _wf = load_case(store, case_id)
        if fmt == "json":
            versions = store.versions(case.id)
            click.echo(line_text(case_line(case, versions)))
            return
        named = _labels(store, case.workflow, case.version)
        click.echo(
            _("case {case}: workflow {workflow} {version}, state {state}, {count} events").format(
                case=shown(case.id),
                workflow=shown(case.workflow),
                version=shown(case.version),
                state=named(case.state),
                count=len(case.history),
            )
        )
        tz = store.timezone(case.workflow)
        rows = [
            [
                seq,
                moment_text(local_time(e.at, tz)),
                named(e.trigger),
                named(e.source or "-"),
                named(e.dest),
                e.actor or "-",
                e.role or "-",
            ]
            for seq, e in enumerate(case.history)
        ]
        headers = ["#", _("AT"), _("TRIGGER"), _("FROM"), _("TO"), _("ACTOR"), _("ROLE")]
        head, *lines = table_lines(headers, rows)
        click.echo(head)
        for line, e in zip(lines, case.history, strict=True):
            click.echo(line)
            if e.note:
                click.echo(_("        note: {note}").format(note=shown(e.note)))
            for key, value in e.changes.items():
                if isinstance(value, str) and REDACTED in value:
                    # The store's marker is data (exports keep it); a reader sees it
                    # in the run's language.
                    value = value.replace(REDACTED, _("[redacted]"))
                # JSON escapes control characters in the value; the key is shown.
                click.echo(f"        {shown(key)} = {dump_json(value)}")


@click.command()
@click.option(
    "--now",
    metavar="TIME",
    help=(
        "ISO 8601 time or date (naive: in each workflow's zone); default: the current time, "
        "read from the system clock (the library itself never reads it)."
    ),
)
@click.option("--workflow", help="Only cases of this workflow (its name).")
@click.option("--limit", type=click.IntRange(min=0), default=1000, show_default=True)
@db_option
@format_option
@lang_option
@guarded
def overdue(
    now: str | None, workflow: str | None, limit: int, db: str, fmt: str, lang: str | None
) -> None:
    """List running deadlines that are overdue, the most overdue first.

    Served from the deadline index the store keeps on every write. DAYS is
    how many calendar days have passed since the due day, on the workflow's
    clock. ``deadlines`` and ``due`` default --now the same way.

    \b
    Example:
      caseflow overdue --now 2026-04-01 --db caseflow-demo/cases.db
    """
    from caseflow.cli.reports import echo_deadlines

    when = parse_now(now)
    with language(lang_of(lang)), _open(db) as store:
        check_name(workflow, workflow_names(store), _("workflow"))
        rows = store.overdue(when, workflow=workflow, limit=limit + 1)
        echo_deadlines(store, rows[:limit], when, fmt, empty=_("nothing is overdue"))
        if len(rows) > limit:
            click.echo(
                _("(first {limit} overdue deadlines; use --limit)").format(limit=limit), err=True
            )


@click.command()
@click.argument("file", default="-", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--workflow", help="Only cases of this workflow (its name).")
@click.option("--role", help="Reveal confidential values to this role (needs --actor, --reason).")
@click.option("--actor", help="Who asks for the reveal (recorded in the audit table).")
@click.option("--reason", help="Why (recorded in the audit table).")
@db_option
@guarded
def export(
    file: str,
    workflow: str | None,
    role: str | None,
    actor: str | None,
    reason: str | None,
    db: str,
) -> None:
    """Write the store's cases as JSON Lines to FILE (default: stdout).

    FILE is written under a temporary name beside it and renamed only when
    complete: a failed export (a full disk) leaves no partial file.
    Confidential values are redacted unless --role names a role among their
    readers; each reveal is recorded in the audit table with --actor and
    --reason, at the current time read from the system clock.

    \b
    Example:
      caseflow export cases.jsonl --db caseflow-demo/cases.db
    """
    reveal = None
    if role is not None or actor is not None or reason is not None:
        if not (role and actor and reason):
            raise click.UsageError(_("--role, --actor and --reason go together"))
        reveal = Reveal(actor=actor, role=role, reason=reason, at=dt.datetime.now(dt.UTC))
    with _open(db) as store:
        check_name(workflow, workflow_names(store), _("workflow"))
        if role is not None:
            _check_reader(store, workflow, role)
        total = store.count(workflow=workflow)
        # A file is written under a temporary name and renamed when complete.
        out: IO[str] | str = sys.stdout if file == "-" else file
        with progress(total, _("exporting")) as bar:
            count = store.export_jsonl(out, workflow=workflow, reveal=reveal, progress=bar.update)
    click.echo(ngettext("exported {n} case", "exported {n} cases", count).format(n=count), err=True)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--workflow",
    "workflow_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A workflow file the cases ran under (repeatable); shipped and stored ones are known.",
)
@click.option(
    "--accept-redacted",
    is_flag=True,
    help="Import a redacted export, keeping its confidential values as withheld.",
)
@db_option
@guarded
def import_(file: str, workflow_files: tuple[str, ...], accept_redacted: bool, db: str) -> None:
    """Import cases from a JSON Lines export, all or nothing.

    Every case is checked by replaying its history and checking each step
    as a live fire would have (field values, roles, declarative guards);
    every bad line is reported, and nothing is written. Steps that depend
    on a registered guard (the app's code) cannot be re-checked: the output
    says how many. A new SQLite file is created for it.

    \b
    Example:
      caseflow import cases.jsonl --accept-redacted --db copy.db
    """
    workflows = _workflows(workflow_files)
    with open_writable(db) as store:
        if file == "-":
            count = store.import_jsonl(
                _read_lines(sys.stdin.buffer, lambda n: None),
                workflows=workflows,
                accept_redacted=accept_redacted,
            )
        else:
            with _regular(file) as raw:
                size = os.fstat(raw.fileno()).st_size
                with progress(size, _("importing")) as bar:
                    count = store.import_jsonl(
                        _read_lines(raw, bar.update),
                        workflows=workflows,
                        accept_redacted=accept_redacted,
                    )
    unchecked = getattr(count, "unchecked", 0)
    imported = ngettext("imported {n} case", "imported {n} cases", count).format(n=count)
    if unchecked:
        steps = ngettext(
            "{n} step depends on a registered guard (the app's code), which an import cannot "
            "re-run: it was not re-checked",
            "{n} steps depend on a registered guard (the app's code), which an import cannot "
            "re-run: those steps were not re-checked",
            unchecked,
        ).format(n=unchecked)
        click.echo(f"{imported}; {steps}", err=True)
    else:
        click.echo(imported, err=True)


def _labels(store: Store, workflow: str, version: str) -> Callable[[str], str]:
    """How ``history`` names a state or trigger: its id in English; in another language
    its label with the id after it (the stored definition's labels), else the id."""
    lang = current_language()
    labels: dict[str, str] = {}
    if lang != "en":
        from caseflow.errors import CaseflowError
        from caseflow.loading import read_workflow

        try:
            spec = read_workflow(store.definition(workflow, version).encode("utf-8"))
        except CaseflowError:  # an unreadable definition: the ids will do
            spec = None
        if spec is not None:
            labels = {s.name: s.label.get(lang) for s in spec.states if s.label}
            for t in spec.transitions:
                if t.label and t.trigger not in labels:
                    labels[t.trigger] = t.label.get(lang)

    def named(name: str) -> str:
        label = labels.get(name)
        return f"{shown(label)} ({shown(name)})" if label else shown(name)

    return named


def _regular(file: str) -> IO[bytes]:
    """FILE opened for reading bytes, refused unless it is a regular file.

    A FIFO would block and a device such as /dev/zero never end; both are
    refused before anything is read (``caseflow.files``, the one helper
    every reader of a named file uses).
    """
    try:
        return open_regular(file)
    except FileRefused as err:
        # The reason is in the run's language, so the file itself is asked what it is.
        if _special(file):
            raise InputError(
                _(
                    "{file!r} is not a regular file (a FIFO, a device or a socket); import reads "
                    "JSON Lines from a file, or from standard input with '-'"
                ).format(file=file)
            ) from None
        # Worded as the other commands word an unreadable file.
        raise InputError(f"{_(err.reason)}: {file}") from None


def _special(file: str) -> bool:
    """True when ``file`` exists and is not a regular file (a FIFO, a device, a folder)."""
    try:
        return not stat.S_ISREG(os.stat(file).st_mode)
    except OSError:
        return False


def _read_lines(raw: IO[bytes], advance: Callable[[int], object]) -> Iterator[bytes]:
    """The file's lines as bytes (the import decodes and names each), none read past the limit.

    A line longer than ``MAX_LINE`` is yielded cut at ``MAX_LINE + 1`` bytes,
    its rest skipped, so that the import refuses it without holding it.
    """
    limit = MAX_LINE + 1
    while True:
        line = raw.readline(limit)
        if not line:
            return
        advance(len(line))
        if len(line) == limit and not line.endswith(b"\n"):
            while True:
                rest = raw.readline(1 << 20)
                advance(len(rest))
                if not rest or rest.endswith(b"\n"):
                    break
        yield line


def _workflows(files: tuple[str, ...]) -> list[WorkflowLike]:
    from pathlib import Path

    from caseflow.workflow import load_workflow

    out: list[WorkflowLike] = [load_workflow(Path(f), filename=f) for f in files]
    named = {(wf.spec.name, wf.spec.version) for wf in out}
    shipped = Path(__file__).resolve().parent.parent / "workflows"
    for path in sorted(shipped.glob("*.yaml")):
        wf = load_workflow(path)
        if (wf.spec.name, wf.spec.version) not in named:
            out.append(wf)
    return out


def _check_reader(store: Store, workflow: str | None, role: str) -> None:
    """Refuse --role unless it reads a confidential field of the exported workflows."""
    readers: set[str] = set()
    roles: set[str] = set()
    for wf in stored_workflows(store, workflow):
        roles.update(r.name for r in wf.spec.roles)
        for field in wf.spec.fields:
            if field.confidential:
                readers.update(field.readers)
    check_name(role, roles, _("role"))
    if role not in readers:
        raise InputError(
            _(
                "role {role!r} may not read any confidential field of the exported workflows; "
                "readers: {readers}"
            ).format(role=role, readers=", ".join(sorted(readers)) or _("none"))
        )


COMMANDS = (cases, history, overdue, export, import_)
"""The commands to add to the ``caseflow`` group: ``main.add_command(c)`` for each."""
