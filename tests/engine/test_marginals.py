"""Marginal values: card marginals from one residual network, travel shadow prices.

Hand-solved cases carry their computation; properties compare the residual-network
card marginals with a full re-solve per site, and the shadow prices with the
public API re-solved with one more card of capacity or one more blank.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from optimizer import Policy, Shipment, Site, solve
from optimizer.engine.marginals import marginals, resolved
from optimizer.engine.model import FlowModel, build_layout
from optimizer.engine.network import compile_network
from tests import cases
from tests.engine.test_properties import COMMON, FEW, SOME, Case
from tests.engine.test_properties import cases as drawn
from tests.engine.test_properties import solve as solve_case

# cases.py: 0.1 degree of longitude at the equator x road factor 1.3 = 14.455 km.
KM = 14.455


def site_lines(plan):
    return {s.site_id: s for s in plan.sites}


def test_capacity_bound_office_saves_its_residents_the_trip_to_the_neighbour():
    # cases.travel(): A (50 waiting, K1) sits at S1 (capacity 30); S2 (K2) is 14.455 km
    # away. With 100 blanks 30 of A print at S1 and 20 travel to S2. One more card of
    # capacity at S1 lets one of those 20 print at home: 14.455 resident-km saved.
    # One more blank at S1 saves nothing (S1 cannot print it); S2 has spare capacity
    # (printed 30 of 100), so its capacity is worth nothing, nor are its blanks.
    plan = solve(cases.travel(), Shipment(blanks=100), Policy())
    lines = site_lines(plan)
    assert lines["S1"].binding == "capacity"
    assert lines["S1"].km_saved_per_card_capacity == pytest.approx(KM, abs=1e-9)
    assert lines["S1"].km_saved_per_blank == 0.0
    assert lines["S2"].km_saved_per_card_capacity == 0.0
    assert lines["S2"].km_saved_per_blank == 0.0
    # Supply does not bind and no district is short: no card is gained anywhere.
    assert lines["S1"].marginal_cards_per_printer_day == 0
    printer = next(m for m in plan.messages if m.code == "MARGINAL_PRINTER")
    assert printer.params == {"site_id": "S1", "cards_per_printer_day": 0,
                              "km_saved_per_card_capacity": KM}


def test_one_more_blank_in_stock_saves_the_trip_that_stock_elsewhere_forced():
    # No shipment. S1 (capacity 100) holds 30 blanks, S2 (14.455 km away) holds 20; only
    # A (50 waiting, beside S1) needs cards. All 50 print: 30 at S1 and 20 at S2, where
    # the blanks are (289.1 resident-km). One more blank on hand at S1 is printed there
    # for one of those 20: 14.455 km saved. A blank more at S2 saves nothing, and
    # neither office is short of capacity (0 km per card of capacity).
    inst = cases.travel()
    s1 = inst.sites[0].model_copy(update={"cards_per_printer_day": 100, "stock": 30})
    s2 = inst.sites[1].model_copy(update={"stock": 20})
    b = inst.areas[1].model_copy(update={"backlog": {"first_time": 0, "replacement": 0}})
    inst = type(inst).model_validate({**inst.model_dump(), "sites": [s1.model_dump(),
                                                                     s2.model_dump()],
                                      "areas": [inst.areas[0].model_dump(), b.model_dump()]})
    plan = solve(inst, Shipment(blanks=0), Policy())
    lines = site_lines(plan)
    assert plan.kpis.resident_km_total == pytest.approx(20 * KM, abs=1e-9)
    assert lines["S1"].km_saved_per_blank == pytest.approx(KM, abs=1e-9)
    assert lines["S2"].km_saved_per_blank == 0.0
    assert lines["S1"].km_saved_per_card_capacity == lines["S2"].km_saved_per_card_capacity == 0
    blank = next(m for m in plan.messages if m.code == "MARGINAL_BLANK")
    assert blank.params == {"site_id": "S1", "km_saved_per_blank": KM}


def test_a_blank_within_a_binding_storage_cap_only_replaces_a_shipped_one():
    # S1 may hold 30 blanks (storage cap, no stock) and could print 100: 30 of A print at
    # S1, 20 travel to S2. A blank more on hand at S1 means one blank less may be
    # shipped there (stock + shipment <= 30): S1 still prints 30, and the blank left at
    # the central office has nowhere better to go: 0 km saved.
    inst = cases.travel()
    s1 = inst.sites[0].model_copy(update={"storage_cap": 30, "cards_per_printer_day": 100})
    inst = inst.model_copy(update={"sites": (Site.model_validate(s1.model_dump()),
                                             inst.sites[1])})
    plan = solve(inst, Shipment(blanks=100), Policy())
    lines = site_lines(plan)
    assert (lines["S1"].blanks, lines["S1"].printed) == (30, 30)
    assert lines["S1"].km_saved_per_blank == 0.0


def test_marginals_off_gives_none():
    plan = solve(cases.travel(), Shipment(blanks=100), Policy(marginals=False))
    assert {(s.km_saved_per_card_capacity, s.km_saved_per_blank,
             s.marginal_cards_per_printer_day) for s in plan.sites} == {(None, None, None)}


@settings(max_examples=SOME, **COMMON)
@given(drawn(lots=False))
def test_residual_card_marginals_equal_a_resolve_per_site(case: Case) -> None:
    net = compile_network(case.instance, case.shipment, case.policy)
    fast = marginals(net, FlowModel(build_layout(net)), True)
    slow = resolved(net, FlowModel(build_layout(net)))
    assert fast == slow


def _with_site(case: Case, index: int, **changes: int) -> Case:
    sites = list(case.instance.sites)
    sites[index] = Site.model_validate({**sites[index].model_dump(), **changes})
    return Case(case.instance.model_copy(update={"sites": tuple(sites)}), case.shipment,
                case.policy)


def _shares(plan) -> dict[tuple[str, str], int]:
    return {(a.area_id, a.tier): a.served for a in plan.areas}


@settings(max_examples=FEW, **COMMON)
@given(drawn(lots=False))
def test_shadow_prices_are_what_one_more_unit_saves(case: Case) -> None:
    """For a site with one printer printing one card a day, one more working day is one
    more card of capacity; one more blank in stock is one more blank. Re-solved through
    the public API, the plan's resident-km drop by exactly the shadow price whenever
    every area's share (hence every tier total) comes out the same, which is the case
    the shadow price speaks of (earlier stages held)."""
    plan = solve_case(case)
    for i, site in enumerate(case.instance.sites):
        line = site_lines(plan)[site.site_id]
        checks = []
        if site.printers == 1 and site.cards_per_printer_day == 1 and site.working_days < 366:
            checks.append(({"working_days": site.working_days + 1},
                           line.km_saved_per_card_capacity))
        if site.storage_cap is None or site.stock < site.storage_cap:
            checks.append(({"stock": site.stock + 1}, line.km_saved_per_blank))
        for change, saved in checks:
            again = solve_case(_with_site(case, i, **change))
            if _shares(again) != _shares(plan):
                continue
            assert saved is not None
            drop = plan.kpis.resident_km_total - again.kpis.resident_km_total
            assert drop == pytest.approx(saved, abs=2e-3), (site.site_id, change)


@settings(max_examples=FEW, **COMMON)
@given(drawn(lots=False).map(lambda c: Case(
    c.instance.model_copy(update={"sites": tuple(
        Site.model_validate({**s.model_dump(), "printers": 1, "cards_per_printer_day": 1,
                             "working_days": max(1, s.working_days)})
        for s in c.instance.sites)}), c.shipment, c.policy)))
def test_shadow_price_of_capacity_on_one_card_a_day_sites(case: Case) -> None:
    """The same check where every site prints one card a day, so that every site's
    capacity price is exercised (the drawn instances rarely have such sites)."""
    test_shadow_prices_are_what_one_more_unit_saves.hypothesis.inner_test(case)


@settings(max_examples=SOME, **COMMON)
@given(drawn(lots=True))
def test_card_marginals_read_off_the_plan_equal_a_resolve_per_site(case: Case) -> None:
    """The plan's card marginals come from its own flow when that is a max flow with
    every tier open (Residual.of_plan), else from a max flow of their own: either way
    they are what a re-solve per site gives, with lots too (their sites' supplies)."""
    from unittest import mock

    from optimizer.engine import marginals as module

    seen: list[object] = []
    real = module.marginals

    def watched(net, model, enabled, cards=None, flows=None,  # type: ignore[no-untyped-def]
                time_limit_s=None):
        seen.append((net, model, cards, flows))
        return real(net, model, enabled, cards, flows, time_limit_s)

    with mock.patch("optimizer.engine.solve.marginal_values", watched):
        plan = solve(case.instance, case.shipment, case.policy)
    if plan.status == "infeasible" or not case.policy.marginals:
        return
    net, model, cards, flows = seen[-1]
    assert cards is not None
    from_plan = real(net, model, True, cards)  # type: ignore[arg-type]
    # The arc flows solve() shares with the shadow prices are the plan's own.
    assert real(net, model, True, cards, flows) == from_plan  # type: ignore[arg-type]
    assert from_plan == resolved(net, model)  # type: ignore[arg-type]
    assert [s.marginal_cards_per_printer_day for s in plan.sites] == \
        from_plan.per_printer_day


def test_the_plans_flow_serves_as_the_max_flow_on_palembang() -> None:
    """Palembang's plan is a max flow with every tier open: no max flow of its own."""
    from unittest import mock

    from optimizer import datasets

    ds = datasets.load("palembang")
    with mock.patch("optimizer.engine.marginals.total_max_flow",
                    side_effect=AssertionError("a max flow of its own")):
        plan = solve(ds.instance, Shipment(blanks=40_000), ds.policy())
    assert plan.status == "optimal"


@pytest.mark.parametrize(("name", "site_id"), [
    ("60-km-saved-per-blank-at-zero-capacity-site", "S1_0"),
    ("64-km-saved-per-blank-stock-beyond-capacity", "S10_0"),
    ("65-km-saved-per-blank-zero-capacity-b", "S11_0")])
def test_a_blank_more_where_storage_is_full_and_nothing_is_shipped_saves_nothing(
        name: str, site_id: str) -> None:
    """A tester's instances (tests/data/shadow): the office's storage is full, it is sent
    nothing and cannot print more (no printer, or stock beyond its capacity). A blank more
    on hand replaces no shipped one, so it saves nothing: an LP re-solve of the travel
    stage with every share held and that blank added says 0 resident-km. The plan said
    what a blank at the central office is worth (0.712, 0.91, 2.927) and named the office
    in MARGINAL_BLANK."""
    import json
    from pathlib import Path

    from optimizer import Area, Distance, Instance

    d = json.loads((Path(__file__).parents[1] / "data" / "shadow" / f"{name}.json").read_text())
    instance = Instance(tiers=tuple(d["tiers"]), sites=tuple(Site(**s) for s in d["sites"]),
                        areas=tuple(Area(**a) for a in d["areas"]),
                        distances=tuple(Distance(**x) for x in d["distances"]))
    plan = solve(instance, Shipment(blanks=d["blanks"]),
                 Policy(max_travel_km=d["max_travel_km"], reserve=d["reserve"],
                        pinned_shipments=d["pins"]))
    line = next(s for s in plan.sites if s.site_id == site_id)
    assert line.km_saved_per_blank == 0.0
    assert not any(m.code == "MARGINAL_BLANK" and m.params.get("site_id") == site_id
                   for m in plan.messages)


def _flows_by_index(net, layout, cards):  # type: ignore[no-untyped-def]
    """The plan's arc flows written through the layout's index arrays, arc by arc kind
    (what shadow.plan_flows writes by slices)."""
    import numpy as np

    from optimizer.engine.network import row_sums

    n_s = net.n_sites
    flow = np.zeros(len(layout.tails), dtype=np.int64)
    has_pair = layout.pair_arc_index >= 0
    flow[layout.pair_arc_index[has_pair]] = cards[has_pair]
    printed = np.zeros(n_s, dtype=np.int64)
    np.add.at(printed, net.pairs.site, cards.sum(axis=1))
    from_stock = np.minimum(printed, layout.caps[layout.stock_arc0 + np.arange(n_s)])
    flow[layout.capacity_arc0 + np.arange(n_s)] = printed
    flow[layout.stock_arc0 + np.arange(n_s)] = from_stock
    flow[layout.ship_arc0 + np.arange(n_s)] = printed - from_stock
    flow[layout.central_arc] = int((printed - from_stock).sum())
    served = row_sums(net.pairs.area, cards, net.n_areas)
    has_area = layout.area_arc_index >= 0
    flow[layout.area_arc_index[has_area]] = served[has_area]
    n_k, n_c = layout.district_node.shape
    district_served = row_sums(net.area_district, served, n_k)
    flow[layout.district_arc0 + np.arange(n_k * n_c)] = district_served.ravel()
    flow[layout.tier_arc0 + np.arange(n_c)] = district_served.sum(axis=0)
    return flow


@settings(max_examples=SOME, **COMMON)
@given(drawn(lots=True))
def test_plan_flows_from_the_plans_printing_and_shares_are_its_arc_flows(case: Case) -> None:
    """solve() hands plan_flows the cards printed per site and served per area it
    reports: the arc flows are those of the plan's cards, arc by arc."""
    from unittest import mock

    import numpy as np

    from optimizer.engine import shadow

    seen: list[object] = []
    real = shadow.plan_flows

    def watched(net, layout, cards, printed=None, served=None):  # type: ignore[no-untyped-def]
        seen.append((net, layout, cards, printed, served))
        return real(net, layout, cards, printed, served)

    with mock.patch("optimizer.engine.solve.plan_flows", watched):
        solve(case.instance, case.shipment, case.policy)
    if not seen:
        return
    net, layout, cards, printed, served = seen[-1]
    assert printed is not None and served is not None
    expected = _flows_by_index(net, layout, cards)
    assert np.array_equal(real(net, layout, cards, printed, served), expected)  # type: ignore[arg-type]
    assert np.array_equal(real(net, layout, cards), expected)  # type: ignore[arg-type]


@settings(max_examples=SOME, **COMMON)
@given(drawn(lots=True))
def test_card_marginals_by_grouped_and_scanned_searches_equal_a_resolve_per_site(
        case: Case) -> None:
    """Where scipy's search serves (csr.compiled), the residual network's searches share
    one grouping of each half's arcs, and each wider search keeps its arcs in place;
    elsewhere each scans its own arcs. Both give what a re-solve per site gives."""
    from unittest import mock

    from optimizer.engine import csr
    from optimizer.engine import marginals as module

    seen: list[object] = []
    real = module.marginals

    def watched(net, model, enabled, cards=None, flows=None,  # type: ignore[no-untyped-def]
                time_limit_s=None):
        seen.append((net, model, cards))
        return real(net, model, enabled, cards, flows, time_limit_s)

    with mock.patch("optimizer.engine.solve.marginal_values", watched):
        plan = solve(case.instance, case.shipment, case.policy)
    if plan.status == "infeasible" or not case.policy.marginals:
        return
    net, model, cards = seen[-1]
    expected = resolved(net, model)  # type: ignore[arg-type]
    for compiled in (True, False):
        with mock.patch.object(csr, "compiled", lambda arcs, on=compiled: on):
            assert real(net, model, True, cards) == expected  # type: ignore[arg-type]
    # Grouped room is clipped (int32, ROOM_CLIP): searches wider than the clip scan.
    with mock.patch.object(csr, "compiled", lambda arcs: True), \
            mock.patch.object(module, "ROOM_CLIP", 7):
        assert real(net, model, True, cards) == expected  # type: ignore[arg-type]


def test_the_searches_of_one_half_share_one_grouping_of_its_arcs() -> None:
    """Palembang at 40,000 blanks: every blank printed, so R is SRC alone and the card
    marginals search the sink side (arcs of 100, and of 1 where needed): where scipy's search
    serves, its arcs are grouped by tail once for both (csr.group), and the values
    are those of the numpy searches."""
    from unittest import mock

    from optimizer.engine import csr
    from optimizer.engine import marginals as module

    real = module.marginals
    net, model, cards = _palembang_marginals_inputs()
    grouped: list[int] = []
    group = csr.group

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        grouped.append(1)
        return group(*args, **kwargs)

    with mock.patch.object(csr, "compiled", lambda arcs: True), \
            mock.patch.object(csr, "group", counted):
        fast = real(net, model, True, cards)  # type: ignore[arg-type]
    assert len(grouped) == 1
    with mock.patch.object(csr, "compiled", lambda arcs: False):
        assert real(net, model, True, cards) == fast  # type: ignore[arg-type]


def test_one_search_serves_where_every_blank_candidate_is_linked_by_arcs_of_100() -> None:
    """Palembang at 40,000 blanks: every blank printed (R is SRC alone, no day
    candidate) and every site linked to SINK by residual arcs of 100 or more, so the
    search by arcs of 1 is skipped: one search of the sink side, and the values are
    those of a re-solve per site."""
    from unittest import mock

    from optimizer.engine import marginals as module

    real = module.marginals
    net, model, cards = _palembang_marginals_inputs()
    widths: list[int] = []
    reach = module.Residual.reach

    def counted(self, delta, **kwargs):  # type: ignore[no-untyped-def]
        widths.append(delta)
        return reach(self, delta, **kwargs)

    with mock.patch.object(module.Residual, "reach", counted):
        fast = real(net, model, True, cards)  # type: ignore[arg-type]
    assert widths == [module.BLANKS_STEP]
    assert all(gain == module.BLANKS_STEP for gain in fast.per_100_blanks)
    assert fast == resolved(net, model)  # type: ignore[arg-type]


def _palembang_marginals_inputs() -> tuple:  # type: ignore[type-arg]
    """(net, model, cards) the engine hands to the marginals in Palembang's plan at 40,000
    blanks (caught as the plan calls them)."""
    from unittest import mock

    from optimizer import datasets
    from optimizer.engine import marginals as module

    ds = datasets.load("palembang")
    seen: list[tuple] = []  # type: ignore[type-arg]
    real = module.marginals

    def watched(net, model, enabled, cards=None, flows=None,  # type: ignore[no-untyped-def]
                time_limit_s=None):
        seen.append((net, model, cards))
        return real(net, model, enabled, cards, flows, time_limit_s)

    with mock.patch("optimizer.engine.solve.marginal_values", watched):
        solve(ds.instance, Shipment(blanks=40_000), ds.policy())
    return seen[-1]
