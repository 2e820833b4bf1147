"""The planner's page in a real browser: Debian's Chromium driven by Playwright.

A real `blanko serve` (api/process.py) on a loopback port; every request the page
makes is intercepted, and one that leaves the server fails the test (the page must
work on an intranet). Screenshots go to test-artifacts/browser/ (BLANKO_TEST_ARTIFACTS
moves them). Without Chromium the tests skip, saying so; under CI (CI=true) they fail.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from api.process import running_server
from optimizer import POLICIES, Shipment, datasets, i18n, policy_label, solve
from tests.web.workbooks import BAD_ROW, BAD_VALUE, palembang_workbook

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARTIFACTS = Path(os.environ.get("BLANKO_TEST_ARTIFACTS", "test-artifacts")) / "browser"
VIEWPORT = {"width": 1366, "height": 768}
BLANKS = 40_000


def chromium() -> str:
    """The Chromium to drive: BLANKO_CHROMIUM, else Debian's; skip (fail under CI) if none."""
    for path in (os.environ.get("BLANKO_CHROMIUM"), *CANDIDATES,
                 shutil.which("chromium") or None):
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    reason = ("no Chromium found (looked for BLANKO_CHROMIUM and " + ", ".join(CANDIDATES)
              + "); install it with `apt-get install -y chromium`")
    if os.environ.get("CI") == "true":
        pytest.fail("CI must run the browser tests: " + reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def executable() -> str:
    return chromium()


@pytest.fixture(scope="module")
def server(executable: str) -> Iterator[Any]:  # after the Chromium check: no server for nothing
    with running_server(workers=1) as running:
        yield running


@pytest.fixture(scope="module")
def browser(server: Any, executable: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


class Outside:
    """Requests that tried to leave the server (aborted, and failed on at teardown)."""

    def __init__(self, origin: str):
        self.origin, self.urls = origin, []

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/") or url == self.origin or url.startswith("data:"):
            route.continue_()
        else:
            self.urls.append(url)
            route.abort()


# Every wait of a page (a selector, a click's navigation) may take this long before the
# test fails: Playwright's 30 s default was passed under a loaded shared machine (fresh-check
# beside other jobs: an expired sign-in's redirect), and a wait that succeeds returns at
# once, so a longer bound costs nothing when all is well.
WAIT_MS = 120_000


def _new_context(browser: Any, **options: Any) -> Any:
    context = browser.new_context(**options)
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    return context


@pytest.fixture
def page(browser: Any, server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = _new_context(browser, viewport=VIEWPORT, accept_downloads=True, base_url=server.url)
    outside = Outside(server.url)
    context.route("**/*", outside.route)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert outside.urls == [], f"requests left the server: {outside.urls}"
    assert errors == [], f"JavaScript errors on the page: {errors}"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def plan(page: Any, lang: str, blanks: str) -> None:
    page.goto(f"/?lang={lang}")
    page.select_option("#dataset", "palembang")
    page.fill("#blanks", blanks)
    page.click("#plan-button")
    page.wait_for_selector("#kecamatan-table")


def table(page: Any, selector: str) -> list[list[str]]:
    rows = page.locator(f"{selector} tbody tr")
    return [[c.strip() for c in rows.nth(i).locator("th, td").all_inner_texts()]
            for i in range(rows.count())]


def expected_plan() -> Any:
    ds = datasets.load("palembang")
    return ds.instance, solve(ds.instance, Shipment(blanks=BLANKS), ds.policy())


def test_plan_palembang_and_read_the_kecamatan_table(page: Any) -> None:
    plan(page, "en", "40000")
    shot(page, "01-plan-palembang-en")
    instance, expected = expected_plan()
    rows = table(page, "#kecamatan-table")
    assert len(rows) == len(instance.districts) == 18
    names = {d.district_id: d.name for d in instance.districts}
    served = {(d.district_id, d.tier): d.served for d in expected.districts}
    for row in rows:
        district_id = row[0].split()[-1]
        assert row[0].startswith(names[district_id])
        # Cells: name, then per tier waiting, cards, coverage; then blanks, limit.
        assert int(row[2].replace(",", "")) == served[(district_id, "first_time")]
        assert int(row[5].replace(",", "")) == served[(district_id, "replacement")]
    assert sum(int(r[2].replace(",", "")) for r in rows) == BLANKS
    assert page.inner_text("[data-kpi=cards-first_time]") == "40,000"
    assert page.locator("#office-table tbody tr").count() == len(instance.sites)
    assert page.locator("#plan-map rect").count() == len(instance.sites)
    assert page.locator("#plan-map circle").count() == len(instance.areas)
    page.locator("#map-heading").scroll_into_view_if_needed()
    shot(page, "01b-printer-and-map-en")


def test_switching_to_indonesian_shows_indonesian_labels(page: Any) -> None:
    plan(page, "en", "40000")
    assert page.inner_text("#plan-button") == "Plan"
    # The switch keeps the typed shipment (as typed: one rule in every language) and plans
    # it again, in Indonesian (the page asks for the plan it showed with htmx on load).
    page.click("text=Bahasa Indonesia")
    page.wait_for_selector("html[lang=id] #kecamatan-table")
    assert page.inner_text("#plan-button") == "Rencanakan"
    assert page.inner_text("label[for=blanks]") == "Blangko dalam pengiriman ini"
    assert page.input_value("#blanks") == "40000"
    headers = page.locator("#kecamatan-table thead th").all_inner_texts()
    assert headers[:3] == ["Kecamatan", "Menunggu (pemula)", "Kartu (pemula)"]
    assert page.inner_text("[data-kpi=cards-first_time]") == "40.000"
    page.click(".messages summary")  # the messages, folded until asked for
    assert "batas jarak 8 km ke luar kecamatan sendiri" in page.inner_text(".messages")
    shot(page, "02-plan-palembang-id")
    # The choice sticks: the page without ?lang= stays Indonesian.
    page.goto("/")
    assert page.inner_text("#plan-button") == "Rencanakan"


def test_keyboard_alone_plans_and_lands_on_the_results(page: Any) -> None:
    page.goto("/?lang=en")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip"
    page.focus("#blanks")
    page.keyboard.type("40000")
    page.keyboard.press("Enter")  # implicit submission: the form's first button, Plan
    page.wait_for_selector("#kecamatan-table")
    page.wait_for_function("document.activeElement && document.activeElement.id "
                           "=== 'results-heading'")
    for field in page.locator("#planner input:not([type=hidden]), #planner select").all():
        field_id = field.get_attribute("id")
        assert page.locator(f"label[for={field_id}]").count() == 1, field_id


def test_a_bad_cell_in_an_uploaded_workbook_is_located(page: Any, tmp_path: Path) -> None:
    workbook = palembang_workbook(tmp_path / "palembang-bad.xlsx", bad_cell=True)
    page.goto("/?lang=en")
    page.set_input_files("#file", str(workbook))
    assert page.is_checked("#source-upload")
    page.fill("#blanks", "40000")
    page.click("#plan-button")
    problems = page.wait_for_selector(".problems")
    text = problems.inner_text()
    shot(page, "03-bad-cell")
    assert "palembang-bad.xlsx[areas], column first_time" in text
    assert f"row {BAD_ROW}: must be a whole number, got '{BAD_VALUE}'" in text
    assert "Traceback" not in page.content()


def test_a_bad_cell_is_located_in_indonesian(page: Any, tmp_path: Path) -> None:
    workbook = palembang_workbook(tmp_path / "palembang-bad.xlsx", bad_cell=True)
    page.goto("/?lang=id")
    page.set_input_files("#file", str(workbook))
    page.fill("#blanks", "40000")
    page.click("#plan-button")
    text = page.wait_for_selector(".problems").inner_text()
    shot(page, "03-bad-cell-id")
    assert "palembang-bad.xlsx[areas], kolom first_time" in text
    assert f"baris {BAD_ROW}: harus berupa bilangan bulat, tertulis '{BAD_VALUE}'" in text
    assert "Yang perlu diubah: isi bilangan bulat saja" in text


def test_a_good_workbook_plans_like_the_dataset(page: Any, tmp_path: Path) -> None:
    workbook = palembang_workbook(tmp_path / "palembang.xlsx")
    page.goto("/?lang=en")
    page.set_input_files("#file", str(workbook))
    page.fill("#blanks", "40000")
    page.fill("#max_travel_km", "8")  # the dataset's suggestion, which a file does not carry
    page.click("#plan-button")
    page.wait_for_selector("#kecamatan-table")
    assert page.inner_text("[data-kpi=cards-first_time]") == "40,000"


def test_download_the_xlsx_report_in_indonesian(page: Any, tmp_path: Path) -> None:
    plan(page, "id", "40000")
    with page.expect_download() as download:
        page.click("#xlsx-button")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "blanko-palembang-40000-id.xlsx"
    book = load_workbook(saved, read_only=True)
    assert book.sheetnames == ["Ringkasan", "Kantor", "Kecamatan", "Kelurahan", "Pesan"]
    offices = list(book["Kantor"].iter_rows(values_only=True))
    column = offices[0].index("Blangko dikirim")
    assert sum(int(r[column]) for r in offices[1:] if r[0]) == BLANKS
    _, expected = expected_plan()
    texts = [row[2] for row in book["Pesan"].iter_rows(min_row=2, values_only=True)]
    assert texts == [i18n.render(m, "id") for m in expected.messages]
    assert texts[0].startswith("1.039 jarak kelurahan-kantor")


SAVED = re.compile(r"Saved as plan ([0-9a-f-]{36})\.")


def test_save_approve_and_diff_plans_in_the_history(page: Any) -> None:
    """Plan, save, see it in the history, approve it, and see what changed between two."""
    ids = []
    for blanks in ("30000", "40000"):
        plan(page, "en", blanks)
        page.wait_for_selector("#history-heading")  # the section loads after the page
        page.click("#save-button")
        notice = page.wait_for_selector("#history .notice")
        found = SAVED.search(notice.inner_text())
        assert found, notice.inner_text()
        ids.append(found[1])
        assert page.locator(f'#history tr[data-plan="{found[1]}"] td[data-status=draft]').count()
    before, after = ids
    page.click(f'#history tr[data-plan="{before}"] button.approve')
    page.wait_for_selector(f'#history tr[data-plan="{before}"] td[data-status=approved]')
    assert f"Plan {before} approved." in page.inner_text("#history .notice")
    assert page.locator(f'#history tr[data-plan="{before}"] button.approve').count() == 0
    page.select_option("#diff-before", before)
    page.select_option("#diff-after", after)
    page.click("#diff-button")
    page.wait_for_selector("#diff-kpis")
    page.locator("#diff-kpis").scroll_into_view_if_needed()
    shot(page, "09-history-diff-en")
    assert before in page.inner_text("#diff-heading") and after in page.inner_text(
        "#diff-heading")
    # 10,000 more blanks: the change in blanks shipped is what the offices' changes add to.
    kpis = {r[0]: r for r in table(page, "#diff-kpis")}
    offices = table(page, "#diff-offices")
    assert sum(int(r[4].replace(",", "")) for r in offices) == int(
        float(kpis["Blanks shipped"][3].replace(",", "")))


def test_allocation_letters_one_per_office(page: Any) -> None:
    plan(page, "id", "40000")
    with page.context.expect_page() as opened:
        page.click("#letters-button")
    letters = opened.value
    letters.wait_for_load_state()
    _, expected = expected_plan()
    busy = [s for s in expected.sites if s.blanks > 0 or s.printed > 0]
    assert letters.locator("article.letter").count() == len(busy)
    assert "Alokasi blangko KTP-el" in letters.inner_text("article.letter >> nth=0")
    shot(letters, "05-letters-id")


def test_compare_policies_chart_and_table(page: Any) -> None:
    page.goto("/?lang=en")
    page.fill("#blanks", "40000")
    page.click("#compare-button")
    page.wait_for_selector("#compare-table")
    rows = table(page, "#compare-table")
    assert [r[0] for r in rows] == list(POLICIES)  # English names are the registry's
    # Cells: policy, what it is (the registry's label), then per tier its cards and
    # coverage columns; the cards columns are found by their heads.
    assert [r[1] for r in rows] == [policy_label(name).kind for name in POLICIES]
    heads = page.locator("#compare-table thead th").all_inner_texts()
    cards = [i for i, h in enumerate(heads) if "cards" in h.lower()]
    assert len(cards) == 2, heads  # first_time and replacement
    best = max(sum(int(r[i].replace(",", "")) for i in cards) for r in rows)
    optimal = rows[[r[0] for r in rows].index("optimal")]
    assert sum(int(optimal[i].replace(",", "")) for i in cards) == best
    assert page.locator("#compare-chart rect").count() == len(rows)
    shot(page, "04-compare-en")


def test_an_infeasible_comparison_draws_no_bar_and_no_zero(page: Any) -> None:
    # A reserve above the shipment: no policy can plan. The chart drew nine bars of
    # length 0 labelled 0; it now draws none and says each policy has no plan.
    page.goto("/?lang=en")
    page.fill("#blanks", "40000")
    page.fill("#reserve", "50000")
    page.click("#compare-button")
    page.wait_for_selector("#compare-table")
    assert page.locator("#compare-chart rect").count() == 0
    labels = page.locator("#compare-chart text.no-plan").all_text_contents()
    assert labels == ["No plan: infeasible"] * len(POLICIES), labels
    texts = [t.strip() for t in page.locator("#compare-chart text").all_text_contents()]
    assert "0" not in texts, texts
    shot(page, "04b-compare-infeasible-en")


def test_docs_and_redoc_render_offline(page: Any) -> None:
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Blanko" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-description:has-text('Plan one shipment')")
    shot(page, "06-docs")
    page.goto("/redoc")
    page.wait_for_selector("h2:has-text('Plan one shipment')")
    shot(page, "07-redoc")


KEY = "kunci-rahasia-42"


@pytest.fixture(scope="module")
def locked_server(executable: str, server: Any) -> Iterator[Any]:
    """A second `blanko serve`, with BLANKO_API_KEY set (started after the first)."""
    with running_server(workers=1, api_key=KEY) as running:
        yield running


def test_behind_an_api_key_the_page_asks_for_it_once(browser: Any,
                                                     locked_server: Any) -> None:
    context = _new_context(browser, viewport=VIEWPORT, base_url=locked_server.url)
    outside = Outside(locked_server.url)
    context.route("**/*", outside.route)
    page = context.new_page()
    try:
        page.goto("/?lang=en")
        assert page.locator("#planner").count() == 0
        # The page's plan call without the key: refused.
        refused = page.request.post("/web/plan", form=plan_form(), headers={
            "HX-Request": "true"})
        assert refused.status == 401
        page.fill("#key", "wrong")
        page.click("#login-button")
        assert "That is not the key of this server." in page.inner_text("#login")
        page.fill("#key", KEY)
        page.click("#login-button")
        page.wait_for_selector("#planner")
        shot(page, "10-signed-in-en")
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["blanko_page"]["httpOnly"] and KEY not in cookies["blanko_page"]["value"]
        page.fill("#blanks", "40000")
        page.click("#plan-button")
        page.wait_for_selector("#kecamatan-table")
        assert page.inner_text("[data-kpi=cards-first_time]") == "40,000"
    finally:
        context.close()
    assert outside.urls == [], f"requests left the server: {outside.urls}"


def test_an_expired_sign_in_sends_the_planner_back_to_the_key(browser: Any,
                                                               locked_server: Any) -> None:
    """A session older than BLANKO_PAGE_SESSION_S (12 h): the next plan asks for the key
    again (the 401 carries HX-Redirect, which htmx follows), and signing in again works."""
    import time

    from api.settings import Settings
    from api.web import access

    context = _new_context(browser, viewport=VIEWPORT, base_url=locked_server.url)
    page = context.new_page()
    try:
        page.goto("/?lang=en")
        page.fill("#key", KEY)
        page.click("#login-button")
        page.wait_for_selector("#planner")
        # The page's own requests after it loads (the plan history, hx-trigger="load")
        # done before the session goes stale: sent with the stale cookie, the history's
        # 401 redirected to the sign-in before the test's click, and #blanks was gone
        # (Page.fill waited 120 s for it, once in a full run, 2026-11-30).
        page.wait_for_load_state("networkidle")
        page.fill("#blanks", "40000")
        # The same cookie as the sign-in sets, signed in 13 hours ago.
        stale = access.session_token(Settings(api_key=KEY), now=time.time() - 13 * 3600)
        assert stale is not None
        context.add_cookies([{"name": access.COOKIE, "value": stale,
                              "url": locked_server.url}])
        # The 401's HX-Redirect navigates away from under the click: Playwright's click
        # waits for that navigation, and the wait hung past the page's arrival (30 s) in
        # two full runs out of many, no_wait_after or not. The sign-in form appearing is
        # what this test asks: press the button from the page's own script (no wait
        # attached) and wait for the form.
        page.evaluate("document.getElementById('plan-button').click()")
        page.wait_for_selector("#login")
        assert page.locator("#planner").count() == 0
        assert "keeps the session for 12 hours" in page.inner_text("#login")
        page.fill("#key", KEY)
        page.click("#login-button")
        page.wait_for_selector("#planner")
    finally:
        context.close()


def plan_form() -> dict[str, str]:
    return {"source": "dataset", "dataset": "palembang", "blanks": "40000", "lang": "en"}


@pytest.fixture(scope="module")
def small_server(executable: str, server: Any) -> Iterator[Any]:
    """A `blanko serve` whose body limit (BLANKO_MAX_BODY_BYTES) is 50,000 bytes."""
    with running_server(workers=1, max_body_bytes="50000") as running:
        yield running


def test_an_error_without_accept_language_is_in_the_pages_language(
        browser: Any, small_server: Any, tmp_path: Path) -> None:
    """A browser that sends no Accept-Language: the page is Indonesian (its default), and
    so is the error it shows (an upload over the body limit, 413), not English."""
    context = _new_context(browser, viewport=VIEWPORT, base_url=small_server.url)
    outside = Outside(small_server.url)

    def without_accept_language(route: Any) -> None:
        headers = {k: v for k, v in route.request.headers.items()
                   if k.lower() != "accept-language"}
        if route.request.url.startswith(small_server.url):
            route.continue_(headers=headers)
        else:
            outside.route(route)

    context.route("**/*", without_accept_language)
    page = context.new_page()
    try:
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == "id"
        big = tmp_path / "areas.csv"  # 60,000 bytes: over the 50,000-byte limit
        big.write_text("area_id,name\n" + "A,x\n" * 14_997, encoding="utf-8")
        page.set_input_files("#file", str(big))
        page.fill("#blanks", "40000")
        page.click("#plan-button")
        box = page.locator("#results .problems[role=alert]")
        box.wait_for()
        shot(page, "12-error-without-accept-language")
        assert box.inner_text() == ("413: Badan permintaan lebih besar dari batas 50.000 "
                                    "bita.")
    finally:
        context.close()
    assert outside.urls == [], f"requests left the server: {outside.urls}"


def test_a_single_tier_file_plans_once_its_tiers_csv_is_uploaded(page: Any,
                                                                   tmp_path: Path) -> None:
    # The page refused a first_time-only file with a fix naming the CLI's --tiers, and
    # refused the tiers.csv it asked for: it follows its own fix now.
    from tests.web.test_page_tiers import AREAS, DISTRICTS, SITES, TIERS

    for name, text in (("areas.csv", AREAS), ("sites.csv", SITES),
                       ("districts.csv", DISTRICTS), ("tiers.csv", TIERS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    tables = [str(tmp_path / n) for n in ("areas.csv", "sites.csv", "districts.csv")]
    page.goto("/?lang=id")
    page.set_input_files("#file", tables)
    page.fill("#blanks", "400")
    page.click("#plan-button")
    text = page.wait_for_selector(".problems").inner_text()
    assert "tiers.csv bersama berkas CSV" in text and "--tiers" not in text, text
    page.set_input_files("#file", [*tables, str(tmp_path / "tiers.csv")])
    page.click("#plan-button")
    page.wait_for_selector("#kecamatan-table")
    assert "--tiers" not in page.content()
