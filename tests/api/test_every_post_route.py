"""Faults a fresh tester found on a real `blanko serve` (loopback): every POST route cuts a
slow body off; page actions obey the same admission rule as /v1; a replay job's schedule
is checked at submission; /readyz after SIGTERM; the OpenAPI policy limit is the server's.
Bounded: one server, a few seconds per test."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from api.main import create_app
from api.process import Server, running_server, slow_body
from api.settings import Settings

# 1 s of grace, then 1,000 bytes/s: a body sending 2 bytes/s is cut off at about 1 s.
# Room for a reader on every route at once (7 page routes take a form): this file checks
# each route's cut-off; the bound on readers has its own test (test_chaos.py, 66 bodies),
# and with 4 places the 7th page route waited for one and got 503 instead.
SETTINGS = {"queue_size": "4", "body_timeout_s": "4", "body_grace_s": "1",
            "body_min_bytes_per_s": "1000", "max_body_readers": "16", "spare_solvers": "0",
            "shutdown_grace_s": "1", "deadline_grace_s": "2", "max_policies": "16"}


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        # FastAPI 0.165 keeps an included router whole (its routes carry their prefix).
        included = getattr(route, "original_router", None)
        yield from _routes(included.routes) if included is not None else (route,)


def post_routes() -> list[str]:
    """Every POST route of the app, path parameters filled with a made-up id (the plain
    Routes that only answer 405 for methods a path lacks are left out)."""
    app = create_app(Settings(workers=1))
    paths = {r.path for r in _routes(app.routes)
             if isinstance(r, APIRoute) and "POST" in (r.methods or ())}
    return sorted(p.replace("{plan_id}", "p-unknown").replace("{job_id}", "j-unknown")
                  for p in paths)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running_server(workers=1, preload="", **SETTINGS) as started:
        yield started


def test_the_app_has_the_post_routes_this_file_expects() -> None:
    routes = post_routes()
    assert {"/v1/plans", "/v1/plans/evaluate", "/v1/comparisons", "/v1/jobs",
            "/v1/plans/p-unknown/verify", "/web/plan", "/web/compare", "/web/login",
            "/web/report.xlsx", "/web/letters", "/web/plans"} <= set(routes), routes


@pytest.mark.parametrize("content_type", ["application/json",
                                          "multipart/form-data; boundary=xyz",
                                          "application/x-www-form-urlencoded"])
def test_every_post_route_cuts_a_slow_body_off(server: Server, content_type: str) -> None:
    async def all_routes() -> list[tuple[str, int, float]]:
        # 6 bytes, one every 0.5 s: a route that reads its body cuts it off at about 1 s; one
        # that answers without reading it (an unknown plan, a method not allowed) answers at
        # once. Either way no route waits for the whole body (slow_body reads until the
        # server closes: keep-alive ends an answered connection within 5 s).
        # Routes of one kept plan (an id in the path) answer 404 for an unknown id before
        # reading anything, and slow_body cannot read an answer the server does not
        # close; their bodies go through the same middleware (api/middleware.BodyDeadline).
        # Each route gets the body kind it reads: JSON for /v1 (others are 415 at once),
        # forms for the page (Starlette reads no body of another type).
        json_route = content_type == "application/json"
        paths = [path for path in post_routes() if "p-unknown" not in path
                 and path.startswith("/v1/") == json_route]
        found = await asyncio.gather(*(slow_body(server.url, 0.5, length=6, path=path,
                                                 content_type=content_type)
                                       for path in paths))
        return [(path, status, seconds) for path, (status, seconds)
                in zip(paths, found, strict=True)]

    answers = asyncio.run(all_routes())
    for path, status, seconds in answers:
        # 408 (0: the server closed with our unsent bytes unread and its kernel's reset
        # overtook the answer), well before the whole body would have arrived (3 s).
        assert status in (0, 408) and seconds < 2.9, (path, status, seconds)
    assert len(answers) >= 4, answers


def test_a_bad_replay_schedule_is_refused_at_submission(server: Server) -> None:
    response = httpx.post(server.url + "/v1/jobs", json={
        "kind": "replay", "dataset": "palembang", "schedule": "tranches=two",
        "policies": ["equal", "cheapest"]}, timeout=30)
    assert response.status_code == 422, response.text
    errors = {e["pointer"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"/schedule", "/policies/1"}, errors
    assert "tranches" in errors["/schedule"] and "write it as e.g." in errors["/schedule"]


def test_the_openapi_policy_limit_is_the_servers(server: Server) -> None:
    schema = httpx.get(server.url + "/openapi.json", timeout=10).json()
    policies = schema["components"]["schemas"]["ComparisonRequest"]["properties"]["policies"]
    assert policies["maxItems"] == 16 and "BLANKO_MAX_POLICIES" in policies["description"]
    eight = create_app(Settings(workers=1)).openapi()  # the default, 8
    policies = eight["components"]["schemas"]["ComparisonRequest"]["properties"]["policies"]
    assert policies["maxItems"] == 8


# A comparison that certainly runs longer than a page's patience: lookahead on the
# synthetic province (see tests/api/test_chaos.py, LONG_POLICIES).
LONG = {"dataset": "synthetic-province",
        # (each with a time limit of its own: one policy listed twice is refused)
        "policies": [{"name": "lookahead", "policy": {"time_limit_s": 0.05 + i / 1000}}
                     for i in range(8)]}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_page_actions_obey_the_queue_wait_rule(lang: str) -> None:
    with running_server(workers=1, preload="", queue_wait_s="0.5", **SETTINGS) as server:
        async def scenario() -> tuple[httpx.Response, httpx.Response, float]:
            async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
                long = asyncio.ensure_future(client.post(
                    "/v1/comparisons", json=LONG, headers={"Prefer": "wait=30"}))
                started = time.monotonic()
                while (await client.get("/readyz")).json()["busy"] < 1:
                    assert time.monotonic() - started < 30, "the comparison never ran"
                    await asyncio.sleep(0.05)
                await asyncio.sleep(0.8)  # older than the patience of 0.5 s
                asked = time.monotonic()
                form = {"source": "dataset", "dataset": "palembang", "lang": lang}
                page = await client.post("/web/plan", data=form)
                htmx = await client.post("/web/report.xlsx", data=form,
                                         headers={"HX-Request": "true"})
                seconds = time.monotonic() - asked
                long.cancel()
                return page, htmx, seconds

        page, htmx, seconds = asyncio.run(scenario())
    assert seconds < 3.0, seconds  # refused, not queued behind the comparison
    for answer in (page, htmx):
        assert answer.status_code == 503, answer.text
        assert 1 <= int(answer.headers["retry-after"]) <= 60
        assert answer.headers["content-language"] == lang
    sentence = htmx.json()["detail"]
    word = "detik" if lang == "id" else "Try again in"
    assert word in sentence and htmx.headers["retry-after"] in sentence
    # The whole page says the same (its own Retry-After), in its results.
    assert sentence.split(".")[0] in page.text and page.headers["retry-after"] in page.text


def test_after_sigterm_new_connections_are_refused_while_draining() -> None:
    with running_server(workers=1, preload="", **SETTINGS) as server:
        async def scenario() -> tuple[type[Exception] | int, float]:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                long = asyncio.ensure_future(client.post(
                    "/v1/comparisons", json=LONG, headers={"Prefer": "wait=30"}))
                started = time.monotonic()
                while (await client.get("/readyz")).json()["busy"] < 1:
                    assert time.monotonic() - started < 30, "the comparison never ran"
                    await asyncio.sleep(0.05)
                signalled = time.monotonic()
                server.process.send_signal(signal.SIGTERM)
                await asyncio.sleep(0.2)
                assert server.process.poll() is None  # still draining the comparison
                try:
                    async with httpx.AsyncClient(base_url=server.url, timeout=2) as fresh:
                        seen: type[Exception] | int = (await fresh.get("/readyz")).status_code
                except httpx.ConnectError:
                    seen = httpx.ConnectError
                await asyncio.gather(long, return_exceptions=True)
                await asyncio.to_thread(server.process.wait, 10)
                return seen, time.monotonic() - signalled

        seen, exit_s = asyncio.run(scenario())
    # The listening socket closes at once (uvicorn): a probe sees the service down.
    assert seen is httpx.ConnectError, seen
    assert exit_s < 1.0 + 2.0, exit_s  # the grace plus 2 s
