"""Explanations: a deadline's due date in words a clerk can check by hand, in vi and en.

This module owns the text of ``Deadline.explain``: each step of the
arithmetic (the offset from the anchor with the days off it skipped, a roll
off a day off and why that day is off, an extension with its legal source,
a pause and the time given back), the status, the rule's basis and whether
the year's holidays are still provisional; in Vietnamese (``vi``) or
English (``en``).

The steps are computed by ``caseflow.deadlines.evaluator`` and recorded as
``caseflow.deadlines.arithmetic.Step``; the names of days off come from
``caseflow.calendars``; labels in both languages from the definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from caseflow.calendars import DayOff
from caseflow.deadlines.arithmetic import Step
from caseflow.definition import Offset
from caseflow.times import local_day

if TYPE_CHECKING:
    # Only for annotations: result.py imports this module to explain itself.
    from caseflow.deadlines.result import Deadline

__all__ = ["explain_deadline"]

_WEEKDAYS_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_UNITS_VI = {
    "days": "ngày",
    "working_days": "ngày làm việc",
    "weeks": "tuần",
    "months": "tháng",
}


def _d(day: dt.date, lang: str) -> str:
    if lang == "vi":
        return f"{_WEEKDAYS_VI[day.weekday()]} {day:%d/%m/%Y}"
    return f"{day:%a} {day.isoformat()}"


def _offset_words(offset: Offset, lang: str) -> str:
    if lang == "vi":
        return f"{offset.amount} {_UNITS_VI[offset.unit]}"
    unit = offset.unit.replace("_", " ")
    return f"{offset.amount} {unit[:-1] if offset.amount == 1 else unit}"


def _runs(days: Iterable[DayOff], lang: str) -> list[str]:
    """Consecutive days off with one name, as 'dd/mm-dd/mm name'."""
    runs: list[tuple[dt.date, dt.date, str]] = []
    for day in days:
        if day.kind == "weekend":
            name = "nghỉ cuối tuần" if lang == "vi" else "weekend"
        else:
            name = (day.name_vi if lang == "vi" else day.name_en) or day.name_en or day.name_vi
            name = name or day.kind
        if runs and runs[-1][2] == name and (day.date - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day.date, name)
        else:
            runs.append((day.date, day.date, name))
    out = []
    for first, last, name in runs:
        span = f"{first:%d/%m}" if first == last else f"{first:%d/%m}-{last:%d/%m}"
        out.append(f"{span} {name}")
    return out


def _anchor_words(deadline: Deadline, lang: str) -> str:
    anchor = deadline.rule.anchor
    assert deadline.anchor_date is not None
    when = _d(deadline.anchor_date, lang)
    if anchor.kind == "field":
        return (
            f"trường '{anchor.name}' ({when})"
            if lang == "vi"
            else f"field '{anchor.name}' ({when})"
        )
    if anchor.kind == "event":
        return f"'{anchor.name}' ngày {when}" if lang == "vi" else f"'{anchor.name}' on {when}"
    if anchor.kind == "session":
        note = ""
        if deadline.session_note:
            note = f" ({deadline.session_note})"
        if deadline.session_kind == "ad_hoc":
            if lang == "vi":
                return f"phiên tiếp đột xuất ngày {when}"
            return f"the ad-hoc session on {when}"
        if lang == "vi":
            return f"phiên tiếp '{anchor.name}' ngày {when}{note}"
        return f"the '{anchor.name}' session on {when}{note}"
    shown = deadline.anchor_label.get(lang) if deadline.anchor_label else anchor.name
    if lang == "vi":
        return f"khi vào bước '{shown}' ngày {when}"
    return f"entering '{shown}' on {when}"


def explain_deadline(deadline: Deadline, lang: str) -> str:
    """How ``deadline``'s due date was reached, step by step, with the rule's source."""
    vi = lang == "vi"
    rule = deadline.rule
    name = deadline.label.get(lang) if deadline.label else deadline.name
    if deadline.due is None:
        what = str(rule.anchor)
        if vi:
            return f"{name}: chưa tính được hạn, vì chưa có {what}; căn cứ: {rule.source}."
        return f"{name}: no due date yet, because {what} is not known; basis: {rule.source}."
    due = deadline.due_date
    assert due is not None
    parts = [_step_words(deadline, step, lang) for step in deadline.steps]
    if deadline.paused_since is not None:
        parts.append(
            f"tạm dừng từ {_d(deadline.paused_since, lang)}"
            if vi
            else f"paused since {_d(deadline.paused_since, lang)}"
        )
    basis = rule.source
    if deadline.variant_source:
        basis = f"{deadline.variant_source}; {basis}"
    status = _status_words(deadline, lang)
    head = f"{name}: {'hạn' if vi else 'due'} {_d(due, lang)}"
    if isinstance(deadline.due, dt.datetime):
        head += f" {deadline.due:%H:%M}"
    text = f"{head} ({status}): " + "; ".join(parts) + "."
    text += f" {'Căn cứ' if vi else 'Basis'}: {basis}."
    if deadline.provisional:
        text += (
            " Tạm tính: năm này chưa có lịch nghỉ chính thức."
            if vi
            else " Provisional: no official holiday schedule for that year yet."
        )
    return text


def _step_words(deadline: Deadline, step: Step, lang: str) -> str:
    """One step of ``deadline``'s arithmetic in words."""
    vi = lang == "vi"
    cal = deadline.calendar
    assert step.offset is not None or step.kind in ("roll", "short_notice")
    if step.kind == "offset":
        assert step.offset is not None
        rel = (
            ("trước" if step.offset.direction < 0 else "sau")
            if vi
            else ("before" if step.offset.direction < 0 else "after")
        )
        text = f"{_offset_words(step.offset, lang)} {rel} {_anchor_words(deadline, lang)}"
        text += f" → {_d(step.result, lang)}"
        if step.offset.unit == "working_days":
            lo, hi = sorted((step.start, step.result))
            skipped = _runs(cal.days_off(lo + dt.timedelta(days=1), hi), lang)
            if skipped:
                text += ("; bỏ qua ngày nghỉ: " if vi else "; days off skipped: ") + ", ".join(
                    skipped
                )
        return text
    if step.kind == "roll":
        info = cal.day_info(step.start)
        reason = info.name_vi if vi else info.name_en
        reason = reason or info.kind
        if vi:
            where = "sau" if step.policy == "next_working_day" else "trước"
            return (
                f"{_d(step.start, lang)} là ngày nghỉ ({reason}), chuyển sang ngày làm việc "
                f"liền {where}: {_d(step.result, lang)}"
            )
        where = "next" if step.policy == "next_working_day" else "previous"
        return (
            f"{_d(step.start, lang)} is a day off ({reason}), so the {where} working day: "
            f"{_d(step.result, lang)}"
        )
    if step.kind == "short_notice":
        if vi:
            return (
                f"báo gấp: {_d(step.start, lang)} là trước ngày bắt đầu tính hạn, nên hạn là "
                f"ngày {_d(step.result, lang)}"
            )
        return (
            f"short notice: {_d(step.start, lang)} is before the clock started, so due "
            f"{_d(step.result, lang)}"
        )
    assert step.offset is not None
    assert step.at is not None
    if step.kind == "extension":
        extension = deadline.rule.extension
        source = extension.source if extension else None
        basis = f" ({source})" if source else ""
        if vi:
            return (
                f"gia hạn ngày {_d(step.at, lang)} thêm {_offset_words(step.offset, lang)}"
                f"{basis} → {_d(step.result, lang)}"
            )
        return (
            f"extended on {_d(step.at, lang)} by {_offset_words(step.offset, lang)}"
            f"{basis} → {_d(step.result, lang)}"
        )
    # resume
    left = _offset_words(step.offset, lang)
    if step.offset.direction < 0:
        left = "-" + left
    if vi:
        return (
            f"tạm dừng từ {_d(step.at, lang)}, tiếp tục ngày {_d(step.start, lang)} "
            f"với {left} còn lại → {_d(step.result, lang)}"
        )
    return (
        f"paused from {_d(step.at, lang)}, resumed on {_d(step.start, lang)} with "
        f"{left} left → {_d(step.result, lang)}"
    )


def _status_words(deadline: Deadline, lang: str) -> str:
    vi = lang == "vi"
    if deadline.status == "met":
        assert deadline.met_at is not None
        # The day it was met in the workflow's zone (``now`` is in it), not in
        # whatever zone the instant was recorded in.
        assert deadline.now.tzinfo is not None
        day = local_day(deadline.met_at, deadline.now.tzinfo)
        if vi:
            return (
                f"{'đã xong, trễ hạn' if deadline.late else 'đã xong đúng hạn'} ngày {day:%d/%m/%Y}"
            )
        return f"met{' late' if deadline.late else ''} on {day.isoformat()}"
    words = {
        "pending": ("còn hạn", "pending"),
        "overdue": ("quá hạn", "overdue"),
        "paused": ("tạm dừng", "paused"),
    }[deadline.status]
    text = words[0] if vi else words[1]
    if deadline.soon:
        text += ", sắp đến hạn" if vi else ", due soon"
    return text
