"""The plan as a workbook a mayor can read: summary, offices, kecamatan, kelurahan.

Sheets: `Summary` (the shipment, cards per tier, coverage, travel, what limits the
plan), `Offices` (per printing office: blanks to send, cards to print per tier, what
limits it, the kelurahan it serves), `Kecamatan` and `Kelurahan` (names beside codes,
backlog, cards and coverage per tier), and `Messages`. Counts carry thousands
separators, coverage is a percentage, headers are bold and frozen, columns are as wide
as their text (up to 60 characters). Every text cell is a string cell, never a formula.

Sheet names, headers, figure names and reasons go through the catalog
(`optimizer.i18n`, strings marked `_()` here and extracted by babel.cfg): `lang="id"`
writes `Ringkasan`, `Kantor`, `Kecamatan`, `Kelurahan`, `Pesan` with Indonesian headers;
`lang="en"` writes the English above. Only words change: every number, code and the
messages' `text` (localize the plan first for those) are the same in both languages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from optimizer import i18n
from optimizer.engine.kpis import central_sites, district_limits
from optimizer.schema import Instance, Plan, Policy

Words = Callable[[str], str]

COUNT = "#,##0"
PERCENT = "0.0%"
KM = "#,##0.00"
_WIDEST = 60


def N_(context: str, text: str) -> str:
    """Mark a catalog string (pybabel extract -k N_:1c,2); translated where it is shown."""
    return text


_REASONS = {
    "none": N_("report.reason", "nothing: every resident in reach is served"),
    "supply": N_("report.reason", "the shipment (not enough blanks)"),
    "lot_size": N_("report.reason", "the lot size (no whole lot fits the blanks to ship)"),
    "capacity": N_("report.reason", "printer capacity"),
    "storage": N_("report.reason", "storage at the offices"),
    "equity_time_limit": N_("report.reason", "the time limit of the equity stage"),
    "backlog": N_("report.reason", "the backlog in reach (nobody else waits)"),
    "reach": N_("report.reason", "reach (no office that can print within the travel limit)"),
    "allocation": N_("report.reason", "the plan's allocation (blanks it keeps would serve more)"),
}


def _reason(code: str, lang: str) -> str:
    known = _REASONS.get(code)
    return code if known is None else i18n.translate(lang, "report.reason", known)


def report_sheets(lang: str) -> tuple[str, ...]:
    """The sheet names of a report in `lang`, in their order (read back by
    optimizer.io.sheets to tell a report given as an input)."""
    _ = i18n.translations(lang).gettext
    return (_("Summary"), _("Offices"), _("Kecamatan"), _("Kelurahan"), _("Messages"))


def report_workbook(plan: Plan, instance: Instance | None = None,
                    policy: Policy | None = None, lang: str = "en") -> Workbook:
    """The report as an openpyxl Workbook (not saved); names need the instance.

    `lang` ('en' or 'id', else ValueError) picks the words; the figures never change.
    """
    _ = i18n.translations(lang).gettext
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")
    _summary(summary, plan, instance, policy, lang)
    _offices(book.create_sheet(_("Offices")), plan, instance, lang)
    _kecamatan(book.create_sheet(_("Kecamatan")), plan, instance, lang, policy)
    _kelurahan(book.create_sheet(_("Kelurahan")), plan, instance, lang)
    messages = book.create_sheet(_("Messages"))
    _table(messages, [_("code"), _("level"), _("message")],
           [[m.code, i18n.translate(lang, "level", m.level), m.text] for m in plan.messages],
           [None, None, None])
    return book


def _put(sheet: Any, row: int, column: int, value: Any, number_format: str | None = None,
         ) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes '=...' a formula; a name is never one
    elif number_format and value is not None:
        cell.number_format = _shown(number_format, value)


def _shown(number_format: str, value: Any) -> str:
    """`number_format`, with the decimals a coverage needs so that Excel never shows a share
    strictly between 0 and 1 as 0.0% or 100.0% (0.99995: '0.000%' shows 99.995%, where
    '0.0%' showed 100.0% with a resident still waiting; optimizer.engine.wording)."""
    if number_format != PERCENT or not isinstance(value, (int, float)):
        return number_format
    from optimizer.engine.wording import percent_places

    places = percent_places(100 * float(value))
    return number_format if places == 1 else "0." + "0" * places + "%"


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


def _summary(sheet: Any, plan: Plan, instance: Instance | None, policy: Policy | None,
             lang: str) -> None:
    _ = i18n.translations(lang).gettext
    k = plan.kpis
    if plan.status == "infeasible":
        # It ships nothing: its zero KPIs are no figures (not "0 blanks in the shipment,
        # 0 cards"). The status, why, and who planned what.
        status = i18n.translate(lang, "status", plan.status)
        why = " ".join(m.text for m in plan.messages if m.level == "error")
        refused: list[list[Any]] = [
            [_("Status"), status, None],
            [_("No figures: the plan is %(status)s, so it ships nothing. Why:")
             % {"status": status}, why, None],
            [_("Blanks kept at the central office"), k.blanks_kept_central, COUNT]]
        if instance is not None:
            refused.append([_("Instance"), instance.name, None])
        refused += [[_("Solver"), f"{plan.solver.name} {plan.solver.version}", None],
                    [_("Input fingerprint (SHA-256)"), plan.input_sha256, None]]
        _table(sheet, [_("Figure"), _("Value")], [[r[0], r[1]] for r in refused],
               [None, None])
        sheet.cell(row=4, column=2).number_format = COUNT
        return
    rows: list[list[Any]] = [
        [_("Status"), i18n.translate(lang, "status", plan.status), None],
        [_("Blanks in the shipment"), k.blanks_shipped + k.blanks_kept_central, COUNT],
        [_("Blanks sent to offices"), k.blanks_shipped, COUNT],
        # The central office's own printers' share: in no row of the Kecamatan sheet.
        *([_("Of which to the central office's own printers ({site}, in {district}), in no "
             "kecamatan's row").format(site=site.site_id, district=site.district_id),
           site.blanks, COUNT] for site in plan.sites if site.site_id in central_sites(instance)),
        [_("Blanks kept at the central office"), k.blanks_kept_central, COUNT],
        [_("Blanks at offices that cannot print them (stranded)"), k.blanks_stranded, COUNT],
    ]
    for tier in plan.tiers:
        rows.append([_("Cards printed, {tier}").format(tier=i18n.tier_label(tier, lang)),
                     k.cards_by_tier.get(tier, 0), COUNT])
    for tier in plan.tiers:
        lo, hi = k.coverage_min_by_tier.get(tier), k.coverage_max_by_tier.get(tier)
        name = i18n.tier_label(tier, lang)
        rows.append([_("Lowest kecamatan coverage, {tier}").format(tier=name), lo, PERCENT])
        rows.append([_("Highest kecamatan coverage, {tier}").format(tier=name), hi, PERCENT])
    rows += [
        [_("Resident-km (total travel of residents served)"), k.resident_km_total, KM],
        [_("Mean distance a resident travels (km)"), k.resident_km_mean, KM],
        [_("Farthest a resident is sent (km)"), k.max_km, KM],
    ]
    if policy is not None:
        limit = policy.max_travel_km
        rows.append([_("Travel limit outside one's own kecamatan (km)"),
                     _("none") if limit is None else limit, KM])
    limits: dict[str, int] = defaultdict(int)
    for site in plan.sites:
        limits[site.binding] += 1
    for reason, count in sorted(limits.items()):
        rows.append([_("Offices limited by {reason}").format(reason=_reason(reason, lang)),
                     count, COUNT])
    unmet: dict[tuple[str, str], int] = defaultdict(int)
    for line in plan.districts:  # every tier's residents still waiting, not only the first's
        if line.unmet:
            unmet[(line.tier, line.unmet_reason)] += line.unmet
    for tier in plan.tiers:
        for (of, reason), count in sorted(unmet.items()):
            if of == tier:
                # As the rows above name a tier ("Cards printed, {tier}"): the English
                # said "first-time applicants residents still waiting" (tester qa10).
                rows.append([_("Still waiting because of {reason}, {tier}").format(
                    tier=i18n.tier_label(tier, lang), reason=_reason(reason, lang)), count,
                    COUNT])
    if instance is not None:
        rows.append([_("Instance"), instance.name, None])
    rows += [[_("Solver"), f"{plan.solver.name} {plan.solver.version}", None],
             [_("Input fingerprint (SHA-256)"), plan.input_sha256, None]]
    _table(sheet, [_("Figure"), _("Value")], [[r[0], r[1]] for r in rows], [None, None])
    for i, row in enumerate(rows, start=2):
        if row[2] and row[1] is not None and not isinstance(row[1], str):
            sheet.cell(row=i, column=2).number_format = _shown(row[2], row[1])


def _names(instance: Instance | None) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    if instance is None:
        return {}, {}, {}
    return ({d.district_id: d.name for d in instance.districts},
            {s.site_id: s.name for s in instance.sites},
            {a.area_id: a.name for a in instance.areas})


def _offices(sheet: Any, plan: Plan, instance: Instance | None, lang: str) -> None:
    _ = i18n.translations(lang).gettext
    districts, sites, areas = _names(instance)
    cards: dict[tuple[str, str], int] = defaultdict(int)
    served: dict[str, set[str]] = defaultdict(set)
    for line in plan.service:
        cards[(line.site_id, line.tier)] += line.cards
        if line.cards:
            served[line.site_id].add(line.area_id)
    header = [_("Office code"), _("Office"), _("Kecamatan code"), _("Kecamatan"),
              _("Blanks to send"), _("Stock already there"), _("Printing capacity (cards)")]
    header += [_("Cards to print, {tier}").format(tier=i18n.tier_label(t, lang))
               for t in plan.tiers]
    header += [_("What limits it"), _("Kelurahan served")]
    rows = []
    for site in plan.sites:
        names = sorted(areas.get(a) or a for a in served[site.site_id])
        rows.append([site.site_id, sites.get(site.site_id, ""), site.district_id,
                     districts.get(site.district_id, ""), site.blanks, site.stock,
                     site.capacity, *[cards[(site.site_id, t)] for t in plan.tiers],
                     _reason(site.binding, lang), ", ".join(names)])
    formats: list[str | None] = [None, None, None, None, COUNT, COUNT, COUNT]
    formats += [COUNT] * len(plan.tiers) + [None, None]
    _table(sheet, header, rows, formats)


def _kecamatan(sheet: Any, plan: Plan, instance: Instance | None, lang: str,
               policy: Policy | None = None) -> None:
    _ = i18n.translations(lang).gettext
    districts = _names(instance)[0]
    blanks: dict[str, int] = defaultdict(int)
    central = central_sites(instance)  # the city's office: no kecamatan's (tester qa11a)
    for site in plan.sites:
        if site.site_id not in central:
            blanks[site.district_id] += site.blanks
    by_district: dict[str, dict[str, Any]] = {}
    for line in plan.districts:
        by_district.setdefault(line.district_id, {})[line.tier] = line
    header = [_("Kecamatan code"), _("Kecamatan")]
    for tier in plan.tiers:
        name = i18n.tier_label(tier, lang)
        header += [_("Backlog, {tier}").format(tier=name), _("Cards, {tier}").format(tier=name),
                   _("Coverage, {tier}").format(tier=name),
                   _("Still waiting, {tier}").format(tier=name)]
    header += [_("Blanks to its offices"), _("What limits it")]
    limits = district_limits(plan)  # every tier's residents, not only the first's
    rows = []
    formats: list[str | None] = [None, None] + [COUNT, COUNT, PERCENT, COUNT] * len(plan.tiers)
    formats += [COUNT, None]
    for district_id, lines in by_district.items():
        row: list[Any] = [district_id, districts.get(district_id, "")]
        for tier in plan.tiers:
            got: Any = lines.get(tier)
            row += [got.backlog, got.served, got.coverage, got.unmet] if got else \
                [None] * 4
        row += [blanks.get(district_id, 0), _reason(limits[district_id], lang)]
        rows.append(row)
    _table(sheet, header, rows, formats)


def _kelurahan(sheet: Any, plan: Plan, instance: Instance | None, lang: str) -> None:
    _ = i18n.translations(lang).gettext
    districts = _names(instance)[0]
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
    header = [_("Kelurahan code"), _("Kelurahan"), _("Kecamatan code"), _("Kecamatan")]
    formats: list[str | None] = [None, None, None, None]
    for tier in plan.tiers:
        name = i18n.tier_label(tier, lang)
        header += [_("Backlog, {tier}").format(tier=name), _("Cards, {tier}").format(tier=name),
                   _("Coverage, {tier}").format(tier=name)]
        formats += [COUNT, COUNT, PERCENT]
    header += [_("Served by offices"), _("Mean km travelled")]
    formats += [None, KM]
    rows = []
    areas = instance.areas if instance is not None else ()
    known = {a.area_id for a in areas}
    listed = [(a.area_id, a.name, a.district_id, dict(a.backlog)) for a in areas]
    listed += [(a, "", "", {}) for a in order if a not in known]
    planned = plan.status != "infeasible"  # else no cards and no coverage: empty, not 0
    for area_id, name, district_id, backlog in listed:
        row: list[Any] = [area_id, name, district_id, districts.get(district_id, "")]
        for tier in plan.tiers:
            need = backlog.get(tier)
            got = cards[(area_id, tier)] if planned else None
            row += [need, got, (got / need) if need and got is not None else None]
        mean = km[area_id] / total[area_id] if total[area_id] else None
        row += [", ".join(sorted(offices[area_id])), mean]
        rows.append(row)
    _table(sheet, header, rows, formats)
