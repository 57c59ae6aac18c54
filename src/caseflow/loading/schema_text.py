"""The reference's description of each key, for the JSON Schema: generated, do not edit.

Generated from the tables of docs/workflow-reference.md by
tests/test_schema.py (run ``CASEFLOW_WRITE_SCHEMA_TEXT=1 pytest
tests/test_schema.py`` after editing the reference); that test fails when
this file and the reference differ. ``schema`` reads it.
"""

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Top level": {
        "caseflow": "The format version of the file. Must be `1`.",
        "name": "The workflow's name, stored with every case.",
        "version": (
            'Your version of this definition, e.g. `"2026.1"`; stored with every'
            " case, so that a case can be read with the definition it was started"
            " under."
        ),
        "title": "The workflow's title in Vietnamese and English.",
        "description": "What the workflow covers, for readers.",
        "calendar": (
            "The working-day calendar deadlines are counted in: a built-in calendar"
            " or the path of a calendar file ending in `.yaml`. `VN` is the"
            " Vietnamese public-sector calendar (weekends, Tết and the other"
            " holidays, official day swaps). An unknown or empty name is an error."
        ),
        "timezone": (
            "The time zone of the workflow (an IANA name); times given without a"
            " zone are read in it. An unknown or empty zone is an error."
        ),
        "source": "The legal or planning basis of the whole workflow (căn cứ).",
        "roles": "Who may fire transitions; see Roles.",
        "fields": "The data a case carries; see Fields.",
        "guards": "Named conditions; see Guards.",
        "states": "The states a case can be in; see States. At least one.",
        "transitions": (
            "How a case moves between states; see Transitions. In practice"
            " required: the initial state needs a way out."
        ),
        "deadlines": "Time limits set by law or plan, each with its source; see Deadlines.",
        "docket": "How cases are chosen for the sessions of a schedule; see Docket.",
        "documents": ("How the papers look and who issues, numbers and signs them; see Documents."),
        "schedules": "Recurring sessions, e.g. the monthly reception day; see Schedules.",
    },
    "Labels": {
        "vi": ("The Vietnamese text, with its diacritics (`Tiếp nhận`, not `Tiep nhan`)."),
        "en": "The English text.",
    },
    "Roles": {
        "label": "The role's name in Vietnamese and English.",
        "description": "What the role does in this procedure.",
    },
    "Fields": {
        "type": "What kind of value the field holds; see the table below.",
        "required": ("The case cannot start without this field, and it can never be set to null."),
        "confidential": (
            "The value is secret (bí mật), such as the identity of a petitioner or"
            " a denouncer (Luật Tố cáo 2018, Điều 9, 47-48). It is stored apart and"
            " shown as redacted in every read, export and document; a refusal names"
            " the field and its test, never its value, and a document for a role"
            " that may not read it has the value scrubbed wherever it appears (in"
            " any case, composed or decomposed, as `repr` or JSON text)."
        ),
        "readers": (
            "The roles that may ask to see a confidential field; every time anyone"
            " asks is recorded (`store.audit`), a refused request too. Only for"
            " confidential fields. Without readers nobody may see the value."
        ),
        "choices": (
            "The allowed values: at least one, each listed once, each a text, a"
            " number or `true`/`false`. Required with `type: choice`, refused with"
            " any other type. Conditions may only compare the field with these"
            " values. A mapping gives each (text) value its label instead:"
            ' `choices: {report: {vi: "Phản ánh", en: "Report"}, ...}`; output then'
            " shows the label in the language asked, and the data keeps the value."
        ),
        "label": "The field's name in Vietnamese and English.",
        "description": "What the field means, and its legal basis if it has one.",
    },
    "Guards": {
        "when": "The condition, in any form of Conditions. Not with `registered`.",
        "registered": (
            "Marks the guard as implemented by the host application. Only `true` is"
            " accepted. Not with `when`."
        ),
        "description": "What the guard checks, for readers.",
        "source": "The legal or planning basis of the rule.",
    },
    "Condition operators": {
        "field": "(names the field to test; required)",
        "equals": "equals the value. `true` never equals `1`.",
        "not_equals": "does not equal the value, or the field is missing.",
        "in": "is one of the values.",
        "not_in": "is none of the values, or the field is missing.",
        "less_than": "is less than the value.",
        "at_most": "is less than or equal to the value.",
        "greater_than": "is greater than the value.",
        "at_least": "is greater than or equal to the value.",
        "present": (
            "`true`: has a value (is neither missing nor null). `false`: is missing or null."
        ),
        "within": (
            "is a date on or before the last day of a period of `days` calendar"
            " days counted from the day after the date in the `after` field,"
            " lengthened by the whole number of days in the `not_counting` field"
            " (if given and set); when that last day is a day off, the period ends"
            " on the next working day. See Periods between two dates."
        ),
    },
    "Periods between two dates": {
        "days": "The length of the period, in calendar days.",
        "after": (
            "The field holding the day the period counts from; the count starts the day after it."
        ),
        "not_counting": (
            "A field holding a number of days that do not count (an obstacle); they"
            " lengthen the period. Missing or null counts as 0."
        ),
    },
    "Combining conditions": {
        "all": "every one is true",
        "any": "at least one is true",
        "not": "it is false",
    },
    "States": {
        "label": (
            'The state\'s name in Vietnamese and English (`{vi: "Tiếp nhận", en: "Received"}`).'
        ),
        "initial": "The state a new case starts in. Exactly one state has it.",
        "final": "The case is over in this state; no transition may leave it.",
        "description": "What being in this state means.",
        "source": (
            "The legal or planning basis of the step (căn cứ), e.g. `Luật Khiếu nại 2011, Điều 27`."
        ),
        "states": (
            "The children of a compound state, one of them `initial`; see Nested"
            " and parallel states."
        ),
        "parallel": (
            "The regions of a parallel state, all active at once; see Nested and parallel states."
        ),
        "done": ("Where a parallel state goes once every region is in a final state (the join)."),
    },
    "Nested and parallel states": {
        "states": (
            "The region's states, one `initial`, and at least one `final` when the"
            " parallel state has `done`."
        ),
        "label": "The region's name in Vietnamese and English.",
        "description": "What the region does.",
        "source": "The legal basis of the region's work.",
    },
    "Transitions": {
        "trigger": (
            "The name of the action (`screen`, `hear`, `withdraw`). The same"
            " trigger may appear in several transitions. Some names are reserved;"
            " see below."
        ),
        "from": "The states the transition may start from.",
        "to": (
            "The state the case moves to. It may be the same as `from`: the case"
            " then stays where it is and the event is recorded (an extension, gia"
            " hạn)."
        ),
        "when": ("The transition may fire only when this condition is true; see Conditions."),
        "roles": "Only these roles may fire it. Without `roles`, any role may.",
        "label": "The action's name in Vietnamese and English.",
        "description": "What the action does.",
        "source": (
            "The legal or planning basis of the action (căn cứ). Officials are"
            ' asked "on what basis?"; every shipped transition has one.'
        ),
    },
    "Schedules": {
        "every": "How often the session recurs.",
        "weekday": "The day of the week; required with `every`.",
        "week": (
            "Which week of the month; -1 is the last. Required with `every: month`,"
            " refused with `every: week`."
        ),
        "counting": (
            "How weeks of a month are counted; see below. Required with `every:"
            " month` (caseflow never guesses), refused with `every: week`."
        ),
        "if_day_off": "What happens when the date is a day off (a holiday, a swapped day).",
        "dates": ("The session dates, written out (`[2026-03-24, 2026-04-28]`); at least one."),
        "rrule": (
            "An RFC 5545 recurrence rule that picks days (`FREQ=MONTHLY;BYDAY=+4TU`); see below."
        ),
        "start": "The first day the schedule applies.",
        "end": "The last day the schedule applies; not before `start`.",
        "time": (
            'The time the session starts, 24-hour, in quotes (`"08:00"`): unquoted,'
            " `8.30` is the number 8.3."
        ),
        "place": "Where the session is held.",
        "contact": "A phone number or office to contact.",
        "mode": (
            "How citizens attend: online reception is allowed from 1/7/2026 (Luật 136/2025/QH15)."
        ),
        "meeting_link": (
            "Where an online or hybrid session is joined; required unless"
            " `in_person`. The ICS carries it as `URL` and `CONFERENCE` (RFC 7986),"
            " invitations print it."
        ),
        "join": (
            "How to join (room code, when to connect), printed in invitations and"
            " as the ICS conference label."
        ),
        "label": "The schedule's name in Vietnamese and English.",
        "description": (
            "Notes for readers, e.g. a reading of the source that still needs confirming."
        ),
        "source": (
            'The basis of the schedule, e.g. the plan\'s wording "thứ ba tuần thứ 4 hàng tháng".'
        ),
        "overrides": "Single sessions moved or cancelled; see below.",
    },
    "Schedule overrides": {
        "date": "The session's regular date.",
        "moved_to": "The date it moves to.",
        "cancelled": "`true`: the session does not take place.",
        "reason": "Why, e.g. the invitation that announced it (giấy mời).",
    },
    "Deadlines": {
        "due": (
            "The short form: `<number> <unit> after|before <name>`, e.g. `10"
            " working days after received`. The name is a state (counting from"
            " entering it), a trigger (from when it fired), a date field, or a"
            " schedule (from the case's session of it). Not with `anchor` and"
            " `offset`."
        ),
        "anchor": (
            "The long form of what the deadline counts from; see Deadline anchors. Needs `offset`."
        ),
        "offset": (
            "How far from the anchor: `<number> <unit>`, with `before` to count"
            " back (`1 week before`). Units: `day(s)` (calendar days), `working"
            " day(s)`, `week(s)`, `month(s)`."
        ),
        "runs_in": "The states in which the clock runs.",
        "paused_in": (
            "States in which the clock waits (a suspension); coming back gives back"
            " the time that was left, in the deadline's own unit."
        ),
        "met_by": (
            "Triggers that meet the deadline even if the case stays where it is (sending a notice)."
        ),
        "if_day_off": (
            "Where a date counted in calendar days goes when it is a day off (Bộ"
            " luật Dân sự 2015, Điều 148: a period ending on a day off ends on the"
            " next working day). Working-day counts always land on working days."
        ),
        "time": ("The time of day the deadline ends; without it, the whole due day counts."),
        "due_soon": 'How close to the due date a pending deadline is flagged "due soon".',
        "variants": (
            "Other offsets or extension limits for some cases; the first whose"
            " condition holds applies. See Deadline variants."
        ),
        "extension": "A trigger that extends the deadline; see Deadline extensions.",
        "effective": (
            "The days on which the rule is in force, for rules that change with the"
            " law; see Deadline effective ranges. A case started outside them does"
            " not have this deadline."
        ),
        "label": "The deadline's name in Vietnamese and English.",
        "description": "What the deadline is for, for readers.",
        "source": (
            'The legal or planning basis; officials are asked "on what basis is this due?".'
        ),
    },
    "Deadline anchors": {
        "entered": "Count from when the case entered this state.",
        "event": "Count from when this trigger fired.",
        "field": "Count from the date in this field of the case.",
        "session": (
            "Count from the day the case's session of this schedule is held (the"
            " docket's `session_field` records which session; a session moved by a"
            " day off or an override moves the deadline)."
        ),
        "occurrence": "For `entered` and `event`: the first or the last time it happened.",
    },
    "Deadline variants": {
        "when": (
            "Which cases the variant is for (any form of Conditions). A variant"
            " gives `when`, `effective` or both; with `effective` alone it is for"
            " every case started while it is in force."
        ),
        "offset": "The offset for those cases (e.g. 45 days for a complex complaint).",
        "max_extensions": (
            "The extension limit for those cases (e.g. 2 for an especially complex denunciation)."
        ),
        "effective": (
            "The days the variant is in force (a change in the law); see Deadline effective ranges."
        ),
        "source": "The basis of the variant; the explanation cites it.",
    },
    "Deadline extensions": {
        "trigger": (
            "The trigger that grants an extension; it must fire from a state in `runs_in`."
        ),
        "by": (
            "The most one extension adds to the period (to its nominal end, before"
            " a day off moves it; see Legal time)."
        ),
        "max": (
            "How many extensions one clock may have; caseflow refuses the trigger"
            " beyond it and says why."
        ),
        "length_field": (
            "An `int` field the extending event sets to the length granted, in"
            " `by`'s unit (the law says *up to* 30 days; the decision says how"
            " many). Without it, or without a value on the event, the whole `by` is"
            " granted; a value from 1 to `by` grants that many, and any other is"
            " refused with the rule and its source."
        ),
        "source": "The basis of the extension.",
    },
    "Deadline effective ranges": {
        "from": "The first day the rule is in force (YYYY-MM-DD).",
        "until": "The last day the rule is in force.",
    },
    "Docket": {
        "schedule": "The schedule whose sessions the docket fills.",
        "eligible_in": "The states a case must be in to be chosen.",
        "select_trigger": "The trigger fired on a chosen case; it must fire from `eligible_in`.",
        "session_field": "The field that records the planned date of the case's session.",
        "capacity": "How many cases one session takes.",
        "priorities": "Reasons to choose a case first, in order; see Docket priorities.",
        "order_field": (
            "Registration order among cases of equal priority; without it, the time"
            " the case became eligible."
        ),
        "attendees": ("The standing attendees invited to every session (role names or bodies)."),
        "source": "The basis of the docket rules.",
    },
    "Docket priorities": {
        "name": "The priority's name; each is used once.",
        "when": "Which cases have this priority.",
        "label": "The priority in Vietnamese and English, as explanations show it.",
        "source": "The basis, e.g. `Kế hoạch, mục II.1`.",
    },
    "Documents": {
        "style": "Which guideline lays the papers out.",
        "issuer": "The issuing body, e.g. `THÀNH ỦY TRÀ VINH`.",
        "parent": ("The body above the issuer, shown above it, e.g. `ĐẢNG BỘ TỈNH TRÀ VINH`."),
        "place": ('The place name of the date line ("Trà Vinh, ngày 05 tháng 3 năm 2026").'),
        "signer": (
            "Who signs every kind of paper unless the kind names its own; see Document signers."
        ),
        "numbering": (
            "When numbers restart from 1: each calendar year, or each term from `term_start`."
        ),
        "term_start": "The first day of the term; required with `numbering: term`.",
        "templates": (
            "A folder (relative to the workflow file) whose `KIND.docx` templates"
            " replace the shipped ones."
        ),
        "addressees": (
            "How an invitation addresses who a field names: the text holds"
            ' `{value}` once, e.g. `ward: "Đảng ủy, UBND {value}"` gives "Kính gửi:'
            ' Đảng ủy, UBND Phường 2".'
        ),
        "kinds": (
            "Each kind of paper (`invitation`, `brief`, `notice`, `report`,"
            " `calendar`); see Document kinds."
        ),
        "source": "The basis of the format, e.g. `Hướng dẫn 36-HD/VPTW`.",
    },
    "Document kinds": {
        "symbol": (
            'The number symbol after the number, e.g. `TB/TU` ("Số 12-TB/TU");'
            " numbers run per symbol."
        ),
        "title": "The paper's name in capitals (`GIẤY MỜI`, `THÔNG BÁO`, `BÁO CÁO`).",
        "recipients": 'The "Nơi nhận" list, bottom left, in order; end it with `Lưu VP`.',
        "signer": "Who signs this kind, instead of the section's `signer`.",
    },
    "Document signers": {
        "authority": (
            "The authority line, e.g. `T/M BAN THƯỜNG VỤ`, `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`."
        ),
        "title": "The signer's title, e.g. `PHÓ BÍ THƯ`.",
        "name": "The signer's full name.",
    },
}
