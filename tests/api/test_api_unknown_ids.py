"""The service's overrides of a site or area written otherwise than the dataset writes it
('kec-16.71.01' for KEC-16.71.01, an area id with a zero-width space) are refused with the
id they may mean, as a pin is ("did you mean KEC-16.71.01?"); they said only "unknown
site 'kec-16.71.01'" (corpus: tests/data/requests/comparison-override-id-case.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.test_api import assert_problem, post
from tests.api.test_api_plausible import job_count

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"
BODY = json.loads((REQUESTS / "comparison-override-id-case.json").read_text(encoding="utf-8"))
SITE, AREA = "/overrides/sites/kec-16.71.01", "/overrides/areas/16.71.01.1001\u200b"


def test_an_override_of_an_id_written_otherwise_names_the_id_meant(client: TestClient):
    problem = assert_problem(post(client, "/v1/comparisons", BODY), 422, SITE, AREA)
    said = {e["pointer"]: e["message"] for e in problem["errors"]}
    assert said[SITE] == (
        "unknown site 'kec-16.71.01': did you mean KEC-16.71.01? It differs only in letter "
        "case, invisible characters or the form of its characters")
    assert said[AREA].startswith(
        "unknown area '16.71.01.1001\\u200b': did you mean 16.71.01.1001?")
    # The same in Bahasa Indonesia, and for a plan.
    indonesian = assert_problem(post(client, "/v1/comparisons", BODY,
                                     **{"Accept-Language": "id"}), 422, SITE)
    assert {e["pointer"]: e["message"] for e in indonesian["errors"]}[SITE] == (
        "kantor 'kec-16.71.01' tidak dikenal: maksud Anda KEC-16.71.01? Bedanya hanya huruf "
        "besar/kecil, karakter tak terlihat atau bentuk karakternya")
    plan = {k: BODY[k] for k in ("dataset", "shipment", "overrides")}
    assert {e["pointer"]: e["message"] for e in assert_problem(
        post(client, "/v1/plans", plan), 422, SITE)["errors"]}[SITE] == said[SITE]


@pytest.mark.parametrize("kind", ["plan", "comparison", "replay"])
def test_a_job_with_such_an_override_is_refused_when_submitted(client: TestClient,
                                                               kind: str):
    """Such a job was accepted with 202, then failed: it is refused now with the
    synchronous route's 422, and nothing is queued."""
    body: dict[str, object] = {"kind": kind, "dataset": "palembang",
                               "overrides": BODY["overrides"]}
    if kind == "comparison":
        body |= {"shipment": BODY["shipment"], "policies": BODY["policies"]}
    elif kind == "replay":
        body |= {"schedule": "tranches=1,every=20,blanks=40000", "replications": 1,
                 "policies": ["capacity_capped"]}
    else:
        body["shipment"] = BODY["shipment"]
    before = job_count(client)
    problem = assert_problem(post(client, "/v1/jobs", body), 422, SITE, AREA)
    assert {e["pointer"]: e["message"] for e in problem["errors"]}[SITE].endswith(
        "did you mean KEC-16.71.01? It differs only in letter case, invisible characters or "
        "the form of its characters")
    assert job_count(client) == before
