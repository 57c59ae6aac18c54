"""The periodic report upward (báo cáo định kỳ) as a document.

This module owns what the report on a month, quarter, half-year or year
says (``periodic_report``): the figures of ``sessions.summarise`` put in
words, states and deadline rules by their labels, with the month-by-month
roll-up when the period has more than one month.

It leaves counting to ``sessions.reports`` (through ``summarise``), the
pieces shared with the session papers to ``views``, and rendering to
``templating``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from caseflow.case import Case
from caseflow.definition import Label
from caseflow.render.documents.labels import HEADINGS, value_text
from caseflow.render.documents.templating import (
    Document,
    check_lang,
    render_document,
    role_suffix,
)
from caseflow.render.documents.views import session_view
from caseflow.sessions import (
    RECEPTION,
    Bindings,
    Period,
    Session,
    WorkflowLike,
    day_text,
    summarise,
)
from caseflow.times import local_day, zone

__all__ = ["periodic_report"]


def periodic_report(
    wf: WorkflowLike,
    cases: Iterable[Case],
    period: Period | str,
    *,
    now: Any,
    sessions: Sequence[Session] = (),
    for_role: str | None = None,
    lang: str = "vi",
    recipients: Sequence[str] = (),
    bindings: Bindings = RECEPTION,
) -> Document:
    """The report upward on a month, quarter, half-year or year (``sessions.summarise``)."""
    check_lang(lang)
    items = list(cases)
    chosen = Period.parse(period)
    summary = summarise(wf, items, chosen, now=now, sessions=sessions, bindings=bindings)
    rule_labels = {r.name: r.label.get(lang) for r in wf.spec.deadlines if r.label is not None}

    def state(name: str) -> str:
        try:
            return wf.label(name, lang)
        except KeyError:
            return name

    def counts(t: Any) -> dict[str, int]:
        return {"on_time": t.on_time, "late": t.late, "overdue": t.overdue, "running": t.running}

    title = Label(
        vi=f"{HEADINGS['report'].vi} {chosen.label('vi')}",
        en=f"{HEADINGS['report'].en}: {chosen.label('en')}",
    )
    return render_document(
        "report",
        {
            "period": chosen.label(lang),
            "as_of": day_text(local_day(summary.as_of, zone(wf.spec.timezone)), lang),
            "received": summary.received,
            "by_kind": [(value_text(k, lang=lang), n) for k, n in summary.by_kind],
            "reached": [(state(s), n) for s, n in summary.reached],
            "outcomes": [(value_text(k, lang=lang), n) for k, n in summary.outcomes],
            "standing": [(state(s), n) for s, n in summary.standing],
            "timeliness": counts(summary.timeliness),
            "by_rule": [(rule_labels.get(n, n), counts(t)) for n, t in summary.by_rule],
            "months": [
                {
                    "month": m.period.label(lang),
                    "received": m.received,
                    "heard": m.heard,
                    "concluded": m.concluded,
                    "closed": m.closed,
                }
                for m in summary.months
            ]
            if len(summary.months) > 1
            else [],
            "sessions": [(session_view(s, lang), n) for s, n in summary.sessions],
            "recipients": list(recipients),
        },
        wf=wf,
        title=title,
        name=f"report-{chosen}{role_suffix(for_role)}",
        for_role=for_role,
        lang=lang,
        cases=items,
    )
