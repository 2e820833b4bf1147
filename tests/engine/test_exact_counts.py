"""Counts up to 10^12 each plan exactly (model.md "Limits"): no silent cap anywhere.

The schema's own bound on a count is another change's (issue 10); these inputs
are built with `model_construct` where a field is above today's bound, so the
engine itself is what is tested.
"""

from __future__ import annotations

import numpy as np
import pytest

from optimizer import Area, District, Instance, InvalidInput, Policy, Shipment, Site, solve
from optimizer.engine.evaluate import evaluate
from optimizer.engine.network import INT64_HEADROOM, big_enough

TERA = 10**12
# The largest capacity a site can state: 1,000 printers x 100,000 cards x 366 days.
MOST_CAPACITY = 1000 * 100_000 * 366


def _site(i: int, stock: int) -> Site:
    return Site.model_construct(
        site_id=f"s{i:04d}", name="", district_id=f"k{i % 4}", lat=0.0, lon=0.001 * (i % 50),
        printers=1000, cards_per_printer_day=100_000, working_days=366, stock=stock,
        storage_cap=None)


def _instance(n_sites: int, stock: int, backlog: int) -> Instance:
    districts = tuple(District(district_id=f"k{k}") for k in range(4))
    areas = tuple(Area.model_construct(
        area_id=f"a{k}", name="", district_id=f"k{k}", lat=0.0, lon=0.01 * k, population=0,
        backlog={"first_time": backlog, "replacement": backlog}) for k in range(4))
    return Instance.model_construct(
        name="tera", tiers=("first_time", "replacement"), districts=districts,
        sites=tuple(_site(i, stock) for i in range(n_sites)), areas=areas, distances=())


def test_forty_full_offices_print_beyond_two_to_the_forty():
    # 40 offices, each with 10^12 blanks in stock and the largest capacity,
    # 3.66e10 cards; four kecamatan with 10^12 first-time waiting each.
    # Cards: 40 x 36,600,000,000 = 1,464,000,000,000 (> 2^40 = 1,099,511,627,776),
    # all first-time (4 x 10^12 wait); equity shares them 366e9 per kecamatan
    # (every kecamatan's 10 offices print at home first, none is short).
    inst = _instance(40, TERA, TERA)
    plan = solve(inst, Shipment.model_construct(blanks=0), Policy())
    assert plan.status == "optimal"
    assert plan.kpis.cards_by_tier == {"first_time": 40 * MOST_CAPACITY, "replacement": 0}
    assert 40 * MOST_CAPACITY > 2**40
    assert {d.district_id: d.served for d in plan.districts if d.tier == "first_time"} == \
        {f"k{k}": 10 * MOST_CAPACITY for k in range(4)}
    assert sum(s.printed for s in plan.sites) == 40 * MOST_CAPACITY


def test_a_tera_shipment_is_shipped_to_the_card():
    # 10^12 blanks, no stock, 40 offices that can print 1.464e12: the shipment binds and
    # every blank is printed: 10^12 first-time cards, 2.5e11 per kecamatan (equal
    # backlogs), none kept centrally.
    inst = _instance(40, 0, TERA)
    plan = solve(inst, Shipment.model_construct(blanks=TERA), Policy())
    assert plan.kpis.cards_by_tier["first_time"] == TERA
    assert plan.kpis.blanks_shipped == TERA and plan.kpis.blanks_kept_central == 0
    assert {d.served for d in plan.districts if d.tier == "first_time"} == {TERA // 4}
    check = evaluate(inst, Shipment.model_construct(blanks=TERA), Policy(), plan)
    assert check.valid, check.violations


def test_counts_beyond_int64_headroom_are_refused_with_a_location():
    backlog = np.array([[4e18]], dtype=np.float64)
    with pytest.raises(InvalidInput) as caught:
        big_enough(backlog, np.zeros(1, dtype=np.int64), np.zeros(1), 0)
    assert caught.value.problems[0].location == "instance"
    assert big_enough(np.array([[float(TERA)]]), np.zeros(1, dtype=np.int64), np.zeros(1), 5) \
        == TERA + 5 + 1
    assert INT64_HEADROOM == 2**62
