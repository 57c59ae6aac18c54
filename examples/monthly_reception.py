"""A month of the Secretary's citizen reception through the Python API.

Plans the year's sessions from the workflow's schedule, takes in four
petitions, lets the docket rules choose the cases for the March session
(and explain every choice), shows the brief due a week before, records the
hearing and its conclusions, and renders the conclusion notice, the
invitation list and the monthly report to Markdown and HTML. `caseflow demo`
tells the same month at length.

Run: python examples/monthly_reception.py [--out DIR]
(the documents go to DIR, or to a new temporary folder that is kept; the
script prints where each one is).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import caseflow
from caseflow.render.documents import conclusion_notice, invitation_document, periodic_report
from caseflow.sessions import (
    carry_over,
    docket_cases,
    plan_sessions,
    record_conclusion,
    select_docket,
)

ZONE = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=ZONE)


def reception() -> caseflow.Workflow:
    """The shipped workflow: its schedule, `docket:` and `deadlines:` sections."""
    return caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))


def main(out: Path) -> None:
    wf = reception()
    sessions = [s for s in plan_sessions(wf, 2026) if s.takes_place]
    print("Sessions in 2026:", ", ".join(f"{s.date:%d/%m}" for s in sessions))
    moved = [s for s in sessions if s.moved]
    for session in moved:
        print(f"  {session.title()}: {session.reason}")
    march = next(s for s in sessions if s.date.month == 3)

    petitions = [
        ("TV-2026-101", "2026-03-02", {"kind": "complaint", "contested_earlier_handling": True}),
        ("TV-2026-102", "2026-03-02", {"kind": "recommendation"}),
        ("TV-2026-103", "2026-03-03", {"kind": "denunciation", "involves_cadre": True}),
        ("TV-2026-104", "2026-03-04", {"kind": "report", "ward": "Phường 4"}),
    ]
    cases = []
    for case_id, day, data in petitions:
        case = wf.start(
            case_id,
            at=at(day, 8),
            data={
                "summary": f"Đơn {case_id}",
                "registered_on": day,
                "petitioner_name": "(confidential, never printed)",
                **data,
            },
        )
        wf.fire(case, "screen", at=at(day, 15), role="reception_officer")
        cases.append(case)

    # A small session: room for two cases, so the docket has to choose.
    selection = select_docket(
        wf,
        march,
        cases,
        at=at("2026-03-06"),
        role="internal_affairs_group",
        actor="to.noi.chinh",
        capacity=2,
    )
    print()
    print(selection.explain())

    print()
    on_docket = docket_cases(wf, march, cases)
    for case in on_docket:
        for deadline in wf.deadlines(case, now=at("2026-03-06")):
            print(f"{case.id}: {deadline.explain()}")
        wf.fire(
            case,
            "brief",
            at=at("2026-03-09"),
            role="internal_affairs_group",
            data={"invitation_sent_on": "2026-03-09"},
        )
        wf.fire(case, "hear", at=at("2026-03-17"), role="secretary")

    first, second = on_docket
    record_conclusion(
        wf,
        first,
        "directed_to_agency",
        at=at("2026-03-19"),
        conclusion="Giao Phòng Tài nguyên và Môi trường giải quyết",
        agency="Phòng Tài nguyên và Môi trường",
        agency_due="2026-04-18",
        role="internal_affairs_group",
    )
    record_conclusion(wf, second, "continued", at=at("2026-03-19"), role="secretary")
    print()
    print("After the session:", ", ".join(f"{c.id} {wf.label(c.state)}" for c in on_docket))
    waiting = carry_over(wf, cases, march)
    print("Carried over:", ", ".join(f"{c.case_id} ({c.explain()})" for c in waiting))

    docs = [
        invitation_document(wf, march, cases, lang="en"),
        conclusion_notice(wf, march, cases, lang="en"),
        periodic_report(wf, cases, "2026-03", now=at("2026-04-01"), lang="en"),
    ]
    print()
    for doc in docs:
        md, html = doc.write(out)
        print(f"wrote {md.resolve()} and {html.name}: {doc.title.vi} / {doc.title.en}")
    print()
    print(docs[1].markdown)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="folder for the documents (default: a new one)")
    args = parser.parse_args()
    main(args.out or Path(tempfile.mkdtemp(prefix="monthly-reception-")))
