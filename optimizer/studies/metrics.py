r"""Equity, travel and waste figures of a plan, recomputed from its lines (no solver).

Everything here reads only the plan's `shipments` and `service` lines and the
instance, so it judges a baseline's plan, the engine's and a hand-edited one alike.

Coverage of district k in tier c
    cov[k, c] = served[k, c] / backlog[k, c], over the districts with backlog[k, c] > 0;
    `served` counts cards printed for k's residents at any site (model.md, stage 2).
Coverage of area (kelurahan) a in tier c
    the same per area (model.md, stage 2b); a tier's least area coverage, and how many of
    its areas with backlog get no card at all (left at 0 %).
Gini of a coverage vector x (n values, mean m)
    G = sum_i sum_j |x_i - x_j| / (2 n^2 m): 0 when every district has the same
    coverage, (n - 1) / n when one district has all of it.
Jain's index
    J = (sum_i x_i)^2 / (n sum_i x_i^2): 1 when all are equal, 1 / n when one has all.
    An all-zero vector is perfectly equal (G = 0, J = 1); an empty one has neither (None).
Resident-km
    each card is one resident's trip; the mean, the 95th percentile (the smallest
    km that at least 95 % of the residents served travel no farther than) and the max.
Blanks stranded
    at each site, the shipped blanks it will not print: clip(stock + x - printed, 0, x)
    (stock is used first), as in model.md's stage 4.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from optimizer.engine.evaluate import stranded_blanks
from optimizer.engine.kpis import coverage_range
from optimizer.schema import Instance, Plan


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TierFairness(_Frozen):
    """How evenly one tier's cards cover the districts that wait for them."""

    backlog: int
    cards: int
    coverage_min: float | None
    coverage_max: float | None
    gini: float | None
    jain: float | None
    coverage: dict[str, float]  # district_id -> coverage, districts with backlog only
    area_coverage_min: float | None = None  # least kelurahan coverage (areas with backlog)
    areas_without_cards: int = 0            # kelurahan with backlog and no card (0 %)


class PlanMetrics(_Frozen):
    """The figures the policy comparison reports for one plan."""

    cards_by_tier: dict[str, int]
    blanks_shipped: int
    blanks_stranded: int
    fairness: dict[str, TierFairness]  # tier -> fairness of its district coverage
    resident_km_mean: float
    resident_km_p95: float
    resident_km_max: float
    districts_without_cards: tuple[str, ...]  # backlog in some tier, no card in any


def plan_metrics(instance: Instance, plan: Plan) -> PlanMetrics:
    """Every figure of `PlanMetrics` for `plan`, recomputed from its lines."""
    area_district = {a.area_id: a.district_id for a in instance.areas}
    backlog: dict[tuple[str, str], int] = defaultdict(int)
    for area in instance.areas:
        for tier in instance.tiers:
            backlog[(area.district_id, tier)] += area.backlog[tier]
    served: dict[tuple[str, str], int] = defaultdict(int)
    area_served: dict[tuple[str, str], int] = defaultdict(int)
    printed: dict[str, int] = defaultdict(int)
    trips: list[tuple[float, int]] = []
    for line in plan.service:
        served[(area_district[line.area_id], line.tier)] += line.cards
        area_served[(line.area_id, line.tier)] += line.cards
        printed[line.site_id] += line.cards
        trips.append((line.km, line.cards))
    districts = sorted(instance.district_ids)
    fairness = {tier: _fairness([(d, backlog[(d, tier)], served[(d, tier)]) for d in districts])
                .model_copy(update=_area_floor([(a.backlog[tier], area_served[(a.area_id, tier)])
                                                for a in instance.areas]))
                for tier in instance.tiers}
    cards = sum(c for _, c in trips)
    return PlanMetrics(
        cards_by_tier={tier: fairness[tier].cards for tier in instance.tiers},
        blanks_shipped=sum(s.blanks for s in plan.shipments),
        blanks_stranded=stranded_blanks(instance, _shipped(plan), printed),
        fairness=fairness,
        resident_km_mean=round(sum(km * c for km, c in trips) / cards, 6) if cards else 0.0,
        resident_km_p95=round(weighted_percentile(trips, 0.95), 3),
        resident_km_max=round(max((km for km, c in trips if c > 0), default=0.0), 3),
        districts_without_cards=tuple(
            d for d in districts
            if any(backlog[(d, t)] for t in instance.tiers)
            and not any(served[(d, t)] for t in instance.tiers)),
    )


def gini(values: Sequence[float]) -> float | None:
    """Gini coefficient of non-negative values (module docstring); None when empty."""
    n = len(values)
    if n == 0:
        return None
    total = float(sum(values))
    if total == 0.0:
        return 0.0
    ordered = sorted(values)
    # sum_i sum_j |x_i - x_j| = 2 sum_i (2 i - n - 1) x_(i), i = 1..n over the sorted values.
    spread = sum((2 * i - n - 1) * x for i, x in enumerate(ordered, start=1))
    return spread / (n * total)


def jain(values: Sequence[float]) -> float | None:
    """Jain's fairness index (module docstring); None when empty."""
    n = len(values)
    if n == 0:
        return None
    squares = float(sum(x * x for x in values))
    if squares == 0.0:
        return 1.0
    return float(sum(values)) ** 2 / (n * squares)


def weighted_percentile(pairs: Sequence[tuple[float, int]], q: float) -> float:
    """The smallest value v with weight(values <= v) >= q * total weight; 0 when empty."""
    total = sum(w for _, w in pairs if w > 0)
    if total == 0:
        return 0.0
    seen = 0
    for value, weight in sorted(p for p in pairs if p[1] > 0):
        seen += weight
        if seen >= q * total:
            return value
    return max(v for v, w in pairs if w > 0)  # pragma: no cover - float rounding only


def _fairness(rows: list[tuple[str, int, int]]) -> TierFairness:
    coverage = {d: s / b for d, b, s in rows if b > 0}
    values = list(coverage.values())
    least, most = coverage_range((s, b) for _, b, s in rows)
    return TierFairness(
        backlog=sum(b for _, b, _ in rows), cards=sum(s for _, _, s in rows),
        coverage_min=least, coverage_max=most,
        gini=_round(gini(values)), jain=_round(jain(values)),
        coverage={d: round(c, 6) for d, c in coverage.items()},
    )


def _area_floor(rows: list[tuple[int, int]]) -> dict[str, float | int | None]:
    """TierFairness' kelurahan fields from (backlog, served) per area of one tier."""
    least, _ = coverage_range((s, b) for b, s in rows)
    return {"area_coverage_min": least,
            "areas_without_cards": sum(1 for b, s in rows if b > 0 and s == 0)}


def _shipped(plan: Plan) -> dict[str, int]:
    shipped: dict[str, int] = defaultdict(int)
    for line in plan.shipments:
        shipped[line.site_id] += line.blanks
    return shipped


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
