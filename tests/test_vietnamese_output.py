"""No English in a `--lang vi` run: the demo and every command, their --help and their errors.

The rule, so that the test can fail only on real English: the output is cut
into words; a word is allowed when it is one of the user's own identifiers
(the ids of states, triggers, roles, fields, guards, schedules and deadlines
of the shipped workflows, which are YAML keys an analyst chose and the
output quotes as such), or is not a plain word at all (a token holding a
digit, '_', '/', '.', ':', '=', '@' or '-': case ids like TV-2026-001, file
names, URLs, ISO codes, options like --lang); a word in capitals is a
metavariable or a code (FILE, OPTIONS, VN, RRULE); the names of the
commands, after "caseflow" or as the first column of the list of commands,
are the command line's vocabulary;
text in single quotes is an identifier too ('regular_reception'). Every
other word must not be one of ``ENGLISH``: common English words (without
those that are also Vietnamese words written without marks: "in", "an",
"to", "no", "can", "may") and caseflow's own English vocabulary. A
word of ``ENGLISH`` that is also an identifier of the shipped workflows is
refused by ``test_the_english_list_names_no_identifier``, so the allowance
cannot hide a word. JSON and iCalendar outputs are data, not text, and are
not read here (their dates stay ISO 8601).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from caseflow.cli import main

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / "workflows").glob("*.yaml"))

_ENGLISH_TEXT = """
    the a is are be was were and or not of on at for with by from as it its this that
    there which who what when where why how cannot must should will would has have had
    day days off week weeks month months year years working holiday swap compensatory weekend
    make-up mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    states transitions roles fields guards schedules basis initial final guarded confidential
    required registered condition calendar zone time timezone
    case cases deadline deadlines due overdue late soon pending started running
    session sessions held moved skipped cancelled schedule rule counting next previous same
    trigger triggers state role field guard unknown missing present absent equal
    error warning problem problems file files usage options commands show help exit version
    default language output value values list lists only every each all none nothing
    events event note imported exported importing exporting import export ok
    redacted done join region parallel compound register
"""
ENGLISH = frozenset(_ENGLISH_TEXT.split())

_QUOTED = re.compile(r"'[^'\n]*'")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\S+")


def _identifiers() -> frozenset[str]:
    from caseflow.loading import read_workflow

    names: set[str] = set()
    for path in WORKFLOWS:
        spec = read_workflow(path, filename=str(path))
        names.update(s.name for s in spec.states)
        names.update(t.trigger for t in spec.transitions)
        names.update(r.name for r in spec.roles)
        names.update(f.name for f in spec.fields)
        names.update(g.name for g in spec.guards)
        names.update(s.name for s in spec.schedules)
        names.update(d.name for d in spec.deadlines)
    return frozenset(names)


IDENTIFIERS = _identifiers()


def english_words(text: str) -> list[str]:
    """The words of ``text`` that are English by the module's rule."""
    found = []
    for token in text.replace("\\n", " ").split():
        token = _QUOTED.sub(" ", token)
        for word in re.split(r"[\s\"«»(),;\[\]{}<>|*!?…→]+", token):
            bare = word.strip(".:")
            if not bare or bare in IDENTIFIERS or re.search(r"[\d_/.:=@]", bare) or bare.isupper():
                continue
            if bare.lower() in ENGLISH:
                found.append(bare)
    return found


def _choices() -> dict[str, frozenset[str]]:
    """Each option's choices (``--kind`` -> workflow, calendar): words the user types."""
    found: dict[str, set[str]] = {}
    for command in main.commands.values():
        for param in command.params:
            if isinstance(param, click.Option) and isinstance(param.type, click.Choice):
                for name in param.opts:
                    found.setdefault(name, set()).update(map(str, param.type.choices))
    return {name: frozenset(values) for name, values in found.items()}


CHOICES = _choices()


def _strip_choices(text: str) -> str:
    """An option's choice where it stands as its value (``--kind calendar``) or in its
    list (``[workflow|calendar]``), taken out: command-line vocabulary, not prose."""

    def value(match: re.Match[str]) -> str:
        option, word = match.group(1), match.group(2)
        return option if word in CHOICES.get(option, ()) else match.group(0)

    text = re.sub(r"(--[\w-]+)[ =](\w+)", value, text)
    return re.sub(r"\[\w+(?:\|[\w-]+)+\]", " ", text)


def _strip_quoted(text: str) -> str:
    """Quoted identifiers, option choices and the names of commands where they stand as
    names, taken out."""
    text = _strip_choices(_QUOTED.sub(" ", text))
    text = re.sub(r"caseflow (\w+)", "caseflow", text)
    return re.sub(r"^  (\w+)(?=\s{2,}\S)", "  ", text, flags=re.M)


def _check(label: str, text: str) -> None:
    words = english_words(_strip_quoted(text))
    assert not words, f"{label}: English in --lang vi output: {sorted(set(words))}\n{text[:3000]}"


def test_the_english_list_names_no_identifier() -> None:
    """No word of the English list is an identifier of a shipped workflow (the allowance hides none)."""
    assert not ENGLISH & IDENTIFIERS


def test_the_rule_finds_english_and_allows_identifiers() -> None:
    """The checker flags English words and passes ids, quoted names, codes and Vietnamese."""
    assert english_words("2026-02-17 is a day off") == ["is", "a", "day", "off"]
    assert english_words("Thu 01/01/2026  holiday") == ["Thu", "holiday"]
    assert english_words("TV-2026-001: từ chối bước 'screen' (received) --lang") == []
    assert english_words("Trạng thái (15): merge_duplicate, hear_ad_hoc") == []


def test_option_choices_are_allowed_only_as_values() -> None:
    """A choice is allowed after its option and in its list, and is English anywhere else."""
    assert english_words(_strip_quoted("caseflow schema --kind calendar > x.json")) == []
    assert english_words(_strip_quoted("--kind [workflow|calendar]  Loại tệp")) == []
    assert english_words(_strip_quoted("a calendar --within calendar")) == [
        "a",
        "calendar",
        "calendar",
    ]


def _run(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(main, [*args, "--lang", "vi"], input=input, prog_name="caseflow")
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A demo run in Vietnamese, its output and its store (shared by the store commands)."""
    out = tmp_path_factory.mktemp("demo-vi")
    runner = CliRunner()
    result = runner.invoke(main, ["demo", "--lang", "vi", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_demo_speaks_vietnamese(demo_dir: tuple[Path, str]) -> None:
    """`caseflow demo --lang vi` prints no English word."""
    _check("demo", demo_dir[1])


def test_help_of_every_command_is_vietnamese() -> None:
    """--help of the group and of every command is Vietnamese."""
    runner = CliRunner()
    _check("caseflow --help", _run(runner, "--help")[1])
    for name in main.commands:
        code, out = _run(runner, name, "--help")
        assert code == 0
        _check(f"{name} --help", out)


def test_definition_commands_speak_vietnamese(tmp_path: Path) -> None:
    """validate, show and diagram (their words and labels) are Vietnamese, a bad file too."""
    runner = CliRunner()
    for path in WORKFLOWS:
        for args in (["validate", str(path)], ["show", str(path)]):
            code, out = _run(runner, *args)
            assert code == 0
            _check(" ".join(args[:1]), out)
        for fmt in ("mermaid", "dot"):
            code, out = _run(runner, "diagram", str(path), "--format", fmt)
            assert code == 0
            # Diagram syntax is code; the labels drawn are what a reader sees.
            labels = re.findall(r'"([^"]*)"', out) + re.findall(r": (.*)$", out, re.M)
            _check(f"diagram {fmt}", "\n".join(labels))
    bad = tmp_path / "bad.yaml"
    bad.write_text("caseflow: 1\nname: x\nversion: '1'\nstates: {}\nfoo: 1\n", encoding="utf-8")
    code, out = _run(runner, "validate", str(bad))
    assert code == 1
    _check("validate (bad)", out)
    code, out = _run(runner, "show", str(tmp_path / "none.yaml"))
    assert code == 1
    _check("show (no file)", out)


def test_legal_time_commands_speak_vietnamese(tmp_path: Path) -> None:
    """calendar, schedule and deadlines print Vietnamese, with dd/mm/yyyy dates."""
    runner = CliRunner()
    code, out = _run(runner, "calendar", "--year", "2026")
    assert code == 0
    _check("calendar", out)
    assert "17/02/2026" in out
    assert "2026-02-17" not in out
    reception = str(ROOT / "workflows" / "citizen_reception.yaml")
    code, out = _run(runner, "schedule", reception, "--year", "2026")
    assert code == 0
    _check("schedule", out)
    assert not re.search(r"\d{4}-\d\d-\d\d", out)
    case = {
        "id": "TD-1",
        "history": [
            {"trigger": "start", "source": None, "dest": "received", "at": "2026-03-02T09:00"},
        ],
    }
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case), encoding="utf-8")
    denunciation = str(ROOT / "workflows" / "denunciation.yaml")
    code, out = _run(runner, "deadlines", denunciation, str(case_file), "--now", "2026-04-01")
    assert code == 0, out
    _check("deadlines", out)
    code, out = _run(runner, "calendar")
    assert code == 2
    _check("calendar (usage error)", out)


def test_store_commands_speak_vietnamese(demo_dir: tuple[Path, str], tmp_path: Path) -> None:
    """cases, history, overdue, export and import print Vietnamese; dates dd/mm/yyyy."""
    out_dir, _ = demo_dir
    db = f"sqlite:///{out_dir / 'cases.db'}"
    runner = CliRunner()
    code, out = _run(runner, "cases", "--db", db)
    assert code == 0
    _check("cases", out)
    assert not re.search(r"\d{4}-\d\d-\d\d", out)
    code, out = _run(runner, "history", "TV-2026-001", "--db", db)
    assert code == 0
    _check("history", out)
    assert "  Tiếp nhận (received)  " in out  # states by label, the id after
    code, out = _run(runner, "history", "NO-SUCH-CASE", "--db", db)
    assert code == 1
    _check("history (unknown case)", out)
    code, out = _run(runner, "overdue", "--now", "2026-06-01", "--db", db)
    assert code == 0
    _check("overdue", out)
    export = tmp_path / "cases.jsonl"
    code, out = _run(runner, "export", str(export), "--db", db)
    assert code == 0
    _check("export", out)
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    code, out = _run(runner, "import", str(export), "--accept-redacted", "--db", fresh)
    assert code == 0, out
    _check("import", out)


RECEPTION = str(ROOT / "workflows" / "citizen_reception.yaml")
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _is_data(line: str) -> bool:
    """A JSON line (a counterexample, a field's value): data for programs, not read."""
    return line.lstrip().startswith(("{", "["))


def _text(out: str) -> str:
    return "\n".join(line for line in out.splitlines() if not _is_data(line))


def test_case_commands_speak_vietnamese(tmp_path: Path) -> None:
    """start, allowed, fire and update print Vietnamese with dd/mm/yyyy times, refusals too."""
    runner = CliRunner()
    db = str(tmp_path / "cases.db")
    who = ["--actor", "le.an", "--role", "reception_officer", "--db", db]
    data = ["--data", "kind=complaint", "--data", "summary=Tranh chấp đất"]
    steps = [
        ("start", ["start", "citizen_reception", "HS-1", *data, "--at", "2026-05-04T08:30", *who]),
        ("allowed", ["allowed", "HS-1", "--role", "reception_officer", "--db", db]),
        ("fire", ["fire", "HS-1", "screen", "--at", "2026-05-05T09:00", *who]),
        ("update", ["update", "HS-1", "--data", "ward=P3", "--at", "2026-05-05T10:00", *who]),
    ]
    for label, args in steps:
        code, out = _run(runner, *args)
        assert code == 0, out
        _check(label, out)
        assert not _ISO_DAY.search(out), out
    assert "05/05/2026 10:00" in out
    refusals = [
        ("fire (unknown trigger)", ["fire", "HS-1", "no_such_step", *who], 1),
        ("fire (not allowed now)", ["fire", "HS-1", "conclude", *who], 1),
        ("fire (unknown case)", ["fire", "HS-9", "screen", *who], 1),
        ("start (id too long)", ["start", "citizen_reception", "X" * 300, *data, *who], 1),
        ("start (bad --data)", ["start", "citizen_reception", "HS-2", "--data", "kind", *who], 1),
        ("start (unknown field)", ["start", "citizen_reception", "HS-2", "--data", "x=1", *who], 1),
        ("start (unknown workflow)", ["start", "no_such_workflow", "HS-2", *who], 1),
        ("update (no data)", ["update", "HS-1", *who], 2),
        ("allowed (no store)", ["allowed", "HS-1", "--db", str(tmp_path / "none.db")], 1),
        ("allowed (unknown store URL)", ["allowed", "HS-1", "--db", "mysql://x/y"], 1),
    ]
    for label, args, expected in refusals:
        code, out = _run(runner, *args)
        assert code == expected, (label, out)
        _check(label, out)


def test_report_commands_speak_vietnamese(demo_dir: tuple[Path, str], tmp_path: Path) -> None:
    """due, report and documents print Vietnamese (their papers too), refusals too."""
    db = str(demo_dir[0] / "cases.db")
    runner = CliRunner()
    code, out = _run(runner, "due", "--within", "2w", "--now", "2026-03-16", "--db", db)
    assert code == 0, out
    _check("due", out)
    assert not _ISO_DAY.search(out), out
    code, out = _run(runner, "report", "--period", "2026-03", "--now", "2026-04-01", "--db", db)
    assert code == 0, out
    _check("report", out)
    papers = tmp_path / "papers"
    args = ["--session", "2026-03-17", "--now", "2026-03-31", "--out", str(papers), "--db", db]
    code, out = _run(runner, "documents", *args)
    assert code == 0, out
    _check("documents", out)
    # The papers' own text (bilingual headings by design) is tested in test_documents.
    assert sorted(papers.glob("*.md"))
    refusals = [
        ("due (bad --within)", ["due", "--within", "soon", "--db", db], 1),
        ("due (--now a duration)", ["due", "--now", "P3D", "--db", db], 1),
        ("report (bad --period)", ["report", "--period", "March", "--db", db], 1),
        ("documents (no session)", ["documents", "--session", "2026-03-18", "--out", "x"], 1),
        ("documents (--for-role alone)", ["documents", "--session", "2026-03-17", "--for-role"], 2),
    ]
    for label, args, expected in refusals:
        if "--db" not in args:
            args = [*args, "secretary"] if args[-1] == "--for-role" else args
            args = [*args, "--out", str(tmp_path / "x"), "--db", db]
        code, out = _run(runner, *args)
        assert code == expected, (label, out)
        _check(label, out)


def test_verify_speaks_vietnamese() -> None:
    """verify prints Vietnamese, on a shipped workflow and on one that fails a check."""
    runner = CliRunner()
    code, out = _run(runner, "verify", RECEPTION, "--examples", "3")
    assert code in (0, 1), out
    _check("verify", _text(out))
    wrong = str(ROOT / "tests" / "verify_wrong" / "01_before_anchor.yaml")
    code, out = _run(runner, "verify", wrong, "--examples", "5")
    assert code == 1, out
    assert "KHÔNG ĐẠT" in out
    _check("verify (failing)", _text(out))
    assert not _ISO_DAY.search(_text(out).replace("T00:", "")), out


def test_validate_a_folder_and_calendars_speak_vietnamese(tmp_path: Path) -> None:
    """validate on folders (workflows, calendars, an empty one) prints Vietnamese."""
    runner = CliRunner()
    for folder in (ROOT / "workflows", ROOT / "workflows" / "calendars"):
        code, out = _run(runner, "validate", str(folder))
        assert code == 0, out
        _check(f"validate {folder.name}", out)
    code, out = _run(runner, "validate", str(tmp_path))
    assert code == 1
    _check("validate (empty folder)", out)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_import_names_a_pipe_in_vietnamese(tmp_path: Path) -> None:
    """import refuses a FIFO with its own sentence under --lang vi, as it does in English."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out = _run(CliRunner(), "import", str(fifo), "--db", str(tmp_path / "c.db"))
    assert code == 1
    assert "không phải tệp thông thường (là FIFO" in out
    _check("import (FIFO)", out)


def test_import_refusals_speak_vietnamese(demo_dir: tuple[Path, str], tmp_path: Path) -> None:
    """import names a case already in the store and a line whose state its history denies."""
    db = str(demo_dir[0] / "cases.db")
    runner = CliRunner()
    export = tmp_path / "cases.jsonl"
    code, out = _run(runner, "export", str(export), "--db", db)
    assert code == 0, out
    first = json.loads(export.read_text(encoding="utf-8").splitlines()[0])
    code, out = _run(runner, "import", str(export), "--accept-redacted", "--db", db)
    assert code == 1
    assert "đã có trong kho dữ liệu" in out
    _check("import (cases already stored)", out)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**first, "state": "heard"}) + "\n", encoding="utf-8")
    code, out = _run(
        runner, "import", str(bad), "--accept-redacted", "--db", str(tmp_path / "n.db")
    )
    assert code == 1
    _check("import (state against history)", out)
