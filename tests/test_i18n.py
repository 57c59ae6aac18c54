"""The Vietnamese catalog and the language a run speaks (caseflow.i18n, caseflow.cli.language).

The catalog must hold every message Babel extracts from the source (with the
map in babel.cfg), each translated and not fuzzy, with the placeholders of
its English text; the committed .mo must be the .po compiled. The command
line picks its language from --lang, else CASEFLOW_LANG, else the locale,
and its --help follows, also for a command added after import.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from caseflow.cli import main
from caseflow.i18n import _, day_text, language, language_from_environment, moment_text

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "caseflow" / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "caseflow.po"
MO = LOCALE / "vi" / "LC_MESSAGES" / "caseflow.mo"


def _catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as fh:
        return read_po(fh, locale="vi")


def _extracted() -> set[str]:
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "src" / "caseflow"), method_map, options_map
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _ids(message: object) -> list[str]:
    return [message] if isinstance(message, str) else list(message)  # type: ignore[call-overload]


def test_every_extracted_message_is_translated() -> None:
    """Each message Babel extracts from src/ is in the vi catalog, translated and not fuzzy."""
    catalog = _catalog()
    extracted = _extracted()
    assert len(extracted) > 200  # the extraction itself works (and sees the CLI's help)
    missing, untranslated = [], []
    for msgid in sorted(extracted):
        entry = catalog.get(msgid)
        if entry is None:
            missing.append(msgid)
        elif entry.fuzzy or not all(_ids(entry.string)):
            untranslated.append(msgid)
    assert not missing, f"not in the catalog (run pybabel extract/update): {missing[:5]}"
    assert not untranslated, f"not translated or fuzzy: {untranslated[:5]}"


def test_committed_mo_is_the_po_compiled() -> None:
    """The committed .mo holds exactly the .po's translations (run pybabel compile)."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    compiled.seek(0)
    fresh = {tuple(_ids(m.id)): tuple(_ids(m.string)) for m in read_mo(compiled) if m.id}
    with MO.open("rb") as fh:
        committed = {tuple(_ids(m.id)): tuple(_ids(m.string)) for m in read_mo(fh) if m.id}
    assert len(committed) > 200
    assert committed == fresh


def _fields(text: str) -> set[str]:
    if "%(" in text:  # click's %-style messages
        return set(re.findall(r"%\((\w+)\)s", text))
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_translations_keep_the_placeholders() -> None:
    """Every {placeholder} of a msgid appears in its msgstr, and no other one.

    Help texts are not formatted (click prints them as they are), so braces
    in them are text; they are marked "help of ..." by the extractor.
    """
    wrong = []
    checked = 0
    for entry in _catalog():
        if not entry.id or any(c.startswith("help of") for c in entry.auto_comments):
            continue
        checked += 1
        english = _fields(_ids(entry.id)[0])
        for text in _ids(entry.string):
            if _fields(text) != english:
                wrong.append((entry.id, text))
    assert checked > 200
    assert not wrong, wrong[:3]


def test_language_is_a_context_and_english_is_the_default() -> None:
    """_() is English outside a block, Vietnamese inside ``language('vi')``, English again after."""
    assert _("nothing is overdue") == "nothing is overdue"
    with language("vi"):
        assert _("nothing is overdue") == "không có thời hạn nào quá hạn"
    assert _("nothing is overdue") == "nothing is overdue"


def test_language_from_option_then_env_then_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """--lang wins over CASEFLOW_LANG, which wins over the locale; unknown codes read as English."""
    monkeypatch.delenv("CASEFLOW_LANG", raising=False)
    monkeypatch.setenv("LC_ALL", "vi_VN.UTF-8")
    assert language_from_environment() == "vi"
    monkeypatch.setenv("CASEFLOW_LANG", "en")
    assert language_from_environment() == "en"
    assert language_from_environment("vi") == "vi"
    monkeypatch.setenv("CASEFLOW_LANG", "fr")
    assert language_from_environment() == "en"


def test_cli_reads_caseflow_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --lang the command line speaks CASEFLOW_LANG; --lang en overrides it."""
    monkeypatch.setenv("CASEFLOW_LANG", "vi")
    runner = CliRunner()
    assert "Cách dùng:" in runner.invoke(main, ["--help"]).output
    assert "Usage:" in runner.invoke(main, ["--lang", "en", "--help"]).output
    assert "Usage:" in runner.invoke(main, ["validate", "--help", "--lang", "en"]).output


def test_help_of_a_command_added_later_is_translated() -> None:
    """A command added to the group after import gets --lang and its help from the catalog."""

    @click.command("late")
    @click.option("--year", type=int, help="The year to list.")
    def late(year: int | None) -> None:
        """Only this schedule (default: all of the workflow's)."""
        click.echo(_("nothing is overdue"))

    main.add_command(late)
    try:
        runner = CliRunner()
        out = runner.invoke(main, ["late", "--help", "--lang", "vi"]).output
        assert "Chỉ lịch này" in out
        assert "Năm cần liệt kê." in out
        assert "--lang" in out
        ran = runner.invoke(main, ["late", "--lang", "vi"])
        assert ran.exit_code == 0
        assert ran.output.strip() == "không có thời hạn nào quá hạn"
        # The help is restored after the run: English again without --lang vi.
        assert late.help is not None
        assert "Only this schedule" in late.help
    finally:
        main.commands.pop("late")
        late.params[:] = [p for p in late.params if p.name != "lang"]


def test_version_is_in_the_language() -> None:
    """--version speaks the language of the run."""
    runner = CliRunner()
    assert ", phiên bản " in runner.invoke(main, ["--version", "--lang", "vi"]).output
    assert ", version " in runner.invoke(main, ["--version", "--lang", "en"]).output


def test_usage_errors_are_in_the_language() -> None:
    """Click's own usage errors, one line each, speak Vietnamese under --lang vi, English otherwise."""
    runner = CliRunner()
    vi = runner.invoke(main, ["calendar", "--lang", "vi"])
    assert vi.exit_code == 2
    assert vi.output.strip() == (
        "caseflow calendar: thiếu tùy chọn '--year'; xem caseflow calendar --help"
    )
    en = runner.invoke(main, ["calendar", "--lang", "en"])
    assert en.exit_code == 2
    assert (
        en.output.strip()
        == "caseflow calendar: missing option '--year'; see caseflow calendar --help"
    )


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_vietnamese_dates_are_dd_mm_yyyy(day: dt.date) -> None:
    """day_text writes dd/mm/yyyy in Vietnamese (read back by strptime) and ISO in English."""
    with language("vi"):
        text = day_text(day)
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", text)
    assert dt.date(int(text[6:]), int(text[3:5]), int(text[:2])) == day
    assert day_text(day) == day.isoformat()


def test_vietnamese_moments_keep_the_clock() -> None:
    """moment_text writes dd/mm/yyyy HH:MM in Vietnamese and ISO 8601 in English."""
    moment = dt.datetime(2026, 2, 17, 8, 30, tzinfo=dt.UTC)
    with language("vi"):
        assert moment_text(moment) == "17/02/2026 08:30"
    assert moment_text(moment) == moment.isoformat()
