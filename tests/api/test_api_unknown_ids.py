"""The service's overrides of a site or area written otherwise than the dataset writes it
('kec-16.71.01' for KEC-16.71.01, an area id with a zero-width space) are refused with the
id they may mean, as a pin is ("did you mean KEC-16.71.01?"); they said only "unknown
site 'kec-16.71.01'" (corpus: tests/data/requests/comparison-override-id-case.json)."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.test_api import assert_problem, post

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
