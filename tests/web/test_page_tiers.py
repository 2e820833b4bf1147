"""A file of one tier on the page: refused with a fix the page can follow (no --tiers,
which is the command line's), then planned once its tiers.csv is uploaded with it, as
`blanko plan --data` reads the same folder."""

from __future__ import annotations

from fastapi.testclient import TestClient

HX = {"HX-Request": "true"}
# Pontianak's tester file with first_time only; its numbers add up to no totals row
# (100 is not 45 + 75), so the only refusal is the missing tier.
AREAS = """kode_kelurahan,nama,kecamatan,lat,lon,first_time
61.71.01.1001,Benua Melayu Darat,Pontianak Selatan,-0.0412,109.3390,100
61.71.01.1002,Benua Melayu Laut,Pontianak Selatan,-0.0301,109.3421,45
61.71.01.1003,Parit Tokaya,Pontianak Selatan,-0.0550,109.3350,75
61.71.02.1001,Batu Layang,Pontianak Utara,0.0150,109.3200,300
"""
SITES = """site_id,nama,kecamatan,lat,lon,printers,kapasitas_per_printer_per_hari,hari_kerja,stok
S1,Kantor Kec Pontianak Selatan,Pontianak Selatan,-0.0440,109.3380,1,150,20,0
S2,Kantor Kec Pontianak Utara,Pontianak Utara,0.0200,109.3300,1,150,20,0
"""
DISTRICTS = """kode_kecamatan,nama_kecamatan
61.71.01,Pontianak Selatan
61.71.02,Pontianak Utara
"""
TIERS = """nama,urutan
first_time,1
"""


def _files(*extra: tuple[str, str]) -> list[tuple[str, tuple[str, bytes, str]]]:
    tables = [("areas.csv", AREAS), ("sites.csv", SITES), ("districts.csv", DISTRICTS), *extra]
    return [("file", (name, text.encode(), "text/csv")) for name, text in tables]


def _form(lang: str) -> dict[str, str]:
    return {"source": "upload", "blanks": "400", "equity": "on", "lang": lang}


def test_a_single_tier_file_is_refused_with_a_fix_the_page_can_follow(
        client: TestClient) -> None:
    for lang, says in (
            ("en", "add a column headed replacement, or declare the tiers this file has in a "
                   "tiers table: tiers.csv with the CSV files, or a sheet named tiers in the "
                   "workbook"),
            ("id", "tambahkan kolom berjudul replacement, atau nyatakan golongan yang ada di "
                   "berkas ini dalam tabel tiers: tiers.csv bersama berkas CSV")):
        answer = client.post("/web/plan", data=_form(lang), files=_files(), headers=HX)
        assert answer.status_code == 200, answer.text
        assert says in answer.text, answer.text
        assert "--tiers" not in answer.text, answer.text


def test_a_single_tier_file_plans_with_its_tiers_csv(client: TestClient) -> None:
    for lang in ("en", "id"):
        answer = client.post("/web/plan", data=_form(lang), files=_files(("tiers.csv", TIERS)),
                             headers=HX)
        assert answer.status_code == 200, answer.text
        assert answer.text.startswith('<h2 id="results-heading">'), answer.text
        assert "bukan salah satu dari" not in answer.text
        assert "is not one of" not in answer.text
        assert "replacement" not in answer.text and "penggantian" not in answer.text


def test_the_file_chooser_names_tiers_csv(client: TestClient) -> None:
    assert "tiers.csv" in client.get("/?lang=en").text
    assert "tiers.csv" in client.get("/?lang=id").text


def test_a_column_of_an_undeclared_tier_is_noted_for_the_page(client: TestClient) -> None:
    # `lansia` is no declared tier: ignored with a note that says how to declare it on
    # the page (the tiers table), not with the command line's --tiers.
    areas = "\n".join(line + (",lansia" if i == 0 else ",7")
                      for i, line in enumerate(AREAS.splitlines())) + "\n"
    files = [f for f in _files(("tiers.csv", TIERS)) if f[1][0] != "areas.csv"]
    files.append(("file", ("areas.csv", areas.encode(), "text/csv")))
    for lang, says in (
            ("en", "the tiers are first_time (declare others in a tiers table: tiers.csv "
                   "with the CSV files, or a sheet named tiers in the workbook)"),
            ("id", "tiers.csv bersama berkas CSV")):
        answer = client.post("/web/plan", data=_form(lang), files=files, headers=HX)
        assert answer.status_code == 200, answer.text
        assert "lansia" in answer.text and says in answer.text, answer.text
        assert "--tiers" not in answer.text, answer.text


def test_a_number_format_for_an_instance_json_is_refused_on_the_form(
        client: TestClient) -> None:
    """qa2 fault 1, whole kind: a .json instance reads no locale; the page names its own
    control and what to choose, never the command line's --locale."""
    from pathlib import Path

    small = (Path(__file__).parents[1] / "data" / "qa2" / "json-tiers" / "small.json")
    for lang, label, fix in (
            ("en", "How your files write numbers",
             "for an instance .json, choose &#39;Detect from the files&#39;"),
            ("id", None, "untuk instans .json, pilih &#39;Kenali dari berkas&#39;")):
        answer = client.post("/web/plan", data={**_form(lang), "blanks": "30", "locale": "id"},
                             files=[("file", ("small.json", small.read_bytes(),
                                              "application/json"))], headers=HX)
        assert answer.status_code == 200, answer.text
        assert fix in answer.text, answer.text
        assert "--locale" not in answer.text, answer.text
        if label:
            assert label in answer.text
        planned = client.post("/web/plan", data={**_form(lang), "blanks": "30"},
                              files=[("file", ("small.json", small.read_bytes(),
                                               "application/json"))], headers=HX)
        assert planned.status_code == 200 and fix not in planned.text
