r"""(S2) over the lots: equity chosen together with the whole-lot shipments.

Setting. `lots.choose_lots` fixes what the tiers reach with whole lots (S1). A lot
vector n (n[s] lots of L blanks at site s; L * sum n <= B, L * n[s] <= room[s]) makes
the site supplies L * n fixed; on them the engine's own stages (solve._run_tier_stages:
S1, then S2a and S2b in whole cards, tier after tier) give each tier's total T_n[c],
district shares D_n[k, c] and area shares A_n[a, c]. Equity over the lots is the n
whose sequence

    key(n) = (T_n[0], sort(D_n[., 0] / backlog), sort(A_n[., 0] / backlog),
              T_n[1], sort(D_n[., 1] / backlog), sort(A_n[., 1] / backlog), ...)

is lexicographically largest: tier totals first (never lower than the tier stage's
lots), then the contract's lexicographic max-min (each sorted vector of coverage
ratios compared element by element from the least covered up, exactly, in
fractions), stage after stage.

Upper bound: the same stages without lots. R is the network in which site s may
receive any whole number of blanks up to L * floor(min(room[s], B) / L) and the
central office ships at most L * floor(B / L), with each tier's total held at the
lots' T[c] (S2a filled on the truncation min(f(S), T[c]) of the tier's polymatroid,
still a polymatroid, so the greedy stays exact: `_TierTotalHeld`). Every lot
vector's printing is a printing of R, so at the first stage R's optimum is at
least key(n)'s; if the lot plan's shares equal R's unit by unit at that stage, the
next stage of R optimizes over a superset of the lot plan's next stage again, and
so on. Hence: a lot plan whose tier totals, district shares and area shares equal
R's, unit by unit, is optimal over every choice of lots (`proven`). Equal sorted
vectors with other units tied is not enough (R's next stage holds R's units), and
a lot plan below R at a stage may still be optimal (R is a relaxation): the plan
then says which stage is not proven and R's value there (LOT_EQUITY_UNPROVEN).
The tiers too: R's most cards for tier c, with the earlier stages held as R holds
them, bounds every lot plan whose earlier shares are R's, so a lot plan equal to R
unit by unit that also prints R's most in every tier has its tier totals proven,
even where CP-SAT's budget stopped short of proving them (`tiers_proven`).
With 2b, "optimal" is in the engine's own sense (areas.py: the greedy's exactness
at 2b is checked by the tests, not proven). And the proof has a tie gap
(docs/model.md "Ties": engine/ties.py is not run with lots): a lot plan whose
kecamatan coverage sorts the same as R's but falls on other tied kecamatan is not
bounded at the later stages by R, and the lot stages keep the greedy's ties.

Search. An exact program over lots is a mixed-integer lexicographic one (Ogryczak's
cumulative ordered sums: one MIP per district and per area and tier, some 250 for
Palembang's two tiers), out of reach of a 10 s plan. Instead a deterministic
improvement search starts from the tier stage's lots and evaluates every candidate
EXACTLY with the engine's stages on fixed supplies; a candidate replaces the
incumbent only when its key is lexicographically larger, so the result is never
worse than the tier stage's lots, and never below the floor (the tier totals come
first in the key). Candidates, in this order:

  1. R's own shipments u (a min resident-km printing of R's shares) in whole lots:
     floor(u / L) lots, then the lots left in the shipment one each to the sites of
     largest remainder. When every site's u rounded up fits, this vector contains
     R's printing and meets the bound at once.
  2. Every lot still at the central office added at once (one a site, receivers'
     order, round after round), then one more lot at a single site (more supply only
     enlarges the feasible set: a tier stage's lots cut short by CP-SAT's budget may
     leave lots central that print more cards).
  3. One lot moved from site i to site j.
  Removing a lot is never tried: it only shrinks the feasible set, so no key rises.
  Sites short of u come first as receivers (u[j] - L n[j] descending) and sites
  beyond u first as donors (L n[i] - u[i] descending), then by index.

After an improvement the candidates start again from the new incumbent. The search
stops when the bound is met (proven), when no candidate improves (a local optimum),
or when its work budget is spent. Exhaustion: when there are at most EXHAUST_LIMIT
lot vectors in all (sum n <= floor(B / L), n[s] <= its most lots), the ones not yet
seen are evaluated too, and if every one is evaluated in full the best of them is
optimal over the lots by definition (proven, even where R is out of reach: e.g. one
district per office, where R splits a lot that no lot plan can split). Otherwise the
plan is not proven. The work budget is LOT_SHARE * time_limit_s worth of
rounds of filling (model.Budget, deterministic) over all its evaluations, each also
charged for the size of its network (ARCS_PER_ROUND). A candidate cut short by the
budget is discarded, so the same input stops at the same candidate on any machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from optimizer.engine import decompose
from optimizer.engine.areas import AreaFilling, equalize_areas
from optimizer.engine.lots import LOT_SHARE
from optimizer.engine.model import (
    BoolArray,
    Budget,
    DistrictFilling,
    EquityResult,
    FlowModel,
    Holds,
    IntArray,
    Layout,
    SolverFailure,
    build_layout,
    district_filling,
    fill_whole_cards,
    maximize_tier,
    minimize_travel,
)
from optimizer.engine.network import Network
from optimizer.engine.wording import num
from optimizer.schema import Message

# Each candidate is charged its own rounds of filling plus one round per ARCS_PER_ROUND
# arcs of its network (building it, the tier max flows, the area stage's components):
# a deterministic count that keeps the search near its share of the time limit at every
# scale. Measured at load ~8 on two cores: a synthetic-province candidate (81,261 arcs)
# takes 0.67-0.75 s of CPU and 174-195 rounds, charged ~600; a Palembang one (2,602 arcs)
# 14 ms and 11 rounds, charged 24, so the default 10 s buys ~3 and ~80 candidates.
ARCS_PER_ROUND = 200
# Lot vectors few enough to evaluate them all (a proof by exhaustion), work allowing.
EXHAUST_LIMIT = 100


@dataclass(frozen=True)
class Stages:
    """The engine's stages (S1, S2a, S2b) on one choice of site supplies."""

    supply: IntArray      # (sites,) blanks each site may receive, whole lots
    holds: Holds          # tier totals and every district and area share
    complete: bool        # False when the work budget cut the equity stage short
    layout: Layout
    flow_model: FlowModel


# Runs the engine's stages on fixed site supplies (blanks per site) within a budget.
Evaluate = Callable[[IntArray, Budget], Stages]


@dataclass(frozen=True)
class LotEquity:
    """The lots chosen for equity, whether they are proven optimal, and why not."""

    best: Stages
    proven: bool              # equity (S2) over the lots is proven optimal
    tiers_proven: bool        # and so are the tier totals (S1), whatever CP-SAT proved
    message: Message | None   # LOT_EQUITY_UNPROVEN when not proven
    tried: int                # candidate lot vectors evaluated


Key = list[tuple[int, list[Fraction], list[Fraction]]]


def equity_over_lots(net: Network, lot_size: int, time_limit_s: float, start: Stages,
                     evaluate: Evaluate) -> LotEquity:
    """The whole-lot supplies whose equity is lexicographically best (the module
    docstring), starting from the tier stage's lots `start` (complete stages).

    `evaluate(supply, budget)` must run the engine's stages on fixed supplies (sites,)
    in blanks. The answer's key is never below `start`'s. Deterministic: the work is
    counted in rounds of filling, never in seconds.
    """
    bound = lot_free_bound(net, lot_size, start.holds.tier_total, time_limit_s)
    if bound is not None and bound.proves(start.holds)[0]:
        return LotEquity(best=start, proven=True, tiers_proven=bound.proves(start.holds)[1],
                         message=None, tried=0)
    search = _Search(net, lot_size, time_limit_s, start, evaluate)
    relaxed = None if bound is None else bound.shipments
    first = True
    while search.budget.left > 0:
        lots = search.best.supply // lot_size
        moves = _candidates(lots, search.most, search.in_shipment, relaxed, lot_size, first)
        first = False
        if not any(search.improves(n * lot_size) for n in moves):
            break  # a local optimum, or the budget is spent
        if bound is not None and bound.proves(search.best.holds)[0]:
            return search.answer(True, bound.proves(search.best.holds)[1])
    best = search.best
    if not np.array_equal(best.holds.tier_total, start.holds.tier_total):
        # The search found more cards than the tier stage's lots (CP-SAT stopped short):
        # the bound must hold those totals instead.
        bound = lot_free_bound(net, lot_size, best.holds.tier_total, time_limit_s)
        if bound is not None and bound.proves(best.holds)[0]:
            return search.answer(True, bound.proves(best.holds)[1])
    if search.exhaust():
        return search.answer(True, True)  # every lot vector, tier totals first in the key
    return search.answer(False, False, unproven_message(
        net, search.best, bound, search.district_backlog, search.tried))


class _Search:
    """The incumbent lots, every lot vector evaluated so far and the work left."""

    def __init__(self, net: Network, lot_size: int, time_limit_s: float, start: Stages,
                 evaluate: Evaluate):
        self.net, self.lot_size, self.time_limit_s = net, lot_size, time_limit_s
        self.evaluate = evaluate
        self.district_backlog = net.district_backlog()
        self.best, self.best_key = start, equity_key(net, start.holds, self.district_backlog)
        self.most = _most_lots(net, lot_size)
        self.in_shipment = net.supply // lot_size
        self.budget = Budget.of(LOT_SHARE * time_limit_s)
        self.seen = {start.supply.tobytes()}
        self.tried = 0
        self.cut = False  # a candidate was cut short by the budget

    def answer(self, proven: bool, tiers_proven: bool,
               message: Message | None = None) -> LotEquity:
        return LotEquity(best=self.best, proven=proven, tiers_proven=tiers_proven,
                         message=message, tried=self.tried)

    def improves(self, supply: IntArray) -> bool:
        """Evaluate `supply` (blanks per site) unless seen; keep it when its key is
        larger. False when seen, no better, cut short or no work is left."""
        if supply.tobytes() in self.seen or self.budget.left <= 0:
            return False
        self.seen.add(supply.tobytes())
        own = Budget(min(self.budget.left, Budget.of(self.time_limit_s).left))
        before = own.left
        stages = self.evaluate(supply, own)
        self.budget.left -= before - own.left + -(-len(stages.layout.tails) // ARCS_PER_ROUND)
        self.tried += 1
        if not stages.complete:
            self.cut = True
            return False
        key = equity_key(self.net, stages.holds, self.district_backlog)
        if key <= self.best_key:
            return False
        self.best, self.best_key = stages, key
        return True

    def exhaust(self) -> bool:
        """Evaluate every lot vector not seen yet, when there are at most EXHAUST_LIMIT in
        all (a proof by exhaustion); True when every one was evaluated in full."""
        varying = np.flatnonzero(self.most > 0)
        ranges = [range(min(int(self.most[s]), self.in_shipment) + 1) for s in varying]
        if _count_within(ranges, self.in_shipment, EXHAUST_LIMIT) > EXHAUST_LIMIT:
            return False
        for combo in _vectors(ranges, self.in_shipment):
            lots = np.zeros(self.net.n_sites, dtype=np.int64)
            lots[varying] = combo
            supply = lots * self.lot_size
            if supply.tobytes() not in self.seen:
                if self.budget.left <= 0:
                    return False
                self.improves(supply)
        return not self.cut


def _vectors(ranges: list[range], most: int) -> Iterator[tuple[int, ...]]:
    """Every vector of the product of `ranges` summing to at most `most`, in
    lexicographic order (never a vector beyond the sum is built)."""
    if not ranges:
        yield ()
        return
    for first in range(min(len(ranges[0]) - 1, most) + 1):
        for rest in _vectors(ranges[1:], most - first):
            yield (first, *rest)


def _count_within(ranges: list[range], most: int, limit: int) -> int:
    """How many vectors of the product of `ranges` sum to at most `most`, counted up to
    limit + 1 (dynamic programming on the sum)."""
    if len(ranges) <= 1:
        return min(min(len(ranges[0]), most + 1) if ranges else 1, limit + 1)
    if most > limit:
        return limit + 1  # two free coordinates alone give more than `most` vectors
    ways = np.zeros(most + 1, dtype=np.int64)
    ways[0] = 1
    for r in ranges:
        total = np.concatenate([[0], np.cumsum(ways)])
        top = len(r) - 1
        j = np.arange(most + 1)
        ways = np.minimum(total[j + 1] - total[np.maximum(j - top, 0)], limit + 1)
    return int(min(int(ways.sum()), limit + 1))


def equity_key(net: Network, holds: Holds, district_backlog: IntArray) -> Key:
    """key(n) of the module docstring: per tier, its total and the sorted coverage
    ratios of its districts and areas with backlog (exact fractions)."""
    return [(int(holds.tier_total[c]),
             _sorted_coverage(holds.upper[:, c], district_backlog[:, c]),
             _sorted_coverage(holds.area_upper[:, c], net.backlog[:, c]))
            for c in range(net.n_tiers)]


def _sorted_coverage(served: IntArray, backlog: IntArray) -> list[Fraction]:
    waiting = np.flatnonzero(backlog > 0)
    return sorted(Fraction(int(served[i]), int(backlog[i])) for i in waiting.tolist())


def _same_shares(a: Holds, b: Holds) -> bool:
    return (np.array_equal(a.tier_total, b.tier_total) and np.array_equal(a.upper, b.upper)
            and np.array_equal(a.area_upper, b.area_upper))


def _most_lots(net: Network, lot_size: int) -> IntArray:
    """Most lots a site may take: its room and the shipment, and no lot it cannot start
    printing (as lots.choose_lots)."""
    return np.asarray(np.minimum(np.minimum(net.room, net.supply) // lot_size,
                                 -(-net.capacity // lot_size)), dtype=np.int64)


def _candidates(lots: IntArray, most: IntArray, in_shipment: int, relaxed: IntArray | None,
                lot_size: int, first: bool) -> Iterator[IntArray]:
    """Candidate lot vectors around `lots`, in the module docstring's order."""
    n_sites = len(lots)
    if first and relaxed is not None:
        yield _rounded(relaxed, most, in_shipment, lot_size)
    short = (np.zeros(n_sites, dtype=np.int64) if relaxed is None
             else relaxed - lots * lot_size)
    receivers = sorted(range(n_sites), key=lambda s: (-int(short[s]), s))
    if int(lots.sum()) < in_shipment:
        yield _filled(lots, most, in_shipment, receivers)
        for j in receivers:
            if lots[j] < most[j]:
                yield _step(lots, None, j)
    moves = sorted(((i, j) for i in range(n_sites) if lots[i] > 0
                    for j in range(n_sites) if j != i and lots[j] < most[j]),
                   key=lambda ij: (-int(short[ij[1]]) + int(short[ij[0]]), ij[0], ij[1]))
    for i, j in moves:
        yield _step(lots, i, j)


def _filled(lots: IntArray, most: IntArray, in_shipment: int, order: list[int]) -> IntArray:
    """Every lot left in the shipment added at once: one a site in `order`, round after
    round, while a site can take one."""
    out = lots.copy()
    left = in_shipment - int(out.sum())
    while left > 0:
        takers = [s for s in order if out[s] < most[s]][:left]
        if not takers:
            break
        out[takers] += 1
        left -= len(takers)
    return out


def _step(lots: IntArray, taken: int | None, given: int) -> IntArray:
    out = lots.copy()
    if taken is not None:
        out[taken] -= 1
    out[given] += 1
    return out


def _rounded(relaxed: IntArray, most: IntArray, in_shipment: int, lot_size: int) -> IntArray:
    """R's shipments in whole lots: floor, then the lots left to the largest remainders
    (ties to the lower index), within each site's most lots and the shipment."""
    lots = np.minimum(relaxed // lot_size, most)
    left = in_shipment - int(lots.sum())
    remainder = relaxed - lots * lot_size
    for s in sorted(np.flatnonzero((remainder > 0) & (lots < most)).tolist(),
                    key=lambda s: (-int(remainder[s]), s)):
        if left <= 0:
            break
        lots[s] += 1
        left -= 1
    return np.asarray(lots, dtype=np.int64)


@dataclass(frozen=True)
class Bound:
    """R's stages (the bound), the blanks R's travel-best printing ships to each site,
    and the most cards R could give each tier with the earlier stages held as R holds
    them (the tier stage's bound)."""

    stages: Stages
    shipments: IntArray
    tier_most: IntArray

    def proves(self, holds: Holds) -> tuple[bool, bool]:
        """(equity proven, tiers proven too) for a lot plan's shares `holds`."""
        same = _same_shares(holds, self.stages.holds)
        return same, same and bool(np.array_equal(self.tier_most, holds.tier_total))


def lot_free_bound(net: Network, lot_size: int, tier_total: IntArray,
                   time_limit_s: float) -> Bound | None:
    """R of the module docstring: (S1) held at `tier_total` (tiers,), (S2a) and (S2b)
    with every site's supply free up to its whole lots; None when the work budget
    (that of a plan, Budget.of(time_limit_s)) cut it short.

    Raises SolverFailure when R cannot reach a tier total a lot plan reached (a bug:
    R contains every lot plan).
    """
    lots = np.minimum(net.room, net.supply) // lot_size
    relaxed = replace(net, room=(lots * lot_size).astype(np.int64),
                      supply=net.supply // lot_size * lot_size)
    layout = build_layout(relaxed)
    model = FlowModel(layout)
    parts = decompose.Parts.of(relaxed)
    budget = Budget.of(time_limit_s)
    district_backlog = net.district_backlog()
    holds = Holds.open(net.backlog, district_backlog)
    tier_most = np.zeros(net.n_tiers, dtype=np.int64)
    for c in range(net.n_tiers):
        most = tier_most[c] = maximize_tier(model, holds, c)
        total = int(tier_total[c])
        if most < total:
            raise SolverFailure("the bound without lots prints fewer cards than the lots")
        holds.tier_total[c] = total
        backlog = district_backlog[:, c]
        if total in (0, int(backlog.sum())):
            everybody = total > 0
            holds.lower[:, c] = holds.upper[:, c] = backlog if everybody else 0
            holds.area_lower[:, c] = holds.area_upper[:, c] = \
                net.backlog[:, c] if everybody else 0
            continue
        served, complete = _districts_with_total(model, holds, c, backlog, total, budget)
        if not complete:
            return None
        holds.lower[:, c] = holds.upper[:, c] = served
        areas = _area_stage(parts, model, holds, c, net.backlog[:, c], budget)
        if not areas.complete:
            return None
        holds.area_lower[:, c] = holds.area_upper[:, c] = areas.served
    flows = minimize_travel(layout, holds)
    shipments = flows[layout.ship_arc0 + np.arange(net.n_sites)].astype(np.int64)
    stages = Stages(supply=relaxed.room, holds=holds, complete=True, layout=layout,
                    flow_model=model)
    return Bound(stages=stages, shipments=shipments, tier_most=tier_most)


def _area_stage(parts: decompose.Parts | None, model: FlowModel, holds: Holds, tier: int,
                backlog: IntArray, budget: Budget) -> EquityResult:
    """(S2b) as the plan runs it (solve._area_stage): part by part when the parts'
    shares fit the whole network together, else over the whole network."""
    if parts is not None:
        shares = decompose.area_shares(parts, holds, tier, budget)
        if shares is not None:
            fill = AreaFilling(model, holds, tier, backlog)
            if fill.solve(shares[fill.idx]) == fill.target:
                return EquityResult(served=shares, complete=True, rounds=0)
    return equalize_areas(model, holds, tier, backlog, budget)


def _districts_with_total(model: FlowModel, holds: Holds, tier: int, backlog: IntArray,
                          total: int, budget: Budget) -> tuple[IntArray, bool]:
    """(S2a) for one tier with its total held at `total` (model.equalize_tier's filling
    on the truncated polymatroid)."""
    inner = district_filling(model, holds, tier, backlog)
    fill = _TierTotalHeld(inner, total)
    served, complete, _ = fill_whole_cards(fill, np.zeros_like(inner.backlog),
                                           inner.backlog > 0, budget)
    if complete and int(served.sum()) != total:
        raise SolverFailure("the bound's equity missed the tier total")
    return served, complete


class _TierTotalHeld:
    """A district filling whose levels may sum to at most `total` (a truncation).

    A unit can rise when it can in the network and the sum is below `total`; the
    truncation of a polymatroid is one, so `fill_whole_cards` stays exact on it."""

    def __init__(self, inner: DistrictFilling, total: int):
        self.inner, self.total, self.backlog = inner, total, inner.backlog

    def feasible(self, level: IntArray) -> bool:
        return int(level.sum()) <= self.total and self.inner.feasible(level)

    def can_rise(self, level: IntArray) -> BoolArray:
        rise = self.inner.can_rise(level)
        return rise if int(level.sum()) < self.total else np.zeros_like(rise)

    def highest(self, active: BoolArray, level: IntArray) -> IntArray:
        trial = self.inner.highest(active, level)
        if int(trial.sum()) <= self.total:
            return trial
        capped = _within_total(trial, level, active, self.backlog, self.total)
        # Below a feasible state, so feasible; solved so that can_rise reads its residual.
        if not self.inner.feasible(capped):
            raise SolverFailure("equity: a state below a feasible one is infeasible")
        return capped


def _within_total(trial: IntArray, level: IntArray, active: BoolArray, backlog: IntArray,
                  total: int) -> IntArray:
    """max(level, min(trial, ceil(t * backlog))) on the active units at the highest t
    found (bisection) whose sum is at most `total`; `level` itself sums to at most it.
    Any such state will do (fill_whole_cards trims it to the greedy's own)."""
    def shares(t: float) -> IntArray:
        up = np.ceil(t * backlog).astype(np.int64)
        return np.where(active, np.maximum(level, np.minimum(trial, up)), level)

    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if int(shares(mid).sum()) <= total else (lo, mid)
    return shares(lo)


def unproven_message(net: Network, best: Stages, bound: Bound | None,
                     district_backlog: IntArray, tried: int) -> Message:
    """LOT_EQUITY_UNPROVEN: the first stage where the lot plan is below the bound R (or
    differs from it unit by unit), its rank from the least covered up, both values."""
    if bound is None:
        return no_bound_message(tried)
    tier, level, rank, reached, most = _first_gap(net, best.holds, bound.stages.holds,
                                                   district_backlog)
    coverage, ceiling = round(float(reached), 6), round(float(most), 6)
    # Kelurahan of the tier left at 0 %, here and in the bound (model.md 2b: "no kelurahan
    # is left at zero while its neighbours are served"): what a planner defends first.
    c = net.tiers.index(tier)
    waiting = net.backlog[:, c] > 0
    zero = int((best.holds.area_upper[waiting, c] == 0).sum())
    bound_zero = int((bound.stages.holds.area_upper[waiting, c] == 0).sum())
    areas = int(waiting.sum())
    return Message(
        code="LOT_EQUITY_UNPROVEN", level="warning",
        params={"tier": tier, "level": level, "rank": rank, "coverage": coverage,
                "bound": ceiling, "areas_at_zero": zero, "bound_areas_at_zero": bound_zero,
                "areas_waiting": areas, "tried": tried},
        text=f"Equity over the lots is not proven optimal: in tier {tier}, {level} coverage "
             f"number {num(rank)} from the lowest is {100 * coverage:.2f} %, where the same "
             f"stages without lots (tier totals held) reach {100 * ceiling:.2f} %, a bound no "
             f"choice of lots can beat; kelurahan of tier {tier} left with no card: "
             f"{num(zero)} of {num(areas)}, against {num(bound_zero)} in the bound; other lot "
             f"choices tried: {num(tried)}.")


def no_bound_message(tried: int) -> Message:
    """LOT_EQUITY_UNPROVEN when the work budget stopped the bound R itself."""
    return Message(
        code="LOT_EQUITY_UNPROVEN", level="warning",
        params={"tier": None, "level": None, "rank": None, "coverage": None, "bound": None,
                "areas_at_zero": None, "bound_areas_at_zero": None, "areas_waiting": None,
                "tried": tried},
        text=f"Equity over the lots is not proven optimal: the work budget of the time limit "
             f"stopped the bound (the same stages without lots); other lot choices tried: "
             f"{num(tried)}.")


def _first_gap(net: Network, lots: Holds, bound: Holds, district_backlog: IntArray
               ) -> tuple[str, str, int, Fraction, Fraction]:
    """(tier, "district" | "area", rank from 1, the lot plan's ratio, the bound's) at
    the first stage whose sorted ratios differ; if none differ (ties went to other
    units), at the first stage whose shares differ, rank 1 (its least coverage)."""
    stages = [(c, name, served[:, c], upper[:, c], backlog[:, c])
              for c in range(net.n_tiers)
              for name, served, upper, backlog in (
                  ("district", lots.upper, bound.upper, district_backlog),
                  ("area", lots.area_upper, bound.area_upper, net.backlog))]
    for c, name, served, upper, backlog in stages:
        mine, theirs = _sorted_coverage(served, backlog), _sorted_coverage(upper, backlog)
        for i, (x, y) in enumerate(zip(mine, theirs, strict=True)):
            if x != y:
                return net.tiers[c], name, i + 1, x, y
    for c, name, served, upper, backlog in stages:
        if not np.array_equal(served, upper):
            least = _sorted_coverage(served, backlog)[0]
            return net.tiers[c], name, 1, least, least
    raise SolverFailure("an unproven lot plan equals its bound")
