"""The page's "second printer" help says what a lot plan's marginals are (qa2 fault 2):
those of the plan without lots, not "an exact re-solve of the plan"."""

from __future__ import annotations

from fastapi.testclient import TestClient

HX = {"HX-Request": "true"}


def _form(**fields: str) -> dict[str, str]:
    # A shipment far above what Palembang's printers can print: printers bind, so the
    # "second printer" table is shown.
    return {"source": "dataset", "dataset": "palembang", "blanks": "1000000",
            "equity": "on", "lang": "en", **fields}


def test_a_lot_plan_says_its_marginals_are_the_plan_without_lots(client: TestClient) -> None:
    lots = client.post("/web/plan", data=_form(lot_size="250"), headers=HX)
    assert lots.status_code == 200, lots.text
    assert 'id="printer-table"' in lots.text
    assert "in the plan without lots (an exact re-solve of that plan" in lots.text
    assert "(an exact re-solve of the plan)" not in lots.text
    indonesian = client.post("/web/plan", data=_form(lot_size="250", lang="id"), headers=HX)
    assert "dalam rencana tanpa lot (rencana itu dihitung ulang secara tepat" in indonesian.text
    free = client.post("/web/plan", data=_form(), headers=HX)
    assert "(an exact re-solve of the plan)" in free.text
    assert "in the plan without lots" not in free.text
