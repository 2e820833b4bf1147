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
