"""``caseflow demo``: one month of the Secretary's citizen reception, end to end.

This module owns running the month (``run_demo``): it opens the store the
cases are kept in, runs the stages in order (the year's session calendar,
intake and screening, the docket, briefs and invitations, the session, its
conclusions, an ad-hoc session, the report upward, what carries over),
then prints the refused steps and where the cases stand, checks that every
history replays to the same state, and writes the documents, in Markdown
and HTML, to a folder. The stages are ``preparation``'s, ``hearings``' and
``reporting``'s; the sample data ``samples``'; the printing ``story``'s.
Like its stages, it uses the public API (``caseflow.workflow``,
``caseflow.store``), ``caseflow.sessions`` and ``caseflow.render.documents``
only, so it doubles as a worked example.

Sample people are invented; their names, addresses and phone numbers are
confidential fields, never printed, and shown only in the documents meant
for the role that may read them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from caseflow.case import Case
from caseflow.cli.demo.hearings import (
    conclude_the_session,
    hold_an_ad_hoc_session,
    hold_the_session,
)
from caseflow.cli.demo.preparation import (
    choose_the_docket,
    plan_the_year,
    send_briefs_and_invitations,
    take_in_petitions,
)
from caseflow.cli.demo.reporting import list_what_carries_over, report_upward
from caseflow.cli.demo.samples import at
from caseflow.cli.demo.story import Month, Story
from caseflow.i18n import _
from caseflow.render.papers import reception_register, write_register
from caseflow.workflow import Workflow, load_workflow, shipped_workflow

__all__ = ["demo_workflow", "run_demo"]

REGISTER_DAY = dt.date(2026, 4, 1)
"""When the month's register is drawn up (the day the report is)."""


def demo_workflow() -> Workflow:
    """The shipped reception workflow: its schedule, docket, deadlines and readers."""
    return load_workflow(shipped_workflow("citizen_reception"))


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
    reveal = None
    if db is not None and save is None:
        from caseflow.store import Reveal, open_store

        store = open_store(_store_url(db), workflows=[wf])
        save = store.save

        def reveal(cases: Sequence[Case], role: str, reason: str, when: dt.datetime) -> list[Case]:
            # Documents for a reader get the values through the store's
            # audited Reveal, as an app would: store.audit(id) shows each.
            assert store is not None
            asked = Reveal(actor=f"demo.{role}", role=role, reason=reason, at=when)
            return [store.load(case.id, wf, reveal=asked) for case in cases]

    month = Month(wf, Story(echo, lang), save, reveal, numbers=store)
    w = month.story.words
    title = wf.spec.title.get(lang) if wf.spec.title else wf.name
    echo(
        _(
            "caseflow demo: a month of {title!r} ({name} {version}), "
            "{count} sample petitions, seed {seed}"
        ).format(title=title, name=wf.name, version=wf.version, count=count, seed=seed)
    )

    march = plan_the_year(month)
    take_in_petitions(month, count=count, seed=seed)
    selection = choose_the_docket(month, march)
    chosen = send_briefs_and_invitations(month, march, selection)
    heard, april = hold_the_session(month, march, chosen)
    conclude_the_session(month, march, heard)
    extra = hold_an_ad_hoc_session(month, march, seed=seed, count=count)
    drawn = report_upward(month, extra)
    list_what_carries_over(month, march, april, drawn)

    # The end: refusals, figures, where the documents are.
    cases = month.cases
    month.story.head("Steps the workflow refused, with its reasons", "Các bước bị từ chối và lý do")
    for line in month.refusals:
        month.story.say(line)
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
        for document in month.documents:
            document.write(folder)
        for paper in month.papers:
            paper.write(folder)
        # The register of citizen reception: without the citizens' identities
        # for everyone, with them for the group that keeps it (audited reveal).
        write_register(reception_register(wf, cases), folder)
        keeper = "internal_affairs_group"
        readable = month.revealed(
            cases, role=keeper, reason="register of citizen reception", when=at(REGISTER_DAY, 17)
        )
        write_register(
            reception_register(wf, readable, for_role=keeper), folder, f"so-tiep-cong-dan.{keeper}"
        )
        echo(
            w(
                f"Wrote {len(month.documents)} documents (Markdown and HTML) to "
                f"{folder.resolve()}/",
                f"Đã ghi {len(month.documents)} tài liệu (Markdown và HTML) vào "
                f"{folder.resolve()}/",
            )
        )
        numbered = sum(1 for p in month.papers if p.number is not None)
        echo(
            _(
                "Wrote {papers} papers to sign (Word, .docx), {numbered} numbered from the "
                "store's register."
            ).format(papers=len(month.papers), numbered=numbered)
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
