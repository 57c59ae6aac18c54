"""The ``fields`` section: the case data a workflow declares, and its checks.

This module owns reading each field (its type, choices, confidentiality and
readers) and the checks that need the whole definition: a field's readers
are known roles, and only a confidential field names readers. Tests of a
field inside a condition are checked by ``guards``, which reads conditions.
"""

from __future__ import annotations

from typing import Any

from caseflow.definition import FIELD_TYPES, Field, Label
from caseflow.errors import did_you_mean
from caseflow.i18n import N_, _
from caseflow.loading.context import Checking, Reading, listing, shown, unknown
from caseflow.yamlsafe import Pos, YList, YMap, describe

__all__ = ["FIELD_KEYS", "check_fields", "read_field"]

FIELD_KEYS = frozenset(
    {"type", "required", "confidential", "readers", "choices", "label", "description"}
)


def read_field(reading: Reading, name: str, value: Any, key_pos: Pos, pos: Pos) -> Field | None:
    """One entry of ``fields``."""
    what = _("field {name!r}").format(name=name)
    m = reading.mapping(value, pos, what, allow_null=True)
    if m is None:
        return None
    reading.keys(m, what, FIELD_KEYS)
    ftype = reading.text(m, "type", what)
    if ftype is None:
        ftype = "text"
    elif ftype not in FIELD_TYPES:
        reading.problem(
            m.value_pos["type"],
            _("{what}: unknown type {ftype!r}{value}; allowed types: {value2}").format(
                what=what,
                ftype=ftype,
                value=did_you_mean(ftype, sorted(FIELD_TYPES)),
                value2=listing(FIELD_TYPES),
            ),
        )
    choices = None
    labels: tuple[tuple[Any, Label], ...] = ()
    if "choices" in m:
        raw = reading.get(
            m, "choices", what, (YList, YMap), N_("a list, or a mapping of each value to its label")
        )
        if isinstance(raw, YMap):
            raw, labels = _labelled_choices(reading, raw, what)
        if raw is not None:
            if ftype != "choice":
                reading.problem(
                    m.key_pos["choices"],
                    _("{what}: 'choices' needs 'type: choice'").format(what=what),
                )
            choices = _read_choices(reading, raw, m.value_pos["choices"], what)
            if choices is None:
                return None
    elif ftype == "choice":
        reading.problem(m.pos, _("{what}: 'type: choice' needs a 'choices' list").format(what=what))
    where: dict[str, Pos] = {"": key_pos} | dict(m.value_pos)
    readers = reading.names_list(m, "readers", what, where)
    return Field(
        name=name,
        type=ftype,
        required=reading.boolean(m, "required", what),
        confidential=reading.boolean(m, "confidential", what),
        readers=readers,
        choices=choices,
        choice_labels=labels,
        label=reading.label(m, "label", what),
        description=reading.text(m, "description", what),
        where=where,
    )


def _labelled_choices(
    reading: Reading, raw: YMap, what: str
) -> tuple[YList, tuple[tuple[Any, Label], ...]]:
    """``choices: {value: {vi: ..., en: ...}}``: the values (as a list) and their labels."""
    values = YList(raw.pos)
    labels: list[tuple[Any, Label]] = []
    for key in raw:
        values.append(key)
        values.item_pos.append(raw.key_pos[key])
        label = reading.label(raw, key, f"{what}: choice {key!r}")
        if label is not None:
            labels.append((key, label))
    return values, tuple(labels)


def _read_choices(reading: Reading, raw: YList, pos: Pos, what: str) -> tuple[Any, ...] | None:
    """The choices of a field; None (with the problems reported) if they cannot be used."""
    if not raw:
        reading.problem(
            pos,
            _("{what}: 'choices' is empty; list the values the field may take").format(what=what),
        )
        return None
    ok = True
    first: dict[tuple[type, Any], Pos] = {}
    for i, item in enumerate(raw):
        if not isinstance(item, (str, int, float)):
            reading.problem(
                raw.item_pos[i],
                _("{what}: a choice must be text, a number or true/false, not {value}").format(
                    what=what, value=describe(item)
                ),
            )
            ok = False
            continue
        # true is not 1 (as the engine compares them), so a kind is part of the key.
        key = (type(item), item)
        if key in first:
            line, column = first[key]
            reading.problem(
                raw.item_pos[i],
                _(
                    "{what}: duplicate choice {value}; it was first given at "
                    "line {line}, column {column}"
                ).format(what=what, value=shown(item), line=line, column=column),
            )
            ok = False
        else:
            first[key] = raw.item_pos[i]
    return tuple(raw) if ok else None


def check_fields(checking: Checking) -> None:
    """A field's readers: known roles, and only on a confidential field."""
    for f in checking.spec.fields:
        if f.readers and not f.confidential:
            checking.add(
                f.where.get("readers"),
                _(
                    "field {name!r} names readers but is not confidential; "
                    "'readers' lists the roles that may see a confidential field "
                    "(add 'confidential: true')"
                ).format(name=f.name),
            )
        for role in f.readers:
            if role not in checking.role_set and "roles" not in checking.gaps.sections:
                checking.add(
                    f.where.get(f"readers:{role}"),
                    _("field {name!r}: readers name an {unknown}").format(
                        name=f.name, unknown=unknown("role", role, checking.role_set)
                    ),
                )
