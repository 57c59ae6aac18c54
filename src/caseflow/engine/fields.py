"""Case data: values checked against the fields a workflow declares.

This module owns what a case may hold in ``data``: each value is checked
against its declared field type and normalised to plain JSON-like values
(dates and times become ISO 8601 text, and text is kept in NFC, so that a
name typed decomposed is the same value), the fields required at start are
enforced, and a confidential field's value never appears in a message.
Without declared fields any plain data is accepted as given.

The field declarations are read by ``caseflow.loading``; when data is
checked (at start, on a firing, on an update) is
``caseflow.engine.firing``'s decision; conditions that read the data are
``caseflow.conditions``'.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from collections.abc import Mapping
from typing import Any

from caseflow.definition import Field, WorkflowSpec
from caseflow.errors import InputError, did_you_mean
from caseflow.i18n import _
from caseflow.text import nfc
from caseflow.times import local_day, to_datetime

__all__ = ["FieldChecker"]

_TYPE_WORDS = {
    "text": "text",
    "int": "a whole number",
    "number": "a number",
    "bool": "true or false",
    "list": "a list",
    "mapping": "a mapping",
}


class FieldChecker:
    """Checks case data against one workflow's declared fields."""

    def __init__(self, spec: WorkflowSpec, zone: dt.tzinfo) -> None:
        self.spec = spec
        self.zone = zone
        self.fields: dict[str, Field] = {f.name: f for f in spec.fields}
        self.choices: dict[str, tuple[Any, ...]] = {
            f.name: tuple(nfc(c) if isinstance(c, str) else c for c in f.choices or ())
            for f in spec.fields
        }

    def check(self, data: Mapping[str, Any], *, starting: bool = False) -> dict[str, Any]:
        """Validate case data against the declared fields; return it normalised.

        Dates and times become ISO 8601 text so that data stays plain JSON.
        Without declared fields, any JSON-like data is accepted as given.
        """
        if not isinstance(data, Mapping):
            raise InputError(
                _(
                    "case data must be a mapping of field names to values, not {kind} {value}"
                ).format(kind=type(data).__name__, value=reprlib.repr(data))
            )
        fields = self.fields
        out: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(key, str):
                key = nfc(key)
            if not fields:
                out[key] = _plain(value, key)
                continue
            field = fields.get(key)
            if field is None:
                names = sorted(fields)
                raise InputError(
                    _(
                        "unknown field {key!r} for workflow {name!r}{value}; known fields: {value2}"
                    ).format(
                        key=key,
                        name=self.spec.name,
                        value=did_you_mean(str(key), names),
                        value2=", ".join(names),
                    )
                )
            out[key] = self._coerce(field, value)
        if starting:
            missing = [f.name for f in self.spec.fields if f.required and out.get(f.name) is None]
            if missing:
                raise InputError(
                    _("workflow {name!r} needs these fields when a case starts: {value}").format(
                        name=self.spec.name, value=", ".join(missing)
                    )
                )
        return out

    def _coerce(self, field: Field, value: Any) -> Any:
        if not field.confidential:
            return self._coerce_value(field, value)
        try:
            return self._coerce_value(field, value)
        except InputError:
            # The value of a confidential field never appears in a message.
            raise InputError(
                _(
                    "field {name!r} (confidential) does not hold a valid {type} "
                    "value; the value is not shown"
                ).format(name=field.name, type=field.type)
            ) from None

    def _coerce_value(self, field: Field, value: Any) -> Any:
        if isinstance(value, str):
            value = nfc(value)
        if value is None:
            if field.required:
                raise InputError(
                    _("field {name!r} is required and cannot be null").format(name=field.name)
                )
            return None
        kind = field.type
        ok: bool
        if kind == "text":
            ok = isinstance(value, str)
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "number":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif kind == "bool":
            ok = isinstance(value, bool)
        elif kind == "date":
            return local_day(value, self.zone, what=f"field {field.name!r}").isoformat()
        elif kind == "datetime":
            return to_datetime(value, self.zone, what=f"field {field.name!r}").isoformat()
        elif kind == "choice":
            # Both in NFC: a choice typed decomposed in the YAML is the same word.
            choices = self.choices[field.name]
            if not any(type(value) is type(c) and value == c for c in choices):
                shown = [str(c) for c in choices]
                raise InputError(
                    _("field {name!r} is {value!r}{value2}; allowed: {value3}").format(
                        name=field.name,
                        value=value,
                        value2=did_you_mean(str(value), shown),
                        value3=", ".join(shown),
                    )
                )
            return value
        elif kind == "list":
            ok = isinstance(value, (list, tuple))
            if ok:
                return [_plain(v, field.name, 2) for v in value]
        else:  # mapping
            ok = isinstance(value, Mapping)
            if ok:
                return {nfc(str(k)): _plain(v, field.name, 2) for k, v in value.items()}
        if not ok:
            raise InputError(
                _("field {name!r} must be {type_words}, not {kind} {value}").format(
                    name=field.name,
                    type_words=_TYPE_WORDS[kind],
                    kind=type(value).__name__,
                    value=reprlib.repr(value),
                )
            )
        return value


MAX_DATA_DEPTH = 64
"""How deep lists and mappings may nest in a case's data (as in a definition file)."""


def _plain(value: Any, name: str, depth: int = 1) -> Any:
    """Data kept with a case must be plain JSON-like values, nested at most ``MAX_DATA_DEPTH``."""
    if isinstance(value, str):
        return nfc(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, Mapping)) and depth > MAX_DATA_DEPTH:
        raise InputError(
            _(
                "field {name!r} nests lists or mappings deeper than "
                "{max_data_depth} levels; case data must be flatter"
            ).format(name=name, max_data_depth=MAX_DATA_DEPTH)
        )
    if isinstance(value, (list, tuple)):
        return [_plain(v, name, depth + 1) for v in value]
    if isinstance(value, Mapping):
        return {nfc(str(k)): _plain(v, name, depth + 1) for k, v in value.items()}
    raise InputError(
        _(
            "field {name!r} holds a {kind}; case data must be text, "
            "numbers, true/false, dates, lists or mappings"
        ).format(name=name, kind=type(value).__name__)
    )
