"""``caseflow demo``: one month of the Secretary's citizen reception, end to end.

This module owns the demo's sample data and its printed story: the year's
session calendar (with the moves a holiday causes), the intake and
screening of seeded sample petitions, the docket chosen by priority with
its reasons, the briefs due a week before the session, the invitations,
the session, its conclusions, an ad-hoc session, the conclusion notices
and the reports upward; the documents are written, in Markdown and HTML,
to a folder. It uses the public API, ``caseflow.sessions`` and
``caseflow.render.documents`` only, so it doubles as a worked example.

Sample people are invented; their names, addresses and phone numbers are
confidential fields, never printed, and shown only in the documents meant
for the role that may read them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from caseflow.case import Case
from caseflow.errors import TransitionNotAllowed
from caseflow.render.documents import (
    Document,
    case_brief,
    conclusion_notice,
    docket_document,
    invitation_document,
    periodic_report,
    session_calendar,
)
from caseflow.sessions import (
    ad_hoc_session,
    carry_over,
    day_text,
    docket_cases,
    next_session,
    plan_sessions,
    record_conclusion,
    select_docket,
    summarise,
)
from caseflow.workflow import Workflow, load_workflow, shipped_workflow

__all__ = [
    "INTAKE",
    "demo_workflow",
    "run_demo",
    "sample_petitions",
    "urgent_petition",
]

ZONE = dt.timezone(dt.timedelta(hours=7), "ICT")
YEAR: Final = 2026
INTAKE_START: Final = dt.date(2026, 2, 23)
INTAKE_DAYS: Final = 7
SELECTION_AT: Final = dt.datetime(2026, 3, 6, 14, 0, tzinfo=ZONE)
SECRETARY: Final = "Bí thư Thành ủy"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Văn An", "Thị Bích", "Minh Châu", "Quốc Dũng", "Thị Hoa", "Văn Khánh", "Thanh Long"]
STREETS = ["Lê Lợi", "Nguyễn Đáng", "Phạm Ngũ Lão", "Điện Biên Phủ", "Trần Phú"]
WARDS = ["Phường 1", "Phường 2", "Phường 4", "Phường 7", "Phường 9", "Xã Long Đức"]
AGENCIES = [
    "Phòng Tài nguyên và Môi trường thành phố",
    "Phòng Quản lý đô thị thành phố",
    "Thanh tra thành phố",
    "UBND Phường 7",
]
SUMMARIES = {
    "report": "Phản ánh việc lấn chiếm vỉa hè tại khu dân cư",
    "recommendation": "Kiến nghị sửa chữa tuyến đường liên ấp",
    "complaint": "Khiếu nại quyết định thu hồi đất và mức bồi thường",
    "denunciation": "Tố cáo cán bộ địa chính nhận tiền khi làm hồ sơ",
}
RECIPIENTS = (
    "Thường trực Tỉnh ủy (b/c)",
    "Ban Nội chính Tỉnh ủy",
    "Ban Dân vận Tỉnh ủy",
    "Các cơ quan, phường - xã có liên quan",
    "Lưu VP",
)
"""The distribution list of the plan (Kế hoạch, "Nơi nhận")."""

# What happens to each sample at intake, cycled: (trigger, role, days after
# receipt, data). A leading "!" marks a step the workflow refuses; the demo
# prints the refusal and goes on.
Step = tuple[str, str, int, dict[str, Any]]
INTAKE: Final[tuple[tuple[str, list[Step]], ...]] = (
    ("screened", [("screen", "reception_officer", 1, {})]),
    ("screened", [("screen", "reception_officer", 2, {})]),
    ("screened", [("screen", "internal_affairs_group", 1, {})]),
    ("referred", [("refer", "reception_officer", 3, {"competent_body": "UBND Phường 4"})]),
    ("screened", [("screen", "reception_officer", 1, {})]),
    ("guided", [("guide", "reception_board", 2, {})]),
    ("screened", [("screen", "reception_officer", 2, {})]),
    (
        "merged",
        [
            ("!merge_duplicate", "reception_officer", 1, {}),
            ("merge_duplicate", "internal_affairs_group", 1, {"duplicate_of": "TV-2026-001"}),
        ],
    ),
    ("screened", [("screen", "reception_officer", 1, {})]),
    (
        "anonymous",
        [
            ("!screen", "reception_officer", 1, {}),
            ("refer_for_inspection", "reception_officer", 2, {}),
        ],
    ),
)


def sample_petitions(count: int, *, seed: int, start: dt.date) -> list[dict[str, Any]]:
    """``count`` invented petitions, the same for the same seed.

    They are registered over ``INTAKE_DAYS`` weekdays from ``start``, in
    order; the ``n``-th follows intake path ``INTAKE[n % len(INTAKE)]``
    (``path`` names it).
    """
    rng = random.Random(seed)
    out = []
    days = _weekdays(start, INTAKE_DAYS)
    for i in range(count):
        path = INTAKE[i % len(INTAKE)][0]
        kind = rng.choice(["report", "recommendation", "complaint", "denunciation"])
        anonymous = path == "anonymous"
        if anonymous:
            kind = "denunciation"
        agencies = rng.randint(1, 3)
        data: dict[str, Any] = {
            "kind": kind,
            "origin": rng.choice(["citizen_registration", "petition_letter"]),
            "summary": SUMMARIES[kind],
            "ward": rng.choice(WARDS),
            "registered_on": days[i * INTAKE_DAYS // max(count, 1)].isoformat(),
            "anonymous": anonymous,
            "contested_earlier_handling": rng.random() < 0.3,
            "agencies_involved": agencies,
            "agencies_disagree": agencies > 1 and rng.random() < 0.3,
            "involves_cadre": kind == "denunciation" or rng.random() < 0.15,
        }
        if anonymous:
            data["evidence_clear"] = True
        else:
            data["petitioner_name"] = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
            data["petitioner_phone"] = f"09{rng.randint(10_000_000, 99_999_999)}"
            data["petitioner_address"] = (
                f"{rng.randint(1, 200)} {rng.choice(STREETS)}, {data['ward']}"
            )
        out.append({"id": f"TV-{start.year}-{i + 1:03d}", "path": path, "data": data})
    return out


def _weekdays(start: dt.date, count: int) -> list[dt.date]:
    """``count`` weekdays (Monday to Friday) from ``start`` on."""
    out: list[dt.date] = []
    day = start
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def urgent_petition(*, seed: int, number: int, registered: dt.date) -> dict[str, Any]:
    """A denunciation arriving after the docket was chosen, too grave to wait a month."""
    rng = random.Random(seed * 7919 + number)
    return {
        "id": f"TV-{registered.year}-{number:03d}",
        "path": "ad_hoc",
        "data": {
            "kind": "denunciation",
            "origin": "citizen_registration",
            "summary": "Tố cáo cán bộ phường ký xác nhận sai nguồn gốc đất cho nhiều hộ",
            "ward": "Phường 7",
            "registered_on": registered.isoformat(),
            "anonymous": False,
            "contested_earlier_handling": False,
            "agencies_involved": 3,
            "agencies_disagree": True,
            "involves_cadre": True,
            "petitioner_name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
            "petitioner_phone": f"09{rng.randint(10_000_000, 99_999_999)}",
            "petitioner_address": f"{rng.randint(1, 200)} {rng.choice(STREETS)}, Phường 7",
        },
    }


def demo_workflow() -> Workflow:
    """The shipped reception workflow: its schedule, docket, deadlines and readers."""
    return load_workflow(shipped_workflow("citizen_reception"))


class _Story:
    """The demo's printed story: numbered sections, and the cases to save."""

    def __init__(self, echo: Callable[[str], None], lang: str) -> None:
        self.echo = echo
        self.lang = lang
        self.section = 0

    def head(self, en: str, vi: str) -> None:
        self.section += 1
        self.echo("")
        self.echo(f"{self.section}. {vi if self.lang == 'vi' else en}")

    def say(self, text: str = "") -> None:
        self.echo(f"   {text}" if text else "")

    def words(self, en: str, vi: str) -> str:
        return vi if self.lang == "vi" else en


def _at(day: dt.date, hour: int = 8, minute: int = 30) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), ZONE)


def _intake(
    wf: Workflow, samples: Sequence[dict[str, Any]], story: _Story, refusals: list[str]
) -> list[Case]:
    cases = []
    for number, sample in enumerate(samples):
        opened = _at(dt.date.fromisoformat(sample["data"]["registered_on"]))
        case = wf.start(
            sample["id"], at=opened, data=sample["data"], role="reception_officer", actor="demo"
        )
        path = [(case.state, opened)]
        when = opened
        for trigger, role, days, data in INTAKE[number % len(INTAKE)][1]:
            when = _at(wf.calendar.add_working_days(when.date(), days), when.hour, when.minute)
            if trigger.startswith("!"):
                try:
                    wf.fire(case, trigger[1:], at=when, role=role, data=data or None)
                except TransitionNotAllowed as refused:
                    refusals.append(f"{case.id}: {refused.reason}")
                    continue
                raise AssertionError(f"demo: expected {trigger[1:]!r} to be refused")
            wf.fire(case, trigger, at=when, role=role, data=data or None, actor=f"demo.{role}")
            path.append((case.state, when))
        cases.append(case)
        steps = " -> ".join(f"{wf.label(s, story.lang)} {t:%d/%m}" for s, t in path)
        story.say(f"{case.id}  {case.data['kind']:<14} {steps}")
    return cases


def _store_url(db: str) -> str:
    return db if "://" in db else f"sqlite:///{db}"


def run_demo(
    *,
    db: str | None = None,
    seed: int = 2026,
    lang: str = "en",
    count: int = 20,
    echo: Callable[[str], None] = print,
    out: str | Path | None = "caseflow-demo",
    save: Callable[[Case], None] | None = None,
) -> list[Case]:
    """Run a month of the reception on ``count`` seeded petitions; print the story.

    Documents go to ``out`` (``None``: none are written). ``save`` is called
    with every case after each stage: the seam where ``--db`` connects a
    case store. Returns the cases.
    """
    wf = demo_workflow()
    store = None
    if db is not None and save is None:
        from caseflow.store import open_store

        store = open_store(_store_url(db), workflows=[wf])
        save = store.save
    spec = wf.spec
    docket = spec.docket
    assert docket is not None
    story = _Story(echo, lang)
    w = story.words
    title = spec.title.get(lang) if spec.title else wf.name
    echo(
        f"caseflow demo: a month of {title!r} ({wf.name} {wf.version}), "
        f"{count} sample petitions, seed {seed}"
    )
    documents: list[Document] = []

    def keep(cases: Sequence[Case]) -> None:
        if save is not None:
            for case in cases:
                save(case)

    # 1. The year's sessions.
    sessions = plan_sessions(wf, YEAR, chair=SECRETARY)
    schedule = next(s for s in spec.schedules if s.name == docket.schedule)
    rule = schedule.label.get(lang) if schedule.label else schedule.name
    story.head(f"The {YEAR} session calendar: {rule}", f"Lịch tiếp năm {YEAR}: {rule}")
    story.say(
        w(
            f"rule: Tuesday of week {schedule.week} ({schedule.counting} counting), "
            f"if a day off: {schedule.if_day_off}",
            f"quy tắc: thứ Ba tuần thứ {schedule.week} (cách đếm {schedule.counting}), "
            f"gặp ngày nghỉ: {schedule.if_day_off}",
        )
    )
    for session in sessions:
        weekday = _WEEKDAYS_VI[session.date.weekday()] if lang == "vi" else f"{session.date:%a}"
        status = (
            _SESSION_STATUS_VI.get(session.status, session.status)
            if lang == "vi"
            else (session.status)
        )
        line = f"{weekday} {day_text(session.date, lang)}  {status}"
        if session.reason:
            line += f": {session.reason}"
        story.say(line)
    documents.append(session_calendar(wf, sessions, year=YEAR, lang=lang))
    march = next(s for s in sessions if s.date.month == 3 and s.takes_place)

    # 2. Intake and screening.
    story.head("Intake and screening of the sample petitions", "Tiếp nhận và phân loại, xử lý đơn")
    refusals: list[str] = []
    samples = sample_petitions(count, seed=seed, start=INTAKE_START)
    cases = _intake(wf, samples, story, refusals)
    withdrawn_at = SELECTION_AT - dt.timedelta(days=1)
    eligible = [c for c in cases if c.state in docket.eligible_in and c.updated_at < withdrawn_at]
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
    keep(cases)

    # 3. The docket.
    story.head(
        f"Choosing the docket of the session of {day_text(march.date, lang)} "
        f"(capacity {docket.capacity})",
        f"Chọn vụ việc cho buổi tiếp ngày {day_text(march.date, lang)} "
        f"(tối đa {docket.capacity} vụ việc)",
    )
    selection = select_docket(
        wf,
        march,
        cases,
        at=SELECTION_AT,
        actor="demo.internal_affairs_group",
        role="internal_affairs_group",
        data={"session_kind": "regular"},
    )
    for line in selection.explain(lang).splitlines()[1:]:
        story.say(line.strip())
    documents.append(
        docket_document(wf, selection, cases, now=SELECTION_AT, for_role="secretary", lang=lang)
    )
    keep(cases)

    # 4. Briefs (one week before) and invitations.
    chosen = docket_cases(wf, march, cases)
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
            at=_at(day, 16),
            role="internal_affairs_group",
            actor="demo.internal_affairs_group",
            data={"invitation_sent_on": day.isoformat()} if invited else None,
        )
        line = w(
            f"{case.id}: brief sent {day_text(day, lang)}",
            f"{case.id}: gửi báo cáo ngày {day_text(day, lang)}",
        )
        for deadline in wf.deadlines(case, now=_at(day, 17)):
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
        documents.append(
            case_brief(
                wf,
                case,
                session=march,
                now=_at(day, 17),
                for_role="secretary",
                lang=lang,
                why=next((e.basis(lang) for e in selection.entries if e.case_id == case.id), None),
            )
        )
    documents.append(invitation_document(wf, march, cases, lang=lang))
    documents.append(
        invitation_document(wf, march, cases, for_role="internal_affairs_group", lang=lang)
    )
    keep(cases)

    # 5. The session.
    story.head(
        f"The session of {day_text(march.date, lang)}",
        f"Buổi tiếp ngày {day_text(march.date, lang)}",
    )
    held = _at(march.date, 8, 0)
    april = next_session(wf, march.date, chair=SECRETARY)
    heard: list[Case] = []
    for case in chosen:
        try:
            wf.fire(case, "hear", at=held, role="secretary", actor="demo.secretary")
        except TransitionNotAllowed as refused:
            # The citizen was never invited, so cannot be heard: the case goes
            # to the next session, and a new brief falls due before it.
            refusals.append(f"{case.id}: {refused.reason}")
            after = april
            assert after is not None
            wf.fire(
                case,
                "defer",
                at=held,
                role="secretary",
                actor="demo.secretary",
                data={docket.session_field: after.key},
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
    keep(cases)

    # 6. Conclusions.
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
        agency = AGENCIES[index % len(AGENCIES)] if outcome == "directed_to_agency" else None
        by = "secretary" if outcome == "continued" else "internal_affairs_group"
        record_conclusion(
            wf,
            case,
            outcome,
            at=_at(day, 10),
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
    documents.append(conclusion_notice(wf, march, cases, lang=lang, recipients=RECIPIENTS))
    keep(cases)

    # 7. An ad-hoc session for a case that cannot wait.
    urgent_data = urgent_petition(seed=seed, number=count + 1, registered=dt.date(2026, 3, 12))
    urgent = wf.start(
        urgent_data["id"],
        at=_at(dt.date(2026, 3, 12)),
        data=urgent_data["data"],
        role="reception_officer",
        actor="demo",
    )
    wf.fire(
        urgent,
        "screen",
        at=_at(dt.date(2026, 3, 13)),
        role="reception_officer",
        actor="demo.reception_officer",
    )
    cases.append(urgent)
    extra = ad_hoc_session(
        dt.date(2026, 3, 26),
        reason=w(
            "a denunciation involving a ward cadre, on which three agencies disagree",
            "tố cáo liên quan cán bộ phường, ý kiến ba cơ quan còn khác nhau",
        ),
        place=march.place,
        chair=SECRETARY,
        time="14:00",
    )
    story.head(extra.title("en"), extra.title("vi"))
    story.say(f"{w('why', 'lý do')}: {extra.reason}")
    chosen_at = _at(dt.date(2026, 3, 13), 14)
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
    documents.append(docket_document(wf, picked, [urgent], now=chosen_at, lang=lang))
    # Even an ad-hoc session gets its brief a week ahead, with the invitation.
    sent = dt.date(2026, 3, 18)
    wf.fire(
        urgent,
        "brief",
        at=_at(sent, 16),
        role="internal_affairs_group",
        actor="demo.internal_affairs_group",
        data={"invitation_sent_on": sent.isoformat()},
    )
    for deadline in wf.deadlines(urgent, now=_at(sent, 17)):
        if deadline.rule.anchor.kind == "session":
            story.say(f"{urgent.id}: {deadline.explain(lang)}")
    documents.append(invitation_document(wf, extra, [urgent], lang=lang))
    wf.fire(urgent, "hear", at=_at(extra.date, 14, 0), role="secretary", actor="demo.secretary")
    record_conclusion(
        wf,
        urgent,
        "directed_to_agency",
        at=_at(extra.date + dt.timedelta(days=1), 9),
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
    documents.append(conclusion_notice(wf, extra, cases, lang=lang, recipients=RECIPIENTS))
    keep([urgent])

    # 8. The report upward.
    story.head("The report upward", "Báo cáo cấp trên")
    for case in cases:
        if case.state == "concluded":
            wf.fire(
                case,
                "report",
                at=_at(dt.date(2026, 3, 30), 15),
                role="internal_affairs_group",
                actor="demo.internal_affairs_group",
            )
    keep(cases)
    drawn = _at(dt.date(2026, 4, 1), 8)
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
        documents.append(
            periodic_report(
                wf,
                cases,
                period,
                now=drawn,
                sessions=[extra],
                lang=lang,
                recipients=RECIPIENTS,
            )
        )

    # 9. What carries over.
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

    # The end: refusals, figures, where the documents are.
    story.head("Steps the workflow refused, with its reasons", "Các bước bị từ chối và lý do")
    for line in refusals:
        story.say(line)
    ended = Counter(wf.label(c.state, lang) for c in cases)
    echo("")
    echo(
        w("Where the cases stand: ", "Tình trạng các vụ việc: ")
        + ", ".join(f"{n} {s}" for s, n in sorted(ended.items()))
    )
    for case in cases:
        again = wf.replay(case.id, case.history)
        if again.state != case.state or again.data != case.data:  # pragma: no cover - a bug
            raise AssertionError(f"replay of {case.id} disagrees with the live run")
    events = sum(len(c.history) for c in cases)
    echo(
        w(
            f"Events recorded: {events}; every history replays to the same state.",
            f"Số sự kiện đã ghi: {events}; mọi lịch sử đều dựng lại đúng trạng thái.",
        )
    )
    if out is not None:
        folder = Path(out)
        for document in documents:
            document.write(folder)
        echo(
            w(
                f"Wrote {len(documents)} documents (Markdown and HTML) to {folder.resolve()}/",
                f"Đã ghi {len(documents)} tài liệu (Markdown và HTML) vào {folder.resolve()}/",
            )
        )
    echo(
        w(
            "Petitioners' names, addresses and phone numbers are confidential: never printed "
            "here, and shown only in the documents for the role that may read them "
            "(files ending .internal_affairs_group).",
            "Họ tên, địa chỉ, số điện thoại người gửi đơn được bảo mật: không in ra đây, chỉ có "
            "trong tài liệu dành cho bộ phận được phép (tệp có đuôi .internal_affairs_group).",
        )
    )
    if store is not None and db is not None:
        counted = store.count()
        store.close()
        echo(
            w(
                f"The {counted} cases and their histories are kept in {db}; see them with "
                f"'caseflow cases --db {_store_url(db)}' or "
                f"'caseflow history TV-2026-001 --db {_store_url(db)}'.",
                f"{counted} vụ việc và lịch sử xử lý được lưu trong {db}; xem bằng "
                f"'caseflow cases --db {_store_url(db)}' hoặc "
                f"'caseflow history TV-2026-001 --db {_store_url(db)}'.",
            )
        )
    return cases


_WEEKDAYS_VI: Final = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_SESSION_STATUS_VI: Final = {
    "held": "tổ chức",
    "moved": "dời ngày",
    "cancelled": "hủy",
    "skipped": "không có phiên",
}

VALUES_VI: Final = {
    "pending": "còn hạn",
    "overdue": "quá hạn",
    "directed_to_agency": "giao cơ quan chức năng giải quyết",
    "explained": "giải thích, hướng dẫn, kết thúc",
    "continued": "tiếp tục xem xét",
}
