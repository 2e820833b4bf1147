"""The page's errors are in the page's language, also when the browser sends no
Accept-Language: `?lang=`, else the page's cookie, else Bahasa Indonesia (the page's
default, api/web/render.language) - on every error path (401 refused session, 413 body
over the limit, 404, a 500 of the app). The API (/v1) keeps Accept-Language, English
by default.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings

KEY = "kunci-rahasia-42"
HX = {"HX-Request": "true"}
FORM = {"source": "dataset", "dataset": "palembang", "blanks": "40.000", "lang": "id"}


@pytest.fixture(scope="module")
def locked() -> Iterator[TestClient]:
    settings = Settings(workers=1, queue_size=4, preload_datasets=[], max_time_limit_s=30,
                        api_key=KEY, max_body_bytes=20_000)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def problem(response: Any, status: int) -> tuple[str, str, str]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    return response.headers["content-language"], body["title"], body["detail"]


def test_a_refused_session_without_accept_language_is_indonesian(locked: TestClient) -> None:
    locked.cookies.clear()
    answer = locked.post("/web/plan", data=FORM, headers=HX)
    assert problem(answer, 401) == (
        "id", "Tidak berwenang",
        "Masuk dulu di halaman dengan kunci API (atau kirim X-API-Key).")
    assert answer.headers["hx-redirect"] == "/"
    assert answer.headers["vary"] == "Cookie"


def test_the_pages_own_choice_wins_over_the_browser(locked: TestClient) -> None:
    locked.cookies.clear()
    # The page in English (its cookie), a browser that says Indonesian: English.
    locked.cookies.set("blanko_lang", "en")
    unsaid = {k: v for k, v in FORM.items() if k != "lang"}
    answer = locked.post("/web/plan", data=unsaid, headers={**HX, "Accept-Language": "id"})
    assert problem(answer, 401)[:2] == ("en", "Unauthorized")
    # ?lang= is the page's choice too (the link of the language switch).
    locked.cookies.clear()
    answer = locked.get("/web/history?lang=en", headers=HX)
    assert problem(answer, 401)[:2] == ("en", "Unauthorized")
    # The page in Indonesian, a browser that says English: Indonesian.
    locked.cookies.set("blanko_lang", "id")
    answer = locked.get("/web/history", headers={**HX, "Accept-Language": "en"})
    assert problem(answer, 401)[:2] == ("id", "Tidak berwenang")
    locked.cookies.clear()


def test_a_refused_form_is_answered_in_the_forms_language(locked: TestClient) -> None:
    # QA3 18: the 401 on /web/plan ignored the form's lang=en (no cookie: Indonesian).
    # The form's `lang` is the language of the page that sent it, the one its answer
    # would be rendered in: the refusal says it so, whatever the cookie or the browser.
    locked.cookies.clear()
    answer = locked.post("/web/plan", data={**FORM, "lang": "en"}, headers=HX)
    assert problem(answer, 401) == (
        "en", "Unauthorized", "Sign in on the page with the API key first (or send "
                              "X-API-Key).")
    locked.cookies.set("blanko_lang", "en")
    answer = locked.post("/web/plan", data=FORM, headers={**HX, "Accept-Language": "en"})
    assert problem(answer, 401)[:2] == ("id", "Tidak berwenang")
    # A multipart form (an upload) too; a form with no known language falls back.
    locked.cookies.clear()
    answer = locked.post("/web/plan", data={**FORM, "lang": "en"},
                         files={"files": ("sites.csv", b"site_id\n", "text/csv")}, headers=HX)
    assert problem(answer, 401)[:2] == ("en", "Unauthorized")
    answer = locked.post("/web/plan", data={**FORM, "lang": "fr"}, headers=HX)
    assert problem(answer, 401)[:2] == ("id", "Tidak berwenang")


def test_a_body_over_the_limit_on_the_page_is_indonesian(locked: TestClient) -> None:
    locked.cookies.clear()
    answer = locked.post("/web/plan", data={**FORM, "blanks": "1" * 30_000}, headers=HX)
    assert problem(answer, 413) == (
        "id", "Badan permintaan terlalu besar",
        "Badan permintaan lebih besar dari batas 20.000 bita.")


def test_an_unknown_page_path_is_indonesian(locked: TestClient) -> None:
    locked.cookies.clear()
    assert problem(locked.get("/web/nowhere"), 404)[:2] == ("id", "Tidak ditemukan")
    assert problem(locked.get("/web/nowhere?lang=en"), 404)[:2] == ("en", "Not found")


def test_the_api_keeps_english_by_default(locked: TestClient) -> None:
    locked.cookies.clear()
    locked.cookies.set("blanko_lang", "id")  # the page's cookie does not reach the API
    answer = locked.get("/v1/datasets")
    assert problem(answer, 401)[:2] == ("en", "Unauthorized")
    assert answer.headers["vary"] == "Accept-Language"
    locked.cookies.clear()


@pytest.mark.parametrize("fault", ["problem", "exception"])
def test_a_500_of_the_page_is_in_the_forms_language(monkeypatch: pytest.MonkeyPatch,
                                                     fault: str) -> None:
    # QA7 4: the form said lang=en (no cookie, a browser saying Indonesian), the plan
    # failed after it was read: the 500 came back in Bahasa Indonesia (the cookie's
    # default). The form's `lang` is the page's language, the 500's too: raised as the
    # app's own problem or escaping as an exception alike.
    from api.web import pages

    def broken(*args: Any, **kwargs: Any) -> Any:
        if fault == "problem":
            raise pages.ApiProblem(500, "internal-error", "Internal error",
                                   "The server failed to plan this input.")
        raise RuntimeError("a fault of the page's rendering")

    monkeypatch.setattr(pages, "_plan_context", broken)
    settings = Settings(workers=1, queue_size=4, preload_datasets=[], max_time_limit_s=30)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        form = {**FORM, "lang": "en", "blanks": "40000"}
        answer = client.post("/web/plan", data=form, headers={**HX, "Accept-Language": "id"})
        language, title, _ = problem(answer, 500)
        assert (language, title) == ("en", "Internal error")
        client.cookies.set("blanko_lang", "en")
        answer = client.post("/web/plan", data={**FORM, "blanks": "40000"},
                             headers={**HX, "Accept-Language": "en"})
        assert problem(answer, 500)[:2] == ("id", "Galat internal")
