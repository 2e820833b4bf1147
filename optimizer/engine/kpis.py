"""What a planner needs to defend a plan: binding limits, unmet reasons, KPIs, messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np

from optimizer.engine.marginals import BLANKS_STEP, Marginals
from optimizer.engine.model import Budget, IntArray
from optimizer.engine.network import Network
from optimizer.engine.shadow import ShadowPrices
from optimizer.schema import Binding, Kpis, LotCost, Message, Plan, Policy, UnmetReason


def binding(net: Network, served: IntArray, printed: IntArray,
            shipped: IntArray) -> list[Binding]:
    """What stops each site printing more: capacity, backlog in reach, storage or supply."""
    unmet_in_reach = _unmet_in_reach(net, served)
    out: list[Binding] = []
    for s in range(net.n_sites):
        if printed[s] >= net.capacity[s]:
            out.append("capacity")
        elif unmet_in_reach[s] == 0:
            out.append("backlog")
        elif net.storage_capped[s] and shipped[s] >= net.room[s]:
            out.append("storage")
        else:
            out.append("supply")
    return out


def unmet_reasons(net: Network, served: IntArray, printed: IntArray,
                  shipped: IntArray) -> list[list[UnmetReason]]:
    """Why each district-tier has residents still waiting.

    `capacity` when every site its waiting residents may use prints at capacity,
    `storage` when the rest of those sites are full to their storage cap, else
    `supply` (the shipment ran out, or went to higher tiers or fairer shares).
    """
    unmet = net.backlog - served
    at_capacity = printed >= net.capacity
    at_storage = net.storage_capped & (shipped >= net.room)
    reasons: list[list[UnmetReason]] = [["none"] * net.n_tiers for _ in net.district_ids]
    pa, ps = net.pairs.area, net.pairs.site
    for c in range(net.n_tiers):
        waiting = unmet[pa, c] > 0
        open_site = np.zeros(net.n_districts, dtype=bool)
        storage_only = np.zeros(net.n_districts, dtype=bool)
        np.logical_or.at(open_site, net.area_district[pa[waiting]], ~at_capacity[ps[waiting]])
        np.logical_or.at(storage_only, net.area_district[pa[waiting]],
                         ~at_capacity[ps[waiting]] & ~at_storage[ps[waiting]])
        district_unmet = np.bincount(net.area_district, weights=unmet[:, c],
                                     minlength=net.n_districts)
        for k in np.flatnonzero(district_unmet > 0):
            if not open_site[k]:
                reasons[k][c] = "capacity"
            elif not storage_only[k]:
                reasons[k][c] = "storage"
            else:
                reasons[k][c] = "supply"
    return reasons


def _unmet_in_reach(net: Network, served: IntArray) -> IntArray:
    unmet = (net.backlog - served).sum(axis=1)
    return np.bincount(net.pairs.site, weights=unmet[net.pairs.area],
                       minlength=net.n_sites).astype(np.int64)


def kpis(net: Network, blanks: int, cards: IntArray, district_served: IntArray,
         district_backlog: IntArray, shipped: IntArray, printed: IntArray,
         lost_to_lots: int) -> Kpis:
    """The plan's `Kpis` from the stages' arrays.

    `cards` is (pairs, tiers); `district_served` and `district_backlog` are
    (districts, tiers); `shipped` and `printed` are (sites,). Kilometres are the
    network's pair km (to the metre); coverage is served / backlog (`coverage_range`).
    """
    per_pair = cards.sum(axis=1)
    total_cards = int(per_pair.sum())
    resident_km = float((per_pair * net.pairs.km).sum())
    ranges = [coverage_range(zip(district_served[:, c].tolist(),
                                 district_backlog[:, c].tolist(), strict=True))
              for c in range(net.n_tiers)]
    used = per_pair > 0
    return Kpis(
        cards_by_tier={t: int(cards[:, c].sum()) for c, t in enumerate(net.tiers)},
        coverage_min_by_tier={t: ranges[c][0] for c, t in enumerate(net.tiers)},
        coverage_max_by_tier={t: ranges[c][1] for c, t in enumerate(net.tiers)},
        resident_km_total=round(resident_km, 3),
        resident_km_mean=round(resident_km / total_cards, 6) if total_cards else 0.0,
        max_km=round(float(net.pairs.km[used].max()), 3) if used.any() else 0.0,
        blanks_shipped=int(shipped.sum()),
        blanks_kept_central=blanks - int(shipped.sum()),
        blanks_stranded=int(stranded(net.stock, shipped, printed).sum()),
        cards_lost_to_lots=lost_to_lots,
    )


def stranded(stock: IntArray, shipped: IntArray, printed: IntArray) -> IntArray:
    """Shipped blanks each site will not print in the horizon: clip(stock + x - printed, 0, x).

    Stock is used first (model.md, stage 4). Arrays of one value per site, in blanks;
    the one definition used by the engine's KPIs, `evaluate` and the policy metrics.
    """
    return np.asarray(np.clip(stock + shipped - printed, 0, shipped), dtype=np.int64)


def coverage(served: int, backlog: int) -> float | None:
    """A district-tier's coverage served / backlog (a 0-1 ratio, 6 decimals); None without
    backlog."""
    return round(served / backlog, 6) if backlog else None


def coverage_range(figures: Iterable[tuple[int, int]]) -> tuple[float | None, float | None]:
    """(least, most) coverage over (served, backlog) pairs with backlog > 0, 6 decimals.

    (None, None) when no district waits in the tier. The one definition used by the
    engine's KPIs, `evaluate` and the policy metrics.
    """
    values = [s / b for s, b in figures if b > 0]
    if not values:
        return None, None
    return round(min(values), 6), round(max(values), 6)


def messages(net: Network, blanks: int, policy: Policy, printed: IntArray, shipped: IntArray,
             *, marginals: Literal["exact", "skipped", "none"], equity_complete: bool,
             lots_proven: bool, lost_to_lots: int,
             kept_without_lots: int | None = None) -> list[Message]:
    """The standard messages of a plan, in a fixed order (codes are stable, text English).

    `marginals` says whether marginal values were computed for every site
    (`exact`), cut by the time limit (`skipped`) or not asked for (`none`).
    `kept_without_lots`: the blanks the lot-free plan of the same input keeps at the
    central office (None without lots); the blanks this plan keeps beyond it are kept
    because of the lots, and BLANKS_KEPT_CENTRAL_LOTS says so.
    """
    out = [_distance_message(net, policy)]
    if marginals == "skipped":
        out.append(Message(
            code="MARGINALS_SKIPPED", level="warning", params={},
            text="The time limit was reached before the marginal values of some sites were "
                 "computed; those sites show none."))
    elif marginals == "exact":
        out.append(Message(
            code="MARGINALS", params={"blanks_step": BLANKS_STEP},
            text=f"Marginal values are exact: cards are the most all tiers together could "
                 f"print with one more printer-day (cards_per_printer_day more capacity), or "
                 f"{BLANKS_STEP} more blanks in stock, at that one site; km saved are the "
                 f"resident-km one more card of capacity, or one more blank, at that site "
                 f"saves with every tier total and equity share held."))
    kept = blanks - int(shipped.sum())
    by_lots = 0 if kept_without_lots is None else max(0, kept - max(kept_without_lots,
                                                                    policy.reserve))
    if by_lots > 0:
        unused = kept - policy.reserve - by_lots
        out.append(Message(
            code="BLANKS_KEPT_CENTRAL_LOTS",
            params={"kept": kept, "reserve": policy.reserve, "lot_kept": by_lots,
                    "lot_size": policy.lot_size, "unusable": unused},
            text=f"{kept} blanks stay at the central office: {policy.reserve} as the reserve, "
                 f"{by_lots} because shipments are whole lots of {policy.lot_size} (the plan "
                 f"without lots ships them; what is left is less than a lot an office can "
                 f"use) and {unused} that no office could print in the horizon for residents "
                 f"within reach (printer capacity, storage or the backlog itself is the "
                 f"limit)."))
    elif kept > 0:
        unused = kept - policy.reserve
        out.append(Message(
            code="BLANKS_KEPT_CENTRAL",
            params={"kept": kept, "reserve": policy.reserve, "unusable": unused},
            text=f"{kept} blanks stay at the central office: {policy.reserve} as the reserve and "
                 f"{unused} that no office could print in the horizon for residents within "
                 f"reach (printer capacity, storage or the backlog itself is the limit)."))
    if not policy.equity:
        out.append(Message(code="EQUITY_OFF", params={},
                           text="Equity between districts was not optimized (equity: false)."))
    if not equity_complete:
        rounds = Budget.of(policy.time_limit_s).left
        out.append(Message(
            code="EQUITY_TIME_LIMIT", level="warning",
            params={"time_limit_s": policy.time_limit_s, "rounds": rounds},
            text=f"The work budget of the time limit ({policy.time_limit_s} s, "
                 f"{rounds:,} round{'' if rounds == 1 else 's'} of filling, the same on any "
                 f"machine) stopped the equity stage early; the plan is valid and prints as "
                 f"many cards per tier, but some districts' or areas' shares were not "
                 f"balanced."))
    if policy.lot_size > 1:
        out.append(Message(
            code="LOT_ROUNDING", level="warning" if lost_to_lots else "info",
            params={"lot_size": policy.lot_size, "cards_lost": lost_to_lots,
                    "proven_optimal": int(lots_proven)},
            text=f"Shipments are whole lots of {policy.lot_size}; this costs {lost_to_lots} "
                 f"cards against the plan without lots"
                 + ("." if lots_proven else " (lot choice not proven optimal in the time limit).")))
    stranded_stock = np.flatnonzero(net.stock > np.maximum(printed, net.capacity))
    for s in stranded_stock:
        out.append(Message(
            code="STOCK_BEYOND_CAPACITY", level="warning",
            params={"site_id": net.site_ids[s], "stock": int(net.stock[s]),
                    "capacity": int(net.capacity[s])},
            text=f"Site {net.site_ids[s]} holds {int(net.stock[s]):,} blanks but can print "
                 f"only {int(net.capacity[s]):,} in the horizon; move the surplus."))
    return out


def with_lot_cost(plan: Plan, lot_free: Plan) -> Plan:
    """The lot plan with kpis.lot_cost against the lot-free plan, also in LOT_ROUNDING."""
    def drop(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else round(a - b, 6)

    k, free = plan.kpis, lot_free.kpis
    cost = LotCost(
        cards_by_tier={t: free.cards_by_tier[t] - k.cards_by_tier[t] for t in plan.tiers},
        coverage_min_by_tier={t: drop(free.coverage_min_by_tier[t], k.coverage_min_by_tier[t])
                              for t in plan.tiers},
        resident_km=round(k.resident_km_total - free.resident_km_total, 3))
    messages = []
    for m in plan.messages:
        if m.code == "LOT_ROUNDING":
            params = {**m.params, "resident_km": cost.resident_km}
            params.update({f"coverage_min_{t}": v for t, v in cost.coverage_min_by_tier.items()})
            m = m.model_copy(update={"params": params, "text": m.text.rstrip(".") + (
                "; lowest district coverage per tier falls by "
                + ", ".join(f"{t} {'-' if v is None else f'{100 * v:.2f} points'}"
                            for t, v in cost.coverage_min_by_tier.items())
                + f"; resident-km change by {cost.resident_km:+,.3f}.")})
        messages.append(m)
    return plan.model_copy(update={"kpis": k.model_copy(update={"lot_cost": cost}),
                                   "messages": tuple(messages)})


def strongest_marginals(net: Network, marginals: Marginals,
                        prices: ShadowPrices) -> list[Message]:
    """Where a second printer (or more blanks) helps most: at most one message of each kind.

    MARGINAL_PRINTER names the site with the most cards per printer-day (ties: the
    most km saved per card of capacity, then the first id); when no site gains a
    card (supply binds), the site with the most km saved per card of capacity.
    """
    out: list[Message] = []
    days = marginals.per_printer_day
    km_cap = prices.km_per_card_capacity
    if any(d is None for d in days) or any(k is None for k in km_cap):
        return out
    best = max(range(net.n_sites), key=lambda s: (days[s] or 0, km_cap[s] or 0.0, -s))
    cards, km = days[best] or 0, km_cap[best] or 0.0
    if cards > 0 or km > 0:
        site = net.site_ids[best]
        out.append(Message(
            code="MARGINAL_PRINTER",
            params={"site_id": site, "cards_per_printer_day": cards,
                    "km_saved_per_card_capacity": km},
            text=f"A second printer helps most at {site}: each extra printer-day prints "
                 f"{cards} more cards, and each extra card of capacity saves {km} "
                 f"resident-km."))
    km_blank = prices.km_per_blank
    best_blank = max(range(net.n_sites), key=lambda s: (km_blank[s] or 0.0, -s))
    if (km_blank[best_blank] or 0.0) > 0:
        site = net.site_ids[best_blank]
        out.append(Message(
            code="MARGINAL_BLANK",
            params={"site_id": site, "km_saved_per_blank": km_blank[best_blank]},
            text=f"One more blank helps travel most at {site}: it saves "
                 f"{km_blank[best_blank]} resident-km."))
    return out


def _distance_message(net: Network, policy: Policy) -> Message:
    measured = net.pairs.measured
    computed = len(net.pairs.km) - measured
    return Message(
        code="DISTANCES",
        params={"road_factor": policy.road_factor, "measured_pairs": measured,
                "computed_pairs": computed, "max_travel_km": policy.max_travel_km},
        text=f"{computed} allowed area-site distances computed as great-circle km x "
             f"{policy.road_factor} (road factor), {measured} taken from the distance table; "
             + ("no travel limit." if policy.max_travel_km is None
                else f"travel limit {policy.max_travel_km} km outside one's own district."))
