"""The workflow versions a store keeps: which definition each case runs under.

This module owns the ``workflows`` table and what the store derives from
it. ``Definitions`` keeps each (name, version) once, as YAML text, and
refuses a different definition under a stored name and version; it finds
the workflow of a version (the app's registered ``Workflow``, or one rebuilt
from the stored YAML, ``history.StoredWorkflow``), and caches per version
what saves and loads need: the transition table, the fields confidential
in any version of a workflow, and the states in which some deadline clock
runs. Moving a case between versions is ``migration``'s; replaying across
them is ``history``'s. The transactions are the ``backend``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from caseflow.charts import expand
from caseflow.definition import WorkflowSpec
from caseflow.errors import CaseflowError, DefinitionError, InputError, StoreError
from caseflow.i18n import _
from caseflow.loading import dump_workflow, read_workflow
from caseflow.store.backend import Backend, Cursor
from caseflow.store.history import StoredWorkflow, Table, WorkflowLike, transition_table
from caseflow.store.redaction import confidential_fields

__all__ = ["Definitions", "definition_text"]

_SELECT = "SELECT definition, complete FROM workflows WHERE name = ? AND version = ?"


class Definitions:
    """The workflow definitions of one store, and what it derives from each version.

    The caller holds the store's lock; ``cur``, where a method takes one,
    is the caller's open transaction (an import stores definitions inside
    its own, so that they roll back with it).
    """

    def __init__(self, db: Backend) -> None:
        self._db = db
        self._workflows: dict[tuple[str, str], WorkflowLike] = {}
        self._complete: dict[tuple[str, str], bool] = {}
        # The definition known to be stored under each (name, version).
        self._stored: dict[tuple[str, str], WorkflowSpec] = {}
        self._tables: dict[int, tuple[WorkflowSpec, Table]] = {}
        self._confidential: dict[str, frozenset[str]] = {}
        self._clocks: dict[int, tuple[WorkflowSpec, frozenset[str]]] = {}
        self._nested: dict[tuple[str, str], bool] = {}

    def register(self, workflow: WorkflowLike) -> None:
        """Use ``workflow`` for its cases, and keep its definition in the store."""
        spec = getattr(workflow, "spec", None)
        if not isinstance(spec, WorkflowSpec):
            raise InputError(
                _("expected a caseflow Workflow, not {kind}").format(kind=type(workflow).__name__)
            )
        self.store(spec)
        self._workflows[(spec.name, spec.version)] = workflow

    def names(self) -> list[tuple[str, str]]:
        """The (name, version) of every stored definition, sorted."""
        with self._db._reading() as cur:
            cur.execute("SELECT name, version FROM workflows ORDER BY name, version")
            return [(str(n), str(v)) for n, v in cur.fetchall()]

    def all_flat(self, cur: Cursor, workflow: str | None) -> bool:
        """Whether no stored definition (of ``workflow``, or of any) has nested states.

        Read in ``cur``, the query's own transaction, so that a nested
        version another process stored is seen; each version's answer is
        cached (a stored definition never changes). One that cannot be
        loaded counts as nested: the slower form of the query is the safe one.
        """
        if workflow is None:
            cur.execute("SELECT name, version FROM workflows")
        else:
            cur.execute("SELECT name, version FROM workflows WHERE name = ?", (workflow,))
        for name, version in cur.fetchall():
            key = (str(name), str(version))
            nested = self._nested.get(key)
            if nested is None:
                try:
                    nested = self.workflow(key[0], key[1], cur=cur).spec.nested
                except CaseflowError:
                    nested = True
                self._nested[key] = nested
            if nested:
                return False
        return True

    def text(self, name: str, version: str) -> str:
        """The YAML text of a stored definition."""
        with self._db._reading() as cur:
            cur.execute(
                "SELECT definition FROM workflows WHERE name = ? AND version = ?", (name, version)
            )
            row = cur.fetchone()
        if row is None:
            raise self._unknown(name, version)
        return str(row[0])

    def store(self, spec: WorkflowSpec, cur: Cursor | None = None) -> None:
        """Keep ``spec`` in the store, unless it is there already (then check it is the same)."""
        key = (spec.name, spec.version)
        known = self._stored.get(key)
        if known is not None and (known is spec or known == spec):
            return
        text, complete = definition_text(spec)
        # Read first: a store opened read-only can still check a definition.
        with self._db._read_with(cur) as c:
            c.execute(_SELECT, key)
            row = c.fetchone()
        if row is not None:
            complete = self._same_as_stored(spec, text, complete, row)
        elif cur is None:
            doing = _("storing workflow {name!r} version {version!r}").format(
                name=spec.name, version=spec.version
            )
            with self._db._writing(doing) as c:
                complete = self._put(c, spec, text, complete)
        else:
            complete = self._put(cur, spec, text, complete)
        self._stored[key] = spec
        self._complete[key] = complete
        self._confidential.pop(spec.name, None)

    def _put(self, cur: Cursor, spec: WorkflowSpec, text: str, complete: bool) -> bool:
        cur.execute(
            "INSERT INTO workflows (name, version, definition, complete) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (spec.name, spec.version, text, int(complete)),
        )
        if cur.rowcount == 1:
            return complete
        # Another writer stored it between our read and this insert.
        cur.execute(_SELECT, (spec.name, spec.version))
        return self._same_as_stored(spec, text, complete, cur.fetchone())

    def _same_as_stored(
        self, spec: WorkflowSpec, text: str, complete: bool, row: Sequence[Any]
    ) -> bool:
        stored, stored_complete = str(row[0]), bool(row[1])
        if stored != text and not _same_definition(stored, text):
            raise StoreError(
                _(
                    "workflow {name!r} version {version!r} is already stored "
                    "with a different definition; a stored version never "
                    "changes, so that every case keeps the rules it ran under: "
                    "give the changed definition a new version and move cases to "
                    "it with store.migrate()"
                ).format(name=spec.name, version=spec.version)
            )
        return complete or stored_complete

    def _unknown(self, name: str, version: str) -> StoreError:
        return StoreError(
            _(
                "workflow {name!r} version {version!r} is not in the store "
                "{url}; register it once with store.register(wf), or pass "
                "it: store.save(case, wf)"
            ).format(name=name, version=version, url=self._db.url)
        )

    def workflow(
        self,
        name: str,
        version: str,
        given: WorkflowLike | None = None,
        cur: Cursor | None = None,
    ) -> WorkflowLike:
        """The workflow for (name, version): ``given``, a registered one, or the stored YAML."""
        key = (name, version)
        if given is not None and (given.spec.name, given.spec.version) == key:
            self.store(given.spec, cur)
            self._workflows[key] = given
            return given
        found = self._workflows.get(key)
        if found is not None:
            return found
        with self._db._read_with(cur) as c:
            c.execute(_SELECT, key)
            row = c.fetchone()
        if row is None:
            raise self._unknown(name, version)
        try:
            spec = read_workflow(_yaml(row[0]), filename=f"<store: {name} {version}>")
            rebuilt = StoredWorkflow(spec)
        except CaseflowError as err:
            raise StoreError(
                _(
                    "the stored definition of workflow {name!r} version "
                    "{version!r} cannot be loaded by this caseflow ({kind}); "
                    "pass the Workflow object: store.register(wf)"
                ).format(name=name, version=version, kind=type(err).__name__)
            ) from err
        self._workflows[key] = rebuilt
        self._stored[key] = spec
        self._complete[key] = bool(row[1])
        return rebuilt

    def for_deadlines(self, wf: WorkflowLike) -> WorkflowLike:
        """``wf``, if its deadlines can be computed; a stored YAML that lost rules is refused."""
        key = (wf.spec.name, wf.spec.version)
        if isinstance(wf, StoredWorkflow) and not self._complete.get(key, False):
            raise StoreError(
                _(
                    "workflow {key!r} version {key2!r} was stored from a "
                    "definition that its YAML does not fully hold (deadline "
                    "rules or readers set in Python), so this store cannot keep "
                    "its deadline index from the YAML alone; pass the Workflow "
                    "object: store.register(wf)"
                ).format(key=key[0], key2=key[1])
            )
        return wf

    def table(self, wf: WorkflowLike) -> Table:
        """The transition table of ``wf``'s version (``history.transition_table``), cached."""
        cached = self._tables.get(id(wf.spec))
        if cached is None or cached[0] is not wf.spec:
            cached = (wf.spec, transition_table(wf.spec))
            self._tables[id(wf.spec)] = cached
        return cached[1]

    def clock_states(self, spec: WorkflowSpec) -> frozenset[str]:
        """The states in which some deadline clock of ``spec`` runs or waits, cached."""
        cached = self._clocks.get(id(spec))
        if cached is None or cached[0] is not spec:
            states = expand(spec, [s for r in spec.deadlines for s in (*r.runs_in, *r.paused_in)])
            cached = (spec, frozenset(states))
            self._clocks[id(spec)] = cached
        return cached[1]

    def confidential(self, name: str, cur: Cursor | None = None) -> frozenset[str]:
        """Fields confidential in any stored version of workflow ``name``.

        A field confidential in one version stays apart in every version, so
        that a migration can never move a secret into the events table.
        """
        found = self._confidential.get(name)
        if found is not None:
            return found
        with self._db._read_with(cur) as c:
            c.execute("SELECT version, definition FROM workflows WHERE name = ?", (name,))
            rows = c.fetchall()
        names: set[str] = set()
        for version, text in rows:
            wf = self._workflows.get((name, str(version)))
            if wf is not None:
                names |= confidential_fields(wf.spec)
                continue
            try:
                names |= confidential_fields(read_workflow(_yaml(text)))
            except DefinitionError as err:
                raise StoreError(
                    _(
                        "the stored definition of workflow {name!r} version "
                        "{version!r} cannot be read, so its confidential fields are "
                        "unknown; refusing to write"
                    ).format(name=name, version=version)
                ) from err
        found = frozenset(names)
        self._confidential[name] = found
        return found

    def forget_stored(self) -> None:
        """Forget which definitions are stored: a rolled-back transaction took some away."""
        self._stored.clear()
        self._confidential.clear()


_DEFINITIONS: dict[int, tuple[WorkflowSpec, str, bool]] = {}


def definition_text(spec: WorkflowSpec) -> tuple[str, bool]:
    """The YAML text of ``spec``, and whether it loads back equal (holds the whole spec).

    Cached per spec object: dumping a large workflow takes a fifth of a second.
    """
    cached = _DEFINITIONS.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1], cached[2]
    text = dump_workflow(spec)
    try:
        complete = read_workflow(_yaml(text)) == spec
    except DefinitionError:
        complete = False
    if len(_DEFINITIONS) >= 64:
        _DEFINITIONS.pop(next(iter(_DEFINITIONS)))
    _DEFINITIONS[id(spec)] = (spec, text, complete)
    return text, complete


def _yaml(text: object) -> bytes:
    """Stored YAML as bytes: a stored definition is text, never a file's name."""
    return str(text).encode("utf-8", "surrogatepass")


def _same_definition(a: str, b: str) -> bool:
    try:
        return read_workflow(_yaml(a)) == read_workflow(_yaml(b))
    except DefinitionError:
        return False
