"""The case store's behaviour, the same on SQLite and on a real PostgreSQL.

Every test that takes ``store`` or ``store_url`` runs once per backend; the
PostgreSQL runs skip, saying why, when no server answers.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import caseflow
from caseflow.case import Case, Event
from caseflow.cli.store import COMMANDS
from caseflow.errors import CaseflowError, ConcurrencyError, InputError, StoreError
from caseflow.store import REDACTED, Reveal, Store, open_store
from caseflow.workflow import Workflow
from tests.store_helpers import (
    SECRET,
    SECRET_ID,
    T0,
    at,
    flow,
    main_path,
    petition,
    raw,
    reception,
    secretary,
    store,
    store_url,
)

_ = (store, store_url)  # fixtures


def saved_case(s: Store, case_id: str = "TV-1", steps: int = 1, id_number: bool = True) -> Case:
    wf = reception()
    case = petition(case_id, id_number=id_number)
    main_path(wf, case, steps)
    s.save(case, wf)
    return case


# -- save and load ----------------------------------------------------------------------


def test_save_then_load_rebuilds_the_same_case(store: Store) -> None:
    """A saved case loads back with the same state, history and (non-confidential) data."""
    wf = reception()
    case = saved_case(store, steps=3)
    again = store.load("TV-1", wf)
    assert again.state == case.state == "briefed"
    assert [e.trigger for e in again.history] == ["start", "screen", "select", "brief"]
    assert again.history[1:] == case.history[1:]
    assert again.history[0].at == T0
    assert again.data["summary"] == case.data["summary"]
    assert again.saved == 4


def test_data_survives_closing_and_reopening_the_store(store_url: str) -> None:
    """What one connection saved, a new one (a restarted app) loads."""
    with open_store(store_url) as s:
        saved_case(s, steps=2)
    with open_store(store_url) as s:
        assert s.load("TV-1", reception()).state == "selected"
        assert s.load("TV-1").state == "selected"  # from the stored definition alone


def test_save_writes_only_the_new_events(store: Store, store_url: str) -> None:
    """Saving twice writes each event once; a save with nothing new writes nothing."""
    wf = reception()
    case = saved_case(store)
    store.save(case)
    main_path(wf, case, 2)
    store.save(case)
    store.save(case)
    rows = raw(store_url, "SELECT seq FROM events WHERE case_id = ? ORDER BY seq", ("TV-1",))
    assert [r[0] for r in rows] == [0, 1, 2, 3]
    assert case.saved == 4


def test_a_stale_copy_gets_concurrency_error_and_writes_nothing(store: Store) -> None:
    """Two copies of a case: the second save after the first raises ConcurrencyError."""
    wf = reception()
    saved_case(store)
    first, second = store.load("TV-1", wf), store.load("TV-1", wf)
    wf.fire(first, "select", at=at(2), role="internal_affairs_group")
    wf.fire(second, "file_away", at=at(2), role="reception_officer")
    store.save(first)
    with pytest.raises(ConcurrencyError) as err:
        store.save(second)
    assert err.value.case_id == "TV-1"
    assert "another writer" in str(err.value)
    assert "has 3 events" in str(err.value)
    assert store.load("TV-1", wf).state == "selected"
    assert second.saved == 2


def test_starting_a_case_whose_id_is_taken_is_a_conflict(store: Store) -> None:
    """A new case with an id already in the store is refused with ConcurrencyError."""
    saved_case(store)
    with pytest.raises(ConcurrencyError, match="already has a case with that id"):
        store.save(petition("TV-1"), reception())


def test_save_many_is_all_or_nothing(store: Store) -> None:
    """One conflicting case in a batch: no case of the batch is written."""
    wf = reception()
    saved_case(store, "TV-1")
    stale = store.load("TV-1", wf)
    other = store.load("TV-1", wf)
    wf.fire(other, "select", at=at(2), role="internal_affairs_group")
    store.save(other)
    wf.fire(stale, "guide", at=at(2), role="reception_officer")
    fresh = petition("TV-2")
    with pytest.raises(ConcurrencyError):
        store.save_many([fresh, stale], wf)
    assert not store.exists("TV-2")
    assert fresh.saved == 0


def test_a_workflow_the_store_has_never_seen_must_be_passed_once(store: Store) -> None:
    """save(case) of an unknown workflow says how to register it; after register(), it works."""
    case = petition("TV-1")
    with pytest.raises(StoreError, match=r"register it once with store\.register\(wf\)"):
        store.save(case)
    store.register(reception())
    store.save(case)
    assert store.load("TV-1").state == "received"


def test_loading_an_unknown_case_is_a_clear_error(store: Store) -> None:
    """An unknown id names the id and says how to list the cases."""
    with pytest.raises(StoreError, match=r"no case 'TV-404' in the store .*'caseflow cases' lists"):
        store.load("TV-404", reception())


def test_an_illegal_new_event_is_refused_before_anything_is_written(store: Store) -> None:
    """A hand-made history with an illegal step: StoreError naming the event; nothing written."""
    wf = reception()
    case = saved_case(store)
    bogus = Event("hear", "screened", "heard", at(3), role="secretary")
    forged = Case(
        id=case.id,
        workflow=case.workflow,
        version=case.version,
        state="heard",
        data=case.data,
        history=(*case.history, bogus),
        saved=case.saved,
    )
    with pytest.raises(StoreError, match=r"cannot save case 'TV-1': event 2 is not a legal step"):
        store.save(forged, wf)
    assert len(store.load("TV-1", wf).history) == 2


def test_a_case_that_says_another_state_than_its_history_is_refused(store: Store) -> None:
    """The case's state must be where its history ends."""
    case = petition("TV-9")
    case.state = "heard"
    with pytest.raises(StoreError, match="ends in state 'received' but the case says 'heard'"):
        store.save(case, reception())


def test_text_with_a_nul_character_is_refused_on_every_backend(store: Store) -> None:
    """A NUL in a note or a case id is an InputError on SQLite too, since PostgreSQL cannot keep it."""
    wf = reception()
    case = petition("TV-1")
    wf.fire(case, "screen", at=at(1), role="reception_officer", note="a\x00b")
    with pytest.raises(InputError, match="'note' must be text without NUL characters"):
        store.save(case, wf)
    with pytest.raises(InputError, match="case id must be non-empty text without NUL"):
        store.save(petition("TV\x002"), wf)
    assert store.count() == 0


def test_a_migrate_event_cannot_be_saved_directly(store: Store) -> None:
    """'migrate' is reserved: only store.migrate records it."""
    case = saved_case(store)
    fake = Event("migrate", "screened", "screened", at(3))
    case.history = (*case.history, fake)
    with pytest.raises(StoreError, match=r"'migrate' only through Store\.migrate"):
        store.save(case)


# -- the schema ---------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["events", "secrets"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET seq = seq", "DELETE FROM {t}"])
def test_history_tables_refuse_updates_and_deletes(
    store: Store, store_url: str, table: str, statement: str
) -> None:
    """The schema itself refuses to rewrite or delete a recorded event or secret."""
    saved_case(store)
    with pytest.raises(Exception, match="append-only"):
        raw(store_url, statement.format(t=table))
    assert len(raw(store_url, f"SELECT * FROM {table}")) > 0


def test_workflow_definitions_are_stored_and_never_change(store: Store) -> None:
    """The YAML of each version is kept; a changed definition under the same version is refused."""
    saved_case(store)
    assert store.workflows() == [("citizen_reception", "2026.1")]
    text = store.definition("citizen_reception", "2026.1")
    assert caseflow.load_workflow(text).spec.states == reception().spec.states
    changed = Workflow(attrs.evolve(reception().spec, description="changed"))
    with pytest.raises(StoreError, match="already stored with a different definition"):
        store.register(changed)


# -- queries ------------------------------------------------------------------------------


def test_cases_lists_heads_filtered_by_workflow_and_state(store: Store) -> None:
    """cases() filters by workflow and state, in id order, with keyset paging."""
    saved_case(store, "TV-1", steps=1)
    saved_case(store, "TV-2", steps=2)
    saved_case(store, "TV-3", steps=1)
    f = flow(1)
    store.save(f.start("F-1", at=T0, data={"kind": "x"}), f)
    assert [c.id for c in store.cases()] == ["F-1", "TV-1", "TV-2", "TV-3"]
    assert [c.id for c in store.cases(workflow="citizen_reception", state="screened")] == [
        "TV-1",
        "TV-3",
    ]
    assert [c.id for c in store.cases(state="received")] == ["F-1"]
    assert [c.id for c in store.cases(limit=2, after="TV-1")] == ["TV-2", "TV-3"]
    assert store.count(workflow="citizen_reception") == 3
    head = store.cases(state="selected")[0]
    assert (head.events, head.version, head.updated_at) == (3, "2026.1", at(2))


def test_overdue_and_due_before_come_from_the_deadline_index(store_url: str) -> None:
    """Deadlines are indexed on save; a fresh store with no workflow registered answers."""
    wf = reception()
    with open_store(store_url) as s:
        case = petition("TV-1")
        s.save(case, wf)
        done = petition("TV-2")
        main_path(wf, done, 2)  # selected: the notice deadline is met
        s.save(done, wf)
    # 10 working days after Monday 2 March 2026: Monday 16 March.
    with open_store(store_url) as s:
        assert s.overdue("2026-03-16T23:59") == []
        late = s.overdue("2026-03-17T00:00")
        assert [(d.case_id, d.name, d.due, d.state) for d in late] == [
            ("TV-1", "notice", dt.date(2026, 3, 16), "received")
        ]
        assert late[0].overdue_from == dt.datetime(2026, 3, 16, 17, 0, tzinfo=dt.UTC)
        assert [d.case_id for d in s.due_before(dt.date(2026, 3, 20))] == ["TV-1"]
        assert s.overdue("2026-04-01", workflow="flow") == []
    # The answer is the index's: a row changed behind the store's back is what it reports.
    raw(store_url, "UPDATE deadlines SET due_at = '2026-03-01T00:00:00.000000Z'")
    with open_store(store_url) as s:
        assert [d.case_id for d in s.overdue("2026-03-02")] == ["TV-1"]


def test_the_index_follows_each_save(store: Store) -> None:
    """Moving the case out of the deadline's states takes it off the overdue list."""
    wf = reception()
    case = petition("TV-1")
    store.save(case, wf)
    assert [d.case_id for d in store.overdue("2026-04-01")] == ["TV-1"]
    wf.fire(case, "refer", at=at(20), role="reception_officer")
    store.save(case)
    assert store.overdue("2026-04-01") == []


def test_a_bad_limit_is_an_input_error(store: Store) -> None:
    """limit must be a whole number."""
    with pytest.raises(InputError, match="limit=-1 must be a whole number"):
        store.cases(limit=-1)


# -- workflow versions and migration ------------------------------------------------------


def flow_case(store: Store, case_id: str = "F-1", name: str | None = SECRET) -> Case:
    wf = flow(1)
    data = {"kind": "x", "name": name} if name else {"kind": "x"}
    case = wf.start(case_id, at=T0, data=data)
    wf.fire(case, "check", at=at(1))
    wf.fire(case, "park", at=at(2), data={"kind": "y"})
    store.save(case, wf)
    return case


def test_loading_under_another_version_is_refused_until_migrated(store: Store) -> None:
    """A case runs under the version it started with; another version must migrate it."""
    flow_case(store)
    with pytest.raises(StoreError, match=r"runs under workflow 'flow' version '1'.*store\.migrate"):
        store.load("F-1", flow(2))
    with pytest.raises(InputError, match="belongs to workflow 'flow', not 'citizen_reception'"):
        store.load("F-1", reception())


def test_migrate_records_an_event_and_replays_each_part_under_its_version(store: Store) -> None:
    """After migrate, the old events replay under v1 (which has 'park'), the new under v2."""
    v2 = flow(2)
    store.register(flow(1))
    flow_case(store)
    moved = store.migrate(
        "F-1", v2, mapping={"parked": "received", "checked": "verified"}, at=at(3), actor="admin"
    )
    assert (moved.version, moved.state, moved.saved) == ("2", "received", 4)
    last = moved.history[-1]
    assert (last.trigger, last.source, last.dest, last.actor) == (
        "migrate",
        "parked",
        "received",
        "admin",
    )
    again = store.load("F-1", v2)
    assert [e.trigger for e in again.history] == ["start", "check", "park", "migrate"]
    assert again.data == {"kind": "y", "name": REDACTED}
    v2.fire(again, "verify", at=at(4))
    store.save(again)
    assert store.load("F-1", v2).state == "verified"
    assert store.versions("F-1") == ["1", "1", "1", "2", "2"]
    with pytest.raises(StoreError, match="runs under workflow 'flow' version '2'"):
        store.load("F-1", flow(1))


def test_an_incomplete_mapping_is_refused_naming_what_is_missing(store: Store) -> None:
    """The mapping must say where the case's state goes, and use known states only."""
    flow_case(store)
    with pytest.raises(InputError, match=r"does not say where state\(s\) 'parked' go") as err:
        store.migrate("F-1", flow(2), mapping={"checked": "verified"}, at=at(3))
    assert "States of '2': received, verified, closed" in str(err.value)
    with pytest.raises(InputError, match=r"'parked' maps to 'verifed'.*did you mean 'verified'"):
        store.migrate("F-1", flow(2), mapping={"parked": "verifed"}, at=at(3))
    with pytest.raises(InputError, match="'nowhere' is not a state of version '1'"):
        store.migrate("F-1", flow(2), mapping={"parked": "received", "nowhere": "x"}, at=at(3))
    assert len(store.load("F-1").history) == 3


def test_migrate_refuses_the_same_version_another_workflow_and_earlier_times(store: Store) -> None:
    """Migration goes to another version of the same workflow, at or after the last event."""
    flow_case(store)
    with pytest.raises(InputError, match="already runs under workflow 'flow' version '1'"):
        store.migrate("F-1", flow(1), mapping={"parked": "parked"}, at=at(3))
    with pytest.raises(InputError, match="cannot migrate to 'citizen_reception'"):
        store.migrate("F-1", reception(), mapping={"parked": "received"}, at=at(3))
    with pytest.raises(InputError, match="earlier than the case's last event"):
        store.migrate("F-1", flow(2), mapping={"parked": "received"}, at=at(1))


# -- confidentiality and audit -----------------------------------------------------------


def every_row(url: str) -> str:
    tables = ["events", "cases", "deadlines", "audit", "workflows"]
    return repr([raw(url, f"SELECT * FROM {t}") for t in tables])


def test_confidential_values_are_stored_apart(store: Store, store_url: str) -> None:
    """The events table holds the placeholder; the value is only in the secrets table."""
    saved_case(store)
    assert SECRET not in every_row(store_url)
    assert SECRET_ID not in every_row(store_url)
    changes = raw(store_url, "SELECT changes FROM events WHERE seq = 0")[0][0]
    assert json.loads(changes)["petitioner_name"] == REDACTED
    secrets = raw(store_url, "SELECT case_id, seq, field FROM secrets ORDER BY field")
    assert secrets == [("TV-1", 0, "petitioner_id_number"), ("TV-1", 0, "petitioner_name")]


def test_load_redacts_by_default(store: Store) -> None:
    """Without a reveal, data and history show the placeholder."""
    saved_case(store)
    case = store.load("TV-1", reception())
    assert case.data["petitioner_name"] == REDACTED
    assert case.history[0].changes["petitioner_id_number"] == REDACTED
    assert SECRET not in repr(case) + repr(case.to_dict())


def test_an_allowed_role_reveals_and_the_reveal_is_audited(store: Store) -> None:
    """A reader's role sees the values it may read; who, when, why and which are recorded."""
    saved_case(store)
    case = store.load("TV-1", reception(), reveal=secretary())
    assert case.data["petitioner_name"] == SECRET
    assert case.data["petitioner_id_number"] == REDACTED  # no readers: nobody may see it
    (record,) = store.audit("TV-1")
    assert (record.action, record.actor, record.role, record.reason) == (
        "reveal",
        "bt01",
        "secretary",
        "preparing the session",
    )
    assert record.fields == ("petitioner_name", "petitioner_address", "petitioner_phone")
    assert record.at == at(30)


def test_a_reveal_limited_to_some_fields_shows_only_those(store: Store) -> None:
    """Reveal(fields=...) reveals exactly those fields and records exactly those."""
    saved_case(store)
    reveal = Reveal(
        actor="nc02",
        role="internal_affairs_group",
        reason="conclusion",
        at=at(40),
        fields=("petitioner_name",),
    )
    case = store.load("TV-1", reception(), reveal=reveal)
    assert case.data["petitioner_name"] == SECRET
    assert store.audit("TV-1")[0].fields == ("petitioner_name",)


def test_a_role_that_is_not_a_reader_is_refused_and_the_attempt_is_audited(store: Store) -> None:
    """A refused reveal says who may read each field, reveals nothing, and is recorded."""
    saved_case(store)
    officer = Reveal(actor="cb01", role="reception_officer", reason="curious", at=at(5))
    with pytest.raises(
        caseflow.RevealRefused, match="role 'reception_officer' may not reveal"
    ) as err:
        store.load("TV-1", reception(), reveal=officer)
    assert isinstance(err.value, PermissionError)
    assert err.value.role == "reception_officer"
    assert "'petitioner_name' (readers: secretary, internal_affairs_group)" in str(err.value)
    nobody = secretary(fields=("petitioner_id_number",))
    with pytest.raises(StoreError, match="it has no readers, so nobody may reveal it"):
        store.load("TV-1", reception(), reveal=nobody)
    records = store.audit("TV-1")
    assert [(r.action, r.actor, r.role) for r in records] == [
        ("reveal refused", "cb01", "reception_officer"),
        ("reveal refused", "bt01", "secretary"),
    ]
    assert records[1].fields == ("petitioner_id_number",)


def test_a_reveal_must_say_who_and_why(store: Store) -> None:
    """An empty reason or an unknown role is refused before anything is read."""
    saved_case(store)
    with pytest.raises(InputError, match="needs a non-empty 'reason'"):
        store.load("TV-1", reception(), reveal=secretary(reason=" "))
    with pytest.raises(InputError, match="unknown role 'mayor'"):
        store.load("TV-1", reception(), reveal=Reveal(actor="x", role="mayor", reason="r", at=T0))
    with pytest.raises(InputError, match="not confidential fields"):
        store.load("TV-1", reception(), reveal=secretary(fields=["summary"]))


def test_saving_a_redacted_case_keeps_the_stored_values(store: Store) -> None:
    """A case loaded redacted, moved on and saved: the hidden values are untouched."""
    wf = reception()
    saved_case(store)
    case = store.load("TV-1", wf)
    wf.fire(case, "select", at=at(2), role="internal_affairs_group")
    store.save(case)
    revealed = store.load("TV-1", wf, reveal=secretary())
    assert revealed.data["petitioner_name"] == SECRET
    assert revealed.state == "selected"


def test_carrying_the_placeholder_into_a_new_event_is_refused(store: Store) -> None:
    """Setting a confidential field to the placeholder would hide the real value: refused."""
    wf = reception()
    saved_case(store)
    case = store.load("TV-1", wf)
    wf.update(case, at=at(2), data={"petitioner_name": case.data["petitioner_name"]})
    with pytest.raises(StoreError, match=r"sets the confidential field\(s\) petitioner_name"):
        store.save(case)
    assert store.load("TV-1", wf, reveal=secretary()).data["petitioner_name"] == SECRET


def test_a_new_confidential_value_replaces_the_old_one(store: Store) -> None:
    """An update with a real value is stored apart and revealed as the current value."""
    wf = reception()
    case = saved_case(store)
    wf.update(case, at=at(2), data={"petitioner_name": "Lê Văn Mới"})
    store.save(case)
    revealed = store.load("TV-1", wf, reveal=secretary())
    assert revealed.data["petitioner_name"] == "Lê Văn Mới"
    assert revealed.history[0].changes["petitioner_name"] == SECRET


def test_a_planted_secret_never_appears_in_messages_logs_or_exports(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """Exceptions, log records, reprs and redacted exports never contain a confidential value."""
    wf = reception()
    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []

    def expect(fn: object, *args: object, **kw: object) -> None:
        with pytest.raises(CaseflowError) as err:
            fn(*args, **kw)  # type: ignore[operator]
        errors.append(err.value)

    saved_case(store)
    case = store.load("TV-1", wf)
    stale = store.load("TV-1", wf)
    wf.fire(case, "select", at=at(2), role="internal_affairs_group")
    store.save(case)
    wf.fire(stale, "guide", at=at(2), role="reception_officer")
    expect(store.save, stale)
    wf.update(case, at=at(3), data={"petitioner_name": REDACTED})
    expect(store.save, case)
    expect(
        store.load,
        "TV-1",
        wf,
        reveal=Reveal(actor="a", role="reception_officer", reason="r", at=T0),
    )
    expect(store.save, petition("TV-1"), wf)
    store.load("TV-1", wf, reveal=secretary())
    out = io.StringIO()
    store.export_jsonl(out)
    bad = out.getvalue().replace(
        '"petitioner_name":"[redacted]"', f'"petitioner_name":{json.dumps(SECRET)}', 1
    )
    expect(store.import_jsonl, ["{", bad])
    expect(store.import_jsonl, [bad.replace('"screen"', '"hear"')])
    with open_store("sqlite:///:memory:") as other:
        expect(other.import_jsonl, [out.getvalue()], workflows=[wf])
    shown = out.getvalue() + caplog.text + repr(case) + repr(store)
    shown += "".join(f"{e}{e!r}{e.__cause__}{e.__context__}" for e in errors)
    assert len(errors) == 7
    assert SECRET not in shown
    assert SECRET_ID not in shown


# -- export and import --------------------------------------------------------------------


def export_text(s: Store, **kw: object) -> str:
    out = io.StringIO()
    s.export_jsonl(out, **kw)  # type: ignore[arg-type]
    return out.getvalue()


def test_export_writes_one_redacted_line_per_case_in_id_order(store: Store) -> None:
    """Each line is Case.to_dict() with placeholders; a migrated case lists its migrations."""
    saved_case(store, "TV-2", steps=2)
    saved_case(store, "TV-1", steps=1)
    flow_case(store, "F-1")
    store.migrate("F-1", flow(2), mapping={"parked": "received"}, at=at(3))
    lines = [json.loads(line) for line in export_text(store).splitlines()]
    assert [line["id"] for line in lines] == ["F-1", "TV-1", "TV-2"]
    assert lines[1]["data"]["petitioner_name"] == REDACTED
    assert lines[1]["history"][0]["changes"]["petitioner_name"] == REDACTED
    assert set(lines[1]) == {"id", "workflow", "version", "state", "data", "history"}
    assert lines[0]["migrations"] == [{"event": 3, "from": "1", "to": "2"}]
    assert [
        line["id"] for line in map(json.loads, export_text(store, workflow="flow").splitlines())
    ] == ["F-1"]


def test_a_revealed_export_round_trips_through_import(store: Store, tmp_path: Path) -> None:
    """export (revealed) -> import into an empty store -> export gives the same bytes."""
    saved_case(store, "TV-1", steps=4, id_number=False)
    saved_case(store, "TV-2", steps=1, id_number=False)
    flow_case(store, "F-1", name=None)
    store.migrate("F-1", flow(2), mapping={"parked": "received"}, at=at(3))
    first = export_text(store, reveal=secretary())
    assert SECRET in first
    assert [r.action for r in store.audit("TV-1")] == ["export"]
    with open_store(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        assert copy.import_jsonl(first.splitlines(), workflows=[reception(), flow(1), flow(2)]) == 3
        assert export_text(copy, reveal=secretary()) == first
        assert export_text(copy) == export_text(store)
        assert copy.load("F-1", flow(2)).state == "received"


def test_both_backends_export_the_same_bytes(store: Store) -> None:
    """Cases sort by id in byte order on every backend, so the same cases export alike."""
    ids = ["a-1", "B_2", "Z", "a", "é", "10", "9"]
    with open_store("sqlite:///:memory:") as reference:
        for s in (store, reference):
            for cid in ids:
                saved_case(s, cid, steps=len(cid))
        assert export_text(store) == export_text(reference)
        assert [c.id for c in store.cases()] == sorted(ids)


@pytest.mark.parametrize("revealed", [False, True], ids=["redacted", "revealed"])
def test_importing_a_redacted_export_is_refused_unless_accepted(
    store: Store, revealed: bool
) -> None:
    """Placeholders would lose values: refused naming the line, or kept as withheld.

    A revealed export still hides petitioner_id_number, which has no readers.
    """
    saved_case(store)
    text = export_text(store, reveal=secretary() if revealed else None)
    with open_store("sqlite:///:memory:") as copy:
        with pytest.raises(InputError, match=r"line 1: case 'TV-1', event 0: confidential field"):
            copy.import_jsonl(text.splitlines(), workflows=[reception()])
        assert copy.count() == 0
        assert copy.import_jsonl(text.splitlines(), workflows=[reception()], accept_redacted=True)
        assert export_text(copy, reveal=secretary() if revealed else None) == text
        withheld = copy.load("TV-1", reception(), reveal=secretary())
        assert withheld.data["petitioner_name"] == (SECRET if revealed else REDACTED)
        assert withheld.data["petitioner_id_number"] == REDACTED


def test_import_is_all_or_nothing_and_names_the_bad_line(store: Store) -> None:
    """Any bad line: nothing is written, and the error names its line number."""
    source = open_store("sqlite:///:memory:")
    for n in (1, 2, 3):
        saved_case(source, f"TV-{n}", steps=n, id_number=False)
    lines = export_text(source, reveal=secretary()).splitlines()
    wf = [reception()]
    broken = json.loads(lines[2])
    broken["history"][2]["trigger"] = "hear"
    cases = {
        "not json": ([lines[0], lines[1], "{oops"], r"line 3: not valid JSON"),
        "illegal history": (
            [lines[0], lines[1], json.dumps(broken)],
            r"line 3: case 'TV-3', event 2: 'hear' from 'screened'",
        ),
        "duplicate": ([lines[0], lines[0]], r"line 2: case 'TV-1' is already on line 1"),
        "wrong state": (
            [lines[0].replace('"state":"screened"', '"state":"heard"')],
            r"line 1: case 'TV-1': the line says state 'heard'",
        ),
        "not an object": (["[1, 2]"], r"line 1: a line must be a JSON object"),
        "no history": (
            ['{"id": "X", "workflow": "w", "version": "1", "state": "s", "data": {}}'],
            "line 1: case 'X': 'history'",
        ),
    }
    for name, (text, message) in cases.items():
        with pytest.raises(InputError, match=message):
            store.import_jsonl(text, workflows=wf)
        assert store.count() == 0, name
    store.import_jsonl(lines[:1], workflows=wf)
    with pytest.raises(StoreError, match=r"line 2: case 'TV-1' is already in the store"):
        store.import_jsonl([lines[1], lines[0]], workflows=wf)
    assert [c.id for c in store.cases()] == ["TV-1"]
    source.close()


def test_import_needs_to_know_the_workflow(store: Store) -> None:
    """A line whose workflow is neither stored nor passed is refused with the way out."""
    with open_store("sqlite:///:memory:") as source:
        saved_case(source)
        text = export_text(source, reveal=secretary())
    with pytest.raises(
        StoreError, match=r"line 1: workflow 'citizen_reception' version '2026.1' is neither"
    ):
        store.import_jsonl([text])


# -- the command line ---------------------------------------------------------------------


def cli(*args: str) -> tuple[int, str, str]:
    import click

    group = click.Group("caseflow", commands=list(COMMANDS))
    result = CliRunner().invoke(group, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_cli_cases_history_and_overdue(tmp_path: Path) -> None:
    """The commands list cases, show a redacted history and list overdue deadlines."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with open_store(db) as s:
        saved_case(s, "TV-1", steps=2)
        s.save(petition("TV-2"), reception())
    code, out, _ = cli("cases", "--db", db, "--state", "selected")
    assert code == 0
    assert out.splitlines()[1].startswith("TV-1  citizen_reception  2026.1   selected  3  ")
    code, out, _ = cli("history", "TV-1", "--db", db)
    assert code == 0
    assert "case TV-1: workflow citizen_reception 2026.1, state selected, 3 events" in out
    assert "screen   received  screened  actor1  reception_officer" in out
    assert 'petitioner_name = "[redacted]"' in out
    assert SECRET not in out
    code, out, _ = cli("history", "TV-1", "--db", db, "--format", "json")
    assert json.loads(out)["state"] == "selected"
    code, out, _ = cli("overdue", "--db", db, "--now", "2026-03-17")
    assert out.splitlines()[1].split() == [
        "TV-2",
        "citizen_reception",
        "received",
        "notice",
        "2026-03-16",
        "1",
        "overdue",
    ]
    code, out, err = cli("overdue", "--db", db, "--now", "2026-03-01")
    assert (code, out, err) == (0, "", "nothing is overdue\n")


def test_cli_export_then_import(tmp_path: Path) -> None:
    """export writes JSON Lines; import reads them into another store."""
    db, other = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with open_store(db) as s:
        saved_case(s, "TV-1", steps=3)
    file = tmp_path / "out.jsonl"
    code, _, err = cli("export", str(file), "--db", db)
    assert (code, err) == (0, "exported 1 case\n")
    assert REDACTED in file.read_text(encoding="utf-8")
    code, _, err = cli("import", str(file), "--db", other)
    assert code == 1
    assert "confidential field(s)" in err
    code, _, err = cli("import", str(file), "--db", other, "--accept-redacted")
    assert (code, err.splitlines()[-1]) == (0, "imported 1 case")
    code, out, _ = cli("export", "-", "--db", other)
    assert out == file.read_text(encoding="utf-8")


def test_cli_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    """A CaseflowError or a bad URL is one 'caseflow:' line on stderr, exit 1, no traceback."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    open_store(db).close()
    for args, message in [
        (("history", "NOPE", "--db", db), "caseflow: no case 'NOPE'"),
        (("cases", "--db", "mysql://x"), "caseflow: unsupported store URL scheme 'mysql'"),
        (("import", str(tmp_path / "missing.jsonl"), "--db", db), "caseflow: No such file"),
        (("overdue", "--now", "yesterday", "--db", db), "caseflow: --now 'yesterday' is not"),
    ]:
        code, out, err = cli(*args)
        assert code == 1, args
        assert err.startswith(message), err
        assert "Traceback" not in out + err
    code, _, err = cli("export", "--role", "secretary", "--db", db)
    assert code == 2
    assert "--role, --actor and --reason go together" in err


# -- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("cases.db", "unsupported store URL scheme 'cases.db'"),
        ("sqlite://cases.db", "write 'sqlite:///' followed by the file's path"),
        ("sqlite:///", "write 'sqlite:///' followed by the file's path"),
        ("sqlite:///x.db?journal=wal", "unknown option 'journal'.*allowed: busy_timeout=SECONDS"),
        ("sqlite:///x.db?synchronous=off", "synchronous='off'.*allowed: normal, full, extra"),
        ("sqlite:///x.db?busy_timeout=soon", "busy_timeout='soon'.*must be a number of seconds"),
    ],
)
def test_a_bad_url_says_what_is_allowed(url: str, message: str) -> None:
    """open_store refuses a bad URL with an InputError listing the allowed forms."""
    with pytest.raises(InputError, match=message):
        open_store(url)


def test_a_missing_folder_is_a_clear_store_error(tmp_path: Path) -> None:
    """A path whose folder does not exist names the folder."""
    with pytest.raises(StoreError, match=r"the folder .*nope' does not exist"):
        open_store(f"sqlite:///{tmp_path / 'nope' / 'c.db'}")


def test_a_relative_sqlite_path_is_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite:///cases.db is a file in the current folder; WAL mode is on."""
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///cases.db") as s:
        assert s.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # type: ignore[attr-defined]
        assert s.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # type: ignore[attr-defined]
    assert (tmp_path / "cases.db").is_file()


def test_the_password_of_a_postgres_url_is_never_shown() -> None:
    """A failed connection names the server, not the password."""
    with pytest.raises(StoreError) as err:
        open_store("postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=1")
    assert "hunter2" not in str(err.value)
    assert "postgresql://u@127.0.0.1:1/db" in str(err.value)
