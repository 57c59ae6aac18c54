"""`caseflow schema`: the JSON Schema editors use, built from the loader's vocabulary.

The schema must accept every file the loader accepts (the shipped workflows
and calendars, every example in the reference) and flag what the loader
refuses at the level of keys (an unknown key); its key descriptions are the
reference's, kept in step by the test below.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from caseflow import calendars, loading
from caseflow.cli import main
from caseflow.errors import DefinitionError, InputError
from caseflow.loading.schema import json_schema
from caseflow.loading.schema_text import DESCRIPTIONS
from caseflow.validation import file_kind
from caseflow.yamlsafe import YList, YMap, load_yaml
from tests.test_reference import REFERENCE, SECTIONS, documented_keys, tables

ROOT = Path(__file__).parent.parent
SHIPPED = ROOT / "src" / "caseflow" / "workflows"
TEXT_MODULE = ROOT / "src" / "caseflow" / "loading" / "schema_text.py"
# Sections whose table describes the keys of a mapping (not values of an enumeration).
KEY_SECTIONS = [
    name
    for name in SECTIONS
    if name not in ("Field types", "Reserved triggers", "Countings", "Day-off policies", "Weekdays")
]


def plain(value: Any) -> Any:
    """caseflow's reading of YAML as JSON data: mappings, lists, text, numbers."""
    if isinstance(value, YMap):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, YList):
        return [plain(item) for item in value]
    return value


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(kind)  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(kind: str, data: Any) -> list[str]:
    return [e.message for e in validator(kind).iter_errors(plain(data))]


def reference_descriptions() -> dict[str, dict[str, str]]:
    """Each key table's Meaning column, links reduced to their text."""
    found = tables(REFERENCE.read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for section in KEY_SECTIONS:
        rows = found[section]
        # The meaning is the last column; a '|' inside it (`after|before`) split it.
        first = 2 if section in ("Condition operators", "Combining conditions") else 3
        out[section] = {
            key: re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", "|".join(row[first:]))
            for key, row in zip(documented_keys(rows), rows, strict=True)
        }
    return out


def python_text(text: str, indent: str) -> str:
    """``text`` as a Python literal in pieces of at most ~70 characters, split at spaces."""
    pieces: list[str] = []
    for word in text.split(" "):
        if pieces and len(pieces[-1]) + len(word) < 70:
            pieces[-1] += " " + word
        else:
            pieces.append(word if not pieces else " " + word)
    if len(pieces) == 1:
        return json.dumps(text, ensure_ascii=False)
    inner = "".join(f"\n{indent}    {json.dumps(p, ensure_ascii=False)}" for p in pieces)
    return f"({inner}\n{indent})"


def python_source(descriptions: dict[str, dict[str, str]]) -> str:
    lines = ["DESCRIPTIONS: dict[str, dict[str, str]] = {"]
    for section, keys in descriptions.items():
        lines.append(f"    {json.dumps(section)}: {{")
        for key, text in keys.items():
            lines.append(f"        {json.dumps(key)}: {python_text(text, '        ')},")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def test_the_descriptions_are_the_reference_s() -> None:
    """schema_text.py holds the reference's descriptions (CASEFLOW_WRITE_SCHEMA_TEXT=1 rewrites it)."""
    wanted = reference_descriptions()
    if os.environ.get("CASEFLOW_WRITE_SCHEMA_TEXT") == "1":
        head = TEXT_MODULE.read_text(encoding="utf-8").split("DESCRIPTIONS:")[0]
        TEXT_MODULE.write_text(head + python_source(wanted), encoding="utf-8")
        pytest.skip("schema_text.py rewritten; run ruff format on it")
    assert wanted == DESCRIPTIONS


@pytest.mark.parametrize("kind", ["workflow", "calendar"])
def test_the_schema_is_a_valid_draft_2020_12_schema(kind: str) -> None:
    """The schema itself passes the draft 2020-12 meta-schema."""
    schema = json_schema(kind)  # type: ignore[arg-type]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


SHIPPED_FILES = sorted(SHIPPED.rglob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: p.name)
def test_every_shipped_file_is_valid(path: Path) -> None:
    """Each shipped workflow and calendar is valid under the schema of its kind."""
    data = load_yaml(path.read_bytes())
    assert errors(file_kind(data), data) == []


README = ROOT / "README.md"


def examples() -> list[tuple[str, str]]:
    """Every YAML example of the reference and the README, with where it is from."""
    found = []
    for doc in (REFERENCE, README):
        text = doc.read_text(encoding="utf-8")
        found += [(doc.name, block) for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]
    return found


def test_the_documents_have_examples() -> None:
    """The examples below are really found (a changed fence would skip them all)."""
    assert len([doc for doc, _ in examples() if doc == REFERENCE.name]) >= 10
    assert len([doc for doc, _ in examples() if doc == README.name]) >= 3


def check_at(definition: str, value: Any) -> list[str]:
    """The schema's errors for ``value`` checked as the ``definition`` under $defs."""
    schema = {"$ref": f"#/$defs/{definition}", "$defs": json_schema("workflow")["$defs"]}
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(plain(value))]


# A fragment's key that is not a top-level key: the definition it is written for.
FRAGMENT_PLACES = {"when": "condition"}


@pytest.mark.parametrize("index", range(len(examples())))
def test_every_documented_example_is_valid(index: int) -> None:
    """Each YAML example of the reference and README passes the schema where it belongs."""
    _, text = examples()[index]
    example = load_yaml(text)
    assert isinstance(example, YMap)
    if file_kind(example) == "calendar" or "caseflow" in example:
        assert errors(file_kind(example), example) == []
        return
    # A fragment: each key is a top-level section, a list of overrides, or
    # the value of a key (`when:`) at the place the reference speaks of.
    sections = json_schema("workflow")["properties"]
    for key, value in example.items():
        if key in sections:
            piece = {"caseflow": 1, "name": "x", "states": {"a": {}}, key: plain(value)}
            assert errors("workflow", piece) == [], key
        elif key == "overrides":
            for item in value:
                assert check_at("override", item) == []
        else:
            assert check_at(FRAGMENT_PLACES[key], value) == [], key


def test_an_unknown_key_in_a_shipped_workflow_is_flagged() -> None:
    """A misspelt key in a state of the reception workflow fails the schema, as the loader does."""
    data = plain(load_yaml((SHIPPED / "citizen_reception.yaml").read_bytes()))
    state = next(iter(data["states"]))
    data["states"][state]["intial"] = True
    found = list(validator("workflow").iter_errors(data))
    assert found
    assert any("intial" in e.message for e in found)


def test_an_unknown_top_key_in_a_calendar_is_flagged() -> None:
    """A calendar with a key the calendar reader does not know fails its schema."""
    data = plain(load_yaml((SHIPPED / "calendars" / "vn.yaml").read_bytes()))
    data["holidays"] = []
    assert any("holidays" in message for message in errors("calendar", data))


def test_every_key_the_loader_allows_is_in_the_schema() -> None:
    """The schema's mappings allow exactly the loader's key sets, so new keys appear there."""
    schema = json_schema("workflow")
    defs = schema["$defs"]
    assert set(schema["properties"]) == loading.TOP_KEYS
    for name, keys in {
        "state": loading.STATE_KEYS,
        "transition": loading.TRANSITION_KEYS,
        "field": loading.FIELD_KEYS,
        "role": loading.ROLE_KEYS,
        "schedule": loading.SCHEDULE_KEYS,
        "override": loading.OVERRIDE_KEYS,
        "deadline": loading.DEADLINE_KEYS,
        "anchor": loading.ANCHOR_KEYS,
        "variant": loading.VARIANT_KEYS,
        "extension": loading.EXTENSION_KEYS,
        "effective": loading.EFFECTIVE_KEYS,
        "docket": loading.DOCKET_KEYS,
        "priority": loading.PRIORITY_KEYS,
        "within": loading.guards.WITHIN_KEYS,
    }.items():
        assert set(defs[name]["properties"]) == keys, name
    calendar = json_schema("calendar")
    assert set(calendar["properties"]) == calendars.TOP_KEYS
    for section, keys in calendars.ENTRY_KEYS.items():
        assert set(calendar["$defs"][section]["properties"]) == keys


def test_keys_carry_the_reference_s_descriptions() -> None:
    """A key's hover text in an editor is the reference's 'Meaning' cell."""
    defs = json_schema("workflow")["$defs"]
    assert defs["state"]["properties"]["final"]["description"] == DESCRIPTIONS["States"]["final"]
    assert "no transition may leave it" in defs["state"]["properties"]["final"]["description"]


def test_an_unknown_kind_is_refused() -> None:
    """json_schema('holiday') names the kinds there are."""
    with pytest.raises(InputError, match="kind must be one of workflow, calendar"):
        json_schema("holiday")  # type: ignore[arg-type]


def test_the_command_prints_the_schema_as_json(tmp_path: Path) -> None:
    """`caseflow schema` prints the workflow schema; --kind calendar the calendar one."""
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema("workflow")
    result = CliRunner().invoke(main, ["schema", "--kind", "calendar"])
    assert json.loads(result.stdout) == json_schema("calendar")
    assert CliRunner().invoke(main, ["schema", "--kind", "x"]).exit_code == 2


def test_what_the_loader_refuses_for_a_key_the_schema_refuses_too(tmp_path: Path) -> None:
    """For a handful of wrong files, both the loader and the schema say no."""
    wrong = [
        "caseflow: 1\nname: x\nstates: {a: {initial: true, final: true, colour: red}}\n",
        "caseflow: 2\nname: x\nstates: {a: {}}\n",
        "caseflow: 1\nname: Bad\nstates: {a: {}}\n",
        "caseflow: 1\nname: x\nstates: {a: {}}\ntransitions: [{trigger: start, from: a, to: a}]\n",
    ]
    for text in wrong:
        with pytest.raises(DefinitionError):
            loading.read_workflow(text)
        assert errors("workflow", load_yaml(text)), text


def test_editors_on_draft_7_read_the_schema_alike() -> None:
    """Only keywords draft 7 knows are used, so VS Code's YAML extension (draft 7) checks the same."""
    schema = json_schema("workflow")
    jsonschema.Draft7Validator.check_schema(schema)
    draft7 = jsonschema.Draft7Validator(schema)
    for path in SHIPPED_FILES:
        data = load_yaml(path.read_bytes())
        if file_kind(data) == "workflow":
            assert list(draft7.iter_errors(plain(data))) == [], path.name
    data = plain(load_yaml((SHIPPED / "citizen_reception.yaml").read_bytes()))
    data["states"]["received"]["intial"] = True
    assert any("intial" in e.message for e in draft7.iter_errors(data))
