"""The XLSX report in either language: the words change, the figures do not.

Palembang with 40,000 blanks (the page's default plan) written with lang="en" and
lang="id": sheet names and headers come from the catalog, every number and code cell
sits at the same place with the same value in both workbooks.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from optimizer import Plan, Shipment, datasets, solve
from optimizer.io.report import report_workbook


@functools.lru_cache(maxsize=1)
def palembang() -> tuple[Any, Plan, Any]:
    ds = datasets.load("palembang")
    policy = ds.policy()
    return ds.instance, solve(ds.instance, Shipment(blanks=40_000), policy), policy


def book(lang: str) -> Workbook:
    instance, plan, policy = palembang()
    return report_workbook(plan, instance, policy, lang)


def header(workbook: Workbook, sheet: str) -> list[Any]:
    return [c.value for c in next(workbook[sheet].iter_rows(max_row=1))]


def test_indonesian_sheet_names_and_headers() -> None:
    indonesian = book("id")
    assert indonesian.sheetnames == ["Ringkasan", "Kantor", "Kecamatan", "Kelurahan", "Pesan"]
    offices = header(indonesian, "Kantor")
    assert offices[:7] == ["Kode kantor", "Kantor", "Kode kecamatan", "Kecamatan",
                           "Blangko dikirim", "Stok yang sudah ada", "Kapasitas cetak (kartu)"]
    # Tiers by their Disdukcapil names (first_time -> pemula), reasons in Indonesian.
    assert "Kartu yang dicetak, pemula" in offices
    assert "Cakupan, pemula" in header(indonesian, "Kecamatan")
    assert header(indonesian, "Kelurahan")[:2] == ["Kode kelurahan", "Kelurahan"]
    figures = [r[0] for r in indonesian["Ringkasan"].iter_rows(min_row=2, values_only=True)]
    assert "Blangko dalam pengiriman ini" in figures
    assert "Kartu dicetak, pemula" in figures
    # Headers are capitalised like every other sheet's (they were 'kode', 'tingkat', 'pesan').
    assert header(indonesian, "Pesan") == ["Kode", "Tingkat", "Pesan"]
    # Each message's level in the language too (a tester read 'error' in the Pesan sheet).
    levels = {r[1] for r in indonesian["Pesan"].iter_rows(min_row=2, values_only=True)}
    assert levels and levels <= {"info", "peringatan", "galat"}, levels


def test_english_sheet_names_and_headers() -> None:
    english = book("en")
    assert english.sheetnames == ["Summary", "Offices", "Kecamatan", "Kelurahan", "Messages"]
    offices = header(english, "Offices")
    assert offices[:5] == ["Office code", "Office", "Kecamatan code", "Kecamatan",
                           "Blanks to send"]
    # A tier's label, not its id (the planner reads 'first-time applicants', not first_time).
    assert "Cards to print, first-time applicants" in offices
    assert "Cards to print, replacements" in offices
    assert not [h for h in offices if "first_time" in str(h) or "replacement," in str(h)]
    assert header(english, "Messages") == ["code", "level", "message"]


def test_the_figures_are_the_same_in_both_languages() -> None:
    english, indonesian = book("en"), book("id")
    compared = 0
    for en_sheet, id_sheet in zip(english.worksheets, indonesian.worksheets, strict=True):
        en_rows = list(en_sheet.iter_rows(values_only=True))
        id_rows = list(id_sheet.iter_rows(values_only=True))
        assert len(en_rows) == len(id_rows), en_sheet.title
        for en_row, id_row in zip(en_rows, id_rows, strict=True):
            for a, b in zip(en_row, id_row, strict=True):
                if isinstance(a, int | float) or isinstance(b, int | float):
                    assert a == b, (en_sheet.title, en_row[0])
                    compared += 1
    assert compared > 1000  # every kelurahan row's counts, not just a few cells
    # The codes (first columns of Offices, Kecamatan, Kelurahan) are the same too.
    for en_name, id_name in (("Offices", "Kantor"), ("Kelurahan", "Kelurahan")):
        assert [r[0] for r in english[en_name].iter_rows(values_only=True)][1:] == \
            [r[0] for r in indonesian[id_name].iter_rows(values_only=True)][1:]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        book("fr")


def test_blanko_plan_writes_the_report_in_its_language(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from optimizer.cli import app

    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(app, ["plan", "--dataset", "palembang", "--blanks", "40000",
                                      "--quiet", "--lang", "id", "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    written = load_workbook(out, read_only=True)
    assert written.sheetnames == ["Ringkasan", "Kantor", "Kecamatan", "Kelurahan", "Pesan"]
    expected = book("id")
    for name in written.sheetnames:  # the library's own workbook's headers and rows
        rows = list(written[name].iter_rows(values_only=True))
        assert rows[0] == next(expected[name].iter_rows(max_row=1, values_only=True)), name
        assert len(rows) == expected[name].max_row, name
