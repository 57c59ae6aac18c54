"""`caseflow demo`: the whole reception month runs, explains itself, and keeps secrets."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest

from caseflow.case import Case
from caseflow.cli.demo.month import run_demo
from caseflow.cli.demo.samples import INTAKE_START, sample_petitions, urgent_petition

CONFIDENTIAL = ("petitioner_name", "petitioner_phone", "petitioner_address")


def run(tmp_path: Path, **kwargs: object) -> tuple[list[Case], str]:
    lines: list[str] = []
    cases = run_demo(out=tmp_path, echo=lines.append, **kwargs)  # type: ignore[arg-type]
    return cases, "\n".join(lines)


def secrets(count: int = 20, seed: int = 2026) -> list[str]:
    samples = sample_petitions(count, seed=seed, start=INTAKE_START)
    samples.append(urgent_petition(seed=seed, number=count + 1, registered=dt.date(2026, 3, 12)))
    return [s["data"][key] for s in samples for key in CONFIDENTIAL if key in s["data"]]


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Case], str, Path]:
    folder = tmp_path_factory.mktemp("demo")
    cases, out = run(folder)
    return cases, out, folder


def test_the_demo_tells_the_month_in_order(english: tuple[list[Case], str, Path]) -> None:
    """Calendar, intake, docket, briefs, session, conclusions, ad hoc, report, carry-over."""
    _, out, _ = english
    heads = [line.split(". ", 1)[0] for line in out.splitlines() if line[:2].rstrip(".").isdigit()]
    assert heads == [str(n) for n in range(1, 11)]
    for text in (
        "Tue 2026-02-24  moved: 2026-02-17 is a day off (holiday: Tết Nguyên Đán",
        "on the docket of 2026-03-17: rank 1/11; priority: contested earlier handling",
        "capacity 5 reached; rank 6/11",
        "waits for the session of 2026-04-21. Running deadlines: Notice of receipt: due",
        "Brief to the Secretary: due Tue 2026-03-10 (pending): 1 week before the "
        "'regular_reception' session on Tue 2026-03-17",
        "brief sent 2026-03-11 (due 2026-03-10: late)",
        "not heard (no invitation was sent); deferred to the session of 2026-04-21",
        "directed to agency (",
        "Ad-hoc session of 2026-03-26",
        # The 3 agencies directed on 19 and 27 March owe their results by 18 and 28
        # April: running on 1 April, beside the April brief.
        "deadlines: 16 met on time, 1 late, 6 overdue, 4 running",
        "on the docket of 2026-04-21; Brief to the Secretary due 2026-04-14 (pending)",
        "refused: guard 'invited' is false",
        "every history replays to the same state",
    ):
        assert text in out, text


def test_the_demo_writes_each_document_in_markdown_and_html(
    english: tuple[list[Case], str, Path],
) -> None:
    """Fifteen documents, each as NAME.md and NAME.html, and the output says where."""
    _, out, folder = english
    names = sorted(p.name for p in folder.iterdir() if p.suffix in (".md", ".html"))
    stems = {n.rsplit(".", 1)[0] for n in names}
    assert len(stems) == 15
    assert len(names) == 30
    for stem in stems:
        assert {f"{stem}.md", f"{stem}.html"} <= set(names)
    for expected in (
        "calendar-2026",
        "docket-2026-03-17.secretary",
        "invitations-2026-03-17",
        "invitations-2026-03-17.internal_affairs_group",
        "notice-2026-03-17",
        "notice-2026-03-26",
        "report-2026-03",
        "report-2026-Q1",
    ):
        assert expected in stems
    assert f"Wrote 15 documents (Markdown and HTML) to {folder.resolve()}/" in out


def test_the_demo_keeps_every_identity_out_of_its_output_and_general_documents(
    english: tuple[list[Case], str, Path],
) -> None:
    """No name, phone or address is printed or in a document not meant for its reader."""
    cases, out, folder = english
    hidden = secrets()
    assert len(hidden) > 40
    for value in hidden:
        assert value not in out
    for path in folder.iterdir():
        if ".internal_affairs_group." in path.name or path.suffix not in (".md", ".html"):
            continue  # the DOCX papers are checked in test_papers
        text = path.read_text(encoding="utf-8")
        assert not [v for v in hidden if v in text], path.name
    authorised = (folder / "invitations-2026-03-17.internal_affairs_group.md").read_text("utf-8")
    on_docket = [c for c in cases if c.data.get("session_date") == "2026-03-17"]
    assert on_docket
    for case in on_docket:
        assert case.data["petitioner_name"] in authorised


def test_the_demo_is_the_same_on_every_run(
    english: tuple[list[Case], str, Path], tmp_path: Path
) -> None:
    """Same seed, same story and same documents."""
    _, out, folder = english
    _, again = run(tmp_path)
    assert again.replace(str(tmp_path.resolve()), "DIR") == out.replace(
        str(folder.resolve()), "DIR"
    )
    for path in folder.iterdir():
        if path.suffix in (".md", ".html", ".docx"):
            assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_demo_runs_in_vietnamese(tmp_path: Path) -> None:
    """--lang vi tells the same month in Vietnamese."""
    _, out = run(tmp_path, lang="vi")
    assert "Chọn vụ việc cho buổi tiếp ngày 17/03/2026 (tối đa 5 vụ việc)" in out
    assert "chờ buổi tiếp ngày 21/04/2026" in out
    assert "Đã ghi 15 tài liệu" in out
    assert "# Thông báo kết luận" in (tmp_path / "notice-2026-03-17.md").read_text("utf-8")


def test_the_save_hook_sees_every_case_and_db_keeps_them_in_a_store(tmp_path: Path) -> None:
    """save(case) is the store's seam; with db the cases survive in a SQLite store."""
    import caseflow

    seen: dict[str, int] = {}

    def save(case: Case) -> None:
        seen[case.id] = len(case.history)

    cases, out = run(tmp_path, save=save)
    assert set(seen) == {c.id for c in cases}
    assert all(seen[c.id] == len(c.history) for c in cases)
    assert "--db" not in out
    db = tmp_path / "db" / "cases.db"
    db.parent.mkdir()
    live, noted = run(tmp_path / "db", db=str(db))
    assert f"kept in {db}" in noted
    wf = caseflow.load_workflow(caseflow.shipped_workflow("citizen_reception"))
    store = caseflow.open_store(f"sqlite:///{db}")
    try:
        assert store.count() == len(live)
        for case in live:
            again = store.load(case.id, wf)
            assert (again.state, len(again.history)) == (case.state, len(case.history))
    finally:
        store.close()


def test_without_a_folder_the_demo_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """out=None runs the story and writes no file."""
    monkeypatch.chdir(tmp_path)
    lines: list[str] = []
    run_demo(out=None, echo=lines.append, count=12, seed=7)
    assert list(tmp_path.iterdir()) == []
    assert not any(line.startswith("Wrote") for line in lines)


@pytest.mark.parametrize(("count", "seed"), [(5, 1), (12, 2), (40, 3)])
def test_other_sizes_and_seeds_run_through(tmp_path: Path, count: int, seed: int) -> None:
    """The month runs for small and large intakes alike."""
    cases, out = run(tmp_path, count=count, seed=seed)
    assert len(cases) == count + 1
    assert "every history replays to the same state" in out


def test_the_demo_takes_well_under_a_minute_in_a_fresh_interpreter(tmp_path: Path) -> None:
    """A cold start, as on a fresh machine, finishes in under 30 seconds with nothing on stderr."""
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from caseflow.cli.demo.month import run_demo; run_demo(out={str(tmp_path)!r})",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert elapsed < 30, elapsed
