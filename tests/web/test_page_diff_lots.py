"""The history diff on the page: a lot cost one plan lacks is a dash like every other
missing figure ('—', never '-', which reads as a minus), named in words."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.cases import tiers_only

HX = {"HX-Request": "true"}


def _kept(client: TestClient, lot_size: int) -> str:
    answer = client.post("/v1/plans", json={"instance": tiers_only().model_dump(mode="json"),
                                            "shipment": {"blanks": 200},
                                            "policy": {"lot_size": lot_size}})
    assert answer.status_code == 200, answer.text
    return str(answer.headers["location"].rsplit("/", 1)[1])


def test_a_lot_cost_one_plan_lacks_is_a_dash(client: TestClient) -> None:
    before, after = _kept(client, 1), _kept(client, 30)
    for lang, words in (("en", "Cost of lots: Cards printed, first-time applicants"),
                        ("id", "Biaya lot: Kartu dicetak, pemula")):
        shown = client.get(f"/web/plans/diff?before={before}&after={after}&lang={lang}",
                           headers=HX)
        assert shown.status_code == 200, shown.text
        rows = dict(re.findall(r'<tr data-kpi="([^"]+)">(.*?)</tr>', shown.text, re.S))
        lots = {key: re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)
                for key, row in rows.items() if key.startswith("lot_cost.")}
        assert lots, shown.text
        assert all(cells[0] == "—" and cells[2] == "—" for cells in lots.values()), lots
        assert words in shown.text, shown.text
        cells = [c for row in rows.values()
                 for c in re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)]
        assert "-" not in cells, cells
