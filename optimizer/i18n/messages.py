"""The English templates of every message code, and how each one's params fill them.

Each template is the English `text` the library writes today, with its values as
`str.format` fields; `render` fills it from the message's `params` (and a few values
derived from them) in the chosen language. English renders byte-identical to the
library's own `text` (tests/i18n pins this on every code the library can emit).

The strings are marked with `N_(context, text)` so that `pybabel extract -k N_:1c,2`
collects them into the catalog; the context is the message code (or `CODE.part` for
a phrase the template picks, e.g. `LOT_ROUNDING.unproven`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from optimizer.engine.wording import direction

Params = Mapping[str, str | int | float | None]


def N_(context: str, text: str) -> str:
    """Mark a catalog string (no translation here; `render` looks it up)."""
    return text


@dataclass(frozen=True)
class Template:
    """One message code: its English template and the fields it needs beyond `params`.

    `counts` names fields written as a count with its noun: field -> (the NOUNS key,
    the param counted), "1 blank" / "2,500 blanks" (`wording.counted`). `variant`
    picks another whole template (a PHRASES key) from the params, or None for `text`:
    for a sentence whose verb agrees with a count, or that names only what is gained.
    """

    code: str
    text: str
    derive: Callable[[Params, Context], dict[str, str]] | None = None
    counts: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    variant: Callable[[Params], str | None] | None = None


# A count and its noun, singular and plural (`{n}` is the count, grouped): the library's
# English writes the same pairs with optimizer.engine.wording.counted. Indonesian has one
# form for both. Key: NOUNS name; each is two catalog entries, "<name>.one" / ".many".
NOUNS: dict[str, tuple[str, str]] = {
    "noun.blank": (N_("noun.blank.one", "{n} blank"), N_("noun.blank.many", "{n} blanks")),
    "noun.blank_stays": (N_("noun.blank_stays.one", "{n} blank stays"),
                         N_("noun.blank_stays.many", "{n} blanks stay")),
    "noun.blank_arrives": (N_("noun.blank_arrives.one", "{n} blank arrives"),
                           N_("noun.blank_arrives.many", "{n} blanks arrive")),
    "noun.card": (N_("noun.card.one", "{n} card"), N_("noun.card.many", "{n} cards")),
    "noun.more_card": (N_("noun.more_card.one", "{n} more card"),
                       N_("noun.more_card.many", "{n} more cards")),
    "noun.site": (N_("noun.site.one", "{n} site"), N_("noun.site.many", "{n} sites")),
    "noun.office": (N_("noun.office.one", "{n} office"), N_("noun.office.many", "{n} offices")),
    "noun.period": (N_("noun.period.one", "{n} period"), N_("noun.period.many", "{n} periods")),
    "noun.resident": (N_("noun.resident.one", "{n} resident"),
                      N_("noun.resident.many", "{n} residents")),
    "noun.resident_day": (N_("noun.resident_day.one", "{n} resident-day"),
                          N_("noun.resident_day.many", "{n} resident-days")),
    "noun.distance": (N_("noun.distance.one", "{n} allowed area-site distance"),
                      N_("noun.distance.many", "{n} allowed area-site distances")),
    "noun.round": (N_("noun.round.one", "{n} round of filling"),
                   N_("noun.round.many", "{n} rounds of filling")),
}

# Phrases a template chooses between, by context.
PHRASES: dict[str, str] = {
    "LOT_ROUNDING.unproven": N_("LOT_ROUNDING.unproven",
                                " (lot choice not proven optimal in the time limit)"),
    "LOT_ROUNDING.cost": N_("LOT_ROUNDING.cost",
                            "; lowest district coverage per tier: {coverage}; resident-km "
                            "{resident_km}"),
    # Each tier's change in words, never a signed number after "falls by" (wording.direction).
    "LOT_ROUNDING.falls": N_("LOT_ROUNDING.falls", "{tier} falls by {points} points"),
    "LOT_ROUNDING.rises": N_("LOT_ROUNDING.rises", "{tier} rises by {points} points"),
    "LOT_ROUNDING.unchanged": N_("LOT_ROUNDING.unchanged", "{tier} unchanged"),
    "LOT_ROUNDING.no_points": N_("LOT_ROUNDING.no_points", "{tier} none waiting"),
    "LOT_ROUNDING.km_rise": N_("LOT_ROUNDING.km_rise", "rise by {km}"),
    "LOT_ROUNDING.km_fall": N_("LOT_ROUNDING.km_fall", "fall by {km}"),
    "LOT_ROUNDING.km_same": N_("LOT_ROUNDING.km_same", "unchanged"),
    "LOT_EQUITY_UNPROVEN.gap": N_(
        "LOT_EQUITY_UNPROVEN.gap",
        "in tier {tier}, {level} coverage number {rank} from the lowest is {coverage_pct}, "
        "where the same stages without lots (tier totals held) reach {bound_pct}, a bound "
        "no choice of lots can beat; kelurahan of tier {tier} left with no card: "
        "{areas_at_zero} of {areas_waiting}, against {bound_areas_at_zero} in the bound"),
    "LOT_EQUITY_UNPROVEN.no_bound": N_(
        "LOT_EQUITY_UNPROVEN.no_bound",
        "the work budget of the time limit stopped the bound (the same stages without lots)"),
    "LOT_EQUITY_UNPROVEN.district": N_("LOT_EQUITY_UNPROVEN.district", "district"),
    "LOT_EQUITY_UNPROVEN.area": N_("LOT_EQUITY_UNPROVEN.area", "area"),
    # DISTANCES names only what happened (engine/kpis._distance_message).
    "DISTANCES.computed": N_("DISTANCES.computed",
                             "{computed_distances} computed as great-circle km x {road_factor} "
                             "(road factor)"),
    "DISTANCES.measured_too": N_("DISTANCES.measured_too",
                                 "{measured_pairs} taken from the distance table"),
    "DISTANCES.measured": N_("DISTANCES.measured",
                             "{measured_distances} taken from the distance table"),
    "DISTANCES.none": N_("DISTANCES.none", "No area-site pair is allowed"),
    # BLANKS_KEPT_CENTRAL(_LOTS) names only the reasons that keep blanks (kpis.kept_message):
    # one alone without its count, two or three each with its count.
    "KEPT.reserve.alone": N_("KEPT.reserve.alone", " as the reserve"),
    "KEPT.lots.alone": N_("KEPT.lots.alone",
                          " because shipments are whole lots of {lot_size} (the plan without "
                          "lots ships them; what is left is less than a lot an office can use)"),
    "KEPT.lots_cut.alone": N_(
        "KEPT.lots_cut.alone",
        " because shipments are whole lots of {lot_size} and the time limit stopped the lot "
        "choice before it placed them (the plan without lots ships them; a longer time limit "
        "may place some)"),
    "KEPT.lots_cut": N_(
        "KEPT.lots_cut",
        "{n} because shipments are whole lots of {lot_size} and the time limit stopped the lot "
        "choice before it placed them (the plan without lots ships them; a longer time limit "
        "may place some)"),
    "KEPT.held.alone": N_("KEPT.held.alone",
                          " for later printing: the horizon ships them to the offices from "
                          "period {held_period} on"),
    "KEPT.held": N_("KEPT.held",
                    "{n} for later printing (the horizon ships them to the offices from period "
                    "{held_period} on)"),
    "KEPT.unusable.alone": N_("KEPT.unusable.alone",
                              ": no office could print them in the horizon for residents "
                              "within reach (printer capacity, storage or the backlog itself "
                              "is the limit)"),
    "KEPT.unusable_pinned.alone": N_(
        "KEPT.unusable_pinned.alone",
        ": the pinned offices receive only their pinned shipments and no other office could "
        "print them in the horizon for residents within reach (compare with the optimal plan: "
        "blanko evaluate)"),
    "KEPT.unusable_pinned": N_(
        "KEPT.unusable_pinned",
        "{n} that the pinned offices do not receive (only their pinned shipments) and no "
        "other office could print in the horizon for residents within reach"),
    "KEPT.reserve": N_("KEPT.reserve", "{n} as the reserve"),
    "KEPT.lots": N_("KEPT.lots",
                    "{n} because shipments are whole lots of {lot_size} (the plan without lots "
                    "ships them; what is left is less than a lot an office can use)"),
    "KEPT.unusable": N_("KEPT.unusable",
                        "{n} that no office could print in the horizon for residents within "
                        "reach (printer capacity, storage or the backlog itself is the limit)"),
    "KEPT.listed": N_("KEPT.listed", ": {listed} and {last}"),
    "TRAVEL_TIES_UNEXPLORED.district": N_("TRAVEL_TIES_UNEXPLORED.district", "district"),
    "TRAVEL_TIES_UNEXPLORED.area": N_("TRAVEL_TIES_UNEXPLORED.area", "area"),
    "DISTANCES.no_limit": N_("DISTANCES.no_limit", "no travel limit."),
    "DISTANCES.limit": N_("DISTANCES.limit",
                          "travel limit {max_travel_km} km outside one's own district."),
    "BLANKS_STRANDED.capacity": N_("BLANKS_STRANDED.capacity",
                                   "its printers cannot print them in the horizon"),
    "BLANKS_STRANDED.backlog": N_("BLANKS_STRANDED.backlog",
                                  "nobody it may serve is left waiting"),
    "CENTRAL_OUT_OF_REACH.item": N_("CENTRAL_OUT_OF_REACH.item", "{tier} {count}"),
    "LISTED.more": N_("LISTED.more", " and {more} more"),
    "DISTRICT_WITHOUT_OFFICE.no_limit": N_("DISTRICT_WITHOUT_OFFICE.no_limit",
                                           "at any distance (there is no travel limit)"),
    "DISTRICT_WITHOUT_OFFICE.limit": N_("DISTRICT_WITHOUT_OFFICE.limit",
                                        "within the travel limit of {km} km"),
    "AREA_UNREACHABLE.limit": N_("AREA_UNREACHABLE.limit", " or within {km} km"),
    "LOOKAHEAD.equity": N_("LOOKAHEAD.equity",
                           "Equity is kecamatan first, then kelurahan within each kecamatan, in "
                           "steps of {step} of coverage."),
    "LOOKAHEAD.no_equity": N_("LOOKAHEAD.no_equity",
                              "Equity was not optimized (equity: false)."),
    # Whole templates picked by `Template.variant`.
    "MARGINAL_PRINTER.cards": N_(
        "MARGINAL_PRINTER.cards",
        "A second printer helps most at {site_id}: each extra printer-day prints {more_cards}."),
    "MARGINAL_PRINTER.lots": N_(
        "MARGINAL_PRINTER.lots",
        "A second printer helps most at {site_id} in the plan without lots: each extra "
        "printer-day prints {more_cards}, and each extra card of capacity saves "
        "{km_saved_per_card_capacity} resident-km."),
    "MARGINAL_PRINTER.cards.lots": N_(
        "MARGINAL_PRINTER.cards.lots",
        "A second printer helps most at {site_id} in the plan without lots: each extra "
        "printer-day prints {more_cards}."),
    # At an office that prints nothing now (0 printers or days: tester qa11a).
    "MARGINAL_PRINTER.idle": N_(
        "MARGINAL_PRINTER.idle",
        "A printer at {site_id}, which prints nothing now, helps most: each extra printer-day "
        "prints {more_cards}, and each extra card of capacity saves "
        "{km_saved_per_card_capacity} resident-km."),
    "MARGINAL_PRINTER.cards.idle": N_(
        "MARGINAL_PRINTER.cards.idle",
        "A printer at {site_id}, which prints nothing now, helps most: each extra printer-day "
        "prints {more_cards}."),
    "MARGINAL_PRINTER.idle.lots": N_(
        "MARGINAL_PRINTER.idle.lots",
        "A printer at {site_id} in the plan without lots, which prints nothing now, helps "
        "most: each extra printer-day prints {more_cards}, and each extra card of capacity "
        "saves {km_saved_per_card_capacity} resident-km."),
    "MARGINAL_PRINTER.cards.idle.lots": N_(
        "MARGINAL_PRINTER.cards.idle.lots",
        "A printer at {site_id} in the plan without lots, which prints nothing now, helps "
        "most: each extra printer-day prints {more_cards}."),
    "MARGINAL_PRINTER.km.lots": N_(
        "MARGINAL_PRINTER.km.lots",
        "More printing capacity helps travel most at {site_id} in the plan without lots: each "
        "extra card of capacity saves {km_saved_per_card_capacity} resident-km (the shipment, "
        "not the printers, limits the cards)."),
    "MARGINAL_BLANK.lots": N_(
        "MARGINAL_BLANK.lots",
        "One more blank helps travel most at {site_id} in the plan without lots: it saves "
        "{km_saved_per_blank} resident-km."),
    "MARGINALS.lots": N_(
        "MARGINALS.lots",
        "Marginal values are those of the plan without lots, exact there: cards are the most "
        "all tiers together could print, blanks shipped without lots, with one more "
        "printer-day (cards_per_printer_day more capacity), or {blanks_step} more blanks in "
        "stock, at that one site; km saved are the resident-km one more card of capacity, or "
        "one more blank, at that site saves in that plan with every tier total and equity "
        "share held. A plan in whole lots may gain less or more (re-plan to see)."),
    "EQUITY_TIME_LIMIT.lots": N_(
        "EQUITY_TIME_LIMIT.lots",
        "The work budget of the time limit ({time_limit_s} s, {rounds_of_filling}, the same "
        "on any machine) stopped the equity stage early; the plan is valid, but some "
        "districts' or areas' shares were not balanced, and the lot choice, also stopped, may "
        "print fewer cards per tier than under a longer limit."),
    "LOOKAHEAD_TIME_LIMIT.tier": N_(
        "LOOKAHEAD_TIME_LIMIT.tier",
        "The work budget of the time limit ({time_limit_s} s, the same on any machine) "
        "stopped the lookahead before {what} of tier {tier}; the plan is valid (every hard "
        "constraint holds), but that stage and the ones after it were not optimized."),
    "LOOKAHEAD_STAGE.earliness": N_("LOOKAHEAD_STAGE.earliness",
                                    "the stage that shortens the wait"),
    "LOOKAHEAD_STAGE.equity": N_("LOOKAHEAD_STAGE.equity", "the equity stage"),
    "LOOKAHEAD_STAGE.travel": N_("LOOKAHEAD_STAGE.travel", "the travel stage"),
    "LOOKAHEAD_STAGE.late_shipping": N_("LOOKAHEAD_STAGE.late_shipping",
                                        "the stage that ships as late as the plan allows"),
    "MARGINAL_PRINTER.km": N_(
        "MARGINAL_PRINTER.km",
        "More printing capacity helps travel most at {site_id}: each extra card of capacity "
        "saves {km_saved_per_card_capacity} resident-km (the shipment, not the printers, "
        "limits the cards)."),
    "KEMENDAGRI_MORE.one": N_("KEMENDAGRI_MORE.one", "{count} more id breaks the code format."),
    "POPULATION_BELOW_BACKLOG.one": N_(
        "POPULATION_BELOW_BACKLOG.one",
        "Area {area_id} has more residents waiting ({backlog}) than residents (population "
        "{population}): check both columns; the plan follows the backlog."),
    "AREA_SUM_OF_OTHERS.file": N_(
        "AREA_SUM_OF_OTHERS.file",
        "Area {area_id} has a backlog equal to the sum of the other rows of the file: it is "
        "planned as a kelurahan; if it is a totals row, delete it."),
    "DISTRICT_WITHOUT_OFFICE.one": N_(
        "DISTRICT_WITHOUT_OFFICE.one",
        "{count} kecamatan with residents waiting has no office of its own that can print: "
        "{district_ids}. Residents there are served only from offices in other kecamatan "
        "{limit}."),
    "AREA_UNREACHABLE.one": N_(
        "AREA_UNREACHABLE.one",
        "{count} kelurahan with {residents_waiting} waiting has no office that can print in "
        "its kecamatan{limit}: {area_ids}. Residents there get no card in this plan, whatever "
        "their kecamatan's coverage; raise --max-travel-km or add an office."),
}

# The rules of the baseline policies (POLICY_RULE's `rule` param), as the baselines write
# them; `{tier}` and `{site_id}` are matched back out of the English rule.
RULES: tuple[tuple[str, str], ...] = (
    ("POLICY_RULE.rule.capped", N_(
        "POLICY_RULE.rule.capped",
        "in proportion to each district's {tier} backlog (later tiers by theirs, from what "
        "is left), each office capped at its capacity less its stock")),
    ("POLICY_RULE.rule.proportional", N_(
        "POLICY_RULE.rule.proportional",
        "in proportion to each district's {tier} backlog (later tiers by theirs, from what "
        "is left)")),
    ("POLICY_RULE.rule.population", N_("POLICY_RULE.rule.population",
                                       "in proportion to each district's population")),
    ("POLICY_RULE.rule.no_population", N_(
        "POLICY_RULE.rule.no_population",
        "in proportion to each district's total backlog (the instance gives no population)")),
    ("POLICY_RULE.rule.equal", N_("POLICY_RULE.rule.equal", "the same number to every office")),
    ("POLICY_RULE.rule.greedy", N_(
        "POLICY_RULE.rule.greedy",
        "tier by tier, allowed pairs nearest first, each taking what its office can still "
        "print")),
    ("POLICY_RULE.rule.central", N_("POLICY_RULE.rule.central",
                                    "everything to the central office {site_id}")),
)

# Names of the default tiers as Disdukcapil says them (other tiers keep their id).
TIERS: dict[str, str] = {
    "first_time": N_("tier", "first_time"),
    "replacement": N_("tier", "replacement"),
}
# A tier as a heading names it (reports, the page): words in every language, where a
# message keeps the id in English (its text is the library's, byte for byte).
TIER_LABELS: dict[str, str] = {
    "first_time": N_("tier-label", "first-time applicants"),
    "replacement": N_("tier-label", "replacements"),
}


class Context(Protocol):
    """What a template's `derive` may use: the params formatted, and the catalog."""

    @property
    def fields(self) -> Mapping[str, str]:
        """The message's params, formatted for the language."""

    def phrase(self, key: str) -> str:
        """PHRASES[key] translated and filled from `fields`."""

    def fill(self, key: str, values: Mapping[str, str]) -> str:
        """PHRASES[key] translated and filled from `values` alone."""

    def count(self, noun: str, n: int, values: Mapping[str, str] | None = None) -> str:
        """NOUNS[noun]'s singular or plural for `n`, translated, `{n}` grouped."""

    def num(self, value: float) -> str:
        """A figure as messages write it (wording.num): 12,000 / 12.000; 8.0 -> 8."""

    def grouped(self, count: int) -> str:
        """A count with thousands separators (1,234 in English, 1.234 in Indonesian)."""

    def short(self, value: float) -> str:
        """A number as Python's :g writes it (8.0 -> 8), the decimal mark of the language."""

    def fixed(self, value: float, places: int, signed: bool = False) -> str:
        """A number with `places` decimals and grouped thousands (f"{v:+,.3f}" in English)."""

    def km(self, value: float) -> str:
        """A km figure as messages write it (wording.km): 217.8 / 217,8, one decimal."""

    def tier(self, tier: str) -> str:
        """A tier's name in the language (first_time -> pemula)."""

    def rule(self, rule: str) -> str:
        """A baseline's English rule (POLICY_RULE) in the language, if it is a known one."""


_COVERAGE = "coverage_min_"


def _lot_rounding(params: Params, c: Context) -> dict[str, str]:
    # kpis.messages ends the text with "." or the unproven note; kpis.with_lot_cost drops
    # that "." and appends the cost against the lot-free plan (resident_km and one
    # coverage_min_<tier> param per tier, in tier order; None when a tier has no coverage;
    # each a drop: positive when the lots lower it). Words say the direction, not a sign.
    proven = params.get("proven_optimal")
    out = {"proof": "" if proven else c.phrase("LOT_ROUNDING.unproven"), "cost": "",
           "cards": c.count("noun.card", int(params.get("cards_lost") or 0))}
    if "resident_km" in params:
        items = []
        for key, value in params.items():
            if not key.startswith(_COVERAGE):
                continue
            tier = c.tier(key[len(_COVERAGE):])
            if value is None:
                items.append(c.fill("LOT_ROUNDING.no_points", {"tier": tier}))
                continue
            points = round(100 * float(value), 2)
            way = direction(-points)
            items.append(c.fill({"rise": "LOT_ROUNDING.rises", "fall": "LOT_ROUNDING.falls",
                                 "same": "LOT_ROUNDING.unchanged"}[way],
                                {"tier": tier, "points": c.fixed(abs(points), 2)}))
        km = float(params["resident_km"] or 0.0)
        out["cost"] = c.fill("LOT_ROUNDING.cost", {
            "coverage": ", ".join(items),
            "resident_km": c.fill(f"LOT_ROUNDING.km_{direction(round(km, 3))}",
                                  {"km": c.km(abs(km))})})
    return out


def _lot_equity(params: Params, c: Context) -> dict[str, str]:
    # engine/lot_equity.py: without a bound every param but `tried` is None.
    if params.get("level") is None:
        return {"detail": c.phrase("LOT_EQUITY_UNPROVEN.no_bound")}
    level = c.phrase(f"LOT_EQUITY_UNPROVEN.{params['level']}")
    # A plan kept in the store before the kelurahan counts were params shows "-" there.
    unknown = dict.fromkeys(("areas_at_zero", "bound_areas_at_zero", "areas_waiting"), "-")
    return {"detail": c.fill("LOT_EQUITY_UNPROVEN.gap", {
        **unknown, **c.fields,
        "tier": c.tier(str(params.get("tier"))), "level": level,
        "coverage_pct": c.fixed(100 * float(params.get("coverage") or 0.0), 2) + " %",
        "bound_pct": c.fixed(100 * float(params.get("bound") or 0.0), 2) + " %"})}


def _travel_ties_lots(params: Params, c: Context) -> dict[str, str]:
    # engine/ties.py lots_ties_message: ways priced, km above the lot-free plan.
    return {"combinations": c.grouped(int(params.get("combinations") or 0)),
            "km_above_bound": c.fixed(float(params.get("km_above_bound") or 0.0), 1)}


def _travel_ties(params: Params, c: Context) -> dict[str, str]:
    # engine/ties.py: the tier, "district" or "area", and the tied units (grouped).
    return {"tier": c.tier(str(params.get("tier"))),
            "level": c.phrase(f"TRAVEL_TIES_UNEXPLORED.{params.get('level')}"),
            "units": c.grouped(int(params.get("units") or 0))}


def _distances(params: Params, c: Context) -> dict[str, str]:
    no_limit = params.get("max_travel_km") is None
    computed = int(params.get("computed_pairs") or 0)
    measured = int(params.get("measured_pairs") or 0)
    fields = {**c.fields, "computed_distances": c.count("noun.distance", computed),
              "measured_distances": c.count("noun.distance", measured)}
    parts = []
    if computed:
        parts.append(c.fill("DISTANCES.computed", fields))
    if measured:
        parts.append(c.fill("DISTANCES.measured_too" if computed else "DISTANCES.measured",
                            fields))
    return {"limit": c.phrase("DISTANCES.no_limit" if no_limit else "DISTANCES.limit"),
            "said": ", ".join(parts) if parts else c.phrase("DISTANCES.none")}


def _kept(params: Params, c: Context) -> dict[str, str]:
    from optimizer.engine.kpis import kept_reasons

    reasons = kept_reasons(int(params.get("reserve") or 0), int(params.get("lot_kept") or 0),
                           int(params.get("unusable") or 0), held=int(params.get("held") or 0),
                           lot_choice_cut=bool(params.get("lot_choice_cut")),
                           pinned=bool(params.get("pinned")))
    lot = {"lot_size": c.num(int(params.get("lot_size") or 0)),
           "held_period": str(params.get("held_period") or "")}
    if len(reasons) < 2:
        return {"reasons": c.fill(f"KEPT.{reasons[0][0]}.alone", lot) if reasons else ""}
    listed = [c.fill(f"KEPT.{why}", {**lot, "n": c.num(n)}) for why, n in reasons]
    return {"reasons": c.fill("KEPT.listed", {"listed": ", ".join(listed[:-1]),
                                              "last": listed[-1]})}


def _stranded(params: Params, c: Context) -> dict[str, str]:
    key = f"BLANKS_STRANDED.{params.get('limit')}"
    return {"reason": c.phrase(key) if key in PHRASES else str(params.get("limit"))}


def _area_district(params: Params, c: Context) -> dict[str, str]:
    # The kecamatan part of a kelurahan code NN.NN.NN.NNNN, as codes.py reports it.
    return {"code_district": str(params.get("area_id", ""))[:8]}


def _out_of_reach(params: Params, c: Context) -> dict[str, str]:
    # Every param but site_id is one tier's count of waiting residents, in tier order.
    items = [(str(tier), n) for tier, n in params.items() if tier != "site_id"]
    listed = [c.fill("CENTRAL_OUT_OF_REACH.item", {"count": c.grouped(int(n or 0)),
                                                   "tier": c.tier(tier)})
              for tier, n in items]
    return {"listed": ", ".join(listed)}


def _host_out_of_reach(params: Params, c: Context) -> dict[str, str]:
    # studies/baselines.py: district_id, site_id, km, then one count per tier in tier order.
    items = [(str(tier), n) for tier, n in params.items()
             if tier not in ("district_id", "site_id", "km")]
    listed = [c.fill("CENTRAL_OUT_OF_REACH.item", {"count": c.grouped(int(n or 0)),
                                                   "tier": c.tier(tier)})
              for tier, n in items]
    return {"listed": ", ".join(listed), "km": c.num(float(params.get("km") or 0.0))}


def _lookahead(params: Params, c: Context) -> dict[str, str]:
    # `days` and `blanks` are comma-joined lists; the text lists them with ", ".
    days = [d for d in str(params.get("days", "")).split(",") if d]
    blanks = [b for b in str(params.get("blanks", "")).split(",") if b]
    # A message written before `equity` was a param was planned with equity on.
    # "2 %" is a field, so that no catalog entry holds a bare percent sign (gettext
    # tools would read "% o" as a format).
    note = c.fill("LOOKAHEAD.equity", {"step": "2 %"}) if params.get("equity", 1) else \
        c.phrase("LOOKAHEAD.no_equity")
    return {"equity_note": note,
            "days_listed": ", ".join(c.grouped(int(d)) if d.isdigit() else d for d in days),
            "blanks_listed": ", ".join(c.grouped(int(b)) if b.isdigit() else b for b in blanks)}


_MORE = re.compile(r" and ([\d,]+) more$")
# A site and its blanks in kpis._site_amounts' list ("S1: 1,250, S2: 5 and 3 more").
_AMOUNT = re.compile(r": (\d{1,3}(?:,\d{3})*)(?=, | and |$)")


def _listed(text: str, c: Context) -> str:
    """checks._listed's 'a, b, c and 5 more', the tail in the language."""
    match = _MORE.search(text)
    if not match:
        return text
    more = int(match[1].replace(",", ""))
    return text[:match.start()] + c.fill("LISTED.more", {"more": c.grouped(more)})


def _site_amounts(params: Params, c: Context) -> dict[str, str]:
    """PINS_STRANDED, BLANKS_STRANDED_LOTS: 'S1: 1,250, S2: 5 and 3 more', the figures
    and the tail in the language."""
    text = str(params.get("sites", ""))
    tail = _MORE.search(text)
    head = text if tail is None else text[:tail.start()]
    head = _AMOUNT.sub(lambda m: ": " + c.grouped(int(m[1].replace(",", ""))), head)
    return {"sites": _listed(head + ("" if tail is None else tail[0]), c)}


def _checks(params: Params, c: Context) -> dict[str, str]:
    """SITE_WITHOUT_PRINTERS, DISTRICT_WITHOUT_OFFICE, AREA_UNREACHABLE (engine/checks.py)."""
    out = {key: _listed(str(params[key]), c)
           for key in ("site_ids", "district_ids", "area_ids") if key in params}
    km = params.get("max_travel_km")
    out["km"] = "" if km is None else c.num(float(km))
    return out


def _district_limit(params: Params, c: Context) -> dict[str, str]:
    out = _checks(params, c)
    key = "no_limit" if params.get("max_travel_km") is None else "limit"
    out["limit"] = c.fill(f"DISTRICT_WITHOUT_OFFICE.{key}", out)
    return out


def _area_limit(params: Params, c: Context) -> dict[str, str]:
    out = _checks(params, c)
    no_limit = params.get("max_travel_km") is None
    out["limit"] = "" if no_limit else c.fill("AREA_UNREACHABLE.limit", out)
    return out


def _km_saved(params: Params, c: Context) -> dict[str, str]:
    """MARGINAL_PRINTER, MARGINAL_BLANK: km saved with one decimal (wording.km)."""
    return {key: c.km(float(params[key] or 0.0)) for key in
            ("km_saved_per_card_capacity", "km_saved_per_blank") if key in params}


def _rule(params: Params, c: Context) -> dict[str, str]:
    return {"rule": c.rule(str(params.get("rule", "")))}


def _one(key: str, param: str = "count") -> Callable[[Params], str | None]:
    """The variant `key` when the param `param` is exactly 1 (a verb that agrees)."""
    return lambda params: key if params.get(param) == 1 else None


def _printer(params: Params) -> str | None:
    """MARGINAL_PRINTER names only what is gained (engine/kpis._printer_message); at an
    office that prints nothing now (`idle`), a printer there, not a second one."""
    lots = ".lots" if params.get("without_lots") else ""
    idle = ".idle" if params.get("idle") and params.get("cards_per_printer_day") else ""
    if not params.get("km_saved_per_card_capacity"):
        return "MARGINAL_PRINTER.cards" + idle + lots
    if not params.get("cards_per_printer_day"):
        return "MARGINAL_PRINTER.km" + lots
    if idle:
        return "MARGINAL_PRINTER.idle" + lots
    return "MARGINAL_PRINTER.lots" if lots else None


def _lookahead_stage(params: Params, c: Context) -> dict[str, str]:
    """LOOKAHEAD_TIME_LIMIT: the stage cut, in words, and its tier in the language."""
    key = f"LOOKAHEAD_STAGE.{params.get('stage')}"
    return {"what": c.phrase(key) if key in PHRASES else str(params.get("stage")),
            "tier": c.tier(str(params.get("tier") or ""))}


def _flagged(key: str, param: str) -> Callable[[Params], str | None]:
    """The variant `key` when the param `param` is set (a lot plan's wording)."""
    return lambda params: key if params.get(param) else None


TEMPLATES: dict[str, Template] = {t.code: t for t in (
    Template("MARGINALS_SKIPPED", N_(
        "MARGINALS_SKIPPED",
        "The time limit was reached before the marginal values of some sites were computed; "
        "those sites show none.")),
    Template("MARGINALS", N_(
        "MARGINALS",
        "Marginal values are exact: cards are the most all tiers together could print with "
        "one more printer-day (cards_per_printer_day more capacity), or {blanks_step} more "
        "blanks in stock, at that one site; km saved are the resident-km one more card of "
        "capacity, or one more blank, at that site saves with every tier total and equity "
        "share held."), variant=_flagged("MARGINALS.lots", "without_lots")),
    Template("BLANKS_KEPT_CENTRAL", N_(
        "BLANKS_KEPT_CENTRAL", "{kept_stay} at the central office{reasons}."), _kept,
        counts={"kept_stay": ("noun.blank_stays", "kept")}),
    Template("BLANKS_KEPT_CENTRAL_LOTS", N_(
        "BLANKS_KEPT_CENTRAL_LOTS", "{kept_stay} at the central office{reasons}."), _kept,
        counts={"kept_stay": ("noun.blank_stays", "kept")}),
    Template("EQUITY_OFF", N_("EQUITY_OFF",
                              "Equity between districts was not optimized (equity: false).")),
    Template("EQUITY_TIME_LIMIT", N_(
        "EQUITY_TIME_LIMIT",
        "The work budget of the time limit ({time_limit_s} s, {rounds_of_filling}, the same "
        "on any machine) stopped the equity stage early; the plan is valid and prints as many "
        "cards per tier, but some districts' or areas' shares were not balanced."),
        counts={"rounds_of_filling": ("noun.round", "rounds")},
        variant=_flagged("EQUITY_TIME_LIMIT.lots", "lot_choice_cut")),
    Template("LOT_ROUNDING", N_(
        "LOT_ROUNDING",
        "Shipments are whole lots of {lot_size}; this costs {cards} against the plan without "
        "lots{proof}{cost}."), _lot_rounding),
    Template("LOT_EQUITY_UNPROVEN", N_(
        "LOT_EQUITY_UNPROVEN",
        "Equity over the lots is not proven optimal: {detail}; other lot choices tried: "
        "{tried}."), _lot_equity),
    Template("TRAVEL_TIES_UNEXPLORED", N_(
        "TRAVEL_TIES_UNEXPLORED",
        "Equally fair shares were not all compared: in tier {tier}, {units} tied {level} "
        "units of equal backlog have too many ways to share their cards (or the work budget "
        "ran out), so the lower ids got them; another choice, as fair at that level, may be "
        "fairer to the areas or save resident-km."), _travel_ties),
    Template("TRAVEL_TIES_LOTS", N_(
        "TRAVEL_TIES_LOTS",
        "Equally fair shares were compared on the lots chosen only ({combinations} ways "
        "priced); the plan's resident-km are {km_above_bound} above the plan without lots, "
        "so other lots with another equally fair choice may save resident-km: travel is not "
        "proven optimal."), _travel_ties_lots),
    Template("STOCK_BEYOND_CAPACITY", N_(
        "STOCK_BEYOND_CAPACITY",
        "Site {site_id} holds {stock_blanks} but can print only {capacity} in the horizon; "
        "move the surplus."), counts={"stock_blanks": ("noun.blank", "stock")}),
    Template("MARGINAL_PRINTER", N_(
        "MARGINAL_PRINTER",
        "A second printer helps most at {site_id}: each extra printer-day prints "
        "{more_cards}, and each extra card of capacity saves {km_saved_per_card_capacity} "
        "resident-km."), _km_saved,
        counts={"more_cards": ("noun.more_card", "cards_per_printer_day")}, variant=_printer),
    Template("MARGINAL_BLANK", N_(
        "MARGINAL_BLANK",
        "One more blank helps travel most at {site_id}: it saves {km_saved_per_blank} "
        "resident-km."), _km_saved, variant=_flagged("MARGINAL_BLANK.lots", "without_lots")),
    Template("LOOKAHEAD_TIME_LIMIT", N_(
        "LOOKAHEAD_TIME_LIMIT",
        "The work budget of the time limit ({time_limit_s} s, the same on any machine) "
        "stopped the lookahead before {what}; the plan is valid (every hard constraint "
        "holds), but that stage and the ones after it were not optimized."),
        _lookahead_stage, variant=_flagged("LOOKAHEAD_TIME_LIMIT.tier", "tier")),
    Template("TIME_LIMIT_CAPPED", N_(
        "TIME_LIMIT_CAPPED",
        "The time limit asked for ({asked_s} s) is above this service's cap: the plan was "
        "made with {cap_s} s (BLANKO_MAX_TIME_LIMIT_S); the CLI and the library take any "
        "limit.")),
    Template("PINNED_SHIPMENTS", N_(
        "PINNED_SHIPMENTS",
        "The shipments of {sites_counted} were pinned by the planner; the other sites share "
        "what is left and every stage plans the rest."),
        counts={"sites_counted": ("noun.site", "sites")}),
    Template("PINS_STRANDED", N_(
        "PINS_STRANDED",
        "The pinned shipments strand {stranded_blanks} at {offices} that will not print them "
        "in the horizon ({sites}): the plan is optimal given the pins, not for the shipment; "
        "compare it with the optimal plan (blanko evaluate, POST /v1/plans/evaluate)."),
        _site_amounts, counts={"stranded_blanks": ("noun.blank", "stranded"),
                               "offices": ("noun.office", "count")}),
    Template("BLANKS_STRANDED_LOTS", N_(
        "BLANKS_STRANDED_LOTS",
        "{stranded_arrive} at {offices} in whole lots of {lot_size} and will not be printed "
        "in the horizon ({sites}): each of these offices prints only part of its last lot, "
        "and a lot is not split."),
        _site_amounts, counts={"stranded_arrive": ("noun.blank_arrives", "stranded"),
                               "offices": ("noun.office", "count")}),
    Template("INFEASIBLE_PINS", N_(
        "INFEASIBLE_PINS",
        "The pinned shipments add up to {pinned_blanks}, more than the {allowed} that may "
        "leave the central office: constraint (1) cannot hold."),
        counts={"pinned_blanks": ("noun.blank", "pinned")}),
    Template("INFEASIBLE_PIN_STORAGE", N_(
        "INFEASIBLE_PIN_STORAGE",
        "Site {site_id} would hold {total_blanks} with the {pinned} pinned, more than its "
        "storage cap of {storage_cap}: constraint (2c) cannot hold."),
        counts={"total_blanks": ("noun.blank", "total")}),
    Template("INFEASIBLE_PIN_LOT", N_(
        "INFEASIBLE_PIN_LOT",
        "The blanks pinned at site {site_id} ({pinned}) are not whole lots of {lot_size}.")),
    Template("DISTANCES", N_("DISTANCES", "{said}; {limit}"), _distances),
    Template("INFEASIBLE_RESERVE", N_(
        "INFEASIBLE_RESERVE",
        "The reserve ({reserve}) is larger than the shipment ({blanks}): constraint (1) "
        "cannot hold.")),
    Template("INFEASIBLE_STORAGE", N_(
        "INFEASIBLE_STORAGE",
        "Site {site_id} already holds {stock_blanks}, more than its storage cap of "
        "{storage_cap}: constraint (2c) cannot hold."),
        counts={"stock_blanks": ("noun.blank", "stock")}),
    Template("KEMENDAGRI_DISTRICT_CODE", N_(
        "KEMENDAGRI_DISTRICT_CODE",
        "District id '{district_id}' is not a kecamatan code (NN.NN.NN) like the others.")),
    Template("KEMENDAGRI_AREA_CODE", N_(
        "KEMENDAGRI_AREA_CODE",
        "Area id '{area_id}' is not a kelurahan/desa code (NN.NN.NN.1NNN or NN.NN.NN.2NNN).")),
    Template("KEMENDAGRI_AREA_NODOTS", N_(
        "KEMENDAGRI_AREA_NODOTS",
        "Area ids written as kelurahan/desa codes without dots: {count} (e.g. {area_ids}). "
        "They are planned as written; written with dots (e.g. {example}) they are also "
        "checked against their kecamatan.")),
    Template("KEMENDAGRI_AREA_DISTRICT", N_(
        "KEMENDAGRI_AREA_DISTRICT",
        "Area '{area_id}' is placed in district '{district_id}', but its code belongs to "
        "district '{code_district}'."), _area_district),
    Template("KEMENDAGRI_MORE", N_("KEMENDAGRI_MORE", "{count} more ids break the code format."),
             variant=_one("KEMENDAGRI_MORE.one")),
    Template("POPULATION_BELOW_BACKLOG", N_(
        "POPULATION_BELOW_BACKLOG",
        "{count} areas have more residents waiting than residents: {area_ids} (area "
        "{area_id}: population {population}, backlog {backlog}): check both columns; the "
        "plan follows the backlog."), variant=_one("POPULATION_BELOW_BACKLOG.one")),
    Template("AREA_SUM_OF_OTHERS", N_(
        "AREA_SUM_OF_OTHERS",
        "Area {area_id} has a backlog equal to the sum of the other rows of kecamatan "
        "{district_id}: it is planned as a kelurahan; if it is a totals row, delete it."),
        variant=lambda params: "AREA_SUM_OF_OTHERS.file" if params.get("district_id") is None
        else None),
    Template("AREA_FAR_IN_DISTRICT", N_(
        "AREA_FAR_IN_DISTRICT",
        "Area {area_id} lies {km} km from the nearest other place of kecamatan "
        "{district_id} ({nearest}): check its coordinates; it is planned as typed.")),
    Template("SITE_FIGURE_OUTLIER", N_(
        "SITE_FIGURE_OUTLIER",
        "Office {site_id} has {field} {value}, 10 times the median of the other offices "
        "({median}) or more: check the figure (a zero typed too many plans its capacity 10 "
        "times over); it is planned as given.")),
    Template("SITE_FIGURE_LOW", N_(
        "SITE_FIGURE_LOW",
        "Office {site_id} has {field} {value}, a fifth of the median of the other offices "
        "({median}) or less: check the figure (a rate per hour, or a zero dropped, plans its "
        "capacity at a fraction); it is planned as given.")),
    Template("SITE_WORKING_DAYS_WEEK", N_(
        "SITE_WORKING_DAYS_WEEK",
        "Office {site_id} has {value} working days where the other offices have {median} "
        "(their median): working days are the days it prints until the next shipment, not "
        "a week's; it is planned as given.")),
    Template("POLICY_CAPPED", N_(
        "POLICY_CAPPED",
        "These offices received what they can print in the horizon (capacity less stock) and "
        "no more: {sites}; their surplus was re-shared among the others.")),
    Template("POLICY_NO_POPULATION", N_(
        "POLICY_NO_POPULATION", "No area has a population; shares follow the total backlog.")),
    Template("POLICY_RULE", N_(
        "POLICY_RULE",
        "Baseline '{policy}': blanks {rule} (whole cards by largest remainder, ties by site "
        "id). Each office then prints its own district's highest tier first, then residents "
        "of reachable neighbouring districts, nearest first. Marginal values are not "
        "computed for baselines."), _rule),
    Template("BLANKS_STRANDED", N_(
        "BLANKS_STRANDED", "Site {site_id} receives {stranded_blanks} it will not print: "
                           "{reason}."), _stranded,
             counts={"stranded_blanks": ("noun.blank", "stranded")}),
    Template("CENTRAL_OUT_OF_REACH", N_(
        "CENTRAL_OUT_OF_REACH",
        "Residents who live outside the central office's district and beyond max_travel_km "
        "of it wait under central_only: {listed}."), _out_of_reach),
    Template("HOST_OUT_OF_REACH", N_(
        "HOST_OUT_OF_REACH",
        "Kecamatan {district_id} has no printer and is served at its host office {site_id}, "
        "but these of its residents live beyond max_travel_km ({km} km) of the host, so it "
        "cannot print for them: {listed}. Only offices within reach can."),
        _host_out_of_reach),
    Template("SITE_WITHOUT_PRINTERS", N_(
        "SITE_WITHOUT_PRINTERS",
        "{offices} can print no card (0 printers, 0 working days or 0 cards per "
        "printer-day): {site_ids}. No blanks are sent there to print; check the figures if "
        "they do print."), _checks, counts={"offices": ("noun.office", "count")}),
    Template("DISTRICT_WITHOUT_OFFICE", N_(
        "DISTRICT_WITHOUT_OFFICE",
        "{count} kecamatan with residents waiting have no office of their own that can print: "
        "{district_ids}. Residents there are served only from offices in other kecamatan "
        "{limit}."), _district_limit, variant=_one("DISTRICT_WITHOUT_OFFICE.one")),
    Template("AREA_UNREACHABLE", N_(
        "AREA_UNREACHABLE",
        "{count} kelurahan with {residents_waiting} waiting have no office that can print in "
        "their kecamatan{limit}: {area_ids}. Residents there get no card in this plan, "
        "whatever their kecamatan's coverage; raise --max-travel-km or add an office."),
        _area_limit, counts={"residents_waiting": ("noun.resident", "residents")},
        variant=_one("AREA_UNREACHABLE.one")),
    Template("LOOKAHEAD", N_(
        "LOOKAHEAD",
        "Planned {periods_counted} ({days_listed} working days) with tranches of "
        "{blanks_listed} blanks; only this period's shipments are to be sent now: later ones "
        "are provisional and are re-planned when the next tranche arrives. {equity_note}"),
        _lookahead, counts={"periods_counted": ("noun.period", "periods")}),
    Template("LOOKAHEAD_LOTS", N_(
        "LOOKAHEAD_LOTS",
        "Every shipment of the horizon is whole lots of {lot_size}: this tranche's chosen by "
        "the lot stages, each later one the plan without lots rounded down at each office "
        "with spare whole lots to the largest remainders, and the printing re-planned around "
        "them; the lots add {resident_days_counted} of {tier_name} applicants waiting over "
        "the horizon against the plan without lots."),
        lambda params, c: {"tier_name": c.tier(str(params.get("tier", "")))},
        counts={"resident_days_counted": ("noun.resident_day", "resident_days")}),
)}


def rule_pattern(template: str) -> re.Pattern[str]:
    """The English rule template as a regex whose groups are its fields."""
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                    for i, p in enumerate(parts))
    return re.compile(f"^{regex}$")
