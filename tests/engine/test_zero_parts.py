"""Messages say only what happened: no "0 allowed area-site distances computed" when the
distance table gives every pair, no "0 as the reserve" (kpis._distance_message,
kpis._kept_text), in English and, rendered from the params, in Indonesian; and km
figures have one decimal (wording.km), never three that read as thousands in Indonesian.
"""

from __future__ import annotations

import re

import pytest

from optimizer import Shipment, datasets, i18n, solve
from optimizer.engine.wording import km
from optimizer.schema import Policy
from tests.cases import three_districts


def by_code(plan: object) -> dict[str, object]:
    return {m.code: m for m in plan.messages}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def palembang_plans() -> dict[int, object]:
    ds = datasets.load("palembang")
    # 280,000 blanks: far more than the offices print in the horizon (they ship 60,000).
    return {reserve: solve(ds.instance, Shipment(blanks=280_000), ds.policy().model_copy(
        update={"reserve": reserve})) for reserve in (0, 100)}


def test_distances_name_only_the_pairs_taken_from_the_table(palembang_plans) -> None:
    message = by_code(palembang_plans[0])["DISTANCES"]
    assert message.params["computed_pairs"] == 0  # palembang's table gives every pair
    assert message.text.startswith("1,039 allowed area-site distances taken from the "
                                   "distance table; travel limit 8 km"), message.text
    assert i18n.render(message, "en") == message.text
    indonesian = i18n.render(message, "id")
    assert indonesian.startswith("1.039 jarak kelurahan-kantor yang diizinkan diambil dari "
                                 "tabel jarak;"), indonesian
    assert not re.search(r"(?<![\d.,])0 ", message.text + indonesian)


def test_distances_name_only_the_computed_pairs() -> None:
    # three_districts has no distance table: every allowed pair is computed.
    plan = solve(three_districts(), Shipment(blanks=100), Policy())
    message = by_code(plan)["DISTANCES"]
    assert message.params["measured_pairs"] == 0
    assert "taken from the distance table" not in message.text
    assert i18n.render(message, "en") == message.text
    assert "tabel jarak" not in i18n.render(message, "id")


def test_blanks_kept_central_leaves_out_a_reserve_of_zero(palembang_plans) -> None:
    alone = by_code(palembang_plans[0])["BLANKS_KEPT_CENTRAL"]
    # 280,000 - 60,000 shipped = 220,000 kept, none as the reserve: one reason, said once.
    assert alone.text == ("220,000 blanks stay at the central office: no office could print "
                          "them in the horizon for residents within reach (printer capacity, "
                          "storage or the backlog itself is the limit).")
    both = by_code(palembang_plans[100])["BLANKS_KEPT_CENTRAL"]
    assert both.text.startswith("220,000 blanks stay at the central office: 100 as the "
                                "reserve and 219,900 that no office could print")
    for message in (alone, both):
        assert i18n.render(message, "en") == message.text
        indonesian = i18n.render(message, "id")
        assert "0 sebagai cadangan" not in indonesian.replace("100 sebagai", "")
        assert indonesian.startswith("220.000 blangko tetap di kantor Disdukcapil")
    assert "100 sebagai cadangan dan 219.900 yang" in i18n.render(both, "id")


@pytest.mark.parametrize(("value", "shown"), [
    (217.8, "217.8"), (216.825, "216.8"), (1234.5, "1,234.5"), (4.331, "4.3"),
    (0.0, "0.0"), (0.04, "0.04"), (15135.47, "15,135.5")])
def test_km_has_one_decimal(value: float, shown: str) -> None:
    assert km(value) == shown
    assert not re.search(r"\.\d{3}\b", km(value))  # never three decimals
