"""Refusals: why a trigger cannot fire, in words, as a ``TransitionNotAllowed``.

This module owns the message of a refused firing once the machine has
said no: an unknown trigger (with a suggestion), a final state, a trigger
not defined from the case's state (with the ones that are), or, for each
transition the trigger could take, the role, the guard or the extension
limit that failed. It is called only on the way to raising, never on a
firing that succeeds.

Deciding whether a firing is allowed is ``caseflow.engine.firing``'s (and
the machine's, compiled by ``caseflow.engine.compiling``); explaining a
failed condition in words is ``caseflow.conditions``'. A refusal names a
confidential field and its test, never its value: ``explain`` is told which
fields are confidential, and the finished reason is scrubbed of their
values in every rendering (``caseflow.text.scrub``) all the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from caseflow.case import Case
from caseflow.conditions import GuardContext, explain, failing_guard
from caseflow.engine.compiling import CompiledTransition, CompiledWorkflow
from caseflow.errors import TransitionNotAllowed, did_you_mean
from caseflow.i18n import _, current_language, labelled_name
from caseflow.text import scrub, texts

__all__ = ["no_such_step", "refusal"]


def _named(engine: CompiledWorkflow, name: str, kind: str) -> str:
    """``name`` (a state or trigger) carrying its label in the current language, if any."""
    lang = current_language()
    if lang == "en" or not isinstance(name, str):
        return name
    label = None
    if kind == "state":
        label = next((s.label for s in engine.spec.states if s.name == name), None)
    else:
        label = next(
            (t.label for t in engine.spec.transitions if t.trigger == name and t.label), None
        )
    return name if label is None else labelled_name(name, label.get(lang))


def no_such_step(engine: CompiledWorkflow, case: Case, trigger: str) -> TransitionNotAllowed:
    """The refusal of a trigger that has no transition from the case's state."""
    if trigger not in engine.triggers:
        reason = _(
            "unknown trigger {trigger!r}{hint}; workflow {workflow!r} has: {triggers}"
        ).format(
            trigger=trigger,
            hint=did_you_mean(str(trigger), engine.triggers),
            workflow=engine.spec.name,
            triggers=", ".join(engine.triggers),
        )
    elif case.state in engine.final_states:
        reason = _(
            "trigger {trigger!r} cannot fire: the case is in final state {state!r}, where it ends"
        ).format(
            trigger=_named(engine, trigger, "trigger"), state=_named(engine, case.state, "state")
        )
    else:
        here = ", ".join(engine.from_state.get(case.state, ())) or _("none")
        reason = _(
            "trigger {trigger!r} cannot fire from state {state!r}; from {state!r} the "
            "triggers are: {here}"
        ).format(
            trigger=_named(engine, trigger, "trigger"),
            state=_named(engine, case.state, "state"),
            here=here,
        )
    return TransitionNotAllowed(reason, case_id=case.id, state=case.state, trigger=trigger)


def refusal(
    engine: CompiledWorkflow,
    case: Case,
    trigger: str,
    ctx: GuardContext,
    group: tuple[CompiledTransition, ...],
) -> TransitionNotAllowed:
    """The refusal of ``trigger``, each of its transitions ``group`` saying what failed."""
    secret = frozenset(f.name for f in engine.spec.fields if f.confidential)
    whys: list[str] = []
    guard: str | None = None
    role_failed: str | None = None
    for c in group:
        role_ok = c.roles is None or ctx.role in c.roles
        if ctx.role is None and not engine.require_role:
            role_ok = True
        limit = engine.limit_reached(ctx) if c.spec.trigger in engine.limited else None
        if not role_ok:
            assert c.roles is not None
            allowed = ", ".join(sorted(c.roles))
            if ctx.role is None:
                why = _(
                    "it may be fired only by the roles {allowed}, and no role was given"
                ).format(allowed=allowed)
            else:
                why = _("role {role!r} may not fire it (allowed roles: {allowed})").format(
                    role=ctx.role, allowed=allowed
                )
            role_failed = ctx.role or ""
        elif c.check is None or c.check(ctx):
            why = limit or _("a condition failed")
            guard = guard or "extension limit"
        else:
            assert c.spec.when is not None
            why = explain(
                c.spec.when,
                ctx,
                engine.guard_specs,
                engine.registered,
                confidential=secret,
                spec=engine.spec,
            )
            failed = failing_guard(
                c.spec.when, ctx, engine.guard_specs, engine.registered, spec=engine.spec
            )
            guard = guard or failed or "when"
        whys.append(
            why if len(group) == 1 else _("to {dest!r}: {why}").format(dest=c.spec.dest, why=why)
        )
    reason = _("trigger {trigger!r} from state {state!r} refused: {whys}").format(
        trigger=_named(engine, trigger, "trigger"),
        state=_named(engine, case.state, "state"),
        whys="; ".join(whys),
    )
    # ``explain`` never quotes a confidential field; this catches what a
    # registered guard or a quoted text field could still carry.
    reason = scrub(reason, _secrets(ctx, secret), "[confidential]")
    return TransitionNotAllowed(
        reason,
        case_id=case.id,
        state=case.state,
        trigger=trigger,
        guard=guard,
        role=role_failed,
    )


def _secrets(ctx: GuardContext, names: frozenset[str]) -> Iterator[str]:
    """The texts held by the confidential fields of the case, before and after the step."""
    for data in (ctx.case.data, ctx.data):
        for name in names.intersection(data):
            for text in texts(data[name]):
                yield text.strip()
