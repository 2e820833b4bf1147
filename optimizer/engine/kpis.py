"""What a planner needs to defend a plan: KPIs and messages (what limits each office and
kecamatan: optimizer.engine.limits)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import repeat
from operator import truediv
from typing import Literal

import numpy as np

from optimizer.engine.marginals import BLANKS_STEP, Marginals
from optimizer.engine.model import Budget, IntArray
from optimizer.engine.narrow import column_totals, row_totals
from optimizer.engine.network import Network
from optimizer.engine.shadow import ShadowPrices
from optimizer.engine.wording import counted, direction, num
from optimizer.engine.wording import km as km_text
from optimizer.schema import Instance, Kpis, LotCost, Message, Plan, Policy

# The city's own civil-registry office, by its name or id (`central_sites`): not a
# kecamatan office, though it stands in one; a UPT (a branch) or a kecamatan's office
# named after the Dinas is one of its kecamatan.
_CENTRAL = re.compile(r"(?i)\b(?:disdukcapil|dukcapil|dinas\s+kependudukan|central\s+office|"
                      r"kantor\s+pusat)\b")
_BRANCH = re.compile(r"(?i)\b(?:upt|kec|kecamatan|camat)\b")


def central_sites(instance: Instance | None) -> set[str]:
    """The sites that are the central office (the Disdukcapil), by name or id: their
    blanks are the central office's own printers', for residents of every kecamatan, and
    the reports by kecamatan leave them out of the kecamatan they stand in (tester qa11a:
    Palembang's DISDUKCAPIL, in 16.71.04, was counted in 16.71.04's blanks). Only when one
    site is so named: offices each a Disdukcapil (a kabupaten's, in a province) are none."""
    if instance is None:
        return set()
    found = {site.site_id for site in instance.sites
             if any(_CENTRAL.search(text) and not _BRANCH.search(text)
                    for text in (site.name or "", site.site_id))}
    # One city's office, or none: a province's instance of one Disdukcapil a kabupaten
    # (data/indonesia, 514) has no central office among its sites.
    return found if len(found) == 1 else set()


def district_limits(plan: Plan) -> dict[str, str]:
    """What limits each district, for a planner: the reason of its highest-priority tier
    with residents still waiting (every tier counts: a kecamatan with no first-time
    backlog but replacements waiting for the shipment is limited by `supply`), `none`
    when every tier of it is served. District order as in `plan.districts`; the reasons
    are the plan's own `unmet_reason` (optimizer.engine.limits: `lot_size` when the lots
    keep the blanks that would serve it central)."""
    limits: dict[str, str] = {}
    for line in plan.districts:  # by district, then tier priority
        if limits.get(line.district_id, "none") == "none":
            limits[line.district_id] = line.unmet_reason if line.unmet else "none"
    return limits


def kpis(net: Network, blanks: int, cards: IntArray, district_served: IntArray,
         district_backlog: IntArray, shipped: IntArray, printed: IntArray,
         lost_to_lots: int) -> Kpis:
    """The plan's `Kpis` from the stages' arrays.

    `cards` is (pairs, tiers); `district_served` and `district_backlog` are
    (districts, tiers); `shipped` and `printed` are (sites,). Kilometres are the
    network's pair km (to the metre); coverage is served / backlog (`coverage_range`).
    """
    per_pair = row_totals(cards)
    total_cards = int(per_pair.sum())
    resident_km = float((per_pair * net.pairs.km).sum())
    ranges = [coverage_range(zip(district_served[:, c].tolist(),
                                 district_backlog[:, c].tolist(), strict=True))
              for c in range(net.n_tiers)]
    used = per_pair > 0
    per_tier = column_totals(cards)
    blanks_shipped = int(shipped.sum())
    return Kpis(
        cards_by_tier=dict(zip(net.tiers, per_tier, strict=True)),
        coverage_min_by_tier={t: ranges[c][0] for c, t in enumerate(net.tiers)},
        coverage_max_by_tier={t: ranges[c][1] for c, t in enumerate(net.tiers)},
        resident_km_total=round(resident_km, 3),
        resident_km_mean=round(resident_km / total_cards, 6) if total_cards else 0.0,
        max_km=round(float(net.pairs.km[used].max()), 3) if used.any() else 0.0,
        blanks_shipped=blanks_shipped,
        blanks_kept_central=blanks - blanks_shipped,
        blanks_stranded=int(stranded(net.stock, shipped, printed).sum()),
        cards_lost_to_lots=lost_to_lots,
    )


def stranded(stock: IntArray, shipped: IntArray, printed: IntArray) -> IntArray:
    """Shipped blanks each site will not print in the horizon: clip(stock + x - printed, 0, x).

    Stock is used first (model.md, stage 4). Arrays of one value per site, in blanks;
    the one definition used by the engine's KPIs, `evaluate` and the policy metrics.
    """
    # np.clip's own definition, without its wrapper's checks (~10 us a call, 3 a plan).
    return np.asarray(np.minimum(np.maximum(stock + shipped - printed, 0), shipped),
                      dtype=np.int64)


def coverage(served: int, backlog: int) -> float | None:
    """A district-tier's coverage served / backlog (a 0-1 ratio, 6 decimals); None without
    backlog."""
    return round(served / backlog, 6) if backlog else None


def coverages(served: IntArray, backlog: IntArray) -> list[float | None]:
    """`coverage` of each (served[i], backlog[i]) in numpy (a national plan has ~170,000
    area-tiers): the same Python floats, None without backlog.

    round(x, 6) is the double nearest the decimal nearest x (ties to even, on x's exact
    value). With counts below 2^53, served / backlog in float64 is Python's own quotient
    (both exact, one correctly rounded division); x * 1e6 is then within 2^-53 * 1e6 of
    its exact value, so its nearest integer r is the decimal's digits unless it lies
    within 1e-6 of a half (those few take Python's round), and r / 1e6 (both exact, one
    correctly rounded division) is the double nearest the decimal, as round gives it.
    A province's 6,900 area-tiers: ~1.4 ms by Python's round, ~0.3 ms so.
    """
    waiting = backlog > 0
    if len(backlog) and max(int(served.max()), int(backlog.max())) >= 2**53:
        return _coverages_exactly(served, backlog)
    ratio = served / np.where(waiting, backlog, 1)
    scaled = ratio * 1e6
    values = (np.rint(scaled) / 1e6).astype(object)
    doubt = np.flatnonzero(waiting & ((np.abs(scaled - np.floor(scaled) - 0.5) <= 1e-6)
                                      | (scaled >= 1e9)))
    if len(doubt):
        values[doubt] = [round(x, 6) for x in ratio[doubt].tolist()]
    values[~waiting] = None
    return values.tolist()  # type: ignore[no-any-return]


def _coverages_exactly(served: IntArray, backlog: IntArray) -> list[float | None]:
    """`coverage` of each pair by Python's own division and round (counts of any size)."""
    waiting = backlog > 0
    out = np.full(len(backlog), None, dtype=object)
    out[waiting & (served == 0)] = 0.0
    out[waiting & (served == backlog)] = 1.0
    part = waiting & (served != 0) & (served != backlog)
    ratios = map(truediv, served[part].tolist(), backlog[part].tolist())
    out[part] = list(map(round, ratios, repeat(6)))
    return out.tolist()


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
             kept_without_lots: int | None = None, marginals_without_lots: bool = False,
             lot_choice_cut: bool = False) -> list[Message]:
    """The standard messages of a plan, in a fixed order (codes are stable, text English).

    `marginals` says whether marginal values were computed for every site
    (`exact`), cut by the time limit (`skipped`) or not asked for (`none`).
    `kept_without_lots`: the blanks the lot-free plan of the same input keeps at the
    central office (None without lots); the blanks this plan keeps beyond it are kept
    because of the lots, and BLANKS_KEPT_CENTRAL_LOTS says so.
    `marginals_without_lots`: the sites' marginal values are those of the lot-free plan
    (a lot plan's; MARGINALS says so). `lot_choice_cut`: the time limit stopped the
    lot choice for the tiers before it was proven (the blanks the lots keep and the
    cards per tier may differ under a longer limit; the messages say so).
    """
    out = [_distance_message(net, policy)]
    if marginals == "skipped":
        out.append(Message(
            code="MARGINALS_SKIPPED", level="warning", params={},
            text="The time limit was reached before the marginal values of some sites were "
                 "computed; those sites show none."))
    elif marginals == "exact" and marginals_without_lots:
        out.append(Message(
            code="MARGINALS", params={"blanks_step": BLANKS_STEP, "without_lots": 1},
            text=f"Marginal values are those of the plan without lots, exact there: cards are "
                 f"the most all tiers together could print, blanks shipped without lots, with "
                 f"one more printer-day (cards_per_printer_day more capacity), or "
                 f"{num(BLANKS_STEP)} more blanks in stock, at that one site; km saved are the "
                 f"resident-km one more card of capacity, or one more blank, at that site "
                 f"saves in that plan with every tier total and equity share held. A plan in "
                 f"whole lots may gain less or more (re-plan to see)."))
    elif marginals == "exact":
        out.append(Message(
            code="MARGINALS", params={"blanks_step": BLANKS_STEP},
            text=f"Marginal values are exact: cards are the most all tiers together could "
                 f"print with one more printer-day (cards_per_printer_day more capacity), or "
                 f"{num(BLANKS_STEP)} more blanks in stock, at that one site; km saved are the "
                 f"resident-km one more card of capacity, or one more blank, at that site "
                 f"saves with every tier total and equity share held."))
    kept = blanks - int(shipped.sum())
    by_lots = 0 if kept_without_lots is None else max(0, kept - max(kept_without_lots,
                                                                    policy.reserve))
    if kept > 0:
        out.append(kept_message(kept, policy.reserve, by_lots, policy.lot_size,
                                lot_choice_cut=lot_choice_cut,
                                pinned=bool(policy.pinned_shipments)))
    if not policy.equity:
        out.append(Message(code="EQUITY_OFF", params={},
                           text="Equity between districts was not optimized (equity: false)."))
    if not equity_complete:
        rounds = Budget.of(policy.time_limit_s).left
        head = (f"The work budget of the time limit ({num(policy.time_limit_s)} s, "
                f"{counted(rounds, '{n} round', '{n} rounds')} of filling, the same on any "
                f"machine) stopped the equity stage early; ")
        # With lots whose choice the limit also cut, a longer limit may print more cards:
        # "as many cards per tier" (as the stage uncut would) is then not known.
        out.append(Message(
            code="EQUITY_TIME_LIMIT", level="warning",
            params={"time_limit_s": policy.time_limit_s, "rounds": rounds,
                    "lot_choice_cut": 1} if lot_choice_cut else
            {"time_limit_s": policy.time_limit_s, "rounds": rounds},
            text=head + ("the plan is valid, but some districts' or areas' shares were not "
                         "balanced, and the lot choice, also stopped, may print fewer cards "
                         "per tier than under a longer limit." if lot_choice_cut else
                         "the plan is valid and prints as many cards per tier, but some "
                         "districts' or areas' shares were not balanced.")))
    if policy.lot_size > 1:
        out.append(Message(
            code="LOT_ROUNDING", level="warning" if lost_to_lots else "info",
            params={"lot_size": policy.lot_size, "cards_lost": lost_to_lots,
                    "proven_optimal": int(lots_proven)},
            text=f"Shipments are whole lots of {num(policy.lot_size)}; this costs "
                 f"{counted(lost_to_lots, '{n} card', '{n} cards')} against the plan without lots"
                 + ("." if lots_proven else " (lot choice not proven optimal in the time limit).")))
    stranded_stock = np.flatnonzero(net.stock > np.maximum(printed, net.capacity))
    for s in stranded_stock:
        out.append(Message(
            code="STOCK_BEYOND_CAPACITY", level="warning",
            params={"site_id": net.site_ids[s], "stock": int(net.stock[s]),
                    "capacity": int(net.capacity[s])},
            text=f"Site {net.site_ids[s]} holds "
                 f"{counted(int(net.stock[s]), '{n} blank', '{n} blanks')} but can print only "
                 f"{num(int(net.capacity[s]))} in the horizon; move the surplus."))
    return out


_KEPT_WHY = {
    # (said alone after the count of blanks kept, said after its own count in a list)
    "reserve": (" as the reserve", "{n} as the reserve"),
    "lots": (" because shipments are whole lots of {lot_size} (the plan without lots ships "
             "them; what is left is less than a lot an office can use)",
             "{n} because shipments are whole lots of {lot_size} (the plan without lots ships "
             "them; what is left is less than a lot an office can use)"),
    # The time limit stopped the lot choice unproven: an office may still use a lot.
    "lots_cut": (" because shipments are whole lots of {lot_size} and the time limit stopped "
                 "the lot choice before it placed them (the plan without lots ships them; a "
                 "longer time limit may place some)",
                 "{n} because shipments are whole lots of {lot_size} and the time limit "
                 "stopped the lot choice before it placed them (the plan without lots ships "
                 "them; a longer time limit may place some)"),
    # The lookahead's: blanks the horizon ships in a later period, printed there.
    "held": (" for later printing: the horizon ships them to the offices from period "
             "{held_period} on",
             "{n} for later printing (the horizon ships them to the offices from period "
             "{held_period} on)"),
    "unusable": (": no office could print them in the horizon for residents within reach "
                 "(printer capacity, storage or the backlog itself is the limit)",
                 "{n} that no office could print in the horizon for residents within reach "
                 "(printer capacity, storage or the backlog itself is the limit)"),
    # With pinned shipments the pinned offices take no more than their pins (tester qa10:
    # 5,006 blanks left central by pins 10 % below the optimal shipments were said to be
    # blanks "no office could print", with every office printing below its capacity).
    "unusable_pinned": (": the pinned offices receive only their pinned shipments and no "
                        "other office could print them in the horizon for residents within "
                        "reach (compare with the optimal plan: blanko evaluate)",
                        "{n} that the pinned offices do not receive (only their pinned "
                        "shipments) and no other office could print in the horizon for "
                        "residents within reach"),
}


def kept_reasons(reserve: int, by_lots: int, unused: int, *, held: int = 0,
                 lot_choice_cut: bool = False, pinned: bool = False) -> list[tuple[str, int]]:
    """The reasons that keep any blanks at the central office, in the message's order:
    (reason, blanks) with reason one of reserve, lots (or lots_cut when the time limit
    stopped the lot choice unproven), held (the lookahead ships them later), unusable
    (unusable_pinned when shipments are pinned: the pinned offices may be the ones that
    could print them)."""
    lots = "lots_cut" if lot_choice_cut else "lots"
    unusable = "unusable_pinned" if pinned else "unusable"
    return [(why, n) for why, n in (("reserve", reserve), (lots, by_lots), ("held", held),
                                    (unusable, unused)) if n > 0]


def kept_message(kept: int, reserve: int, by_lots: int, lot_size: int, *,
                 lot_choice_cut: bool = False, held: int = 0,
                 held_period: int | None = None, pinned: bool = False) -> Message:
    """BLANKS_KEPT_CENTRAL (BLANKS_KEPT_CENTRAL_LOTS when lots keep any): why `kept` blanks
    stay at the central office: `reserve`, `by_lots` kept by the lots (`lot_choice_cut`:
    the time limit stopped the lot choice unproven), `held` that the lookahead's horizon
    ships from period `held_period` on, the rest unusable in the horizon (`pinned`: by the
    offices whose shipments are not pinned; params `pinned` 1)."""
    unused = kept - reserve - by_lots - held
    # Fewer blanks left to ship than one lot: no lot can leave, whatever the time limit
    # (tester qa9: 987 blanks of lots of 3,001 were blamed on the time limit).
    lot_choice_cut = lot_choice_cut and kept - reserve - held >= lot_size
    params: dict[str, str | int | float | None] = {"kept": kept, "reserve": reserve}
    if by_lots > 0:
        params.update({"lot_kept": by_lots, "lot_size": lot_size})
        if lot_choice_cut:
            params["lot_choice_cut"] = 1
    if held > 0:
        params.update({"held": held, "held_period": held_period})
    params["unusable"] = unused
    pinned = pinned and unused > 0
    if pinned:
        params["pinned"] = 1
    reasons = kept_reasons(reserve, by_lots, unused, held=held,
                           lot_choice_cut=lot_choice_cut, pinned=pinned)
    head = counted(kept, "{n} blank stays", "{n} blanks stay") + " at the central office"

    def fill(text: str, n: int = 0) -> str:
        return (text.replace("{n}", num(n)).replace("{lot_size}", num(lot_size))
                .replace("{held_period}", str(held_period)))

    if len(reasons) < 2:
        text = f"{head}{fill(_KEPT_WHY[reasons[0][0]][0]) if reasons else ''}."
    else:
        listed = [fill(_KEPT_WHY[why][1], n) for why, n in reasons]
        text = f"{head}: {', '.join(listed[:-1])} and {listed[-1]}."
    if by_lots > 0:
        return Message(code="BLANKS_KEPT_CENTRAL_LOTS", params=params, text=text)
    return Message(code="BLANKS_KEPT_CENTRAL", params=params, text=text)


def time_limit_capped(asked_s: float, cap_s: float) -> Message:
    """TIME_LIMIT_CAPPED (warning): a service made the plan with `cap_s` seconds where
    `asked_s` were asked for (its cap on policy.time_limit_s, api/settings.py)."""
    return Message(code="TIME_LIMIT_CAPPED", level="warning",
                   params={"asked_s": asked_s, "cap_s": cap_s},
                   text=f"The time limit asked for ({num(asked_s)} s) is above this service's "
                        f"cap: the plan was made with {num(cap_s)} s "
                        f"(BLANKO_MAX_TIME_LIMIT_S); the CLI and the library take any limit.")


MAX_LISTED = 10  # sites named in one message; the rest are counted ("and 5 more")


def stranded_messages(net: Network, policy: Policy, shipped: IntArray,
                      printed: IntArray) -> list[Message]:
    """Why blanks shipped will not be printed in the horizon (model.md S4: "the plan says
    how many and why"), one message per cause, sites listed with their blanks.

    `shipped` and `printed` are (sites,) blanks and cards; stranded as `stranded`.
    - PINS_STRANDED (warning): at pinned sites (`policy.pinned_shipments`): the pins
      ship more than those sites print. The plan is optimal given the pins only.
    - BLANKS_STRANDED_LOTS: at other sites when `policy.lot_size` > 1: each needs part
      of a last lot for what it prints, and a lot is not split (the engine ships the
      fewest whole lots covering what a site prints, so fewer than one lot each).
    - BLANKS_STRANDED, one per site, for anything else (a baseline's rule, or a
      lookahead's blanks for applicants forecast to arrive): `capacity` when the site
      prints at capacity, else `backlog`.
    """
    left = stranded(net.stock, shipped, printed)
    pinned = np.array([s in policy.pinned_shipments for s in net.site_ids], dtype=bool)
    out: list[Message] = []
    at_pins = np.flatnonzero(pinned & (left > 0)).tolist()
    if at_pins:
        total, sites = int(left[at_pins].sum()), _site_amounts(net, left, at_pins)
        out.append(Message(
            code="PINS_STRANDED", level="warning",
            params={"stranded": total, "count": len(at_pins), "sites": sites},
            text=f"The pinned shipments strand {counted(total, '{n} blank', '{n} blanks')} "
                 f"at {counted(len(at_pins), '{n} office', '{n} offices')} that will not "
                 f"print them in the horizon ({sites}): the plan is optimal given the pins, "
                 f"not for the shipment; compare it with the optimal plan (blanko evaluate, "
                 f"POST /v1/plans/evaluate)."))
    rest = np.flatnonzero(~pinned & (left > 0)).tolist()
    if rest and policy.lot_size > 1:
        total, sites = int(left[rest].sum()), _site_amounts(net, left, rest)
        out.append(Message(
            code="BLANKS_STRANDED_LOTS", level="warning",
            params={"stranded": total, "count": len(rest), "sites": sites,
                    "lot_size": policy.lot_size},
            text=f"{counted(total, '{n} blank arrives', '{n} blanks arrive')} at "
                 f"{counted(len(rest), '{n} office', '{n} offices')} in whole lots of "
                 f"{num(policy.lot_size)} and will not be printed in the horizon ({sites}): "
                 f"each of these offices prints only part of its last lot, and a lot is not "
                 f"split."))
        rest = []
    out.extend(site_stranded_messages(net, left, printed, rest))
    return out


def site_stranded_messages(net: Network, left: IntArray, printed: IntArray,
                           sites: Iterable[int]) -> list[Message]:
    """BLANKS_STRANDED for each of `sites` (indices): `left` blanks it will not print,
    because its printers are full (`capacity`) or nobody it may serve waits (`backlog`)."""
    out = []
    for s in sites:
        why = "capacity" if printed[s] >= net.capacity[s] else "backlog"
        reason = ("its printers cannot print them in the horizon" if why == "capacity"
                  else "nobody it may serve is left waiting")
        out.append(Message(
            code="BLANKS_STRANDED", level="warning",
            params={"site_id": net.site_ids[s], "stranded": int(left[s]), "limit": why},
            text=f"Site {net.site_ids[s]} receives "
                 f"{counted(int(left[s]), '{n} blank', '{n} blanks')} it will not print: "
                 f"{reason}."))
    return out


def _site_amounts(net: Network, left: IntArray, sites: list[int]) -> str:
    """'S1: 30, S2: 5 and 3 more': the first MAX_LISTED sites with their blanks."""
    shown = ", ".join(f"{net.site_ids[s]}: {num(int(left[s]))}" for s in sites[:MAX_LISTED])
    more = len(sites) - MAX_LISTED
    return shown + (f" and {num(more)} more" if more > 0 else "")


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
                "; lowest district coverage per tier: "
                + ", ".join(_coverage_change(t, v) for t, v in cost.coverage_min_by_tier.items())
                + f"; resident-km {_km_change(cost.resident_km)}.")})
        messages.append(m)
    return plan.model_copy(update={"kpis": k.model_copy(update={"lot_cost": cost}),
                                   "messages": tuple(messages)})


def _coverage_change(tier: str, drop: float | None) -> str:
    """One tier's least district coverage with lots against without, in words: the lots'
    `drop` (a 0-1 ratio, positive when coverage falls) as points, never signed."""
    if drop is None:
        return f"{tier} none waiting"
    points = round(100 * drop, 2)
    way = direction(-points)
    if way == "same":
        return f"{tier} unchanged"
    return f"{tier} {'rises' if way == 'rise' else 'falls'} by {abs(points):,.2f} points"


def _km_change(change: float) -> str:
    """Resident-km with lots against without, in words ("rise by 17.8", one decimal as
    wording.km writes km)."""
    way = direction(round(change, 3))
    return "unchanged" if way == "same" else f"{way} by {km_text(abs(change))}"


def strongest_marginals(net: Network, marginals: Marginals, prices: ShadowPrices, *,
                        without_lots: bool = False) -> list[Message]:
    """Where a second printer (or more blanks) helps most: at most one message of each kind.

    MARGINAL_PRINTER names the site with the most cards per printer-day (ties: the
    most km saved per card of capacity, then the first id); when no site gains a
    card (supply binds), the site with the most km saved per card of capacity.
    `without_lots`: the values are the lot-free plan's (a lot plan's); the messages
    say "in the plan without lots" and carry the param `without_lots` 1.
    """
    out: list[Message] = []
    days = marginals.per_printer_day
    km_cap = prices.km_per_card_capacity
    if any(d is None for d in days) or any(k is None for k in km_cap):
        return out
    best = max(range(net.n_sites), key=lambda s: (days[s] or 0, km_cap[s] or 0.0, -s))
    cards, km = days[best] or 0, km_cap[best] or 0.0
    if cards > 0 or km > 0:
        out.append(_printer_message(net.site_ids[best], cards, km, without_lots,
                                    idle=int(net.capacity[best]) == 0))
    km_blank = prices.km_per_blank
    best_blank = max(range(net.n_sites), key=lambda s: (km_blank[s] or 0.0, -s))
    if (km_blank[best_blank] or 0.0) > 0:
        site = net.site_ids[best_blank]
        where = f"{site} in the plan without lots" if without_lots else site
        params: dict[str, str | int | float | None] = {
            "site_id": site, "km_saved_per_blank": km_blank[best_blank]}
        if without_lots:
            params["without_lots"] = 1
        out.append(Message(
            code="MARGINAL_BLANK", params=params,
            text=f"One more blank helps travel most at {where}: it saves "
                 f"{km_text(km_blank[best_blank] or 0.0)} resident-km."))
    return out


def _printer_message(site: str, cards: int, km: float, without_lots: bool = False, *,
                     idle: bool = False) -> Message:
    """MARGINAL_PRINTER: what one more printer at `site` gains, naming only what is
    gained (never "0 more cards" nor "saves 0 resident-km"; at least one is > 0);
    `without_lots`: in the lot-free plan (a lot plan's values). `idle`: the site prints
    nothing now (0 printers, or 0 days): not "a second printer" (tester qa11a: said of an
    office with no printer), but a printer at an office that prints nothing now; the
    message then carries the param `idle` 1."""
    gain = f"each extra printer-day prints {counted(cards, '{n} more card', '{n} more cards')}"
    saving = f"each extra card of capacity saves {km_text(km)} resident-km"
    where = f"{site} in the plan without lots" if without_lots else site
    which = (f"A printer at {where}, which prints nothing now, helps most" if idle
             else f"A second printer helps most at {where}")
    if cards > 0 and km > 0:
        text = f"{which}: {gain}, and {saving}."
    elif cards > 0:
        text = f"{which}: {gain}."
    else:
        text = (f"More printing capacity helps travel most at {where}: {saving} (the "
                f"shipment, not the printers, limits the cards).")
    params: dict[str, str | int | float | None] = {
        "site_id": site, "cards_per_printer_day": cards, "km_saved_per_card_capacity": km}
    if without_lots:
        params["without_lots"] = 1
    if idle and cards > 0:
        params["idle"] = 1
    return Message(code="MARGINAL_PRINTER", params=params, text=text)


def _distance_message(net: Network, policy: Policy) -> Message:
    """DISTANCES: how the allowed pairs' km were found, naming only what happened (no
    "0 computed" when the distance table gives every pair, nor "0 taken from the table")."""
    measured = net.pairs.measured
    computed = len(net.pairs.km) - measured
    parts = []
    if computed:
        parts.append(counted(computed, "{n} allowed area-site distance",
                             "{n} allowed area-site distances")
                     + f" computed as great-circle km x {num(policy.road_factor)} (road factor)")
    if measured:
        taken = "taken from the distance table"
        parts.append(f"{num(measured)} {taken}" if computed else counted(
            measured, "{n} allowed area-site distance", "{n} allowed area-site distances")
            + f" {taken}")
    said = ", ".join(parts) if parts else "No area-site pair is allowed"
    return Message(
        code="DISTANCES",
        params={"road_factor": policy.road_factor, "measured_pairs": measured,
                "computed_pairs": computed, "max_travel_km": policy.max_travel_km},
        text=f"{said}; "
             + ("no travel limit." if policy.max_travel_km is None
                else f"travel limit {num(policy.max_travel_km)} km outside one's own district."))
