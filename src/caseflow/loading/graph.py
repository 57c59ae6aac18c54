"""Graph checks on the states and transitions: the mistakes a parser cannot see.

This module owns the checks of the state machine as a whole: the initial
state, the states a transition names, states that cannot be reached,
non-final states with no way out, final states with a way out, and triggers
that no guard separates. They report to a ``Checking`` and never raise;
``reader`` runs them with every section's own checks and raises once.
Reading states and transitions is ``states``' job; checking the conditions
they carry is ``guards``'.

A definition with parse problems is checked too, so that one run reports
everything; what could not be read comes as ``Gaps``, and the checks skip
what those gaps make unknowable (a transition dropped for a missing 'from'
does not make its source a dead end).
"""

from __future__ import annotations

from collections import defaultdict

from caseflow.errors import did_you_mean
from caseflow.i18n import _
from caseflow.loading.context import Checking, known_list, none_known, reaches

__all__ = ["check_initial", "check_paths", "check_repeated_triggers", "check_transition_names"]


def check_initial(checking: Checking) -> None:
    """Exactly one initial state, and it is not final."""
    spec = checking.spec
    initials = [s for s in spec.states if s.initial]
    if not initials and not checking.gaps.initial:
        checking.add(
            spec.where.get("states"),
            _(
                "no initial state; mark exactly one state with 'initial: true' (states: {value})"
            ).format(value=known_list(checking.states)),
        )
    for extra in initials[1:]:
        checking.add(
            extra.where.get("initial"),
            _(
                "state {name!r} is also marked initial; only one state may "
                "be (the first is {name2!r})"
            ).format(name=extra.name, name2=initials[0].name),
        )
    for s in spec.states:
        if s.initial and s.final:
            checking.add(
                s.where.get("final"),
                _("state {name!r} is both initial and final").format(name=s.name),
            )


def check_transition_names(checking: Checking) -> None:
    """The states and roles a transition names are declared."""
    states = checking.states
    roles = checking.roles
    for t in checking.spec.transitions:
        what = _("transition {name!r}").format(name=t.trigger)
        for src in t.sources:
            if src not in checking.state_set:
                checking.add(
                    t.where.get(f"from:{src}"),
                    _(
                        "{what} comes from unknown state {src!r}{value}; known states: {value2}"
                    ).format(
                        what=what,
                        src=src,
                        value=did_you_mean(src, states),
                        value2=known_list(states),
                    ),
                )
        if t.dest not in checking.state_set:
            checking.add(
                t.where.get("to"),
                _("{what} goes to unknown state {dest!r}{value}; known states: {value2}").format(
                    what=what,
                    dest=t.dest,
                    value=did_you_mean(t.dest, states),
                    value2=known_list(states),
                ),
            )
        for role in t.roles:
            if role not in checking.role_set and "roles" not in checking.gaps.sections:
                allowed = known_list(roles) if roles else none_known("roles", checking.gaps.roles)
                checking.add(
                    t.where.get(f"roles:{role}"),
                    _("{what} names unknown role {role!r}{value}; known roles: {allowed}").format(
                        what=what, role=role, value=did_you_mean(role, roles), allowed=allowed
                    ),
                )


def check_paths(checking: Checking) -> None:
    """Every state is reachable; a final state has no way out, any other one has.

    With a transition or a flag unread, reachability and dead ends are unknown.
    """
    spec = checking.spec
    gaps = checking.gaps
    outgoing = checking.outgoing
    initials = [s for s in spec.states if s.initial]
    if initials and not gaps.initial and not gaps.graph:
        seen = reaches(outgoing, [initials[0].name])
        for s in spec.states:
            if s.name not in seen:
                checking.add(
                    s.where.get(""),
                    _(
                        "state {name!r} cannot be reached from the initial state "
                        "{name2!r}; add a transition to it or remove it"
                    ).format(name=s.name, name2=initials[0].name),
                )
    for s in spec.states:
        if s.final and outgoing.get(s.name):
            triggers = sorted({t.trigger for t in spec.transitions if s.name in t.sources})
            checking.add(
                s.where.get(""),
                _(
                    "final state {name!r} has outgoing transitions ({value}); a "
                    "final state ends the case: remove 'final: true' or the "
                    "transitions"
                ).format(name=s.name, value=", ".join(triggers)),
            )
        if not s.final and not outgoing.get(s.name) and not gaps.graph:
            checking.add(
                s.where.get(""),
                _(
                    "state {name!r} has no way out and is not final; add a "
                    "transition from it or mark it 'final: true'"
                ).format(name=s.name),
            )


def check_repeated_triggers(checking: Checking) -> None:
    """Same trigger from the same state: every one but the last needs a guard, all different."""
    transitions = checking.spec.transitions
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, t in enumerate(transitions):
        for src in t.sources:
            groups[(src, t.trigger)].append(i)
    for (src, trigger), indices in groups.items():
        if len(indices) < 2:
            continue
        for pos_in_group, i in enumerate(indices[:-1]):
            t = transitions[i]
            if t.when is None:
                later = transitions[indices[pos_in_group + 1]]
                checking.add(
                    t.where.get(""),
                    _(
                        "trigger {trigger!r} from state {src!r} is defined more than "
                        "once and this one has no 'when' guard, so the later one (to "
                        "{dest!r}) can never fire; guard this one, or put the "
                        "unguarded one last"
                    ).format(trigger=trigger, src=src, dest=later.dest),
                )
        whens = [transitions[i].when for i in indices if transitions[i].when]
        for j, w in enumerate(whens):
            if w in whens[:j]:
                i = [k for k in indices if transitions[k].when == w][1]
                checking.add(
                    transitions[i].where.get(""),
                    _(
                        "trigger {trigger!r} from state {src!r} has two transitions "
                        "with the same 'when' guard; nothing separates them"
                    ).format(trigger=trigger, src=src),
                )
                break
