"""Small faults of tester QA3's report (18) on the page: the estimated-figures note of a
synthetic dataset said "(all)" untranslated; counts of what limits the plan were not
grouped ("7070 kecamatan" beside "1.053 kantor")."""

from __future__ import annotations

import dataclasses

from fastapi.testclient import TestClient

from api.web import views
from api.web.render import environment
from optimizer import Shipment, datasets, solve

HX = {"HX-Request": "true"}


def test_a_synthetic_dataset_is_said_synthetic_in_the_pages_language(
        client: TestClient) -> None:
    for lang, words in (("id", "Dataset ini sintetis: semua angkanya rekaan"),
                        ("en", "This dataset is synthetic: every figure in it is made up")):
        answer = client.post("/web/plan", headers=HX, data={
            "source": "dataset", "dataset": "synthetic-city", "blanks": "1000",
            "equity": "on", "lang": lang})
        assert answer.status_code == 200, answer.text[:500]
        assert words in answer.text and "(all)" not in answer.text


def test_every_count_of_what_limits_the_plan_is_grouped() -> None:
    ds = datasets.load("palembang")
    plan = solve(ds.instance, Shipment(blanks=40_000), ds.policy())
    summary = views.summary(plan, ds.policy())
    assert summary.limits and summary.bindings  # the lines this test renders
    # As many kecamatan and offices as a national plan has: the template's own grouping.
    big = dataclasses.replace(
        summary, limits=tuple((reason, 7_070) for reason, _ in summary.limits),
        bindings=tuple((binding, 1_053) for binding, _ in summary.bindings))
    for lang, kecamatan, offices in (("id", "7.070 kecamatan", "1.053 kantor"),
                                     ("en", "7,070 kecamatan", "1,053 offices")):
        html = environment(lang).get_template("results.html").render(
            title="x", shipment=Shipment(blanks=40_000), policy=ds.policy(), estimated=(),
            read_notes=(), plan=plan, summary=big, messages=plan.messages,
            districts=views.district_rows(ds.instance, plan),
            sites=views.site_rows(ds.instance, plan), second_printer=[],
            printer_limit=views.printer_limit(ds.instance, plan),
            map=views.map_view(ds.instance, plan))
        assert kecamatan in html and offices in html, lang
        assert "7070" not in html and "1053" not in html
