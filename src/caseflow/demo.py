"""``caseflow demo``: seeded sample petitions through the reception workflow.

This module owns the demo's sample data and its printed story. It uses only
the public API (``load_workflow``, ``start``, ``fire``, ``allowed``), so it
doubles as a worked example. Sample people are invented; their names are
confidential fields and are never printed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from caseflow.case import Case
from caseflow.errors import TransitionNotAllowed
from caseflow.workflow import Workflow, load_workflow, shipped_workflow

__all__ = ["SCENARIOS", "run_demo", "sample_petitions"]

ZONE = dt.timezone(dt.timedelta(hours=7), "ICT")

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Văn An", "Thị Bích", "Minh Châu", "Quốc Dũng", "Thị Hoa", "Văn Khánh", "Thanh Long"]
WARDS = ["Phường 1", "Phường 2", "Phường 4", "Phường 7", "Phường 9", "Xã Long Đức"]
SUMMARIES = {
    "report": "Phản ánh việc lấn chiếm vỉa hè tại khu dân cư",
    "recommendation": "Kiến nghị sửa chữa tuyến đường liên ấp",
    "complaint": "Khiếu nại quyết định thu hồi đất và mức bồi thường",
    "denunciation": "Tố cáo cán bộ địa chính nhận tiền khi làm hồ sơ",
}

# Each scenario is the list of (trigger, role, days after the previous step,
# data set by that step). A leading "!" marks a step the law refuses, shown
# to the user with the engine's reason and then left out.
Step = tuple[str, str, int, dict[str, Any]]
SCENARIOS: dict[str, list[Step]] = {
    "heard and reported": [
        ("screen", "reception_officer", 2, {}),
        ("select", "internal_affairs_group", 5, {"session_kind": "regular"}),
        ("brief", "internal_affairs_group", 6, {"invitation_sent_on": "+0"}),
        ("hear", "secretary", 7, {}),
        ("conclude", "internal_affairs_group", 3, {"outcome": "directed_to_agency"}),
        ("report", "internal_affairs_group", 4, {}),
    ],
    "explained at the session": [
        ("screen", "reception_officer", 1, {}),
        ("select", "committee_office", 6, {"session_kind": "regular"}),
        ("brief", "committee_office", 5, {"invitation_sent_on": "+0"}),
        ("hear", "secretary", 7, {}),
        ("conclude", "internal_affairs_group", 2, {"outcome": "explained"}),
        ("report", "internal_affairs_group", 5, {}),
    ],
    "deferred to the next session": [
        ("screen", "reception_officer", 3, {}),
        ("select", "internal_affairs_group", 4, {"session_kind": "regular"}),
        ("defer", "secretary", 10, {}),
        ("brief", "internal_affairs_group", 20, {"invitation_sent_on": "+0"}),
        ("hear", "secretary", 7, {}),
        ("conclude", "internal_affairs_group", 3, {"outcome": "directed_to_agency"}),
    ],
    "heard at an ad-hoc session": [
        ("screen", "reception_officer", 1, {}),
        ("!hear_ad_hoc", "secretary", 1, {}),
        ("hear_ad_hoc", "secretary", 2, {"session_kind": "ad_hoc", "invitation_sent_on": "+0"}),
        ("continue_review", "secretary", 1, {}),
        ("conclude", "internal_affairs_group", 9, {"outcome": "directed_to_agency"}),
    ],
    "referred to the competent body": [
        ("refer", "reception_officer", 4, {"competent_body": "UBND phường"}),
    ],
    "guided and explained": [("guide", "reception_board", 2, {})],
    "filed without action": [
        ("file_away", "reception_officer", 5, {"filing_reason": "Đã giải quyết đúng quy định"}),
    ],
    "withdrawn by the citizen": [
        ("screen", "reception_officer", 2, {}),
        ("withdraw", "reception_officer", 8, {}),
    ],
    "merged as a duplicate": [
        ("!merge_duplicate", "reception_officer", 1, {}),
        ("merge_duplicate", "internal_affairs_group", 1, {"duplicate_of": "TV-2026-001"}),
    ],
    "anonymous denunciation": [
        ("!screen", "reception_officer", 1, {}),
        ("refer_for_inspection", "reception_officer", 3, {}),
    ],
}


def sample_petitions(count: int, *, seed: int, start: dt.date) -> list[dict[str, Any]]:
    """``count`` invented petitions, the same for the same seed."""
    rng = random.Random(seed)
    names = list(SCENARIOS)
    out = []
    for i in range(count):
        scenario = names[i % len(names)]
        kind = rng.choice(["report", "recommendation", "complaint", "denunciation"])
        anonymous = scenario == "anonymous denunciation"
        if anonymous:
            kind = "denunciation"
        data: dict[str, Any] = {
            "kind": kind,
            "summary": SUMMARIES[kind],
            "ward": rng.choice(WARDS),
            "registered_on": (start + dt.timedelta(days=i // 3)).isoformat(),
            "anonymous": anonymous,
            "contested_earlier_handling": rng.random() < 0.4,
            "agencies_involved": rng.randint(1, 3),
            "involves_cadre": kind == "denunciation" or rng.random() < 0.2,
        }
        if anonymous:
            data["evidence_clear"] = True
        else:
            data["petitioner_name"] = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
            data["petitioner_phone"] = f"09{rng.randint(10_000_000, 99_999_999)}"
        out.append({"id": f"TV-2026-{i + 1:03d}", "scenario": scenario, "data": data})
    return out


def _run_case(
    wf: Workflow, sample: dict[str, Any], opened: dt.datetime, refusals: list[str]
) -> tuple[Case, list[tuple[str, dt.datetime]]]:
    case = wf.start(sample["id"], at=opened, data=sample["data"], role="reception_officer")
    path = [(case.state, opened)]
    when = opened
    for trigger, role, days, data in SCENARIOS[sample["scenario"]]:
        when = when + dt.timedelta(days=days)
        values = {k: (when.date().isoformat() if v == "+0" else v) for k, v in data.items()}
        if trigger.startswith("!"):
            try:
                wf.fire(case, trigger[1:], at=when, role=role, data=values or None)
            except TransitionNotAllowed as refused:
                refusals.append(f"{case.id}: {refused.reason}")
                continue
            raise AssertionError(f"demo scenario expected {trigger[1:]!r} to be refused")
        wf.fire(case, trigger, at=when, role=role, data=values or None, actor=f"demo.{role}")
        path.append((case.state, when))
    return case, path


def run_demo(
    *,
    db: str | None = None,
    seed: int = 2026,
    lang: str = "en",
    count: int = 20,
    echo: Callable[[str], None] = print,
) -> list[Case]:
    """Run ``count`` sample petitions through the reception workflow and print the story."""
    wf = load_workflow(shipped_workflow("citizen_reception"))
    title = wf.spec.title.get(lang) if wf.spec.title else wf.name
    echo(f"caseflow demo: {count} sample petitions through {title!r} ({wf.name} {wf.version})")
    echo("")
    start = dt.date(2026, 3, 2)
    refusals: list[str] = []
    cases = []
    for i, sample in enumerate(sample_petitions(count, seed=seed, start=start)):
        opened = dt.datetime.combine(start + dt.timedelta(days=i // 3), dt.time(8, 30), ZONE)
        case, path = _run_case(wf, sample, opened, refusals)
        cases.append(case)
        steps = " -> ".join(f"{wf.label(s, lang)} {t:%d/%m}" for s, t in path)
        echo(f"{case.id}  {case.data['kind']:<14} {steps}")
    echo("")
    ended = Counter(wf.label(c.state, lang) for c in cases)
    echo("Where the cases stand: " + ", ".join(f"{n} {s}" for s, n in sorted(ended.items())))
    events = sum(len(c.history) for c in cases)
    echo(f"Events recorded: {events}; every history replays to the same state.")
    for c in cases:
        again = wf.replay(c.id, c.history)
        if again.state != c.state or again.data != c.data:  # pragma: no cover - a bug
            raise AssertionError(f"replay of {c.id} disagrees with the live run")
    if refusals:
        echo("")
        echo("Steps the workflow refused, with its reasons:")
        for line in refusals:
            echo(f"  {line}")
    echo("")
    echo("Petitioners' names and phone numbers are confidential and are not printed.")
    if db is not None:
        echo(f"(--db {db}: keeping cases in a store comes with the store module.)")
    return cases
