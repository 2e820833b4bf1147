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
office weighs on its nearest allowed office. With `hosts` (studies.hosts: a district
whose offices cannot print is served at a host office, as in Palembang 2017) the
district's weight goes to its host, and the host prints for it as for its own.
Every x respects the hard constraints: the reserve stays central and storage caps
hold, so a capped office's share is re-shared too (water filling on exact fractions).

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

import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from importlib.metadata import version
from typing import Protocol

import numpy as np

from optimizer.engine import kpis as plan_figures
from optimizer.engine.checks import planner_warnings
from optimizer.engine.codes import code_warnings
from optimizer.engine.model import IntArray
from optimizer.engine.network import Network, compile_network
from optimizer.engine.record import Solver, StageRecord, build_plan, refused_plan
from optimizer.engine.solve import hard_infeasibility, input_sha256, solve
from optimizer.engine.wording import num
from optimizer.schema import (
    Instance,
    InvalidInput,
    Message,
    Plan,
    Policy,
    Problem,
    Shipment,
    unknown_id,
)
from optimizer.studies.apportion import (
    _in_lots,
    _storage_caps,
    site_weights,
    tiered_quotas,
    water_fill,
)
from optimizer.studies.hosts import Hosts, active_hosts, host_index, redirect
from optimizer.studies.printing import PrintingRule

# (network, lot size, host office of each district or -1) -> shipments
Decide = Callable[[Network, int, IntArray], "Decision"]


class Allocate(Protocol):
    """A policy: a plan for one shipment on one state; `hosts` as in studies.hosts."""

    def __call__(self, instance: Instance, shipment: Shipment, policy: Policy, /, *,
                 hosts: Hosts | None = None) -> Plan: ...


# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Decision:
    """A baseline's shipments and what it wants the planner to know about them."""

    shipped: IntArray
    rule: str
    notes: tuple[Message, ...] = ()


def _proportional(net: Network, lot_size: int, host: IntArray) -> Decision:
    caps = _storage_caps(net)
    return Decision(_in_lots(net, tiered_quotas(net, caps, host), caps, lot_size),
                    f"in proportion to each district's {net.tiers[0]} backlog (later tiers "
                    f"by theirs, from what is left)")


def _capacity_capped(net: Network, lot_size: int, host: IntArray) -> Decision:
    printable = np.maximum(0, net.capacity - net.stock)
    caps = np.minimum(printable, net.room).tolist()
    quotas = tiered_quotas(net, caps, host)
    shipped = _in_lots(net, quotas, caps, lot_size)
    wanted = net.backlog.sum(axis=1) > 0
    weighted = [w > 0 for w in site_weights(net, wanted.astype(np.int64), host)]
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


def _population(instance: Instance) -> Decide:
    """Shares by each area's population (the instance's, which the network does not keep)."""
    population = {a.area_id: a.population for a in instance.areas}
    return lambda net, lot_size, host: _by_population(net, population, lot_size, host)


def _by_population(net: Network, population: dict[str, int], lot_size: int,
                   host: IntArray) -> Decision:
    weight = np.array([population[a] for a in net.area_ids], dtype=np.int64)
    notes: tuple[Message, ...] = ()
    basis = "population"
    if not weight.any():
        weight = net.backlog.sum(axis=1)
        basis = "total backlog (the instance gives no population)"
        notes = (Message(code="POLICY_NO_POPULATION", level="warning", params={},
                         text="No area has a population; shares follow the total backlog."),)
    quotas = water_fill(site_weights(net, weight, host), net.supply, _storage_caps(net))
    return Decision(_in_lots(net, quotas, _storage_caps(net), lot_size),
                    f"in proportion to each district's {basis}", notes)


def _equal(net: Network, lot_size: int, host: IntArray) -> Decision:
    quotas = water_fill(redirect(net, [Fraction(1)] * net.n_sites, host), net.supply,
                        _storage_caps(net))
    return Decision(_in_lots(net, quotas, _storage_caps(net), lot_size),
                    "the same number to every office")


def _greedy(net: Network, lot_size: int, host: IntArray) -> Decision:
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


def proportional(instance: Instance, shipment: Shipment, policy: Policy, *,
                 hosts: Hosts | None = None) -> Plan:
    """Blanks in proportion to each district's first-time backlog (what regencies did)."""
    return _baseline("proportional", instance, shipment, policy, _proportional, hosts)


def capacity_capped(instance: Instance, shipment: Shipment, policy: Policy, *,
                    hosts: Hosts | None = None) -> Plan:
    """Proportional, no office above what it can print; the surplus re-shared."""
    return _baseline("capacity_capped", instance, shipment, policy, _capacity_capped, hosts)


def population(instance: Instance, shipment: Shipment, policy: Policy, *,
               hosts: Hosts | None = None) -> Plan:
    """Blanks in proportion to each district's population."""
    return _baseline("population", instance, shipment, policy, _population(instance), hosts)


def equal(instance: Instance, shipment: Shipment, policy: Policy, *,
          hosts: Hosts | None = None) -> Plan:
    """The same number of blanks to every office."""
    return _baseline("equal", instance, shipment, policy, _equal, hosts)


def greedy(instance: Instance, shipment: Shipment, policy: Policy, *,
           hosts: Hosts | None = None) -> Plan:
    """Highest tier first, nearest office first, until supply or capacity runs out."""
    return _baseline("greedy", instance, shipment, policy, _greedy, hosts)


def central_only(instance: Instance, shipment: Shipment, policy: Policy, *,
                 central_site: str | None = None, hosts: Hosts | None = None) -> Plan:
    """Everything to the central office; only residents allowed to use it are served.

    Residents may use the central office only as model.md allows (same district or
    within max_travel_km); the others wait, and the plan says how many. Offices that
    already hold stock still print it (the printing rule is the same for all).
    """
    site_id = central_site or default_central_site(instance)
    known = {s.site_id for s in instance.sites}
    if site_id not in known:
        raise InvalidInput([Problem(location="central_site",
                                    message=unknown_id("site", site_id, known))])

    def decide(net: Network, lot_size: int, host: IntArray) -> Decision:
        s = net.site_ids.index(site_id)
        shipped = np.zeros(net.n_sites, dtype=np.int64)
        shipped[s] = min(net.supply, int(net.room[s])) // lot_size * lot_size
        return Decision(shipped, f"everything to the central office {site_id}",
                        _out_of_reach(net, s))

    return _baseline("central_only", instance, shipment, policy, decide, hosts)


def optimal(instance: Instance, shipment: Shipment, policy: Policy, *,
            hosts: Hosts | None = None) -> Plan:
    """The engine: the optimal plan of model.md (`hosts` change nothing: it plans on capacity)."""
    return solve(instance, shipment, policy)


def optimal_no_equity(instance: Instance, shipment: Shipment, policy: Policy, *,
                      hosts: Hosts | None = None) -> Plan:
    """The engine with stage 2 (equity between districts) turned off (`hosts` as in optimal)."""
    return solve(instance, shipment, policy.model_copy(update={"equity": False}))

def rule_plan(instance: Instance, shipment: Shipment, policy: Policy, plan: Plan, *,
              hosts: Hosts | None = None) -> Plan:
    """`plan`'s shipments, printed by the shared rule instead of its service lines.

    The plan a policy's shipments give when offices ignore its lists of whom to serve
    (the report's "shared rule" column). An infeasible plan is returned unchanged.
    """
    if plan.status == "infeasible":
        return plan
    name = plan.solver.name.removeprefix("baseline:")

    def decide(net: Network, lot_size: int, host: IntArray) -> Decision:
        shipped = np.zeros(net.n_sites, dtype=np.int64)
        for line in plan.shipments:
            shipped[net.site_ids.index(line.site_id)] += line.blanks
        return Decision(shipped, f"as plan '{name}' ships them")

    return _baseline(f"{name}@rule", instance, shipment, policy, decide, hosts)


# --------------------------------------------------------------------------- plans


def _baseline(name: str, instance: Instance, shipment: Shipment, policy: Policy,
              decide: Decide, hosts: Hosts | None = None) -> Plan:
    """The plan of a baseline: its shipments, the printing rule, the shared plan builder."""
    who = Solver(f"baseline:{name}", f"blanko {version('blanko')}", time.perf_counter())
    digest = input_sha256(instance, shipment, policy)
    refusal = hard_infeasibility(instance, shipment, policy)
    if refusal is not None:
        return refused_plan(tuple(instance.tiers), policy, digest, who, refusal,
                            blanks=shipment.blanks)
    net = compile_network(instance, shipment, policy)
    host = host_index(net, hosts)
    if (host >= 0).any():
        # Host offices served a printerless kecamatan: the plan follows them, so the
        # hash names them (with no host at work it is the plain input's, as before).
        digest = input_sha256(instance, shipment, policy, hosts=active_hosts(instance, hosts))
    decision = decide(net, policy.lot_size, host)
    shipped = decision.shipped
    cards = PrintingRule(net, host).plan_cards(net, shipped)
    printed = np.bincount(net.pairs.site, weights=cards.sum(axis=1),
                          minlength=net.n_sites).astype(np.int64)
    # Baselines compute no marginal values (marginals=None): the messages claim none.
    return build_plan(StageRecord(
        net=net, policy=policy, blanks=shipment.blanks, input_sha256=digest, solver=who,
        status="feasible", cards=cards, printed=printed, shipped=shipped, marginals=None,
        leading=(_rule_message(name, decision.rule), *decision.notes,
                 *_hosts_out_of_reach(net, host, policy),
                 *code_warnings(instance), *planner_warnings(net, policy)),
        trailing=tuple(_stranded_messages(net, shipped, printed))))


def _rule_message(name: str, rule: str) -> Message:
    return Message(code="POLICY_RULE", params={"policy": name, "rule": rule},
                   text=f"Baseline '{name}': blanks {rule} (whole cards by largest remainder, "
                        f"ties by site id). Each office then prints its own district's highest "
                        f"tier first, then residents of reachable neighbouring districts, "
                        f"nearest first. Marginal values are not computed for baselines.")


def _hosts_out_of_reach(net: Network, host: IntArray, policy: Policy) -> list[Message]:
    """HOST_OUT_OF_REACH per hosted district some of whose residents live beyond the travel
    limit of its host office (studies.hosts): the host serves them as its own, but they
    may use only allowed pairs (model.md), so the host cannot print for them (tester qa7:
    at max_travel_km 1, Jakabaring's 17,112 first-time residents got no card while its
    share of the blanks went to its host). Counts per tier, in tier order."""
    out = []
    for k in np.flatnonzero(host >= 0).tolist():
        h = int(host[k])
        reach = np.zeros(net.n_areas, dtype=bool)
        reach[net.pairs.area[net.pairs.site == h]] = True
        beyond = (net.area_district == k) & ~reach
        waiting = net.backlog[beyond].sum(axis=0)
        if not waiting.any():
            continue
        counts = {t: int(waiting[c]) for c, t in enumerate(net.tiers)}
        listed = ", ".join(f"{t} {num(n)}" for t, n in counts.items())
        km = policy.max_travel_km
        out.append(Message(
            code="HOST_OUT_OF_REACH", level="warning",
            params={"district_id": net.district_ids[k], "site_id": net.site_ids[h],
                    "km": km, **counts},
            text=f"Kecamatan {net.district_ids[k]} has no printer and is served at its host "
                 f"office {net.site_ids[h]}, but these of its residents live beyond "
                 f"max_travel_km ({num(km or 0.0)} km) of the host, so it cannot print for "
                 f"them: {listed}. Only offices within reach can."))
    return out


def _stranded_messages(net: Network, shipped: IntArray, printed: IntArray) -> list[Message]:
    left = plan_figures.stranded(net.stock, shipped, printed)
    return plan_figures.site_stranded_messages(net, left, printed,
                                               np.flatnonzero(left > 0).tolist())


def _out_of_reach(net: Network, site: int) -> tuple[Message, ...]:
    """Residents waiting who may not use `site` (model.md: own district or within reach)."""
    allowed = np.zeros(net.n_areas, dtype=bool)
    allowed[net.pairs.area[net.pairs.site == site]] = True
    waiting = net.backlog[~allowed].sum(axis=0)
    if not waiting.any():
        return ()
    counts = {t: int(waiting[c]) for c, t in enumerate(net.tiers)}
    listed = ", ".join(f"{t} {num(n)}" for t, n in counts.items())
    return (Message(code="CENTRAL_OUT_OF_REACH", level="warning",
                    params={"site_id": net.site_ids[site], **counts},
                    text=f"Residents who live outside the central office's district and beyond "
                         f"max_travel_km of it wait under central_only: {listed}."),)
