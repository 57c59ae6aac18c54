"""Hypothesis strategies over one workflow: its data, its instants, its legal histories.

This module owns generating what a user's workflow can meet: valid case
data for its fields (``case_data``), instants in its time zone that land on
the days deadlines are hard on (``instants``: weekends, Tết, the make-up
Saturdays, 30/4, 2/9), and legal histories (``histories``): cases built
live with ``wf.start``/``wf.fire``/``wf.update``, firing only triggers that
``wf.allowed`` permits for the data at that point, with the transition's
roles, data changes, extensions with a granted length, and times that only
go forward. Random workflow definitions are ``caseflow.testing.definitions``'.

The generators are plain hypothesis strategies, so they shrink: a failing
history shrinks to fewer, earlier, simpler steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from caseflow.case import Case
from caseflow.definition import Field
from caseflow.errors import CaseflowError
from caseflow.testing.nesting import roles_in
from caseflow.times import zone as zone_of
from caseflow.workflow import Workflow

__all__ = ["HARD_DAYS", "case_data", "field_values", "histories", "instants"]

HARD_DAYS = tuple(
    dt.date.fromisoformat(day)
    for day in (
        "2025-01-24",  # the Friday before Tết 2025 (27/01-31/01 off)
        "2025-01-31",
        "2025-04-25",  # before the make-up Saturday 26/04/2025
        "2025-04-29",  # before 30/4-1/5
        "2025-08-29",  # before 1/9-2/9
        "2025-12-31",
        "2026-01-09",  # the Friday before the make-up Saturday 10/01/2026
        "2026-02-10",  # a week before Tết 2026 (16/02-20/02 off)
        "2026-02-13",
        "2026-02-14",  # a Saturday just before Tết
        "2026-04-24",  # before 27/4 and 30/4-1/5
        "2026-08-21",  # before the make-up Saturday 22/08/2026 and 31/8-2/9
    )
)
"""Days next to weekends, Tết, the make-up Saturdays and the national holidays."""

_FIRST = dt.date(2025, 1, 1)
_LAST = dt.date(2026, 10, 31)
"""The span starts are drawn from: inside the years the shipped calendar is sure of."""

# Distinctive, so that a leak check cannot find it by chance in other text.
_SECRET_WORDS = ("Nguyễn Thị Bí Mật", "Trần Văn Kín", "Lê Mật Danh")


def _days() -> st.SearchStrategy[dt.date]:
    return st.sampled_from(HARD_DAYS) | st.dates(_FIRST, _LAST)


def instants(wf: Workflow) -> st.SearchStrategy[dt.datetime]:
    """Aware instants in ``wf``'s time zone, often on a day that is hard for deadlines.

    Times fall in office hours and at the edges of the day (00:05, 23:55),
    so an instant near midnight tests the day it belongs to in the zone.
    """
    tz = zone_of(wf.spec.timezone)
    times = st.sampled_from((dt.time(0, 5), dt.time(8, 0), dt.time(16, 30), dt.time(23, 55)))
    return st.builds(
        lambda day, time: dt.datetime.combine(day, time, tzinfo=tz), _days(), times | st.times()
    )


def field_values(field: Field, *, when: dt.date | None = None) -> st.SearchStrategy[Any]:
    """Valid values of one declared field, by its type and choices (never null).

    Confidential text fields get distinctive names, so that a leak of one
    can be told from a chance match.
    """
    near = when or dt.date(2026, 2, 10)
    if field.type == "choice":
        return st.sampled_from(field.choices or ())
    if field.type == "bool":
        return st.booleans()
    if field.type == "int":
        return st.sampled_from((0, 1, 2, 3, 10)) | st.integers(0, 120)
    if field.type == "number":
        return st.integers(0, 1000) | st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 2))
    # Dates a few typical periods apart (90 days, a month, a week), so that a
    # condition comparing two dates of a case holds for some data and not for other.
    shifts = st.sampled_from(
        (-120, -91, -89, -60, -44, -30, -20, -10, -5, -1, 0, 1, 7, 30, 60)
    ) | st.integers(-200, 60)
    if field.type == "date":
        return shifts.map(lambda n: (near + dt.timedelta(days=n)).isoformat())
    if field.type == "datetime":
        return shifts.map(
            lambda n: (dt.datetime.combine(near, dt.time(8)) + dt.timedelta(days=n)).isoformat()
        )
    if field.type == "list":
        return st.lists(st.sampled_from(("a", "b", "c")), max_size=3)
    if field.type == "mapping":
        return st.dictionaries(st.sampled_from(("district", "ward")), st.text(max_size=5))
    if field.confidential:
        return st.builds(
            lambda w, n: f"{w} {n:04d}", st.sampled_from(_SECRET_WORDS), st.integers(0, 9999)
        )
    return st.sampled_from(("", "a", "yes", "Phường 2", "2026-02-10", "x" * 30)) | st.text(
        max_size=8
    )


@st.composite
def case_data(draw: st.DrawFn, wf: Workflow, *, when: dt.date | None = None) -> dict[str, Any]:
    """Valid starting data for ``wf``: every required field, some of the others.

    Values follow each field's type and choices; dates fall around ``when``
    (default 2026-02-10), so that conditions comparing dates hold for some
    data and fail for other. How many optional fields are filled varies
    from one example to the next (few, half, nearly all), so that a guard
    needing several facts at once, and one needing a fact absent, both meet
    data that satisfies them.
    """
    out: dict[str, Any] = {}
    fill = draw(st.sampled_from((1, 5, 9)))
    for field in wf.spec.fields:
        if field.required or draw(st.integers(0, 9)) < fill:
            out[field.name] = draw(field_values(field, when=when))
    return out


def _extension_fields(wf: Workflow) -> dict[str, tuple[str, int]]:
    """trigger -> (length field, most granted), for extensions that record their length."""
    out = {}
    for rule in wf.spec.deadlines:
        ext = rule.extension
        if ext is not None and ext.length_field is not None:
            out[ext.trigger] = (ext.length_field, ext.by.amount)
    return out


_GAPS = st.sampled_from(
    (
        dt.timedelta(minutes=5),
        dt.timedelta(hours=7),
        dt.timedelta(days=1),
        dt.timedelta(days=2),
        dt.timedelta(days=3),
        dt.timedelta(days=6),
        dt.timedelta(days=10),
        dt.timedelta(days=29),
        dt.timedelta(days=45),
    )
) | st.integers(1, 90 * 24).map(lambda h: dt.timedelta(hours=h))


@st.composite
def histories(
    draw: st.DrawFn,
    wf: Workflow,
    *,
    max_steps: int = 10,
    case_id: str = "VERIFY-1",
    data: st.SearchStrategy[Mapping[str, Any]] | None = None,
    updates: bool = True,
) -> Case:
    """A case of ``wf`` built live by a legal history from the initial state.

    Each step fires a trigger ``wf.allowed`` permits for the case's data at
    that point (with a role the transition names, and a granted length for
    an extension that records one) or, with ``updates``, changes some data
    (``wf.update``). Times only go forward, by gaps from minutes to 90 days
    that cross weekends and holidays. The case's ``history`` is the
    history; ``wf.replay(case.id, case.history)`` rebuilds it.
    """
    start = draw(instants(wf))
    values = draw(data if data is not None else case_data(wf, when=start.date()))
    case = wf.start(case_id, at=start, data=values)
    return continued(draw, wf, case, at=start, max_steps=max_steps, updates=updates)


def continued(
    draw: st.DrawFn, wf: Workflow, case: Case, *, at: dt.datetime, max_steps: int, updates: bool
) -> Case:
    """``case`` taken on by up to ``max_steps`` legal steps after ``at`` (as ``histories`` does)."""
    lengths = _extension_fields(wf)
    for _ in range(draw(st.integers(0, max_steps))):
        at = at + draw(_GAPS)
        allowed = wf.allowed(case, at=at)
        moves: list[str | None] = list(allowed)
        if updates and wf.spec.fields:
            moves.append(None)
        if not moves:
            break
        move = draw(st.sampled_from(moves))
        if move is None:
            target = draw(st.sampled_from(wf.spec.fields))
            value = draw(field_values(target, when=at.date()))
            try:
                wf.update(case, at=at, data={target.name: value})
            except CaseflowError:
                continue
            continue
        extra: dict[str, Any] = {}
        if move in lengths:
            name, most = lengths[move]
            extra[name] = draw(st.integers(1, max(1, most)))
        for role in roles_in(wf, case.state, move):
            try:
                wf.fire(case, move, at=at, role=role, actor="verify", data=extra or None)
            except CaseflowError:
                continue
            break
    return case
