"""The shared context of reading one workflow file, and of checking what was read.

This module owns what every section module uses: ``Reading`` (the problems
of one file as they are found, what could not be read, and the typed getters
that report a wrong key, kind or name at its line and column), ``Gaps`` (what
the readers could not read, handed to the checks so that they do not echo
it), ``Checking`` (a read definition's names, looked up by every section's
checks, and the problems those find) and the message pieces both share.

What a section says is read and checked by its own module (``header``,
``fields``, ``guards``, ``states`` and ``graph``, ``schedules``,
``deadlines``, ``docket``); the order in which sections are read and checked
is ``reader``'s. Positions and plain values come from ``caseflow.yamlsafe``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from caseflow.charts import paths, reach_graph
from caseflow.definition import Field, Guard, Label, WorkflowSpec
from caseflow.errors import Problem, did_you_mean
from caseflow.i18n import N_, _, current_language
from caseflow.yamlsafe import Pos, YList, YMap, describe

__all__ = [
    "DATE_RE",
    "DATE_TYPES",
    "LABEL_KEYS",
    "NAME_RE",
    "NAME_RULE",
    "TIME_RE",
    "Checking",
    "Gaps",
    "Reading",
    "is_date",
    "known_list",
    "listing",
    "none_known",
    "one_as_list",
    "reaches",
    "shown",
    "unknown",
]

T = TypeVar("T")

LABEL_KEYS = frozenset({"vi", "en"})
NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
TIME_RE = re.compile(r"([01]\d|2[0-3]):[0-5]\d\Z")
DATE_TYPES = ("date", "datetime")
"""The field types a deadline or a docket may take a date from."""
PATH_RE = re.compile(r"[a-z][a-z0-9_]{0,63}(\.[a-z][a-z0-9_]{0,63}){0,7}\Z")
"""A state's dotted path (a nested state, docs/statecharts.md): names joined by '.'."""
NAME_RULE = N_("lower-case ASCII letters, digits and '_', starting with a letter, at most 64 long")


# The kinds of name an ``unknown`` message speaks of, for the catalog.
_KINDS = (N_("state"), N_("trigger"), N_("field"), N_("schedule"), N_("role"), N_("guard"))


def listing(values: Iterable[str]) -> str:
    """Names for a message, sorted and joined by commas (quoted when the words are not English)."""
    if current_language() != "en":
        return ", ".join(repr(v) for v in sorted(values))
    return ", ".join(sorted(values))


def shown(value: Any) -> str:
    """A plain value as YAML writes it: 'text' quoted, true, 12, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value) if isinstance(value, str) else str(value)


def is_date(value: Any) -> bool:
    """Whether ``value`` is a real date written YYYY-MM-DD."""
    if not isinstance(value, str) or not DATE_RE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def one_as_list(value: Any, pos: Pos) -> Any:
    """A single text as a list of one, so that ``roles: clerk`` reads as ``[clerk]``."""
    if not isinstance(value, str):
        return value
    single = YList(pos)
    single.append(value)
    single.item_pos.append(pos)
    return single


@attrs.frozen(kw_only=True)
class Gaps:
    """What the readers could not read of a workflow; they have reported why.

    ``states``, ``roles``, ``fields`` and ``guards`` are names declared in
    those sections whose entries could not be read; ``sections`` are the
    sections that could not be read at all. ``initial`` is true when which
    state is initial is unknown (an ``initial`` that is not true/false, a
    state dropped); ``graph`` when the edges or the final states are (a
    transition, a source or a ``final`` that could not be read).
    """

    states: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()
    guards: frozenset[str] = frozenset()
    sections: frozenset[str] = frozenset()
    initial: bool = False
    graph: bool = False


class Reading:
    """One file being read: its problems so far, its gaps, and the typed getters.

    Every getter that finds a value of the wrong shape reports it, with its
    position, and returns None (or a default), so that a reader goes on and
    one run reports every problem of the file.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        # What could not be read, for the checks (see Gaps).
        self.unread: dict[str, set[str]] = {}
        self.unread_sections: set[str] = set()
        self.dropped: set[str] = set()
        self.initial_unknown = False
        self.graph_unknown = False

    def gaps(self) -> Gaps:
        """What this reading could not read, so that the checks skip its echoes."""
        dropped_states = "states" in self.dropped
        return Gaps(
            states=frozenset(self.unread.get("states", ())),
            roles=frozenset(self.unread.get("roles", ())),
            fields=frozenset(self.unread.get("fields", ())),
            guards=frozenset(self.unread.get("guards", ())),
            sections=frozenset(self.unread_sections),
            initial=self.initial_unknown or dropped_states,
            graph=self.graph_unknown or dropped_states or "transitions" in self.dropped,
        )

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(file=self.file, line=pos[0], column=pos[1], message=message))

    # -- shapes -------------------------------------------------------------------

    def mapping(self, value: Any, pos: Pos, what: str, *, allow_null: bool = False) -> YMap | None:
        if isinstance(value, YMap):
            return value
        if value is None and allow_null:
            return YMap(pos)
        self.problem(
            pos,
            _("{what} must be a mapping of keys to values, not {value}").format(
                what=what, value=describe(value)
            ),
        )
        return None

    def keys(
        self, m: YMap, what: str, allowed: frozenset[str], required: Iterable[str] = ()
    ) -> None:
        for key in m:
            if key not in allowed:
                self.problem(
                    m.key_pos[key],
                    _("unknown key {key!r} in {what}{hint}; allowed keys: {allowed}").format(
                        key=key,
                        what=what,
                        hint=did_you_mean(key, sorted(allowed)),
                        allowed=listing(allowed),
                    ),
                )
        for key in required:
            if key not in m:
                self.problem(
                    m.pos,
                    _("{what} is missing the required key {key!r}").format(what=what, key=key),
                )

    # -- values ---------------------------------------------------------------------

    def get(
        self,
        m: YMap,
        key: str,
        what: str,
        kind: type[T] | tuple[type, ...],
        type_name: str,
        default: Any = None,
    ) -> Any:
        if key not in m or m[key] is None:
            return default
        value = m[key]
        ok = isinstance(value, kind) and not (
            isinstance(value, bool) and kind in (int, (int, float))
        )
        if not ok:
            self.problem(
                m.value_pos[key],
                _("{what}: {key!r} must be {kind}, not {value}").format(
                    what=what, key=key, kind=_(type_name), value=describe(value)
                ),
            )
            return default
        return value

    def text(self, m: YMap, key: str, what: str) -> str | None:
        value = self.get(m, key, what, (str, int, float), N_("text"))
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def boolean(self, m: YMap, key: str, what: str) -> bool:
        return bool(self.flag(m, key, what))

    def flag(self, m: YMap, key: str, what: str) -> bool | None:
        """``key`` as true or false (false when absent); None if it is something else."""
        if m.get(key) is None:
            return False
        value: bool | None = self.get(m, key, what, bool, N_("true or false"))
        return value

    def name(self, value: Any, pos: Pos, what: str) -> str | None:
        if not isinstance(value, str):
            self.problem(
                pos,
                _("{what} must be text, not {value}; names are {rule}").format(
                    what=what, value=describe(value), rule=_(NAME_RULE)
                ),
            )
            return None
        if not NAME_RE.match(value):
            self.problem(
                pos,
                _("{what} {value!r} is not a valid name; names are {rule}").format(
                    what=what, value=value, rule=_(NAME_RULE)
                ),
            )
            return None
        return value

    def path(self, value: Any, pos: Pos, what: str) -> str | None:
        """A state's name or dotted path (``screened.proposed``)."""
        if isinstance(value, str) and "." in value and PATH_RE.match(value):
            return value
        return self.name(value, pos, what)

    def label(self, m: YMap, key: str, what: str) -> Label | None:
        if key not in m or m[key] is None:
            return None
        value = m[key]
        pos = m.value_pos[key]
        if isinstance(value, str):
            return Label(vi=value, en=value)
        if not isinstance(value, YMap):
            self.problem(
                pos,
                _("{what}: {key!r} must be text or a mapping with vi and en, not {value}").format(
                    what=what, key=key, value=describe(value)
                ),
            )
            return None
        lm = value
        self.keys(lm, f"{what}: {key!r}", LABEL_KEYS, required=("vi", "en"))
        vi = self.text(lm, "vi", f"{what}: {key!r}")
        en = self.text(lm, "en", f"{what}: {key!r}")
        if vi is None or en is None:
            return None
        return Label(vi=vi, en=en)

    def names_list(
        self, m: YMap, key: str, what: str, where: dict[str, Pos], *, paths: bool = False
    ) -> tuple[str, ...]:
        """``key`` as one name or a non-empty list of names; each name's position in ``where``.

        With ``paths``, a name may be a nested state's dotted path.
        """
        if key not in m or m[key] is None:
            return ()
        raw = one_as_list(m[key], m.value_pos[key])
        if not isinstance(raw, YList) or not raw:
            self.problem(
                m.value_pos[key],
                _(
                    "{what}: {key!r} must be a name or a non-empty list of names, not {value}"
                ).format(what=what, key=key, value=describe(raw)),
            )
            return ()
        out: list[str] = []
        for i, item in enumerate(raw):
            read = self.path if paths else self.name
            found = read(item, raw.item_pos[i], f"{what}: {key}")
            if found is not None:
                out.append(found)
                where[f"{key}:{found}"] = raw.item_pos[i]
        return tuple(out)

    # -- entries ----------------------------------------------------------------------

    def named_entries(
        self,
        m: YMap,
        key: str,
        what: str,
        read: Callable[[Reading, str, Any, Pos, Pos], T | None],
    ) -> tuple[T, ...]:
        """Read ``key: {name: {...}, ...}`` into a tuple, in file order.

        ``read(reading, name, value, key_pos, value_pos)`` reads one entry; an
        entry it cannot read is remembered in the gaps under ``key``.
        """
        if key not in m or m[key] is None:
            return ()
        section = self.mapping(m[key], m.value_pos[key], f"{key!r}")
        if section is None:
            self.unread_sections.add(key)
            return ()
        out: list[T] = []
        for name, value in section.items():
            key_pos = section.key_pos[name]
            if self.name(name, key_pos, what) is None:
                self.dropped.add(key)
                continue
            item = read(self, name, value, key_pos, section.value_pos[name])
            if item is None:
                self.dropped.add(key)
                self.unread.setdefault(key, set()).add(name)
            else:
                out.append(item)
        return tuple(out)

    def numbered_entries(
        self,
        m: YMap,
        key: str,
        what: str,
        *,
        entry: str,
        list_name: str,
        allowed: frozenset[str],
        required: Iterable[str],
        read: Callable[[Reading, YMap, str], T | None],
    ) -> tuple[T, ...]:
        """Read ``key: [{...}, ...]``, a list of mappings each called ``<entry> #<n>``.

        Each mapping's keys are checked against ``allowed`` and ``required``
        before ``read(reading, mapping, what)`` reads it; an entry that is not
        a mapping or that ``read`` cannot read is left out.
        """
        raw = self.get(m, key, what, YList, list_name)
        out: list[T] = []
        for i, item in enumerate(raw or ()):
            item_what = f"{what}: {entry} #{i + 1}"
            im = self.mapping(item, raw.item_pos[i], item_what)
            if im is None:
                continue
            self.keys(im, item_what, allowed, required=required)
            found = read(self, im, item_what)
            if found is not None:
                out.append(found)
        return tuple(out)


# -- checking -------------------------------------------------------------------------


def known_list(names: list[str]) -> str:
    """Known names for a message, the first twelve and how many in all."""
    shown_names = ", ".join(names[:12])
    if len(names) <= 12:
        return shown_names
    return shown_names + _(", ... ({count} in all)").format(count=len(names))


def none_known(section: str, unread: frozenset[str]) -> str:
    """What to say when a section offers no known name."""
    if unread:
        return _("none that could be read (declared: {names})").format(
            names=known_list(sorted(unread))
        )
    return _("none are declared under '{section}:'").format(section=section)


def unknown(kind: str, name: str, known: Iterable[str]) -> str:
    """``unknown state 'x'; did you mean ...; known states: ...``."""
    names = sorted(known)
    shown_names = known_list(names) if names else _("none")
    return _("unknown {kind} {name!r}{hint}; known {kind}s: {names}").format(
        kind=_(kind), name=name, hint=did_you_mean(name, names), names=shown_names
    )


def reaches(outgoing: dict[str, list[str]], start: Iterable[str]) -> set[str]:
    """The states reachable from ``start`` (``start`` included) along ``outgoing``."""
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in outgoing.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


class Checking:
    """One read definition being checked: the names its checks look up, and their problems.

    A check reports with ``add``; a position of None stands for the top of
    the file. Names declared but unreadable (see ``Gaps``) count as known
    where they are used, since their entry was reported already.
    """

    def __init__(self, spec: WorkflowSpec, gaps: Gaps) -> None:
        self.spec = spec
        self.gaps = gaps
        self.problems: list[Problem] = []
        self.top: Pos = spec.where.get("", (1, 1))
        # A nested workflow's states are named by their paths (caseflow.charts).
        self.states = paths(spec.states) if spec.nested else [s.name for s in spec.states]
        self.state_set = set(self.states) | gaps.states
        self.roles = [r.name for r in spec.roles]
        self.role_set = set(self.roles) | gaps.roles
        self.guards: dict[str, Guard] = {g.name: g for g in spec.guards}
        self.fields: dict[str, Field] = {f.name: f for f in spec.fields}
        self.triggers = {t.trigger for t in spec.transitions}
        self.schedules = {s.name for s in spec.schedules}
        self.outgoing: dict[str, list[str]] = defaultdict(list)
        if spec.nested:
            self.outgoing.update(reach_graph(spec))
        for t in () if spec.nested else spec.transitions:
            for src in t.sources:
                self.outgoing[src].append(t.dest)

    def add(self, pos: Pos | None, message: str) -> None:
        line, column = pos or self.top
        self.problems.append(
            Problem(file=self.spec.file, line=line, column=column, message=message)
        )
