"""Tester qa11's command-line findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app

BOOKS = Path(__file__).parent / "data" / "page-uploads" / "qa11-table-per-workbook"


@pytest.mark.parametrize(("lang", "said", "fix"), [
    ("en", "has no CSV file of a table it needs (sites, areas), but holds workbooks "
           "(kantor.xlsx, kecamatan.xlsx, kelurahan.xlsx): a folder is read as CSV files, one "
           "per table",
     "and give that workbook to --data; or save each sheet as CSV (File, Save As, CSV) into "
     "the folder"),
    ("id", "tidak memiliki berkas CSV untuk tabel yang diperlukan (sites, areas), tetapi "
           "berisi buku kerja (kantor.xlsx, kecamatan.xlsx, kelurahan.xlsx)",
     "lalu berikan buku kerja itu ke --data; atau simpan setiap sheet sebagai CSV"),
])
def test_a_folder_of_a_workbook_per_table_says_so(lang: str, said: str, fix: str) -> None:
    # Was: "has no 'sites' table; fix: add sites.csv" beside the kantor.xlsx it holds.
    result = CliRunner().invoke(app, ["plan", "--data", str(BOOKS), "--blanks", "40000",
                                      "--quiet", "--lang", lang])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert said in output and fix in output, output
