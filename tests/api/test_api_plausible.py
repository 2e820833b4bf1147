"""An instance sent as JSON is checked as the file readers check theirs: a second
tester's (0, 0) kelurahan, JUMLAH row and distance in metres were planned `optimal`
over the API while the same instance as a file was refused (optimizer/io/plausible.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"


@pytest.mark.parametrize(("name", "pointer", "words"), [
    # A3 at (0, 0): ~11,560 km from S1 at (-2.99, 104.75), over the 1,000 km bound.
    ("plan-kelurahan-at-zero.json", "/instance/areas/2/lat", "km from the nearest office"),
    ("plan-totals-row.json", "/instance/areas/2/name", "totals row"),
    # A1-S1 are ~1.6 km apart great-circle; 1,450 km is > 5x and > 1.6 + 50 km.
    ("plan-distance-in-metres.json", "/instance/distances/0/km", "no road is that long"),
])
def test_an_implausible_instance_in_the_body_is_refused_at_its_pointer(
        client: TestClient, name: str, pointer: str, words: str) -> None:
    body = json.loads((REQUESTS / name).read_text(encoding="utf-8"))
    response = client.post("/v1/plans", json={**body, "save": False},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["pointer"] for e in errors] == [pointer]
    assert words in errors[0]["message"]


def test_the_same_instance_without_the_bad_row_plans(client: TestClient) -> None:
    body = json.loads((REQUESTS / "plan-kelurahan-at-zero.json").read_text(encoding="utf-8"))
    body["instance"]["areas"] = body["instance"]["areas"][:2]
    response = client.post("/v1/plans", json={**body, "save": False})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "optimal"
