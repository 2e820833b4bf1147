"""Tester qa11b's service faults, through the app (TestClient, real solver processes and a
real SQLite plan store): a job's retry refused for its key order, jobs accepted that could
only fail, a Latin-1 body's raw codec message, a dataset name with a stray space, a verify
that ignored its body."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.api.test_api import assert_problem

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"


def request_case(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((REQUESTS / name).read_text(encoding="utf-8"))
    return loaded


def post_raw(client: TestClient, path: str, body: bytes | str, lang: str = "en",
             headers: dict[str, str] | None = None) -> Any:
    data = body.encode() if isinstance(body, str) else body
    return client.post(path, content=data, headers={
        "Content-Type": "application/json", "Accept-Language": lang, **(headers or {})})


# ------------------------------------------ 1. an idempotent retry in another key order


def test_a_retry_with_its_keys_in_another_order_is_the_same_job(client: TestClient) -> None:
    # Was: 422 "The Idempotency-Key was used with another body" (the digest was over the
    # body's bytes, so another key order, whitespace or 8.0 for 8 was another body).
    case = request_case("job-retry-keys-reordered.json")
    first = post_raw(client, case["path"], case["first"], headers=case["headers"])
    assert first.status_code == 202, first.text
    retry = post_raw(client, case["path"], case["retry"], headers=case["headers"])
    assert retry.status_code == 202, retry.text
    assert retry.json()["id"] == first.json()["id"]
    # A body that truly differs (other blanks) under the same key is still refused.
    other = assert_problem(post_raw(client, case["path"], case["other"],
                                    headers=case["headers"]), 422)
    assert other["errors"][0]["parameter"] == "Idempotency-Key"
    assert first.json()["id"] in other["errors"][0]["message"]


# ----------------------------- 2. jobs accepted with 202 that could only fail (or lie)


@pytest.mark.parametrize("case", ["job-comparison-unknown-dataset.json",
                                  "job-plan-unknown-dataset.json",
                                  "job-replay-unknown-dataset.json"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_job_on_an_unknown_dataset_is_refused_when_submitted(client: TestClient, case: str,
                                                               lang: str) -> None:
    # Was: 202, then the job failed with 404 when it ran.
    body = request_case(case)
    answer = assert_problem(client.post("/v1/jobs", json=body,
                                        headers={"Accept-Language": lang}), 422, "/dataset")
    [error] = answer["errors"]
    assert body["dataset"] in error["message"] and "palembang-2017" in error["message"]
    assert error["message"].startswith(
        "dataset '" if lang == "id" else "unknown dataset '"), error["message"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_comparison_job_listing_a_policy_twice_by_the_suggestion_is_refused(
        client: TestClient, lang: str) -> None:
    # Was: 202, and the job planned and showed `optimal` twice (Palembang suggests 8 km,
    # so the second `optimal` is the first); POST /v1/comparisons refuses it.
    body = request_case("job-comparison-optimal-twice-suggested-limit.json")
    answer = assert_problem(client.post("/v1/jobs", json=body,
                                        headers={"Accept-Language": lang}), 422,
                            "/policies/1/name")
    synchronous = client.post("/v1/comparisons", json={
        k: v for k, v in body.items() if k != "kind"},
        headers={"Accept-Language": lang, "Prefer": "wait=30"})  # (behind the jobs above)
    assert synchronous.status_code == 422, synchronous.text
    assert [e["message"] for e in answer["errors"]] == \
        [e["message"] for e in synchronous.json()["errors"]]
    # Another limit is another policy: that job is taken.
    body["policies"][1]["policy"]["max_travel_km"] = 12
    assert client.post("/v1/jobs", json=body).status_code == 202


# ------------------------------------------------ 3. a body written in Windows-1252


@pytest.mark.parametrize("path", ["/v1/plans", "/v1/comparisons", "/v1/jobs",
                                  "/v1/plans/00000000-0000-0000-0000-000000000000/approve"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_windows_1252_body_is_refused_naming_the_byte_and_the_fix(
        client: TestClient, path: str, lang: str) -> None:
    # Was: "'utf-8' codec can't decode byte 0x96 in position 84: invalid continuation
    # byte" in English (Python's words, no fix), or "bukan teks UTF-8" with no byte nor fix.
    name = ("approve-note-windows-1252-body.json" if path.endswith("/approve")
            else "plan-label-windows-1252-body.json")
    body = (REQUESTS / name).read_bytes()
    offset = body.index(b"\x96")
    answer = assert_problem(post_raw(client, path, body, lang), 422, "")
    [error] = answer["errors"]
    message = error["message"]
    assert "codec" not in message and "0x96" in message and f" {offset} " in message
    assert "'\u2013'" in message  # what the byte is in Windows-1252: the en dash typed
    if lang == "id":
        assert message.startswith("bukan teks UTF-8: bita 0x96 pada posisi"), message
        assert "kodekan badan permintaan sebagai UTF-8" in message
        assert answer["detail"] == "Badan permintaan bukan JSON yang valid."
    else:
        assert message.startswith("is not UTF-8 text: the byte 0x96 at offset"), message
        assert "send the text encoded as UTF-8" in message
        assert answer["detail"] == "The body is not valid JSON."


# --------------------------------------- 4. a dataset's name with a space around it


@pytest.mark.parametrize("case", ["dataset-name-trailing-space.json",
                                  "dataset-name-leading-space-upper.json"])
def test_a_dataset_named_with_spaces_around_it_is_found_as_a_body_finds_it(
        client: TestClient, case: str) -> None:
    # Was: 404 "There is no dataset 'palembang '", while {"dataset": "palembang "} in a
    # body and `blanko plan --dataset 'palembang '` plan Palembang.
    raw = request_case(case)["raw_path"]
    answer = client.get(raw)
    assert answer.status_code == 200, answer.text
    name = answer.json()["name"]
    assert name == raw.split("/")[-1].split("?")[0].replace("%20", "").lower()
    planned = client.post("/v1/plans", json={"dataset": raw.split("/")[-1].split("?")[0]
                                             .replace("%20", " "), "save": False})
    assert planned.status_code == 200, planned.text
    # A name that is not listed, spaces or not, is still the 404.
    assert_problem(client.get("/v1/datasets/palembang%20x"), 404)


# ---------------------------------------------- 5. a body sent to a route taking none


@pytest.mark.parametrize("lang", ["en", "id"])
def test_verify_refuses_a_body_instead_of_ignoring_it(client: TestClient, lang: str) -> None:
    # Was: 200, the kept input re-solved with the kept policy, the body silently ignored.
    kept = client.post("/v1/plans", json={"dataset": "palembang", "label": "verify body"})
    assert kept.status_code == 200, kept.text
    plan_id = kept.headers["location"].rsplit("/", 1)[-1]
    case = request_case("verify-with-policy-body.json")
    path = case["path"].format(id=plan_id)
    answer = assert_problem(client.post(path, json=case["body"],
                                        headers={"Accept-Language": lang}),
                            422, "/policy", "/note")
    said = answer["errors"][0]["message"]
    assert f"POST {path}" in said
    assert said.startswith("bukan" if lang == "id" else "is not a known field; send no body"), \
        said
    if lang == "id":
        assert "jangan kirim badan permintaan" in said
    # The same request with no body, or {}, verifies.
    for body in (b"", b"{}", b" \r\n"):
        done = client.post(path, content=body, headers={"Content-Type": "application/json"})
        assert done.status_code == 200 and done.json()["reproduced"] is True, done.text
    assert_problem(client.post(path, content=b"[1]", headers={
        "Content-Type": "application/json"}), 422, "")
    # An unknown plan is the 404 it was, before any body is read.
    assert_problem(client.post(case["path"].format(id="p-unknown"), json=case["body"]), 404)


def test_cancel_refuses_a_body_instead_of_ignoring_it(client: TestClient) -> None:
    job = client.post("/v1/jobs", json={"kind": "plan", "dataset": "palembang",
                                         "save": False})
    assert job.status_code == 202, job.text
    case = request_case("job-cancel-with-reason-body.json")
    path = case["path"].format(id=job.json()["id"])
    assert_problem(client.request("DELETE", path, json=case["body"]), 422, "/reason")
    assert client.get(path).json()["status"] != "cancelled"
    assert_problem(client.request("DELETE", case["path"].format(id="j-unknown"),
                                  json=case["body"]), 404)


# ---------------------------- 6. one shipment's reference with spaces around it


def test_a_shipment_ref_with_spaces_around_it_is_the_same_shipment(client: TestClient) -> None:
    # Was: each of the three approved and in force at once (three shipment keys).
    kept = []
    for body in request_case("plan-shipment-ref-spaces.json")["bodies"]:
        made = client.post("/v1/plans", json=body)
        assert made.status_code == 200, made.text
        plan_id = made.headers["location"].rsplit("/", 1)[-1]
        assert client.post(f"/v1/plans/{plan_id}/approve").status_code == 200
        kept.append(plan_id)
    statuses = [client.get(f"/v1/plans/{i}/record").json()["status"] for i in kept]
    assert statuses == ["superseded", "superseded", "approved"], statuses


# ------------------------------------ 7. a replay job killed at the grace's deadline


@pytest.fixture(scope="module")
def short_grace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A server whose deadline grace (BLANKO_DEADLINE_GRACE_S) is 1 s, shorter than one
    replay step of the corpus takes, and as long as reading its input does."""
    os.environ["BLANKO_DATABASE_URL"] = \
        f"sqlite:///{tmp_path_factory.mktemp('store') / 'blanko.sqlite3'}"
    try:
        app = create_app(Settings(workers=1, queue_size=4, max_time_limit_s=30,
                                  deadline_grace_s=1.0, preload_datasets=["palembang"]))
    finally:
        os.environ.pop("BLANKO_DATABASE_URL", None)
    with TestClient(app) as test_client:
        yield test_client


def test_a_replay_job_has_the_deadline_of_its_plans_not_the_grace(
        short_grace: TestClient) -> None:
    # Was: failed with 504 "the job ran past its deadline of 1.0 s" (5 s by default: a
    # replay of the defaults failed so), as the replay never reported its budget.
    body = request_case("job-replay-six-replications.json")
    location = short_grace.post("/v1/jobs", json=body).headers["location"]
    deadline = time.monotonic() + 120
    while (job := short_grace.get(location).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    assert job["status"] == "succeeded", job
    took = (datetime.fromisoformat(job["finished_at"]) -
            datetime.fromisoformat(job["started_at"])).total_seconds()
    assert took > 1.0  # longer than the grace: the deadline was its budget
    [result] = short_grace.get(f"{location}/result").json()["results"]
    assert result["name"] == "proportional" and result["summary"]


# ----------------------------------------------- 8. a replay's shipment, ignored


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_replay_job_with_a_shipment_is_refused_not_ignored(client: TestClient,
                                                             lang: str) -> None:
    # Was: 202, and the replay shipped the schedule's tranches, the 40,000 blanks sent
    # read by nothing (the result's one_shipment_blanks was the first tranche's).
    answer = assert_problem(client.post("/v1/jobs", json=request_case(
        "job-replay-with-shipment.json"), headers={"Accept-Language": lang}), 422, "/shipment")
    [error] = answer["errors"]
    assert error["message"] == (
        "replay tidak menerima shipment: jadwal memberikan blangko setiap tahap; hapus isian "
        "ini" if lang == "id" else
        "a replay takes no shipment: the schedule gives every tranche's blanks; leave it out")


# --------------------------------- 9. an Idempotency-Key that POST /v1/plans ignored


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_kept_plan_with_an_idempotency_key_is_refused_not_kept_twice(
        client: TestClient, lang: str) -> None:
    # Was: each retry answered 200 and kept the plan again (two drafts for one request).
    case = request_case("plan-with-idempotency-key.json")
    before = client.get("/v1/plans", params={"label": case["body"]["label"]}).json()["total"]
    for _retry in range(2):
        answer = assert_problem(client.post(case["path"], json=case["body"], headers={
            **case["headers"], "Accept-Language": lang}), 422, "")
        [error] = answer["errors"]
        assert error["parameter"] == "Idempotency-Key"
        assert "POST /v1/jobs" in error["message"]
        assert error["message"].startswith(
            "POST /v1/plans tidak menerima" if lang == "id" else
            "POST /v1/plans does not take an Idempotency-Key")
    after = client.get("/v1/plans", params={"label": case["body"]["label"]}).json()["total"]
    assert after == before  # nothing kept
    # Without keeping, there is nothing to repeat: the key does no harm.
    done = client.post(case["path"], json={**case["body"], "save": False},
                       headers=case["headers"])
    assert done.status_code == 200, done.text


# ------------------------------------------ 10. a date range that holds no instant


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_listing_whose_dates_are_swapped_is_refused_not_empty(client: TestClient,
                                                                lang: str) -> None:
    # Was: 200 {"items": [], "total": 0}: "no plans in November", for a slip of the dates.
    assert client.post("/v1/plans", json={"dataset": "palembang"}).status_code == 200
    case = request_case("query-list-plans-dates-swapped.json")
    answer = assert_problem(client.request(case["method"], case["path"], params=case["query"],
                                           headers={"Accept-Language": lang}), 422, "")
    [error] = answer["errors"]
    assert error["parameter"] == "created_from"
    assert "2026-12-01T00:00:00+00:00" in error["message"]
    assert "created_before 2026-11-01T00:00:00+00:00" in error["message"]
    assert ("tukar keduanya" if lang == "id" else "swap the two") in error["message"]
    # The same dates the right way round list the plans.
    swapped = [("created_from", "2026-01-01"), ("created_before", "2100-01-01")]
    assert client.get(case["path"], params=swapped).json()["total"] >= 1


# --------------------------------------------- 11. a flood of jobs, queued without bound


@pytest.fixture(scope="module")
def one_queued(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A server that queues one job at most (BLANKO_MAX_QUEUED_JOBS=1)."""
    os.environ["BLANKO_DATABASE_URL"] = \
        f"sqlite:///{tmp_path_factory.mktemp('store') / 'blanko.sqlite3'}"
    os.environ["BLANKO_MAX_QUEUED_JOBS"] = "1"
    try:
        app = create_app(Settings(workers=1, queue_size=4, max_time_limit_s=30,
                                  preload_datasets=[]))
    finally:
        os.environ.pop("BLANKO_DATABASE_URL", None)
        os.environ.pop("BLANKO_MAX_QUEUED_JOBS", None)
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize("lang", ["en", "id"])
def test_jobs_beyond_the_queue_bound_are_refused_with_retry_after(one_queued: TestClient,
                                                                   lang: str) -> None:
    # Was: every job queued, however many: one client's flood of comparisons (every
    # policy, seconds each) made every other client's job wait behind it.
    body = request_case("job-comparison-every-policy.json")
    ids = []
    for attempt in range(3):  # (one running,) one queued, then full
        answer = one_queued.post("/v1/jobs", json={**body, "shipment": {
            "blanks": 40000 + attempt}}, headers={"Idempotency-Key": f"{lang}-{attempt}",
                                                  "Accept-Language": lang})
        if answer.status_code != 202:
            break
        ids.append(answer.json()["id"])
    try:
        problem = assert_problem(answer, 503)
        assert problem["type"] == "/problems/jobs-full"
        assert answer.headers["retry-after"] == "60"
        assert "BLANKO_MAX_QUEUED_JOBS 1" in problem["detail"]
        assert problem["detail"].startswith("Sudah ada 1 job" if lang == "id" else "1 jobs")
        # A retry of a job already kept is answered with it, full or not.
        last = len(ids) - 1
        again = one_queued.post("/v1/jobs", json={**body, "shipment": {
            "blanks": 40000 + last}}, headers={"Idempotency-Key": f"{lang}-{last}"})
        assert again.status_code == 202 and again.json()["id"] == ids[last]
    finally:
        for job_id in ids:
            one_queued.delete(f"/v1/jobs/{job_id}")
