"""The commands that run cases: ``start``, ``fire``, ``update``, ``allowed``.

This module owns the terminal side of working a case from the shell: each
command opens the store (``start`` may create a SQLite file; the others
refuse a store that does not exist), finds the workflow (``start``: a
shipped name or a YAML file; the others: the version the stored case runs
under), asks the ``Workflow`` to act, saves, and prints the case in text
or JSON (docs/cli.md gives the shape). Every refusal is the library's
(unknown role, trigger, field, a guard that fails) and reaches the
terminal as one ``caseflow: ...`` line with exit 1 (``caseflow.cli.guard``).
Times default to the current time read from the system clock here, in the
command line: the library never reads it.
"""

from __future__ import annotations

from typing import Any

import click

from caseflow.case import Case
from caseflow.cli.guard import guarded
from caseflow.cli.running import (
    db_option,
    echo_json,
    format_option,
    lang_of,
    lang_option,
    load_case,
    needs_app,
    open_existing,
    open_writable,
    parse_data,
    parse_now,
    resolve_workflow,
    table,
)
from caseflow.cli.terminal import shown
from caseflow.errors import ConfigurationError
from caseflow.i18n import _, language, moment_text, ngettext
from caseflow.times import local_time, zone
from caseflow.workflow import Workflow

__all__ = ["COMMANDS", "allowed", "fire", "start", "update"]

_at_option = click.option(
    "--at",
    "at",
    metavar="TIME",
    help="When the step happened: ISO 8601 (naive: in the workflow's zone); default: the "
    "current time, read from the system clock by the command line.",
)
_data_option = click.option(
    "--data",
    "pairs",
    multiple=True,
    metavar="FIELD=VALUE",
    help="A field's value (repeatable); numbers, true/false and JSON lists by the field's type.",
)
_data_file_option = click.option(
    "--data-file",
    type=click.Path(dir_okay=False),
    help="A JSON object of field values, read before --data.",
)
_actor_option = click.option("--actor", help="Who acts (recorded in the event).")
_role_option = click.option("--role", help="The role the actor acts in; checked by the workflow.")
_note_option = click.option("--note", help="A note recorded with the event.")


def case_view(case: Case, wf: Workflow, lang: str) -> dict[str, Any]:
    """The JSON of a case after a step: where it stands and what may happen next.

    Confidential values are not shown here (``caseflow history`` and
    ``export`` redact them); the data is given by field name only.
    """
    tz = zone(wf.spec.timezone)
    last = case.history[-1]
    return {
        "id": case.id,
        "workflow": case.workflow,
        "version": case.version,
        "state": case.state,
        "state_label": wf.label(case.state, lang),
        "events": len(case.history),
        "last_event": {
            "trigger": last.trigger,
            "at": local_time(last.at, tz).isoformat(),
            "actor": last.actor,
            "role": last.role,
        },
        "fields": sorted(case.data),
        "allowed": _next_steps(case, wf),
    }


def _next_steps(case: Case, wf: Workflow) -> list[str] | None:
    """What may fire next, or None when a guard only the app has decides it."""
    try:
        return list(wf.allowed(case))
    except ConfigurationError:
        return None


def _echo_case(case: Case, wf: Workflow, fmt: str, lang: str) -> None:
    view = case_view(case, wf, lang)
    if fmt == "json":
        echo_json(view)
        return
    click.echo(
        ngettext(
            "case {id}: {state} ({label}), {events} event; last: {trigger} at {at}",
            "case {id}: {state} ({label}), {events} events; last: {trigger} at {at}",
            view["events"],
        ).format(
            id=shown(case.id),
            state=shown(case.state),
            label=shown(view["state_label"]),
            events=view["events"],
            trigger=shown(view["last_event"]["trigger"]),
            at=moment_text(local_time(case.history[-1].at, zone(wf.spec.timezone))),
        )
    )
    if view["allowed"] is None:
        click.echo(_("next: decided by a guard the app registers"))
    else:
        click.echo(
            _("next: {triggers}").format(triggers=", ".join(view["allowed"]) or _("nothing"))
        )


def _when(at: str | None) -> Any:
    return parse_now(at, "--at")


@click.command()
@click.argument("workflow")
@click.argument("case_id")
@_data_option
@_data_file_option
@_at_option
@_actor_option
@_role_option
@_note_option
@db_option
@format_option
@lang_option
@guarded
def start(
    workflow: str,
    case_id: str,
    pairs: tuple[str, ...],
    data_file: str | None,
    at: str | None,
    actor: str | None,
    role: str | None,
    note: str | None,
    db: str,
    fmt: str,
    lang: str | None,
) -> None:
    """Open case CASE_ID under WORKFLOW (a shipped name or a YAML file) and save it.

    The store keeps the workflow's definition, so later commands find it.

    \b
    Example:
      caseflow start citizen_reception HS-2026-001 --data kind=complaint \\
        --data "summary=Land dispute" --data petitioner_name=An \\
        --at 2026-05-04T08:30 --actor le.an --role reception_officer --db cases.db
    """
    lang = lang_of(lang)
    with language(lang):
        wf = resolve_workflow(workflow)
        data = parse_data(wf, pairs, data_file)
        when = _when(at)
        with needs_app(wf):
            case = wf.start(case_id, at=when, data=data, actor=actor, role=role, note=note)
        with open_writable(db) as store:
            store.save(case, wf)
        _echo_case(case, wf, fmt, lang)


@click.command()
@click.argument("case_id")
@click.argument("trigger")
@_data_option
@_data_file_option
@_at_option
@_actor_option
@_role_option
@_note_option
@db_option
@format_option
@lang_option
@guarded
def fire(
    case_id: str,
    trigger: str,
    pairs: tuple[str, ...],
    data_file: str | None,
    at: str | None,
    actor: str | None,
    role: str | None,
    note: str | None,
    db: str,
    fmt: str,
    lang: str | None,
) -> None:
    """Record step TRIGGER on case CASE_ID, as the workflow allows it, and save it.

    \b
    Example:
      caseflow fire HS-2026-001 screen --at 2026-05-05T09:00 \\
        --actor le.an --role reception_officer --db cases.db
    """
    lang = lang_of(lang)
    with language(lang), open_existing(db) as store:
        case, wf = load_case(store, case_id)
        data = parse_data(wf, pairs, data_file)
        with needs_app(wf):
            wf.fire(case, trigger, at=_when(at), actor=actor, role=role, note=note, data=data)
        store.save(case, wf)
        _echo_case(case, wf, fmt, lang)


@click.command()
@click.argument("case_id")
@_data_option
@_data_file_option
@_at_option
@_actor_option
@_role_option
@_note_option
@db_option
@format_option
@lang_option
@guarded
def update(
    case_id: str,
    pairs: tuple[str, ...],
    data_file: str | None,
    at: str | None,
    actor: str | None,
    role: str | None,
    note: str | None,
    db: str,
    fmt: str,
    lang: str | None,
) -> None:
    """Change case CASE_ID's data without moving its state (an ``update`` event).

    \b
    Example:
      caseflow update HS-2026-001 --data ward=Ward-3 --at 2026-05-05T10:00 \\
        --actor le.an --db cases.db
    """
    lang = lang_of(lang)
    if not pairs and data_file is None:  # a usage error, told before the store is opened
        with language(lang):
            raise click.UsageError(_("update needs --data or --data-file"))
    with language(lang), open_existing(db) as store:
        case, wf = load_case(store, case_id)
        data = parse_data(wf, pairs, data_file)
        if not data:
            raise click.UsageError(_("update needs --data or --data-file"))
        wf.update(case, at=_when(at), data=data, actor=actor, role=role, note=note)
        store.save(case, wf)
        _echo_case(case, wf, fmt, lang)


@click.command()
@click.argument("case_id")
@click.option("--role", help="Only the triggers this role may fire (checked by the workflow).")
@click.option(
    "--at",
    "at",
    metavar="TIME",
    help="Check guards as of this time (ISO 8601); default: the case's last event.",
)
@db_option
@format_option
@lang_option
@guarded
def allowed(
    case_id: str, role: str | None, at: str | None, db: str, fmt: str, lang: str | None
) -> None:
    """List the triggers that may fire now on case CASE_ID, guards checked.

    \b
    Example:
      caseflow allowed HS-2026-001 --role reception_officer --db cases.db
    """
    lang = lang_of(lang)
    with language(lang), open_existing(db) as store:
        case, wf = load_case(store, case_id)
        when = parse_now(at, "--at") if at is not None else None
        with needs_app(wf):
            triggers = wf.allowed(case, role=role, at=when)
        rows = []
        for trigger in triggers:
            dests = [t.dest for t in wf.spec.transitions if t.trigger == trigger]
            labels = [
                t.label.get(lang) for t in wf.spec.transitions if t.trigger == trigger and t.label
            ]
            label = next((x for x in labels if x), trigger)
            rows.append({"trigger": trigger, "label": label, "to": sorted(set(dests))})
        if fmt == "json":
            echo_json({"id": case.id, "state": case.state, "role": role, "allowed": rows})
            return
        click.echo(
            _("case {id} is {state}").format(id=shown(case.id), state=shown(case.state)),
            err=True,
        )
        if not rows:
            click.echo(_("no trigger may fire now"), err=True)
            return
        headers = [_("TRIGGER"), _("TO"), _("LABEL")]
        click.echo(table(headers, [[r["trigger"], ", ".join(r["to"]), r["label"]] for r in rows]))


COMMANDS = (start, fire, update, allowed)
"""The commands to add to the ``caseflow`` group."""
