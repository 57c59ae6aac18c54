"""Issue 10, the store: read-only media, damaged files, one behaviour on both backends,
terminal output that cannot be forged, and no clock read by the library.

Every test that takes ``store`` or ``store_url`` runs on SQLite and on
PostgreSQL from this one module, so the same input is held to the same
error (the same text) on both. The read-only medium and the full disk are
real where the machine allows it (root in a private mount namespace: a
read-only bind mount, a 64 KiB tmpfs); otherwise those tests skip, saying
why, and the folder-permission and interrupted-export tests still run.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from caseflow.case import Case
from caseflow.cli import main
from caseflow.cli.terminal import shown, shown_lines
from caseflow.errors import InputError, StoreError
from caseflow.store import Reveal, Store, open_store
from caseflow.store.limits import MAX_ID, MAX_TEXT
from caseflow.times import to_date, to_datetime
from tests.store_helpers import T0, at, petition, raw, reception, secretary, store, store_url

_ = (store, store_url)  # fixtures

ROOT = Path(__file__).parent.parent
FORGED = "REAL-1\tfree of charge\nFAKE-9"
"""An id that, printed raw, would add a second row to ``caseflow cases``."""


def run(*args: str) -> tuple[int, str, str]:
    """Run ``caseflow ARGS``; its exit code, stdout and stderr."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def saved(s: Store, *ids: str) -> None:
    wf = reception()
    for case_id in ids:
        case = petition(case_id)
        wf.fire(case, "screen", at=at(40), role="reception_officer", note="checked\x1b[31m red")
        s.save(case, wf)


def in_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root in a private mount namespace (its mounts vanish with it)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) to mount a read-only or full file system")
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount in a private namespace here: {probe.stderr.strip()}")
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-ec", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder outside pytest's private ones, which an unprivileged process can reach."""
    path = Path(tempfile.mkdtemp(prefix="caseflow-hardening-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        path.chmod(0o755)
        shutil.rmtree(path)


# -- read-only stores ------------------------------------------------------------------------


def test_every_read_command_works_on_a_read_only_mount(tmp_path: Path) -> None:
    """On a read-only bind mount, cases, history, overdue and export read the store; writes fail clearly."""
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    with open_store(f"sqlite:///{src / 'cases.db'}") as s:
        saved(s, "TV-1")
    assert sorted(p.name for p in src.iterdir()) == ["cases.db"]  # no -wal, no -shm
    cli = f"{sys.executable} -m caseflow"
    lines = []
    for url in (f"sqlite:///{ro / 'cases.db'}?mode=ro", f"sqlite:///{ro / 'cases.db'}"):
        lines += [
            f"{cli} cases --db '{url}'",
            f"{cli} history TV-1 --db '{url}' | head -1",
            f"{cli} overdue --now 2026-06-01 --db '{url}'",
            f"{cli} export --db '{url}' | wc -l",
            f"{cli} export --role internal_affairs_group --actor a --reason r --db '{url}' "
            "|| echo refused-reveal",
        ]
    proc = in_namespace(
        f"mount --bind {src} {ro}\nmount -o remount,ro,bind {ro}\n"
        f"touch {ro}/probe 2>/dev/null && echo WRITABLE || true\n" + "\n".join(lines)
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert "WRITABLE" not in out
    expected = [
        "CASE  WORKFLOW           VERSION  STATE     EVENTS  UPDATED",
        "TV-1  citizen_reception  2026.1   screened  2       2026-04-11T08:30:00+07:00",
        "case TV-1: workflow citizen_reception 2026.1, state screened, 2 events",
        "CASE  WORKFLOW           STATE     DEADLINE  DUE         DAYS",
        "TV-1  citizen_reception  screened  notice    2026-03-16  77 overdue",
        "1",
        "refused-reveal",
    ]
    assert [line.strip() for line in out] == expected * 2
    assert proc.stderr.count("is read-only") == 2, proc.stderr
    assert "nothing was written" in proc.stderr
    assert sorted(p.name for p in src.iterdir()) == ["cases.db"]


def test_a_store_in_a_folder_nobody_may_write_is_read_immutable(shared_dir: Path) -> None:
    """Without root, a store whose folder cannot hold its -shm file is read; a save is refused."""
    db = shared_dir / "cases.db"
    with open_store(f"sqlite:///{db}") as s:
        s.save(petition("TV-1"), reception())
    db.chmod(0o444)
    shared_dir.chmod(0o555)
    proc = subprocess.run(
        [sys.executable, "-m", "tests.store_worker", "read-only", f"sqlite:///{db}?mode=ro"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == ["cases TV-1", "state received"]
    assert "is read-only" in lines[2]
    assert sorted(p.name for p in shared_dir.iterdir()) == ["cases.db"]


def test_mode_ro_does_not_read_immutable_where_the_folder_is_writable(tmp_path: Path) -> None:
    """A read-only connection to a live store sees a later commit (immutable is never used there)."""
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    with open_store(url) as writer, open_store(f"{url}?mode=ro") as reader:
        assert reader.count() == 0
        assert reader.immutable is False  # type: ignore[attr-defined]
        writer.save(petition("TV-1"), reception())
        assert reader.count() == 1


def test_mode_ro_on_a_missing_file_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    """?mode=ro never creates a store: a missing file is a StoreError saying so."""
    with pytest.raises(StoreError, match=r"there is no file .*missing\.db.* to read"):
        open_store(f"sqlite:///{tmp_path / 'missing.db'}?mode=ro")
    assert list(tmp_path.iterdir()) == []


def test_a_zero_byte_file_is_refused_not_made_a_store(tmp_path: Path) -> None:
    """An empty .db file is a clear StoreError, and stays empty."""
    empty = tmp_path / "cases.db"
    empty.touch()
    with pytest.raises(StoreError, match=r"is an empty file \(0 bytes\), not a caseflow store"):
        open_store(f"sqlite:///{empty}")
    assert empty.stat().st_size == 0
    code, _, err = run("cases", "--db", f"sqlite:///{empty}")
    assert code == 1
    assert "is an empty file (0 bytes)" in err


@pytest.mark.parametrize(
    "content", [b"x", b"hello, world\n", b"SQLite format 2\x00" + b"\x00" * 200]
)
def test_a_short_or_foreign_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    """A file without SQLite's header is refused (damaged or not SQLite), byte for byte untouched."""
    junk = tmp_path / "cases.db"
    junk.write_bytes(content)
    with pytest.raises(StoreError, match=r"is damaged or is not an SQLite database"):
        open_store(f"sqlite:///{junk}")
    assert junk.read_bytes() == content


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_path_that_is_not_a_regular_file_is_refused_without_blocking(
    tmp_path: Path, kind: str
) -> None:
    """A FIFO, a folder or /dev/zero as the store: a StoreError at once, never a hang."""
    path = tmp_path / "cases.db"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    with pytest.raises(StoreError, match=r"is not a regular file \(a folder, a device or a pipe\)"):
        open_store(f"sqlite:///{path}")


def test_a_new_store_is_never_seen_half_made_by_a_concurrent_opener(tmp_path: Path) -> None:
    """Eight threads creating one new store at once all open it; no empty file is ever refused."""
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            open_store(url).close()
        except BaseException as err:  # collected for the assertion below
            errors.append(err)

    threads = [threading.Thread(target=opener) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.db"]


# -- damaged stores: the same errors on both backends ------------------------------------------


@pytest.mark.parametrize("version", ["'abc'", "-1", "0"])
def test_a_bad_schema_version_is_a_store_error_naming_it(store_url: str, version: str) -> None:
    """A schema version that is not a whole number from 1 up: StoreError, not ValueError/KeyError."""
    open_store(store_url).close()
    if version == "'abc'" and not store_url.startswith("sqlite"):
        # PostgreSQL's INTEGER column refuses the text itself: that damage cannot happen there.
        import psycopg

        with pytest.raises(psycopg.errors.DataError):
            raw(store_url, f"UPDATE caseflow_schema SET version = {version}")
        return
    raw(store_url, f"UPDATE caseflow_schema SET version = {version}")
    with pytest.raises(
        StoreError,
        match=r"is damaged: its schema version \(table caseflow_schema\) is .*, not a whole "
        r"number from 1 up; restore it from a backup",
    ):
        open_store(store_url)


def test_a_dropped_events_table_is_noticed_at_open(store_url: str) -> None:
    """Both backends refuse, at open, a store whose events table is gone, naming it."""
    open_store(store_url).close()
    raw(store_url, "DROP TABLE events" + ("" if store_url.startswith("sqlite") else " CASCADE"))
    with pytest.raises(StoreError, match=r"is damaged: tables events are missing; restore"):
        open_store(store_url)


def test_a_corrupted_opened_at_is_a_store_error_naming_case_and_column(
    store: Store, store_url: str
) -> None:
    """A head row whose opened_at is not a time: StoreError naming the case and the column."""
    saved(store, "TV-1")
    raw(store_url, "UPDATE cases SET opened_at = 'garbage'")
    with pytest.raises(
        StoreError,
        match=r"in table cases, case 'TV-1' has opened_at = 'garbage', which is not what "
        r"caseflow writes there \(ISO 8601 time text\)",
    ):
        store.cases()
    code, _, err = run("cases", "--db", store_url)
    assert code == 1
    assert "has opened_at = 'garbage'" in err


def test_a_corrupted_due_at_is_a_store_error_naming_the_column(
    store: Store, store_url: str
) -> None:
    """A deadline row whose due_at is not a time: StoreError from overdue, not ValueError."""
    saved(store, "TV-1")
    raw(store_url, "UPDATE deadlines SET due_at = '2020-01-01 garbage'")
    with pytest.raises(StoreError, match=r"in table deadlines, case 'TV-1' has due_at = "):
        store.overdue("2026-06-01")


# -- one limit on ids and texts, the same on both backends -------------------------------------

HUGE = "X" * 5_000_000


def test_a_5_mb_case_id_is_refused_alike_with_a_short_message(store: Store) -> None:
    """Save, load and exists refuse a 5 MB id with the same InputError, under 300 characters."""
    expected = (
        f"a case id must be non-empty text without NUL characters or lone surrogates, at most "
        f"{MAX_ID} characters; got {'X' * 60!r}... (5,000,000 characters), too long"
    )
    for attempt in (
        lambda: store.save(petition(HUGE), reception()),
        lambda: store.load(HUGE, reception()),
        lambda: store.exists(HUGE),
        lambda: store.versions(HUGE),
        lambda: store.audit(HUGE),
    ):
        with pytest.raises(InputError) as info:
            attempt()
        assert str(info.value) == expected
    assert store.count() == 0


def test_an_id_at_the_limit_is_kept_and_one_more_is_refused(store: Store) -> None:
    """MAX_ID characters (Vietnamese, four bytes and more per letter in UTF-8) round-trip."""
    longest = ("Đ" * (MAX_ID - 1)) + "\U0001f600"
    store.save(petition(longest), reception())
    assert store.load(longest, reception()).id == longest
    with pytest.raises(InputError, match="too long"):
        store.save(petition(longest + "x"), reception())


def test_nul_in_a_reveal_actor_is_refused_alike(store: Store) -> None:
    """A NUL in Reveal.actor or reason is the same InputError on both backends; nothing recorded."""
    saved(store, "TV-1")
    with pytest.raises(InputError) as info:
        store.load(
            "TV-1",
            reception(),
            reveal=Reveal(actor="bt\x0001", role="secretary", reason="r", at=T0),
        )
    assert str(info.value) == (
        "the reveal's 'actor' must be text without NUL characters or lone surrogates, at most "
        "200 characters; got 'bt\\x0001', holding a NUL character"
    )
    with pytest.raises(InputError, match=r"the reveal's 'reason' must be text .*too long"):
        store.export_jsonl(io.StringIO(), reveal=secretary(reason="r" * (MAX_TEXT + 1)))
    assert store.audit("TV-1") == []


def test_a_note_over_the_limit_is_refused_alike(store: Store) -> None:
    """A 5 MB note: the same InputError on both backends, shortened; nothing saved."""
    wf = reception()
    case = petition("TV-1")
    wf.fire(case, "screen", at=at(1), role="reception_officer", note=HUGE)
    with pytest.raises(InputError) as info:
        store.save(case, wf)
    assert len(str(info.value)) < 300
    assert str(info.value).startswith(
        "case 'TV-1', event 1: 'note' must be text without NUL characters or lone surrogates, "
        "at most 1,000,000 characters; got 'XXX"
    )
    assert store.count() == 0


@pytest.mark.parametrize("bad", ["A\x00B", "a\ud800b", ""])
def test_an_unstorable_case_id_is_the_same_input_error_everywhere(store: Store, bad: str) -> None:
    """NUL, a lone surrogate or an empty id: one InputError on save and on every lookup."""
    messages = set()
    for attempt in (
        lambda: store.load(bad, reception()),
        lambda: store.exists(bad),
        lambda: store.cases(after=bad),
    ):
        with pytest.raises(InputError) as info:
            attempt()
        messages.add(str(info.value).partition(" must ")[2])
    assert len(messages) == 1


def test_a_query_filter_no_store_can_hold_is_refused_alike(store: Store) -> None:
    """cases(workflow=...), count(state=...), overdue(workflow=...) with a NUL: one InputError."""
    for attempt in (
        lambda: store.cases(workflow="a\x00"),
        lambda: store.count(state="a\x00"),
        lambda: store.overdue(T0, workflow="a\x00"),
    ):
        with pytest.raises(InputError, match=r"filter must be non-empty text without NUL"):
            attempt()


# -- exports appear whole or not at all ---------------------------------------------------------


def test_an_interrupted_export_leaves_the_previous_file_and_no_temporary(
    store: Store, tmp_path: Path
) -> None:
    """An export that fails half-way leaves the target as it was and no temporary file."""
    saved(store, *(f"TV-{i}" for i in range(3)))
    target = tmp_path / "cases.jsonl"
    target.write_text("the previous export\n", encoding="utf-8")

    def fail(_: int) -> None:
        raise StoreError("interrupted")

    with pytest.raises(StoreError, match="interrupted"):
        store.export_jsonl(target, progress=fail)
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "jsonl" in p.name) == ["cases.jsonl"]
    assert store.export_jsonl(str(target)) == 3
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_an_export_to_a_full_disk_leaves_no_partial_file(tmp_path: Path) -> None:
    """caseflow export onto a full 64 KiB tmpfs: exit 1, a clear message, and no file at all."""
    db = tmp_path / "cases.db"
    with open_store(f"sqlite:///{db}") as s:
        wf = reception()
        for i in range(60):
            s.save(petition(f"TV-{i:03d}", summary="Tố cáo " * 300), wf)
    full = tmp_path / "full"
    full.mkdir()
    proc = in_namespace(
        f"mount -t tmpfs -o size=64k tmpfs {full}\n"
        f"{sys.executable} -m caseflow export {full}/cases.jsonl --db sqlite:///{db} "
        "&& echo EXPORTED || echo FAILED\n"
        f"ls -A {full}\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["FAILED"], proc.stdout
    assert "caseflow: cannot write the export" in proc.stderr
    assert "No space left on device" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_export_command_writes_the_file_complete(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    """caseflow export FILE: the file holds every case; no temporary is left beside it."""
    saved(store, "TV-1", "TV-2")
    code, _, err = run("export", str(tmp_path / "out.jsonl"), "--db", store_url)
    assert code == 0, err
    assert [json.loads(x)["id"] for x in (tmp_path / "out.jsonl").read_text().splitlines()] == [
        "TV-1",
        "TV-2",
    ]
    assert sorted(p.name for p in tmp_path.iterdir() if "jsonl" in p.name) == ["out.jsonl"]


# -- terminal output escapes control characters ---------------------------------------------------


def test_an_id_with_a_tab_and_newline_cannot_forge_a_row_in_cases(
    store: Store, store_url: str
) -> None:
    """caseflow cases prints one row for the forged id, its tab and newline escaped."""
    saved(store, FORGED)
    code, out, _ = run("cases", "--db", store_url)
    assert code == 0
    assert out.splitlines()[1:] == [
        "REAL-1\\tfree of charge\\nFAKE-9  citizen_reception  2026.1   screened  2       "
        "2026-04-11T08:30:00+07:00"
    ]
    code, out, _ = run("overdue", "--now", "2026-06-01", "--db", store_url)
    assert out.splitlines()[1].startswith("REAL-1\\tfree of charge\\nFAKE-9  ")
    assert len(out.splitlines()) == 2


def test_history_escapes_ids_notes_and_actors_but_json_stays_exact(
    store: Store, store_url: str
) -> None:
    """The text history shows \\x1b and \\n escaped; --format json keeps the exact values."""
    saved(store, FORGED)
    code, out, _ = run("history", FORGED, "--db", store_url)
    assert code == 0
    assert "\x1b" not in out
    assert "\t" not in out
    assert out.splitlines()[0] == (
        "case REAL-1\\tfree of charge\\nFAKE-9: workflow citizen_reception 2026.1, "
        "state screened, 2 events"
    )
    assert "        note: checked\\x1b[31m red" in out.splitlines()
    code, out, _ = run("history", FORGED, "--format", "json", "--db", store_url)
    line = json.loads(out)
    assert line["id"] == FORGED
    assert line["history"][1]["note"] == "checked\x1b[31m red"


def test_an_error_message_stays_one_line(store: Store, store_url: str) -> None:
    """A refusal quoting a hostile value prints one escaped line on stderr."""
    code, _, err = run("history", "NO\nSUCH\x1b[2J", "--db", store_url)
    assert code == 1
    assert err.count("\n") == 1
    assert "\x1b" not in err


@given(st.text())
def test_shown_leaves_no_control_character_and_keeps_printable_text(text: str) -> None:
    """shown() output has no control, format or separator character; printable text is unchanged."""
    out = shown(text)
    hidden = {"Cc", "Cf", "Zl", "Zp", "Cs"}
    assert not any(unicodedata.category(ch) in hidden for ch in out)
    if text.isprintable():
        assert out == text
    assert shown_lines(text).count("\n") == text.count("\n")


# -- the library never reads the clock --------------------------------------------------------


@pytest.mark.parametrize("word", ["now", " now ", "NOW"])
def test_now_is_not_a_time_text(word: str) -> None:
    """'now' is refused as a time or a date with an InputError saying to pass a time."""
    for parse in (lambda: to_datetime(word, T0.tzinfo), lambda: to_date(word)):
        with pytest.raises(InputError, match="pass the time itself"):
            parse()


def test_the_library_refuses_now_in_fire_reveal_and_overdue(store: Store) -> None:
    """wf.fire(at='now'), Reveal(at='now') and store.overdue('now') read no clock: InputError."""
    wf = reception()
    case: Case = petition("TV-1")
    with pytest.raises(InputError, match="would read the system clock"):
        wf.fire(case, "screen", at="now", role="reception_officer")
    store.save(case, wf)
    with pytest.raises(InputError, match="would read the system clock"):
        store.load("TV-1", wf, reveal=Reveal(actor="a", role="secretary", reason="r", at="now"))
    with pytest.raises(InputError, match="would read the system clock"):
        store.overdue("now")
    assert store.audit("TV-1") == []


def test_the_cli_reads_the_clock_only_by_default_and_says_so(tmp_path: Path) -> None:
    """overdue --now now is an error; --help says the default reads the system clock."""
    db = f"sqlite:///{tmp_path / 'cases.db'}"
    code, _, err = run("overdue", "--now", "now", "--db", db)
    assert code == 1
    assert "would read the system clock" in err
    code, out, _ = run("overdue", "--help")
    assert "system clock" in " ".join(out.split())
    code, _, err = run("overdue", "--db", db)
    assert code == 1
    assert "no store at" in err  # a read command never creates the store
    open_store(db).close()
    code, _, err = run("overdue", "--db", db)
    assert code == 0
    assert "nothing is overdue" in err
