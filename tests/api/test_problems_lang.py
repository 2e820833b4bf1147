"""problem+json `title` and `detail` follow Accept-Language (optimizer.i18n.service), as
the errors' messages already do; `type`, `status`, pointers and field names never change,
and English is the default.

Through a real app (TestClient, one solver process, a plan store on a temporary SQLite
file), each refusal asked for in Indonesian and in English.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from optimizer.i18n.service import TITLES
from tests.cases import three_districts

KEY = "kunci-uji"
BODY_LIMIT = 20_000
ID = {"Accept-Language": "id-ID,id;q=0.9,en;q=0.5", "X-API-Key": KEY}
EN = {"Accept-Language": "en", "X-API-Key": KEY}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    os.environ["BLANKO_DATABASE_URL"] = \
        f"sqlite:///{tmp_path_factory.mktemp('store') / 'blanko.sqlite3'}"
    try:
        app = create_app(Settings(workers=1, queue_size=4, max_time_limit_s=30,
                                  preload_datasets=[], api_key=KEY,
                                  max_body_bytes=BODY_LIMIT))
    finally:
        os.environ.pop("BLANKO_DATABASE_URL", None)
    with TestClient(app) as test_client:
        yield test_client


def problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"/problems/{kind}" and body["status"] == status
    return body


def both(client: TestClient, method: str, path: str, status: int, kind: str,
         **request: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The same request in Indonesian and in English: (id body, en body)."""
    extra = request.pop("headers", {})
    answers = []
    for headers in (ID, EN):
        response = client.request(method, path, headers={**headers, **extra}, **request)
        body = problem(response, status, kind)
        assert response.headers["content-language"] == headers["Accept-Language"][:2]
        answers.append(body)
    return answers[0], answers[1]


def test_unknown_dataset(client: TestClient) -> None:
    indonesian, english = both(client, "GET", "/v1/datasets/atlantis", 404, "unknown-dataset")
    assert english["title"] == "Unknown dataset"
    assert english["detail"].startswith("There is no dataset 'atlantis' (known: ")
    assert indonesian["title"] == "Dataset tidak dikenal"
    assert indonesian["detail"].startswith("Tidak ada dataset 'atlantis' (yang dikenal: ")
    # The field error is the same place in both; its message in the language.
    assert [(e["pointer"], e["parameter"]) for e in indonesian["errors"]] == \
        [(e["pointer"], e["parameter"]) for e in english["errors"]] == [("", "name")]
    assert indonesian["errors"][0]["message"] != english["errors"][0]["message"]


def test_missing_api_key(client: TestClient) -> None:
    indonesian, english = both(client, "GET", "/v1/datasets", 401, "unauthorized",
                               headers={"X-API-Key": "salah"})
    assert (english["title"], english["detail"]) == (
        "Unauthorized", "The X-API-Key header is missing or wrong.")
    assert (indonesian["title"], indonesian["detail"]) == (
        "Tidak berwenang", "Header X-API-Key tidak ada atau salah.")


def test_wrong_media_type_and_bad_json(client: TestClient) -> None:
    indonesian, english = both(client, "POST", "/v1/comparisons", 415,
                               "unsupported-media-type", content=b"x",
                               headers={"Content-Type": "text/plain"})
    assert english["detail"] == "The body must be application/json, not 'text/plain'."
    assert indonesian["title"] == "Jenis media tidak didukung"
    assert indonesian["detail"] == "Badan permintaan harus application/json, bukan 'text/plain'."
    indonesian, english = both(client, "POST", "/v1/comparisons", 422, "invalid-input",
                               content=b"{", headers={"Content-Type": "application/json"})
    assert (english["title"], english["detail"]) == ("Invalid input",
                                                     "The body is not valid JSON.")
    assert (indonesian["title"], indonesian["detail"]) == (
        "Masukan tidak valid", "Badan permintaan bukan JSON yang valid.")


def test_body_too_large_writes_the_limit_the_languages_way(client: TestClient) -> None:
    # 25,000 bytes against a limit of 20,000: refused by the body middleware.
    indonesian, english = both(client, "POST", "/v1/comparisons", 413, "body-too-large",
                               content=b" " * 25_000,
                               headers={"Content-Type": "application/json"})
    assert english["title"] == "Request body too large"
    assert english["detail"] == "The request body is larger than the limit of 20000 bytes."
    assert indonesian["title"] == "Badan permintaan terlalu besar"
    assert indonesian["detail"] == "Badan permintaan lebih besar dari batas 20.000 bita."


def test_no_such_route(client: TestClient) -> None:
    indonesian, english = both(client, "GET", "/v1/nowhere", 404, "not-found")
    assert (english["title"], english["detail"]) == ("Not found", "Not Found")
    assert (indonesian["title"], indonesian["detail"]) == ("Tidak ditemukan", "Tidak ditemukan")


def test_plan_store_refusals(client: TestClient) -> None:
    indonesian, english = both(client, "GET", "/v1/plans/p-unknown", 404, "unknown-plan")
    assert (english["title"], english["detail"]) == ("Unknown plan",
                                                     "there is no plan 'p-unknown'.")
    assert (indonesian["title"], indonesian["detail"]) == ("Rencana tidak dikenal",
                                                           "tidak ada rencana 'p-unknown'.")
    kept = client.post("/v1/plans", headers=EN, json={
        "instance": three_districts().model_dump(mode="json"), "shipment": {"blanks": 220},
        "policy": {"max_travel_km": 50}})
    assert kept.status_code == 200, kept.text
    plan_id = kept.headers["location"].rsplit("/", 1)[-1]
    # A draft cannot be published: 409, the statuses and the action in the language.
    indonesian, english = both(client, "POST", f"/v1/plans/{plan_id}/publish", 409,
                               "wrong-status", json={})
    assert english["detail"] == (f"plan '{plan_id}' is draft: only an approved plan can be "
                                 "published.")
    assert indonesian["title"] == "Status tidak sesuai"
    assert indonesian["detail"] == (f"rencana '{plan_id}' berstatus draf: hanya rencana yang "
                                    "berstatus disetujui yang dapat diterbitkan.")


@pytest.mark.parametrize("accept", [None, "fr-FR,fr", "en-GB"])
def test_english_is_the_default(client: TestClient, accept: str | None) -> None:
    headers = {"X-API-Key": KEY} | ({} if accept is None else {"Accept-Language": accept})
    body = problem(client.get("/v1/datasets/atlantis", headers=headers), 404,
                   "unknown-dataset")
    assert body["title"] == "Unknown dataset"
    assert body["detail"].startswith("There is no dataset 'atlantis'")


def test_every_title_the_service_writes_is_in_the_catalog() -> None:
    """The titles api/ passes to ApiProblem as literals (and main.py's status titles):
    each one is a catalog entry, so none stays English under Accept-Language: id."""
    root = Path(__file__).resolve().parents[2] / "api"
    found: set[str] = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ApiProblem" \
                    and len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
                found.add(node.args[2].value)
            if isinstance(node, ast.Assign) and any(
                    getattr(t, "id", None) == "_TITLES" for t in node.targets):
                assert isinstance(node.value, ast.Dict)
                found |= {v.value for v in node.value.values if isinstance(v, ast.Constant)}
    assert len(found) >= 15  # the scan sees the service's titles
    assert found - set(TITLES) == set()
