"""Online and hybrid sessions (Luật 136/2025/QH15, from 1/7/2026): YAML, sessions, ICS, letters.

A schedule or an ad-hoc session says ``mode: in_person | online | hybrid``
with a meeting link and how to join; the ICS carries the link as ``URL``
and ``CONFERENCE`` (RFC 7986), and an invitation letter says how to join.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import icalendar
import pytest
from docx import Document

import caseflow
from caseflow.errors import DefinitionError, InputError
from caseflow.loading import dump_workflow, read_workflow
from caseflow.recurrence import occurrences
from caseflow.render.ics import to_ics
from caseflow.render.papers import invitation_papers
from caseflow.sessions import ad_hoc_session, plan_sessions
from caseflow.workflow import Workflow

LINK = "https://hop.example.vn/tiep-dan"
SHIPPED = caseflow.shipped_workflow("citizen_reception")


def with_mode(**keys: str) -> str:
    """The shipped reception's YAML with ``keys`` added to its regular schedule."""
    text = SHIPPED.read_text(encoding="utf-8")
    extra = "".join(f'    {k}: "{v}"\n' for k, v in keys.items())
    return text.replace('    time: "07:30"\n', '    time: "07:30"\n' + extra, 1)


def problems(text: str) -> list[str]:
    """The problems of a workflow text, as FILE:LINE:COL: message."""
    try:
        read_workflow(text, filename="w.yaml")
    except DefinitionError as err:
        return [str(p) for p in err.problems]
    return []


def test_a_hybrid_schedule_reads_dumps_and_plans_its_sessions() -> None:
    """mode, meeting_link and join land in the schedule, survive a dump, reach every session."""
    spec = read_workflow(with_mode(mode="hybrid", meeting_link=LINK, join="mã phòng 26"))
    [rule] = spec.schedules
    assert (rule.mode, rule.meeting_link, rule.join) == ("hybrid", LINK, "mã phòng 26")
    assert read_workflow(dump_workflow(spec)) == spec
    sessions = plan_sessions(Workflow(spec), 2026)
    assert sessions
    assert {(s.mode, s.meeting_link) for s in sessions} == {("hybrid", LINK)}


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (
            {"mode": "onlin"},
            "'mode' must be one of hybrid, in_person, online, not the text "
            "'onlin' (did you mean 'online'?)",
        ),
        ({"mode": "online"}, "a session held online needs 'meeting_link'"),
        ({"mode": "online", "meeting_link": "http://x.vn/a"}, "'meeting_link' must be an https://"),
    ],
)
def test_a_bad_mode_or_link_is_refused_with_its_place(keys: dict[str, str], message: str) -> None:
    """The message names the schedule, the key's line and column, and what is allowed."""
    [found] = problems(with_mode(**keys))
    assert found.startswith("w.yaml:")
    assert "schedule 'regular_reception'" in found
    assert message in found


def test_an_ad_hoc_session_online_needs_an_https_link() -> None:
    """ad_hoc_session(mode=...) refuses an unknown mode and a missing or plain-http link."""
    with pytest.raises(InputError, match="must be one of"):
        ad_hoc_session(dt.date(2026, 3, 26), reason="r", mode="remote")
    with pytest.raises(InputError, match="needs meeting_link"):
        ad_hoc_session(dt.date(2026, 3, 26), reason="r", mode="online")
    s = ad_hoc_session(dt.date(2026, 3, 26), reason="r", mode="online", meeting_link=LINK)
    assert (s.mode, s.meeting_link) == ("online", LINK)


def ics_events(text: str) -> list[Any]:
    spec = read_workflow(text)
    rule = spec.schedules[0]
    found = occurrences(rule, Workflow(spec).calendar, "2026-03-01", "2026-04-30")
    data = to_ics(found, workflow_name=spec.name, schedules=[rule])
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_the_ics_carries_the_link_as_url_and_conference() -> None:
    """RFC 7986: CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=how to join, and URL."""
    events = ics_events(with_mode(mode="hybrid", meeting_link=LINK, join="mã phòng 26"))
    assert events
    for event in events:
        assert str(event["URL"]) == LINK
        conference = event["CONFERENCE"]
        assert str(conference) == LINK
        assert conference.params["VALUE"] == "URI"
        assert conference.params["LABEL"] == "mã phòng 26"
        assert "LOCATION" in event  # hybrid: the room too
    online = ics_events(with_mode(mode="online", meeting_link=LINK))
    assert all("LOCATION" not in e for e in online)
    assert all("CONFERENCE" not in e for e in ics_events(SHIPPED.read_text("utf-8")))


def test_an_online_sessions_letter_says_how_to_join_and_gives_no_room() -> None:
    """The letter of an online session prints the link and joining, not a place."""
    wf = caseflow.load_workflow(SHIPPED)
    session = ad_hoc_session(
        dt.date(2026, 3, 26),
        reason="r",
        place="Phòng họp số 1",
        chair="Bí thư Thành ủy",
        time="14:00",
        mode="online",
        meeting_link=LINK,
        join="mã phòng 26",
    )
    [letter, *_] = invitation_papers(wf, session, [], issued_on=dt.date(2026, 3, 20))
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.data)).paragraphs)
    assert f"tham dự trực tuyến qua đường dẫn {LINK} (mã phòng 26)" in text
    assert "Trực tuyến" in text
    assert "Phòng họp số 1" not in text
