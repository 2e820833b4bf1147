"""Tester qa10b's page upload: the plan's own XLSX report given back as the input
(tests/data/page-uploads/report-as-input/: `blanko plan --dataset palembang --blanks 40000
--xlsx`, in Bahasa Indonesia and in English, as the page's download writes it too)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from optimizer.cli import app

HX = {"HX-Request": "true"}
REPORTS = Path(__file__).parents[1] / "data" / "page-uploads" / "report-as-input"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#39;", "'")


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("report", sorted(p.name for p in REPORTS.iterdir()))
def test_a_plan_report_uploaded_as_the_input_is_said_to_be_one(
        client: TestClient, lang: str, report: str) -> None:
    # Was: its Offices (Kantor) sheet read as the sites table and refused column by
    # column ("Office code: is not a known column; did you mean site_id?"), which told
    # the planner to rename the report's columns.
    data = {"source": "upload", "blanks": "40000", "equity": "on", "lang": lang}
    files = [("file", (report, (REPORTS / report).read_bytes(), XLSX))]
    said = text(client.post("/web/plan", data=data, files=files, headers=HX).text)
    assert report in said, said
    assert "not a known column" not in said and "bukan kolom yang dikenal" not in said
    if lang == "id":
        assert "adalah laporan rencana yang ditulis Blanko" in said, said
        assert "rencanakan dari buku kerja atau berkas yang menjadi dasar rencana" in said
    else:
        assert "is a plan's report written by Blanko" in said, said
        assert "plan from the workbook or the files that plan was made from" in said


def test_the_command_line_says_so_too() -> None:
    for report in REPORTS.iterdir():
        result = CliRunner().invoke(app, ["plan", "--data", str(report), "--blanks", "40000",
                                          "--quiet"])
        assert result.exit_code == 2
        assert f"{report.name}: is a plan's report written by Blanko" in result.output
        assert "not a known column" not in result.output


@pytest.mark.parametrize(("old", "new", "says"), [
    ("en", "id", "Hasil dari berkas Anda sendiri tidak ditampilkan dalam bahasa ini"),
    ("id", "en", "The results of your own files are not shown in this language"),
])
def test_switching_language_after_planning_an_upload_says_why_the_plan_is_gone(
        client: TestClient, old: str, new: str, says: str) -> None:
    # The planner uploaded kantor.csv and kelurahan.csv (tests/data/page-uploads/
    # kantor-kelurahan), planned, and switched the language: the page came back in the
    # other language with the form filled in and the plan gone, without a word (a page
    # cannot carry an upload; a bundled dataset is planned again on load).
    folder = Path(__file__).parents[1] / "data" / "page-uploads" / "kantor-kelurahan"
    data = {"source": "upload", "blanks": "50000", "max_travel_km": "8", "equity": "on",
            "lang": old}
    files = [("file", (f.name, f.read_bytes(), "text/csv")) for f in sorted(folder.iterdir())]
    planned = client.post("/web/plan", data=data, files=files, headers=HX)
    assert 'id="kecamatan-table"' in planned.text, text(planned.text)
    switched = client.post("/web/language", data={**data, "shown": "plan", "switch_lang": new})
    assert switched.status_code == 200
    assert says in text(switched.text)
    assert 'value="50000"' in switched.text  # what was typed is kept
    # A bundled dataset is planned again in the new language, with no such note.
    again = client.post("/web/language", data={"source": "dataset", "dataset": "palembang",
                                               "blanks": "50000", "lang": old,
                                               "shown": "plan", "switch_lang": new})
    assert 'id="upload-dropped"' not in again.text and 'hx-trigger="load"' in again.text
