"""The plan as a workbook a mayor can read: summary, offices, kecamatan, kelurahan.

Sheets: `Summary` (the shipment, cards per tier, coverage, travel, what limits the
plan), `Offices` (per printing office: blanks to send, cards to print per tier, what
limits it, the kelurahan it serves), `Kecamatan` and `Kelurahan` (names beside codes,
backlog, cards and coverage per tier), and `Messages`. Counts carry thousands
separators, coverage is a percentage, headers are bold and frozen, columns are as wide
as their text (up to 60 characters). Every text cell is a string cell, never a formula.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from optimizer.schema import Instance, Plan, Policy

COUNT = "#,##0"
PERCENT = "0.0%"
KM = "#,##0.00"
_WIDEST = 60
_REASONS = {
    "none": "nothing: every resident in reach is served",
    "supply": "the shipment (not enough blanks)",
    "capacity": "printer capacity",
    "storage": "storage at the offices",
    "equity_time_limit": "the time limit of the equity stage",
    "backlog": "the backlog in reach (nobody else waits)",
}


def report_workbook(plan: Plan, instance: Instance | None = None,
                    policy: Policy | None = None) -> Workbook:
    """The report as an openpyxl Workbook (not saved); names need the instance."""
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    _summary(summary, plan, instance, policy)
    _offices(book.create_sheet("Offices"), plan, instance)
    _kecamatan(book.create_sheet("Kecamatan"), plan, instance)
    _kelurahan(book.create_sheet("Kelurahan"), plan, instance)
    messages = book.create_sheet("Messages")
    _table(messages, ["code", "level", "message"],
           [[m.code, m.level, m.text] for m in plan.messages], [None, None, None])
    return book


def _put(sheet: Any, row: int, column: int, value: Any, number_format: str | None = None,
         ) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes '=...' a formula; a name is never one
    elif number_format and value is not None:
        cell.number_format = number_format


def _table(sheet: Any, header: Sequence[str], rows: Sequence[Sequence[Any]],
           formats: Sequence[str | None], start: int = 1) -> None:
    for c, title in enumerate(header, start=1):
        _put(sheet, start, c, title)
        sheet.cell(row=start, column=c).font = Font(bold=True)
        sheet.cell(row=start, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row, start=1):
            _put(sheet, r, c, value, formats[c - 1] if c - 1 < len(formats) else None)
    sheet.freeze_panes = sheet.cell(row=start + 1, column=1)
    _widths(sheet, header, rows)


def _widths(sheet: Any, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    for c, title in enumerate(header, start=1):
        longest = max([len(w) for w in str(title).split()] + [8])
        for row in rows[:2000]:
            value = row[c - 1] if c - 1 < len(row) else None
            text = f"{value:,.1f}" if isinstance(value, float) else \
                f"{value:,}" if isinstance(value, int) else str(value or "")
            longest = max(longest, len(text))
        sheet.column_dimensions[get_column_letter(c)].width = min(longest + 2, _WIDEST)


def _summary(sheet: Any, plan: Plan, instance: Instance | None, policy: Policy | None) -> None:
    k = plan.kpis
    rows: list[list[Any]] = [
        ["Status", plan.status, None],
        ["Blanks in the shipment", k.blanks_shipped + k.blanks_kept_central, COUNT],
        ["Blanks sent to offices", k.blanks_shipped, COUNT],
        ["Blanks kept at the central office", k.blanks_kept_central, COUNT],
        ["Blanks at offices that cannot print them (stranded)", k.blanks_stranded, COUNT],
    ]
    for tier in plan.tiers:
        rows.append([f"Cards printed, {tier}", k.cards_by_tier.get(tier, 0), COUNT])
    for tier in plan.tiers:
        lo, hi = k.coverage_min_by_tier.get(tier), k.coverage_max_by_tier.get(tier)
        rows.append([f"Lowest kecamatan coverage, {tier}", lo, PERCENT])
        rows.append([f"Highest kecamatan coverage, {tier}", hi, PERCENT])
    rows += [
        ["Resident-km (total travel of residents served)", k.resident_km_total, KM],
        ["Mean distance a resident travels (km)", k.resident_km_mean, KM],
        ["Farthest a resident is sent (km)", k.max_km, KM],
    ]
    if policy is not None:
        limit = policy.max_travel_km
        rows.append(["Travel limit outside one's own kecamatan (km)",
                     "none" if limit is None else limit, KM])
    limits: dict[str, int] = defaultdict(int)
    for site in plan.sites:
        limits[site.binding] += 1
    for reason, count in sorted(limits.items()):
        rows.append([f"Offices limited by {_REASONS.get(reason, reason)}", count, COUNT])
    first = plan.tiers[0] if plan.tiers else None
    unmet: dict[str, int] = defaultdict(int)
    for line in plan.districts:
        if line.tier == first and line.unmet:
            unmet[line.unmet_reason] += line.unmet
    for reason, count in sorted(unmet.items()):
        rows.append([f"{first} residents still waiting because of "
                     f"{_REASONS.get(reason, reason)}", count, COUNT])
    if instance is not None:
        rows.append(["Instance", instance.name, None])
    rows += [["Solver", f"{plan.solver.name} {plan.solver.version}", None],
             ["Input fingerprint (SHA-256)", plan.input_sha256, None]]
    _table(sheet, ["Figure", "Value"], [[r[0], r[1]] for r in rows], [None, None])
    for i, row in enumerate(rows, start=2):
        if row[2] and row[1] is not None and not isinstance(row[1], str):
            sheet.cell(row=i, column=2).number_format = row[2]


def _names(instance: Instance | None) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    if instance is None:
        return {}, {}, {}
    return ({d.district_id: d.name for d in instance.districts},
            {s.site_id: s.name for s in instance.sites},
            {a.area_id: a.name for a in instance.areas})


def _offices(sheet: Any, plan: Plan, instance: Instance | None) -> None:
    districts, sites, areas = _names(instance)
    cards: dict[tuple[str, str], int] = defaultdict(int)
    served: dict[str, set[str]] = defaultdict(set)
    for line in plan.service:
        cards[(line.site_id, line.tier)] += line.cards
        if line.cards:
            served[line.site_id].add(line.area_id)
    header = ["Office code", "Office", "Kecamatan code", "Kecamatan", "Blanks to send",
              "Stock already there", "Printing capacity (cards)"]
    header += [f"Cards to print, {t}" for t in plan.tiers]
    header += ["What limits it", "Kelurahan served"]
    rows = []
    for site in plan.sites:
        names = sorted(areas.get(a) or a for a in served[site.site_id])
        rows.append([site.site_id, sites.get(site.site_id, ""), site.district_id,
                     districts.get(site.district_id, ""), site.blanks, site.stock,
                     site.capacity, *[cards[(site.site_id, t)] for t in plan.tiers],
                     _REASONS.get(site.binding, site.binding), ", ".join(names)])
    formats: list[str | None] = [None, None, None, None, COUNT, COUNT, COUNT]
    formats += [COUNT] * len(plan.tiers) + [None, None]
    _table(sheet, header, rows, formats)


def _kecamatan(sheet: Any, plan: Plan, instance: Instance | None) -> None:
    districts, _, _ = _names(instance)
    blanks: dict[str, int] = defaultdict(int)
    for site in plan.sites:
        blanks[site.district_id] += site.blanks
    by_district: dict[str, dict[str, Any]] = {}
    for line in plan.districts:
        by_district.setdefault(line.district_id, {})[line.tier] = line
    header = ["Kecamatan code", "Kecamatan"]
    for tier in plan.tiers:
        header += [f"Backlog, {tier}", f"Cards, {tier}", f"Coverage, {tier}",
                   f"Still waiting, {tier}"]
    header += ["Blanks to its offices", "What limits it"]
    rows = []
    formats: list[str | None] = [None, None] + [COUNT, COUNT, PERCENT, COUNT] * len(plan.tiers)
    formats += [COUNT, None]
    for district_id, lines in by_district.items():
        row: list[Any] = [district_id, districts.get(district_id, "")]
        for tier in plan.tiers:
            got: Any = lines.get(tier)
            row += [got.backlog, got.served, got.coverage, got.unmet] if got else \
                [None] * 4
        first: Any = lines.get(plan.tiers[0])
        row += [blanks.get(district_id, 0),
                _REASONS.get(first.unmet_reason, first.unmet_reason) if first else ""]
        rows.append(row)
    _table(sheet, header, rows, formats)


def _kelurahan(sheet: Any, plan: Plan, instance: Instance | None) -> None:
    districts, _, _ = _names(instance)
    cards: dict[tuple[str, str], int] = defaultdict(int)
    km: dict[str, float] = defaultdict(float)
    total: dict[str, int] = defaultdict(int)
    offices: dict[str, set[str]] = defaultdict(set)
    order: list[str] = []
    for line in plan.service:
        if line.area_id not in total:
            order.append(line.area_id)
        cards[(line.area_id, line.tier)] += line.cards
        km[line.area_id] += line.cards * line.km
        total[line.area_id] += line.cards
        if line.cards:
            offices[line.area_id].add(line.site_id)
    header = ["Kelurahan code", "Kelurahan", "Kecamatan code", "Kecamatan"]
    formats: list[str | None] = [None, None, None, None]
    for tier in plan.tiers:
        header += [f"Backlog, {tier}", f"Cards, {tier}", f"Coverage, {tier}"]
        formats += [COUNT, COUNT, PERCENT]
    header += ["Served by offices", "Mean km travelled"]
    formats += [None, KM]
    rows = []
    areas = instance.areas if instance is not None else ()
    known = {a.area_id for a in areas}
    listed = [(a.area_id, a.name, a.district_id, dict(a.backlog)) for a in areas]
    listed += [(a, "", "", {}) for a in order if a not in known]
    for area_id, name, district_id, backlog in listed:
        row: list[Any] = [area_id, name, district_id, districts.get(district_id, "")]
        for tier in plan.tiers:
            need = backlog.get(tier)
            got = cards[(area_id, tier)]
            row += [need, got, (got / need) if need else None]
        mean = km[area_id] / total[area_id] if total[area_id] else None
        row += [", ".join(sorted(offices[area_id])), mean]
        rows.append(row)
    _table(sheet, header, rows, formats)
