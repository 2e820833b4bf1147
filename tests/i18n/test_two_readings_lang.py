"""The refusals of inputs that could mean two things, in English and Bahasa Indonesia.

Each corpus file below (tests/data/spreadsheets, make_corpus.one_field_two_ways) is
refused by the reader; every problem must be known to the catalog (its Indonesian
differs from the English and keeps the values the planner typed), and render
byte-identical through the English catalog.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer import InvalidInput, Problem, i18n, load
from optimizer.cli import app
from optimizer.i18n import problems

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
REFUSED = ["two-first-time-columns", "two-printer-columns", "stock-report-columns",
           "stock-header-stok-awal.xlsx", "unit-stock-in-boxes", "unit-working-days-in-weeks",
           "unit-capacity-per-month", "unit-first-time-in-thousands", "copy-sheet-differs.xlsx",
           "site-id-case-duplicate", "area-id-zero-width-duplicate.xlsx"]


def _refusal(name: str) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        load(CORPUS / name)
    return list(refused.value.problems)


def _through_english_catalog(table: tuple[tuple[str, str], ...], text: str) -> str:
    for context, english in table:
        match = problems._pattern(english).match(text)
        if match:
            return problems._fill(i18n.translate("en", context, english), match.groupdict())
    raise AssertionError(f"not in the catalog: {text!r}")


@pytest.mark.parametrize("name", REFUSED)
def test_each_refusal_is_said_in_indonesian_with_its_values(name: str) -> None:
    found = _refusal(name)
    assert found
    for problem in found:
        indonesian = i18n.localize_problem(problem, "id")
        assert indonesian.message != problem.message, problem.message
        assert indonesian.fix != problem.fix, problem.fix
        for value in re.findall(r"'[^']*'|\b\d+\b", problem.message):
            assert value in indonesian.message, (value, indonesian.message)
        assert i18n.localize_problem(problem, "en") == problem
        assert _through_english_catalog(problems.MESSAGES, problem.message) == problem.message
        assert _through_english_catalog(problems.FIXES, problem.fix) == problem.fix


def test_every_unit_kind_has_its_sentence_in_both_languages() -> None:
    from optimizer.io import headers

    for kind, expected in headers.UNIT_EXPECTED.items():
        message, fix = (f"has the unit 'x', but f must be {expected}",
                        f"convert the values to {expected} and remove '(x)' from the header")
        assert problems.problem_text(message, "id") != message, kind
        assert problems.fix_text(fix, "id") != fix, kind
        assert _through_english_catalog(problems.MESSAGES, message) == message


def test_the_cli_asks_which_column_in_either_language() -> None:
    runner = CliRunner()
    args = ["plan", "--data", str(CORPUS / "two-printer-columns"), "--blanks", "6000"]
    english = runner.invoke(app, [*args, "--lang", "en"])
    indonesian = runner.invoke(app, [*args, "--lang", "id"])
    assert english.exit_code == indonesian.exit_code == 2
    assert ("sites.csv, column Printer Aktif: and 'Jumlah Printer' (columns 6 and 7) are both "
            "read as printers, and their values differ") in english.output
    assert ("sites.csv, kolom Printer Aktif: dan 'Jumlah Printer' (kolom 6 dan 7) sama-sama "
            "dibaca sebagai printers, dan nilainya berbeda") in indonesian.output
    assert "pertahankan kolom yang berisi printers" in indonesian.output
