"""The safe YAML reader and writer: plain data with positions, nothing else.

Pins what ``load_yaml`` turns text into (and what it refuses), where it says
each value stood, and that ``dump_yaml`` writes what ``load_yaml`` reads back.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from caseflow.errors import DefinitionError, InputError
from caseflow.yamlsafe import MAX_DEPTH, YList, YMap, dump_yaml, load_yaml


def refusal(data: str | bytes) -> str:
    """The one problem ``load_yaml`` reports for ``data``, as ``FILE:LINE:COL: message``."""
    with pytest.raises(DefinitionError) as info:
        load_yaml(data, filename="f.yaml")
    (problem,) = info.value.problems
    return str(problem)


def same(a: Any, b: Any) -> bool:
    """Equal *and* of the same kinds all the way down (True is not 1, 1.0 is not 1)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float):
        return type(b) is float and a == b and math.copysign(1, a) == math.copysign(1, b)
    return type(a) is type(b) and a == b


# --- positions ------------------------------------------------------------------


def test_block_mapping_positions() -> None:
    """A block mapping remembers where it, each key and each value stood (1-based)."""
    data = load_yaml("name: tiep_dan\nstates:\n  open: {}\n")
    assert isinstance(data, YMap)
    assert data.pos == (1, 1)
    assert data.key_pos == {"name": (1, 1), "states": (2, 1)}
    assert data.value_pos == {"name": (1, 7), "states": (3, 3)}
    assert data["states"].pos == (3, 3)
    assert data["states"].value_pos == {"open": (3, 9)}


def test_flow_collection_positions() -> None:
    """Items of flow lists and entries of flow mappings keep their columns."""
    data = load_yaml("a: [x, {d: 2}, 30]\n")
    items = data["a"]
    assert isinstance(items, YList)
    assert items.pos == (1, 4)
    assert items.item_pos == [(1, 5), (1, 8), (1, 16)]
    assert items[1].key_pos == {"d": (1, 9)}
    assert items[1].value_pos == {"d": (1, 12)}


def test_block_list_positions() -> None:
    """Items of a block list are placed at their content, after the dash."""
    data = load_yaml("steps:\n  - screen\n  -\n    to: closed\n")
    assert data["steps"].item_pos == [(2, 5), (4, 5)]
    assert data["steps"][1].key_pos == {"to": (4, 5)}


def test_value_on_the_next_line() -> None:
    """A value written on the line after its key is placed there."""
    assert load_yaml("a:\n  x\n").value_pos == {"a": (2, 3)}


def test_columns_count_characters_not_bytes() -> None:
    """Columns after Vietnamese text count characters, as an editor shows them."""
    data = load_yaml("{tên: 'Nguyễn Văn Ánh', tuổi: 40}\n")
    assert data.key_pos == {"tên": (1, 2), "tuổi": (1, 25)}
    assert data.value_pos == {"tên": (1, 7), "tuổi": (1, 31)}


@pytest.mark.parametrize("data", ["\ufeffa: 1\nb: 2\n", b"\xef\xbb\xbfa: 1\nb: 2\n"])
def test_bom_is_accepted_and_takes_no_column(data: str | bytes) -> None:
    """A UTF-8 byte order mark is skipped and does not shift the first column."""
    loaded = load_yaml(data)
    assert loaded == {"a": 1, "b": 2}
    assert loaded.key_pos == {"a": (1, 1), "b": (2, 1)}


def test_crlf_line_ends() -> None:
    """Windows line ends read like Unix ones, lines counted the same."""
    data = load_yaml("a: b\r\nc: d\r\n")
    assert data == {"a": "b", "c": "d"}
    assert data.key_pos["c"] == (2, 1)


# --- scalars ----------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["on", "off", "yes", "no", "y", "n", "Yes", "NO", "On", "OFF", "True", "FALSE"]
)
def test_yaml11_booleans_stay_text(word: str) -> None:
    """'on', 'off', 'yes', 'no', 'y', 'n' and their capitalised forms stay text."""
    assert load_yaml(f"state: {word}\n") == {"state": word}


def test_a_state_named_off_stays_off() -> None:
    """A state named 'off' stays the text 'off' as a key too."""
    assert list(load_yaml("off: {}\non: {}\n")) == ["off", "on"]


def test_only_true_and_false_are_booleans() -> None:
    """Lower-case true and false are the booleans."""
    assert same(load_yaml("[true, false]"), [True, False])


@pytest.mark.parametrize(
    "text", ["2026-01-01", "2026-02-30", "2026-01-01T08:30:00", "2026-01-01 08:30", "12:30", "1:30"]
)
def test_dates_and_times_stay_text(text: str) -> None:
    """Dates, times and sexagesimal numbers stay the text written."""
    assert load_yaml(f"at: {text}\n") == {"at": text}


@pytest.mark.parametrize("text", ["'1'", '"2.5"', "'true'", "'null'", "'~'", "''", '"-7"'])
def test_quoted_scalars_stay_text(text: str) -> None:
    """A quoted scalar is text, whatever it looks like."""
    assert same(load_yaml(f"v: {text}\n"), {"v": yaml.safe_load(text)})


@pytest.mark.parametrize("text", ["|\n  42\n", ">\n  true\n"])
def test_block_scalars_stay_text(text: str) -> None:
    """A literal or folded block scalar is text, whatever it holds."""
    assert type(load_yaml(f"v: {text}")["v"]) is str


@pytest.mark.parametrize("text", ["v: ~\n", "v: null\n", "v:\n", "v: \n"])
def test_null_forms(text: str) -> None:
    """'~', 'null' and an empty value are null."""
    assert load_yaml(text) == {"v": None}


@pytest.mark.parametrize("text", ["Null", "NULL", "none", "None"])
def test_other_null_spellings_stay_text(text: str) -> None:
    """Only the lower-case 'null' is null; other spellings stay text."""
    assert load_yaml(f"v: {text}\n") == {"v": text}


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "---\n...\n", "\n\n"])
def test_empty_document_is_none(text: str) -> None:
    """An empty document reads as None."""
    assert load_yaml(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), ("42", 42), ("-7", -7), ("+5", 5), ("-0", 0), (str(10**30), 10**30)],
)
def test_decimal_integers(text: str, value: int) -> None:
    """Decimal integers, signed or not and of any size, are ints."""
    assert same(load_yaml(f"v: {text}\n"), {"v": value})


@pytest.mark.parametrize(
    ("text", "value"), [("1.5", 1.5), ("-0.25", -0.25), ("0.0", 0.0), ("-0.0", -0.0), ("1.50", 1.5)]
)
def test_plain_decimals(text: str, value: float) -> None:
    """Plain decimals are floats."""
    assert same(load_yaml(f"v: {text}\n"), {"v": value})


@pytest.mark.parametrize(
    "text", ["007", "00", "0x1f", "0o17", "1_000", "1e3", "1.5e3", ".5", "1.", ".inf", ".nan"]
)
def test_other_number_forms_stay_text(text: str) -> None:
    """Octal, hex, underscores, exponents, bare dots, inf and nan stay text."""
    assert load_yaml(f"v: {text}\n") == {"v": text}


def test_anchor_and_alias_of_plain_values() -> None:
    """An alias repeats the value of its anchor."""
    assert load_yaml("a: &x [1, two]\nb: *x\n") == {"a": [1, "two"], "b": [1, "two"]}


def test_tab_after_a_colon_is_allowed() -> None:
    """A tab between a key and its value is not indentation and is allowed."""
    assert load_yaml("a:\tb\n") == {"a": "b"}


@pytest.mark.parametrize(("text", "value"), [("! 123", "123"), ("! true", "true"), ("! ~", "~")])
def test_non_specific_tag_makes_text(text: str, value: str) -> None:
    """'! 123' is the text '123': YAML resolves a scalar tagged '!' as a string."""
    assert same(load_yaml(f"v: {text}\n"), {"v": value})


def test_non_specific_tag_on_a_collection_changes_nothing() -> None:
    """'! [a]' is the list it tags."""
    assert same(load_yaml("v: ! [a, 1]\n"), {"v": ["a", 1]})


def test_whole_number_too_long_to_convert_is_refused() -> None:
    """A whole number of more digits than Python converts is a definition problem, not a ValueError."""
    assert refusal("v: 1" + "0" * 5000 + "\n") == (
        "f.yaml:1:4: the whole number 100000000000...00000000 has 5,001 digits, more than can be "
        "read; quote it if it is meant as text"
    )


def test_decimal_beyond_the_largest_float_is_refused() -> None:
    """A decimal too large for a float is refused rather than read as infinity."""
    assert refusal("v: -1" + "0" * 400 + ".5\n") == (
        "f.yaml:1:4: the number -10000000000...000000.5 is too large: decimals go up to about "
        "1.8e308; quote it if it is meant as text"
    )


# --- refusals --------------------------------------------------------------------


def test_alias_bomb_is_refused_quickly() -> None:
    """A billion-laughs alias bomb is refused in well under a second."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    started = time.perf_counter()
    message = refusal("\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    assert "the document expands to more than 200,000 values" in message
    assert elapsed < 1.0  # a safety bound, not a benchmark


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("- " * 10_000 + "x\n", id="block-lists"),
        pytest.param(
            "a:\n" + "".join(" " * i + "a:\n" for i in range(1, 1_000)), id="block-maps-1000"
        ),
        pytest.param("[" * 10_000 + "]" * 10_000, id="flow-lists"),
        pytest.param("{a: " * 10_000 + "1" + "}" * 10_000, id="flow-maps"),
    ],
)
def test_deep_nesting_is_a_definition_error(text: str) -> None:
    """Very deep nesting, block or flow, gives DefinitionError, never RecursionError."""
    with pytest.raises(DefinitionError):
        load_yaml(text)


def test_depth_limit_is_exact() -> None:
    """MAX_DEPTH levels are read; one more is refused where it opens."""
    assert load_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    deeper = MAX_DEPTH + 1
    assert refusal("[" * deeper + "]" * deeper) == (
        f"f.yaml:1:{deeper}: the document nests deeper than {MAX_DEPTH} levels"
    )


def test_very_deep_flow_nesting_gets_the_depth_message() -> None:
    """10,000 nested flow lists get caseflow's own depth message, not libyaml's."""
    assert refusal("[" * 10_000 + "]" * 10_000) == (
        f"f.yaml:1:{MAX_DEPTH + 1}: the document nests deeper than {MAX_DEPTH} levels"
    )


def test_very_deep_flow_nesting_below_a_block_mapping() -> None:
    """Deep flow nesting on a later line is refused where level 65 opens, on that line."""
    # Levels 1 and 2 are the block mappings; the 63rd bracket, a '{', opens level 65.
    assert refusal("a: 1\nb:\n  c: " + "{d: [" * 1_000) == (
        f"f.yaml:3:{6 + 5 * 31}: the document nests deeper than {MAX_DEPTH} levels"
    )


def test_very_deep_flow_nesting_after_an_earlier_problem() -> None:
    """A problem before very deep flow nesting is the one reported."""
    assert refusal("a: 1\na: " + "[" * 2_000) == (
        "f.yaml:2:1: duplicate key 'a'; it was first given at line 1, column 1"
    )


@pytest.mark.parametrize("text", ["a: &x [1, *x]\n", "a: &x {b: {c: *x}}\n"])
def test_recursive_alias_is_refused(text: str) -> None:
    """An alias inside the collection it refers to is refused."""
    assert "alias *x refers to a collection that contains it" in refusal(text)


def test_non_utf8_names_the_byte_offset() -> None:
    """Input that is not UTF-8 names the byte, its offset, its line and its column."""
    assert refusal(b"a: 1\nb: caf\xe9\n") == (
        "f.yaml:2:7: the file is not UTF-8: byte 0xe9 at offset 11 cannot be decoded; "
        "save the file as UTF-8"
    )


def test_python_payload_constructs_nothing(tmp_path: Path) -> None:
    """A !!python/object/apply payload is refused and nothing is constructed or run."""
    target = tmp_path / "pwned"
    payload = f"name: !!python/object/apply:os.mkdir [{str(target)!r}]\n"
    message = refusal(payload)
    assert "YAML tags are not allowed" in message
    assert not target.exists()


def test_python_payload_is_live_under_an_unsafe_loader(tmp_path: Path) -> None:
    """The payload used above does run under PyYAML's unsafe loader (so that test means something)."""
    target = tmp_path / "pwned"
    yaml.unsafe_load(f"name: !!python/object/apply:os.mkdir [{str(target)!r}]\n")
    assert target.is_dir()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "f.yaml:2:1: duplicate key 'a'; it was first given at line 1, column 1"),
        (
            "a: 1\n---\nb: 2\n",
            "f.yaml:2:1: a definition file holds one YAML document; a second one starts here",
        ),
        (
            "a: !!str 1\n",
            "f.yaml:1:4: YAML tags are not allowed (found 'tag:yaml.org,2002:str'); a definition is plain data: write the value without a tag",
        ),
        (
            "a: \x07\n",
            "f.yaml:1:4: control character U+0007 is not allowed in a definition file; is this a binary file?",
        ),
        (
            "a:\n\tb: 1\n",
            "f.yaml:2:1: a tab is used for indentation; YAML allows only spaces there",
        ),
    ],
)
def test_refusals_at_the_reader_level(text: str, message: str) -> None:
    """The reader refuses duplicate keys, a second document, tags, control characters and tabs."""
    assert refusal(text) == message


def test_filename_defaults_to_string() -> None:
    """Without a filename, problems name '<string>'."""
    with pytest.raises(DefinitionError) as info:
        load_yaml("a: 1\na: 2\n")
    assert info.value.problems[0].file == "<string>"


def test_lone_surrogate_in_text_is_a_definition_error() -> None:
    """Text holding a lone surrogate (e.g. read with errors='surrogateescape') is refused where it stands."""
    assert refusal("a: 1\nb: caf\udce9\n") == (
        "f.yaml:2:7: the text holds U+DCE9, a lone surrogate, which is not a character (was the "
        "file decoded with errors='surrogateescape'?); pass the file's bytes, or its text "
        "decoded as UTF-8"
    )


def test_non_utf8_column_counts_characters() -> None:
    """The column of a byte that is not UTF-8 counts the characters before it, as an editor does."""
    assert refusal("a: 1\nb: Tiếp dân ".encode() + b"\xe9\n") == (
        "f.yaml:2:13: the file is not UTF-8: byte 0xe9 at offset 20 cannot be decoded; "
        "save the file as UTF-8"
    )


# --- writing --------------------------------------------------------------------

TRICKY = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "1e3",
    "2026-01-01",
    "null",
    "~",
    "",
    "#",
    ": ",
    "true",
    "10",
    "1.5",
    "- a",
    "*x",
    "&x",
    "!x",
    "'",
    '"',
    "a\nb",
    " padded ",
    "Tiếp công dân",
    "Đơn khiếu nại",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_reads_back_as_text(text: str) -> None:
    """Text that looks like another type, or like YAML syntax, is written so it reads back as itself."""
    got = load_yaml(dump_yaml({"v": text}))
    assert same(got, {"v": text}), got


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_reads_back_in_plain_pyyaml(text: str) -> None:
    """Other YAML 1.1 readers (PyYAML's safe_load) read the written text back the same."""
    got = yaml.safe_load(dump_yaml({"v": text}))
    assert same(got, {"v": text}), got


def test_dump_keeps_key_order_and_block_style() -> None:
    """Keys keep their order and collections are written in block style."""
    assert dump_yaml({"b": 1, "a": [True, None]}) == "b: 1\na:\n- true\n- null\n"


def test_loaded_data_dumps_and_reads_back() -> None:
    """What load_yaml returns can be written and read back equal."""
    text = (
        "name: tiep_dan\nstates:\n  off: {final: true}\n  'yes': {initial: true}\nn: [1, 2.5, ~]\n"
    )
    loaded = load_yaml(text)
    got = load_yaml(dump_yaml(loaded))
    assert same(got, loaded), got


@pytest.mark.parametrize("value", [1e20, 1e-05, 1e16, 2.5e-300, -1.7976931348623157e308])
def test_float_with_exponent_reads_back_as_float(value: float) -> None:
    """A float whose shortest form has an exponent is written so it reads back as a float."""
    got = load_yaml(dump_yaml({"v": value}))
    assert same(got, {"v": value}), got


def test_floats_are_written_in_positional_digits() -> None:
    """Floats are written with their shortest digits and a point, never an exponent."""
    assert dump_yaml([1e20, 1e-05, 0.1, -0.0]) == (
        "- 100000000000000000000.0\n- 0.00001\n- 0.1\n- -0.0\n"
    )


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_non_finite_float_is_not_written(value: float) -> None:
    """inf and nan have no form load_yaml reads as a number, so dump_yaml refuses them."""
    with pytest.raises(InputError, match="a definition holds finite numbers only"):
        dump_yaml({"v": value})


@pytest.mark.parametrize(
    "text", ["\x85", "a\x85b", "a\n\x85", "\u2028", "a\u2029b", "a\n\u2028", "yes\x85"]
)
def test_line_break_characters_read_back(text: str) -> None:
    """Text holding U+0085, U+2028 or U+2029 reads back unchanged, here and in PyYAML."""
    written = dump_yaml({"v": text})
    assert written.startswith('v: "')
    assert same(load_yaml(written), {"v": text})
    assert same(yaml.safe_load(written), {"v": text})


# --- properties -------------------------------------------------------------------

# Text the reader might mistake for something else, and any Unicode text but
# lone surrogates (which are not text at all; load_yaml refuses them).
texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=("Cs",))),
    st.text(st.sampled_from("a \n\x85\u2028\u2029:#'\"")),
)
scalars = st.one_of(
    texts,
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
plain_data = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(texts, inner, max_size=5)),
    max_leaves=25,
)


@given(plain_data)
def test_dump_then_load_is_the_identity(value: Any) -> None:
    """load_yaml(dump_yaml(x)) == x for plain data, kinds included (True stays True, not 1)."""
    got = load_yaml(dump_yaml(value))
    assert same(got, value), got


@given(plain_data)
def test_dump_is_read_the_same_by_pyyaml(value: Any) -> None:
    """PyYAML's safe_load reads dump_yaml's output as load_yaml does."""
    got = yaml.safe_load(dump_yaml(value))
    assert same(got, value), got


@given(st.dictionaries(texts, scalars, min_size=1, max_size=8))
def test_every_top_level_key_has_a_position(value: dict[str, Any]) -> None:
    """Every key read back has a key position and a value position, both 1-based."""
    loaded = load_yaml(dump_yaml(value))
    assert set(loaded.key_pos) == set(value) == set(loaded.value_pos)
    assert all(line >= 1 and col >= 1 for line, col in loaded.key_pos.values())
    assert all(line >= 1 and col >= 1 for line, col in loaded.value_pos.values())


@pytest.mark.parametrize(
    "text",
    [
        "d: |\n  \ttext\n  more\nx: 1\n",
        "d: >\n  a\n  \tb\nx: 1\n",
        "d: |2\n  \tb\n",
        "m:\n  d: |-\n    \tdeep\n  e: 2\n",
    ],
)
def test_a_tab_after_a_block_scalar_s_indentation_is_text(text: str) -> None:
    """After the spaces that indent a block scalar's line a tab is content, as PyYAML reads it."""
    assert same(load_yaml(text), yaml.safe_load(text))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("d: |\n  \ttext\ny:\n  \tz: 1\n", "4:3"),
        ("d: |\n  a\n\tb: 1\n", "3:1"),
        ("d: foo\n  \tbar\n", "2:3"),
    ],
)
def test_a_tab_indenting_anything_but_block_text_is_refused(text: str, where: str) -> None:
    """A tab in the indentation outside a block scalar's content is still refused."""
    assert refusal(text) == (
        f"f.yaml:{where}: a tab is used for indentation; YAML allows only spaces there"
    )
