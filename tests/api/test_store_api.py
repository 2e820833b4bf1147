"""The plan store and jobs over HTTP (TestClient, real solver processes), on a temporary
SQLite file and, when BLANKO_TEST_DATABASE_URL is set, on PostgreSQL: every route and
every status transition."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from api.main import create_app
from api.settings import Settings
from optimizer import Policy, Shipment, solve
from optimizer.store import Store
from optimizer.store.models import PlanRow
from tests.api.test_api import assert_problem, post, same_plan_json
from tests.cases import three_districts, tiers_only
from tests.store_db import BACKENDS, fresh_database

DATASET = "palembang"
REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"
SLOW_DATASET = "synthetic-province"  # its first plan in a solver builds the dataset (~1 s)


def instance_body(blanks: int, **extra: Any) -> dict[str, Any]:
    """three_districts sent whole, max 50 km (see tests/cases.py for the hand figures)."""
    return {"instance": three_districts().model_dump(mode="json"),
            "shipment": {"blanks": blanks}, "policy": {"max_travel_km": 50}, **extra}


def make_client(url: str, workers: int = 2) -> TestClient:
    os.environ["BLANKO_DATABASE_URL"] = url
    try:
        app = create_app(Settings(workers=workers, queue_size=8, max_time_limit_s=30,
                                  preload_datasets=[]))
    finally:
        os.environ.pop("BLANKO_DATABASE_URL", None)
    return TestClient(app)


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(request.param, tmp_path_factory.mktemp("store")) as url:
        yield url


@pytest.fixture(scope="module")
def client(backend: str) -> Iterator[TestClient]:
    with make_client(backend) as test_client:
        yield test_client


def wait_for_job(client: TestClient, location: str, timeout_s: float = 60.0,
                 until: tuple[str, ...] = ("succeeded", "failed", "cancelled")) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(location).json()
        if job["status"] in until:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {location} still {job['status']} after {timeout_s} s")


def kept(client: TestClient, body: dict[str, Any]) -> tuple[str, Any]:
    response = post(client, "/v1/plans", body)
    assert response.status_code == 200, response.text
    return response.headers["location"], response


# --------------------------------------------------------------------------- plans


def test_a_plan_is_kept_and_served_back_byte_for_byte(client: TestClient) -> None:
    location, response = kept(client, instance_body(220, label="first"))
    # The response is still exactly the library's plan.
    same_plan_json(response.text, solve(three_districts(), Shipment(blanks=220),
                                        Policy(max_travel_km=50)))
    stored = client.get(location)
    assert stored.status_code == 200 and stored.content == response.content
    assert stored.headers["x-plan-status"] == "draft"
    record = client.get(location + "/record").json()
    assert (record["status"], record["label"], record["source"]) == ("draft", "first",
                                                                     "instance")
    assert record["policy"]["max_travel_km"] == 50 and record["created_by"] == "anonymous"
    assert [e["action"] for e in record["history"]] == ["saved"]


def test_an_indonesian_answer_keeps_the_library_plan_and_verifies(client: TestClient) -> None:
    """Accept-Language: id localizes the answer's message texts; the store keeps the
    library's own plan (English texts), so verify compares like with like. (Found when
    the store's route replaced the one that honoured Accept-Language.)"""
    response = client.post("/v1/plans", json=instance_body(220),
                           headers={"Accept-Language": "id"})
    assert response.status_code == 200, response.text
    assert response.headers["content-language"] == "id"
    location = response.headers["location"]
    english = solve(three_districts(), Shipment(blanks=220), Policy(max_travel_km=50))
    answered = {m["code"]: m["text"] for m in response.json()["messages"]}
    assert answered["DISTANCES"] != next(m.text for m in english.messages
                                         if m.code == "DISTANCES")
    same_plan_json(client.get(location).text, english)
    assert client.post(location + "/verify").json()["reproduced"] is True


def test_save_false_keeps_nothing(client: TestClient) -> None:
    before = client.get("/v1/plans").json()["total"]
    response = post(client, "/v1/plans", instance_body(220, save=False))
    assert response.status_code == 200 and "location" not in response.headers
    assert client.get("/v1/plans").json()["total"] == before


def test_store_fields_are_checked_like_the_rest(client: TestClient) -> None:
    assert_problem(post(client, "/v1/plans", instance_body(220, save="yes")), 422, "/save")
    assert_problem(post(client, "/v1/plans", instance_body(220, label="")), 422, "/label")
    assert_problem(client.get("/v1/plans/no-such-plan"), 404)
    assert_problem(client.get("/v1/plans", params={"status": "lost"}), 422)
    assert_problem(client.get("/v1/plans", params={"limit": 0}), 422)


def test_a_dataset_plan_with_overrides_verifies(client: TestClient) -> None:
    site = client.get(f"/v1/datasets/{DATASET}", params={"instance": True}).json()[
        "instance"]["sites"][0]["site_id"]
    body = {"dataset": DATASET, "shipment": {"blanks": 20_000},
            "overrides": {"sites": {site: {"printers": 0}}}}
    location, _ = kept(client, body)
    record = client.get(location + "/record").json()
    assert record["dataset"] == DATASET and len(record["dataset_sha256"]) == 64
    assert record["overrides"] == {"sites": {site: {"printers": 0}}}
    answer = client.post(location + "/verify").json()
    assert answer["reproduced"] is True and answer["differences"] == []
    assert answer["input_sha256_then"] == answer["input_sha256_now"]
    assert answer["solver_then"] == answer["solver_now"]


def test_a_tampered_plan_is_not_reproduced_and_the_fields_are_named(
        client: TestClient, backend: str) -> None:
    location, response = kept(client, instance_body(220))
    plan_id = location.rsplit("/", 1)[1]
    tampered = response.content.replace(b'"blanks": 150', b'"blanks": 151', 1)
    assert tampered != response.content
    store = Store(backend)
    with store._write() as session:
        session.execute(update(PlanRow).where(PlanRow.id == plan_id).values(plan=tampered))
    store.close()
    answer = client.post(location + "/verify").json()
    assert answer["reproduced"] is False
    assert answer["differences"] and all(d.startswith(("/shipments", "/sites"))
                                         for d in answer["differences"])
    history = client.get(location + "/record").json()["history"]
    assert history[-1]["action"] == "not-reproduced"


def test_approve_publish_supersede_and_wrong_transitions(client: TestClient) -> None:
    body = instance_body(230, shipment_ref="tranche-7")
    first, _ = kept(client, body)
    second, _ = kept(client, body)
    problem = assert_problem(client.post(first + "/publish"), 409)
    assert "draft" in problem["detail"]
    approved = client.post(first + "/approve", json={"note": "checked by Budi"}).json()
    assert approved["status"] == "approved"
    assert approved["history"][-1]["note"] == "checked by Budi"
    assert_problem(client.post(first + "/approve"), 409)
    assert client.post(first + "/publish", json={"note": "sent"}).json()["status"] == \
        "published"
    newer = client.post(second + "/approve").json()
    assert newer["replaces"] == first.rsplit("/", 1)[1]
    assert client.get(first).headers["x-plan-status"] == "superseded"
    assert_problem(client.post(first + "/publish"), 409)
    assert_problem(client.post("/v1/plans/missing/approve"), 404)
    assert_problem(client.post(second + "/approve", json={"nope": 1}), 422)
    listed = client.get("/v1/plans", params={"status": "superseded"}).json()
    assert first.rsplit("/", 1)[1] in {p["id"] for p in listed["items"]}


def test_control_characters_in_labels_and_notes_are_refused_at_their_pointer(
        client: TestClient) -> None:
    # QA3 13: NUL was accepted in a label and a note (kept raw on SQLite; PostgreSQL's
    # text refuses it: a 500). Now 422 at the pointer, at once, on every route and both
    # backends; a note keeps its line breaks.
    body = json.loads((REQUESTS / "plan-label-nul.json").read_bytes())
    before = client.get("/v1/plans").json()["total"]
    for path, sent in (("/v1/plans", body), ("/v1/jobs", {"kind": "plan", **body})):
        problem = assert_problem(post(client, path, sent), 422, "/label")
        assert "control characters" in problem["errors"][0]["message"]
    assert_problem(post(client, "/v1/plans", instance_body(220, shipment_ref="t\x1b7")),
                   422, "/shipment_ref")
    assert client.get("/v1/plans").json()["total"] == before
    location, _ = kept(client, instance_body(225))
    note = (REQUESTS / "approve-note-nul.json").read_bytes()
    problem = assert_problem(client.post(location + "/approve", content=note, headers={
        "Content-Type": "application/json", "Accept-Language": "id"}), 422, "/note")
    assert "karakter kendali selain tab dan pindah baris" in problem["errors"][0]["message"]
    assert client.get(location).headers["x-plan-status"] == "draft"
    approved = client.post(location + "/approve", json={"note": "checked:\r\n\tK1 full"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["history"][-1]["note"] == "checked:\r\n\tK1 full"
    for parameter in ("label", "dataset"):
        problem = assert_problem(client.get("/v1/plans", params={parameter: "a\x00b"}), 422)
        assert problem["errors"][0]["parameter"] == parameter


def test_listing_filters_and_pagination(client: TestClient) -> None:
    ids = [kept(client, instance_body(240, label="paged"))[0].rsplit("/", 1)[1]
           for _ in range(3)]
    page = client.get("/v1/plans", params={"label": "paged", "limit": 2}).json()
    assert page["total"] == 3 and [p["id"] for p in page["items"]] == ids[::-1][:2]
    rest = client.get(page["next"]).json()
    assert [p["id"] for p in rest["items"]] == [ids[0]] and rest["next"] is None
    assert client.get("/v1/plans", params={"label": "paged",
                                           "created_from": "2999-01-01T00:00:00Z"}
                      ).json()["total"] == 0
    assert client.get("/v1/plans", params={"dataset": "nowhere"}).json()["total"] == 0
    assert client.get("/v1/plans", params={"label": "paged", "created_before": "2999-01-01"}
                      ).json()["total"] == 3
    for bad in ("0.5", "2026-02-31", "yesterday"):
        assert_problem(client.get("/v1/plans", params={"created_from": bad}), 422)


def test_diff_between_two_plans(client: TestClient) -> None:
    # Hand figures in tests/store/test_repository.py: 220 -> 420 blanks moves K2 from 50
    # to 100 cards and K3 from 150 to 300; K1 stays at its capacity 20.
    before, _ = kept(client, instance_body(220))
    after, _ = kept(client, instance_body(420))
    result = client.get(f"{before}/diff/{after.rsplit('/', 1)[1]}").json()
    offices = {o["site_id"]: o["change"] for o in result["offices"]}
    assert offices == {"S1": 0, "S2": 50, "S3": 150}
    cards = {d["district_id"]: (d["cards_before"], d["cards_after"])
             for d in result["districts"] if d["tier"] == "first_time"}
    assert cards == {"K1": (20, 20), "K2": (50, 100), "K3": (150, 300)}
    assert {k["kpi"]: k["change"] for k in result["kpis"]}["blanks_shipped"] == 200
    # Counts whole in the JSON (QA3 14: 220.0, 420.0): the bytes, not only the values.
    diffed = client.get(f"{before}/diff/{after.rsplit('/', 1)[1]}").text
    assert '"kpi":"blanks_shipped","before":220,"after":420,"change":200' in diffed
    assert_problem(client.get(f"{before}/diff/missing"), 404)


def test_diff_against_an_infeasible_plan_has_no_figures_on_its_side(client: TestClient) -> None:
    # A reserve of 300 of 220 blanks: constraint (1) cannot hold, the plan ships nothing.
    # Its side is null and so is every change: never "-220 cards" against its zeros.
    planned, _ = kept(client, instance_body(220))
    refused, answer = kept(client, instance_body(220, policy={"max_travel_km": 50,
                                                              "reserve": 300}))
    assert answer.json()["status"] == "infeasible"
    result = client.get(f"{planned}/diff/{refused.rsplit('/', 1)[1]}").json()
    assert (result["before_status"], result["after_status"]) == ("optimal", "infeasible")
    assert {o["site_id"]: (o["blanks_before"], o["blanks_after"], o["change"])
            for o in result["offices"]} == {"S1": (20, None, None), "S2": (50, None, None),
                                           "S3": (150, None, None)}
    assert all(d["cards_after"] is None and d["change"] is None for d in result["districts"])
    kpis = {k["kpi"]: k for k in result["kpis"]}
    assert kpis["cards_by_tier.first_time"] == {"kpi": "cards_by_tier.first_time",
                                                "before": 220, "after": None, "change": None}


def test_diff_of_plans_of_different_instances_is_null_for_what_one_lacks(
        client: TestClient) -> None:
    # three_districts (S1-S3) against tiers_only (S): an office or kecamatan one plan does
    # not have is null on that side and in the change, not 0 blanks or 0 cards.
    before, _ = kept(client, instance_body(220))
    after, _ = kept(client, {"instance": tiers_only().model_dump(mode="json"),
                             "shipment": {"blanks": 200}, "policy": {"max_travel_km": 50}})
    result = client.get(f"{before}/diff/{after.rsplit('/', 1)[1]}").json()
    assert {o["site_id"]: (o["blanks_before"], o["blanks_after"], o["change"])
            for o in result["offices"]} == {"S1": (20, None, None), "S2": (50, None, None),
                                           "S3": (150, None, None), "S": (None, 100, None)}
    lines = {(d["district_id"], d["tier"]): d for d in result["districts"]}
    assert (lines[("K", "first_time")]["cards_before"], lines[("K", "first_time")]["change"],
            lines[("K", "first_time")]["coverage_before"]) == (None, None, None)
    assert lines[("K2", "first_time")]["cards_after"] is None


# --------------------------------------------------------------------------- jobs


def test_a_plan_job_runs_and_keeps_its_plan(client: TestClient) -> None:
    response = post(client, "/v1/jobs", {"kind": "plan", **instance_body(220)})
    assert response.status_code == 202
    location = response.headers["location"]
    assert response.json()["status"] in ("queued", "running")
    job = wait_for_job(client, location)
    assert job["status"] == "succeeded" and job["progress"] == 1.0
    result = client.get(job["result"])
    same_plan_json(result.text, solve(three_districts(), Shipment(blanks=220),
                                      Policy(max_travel_km=50)))
    assert client.get(job["plan"]).content == result.content
    history = client.get(job["plan"] + "/record").json()["history"]
    assert history[0]["note"] == f"by job {job['id']}"


def test_comparison_and_replay_jobs_report_per_policy(client: TestClient) -> None:
    body = {"kind": "comparison", **instance_body(220),
            "policies": [{"name": "optimal"}, {"name": "greedy"}]}
    body.pop("policy")
    job = wait_for_job(client, post(client, "/v1/jobs", body).headers["location"])
    assert job["status"] == "succeeded", job
    results = client.get(job["result"]).json()["results"]
    assert [r["name"] for r in results] == ["optimal", "greedy"]
    same = post(client, "/v1/comparisons", {k: v for k, v in body.items() if k != "kind"})
    assert [r["kpis"] for r in same.json()["results"]] == [r["kpis"] for r in results]
    replay = {"kind": "replay", "instance": body["instance"],
              "schedule": "tranches=2,every=5,blanks=100-200", "replications": 2,
              "policies": ["optimal", "proportional"]}
    job = wait_for_job(client, post(client, "/v1/jobs", replay).headers["location"])
    assert job["status"] == "succeeded", job
    summaries = client.get(job["result"]).json()["results"]
    assert [s["name"] for s in summaries] == ["optimal", "proportional"]
    assert all(s["summary"]["cards_first"]["n"] == 2 for s in summaries)


def test_idempotency_key(client: TestClient) -> None:
    body = {"kind": "plan", **instance_body(250, save=False)}
    first = post(client, "/v1/jobs", body, **{"Idempotency-Key": "k-250"})
    again = post(client, "/v1/jobs", body, **{"Idempotency-Key": "k-250"})
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"]
    assert first.headers["location"] == again.headers["location"]
    other = post(client, "/v1/jobs", {**body, "shipment": {"blanks": 251}},
                 **{"Idempotency-Key": "k-250"})
    problem = assert_problem(other, 422)
    assert problem["errors"][0]["parameter"] == "Idempotency-Key"
    assert post(client, "/v1/jobs", body).json()["id"] != first.json()["id"]


def test_bad_job_bodies_are_refused_at_once(client: TestClient) -> None:
    assert_problem(post(client, "/v1/jobs", instance_body(220)), 422, "/kind")
    for kind in ("magic", {}, [], 1, None):
        assert_problem(post(client, "/v1/jobs", {"kind": kind}), 422, "/kind")
    assert_problem(post(client, "/v1/jobs", {"kind": "plan", "dataset": DATASET,
                                             "policy": {"lot_size": 0}}), 422,
                   "/policy/lot_size")
    assert_problem(post(client, "/v1/jobs", [1, 2]), 422)
    assert_problem(client.post("/v1/jobs", content=b"{", headers={
        "Content-Type": "application/json"}), 422)
    assert_problem(client.post("/v1/jobs", content=b"x"), 415)


def test_a_job_the_library_refuses_fails_with_a_problem(client: TestClient) -> None:
    # A synthetic dataset is generated where the job runs: only the solver knows that it
    # holds no site 'NO-SUCH-SITE'. (An unknown dataset is refused when submitted now.)
    body = {"kind": "plan", "dataset": "synthetic-city",
            "overrides": {"sites": {"NO-SUCH-SITE": {"printers": 1}}}}
    job = wait_for_job(client, post(client, "/v1/jobs", body).headers["location"])
    assert job["status"] == "failed" and job["problem"]["status"] == 422
    assert job["problem"]["type"] == "/problems/invalid-input"
    assert job["problem"]["errors"] and job["result"] is None
    assert_problem(client.get(f"/v1/jobs/{job['id']}/result"), 409)


def test_cancel(client: TestClient) -> None:
    # One job slot: the first (slow) job runs while the second waits in the queue.
    slow = post(client, "/v1/jobs", {"kind": "plan", "dataset": SLOW_DATASET,
                                     "policy": {"lot_size": 100}, "save": False})
    queued = post(client, "/v1/jobs", {"kind": "plan", **instance_body(260)})
    cancelled = client.delete(queued.headers["location"])
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert_problem(client.delete(queued.headers["location"]), 409)
    running = wait_for_job(client, slow.headers["location"], until=("running", "succeeded"))
    if running["status"] == "running":
        assert client.delete(slow.headers["location"]).json()["status"] == "cancelled"
        time.sleep(0.5)
    assert client.get(slow.headers["location"]).json()["status"] in ("cancelled",
                                                                     "succeeded")
    assert client.get(queued.headers["location"]).json()["status"] == "cancelled"
    assert_problem(client.delete("/v1/jobs/missing"), 404)
    assert_problem(client.get("/v1/jobs/missing"), 404)


def test_a_job_whose_solver_dies_is_failed_with_the_reason(client: TestClient) -> None:
    pool = client.app.state.pool  # type: ignore[attr-defined]
    # Lots of 100 make the province's plan take seconds (lot equity's search, ~6 s here):
    # its plain plan now takes ~0.1 s, which a solver could finish between the job being
    # seen running and the kill (the job then succeeded: a full run at 19:35 UTC).
    response = post(client, "/v1/jobs", {"kind": "plan", "dataset": SLOW_DATASET,
                                         "policy": {"lot_size": 100}, "save": False})
    location = response.headers["location"]
    wait_for_job(client, location, until=("running",))
    deadline = time.monotonic() + 30
    busy: list[int] = []
    while not busy and time.monotonic() < deadline:
        busy = [pid for pid, working in pool.pids().items() if working]
        time.sleep(0.01)
    assert busy, "no solver picked the job up"
    os.kill(busy[0], signal.SIGKILL)
    job = wait_for_job(client, location)
    assert job["status"] == "failed", job
    assert job["problem"]["type"] == "/problems/worker-crashed"
    assert f"solver process {busy[0]} stopped" in job["problem"]["detail"]


# --------------------------------------------------------------------------- restart


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_after_a_restart_queued_jobs_run_and_orphans_are_failed(backend_name: str,
                                                                tmp_path: Any) -> None:
    with fresh_database(backend_name, tmp_path) as url:
        # What a server killed with -9 leaves behind: a job it was running (its process
        # is gone) and a job still queued.
        store = Store(url)
        orphan = store.submit_job("plan", json.dumps(instance_body(220)).encode(), "t")[0]
        assert store.claim_job(f"{socket.gethostname()}:999999999:gone") is not None
        queued = store.submit_job("plan", json.dumps(instance_body(221)).encode(), "t")[0]
        store.close()
        with make_client(url, workers=1) as client:
            done = wait_for_job(client, f"/v1/jobs/{queued.id}")
            lost = client.get(f"/v1/jobs/{orphan.id}").json()
        assert done["status"] == "succeeded"
        assert lost["status"] == "failed" and lost["problem"]["type"] == "/problems/job-lost"
        assert "stopped before it finished" in lost["problem"]["detail"]


# --------------------------------------------------------------------------- a plan's result


def test_an_infeasible_plan_is_kept_shown_and_never_approved(client: TestClient) -> None:
    # 230 blanks with a reserve of 500: constraint (1) cannot hold, the plan is infeasible.
    body = instance_body(230, shipment_ref="tranche-infeasible")
    body["policy"]["reserve"] = 500
    location, made = kept(client, body)  # kept: nothing submitted is lost
    plan_id = location.rsplit("/", 1)[1]
    assert made.json()["status"] == "infeasible"
    served = client.get(location)
    assert served.headers["x-solve-status"] == "infeasible"
    assert served.headers["x-plan-status"] == "draft"
    record = client.get(location + "/record").json()
    assert record["solve_status"] == "infeasible" and record["status"] == "draft"
    listed = {p["id"]: p for p in client.get("/v1/plans", params={"limit": 200}
                                              ).json()["items"]}
    assert listed[plan_id]["solve_status"] == "infeasible"
    problem = assert_problem(client.post(location + "/approve"), 409)
    assert problem["type"] == "/problems/not-approvable"
    assert problem["detail"].startswith(f"Plan '{plan_id}' is infeasible: only an optimal or "
                                        f"feasible plan can be approved. Plan the shipment "
                                        f"again")
    in_indonesian = assert_problem(client.post(location + "/approve",
                                               headers={"Accept-Language": "id"}), 409)
    assert in_indonesian["title"] == "Rencana tidak dapat disetujui"
    assert in_indonesian["detail"].startswith(f"Rencana '{plan_id}' tidak layak: hanya "
                                              f"rencana yang optimal atau layak yang dapat "
                                              f"disetujui.")
    assert_problem(client.post(location + "/publish"), 409)
    history = client.get(location + "/record").json()["history"]
    assert [e["action"] for e in history] == ["saved"]


def test_an_optimal_plan_says_so_in_the_listing(client: TestClient) -> None:
    location, _ = kept(client, instance_body(250, label="optimal-one"))
    listed = client.get("/v1/plans", params={"label": "optimal-one"}).json()["items"]
    assert [p["solve_status"] for p in listed] == ["optimal"]
    assert client.post(location + "/approve").json()["solve_status"] == "optimal"


def test_store_and_pin_errors_are_in_the_asked_language(client: TestClient) -> None:
    missing = assert_problem(client.get("/v1/plans/nonexistent",
                                        headers={"Accept-Language": "id"}), 404)
    assert missing["errors"][0]["message"] == "tidak ada rencana 'nonexistent'"
    body = {"instance": three_districts().model_dump(mode="json"),
            "shipment": {"blanks": 220}, "policy": {"max_travel_km": 50}}
    unknown = assert_problem(post(client, "/v1/plans/evaluate", {
        **body, "shipments": [{"site_id": "S99", "blanks": 10}]}, **{"Accept-Language": "id"}),
        422, "/shipments/0/site_id")
    assert unknown["errors"][0]["message"] == "kantor 'S99' tidak ada dalam instans"
    twice = assert_problem(post(client, "/v1/plans/evaluate", {
        **body, "shipments": [{"site_id": "S1", "blanks": 10}, {"site_id": "S1", "blanks": 20}]},
        **{"Accept-Language": "id"}), 422, "/shipments/1/site_id")
    assert twice["errors"][0]["message"] == "kantor 'S1' dipatok dua kali"
    english = assert_problem(post(client, "/v1/plans/evaluate", {
        **body, "shipments": [{"site_id": "S99", "blanks": 10}]}), 422)
    assert english["errors"][0]["message"] == "site 'S99' is not in the instance"
