"""Safe YAML reading: untrusted text in, plain data with positions out.

This module owns turning YAML text into plain Python values (``YMap``,
``YList``, ``str``, ``int``, ``float``, ``bool``, ``None``) that remember
where each value stood in the file. It knows nothing of workflows: giving the
values meaning is ``loading``'s job.

Why not ``yaml.safe_load``: it turns ``on``/``off``/``yes``/``no`` into
booleans (a state named ``off`` would become ``False``), turns ``2026-02-10``
into a ``date``, accepts duplicate keys silently (the last one wins), keeps
no positions, recurses (a 10,000-level nesting raises ``RecursionError``) and
expands aliases without limit (an "alias bomb" of a few hundred bytes can
take gigabytes). So we build values ourselves from PyYAML's *event* stream
(libyaml's C parser when present), which is flat, carries marks, and lets us
enforce the rules below in one pass without recursion:

- no tags at all (``!!python/object`` and friends are refused, nothing is
  constructed); no merge keys (``<<``);
- duplicate keys are refused, and keys must be plain scalars;
- only ``true``/``false`` are booleans, ``null``/``~``/empty are null,
  decimal integers and plain decimals are numbers; everything else,
  including dates and exponent forms such as ``1e3``, is text, and so is
  any scalar with the non-specific tag ``!``; a number too large to hold
  (a decimal beyond the largest float, a whole number of more digits than
  Python converts) is refused rather than read as infinity or left to fail;
- the input is at most ``MAX_BYTES``, nests at most ``MAX_DEPTH`` deep and
  expands (aliases counted at their full size) to at most ``MAX_NODES``
  values; an alias may not refer to a collection that contains it;
- the input is UTF-8 (a BOM is allowed), or ``str`` holding Unicode
  characters only (no lone surrogates); one document per file.

``dump_yaml`` writes what ``load_yaml`` reads back as the same values: text
that would read as another kind is quoted, floats are written in positional
digits (``100000000000000000000.0``, never ``1e+20``), and text holding a
character YAML takes for a line break (U+0085, U+2028, U+2029) is written
double-quoted, where it can be escaped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, TypeAlias

import yaml
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from caseflow.errors import DefinitionError, InputError, Problem
from caseflow.i18n import _

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Pos",
    "YList",
    "YMap",
    "describe",
    "dump_yaml",
    "load_yaml",
]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000


class _PureReader(Reader, Scanner, Parser):
    """A bare event parser in Python: no resolver, no constructor."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


_Reader: Any
try:  # libyaml's C parser is ~10x faster; the pure one gives the same events.
    from yaml._yaml import CParser as _Reader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Reader = _PureReader

# libyaml refuses a tab that opens the first line of a block scalar's content
# ("  \ttext" under "description: |"), although after the indentation a tab
# is content (YAML 1.2.2, 8.1.1.1) and PyYAML's own scanner reads it; such a
# file is read again with that scanner.
_LIBYAML_TAB = "found a tab character where an indentation space is expected"


Pos: TypeAlias = tuple[int, int]
"""A 1-based (line, column) position in the source text."""

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+\Z")
_NULLS = frozenset({"", "~", "null"})


class YMap(dict[str, Any]):
    """A mapping read from YAML; remembers where it and each entry stood.

    ``pos`` is the position of the mapping itself; ``key_pos[k]`` the
    position of key ``k`` and ``value_pos[k]`` that of its value.
    """

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Pos = (1, 1)) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}


class YList(list[Any]):
    """A sequence read from YAML; ``item_pos[i]`` is where item ``i`` stood."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Pos = (1, 1)) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


def _pos(mark: Any) -> Pos:
    return (mark.line + 1, mark.column + 1)


class _BadScalar(Exception):
    """A plain scalar that looks like a number but cannot be held as one."""


def _scalar(event: yaml.ScalarEvent) -> Any:
    value: str = event.value
    # Quoted and block scalars are text, and so is a scalar tagged '!' (the
    # non-specific tag, which YAML defines as "resolve as a string").
    if event.style or event.tag == "!":
        return value
    if value in _NULLS:
        return None
    if value == "true":
        return True
    if value == "false":
        return False
    if _INT.match(value):
        try:
            return int(value)
        except ValueError:  # more digits than sys.get_int_max_str_digits()
            raise _BadScalar(
                _(
                    "the whole number {value} has {value2:,} digits, more than "
                    "can be read; quote it if it is meant as text"
                ).format(value=_abridged(value), value2=len(value.lstrip("+-")))
            ) from None
    if _FLOAT.match(value):
        number = float(value)
        if math.isinf(number):
            raise _BadScalar(
                _(
                    "the number {value} is too large: decimals go up to about "
                    "1.8e308; quote it if it is meant as text"
                ).format(value=_abridged(value))
            )
        return number
    return value


def _abridged(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}...{text[-8:]}"


def _decode(data: str | bytes, filename: str) -> str:
    # A str may hold lone surrogates (text read with errors="surrogateescape");
    # "surrogatepass" lets us measure it, and the check below refuses it.
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > MAX_BYTES:
        raise _single(
            filename,
            (1, 1),
            _("the file is {size:,} bytes; the limit is {max_bytes:,} bytes").format(
                size=size, max_bytes=MAX_BYTES
            ),
        )
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
        surrogate = _SURROGATE.search(text)
        if surrogate is not None:
            raise _single(
                filename,
                _place(text, surrogate.start()),
                _(
                    "the text holds U+{value:04X}, a lone surrogate, which is "
                    "not a character (was the file decoded with "
                    "errors='surrogateescape'?); pass the file's bytes, or its "
                    "text decoded as UTF-8"
                ).format(value=ord(surrogate.group())),
            )
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        # Columns count characters everywhere, so count those before the bad
        # byte; the prefix up to err.start is valid UTF-8 by definition.
        before = data[: err.start].decode("utf-8").removeprefix("\ufeff")
        raise _single(
            filename,
            _place(before, len(before)),
            _(
                "the file is not UTF-8: byte 0x{data:02x} at offset {start} "
                "cannot be decoded; save the file as UTF-8"
            ).format(data=data[err.start], start=err.start),
        ) from None
    return text.removeprefix("\ufeff")


def _single(filename: str, pos: Pos, message: str) -> DefinitionError:
    return DefinitionError([Problem(file=filename, line=pos[0], column=pos[1], message=message)])


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _place(text: str, index: int) -> Pos:
    prefix = text[:index]
    return (prefix.count("\n") + 1, index - (prefix.rfind("\n") + 1) + 1)


def _refuse_tab_indentation(text: str, filename: str, content: list[tuple[int, int]]) -> None:
    """Refuse the first line indented with a tab that is not a block scalar's content.

    ``content`` holds the 1-based first and last line of each block scalar's
    content read so far; a tab after the spaces that indent such a line is
    part of the text, as YAML defines it. A tab anywhere else in the
    indentation is refused, with a clearer message than the parser's.
    """
    for tab in _TAB_INDENT.finditer(text):
        line, column = _place(text, tab.end() - 1)
        if not any(first <= line <= last for first, last in content):
            raise _single(
                filename,
                (line, column),
                _("a tab is used for indentation; YAML allows only spaces there"),
            )


def _check_text(text: str, filename: str) -> None:
    control = _CONTROL.search(text)
    if control is not None:
        raise _single(
            filename,
            _place(text, control.start()),
            _(
                "control character U+{value:04X} is not allowed in a "
                "definition file; is this a binary file?"
            ).format(value=ord(control.group())),
        )


def _events(
    text: str, content: list[tuple[int, int]] | None = None, *, reader_class: Any = None
) -> Iterator[Any]:
    """The parser's events; each block scalar's content lines go into ``content``."""
    reader = (reader_class or _Reader)(text)
    try:
        while reader.check_event():
            event = reader.get_event()
            if (
                content is not None
                and isinstance(event, yaml.ScalarEvent)
                and event.style in ("|", ">")
                and event.start_mark is not None
                and event.end_mark is not None
            ):
                # Marks count from 0; the content starts on the line after the
                # indicator and ends before the end mark (on it if not at column 0).
                end = event.end_mark.line + (1 if event.end_mark.column else 0)
                content.append((event.start_mark.line + 2, end))
            yield event
    finally:
        reader.dispose()


def _syntax_problem(err: yaml.MarkedYAMLError, filename: str) -> DefinitionError:
    mark = err.problem_mark or err.context_mark
    pos = _pos(mark) if mark is not None else (1, 1)
    what = err.problem or "invalid YAML"
    if err.context:
        what = f"{err.context}: {what}"
    return _single(filename, pos, _("YAML syntax error: {what}").format(what=what))


def load_yaml(data: str | bytes, *, filename: str = "<string>") -> Any:
    """Read one YAML document of untrusted text into plain values.

    Raises ``DefinitionError`` (with the file, line and column) on syntax
    errors, tags, duplicate keys, non-UTF-8 input, or a limit exceeded.
    An empty document gives ``None``.
    """
    text = _decode(data, filename)
    _check_text(text, filename)
    content: list[tuple[int, int]] = []
    try:
        try:
            value = _build(_events(text, content), filename)
        except yaml.MarkedYAMLError as err:
            if _Reader is _PureReader or _LIBYAML_TAB not in (err.problem or ""):
                raise
            content.clear()
            value = _build(_events(text, content, reader_class=_PureReader), filename)
    except yaml.MarkedYAMLError as err:
        _refuse_tab_indentation(text, filename, content)
        if err.problem_mark is not None and "maximum nesting depth" in (err.problem or ""):
            raise _too_deep(text, err.problem_mark, filename) from None
        raise _syntax_problem(err, filename) from None
    except DefinitionError:
        _refuse_tab_indentation(text, filename, content)
        raise
    except yaml.YAMLError as err:  # pragma: no cover - libyaml without marks
        raise _single(filename, (1, 1), _("YAML error: {err}").format(err=err)) from None
    _refuse_tab_indentation(text, filename, content)
    return value


def _too_deep(text: str, mark: Any, filename: str) -> DefinitionError:
    # libyaml's scanner reads a flow collection ahead (any '[' may start a
    # key) and stops at its own nesting limit, 1,000 levels, before its parser
    # hands us the event that opens level MAX_DEPTH + 1. The text before the
    # point where it stopped nests past MAX_DEPTH as well, and is short enough
    # for libyaml, so reading it again finds where our limit is crossed (or
    # an earlier problem, which is the first one to report anyway). A mark's
    # index counts characters, and so line breaks of every kind, as ours do.
    try:
        _build(_events(text[: mark.index]), filename)
    except DefinitionError as err:
        return err
    except yaml.MarkedYAMLError as err:
        return _syntax_problem(err, filename)
    message = f"the document nests deeper than {MAX_DEPTH} levels"
    return _single(filename, _pos(mark), message)  # pragma: no cover - the prefix is too deep


def _build(events: Iterator[Any], filename: str) -> Any:
    # Each stack entry: [container, pending key, key position, size so far].
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    anchor_of: dict[int, str] = {}
    total = 0
    documents = 0
    root: Any = None

    def fail(pos: Pos, message: str) -> DefinitionError:
        return _single(filename, pos, message)

    def attach(value: Any, pos: Pos, size: int, added: int) -> None:
        # `size` is the value's expanded size, `added` how many values it
        # adds to the whole document that were not counted yet.
        nonlocal root, total
        total += added
        if total > MAX_NODES:
            raise fail(
                pos,
                _(
                    "the document expands to more than {max_nodes:,} values "
                    "(aliases are counted at their full size); split it or drop "
                    "the aliases"
                ).format(max_nodes=MAX_NODES),
            )
        if not stack:
            root = value
            return
        entry = stack[-1]
        entry[3] += size
        container = entry[0]
        if isinstance(container, YList):
            container.append(value)
            container.item_pos.append(pos)
        elif entry[1] is _NO_KEY:
            if isinstance(value, (YMap, YList)):
                raise fail(pos, _("a mapping key must be a plain value, not a mapping or a list"))
            if value is None or isinstance(value, bool):
                shown = "null" if value is None else str(value).lower()
                raise fail(
                    pos,
                    _(
                        "a mapping key must be text; {shown!r} is not (quote it if "
                        "it is meant as text)"
                    ).format(shown=shown),
                )
            key = str(value)
            if key == "<<":
                raise fail(pos, _("merge keys ('<<') are not supported; write the entries out"))
            if key in container:
                first = container.key_pos[key]
                raise fail(
                    pos,
                    _(
                        "duplicate key {key!r}; it was first given at line {first}, column {first2}"
                    ).format(key=key, first=first[0], first2=first[1]),
                )
            entry[1] = key
            entry[2] = pos
        else:
            key = entry[1]
            container[key] = value
            container.key_pos[key] = entry[2]
            container.value_pos[key] = pos
            entry[1] = _NO_KEY

    for event in events:
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent)):
            continue
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise fail(
                    _pos(event.start_mark),
                    _("a definition file holds one YAML document; a second one starts here"),
                )
            continue
        if isinstance(event, yaml.DocumentEndEvent):
            continue
        pos = _pos(event.start_mark)
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise fail(
                pos,
                _(
                    "YAML tags are not allowed (found {tag!r}); a definition is "
                    "plain data: write the value without a tag"
                ).format(tag=tag),
            )
        if isinstance(event, yaml.AliasEvent):
            name = event.anchor
            if name in open_anchors:
                raise fail(
                    pos,
                    _("alias *{name} refers to a collection that contains it").format(name=name),
                )
            if name not in anchors:
                raise fail(pos, _("alias *{name} refers to no anchor").format(name=name))
            value, size = anchors[name]
            attach(value, pos, size, size)
            continue
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.ScalarEvent):
            try:
                value = _scalar(event)
            except _BadScalar as err:
                raise fail(pos, str(err)) from None
            if anchor is not None:
                anchors[anchor] = (value, 1)
            attach(value, pos, 1, 1)
            continue
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise fail(
                    pos,
                    _("the document nests deeper than {max_depth} levels").format(
                        max_depth=MAX_DEPTH
                    ),
                )
            container = YMap(pos) if isinstance(event, yaml.MappingStartEvent) else YList(pos)
            if anchor is not None:
                open_anchors.add(anchor)
                anchor_of[id(container)] = anchor
            stack.append([container, _NO_KEY, None, 1, pos])
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container, _key, _kpos, size, cpos = stack.pop()
            name = anchor_of.pop(id(container), None)
            if name is not None:
                open_anchors.discard(name)
                anchors[name] = (container, size)
            attach(container, cpos, size, 1)
            continue
        raise fail(
            pos, _("unexpected YAML event {kind}").format(kind=type(event).__name__)
        )  # pragma: no cover
    return root


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()


def dump_yaml(value: Any) -> str:
    """Write plain values as block-style YAML that ``load_yaml`` reads back.

    Text that would read back as another type (``"true"``, ``"10"``,
    ``"null"``) is quoted; keys keep their order. Floats are written in
    positional digits, which ``load_yaml`` reads as floats; a float that is
    not finite has no such form and raises ``InputError``.
    """

    class _Dumper(yaml.SafeDumper):
        pass

    def represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
        needs_quotes = _scalar_would_change(data)
        style = "'" if needs_quotes else None
        if "\n" in data:
            style = "|"
        if _YAML_BREAKS.search(data):
            # Only a double-quoted scalar can escape these; elsewhere a
            # reader takes them for line breaks and folds them.
            style = '"'
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    def represent_float(dumper: yaml.SafeDumper, data: float) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:float", _float_text(data))

    def represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.MappingNode:
        return dumper.represent_mapping("tag:yaml.org,2002:map", data.items())

    _Dumper.add_representer(str, represent_str)
    _Dumper.add_representer(float, represent_float)
    _Dumper.add_representer(YMap, represent_dict)
    _Dumper.add_representer(dict, represent_dict)
    _Dumper.add_representer(YList, yaml.SafeDumper.represent_list)
    _Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)
    text: str = yaml.dump(
        value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    return text


_YAML_BREAKS = re.compile("[\x85\u2028\u2029]")


def _float_text(value: float) -> str:
    """``value`` in positional digits that read back as the same float."""
    if not math.isfinite(value):
        raise InputError(
            _("cannot write the number {value}: a definition holds finite numbers only").format(
                value=value
            )
        )
    text = repr(value)  # the shortest digits that read back as `value`
    if "e" in text:
        # Decimal keeps those digits exactly while moving the point.
        text = format(Decimal(text), "f")
        if "." not in text:
            text += ".0"
    return text


def _scalar_would_change(text: str) -> bool:
    if text in _NULLS or text in ("true", "false") or _INT.match(text) or _FLOAT.match(text):
        return True
    # Let PyYAML's own resolver decide what else needs quoting for YAML 1.1
    # readers (e.g. "yes", "2026-02-10"), so other tools read our output right.
    resolved = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(resolved != "tag:yaml.org,2002:str")


_RESOLVER = yaml.resolver.Resolver()


def describe(value: Any) -> str:
    """A value read from YAML, in words for an error message ("the number 12")."""
    if isinstance(value, YMap):
        return _("a mapping")
    if isinstance(value, YList):
        return _("a list")
    if value is None:
        return _("empty (null)")
    if isinstance(value, bool):
        return _("the boolean {value}").format(value=str(value).lower())
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=value)
    return _("the text {value!r}").format(value=value)
