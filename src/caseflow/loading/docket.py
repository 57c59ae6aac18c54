"""The ``docket`` section: which cases a session hears, in which order, and its checks.

This module owns reading the docket (the schedule whose sessions it fills,
the states a case must be in, the trigger that selects it, the field that
records its session, the capacity, the priorities and the attendees) and
the checks that need the whole definition (those names exist and fit).
A priority's condition is read by ``guards``; selecting cases for a
session is ``caseflow.sessions``' job.
"""

from __future__ import annotations

from caseflow.definition import Docket, Priority
from caseflow.i18n import N_, _
from caseflow.loading.context import DATE_TYPES, Checking, Reading, unknown
from caseflow.loading.guards import read_condition
from caseflow.yamlsafe import Pos, YList, YMap, describe

__all__ = ["DOCKET_KEYS", "PRIORITY_KEYS", "check_docket", "read_docket"]

DOCKET_KEYS = frozenset(
    {
        "schedule",
        "eligible_in",
        "select_trigger",
        "session_field",
        "capacity",
        "priorities",
        "order_field",
        "attendees",
        "source",
    }
)
PRIORITY_KEYS = frozenset({"name", "when", "label", "source"})


def read_docket(reading: Reading, top: YMap) -> Docket | None:
    """The ``docket`` section, or None when it is absent or cannot be used."""
    if "docket" not in top or top["docket"] is None:
        return None
    what = _("the docket")
    m = reading.mapping(top["docket"], top.value_pos["docket"], what)
    if m is None:
        return None
    reading.keys(
        m,
        what,
        DOCKET_KEYS,
        required=("schedule", "eligible_in", "select_trigger", "session_field", "capacity"),
    )
    where: dict[str, Pos] = {"": m.pos} | dict(m.value_pos)

    def required_name(key: str) -> str | None:
        return reading.name(m.get(key), m.value_pos.get(key, m.pos), f"{what}: {key}")

    schedule = required_name("schedule")
    eligible = reading.names_list(m, "eligible_in", what, where)
    trigger = required_name("select_trigger")
    session_field = required_name("session_field")
    order_field = None
    if "order_field" in m:
        order_field = reading.name(
            m["order_field"], m.value_pos["order_field"], f"{what}: order_field"
        )
    capacity = None
    if "capacity" in m:
        value = m["capacity"]
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 500:
            capacity = value
        else:
            reading.problem(
                m.value_pos["capacity"],
                _(
                    "{what}: 'capacity' must be a whole number from 1 to 500 "
                    "(cases per session), not {value}"
                ).format(what=what, value=describe(value)),
            )
            # Reported; a stand-in lets the checks of the names the docket
            # uses run too (the spec is never returned with a problem).
            capacity = 1
    priorities = _read_priorities(reading, m, what)
    attendees = _read_attendees(reading, m, what)
    if (
        schedule is None
        or not eligible
        or trigger is None
        or session_field is None
        or capacity is None
    ):
        return None
    return Docket(
        schedule=schedule,
        eligible_in=eligible,
        select_trigger=trigger,
        session_field=session_field,
        capacity=capacity,
        priorities=priorities,
        order_field=order_field,
        attendees=attendees,
        source=reading.text(m, "source", what),
        where=where,
    )


def _read_priorities(reading: Reading, m: YMap, what: str) -> tuple[Priority, ...]:
    """``priorities``: named conditions, each name once, in the order they rank."""
    seen: set[str] = set()

    def read(r: Reading, pm: YMap, pwhat: str) -> Priority | None:
        name = r.name(pm.get("name"), pm.value_pos.get("name", pm.pos), f"{pwhat}: name")
        if name is not None and name in seen:
            r.problem(
                pm.value_pos["name"],
                _("{pwhat}: the name {name!r} is used twice").format(pwhat=pwhat, name=name),
            )
            name = None
        when = read_condition(r, pm["when"], pm.value_pos["when"], pwhat) if "when" in pm else None
        if name is None or when is None:
            return None
        seen.add(name)
        return Priority(
            name=name,
            when=when,
            label=r.label(pm, "label", pwhat),
            source=r.text(pm, "source", pwhat),
            where={"": pm.pos},
        )

    return reading.numbered_entries(
        m,
        "priorities",
        what,
        entry="priority",
        list_name="a list of priorities",
        allowed=PRIORITY_KEYS,
        required=("name", "when"),
        read=read,
    )


def _read_attendees(reading: Reading, m: YMap, what: str) -> tuple[str, ...]:
    if "attendees" not in m:
        return ()
    raw = reading.get(m, "attendees", what, YList, N_("a list of texts"))
    attendees: list[str] = []
    for i, item in enumerate(raw or ()):
        if isinstance(item, str) and item.strip():
            attendees.append(item)
        else:
            reading.problem(
                raw.item_pos[i],
                _("{what}: an attendee must be text, not {value}").format(
                    what=what, value=describe(item)
                ),
            )
    return tuple(attendees)


def check_docket(checking: Checking) -> None:
    """The docket's schedule, states, trigger and fields exist and fit together."""
    docket = checking.spec.docket
    if docket is None:
        return
    what = _("the docket")
    schedules = checking.schedules
    if docket.schedule not in schedules:
        checking.add(
            docket.where.get("schedule"),
            _("{what} fills the sessions of an {unknown}").format(
                what=what, unknown=unknown("schedule", docket.schedule, schedules)
            ),
        )
    for state in docket.eligible_in:
        if state not in checking.state_set:
            checking.add(
                docket.where.get(f"eligible_in:{state}"),
                _("{what}: eligible_in names an {unknown}").format(
                    what=what, unknown=unknown("state", state, checking.state_set)
                ),
            )
    selecting = [t for t in checking.spec.transitions if t.trigger == docket.select_trigger]
    if not selecting:
        checking.add(
            docket.where.get("select_trigger"),
            _("{what}: select_trigger names an {unknown}").format(
                what=what, unknown=unknown("trigger", docket.select_trigger, checking.triggers)
            ),
        )
    elif not any(set(t.sources) & set(docket.eligible_in) for t in selecting):
        checking.add(
            docket.where.get("select_trigger"),
            _(
                "{what}: trigger {select_trigger!r} never fires from "
                "{value}, so no eligible case could be selected"
            ).format(
                what=what, select_trigger=docket.select_trigger, value=", ".join(docket.eligible_in)
            ),
        )
    gaps = checking.gaps
    for key in ("session_field", "order_field"):
        name = getattr(docket, key)
        if name is None:
            continue
        field = checking.fields.get(name)
        if field is None:
            if name not in gaps.fields and "fields" not in gaps.sections:
                checking.add(
                    docket.where.get(key),
                    _("{what}: {key} names an {unknown}").format(
                        what=what, key=key, unknown=unknown("field", name, checking.fields)
                    ),
                )
        elif field.type not in DATE_TYPES:
            checking.add(
                docket.where.get(key),
                _("{what}: {key} {name!r} is of type {type}; it must be a date field").format(
                    what=what, key=key, name=name, type=field.type
                ),
            )
