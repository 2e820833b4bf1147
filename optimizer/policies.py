r"""The allocation policies officials use, and the engine, behind one interface.

Every policy is a function `allocate(instance, shipment, policy) -> Plan`; the
instance carries the current state (each site's `stock`, each area's backlog).
`POLICIES` lists them by name in the order reports show them.

Baselines decide only x[s], the blanks each office receives
    proportional     x ~ each district's first-time backlog (what regencies did); blanks
                     beyond the whole first-time backlog are shared by the next tier's
                     backlog ("replacements only from the surplus"), and so on
    capacity_capped  proportional, but x[s] <= capacity[s] - stock[s] (what the office can
                     print in the horizon); the surplus is re-shared among the others,
                     and what no office can take stays at the central office (the
                     Ministry's rule)
    population       x ~ each district's population (wajib KTP in the bundled data)
    equal            the same x for every office
    central_only     everything to the central office (default: the site with the most
                     printers, ties by site_id)
    greedy           tier by tier, allowed (area, site) pairs nearest first: each pair
                     takes what its office can still print, from the office's stock
                     first, then from the central supply, until supply or capacity ends
A district's weight goes to the offices in the district, split in proportion to
their capacity (equally when none can print); an area whose district has no
office weighs on its nearest allowed office. Every x respects the hard
constraints: the reserve stays central and storage caps hold, so a capped office's
share is re-shared too (water filling on exact fractions).

Rounding: exact quotas (fractions) are rounded by largest remainder, ties by
site_id, in whole lots; the shares sum exactly to `blanks - reserve` (rounded
down to whole lots) unless caps leave no office able to take more, or (for the
backlog-proportional rules) the blanks exceed the whole backlog; greedy ships
what its pass draws, rounded to lots the same way.

Printing (one rule for every baseline, `PrintingRule`)
    a deterministic greedy over (tier, pair) entries in this order: tier by tier
    (strict priority); within a tier first every office's own-district residents,
    then residents of reachable neighbouring districts (allowed pairs, model.md);
    within each, nearest first (km, then area_id, then site_id). Each entry prints
    min(residents still waiting, capacity left, blanks left at the office).
    It is an office serving the people in front of it, not a global optimum:
    what differs between baselines is the allocation x alone.

`optimal` is `solve`; `optimal_no_equity` is `solve` with equity off.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib.metadata import version

import numpy as np

from optimizer import explain
from optimizer.codes import code_warnings
from optimizer.evaluate import Evaluation, evaluate
from optimizer.metrics import PlanMetrics, plan_metrics
from optimizer.model import IntArray
from optimizer.network import Network, compile_network
from optimizer.schema import (
    Instance,
    InvalidInput,
    Message,
    Plan,
    Policy,
    Problem,
    Shipment,
    SolverInfo,
)
from optimizer.solve import (
    assemble_plan,
    check_reachable,
    hard_infeasibility,
    infeasible_plan,
    input_sha256,
    solve,
)

Allocate = Callable[[Instance, Shipment, Policy], Plan]


# --------------------------------------------------------------------------- printing


class PrintingRule:
    """Own district's highest tier first, then reachable neighbours, nearest first.

    The entry order is fixed by the network (pairs and tiers), so it is built once
    and reused: for a plan's horizon, or day by day in the replay.
    """

    def __init__(self, net: Network):
        pa, ps, km = net.pairs.area, net.pairs.site, net.pairs.km
        neighbour = (net.area_district[pa] != net.site_district[ps]).astype(np.int64)
        # np.lexsort sorts by the last key first: tier, neighbour, km, area, site.
        order = np.lexsort((ps, pa, km, neighbour))
        self.pair = [int(p) for _ in range(net.n_tiers) for p in order]
        self.tier = [c for c in range(net.n_tiers) for _ in order]
        self.site = [int(ps[p]) for p in self.pair]
        self.area = [int(pa[p]) for p in self.pair]

    def run(self, blanks: list[int], capacity: list[int],
            waiting: list[list[int]]) -> list[tuple[int, int, int]]:
        """Print by the rule; (pair, tier, cards) printed. The three lists are updated."""
        out = []
        for p, c, s, a in zip(self.pair, self.tier, self.site, self.area, strict=True):
            cards = min(waiting[a][c], capacity[s], blanks[s])
            if cards > 0:
                waiting[a][c] -= cards
                capacity[s] -= cards
                blanks[s] -= cards
                out.append((p, c, cards))
        return out

    def plan_cards(self, net: Network, shipped: IntArray) -> IntArray:
        """(pairs, tiers) cards printed in the horizon with stock + shipped blanks."""
        cards = np.zeros((len(net.pairs.km), net.n_tiers), dtype=np.int64)
        printed = self.run((net.stock + shipped).tolist(), net.capacity.tolist(),
                           net.backlog.tolist())
        for p, c, n in printed:
            cards[p, c] = n
        return cards


# --------------------------------------------------------------------------- shares


def water_fill(weights: Sequence[Fraction], total: Fraction | int,
               caps: Sequence[Fraction | int]) -> list[Fraction]:
    """Exact quotas of `total` in proportion to `weights`, none above its cap.

    A quota that would pass its cap is fixed at the cap and the rest is re-shared
    among the others; what no one can take is left out (the quotas then sum to less).
    """
    quota = [Fraction(0)] * len(weights)
    active = [i for i, w in enumerate(weights) if w > 0 and caps[i] > 0]
    remaining = Fraction(total)
    while active and remaining > 0:
        weight = sum(weights[i] for i in active)
        over = [i for i in active if remaining * weights[i] / weight > caps[i]]
        if not over:
            for i in active:
                quota[i] = remaining * weights[i] / weight
            break
        for i in over:
            quota[i] = Fraction(caps[i])
            remaining -= caps[i]
        capped = set(over)
        active = [i for i in active if i not in capped]
    return quota


def apportion(quotas: Sequence[Fraction], total: int, caps: Sequence[int]) -> list[int]:
    """Whole numbers from exact quotas by largest remainder, ties by position.

    Gives min(`total`, ceil(sum of quotas)) in all, each at most its cap and within
    one of its quota.
    """
    shares = [min(caps[i], math.floor(q)) for i, q in enumerate(quotas)]
    target = min(total, math.ceil(sum(quotas, Fraction(0))))
    left = target - sum(shares)
    order = sorted((i for i, q in enumerate(quotas) if q > shares[i] and shares[i] < caps[i]),
                   key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[:max(0, left)]:
        shares[i] += 1
    return shares


def _in_lots(net: Network, quotas: Sequence[Fraction], caps: Sequence[int],
             lot_size: int) -> IntArray:
    """Blanks per site: quotas (in blanks) rounded to whole lots, within caps and supply."""
    units = apportion([q / lot_size for q in quotas], net.supply // lot_size,
                      [c // lot_size for c in caps])
    return np.array(units, dtype=np.int64) * lot_size


def site_weights(net: Network, area_weight: IntArray) -> list[Fraction]:
    """Each area's weight on the offices of its district, by capacity (module docstring)."""
    weights = [Fraction(0)] * net.n_sites
    homes: dict[int, list[int]] = {}
    for s in range(net.n_sites):
        homes.setdefault(int(net.site_district[s]), []).append(s)
    for a in np.flatnonzero(area_weight > 0).tolist():
        home = homes.get(int(net.area_district[a]))
        w = int(area_weight[a])
        if home is None:
            nearest = _nearest_site(net, a)
            if nearest is not None:
                weights[nearest] += w
            continue
        caps = [int(net.capacity[s]) for s in home]
        for s, cap in zip(home, caps, strict=True):
            weights[s] += Fraction(w * cap, sum(caps)) if sum(caps) else Fraction(w, len(home))
    return weights


def _nearest_site(net: Network, area: int) -> int | None:
    mine = np.flatnonzero(net.pairs.area == area)
    if not len(mine):
        return None
    best = min(mine.tolist(), key=lambda p: (float(net.pairs.km[p]), int(net.pairs.site[p])))
    return int(net.pairs.site[best])


def _storage_caps(net: Network) -> list[int]:
    return [int(r) for r in net.room]


def tiered_quotas(net: Network, caps: Sequence[int]) -> list[Fraction]:
    """Backlog-proportional quotas, tier by tier: replacements only from the surplus.

    Tier c shares min(what is left, its total backlog) in proportion to each
    district's tier-c backlog (water filling within what caps leave); blanks beyond
    the whole backlog stay at the central office.
    """
    quotas = [Fraction(0)] * net.n_sites
    left = Fraction(net.supply)
    for c in range(net.n_tiers):
        amount = min(left, Fraction(int(net.backlog[:, c].sum())))
        room = [caps[s] - quotas[s] for s in range(net.n_sites)]
        share = water_fill(site_weights(net, net.backlog[:, c]), amount, room)
        quotas = [q + d for q, d in zip(quotas, share, strict=True)]
        left -= sum(share, Fraction(0))
    return quotas


# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Decision:
    """A baseline's shipments and what it wants the planner to know about them."""

    shipped: IntArray
    rule: str
    notes: tuple[Message, ...] = ()


def _proportional(net: Network, instance: Instance, lot_size: int) -> Decision:
    caps = _storage_caps(net)
    return Decision(_in_lots(net, tiered_quotas(net, caps), caps, lot_size),
                    f"in proportion to each district's {net.tiers[0]} backlog (later tiers "
                    f"by theirs, from what is left)")


def _capacity_capped(net: Network, instance: Instance, lot_size: int) -> Decision:
    printable = np.maximum(0, net.capacity - net.stock)
    caps = np.minimum(printable, net.room).tolist()
    quotas = tiered_quotas(net, caps)
    shipped = _in_lots(net, quotas, caps, lot_size)
    wanted = net.backlog.sum(axis=1) > 0
    weighted = [w > 0 for w in site_weights(net, wanted.astype(np.int64))]
    capped = [net.site_ids[s] for s in range(net.n_sites) if weighted[s] and quotas[s] >= caps[s]]
    notes: tuple[Message, ...] = ()
    if capped:
        notes = (Message(code="POLICY_CAPPED", params={"sites": ", ".join(capped)},
                         text=f"These offices received what they can print in the horizon "
                              f"(capacity less stock) and no more: {', '.join(capped)}; "
                              f"their surplus was re-shared among the others."),)
    return Decision(shipped, f"in proportion to each district's {net.tiers[0]} backlog (later "
                             f"tiers by theirs, from what is left), each office capped at its "
                             f"capacity less its stock", notes)


def _population(net: Network, instance: Instance, lot_size: int) -> Decision:
    population = {a.area_id: a.population for a in instance.areas}
    weight = np.array([population[a] for a in net.area_ids], dtype=np.int64)
    notes: tuple[Message, ...] = ()
    basis = "population"
    if not weight.any():
        weight = net.backlog.sum(axis=1)
        basis = "total backlog (the instance gives no population)"
        notes = (Message(code="POLICY_NO_POPULATION", level="warning", params={},
                         text="No area has a population; shares follow the total backlog."),)
    quotas = water_fill(site_weights(net, weight), net.supply, _storage_caps(net))
    return Decision(_in_lots(net, quotas, _storage_caps(net), lot_size),
                    f"in proportion to each district's {basis}", notes)


def _equal(net: Network, instance: Instance, lot_size: int) -> Decision:
    quotas = water_fill([Fraction(1)] * net.n_sites, net.supply, _storage_caps(net))
    return Decision(_in_lots(net, quotas, _storage_caps(net), lot_size),
                    "the same number to every office")


def _greedy(net: Network, instance: Instance, lot_size: int) -> Decision:
    stock, capacity, room = net.stock.tolist(), net.capacity.tolist(), net.room.tolist()
    waiting = net.backlog.tolist()
    drawn = [0] * net.n_sites
    central = net.supply
    order = np.lexsort((net.pairs.site, net.pairs.area, net.pairs.km))
    nearest_first = list(zip(net.pairs.area[order].tolist(), net.pairs.site[order].tolist(),
                             strict=True))
    for c in range(net.n_tiers):
        for a, s in nearest_first:
            want = min(waiting[a][c], capacity[s])
            from_stock = min(want, stock[s])
            from_central = min(want - from_stock, central, room[s] - drawn[s])
            take = from_stock + from_central
            waiting[a][c] -= take
            capacity[s] -= take
            stock[s] -= from_stock
            drawn[s] += from_central
            central -= from_central
    quotas = [Fraction(x) for x in drawn]
    return Decision(_in_lots(net, quotas, _storage_caps(net), lot_size),
                    "tier by tier, allowed pairs nearest first, each taking what its office "
                    "can still print")


def default_central_site(instance: Instance) -> str:
    """The site with the most printers, ties by site_id."""
    return min(instance.sites, key=lambda s: (-s.printers, s.site_id)).site_id


# --------------------------------------------------------------------------- policies


def proportional(instance: Instance, shipment: Shipment, policy: Policy) -> Plan:
    """Blanks in proportion to each district's first-time backlog (what regencies did)."""
    return _baseline("proportional", instance, shipment, policy, _proportional)


def capacity_capped(instance: Instance, shipment: Shipment, policy: Policy) -> Plan:
    """Proportional, no office above what it can print; the surplus re-shared."""
    return _baseline("capacity_capped", instance, shipment, policy, _capacity_capped)


def population(instance: Instance, shipment: Shipment, policy: Policy) -> Plan:
    """Blanks in proportion to each district's population."""
    return _baseline("population", instance, shipment, policy, _population)


def equal(instance: Instance, shipment: Shipment, policy: Policy) -> Plan:
    """The same number of blanks to every office."""
    return _baseline("equal", instance, shipment, policy, _equal)


def greedy(instance: Instance, shipment: Shipment, policy: Policy) -> Plan:
    """Highest tier first, nearest office first, until supply or capacity runs out."""
    return _baseline("greedy", instance, shipment, policy, _greedy)


def central_only(instance: Instance, shipment: Shipment, policy: Policy, *,
                 central_site: str | None = None) -> Plan:
    """Everything to the central office; only residents allowed to use it are served.

    Residents may use the central office only as model.md allows (same district or
    within max_travel_km); the others wait, and the plan says how many. Offices that
    already hold stock still print it (the printing rule is the same for all).
    """
    site_id = central_site or default_central_site(instance)
    if site_id not in {s.site_id for s in instance.sites}:
        raise InvalidInput([Problem(location="central_site",
                                    message=f"unknown site '{site_id}'")])

    def decide(net: Network, inst: Instance, lot_size: int) -> Decision:
        s = net.site_ids.index(site_id)
        shipped = np.zeros(net.n_sites, dtype=np.int64)
        shipped[s] = min(net.supply, int(net.room[s])) // lot_size * lot_size
        return Decision(shipped, f"everything to the central office {site_id}",
                        _out_of_reach(net, s))

    return _baseline("central_only", instance, shipment, policy, decide)


def optimal(instance: Instance, shipment: Shipment, policy: Policy) -> Plan:
    """The engine: the optimal plan of model.md."""
    return solve(instance, shipment, policy)


def optimal_no_equity(instance: Instance, shipment: Shipment, policy: Policy) -> Plan:
    """The engine with stage 2 (equity between districts) turned off."""
    return solve(instance, shipment, policy.model_copy(update={"equity": False}))


POLICIES: dict[str, Allocate] = {
    "proportional": proportional,
    "capacity_capped": capacity_capped,
    "population": population,
    "equal": equal,
    "central_only": central_only,
    "greedy": greedy,
    "optimal": optimal,
    "optimal_no_equity": optimal_no_equity,
}
BASELINES = tuple(name for name in POLICIES if not name.startswith("optimal"))


def get(name: str) -> Allocate:
    """The policy called `name`; InvalidInput naming the known ones otherwise."""
    if name not in POLICIES:
        raise InvalidInput([Problem(location="policies",
                                    message=f"unknown policy '{name}' (known: "
                                            f"{', '.join(POLICIES)})")])
    return POLICIES[name]


@dataclass(frozen=True)
class Comparison:
    """One policy's plan on a shipment, judged by `evaluate` and measured."""

    policy: str
    plan: Plan
    evaluation: Evaluation
    metrics: PlanMetrics


def compare(instance: Instance, shipment: Shipment, policy: Policy,
            names: Sequence[str] = tuple(POLICIES)) -> list[Comparison]:
    """Every named policy on the same shipment and state, in the given order."""
    allocators = [(name, get(name)) for name in names]
    out = []
    for name, allocate in allocators:
        plan = allocate(instance, shipment, policy)
        out.append(Comparison(policy=name, plan=plan,
                              evaluation=evaluate(instance, shipment, policy, plan),
                              metrics=plan_metrics(instance, plan)))
    return out


# --------------------------------------------------------------------------- plans


def _baseline(name: str, instance: Instance, shipment: Shipment, policy: Policy,
              decide: Callable[[Network, Instance, int], Decision]) -> Plan:
    started = time.perf_counter()
    digest = input_sha256(instance, shipment, policy)
    refusal = hard_infeasibility(instance, shipment, policy)
    if refusal is not None:
        plan = infeasible_plan(instance, policy, digest, refusal, started)
        return plan.model_copy(update={"solver": _solver_info(name, policy, started)})
    net = compile_network(instance, shipment, policy)
    check_reachable(net, policy)
    decision = decide(net, instance, policy.lot_size)
    shipped = decision.shipped
    cards = PrintingRule(net).plan_cards(net, shipped)
    printed = np.bincount(net.pairs.site, weights=cards.sum(axis=1),
                          minlength=net.n_sites).astype(np.int64)
    messages = [_rule_message(name, decision.rule), *decision.notes, *code_warnings(instance)]
    # Baselines compute no marginal values: the shared messages must not claim any.
    messages += explain.messages(net, shipment, policy.model_copy(update={"marginals": False}),
                                 printed, shipped, True, True, 0, False)
    messages += _stranded_messages(net, shipped, printed)
    none: list[int | None] = [None] * net.n_sites
    plan = assemble_plan(net, shipment.blanks, policy, digest, "feasible", started, cards, printed,
                     shipped, explain.Marginals(none, list(none)), messages, 0)
    return plan.model_copy(update={"solver": _solver_info(name, policy, started)})


def _solver_info(name: str, policy: Policy, started: float) -> SolverInfo:
    return SolverInfo(name=f"baseline:{name}", version=f"blanko {version('blanko')}",
                      seconds=round(time.perf_counter() - started, 6),
                      time_limit_s=policy.time_limit_s)


def _rule_message(name: str, rule: str) -> Message:
    return Message(code="POLICY_RULE", params={"policy": name, "rule": rule},
                   text=f"Baseline '{name}': blanks {rule} (whole cards by largest remainder, "
                        f"ties by site id). Each office then prints its own district's highest "
                        f"tier first, then residents of reachable neighbouring districts, "
                        f"nearest first. Marginal values are not computed for baselines.")


def _stranded_messages(net: Network, shipped: IntArray, printed: IntArray) -> list[Message]:
    stranded = explain.stranded(net.stock, shipped, printed)
    out = []
    for s in np.flatnonzero(stranded > 0).tolist():
        why = "capacity" if printed[s] >= net.capacity[s] else "backlog"
        reason = ("its printers cannot print them in the horizon" if why == "capacity"
                  else "nobody it may serve is left waiting")
        out.append(Message(
            code="BLANKS_STRANDED", level="warning",
            params={"site_id": net.site_ids[s], "stranded": int(stranded[s]), "limit": why},
            text=f"Site {net.site_ids[s]} receives {int(stranded[s])} blanks it will not print: "
                 f"{reason}."))
    return out


def _out_of_reach(net: Network, site: int) -> tuple[Message, ...]:
    """Residents waiting who may not use `site` (model.md: own district or within reach)."""
    allowed = np.zeros(net.n_areas, dtype=bool)
    allowed[net.pairs.area[net.pairs.site == site]] = True
    waiting = net.backlog[~allowed].sum(axis=0)
    if not waiting.any():
        return ()
    counts = {t: int(waiting[c]) for c, t in enumerate(net.tiers)}
    listed = ", ".join(f"{n:,} {t}" for t, n in counts.items())
    return (Message(code="CENTRAL_OUT_OF_REACH", level="warning",
                    params={"site_id": net.site_ids[site], **counts},
                    text=f"{listed} residents live outside the central office's district and "
                         f"beyond max_travel_km of it; under central_only they wait."),)
