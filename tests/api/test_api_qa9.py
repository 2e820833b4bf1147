"""Tester qa9's service faults, through the app (TestClient, real solver processes and a
real SQLite plan store): a store whose database is down, edited figures in
/v1/plans/evaluate, shape errors in pydantic's words, a gzip body."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from optimizer.store import Store
from tests.api.test_api import assert_problem

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("store")
    os.environ["BLANKO_DATABASE_URL"] = f"sqlite:///{folder / 'blanko.sqlite3'}"
    try:
        app = create_app(Settings(workers=1, queue_size=8, max_time_limit_s=30,
                                  preload_datasets=[], spare_solvers=0))
    finally:
        os.environ.pop("BLANKO_DATABASE_URL", None)
    with TestClient(app) as test_client:
        yield test_client


# ------------------------------------------------------------------ 2. the store is down


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_store_whose_database_is_down_is_503_not_500(client: TestClient, lang: str) -> None:
    # A real store on a PostgreSQL port nobody listens on: the server's database gone.
    # Was: SQLAlchemy's OperationalError, a 500 "Internal error".
    app = client.app
    kept = app.state.store  # type: ignore[attr-defined]
    down = Store("postgresql+psycopg://blanko:secret@127.0.0.1:5999/blanko", migrate=False)
    app.state.store = down  # type: ignore[attr-defined]
    try:
        response = client.get("/v1/plans", headers={"Accept-Language": lang})
    finally:
        app.state.store = kept  # type: ignore[attr-defined]
        down.close()
    body = assert_problem(response, 503)
    assert body["type"].endswith("store-unavailable")
    assert response.headers["retry-after"] == "5"
    assert "secret" not in response.text and "5999" not in response.text
    if lang == "id":
        assert "database" not in body["detail"].split("(")[0] or "basis data" in body["detail"]
        assert body["title"] != "Store unavailable"
    else:
        assert body["title"] == "Store unavailable"
