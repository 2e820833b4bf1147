"""Recompute a plan's figures and find every broken hard constraint, with no solver.

This module shares no code with the model (only the definitions of coverage and
stranded blanks with the KPIs, `optimizer.engine.kpis`): it reads the plan's shipments and
service lines, measures distances itself and checks model.md's constraints
(1)-(3), the travel rule, the lot size and the policy's pinned shipments line by
line. Tests, benchmarks and the API use it to judge any plan, including one a planner
edited by hand.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from optimizer.engine.kpis import coverage, coverage_range, stranded
from optimizer.schema import (
    Area,
    DistrictFigures,
    Instance,
    Kpis,
    Plan,
    Policy,
    Shipment,
    Site,
    similar_id,
)

EARTH_RADIUS_KM = 6371.0088
KM_TOLERANCE = 0.002


class Violation(BaseModel):
    """One broken rule: a stable code, where, and what."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable code: over_supply, over_stock, over_capacity, "
                                  "over_storage, over_backlog, too_far, km_mismatch, lot_size, "
                                  "pinned, negative, figure_mismatch (a figure the plan "
                                  "states disagrees with its lines), unknown_site, "
                                  "unknown_area, unknown_district or unknown_tier.")
    constraint: str = Field(description="The rule broken, as docs/model.md numbers it: (1), "
                                        "(2a), (2b), (2c), (3), or its name (distance, lot size, "
                                        "pinned shipment, "
                                        "ids, who may be served where).")
    where: str = Field(description="Path of the offending line: shipments/<site_id>, "
                                   "service/<area_id>/<site_id>/<tier>, sites/<site_id> or "
                                   "areas/<area_id>/<tier>; for figure_mismatch the field: "
                                   "sites/<site_id>/printed, areas/<area_id>/<tier>/served, "
                                   "districts/<district_id>/<tier>/unmet, "
                                   "kpis/cards_by_tier/<tier>, kpis/resident_km_total, ...")
    text: str = Field(description="What is wrong, with the figures (cards, blanks, km), in "
                                  "English.")


class Evaluation(BaseModel):
    """A plan judged against its input: figures recomputed, violations listed."""

    model_config = ConfigDict(frozen=True)

    valid: bool = Field(description="True when no hard constraint is broken (no violations).")
    kpis: Kpis = Field(description="The plan's figures recomputed from its shipments and "
                                   "service lines, with distances measured from the input.")
    districts: tuple[DistrictFigures, ...] = Field(
        description="One line per district and tier, recomputed, by district_id then tier "
                    "priority.")
    violations: tuple[Violation, ...] = Field(
        description="Every broken rule, in a fixed order: shipments, service lines, supply, "
                    "sites, backlog, then the plan's stated figures that disagree with its "
                    "lines (sites, areas, districts, kpis).")


def evaluate(instance: Instance, shipment: Shipment, policy: Policy, plan: Plan) -> Evaluation:
    """Every KPI of the plan recomputed from its lines, and every broken constraint.

    The figures come from `plan.shipments` and `plan.service` alone (and
    `kpis.cards_lost_to_lots`, which needs the lot-free plan to recompute): distances
    are measured again from the instance (the distance table, else great-circle km x
    `policy.road_factor`, to the metre) and the hard constraints (1)-(3) of
    docs/model.md, the travel rule, the lot size and the policy's pinned shipments (a
    pinned site must receive exactly its pinned blanks: code `pinned`) are checked line
    by line. Then every figure the plan states beside its lines (`sites`, `areas`,
    `districts`, `kpis`) is compared with the recomputed one: each that disagrees is a
    `figure_mismatch` at the field's path (a plan edited by hand must not pass as valid
    with figures its lines do not give). Never raises on a bad plan: unknown ids,
    negative figures, broken rules and stated figures all become `Violation`s, in a
    fixed order (shipments, service lines, supply, sites, backlog, stated figures).
    """
    sites = {s.site_id: s for s in instance.sites}
    areas = {a.area_id: a for a in instance.areas}
    table = {(d.area_id, d.site_id): d.km for d in instance.distances}
    violations: list[Violation] = []

    shipped: dict[str, int] = defaultdict(int)
    for ship in plan.shipments:
        if ship.site_id not in sites:
            violations.append(_v("unknown_site", "ids", f"shipments/{ship.site_id}",
                                 _not_in("site", ship.site_id, sites)))
            continue
        if ship.blanks < 0:
            violations.append(_v("negative", "x >= 0", f"shipments/{ship.site_id}",
                                 f"{ship.blanks:,} blanks shipped"))
        shipped[ship.site_id] += ship.blanks
    printed: dict[str, int] = defaultdict(int)
    served: dict[tuple[str, str], int] = defaultdict(int)
    km_cards: list[tuple[float, int]] = []
    for line in plan.service:
        problem = _check_service_line(line.area_id, line.site_id, line.tier, line.cards, line.km,
                                      instance, policy, sites, areas, table)
        violations += problem
        if line.site_id in sites and line.area_id in areas and line.tier in instance.tiers:
            printed[line.site_id] += line.cards
            served[(line.area_id, line.tier)] += line.cards
            km_cards.append((_km(areas[line.area_id], sites[line.site_id], table,
                                 policy.road_factor), line.cards))

    violations += _check_supply(shipment, policy, shipped, sites)
    violations += _check_sites(instance, policy, shipped, printed)
    violations += _check_backlog(instance, served)
    districts = _district_lines(instance, served)
    kpis = _kpis(instance, shipment, plan, districts, km_cards, shipped, printed)
    violations += _check_figures(instance, plan, kpis, districts, shipped, printed, served)
    return Evaluation(valid=not violations, kpis=kpis, districts=districts,
                      violations=tuple(violations))


def _not_in(what: str, value: str, known: Mapping[str, object]) -> str:
    """"site X is not in the instance", with the id it may mean when the instance holds it
    but for letter case, invisible characters or the form of its characters (a plan
    edited in a spreadsheet: 'kec-16.71.01', a pasted en dash), as the 422s of pins and
    overrides say it (tester qa10b: the evaluation said only "not in the instance")."""
    same = similar_id(value, known)
    if same is None:
        return f"{what} {value} is not in the instance"
    return (f"{what} {value} is not in the instance: did you mean {same}? It differs only in "
            "letter case, invisible characters or the form of its characters")


def _check_service_line(area_id: str, site_id: str, tier: str, cards: int, km: float,
                        instance: Instance, policy: Policy, sites: Mapping[str, Site],
                        areas: Mapping[str, Area],
                        table: Mapping[tuple[str, str], float]) -> list[Violation]:
    where = f"service/{area_id}/{site_id}/{tier}"
    out = []
    if site_id not in sites:
        out.append(_v("unknown_site", "ids", where, _not_in("site", site_id, sites)))
    if area_id not in areas:
        out.append(_v("unknown_area", "ids", where, _not_in("area", area_id, areas)))
    if tier not in instance.tiers:
        out.append(_v("unknown_tier", "ids", where, f"tier {tier} is not in the instance"))
    if cards < 0:
        out.append(_v("negative", "y >= 0", where, f"{cards:,} cards"))
    if out:
        return out
    area, site = areas[area_id], sites[site_id]
    true_km = _km(area, site, table, policy.road_factor)
    if abs(true_km - km) > KM_TOLERANCE:
        out.append(_v("km_mismatch", "distance", where,
                      f"the plan says {km} km, the input gives {true_km:.3f} km"))
    same_district = area.district_id == site.district_id
    limit = policy.max_travel_km
    # Judged to the metre, like the km the plan reports.
    if not same_district and limit is not None and true_km > _metres(limit) and cards > 0:
        out.append(_v("too_far", "who may be served where", where,
                      f"{true_km:.3f} km is beyond max_travel_km {limit} and the site is in "
                      f"another district"))
    return out


def _check_supply(shipment: Shipment, policy: Policy, shipped: Mapping[str, int],
                  sites: Mapping[str, Site]) -> list[Violation]:
    total = sum(shipped.values())
    allowed = shipment.blanks - policy.reserve
    out = []
    if total > allowed and allowed < 0:
        # No "only -4,000 may leave": a reserve above the shipment is what breaks (1).
        out.append(_v("over_supply", "(1)", "shipments",
                      f"the reserve {policy.reserve:,} is larger than the shipment "
                      f"{shipment.blanks:,}: the central office cannot keep it, whatever is "
                      f"shipped ({total:,} blanks shipped)"))
    elif total > allowed:
        out.append(_v("over_supply", "(1)", "shipments",
                      f"{total:,} blanks shipped but only {allowed:,} may leave the central office "
                      f"({shipment.blanks:,} - reserve {policy.reserve:,})"))
    for site_id, blanks in sorted(shipped.items()):
        if blanks % policy.lot_size:
            out.append(_v("lot_size", "lot size", f"shipments/{site_id}",
                          f"{blanks:,} blanks is not a multiple of the lot size "
                          f"{policy.lot_size:,}"))
    for site_id, pinned in sorted(policy.pinned_shipments.items()):
        planned = shipped.get(site_id, 0)
        if site_id not in sites:
            out.append(_v("unknown_site", "ids", f"shipments/{site_id}",
                          _not_in("site", site_id, sites)))
        elif planned != pinned:
            out.append(_v("pinned", "pinned shipment", f"shipments/{site_id}",
                          f"site {site_id} is pinned at {pinned:,} blanks but the plan ships "
                          f"{planned:,}"))
    return out


def _check_sites(instance: Instance, policy: Policy, shipped: Mapping[str, int],
                 printed: Mapping[str, int]) -> list[Violation]:
    out = []
    for site in instance.sites:
        x, p = shipped.get(site.site_id, 0), printed.get(site.site_id, 0)
        where = f"sites/{site.site_id}"
        if p > site.stock + x:
            out.append(_v("over_stock", "(2a)", where,
                          f"prints {p:,} cards with {site.stock:,} in stock and {x:,} shipped"))
        if p > site.capacity:
            out.append(_v("over_capacity", "(2b)", where,
                          f"prints {p:,} cards, capacity {site.capacity:,}"))
        if site.storage_cap is not None and site.stock + x > site.storage_cap:
            out.append(_v("over_storage", "(2c)", where,
                          f"holds {site.stock + x:,} blanks, storage cap {site.storage_cap:,}"))
    return out


def _check_backlog(instance: Instance, served: Mapping[tuple[str, str], int]) -> list[Violation]:
    out = []
    for area in instance.areas:
        for tier in instance.tiers:
            cards = served.get((area.area_id, tier), 0)
            if cards > area.backlog[tier]:
                out.append(_v("over_backlog", "(3)", f"areas/{area.area_id}/{tier}",
                              f"{cards:,} cards for a backlog of {area.backlog[tier]:,}"))
    return out


def _check_figures(instance: Instance, plan: Plan, kpis: Kpis,
                   districts: tuple[DistrictFigures, ...], shipped: Mapping[str, int],
                   printed: Mapping[str, int],
                   served: Mapping[tuple[str, str], int]) -> list[Violation]:
    """Every figure the plan states beside its lines (its site, area and district lines
    and its KPIs) against the same figure recomputed from its shipments and service lines
    and the input: code `figure_mismatch`, at the field's path. A plan edited by hand
    (tester qa9: an area served 5,298 of 893) was `valid` while only its lines were read.
    Lines the plan leaves out are not required (a plan may omit its area lines); lines of
    ids or tiers the input does not know are named."""
    out: list[Violation] = []

    def differs(where: str, said: float | None, true: float | None,
                tolerance: float = 0.0) -> None:
        if said is None or true is None:
            if said != true:
                out.append(_mismatch(where, said, true))
        elif abs(said - true) > tolerance:
            out.append(_mismatch(where, said, true))

    sites = {s.site_id: s for s in instance.sites}
    for line in plan.sites:
        where = f"sites/{line.site_id}"
        site = sites.get(line.site_id)
        if site is None:
            out.append(_v("unknown_site", "ids", where,
                          _not_in("site", line.site_id, sites)))
            continue
        differs(f"{where}/blanks", line.blanks, shipped.get(line.site_id, 0))
        differs(f"{where}/printed", line.printed, printed.get(line.site_id, 0))
        differs(f"{where}/stock", line.stock, site.stock)
        # A plan may state the capacity of a horizon shorter than the input's working days
        # (the lookahead's plan: the days until the next tranche, studies/lookahead.py),
        # never more: (2b) is checked above against the input's own capacity.
        if line.capacity > site.capacity:
            out.append(_mismatch(f"{where}/capacity", line.capacity, site.capacity))
    areas = {a.area_id: a for a in instance.areas}
    for area_line in plan.areas:
        where = f"areas/{area_line.area_id}/{area_line.tier}"
        area = areas.get(area_line.area_id)
        if area is None or area_line.tier not in instance.tiers:
            out.append(_v("unknown_area" if area is None else "unknown_tier", "ids", where,
                          _not_in("area", area_line.area_id, areas) if area is None
                          else f"tier {area_line.tier} is not in the instance"))
            continue
        got, backlog = served.get((area.area_id, area_line.tier), 0), area.backlog[area_line.tier]
        differs(f"{where}/served", area_line.served, got)
        differs(f"{where}/backlog", area_line.backlog, backlog)
        differs(f"{where}/coverage", area_line.coverage, coverage(got, backlog), 1e-6)
    recomputed = {(d.district_id, d.tier): d for d in districts}
    for district_line in plan.districts:
        where = f"districts/{district_line.district_id}/{district_line.tier}"
        true = recomputed.get((district_line.district_id, district_line.tier))
        if true is None:
            out.append(_v("unknown_district", "ids", where,
                          f"district {district_line.district_id} and tier "
                          f"{district_line.tier} are not in the instance"))
            continue
        for name in ("backlog", "served", "unmet"):
            differs(f"{where}/{name}", getattr(district_line, name), getattr(true, name))
        differs(f"{where}/coverage", district_line.coverage, true.coverage, 1e-6)
    if plan.status == "infeasible" and not plan.shipments and not plan.service:
        return out  # an infeasible plan's KPIs are its zeros, whatever they were
    said = plan.kpis
    for tier in instance.tiers:
        differs(f"kpis/cards_by_tier/{tier}", said.cards_by_tier.get(tier, 0),
                kpis.cards_by_tier[tier])
        differs(f"kpis/coverage_min_by_tier/{tier}", said.coverage_min_by_tier.get(tier),
                kpis.coverage_min_by_tier[tier], 1e-6)
        differs(f"kpis/coverage_max_by_tier/{tier}", said.coverage_max_by_tier.get(tier),
                kpis.coverage_max_by_tier[tier], 1e-6)
    cards = sum(kpis.cards_by_tier.values())
    # km: each line's km is to the metre, so its cards' km may differ by half a metre each.
    differs("kpis/resident_km_total", said.resident_km_total, kpis.resident_km_total,
            KM_TOLERANCE * cards + 0.01)
    differs("kpis/resident_km_mean", said.resident_km_mean, kpis.resident_km_mean,
            KM_TOLERANCE + 1e-6)
    differs("kpis/max_km", said.max_km, kpis.max_km, KM_TOLERANCE)
    differs("kpis/blanks_shipped", said.blanks_shipped, kpis.blanks_shipped)
    differs("kpis/blanks_stranded", said.blanks_stranded, kpis.blanks_stranded)
    return out


def _mismatch(where: str, said: float | None, true: float | None) -> Violation:
    def shown(value: float | None) -> str:
        if value is None:
            return "null"  # as the plan's JSON writes it (a coverage without backlog)
        return f"{value:,}" if isinstance(value, int) else f"{value:g}"

    return _v("figure_mismatch", "figures", where,
              f"the plan says {shown(said)}, its lines and the input give {shown(true)}")


def _district_lines(instance: Instance,
                    served: Mapping[tuple[str, str], int]) -> tuple[DistrictFigures, ...]:
    backlog: dict[tuple[str, str], int] = defaultdict(int)
    got: dict[tuple[str, str], int] = defaultdict(int)
    for area in instance.areas:
        for tier in instance.tiers:
            backlog[(area.district_id, tier)] += area.backlog[tier]
            got[(area.district_id, tier)] += served.get((area.area_id, tier), 0)
    lines = []
    for district in sorted(instance.district_ids):
        for tier in instance.tiers:
            b, s = backlog[(district, tier)], got[(district, tier)]
            lines.append(DistrictFigures(
                district_id=district, tier=tier, backlog=b, served=s,
                coverage=coverage(s, b), unmet=b - s))
    return tuple(lines)


def _kpis(instance: Instance, shipment: Shipment, plan: Plan,
          districts: tuple[DistrictFigures, ...], km_cards: list[tuple[float, int]],
          shipped: Mapping[str, int], printed: Mapping[str, int]) -> Kpis:
    cards = sum(c for _, c in km_cards)
    resident_km = sum(km * c for km, c in km_cards)
    ranges = {t: coverage_range((d.served, d.backlog) for d in districts if d.tier == t)
              for t in instance.tiers}
    by_tier = {t: sum(d.served for d in districts if d.tier == t) for t in instance.tiers}
    return Kpis(
        cards_by_tier=by_tier,
        coverage_min_by_tier={t: ranges[t][0] for t in instance.tiers},
        coverage_max_by_tier={t: ranges[t][1] for t in instance.tiers},
        resident_km_total=round(resident_km, 3),
        resident_km_mean=round(resident_km / cards, 6) if cards else 0.0,
        max_km=round(max((km for km, c in km_cards if c > 0), default=0.0), 3),
        blanks_shipped=sum(shipped.values()),
        # Never below 0: a plan that ships more than the shipment keeps nothing, and its
        # over_supply violation says by how much (a negative stock is no figure).
        blanks_kept_central=max(0, shipment.blanks - sum(shipped.values())),
        blanks_stranded=stranded_blanks(instance, shipped, printed),
        cards_lost_to_lots=plan.kpis.cards_lost_to_lots,
    )


def stranded_blanks(instance: Instance, shipped: Mapping[str, int],
                    printed: Mapping[str, int]) -> int:
    """Blanks shipped that their sites will not print (`kpis.stranded`), summed over sites.

    `shipped` and `printed` map site_id to blanks and cards; unknown sites are ignored.
    """
    sites = [s for s in instance.sites if s.site_id in shipped]
    return int(stranded(np.array([s.stock for s in sites], dtype=np.int64),
                        np.array([shipped[s.site_id] for s in sites], dtype=np.int64),
                        np.array([printed.get(s.site_id, 0) for s in sites],
                                 dtype=np.int64)).sum())


def _km(area: Area, site: Site, table: Mapping[tuple[str, str], float],
        road_factor: float) -> float:
    key = (area.area_id, site.site_id)
    if key in table:
        return _metres(table[key])
    lat1, lon1 = math.radians(area.lat), math.radians(area.lon)
    lat2, lon2 = math.radians(site.lat), math.radians(site.lon)
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return _metres(road_factor * 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h))))


def _metres(km: float) -> float:
    """km to the metre, rounded half to even as plans are."""
    return float(np.round(km, 3))


def _v(code: str, constraint: str, where: str, text: str) -> Violation:
    return Violation(code=code, constraint=constraint, where=where, text=text)
