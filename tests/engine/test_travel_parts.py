"""The travel stage part by part (decompose.travel) read off the whole network's layout.

Each part's min-cost flow must be the one `model.minimize_travel` makes on the part's
own layout (`Parts.network`), arc for arc, so the plan is the same as when every part's
network was built: checked here against that construction on random multi-part
instances, Indonesia's provinces and a city split in two; and a flow priced by the tie
stage is taken only for the very same problem.
"""

from __future__ import annotations

import numpy as np
import pytest

from optimizer import Policy, Shipment
from optimizer.engine import decompose
from optimizer.engine.model import (
    Budget,
    FlowModel,
    Holds,
    Layout,
    build_layout,
    minimize_travel,
    pair_cards,
)
from optimizer.engine.network import Network, compile_network
from optimizer.engine.solve import _run_tier_stages
from optimizer.io import datasets
from tests.engine.test_independent import random_case


def _part_by_part(parts: decompose.Parts, holds: Holds) -> np.ndarray:
    """(pairs, tiers) cards: minimize_travel on each busy part's own layout."""
    net = parts.net
    cards = np.zeros((len(net.pairs.km), net.n_tiers), dtype=np.int64)
    demand = np.bincount(parts.part, weights=holds.upper.sum(axis=1), minlength=parts.count)
    for p in np.flatnonzero(demand > 0):
        _, districts, layout = parts.network(int(p))
        areas = decompose._slice(parts.areas, int(p))
        shares = holds.upper[districts]
        flows = minimize_travel(layout, Holds(
            lower=shares, upper=shares, area_lower=holds.area_lower[areas],
            area_upper=holds.area_upper[areas], tier_total=shares.sum(axis=0)))
        cards[decompose._slice(parts.pairs, int(p))] = pair_cards(layout, flows)
    return cards


def _stages(net: Network, policy: Policy) -> tuple[decompose.Parts | None, Holds, Layout]:
    layout = build_layout(net)
    parts = decompose.Parts.of(net)
    holds, _ = _run_tier_stages(net, parts, FlowModel(layout), policy,
                                Budget.of(policy.time_limit_s))
    return parts, holds, layout


def _check(net: Network, policy: Policy) -> bool:
    """Whether travel ran part by part; asserts it matches the parts' own layouts."""
    parts, holds, layout = _stages(net, policy)
    if parts is None:
        return False
    got = decompose.travel(parts, holds, layout)
    if got is None:
        return False
    fresh = decompose.Parts.of(net)
    assert fresh is not None
    assert np.array_equal(got, _part_by_part(fresh, holds))
    return True


def test_random_parts_travel_as_their_own_layouts() -> None:
    checked = 0
    for seed in range(60):
        case = random_case(seed, n_districts=5, n_sites=6, n_areas=12, box=0.3,
                           max_travel_km=6.0, max_blanks=400)
        policy = case.policy.model_copy(update={"reserve": 0})
        net = compile_network(case.instance, case.shipment, policy)
        checked += _check(net, policy)
    assert checked >= 15  # the draws do make parts that travel on their own


@pytest.mark.parametrize("name, seed", [("indonesia", None), ("city", 1)])
def test_bundled_parts_travel_as_their_own_layouts(name: str, seed: int | None) -> None:
    ds = datasets.load(name) if seed is None else datasets.synthetic(name, seed)
    for blanks in (ds.default_blanks, ds.default_blanks // 3):
        policy = ds.policy()
        assert _check(compile_network(ds.instance, Shipment(blanks=blanks), policy), policy)


def test_a_priced_flow_is_taken_only_for_the_same_problem() -> None:
    ds = datasets.synthetic("city", 1)
    policy = ds.policy()
    net = compile_network(ds.instance, Shipment(blanks=ds.default_blanks), policy)
    parts, holds, layout = _stages(net, policy)
    assert parts is not None
    expected = decompose.travel(parts, holds, layout)
    assert expected is not None
    busy = int(np.flatnonzero(np.bincount(parts.part, weights=holds.upper.sum(axis=1)))[0])
    # The problem the tie stage would record for that part: capture it by solving.
    recorded: list[decompose.SolvedTravel] = []
    from optimizer.engine.ties import grouped_travel

    _, districts, part_layout = parts.network(busy)
    areas = decompose._slice(parts.areas, busy)
    shares = holds.upper[districts]
    grouped_travel(part_layout, Holds(lower=shares.copy(), upper=shares.copy(),
                                      area_lower=holds.area_lower[areas].copy(),
                                      area_upper=holds.area_upper[areas].copy(),
                                      tier_total=shares.sum(axis=0)), [], recorded)
    assert len(recorded) == 1
    real = recorded[0]
    # The same problem with other flows (marked): taken as they are.
    marked = real._replace(flows=real.flows + 1)
    parts.solved_travel[busy] = [marked]
    taken = decompose.travel(parts, holds, layout)
    assert taken is not None and not np.array_equal(taken, expected)
    # One supply changed: another problem, solved afresh.
    supply = real.supply.copy()
    supply[0] += 1
    parts.solved_travel[busy] = [marked._replace(supply=supply)]
    assert np.array_equal(decompose.travel(parts, holds, layout), expected)
    # The real record: the same cards.
    parts.solved_travel[busy] = [real]
    assert np.array_equal(decompose.travel(parts, holds, layout), expected)
