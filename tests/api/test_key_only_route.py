"""api.routes.KeyOnlyRoute: the body routes check the API key and run their endpoint
without FastAPI's request handler (issue 12), and use that handler whenever a route or
the app asks for more than the key. No solver is started: every request here is answered
before one would be needed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import fastapi.routing
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.testclient import TestClient
from starlette.responses import Response

from api.main import create_app
from api.problems import ApiProblem
from api.routes import KeyOnlyRoute, require_api_key
from api.settings import Settings

KEY = "the-key"
BODY_ROUTES = ("/v1/plans", "/v1/plans/evaluate", "/v1/comparisons")


@pytest.fixture()
def solved(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The routes whose dependencies FastAPI's own handler solved, in order."""
    calls: list[str] = []
    solve = fastapi.routing.solve_dependencies

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["request"].url.path)
        return await solve(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counted)
    return calls


@pytest.fixture()
def app() -> Iterator[FastAPI]:
    yield create_app(Settings(api_key=KEY, workers=1, preload_datasets=[]))


def test_the_body_routes_check_the_key_without_fastapis_handler(
        app: FastAPI, solved: list[str]) -> None:
    client = TestClient(app)  # no lifespan: a refusal needs no solver
    for path in BODY_ROUTES:
        for headers in ({}, {"X-API-Key": ""}, {"X-API-Key": "wrong"}):
            response = client.post(path, json={}, headers=headers)
            assert response.status_code == 401, (path, headers)
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["www-authenticate"] == 'ApiKey header="X-API-Key"'
        # With the key, the endpoint itself runs: a body that is not JSON is refused by it.
        response = client.post(path, content=b"{}", headers={"X-API-Key": KEY,
                                                              "Content-Type": "text/plain"})
        assert response.status_code == 415, path
    assert solved == []
    # Any other /v1 route still goes through FastAPI's handler (and the spy sees it).
    assert client.get("/v1/datasets", headers={"X-API-Key": KEY}).status_code == 200
    assert solved == ["/v1/datasets"]


def test_an_override_of_the_key_is_honoured(app: FastAPI) -> None:
    app.dependency_overrides[require_api_key] = lambda: None
    response = TestClient(app).post("/v1/plans", content=b"{}",
                                    headers={"Content-Type": "text/plain"})
    assert response.status_code == 415  # past the key, which no header gave


def test_a_route_with_more_than_the_key_keeps_fastapis_handler() -> None:
    router = APIRouter(dependencies=[Depends(require_api_key)], route_class=KeyOnlyRoute)

    @router.post("/counted")
    async def counted(request: Request, times: int) -> Response:
        return Response(str(times))

    app = FastAPI()
    app.state.settings = Settings(api_key=KEY)
    app.include_router(router)

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiProblem)
        return Response(status_code=exc.status)

    app.add_exception_handler(ApiProblem, refused)
    client = TestClient(app, headers={"X-API-Key": KEY})
    assert client.post("/counted?times=3").text == "3"
    assert client.post("/counted?times=x").status_code == 422  # FastAPI validated it
    assert client.post("/counted?times=3", headers={"X-API-Key": "wrong"}).status_code == 401
