"""The commands of legal time: ``calendar``, ``deadlines``, ``schedule``.

This module owns their options, output and exit codes: a year's days off
and make-up working days with their sources, a case's deadlines with how
each was counted, and the session dates a workflow's schedules give for a
year (as a table, JSON or iCalendar). The working-day arithmetic is
``caseflow.calendars``'s, the deadline model ``caseflow.deadlines``'s
(through ``caseflow.workflow``), the session dates ``caseflow.recurrence``'s
and their formats ``caseflow.render``'s; turning errors into exit codes is
``caseflow.cli.guard``'s; ``caseflow.cli`` adds these commands to its group.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import click

from caseflow.calendars.days import kind_label
from caseflow.cli.guard import guarded
from caseflow.cli.running import lang_option, spoken
from caseflow.cli.terminal import shown, shown_lines
from caseflow.errors import InputError
from caseflow.i18n import _, day_text, language, weekday_name
from caseflow.times import local_time, zone

__all__ = ["COMMANDS", "calendar_command", "deadlines", "schedule"]


@click.command("calendar")
@click.option("--year", type=int, required=True, help="The year to list.")
@click.option(
    "--calendar",
    "calendar_name",
    default="VN",
    show_default=True,
    help="A built-in calendar name, or a calendar YAML file.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@lang_option
@spoken
@guarded
def calendar_command(year: int, calendar_name: str, fmt: str, lang: str) -> None:
    """List a year's days off and make-up working days, with names and sources.

    Weekends are not listed one by one; a make-up working Saturday is.

    \b
    Examples:
      caseflow calendar --year 2026
      caseflow calendar --year 2026 --calendar my-office.yaml --lang vi
    """
    import datetime as dt
    import json

    from caseflow.calendars import calendar

    if not 1 <= year <= 9999:
        raise click.BadParameter(
            _("{year} is not a year between 1 and 9999").format(year=year), param_hint="--year"
        )
    cal = calendar(calendar_name)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    off = [d for d in cal.days_off(start, end) if d.kind != "weekend"]
    _check_year(cal, year, off)
    weekend = set(cal.weekend)
    makeup = []
    day = start
    while day <= end:
        if day.strftime("%A").lower() in weekend and cal.is_working_day(day):
            makeup.append(cal.day_info(day))
        day += dt.timedelta(days=1)
    provisional = cal.is_provisional(start)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "calendar": cal.name,
                    "year": year,
                    "provisional": provisional,
                    "days_off": [
                        {
                            "date": d.date.isoformat(),
                            "kind": d.kind,
                            "name_vi": d.name_vi,
                            "name_en": d.name_en,
                            "source": d.source,
                        }
                        for d in off
                    ],
                    "working_days": [
                        {
                            "date": i.date.isoformat(),
                            "name_vi": i.name_vi,
                            "name_en": i.name_en,
                            "source": i.source,
                        }
                        for i in makeup
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    vi = lang == "vi"
    title = f"Lịch {shown(cal.name)} năm {year}" if vi else f"{shown(cal.name)} calendar, {year}"
    click.echo(title)
    if provisional:
        click.echo(
            "(tạm tính: chưa có lịch nghỉ chính thức của năm này)"
            if vi
            else "(provisional: no official schedule for this year; the law's rules apply)"
        )
    click.echo("")
    click.echo(f"Ngày nghỉ ({len(off)}):" if vi else f"Days off besides weekends ({len(off)}):")
    kind_width = max([12, *(len(kind_label(d.kind)) for d in off)])
    day_width = 14 if not vi else max([14, *(len(_day(d.date, vi)) for d in off)])
    for d in off:
        name = (d.name_vi or d.name_en) if vi else (d.name_en or d.name_vi)
        click.echo(
            f"  {_day(d.date, vi):<{day_width}}  {kind_label(d.kind):<{kind_width}}  {shown(name)}"
        )
        click.echo(
            f"  {'':<{day_width}}  {'':<{kind_width}}  "
            f"{'căn cứ' if vi else 'source'}: {shown(d.source)}"
        )
    click.echo("")
    click.echo(f"Ngày làm bù ({len(makeup)}):" if vi else f"Make-up working days ({len(makeup)}):")
    for i in makeup:
        name = (i.name_vi or i.name_en) if vi else (i.name_en or i.name_vi)
        click.echo(f"  {_day(i.date, vi)}  {shown(name or '')}")
        click.echo(f"  {'':<14}  {'căn cứ' if vi else 'source'}: {shown(i.source)}")


def _check_year(cal: Any, year: int, off: list[Any]) -> None:
    """Refuse a year the calendar has no data for, or that predates the law it cites.

    ``--year 26`` is not 2026: it is outside the years the public-holiday
    data covers. A year before the law the holidays cite (Bộ luật Lao động
    2019 for VN) would be listed under a law not yet passed, so it is refused.
    """
    from caseflow.calendars.public_holidays import package_range

    package = getattr(cal, "_package", None)
    if package:
        first, last = package_range(package)
        if not first <= year <= last:
            raise InputError(
                _(
                    "--year {year} is outside the years calendar {name} has data for "
                    "({first}-{last})"
                ).format(year=year, name=cal.name, first=first, last=last)
            )
    for day in off:
        if day.kind != "holiday" or not day.source:
            continue
        cited = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", day.source)
        if cited and year < int(cited.group(1)):
            raise InputError(
                _(
                    "--year {year} is before the law calendar {name} cites for its holidays "
                    "({source}); list years from {law} on"
                ).format(year=year, name=cal.name, source=day.source, law=cited.group(1))
            )


def _day(day: dt.date, vi: bool) -> str:
    """``Thu 2026-01-01`` in English, ``Th 5 01/01/2026`` in Vietnamese (CLDR's short weekday)."""
    if not vi:
        return f"{day:%a %Y-%m-%d}"
    with language("vi"):
        return f"{weekday_name(day.weekday(), 'abbreviated')} {day_text(day)}"


def _due_text(due: dt.date | None, timezone: str) -> str | None:
    """A due day as it is, a timed due on the workflow's clock."""
    if isinstance(due, dt.datetime):
        return local_time(due, zone(timezone)).isoformat()
    return due.isoformat() if due is not None else None


_CASE_LIMIT = 64 * 1024 * 1024  # bytes of one case's JSON: far above any real history


@click.command()
@click.argument("workflow", type=click.Path(dir_okay=False))
@click.argument("case_file", metavar="CASE.json", type=click.Path(dir_okay=False))
@click.option(
    "--now",
    default=None,
    help="The moment to evaluate at (ISO 8601; naive: in the workflow's zone); default: the "
    "current time, read from the system clock by the command line, as for overdue and due.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@lang_option
@spoken
@guarded
def deadlines(workflow: str, case_file: str, now: str | None, fmt: str, lang: str) -> None:
    """Print a case's deadlines: due date, status, and how each was counted.

    CASE.json holds {"id": ..., "history": [events]}, as a case's JSON
    export writes it; each event has trigger, source, dest, at (ISO 8601;
    naive times are in the workflow's zone) and optionally actor, role,
    changes. In JSON, "late" is true when a met deadline was met after its
    due day, false when met on time, and null while it is not met.

    \b
    Example:
      caseflow deadlines workflows/denunciation.yaml case.json --now 2026-03-01
    """
    import json

    from caseflow.errors import InputError
    from caseflow.files import FileRefused, read_limited
    from caseflow.times import read_time
    from caseflow.workflow import load_workflow

    wf = load_workflow(Path(workflow), filename=workflow)
    try:
        raw = json.loads(read_limited(case_file, limit=_CASE_LIMIT).decode("utf-8"))
    except FileRefused as err:
        raise InputError(
            _("{file}: cannot read the file: {reason}").format(file=case_file, reason=err.reason)
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(
            _("{file}: not valid JSON ({error})").format(file=case_file, error=err)
        ) from None
    except RecursionError:
        raise InputError(
            _("{file}: not valid JSON (it nests too deep)").format(file=case_file)
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("history"), list):
        raise InputError(
            _("{file}: expected an object with 'id' and a 'history' list of events").format(
                file=case_file
            )
        )
    case = wf.replay(str(raw.get("id", Path(case_file).stem)), raw["history"])
    when = read_time(now, what="--now") if now is not None else dt.datetime.now(dt.UTC)
    found = wf.deadlines(case, now=when)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "name": d.name,
                        "due": _due_text(d.due, wf.spec.timezone),
                        "status": d.status,
                        "soon": d.soon,
                        # Whether a met deadline was met after its due day: only a met
                        # deadline can have been late, so it is null for any other status.
                        "late": d.late if d.status == "met" else None,
                        "explanation": {"en": d.explain("en"), "vi": d.explain("vi")},
                    }
                    for d in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"{shown(case.id)}: {shown(wf.label(case.state, lang))} ({shown(case.state)})")
    if not found:
        click.echo(
            "  không có thời hạn nào đang chạy" if lang == "vi" else "  no deadline has started"
        )
    for d in found:
        click.echo(f"  - {shown(d.explain(lang))}")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--year", type=int, required=True, help="The year to list.")
@click.option("--name", default=None, help="Only this schedule (default: all of the workflow's).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "ics"]),
    default="text",
    show_default=True,
    help="text: a table; json: [{schedule, date, nominal, status, reason}], every occurrence "
    "(cancelled too); ics: an iCalendar file.",
)
@lang_option
@spoken
@guarded
def schedule(file: str, year: int, name: str | None, fmt: str, lang: str) -> None:
    """List the session dates a workflow's schedules give for a year.

    Dates that fall on a day off are moved, skipped or kept as each schedule
    says (if_day_off); the reason for every move is shown. Warnings (a rule
    that can leave months without a session) go to stderr.

    \b
    Examples:
      caseflow schedule workflows/citizen_reception.yaml --year 2026
      caseflow schedule workflows/citizen_reception.yaml --year 2026 --format ics > tiep-dan.ics
    """
    import json

    from caseflow.recurrence import select_schedules, validate_schedule, year_occurrences
    from caseflow.render.ics import to_ics
    from caseflow.render.schedule_text import schedule_records, schedule_text
    from caseflow.workflow import load_workflow

    if not 1 <= year <= 9998:
        raise click.BadParameter(
            _("{year} is not a year between 1 and 9998").format(year=year), param_hint="--year"
        )
    wf = load_workflow(Path(file), filename=file)
    tz = wf.spec.timezone  # an rrule's UNTIL time is read in it
    found = year_occurrences(wf.spec.schedules, wf.calendar, year, name=name, zone=tz)
    chosen = select_schedules(wf.spec.schedules, name)
    for sched in chosen:
        for warning in validate_schedule(sched, wf.calendar, [year], zone=tz):
            click.echo(
                shown(
                    _("{file}: schedule {name!r}: warning: {warning}").format(
                        file=file, name=sched.name, warning=warning
                    )
                ),
                err=True,
            )
    if fmt == "json":
        # Every occurrence, as text and ICS show them: cancelled and skipped ones too.
        keys = ("schedule", "date", "nominal", "status", "reason")
        rows = [{k: r[k] for k in keys} for r in schedule_records(found)]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "ics":
        data = to_ics(found, workflow_name=wf.name, schedules=chosen, zone=wf.spec.timezone)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        click.echo(shown_lines(schedule_text(found, lang=lang)), nl=False)


COMMANDS = (calendar_command, deadlines, schedule)
"""The commands to add to the ``caseflow`` group."""
