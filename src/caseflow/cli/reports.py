"""What is due, the period's report and a session's papers: ``due``, ``report``, ``documents``.

This module owns the terminal side of an office's week and month: ``due``
lists the running deadlines that fall due within a span (or are overdue),
with days left or overdue, on each workflow's clock; ``report`` prints the
figures of a month, quarter, half or year (``caseflow.sessions.summarise``)
and writes the report paper; ``documents`` writes the papers of one
session (``session_papers``, the one function that makes them, so that
another format can be added beside Markdown and HTML). The figures and
papers are the library's (``caseflow.sessions``, ``caseflow.render``);
"now" defaults to the system clock here, in the command line only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from caseflow.case import Case
from caseflow.cli.guard import guarded
from caseflow.cli.running import (
    check_name,
    db_option,
    echo_json,
    format_option,
    lang_of,
    lang_option,
    now_option,
    open_existing,
    parse_now,
    progress,
    stored_workflows,
    table,
    workflow_names,
)
from caseflow.cli.terminal import shown
from caseflow.errors import InputError
from caseflow.i18n import _, day_text, language, moment_text
from caseflow.render.documents import (
    Document,
    case_brief,
    conclusion_notice,
    docket_document,
    invitation_document,
    periodic_report,
)
from caseflow.render.documents.labels import value_text
from caseflow.sessions import (
    Period,
    Session,
    ad_hoc_session,
    docket_cases,
    plan_sessions,
    select_docket,
    summarise,
)
from caseflow.store import Reveal, Store
from caseflow.times import local_day, local_time, to_date, to_datetime, zone
from caseflow.workflow import Workflow

__all__ = ["COMMANDS", "documents", "due", "echo_deadlines", "report", "session_papers"]

_SPAN = re.compile(r"^\s*(\d{1,4})\s*([dw]?)\s*$")


def _span(text: str) -> dt.timedelta:
    """``--within``: a number of days (``7``, ``7d``) or weeks (``2w``)."""
    m = _SPAN.match(text)
    if m is None:
        raise InputError(
            _("--within {value!r} is not a span; write days or weeks, e.g. 7d or 2w").format(
                value=text
            )
        )
    n = int(m.group(1))
    return dt.timedelta(days=n * 7 if m.group(2) == "w" else n)


@click.command()
@click.option(
    "--within",
    default="7d",
    show_default=True,
    help="How far ahead: days (7d) or weeks (2w); overdue deadlines are always listed.",
)
@now_option
@click.option("--workflow", help="Only cases of this workflow (its name).")
@db_option
@format_option
@lang_option
@guarded
def due(
    within: str, now: str | None, workflow: str | None, db: str, fmt: str, lang: str | None
) -> None:
    """List running deadlines due within a span from now, and those overdue, earliest first.

    DAYS is the number of calendar days from today to the due day on the
    workflow's clock: negative when overdue.

    \b
    Example:
      caseflow due --within 7d --now 2026-03-16 --db caseflow-demo/cases.db
    """
    lang = lang_of(lang)
    with language(lang), open_existing(db) as store:
        span = _span(within)
        when = parse_now(now)
        check_name(workflow, workflow_names(store), _("workflow"))
        rows = store.due_before(when + span, workflow=workflow)
        echo_deadlines(store, rows, when, fmt)


def echo_deadlines(
    store: Store, rows: Sequence[Any], when: Any, fmt: str, *, empty: str | None = None
) -> None:
    """Deadlines as a table (or JSON) with their due time, overdue-from and days, local."""
    out = []
    zones: dict[str, dt.tzinfo] = {}
    for row in rows:
        tz = zones.setdefault(row.workflow, store.timezone(row.workflow))
        today = local_day(to_datetime(when, tz, what="--now"), tz)
        due_day = local_day(row.due, tz) if isinstance(row.due, dt.datetime) else row.due
        out.append(
            {
                "case_id": row.case_id,
                "workflow": row.workflow,
                "version": row.version,
                "state": row.state,
                "deadline": row.name,
                "due": (
                    local_time(row.due, tz).isoformat()
                    if isinstance(row.due, dt.datetime)
                    else row.due.isoformat()
                ),
                "overdue_from": local_time(row.overdue_from, tz).isoformat(),
                "days": (due_day - today).days,
                "overdue": to_datetime(when, tz, what="--now") >= row.overdue_from,
            }
        )
    if fmt == "json":
        echo_json(out)
        return
    if not out:
        click.echo(empty or _("nothing is due"), err=True)
        return
    headers = [_("CASE"), _("WORKFLOW"), _("STATE"), _("DEADLINE"), _("DUE"), _("DAYS")]
    click.echo(
        table(
            headers,
            [
                [r["case_id"], r["workflow"], r["state"], r["deadline"], _due_text(r), _days(r)]
                for r in out
            ],
        )
    )


def _due_text(row: dict[str, Any]) -> str:
    """The DUE column in the run's language (dd/mm/yyyy in Vietnamese); JSON keeps ISO 8601."""
    due = row["due"]
    if "T" in due:
        return moment_text(dt.datetime.fromisoformat(due))
    return day_text(dt.date.fromisoformat(due))


def _days(row: dict[str, Any]) -> str:
    """DAYS in words a clerk reads: ``3 overdue``, ``today``, ``in 4``."""
    days = int(row["days"])
    if row["overdue"]:
        return _("{n} overdue").format(n=max(-days, 0))
    return _("today") if days == 0 else _("in {n}").format(n=days)


def _one_workflow(store: Store, name: str | None) -> Workflow:
    """The workflow a report or papers are for: ``--workflow``, or the store's only one."""
    found = stored_workflows(store, name)
    if len(found) != 1:
        raise click.UsageError(
            _("the store keeps several workflows ({names}); choose one with --workflow").format(
                names=", ".join(workflow_names(store))
            )
        )
    return found[0]


def _all_cases(store: Store, wf: Workflow, label: str) -> list[Case]:
    """Every case of ``wf``'s name, loaded (redacted), with a progress bar on a terminal."""
    heads = store.cases(workflow=wf.name)
    out = []
    with progress(len(heads), label) as bar:
        for head in heads:
            out.append(store.load(head.id))
            bar.update(1)
    return [c for c in out if c.version == wf.version] + [c for c in out if c.version != wf.version]


@click.command()
@click.option(
    "--period",
    required=True,
    metavar="PERIOD",
    help="A month 2026-05, a quarter 2026-Q2, a half 2026-H1 or a year 2026.",
)
@click.option("--workflow", help="The workflow reported on (needed if the store keeps several).")
@now_option
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Also write the report paper (Markdown and HTML) into this folder.",
)
@db_option
@format_option
@lang_option
@guarded
def report(
    period: str,
    workflow: str | None,
    now: str | None,
    out: str | None,
    db: str,
    fmt: str,
    lang: str | None,
) -> None:
    """Print the figures of a period's report (received, reached, deadlines met or late).

    Only what had happened by the end of the period (or by --now, if
    earlier) is counted, so a past month's report is the same whenever it
    is drawn.

    \b
    Example:
      caseflow report --period 2026-03 --now 2026-04-01 --lang vi --db caseflow-demo/cases.db
    """
    lang = lang_of(lang)
    with language(lang):
        try:
            Period.parse(period)
        except InputError:  # said with the option's name, as --now's errors are
            raise InputError(
                _(
                    "--period {value!r} is not a period; write 2026-03 (month), 2026-Q1 "
                    "(quarter), 2026-H1 (half-year) or 2026 (year)"
                ).format(value=period)
            ) from None
    with language(lang), open_existing(db) as store:
        wf = _one_workflow(store, workflow)
        when = parse_now(now)
        items = [c for c in _all_cases(store, wf, _("reading cases")) if c.version == wf.version]
        figures = summarise(wf, items, period, now=when)
        if out is not None:
            paper = periodic_report(wf, items, period, now=when, lang=lang)
            for path in paper.write(out):
                click.echo(_("wrote {path}").format(path=shown(path)), err=True)
        t = figures.timeliness
        deadlines = {
            "on_time": t.on_time,
            "late": t.late,
            "overdue": t.overdue,
            "running": t.running,
        }
        view: dict[str, Any] = {
            "workflow": wf.name,
            "period": str(figures.period),
            "as_of": local_time(figures.as_of, zone(wf.spec.timezone)).isoformat(),
            "received": figures.received,
            "by_kind": dict(figures.by_kind),
            "reached": dict(figures.reached),
            "outcomes": dict(figures.outcomes),
            "standing": dict(figures.standing),
            "deadlines": deadlines,
        }
        if fmt == "json":
            echo_json(view)
            return
        click.echo(f"{shown(figures.period.label(lang))} ({shown(wf.name)})")
        click.echo(_("received: {n}").format(n=figures.received))
        rows = [[_("by kind"), value_text(k, lang=lang), n] for k, n in figures.by_kind]
        rows += [[_("reached"), wf.label(s, lang), n] for s, n in figures.reached]
        rows += [[_("outcome"), value_text(k, lang=lang), n] for k, n in figures.outcomes]
        rows += [[_("standing"), wf.label(s, lang), n] for s, n in figures.standing]
        # Each word written out, so that the catalog's extractor finds it.
        said = {"on_time": _("on time"), "late": _("late"), "overdue": _("overdue"),
                "running": _("running")}  # fmt: skip
        rows += [[_("deadlines"), said[k], v] for k, v in deadlines.items()]
        click.echo(table([_("FIGURE"), _("WHAT"), _("COUNT")], rows))


def session_papers(
    wf: Workflow,
    session: Session,
    cases: Sequence[Case],
    *,
    now: Any,
    lang: str,
    for_role: str | None = None,
) -> list[Document]:
    """The papers of ``session``: its docket (before it sits), invitations, briefs, conclusions.

    The one function that makes a session's papers from the store's cases;
    a writer of another format (DOCX) takes its result. The docket is a dry
    run (nothing is fired) and is made only while the session is ahead of
    ``now``; the conclusion notice only once a case on it has been heard.
    """
    tz = zone(wf.spec.timezone)
    moment = to_datetime(now, tz, what="--now")
    papers: list[Document] = []
    on_it = docket_cases(wf, session, cases)
    if local_day(moment, tz) <= session.date and session.takes_place:
        selection = select_docket(wf, session, cases, at=moment, dry_run=True)
        papers.append(
            docket_document(wf, selection, cases, now=moment, for_role=for_role, lang=lang)
        )
    papers.append(invitation_document(wf, session, cases, for_role=for_role, lang=lang))
    for case in on_it:
        papers.append(
            case_brief(wf, case, session=session, now=moment, for_role=for_role, lang=lang)
        )
    if any(e.dest == "heard" for c in on_it for e in c.history):
        papers.append(conclusion_notice(wf, session, cases, for_role=for_role, lang=lang))
    return papers


def _session_on(wf: Workflow, day: dt.date, cases: Sequence[Case]) -> Session:
    """The planned session held on ``day``, else an ad-hoc one if a case is on that day."""
    planned = plan_sessions(wf, day.year)
    for session in planned:
        if session.date == day or session.nominal == day:
            return session
    ad_hoc = ad_hoc_session(day, reason=_("cases on this day"), calendar=wf.calendar)
    if docket_cases(wf, ad_hoc, cases):
        return ad_hoc
    dates = ", ".join(day_text(s.date) for s in planned if s.takes_place)
    raise InputError(
        _("no session on {day}; the sessions of {year}: {dates}").format(
            day=day_text(day), year=day.year, dates=dates or _("none")
        )
    )


def _revealed(
    store: Store,
    wf: Workflow,
    session: Session,
    cases: list[Case],
    role: str,
    actor: str | None,
    reason: str | None,
) -> list[Case]:
    """``cases`` with the session's own read again through an audited reveal for ``role``."""
    assert actor is not None
    assert reason is not None
    ask = Reveal(actor=actor, role=role, reason=reason, at=dt.datetime.now(dt.UTC))
    on_it = {c.id for c in docket_cases(wf, session, cases)}
    return [store.load(c.id, reveal=ask) if c.id in on_it else c for c in cases]


@click.command()
@click.option("--session", "session_day", required=True, metavar="DATE", help="The session's day.")
@click.option(
    "--out", required=True, type=click.Path(file_okay=False), help="Folder for the papers."
)
@click.option("--workflow", help="The workflow (needed if the store keeps several).")
@click.option(
    "--for-role",
    help="Papers for this role, showing the confidential values it may read "
    "(needs --actor and --reason; each reveal is audited).",
)
@click.option("--actor", help="Who asks for the reveal (recorded in the audit table).")
@click.option("--reason", help="Why (recorded in the audit table).")
@now_option
@db_option
@format_option
@lang_option
@guarded
def documents(
    session_day: str,
    out: str,
    workflow: str | None,
    for_role: str | None,
    actor: str | None,
    reason: str | None,
    now: str | None,
    db: str,
    fmt: str,
    lang: str | None,
) -> None:
    """Write the papers of the session on DATE: docket, invitations, briefs, conclusions.

    Confidential values are redacted, unless --for-role names a role among
    their readers: then the cases on the session (only those) are read
    through an audited reveal, at the current time read from the system
    clock, and the papers are made for that role.

    \b
    Example:
      caseflow documents --session 2026-03-17 --out papers --now 2026-03-31 \\
        --db caseflow-demo/cases.db
    """
    lang = lang_of(lang)
    if (for_role is None) != (actor is None) or (for_role is None) != (reason is None):
        raise click.UsageError(_("--for-role, --actor and --reason go together"))
    with language(lang), open_existing(db) as store:
        wf = _one_workflow(store, workflow)
        check_name(for_role, [r.name for r in wf.spec.roles], _("role"))
        day = to_date(session_day, what="--session")
        when = parse_now(now)
        items = [c for c in _all_cases(store, wf, _("reading cases")) if c.version == wf.version]
        session = _session_on(wf, day, items)
        if for_role is not None:
            items = _revealed(store, wf, session, items, for_role, actor, reason)
        papers = session_papers(wf, session, items, now=when, lang=lang, for_role=for_role)
        written: list[str] = []
        with progress(len(papers), _("writing papers")) as bar:
            for paper in papers:
                written += [str(p) for p in paper.write(Path(out))]
                bar.update(1)
    if fmt == "json":
        echo_json({"session": day.isoformat(), "files": written})
        return
    for path in written:
        click.echo(shown(path))


COMMANDS = (due, report, documents)
"""The commands to add to the ``caseflow`` group."""
