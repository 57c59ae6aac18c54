"""The demo month's end: the report upward, and what carries over to the next session.

This module owns the last stages of the story: the concluded cases are
reported, the month's and the quarter's figures are drawn (received,
reached, deadlines met, late, overdue) with their reports, and the cases
that carry over are listed with their running deadlines. The figures and
the carry-over are ``caseflow.sessions``', the reports
``caseflow.render.documents``'; the stages before are ``preparation``'s and
``hearings``'.
"""

from __future__ import annotations

import datetime as dt

from caseflow.cli.demo.samples import at
from caseflow.cli.demo.story import VALUES_VI, Month, recipients
from caseflow.render.documents import periodic_report
from caseflow.render.papers import report_paper
from caseflow.sessions import Session, carry_over, day_text, summarise

__all__ = ["list_what_carries_over", "report_upward"]


def report_upward(month: Month, extra: Session) -> dt.datetime:
    """Report the concluded cases and print March's figures; return when they were drawn."""
    wf, story, lang, cases = month.wf, month.story, month.lang, month.cases
    w = story.words
    story.head("The report upward", "Báo cáo cấp trên")
    for case in cases:
        if case.state == "concluded":
            wf.fire(
                case,
                "report",
                at=at(dt.date(2026, 3, 30), 15),
                role="internal_affairs_group",
                actor="demo.internal_affairs_group",
            )
    month.keep()
    drawn = at(dt.date(2026, 4, 1), 8)
    figures = summarise(wf, cases, "2026-03", now=drawn, sessions=[extra])
    story.say(
        w(
            f"March 2026: {figures.received} petitions received; "
            + ", ".join(f"{n} {wf.label(s, lang).lower()}" for s, n in figures.reached),
            f"tháng 3/2026: tiếp nhận {figures.received} đơn; "
            + ", ".join(f"{n} {wf.label(s, lang).lower()}" for s, n in figures.reached),
        )
    )
    t = figures.timeliness
    story.say(
        w(
            f"deadlines: {t.on_time} met on time, {t.late} late, {t.overdue} overdue, "
            f"{t.running} running",
            f"thời hạn: {t.on_time} đúng hạn, {t.late} trễ hạn, {t.overdue} quá hạn, "
            f"{t.running} đang trong hạn",
        )
    )
    for period in ("2026-03", "2026-Q1"):
        month.documents.append(
            periodic_report(
                wf,
                cases,
                period,
                now=drawn,
                sessions=[extra],
                lang=lang,
                recipients=recipients(wf, "report"),
            )
        )
        month.papers.append(
            report_paper(
                wf,
                cases,
                period,
                now=drawn,
                issued_on=drawn.date(),
                sessions=[extra],
                numbers=month.numbers,
            )
        )
    return drawn


def list_what_carries_over(
    month: Month, march: Session, april: Session | None, drawn: dt.datetime
) -> None:
    """Print the cases that carry over after March, with their running deadlines."""
    wf, story, lang, cases = month.wf, month.story, month.lang, month.cases
    w = story.words
    story.head(
        "What carries over to the next session",
        "Vụ việc chuyển sang buổi tiếp sau",
    )
    for item in carry_over(wf, cases, march):
        case = next(c for c in cases if c.id == item.case_id)
        line = f"{item.case_id}: {item.explain(lang)}"
        for deadline in wf.deadlines(case, now=drawn):
            if deadline.status in ("pending", "overdue") and deadline.due_date is not None:
                name = deadline.label.get(lang) if deadline.label else deadline.name
                status = VALUES_VI[deadline.status] if lang == "vi" else deadline.status
                line += f"; {name} {w('due', 'hạn')} {day_text(deadline.due_date, lang)} ({status})"
        story.say(line)
    if april is not None:
        story.say(
            w(
                f"next session: {april.title('en')}",
                f"buổi tiếp sau: {april.title('vi')}",
            )
        )
