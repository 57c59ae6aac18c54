"""Golden tests: the exact text of every message a definition file can get.

Each test reads a small workflow and pins the full ``FILE:LINE:COL: message``
of every problem reported, so a change of wording or of position is a
deliberate, reviewed change. Messages say what is wrong, which value, where,
and what is allowed; one mistake gets one message, not also its echoes.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from caseflow.errors import DefinitionError
from caseflow.loading import read_workflow
from caseflow.yamlsafe import MAX_BYTES

NAME_RULE = (
    "names are lower-case ASCII letters, digits and '_', starting with a letter, at most 64 long"
)
TOP_KEYS = "calendar, caseflow, deadlines, description, docket, documents, fields, guards, name, roles, schedules, source, states, timezone, title, transitions, version"
OPERATORS = (
    "at_least, at_most, equals, greater_than, in, less_than, not_equals, not_in, present, within"
)


def problems(source: str | bytes | Path, filename: str | None = "w.yaml") -> list[str]:
    """Every problem reported for ``source``, as ``FILE:LINE:COL: message``; [] if it loads."""
    try:
        read_workflow(source, filename=filename)
    except DefinitionError as err:
        return [str(p) for p in err.problems]
    return []


# A valid workflow that the tests below break in one place each.
VALID = """\
caseflow: 1
name: tiep_dan
states:
  received: {initial: true}
  screened: {}
  closed: {final: true}
transitions:
  - {trigger: screen, from: received, to: screened}
  - {trigger: close, from: screened, to: closed}
"""


def test_the_valid_base_workflow_loads() -> None:
    """The workflow the golden tests break is itself valid."""
    assert read_workflow(VALID).name == "tiep_dan"


# --- the YAML reader ---------------------------------------------------------


def test_empty_file() -> None:
    """An empty file says what a workflow starts with."""
    assert problems(b"") == [
        "w.yaml:1:1: the file is empty; a workflow starts with 'caseflow: 1' and has 'name', 'states' and 'transitions'"
    ]


def test_file_of_only_comments_is_empty() -> None:
    """A file with only comments and blank lines is reported as empty."""
    assert problems("# nothing yet\n\n# still nothing\n") == [
        "w.yaml:1:1: the file is empty; a workflow starts with 'caseflow: 1' and has 'name', 'states' and 'transitions'"
    ]


def test_tab_indentation() -> None:
    """A tab used for indentation is reported where the tab stands."""
    text = "caseflow: 1\nname: x\nstates:\n  \treceived: {initial: true}\n"
    assert problems(text) == [
        "w.yaml:4:3: a tab is used for indentation; YAML allows only spaces there"
    ]


def test_control_character() -> None:
    """A control character is named by its code point and its place."""
    assert problems("caseflow: 1\nname: ti\x01ep\n") == [
        "w.yaml:2:9: control character U+0001 is not allowed in a definition file; is this a binary file?"
    ]


def test_not_utf8_names_byte_and_offset() -> None:
    """A Latin-1 byte is reported with its value, its byte offset and its line and column."""
    data = "caseflow: 1\nname: x\ntitle: Réception\n".encode("latin-1")
    # 12 bytes + 8 bytes of the first two lines, then "title: R" (8 bytes).
    assert problems(data) == [
        "w.yaml:3:9: the file is not UTF-8: byte 0xe9 at offset 28 cannot be decoded; save the file as UTF-8"
    ]


def test_binary_junk() -> None:
    """A binary file is refused at its first byte, not parsed."""
    assert problems(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == [
        "w.yaml:1:1: the file is not UTF-8: byte 0x89 at offset 0 cannot be decoded; save the file as UTF-8"
    ]


def test_python_tag() -> None:
    """A python tag is refused and named in full."""
    text = "caseflow: 1\nname: !!python/object/apply:os.system ['true']\n"
    assert problems(text) == [
        "w.yaml:2:7: YAML tags are not allowed (found 'tag:yaml.org,2002:python/object/apply:os.system'); a definition is plain data: write the value without a tag"
    ]


def test_custom_tag() -> None:
    """A local tag such as !include is refused like any other."""
    assert problems("caseflow: 1\ndescription: !include notes.md\n") == [
        "w.yaml:2:14: YAML tags are not allowed (found '!include'); a definition is plain data: write the value without a tag"
    ]


def test_duplicate_key() -> None:
    """A duplicate key names where the first one was given."""
    text = VALID.replace("  screened: {}\n", "  screened: {}\n  received: {}\n")
    assert problems(text) == [
        "w.yaml:6:3: duplicate key 'received'; it was first given at line 4, column 3"
    ]


def test_duplicate_key_in_flow_mapping() -> None:
    """A duplicate key inside a flow mapping is reported at its own column."""
    text = VALID.replace("{initial: true}", "{initial: true, initial: false}")
    assert problems(text) == [
        "w.yaml:4:29: duplicate key 'initial'; it was first given at line 4, column 14"
    ]


def test_merge_key() -> None:
    """A merge key is refused with a way out."""
    text = VALID.replace("screened: {}", "screened: {<<: {final: false}}")
    assert problems(text) == [
        "w.yaml:5:14: merge keys ('<<') are not supported; write the entries out"
    ]


def test_boolean_key() -> None:
    """A key YAML reads as a boolean must be quoted."""
    text = VALID.replace("screened: {}", "true: {}")
    assert problems(text) == [
        "w.yaml:5:3: a mapping key must be text; 'true' is not (quote it if it is meant as text)"
    ]


def test_null_key() -> None:
    """A key YAML reads as null must be quoted."""
    text = VALID.replace("screened: {}", "~: {}")
    assert problems(text) == [
        "w.yaml:5:3: a mapping key must be text; 'null' is not (quote it if it is meant as text)"
    ]


def test_complex_key() -> None:
    """A list used as a key is refused."""
    text = "caseflow: 1\n? [a, b]\n: 1\n"
    assert problems(text) == [
        "w.yaml:2:3: a mapping key must be a plain value, not a mapping or a list"
    ]


def test_alias_bomb() -> None:
    """An alias bomb is stopped by counting aliases at their full size."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    assert problems("\n".join(lines) + "\n") == [
        "w.yaml:6:8: the document expands to more than 200,000 values (aliases are counted at their full size); split it or drop the aliases"
    ]


def test_recursive_alias() -> None:
    """An alias inside the collection it names is refused."""
    assert problems("caseflow: 1\ndescription: &loop [a, *loop]\n") == [
        "w.yaml:2:24: alias *loop refers to a collection that contains it"
    ]


def test_unknown_alias() -> None:
    """An alias with no anchor is refused by name."""
    assert problems("caseflow: 1\ndescription: *notes\n") == [
        "w.yaml:2:14: alias *notes refers to no anchor"
    ]


def test_depth_limit() -> None:
    """Nesting deeper than 64 levels is refused where level 65 opens."""
    # The top mapping is level 1, so the 64th '[' opens level 65.
    assert problems("caseflow: 1\nx: " + "[" * 70 + "]" * 70 + "\n") == [
        "w.yaml:2:67: the document nests deeper than 64 levels"
    ]


def test_size_limit() -> None:
    """A file over the size limit is refused before it is parsed, with both sizes."""
    data = b"caseflow: 1\n" + b"#" * MAX_BYTES
    assert problems(data) == [
        "w.yaml:1:1: the file is 2,097,164 bytes; the limit is 2,097,152 bytes"
    ]


def test_multiple_documents() -> None:
    """A second YAML document is refused where it starts."""
    assert problems(VALID + "---\n" + VALID) == [
        "w.yaml:10:1: a definition file holds one YAML document; a second one starts here"
    ]


def test_yaml_syntax_error() -> None:
    """A syntax error names what the parser was doing and where it stopped."""
    text = VALID.replace("received: {initial: true}", "received: {initial: true")
    assert problems(text) == [
        "w.yaml:5:11: YAML syntax error: while parsing a flow mapping: did not find expected ',' or '}'"
    ]


# --- the loader: shapes, keys, types, names --------------------------------------


def test_top_level_not_a_mapping() -> None:
    """A file that is a list is refused as a whole."""
    assert problems("- caseflow: 1\n- name: x\n") == [
        "w.yaml:1:1: a workflow file must be a mapping of keys to values, not a list"
    ]


def test_unknown_key_suggests_and_lists_allowed_keys() -> None:
    """An unknown key names a near miss and lists every allowed key."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\ndescripton: Tiếp công dân\n")
    assert problems(text) == [
        f"w.yaml:3:1: unknown key 'descripton' in the workflow (did you mean 'description'?); allowed keys: {TOP_KEYS}"
    ]


def test_unknown_key_without_near_miss() -> None:
    """An unknown key with no near miss lists the allowed keys only."""
    text = VALID.replace("screened: {}", "screened: {colour: red}")
    assert problems(text) == [
        "w.yaml:5:14: unknown key 'colour' in state 'screened'; allowed keys: description, done, final, initial, label, parallel, source, states"
    ]


def test_missing_required_key() -> None:
    """A missing required key is reported at the mapping that lacks it."""
    assert problems(VALID.replace("name: tiep_dan\n", "")) == [
        "w.yaml:1:1: the workflow is missing the required key 'name'"
    ]


def test_wrong_type_names_what_was_found() -> None:
    """A value of the wrong type names the expected type and the value found."""
    text = VALID.replace("{initial: true}", "{initial: true, description: [a]}")
    assert problems(text) == [
        "w.yaml:4:42: state 'received': 'description' must be text, not a list"
    ]


def test_yes_is_not_a_boolean() -> None:
    """'yes' where true or false is expected is reported as the text it is."""
    text = VALID.replace(
        "name: tiep_dan\n", "name: tiep_dan\nfields:\n  summary: {required: yes}\n"
    )
    assert problems(text) == [
        "w.yaml:4:23: field 'summary': 'required' must be true or false, not the text 'yes'"
    ]


def test_bad_workflow_name() -> None:
    """A workflow name outside the name rule is quoted and the rule stated."""
    assert problems(VALID.replace("tiep_dan", "Tiếp dân")) == [
        f"w.yaml:2:7: the workflow name 'Tiếp dân' is not a valid name; {NAME_RULE}"
    ]


def test_bad_state_name() -> None:
    """A state name outside the name rule is reported at the name."""
    text = VALID.replace("  screened: {}\n", "  screened: {}\n  đã_đóng: {final: true}\n")
    assert problems(text) == [f"w.yaml:6:3: state 'đã_đóng' is not a valid name; {NAME_RULE}"]


def test_bad_format_version() -> None:
    """An unknown format version says which one this caseflow reads."""
    assert problems(VALID.replace("caseflow: 1", "caseflow: 2")) == [
        "w.yaml:1:11: unsupported format version 2; this caseflow reads 'caseflow: 1'"
    ]


def test_bad_timezone() -> None:
    """An unknown time zone suggests an IANA name."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\ntimezone: Asia/Hanoi\n")
    assert problems(text) == [
        "w.yaml:3:11: unknown time zone 'Asia/Hanoi'; use an IANA name such as 'Asia/Ho_Chi_Minh'"
    ]


def test_states_empty() -> None:
    """An empty 'states' mapping is refused."""
    assert problems("caseflow: 1\nname: x\nstates: {}\n") == [
        "w.yaml:3:9: 'states' is empty; a workflow needs states"
    ]


def test_states_not_a_mapping() -> None:
    """'states' written as a list is refused at the list."""
    assert problems("caseflow: 1\nname: x\nstates:\n  - received\n") == [
        "w.yaml:4:3: 'states' must be a mapping of keys to values, not a list"
    ]


def test_transitions_not_a_list() -> None:
    """'transitions' written as a mapping is refused at the mapping."""
    text = "caseflow: 1\nname: x\ntransitions: {close: x}\nstates:\n  a: {initial: true, final: true}\n"
    assert problems(text) == [
        "w.yaml:3:14: 'transitions' must be a list of transitions, not a mapping",
        "w.yaml:5:22: state 'a' is both initial and final",
    ]


def test_transition_not_a_mapping() -> None:
    """A transition written as a word is refused with its number."""
    text = VALID + "  - reopen\n"
    assert problems(text) == [
        "w.yaml:10:5: transition #3 must be a mapping of keys to values, not the text 'reopen'"
    ]


def test_transition_missing_key() -> None:
    """A transition missing 'to' is named by number and trigger."""
    text = VALID + "  - {trigger: reject, from: received}\n"
    assert problems(text) == [
        "w.yaml:10:5: transition #3 ('reject') is missing the required key 'to'"
    ]


def test_reserved_trigger() -> None:
    """A reserved trigger name lists every reserved name."""
    text = VALID + "  - {trigger: start, from: received, to: closed}\n"
    assert problems(text) == [
        "w.yaml:10:15: transition #3 ('start'): trigger name 'start' is reserved (caseflow records migrate, reveal, start, update itself); choose another name"
    ]


def test_bad_trigger_name() -> None:
    """A trigger name outside the name rule is quoted."""
    text = VALID + "  - {trigger: Reject, from: received, to: closed}\n"
    assert problems(text) == [
        f"w.yaml:10:15: transition #3 ('Reject'): trigger 'Reject' is not a valid name; {NAME_RULE}"
    ]


def test_empty_from_list() -> None:
    """An empty 'from' list is refused."""
    text = VALID + "  - {trigger: reject, from: [], to: closed}\n"
    assert problems(text) == ["w.yaml:10:29: transition #3 ('reject'): 'from' is an empty list"]


def test_roles_not_a_list() -> None:
    """'roles' on a transition must be a list of role names; the message names what was found."""
    text = VALID.replace("to: closed}", "to: closed, roles: {a: 1}}")
    assert problems(text) == [
        "w.yaml:9:57: transition #2 ('close'): 'roles' must be a list of role names, not a mapping"
    ]


def test_label_missing_language() -> None:
    """A label mapping needs both 'vi' and 'en'."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\ntitle: {vi: Tiếp công dân}\n")
    assert problems(text) == ["w.yaml:3:8: the workflow: 'title' is missing the required key 'en'"]


def test_label_unknown_language() -> None:
    """A label lists the languages it takes."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\ntitle: {vi: a, en: b, fr: c}\n")
    assert problems(text) == [
        "w.yaml:3:23: unknown key 'fr' in the workflow: 'title'; allowed keys: en, vi"
    ]


def test_unreadable_file(tmp_path: Path) -> None:
    """A path that cannot be read is a definition problem naming the path."""
    missing = tmp_path / "missing.yaml"
    assert problems(missing, filename=None) == [
        f"{missing}:1:1: cannot read the file: No such file or directory"
    ]


# --- fields, guards and conditions -----------------------------------------------

FIELDS = """\
caseflow: 1
name: tiep_dan
fields:
  kind: {type: choice, choices: [complaint, denunciation]}
  urgent: {type: bool}
  pages: {type: int}
guards:
  signed: {registered: true}
states:
  received: {initial: true}
  closed: {final: true}
transitions:
  - {trigger: close, from: received, to: closed, when: WHEN}
"""
# The column where the value of 'when' starts on line 13.
WHEN = 56


def when(condition: str) -> list[str]:
    """The problems of FIELDS with 'when: <condition>' on its transition."""
    return problems(FIELDS.replace("WHEN", condition))


def test_fields_base_is_valid() -> None:
    """The base used by the condition tests is itself valid."""
    assert read_workflow(FIELDS.replace("WHEN", "signed")).name == "tiep_dan"


def test_unknown_field_type() -> None:
    """An unknown field type suggests a near miss and lists the types."""
    text = FIELDS.replace("{type: int}", "{type: integer}").replace("WHEN", "signed")
    assert problems(text) == [
        "w.yaml:6:17: field 'pages': unknown type 'integer' (did you mean 'int'?); allowed types: bool, choice, date, datetime, int, list, mapping, number, text"
    ]


def test_choice_without_choices() -> None:
    """A choice field needs its choices."""
    text = FIELDS.replace("{type: bool}", "{type: choice}").replace("WHEN", "signed")
    assert problems(text) == ["w.yaml:5:11: field 'urgent': 'type: choice' needs a 'choices' list"]


def test_choices_without_type_choice() -> None:
    """Choices on a field that is not a choice field are refused."""
    text = FIELDS.replace("{type: bool}", "{type: text, choices: [a]}").replace("WHEN", "signed")
    assert problems(text) == ["w.yaml:5:24: field 'urgent': 'choices' needs 'type: choice'"]


def test_registered_must_be_true() -> None:
    """'registered: false' says what to write instead."""
    text = FIELDS.replace("registered: true", "registered: false").replace("WHEN", "signed")
    assert problems(text) == [
        "w.yaml:8:24: guard 'signed': 'registered' can only be true (the app registers the guard in Python); to write the guard as data, use 'when: <condition>'"
    ]


def test_unknown_guard_suggests_and_lists_known_guards() -> None:
    """An unknown guard names a near miss and the known guards."""
    assert when("signd") == [
        f"w.yaml:13:{WHEN}: transition 'close' uses unknown guard 'signd' (did you mean 'signed'?); known guards: signed"
    ]


def test_unknown_guard_when_none_declared() -> None:
    """An unknown guard with no guards declared says where guards are declared."""
    text = FIELDS.replace("guards:\n  signed: {registered: true}\n", "").replace("WHEN", "signed")
    assert problems(text) == [
        "w.yaml:11:56: transition 'close' uses unknown guard 'signed'; known guards: none are declared under 'guards:'"
    ]


def test_self_referring_guard() -> None:
    """A guard that refers to itself shows the loop."""
    text = FIELDS.replace("signed: {registered: true}", "signed: {all: [signed]}").replace(
        "WHEN", "signed"
    )
    assert problems(text) == ["w.yaml:8:3: guard 'signed' refers to itself: signed -> signed"]


def test_guards_referring_to_each_other() -> None:
    """Each guard of a loop is reported with the loop from itself."""
    text = FIELDS.replace(
        "signed: {registered: true}", "signed: {not: ready}\n  ready: [signed]"
    ).replace("WHEN", "signed")
    assert problems(text) == [
        "w.yaml:8:3: guard 'signed' refers to itself: signed -> ready -> signed",
        "w.yaml:9:3: guard 'ready' refers to itself: ready -> signed -> ready",
    ]


def test_unknown_field_in_condition() -> None:
    """An unknown field names a near miss and the known fields."""
    assert when("{field: knd, equals: complaint}") == [
        f"w.yaml:13:{WHEN + 8}: transition 'close' tests unknown field 'knd' (did you mean 'kind'?); known fields: kind, pages, urgent"
    ]


def test_choice_value_not_in_choices() -> None:
    """A value outside a choice field's choices lists the choices."""
    assert when("{field: kind, in: [complaint, complain]}") == [
        f"w.yaml:13:{WHEN}: transition 'close' compares field 'kind' with 'complain', which is not one of its choices: complaint, denunciation"
    ]


def test_comparison_on_bool_field() -> None:
    """A comparison on a bool field names the field, its type and what comparisons apply to."""
    assert when("{field: urgent, at_least: 1}") == [
        f"w.yaml:13:{WHEN}: transition 'close' uses 'at_least' on field 'urgent' of type bool; comparisons apply to int, number, date, datetime and text fields"
    ]


def test_condition_with_two_operators() -> None:
    """A field condition with two operators lists them and all operators."""
    assert when("{field: pages, at_least: 1, at_most: 9}") == [
        f"w.yaml:13:{WHEN}: transition #1 ('close'): a field condition takes exactly one operator, found 2 (at_least, at_most); operators: {OPERATORS}"
    ]


def test_condition_with_no_operator() -> None:
    """A field condition with no operator says so."""
    assert when("{field: pages}") == [
        f"w.yaml:13:{WHEN}: transition #1 ('close'): a field condition takes exactly one operator, found 0 (none); operators: {OPERATORS}"
    ]


def test_condition_without_field() -> None:
    """A field condition without 'field' names the missing key."""
    assert when("{equals: complaint}") == [
        f"w.yaml:13:{WHEN}: transition #1 ('close'): condition is missing the required key 'field'"
    ]


def test_condition_unknown_key() -> None:
    """An unknown key in a condition lists the keys a condition takes."""
    assert when("{field: pages, equal: 1}") == [
        f"w.yaml:13:{WHEN}: transition #1 ('close'): a field condition takes exactly one operator, found 0 (none); operators: {OPERATORS}",
        f"w.yaml:13:{WHEN + 15}: unknown key 'equal' in transition #1 ('close'): condition (did you mean 'equals'?); allowed keys: all, any, at_least, at_most, equals, field, greater_than, in, less_than, not, not_equals, not_in, present, within",
    ]


def test_bad_field_path() -> None:
    """A malformed field path states the path rule."""
    assert when("{field: 'a..b', equals: 1}") == [
        f"w.yaml:13:{WHEN + 8}: transition #1 ('close'): field path 'a..b' is not valid; a path is field names joined by '.', each {NAME_RULE[10:]}"
    ]


def test_in_takes_a_list() -> None:
    """'in' with a single value asks for a list."""
    assert when("{field: kind, in: complaint}") == [
        f"w.yaml:13:{WHEN + 18}: transition #1 ('close'): 'in' takes a list of values, not the text 'complaint'"
    ]


def test_present_takes_a_boolean() -> None:
    """'present' takes true or false."""
    assert when("{field: kind, present: 1}") == [
        f"w.yaml:13:{WHEN + 23}: transition #1 ('close'): 'present' takes true or false, not the number 1"
    ]


def test_comparison_operand_must_be_plain() -> None:
    """A comparison with a boolean is refused."""
    assert when("{field: pages, less_than: true}") == [
        f"w.yaml:13:{WHEN + 26}: transition #1 ('close'): 'less_than' compares with a number, a date or a text, not the boolean true"
    ]


def test_equals_a_mapping() -> None:
    """'equals' takes a plain value."""
    assert when("{field: pages, equals: {a: 1}}") == [
        f"w.yaml:13:{WHEN + 23}: transition #1 ('close'): 'equals' takes a plain value, not a mapping"
    ]


def test_empty_condition_list() -> None:
    """An empty list of conditions would always be true, so it is refused."""
    assert when("[]") == [
        f"w.yaml:13:{WHEN}: transition #1 ('close'): an empty list of conditions is always true; remove it"
    ]


def test_logic_key_not_alone() -> None:
    """'all' must be the only key of its mapping."""
    assert when("{all: [signed], field: kind}") == [
        f"w.yaml:13:{WHEN}: transition #1 ('close'): 'all' must stand alone in its mapping; found also: field"
    ]


def test_any_needs_a_non_empty_list() -> None:
    """'any' takes a non-empty list."""
    assert when("{any: []}") == [
        f"w.yaml:13:{WHEN + 6}: transition #1 ('close'): 'any' takes a non-empty list of conditions"
    ]


def test_condition_of_wrong_kind() -> None:
    """A number as a condition lists the three forms a condition takes."""
    assert when("5") == [
        f"w.yaml:13:{WHEN}: transition #1 ('close'): a condition is a guard name, a list of conditions, or a mapping such as {{field: kind, equals: complaint}}; got the number 5"
    ]


# --- graph checks -------------------------------------------------------------


def test_unknown_target_state_suggests_and_lists_states() -> None:
    """A transition to an unknown state names a near miss and the known states."""
    text = VALID + "  - {trigger: reject, from: received, to: closd}\n"
    assert problems(text) == [
        "w.yaml:10:43: transition 'reject' goes to unknown state 'closd' (did you mean 'closed'?); known states: received, screened, closed"
    ]


def test_unknown_source_state_suggests_and_lists_states() -> None:
    """A transition from an unknown state names a near miss and the known states."""
    text = VALID + "  - {trigger: reject, from: [received, recieved], to: closed}\n"
    assert problems(text) == [
        "w.yaml:10:40: transition 'reject' comes from unknown state 'recieved' (did you mean 'received'?); known states: received, screened, closed"
    ]


def test_known_states_are_shortened_after_twelve() -> None:
    """The known-states list stops after twelve names and gives the count."""
    names = [f"s{i:02d}" for i in range(14)]
    states = "".join(f"  {n}: {{}}\n" for n in names[1:-1])
    chain = "".join(
        f"  - {{trigger: t{i}, from: {a}, to: {b}}}\n"
        for i, (a, b) in enumerate(itertools.pairwise(names))
    )
    text = (
        f"caseflow: 1\nname: x\nstates:\n  s00: {{initial: true}}\n{states}  s13: {{final: true}}\n"
        f"transitions:\n{chain}  - {{trigger: zz, from: s00, to: nowhere}}\n"
    )
    assert problems(text) == [
        "w.yaml:32:34: transition 'zz' goes to unknown state 'nowhere'; known states: s00, s01, s02, s03, s04, s05, s06, s07, s08, s09, s10, s11, ... (14 in all)"
    ]


def test_no_initial_state() -> None:
    """No initial state lists the states to choose from."""
    assert problems(VALID.replace("{initial: true}", "{}")) == [
        "w.yaml:4:3: no initial state; mark exactly one state with 'initial: true' (states: received, screened, closed)"
    ]


def test_two_initial_states() -> None:
    """A second initial state names the first one."""
    assert problems(VALID.replace("screened: {}", "screened: {initial: true}")) == [
        "w.yaml:5:14: state 'screened' is also marked initial; only one state may be (the first is 'received')"
    ]


def test_initial_and_final() -> None:
    """A state both initial and final is refused."""
    text = "caseflow: 1\nname: x\nstates:\n  only: {initial: true, final: true}\n"
    assert problems(text) == ["w.yaml:4:25: state 'only' is both initial and final"]


def test_unreachable_state() -> None:
    """An unreachable state names the initial state and the fix."""
    text = VALID.replace("  closed:", "  archived: {}\n  closed:") + (
        "  - {trigger: close, from: archived, to: closed}\n"
    )
    assert problems(text) == [
        "w.yaml:6:3: state 'archived' cannot be reached from the initial state 'received'; add a transition to it or remove it"
    ]


def test_dead_end_state() -> None:
    """A non-final state with no way out says how to fix it."""
    text = VALID.replace("  closed:", "  on_hold: {}\n  closed:") + (
        "  - {trigger: hold, from: screened, to: on_hold}\n"
    )
    assert problems(text) == [
        "w.yaml:6:3: state 'on_hold' has no way out and is not final; add a transition from it or mark it 'final: true'"
    ]


def test_final_state_with_exits() -> None:
    """A final state with exits lists the triggers that leave it."""
    text = VALID + "  - {trigger: reopen, from: closed, to: screened}\n"
    assert problems(text) == [
        "w.yaml:6:3: final state 'closed' has outgoing transitions (reopen); a final state ends the case: remove 'final: true' or the transitions"
    ]


def test_duplicate_trigger_not_separated_by_a_guard() -> None:
    """An unguarded transition shadowing a later one with the same trigger is reported."""
    text = VALID + "  - {trigger: screen, from: received, to: closed}\n"
    assert problems(text) == [
        "w.yaml:8:5: trigger 'screen' from state 'received' is defined more than once and this one has no 'when' guard, so the later one (to 'closed') can never fire; guard this one, or put the unguarded one last"
    ]


def test_duplicate_trigger_with_the_same_guard() -> None:
    """Two transitions of one trigger with the same guard are reported at the second."""
    text = FIELDS.replace("WHEN", "signed") + (
        "  - {trigger: close, from: received, to: received, when: signed}\n"
        "  - {trigger: close, from: received, to: closed}\n"
    )
    assert problems(text) == [
        "w.yaml:14:5: trigger 'close' from state 'received' has two transitions with the same 'when' guard; nothing separates them"
    ]


def test_unknown_role_suggests_and_lists_roles() -> None:
    """An unknown role names a near miss and the known roles."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\nroles:\n  officer: {}\n").replace(
        "to: closed}", "to: closed, roles: [oficer]}"
    )
    assert problems(text) == [
        "w.yaml:11:58: transition 'close' names unknown role 'oficer' (did you mean 'officer'?); known roles: officer"
    ]


def test_unknown_role_when_none_declared() -> None:
    """An unknown role with no roles declared says where roles are declared."""
    text = VALID.replace("to: closed}", "to: closed, roles: officer}")
    assert problems(text) == [
        "w.yaml:9:57: transition 'close' names unknown role 'officer'; known roles: none are declared under 'roles:'"
    ]


# --- schedules ----------------------------------------------------------------

MONTHLY = """\
every: month
weekday: tuesday
week: 4
counting: calendar
if_day_off: next_week
"""


def schedule(body: str) -> list[str]:
    """The problems of VALID with one schedule 'reception' given by ``body``.

    The schedule's name is on line 11 and its first key on line 12.
    """
    indented = "".join(f"    {line}\n" for line in body.strip().splitlines())
    return problems(VALID + "schedules:\n  reception:\n" + indented)


def test_schedule_base_is_valid() -> None:
    """The monthly rule the schedule tests break is itself valid."""
    indented = "".join(f"    {line}\n" for line in MONTHLY.splitlines())
    assert read_workflow(VALID + "schedules:\n  reception:\n" + indented).schedules


def test_schedule_missing_counting() -> None:
    """A monthly rule without 'counting' explains both readings and refuses to guess."""
    assert schedule(MONTHLY.replace("counting: calendar\n", "")) == [
        "w.yaml:12:5: schedule 'reception': 'every: month' needs 'counting' (calendar: that weekday of the calendar week; nth: the n-th such weekday); caseflow never guesses which reading is meant"
    ]


def test_schedule_missing_week() -> None:
    """A monthly rule without 'week' says which weeks exist."""
    assert schedule(MONTHLY.replace("week: 4\n", "")) == [
        "w.yaml:12:5: schedule 'reception': 'every: month' needs a 'week' (1-5, or -1)"
    ]


def test_schedule_missing_weekday() -> None:
    """A rule without 'weekday' names the form that needs it."""
    assert schedule(MONTHLY.replace("weekday: tuesday\n", "")) == [
        "w.yaml:12:5: schedule 'reception': 'every: month' needs a 'weekday'"
    ]


def test_schedule_bad_week() -> None:
    """A week out of range lists the allowed weeks."""
    assert schedule(MONTHLY.replace("week: 4", "week: 6")) == [
        "w.yaml:14:11: schedule 'reception': 'week' is 6; allowed: 1, 2, 3, 4, 5, or -1 for the last"
    ]


def test_schedule_week_of_wrong_type() -> None:
    """A week given as text is refused as not a whole number."""
    found = schedule(MONTHLY.replace("week: 4", "week: fourth"))
    assert (
        "w.yaml:14:11: schedule 'reception': 'week' must be a whole number, not the text 'fourth'"
        in found
    )


def test_schedule_bad_weekday() -> None:
    """A misspelt weekday suggests the near miss and lists the weekdays in order."""
    assert schedule(MONTHLY.replace("tuesday", "tues")) == [
        "w.yaml:13:14: schedule 'reception': unknown weekday 'tues' (did you mean 'tuesday'?); allowed: monday, tuesday, wednesday, thursday, friday, saturday, sunday"
    ]


def test_schedule_bad_counting() -> None:
    """An unknown counting lists the countings."""
    assert schedule(MONTHLY.replace("counting: calendar", "counting: iso")) == [
        "w.yaml:15:15: schedule 'reception': unknown counting 'iso'; allowed: calendar, first_full_week, nth"
    ]


def test_schedule_bad_if_day_off() -> None:
    """An unknown day-off policy lists the policies."""
    assert schedule(MONTHLY.replace("next_week", "postpone")) == [
        "w.yaml:16:17: schedule 'reception': unknown if_day_off 'postpone'; allowed: keep, next_week, next_working_day, skip"
    ]


def test_schedule_bad_every() -> None:
    """An unknown 'every' lists month and week."""
    assert schedule("every: day\nweekday: tuesday") == [
        "w.yaml:12:12: schedule 'reception': 'every' is 'day'; allowed: month, week"
    ]


def test_schedule_bad_time() -> None:
    """A time without its leading zero asks for HH:MM."""
    assert schedule(MONTHLY + "time: '7:30'") == [
        "w.yaml:17:11: schedule 'reception': time '7:30' is not HH:MM (24-hour)"
    ]


def test_schedule_impossible_date() -> None:
    """30 February is not a real date."""
    assert schedule("dates: [2026-01-20, 2026-02-30]") == [
        "w.yaml:12:25: schedule 'reception': '2026-02-30' is not a real date; write YYYY-MM-DD"
    ]


def test_schedule_impossible_start_date() -> None:
    """An impossible 'start' names the key and the value."""
    assert schedule(MONTHLY + "start: 2026-02-29") == [
        "w.yaml:17:12: schedule 'reception': 'start' is '2026-02-29', not a real date; write YYYY-MM-DD"
    ]


def test_schedule_bad_rrule() -> None:
    """A bad RRULE names the bad part, what the part takes and the value that is not one."""
    assert schedule("rrule: FREQ=MONTHLY;BYDAY=4TUE") == [
        "w.yaml:12:12: schedule 'reception': 'rrule' part 'BYDAY=4TUE' is not valid: BYDAY takes weekdays (MO, TU, WE, TH, FR, SA, SU) joined by ',', each with an optional week number 1 to 53 or -53 to -1, e.g. +4TU or -1FR; '4TUE' is not one"
    ]


def test_schedule_two_forms() -> None:
    """A schedule with two forms names both."""
    assert schedule(MONTHLY + "dates: [2026-02-24]") == [
        "w.yaml:12:5: schedule 'reception' needs exactly one of 'every', 'dates' or 'rrule'; found dates, every"
    ]


def test_schedule_no_form() -> None:
    """A schedule with no form says none was found."""
    assert schedule("weekday: tuesday\ntime: '08:00'") == [
        "w.yaml:12:5: schedule 'reception' needs exactly one of 'every', 'dates' or 'rrule'; found none"
    ]


def test_schedule_week_on_weekly_rule() -> None:
    """'week' on a weekly rule is refused."""
    assert schedule("every: week\nweekday: tuesday\nweek: 2") == [
        "w.yaml:12:5: schedule 'reception': 'week' and 'counting' apply only to 'every: month'"
    ]


def test_override_needs_moved_to_or_cancelled() -> None:
    """An override that neither moves nor cancels says what it needs."""
    assert schedule(MONTHLY + "overrides:\n  - {date: 2026-02-24, reason: Tết}") == [
        "w.yaml:18:9: schedule 'reception': override #1 needs either 'moved_to: DATE' or 'cancelled: true'"
    ]


def test_override_missing_reason() -> None:
    """An override must say why."""
    assert schedule(MONTHLY + "overrides:\n  - {date: 2026-02-24, cancelled: true}") == [
        "w.yaml:18:9: schedule 'reception': override #1 is missing the required key 'reason'"
    ]


# --- several problems at once --------------------------------------------------------


def test_all_problems_of_a_file_in_one_raise_sorted_by_place() -> None:
    """Every problem of a file comes in one DefinitionError, in reading order."""
    text = """\
caseflow: 1
name: tiep_dan
timezone: Asia/Hanoi
states:
  received: {initial: true, colour: red}
  closed: {final: true}
transitions:
  - {trigger: close, from: received, to: closd}
  - {trigger: close, from: received, to: closed, roles: [officer]}
"""
    with pytest.raises(DefinitionError) as info:
        read_workflow(text, filename="w.yaml")
    lines = [str(p) for p in info.value.problems]
    assert lines == [
        "w.yaml:3:11: unknown time zone 'Asia/Hanoi'; use an IANA name such as 'Asia/Ho_Chi_Minh'",
        "w.yaml:5:29: unknown key 'colour' in state 'received'; allowed keys: description, done, final, initial, label, parallel, source, states",
        "w.yaml:8:5: trigger 'close' from state 'received' is defined more than once and this one has no 'when' guard, so the later one (to 'closed') can never fire; guard this one, or put the unguarded one last",
        "w.yaml:8:42: transition 'close' goes to unknown state 'closd' (did you mean 'closed'?); known states: received, closed",
        "w.yaml:9:58: transition 'close' names unknown role 'officer'; known roles: none are declared under 'roles:'",
    ]
    assert str(info.value) == "5 problems in the definition:\n" + "\n".join(lines)


def test_one_problem_is_counted_in_the_singular() -> None:
    """The error's text says '1 problem', then the problem."""
    with pytest.raises(DefinitionError) as info:
        read_workflow(b"", filename="w.yaml")
    assert str(info.value) == (
        "1 problem in the definition:\n"
        "w.yaml:1:1: the file is empty; a workflow starts with 'caseflow: 1' and has 'name', 'states' and 'transitions'"
    )


# --- one mistake, one problem: no echoes in the checks ---------------------------------------


def test_dropped_transition_causes_no_graph_problems() -> None:
    """A transition missing 'from' is reported alone, not also as dead ends and unreachable states."""
    text = VALID.replace(
        "{trigger: close, from: screened, to: closed}", "{trigger: close, to: closed}"
    )
    assert problems(text) == [
        "w.yaml:9:5: transition #2 ('close') is missing the required key 'from'"
    ]


def test_bad_source_name_causes_no_graph_problems() -> None:
    """A source state that is not a name is reported alone, not also as a dead end."""
    text = VALID.replace("from: screened", "from: [screened, 5]")
    assert problems(text) == [
        f"w.yaml:9:39: transition #2 ('close'): source state must be text, not the number 5; {NAME_RULE}"
    ]


def test_unreadable_when_is_not_taken_for_no_guard() -> None:
    """A transition whose 'when' cannot be read is not also called unguarded or shadowing."""
    text = FIELDS.replace("WHEN", "{field: pages}") + (
        "  - {trigger: close, from: received, to: closed}\n"
    )
    assert problems(text) == [
        f"w.yaml:13:{WHEN}: transition #1 ('close'): a field condition takes exactly one operator, found 0 (none); operators: {OPERATORS}"
    ]


def test_initial_yes_is_reported_once() -> None:
    """'initial: yes' is reported as not a boolean, not also as a missing initial state."""
    assert problems(VALID.replace("initial: true", "initial: yes")) == [
        "w.yaml:4:23: state 'received': 'initial' must be true or false, not the text 'yes'"
    ]


def test_final_yes_is_not_also_a_dead_end() -> None:
    """'final: yes' is reported as not a boolean, not also as a state with no way out."""
    assert problems(VALID.replace("final: true", "final: yes")) == [
        "w.yaml:6:19: state 'closed': 'final' must be true or false, not the text 'yes'"
    ]


def test_unreadable_state_is_not_also_unknown() -> None:
    """A state whose entry cannot be read is not also an unknown state where transitions name it."""
    assert problems(VALID.replace("closed: {final: true}", "closed: 5")) == [
        "w.yaml:6:11: state 'closed' must be a mapping of keys to values, not the number 5"
    ]


def test_malformed_guard_is_not_also_unknown() -> None:
    """A guard declared with a bad condition is not also called unknown where it is used."""
    text = FIELDS.replace("signed: {registered: true}", "signed: 5").replace("WHEN", "signed")
    assert problems(text) == [
        "w.yaml:8:11: guard 'signed': a condition is a guard name, a list of conditions, or a mapping such as {field: kind, equals: complaint}; got the number 5"
    ]


def test_unknown_guard_when_the_declared_ones_are_unreadable() -> None:
    """An unknown guard names the declared guards even when none of them could be read."""
    text = FIELDS.replace("signed: {registered: true}", "signed: 5").replace("WHEN", "signd")
    assert problems(text) == [
        "w.yaml:8:11: guard 'signed': a condition is a guard name, a list of conditions, or a mapping such as {field: kind, equals: complaint}; got the number 5",
        f"w.yaml:13:{WHEN}: transition 'close' uses unknown guard 'signd'; known guards: none that could be read (declared: signed)",
    ]


def test_unreadable_guards_section_makes_no_unknown_guards() -> None:
    """A 'guards' section that is not a mapping is reported once, not at every guard used."""
    text = FIELDS.replace("guards:\n  signed: {registered: true}\n", "guards: [signed]\n")
    assert problems(text.replace("WHEN", "signed")) == [
        "w.yaml:7:9: 'guards' must be a mapping of keys to values, not a list"
    ]


def test_unreadable_role_is_not_also_unknown() -> None:
    """A role whose entry cannot be read is not also an unknown role where it is used."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\nroles:\n  officer: 5\n").replace(
        "to: closed}", "to: closed, roles: [officer]}"
    )
    assert problems(text) == [
        "w.yaml:4:12: role 'officer' must be a mapping of keys to values, not the number 5"
    ]


def test_unreadable_field_is_not_also_unknown() -> None:
    """A field whose entry cannot be read is not also an unknown field where it is tested."""
    text = FIELDS.replace("pages: {type: int}", "pages: [int]")
    assert problems(text.replace("WHEN", "{field: pages, at_least: 2}")) == [
        "w.yaml:6:10: field 'pages' must be a mapping of keys to values, not a list"
    ]


def test_week_of_wrong_type_is_not_also_missing() -> None:
    """A week given as text is reported once, not also as missing."""
    assert schedule(MONTHLY.replace("week: 4", "week: '4'")) == [
        "w.yaml:14:11: schedule 'reception': 'week' must be a whole number, not the text '4'"
    ]


def test_weekday_of_wrong_type_is_not_also_missing() -> None:
    """A weekday given as a list is reported once, not also as missing."""
    assert schedule(MONTHLY.replace("weekday: tuesday", "weekday: [tuesday]")) == [
        "w.yaml:13:14: schedule 'reception': 'weekday' must be text, not a list"
    ]


def test_override_with_bad_moved_to_is_reported_once() -> None:
    """An override whose moved_to is not a real date gets that one problem only."""
    body = MONTHLY + "overrides:\n  - {date: 2026-02-24, moved_to: 2026-02-30, reason: Tết}"
    assert schedule(body) == [
        "w.yaml:18:38: schedule 'reception': override #1: 'moved_to' is '2026-02-30', not a real date; write YYYY-MM-DD"
    ]


# --- what was found, and what is allowed -------------------------------------------------


def test_empty_text_is_an_empty_file() -> None:
    """Empty text is reported as an empty file, not as an unreadable path."""
    assert problems("") == [
        "w.yaml:1:1: the file is empty; a workflow starts with 'caseflow: 1' and has 'name', 'states' and 'transitions'"
    ]


def test_bad_format_version_is_shown_as_written() -> None:
    """A boolean format version is shown as YAML spells it, not as Python does."""
    assert problems(VALID.replace("caseflow: 1", "caseflow: true")) == [
        "w.yaml:1:11: the workflow: 'caseflow' must be a whole number, not the boolean true; this caseflow reads 'caseflow: 1'"
    ]


def test_name_that_is_not_text_reads_well() -> None:
    """A number where a name is expected says a name must be text, not 'name the number 12'."""
    assert problems(VALID.replace("name: tiep_dan", "name: 12")) == [
        f"w.yaml:2:7: the workflow name must be text, not the number 12; {NAME_RULE}"
    ]


def test_empty_timezone_is_refused() -> None:
    """An empty time zone is an unknown time zone, not silently the default one."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\ntimezone: ''\n")
    assert problems(text) == [
        "w.yaml:3:11: unknown time zone ''; use an IANA name such as 'Asia/Ho_Chi_Minh'"
    ]


def test_empty_calendar_is_refused() -> None:
    """An empty calendar is an unknown calendar, not silently the default one."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\ncalendar: ''\n")
    assert problems(text) == [
        "w.yaml:3:11: unknown calendar ''; built-in calendars: VN; or give the path of a calendar file ending in .yaml"
    ]


def test_unknown_calendar_suggests_the_built_in_one() -> None:
    """An unknown calendar name suggests a near miss and says what a calendar may be."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\ncalendar: VNN\n")
    assert problems(text) == [
        "w.yaml:3:11: unknown calendar 'VNN' (did you mean 'VN'?); built-in calendars: VN; or give the path of a calendar file ending in .yaml"
    ]


def test_empty_if_day_off_is_refused() -> None:
    """An empty day-off policy is refused with the policies, not taken for 'keep'."""
    assert schedule(MONTHLY.replace("next_week", "''")) == [
        "w.yaml:16:17: schedule 'reception': unknown if_day_off ''; allowed: keep, next_week, next_working_day, skip"
    ]


def test_empty_field_type_is_refused() -> None:
    """An empty field type is refused with the types, not taken for 'text'."""
    text = FIELDS.replace("{type: int}", "{type: ''}").replace("WHEN", "signed")
    assert problems(text) == [
        "w.yaml:6:17: field 'pages': unknown type ''; allowed types: bool, choice, date, datetime, int, list, mapping, number, text"
    ]


def test_label_of_wrong_type_says_text_is_allowed() -> None:
    """A label given as a number says a label is text or a vi/en mapping."""
    text = VALID.replace("name: tiep_dan\n", "name: tiep_dan\ntitle: 5\n")
    assert problems(text) == [
        "w.yaml:3:8: the workflow: 'title' must be text or a mapping with vi and en, not the number 5"
    ]


def test_roles_not_a_list_names_what_was_found() -> None:
    """'roles' of the wrong type names the value found."""
    assert problems(VALID.replace("to: closed}", "to: closed, roles: 5}")) == [
        "w.yaml:9:57: transition #2 ('close'): 'roles' must be a list of role names, not the number 5"
    ]


def test_not_utf8_column_counts_characters() -> None:
    """The column of a bad byte counts characters, as editors do ('ế' is 3 bytes, 1 column)."""
    data = "title: Tiế".encode() + b"\xff\n"
    assert problems(data) == [
        "w.yaml:1:11: the file is not UTF-8: byte 0xff at offset 12 cannot be decoded; save the file as UTF-8"
    ]


# --- field tests compared with the field's type ------------------------------------------


def test_bool_field_compared_with_text_is_refused() -> None:
    """Comparing a bool field with 'yes' is refused: the guard could never hold."""
    assert when("{field: urgent, equals: yes}") == [
        f"w.yaml:13:{WHEN}: transition 'close' compares field 'urgent' of type bool with 'yes', so the test can never hold; compare it with true or false"
    ]


def test_bool_field_in_a_list_names_each_bad_value() -> None:
    """Each value of an 'in' list that a bool field can never hold is named."""
    assert when("{field: urgent, in: [true, 1]}") == [
        f"w.yaml:13:{WHEN}: transition 'close' compares field 'urgent' of type bool with 1, so the test can never hold; compare it with true or false"
    ]


def test_int_field_equal_to_a_fraction_is_refused() -> None:
    """An int field is never equal to 2.5; it may still be compared with it."""
    assert when("{field: pages, equals: 2.5}") == [
        f"w.yaml:13:{WHEN}: transition 'close' compares field 'pages' of type int with 2.5, so the test can never hold; compare it with a whole number"
    ]
    assert when("{field: pages, less_than: 2.5}") == []


def test_int_field_compared_with_text_is_refused() -> None:
    """An int field compared with text is refused, even where the text looks like a number."""
    assert when("{field: pages, at_least: '2'}") == [
        f"w.yaml:13:{WHEN}: transition 'close' compares field 'pages' of type int with '2', so the test can never hold; compare it with a number"
    ]


def test_number_and_text_fields_compared_with_the_wrong_kind() -> None:
    """A number field takes numbers, a text field takes text (a number is quoted to be text)."""
    text = FIELDS.replace(
        "  pages: {type: int}\n", "  pages: {type: int}\n  fee: {type: number}\n  code: {}\n"
    )
    text = text.replace(
        "when: WHEN", "when: [{field: fee, equals: free}, {field: code, in: [12, '13']}]"
    )
    assert problems(text) == [
        "w.yaml:15:57: transition 'close' compares field 'fee' of type number with 'free', so the test can never hold; compare it with a number",
        "w.yaml:15:85: transition 'close' compares field 'code' of type text with 12, so the test can never hold; compare it with text (quote a number or true/false to make it text: '12')",
    ]


def test_date_field_compared_with_an_impossible_date() -> None:
    """A date field compared with 30 February is refused as not a real date."""
    text = FIELDS.replace(
        "  pages: {type: int}\n", "  pages: {type: int}\n  heard_on: {type: date}\n"
    )
    assert problems(text.replace("WHEN", "{field: heard_on, at_least: 2026-02-30}")) == [
        "w.yaml:14:56: transition 'close' compares field 'heard_on' of type date with '2026-02-30', which is not a real date; write it YYYY-MM-DD, e.g. '2026-02-10'"
    ]


def test_date_field_compared_with_a_number() -> None:
    """A date field compared with a number asks for a YYYY-MM-DD date."""
    text = FIELDS.replace(
        "  pages: {type: int}\n", "  pages: {type: int}\n  heard_on: {type: date}\n"
    )
    assert problems(text.replace("WHEN", "{field: heard_on, at_least: 2026}")) == [
        "w.yaml:14:56: transition 'close' compares field 'heard_on' of type date with 2026, so the test can never hold; compare it with a date written YYYY-MM-DD, e.g. '2026-02-10'"
    ]


def test_datetime_field_compared_with_text_that_is_no_time() -> None:
    """A datetime field compared with text that is not ISO 8601 is refused."""
    text = FIELDS.replace(
        "  pages: {type: int}\n", "  pages: {type: int}\n  heard_at: {type: datetime}\n"
    )
    assert problems(text.replace("WHEN", "{field: heard_at, at_least: 'tomorrow'}")) == [
        "w.yaml:14:56: transition 'close' compares field 'heard_at' of type datetime with 'tomorrow', which is not a valid ISO 8601 date or time; write e.g. '2026-02-10' or '2026-02-10T08:30'"
    ]


def test_fitting_operands_and_null_are_accepted() -> None:
    """Operands of the field's kind pass, and any field may be compared with null."""
    text = FIELDS.replace(
        "  pages: {type: int}\n",
        "  pages: {type: int}\n  heard_on: {type: date}\n  heard_at: {type: datetime}\n",
    )
    condition = (
        "[{field: urgent, not_equals: false}, {field: pages, in: [1, 2.0]},"
        " {field: heard_on, at_most: 2026-12-31}, {field: heard_at, less_than: '2026-02-10T08:30'},"
        " {field: urgent, equals: ~}]"
    )
    assert problems(text.replace("WHEN", condition)) == []


def test_choice_compared_with_true_is_not_a_choice_of_1() -> None:
    """true is not the choice 1, as the engine compares them."""
    text = FIELDS.replace("[complaint, denunciation]", "[1, 2]")
    assert problems(text.replace("WHEN", "{field: kind, equals: true}")) == [
        f"w.yaml:13:{WHEN}: transition 'close' compares field 'kind' with true, which is not one of its choices: 1, 2"
    ]


# --- choices ------------------------------------------------------------------------------


def test_empty_choices() -> None:
    """A choice field with no choices could never be set, so it is refused."""
    text = FIELDS.replace("[complaint, denunciation]", "[]").replace("WHEN", "signed")
    assert problems(text) == [
        "w.yaml:4:33: field 'kind': 'choices' is empty; list the values the field may take"
    ]


def test_duplicate_choice() -> None:
    """A choice listed twice names where it was first given."""
    text = FIELDS.replace("[complaint, denunciation]", "[complaint, denunciation, complaint]")
    assert problems(text.replace("WHEN", "signed")) == [
        "w.yaml:4:59: field 'kind': duplicate choice 'complaint'; it was first given at line 4, column 34"
    ]


def test_true_and_1_are_different_choices() -> None:
    """true and 1 are different choices, as the engine compares them."""
    text = FIELDS.replace("[complaint, denunciation]", "[1, true]").replace("WHEN", "signed")
    assert problems(text) == []


def test_choice_that_is_a_list() -> None:
    """A choice must be a plain value."""
    text = FIELDS.replace("[complaint, denunciation]", "[complaint, [a]]").replace("WHEN", "signed")
    assert problems(text) == [
        "w.yaml:4:45: field 'kind': a choice must be text, a number or true/false, not a list"
    ]


def test_condition_on_a_field_with_bad_choices_is_not_also_refused() -> None:
    """A field refused for its choices does not make its tests 'unknown' or 'not a choice'."""
    text = FIELDS.replace("[complaint, denunciation]", "[]")
    assert problems(text.replace("WHEN", "{field: kind, equals: complaint}")) == [
        "w.yaml:4:33: field 'kind': 'choices' is empty; list the values the field may take"
    ]


# --- schedules: dates, time, overrides --------------------------------------------------


def test_date_list_item_that_is_a_list() -> None:
    """A nested list among the dates is named as a list, not shown as Python text."""
    assert schedule("dates: [[2026-02-03]]") == [
        "w.yaml:12:13: schedule 'reception': each of 'dates' must be a date written YYYY-MM-DD, not a list"
    ]


def test_empty_dates() -> None:
    """An empty list of dates is a schedule with no sessions, so it is refused."""
    assert schedule("dates: []") == [
        "w.yaml:12:12: schedule 'reception': 'dates' is empty; list the session dates, e.g. [2026-03-24, 2026-04-28]"
    ]


def test_null_form_is_no_form() -> None:
    """'every:' left empty does not count as the schedule's form."""
    assert schedule("every:\nweekday: tuesday") == [
        "w.yaml:12:5: schedule 'reception' needs exactly one of 'every', 'dates' or 'rrule'; found none"
    ]


def test_end_before_start() -> None:
    """A schedule that ends before it starts never applies, so it is refused."""
    assert schedule(MONTHLY + "start: 2026-06-01\nend: 2026-01-31") == [
        "w.yaml:18:10: schedule 'reception': 'end' '2026-01-31' is before 'start' '2026-06-01', so the schedule never applies; 'end' is the last day it applies"
    ]


def test_time_written_as_a_number() -> None:
    """time: 8.30 reads as the number 8.3; the message says so and asks for quoted text."""
    assert schedule(MONTHLY + "time: 8.30") == [
        "w.yaml:17:11: schedule 'reception': 'time' must be text written HH:MM, not the number 8.3; put it in quotes, e.g. time: \"08:30\""
    ]


def test_override_with_both_moved_to_and_cancelled() -> None:
    """An override that both moves and cancels says it must do only one."""
    body = (
        MONTHLY
        + "overrides:\n  - {date: 2026-02-24, moved_to: 2026-02-25, cancelled: true, reason: x}"
    )
    assert schedule(body) == [
        "w.yaml:18:9: schedule 'reception': override #1 has both 'moved_to' and 'cancelled: true'; an override either moves the session or cancels it, not both"
    ]


def test_override_moved_and_not_cancelled() -> None:
    """'cancelled: false' beside 'moved_to' is a plain move."""
    body = (
        MONTHLY
        + "overrides:\n  - {date: 2026-02-24, moved_to: 2026-02-25, cancelled: false, reason: x}"
    )
    assert schedule(body) == []


# --- rrule --------------------------------------------------------------------------------

RRULE_SHAPE = "a rule is NAME=VALUE parts joined by ';', e.g. FREQ=MONTHLY;BYDAY=+4TU"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        pytest.param(
            "FREQ", f"'rrule' part 'FREQ' is not NAME=VALUE; {RRULE_SHAPE}", id="no-equals"
        ),
        pytest.param(
            "FREQ=MONTHLY;",
            f"'rrule' has an empty part (a ';' too many); {RRULE_SHAPE}",
            id="empty-part",
        ),
        pytest.param(
            "FREQ=MONTHLY;INTERVAL=0",
            "'rrule' part 'INTERVAL=0' is not valid: INTERVAL is a whole number, 1 or more",
            id="interval-0",
        ),
        pytest.param(
            "FREQ=MONTHLY;COUNT=-1",
            "'rrule' part 'COUNT=-1' is not valid: COUNT is a whole number, 1 or more",
            id="count-negative",
        ),
        pytest.param(
            "FREQ=YEARLY;BYMONTH=1,13",
            "'rrule' part 'BYMONTH=1,13' is not valid: BYMONTH takes whole numbers 1 to 12, joined by ','; '13' is not one",
            id="bymonth-13",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYMONTHDAY=-32",
            "'rrule' part 'BYMONTHDAY=-32' is not valid: BYMONTHDAY takes whole numbers 1 to 31, or -31 to -1 from the end, joined by ','; '-32' is not one",
            id="bymonthday-range",
        ),
        pytest.param(
            "FREQ=FORTNIGHTLY",
            "'rrule' part 'FREQ=FORTNIGHTLY' is not valid: FREQ is one of YEARLY, MONTHLY, WEEKLY, DAILY: a schedule recurs on days, at the hour its 'time' gives",
            id="bad-freq",
        ),
        pytest.param(
            "FREQ=WEEKLY;BYDAY=TU;BYHOUR=8",
            "'rrule' part 'BYHOUR=8' sets a time of day; the rule picks the days, and the schedule's 'time' gives the hour (time: \"08:00\")",
            id="byhour",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYDAYS=TU",
            "'rrule' part 'BYDAYS=TU' has an unknown name 'BYDAYS' (did you mean 'BYDAY'?); allowed: BYDAY, BYMONTH, BYMONTHDAY, BYSETPOS, BYWEEKNO, BYYEARDAY, COUNT, FREQ, INTERVAL, UNTIL, WKST",
            id="unknown-name",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYDAY=TU;BYDAY=WE",
            "'rrule' gives BYDAY twice; give each part once",
            id="twice",
        ),
        pytest.param(
            "BYDAY=TU",
            "'rrule' has no FREQ; add one of FREQ=YEARLY, FREQ=MONTHLY, FREQ=WEEKLY, FREQ=DAILY",
            id="no-freq",
        ),
        pytest.param(
            "FREQ=MONTHLY;COUNT=2;UNTIL=20261231",
            "'rrule' gives both COUNT and UNTIL; RFC 5545 allows one or the other",
            id="count-and-until",
        ),
        pytest.param(
            "FREQ=MONTHLY;UNTIL=20261301",
            "'rrule' part 'UNTIL=20261301' is not valid: UNTIL is a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ, e.g. 20261231",
            id="until-impossible",
        ),
        pytest.param(
            "FREQ=WEEKLY;BYDAY=+4TU",
            "'rrule' part 'BYDAY=+4TU' numbers a weekday (+4TU), which only applies with FREQ=MONTHLY or FREQ=YEARLY (without BYWEEKNO); write the weekday alone, e.g. BYDAY=TU",
            id="numbered-weekday-weekly",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYWEEKNO=2",
            "'rrule' uses BYWEEKNO, which only applies with FREQ=YEARLY",
            id="byweekno-monthly",
        ),
        pytest.param(
            "'FREQ=MONTHLY; BYDAY=TU'",
            "'rrule' is 'FREQ=MONTHLY; BYDAY=TU', which holds a space or a line break; write one rule, NAME=VALUE parts joined by ';' without spaces, e.g. FREQ=MONTHLY;BYDAY=+4TU",
            id="space",
        ),
        pytest.param(
            "''",
            "'rrule' is empty; write NAME=VALUE parts joined by ';', e.g. FREQ=MONTHLY;BYDAY=+4TU",
            id="empty",
        ),
    ],
)
def test_rrule_refusals_name_the_bad_part(rule: str, message: str) -> None:
    """Each RRULE mistake is named by its part, in words, with what the part takes."""
    assert schedule(f"rrule: {rule}") == [f"w.yaml:12:12: schedule 'reception': {message}"]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=+4TU",
        "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
        "freq=monthly;byday=2we",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=MO",
        "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=4;UNTIL=20261231T170000Z",
        "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=-1;COUNT=10",
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
    ],
)
def test_rrule_accepted(rule: str) -> None:
    """Valid day-level RRULEs, in any letter case and with the RRULE: prefix, are accepted."""
    assert schedule(f"rrule: {rule}") == []


# --- periods between two dates ('within') -----------------------------------------

PERIOD = """\
caseflow: 1
name: khieu_nai
fields:
  received_on: {type: date}
  learned_on: {type: date}
  obstacle_days: {type: int}
  note: {type: text}
states:
  received: {initial: true}
  accepted: {final: true}
transitions:
  - trigger: accept
    from: received
    to: accepted
    when: WHEN
"""


def within(condition: str) -> list[str]:
    """The problems of PERIOD with 'when: <condition>' on its transition (line 15)."""
    return problems(PERIOD.replace("WHEN", condition))


def test_within_base_is_valid() -> None:
    """A limitation period written with 'within' loads."""
    assert (
        within(
            "{field: received_on, within: {days: 90, after: learned_on, not_counting: obstacle_days}}"
        )
        == []
    )


def test_within_applies_to_date_fields_only() -> None:
    """'within' on a text field says it applies to date fields."""
    assert within("{field: note, within: {days: 90, after: learned_on}}") == [
        "w.yaml:15:11: transition 'accept' uses 'within' on field 'note' of type text; 'within' applies to date fields"
    ]


def test_within_after_an_unknown_field_suggests_the_near_miss() -> None:
    """A misspelt 'after' field names the near miss and the known fields."""
    assert within("{field: received_on, within: {days: 90, after: lerned_on}}") == [
        "w.yaml:15:58: transition 'accept': 'within': 'after' names unknown field 'lerned_on' (did you mean 'learned_on'?); known fields: learned_on, note, obstacle_days, received_on"
    ]


def test_within_after_a_date_and_not_counting_an_int() -> None:
    """'after' must name a date field and 'not_counting' an int field."""
    assert within(
        "{field: received_on, within: {days: 90, after: note, not_counting: learned_on}}"
    ) == [
        "w.yaml:15:58: transition 'accept': 'within': 'after' names field 'note' of type text; it must be a date field",
        "w.yaml:15:78: transition 'accept': 'within': 'not_counting' names field 'learned_on' of type date; it must be an int field",
    ]


@pytest.mark.parametrize(
    ("days", "shown"), [("0", "the number 0"), ('"90 days"', "the text '90 days'")]
)
def test_within_days_is_a_whole_number_of_days(days: str, shown: str) -> None:
    """'days' is a whole number from 1 to 3660, not 0 and not a phrase."""
    assert within(f"{{field: received_on, within: {{days: {days}, after: learned_on}}}}") == [
        f"w.yaml:15:47: transition #1 ('accept'): 'within': 'days' must be a whole number of calendar days from 1 to 3660, not {shown}"
    ]


def test_within_needs_days_and_knows_its_keys() -> None:
    """A period without 'days' or with an unknown key lists what it takes."""
    assert within("{field: received_on, within: {after: learned_on, from: x}}") == [
        "w.yaml:15:40: transition #1 ('accept'): 'within' is missing the required key 'days'",
        "w.yaml:15:60: unknown key 'from' in transition #1 ('accept'): 'within'; allowed keys: after, days, not_counting",
    ]


def test_within_takes_a_mapping() -> None:
    """A bare number after 'within' shows the form it takes."""
    assert within("{field: received_on, within: 90}") == [
        "w.yaml:15:40: transition #1 ('accept'): 'within' takes a mapping such as {days: 90, after: learned_on}, not the number 90"
    ]
