"""The HTTP service through TestClient: every endpoint and every error class.

One app (two solver processes, an API key, a small body limit) serves most tests;
the queue-full and crashed-worker tests get their own small apps.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.middleware import BodyLimit, RequestContext
from api.settings import Settings
from optimizer import Instance, Plan, Policy, Shipment, datasets, solve
from optimizer.io.exports import plan_json
from optimizer.studies.registry import POLICIES
from tests.cases import area, site, three_districts

DATASET = "palembang" if "palembang" in datasets.names() else "synthetic-city"
SLOW_DATASET = "synthetic-province"  # its first plan in a solver builds the dataset (~1 s)
API_KEY = "s3cret-key"
BODY_LIMIT = 400_000
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(workers=2, queue_size=8, max_body_bytes=BODY_LIMIT, api_key=API_KEY,
                        max_time_limit_s=30, preload_datasets=[DATASET], spare_solvers=0)
    with TestClient(create_app(settings), headers={"X-API-Key": API_KEY}) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def dataset() -> datasets.Dataset:
    return datasets.load(DATASET)


def post(client: TestClient, path: str, body: Any, **headers: str) -> Any:
    return client.post(path, content=json.dumps(body), headers={
        "Content-Type": "application/json", **headers})


def raw(client: TestClient, path: str, text: str) -> Any:
    return client.post(path, content=text.encode(), headers={"Content-Type": "application/json"})


def assert_problem(response: Any, status: int, *pointers: str) -> dict[str, Any]:
    """A problem body with the RFC 9457 members, `errors`, and no trace of a stack."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.headers["x-request-id"]
    body = response.json()
    assert {"type", "title", "status", "detail", "errors"} <= body.keys()
    assert body["status"] == status
    assert all(e.keys() >= {"pointer", "message"} for e in body["errors"])
    assert "Traceback" not in response.text and 'File "' not in response.text
    found = {e["pointer"] for e in body["errors"]}
    assert set(pointers) <= found, found
    return body


def same_plan_json(served: str, expected: Plan) -> None:
    """Byte for byte the library's plan JSON, apart from the measured seconds."""
    def blank(text: str) -> str:
        return re.sub(r'"seconds": [0-9.eE+-]+', '"seconds": 0', text)
    assert blank(served) == blank(plan_json(expected))


def unreachable() -> Instance:
    """District K2 has residents but no site, 145 km from K1's only site (no point at
    longitude 0: a body's reader refuses a longitude 0 far from the rest)."""
    return Instance(name="unreachable", sites=(site("S1", "K1", 1.0),),
                    areas=(area("A1", "K1", 1.0, first=10), area("A2", "K2", 2.0, first=10)))


def instance_json(instance: Instance) -> dict[str, Any]:
    return instance.model_dump(mode="json")


# --------------------------------------------------------------------------- plans


def test_dataset_plan_is_the_library_plan(client: TestClient, dataset: datasets.Dataset) -> None:
    response = post(client, "/v1/plans", {"dataset": DATASET})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    expected = solve(dataset.instance, Shipment(blanks=dataset.default_blanks), dataset.policy())
    same_plan_json(response.text, expected)


def test_sent_instance_plan_is_the_library_plan(client: TestClient) -> None:
    body = {"instance": instance_json(three_districts()), "shipment": {"blanks": 220},
            "policy": {"max_travel_km": 50}}
    response = post(client, "/v1/plans", body)
    assert response.status_code == 200, response.text
    expected = solve(three_districts(), Shipment(blanks=220), Policy(max_travel_km=50))
    same_plan_json(response.text, expected)
    served = {d["district_id"]: d["served"] for d in response.json()["districts"]
              if d["tier"] == "first_time"}
    assert served == {"K1": 20, "K2": 50, "K3": 150}


def test_policy_fields_given_keep_the_dataset_suggestion(client: TestClient,
                                                         dataset: datasets.Dataset) -> None:
    body = {"dataset": DATASET, "shipment": {"blanks": 30_000}, "policy": {"equity": False}}
    response = post(client, "/v1/plans", body)
    expected = solve(dataset.instance, Shipment(blanks=30_000), dataset.policy(equity=False))
    same_plan_json(response.text, expected)


def test_time_limit_is_capped_by_the_server(client: TestClient) -> None:
    body = {"dataset": DATASET, "policy": {"time_limit_s": 3600}}
    response = post(client, "/v1/plans", body)
    assert response.status_code == 200
    assert response.json()["solver"]["time_limit_s"] == 30


def test_overrides_change_the_instance(client: TestClient, dataset: datasets.Dataset) -> None:
    first_site, first_area = dataset.instance.sites[0], dataset.instance.areas[0]
    body = {"dataset": DATASET, "overrides": {
        "sites": {first_site.site_id: {"printers": first_site.printers + 3, "stock": 500}},
        "areas": {first_area.area_id: {"backlog": {"first_time": 12_345}}}}}
    response = post(client, "/v1/plans", body)
    assert response.status_code == 200, response.text
    changed = dataset.instance.model_copy(update={
        "sites": (first_site.model_copy(update={"printers": first_site.printers + 3,
                                                "stock": 500}),
                  *dataset.instance.sites[1:]),
        "areas": (first_area.model_copy(update={"backlog": {**first_area.backlog,
                                                            "first_time": 12_345}}),
                  *dataset.instance.areas[1:])})
    expected = solve(changed, Shipment(blanks=dataset.default_blanks), dataset.policy())
    same_plan_json(response.text, expected)


def test_unknown_ids_in_overrides_are_named(client: TestClient) -> None:
    body = {"dataset": DATASET, "overrides": {
        "sites": {"NO-SUCH-SITE": {"printers": 2}},
        "areas": {"NO-SUCH-AREA": {"backlog": {"first_time": 1}}}}}
    assert_problem(post(client, "/v1/plans", body), 422,
                   "/overrides/sites/NO-SUCH-SITE", "/overrides/areas/NO-SUCH-AREA")


def test_unknown_tier_in_overrides_is_named(client: TestClient,
                                            dataset: datasets.Dataset) -> None:
    area_id = dataset.instance.areas[0].area_id
    body = {"dataset": DATASET, "overrides": {"areas": {area_id: {"backlog": {"urgent": 5}}}}}
    assert_problem(post(client, "/v1/plans", body), 422,
                   f"/overrides/areas/{area_id}/backlog/urgent")


def test_library_invalid_input_from_solve_is_422(client: TestClient) -> None:
    # A pin on an office the instance does not have: only solve knows the sites.
    body = {"instance": instance_json(unreachable()), "shipment": {"blanks": 20},
            "policy": {"max_travel_km": 50, "pinned_shipments": {"S9": 5}}}
    problem = assert_problem(post(client, "/v1/plans", body), 422,
                             "/policy/pinned_shipments/S9")
    assert "S9" in problem["errors"][0]["message"]


def test_a_kecamatan_no_office_reaches_is_planned_with_its_reason(client: TestClient) -> None:
    # K2 has no office and none within 50 km: planned (it was a 422), K1 served, K2's
    # residents unmet with reason `reach`, and warned.
    body = {"instance": instance_json(unreachable()), "shipment": {"blanks": 20},
            "policy": {"max_travel_km": 50}}
    response = post(client, "/v1/plans", body)
    assert response.status_code == 200, response.text
    plan = response.json()
    assert {(d["district_id"], d["unmet_reason"]) for d in plan["districts"]
            if d["tier"] == "first_time"} == {("K1", "none"), ("K2", "reach")}
    assert {"DISTRICT_WITHOUT_OFFICE", "AREA_UNREACHABLE"} <= {m["code"] for m in
                                                                 plan["messages"]}


@pytest.mark.parametrize(("text", "why", "pointer"), [
    ('{"dataset": "D", "shipment": {"blanks": NaN}}', "NaN", "/shipment/blanks"),
    ('{"dataset": "D", "shipment": {"blanks": Infinity}}', "Infinity", "/shipment/blanks"),
    ('{"dataset": "D", "policy": {"max_travel_km": -Infinity}}', "-Infinity",
     "/policy/max_travel_km"),
    ('{"dataset": "D", "policy": {"max_travel_km": 1e999}}', "1e999", "/policy/max_travel_km"),
])
def test_non_finite_numbers_are_422(client: TestClient, text: str, why: str,
                                    pointer: str) -> None:
    # At the number's pointer (tester qa10b; it was the body's root, "").
    problem = assert_problem(raw(client, "/v1/plans", text.replace("D", DATASET)), 422,
                             pointer)
    assert why in problem["errors"][0]["message"]


@pytest.mark.parametrize(("mutate", "pointer"), [
    (lambda b: b["shipment"].update(blanks=1.5), "/shipment/blanks"),
    (lambda b: b["shipment"].update(blanks=-3), "/shipment/blanks"),
    (lambda b: b["instance"]["areas"][1]["backlog"].update(first_time=-1),
     "/instance/areas/1/backlog/first_time"),
    (lambda b: b["instance"]["areas"][0]["backlog"].update(first_time=2.5),
     "/instance/areas/0/backlog/first_time"),
    (lambda b: b["instance"]["sites"][1].update(site_id="S1"), "/instance/sites/1/site_id"),
    (lambda b: b["instance"]["sites"][2].update(district_id="K9"),
     "/instance/sites/2/district_id"),
    (lambda b: b["instance"]["sites"][0].update(printers=True), "/instance/sites/0/printers"),
    (lambda b: b.update(colour="blue"), "/colour"),
    (lambda b: b.pop("shipment"), "/shipment"),
    (lambda b: b.update(dataset=DATASET), "/dataset"),
    (lambda b: b.pop("instance"), "/dataset"),
])
def test_invalid_input_is_422_with_pointers(client: TestClient, mutate: Callable[[Any], Any],
                                            pointer: str) -> None:
    body = {"instance": instance_json(three_districts()), "shipment": {"blanks": 220}}
    mutate(body)
    assert_problem(post(client, "/v1/plans", body), 422, pointer)


def test_a_long_error_list_is_cut_and_counted(client: TestClient) -> None:
    body = {"instance": instance_json(three_districts()), "shipment": {"blanks": 220}}
    body["instance"]["areas"] = [
        {"area_id": f"A{i}", "district_id": "K1", "lat": 0.0, "lon": 0.0,
         "backlog": {"first_time": -1, "replacement": -1}} for i in range(80)]
    problem = assert_problem(post(client, "/v1/plans", body), 422,
                             "/instance/areas/0/backlog/first_time")
    assert len(problem["errors"]) == 100 and "160 errors" in problem["detail"]


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", '"plan"', '{"dataset": "x"} trailing',
                                  "\udcff".encode("utf-8", "surrogatepass").decode("latin-1"),
                                  "[" * 100_000])
def test_malformed_json_is_422(client: TestClient, text: str) -> None:
    response = client.post("/v1/plans", content=text.encode("latin-1"),
                           headers={"Content-Type": "application/json"})
    assert_problem(response, 422)


def test_unknown_dataset_is_404(client: TestClient) -> None:
    for path in ("/v1/plans", "/v1/plans/evaluate", "/v1/comparisons"):
        body: dict[str, Any] = {"dataset": "atlantis"}
        if path.endswith("evaluate"):
            body["plan"] = json.loads(post(client, "/v1/plans", {"dataset": DATASET}).text)
        assert_problem(post(client, path, body), 404, "/dataset")
    assert_problem(client.get("/v1/datasets/atlantis"), 404)


def test_a_name_is_never_a_path(client: TestClient) -> None:
    # Any text is a name, looked up among the listed ones: unknown, never opened as a folder.
    assert_problem(post(client, "/v1/plans", {"dataset": f"../data/{DATASET}"}), 404, "/dataset")


# --------------------------------------------------------------------------- evaluate, compare


def test_evaluate_recomputes_and_finds_broken_constraints(client: TestClient) -> None:
    plan = json.loads(post(client, "/v1/plans", {"dataset": DATASET}).text)
    response = post(client, "/v1/plans/evaluate", {"dataset": DATASET, "plan": plan})
    assert response.status_code == 200, response.text
    judged = response.json()
    assert judged["valid"] is True and judged["violations"] == []
    assert judged["kpis"]["cards_by_tier"] == plan["kpis"]["cards_by_tier"]

    plan["shipments"][0]["blanks"] += 1_000_000  # a hand edit that ships blanks we do not have
    judged = post(client, "/v1/plans/evaluate", {"dataset": DATASET, "plan": plan}).json()
    assert judged["valid"] is False
    assert "over_supply" in {v["code"] for v in judged["violations"]}
    assert judged["kpis"]["blanks_kept_central"] == 0  # never a negative figure


def test_evaluate_with_a_smaller_shipment_keeps_no_negative_figure(client: TestClient) -> None:
    # The tester's case: a plan of 5,000 blanks judged against a shipment of 4,000.
    plan = json.loads(post(client, "/v1/plans", {"dataset": DATASET,
                                                 "shipment": {"blanks": 5000}}).text)
    shipped = plan["kpis"]["blanks_shipped"]
    judged = post(client, "/v1/plans/evaluate", {"dataset": DATASET, "plan": plan,
                                                 "shipment": {"blanks": 4000}}).json()
    assert judged["valid"] is False
    over = [v for v in judged["violations"] if v["code"] == "over_supply"]
    assert over and f"{shipped:,} blanks shipped but only 4,000 may leave" in over[0]["text"]
    assert judged["kpis"]["blanks_shipped"] == shipped
    assert judged["kpis"]["blanks_kept_central"] == 0


def test_evaluate_requires_a_plan(client: TestClient) -> None:
    assert_problem(post(client, "/v1/plans/evaluate", {"dataset": DATASET}), 422, "/plan")


def test_comparison_gives_kpis_per_policy(client: TestClient) -> None:
    response = post(client, "/v1/comparisons", {"dataset": DATASET, "policies": [
        {"name": "optimal"}, {"name": "optimal_no_equity", "policy": {"max_travel_km": 5}}]})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["name"] for r in results] == ["optimal", "optimal_no_equity"]
    assert results[1]["parameters"]["max_travel_km"] == 5
    fair, unfair = (r["kpis"]["coverage_min_by_tier"]["first_time"] for r in results)
    assert fair >= unfair


def test_an_infeasible_policy_in_a_comparison_has_no_figures(client: TestClient) -> None:
    """A reserve of 5,000 with 1,000 blanks: constraint (1) cannot hold, so every policy's
    plan is infeasible and ships nothing. Its kpis are null, not zeros a portal could show as
    figures; the status and messages say why (a tester's corpus request)."""
    reserve = {"reserve": 5000}
    body = {"dataset": DATASET, "shipment": {"blanks": 1000},
            "policies": [{"name": "optimal", "policy": reserve},
                         {"name": "proportional", "policy": reserve}]}
    response = post(client, "/v1/comparisons", body)
    assert response.status_code == 200, response.text
    for result in response.json()["results"]:
        assert result["status"] == "infeasible", result["name"]
        assert result["kpis"] is None, result["name"]
        assert [m["code"] for m in result["messages"]] == ["INFEASIBLE_RESERVE"]


def test_comparison_defaults_to_every_policy_and_rejects_unknown_ones(client: TestClient) -> None:
    results = post(client, "/v1/comparisons", {"dataset": DATASET}).json()["results"]
    assert [r["name"] for r in results] == list(POLICIES)
    assert {"optimal", "optimal_no_equity", "proportional", "capacity_capped"} <= set(POLICIES)
    by_name = {r["name"]: r["kpis"]["cards_by_tier"]["first_time"] for r in results}
    assert by_name["optimal"] == max(by_name.values())
    body = {"dataset": DATASET, "policies": [{"name": "first_come_first_served"}]}
    assert_problem(post(client, "/v1/comparisons", body), 422, "/policies/0/name")


def test_comparison_locates_a_policy_the_library_refuses(client: TestClient) -> None:
    body = {"instance": instance_json(unreachable()), "shipment": {"blanks": 20},
            "policies": [{"name": "optimal", "policy": {"max_travel_km": 50,
                                                        "pinned_shipments": {"S9": 5}}}]}
    assert_problem(post(client, "/v1/comparisons", body), 422,
                   "/policies/0/policy/pinned_shipments/S9")


# --------------------------------------------------------------------------- datasets, health


def test_datasets_list_and_summary(client: TestClient, dataset: datasets.Dataset) -> None:
    listed = client.get("/v1/datasets").json()["datasets"]
    assert [d["name"] for d in listed] == datasets.names()
    summary = client.get(f"/v1/datasets/{DATASET}").json()
    assert summary["default_blanks"] == dataset.default_blanks
    assert summary["sites"] == len(dataset.instance.sites)
    assert "instance" not in summary
    full = client.get(f"/v1/datasets/{DATASET}", params={"instance": "true"}).json()
    assert Instance.model_validate(full["instance"]) == dataset.instance
    bad = client.get(f"/v1/datasets/{DATASET}", params={"instance": "maybe"})
    assert assert_problem(bad, 422)["errors"][0]["parameter"] == "instance"


def test_health_docs_and_schema_need_no_key(client: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/openapi.json", "/docs"):
        assert client.get(path, headers={"X-API-Key": ""}).status_code == 200, path
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["alive"] == 2
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/plans", "/v1/plans/evaluate", "/v1/comparisons", "/v1/datasets",
            "/v1/datasets/{name}", "/healthz", "/readyz"} <= paths.keys()


# --------------------------------------------------------------------------- HTTP errors


def test_api_key_is_required_and_checked(client: TestClient) -> None:
    for headers in ({"X-API-Key": ""}, {"X-API-Key": "wrong"}, {"X-API-Key": API_KEY + "x"}):
        response = client.get("/v1/datasets", headers=headers)
        assert_problem(response, 401)
        assert response.headers["www-authenticate"]
    bare = TestClient(client.app)  # no default key header; no lifespan needed for a 401
    assert_problem(bare.post("/v1/plans", json={"dataset": DATASET}), 401)


def test_wrong_content_type_is_415(client: TestClient) -> None:
    body = json.dumps({"dataset": DATASET}).encode()
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/xml"):
        response = client.post("/v1/plans", content=body, headers={"Content-Type": content_type})
        assert_problem(response, 415)
    response = client.post("/v1/plans", content=body)  # no Content-Type at all
    assert_problem(response, 415)
    ok = client.post("/v1/plans", content=body,
                     headers={"Content-Type": "application/json; charset=utf-8"})
    assert ok.status_code == 200


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    big = json.dumps({"dataset": DATASET, "pad": "x" * BODY_LIMIT}).encode()
    response = client.post("/v1/plans", content=big, headers={"Content-Type": "application/json"})
    assert_problem(response, 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as received
        for _ in range(10):
            yield b" " * (BODY_LIMIT // 5)
    response = client.post("/v1/plans", content=chunks(),
                           headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_problem(response, 413)


def test_body_limit_counts_bytes_not_the_declared_length() -> None:
    """A client that declares 10 bytes and sends 100 is cut off at the limit."""
    async def app(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read it all"})

    messages = [{"type": "http.request", "body": b"x" * 30, "more_body": True}] * 3 + [
        {"type": "http.request", "body": b"x" * 10, "more_body": False}]
    sent: list[Any] = []

    async def receive() -> Any:
        return messages.pop(0)

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [
        (b"content-length", b"10")]}
    import asyncio
    asyncio.run(BodyLimit(app, max_bytes=50)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["status"] == 413


def test_unknown_route_and_method_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/v1/nothing-here"), 404)
    response = client.put("/v1/plans")  # GET lists the kept plans (api/store_routes.py)
    assert_problem(response, 405)
    assert "POST" in response.headers["allow"]


def test_request_id_is_echoed_when_sane_and_made_otherwise(client: TestClient) -> None:
    echoed = client.get("/healthz", headers={"X-Request-ID": "portal-42.a:b"})
    assert echoed.headers["x-request-id"] == "portal-42.a:b"
    for insane in ("has spaces", "x" * 500, "quote\"s"):
        made = client.get("/healthz", headers={"X-Request-ID": insane})
        assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    problem = client.get("/v1/nothing", headers={"X-Request-ID": "trace-1"})
    assert problem.headers["x-request-id"] == "trace-1"
    assert problem.json()["request_id"] == "trace-1"


def test_one_structured_log_line_per_request(client: TestClient) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("blanko.api")
    logger.addHandler(handler)
    try:
        plan = post(client, "/v1/plans", {"dataset": DATASET}, **{"X-Request-ID": "log-1"})
        client.get("/healthz", headers={"X-Request-ID": "log-2"})
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(r.getMessage()) for r in records if '"event": "request"' in r.getMessage()]
    assert [line["request_id"] for line in lines] == ["log-1", "log-2"]
    assert lines[0]["status"] == 200 and lines[0]["method"] == "POST"
    assert lines[0]["path"] == "/v1/plans" and lines[0]["seconds"] > 0
    assert lines[0]["input_sha256"] == plan.json()["input_sha256"]
    assert lines[1]["input_sha256"] is None


def test_cors_allows_only_the_configured_origins() -> None:
    app = create_app(Settings(workers=1, cors_origins="https://portal.example"))
    client = TestClient(app)  # preflights and health need no solver: no lifespan
    preflight = {"Access-Control-Request-Method": "POST"}
    allowed = client.options("/v1/plans", headers={"Origin": "https://portal.example",
                                                   **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://portal.example"
    refused = client.options("/v1/plans", headers={"Origin": "https://evil.example",
                                                   **preflight})
    assert_problem(refused, 400)
    simple = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers
    closed = TestClient(create_app(Settings(workers=1)))
    response = closed.get("/healthz", headers={"Origin": "https://portal.example"})
    assert "access-control-allow-origin" not in response.headers


def test_an_unexpected_error_is_a_generic_500_without_a_trace() -> None:
    app = create_app(Settings(workers=1))

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals at /srv/app.py line 12")

    response = TestClient(app).get("/boom", headers={"X-Request-ID": "boom-1"})
    problem = assert_problem(response, 500)
    assert "secret" not in response.text and problem["request_id"] == "boom-1"


def test_request_context_turns_an_escaped_exception_into_a_problem() -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise ValueError("internal detail")

    response = TestClient(RequestContext(broken)).get("/")
    assert_problem(response, 500)
    assert "internal detail" not in response.text


# --------------------------------------------------------------------------- the pool


def wait_for(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def pids(client: TestClient) -> dict[int, bool]:
    """The app's solver process ids and whether each is busy, read on the app's loop."""
    pool = client.app.state.pool  # type: ignore[attr-defined]
    return client.portal.call(pool.pids)  # type: ignore[no-any-return, union-attr]


def in_thread(call: Callable[[], Any]) -> Callable[[], Any]:
    """Start call() in a thread; the returned function waits for its result."""
    box: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", call()), daemon=True)
    thread.start()

    def result() -> Any:
        thread.join(timeout=60)
        assert not thread.is_alive(), "request did not finish"
        return box["result"]
    return result


def test_full_queue_is_503_with_retry_after_and_health_still_answers() -> None:
    settings = Settings(workers=1, queue_size=0, preload_datasets=[], spare_solvers=0)
    with TestClient(create_app(settings)) as client:
        slow = in_thread(lambda: post(client, "/v1/plans", {"dataset": SLOW_DATASET}))
        wait_for(lambda: sum(pids(client).values()) == 1)
        refused = post(client, "/v1/plans", {"dataset": DATASET})
        started = time.perf_counter()
        health, ready = client.get("/healthz"), client.get("/readyz")
        assert time.perf_counter() - started < 2.0
        assert sum(pids(client).values()) == 1, "the slow plan should still be running"
        assert health.status_code == 200 and ready.json()["busy"] == 1
        assert_problem(refused, 503)
        assert int(refused.headers["retry-after"]) >= 1
        assert slow().status_code == 200


def test_a_crashed_worker_fails_only_its_own_request_and_is_replaced() -> None:
    settings = Settings(workers=2, queue_size=4, preload_datasets=[])
    with TestClient(create_app(settings)) as client:
        first = in_thread(lambda: post(client, "/v1/plans", {"dataset": SLOW_DATASET}))
        second = in_thread(lambda: post(client, "/v1/plans", {"dataset": SLOW_DATASET}))
        wait_for(lambda: sum(pids(client).values()) == 2)
        victim = min(pid for pid, busy in pids(client).items() if busy)
        os.kill(victim, signal.SIGKILL)
        responses = sorted([first(), second()], key=lambda r: r.status_code)
        assert responses[0].status_code == 200, responses[0].text
        crashed = assert_problem(responses[1], 503)
        assert crashed["type"].endswith("worker-crashed")
        assert responses[1].headers["retry-after"]
        wait_for(lambda: client.get("/readyz").json()["alive"] == 2)
        assert victim not in pids(client)
        again = [post(client, "/v1/plans", {"dataset": DATASET}) for _ in range(4)]
        assert [r.status_code for r in again] == [200] * 4


# --------------------------------------------------------------------------- size limits


@pytest.fixture(scope="module")
def small() -> Iterator[TestClient]:
    """An app with tiny limits: Palembang (1,039 allowed pairs) is over its max_pairs."""
    settings = Settings(workers=1, queue_size=4, preload_datasets=[], spare_solvers=0,
                        max_pairs=1000, max_areas=2, max_sites=5, max_tiers=2, max_policies=2,
                        max_override_entries=3, async_only_datasets=[])
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize(("body", "pointer", "setting"), [
    ({"instance": {"areas": [{}] * 3, "sites": []}, "shipment": {"blanks": 1}},
     "/instance/areas", "BLANKO_MAX_AREAS"),
    ({"instance": {"areas": [], "sites": [{}] * 6}, "shipment": {"blanks": 1}},
     "/instance/sites", "BLANKO_MAX_SITES"),
    ({"instance": {"areas": [], "sites": [], "tiers": ["a", "b", "c"]},
      "shipment": {"blanks": 1}}, "/instance/tiers", "BLANKO_MAX_TIERS"),
    ({"dataset": DATASET, "overrides": {"sites": {"S1": {}, "S2": {}},
                                        "areas": {"A1": {"backlog": {"x": 1, "y": 2}},
                                                  "A2": {}}}},
     "/overrides", "BLANKO_MAX_OVERRIDE_ENTRIES"),  # 2 sites + 2 areas = 4 > 3 (qa5 F12)
    ({"dataset": DATASET, "overrides": {"areas": {"A1": {"backlog": {"x": 1, "y": 2,
                                                                     "z": 3}}}}},
     "/overrides/areas/A1/backlog", "BLANKO_MAX_TIERS"),  # 3 tiers > 2
])
def test_size_limits_are_413_naming_the_setting(small: TestClient, body: Any, pointer: str,
                                                setting: str) -> None:
    problem = assert_problem(post(small, "/v1/plans", body), 413, pointer)
    assert problem["type"] == "/problems/too-large"
    assert setting in problem["errors"][0]["message"]


def test_too_many_policies_is_422_naming_the_setting(small: TestClient) -> None:
    body = {"dataset": DATASET, "policies": [{"name": "optimal"}] * 3}
    problem = assert_problem(post(small, "/v1/comparisons", body), 422, "/policies")
    assert "BLANKO_MAX_POLICIES" in problem["errors"][0]["message"]


def test_a_dataset_over_max_pairs_points_to_the_jobs_and_is_remembered(
        small: TestClient) -> None:
    problem = assert_problem(post(small, "/v1/plans", {"dataset": DATASET}), 413, "/dataset")
    assert "POST /v1/jobs" in problem["detail"]
    assert "1,039" in problem["errors"][0]["message"]  # Palembang's allowed pairs
    assert DATASET in small.app.state.too_big_datasets  # type: ignore[attr-defined]
    # Refused again, whatever the policy, without a solver.
    again = post(small, "/v1/comparisons", {"dataset": DATASET,
                                            "policy": {"max_travel_km": 1}})
    assert_problem(again, 413, "/dataset")


def test_async_only_datasets_are_refused_without_loading(client: TestClient) -> None:
    problem = assert_problem(post(client, "/v1/plans", {"dataset": "synthetic-national"}), 413,
                             "/dataset")
    assert "BLANKO_ASYNC_ONLY_DATASETS" in problem["errors"][0]["message"]
    # A body too big to peek at on the event loop is refused by the solver, still unloaded.
    padded = json.dumps({"dataset": "synthetic-national"}) + " " * 10_000
    assert_problem(raw(client, "/v1/plans", padded), 413, "/dataset")
    # A dataset that is not a name at all is the validation's business.
    assert_problem(post(client, "/v1/plans", {"dataset": {}}), 422, "/dataset")


def test_echoed_values_are_cut(client: TestClient) -> None:
    key = "k" * 100_000
    problem = assert_problem(post(client, "/v1/plans", {"dataset": DATASET, key: 1}), 422)
    (error,) = problem["errors"]
    assert len(error["pointer"]) <= 200 and error["pointer"].endswith("(100,001 characters)")
    long_path = "/v1/" + "x" * 10_000
    problem = assert_problem(client.get(long_path), 404)
    assert len(problem["instance"]) <= 200


def test_head_answers_every_get_route(client: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/v1/datasets", f"/v1/datasets/{DATASET}"):
        head, get = client.head(path), client.get(path)
        assert head.status_code == get.status_code == 200
        assert head.content == b"" and head.headers["content-length"] == \
            get.headers["content-length"]


def test_blanko_serve_and_the_app_agree_on_the_server_defaults() -> None:
    from optimizer.cli import serve

    defaults = Settings()
    assert defaults.shutdown_grace_s == serve.SHUTDOWN_GRACE_S
    assert defaults.keep_alive_s == serve.KEEP_ALIVE_S
    assert defaults.max_header_bytes == serve.MAX_HEADER_BYTES
    assert defaults.max_connections is None


def test_a_log_line_is_the_record_log_log_would_make_and_nothing_when_dropped() -> None:
    """api.logs.event makes its record itself (no search of the stack): the same message,
    level, logger and place as `logging.Logger.log` from the same function; and builds
    nothing for a level the logger drops."""
    from api import logs

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("blanko.api")
    logger.addHandler(handler)
    level = logger.level
    try:
        logger.setLevel(logging.INFO)
        logs.event("request", request_id="r-1", seconds=0.5, when=datetime.date(2026, 11, 30))
        logger.log(logging.INFO, "reference")
        logger.setLevel(logging.WARNING)
        unprintable = mock.Mock(side_effect=AssertionError("built for a dropped line"))
        logs.event("request", when=mock.Mock(__str__=unprintable))
        logs.event("worker_lost", logging.WARNING, pid=7)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    made, reference, warning = records
    assert json.loads(made.getMessage()) == {"event": "request", "request_id": "r-1",
                                             "seconds": 0.5, "when": "2026-11-30"}
    assert (made.levelno, made.name, made.funcName) == (logging.INFO, "blanko.api", "event")
    assert made.pathname == logs.__file__ and made.lineno > 0 and made.exc_info is None
    assert made.created >= reference.created - 1
    assert json.loads(warning.getMessage()) == {"event": "worker_lost", "pid": 7}
