"""An independent check of solve() against linear programs solved by scipy's HiGHS.

Nothing here uses the library's network code: each LP is written from the
instance as model.md states it, with our own haversine x road factor and our
own allowed pairs (same district, or km <= max_travel_km):

    variables  x[s] >= 0 (x[s] <= storage_cap - stock when capped),
               y[p, c] >= 0 for each allowed pair p = (a, s) and tier c
    (1)  sum_s x[s] <= blanks - reserve
    (2a) sum_{a,c} y[a, s, c] <= stock[s] + x[s]
    (2b) sum_{a,c} y[a, s, c] <= capacity[s]
    (3)  sum_s y[a, s, c] <= backlog[a, c]

The constraint matrix is a network matrix, so the tier LPs have integral optima
and the plan must match them exactly; the equity stage is judged against the LP
max-min level (within one card) and by an exchange test of the whole-card
lexicographic max-min.

Instances are drawn from seeded numpy generators, so the run is reproducible.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

from optimizer import Area, District, Instance, Policy, Shipment, Site, solve
from optimizer.engine.evaluate import evaluate
from optimizer.schema import Plan

EARTH_RADIUS_KM = 6371.0088
CENTER_LAT, CENTER_LON = -3.0, 104.75
TOL = 1e-6
# BLANKO_INDEPENDENT_SEEDS=500 (say) checks that many small instances in a deeper local run.
# Areas up to which the exchange test of S2b is run (one LP per area and tier).
LEX_AREAS = 40
N_SMALL = max(30, int(os.environ.get("BLANKO_INDEPENDENT_SEEDS", "30")))


# --------------------------------------------------------------------------- instances


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2) - math.radians(lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


@dataclass(frozen=True)
class Case:
    name: str
    instance: Instance
    shipment: Shipment
    policy: Policy

    def __repr__(self) -> str:  # what pytest shows for a failing case
        return self.name


def pair_km(instance: Instance, policy: Policy) -> dict[tuple[str, str], float]:
    """km of every (area_id, site_id): the measured distance if given, else computed."""
    table = {(d.area_id, d.site_id): d.km for d in instance.distances}
    return {(a.area_id, s.site_id): table.get(
        (a.area_id, s.site_id),
        policy.road_factor * haversine_km(a.lat, a.lon, s.lat, s.lon))
        for a in instance.areas for s in instance.sites}


def random_case(seed: int, *, n_districts: int | None = None, n_sites: int | None = None,
                n_areas: int | None = None, max_backlog: int = 60, box: float = 0.1,
                max_cards_per_day: int = 20, max_stock: int = 30, max_blanks: int = 300,
                n_tiers: int | None = None, blanks: int | None = None,
                max_travel_km: float | str | None = "random") -> Case:
    """A seeded random instance; needy areas out of reach move to their nearest site's district."""
    rng = np.random.default_rng(seed)
    n_districts = n_districts or int(rng.integers(1, 6))
    n_sites = n_sites or int(rng.integers(1, 7))
    n_areas = n_areas or int(rng.integers(1, 13))
    tiers = tuple(f"t{i}" for i in range(n_tiers or int(rng.choice([2, 2, 3]))))
    districts = [f"d{i:02d}" for i in range(n_districts)]

    def coord() -> tuple[float, float]:
        return (round(CENTER_LAT + float(rng.uniform(-box, box)), 5),
                round(CENTER_LON + float(rng.uniform(-box, box)), 5))

    sites = []
    for i in range(n_sites):
        # The first sites go one per district, so that big instances look like a city.
        district = districts[i] if i < n_districts and n_sites >= n_districts else \
            districts[int(rng.integers(n_districts))]
        lat, lon = coord()
        stock = int(rng.integers(0, max_stock + 1))
        cap = None if rng.random() < 0.6 else stock + int(rng.integers(0, 4 * max_stock + 1))
        sites.append(Site(site_id=f"s{i:02d}", district_id=district, lat=lat, lon=lon,
                          printers=int(rng.integers(0, 3)),
                          cards_per_printer_day=int(rng.integers(0, max_cards_per_day + 1)),
                          working_days=int(rng.integers(1, 6)), stock=stock, storage_cap=cap))
    areas = []
    for i in range(n_areas):
        lat, lon = coord()
        backlog = {t: int(rng.integers(0, max_backlog + 1)) if rng.random() < 0.8 else 0
                   for t in tiers}
        district = districts[int(rng.integers(n_districts))]
        areas.append(Area(area_id=f"a{i:03d}", district_id=district, lat=lat, lon=lon,
                          backlog=backlog))
    drawn_blanks = int(rng.integers(0, max_blanks + 1))
    blanks = drawn_blanks if blanks is None else blanks
    reserve = 0 if rng.random() < 0.7 else int(rng.integers(0, blanks + 1))
    drawn_limit = None if rng.random() < 0.3 else float(rng.integers(10, 301)) / 10
    max_travel_km = drawn_limit if max_travel_km == "random" else max_travel_km
    policy = Policy(max_travel_km=max_travel_km, road_factor=float(rng.choice([1.3, 1.0, 1.6])),
                    reserve=reserve, equity=True, lot_size=1)

    instance = Instance(name=f"random-{seed}", tiers=tiers,
                        districts=tuple(District(district_id=d) for d in districts),
                        sites=tuple(sites), areas=tuple(areas))
    km = pair_km(instance, policy)
    limit = max_travel_km if max_travel_km is not None else math.inf
    moved = []
    for a in areas:
        if not any(a.district_id == s.district_id or km[(a.area_id, s.site_id)] <= limit - 1e-6
                   for s in sites):
            nearest = min(sites, key=lambda s, a=a: km[(a.area_id, s.site_id)])
            a = a.model_copy(update={"district_id": nearest.district_id})
        moved.append(a)
    instance = Instance.model_validate(
        instance.model_copy(update={"areas": tuple(moved)}).model_dump())
    return Case(f"random-{seed}", instance, Shipment(blanks=blanks), policy)


# --------------------------------------------------------------------------- the LP


class StagedLP:
    """model.md's constraints (1)-(3) as a sparse LP over tiers 0..n_tiers-1."""

    def __init__(self, instance: Instance, shipment: Shipment, policy: Policy, n_tiers: int):
        self.tiers = instance.tiers[:n_tiers]
        self.sites = sorted(instance.sites, key=lambda s: s.site_id)
        self.areas = sorted(instance.areas, key=lambda a: a.area_id)
        self.districts = sorted(instance.district_ids)
        km = pair_km(instance, policy)
        limit = policy.max_travel_km
        self.pairs = [(ai, si, km[(a.area_id, s.site_id)])
                      for ai, a in enumerate(self.areas) for si, s in enumerate(self.sites)
                      if a.district_id == s.district_id or limit is None
                      or km[(a.area_id, s.site_id)] <= limit]
        n_s, n_c = len(self.sites), len(self.tiers)
        self.n_x = n_s
        self.t_col = n_s + len(self.pairs) * n_c     # the max-min level, when used
        self.n = self.t_col + 1

        self.bounds = [(0, None if s.storage_cap is None else max(0, s.storage_cap - s.stock))
                       for s in self.sites]
        self.bounds += [(0, self.areas[ai].backlog[t]) for ai, _, _ in self.pairs
                        for t in self.tiers]
        self.bounds.append((0, 1))

        rows: list[dict[int, float]] = []
        rhs: list[float] = []
        rows.append(dict.fromkeys(range(n_s), 1.0))                               # (1)
        rhs.append(shipment.blanks - policy.reserve)
        at_site: dict[int, list[int]] = defaultdict(list)
        at_area: dict[tuple[int, int], list[int]] = defaultdict(list)
        for p, (ai, si, _) in enumerate(self.pairs):
            for c in range(n_c):
                at_site[si].append(self.y(p, c))
                at_area[(ai, c)].append(self.y(p, c))
        self.stock_row, self.capacity_row = {}, {}
        for si, s in enumerate(self.sites):
            row = dict.fromkeys(at_site[si], 1.0)
            self.stock_row[si] = len(rows)
            rows.append({**row, si: -1.0})                                        # (2a)
            rhs.append(s.stock)
            self.capacity_row[si] = len(rows)
            rows.append(row)                                                      # (2b)
            rhs.append(s.capacity)
        for (ai, c), cols in sorted(at_area.items()):
            rows.append(dict.fromkeys(cols, 1.0))                                 # (3)
            rhs.append(self.areas[ai].backlog[self.tiers[c]])
        self.base_rows, self.base_rhs = rows, rhs

    def y(self, p: int, c: int) -> int:
        return self.n_x + p * len(self.tiers) + c

    def served(self, district: str, c: int) -> dict[int, float]:
        """Coefficients of the cards printed for one district's residents in tier c."""
        return {self.y(p, c): 1.0 for p, (ai, _, _) in enumerate(self.pairs)
                if self.areas[ai].district_id == district}

    def area_served(self, ai: int, c: int) -> dict[int, float]:
        """Coefficients of the cards printed for area `ai`'s residents in tier c."""
        return {self.y(p, c): 1.0 for p, (a, _, _) in enumerate(self.pairs) if a == ai}

    def tier(self, c: int) -> dict[int, float]:
        return {self.y(p, c): 1.0 for p in range(len(self.pairs))}

    def backlog(self, district: str, c: int) -> int:
        return sum(a.backlog[self.tiers[c]] for a in self.areas if a.district_id == district)

    def optimize(self, objective: dict[int, float], *, maximize: bool,
                 ub: list[tuple[dict[int, float], float]] = (),
                 eq: list[tuple[dict[int, float], float]] = ()) -> float:
        rows = self.base_rows + [r for r, _ in ub]
        rhs = self.base_rhs + [b for _, b in ub]
        cost = np.zeros(self.n)
        for j, v in objective.items():
            cost[j] = -v if maximize else v
        result = linprog(cost, A_ub=_matrix(rows, self.n), b_ub=np.array(rhs, dtype=float),
                         A_eq=_matrix([r for r, _ in eq], self.n) if eq else None,
                         b_eq=np.array([b for _, b in eq], dtype=float) if eq else None,
                         bounds=self.bounds, method="highs")
        assert result.status == 0, f"HiGHS: {result.message}"
        return -result.fun if maximize else result.fun


def _matrix(rows: list[dict[int, float]], n: int) -> sp.csr_matrix:
    data, indices, indptr = [], [], [0]
    for row in rows:
        for j, v in sorted(row.items()):
            indices.append(j)
            data.append(v)
        indptr.append(len(indices))
    return sp.csr_matrix((np.array(data, dtype=float), np.array(indices, dtype=np.int64),
                          np.array(indptr, dtype=np.int64)), shape=(len(rows), n))


Unit = tuple[dict[int, float], int]  # (coefficients of the unit's cards, its backlog)


def district_unit(lp: StagedLP, district: str, c: int) -> Unit:
    return lp.served(district, c), lp.backlog(district, c)


def area_unit(lp: StagedLP, ai: int, c: int) -> Unit:
    return lp.area_served(ai, c), lp.areas[ai].backlog[lp.tiers[c]]


def at_level_t(lp: StagedLP, unit: Unit) -> tuple[dict[int, float], float]:
    """served_u >= t * backlog_u, as the row t * b_u - served_u <= 0."""
    coeffs, backlog = unit
    row = {j: -1.0 for j in coeffs}
    row[lp.t_col] = float(backlog)
    return row, 0.0


def lp_max_min(lp: StagedLP, units: list[Unit],
               eq: list[tuple[dict[int, float], float]]) -> float:
    """t* = max t with the equalities `eq` held and served_u >= t * backlog_u for every unit."""
    ub = [at_level_t(lp, u) for u in units]
    return lp.optimize({lp.t_col: 1.0}, maximize=True, ub=ub, eq=eq)


# --------------------------------------------------------------------------- plan figures


def plan_served(instance: Instance, plan: Plan) -> dict[tuple[str, str], int]:
    district_of = {a.area_id: a.district_id for a in instance.areas}
    out: dict[tuple[str, str], int] = defaultdict(int)
    for line in plan.service:
        out[(district_of[line.area_id], line.tier)] += line.cards
    return out


def plan_area_served(plan: Plan) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = defaultdict(int)
    for line in plan.service:
        out[(line.area_id, line.tier)] += line.cards
    return out


def held_rows(lp: StagedLP, area_served: dict[tuple[str, str], int],
              upto: int) -> list[tuple[dict[int, float], float]]:
    """Every area's cards in tiers < upto fixed at the plan's values (S2b holds areas)."""
    return [(lp.area_served(ai, c), float(area_served[(a.area_id, lp.tiers[c])]))
            for c in range(upto) for ai, a in enumerate(lp.areas)]


def check_against_lp(case: Case, *, lex: bool = True) -> None:
    inst, ship, pol = case.instance, case.shipment, case.policy
    plan = solve(inst, ship, pol)
    assert plan.status == "optimal"
    check = evaluate(inst, ship, pol, plan)
    assert check.valid, check.violations
    served = plan_served(inst, plan)
    by_area = plan_area_served(plan)
    lines = {(line.area_id, line.tier): line for line in plan.areas}
    assert {k: v.served for k, v in lines.items() if v.served} == \
        {k: v for k, v in by_area.items() if v}, "area lines disagree with the service lines"

    for c, tier in enumerate(inst.tiers):
        lp = StagedLP(inst, ship, pol, c + 1)
        held = held_rows(lp, by_area, c)
        plan_total = plan.kpis.cards_by_tier[tier]

        # (a), (c): the tier's LP maximum, with the earlier tiers' area shares held at
        # the plan's values, is integral and is exactly what the plan prints.
        best = lp.optimize(lp.tier(c), maximize=True, eq=held)
        assert abs(best - round(best)) < TOL, f"tier {tier}: LP optimum {best} is not integral"
        assert plan_total == round(best), (
            f"tier {tier}: the plan prints {plan_total} cards, the LP shows {round(best)} "
            f"possible with the earlier tiers held")

        needy = [k for k in lp.districts if lp.backlog(k, c) > 0]
        if not needy:
            continue
        # (b) The LP max-min level t*: nobody beats it, and the plan's least coverage is
        # at least that of the whole cards floor(t* b_k) (a feasible state below the LP's
        # shares, so some whole-card plan covers every district that much).
        eq = [*held, (lp.tier(c), plan_total)]
        t_star = lp_max_min(lp, [district_unit(lp, k, c) for k in needy], eq)
        check_least(served, {k: lp.backlog(k, c) for k in needy}, t_star, tier, "district")
        if not lex:
            continue
        # (d) Whole-card lexicographic max-min: no single card can move from one district
        # to another (all else held) so that the pair's sorted coverage rises. The
        # feasible district vectors form an M-convex set, on which this local test is
        # global (docs/model.md, "S2"); HiGHS decides each move.
        units = {k: district_unit(lp, k, c) for k in needy}
        check_no_better_move(lp, units, {k: served[(k, tier)] for k in needy}, eq, tier)
        check_areas(lp, c, held, served, by_area)

    check_marginals(case, plan)

    # (e) Travel: with every area's share in every tier held at the plan's values, the
    # LP minimum of resident-km (km rounded to metres as the plan reports them) is the plan's.
    lp = StagedLP(inst, ship, pol, len(inst.tiers))
    held = held_rows(lp, by_area, len(inst.tiers))
    cost = {lp.y(p, c): round(km, 3) for p, (_, _, km) in enumerate(lp.pairs)
            for c in range(len(inst.tiers))}
    least = lp.optimize(cost, maximize=False, eq=held)
    cards = sum(plan.kpis.cards_by_tier.values())
    assert abs(plan.kpis.resident_km_total - least) <= 1e-3 * max(1, cards), (
        f"the plan's {plan.kpis.resident_km_total} resident-km, the LP's least {least:.3f}")


def check_areas(lp: StagedLP, c: int, held: list[tuple[dict[int, float], float]],
                served: dict[tuple[str, str], int],
                by_area: dict[tuple[str, str], int]) -> None:
    """(2b) With every district's tier-c total held at the plan's, the plan's area shares
    are within one card each of the LP's lexicographic max-min area coverage."""
    tier = lp.tiers[c]
    eq = [*held] + [(lp.served(k, c), float(served[(k, tier)])) for k in lp.districts]
    units = {a.area_id: area_unit(lp, ai, c) for ai, a in enumerate(lp.areas)
             if a.backlog[tier] > 0}
    if not units:
        return
    t_star = lp_max_min(lp, list(units.values()), eq)
    check_least(by_area, {a: b for a, (_, b) in units.items()}, t_star, tier, "area")
    if len(units) > LEX_AREAS:
        return  # one LP per area: small cases only
    check_no_better_move(lp, units, {a: by_area[(a, tier)] for a in units}, eq, tier)


def check_least(got: dict[tuple[str, str], int], backlog: dict[str, int], t_star: float,
                tier: str, what: str) -> None:
    """The least coverage is at most the LP's max-min level t*, and at least
    min_u floor(t* b_u) / b_u: those whole cards lie below the LP's shares, so they are
    feasible and some whole-card plan reaches that least coverage."""
    coverage = {u: got[(u, tier)] / b for u, b in backlog.items()}
    worst = min(coverage, key=lambda u: (coverage[u], u))
    reach = min(math.floor(t_star * b + 1e-7) / b for b in backlog.values())
    assert coverage[worst] <= t_star + 1e-9, (
        f"tier {tier}: the plan's least {what} coverage {coverage[worst]} beats the LP's "
        f"{t_star}")
    assert coverage[worst] >= reach - 1e-9, (
        f"tier {tier}: {what} {worst} covers {got[(worst, tier)]}/{backlog[worst]}, less "
        f"than {reach:.6f}, which whole cards below the LP level {t_star:.6f} reach")


def check_no_better_move(lp: StagedLP, units: dict[str, Unit], got: dict[str, int],
                         eq: list[tuple[dict[int, float], float]], tier: str) -> None:
    """No unit i can take one card from a unit j (every other unit and `eq` held) where
    that raises the sorted pair (cov_i, cov_j) lexicographically: the whole-card
    lexicographic max-min's exchange test, each move decided by HiGHS.

    For each i, one LP maximizes i's cards with each donor j that would make such a
    move allowed to give one card (served_j >= got_j - 1) and every other unit fixed;
    the constraint matrix is totally unimodular (two laminar families of rows), so a
    maximum above got_i means a whole card moves from a single donor.
    """
    cov = {u: Fraction(got[u], b) for u, (_, b) in units.items()}
    for i, (coeffs_i, b_i) in units.items():
        if got[i] >= b_i:
            continue
        up = Fraction(got[i] + 1, b_i)
        donors = [j for j, (_, b_j) in units.items() if j != i and got[j] > 0
                  and sorted((up, Fraction(got[j] - 1, b_j))) > sorted((cov[i], cov[j]))]
        if not donors:
            continue
        rows = [(coeffs, float(got[u])) for u, (coeffs, _) in units.items()
                if u != i and u not in donors]
        floors = [({j: -1.0 for j in units[d][0]}, 1.0 - got[d]) for d in donors]
        best = lp.optimize(coeffs_i, maximize=True, ub=floors, eq=[*eq, *rows])
        assert best < got[i] + 1 - 1e-6, (
            f"tier {tier}: {i} ({got[i]}/{b_i}) can take a card from one of {donors} "
            f"(HiGHS: {best:.3f} cards), which raises the sorted coverage")


def check_marginals(case: Case, plan: Plan) -> None:
    """(f) A site's marginal values are the cards (all tiers) one more printer-day, or 100
    more blanks on hand at the site, add to the LP maximum of all tiers together."""
    inst, ship, pol = case.instance, case.shipment, case.policy
    lp = StagedLP(inst, ship, pol, len(inst.tiers))
    everything = {j: 1.0 for c in range(len(inst.tiers)) for j in lp.tier(c)}
    base = lp.optimize(everything, maximize=True)
    lines = {line.site_id: line for line in plan.sites}
    for si, site in enumerate(lp.sites):
        line = lines[site.site_id]
        for row, step, got, what in (
                (lp.capacity_row[si], site.cards_per_printer_day,
                 line.marginal_cards_per_printer_day, "one more printer-day"),
                (lp.stock_row[si], 100, line.marginal_cards_per_100_blanks, "100 more blanks")):
            if what == "100 more blanks" and site.storage_cap is not None:
                continue  # whether extra blanks count against the cap is not specified
            lp.base_rhs[row] += step
            try:
                more = lp.optimize(everything, maximize=True)
            finally:
                lp.base_rhs[row] -= step
            assert got == round(more - base), (
                f"site {site.site_id}: {what} gains {round(more - base)} cards in the LP, "
                f"the plan says {got}")


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("seed", range(N_SMALL))
def test_small_random_instance_matches_the_lp(seed: int) -> None:
    check_against_lp(random_case(seed))


@pytest.mark.parametrize(("seed", "blanks", "max_travel_km"),
                         [(101, 4_000, 6.0), (202, 9_000, 8.0), (303, 20_000, None)])
def test_palembang_size_random_instance_matches_the_lp(seed: int, blanks: int,
                                                       max_travel_km: float | None) -> None:
    """18 districts, 19 sites (one per district, one more), ~100 areas over a city-wide box.

    4,000 blanks are scarce for the first-time tier (equity decides), 9,000 leave some
    for replacements, 20,000 with no travel limit leave the printers as the limit.
    """
    case = random_case(seed, n_districts=18, n_sites=19, n_areas=100 + seed % 7, box=0.15,
                       max_backlog=150, max_cards_per_day=150, max_stock=200, n_tiers=2,
                       blanks=blanks, max_travel_km=max_travel_km)
    check_against_lp(case)


def test_bundled_palembang_matches_the_lp() -> None:
    """The bundled city itself (measured distances, 8 km limit) with a scarce shipment."""
    folder = Path(__file__).resolve().parents[2] / "data" / "palembang"
    if not (folder / "areas.csv").is_file():
        pytest.skip("bundled Palembang data not found")
    from optimizer.io.files import load_instance

    instance = load_instance(folder, "palembang")
    check_against_lp(Case("palembang", instance, Shipment(blanks=40_000),
                          Policy(max_travel_km=8.0)))
