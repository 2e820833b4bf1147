"""What the page shows, computed from an instance and its plan (no HTML here).

Each builder returns plain frozen records the templates lay out, so every figure on
the page is tested without a browser. Sources of the figures: the plan JSON
(`Plan.districts`, `Plan.sites`, `Plan.service`, `Plan.kpis`) and the instance's
coordinates, printers and names.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from api.web.work import Compared
from optimizer import Instance, Plan, Policy, Problem, central_sites

SECOND_PRINTER_ROWS = 5


@dataclass(frozen=True)
class TierCell:
    tier: str
    backlog: int
    served: int
    coverage: float | None
    unmet: int
    reason: str


@dataclass(frozen=True)
class DistrictRow:
    """One kecamatan: its figures per tier and the blanks its offices receive."""

    district_id: str
    name: str
    tiers: tuple[TierCell, ...]
    blanks: int
    limit: str  # what limits it: as `Summary.limits` counts it (`limits`)


@dataclass(frozen=True)
class SiteRow:
    """One printing office: what it receives, prints, and for how many kelurahan."""

    site_id: str
    name: str
    district_id: str
    printers: int
    cards_per_printer_day: int
    working_days: int
    capacity: int
    stock: int
    blanks: int
    printed: int
    printed_by_tier: dict[str, int]
    areas_served: int
    binding: str
    marginal_cards_per_printer_day: int | None
    marginal_cards_per_100_blanks: int | None
    km_saved_per_card_capacity: float | None = None


@dataclass(frozen=True)
class Summary:
    status: str
    tiers: tuple[str, ...]
    cards_by_tier: dict[str, int]
    coverage_min_by_tier: dict[str, float | None]
    coverage_max_by_tier: dict[str, float | None]
    blanks_shipped: int
    blanks_kept_central: int
    blanks_stranded: int
    cards_lost_to_lots: int
    resident_km_mean: float
    max_km: float
    limits: tuple[tuple[str, int], ...]  # unmet reason -> kecamatan (first tier), most first
    bindings: tuple[tuple[str, int], ...]  # what binds -> offices, most first


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    r: float
    label: str


@dataclass(frozen=True)
class MapLine:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    label: str


@dataclass(frozen=True)
class MapView:
    """An SVG drawing in a `width` x `height` box: lines under areas under offices."""

    width: int
    height: int
    offices: tuple[MapPoint, ...]
    areas: tuple[MapPoint, ...]
    lines: tuple[MapLine, ...]


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one file (or field) and column, the way a planner fixes them."""

    source: str
    column: str
    rows: tuple[tuple[str, str], ...]  # (row, what is wrong)
    fixes: tuple[str, ...] = ()  # what to change, each once, in the order first given


def limits(plan: Plan, policy: Policy | None = None) -> dict[str, str]:
    """What limits each kecamatan: its highest-priority tier with residents waiting (every
    tier counts, as optimizer.engine.kpis.district_limits says for the CLI and XLSX). The
    summary counts these and the kecamatan table shows them (tester qa11: the table showed
    the first tier's reason, 'none' where every first-time applicant was served and the
    replacements waited for the shipment, beside a summary of 18 kecamatan short of it)."""
    k = plan.kpis
    limit: dict[str, str] = {}
    for d in plan.districts:
        if limit.get(d.district_id, "none") == "none":
            limit[d.district_id] = d.unmet_reason if d.unmet else "none"
    if policy is not None and policy.lot_size > 1 and k.blanks_shipped == 0 \
            and k.blanks_kept_central > policy.reserve:  # no whole lot fits the blanks
        limit = {d: "lot_size" if r == "supply" else r for d, r in limit.items()}
    return limit


def summary(plan: Plan, policy: Policy | None = None) -> Summary:
    k = plan.kpis
    limits_ = Counter(limits(plan, policy).values())
    bindings = Counter(s.binding for s in plan.sites)
    return Summary(
        status=plan.status, tiers=plan.tiers, cards_by_tier=k.cards_by_tier,
        coverage_min_by_tier=k.coverage_min_by_tier,
        coverage_max_by_tier=k.coverage_max_by_tier, blanks_shipped=k.blanks_shipped,
        blanks_kept_central=k.blanks_kept_central, blanks_stranded=k.blanks_stranded,
        cards_lost_to_lots=k.cards_lost_to_lots, resident_km_mean=k.resident_km_mean,
        max_km=k.max_km, limits=tuple(limits_.most_common()),
        bindings=tuple(bindings.most_common()))


def district_rows(instance: Instance, plan: Plan,
                  policy: Policy | None = None) -> tuple[DistrictRow, ...]:
    names = {d.district_id: d.name for d in instance.districts}
    blanks: Counter[str] = Counter()
    central = central_sites(instance)  # the city's office: no kecamatan's (tester qa11a)
    for s in plan.sites:
        if s.site_id not in central:
            blanks[s.district_id] += s.blanks
    cells: dict[str, list[TierCell]] = defaultdict(list)
    for d in plan.districts:
        cells[d.district_id].append(TierCell(d.tier, d.backlog, d.served, d.coverage, d.unmet,
                                             d.unmet_reason))
    limit = limits(plan, policy)
    return tuple(DistrictRow(district_id, names.get(district_id, ""), tuple(tiers),
                             blanks[district_id], limit[district_id])
                 for district_id, tiers in cells.items())


def central_rows(instance: Instance, plan: Plan) -> tuple[tuple[str, str, int], ...]:
    """(site_id, district_id, blanks) of the central office's sites (engine.kpis.
    central_sites), said below the kecamatan table: their blanks are in no row."""
    central = central_sites(instance)
    return tuple((s.site_id, s.district_id, s.blanks) for s in plan.sites
                 if s.site_id in central)


def site_rows(instance: Instance, plan: Plan) -> tuple[SiteRow, ...]:
    sites = {s.site_id: s for s in instance.sites}
    by_tier: dict[str, Counter[str]] = defaultdict(Counter)
    served: dict[str, set[str]] = defaultdict(set)
    for service in plan.service:
        by_tier[service.site_id][service.tier] += service.cards
        if service.cards > 0:
            served[service.site_id].add(service.area_id)
    rows = []
    for line in plan.sites:
        site = sites[line.site_id]
        rows.append(SiteRow(
            site_id=line.site_id, name=site.name, district_id=line.district_id,
            printers=site.printers, cards_per_printer_day=site.cards_per_printer_day,
            working_days=site.working_days, capacity=line.capacity, stock=line.stock,
            blanks=line.blanks, printed=line.printed,
            printed_by_tier={t: by_tier[line.site_id][t] for t in plan.tiers},
            areas_served=len(served[line.site_id]), binding=line.binding,
            marginal_cards_per_printer_day=line.marginal_cards_per_printer_day,
            marginal_cards_per_100_blanks=line.marginal_cards_per_100_blanks,
            km_saved_per_card_capacity=line.km_saved_per_card_capacity))
    return tuple(rows)


def second_printer(rows: Iterable[SiteRow], limit: int = SECOND_PRINTER_ROWS,
                   ) -> tuple[SiteRow, ...]:
    """Offices where one more printer-day prints the most more cards (exact re-solves).

    Ranked by `marginal_cards_per_printer_day` (the plan's site marginal: cards the
    whole city gains from one more printer-day at that office), largest first, ties by
    the resident-km one more card of capacity saves there, most first, as the plan's
    MARGINAL_PRINTER names the best office (tester qa11: ties went by site id, and the
    five offices listed left out the one the plan's message named), then by site id;
    offices whose marginal is zero or not computed are left out.
    """
    helped = [r for r in rows if (r.marginal_cards_per_printer_day or 0) > 0]
    helped.sort(key=lambda r: (-(r.marginal_cards_per_printer_day or 0),
                               -(r.km_saved_per_card_capacity or 0.0), r.site_id))
    return tuple(helped[:limit])


@dataclass(frozen=True)
class PrinterLimit:
    """What printers do to a plan where no office prints more with another printer-day.

    `at_capacity`: offices whose printers bind (binding 'capacity'); `supply_binds`: some
    kecamatan is short of blanks (unmet reason 'supply'); `site_id`/`name`: the office
    where one more card of printing capacity saves the most resident-km (its
    `km_saved_per_card_capacity`, the plan's shadow price, km per card), '' when none
    saves any or marginals are off.
    """

    at_capacity: int
    supply_binds: bool
    site_id: str
    name: str
    km_saved_per_card_capacity: float


def printer_limit(instance: Instance, plan: Plan) -> PrinterLimit:
    """The plan's own figures behind "printers add no cards here" (see PrinterLimit)."""
    names = {s.site_id: s.name for s in instance.sites}
    at_capacity = sum(1 for s in plan.sites if s.binding == "capacity")
    supply = any(d.unmet_reason == "supply" for d in plan.districts)
    priced = [s for s in plan.sites if (s.km_saved_per_card_capacity or 0.0) > 0]
    if not priced:
        return PrinterLimit(at_capacity, supply, "", "", 0.0)
    # (ties: the first office, as the plan's MARGINAL_PRINTER names it)
    best = min(priced, key=lambda s: (-(s.km_saved_per_card_capacity or 0.0), s.site_id))
    return PrinterLimit(at_capacity, supply, best.site_id, names.get(best.site_id, "") or "",
                        best.km_saved_per_card_capacity or 0.0)


def map_view(instance: Instance, plan: Plan, width: int = 640, height: int = 460,
             pad: float = 16.0) -> MapView:
    """Offices, kelurahan and who prints where, projected from latitude and longitude.

    Equirectangular projection with longitude scaled by cos(mean latitude), so a km
    east is as long as a km north near the city; the drawing keeps its aspect ratio.
    Area circles grow with the square root of the backlog, office squares with the
    square root of the cards printed, lines with the square root of the cards sent
    along them.
    """
    points = [(s.lat, s.lon) for s in instance.sites] + [(a.lat, a.lon) for a in instance.areas]
    lat0 = sum(p[0] for p in points) / len(points)
    shrink = math.cos(math.radians(lat0))
    xs = [lon * shrink for _, lon in points]
    ys = [-lat for lat, _ in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    scale = min((width - 2 * pad) / max(max(xs) - min(xs), span * 1e-3),
                (height - 2 * pad) / max(max(ys) - min(ys), span * 1e-3))
    x0, y0 = min(xs), min(ys)

    def at(lat: float, lon: float) -> tuple[float, float]:
        return (round(pad + (lon * shrink - x0) * scale, 1),
                round(pad + (-lat - y0) * scale, 1))

    site_at = {s.site_id: at(s.lat, s.lon) for s in instance.sites}
    area_at = {a.area_id: at(a.lat, a.lon) for a in instance.areas}
    printed = {s.site_id: s.printed for s in plan.sites}
    backlog = {a.area_id: sum(a.backlog.values()) for a in instance.areas}
    cards: Counter[tuple[str, str]] = Counter()
    for line in plan.service:
        cards[(line.area_id, line.site_id)] += line.cards
    most_printed = max(printed.values(), default=0) or 1
    most_backlog = max(backlog.values(), default=0) or 1
    most_cards = max(cards.values(), default=0) or 1
    offices = tuple(MapPoint(*site_at[s.site_id],
                             r=round(3 + 4 * math.sqrt(printed.get(s.site_id, 0) / most_printed),
                                     1),
                             label=f"{s.name or s.site_id}") for s in instance.sites)
    areas = tuple(MapPoint(*area_at[a.area_id],
                           r=round(1.5 + 3.5 * math.sqrt(backlog[a.area_id] / most_backlog), 1),
                           label=f"{a.name or a.area_id}") for a in instance.areas)
    lines = tuple(MapLine(*area_at[area], *site_at[site],
                          width=round(0.8 + 3.2 * math.sqrt(n / most_cards), 2),
                          label=f"{area} -> {site}: {n}")
                  for (area, site), n in sorted(cards.items()) if n > 0)
    return MapView(width, height, offices, areas, lines)


_LOCATED = re.compile(r"^(?P<source>.+?)(?: row (?P<row>\d+)(?:, column (?P<column>.+))?|"
                      r", column (?P<whole>.+))$")


def problem_groups(problems: Iterable[Problem]) -> tuple[ProblemGroup, ...]:
    """Located problems grouped by file and column, rows in order.

    'areas.csv row 14, column first_time' -> source 'areas.csv', column 'first_time',
    row '14'; 'book.xlsx[distances], column area_id' (a whole column) -> that source and
    column without a row; a problem without either (a missing sheet, a field) is its own
    group.
    """
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    fixes: dict[tuple[str, str], dict[str, None]] = {}
    for p in problems:
        match = _LOCATED.match(p.location)
        key = (match["source"], match["column"] or match["whole"] or "") if match \
            else (p.location, "")
        groups.setdefault(key, []).append(((match["row"] or "") if match else "", p.message))
        if p.fix:
            fixes.setdefault(key, {})[p.fix] = None
    return tuple(ProblemGroup(source, column, tuple(sorted(rows, key=_row_order)),
                              tuple(fixes.get((source, column), ())))
                 for (source, column), rows in groups.items())


def _row_order(row: tuple[str, str]) -> tuple[int, str]:
    return (int(row[0]) if row[0].isdigit() else -1, row[1])


@dataclass(frozen=True)
class LetterLine:
    area_id: str
    area_name: str
    district_id: str
    tier: str
    cards: int
    km: float


@dataclass(frozen=True)
class Letter:
    """One office's allocation letter: what it receives and what it prints for whom."""

    site: SiteRow
    district_name: str
    lines: tuple[LetterLine, ...]


def letters(instance: Instance, plan: Plan) -> tuple[Letter, ...]:
    """A letter for every office that receives blanks or prints cards, by kecamatan."""
    areas = {a.area_id: a for a in instance.areas}
    districts = {d.district_id: d.name for d in instance.districts}
    lines: dict[str, list[LetterLine]] = defaultdict(list)
    for s in plan.service:
        if s.cards > 0:
            area = areas[s.area_id]
            lines[s.site_id].append(LetterLine(s.area_id, area.name, area.district_id, s.tier,
                                               s.cards, s.km))
    rows = sorted(site_rows(instance, plan), key=lambda r: (r.district_id, r.site_id))
    # Tier by tier in the plan's priority (tester qa11: by the tier's name, a letter listed
    # first-time applicants before the `lansia` a tiers table put first).
    rank = {tier: i for i, tier in enumerate(plan.tiers)}
    return tuple(Letter(r, districts.get(r.district_id, ""),
                        tuple(sorted(lines[r.site_id], key=lambda x: (rank[x.tier], x.area_id))))
                 for r in rows if r.blanks > 0 or r.printed > 0)


@dataclass(frozen=True)
class Bar:
    """One policy's bar. An infeasible plan ships nothing: it has no bar and no figure
    (`cards` None, `width` 0), only its status, never a bar of length 0 read as 0 cards."""

    policy: str
    cards: int | None
    width: float  # of the chart's bar area, 0..1
    coverage_min: float | None  # of the first tier
    status: str = "optimal"

    @property
    def planned(self) -> bool:
        return self.cards is not None


@dataclass(frozen=True)
class Chart:
    tier: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class KelurahanFloor:
    """A tier's least kelurahan coverage (None: nobody waits) and its kelurahan with
    backlog and no card, from the plan's own `areas` lines (model.md 2b)."""

    least: float | None
    without_cards: int


def kelurahan_floor(plan: Plan) -> dict[str, KelurahanFloor]:
    """Per tier of `plan`, its KelurahanFloor (the comparison's kelurahan columns)."""
    out = {}
    for tier in plan.tiers:
        waiting = [line for line in plan.areas if line.tier == tier and line.backlog > 0]
        out[tier] = KelurahanFloor(
            least=min((line.served / line.backlog for line in waiting), default=None),
            without_cards=sum(1 for line in waiting if line.served == 0))
    return out


def comparison_chart(compared: Compared) -> Chart:
    """Cards printed per policy (all tiers) as bar lengths relative to the most; an
    infeasible policy's bar has no figure (its plan's zeros are no cards printed)."""
    plans: tuple[tuple[str, Plan], ...] = compared.plans
    first = plans[0][1].tiers[0] if plans and plans[0][1].tiers else ""
    totals = [(name, None if p.status == "infeasible" else sum(p.kpis.cards_by_tier.values()),
               p.kpis.coverage_min_by_tier.get(first), p.status) for name, p in plans]
    most = max((t for _, t, _, _ in totals if t is not None), default=0) or 1
    return Chart(first, tuple(
        Bar(name, total, 0.0 if total is None else round(total / most, 4),
            None if total is None else cov, status)
        for name, total, cov, status in totals))
