"""The demo's sample data: invented petitions, the intake paths they follow, the month's dates.

This module owns what the demo month is made of: the seeded sample
petitions (``sample_petitions``) and the urgent one that arrives after the
docket is chosen (``urgent_petition``), the intake path each follows
(``INTAKE``), and the month's fixed people, places and dates. Sample people
are invented; their names, addresses and phone numbers are confidential
fields of the shipped workflow. Telling the month is ``story``'s job,
running it the stage modules' (``preparation``, ``hearings``,
``reporting``) and ``month``'s.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Final

__all__ = [
    "AGENCIES",
    "INTAKE",
    "INTAKE_DAYS",
    "INTAKE_START",
    "JOIN",
    "MEETING_LINK",
    "SECRETARY",
    "SELECTION_AT",
    "YEAR",
    "ZONE",
    "at",
    "sample_petitions",
    "urgent_petition",
]

ZONE = dt.timezone(dt.timedelta(hours=7), "ICT")
YEAR: Final = 2026
INTAKE_START: Final = dt.date(2026, 2, 23)
INTAKE_DAYS: Final = 7
SELECTION_AT: Final = dt.datetime(2026, 3, 6, 14, 0, tzinfo=ZONE)
SECRETARY: Final = "Bí thư Thành ủy"
MEETING_LINK: Final = "https://hop.travinh.example/tiep-cong-dan"
"""The (invented) address where the ad-hoc session is joined online (Luật 136/2025/QH15)."""
JOIN: Final = "mã phòng 2603, kết nối trước giờ tiếp 15 phút"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Văn An", "Thị Bích", "Minh Châu", "Quốc Dũng", "Thị Hoa", "Văn Khánh", "Thanh Long"]
STREETS = ["Lê Lợi", "Nguyễn Đáng", "Phạm Ngũ Lão", "Điện Biên Phủ", "Trần Phú"]
WARDS = ["Phường 1", "Phường 2", "Phường 4", "Phường 7", "Phường 9", "Xã Long Đức"]
AGENCIES = [
    "Phòng Tài nguyên và Môi trường thành phố",
    "Phòng Quản lý đô thị thành phố",
    "Thanh tra thành phố",
    "UBND {ward}",
]
"""The agencies a conclusion directs cases to, in turn; ``{ward}`` is the case's own ward."""
SUMMARIES = {
    "report": "Phản ánh việc lấn chiếm vỉa hè tại khu dân cư",
    "recommendation": "Kiến nghị sửa chữa tuyến đường liên ấp",
    "complaint": "Khiếu nại quyết định thu hồi đất và mức bồi thường",
    "denunciation": "Tố cáo cán bộ địa chính nhận tiền khi làm hồ sơ",
}

# What happens to each sample at intake, cycled: (trigger, role, days after
# receipt, data). A leading "!" marks a step the workflow refuses; the demo
# prints the refusal and goes on. "{ward}" in a value is the case's own ward.
Step = tuple[str, str, int, dict[str, Any]]
INTAKE: Final[tuple[tuple[str, list[Step]], ...]] = (
    ("screened", [("screen", "reception_officer", 1, {})]),
    ("screened", [("screen", "reception_officer", 2, {})]),
    ("screened", [("screen", "internal_affairs_group", 1, {})]),
    ("referred", [("refer", "reception_officer", 3, {"competent_body": "UBND {ward}"})]),
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


def at(day: dt.date, hour: int = 8, minute: int = 30) -> dt.datetime:
    """``day`` at ``hour:minute`` in the demo's zone (08:30, the office opening, by default)."""
    return dt.datetime.combine(day, dt.time(hour, minute), ZONE)


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
