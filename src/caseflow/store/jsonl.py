"""Export and import of case histories as JSON Lines.

This module owns the file format and the import's checks. One line per
case, in ``Case.to_dict()`` form (``id``, ``workflow``, ``version``,
``state``, ``data``, ``history``), and, for a case moved between workflow
versions, ``migrations``: ``[{"event": 5, "from": "1", "to": "2"}]`` (the
events before index 5 ran under version "1"). Cases are written in id
order, so the same store always exports the same bytes.

Export shows confidential values as the placeholder unless a ``Reveal``
names a role among their readers, and replaces a withheld value found in
the free text (a note, a summary; in any rendering) by the placeholder too;
each case whose values are revealed gets an ``export`` audit record,
written before its line. Import is all or
nothing: one transaction; every line is parsed, its history replayed under
its workflow version(s), its state and data compared with what the line
says; the first bad line raises an error naming its line number, and
nothing is written. Messages quote ids, triggers and states, never data.

Both are functions over a store's backend and its ``definitions``, called
by ``Store.export_jsonl`` and ``Store.import_jsonl``: reading and
rebuilding a page of cases is ``reads``', building and inserting their rows
``writes``', the audit records ``confidentiality``'s.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any

from caseflow.case import EMPTY, Case, Event
from caseflow.errors import CaseflowError, HistoryError, InputError, StoreError
from caseflow.store import confidentiality
from caseflow.store.backend import Backend, Cursor
from caseflow.store.definitions import Definitions
from caseflow.store.history import MIGRATE, WorkflowLike, replay_versions
from caseflow.store.reads import read_page, rebuild
from caseflow.store.redaction import REDACTED, Reveal, dump_json, scrub_line
from caseflow.store.writes import Write, case_write, insert_new
from caseflow.text import Scrubber, nfc

__all__ = ["case_line", "export_cases", "import_cases", "line_text"]

PAGE = 500
"""Cases read per transaction by an export, and written per batch by an import."""

Progress = Callable[[int], object]


def case_line(case: Case, versions: Sequence[str]) -> dict[str, Any]:
    """The JSON-ready line of ``case``, whose events ran under ``versions``."""
    line = case.to_dict()
    migrations = [
        {"event": i, "from": versions[i - 1], "to": versions[i]}
        for i in range(1, len(versions))
        if versions[i] != versions[i - 1]
    ]
    if migrations:
        line["migrations"] = migrations
    return line


# JSON leaves these unescaped outside ASCII, yet str.splitlines() and many
# readers break lines at them; escaped, every case stays on one line.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def line_text(line: dict[str, Any]) -> str:
    """One case as one line of JSON, whatever line-breaking characters its text holds."""
    return dump_json(line).translate(_LINE_BREAKS)


def export_cases(
    db: Backend,
    definitions: Definitions,
    out: IO[str],
    *,
    workflow: str | None = None,
    reveal: Reveal | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the store's cases to ``out``, one JSON line each; returns how many.

    The caller holds the store's lock (``Store.export_jsonl``).
    """
    if reveal is not None:
        reveal.check()
    count = 0
    after: str | None = None
    while True:
        with db._reading() as cur:
            page = read_page(cur, workflow, after, PAGE)
        if not page:
            return count
        after = page[-1][0][0]
        lines: list[dict[str, Any]] = []
        audits: list[confidentiality.AuditItem] = []
        withheld: dict[str, list[str]] = {}
        for head, rows in page:
            case_id, name, version = head[0], head[1], head[2]
            current = definitions.workflow(name, version)
            secrets = None
            shown: Sequence[str] = ()
            if reveal is not None:
                secrets, item = confidentiality.revealed(
                    db, current.spec, reveal, "export", case_id, int(head[4])
                )
                if item is not None:
                    audits.append(item)
                    shown = item[4]
            case = rebuild(definitions, case_id, head, rows, current, secrets)
            versions = [str(r[9]) for r in rows]
            lines.append(case_line(case, versions))
            withheld[case_id] = [n for n in definitions.confidential(name) if n not in shown]
        # A withheld value typed into free text (a note, a summary) is withheld too.
        with db._reading() as cur:
            hidden = confidentiality.withheld_texts(cur, withheld)
        if audits:
            confidentiality.record(db, audits)
        for line in lines:
            values = hidden.get(line["id"])
            if values:
                line = scrub_line(line, Scrubber(values, REDACTED))
            out.write(line_text(line))
            out.write("\n")
        count += len(lines)
        if progress is not None:
            progress(len(lines))


def import_cases(
    db: Backend,
    definitions: Definitions,
    lines: Iterable[str],
    *,
    workflows: Iterable[WorkflowLike] = (),
    accept_redacted: bool = False,
    progress: Progress | None = None,
) -> int:
    """Import every line's case in one transaction; returns how many were imported.

    The caller holds the store's lock (``Store.import_jsonl``).
    """
    given: dict[tuple[str, str], WorkflowLike] = {}
    for wf in workflows:
        given[(wf.spec.name, wf.spec.version)] = wf
    seen: dict[str, int] = {}
    count = 0
    try:
        count = _import(db, definitions, lines, given, accept_redacted, progress, seen)
    except BaseException:
        # Definitions stored inside the rolled-back transaction are gone again.
        definitions.forget_stored()
        raise
    return count


def _import(
    db: Backend,
    definitions: Definitions,
    lines: Iterable[str],
    given: Mapping[tuple[str, str], WorkflowLike],
    accept_redacted: bool,
    progress: Progress | None,
    seen: dict[str, int],
) -> int:
    count = 0
    with db._writing("importing cases") as cur:
        importer = _Importer(definitions, cur, given, accept_redacted)
        batch: list[Write] = []
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                write = importer.prepare(text, seen, number)
            except CaseflowError as err:
                kind = InputError if isinstance(err, InputError) else StoreError
                raise kind(f"line {number}: {err}; nothing was imported") from None
            batch.append(write)
            if len(batch) >= PAGE:
                _flush(cur, batch, seen)
                count += len(batch)
                if progress is not None:
                    progress(len(batch))
                batch = []
        if batch:
            _flush(cur, batch, seen)
            count += len(batch)
            if progress is not None:
                progress(len(batch))
    return count


def _flush(cur: Cursor, batch: list[Write], seen: Mapping[str, int]) -> None:
    ids = [w.case.id for w in batch]
    cur.execute(f"SELECT id FROM cases WHERE id IN ({', '.join('?' * len(ids))})", ids)
    taken = sorted((seen[str(r[0])], str(r[0])) for r in cur.fetchall())
    if taken:
        number, case_id = taken[0]
        raise StoreError(
            f"line {number}: case {case_id!r} is already in the store; import adds new cases "
            "only; nothing was imported"
        )
    insert_new(cur, batch)


class _Importer:
    """Turns lines into checked writes, inside the import's transaction."""

    def __init__(
        self,
        definitions: Definitions,
        cur: Cursor,
        given: Mapping[tuple[str, str], WorkflowLike],
        accept_redacted: bool,
    ) -> None:
        self.definitions = definitions
        self.cur = cur
        self.given = given
        self.accept_redacted = accept_redacted
        self.resolved: dict[tuple[str, str], WorkflowLike] = {}

    def workflow(self, name: str, version: str) -> WorkflowLike:
        key = (name, version)
        found = self.resolved.get(key)
        if found is None:
            try:
                found = self.definitions.workflow(name, version, self.given.get(key), self.cur)
                self.definitions.store(found.spec, self.cur)
            except StoreError:
                raise StoreError(
                    f"workflow {name!r} version {version!r} is neither in the store nor passed "
                    "to the import (workflows=[...], or --workflow FILE on the command line)"
                ) from None
            self.resolved[key] = found
        return found

    def prepare(self, text: str, seen: dict[str, int], number: int) -> Write:
        try:
            obj = json.loads(text)
        except ValueError as err:
            reason = err.msg if isinstance(err, json.JSONDecodeError) else "bad text"
            raise InputError(
                f"not valid JSON ({reason} at character {getattr(err, 'pos', '?')})"
            ) from None
        if not isinstance(obj, dict):
            raise InputError(
                "a line must be a JSON object with id, workflow, version, state, data and history"
            )
        case_id = nfc(_text(obj, "id", "the line"))  # one id, however it was typed
        name = _text(obj, "workflow", f"case {case_id!r}")
        version = _text(obj, "version", f"case {case_id!r}")
        state = _text(obj, "state", f"case {case_id!r}")
        data = obj.get("data")
        history = obj.get("history")
        if not isinstance(data, dict):
            raise InputError(f"case {case_id!r}: 'data' must be a JSON object")
        if not isinstance(history, list) or not history:
            raise InputError(f"case {case_id!r}: 'history' must be a non-empty list of events")
        if case_id in seen:
            raise InputError(f"case {case_id!r} is already on line {seen[case_id]} of this file")
        seen[case_id] = number
        versions = _versions(case_id, version, len(history), obj.get("migrations"))
        current = self.workflow(name, version)
        events, at_texts = _events(case_id, history)
        for i, v in enumerate(versions):
            if i and v != versions[i - 1] and events[i].trigger != MIGRATE:
                raise InputError(
                    f"case {case_id!r}: 'migrations' says the version changes at event {i}, "
                    f"which is a {events[i].trigger!r} event, not 'migrate'"
                )
        try:
            case = replay_versions(
                case_id,
                events,
                versions,
                lambda v: self.workflow(name, v),
                self.definitions.table,
            )
        except HistoryError as err:
            raise InputError(str(err)) from None
        if case.state != state:
            raise InputError(
                f"case {case_id!r}: the line says state {state!r}, but its history ends in "
                f"{case.state!r}"
            )
        differ = sorted(
            k for k in set(data) | set(case.data) if data.get(k, _MISSING) != case.data.get(k)
        )
        if differ:
            raise InputError(
                f"case {case_id!r}: the line's data disagrees with its history for field(s) "
                f"{', '.join(differ)}"
            )
        return case_write(
            self.definitions,
            current,
            case,
            0,
            self.definitions.confidential(name, self.cur),
            versions=versions,
            at_texts=at_texts,
            withheld_ok=self.accept_redacted,
            refuse=lambda seq, event, fields: InputError(
                f"case {case_id!r}, event {seq}: confidential field(s) {', '.join(sorted(fields))} "
                f"show the placeholder {REDACTED!r}: this is a redacted export, and importing it "
                "would lose those values; export with a reveal by an allowed role, or accept "
                "them as withheld (accept_redacted=True, --accept-redacted)"
            ),
        )


_MISSING = object()
_OPTIONAL = ("source", "actor", "role", "note")


def _text(obj: Mapping[str, Any], key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise InputError(f"{what}: {key!r} must be non-empty text")
    return value


def _versions(case_id: str, version: str, count: int, migrations: Any) -> list[str]:
    if migrations is None:
        return [version] * count
    if not isinstance(migrations, list) or not migrations:
        raise InputError(f"case {case_id!r}: 'migrations' must be a non-empty list")
    versions: list[str] = []
    reached: str | None = None
    for m in migrations:
        if (
            not isinstance(m, dict)
            or not isinstance(m.get("event"), int)
            or not isinstance(m.get("from"), str)
            or not isinstance(m.get("to"), str)
        ):
            raise InputError(
                f"case {case_id!r}: each migration must be "
                '{"event": N, "from": "version", "to": "version"}'
            )
        at = m["event"]
        if not len(versions) < at < count or (reached is not None and m["from"] != reached):
            raise InputError(
                f"case {case_id!r}: the migrations must be in event order, inside the history, "
                "each starting from the version the previous one reached"
            )
        versions.extend([m["from"]] * (at - len(versions)))
        reached = m["to"]
    assert reached is not None
    versions.extend([reached] * (count - len(versions)))
    if versions[-1] != version:
        raise InputError(
            f"case {case_id!r}: the line says version {version!r}, but its last migration "
            f"goes to {versions[-1]!r}"
        )
    return versions


def _events(case_id: str, history: list[Any]) -> tuple[list[Event], list[str]]:
    """The events of a line, checked, and their times as written (stored as they are)."""
    events: list[Event] = []
    texts: list[str] = []
    fromiso = dt.datetime.fromisoformat
    add, add_text = events.append, texts.append
    # The import's hot loop: type checks inline, messages built only on error.
    for index, raw in enumerate(history):
        if type(raw) is not dict:
            raise InputError(f"case {case_id!r}, event {index}: an event must be a JSON object")
        get = raw.get
        trigger, dest, at = get("trigger"), get("dest"), get("at")
        source, actor, role, note = get("source"), get("actor"), get("role"), get("note")
        changes = get("changes")
        if type(trigger) is not str or type(dest) is not str or type(at) is not str:
            raise _bad_event(case_id, index, raw)
        if (
            (source is not None and type(source) is not str)
            or (actor is not None and type(actor) is not str)
            or (role is not None and type(role) is not str)
            or (note is not None and type(note) is not str)
        ):
            raise _bad_event(case_id, index, raw)
        try:
            when = fromiso(at)
        except ValueError:
            raise InputError(
                f"case {case_id!r}, event {index}: 'at' is not ISO 8601 text; write e.g. "
                "'2026-02-10T08:30:00+07:00'"
            ) from None
        if when.tzinfo is None:
            raise InputError(
                f"case {case_id!r}, event {index}: 'at' has no UTC offset; a history's times "
                "must carry one"
            )
        if changes is None:
            changes = EMPTY
        elif type(changes) is not dict:
            raise InputError(f"case {case_id!r}, event {index}: 'changes' must be a JSON object")
        add(Event(trigger, source, dest, when, actor, role, note, changes or EMPTY))
        add_text(at)
    return events, texts


def _bad_event(case_id: str, index: int, raw: dict[str, Any]) -> InputError:
    where = f"case {case_id!r}, event {index}"
    for key in ("trigger", "dest"):
        if not isinstance(raw.get(key), str):
            return InputError(f"{where}: {key!r} must be text")
    if not isinstance(raw.get("at"), str):
        return InputError(f"{where}: 'at' must be ISO 8601 text with its UTC offset")
    for key in _OPTIONAL:
        if raw.get(key) is not None and not isinstance(raw[key], str):
            return InputError(f"{where}: {key!r} must be text or null")
    return InputError(f"{where}: the event is malformed")  # pragma: no cover
