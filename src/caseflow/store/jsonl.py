"""Export and import of case histories as JSON Lines.

This module owns the file format and the import's checks. One line per
case, in ``Case.to_dict()`` form (``id``, ``workflow``, ``version``,
``state``, ``data``, ``history``), and, for a case moved between workflow
versions, ``migrations``: ``[{"event": 5, "from": "1", "to": "2"}]`` (the
events before index 5 ran under version "1"). Cases are written in id
order, so the same store always exports the same bytes.

An export to a file is written under a temporary name in the same folder
and renamed into place only when complete (``export_to_file``).
Export shows confidential values as the placeholder unless a ``Reveal``
names a role among their readers, and replaces a withheld value found in
the free text (a note, a summary; in any rendering) by the placeholder too;
each case whose values are revealed gets
an ``export`` audit record, written before its line. Import is all or
nothing: one transaction; every line is read (``lines``: UTF-8, length and
depth limits, its shape), its history replayed under its workflow
version(s), then checked as live firings would have been (field values,
roles, declarative guards, on the data as it was at each event:
``history.check_versions``), its state and data compared with what the
line says. Every bad line is collected, and all are raised at once in one
``ImportRefused`` (``line N: case 'ID', event K: what``), with nothing
written. A step that depends on a registered guard cannot be re-checked;
the result (``Imported``) counts those. Messages quote ids, triggers,
states and non-confidential values, never a confidential one.

Both are functions over a store's backend and its ``definitions``, called
by ``Store.export_jsonl`` and ``Store.import_jsonl``: reading and
rebuilding a page of cases is ``reads``', building and inserting their rows
``writes``', the audit records ``confidentiality``'s.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from caseflow.case import Case
from caseflow.errors import (
    CaseflowError,
    HistoryError,
    ImportRefused,
    InputError,
    LineProblem,
    StoreError,
)
from caseflow.i18n import _
from caseflow.store import confidentiality
from caseflow.store.backend import Backend, Cursor
from caseflow.store.definitions import Definitions
from caseflow.store.history import MIGRATE, WorkflowLike, check_versions, replay_versions
from caseflow.store.lines import case_text, decode, parse, read_events, read_versions
from caseflow.store.queries import deadline_rows
from caseflow.store.reads import read_page, rebuild
from caseflow.store.redaction import REDACTED, Reveal, dump_json, scrub_line
from caseflow.store.schema import LATE_INDEXES
from caseflow.store.writes import Write, case_write, index_batch, insert_new
from caseflow.text import Scrubber, nfc

__all__ = ["MAX_PROBLEMS", "Imported", "case_line", "export_cases", "import_cases", "line_text"]

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
    text = dump_json(line)
    # translate() looks every character up in the table (a fifth of an
    # export's time, profiled); three searches for the rare ones are cheap.
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        return text.translate(_LINE_BREAKS)
    return text


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


def export_to_file(
    db: Backend,
    definitions: Definitions,
    path: str | os.PathLike[str],
    **options: Any,
) -> int:
    """``export_cases`` into the file ``path``, which appears only when complete.

    The lines go to a new file beside ``path`` (``.NAME.RANDOM.tmp``), are
    synced to disk, and the file is renamed over ``path`` only then: a full
    disk, an error or a kill leaves ``path`` as it was (absent, or the
    previous export), never a partial export. Failures are ``StoreError``.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        # O_EXCL: never write through a file (or a planted link) of that name.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as err:
        raise StoreError(
            _(
                "cannot write the export {value!r}: {value2} (creating a "
                "temporary file in {value3!r}); nothing was written"
            ).format(value=str(target), value2=err.strerror or err, value3=str(target.parent))
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            count = export_cases(db, definitions, out, **options)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as err:
        raise StoreError(
            _(
                "cannot write the export {value!r}: {value2}; the file was "
                "left as it was (nothing of this export was written to it)"
            ).format(value=str(target), value2=err.strerror or err)
        ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    with contextlib.suppress(OSError):  # the rename itself survives a power cut
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return count


class Imported(int):
    """How many cases an import wrote (it is that number), and ``unchecked``:
    how many of their steps depend on a registered guard, which an import
    cannot re-run (it is the app's code, and may consult today's world)."""

    unchecked: int

    def __new__(cls, count: int, unchecked: int = 0) -> Imported:
        made = super().__new__(cls, count)
        made.unchecked = unchecked
        return made


MAX_PROBLEMS = 100
"""The bad lines an import reports one by one; the rest are counted."""


def import_cases(
    db: Backend,
    definitions: Definitions,
    lines: Iterable[str | bytes],
    *,
    workflows: Iterable[WorkflowLike] = (),
    accept_redacted: bool = False,
    progress: Progress | None = None,
) -> Imported:
    """Import every line's case in one transaction; returns how many were imported.

    Every line is read and checked, and every bad one reported at once in
    one ``ImportRefused``, with nothing imported. The caller holds the
    store's lock (``Store.import_jsonl``).
    """
    given: dict[tuple[str, str], WorkflowLike] = {}
    for wf in workflows:
        given[(wf.spec.name, wf.spec.version)] = wf
    try:
        return _import(db, definitions, lines, given, accept_redacted, progress)
    except BaseException:
        # Definitions stored inside the rolled-back transaction are gone again.
        definitions.forget_stored()
        raise


class _Problems:
    """The bad lines found so far: the first ``MAX_PROBLEMS`` kept, the rest counted."""

    def __init__(self) -> None:
        self.kept: list[LineProblem] = []
        self.more = 0

    def __bool__(self) -> bool:
        return bool(self.kept)

    def add(self, problem: LineProblem) -> None:
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)
        else:
            self.more += 1

    def error(self) -> ImportRefused:
        return ImportRefused(sorted(self.kept, key=lambda p: p.line), more=self.more)


def _import(
    db: Backend,
    definitions: Definitions,
    lines: Iterable[str | bytes],
    given: Mapping[tuple[str, str], WorkflowLike],
    accept_redacted: bool,
    progress: Progress | None,
) -> Imported:
    problems = _Problems()
    seen: dict[str, int] = {}
    with db._writing(_("importing cases")) as cur:
        # Into an empty store, the indexes that only serve queries are built
        # once at the end rather than grown row by row; the keys and every
        # constraint stay. Inside the transaction: a refused import rolls the
        # drop back with everything else.
        cur.execute("SELECT 1 FROM cases LIMIT 1")
        late = cur.fetchone() is None
        if late:
            for name in LATE_INDEXES:
                cur.execute(f"DROP INDEX {name}")
        importer = _Importer(definitions, cur, given, accept_redacted)
        with db._bulk_writing(cur), _collector_paused() as collect:
            count = _import_lines(
                cur, definitions, lines, importer, seen, problems, progress, collect
            )
            if problems:
                raise problems.error()
            if late:
                for statement in LATE_INDEXES.values():
                    cur.execute(statement)
    return Imported(count, importer.unchecked)


@contextlib.contextmanager
def _collector_paused() -> Iterator[Callable[[], object]]:
    """The cyclic garbage collector paused for an import, run once per batch written.

    A line makes a few hundred containers (its parsed JSON, events, rows),
    freed by reference counting once its batch is written; with the
    collector running, each is walked by the collections their allocation
    triggers (measured: a tenth of an import's CPU time). Between batches
    the young generations are collected (cheap: the batch is gone), so
    memory stays bounded by one batch. The state the caller had is restored.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield (lambda: gc.collect(1)) if running else (lambda: None)
    finally:
        if running:
            gc.enable()


def _import_lines(
    cur: Cursor,
    definitions: Definitions,
    lines: Iterable[str | bytes],
    importer: _Importer,
    seen: dict[str, int],
    problems: _Problems,
    progress: Progress | None,
    collect: Callable[[], object],
) -> int:
    """Prepare and write every line in batches of ``PAGE``; the number of cases written."""
    count = collected = 0
    batch: list[tuple[Write, WorkflowLike]] = []
    for number, raw in enumerate(lines, start=1):
        if number - collected > 4 * PAGE:  # a long run of bad lines writes no batch
            collect()
            collected = number
        if not raw.strip():
            continue
        try:
            write = importer.prepare(raw, seen, number)
        except ImportRefused as err:
            for p in err.problems:
                problems.add(p)
            continue
        except HistoryError as err:
            problems.add(
                LineProblem(line=number, message=str(err), case_id=err.case_id, event=err.index)
            )
            continue
        except CaseflowError as err:
            problems.add(LineProblem(line=number, message=str(err)))
            continue
        batch.append(write)
        if len(batch) >= PAGE:
            count += _flush(cur, definitions, batch, seen, problems, progress)
            batch = []
            collect()
            collected = number
    if batch:
        count += _flush(cur, definitions, batch, seen, problems, progress)
    return count


def _flush(
    cur: Cursor,
    definitions: Definitions,
    prepared: list[tuple[Write, WorkflowLike]],
    seen: Mapping[str, int],
    problems: _Problems,
    progress: Progress | None,
) -> int:
    """Insert ``batch`` unless a line was bad; its cases already stored are problems.

    The deadline index rows of the batch are computed here, in one pass per
    workflow version (``writes.index_batch``); a case whose deadlines cannot
    be computed is its line's problem, as every other check of the line.
    """
    batch = [w for w, _prepared in prepared]
    try:
        index_batch(definitions, prepared)
    except CaseflowError:
        for w, wf in prepared:
            w.deadlines.clear()
            try:
                w.deadlines.extend(deadline_rows(wf, w.case, definitions.clock_states(wf.spec)))
            except CaseflowError as err:
                problems.add(LineProblem(line=seen[w.case.id], message=str(err)))
    ids = [w.case.id for w in batch]
    cur.execute(f"SELECT id FROM cases WHERE id IN ({', '.join('?' * len(ids))})", ids)
    for number, case_id in sorted((seen[str(r[0])], str(r[0])) for r in cur.fetchall()):
        problems.add(
            LineProblem(
                line=number,
                message=_(
                    "case {case_id!r} is already in the store; import adds new cases only"
                ).format(case_id=case_id),
                case_id=case_id,
            )
        )
    if problems:
        return 0
    insert_new(cur, batch)
    if progress is not None:
        progress(len(batch))
    return len(batch)


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
        self.resolved: dict[tuple[str, str], WorkflowLike | StoreError] = {}
        self.unchecked = 0
        """Steps of the imported cases whose outcome depends on a registered guard."""

    def workflow(self, name: str, version: str) -> WorkflowLike:
        key = (name, version)
        found = self.resolved.get(key)
        if found is None:
            try:
                found = self.definitions.workflow(name, version, self.given.get(key), self.cur)
                self.definitions.store(found.spec, self.cur)
            except StoreError:
                # Said without Python names: the command line prints it as it is.
                found = StoreError(
                    _(
                        "workflow {name!r} version {version!r} is neither in the store nor given "
                        "to the import; give the import its definition (on the command line: "
                        "--workflow FILE)"
                    ).format(name=name, version=version)
                )
            self.resolved[key] = found
        if isinstance(found, StoreError):
            raise found
        return found

    def prepare(
        self, raw: str | bytes, seen: dict[str, int], number: int
    ) -> tuple[Write, WorkflowLike]:
        obj = parse(decode(raw))
        if not isinstance(obj, dict):
            raise InputError(
                _(
                    "a line must be a JSON object with id, workflow, version, "
                    "state, data and history"
                )
            )
        case_id = nfc(case_text(obj, "id", _("the line")))  # one id, however it was typed
        owner = _("case {case_id!r}").format(case_id=case_id)
        name = case_text(obj, "workflow", owner)
        version = case_text(obj, "version", owner)
        state = case_text(obj, "state", owner)
        data = obj.get("data")
        history = obj.get("history")
        if not isinstance(data, dict):
            raise InputError(
                _("case {case_id!r}: 'data' must be a JSON object").format(case_id=case_id)
            )
        if not isinstance(history, list) or not history:
            raise InputError(
                _("case {case_id!r}: 'history' must be a non-empty list of events").format(
                    case_id=case_id
                )
            )
        if case_id in seen:
            raise InputError(
                _("case {case_id!r} is already on line {seen} of this file").format(
                    case_id=case_id, seen=seen[case_id]
                )
            )
        seen[case_id] = number
        versions = read_versions(case_id, version, len(history), obj.get("migrations"))
        current = self.workflow(name, version)
        events, at_texts = read_events(case_id, history)
        for i, v in enumerate(versions):
            if i and v != versions[i - 1] and events[i].trigger != MIGRATE:
                raise InputError(
                    _(
                        "case {case_id!r}: 'migrations' says the version changes at "
                        "event {i}, which is a {trigger!r} event, not 'migrate'"
                    ).format(case_id=case_id, i=i, trigger=events[i].trigger)
                )
        resolve = functools.partial(self.workflow, name)
        case = replay_versions(case_id, events, versions, resolve, self.definitions.table)
        found = check_versions(case_id, events, versions, resolve, withheld=REDACTED)
        self.unchecked += found.unchecked
        bad = [
            LineProblem(line=number, message=str(err), case_id=case_id, event=err.index)
            for err in found.problems
        ]
        if case.state != state:
            bad.append(
                LineProblem(
                    line=number,
                    message=_(
                        "case {case_id!r}: the line says state {state!r}, but its "
                        "history ends in {ended!r}"
                    ).format(case_id=case_id, state=state, ended=case.state),
                    case_id=case_id,
                )
            )
        differ = (
            []
            if data == case.data
            else sorted(
                k for k in set(data) | set(case.data) if data.get(k, _MISSING) != case.data.get(k)
            )
        )
        if differ:
            bad.append(
                LineProblem(
                    line=number,
                    message=_(
                        "case {case_id!r}: the line's data disagrees with its history for "
                        "field(s) {fields}"
                    ).format(case_id=case_id, fields=", ".join(differ)),
                    case_id=case_id,
                )
            )
        if bad:
            raise ImportRefused(bad)
        write = case_write(
            self.definitions,
            current,
            case,
            0,
            self.definitions.confidential(name, self.cur),
            versions=versions,
            at_texts=at_texts,
            withheld_ok=self.accept_redacted,
            refuse=lambda seq, event, fields: InputError(
                _(
                    "case {case_id!r}, event {seq}: confidential field(s) "
                    "{value} show the placeholder {redacted!r}: this is a "
                    "redacted export, and importing it would lose those values; "
                    "export with a reveal by an allowed role, or accept them as "
                    "withheld (accept_redacted=True, --accept-redacted)"
                ).format(
                    case_id=case_id, seq=seq, value=", ".join(sorted(fields)), redacted=REDACTED
                )
            ),
            index=False,
        )
        return write, self.definitions.for_deadlines(current)


_MISSING = object()
