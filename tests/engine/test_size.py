"""allowed_pair_count: the allowed area-site pairs, or a bound on the right side of a limit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import District, Instance, Policy, Shipment, allowed_pair_count
from optimizer.engine.network import compile_network
from tests.cases import area, site


def line() -> Instance:
    """On the equator, 1 degree of longitude is 111.2 km (great circle; road factor 1):

        S1 (K1) at lon 0.0, S2 (K2) at lon 1.0
        A1 (K1) at lon 0.0, A2 (K1) at lon 0.4, A3 (K2) at lon 2.0

    Within 60 km: A1-S1 (0 km), A2-S1 (44.5 km); the same district adds A3-S2 (111.2 km):
    3 pairs of the 6. Within 70 km A2-S2 (66.7 km) too: 4. Unset: all 6.
    """
    return Instance(name="line", sites=(site("S1", "K1", 0.0), site("S2", "K2", 1.0)),
                    areas=(area("A1", "K1", 0.0, first=1), area("A2", "K1", 0.4, first=1),
                           area("A3", "K2", 2.0, first=1)))


def test_hand_counted_pairs() -> None:
    straight = Policy(road_factor=1.0)
    assert allowed_pair_count(line(), straight.model_copy(update={"max_travel_km": 60}),
                              100) == 3
    assert allowed_pair_count(line(), straight.model_copy(update={"max_travel_km": 70}),
                              100) == 4
    assert allowed_pair_count(line(), straight, 100) == 6


def test_over_the_limit_the_count_is_a_lower_bound_over_it() -> None:
    # 6 combinations > limit 2, so the bounds are used: same-district pairs S = 2 x 1 (K1)
    # + 1 x 1 (K2) = 3; within 60 km W = 2; no measured distances. low = max(3, 2) = 3 > 2.
    policy = Policy(road_factor=1.0, max_travel_km=60)
    assert allowed_pair_count(line(), policy, 2) == 3


@st.composite
def instances(draw: st.DrawFn) -> tuple[Instance, Policy]:
    n_sites = draw(st.integers(1, 12))
    n_areas = draw(st.integers(1, 30))
    lon = st.floats(0.0, 3.0, allow_nan=False)
    district = st.sampled_from(["K1", "K2", "K3"])
    sites = tuple(site(f"S{i}", draw(district), draw(lon)) for i in range(n_sites))
    areas = tuple(area(f"A{i}", draw(district), draw(lon), first=1) for i in range(n_areas))
    km = draw(st.one_of(st.none(), st.floats(1.0, 400.0)))
    factor = draw(st.floats(1.0, 2.0))
    districts = tuple(District(district_id=d) for d in ("K1", "K2", "K3"))
    return (Instance(name="random", sites=sites, areas=areas, districts=districts),
            Policy(max_travel_km=km, road_factor=factor))


@settings(max_examples=60, deadline=None)
@given(instances(), st.integers(0, 200))
def test_the_count_is_on_the_same_side_of_the_limit_as_the_pairs(
        case: tuple[Instance, Policy], limit: int) -> None:
    instance, policy = case
    exact = len(compile_network(instance, Shipment(blanks=1), policy).pairs.area)
    count = allowed_pair_count(instance, policy, limit)
    assert (count > limit) == (exact > limit), (count, exact)
    if exact > limit:
        assert count <= exact  # "at least count"
    else:
        assert count >= exact
    if policy.max_travel_km is None or len(instance.areas) * len(instance.sites) <= limit:
        assert count == exact
