"""`FlowModel` of the earlier tiers only (`tiers`): the stages of tier c solve their max
flows without the later tiers' arcs, and must learn what the whole network tells them.

What a stage reads of a max flow: its value, the nodes SRC reaches and the nodes that
reach SINK in the residual network, and flows on the arcs of tiers 0..c. With the
later tiers' area, floor, district and tier arcs shut (`tier_caps`), their DEMAND nodes
are dead ends: no flow enters them and no residual arc leaves them, so none of those
answers changes when they and their pair arcs are left out.
"""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import Instance, Policy, Shipment
from optimizer.engine.model import (
    FlowModel,
    Holds,
    SolverFailure,
    StageCaps,
    build_layout,
    open_caps,
    tier_caps,
)
from optimizer.engine.network import compile_network
from tests.cases import area, site
from tests.engine.test_area_equity import _text
from tests.engine.test_properties import COMMON, SOME, Case, cases
from tests.engine.test_properties import solve as solve_case


def _two_tiers() -> Instance:
    """K1: office S1 prints 100; A waits 60 first-time and 80 replacement, B (0.05 degree
    east, 7.2 km) 30 and 10. K2: office S2 prints 20; C waits 50 first-time."""
    return Instance(name="two_tiers",
                    sites=(site("S1", "K1", cap=100), site("S2", "K2", 1.0, cap=20)),
                    areas=(area("A", "K1", first=60, repl=80), area("B", "K1", 0.05, first=30,
                                                                   repl=10),
                           area("C", "K2", 1.0, first=50)))


def test_earlier_tiers_by_hand() -> None:
    """Tier 0 with 200 blanks: S1 prints A's 60 and B's 30 (90 of its 100), S2 prints 20
    of C's 50: 110. The model of tier 0 alone leaves out the replacement tier's arcs
    (A's and B's pair arcs, area, floor, district and tier arcs: C has no replacement
    backlog) and finds the same 110, the same nodes on SRC's side and on SINK's, and
    the same flows on the arcs it keeps (here the max flow is unique)."""
    net = compile_network(_two_tiers(), Shipment(blanks=200), Policy(max_travel_km=20))
    layout = build_layout(net)
    holds = Holds.open(net.backlog, net.district_backlog())
    whole, first = FlowModel(layout), FlowModel(layout, tiers=1)
    caps = tier_caps(holds, 0, layout.unlimited)
    assert whole.max_flow(caps) == first.max_flow(caps) == 110
    # Left out: 2 pair arcs (A, B to S1 in tier 1), 2 area arcs, 2 floor arcs, 2
    # district arcs (K1, K2 in tier 1) and tier 1's arc to SINK.
    assert first._solved().num_arcs() == whole._solved().num_arcs() - 9
    live = np.ones(layout.n_nodes, dtype=bool)
    live[layout.demand_node[:, 1][layout.demand_node[:, 1] >= 0]] = False
    assert np.array_equal(whole.source_side()[live], first.source_side()[live])
    assert np.array_equal(whole.sink_side()[live], first.sink_side()[live])
    assert np.array_equal(whole.flows(), first.flows())
    # The whole model itself when every tier is asked for.
    assert whole.for_tiers(2) is whole and first.for_tiers(1) is first


def test_a_later_tier_opened_is_refused() -> None:
    """A model of tier 0 cannot answer for the replacement tier: a max flow with its
    arcs open (every tier at once, as the marginal values ask) is refused, not solved
    without them."""
    net = compile_network(_two_tiers(), Shipment(blanks=200), Policy(max_travel_km=20))
    layout = build_layout(net)
    first = FlowModel(layout, tiers=1)
    with pytest.raises(SolverFailure, match="later tier"):
        first.max_flow(open_caps(layout, net.backlog, net.district_backlog()))


def test_flows_before_any_solve_are_refused() -> None:
    """The solver is built on the first max flow: a flow read before one is an error."""
    net = compile_network(_two_tiers(), Shipment(blanks=200), Policy(max_travel_km=20))
    model = FlowModel(build_layout(net))
    with pytest.raises(SolverFailure, match="before any max flow"):
        model.flows()


@settings(max_examples=SOME, **COMMON)
@given(cases(lots=False, min_tiers=2), st.data())
def test_earlier_tiers_answer_as_the_whole(case: Case, data: st.DataObject) -> None:
    """On random instances, for each tier c and random floors (S2b's arcs) and district
    caps of tier c: the model of tiers 0..c finds the whole model's value, the same
    nodes reached from SRC and reaching SINK (but the later tiers' DEMAND nodes), and
    flows that carry the same cards into each of tier c's units' arcs' ends."""
    net = compile_network(case.instance, case.shipment, case.policy)
    layout = build_layout(net)
    holds = Holds.open(net.backlog, net.district_backlog())
    whole = FlowModel(layout)
    for c in range(net.n_tiers):
        part = FlowModel(layout, tiers=c + 1)
        caps = tier_caps(holds, c, layout.unlimited)
        floor = np.zeros_like(net.backlog)
        waiting = np.flatnonzero(net.backlog[:, c] > 0)
        floor[waiting, c] = data.draw(st.lists(st.integers(0, 5), min_size=len(waiting),
                                               max_size=len(waiting)))
        for stage in (caps, StageCaps(area=caps.area, district=caps.district, tier=caps.tier,
                                      floor=floor)):
            value = whole.max_flow(stage)
            assert part.max_flow(stage) == value
            live = np.ones(layout.n_nodes, dtype=bool)
            later = layout.demand_node[:, c + 1:]
            live[later[later >= 0]] = False
            assert np.array_equal(whole.source_side()[live], part.source_side()[live])
            assert np.array_equal(whole.sink_side()[live], part.sink_side()[live])
            # Flows may differ between two max flows; their value into SINK may not.
            into_sink = np.flatnonzero(layout.heads == layout.sink)
            assert int(part.flows(into_sink).sum()) == value
            later_pairs = layout.pair_arc_index[:, c + 1:]
            assert not part.flows(later_pairs[later_pairs >= 0]).any()
        holds.tier_total[c] = whole.max_flow(caps) - int(holds.tier_total[:c].sum())


@settings(max_examples=SOME, **COMMON)
@given(cases(lots=False, equity=True, min_tiers=2))
def test_plans_of_earlier_tier_models_are_the_whole_models(case: Case) -> None:
    """Every plan is byte for byte the one made with every stage's max flows on the whole
    network (models of earlier tiers disabled), solver seconds aside."""
    real_init = FlowModel.__init__

    def whole(self: FlowModel, layout: object, tiers: int | None = None) -> None:
        real_init(self, layout)  # type: ignore[arg-type]

    earlier = _text(solve_case(case))
    with mock.patch.object(FlowModel, "__init__", whole):
        assert _text(solve_case(case)) == earlier
