"""Tester qa11's page uploads (tests/data/page-uploads/qa11-*)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from optimizer import Policy, Shipment, i18n, solve
from optimizer.engine.kpis import district_limits
from optimizer.io.files import load_instance

HX = {"HX-Request": "true"}
UPLOADS = Path(__file__).parents[1] / "data" / "page-uploads"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'<table id="{table}">', 1)[1].split("</table>", 1)[0]
    body = body.split("<tbody>", 1)[1]
    return [[" ".join(re.sub(r"<[^>]+>", " ", c).split())
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


CASE = UPLOADS / "qa11-lansia-first" / "Data KTP-el Palembang.xlsx"
FORM = {"source": "upload", "blanks": "45000", "reserve": "1000", "lot_size": "50",
        "max_travel_km": "5", "locale": "id", "equity": "on"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_kecamatan_table_says_what_limits_each_kecamatan_over_every_tier(
        client: TestClient, lang: str) -> None:
    # Palembang's offices with stock and storage caps, and a `Kelompok` sheet putting
    # `lansia` (elderly) first: every lansia is served, first-time applicants wait for
    # printers and storage. The summary counted "storage: 15 kecamatan, capacity: 3"; the
    # table's Limit column showed the first tier's reason, "none" ("tuntas") in every row.
    path, data = CASE, {**FORM, "lang": lang}
    files = [("file", (path.name, path.read_bytes(), XLSX))]
    html = client.post("/web/plan", data=data, files=files, headers=HX).text
    assert 'id="kecamatan-table"' in html, html[:2000]
    instance = load_instance(path, locale="id")
    plan = solve(instance, Shipment(blanks=45000),
                 Policy(reserve=1000, lot_size=50, max_travel_km=5.0))
    limits = district_limits(plan)
    assert set(limits.values()) - {"none"}, limits  # the case: later tiers wait
    rows = cells(html, "kecamatan-table")
    assert len(rows) == len(limits) == 18
    said = [row[-1] for row in rows]
    want = [i18n.translate(lang, "reason", limits[d.district_id]) for d in instance.districts]
    assert said == want
    tuntas = i18n.translate(lang, "reason", "none")
    assert tuntas not in said


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_letter_lists_the_tiers_in_the_plans_priority(client: TestClient, lang: str) -> None:
    # The same upload: each letter listed its first-time lines before its lansia lines (the
    # tiers by name), though the `Kelompok` sheet puts lansia first, as the plan does.
    files = [("file", (CASE.name, CASE.read_bytes(), XLSX))]
    html = client.post("/web/letters", data={**FORM, "lang": lang}, files=files).text
    letters = html.split('<article class="letter"')[1:]
    assert len(letters) == 19, html[:2000]
    label = {t: i18n.tier_label(t, lang) for t in ("lansia", "first_time", "replacement")}
    order = {label[t]: i for i, t in enumerate(("lansia", "first_time", "replacement"))}
    seen = 0
    for letter in letters:
        rows = re.findall(r"<tr><td>.*?</td><td>.*?</td><td>(.*?)</td>", letter, re.S)
        ranks = [order[r.strip()] for r in rows]
        assert ranks == sorted(ranks), (ranks, letter[:500])
        seen += len(set(ranks)) > 1
    assert seen  # offices printing for two tiers: the order is seen


BOOKS = UPLOADS / "qa11-table-per-workbook"  # kantor.xlsx, kelurahan.xlsx, kecamatan.xlsx


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#39;", "'")


@pytest.mark.parametrize(("lang", "said", "fix"), [
    ("en", "3 workbooks chosen (kantor.xlsx, kecamatan.xlsx, kelurahan.xlsx): the page reads "
           "one workbook, with a sheet per table, or the CSV files",
     "copy the sheets into one workbook (in Excel: right-click a sheet's tab, Move or Copy, "
     "To book), each sheet named as its table"),
    ("id", "3 buku kerja dipilih (kantor.xlsx, kecamatan.xlsx, kelurahan.xlsx): halaman ini "
           "membaca satu buku kerja, dengan satu sheet per tabel, atau berkas-berkas CSV",
     "salin sheet-sheetnya ke satu buku kerja (di Excel: klik kanan tab sheet, Pindahkan "
     "atau Salin, Ke buku), setiap sheet dinamai sesuai tabelnya"),
])
def test_a_table_per_workbook_is_refused_naming_them_and_saying_how_to_join_them(
        client: TestClient, lang: str, said: str, fix: str) -> None:
    # An office keeps each table in its own workbook. The page said only "upload one
    # workbook at a time", and each workbook alone was refused too (no offices table).
    files = [("file", (p.name, p.read_bytes(), XLSX)) for p in sorted(BOOKS.iterdir())]
    data = {"source": "upload", "blanks": "40000", "equity": "on", "lang": lang}
    shown = text(client.post("/web/plan", data=data, files=files, headers=HX).text)
    assert said in shown and fix in shown, shown
    assert 'id="kecamatan-table"' not in shown


SHOWN = re.compile(r'<input type="hidden" name="shown_input" value="([0-9a-f]{64})"')
SAVED = re.compile(r"(?:Saved as plan|Disimpan sebagai rencana) ([0-9a-f-]{36})\.")


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "the form was changed after the plan shown was made"),
    ("id", "isian formulir diubah setelah rencana yang ditampilkan dibuat"),
])
@pytest.mark.parametrize("upload", [False, True])
def test_a_plan_of_a_form_changed_since_the_plan_shown_is_not_saved_or_printed(
        client: TestClient, lang: str, said: str, upload: bool) -> None:
    # The planner plans (the dataset's 8 km limit, or the lansia workbook), reads the plan,
    # then types a 3 km travel limit and presses Save without Plan: the 3 km plan was kept,
    # listed as the same input and blanks as the plan shown, and could be approved.
    if upload:
        form, files = {**FORM, "lang": lang}, [("file", (CASE.name, CASE.read_bytes(), XLSX))]
    else:
        form, files = {"source": "dataset", "dataset": "palembang", "blanks": "40000",
                       "equity": "on", "lang": lang}, []
    shown = SHOWN.findall(client.post("/web/plan", data=form, files=files, headers=HX).text)
    assert len(shown) == 1
    same = {**form, "shown_input": shown[0]}
    saved = client.post("/web/plans", data=same, files=files, headers=HX).text
    assert SAVED.findall(saved), text(saved)[:1000]  # the plan shown is kept
    changed = {**same, "max_travel_km": "3"}
    kept = client.get("/v1/plans?limit=200").json()["total"]
    refused = client.post("/web/plans", data=changed, files=files, headers=HX)
    assert client.get("/v1/plans?limit=200").json()["total"] == kept  # nothing kept
    assert said in text(refused.text) and not SAVED.findall(refused.text), text(refused.text)
    # still refused when pressed again (the refusal keeps the plan shown)
    assert SHOWN.findall(refused.text) == shown
    for action in ("/web/report.xlsx", "/web/letters"):
        answer = client.post(action, data=changed, files=files)
        assert answer.headers["content-type"].startswith("text/html")
        assert said in text(answer.text), (action, text(answer.text)[:500])
        assert client.post(action, data=same, files=files).status_code == 200


def test_the_second_printer_table_starts_with_the_office_the_plan_names(
        client: TestClient) -> None:
    # The lansia workbook: every office gains 150 cards from one more printer-day. The
    # table broke that tie by site id (Ilir Barat II first, Gandus not among the five
    # shown), while the plan's MARGINAL_PRINTER names Gandus (KEC-16.71.12), where a card
    # of capacity also saves the most resident-km.
    files = [("file", (CASE.name, CASE.read_bytes(), XLSX))]
    html = client.post("/web/plan", data={**FORM, "lang": "en"}, files=files, headers=HX).text
    instance = load_instance(CASE, locale="id")
    plan = solve(instance, Shipment(blanks=45000),
                 Policy(reserve=1000, lot_size=50, max_travel_km=5.0))
    named = [m.params["site_id"] for m in plan.messages if m.code == "MARGINAL_PRINTER"]
    names = {s.site_id: s.name for s in instance.sites}
    rows = cells(html, "printer-table")
    gains = {s.site_id: s.marginal_cards_per_printer_day for s in plan.sites}
    assert len(set(gains.values()) - {0}) == 1  # the tie the table must break as the plan
    assert named and rows[0][0] == names[named[0]], (named, rows)
