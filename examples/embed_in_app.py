"""Embedding caseflow in an application: a reception desk's day.

Loads the shipped citizen-reception workflow, registers a hook that an app
would use to notify someone, takes in two petitions, moves them on as
officials act, shows what each may do next, and rebuilds a case from its
recorded history as a store would.

Run: python examples/embed_in_app.py
"""

from __future__ import annotations

import datetime as dt

import caseflow

ZONE = dt.timezone(dt.timedelta(hours=7))
notifications: list[str] = []


def notify_on_hearing(case: caseflow.Case, event: caseflow.Event) -> None:
    """What an app might do when a case is heard: queue a message."""
    notifications.append(f"{case.id} heard on {event.at:%d/%m/%Y} by {event.actor}")


def main() -> None:
    wf = caseflow.load_workflow(
        caseflow.shipped_workflow("citizen_reception"),
        on_enter={"heard": notify_on_hearing},
    )
    day = dt.datetime(2026, 3, 2, 8, 0, tzinfo=ZONE)

    land = wf.start(
        "TV-2026-101",
        at=day,
        data={
            "kind": "complaint",
            "summary": "Khiếu nại mức bồi thường khi thu hồi đất",
            "petitioner_name": "Trần Thị Bích",
            "contested_earlier_handling": True,
        },
        actor="le.van.tam",
        role="reception_officer",
    )
    road = wf.start(
        "TV-2026-102",
        at=day + dt.timedelta(minutes=40),
        data={"kind": "recommendation", "summary": "Kiến nghị sửa đường liên ấp"},
        actor="le.van.tam",
        role="reception_officer",
    )

    wf.fire(
        land, "screen", at=day + dt.timedelta(days=1), actor="le.van.tam", role="reception_officer"
    )
    wf.fire(
        road,
        "refer",
        at=day + dt.timedelta(days=1),
        actor="le.van.tam",
        role="reception_officer",
        data={"competent_body": "UBND xã Long Đức"},
    )

    print("What the internal-affairs group may do with", land.id, "now:")
    print("  ", ", ".join(wf.allowed(land, role="internal_affairs_group")))

    # The app refuses nothing itself: the workflow says why a step is not allowed.
    try:
        wf.fire(land, "hear", at=day + dt.timedelta(days=2), role="secretary")
    except caseflow.TransitionNotAllowed as refused:
        print("Refused:", refused.reason)

    wf.fire(land, "select", at=day + dt.timedelta(days=5), role="internal_affairs_group")
    wf.fire(
        land,
        "brief",
        at=day + dt.timedelta(days=15),
        role="internal_affairs_group",
        data={"invitation_sent_on": "2026-03-17"},
    )
    wf.fire(land, "hear", at=day + dt.timedelta(days=22), actor="bi.thu", role="secretary")

    print(notifications[0])
    for case in (land, road):
        print(
            f"{case.id}: {wf.label(case.state)} / {wf.label(case.state, 'vi')}, "
            f"{len(case.history)} events"
        )

    # A store keeps events as plain data; replay rebuilds the case, running no hooks.
    recorded = [event.to_dict() for event in land.history]
    rebuilt = wf.replay(land.id, recorded)
    assert rebuilt.state == land.state
    assert rebuilt.data == land.data
    assert len(notifications) == 1, "replay must not run hooks again"
    print("Replayed", land.id, "from", len(recorded), "recorded events: state", rebuilt.state)


if __name__ == "__main__":
    main()
