"""The demo month's hearings: the March session, its conclusions, and an ad-hoc session.

This module owns the middle stages of the story: the session hears the
chosen cases (one, never invited, is refused and deferred to the next
session), the conclusions are recorded with the agencies and their due
dates, and an urgent denunciation gets a session of its own with its brief,
hearing and conclusion. Recording conclusions and building ad-hoc sessions
is ``caseflow.sessions``'; the documents are ``caseflow.render.documents``';
what comes before is ``preparation``'s, the reports after ``reporting``'s.
"""

from __future__ import annotations

import datetime as dt

from caseflow.case import Case
from caseflow.cli.demo.samples import (
    AGENCIES,
    JOIN,
    MEETING_LINK,
    SECRETARY,
    at,
    urgent_petition,
)
from caseflow.cli.demo.story import VALUES_VI, Month, recipients
from caseflow.errors import TransitionNotAllowed
from caseflow.render.documents import conclusion_notice, docket_document, invitation_document
from caseflow.render.papers import invitation_papers, notice_papers
from caseflow.sessions import (
    Session,
    ad_hoc_session,
    day_text,
    next_session,
    record_conclusion,
    select_docket,
)

__all__ = ["conclude_the_session", "hold_an_ad_hoc_session", "hold_the_session"]


def hold_the_session(
    month: Month, march: Session, chosen: list[Case]
) -> tuple[list[Case], Session | None]:
    """Hear the chosen cases; return those heard and the next session (where one is deferred)."""
    wf, story, lang = month.wf, month.story, month.lang
    w = story.words
    story.head(
        f"The session of {day_text(march.date, lang)}",
        f"Buổi tiếp ngày {day_text(march.date, lang)}",
    )
    held = at(march.date, 8, 0)
    april = next_session(wf, march.date, chair=SECRETARY)
    heard: list[Case] = []
    for case in chosen:
        try:
            wf.fire(case, "hear", at=held, role="secretary", actor="demo.secretary")
        except TransitionNotAllowed as refused:
            # The citizen was never invited, so cannot be heard: the case goes
            # to the next session, and a new brief falls due before it.
            month.refusals.append(f"{case.id}: {refused.reason}")
            after = april
            assert after is not None
            wf.fire(
                case,
                "defer",
                at=held,
                role="secretary",
                actor="demo.secretary",
                data={month.docket.session_field: after.key},
                note="Công dân chưa được mời",
            )
            story.say(
                w(
                    f"{case.id}: not heard (no invitation was sent); deferred to the session "
                    f"of {day_text(after.date, lang)}",
                    f"{case.id}: chưa tiếp được (chưa phát hành giấy mời); hoãn sang buổi tiếp "
                    f"ngày {day_text(after.date, lang)}",
                )
            )
            continue
        heard.append(case)
        story.say(w(f"{case.id}: heard", f"{case.id}: đã tiếp"))
    month.keep()
    return heard, april


def conclude_the_session(month: Month, march: Session, heard: list[Case]) -> None:
    """Record a conclusion on each heard case, in turn directed, explained or continued."""
    wf, story, lang = month.wf, month.story, month.lang
    w = story.words
    story.head("Conclusions", "Kết luận")
    outcomes = ("directed_to_agency", "explained", "continued")
    texts = {
        "directed_to_agency": "Giao cơ quan chức năng kiểm tra, giải quyết dứt điểm và báo cáo "
        "kết quả",
        "explained": "Vụ việc đã được giải quyết đúng quy định; giải thích, hướng dẫn công dân",
        "continued": "Giao Thanh tra thành phố xác minh thêm trước khi kết luận",
    }
    day = march.date + dt.timedelta(days=2)
    due = day + dt.timedelta(days=30)
    for index, case in enumerate(heard):
        outcome = outcomes[index % len(outcomes)]
        # A ward's committee is the case's own ward's, as its invitation said.
        agency = (
            AGENCIES[index % len(AGENCIES)].format(ward=case.data["ward"])
            if outcome == "directed_to_agency"
            else None
        )
        by = "secretary" if outcome == "continued" else "internal_affairs_group"
        record_conclusion(
            wf,
            case,
            outcome,
            at=at(day, 10),
            conclusion=texts[outcome],
            agency=agency,
            agency_due=due if agency else None,
            role=by,
            actor=f"demo.{by}",
        )
        line = f"{case.id}: {w(outcome.replace('_', ' '), VALUES_VI[outcome])}"
        if agency:
            line += f" ({agency}, {w('due', 'hạn')} {day_text(due, lang)})"
        story.say(line)
    month.documents.append(
        conclusion_notice(wf, march, month.cases, lang=lang, recipients=recipients(wf, "notice"))
    )
    month.papers.extend(
        notice_papers(
            wf, march, month.cases, issued_on=day + dt.timedelta(days=1), numbers=month.numbers
        )
    )
    month.keep()


def hold_an_ad_hoc_session(month: Month, march: Session, *, seed: int, count: int) -> Session:
    """Take in an urgent denunciation and hear it at a session of its own, where March's was.

    Returns the ad-hoc session.
    """
    wf, story, lang = month.wf, month.story, month.lang
    w = story.words
    urgent_data = urgent_petition(seed=seed, number=count + 1, registered=dt.date(2026, 3, 12))
    urgent = wf.start(
        urgent_data["id"],
        at=at(dt.date(2026, 3, 12)),
        data=urgent_data["data"],
        role="reception_officer",
        actor="demo",
    )
    wf.fire(
        urgent,
        "screen",
        at=at(dt.date(2026, 3, 13)),
        role="reception_officer",
        actor="demo.reception_officer",
    )
    month.cases.append(urgent)
    extra = ad_hoc_session(
        dt.date(2026, 3, 26),
        reason=w(
            "a denunciation involving a ward cadre, on which three agencies disagree",
            "tố cáo liên quan cán bộ phường, ý kiến ba cơ quan còn khác nhau",
        ),
        place=march.place,
        contact=march.contact,
        chair=SECRETARY,
        time="14:00",
        calendar=wf.calendar,
        # Citizens far away may join online (Luật 136/2025/QH15, from 1/7/2026).
        mode="hybrid",
        meeting_link=MEETING_LINK,
        join=JOIN,
    )
    story.head(extra.title("en"), extra.title("vi"))
    story.say(f"{w('why', 'lý do')}: {extra.reason}")
    for warning in extra.warnings:  # a day off: held anyway, but said
        story.say(f"{w('warning', 'lưu ý')}: {warning}")
    chosen_at = at(dt.date(2026, 3, 13), 14)
    picked = select_docket(
        wf,
        extra,
        [urgent],
        at=chosen_at,
        role="internal_affairs_group",
        actor="demo.internal_affairs_group",
        capacity=1,
        data={"session_kind": "ad_hoc"},
    )
    for entry in picked.entries:
        story.say(f"{entry.case_id}: {entry.explain(lang)}")
    month.documents.append(docket_document(wf, picked, [urgent], now=chosen_at, lang=lang))
    # Even an ad-hoc session gets its brief a week ahead, with the invitation.
    sent = dt.date(2026, 3, 18)
    wf.fire(
        urgent,
        "brief",
        at=at(sent, 16),
        role="internal_affairs_group",
        actor="demo.internal_affairs_group",
        data={"invitation_sent_on": sent.isoformat()},
    )
    for deadline in wf.deadlines(urgent, now=at(sent, 17)):
        if deadline.rule.anchor.kind == "session":
            story.say(f"{urgent.id}: {deadline.explain(lang)}")
    month.documents.append(invitation_document(wf, extra, [urgent], lang=lang))
    readable = month.revealed(
        [urgent],
        role="internal_affairs_group",
        reason=f"invitations to the session of {extra.date.isoformat()}",
        when=at(sent, 16),
    )
    month.papers.extend(
        invitation_papers(
            wf,
            extra,
            readable,
            issued_on=sent,
            for_role="internal_affairs_group",
            numbers=month.numbers,
        )
    )
    wf.fire(urgent, "hear", at=at(extra.date, 14, 0), role="secretary", actor="demo.secretary")
    record_conclusion(
        wf,
        urgent,
        "directed_to_agency",
        at=at(extra.date + dt.timedelta(days=1), 9),
        conclusion="Giao Ủy ban Kiểm tra Thành ủy kiểm tra dấu hiệu vi phạm của cán bộ",
        agency="Ủy ban Kiểm tra Thành ủy",
        agency_due=extra.date + dt.timedelta(days=31),
        role="internal_affairs_group",
        actor="demo.internal_affairs_group",
    )
    story.say(
        w(
            f"{urgent.id}: heard and directed to Ủy ban Kiểm tra Thành ủy",
            f"{urgent.id}: đã tiếp, giao Ủy ban Kiểm tra Thành ủy",
        )
    )
    month.documents.append(
        conclusion_notice(wf, extra, month.cases, lang=lang, recipients=recipients(wf, "notice"))
    )
    month.papers.extend(
        notice_papers(
            wf,
            extra,
            month.cases,
            issued_on=extra.date + dt.timedelta(days=1),
            numbers=month.numbers,
        )
    )
    month.keep([urgent])
    return extra
