"""Tester qa11b: the page finds a dataset as the API and the CLI do (case and the spaces
around it aside), through the app (real solver processes)."""

from __future__ import annotations

from fastapi.testclient import TestClient

HX = {"HX-Request": "true"}


def test_a_dataset_typed_with_spaces_and_capitals_plans_it(client: TestClient) -> None:
    # Was: "unknown dataset 'Palembang '" (a form a portal fills in, or a hand-made
    # request), while POST /v1/plans and `blanko plan --dataset 'Palembang '` plan it.
    fragment = client.post("/web/plan", data={
        "source": "dataset", "dataset": "Palembang ", "blanks": "40000", "equity": "on",
        "lang": "en"}, headers=HX)
    assert fragment.status_code == 200
    assert fragment.text.startswith('<h2 id="results-heading">Plan: Palembang'), \
        fragment.text[:300]
