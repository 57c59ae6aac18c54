"""Reception sessions: when they sit, which cases they hear, what came of them.

This package owns the month of a reception office as data, one concept per
module, in the order data flows through them:

- ``bindings``: what the session functions read from a workflow
  (``WorkflowLike``, the ``docket:`` section) and under which field and
  trigger names (``Bindings``, ``RECEPTION``).
- ``planning``: ``Session``; the year's sessions from the schedules
  (``plan_sessions``), ad-hoc sessions (with a warning on a day off), the
  session a case is on and the next.
- ``ranking``: docket order, by the first priority met, then registration.
- ``docket``: choosing a session's docket and explaining every choice
  (``select_docket``), reading it back, and the cases that carry over.
- ``redaction``: what a document for a role may show (``visible_data``).
- ``invitations``: who is invited to a session (``invitation_list``).
- ``conclusions``: recording what a session decided (``record_conclusion``).
- ``periods``: reporting periods (``Period``): every month, quarter, half
  and year, named in Vietnamese and English.
- ``reports``: the figures of a periodic report (``summarise``).

It sits in layer 6, beside ``store``: it imports only lower layers
(``errors``, ``definition``, ``case``, ``times``, ``conditions``,
``calendars``, ``recurrence``, ``deadlines``), never ``store``,
``workflow``, ``render`` or ``cli``; it works on anything shaped like a
``Workflow`` (``WorkflowLike``) rather than importing ``workflow``. It leaves session
dates to ``recurrence``, due dates to the deadline evaluator (asked through
``wf.deadlines``), firing to the engine (through ``wf.fire``), and the
documents to ``render.documents``. Times are arguments: every function that
depends on "now" takes it.

The names below are the package's interface; ``from caseflow.sessions
import X`` is the way to reach them.
"""

from caseflow.sessions.bindings import RECEPTION, Bindings, WorkflowLike
from caseflow.sessions.conclusions import OUTCOMES, record_conclusion
from caseflow.sessions.docket import (
    Carried,
    DocketEntry,
    DocketSelection,
    carry_over,
    docket_cases,
    select_docket,
)
from caseflow.sessions.invitations import Invitee, invitation_list
from caseflow.sessions.periods import Period
from caseflow.sessions.planning import (
    Session,
    ad_hoc_session,
    day_text,
    next_session,
    plan_sessions,
    session_of,
)
from caseflow.sessions.ranking import rank_cases
from caseflow.sessions.redaction import REDACTED, hidden_values, may_read, visible_data
from caseflow.sessions.reports import MonthRow, PeriodSummary, Timeliness, summarise

__all__ = [
    "OUTCOMES",
    "RECEPTION",
    "REDACTED",
    "Bindings",
    "Carried",
    "DocketEntry",
    "DocketSelection",
    "Invitee",
    "MonthRow",
    "Period",
    "PeriodSummary",
    "Session",
    "Timeliness",
    "WorkflowLike",
    "ad_hoc_session",
    "carry_over",
    "day_text",
    "docket_cases",
    "hidden_values",
    "invitation_list",
    "may_read",
    "next_session",
    "plan_sessions",
    "rank_cases",
    "record_conclusion",
    "select_docket",
    "session_of",
    "summarise",
    "visible_data",
]
