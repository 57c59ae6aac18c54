"""The words the documents print: bilingual headings and names for values.

This module owns the documents' fixed vocabulary: the bilingual headings
(``HEADINGS``, Vietnamese / English), the words for the values a document
shows (``VALUE_LABELS``: kinds of petition, outcomes, session and deadline
statuses), the weekdays, and turning a value into words in the document's
language (``value_text``, ``bilingual``).

It leaves the words of a workflow (state, field and deadline labels) to
the workflow's definition, and where the words go to the templates
(``templating``) and the context builders (``views``, ``papers``,
``report``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from caseflow.definition import Label

__all__ = ["HEADINGS", "VALUE_LABELS"]

L = Label
HEADINGS: Final[Mapping[str, Label]] = {
    "calendar": L(vi="Lịch tiếp công dân", en="Reception calendar"),
    "docket": L(vi="Danh sách vụ việc được chọn tiếp", en="Docket of the session"),
    "brief": L(vi="Báo cáo vụ việc", en="Case brief"),
    "invitations": L(vi="Danh sách mời dự buổi tiếp công dân", en="Invitation list"),
    "notice": L(vi="Thông báo kết luận", en="Conclusion notice"),
    "report": L(vi="Báo cáo định kỳ", en="Periodic report"),
    "session": L(vi="Buổi tiếp", en="Session"),
    "date": L(vi="Ngày", en="Date"),
    "weekday": L(vi="Thứ", en="Weekday"),
    "nominal": L(vi="Ngày theo lịch", en="Scheduled date"),
    "status": L(vi="Tình trạng", en="Status"),
    "reason": L(vi="Lý do", en="Reason"),
    "time": L(vi="Giờ", en="Time"),
    "place": L(vi="Địa điểm", en="Place"),
    "contact": L(vi="Điện thoại liên hệ", en="Contact"),
    "chair": L(vi="Chủ trì", en="Chair"),
    "kind": L(vi="Hình thức", en="Kind"),
    "selected": L(vi="Vụ việc được chọn", en="Cases on the docket"),
    "waiting": L(vi="Vụ việc chưa được chọn", en="Cases not reached"),
    "already": L(vi="Đã xếp từ trước", en="Already on this docket"),
    "rank": L(vi="Thứ tự", en="Rank"),
    "case": L(vi="Vụ việc", en="Case"),
    "petition_kind": L(vi="Loại đơn", en="Kind of petition"),
    "summary": L(vi="Tóm tắt", en="Summary"),
    "why": L(vi="Căn cứ lựa chọn", en="Why"),
    "brief_due": L(vi="Hạn gửi báo cáo", en="Brief due"),
    "deadlines": L(vi="Thời hạn", en="Deadlines"),
    "fields": L(vi="Thông tin vụ việc", en="Case particulars"),
    "history": L(vi="Quá trình xử lý", en="History"),
    "step": L(vi="Bước", en="Step"),
    "from_to": L(vi="Chuyển trạng thái", en="From → to"),
    "actor": L(vi="Người thực hiện", en="Actor"),
    "citizens": L(vi="Công dân", en="Citizens"),
    "concerned": L(vi="Cơ quan, phường - xã liên quan", en="Agencies and wards concerned"),
    "standing": L(vi="Thành phần tham dự", en="Standing attendees"),
    "details": L(vi="Thông tin", en="Details"),
    "outcome": L(vi="Hướng xử lý", en="Outcome"),
    "conclusions": L(vi="Ý kiến kết luận", en="Conclusions"),
    "conclusion": L(vi="Kết luận", en="Conclusion"),
    "agency": L(vi="Cơ quan giải quyết", en="Agency directed"),
    "agency_due": L(vi="Hạn giải quyết, báo cáo", en="Due"),
    "recipients": L(vi="Nơi nhận", en="Distribution"),
    "figures": L(vi="Số liệu", en="Figures"),
    "received": L(vi="Vụ việc tiếp nhận", en="Cases received"),
    "by_kind": L(vi="Theo loại đơn", en="By kind"),
    "reached": L(vi="Vụ việc qua từng bước", en="Cases reaching each step"),
    "outcomes": L(vi="Kết quả sau buổi tiếp", en="Outcomes"),
    "standing_cases": L(vi="Tình trạng cuối kỳ", en="Where cases stand at the end"),
    "timeliness": L(vi="Việc bảo đảm thời hạn", en="Timeliness"),
    "on_time": L(vi="Đúng hạn", en="On time"),
    "late": L(vi="Trễ hạn", en="Late"),
    "overdue": L(vi="Quá hạn chưa xong", en="Overdue"),
    "running": L(vi="Đang trong hạn", en="Running"),
    "rule": L(vi="Thời hạn", en="Deadline"),
    "months": L(vi="Theo tháng", en="Month by month"),
    "month": L(vi="Tháng", en="Month"),
    "heard": L(vi="Đã tiếp", en="Heard"),
    "concluded": L(vi="Đã kết luận", en="Concluded"),
    "closed": L(vi="Đã kết thúc", en="Closed"),
    "sessions": L(vi="Các buổi tiếp", en="Sessions"),
    "count": L(vi="Số lượng", en="Count"),
    "total": L(vi="Tổng cộng", en="Total"),
    "for_role": L(vi="Dành cho", en="For"),
    "everyone": L(vi="phát hành chung", en="general distribution"),
    "redacted_note": L(
        vi="Thông tin bảo mật về người gửi đơn đã được che.",
        en="Confidential information about petitioners is redacted.",
    ),
    "shown_note": L(
        vi="Tài liệu có thông tin bảo mật: chỉ lưu hành trong phạm vi được phép.",
        en="Contains confidential information: for authorised readers only.",
    ),
    "none": L(vi="Không có.", en="None."),
    "as_of": L(vi="Số liệu tính đến", en="Figures as of"),
    "timeliness_note": L(
        vi=(
            "Đúng hạn, trễ hạn: thời hạn hoàn thành trong kỳ; quá hạn, đang trong hạn: "
            "tình trạng vào cuối kỳ."
        ),
        en=(
            "On time and late: deadlines met during the period; overdue and running: "
            "their state at the end of the period."
        ),
    ),
}

VALUE_LABELS: Final[Mapping[str, Label]] = {
    "report": L(vi="Phản ánh", en="Report"),
    "recommendation": L(vi="Kiến nghị", en="Recommendation"),
    "complaint": L(vi="Khiếu nại", en="Complaint"),
    "denunciation": L(vi="Tố cáo", en="Denunciation"),
    "directed_to_agency": L(
        vi="Chỉ đạo cơ quan chức năng giải quyết", en="Directed to the competent agency"
    ),
    "explained": L(vi="Giải thích, hướng dẫn, kết thúc", en="Explained and closed"),
    "continued": L(vi="Tiếp tục xem xét", en="Continued for further review"),
    "regular": L(vi="Định kỳ", en="Regular"),
    "ad_hoc": L(vi="Đột xuất", en="Ad hoc"),
    "held": L(vi="Tổ chức", en="Held"),
    "moved": L(vi="Dời ngày", en="Moved"),
    "cancelled": L(vi="Hủy", en="Cancelled"),
    "skipped": L(vi="Không tổ chức", en="Not held"),
    "pending": L(vi="Còn hạn", en="Pending"),
    "met": L(vi="Đã xong", en="Met"),
    "paused": L(vi="Tạm dừng", en="Paused"),
}
"""Words for the values the documents show (kinds, outcomes, statuses)."""

WEEKDAYS: Final = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def bilingual(label: Label) -> str:
    """A heading in both languages ("Ngày / Date"), or once when they agree."""
    return label.vi if label.vi == label.en else f"{label.vi} / {label.en}"


def value_text(value: Any, *, lang: str) -> str:
    """A value in words: a kind, outcome or status by its label, yes/no, a list joined."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, str) and value in VALUE_LABELS:
        return VALUE_LABELS[value].get(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(v, lang=lang) for v in value)
    return str(value)
