"""The page's HTTP side without a browser: forms, fragments, downloads, languages, docs.

Through FastAPI's TestClient on the real app (one solver process); the browser tests
(test_browser.py) drive the same routes in Chromium.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.main import create_app
from api.settings import Settings
from api.web.pages import FIELD_LABELS
from optimizer import POLICIES, Shipment, datasets, i18n, policy_label, solve
from tests.web.workbooks import BAD_ROW, BAD_VALUE, palembang_workbook

HX = {"HX-Request": "true"}


def form(**fields: str) -> dict[str, str]:
    return {"source": "dataset", "dataset": "palembang", "blanks": "40000", "equity": "on",
            "lang": "en", **fields}


def test_the_page_is_indonesian_by_default_and_remembers_a_choice(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-language"] == "id"
    assert '<html lang="id">' in page.text and ">Rencanakan</button>" in page.text
    english = client.get("/?lang=en")
    assert ">Plan</button>" in english.text
    assert english.cookies.get("blanko_lang") == "en"
    assert ">Plan</button>" in client.get("/").text  # the cookie now says English
    client.cookies.clear()


def test_the_language_switch_keeps_the_form_and_asks_for_the_results_again(
        client: TestClient) -> None:
    typed = form(lang="id", blanks="40000", reserve="1500", max_travel_km="8.5", lot_size="",
                 shown="plan", switch_lang="en")
    answer = client.post("/web/language", data=typed)
    client.cookies.clear()
    assert answer.status_code == 200 and '<html lang="en">' in answer.text
    assert answer.cookies.get("blanko_lang") == "en"
    # The same numbers as typed: every language reads them by the command line's rule.
    for field, value in (("blanks", "40000"), ("reserve", "1500"), ("max_travel_km", "8.5"),
                         ("lot_size", "")):
        assert f'name="{field}" inputmode' in answer.text
        assert re.search(rf'id="{field}" name="{field}"[^>]* value="{re.escape(value)}"',
                         answer.text), field
    assert '<option value="palembang" selected>' in answer.text
    # The plan that was shown is asked for again on load, in English.
    assert 'hx-post="/web/plan" hx-include="#planner" hx-trigger="load"' in answer.text
    back = client.post("/web/language", data=dict(typed, lang="en", switch_lang="id",
                                                  shown="compare"))
    client.cookies.clear()
    assert re.search(r'id="blanks" name="blanks"[^>]* value="40000"', back.text)
    assert '<html lang="id">' in back.text
    assert 'hx-post="/web/compare"' in back.text
    # An upload cannot come along (a browser never refills a file field): no re-run.
    upload = client.post("/web/language", data=dict(typed, source="upload"))
    client.cookies.clear()
    assert 'hx-trigger="load"' not in upload.text.split('id="results"', 1)[1].split(">", 1)[0]


def test_every_asset_the_page_names_is_served_by_the_page_itself(client: TestClient) -> None:
    page = client.get("/?lang=id").text
    client.cookies.clear()
    for asset in ("/static/web/htmx.min.js", "/static/web/app.js", "/static/web/app.css"):
        assert f'"{asset}"' in page
        assert client.get(asset).status_code == 200
    assert "http://" not in page and "https://" not in page


def test_plan_fragment_with_htmx_whole_page_without(client: TestClient) -> None:
    fragment = client.post("/web/plan", data=form(), headers=HX)
    assert fragment.status_code == 200
    assert fragment.text.startswith('<h2 id="results-heading">Plan: Palembang')
    assert "<html" not in fragment.text
    estimated = sorted({c.split(".")[-1] for c in datasets.load("palembang").estimated_columns})
    assert f"This dataset estimates some figures ({', '.join(estimated)})" in fragment.text
    page = client.post("/web/plan", data=form())
    assert "<html" in page.text and 'id="kecamatan-table"' in page.text
    assert 'value="40000"' in page.text  # the form keeps what was typed


def test_typed_numbers_in_either_language_and_refused_ones(client: TestClient) -> None:
    digits = client.post("/web/plan", data=form(blanks="40000", lang="id"), headers=HX)
    assert 'data-kpi="cards-first_time">40.000<' in digits.text
    # The dataset's title in the page's language too (it read "19 printing offices").
    assert "Rencana: Palembang: 18 kecamatan, 107 kelurahan, 19 kantor pencetakan, 40.000 " \
        "blangko" in digits.text
    bad = client.post("/web/plan", data=form(blanks="40.5"), headers=HX)
    assert "The input cannot be planned" in bad.text
    assert "must be a whole number, got &#39;40.5&#39;" in bad.text


# qa1 fault 8: the page read 1.000 km as 1000 km on the Indonesian page and 1,000 km on the
# English one, where `blanko plan --max-travel-km 1.000` refuses it as ambiguous. Both
# pages now read every field by the command line's rule (optimizer.read_option).
READINGS = {"1.000": ("dapat dibaca dua cara (1.000 berarti 1000 dalam format Indonesia, 1 "
                      "dalam format Inggris)",
                      "could be read two ways (1.000 is 1000 in Indonesian, 1 in English)"),
            "1,000": ("dapat dibaca dua cara (1,000 berarti 1 dalam format Indonesia, 1000 "
                      "dalam format Inggris)",
                      "could be read two ways (1,000 is 1 in Indonesian, 1000 in English)")}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("typed", ["1.000", "1,000"])
def test_a_number_with_two_readings_is_refused_in_every_field(client: TestClient, lang: str,
                                                              typed: str) -> None:
    fields = ("blanks", "reserve", "lot_size", "max_travel_km")
    answer = client.post("/web/plan", data=form(lang=lang, **dict.fromkeys(fields, typed)),
                         headers=HX)
    assert 'id="kecamatan-table"' not in answer.text
    # Each field by its label on the page (api/web/pages.FIELD_LABELS), in the language.
    for label in FIELD_LABELS.values():
        assert f"<h3>{escape(i18n.gettext_for(lang, label))}</h3>".replace("&#x27;", "&#39;") \
            in answer.text
    said = READINGS[typed][0 if lang == "id" else 1]
    assert answer.text.count(said) == 4, answer.text
    how = "ketik 1000 (tanpa pemisah) atau 1" if lang == "id" else \
        "type 1000 (without separators) or 1"
    assert answer.text.count(how) == 4
    # A decimal in a count field: a whole number is asked for.
    half = client.post("/web/plan", data=form(lang=lang, lot_size="1.5"), headers=HX)
    assert ("harus berupa bilangan bulat" if lang == "id" else "must be a whole number") \
        in half.text
    zero_lot = client.post("/web/plan", data=form(lot_size="0"), headers=HX)
    assert "Lot size (ship whole lots of)" in zero_lot.text
    assert "must be &gt;= 1" in zero_lot.text


def test_a_bad_cell_in_uploaded_csv_files_is_grouped_by_file_and_column(
        client: TestClient) -> None:
    folder = datasets.data_root() / "palembang"
    areas = (folder / "areas.csv").read_text(encoding="utf-8").splitlines()
    cells = areas[BAD_ROW - 1].split(",")
    cells[6] = BAD_VALUE  # first_time
    areas[BAD_ROW - 1] = ",".join(cells)
    files = [("file", ("sites.csv", (folder / "sites.csv").read_bytes(), "text/csv")),
             ("file", ("areas.csv", "\n".join(areas).encode(), "text/csv"))]
    answer = client.post("/web/plan", data=form(source="upload"), files=files, headers=HX)
    assert "<h3>areas.csv, column <code>first_time</code></h3>" in answer.text
    assert f"row {BAD_ROW}: must be a whole number, got &#39;{BAD_VALUE}&#39;" in answer.text
    assert "What to change:</strong> type whole numbers only (no decimals, text or units)" \
        in answer.text
    # The same refusal on the Indonesian page: the words change, file/row/column/value do not.
    answer = client.post("/web/plan", data=form(source="upload", lang="id"), files=files,
                         headers=HX)
    assert "<h3>areas.csv, kolom <code>first_time</code></h3>" in answer.text
    assert f"baris {BAD_ROW}: harus berupa bilangan bulat, tertulis &#39;{BAD_VALUE}&#39;" \
        in answer.text
    assert "Yang perlu diubah:</strong> isi bilangan bulat saja (tanpa desimal, teks atau " \
        "satuan)" in answer.text


def test_an_uploaded_workbook_plans_like_the_bundled_dataset(client: TestClient,
                                                             tmp_path: Path) -> None:
    workbook = palembang_workbook(tmp_path / "mine.xlsx")
    files = [("file", ("mine.xlsx", workbook.read_bytes(), "application/octet-stream"))]
    answer = client.post("/web/plan", data=form(source="upload", max_travel_km="8"),
                         files=files, headers=HX)
    assert 'data-kpi="cards-first_time">40,000<' in answer.text
    assert "estimates some figures" not in answer.text  # the planner's own figures


def test_the_xlsx_report_is_the_plan_with_messages_in_the_language(client: TestClient) -> None:
    answer = client.post("/web/report.xlsx", data=form(lang="id"))
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == (
        'attachment; filename="blanko-palembang-40000-id.xlsx"')
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    ds = datasets.load("palembang")
    plan = solve(ds.instance, Shipment(blanks=40_000), ds.policy())
    assert book.sheetnames == ["Ringkasan", "Kantor", "Kecamatan", "Kelurahan", "Pesan"]
    rows = list(book["Pesan"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [m.code for m in plan.messages]
    assert [r[2] for r in rows] == [i18n.render(m, "id") for m in plan.messages]
    offices = list(book["Kantor"].iter_rows(values_only=True))
    column = offices[0].index("Blangko dikirim")
    assert sum(int(r[column]) for r in offices[1:] if r[0]) == 40_000


def test_letters_one_per_office_that_receives_or_prints(client: TestClient) -> None:
    answer = client.post("/web/letters", data=form(lang="id"))
    ds = datasets.load("palembang")
    plan = solve(ds.instance, Shipment(blanks=40_000), ds.policy())
    busy = [s for s in plan.sites if s.blanks > 0 or s.printed > 0]
    assert answer.text.count('<article class="letter">') == len(busy)
    assert "Alokasi blangko KTP-el" in answer.text and "Dinas Kependudukan" in answer.text


def test_compare_lists_every_policy(client: TestClient) -> None:
    answer = client.post("/web/compare", data=form(), headers=HX)
    # The header and one row per registry policy (9 since lookahead joined the registry).
    assert answer.text.count("<tr>") == 1 + len(POLICIES)
    # Each row says what its policy is, from the registry's label; none is called a rule
    # offices use today.
    kinds = re.findall(r'<td class="kind">([^<]*)</td>', answer.text)
    assert kinds == [policy_label(name).kind for name in POLICIES]
    assert {"described practice", "reference point", "the engine"} == set(kinds)
    assert "offices use today" not in answer.text
    indonesian = client.post("/web/compare", data=form(lang="id"), headers=HX)
    assert "aturan yang dipakai kantor saat ini" not in indonesian.text
    assert set(re.findall(r'<td class="kind">([^<]*)</td>', indonesian.text)) == {
        "praktik yang diberitakan", "titik pembanding", "mesin"}


def test_the_printer_sentence_says_what_the_plans_own_figures_say(client: TestClient) -> None:
    """40,000 blanks in Palembang: no office prints more with another printer-day (the
    shipment binds), yet offices print at capacity and MARGINAL_PRINTER names where more
    capacity saves the most travel; the page says that, not "printers do not limit"."""
    ds = datasets.load("palembang")
    plan = solve(ds.instance, Shipment(blanks=40_000), ds.policy())
    at_capacity = sum(1 for s in plan.sites if s.binding == "capacity")
    marginal = next(m for m in plan.messages if m.code == "MARGINAL_PRINTER")
    assert at_capacity > 0 and marginal.params["cards_per_printer_day"] == 0
    for lang, words in (("en", f"{at_capacity} offices print at their printers' capacity."),
                        ("id", f"{at_capacity} kantor mencetak sebanyak kapasitas printernya.")):
        answer = client.post("/web/plan", data=form(lang=lang), headers=HX)
        note = answer.text.split('id="printer-note">', 1)[1].split("</p>", 1)[0]
        assert words in note
        assert f"({marginal.params['site_id']})" in note
        assert "printers do not limit" not in note and "tidak membatasi" not in note


def test_the_binding_limit_has_one_name_on_the_page_and_in_the_report() -> None:
    from optimizer.io.report import _REASONS

    for code in ("supply", "capacity", "storage"):
        report = i18n.translate("id", "report.reason", _REASONS[code])
        assert i18n.translate("id", "reason", code) == report
        assert i18n.translate("id", "binding", code) == report
    assert i18n.translate("id", "reason", "supply") == "pengiriman (blangko tidak cukup)"


def test_docs_and_redoc_load_nothing_from_a_cdn(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        page = client.get(path).text
        assert "/static/docs/" in page
        assert "cdn" not in page and "fonts.googleapis" not in page
    script = client.get("/static/docs/redoc.standalone.js")
    assert script.status_code == 200 and b"cdn.redoc.ly" not in script.content
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
    assert "/" not in client.get("/openapi.json").json()["paths"]  # the page is not the API


def test_accept_language_picks_the_text_and_nothing_else(client: TestClient) -> None:
    body = json.dumps({"dataset": "palembang", "shipment": {"blanks": 40000}})
    headers = {"Content-Type": "application/json"}
    english = client.post("/v1/plans", content=body, headers=headers)
    indonesian = client.post("/v1/plans", content=body,
                             headers={**headers, "Accept-Language": "id-ID,id;q=0.9"})
    assert english.headers["content-language"] == "en"
    assert indonesian.headers["content-language"] == "id"
    assert "Accept-Language" in indonesian.headers["vary"]
    plan_en, plan_id = english.json(), indonesian.json()
    strip = [{k: v for k, v in m.items() if k != "text"} for m in plan_en["messages"]]
    assert strip == [{k: v for k, v in m.items() if k != "text"} for m in plan_id["messages"]]
    assert plan_id["messages"][0]["text"].startswith("1.039 jarak kelurahan-kantor")
    assert {k: v for k, v in plan_en.items() if k not in {"messages", "solver"}} == {
        k: v for k, v in plan_id.items() if k not in {"messages", "solver"}}
    compared = client.post("/v1/comparisons", content=json.dumps(
        {"dataset": "palembang", "policies": [{"name": "equal"}]}),
        headers={**headers, "Accept-Language": "id"}).json()
    rule = [m for m in compared["results"][0]["messages"] if m["code"] == "POLICY_RULE"]
    assert rule[0]["text"].startswith(
        "Aturan pembanding 'equal': blangko sama banyak untuk setiap kantor")


SAVED = re.compile(r"Saved as plan ([0-9a-f-]{36})\.")


def test_plan_history_save_approve_and_diff_through_the_store(client: TestClient) -> None:
    """The page keeps plans in the store `blanko serve` opens; the store's rules decide."""
    assert 'id="history"' in client.get("/?lang=en").text
    assert 'id="save-button"' in client.get("/?lang=en").text
    first = client.post("/web/plans", data=form(blanks="30000"), headers=HX)
    second = client.post("/web/plans", data=form(blanks="40000"), headers=HX)
    assert first.status_code == second.status_code == 200
    before, after = SAVED.findall(first.text)[0], SAVED.findall(second.text)[0]
    assert f'<tr data-plan="{before}">' in second.text and f'<tr data-plan="{after}">' in \
        second.text
    assert second.text.count('data-status="draft"') >= 2
    # Kept exactly as POST /v1/plans keeps it: the API lists it and re-solves it byte for byte.
    kept = client.get(f"/v1/plans/{after}").json()
    assert kept["kpis"]["blanks_shipped"] + kept["kpis"]["blanks_kept_central"] == 40_000
    assert client.post(f"/v1/plans/{after}/verify").json()["reproduced"] is True

    approved = client.post(f"/web/plans/{before}/approve?lang=en", headers=HX)
    assert approved.status_code == 200
    assert f"Plan {before} approved." in approved.text
    assert client.get(f"/v1/plans/{before}/record").json()["status"] == "approved"
    # A second approval: the store refuses (only a draft can be approved), said in words.
    again = client.post(f"/web/plans/{before}/approve?lang=en", headers=HX)
    assert again.status_code == 409
    assert f"Plan {before} is approved: only a draft plan can be approved." in again.text
    again_id = client.post(f"/web/plans/{before}/approve?lang=id", headers=HX)
    assert f"Rencana {before} berstatus disetujui: hanya rencana berstatus draf" in again_id.text
    assert client.post("/web/plans/no-such-plan/approve?lang=en").status_code == 404

    # What changed from 30,000 to 40,000 blanks: the offices' changes add up to the
    # change in blanks shipped (reserve 0: every blank leaves the central office or
    # stays there, and the KPI table says how many of each).
    change = client.get(f"/web/plans/diff?before={before}&after={after}&lang=en", headers=HX)
    assert change.status_code == 200
    diffs = client.get(f"/v1/plans/{before}/diff/{after}").json()
    moved = sum(o["change"] for o in diffs["offices"])
    shipped = next(k for k in diffs["kpis"] if k["kpi"] == "blanks_shipped")["change"]
    assert moved == shipped
    assert 'data-kpi="blanks_shipped"' in change.text
    # Figures by their labels, coverage in percent: never the raw KPI key or a 0-1 ratio.
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", change.text)
    assert "Blanks shipped" in cells and "Cards printed, first-time applicants" in cells
    assert not [c for c in cells if "_" in c]
    coverage = next(k for k in diffs["kpis"]
                    if k["kpi"] == "coverage_min_by_tier.first_time" and k["change"])
    row = change.text.split('data-kpi="coverage_min_by_tier.first_time">', 1)[1]
    row = row.split("</tr>", 1)[0]
    # The change of a percentage in points, signed: "+6.7 points", not "6.7%".
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == [
        f"{100 * coverage['before']:.1f}%", f"{100 * coverage['after']:.1f}%",
        f"{100 * coverage['change']:+.1f} points"]
    indonesian = client.get(f"/web/plans/diff?before={before}&after={after}&lang=id").text
    assert "Blangko dikirim" in indonesian and "Cakupan kecamatan terendah, pemula" in indonesian
    assert "blanks_kept_central" not in re.findall(r"<td[^>]*>([^<]*)</td>", indonesian)
    # The history's column is the noun (Rencana), not the button's verb (Rencanakan).
    listed = client.get("/web/history?lang=id").text
    assert '<th scope="col">Rencana</th>' in listed and "Rencanakan" not in listed
    assert change.text.count("<tr data-site=") == sum(1 for o in diffs["offices"]
                                                      if o["change"])
    assert client.get(f"/web/plans/diff?before={before}&after=nope").status_code == 404


def test_the_history_names_an_unnamed_author_in_the_pages_language(client: TestClient) -> None:
    """A plan kept without an API key is the service's 'anonymous': a word, said in
    Bahasa Indonesia on the Indonesian page (it was left in English)."""
    saved = client.post("/web/plans", data=form(blanks="25000"), headers=HX)
    plan_id = SAVED.findall(saved.text)[0]
    assert client.get(f"/v1/plans/{plan_id}/record").json()["created_by"] == "anonymous"

    def author(lang: str) -> str:
        listed = client.get(f"/web/history?lang={lang}").text
        row = listed.split(f'<tr data-plan="{plan_id}">', 1)[1].split("</tr>", 1)[0]
        return re.findall(r"<td>[^<]*, ([^<]*)</td>", row)[0]

    assert author("id") == "anonim"
    assert author("en") == "anonymous"


def test_a_refused_form_saves_nothing(client: TestClient) -> None:
    answer = client.post("/web/plans", data=form(blanks="4x"), headers=HX)
    assert "must be a whole number, got &#39;4x&#39;" in answer.text
    assert "Saved as plan" not in answer.text


KEY = "kunci-rahasia-42"


@pytest.fixture(scope="module")
def locked() -> Iterator[TestClient]:
    """The page of a server with BLANKO_API_KEY set."""
    settings = Settings(workers=1, queue_size=4, preload_datasets=[], max_time_limit_s=30,
                        api_key=KEY, deadline_grace_s=60)  # as tests/web/conftest.py's
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_with_an_api_key_the_page_is_no_door_around_it(locked: TestClient) -> None:
    # Without the key: the page asks for it, and every action is refused.
    front = locked.get("/?lang=en")
    assert 'id="login"' in front.text and 'id="planner"' not in front.text
    for path in ("/web/plan", "/web/compare", "/web/report.xlsx", "/web/letters",
                 "/web/plans"):
        assert locked.post(path, data=form(), headers=HX).status_code == 401, path
    assert locked.get("/web/history").status_code == 401
    assert locked.post("/web/plan", data=form(), headers={**HX, "X-API-Key": "wrong"},
                       ).status_code == 401
    wrong = locked.post("/web/login", data={"key": "wrong", "lang": "en"},
                        follow_redirects=False)
    assert wrong.status_code == 401 and "That is not the key of this server." in wrong.text
    assert "set-cookie" not in wrong.headers
    # The key once: a session cookie (not the key), HttpOnly and SameSite=Strict.
    signed = locked.post("/web/login", data={"key": KEY, "lang": "en"},
                         follow_redirects=False)
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and KEY not in cookie
    assert 'id="planner"' in locked.get("/?lang=en").text
    planned = locked.post("/web/plan", data=form(), headers=HX)
    assert planned.status_code == 200 and 'id="kecamatan-table"' in planned.text
    # The cookie opens the page only: the API still wants the header.
    assert locked.get("/v1/plans").status_code == 401
    assert locked.get("/v1/plans", headers={"X-API-Key": KEY}).status_code == 200
    locked.cookies.clear()
    assert locked.post("/web/plan", data=form(), headers=HX).status_code == 401
    # A script (or a test) may send the header itself instead of signing in.
    assert locked.post("/web/plan", data=form(), headers={**HX, "X-API-Key": KEY},
                       ).status_code == 200


def test_compare_shows_kelurahan_beside_the_kecamatan(client: TestClient) -> None:
    """Per tier, the least kelurahan coverage and the kelurahan with no card, from each
    plan's own area lines (api/web/views.kelurahan_floor, hand-checked in
    tests/studies/test_metrics.py's case)."""
    from api.web import views

    answer = client.post("/web/compare", data=form(), headers=HX)
    assert "Lowest kelurahan (" in answer.text
    assert "Kelurahan with no card (" in answer.text
    # Header: policy, kind, then per tier cards, kecamatan, 2 kelurahan; km; stranded.
    header = answer.text.split("</thead>")[0]
    assert header.count('<th scope="col"') == 2 + 4 * 2 + 2
    indonesian = client.post("/web/compare", data=form(lang="id"), headers=HX)
    assert "Kelurahan tanpa kartu" in indonesian.text
    from optimizer import Plan
    from optimizer.schema import AreaLine

    plan = Plan.model_construct(tiers=("first_time",), areas=(
        AreaLine(area_id="A1", district_id="K1", tier="first_time", backlog=10, served=10,
                 coverage=1.0),
        AreaLine(area_id="A2", district_id="K1", tier="first_time", backlog=10, served=0,
                 coverage=0.0),
        AreaLine(area_id="A3", district_id="K1", tier="first_time", backlog=0, served=0,
                 coverage=None)))
    floor = views.kelurahan_floor(plan)["first_time"]
    assert (floor.least, floor.without_cards) == (0.0, 1)


def test_an_infeasible_plan_on_the_page_shows_no_figures_and_cannot_be_approved(
        client: TestClient) -> None:
    # 40,000 blanks with a reserve of 50,000: constraint (1) cannot hold.
    shown = client.post("/web/plan", data=form(reserve="50000"), headers=HX)
    assert shown.status_code == 200
    assert "No figures: the plan is infeasible, so it ships nothing. Why:" in shown.text
    assert ">Travel<" not in shown.text and 'data-kpi="cards-' not in shown.text
    shown_id = client.post("/web/plan", data=form(reserve="50000", lang="id"), headers=HX)
    assert "Tidak ada angka: rencana ini tidak layak" in shown_id.text
    assert "Jarak tempuh" not in shown_id.text
    # It prints nothing: nothing said of printers or marginal gains, in either language
    # (no "printers do not limit this plan" under "Where a second printer helps most").
    for text in (shown.text, shown_id.text):
        assert 'id="printer-heading"' not in text and 'id="printer-note"' not in text
        assert 'id="printer-table"' not in text
    assert "printers do not limit" not in shown.text and "second printer" not in shown.text
    assert "printer tidak membatasi" not in shown_id.text
    planned = client.post("/web/plan", data=form(), headers=HX)
    assert 'id="printer-heading"' in planned.text  # a plan that prints still says
    saved = client.post("/web/plans", data=form(reserve="50000"), headers=HX)
    plan_id = SAVED.findall(saved.text)[0]  # kept: nothing submitted is lost
    row = re.search(rf'<tr data-plan="{plan_id}">.*?</tr>', saved.text, re.S)
    assert row is not None
    assert 'data-result="infeasible"' in row.group(0) and "approve" not in row.group(0)
    refused = client.post(f"/web/plans/{plan_id}/approve?lang=en", headers=HX)
    assert refused.status_code == 409
    assert f"Plan {plan_id} is infeasible: only an optimal or feasible plan can be " \
           f"approved." in refused.text
    refused_id = client.post(f"/web/plans/{plan_id}/approve?lang=id", headers=HX)
    assert f"Rencana {plan_id} tidak layak: hanya rencana yang optimal" in refused_id.text
    assert client.get(f"/v1/plans/{plan_id}/record").json()["status"] == "draft"


def test_an_infeasible_comparison_shows_dashes_and_the_reason(client: TestClient) -> None:
    # 40,000 blanks with a reserve of 50,000: no policy can plan (constraint (1)).
    answer = client.post("/web/compare", data=form(reserve="50000"), headers=HX)
    assert answer.status_code == 200
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", answer.text, re.S)
    assert len(rows) == len(POLICIES)
    for row in rows:
        cells = re.findall(r'<td class="num[^"]*"[^>]*>([^<]*)</td>', row)
        assert cells[-1] == "infeasible" and set(cells[:-1]) == {"—"}, row
    assert answer.text.count("No figures: the plan is infeasible") == len(POLICIES)
    assert "The reserve (50,000) is larger than the shipment (40,000)" in answer.text
    indonesian = client.post("/web/compare", data=form(reserve="50000", lang="id"), headers=HX)
    assert "Cadangan (50.000) lebih besar dari pengiriman (40.000)" in indonesian.text
    assert "tidak layak" in indonesian.text


# --------------------------------------------------------------------------- no figures


def test_an_infeasible_policy_has_no_bar_in_the_comparison_chart(client: TestClient) -> None:
    # Every policy infeasible (reserve 50,000 of 40,000): no bar of length 0 (read as
    # "0 cards printed"), no 0 beside it; each row says the policy has no plan.
    answer = client.post("/web/compare", data=form(reserve="50000"), headers=HX)
    chart = re.search(r'<svg id="compare-chart".*?</svg>', answer.text, re.S)
    assert chart is not None
    assert "<rect" not in chart.group(0)
    assert chart.group(0).count('data-status="infeasible"') == len(POLICIES)
    assert chart.group(0).count("No plan: infeasible") == len(POLICIES)
    assert not re.search(r">\s*0\s*<", chart.group(0)), chart.group(0)
    indonesian = client.post("/web/compare", data=form(reserve="50000", lang="id"), headers=HX)
    assert "Tidak ada rencana: tidak layak" in indonesian.text


def test_a_comparison_with_one_infeasible_policy_scales_the_others_without_it() -> None:
    # One policy refused (its plan an infeasible one), two planned: the refused one has
    # no bar and no figure in chart or table; the others' bars are as long as without it.
    from api.web.pages import compare_context
    from api.web.render import environment
    from api.web.work import Compared
    from optimizer import Policy
    from optimizer.studies import registry

    instance = datasets.load("palembang").instance
    shipment = Shipment(blanks=40_000)
    planned = registry.compare(instance, shipment, Policy(), ("optimal", "equal"))
    refused = solve(instance, shipment, Policy(reserve=50_000))
    assert refused.status == "infeasible"
    plans = ((planned[0].policy, planned[0].plan), ("greedy", refused),
             (planned[1].policy, planned[1].plan))
    for lang, no_plan in (("en", "No plan: infeasible"), ("id", "Tidak ada rencana")):
        html = environment(lang).get_template("compare.html").render(
            lang=lang, **compare_context(Compared(instance, shipment, plans), lang))
        chart = re.search(r'<svg id="compare-chart".*?</svg>', html, re.S)
        assert chart is not None
        bars = re.findall(r'<rect [^>]*width="([0-9.]+)"', chart.group(0))
        assert len(bars) == 2 and float(bars[0]) == 340.0, bars  # optimal: the most
        assert chart.group(0).count(no_plan) == 1
        name = escape(i18n.translate(lang, "policy", "greedy"))
        row = re.search(rf'<th scope="row">{re.escape(name)}</th>(.*?)</tr>', html, re.S)
        assert row is not None
        cells = re.findall(r'<td class="num[^"]*"[^>]*>([^<]*)</td>', row.group(1))
        assert set(cells[:-1]) == {"—"} and cells[-1] != "0", cells


def test_the_history_diff_against_an_infeasible_plan_says_so_and_takes_no_delta(
        client: TestClient) -> None:
    planned = SAVED.findall(client.post("/web/plans", data=form(), headers=HX).text)[0]
    refused = SAVED.findall(client.post("/web/plans", data=form(reserve="50000"),
                                        headers=HX).text)[0]
    for lang, says in (("en", f"Plan {refused} is infeasible: it ships nothing, so it has no "
                              "figures and no change is shown against it. Why: The reserve "
                              "(50,000) is larger than the shipment (40,000)"),
                       ("id", f"Rencana {refused} tidak layak")):
        for before, after in ((planned, refused), (refused, planned)):
            shown = client.get(f"/web/plans/diff?before={before}&after={after}&lang={lang}",
                               headers=HX)
            assert shown.status_code == 200
            assert says in " ".join(shown.text.split()), shown.text
            # No "no office's shipment changed" (nothing to change from), no delta.
            assert 'id="diff-offices"' not in shown.text
            rows = re.findall(r"<tr data-kpi=.*?</tr>", shown.text, re.S)
            assert rows
            side = 1 if before == refused else 2
            for row in rows:
                cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)
                assert cells[side - 1] == "—" and cells[2] == "—", row


def test_the_history_diff_writes_figures_as_figures_and_dashes_what_a_plan_lacks(
        client: TestClient) -> None:
    # A Palembang plan against a plan of another instance (tiers_only: office S): counts
    # whole and grouped ("40,000", never "40,000.0"), changes signed, coverage changes in
    # points, every figure in words (no raw "lot_cost"), and an office one plan lacks a
    # dash on that side and in the change, never 0.
    from tests.cases import tiers_only

    palembang = SAVED.findall(client.post("/web/plans", data=form(), headers=HX).text)[0]
    other = client.post("/v1/plans", json={"instance": tiers_only().model_dump(mode="json"),
                                           "shipment": {"blanks": 200}})
    assert other.status_code == 200, other.text
    single = other.headers["location"].rsplit("/", 1)[1]
    for lang, shipped, points in (("en", ["40,000", "100", "-39,900"], "points"),
                                  ("id", ["40.000", "100", "-39.900"], "poin")):
        shown = client.get(f"/web/plans/diff?before={palembang}&after={single}&lang={lang}",
                           headers=HX)
        assert shown.status_code == 200
        rows = {row[0]: row[1] for row in re.findall(
            r'<tr data-(?:kpi|site)="([^"]+)">(.*?)</tr>', shown.text, re.S)}
        cells = {key: re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)
                 for key, row in rows.items()}
        assert cells["blanks_shipped"] == shipped, cells
        assert cells["S"] == ["—", "100", "—"], cells
        assert cells["KEC-16.71.01"][1:] == ["—", "—"] and cells["KEC-16.71.01"][0] != "0"
        coverage = cells["coverage_min_by_tier.first_time"]
        assert coverage[2].startswith("+") and coverage[2].endswith(points), coverage
        assert "lot_cost" not in re.sub(r'data-kpi="[^"]*"', "", shown.text)
        assert cells["cards_by_tier.replacement"] == ["0", "40", "+40"], cells


def test_the_downloads_of_an_infeasible_plan_say_so_instead_of_zeros(client: TestClient) -> None:
    # The letters were a blank page and the XLSX said "cards printed 0": now both say
    # the plan is infeasible and why.
    letters = client.post("/web/letters", data=form(reserve="50000"))
    assert letters.status_code == 200 and 'class="letter"' not in letters.text
    assert "No figures: the plan is infeasible, so it ships nothing. Why:" in letters.text
    assert "The reserve (50,000) is larger than the shipment (40,000)" in letters.text
    letters_id = client.post("/web/letters", data=form(reserve="50000", lang="id"))
    assert "Cadangan (50.000) lebih besar dari pengiriman (40.000)" in letters_id.text
    book = load_workbook(io.BytesIO(client.post("/web/report.xlsx",
                                                data=form(reserve="50000")).content))
    summary = list(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary[0][1] == "infeasible"
    # The one figure it has is true: nothing ships, all 40,000 blanks stay central.
    figures = [v for row in summary for v in row if isinstance(v, int | float)]
    assert figures == [40_000], summary



def test_a_lot_size_no_whole_lot_fits_is_the_pages_limit() -> None:
    # 3,000 blanks in lots of 7,000: nothing ships, every kecamatan waits for the lot
    # size, not for "supply" (fixb; the CLI and XLSX say the same). Every tier counts:
    # D2 has only replacements waiting.
    from api.web import views
    from optimizer import Policy
    from optimizer.io.files import read_instance

    data = Path(__file__).parents[1] / "data" / "spreadsheets" / "replacements-only-kecamatan"
    instance = read_instance(data).instance
    policy = Policy(lot_size=7000)
    plan = solve(instance, Shipment(blanks=3000), policy)
    assert views.summary(plan, policy).limits == (("lot_size", 3),)
    plain = solve(instance, Shipment(blanks=3000), Policy())
    assert views.summary(plain).limits == (("supply", 3),)  # D2 too, not "none"


def test_letters_of_uploaded_files_are_headed_with_no_file_name(client: TestClient) -> None:
    # Tester qa9: letters made from an upload were headed "DINAS KEPENDUDUKAN DAN
    # PENCATATAN SIPIL: X1", X1 being the uploaded file's name, not a city.
    folder = datasets.data_root() / "palembang"
    files = [("file", ("sites.csv", (folder / "sites.csv").read_bytes(), "text/csv")),
             ("file", ("areas.csv", (folder / "areas.csv").read_bytes(), "text/csv"))]
    answer = client.post("/web/letters", data=form(source="upload", max_travel_km="8"),
                         files=files)
    assert answer.text.count('<article class="letter">') > 0
    heads = re.findall(r'<p class="from">([^<]*)</p>', answer.text)
    assert heads and set(heads) == {"Dinas Kependudukan dan Pencatatan Sipil"}
    # An instance JSON names itself: its own name heads the letters.
    instance = datasets.load("palembang").instance.model_copy(update={"name": "Kota Palembang"})
    files = [("file", ("x1.json", instance.model_dump_json().encode(), "application/json"))]
    answer = client.post("/web/letters", data=form(source="upload", max_travel_km="8"),
                         files=files)
    heads = re.findall(r'<p class="from">([^<]*)</p>', answer.text)
    assert heads and set(heads) == {"Dinas Kependudukan dan Pencatatan Sipil: Kota Palembang"}
    # A bundled dataset's letters keep its city.
    answer = client.post("/web/letters", data=form())
    assert set(re.findall(r'<p class="from">([^<]*)</p>', answer.text)) == {
        "Dinas Kependudukan dan Pencatatan Sipil: Palembang"}
