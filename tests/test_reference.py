"""docs/workflow-reference.md and the loader describe the same vocabulary.

The reference gives each section a heading and a table whose first column
is a key in backticks. These tests read those tables and compare them with
the loader's constants in both directions, so a key added to the loader
without documentation, or documented without being accepted, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from caseflow import definition, loading, yamlsafe
from caseflow.definition import Field, Schedule, ScheduleOverride, State, WorkflowSpec
from caseflow.loading import guards

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "workflow-reference.md"

# Heading in the reference -> the set of names the loader allows there.
SECTIONS: dict[str, frozenset[str]] = {
    "Top level": loading.TOP_KEYS,
    "Labels": loading.LABEL_KEYS,
    "Roles": loading.ROLE_KEYS,
    "Fields": loading.FIELD_KEYS,
    "Field types": definition.FIELD_TYPES,
    "Guards": loading.GUARD_KEYS,
    "Condition operators": definition.CONDITION_OPERATORS | {"field"},
    "Periods between two dates": guards.WITHIN_KEYS,
    "Combining conditions": loading.LOGIC_KEYS,
    "States": loading.STATE_KEYS,
    "Nested and parallel states": loading.REGION_KEYS,
    "Transitions": loading.TRANSITION_KEYS,
    "Reserved triggers": definition.RESERVED_TRIGGERS,
    "Schedules": loading.SCHEDULE_KEYS,
    "Countings": definition.COUNTINGS,
    "Day-off policies": definition.DAY_OFF_POLICIES,
    "Weekdays": frozenset(definition.WEEKDAYS),
    "Schedule overrides": loading.OVERRIDE_KEYS,
    "Deadlines": loading.DEADLINE_KEYS,
    "Deadline anchors": loading.ANCHOR_KEYS,
    "Deadline variants": loading.VARIANT_KEYS,
    "Deadline extensions": loading.EXTENSION_KEYS,
    "Deadline effective ranges": loading.EFFECTIVE_KEYS,
    "Docket": loading.DOCKET_KEYS,
    "Docket priorities": loading.PRIORITY_KEYS,
    "Documents": loading.DOCUMENTS_KEYS,
    "Document kinds": loading.DOCUMENT_KIND_KEYS,
    "Document signers": loading.SIGNER_KEYS,
}

# Sections whose keys are attributes of a model class, for checking defaults.
# A YAML key maps to the attribute of the same name unless listed here.
MODELS: dict[str, tuple[type, dict[str, str]]] = {
    "Top level": (WorkflowSpec, {"caseflow": "format"}),
    "Fields": (Field, {}),
    "States": (State, {}),
    "Schedules": (Schedule, {}),
    "Schedule overrides": (ScheduleOverride, {}),
}

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
KEY_CELL = re.compile(r"^`([^`]+)`$")


def tables(text: str) -> dict[str, list[list[str]]]:
    """The first table under each heading, as rows of cells (header row dropped)."""
    found: dict[str, list[list[str]]] = {}
    heading = ""
    in_code = False
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if rows:
            # rows[0] is the header, rows[1] the |---| separator.
            found.setdefault(heading, rows[2:])
            rows = []
        match = HEADING.match(line)
        if match:
            heading = match.group(2)
    return found


@pytest.fixture(scope="module")
def reference() -> dict[str, list[list[str]]]:
    return tables(REFERENCE.read_text(encoding="utf-8"))


def documented_keys(rows: list[list[str]]) -> list[str]:
    keys = []
    for row in rows:
        match = KEY_CELL.match(row[0])
        assert match, f"first cell {row[0]!r} is not a single key in backticks"
        keys.append(match.group(1))
    return keys


def yaml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_section_documents_exactly_the_allowed_keys(
    reference: dict[str, list[list[str]]], section: str
) -> None:
    """Each reference table lists exactly the names the loader allows, once each."""
    assert section in reference, f"no table under a heading {section!r}"
    keys = documented_keys(reference[section])
    assert len(keys) == len(set(keys)), f"a key is listed twice under {section!r}"
    documented = set(keys)
    allowed = set(SECTIONS[section])
    assert documented - allowed == set(), "documented but not accepted by the loader"
    assert allowed - documented == set(), "accepted by the loader but not documented"


@pytest.mark.parametrize("section", sorted(MODELS))
def test_documented_defaults_match_the_model(
    reference: dict[str, list[list[str]]], section: str
) -> None:
    """Each key with a plain default documents that default, as YAML would write it."""
    cls, renamed = MODELS[section]
    attributes = {a.name: a for a in attrs.fields(cls)}
    rows = reference[section]
    for key, row in zip(documented_keys(rows), rows, strict=True):
        default_cell = row[2]  # columns: Key | Type | Default | Meaning
        attribute = attributes.get(renamed.get(key, key))
        if attribute is None or default_cell == "required":
            continue
        default = attribute.default
        if isinstance(default, (bool, int, str)):
            assert default_cell.strip("`").strip('"') == yaml_text(default), key
        else:
            assert default_cell in ("none", "required"), (key, default_cell)


def test_reference_states_the_name_rule() -> None:
    """The reference quotes the loader's name rule word for word."""
    assert loading.NAME_RULE in REFERENCE.read_text(encoding="utf-8")


def test_reference_states_the_yaml_limits() -> None:
    """The size, depth and expansion limits in the reference are the reader's."""
    text = REFERENCE.read_text(encoding="utf-8")
    assert f"{yamlsafe.MAX_BYTES:,} bytes" in text
    assert f"{yamlsafe.MAX_DEPTH} levels" in text
    assert f"{yamlsafe.MAX_NODES:,} values" in text


def test_reference_first_example_is_a_valid_workflow() -> None:
    """The "file at a glance" example in the reference loads without a problem."""
    text = REFERENCE.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert example is not None
    spec = loading.read_workflow(example.group(1), filename="workflow-reference.md")
    assert spec.name == "citizen_reception"


def test_every_key_table_belongs_to_a_known_section(
    reference: dict[str, list[list[str]]],
) -> None:
    """A table of keys under an unknown heading would escape these checks."""
    stray = [
        heading
        for heading, rows in reference.items()
        if heading not in SECTIONS and rows and all(KEY_CELL.match(row[0]) for row in rows)
    ]
    assert stray == []
