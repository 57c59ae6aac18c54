"""The demo month before the session: the year's calendar, intake, the docket, briefs.

This module owns the first four stages of the story: the year's session
calendar (with the moves a holiday causes), the intake and screening of the
sample petitions (one of them withdrawn), the docket chosen by priority
with its reasons, and the briefs due a week before the session with the
invitations. Planning sessions and choosing dockets is
``caseflow.sessions``'; the documents are ``caseflow.render.documents``';
the session itself and what follows are ``hearings``' and ``reporting``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from caseflow.case import Case
from caseflow.cli.demo.samples import (
    INTAKE,
    INTAKE_START,
    SECRETARY,
    SELECTION_AT,
    YEAR,
    at,
    sample_petitions,
)
from caseflow.cli.demo.story import SESSION_STATUS_VI, WEEKDAYS_VI, Month
from caseflow.errors import TransitionNotAllowed
from caseflow.i18n import _
from caseflow.render.documents import (
    case_brief,
    docket_document,
    invitation_document,
    session_calendar,
)
from caseflow.render.papers import brief_paper, calendar_paper, invitation_papers
from caseflow.render.summary import COUNTING_WORDS, POLICY_WORDS, word
from caseflow.sessions import (
    DocketSelection,
    Session,
    day_text,
    docket_cases,
    plan_sessions,
    select_docket,
)

__all__ = [
    "choose_the_docket",
    "plan_the_year",
    "send_briefs_and_invitations",
    "take_in_petitions",
]


def plan_the_year(month: Month) -> Session:
    """Print the year's session calendar; return the March session the month is about."""
    wf, story, lang = month.wf, month.story, month.lang
    sessions = plan_sessions(wf, YEAR, chair=SECRETARY)
    schedule = next(s for s in wf.spec.schedules if s.name == month.docket.schedule)
    rule = schedule.label.get(lang) if schedule.label else schedule.name
    story.head(f"The {YEAR} session calendar: {rule}", f"Lịch tiếp năm {YEAR}: {rule}")
    if lang == "vi":
        story.say(
            _("rule: Tuesday of week {week} ({counting}), if a day off: {policy}").format(
                week=schedule.week,
                counting=word(COUNTING_WORDS, schedule.counting),
                policy=word(POLICY_WORDS, schedule.if_day_off),
            )
        )
    else:
        story.say(
            f"rule: Tuesday of week {schedule.week} ({schedule.counting} counting), "
            f"if a day off: {schedule.if_day_off}"
        )
    for session in sessions:
        weekday = WEEKDAYS_VI[session.date.weekday()] if lang == "vi" else f"{session.date:%a}"
        status = (
            SESSION_STATUS_VI.get(session.status, session.status)
            if lang == "vi"
            else session.status
        )
        line = f"{weekday} {day_text(session.date, lang)}  {status}"
        if session.reason:
            line += f": {session.reason}"
        story.say(line)
    month.documents.append(session_calendar(wf, sessions, year=YEAR, lang=lang))
    # The calendar is published in the first working days of the year.
    month.papers.append(
        calendar_paper(
            wf, sessions, year=YEAR, issued_on=dt.date(YEAR, 1, 5), numbers=month.numbers
        )
    )
    return next(s for s in sessions if s.date.month == 3 and s.takes_place)


def take_in_petitions(month: Month, *, count: int, seed: int) -> None:
    """Register and screen ``count`` sample petitions; a citizen withdraws one."""
    wf, story, docket = month.wf, month.story, month.docket
    w = story.words
    story.head("Intake and screening of the sample petitions", "Tiếp nhận và phân loại, xử lý đơn")
    samples = sample_petitions(count, seed=seed, start=INTAKE_START)
    month.cases.extend(_intake(month, samples))
    withdrawn_at = SELECTION_AT - dt.timedelta(days=1)
    eligible = [
        c for c in month.cases if c.state in docket.eligible_in and c.updated_at < withdrawn_at
    ]
    if len(eligible) > 6:
        # A citizen withdraws before the docket is chosen.
        gone = eligible[-1]
        wf.fire(
            gone,
            "withdraw",
            at=withdrawn_at,
            role="reception_officer",
            actor="demo.reception_officer",
            note="Công dân rút đơn",
        )
        story.say(w(f"{gone.id} withdrawn by the citizen", f"{gone.id}: công dân rút đơn"))
    month.keep()


def _intake(month: Month, samples: Sequence[dict[str, Any]]) -> list[Case]:
    """Start each sample and walk its intake path, printing one line per case."""
    wf, story = month.wf, month.story
    cases = []
    for number, sample in enumerate(samples):
        opened = at(dt.date.fromisoformat(sample["data"]["registered_on"]))
        case = wf.start(
            sample["id"], at=opened, data=sample["data"], role="reception_officer", actor="demo"
        )
        path = [(case.state, opened)]
        when = opened
        for trigger, role, days, given in INTAKE[number % len(INTAKE)][1]:
            data = {
                k: v.format(ward=case.data["ward"]) if isinstance(v, str) else v
                for k, v in given.items()
            }
            # .date(): ``at`` builds times in the workflow's zone, so this is the local day.
            when = at(wf.calendar.add_working_days(when.date(), days), when.hour, when.minute)
            if trigger.startswith("!"):
                try:
                    wf.fire(case, trigger[1:], at=when, role=role, data=data or None)
                except TransitionNotAllowed as refused:
                    month.refusals.append(f"{case.id}: {refused.reason}")
                    continue
                raise AssertionError(f"demo: expected {trigger[1:]!r} to be refused")
            wf.fire(case, trigger, at=when, role=role, data=data or None, actor=f"demo.{role}")
            path.append((case.state, when))
        cases.append(case)
        steps = " -> ".join(f"{wf.label(s, story.lang)} {t:%d/%m}" for s, t in path)
        kind = next(f for f in wf.spec.fields if f.name == "kind").choice_label(
            case.data["kind"], story.lang
        )
        story.say(f"{case.id}  {kind:<14} {steps}")
    return cases


def choose_the_docket(month: Month, march: Session) -> DocketSelection:
    """Choose the March session's docket by priority, and print why each case is on it or not."""
    wf, story, lang, docket = month.wf, month.story, month.lang, month.docket
    story.head(
        f"Choosing the docket of the session of {day_text(march.date, lang)} "
        f"(capacity {docket.capacity})",
        f"Chọn vụ việc cho buổi tiếp ngày {day_text(march.date, lang)} "
        f"(tối đa {docket.capacity} vụ việc)",
    )
    selection = select_docket(
        wf,
        march,
        month.cases,
        at=SELECTION_AT,
        actor="demo.internal_affairs_group",
        role="internal_affairs_group",
        data={"session_kind": "regular"},
    )
    for line in selection.explain(lang).splitlines()[1:]:
        story.say(line.strip())
    month.documents.append(
        docket_document(
            wf, selection, month.cases, now=SELECTION_AT, for_role="secretary", lang=lang
        )
    )
    month.keep()
    return selection


def send_briefs_and_invitations(
    month: Month, march: Session, selection: DocketSelection
) -> list[Case]:
    """Send the chosen cases' briefs (one late, one without its invitation); return them."""
    wf, story, lang = month.wf, month.story, month.lang
    w = story.words
    chosen = docket_cases(wf, march, month.cases)
    story.head(
        "Briefs due one week before the session, and the invitations",
        "Báo cáo vụ việc gửi trước 01 tuần, và giấy mời",
    )
    # Cases of one session share the brief's due date: say it once for all.
    briefs: dict[str, list[str]] = {}
    for case in chosen:
        for deadline in wf.deadlines(case, now=SELECTION_AT):
            if deadline.rule.anchor.kind == "session":
                briefs.setdefault(deadline.explain(lang), []).append(case.id)
    for text, ids in briefs.items():
        story.say(f"{', '.join(ids)}: {text}")
    # Briefs go out on 9 March, the last one late on 11 March; the first
    # case's invitation is forgotten (the hearing will refuse it).
    brief_days = [dt.date(2026, 3, 9)] * max(0, len(chosen) - 1) + [dt.date(2026, 3, 11)]
    for index, (case, day) in enumerate(zip(chosen, brief_days, strict=False)):
        invited = index != 0
        wf.fire(
            case,
            "brief",
            at=at(day, 16),
            role="internal_affairs_group",
            actor="demo.internal_affairs_group",
            data={"invitation_sent_on": day.isoformat()} if invited else None,
        )
        line = w(
            f"{case.id}: brief sent {day_text(day, lang)}",
            f"{case.id}: gửi báo cáo ngày {day_text(day, lang)}",
        )
        for deadline in wf.deadlines(case, now=at(day, 17)):
            if deadline.rule.anchor.kind == "session" and deadline.due_date is not None:
                late = deadline.late
                line += w(
                    f" (due {day_text(deadline.due_date, lang)}: {'late' if late else 'on time'})",
                    f" (hạn {day_text(deadline.due_date, lang)}: "
                    f"{'trễ hạn' if late else 'đúng hạn'})",
                )
        line += w(
            "; invitation sent" if invited else "; NO invitation sent",
            "; đã gửi giấy mời" if invited else "; CHƯA gửi giấy mời",
        )
        story.say(line)
        why = next((e.basis(lang) for e in selection.entries if e.case_id == case.id), None)
        month.documents.append(
            case_brief(
                wf,
                case,
                session=march,
                now=at(day, 17),
                for_role="secretary",
                lang=lang,
                why=why,
            )
        )
        month.papers.append(
            brief_paper(
                wf,
                case,
                session=march,
                issued_on=day,
                now=at(day, 17),
                for_role="secretary",
                numbers=month.numbers,
                why=next((e.basis("vi") for e in selection.entries if e.case_id == case.id), None),
            )
        )
    month.documents.append(invitation_document(wf, march, month.cases, lang=lang))
    # The group that sends the invitations reads the citizens' identities:
    # with a store, each case is revealed to it through an audited Reveal.
    readable = month.revealed(
        chosen,
        role="internal_affairs_group",
        reason=f"invitations to the session of {march.date.isoformat()}",
        when=at(brief_days[-1], 17),
    )
    month.documents.append(
        invitation_document(wf, march, readable, for_role="internal_affairs_group", lang=lang)
    )
    # One letter per invitee, for the group that sends them (it reads the names).
    month.papers.extend(
        invitation_papers(
            wf,
            march,
            [c for c in readable if c.data.get("invitation_sent_on")],
            issued_on=dt.date(2026, 3, 9),
            for_role="internal_affairs_group",
            numbers=month.numbers,
        )
    )
    month.keep()
    return chosen
