"""`build_layout` against a plain per-arc construction of docs/model.md's network.

build_layout writes its blocks with array operations (it runs some 20 times per
province plan: the whole network and each part); here every arc is appended one by one
in the documented order, on random networks (1-3 tiers, areas without backlog, sites
without pairs, fixed site supplies), and every array of the layout must be the same.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.engine.geometry import Pairs
from optimizer.engine.model import Layout, build_layout
from optimizer.engine.network import Network


def _reference(net: Network, site_supply: np.ndarray | None) -> dict[str, object]:
    n_s, n_a, n_k, n_c = net.n_sites, net.n_areas, net.n_districts, net.n_tiers
    site_in = [2 + s for s in range(n_s)]
    site_out = [2 + n_s + s for s in range(n_s)]
    demand = np.full((n_a, n_c), -1, dtype=np.int64)
    node = 2 + 2 * n_s
    for a in range(n_a):
        for c in range(n_c):
            if net.backlog[a, c] > 0:
                demand[a, c] = node
                node += 1
    district = np.zeros((n_k, n_c), dtype=np.int64)
    for k in range(n_k):
        for c in range(n_c):
            district[k, c] = node
            node += 1
    tier = list(range(node, node + n_c))
    sink = node + n_c
    arcs: list[tuple[int, int, int, int]] = []   # tail, head, capacity, metres
    supply = net.supply if site_supply is None else int(site_supply.sum())
    arcs.append((0, 1, supply, 0))
    starts = {"stock": len(arcs)}
    arcs += [(0, site_in[s], int(net.stock[s]), 0) for s in range(n_s)]
    starts["ship"] = len(arcs)
    room = net.room if site_supply is None else site_supply
    arcs += [(1, site_in[s], int(room[s]), 0) for s in range(n_s)]
    starts["capacity"] = len(arcs)
    arcs += [(site_in[s], site_out[s], int(net.capacity[s]), 0) for s in range(n_s)]
    pair_arc = np.full((len(net.pairs.area), n_c), -1, dtype=np.int64)
    for i, (a, s, km) in enumerate(zip(net.pairs.area, net.pairs.site, net.pairs.km,
                                       strict=True)):
        for c in range(n_c):
            if demand[a, c] >= 0:
                pair_arc[i, c] = len(arcs)
                arcs.append((site_out[s], int(demand[a, c]), int(net.backlog[a, c]),
                             round(float(km) * 1000)))
    starts["area"] = len(arcs)
    area_arc = np.full((n_a, n_c), -1, dtype=np.int64)
    for a in range(n_a):
        for c in range(n_c):
            if demand[a, c] >= 0:
                area_arc[a, c] = len(arcs)
                arcs.append((int(demand[a, c]), int(district[net.area_district[a], c]),
                             int(net.backlog[a, c]), 0))
    starts["district"] = len(arcs)
    arcs += [(int(district[k, c]), tier[c], 0, 0) for k in range(n_k) for c in range(n_c)]
    starts["tier"] = len(arcs)
    arcs += [(tier[c], sink, 0, 0) for c in range(n_c)]
    floor_arc = np.full((n_a, n_c), -1, dtype=np.int64)
    for a in range(n_a):
        for c in range(n_c):
            if demand[a, c] >= 0:
                floor_arc[a, c] = len(arcs)
                arcs.append((int(demand[a, c]), tier[c], 0, 0))
    cols = np.array(arcs, dtype=np.int64).reshape(-1, 4)
    return {"n_nodes": sink + 1, "tails": cols[:, 0], "heads": cols[:, 1], "caps": cols[:, 2],
            "costs": cols[:, 3], "site_in": np.array(site_in, dtype=np.int64),
            "district_node": district, "tier_node": np.array(tier, dtype=np.int64),
            "pair_arc_index": pair_arc, "demand_node": demand, "area_arc_index": area_arc,
            "floor_arc_index": floor_arc, "area_district": net.area_district,
            "unlimited": net.unlimited, "central_arc": 0, "stock_arc0": starts["stock"],
            "ship_arc0": starts["ship"], "capacity_arc0": starts["capacity"],
            "area_arc0": starts["area"], "district_arc0": starts["district"],
            "tier_arc0": starts["tier"]}


@st.composite
def networks(draw: st.DrawFn) -> tuple[Network, np.ndarray | None]:
    n_c = draw(st.integers(1, 3))
    n_k = draw(st.integers(1, 4))
    n_s = draw(st.integers(0, 5))
    n_a = draw(st.integers(0, 7))
    ints = st.integers(0, 9)
    backlog = np.array(draw(st.lists(st.lists(ints, min_size=n_c, max_size=n_c),
                                     min_size=n_a, max_size=n_a)), dtype=np.int64)
    backlog = backlog.reshape(n_a, n_c)
    cells = sorted(draw(st.sets(st.tuples(st.integers(0, max(n_a - 1, 0)),
                                          st.integers(0, max(n_s - 1, 0))),
                                max_size=n_a * n_s)) if n_a and n_s else [])
    km = draw(st.lists(st.floats(0, 80, allow_nan=False), min_size=len(cells),
                       max_size=len(cells)))
    site_values = st.lists(ints, min_size=n_s, max_size=n_s)
    room = np.array(draw(site_values), dtype=np.int64)
    net = Network(
        site_ids=tuple(f"s{i}" for i in range(n_s)), area_ids=tuple(f"a{i}" for i in range(n_a)),
        district_ids=tuple(f"k{i}" for i in range(n_k)), tiers=tuple(f"t{i}" for i in range(n_c)),
        site_district=np.array(draw(st.lists(st.integers(0, n_k - 1), min_size=n_s,
                                             max_size=n_s)), dtype=np.int64),
        area_district=np.array(draw(st.lists(st.integers(0, n_k - 1), min_size=n_a,
                                             max_size=n_a)), dtype=np.int64),
        capacity=np.array(draw(site_values), dtype=np.int64),
        cards_per_printer_day=np.ones(n_s, dtype=np.int64),
        stock=np.array(draw(site_values), dtype=np.int64), room=room,
        storage_capped=np.ones(n_s, dtype=bool), backlog=backlog,
        pairs=Pairs(area=np.array([a for a, _ in cells], dtype=np.int64),
                    site=np.array([s for _, s in cells], dtype=np.int64),
                    km=np.array(km, dtype=np.float64), measured=0),
        supply=draw(st.integers(0, 50)), unlimited=10**6)
    fixed = draw(st.booleans())
    return net, (np.array(draw(site_values), dtype=np.int64) if fixed else None)


@settings(max_examples=300, deadline=None)
@given(networks())
def test_layout_is_the_documented_network(case: tuple[Network, np.ndarray | None]) -> None:
    net, site_supply = case
    layout = build_layout(net, site_supply)
    want = _reference(net, site_supply)
    for field in dataclasses.fields(Layout):
        got = getattr(layout, field.name)
        if isinstance(got, np.ndarray):
            assert got.dtype == np.int64, field.name
            assert got.shape == np.shape(want[field.name]), field.name
            assert np.array_equal(got, want[field.name]), field.name
        else:
            assert got == want[field.name], field.name


@settings(max_examples=200, deadline=None)
@given(networks(), st.booleans())
def test_parts_from_links_once(case: tuple[Network, np.ndarray | None], by_sort: bool) -> None:
    """decompose._components passes each district link once (by a table, or by a sort
    for many districts): the parts are those of every pair's link as given."""
    import optimizer.engine.decompose as decompose

    net, _ = case
    tails = net.area_district[net.pairs.area]
    heads = net.site_district[net.pairs.site]
    want = decompose.connected_parts(net.n_districts, tails, heads)
    kept = decompose._LINK_TABLE_CELLS
    try:
        if by_sort:
            decompose._LINK_TABLE_CELLS = 0
        got = decompose._components(net)
    finally:
        decompose._LINK_TABLE_CELLS = kept
    assert got[0] == want[0]
    assert np.array_equal(got[1], want[1])
