"""QA3 8: synthetic-national, refused on the synchronous routes with "submit it as an
asynchronous job", was refused by the job with the same words. A job now plans it (its
own pair limit, BLANKO_MAX_JOB_PAIRS), and its instance is served on a plain read.

Through the real app: TestClient, a real solver process, the plan store on SQLite. The
national job takes ~7 s of CPU (about 900 MiB); one test only.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import jobs, store_jobs
from api.main import create_app
from api.settings import Settings
from api.store_routes import job_limits
from tests.api.test_api import assert_problem, post

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"
NATIONAL = "synthetic-national"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    os.environ["BLANKO_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('nat')}/p.db"
    try:
        # The hard deadline is wall time: on a CI machine shared with other work the
        # national plan's ~7 s of CPU took a minute. This test is about the limits, not
        # the speed: the deadline gets room (the job still reports its budget).
        app = create_app(Settings(workers=1, spare_solvers=0, queue_size=4,
                                  preload_datasets=[], deadline_grace_s=600))
    finally:
        os.environ.pop("BLANKO_DATABASE_URL", None)
    with TestClient(app) as test_client:
        yield test_client


def wait_for(client: TestClient, location: str, timeout_s: float) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(location).json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {location} still {job['status']} after {timeout_s} s")


def test_the_national_dataset_is_planned_by_a_job_and_read_whole(client: TestClient) -> None:
    # The synchronous route still sends it to the jobs (it is over BLANKO_MAX_PAIRS).
    refused = assert_problem(post(client, "/v1/plans", {"dataset": NATIONAL}), 413, "/dataset")
    assert "POST /v1/jobs" in refused["detail"]
    # ... and the job plans it: QA3's very request.
    body = (REQUESTS / "job-plan-synthetic-national.json").read_bytes()
    created = client.post("/v1/jobs", content=body,
                          headers={"Content-Type": "application/json"})
    assert created.status_code == 202, created.text
    job = wait_for(client, created.headers["location"], 900)
    assert job["status"] == "succeeded", job
    plan = client.get(job["result"]).json()
    assert plan["status"] == "optimal"
    assert plan["kpis"]["blanks_shipped"] + plan["kpis"]["blanks_kept_central"] == 3_000_000
    assert sum(line["blanks"] for line in plan["shipments"]) == plan["kpis"]["blanks_shipped"]
    assert client.get(job["plan"]).headers["x-plan-status"] == "draft"
    # A plain read of its instance is served (it was the same "to plan" 413).
    read = client.get(f"/v1/datasets/{NATIONAL}", params={"instance": "true"})
    assert read.status_code == 200, read.text[:500]
    summary = read.json()
    assert len(summary["instance"]["areas"]) == summary["areas"] > 80_000
    assert len(summary["instance"]["sites"]) == summary["sites"]


def test_a_dataset_over_the_jobs_limit_is_too_large_not_sent_back_to_the_jobs() -> None:
    # Palembang has 1,039 allowed pairs: over a job limit of 1,000. The job's refusal names
    # the jobs' own setting, and does not tell a job to submit itself as a job.
    limits = job_limits(Settings(max_job_pairs=1000, workers=1))
    assert limits.max_pairs == 1000 and limits.for_jobs
    outcome = store_jobs.plan(json.dumps({"dataset": "palembang"}).encode(), limits)
    assert isinstance(outcome, jobs.Rejected) and outcome.status == 413, outcome
    assert "/v1/jobs" not in outcome.detail and "too large" in outcome.detail
    ((pointer, message),) = outcome.errors
    assert pointer == "/dataset" and "BLANKO_MAX_JOB_PAIRS" in message
    assert "1,039" in message and outcome.too_big_dataset is None
    # In Indonesian the setting is named the same (the catalog's {setting}).
    said = store_jobs.plan(json.dumps({"dataset": "palembang"}).encode(), limits, "id")
    assert isinstance(said, jobs.Rejected)
    assert "batasnya 1.000 (BLANKO_MAX_JOB_PAIRS)" in said.errors[0][1]
