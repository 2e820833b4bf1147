"""The CLI's own lines and table headings (context "cli"), and its figures in a language.

English returns each template filled exactly as the CLI always printed it (the CLI tests
pin those bytes); Indonesian looks the template up in the catalog and writes figures the
Indonesian way (40.000; 26,7 %), swapping the marks as optimizer.i18n does for messages.
No babel import here: `blanko --help` must stay fast (tests/test_startup.py).
"""

from __future__ import annotations

from optimizer.i18n.messages import N_

CONTEXT = "cli"
_SWAP = str.maketrans(",.", ".,")

NOTE = N_("cli", "Note:")
ESTIMATED = N_("cli", "'{dataset}' has estimated figures ({fields}); see its README, and "
                      "plan with your own SIAK export with --data.")
# A synthetic dataset (estimated_columns ("all",)): every figure is made up.
ESTIMATED_ALL = N_("cli", "'{dataset}' is synthetic: every figure in it is made up; plan "
                          "with your own SIAK export with --data.")
BY_DISTRICT = N_("cli", "Plan by district")
WORST = N_("cli", "The {count} districts with the lowest {tier} coverage (of {total}; "
                  "--all prints every one)")
DISTRICT = N_("cli", "district")
NAME = N_("cli", "name")
TIER_BACKLOG = N_("cli", "{tier} backlog")
TIER_CARDS = N_("cli", "{tier} cards")
COVERAGE = N_("cli", "coverage")
BLANKS_TO_OFFICES = N_("cli", "blanks to offices")
# Below the table by district: the central office's blanks, in no kecamatan's row.
CENTRAL_BLANKS = N_("cli", "{site} (the central office, in {district}) gets {blanks} blanks "
                           "for its own printers, which serve every district: they are in "
                           "no district's row.")
LIMIT = N_("cli", "limit")
PERCENT = N_("cli", "{value}%")
SPREAD = N_("cli", "{districts} districts, {with_backlog} with {tier} backlog: coverage min "
                   "{low}, median {median}, max {high}; {full} fully served, {none} with "
                   "no cards.")
STATUS = N_("cli", "Status:")
SOLVER = N_("cli", "{status}   solver {version}, {ms} ms")
TIER_LINE = N_("cli", "{tier}: {cards} cards{span}")
SPAN = N_("cli", "  coverage {low}-{high}")
BLANKS_LINE = N_("cli", "blanks shipped {shipped}, kept central {central}, stranded {stranded}")
KM_LINE = N_("cli", "resident-km {total} (mean {mean} km, max {max} km)")
JSON_WRITTEN = N_("cli", "Plan JSON written to {path}")
CSV_WRITTEN = N_("cli", "Plan tables written to {path}/")
XLSX_WRITTEN = N_("cli", "Plan workbook written to {path}")
KEPT = N_("cli", "Plan kept as {id} (blanko plans show {id})")
YOURS = N_("cli", "Your shipments")
ONE_PINNED = N_("cli", "1 site pinned")
PINNED = N_("cli", "{count} sites pinned")
COST_TITLE = N_("cli", "Cost of your shipments against the optimal plan")
FIGURE = N_("cli", "figure")
COST = N_("cli", "cost")
CARDS_FEWER = N_("cli", "{tier} cards fewer")
COVERAGE_LOWER = N_("cli", "{tier} lowest district coverage, points lower")
KM_MORE = N_("cli", "resident-km more")
STRANDED_MORE = N_("cli", "blanks stranded more")
# The same figures when the pinned plan does better than the optimal one on them: the
# sign in words, never a minus a reader may miss.
CARDS_MORE = N_("cli", "{tier} cards more")
COVERAGE_HIGHER = N_("cli", "{tier} lowest district coverage, points higher")
KM_FEWER = N_("cli", "resident-km fewer")
STRANDED_FEWER = N_("cli", "blanks stranded fewer")
FEWER_CARDS_NOTE = N_("cli", "Fewer resident-km only because fewer cards are printed ({cards} "
                             "fewer): fewer residents travel, so this is no gain.")
COST_WRITTEN = N_("cli", "Cost JSON written to {path}")
HORIZON = N_("cli", "Shipments over the horizon (only 'now' is to be sent; the rest is "
                    "provisional and re-planned at the next tranche)")
OFFICE = N_("cli", "office")
NOW = N_("cli", "now")
DAY = N_("cli", "day {day} (provisional)")
TRANCHE = N_("cli", "tranche")
HORIZON_WRITTEN = N_("cli", "Horizon JSON written to {path}")
WAITING = N_("cli", "resident-days waiting over the horizon ({count} periods of {days} "
                    "working days; each period's working days x those still waiting at its "
                    "end): {waiting}")

# `blanko datasets`
DATASETS = N_("cli", "Datasets")
SITES = N_("cli", "sites")
AREAS = N_("cli", "areas")
TIERS = N_("cli", "tiers")
TOTAL_BACKLOG = N_("cli", "total backlog")
SOURCE = N_("cli", "source")
SEEDED = N_("cli", "seeded")
ABOUT = N_("cli", "~{count}")
# `blanko plans ...` (optimizer/cli/store.py)
PLANS_PAGE = N_("cli", "Plans {first}-{last} of {total}")
ID = N_("cli", "id")
CREATED_UTC = N_("cli", "created (UTC)")
BY = N_("cli", "by")
STATUS_COLUMN = N_("cli", "status")
LABEL = N_("cli", "label")
INPUT = N_("cli", "input")
BLANKS = N_("cli", "blanks")
REPLACES = N_("cli", "replaces")
INSTANCE_SENT = N_("cli", "instance sent")
PLAN_HEAD = N_("cli", "Plan {id}")
LABELLED = N_("cli", "label '{label}'")
CREATED_LINE = N_("cli", "created {at} UTC by {by}")
INPUT_LINE = N_("cli", "input {input}, shipment {blanks} blanks")
SHA_LINE = N_("cli", "input_sha256 {sha}")  # a line of its own: 64 characters, never cut
REPLACES_LINE = N_("cli", "replaces {id}")
CARDS_LINE = N_("cli", "{tier}: {cards} cards")
SOLVER_LINE = N_("cli", "solver {versions}")
HISTORY = N_("cli", "History")
AT_UTC = N_("cli", "at (UTC)")
ACTION = N_("cli", "action")
NOTE_COLUMN = N_("cli", "note")
REPRODUCED = N_("cli", "Reproduced")
REPRODUCED_LINE = N_("cli", "plan {id} follows from its input (input_sha256 {sha}).")
NOT_REPRODUCED = N_("cli", "Not reproduced")
DIFFER = (N_("cli", "{count} value differs"), N_("cli", "{count} values differ"))
DATASET_CHANGED = N_("cli", " (the dataset changed since)")
SOLVER_THEN = N_("cli", "solver then: {versions}")
SOLVER_NOW = N_("cli", "solver now:  {versions}")
NOT_FOUND = N_("cli", "Not found")
REFUSED = N_("cli", "Refused")
PLAN_IS = N_("cli", "Plan {id} is {status}.")
PLAN_IS_REPLACING = N_("cli", "Plan {id} is {status}; it replaces {old}, now superseded.")
THERE_IS_NO = N_("cli", "there is no {what} '{id}'")
ONLY_FROM = N_("cli", "{what} '{id}' is {status}: only a {what} that is {allowed_from} can be "
                      "{action}")
NOT_APPROVABLE = N_("cli", "Plan '{id}' is {result}: only an optimal or feasible plan can be "
                           "{action}. Plan the shipment again with input that can be met (more "
                           "blanks, a smaller reserve, or what the plan's messages name) and "
                           "approve that plan; this one stays kept")
RESULT_COLUMN = N_("cli", "result")
RESULT_LINE = N_("cli", "result {result}")
KEPT_NOT_APPROVABLE = N_("cli", "The plan is {result}: it is kept as a record, but it cannot be "
                                "approved or published.")
FEASIBLE_NOTE = N_("cli", "Its result is feasible: every hard constraint holds, but a time "
                          "limit cut the search short (or a baseline policy planned), so it "
                          "is not proven the best plan.")
# The CLI's limit word for a kecamatan the lot size keeps from the blanks it needs
# (optimizer.engine.limits); the other reasons are the page's (api/web/labels.py).
LOT_SIZE_REASON = N_("reason", "lot_size")
NO_FIGURES = N_("cli", "no figures: the plan is {result}; why:")
DIFF_NO_FIGURES = N_("cli", "Plan {id} is {result}: it ships nothing, so it has no figures "
                           "and no change is shown against it. Why:")
BLANKS_PER_OFFICE = N_("cli", "Blanks per office")
KECAMATAN = N_("cli", "kecamatan")
BEFORE = N_("cli", "before")
AFTER = N_("cli", "after")
CHANGE = N_("cli", "change")
TIER = N_("cli", "tier")
CARDS_PER_KECAMATAN = N_("cli", "Cards per kecamatan")
# `plans diff` without --all, when a table has no changed row (not an empty table).
DIFF_NO_OFFICE_CHANGED = N_("cli", "{title}: no office's blanks changed (--all lists every "
                                   "office).")
DIFF_NO_KECAMATAN_CHANGED = N_("cli", "{title}: no kecamatan's cards changed (--all lists "
                                      "every kecamatan and tier).")
COVERAGE_BEFORE = N_("cli", "coverage before")
COVERAGE_AFTER = N_("cli", "coverage after")
KPIS = N_("cli", "KPIs")
KPI = N_("cli", "kpi")
AT_REVISION = N_("cli", "{url}: at revision {revision} (head {head})")
# The plan store's database cannot be opened (optimizer.cli.store.open_store; tester qa9).
STORE_DOWN = N_("cli", "The plan store's database {url} cannot be opened: {reason}")
STORE_DOWN_FIX = N_("cli", "Start the database server, or correct --db (or "
                           "BLANKO_DATABASE_URL): host, port, user and database name. "
                           "Without either, plans are kept in an SQLite file in your data "
                           "folder.")
NOT_SAVED = N_("cli", "The plan was NOT saved in the plan store (the plan above, and any "
                      "file written, are complete).")
# Words the store writes (plan status, history action) and the diff's KPI names, as the
# page says them (contexts "plan-status", "action" and "kpi").
PLAN_STATUSES = (N_("plan-status", "draft"), N_("plan-status", "approved"),
                 N_("plan-status", "published"), N_("plan-status", "superseded"))
ACTIONS = (N_("action", "saved"), N_("action", "approved"), N_("action", "published"),
           N_("action", "superseded"), N_("action", "verified"), N_("action", "not-reproduced"))
OBJECTS = (N_("object", "plan"), N_("object", "job"))
# Who kept a plan when the service knows no name (api/store_routes._caller): words, shown
# in the language (api/web/templates/history.html); any other name as written.
AUTHORS = (N_("author", "anonymous"), N_("author", "api-key"))
DIFF_KPIS = {
    "cards_by_tier": N_("kpi", "Cards printed, {tier}"),
    "coverage_min_by_tier": N_("kpi", "Lowest kecamatan coverage, {tier}"),
    "coverage_max_by_tier": N_("kpi", "Highest kecamatan coverage, {tier}"),
    "resident_km_total": N_("kpi", "Resident-km, total"),
    "resident_km_mean": N_("kpi", "Km per resident served, mean"),
    "max_km": N_("kpi", "Longest trip (km)"),
    "blanks_shipped": N_("kpi", "Blanks shipped"),
    "blanks_kept_central": N_("kpi", "Blanks kept at the central office"),
    "blanks_stranded": N_("kpi", "Blanks stranded"),
    "cards_lost_to_lots": N_("kpi", "Cards lost to lots"),
    "resident_km": N_("kpi", "Resident-km, total"),  # lot_cost.resident_km
}
LOT_COST = N_("kpi", "Cost of lots")
NO_FIGURE = "—"  # a figure a diff does not have (an infeasible plan's, a lot cost's)
# How a diff's KPIs are written (the CLI and the page): 0-1 ratios as percentages (their
# change in percentage points), distances in km with decimals, the rest as counts.
RATIO_KPIS = frozenset({"coverage_min_by_tier", "coverage_max_by_tier"})
KM_KPIS = frozenset({"max_km", "resident_km_mean"})
KM_TOTAL_KPIS = frozenset({"resident_km_total", "resident_km"})
POINTS = N_("cli", "{value} points")  # a change of a percentage: '+6.7 points'
# `blanko compare` and `blanko replay` (optimizer/cli/studies.py)
POLICIES_TITLE = N_("cli", "Policies on one shipment")
POLICY = N_("cli", "policy")
COVERAGE_SPAN = N_("cli", "coverage min-max")
# Words of at most 9 letters: the cells ("26.6% / 0") set the column's width.
KELURAHAN_FLOOR = N_("cli", "kelurahan least / none ({tier})")
STRANDED = N_("cli", "stranded")
KEPT_CENTRAL = N_("cli", "kept central")
KM_MEAN = N_("cli", "km mean")
KM_P95 = N_("cli", "km p95")
KM_MAX = N_("cli", "km max")
NO_CARDS = N_("cli", "no cards")
VALID = N_("cli", "valid")
YES = N_("cli", "yes")
NO = N_("cli", "NO")
COMPARISON_WRITTEN = N_("cli", "Comparison JSON written to {path}")
REPLAYING = N_("cli", "Replaying")
REPORT_WRITTEN = N_("cli", "Report written to {path}")
HEADLINE = N_("cli", "| policy | {tier} cards, one shipment | district coverage, min-max | "
                     "Gini | blanks stranded | days to clear the {tier} backlog | {tier} "
                     "resident-days waiting{unit} | mean days a {tier} applicant waits |")
NOT_CLEARED = N_("cli", "not cleared ({missing} of {total})")
NOT_CLEARED_OTHERS = N_("cli", "not cleared ({missing} of {total}); others {others}")
MILLIONS = N_("cli", " (millions)")
THOUSANDS = N_("cli", " (thousands)")
# `blanko sweep`
SWEEP_PLAN = N_("cli", "{tasks} ({scenarios} x {replications}, {policies} each); {done} "
                       "already done; running on {where}.")
DASK = N_("cli", "Dask scheduler {address}")
SWEEPING = N_("cli", "Sweeping")
SWEEP_RAN = N_("cli", "{tasks} ran in {seconds} s; results in {path}")
# Counted nouns, one phrase for exactly one and one for any other count (English says
# "1 task", "2 tasks"; Indonesian writes both the same).
TASKS = (N_("cli", "{count} task"), N_("cli", "{count} tasks"))
SCENARIOS = (N_("cli", "{count} scenario"), N_("cli", "{count} scenarios"))
REPLICATIONS = (N_("cli", "{count} replication"), N_("cli", "{count} replications"))
POLICIES = (N_("cli", "{count} policy"), N_("cli", "{count} policies"))
LOCAL_PROCESSES = (N_("cli", "{count} local process"), N_("cli", "{count} local processes"))
# `blanko template`
TEMPLATE_WRITTEN = N_("cli", "Template written to {path}: fill in the sheets sites, areas and "
                             "districts, then run blanko plan --data {path} --blanks N")


def say(lang: str, template: str, **fields: str) -> str:
    """`template` (one of the constants above) in `lang`, its `{name}` fields filled."""
    if lang != "en":
        from optimizer.i18n import translate

        template = translate(lang, CONTEXT, template)
    from optimizer.i18n import _fill

    return _fill(template, fields)


def counted(lang: str, count: int, phrases: tuple[str, str]) -> str:
    """'1 task' / '2 tasks' (phrases = (one, other), e.g. TASKS), the count grouped."""
    return say(lang, phrases[0] if count == 1 else phrases[1], count=grouped(count, lang))


def grouped(value: int, lang: str) -> str:
    """40000 -> '40,000' / '40.000'."""
    return _marks(f"{value:,}", lang)


def fixed(value: float, places: int, lang: str, group: bool = True) -> str:
    """A figure to `places` decimals: 1234.5 -> '1,234.50' / '1.234,50'."""
    return _marks(f"{value:{',' if group else ''}.{places}f}", lang)


def percent(share: float, lang: str, places: int = 1) -> str:
    """A share as a percentage: 0.267 -> '26.7%' / '26,7 %'; a share strictly between 0
    and 1 never as 0 or 100 (0.99995 -> '99.995%': optimizer.engine.wording.percent_places)."""
    from optimizer.engine.wording import percent_places

    places = percent_places(100 * share, places)
    return say(lang, PERCENT, value=fixed(100 * share, places, lang, group=False))


def kpi_figures(key: str, before: float | None, after: float | None, change: float | None,
                lang: str) -> tuple[str, str, str]:
    """A plan diff's KPI row as the CLI prints it: (before, after, change) in `lang`.

    Coverage (a 0-1 ratio) as a percentage, its change in percentage points
    ('20.0%', '26.7%', '+6.7 points'); km figures to two decimals (a total to one,
    grouped); counts grouped ('30,000', '40,000', '+10,000'); '—' for a missing figure
    (as every other missing figure of a diff: never a hyphen, which reads as a minus).
    `key` is the diff's KPI ('coverage_min_by_tier.first_time', 'lot_cost.resident_km').
    """
    head = key.split(".")[0] if not key.startswith("lot_cost.") else key.split(".")[1]

    def plain(value: float | None, signed: bool) -> str:
        if value is None:
            return NO_FIGURE
        sign = "+" if signed and value >= 0 else ""
        if head in RATIO_KPIS:
            from optimizer.engine.wording import percent_places

            figure = fixed(100 * value, percent_places(100 * value, 1, level=not signed), lang,
                           group=False)
            return say(lang, POINTS, value=sign + figure) if signed else \
                say(lang, PERCENT, value=figure)
        if head in KM_KPIS:
            return sign + fixed(value, 2, lang, group=False)
        if head in KM_TOTAL_KPIS:
            return sign + fixed(value, 1, lang)
        return sign + grouped(round(value), lang)

    return plain(before, False), plain(after, False), plain(change, True)


def tier(tier_id: str, lang: str) -> str:
    """A tier id as the CLI names it: the id in English, 'pemula' in Indonesian."""
    if lang == "en":
        return tier_id
    from optimizer.i18n import tier_name

    return tier_name(tier_id, lang)


def word(context: str, value: str, lang: str) -> str:
    """A schema word (context "status" or "reason", as the page names them) in `lang`; the
    value itself in English, and for a value the catalog does not know."""
    if lang == "en":
        return value
    from optimizer.i18n import translate

    return translate(lang, context, value)


def author(by: str, lang: str) -> str:
    """Who kept a plan, in `lang`: the service's 'anonymous' and 'api-key' are words
    (anonim, kunci API); an API key's name or an OS user as written."""
    return word("author", by, lang) if by in AUTHORS else by


def _marks(english: str, lang: str) -> str:
    return english if lang == "en" else english.translate(_SWAP)


def policy(name: str, lang: str) -> str:
    """A policy id as the CLI names it: the id in English; in Indonesian the page's name
    and the id to type (--policies) in brackets: 'terdekat dulu (greedy)'."""
    if lang == "en":
        return name
    from optimizer.i18n import translate

    base, at, rule = name.partition("@")
    words = translate(lang, "policy", base)
    return name if words == base else f"{words}{at}{rule} ({name})"


def kpi(key: str, lang: str) -> str:
    """A plan diff's figure ('cards_by_tier.first_time') as the CLI names it: the page's
    words in either language ('Cards printed, first-time applicants', 'Kartu dicetak,
    pemula'); a key with no words is shown as it is."""
    head, _, tier_id = key.partition(".")
    from optimizer.i18n import tier_label, translate

    if head == "lot_cost":  # 'lot_cost' (none), or 'lot_cost.cards_by_tier.first_time'
        lots = translate(lang, "kpi", LOT_COST)
        return f"{lots}: {kpi(tier_id, lang)}" if tier_id else lots
    sentence = DIFF_KPIS.get(head)
    if sentence is None:
        return key
    return translate(lang, "kpi", sentence).replace("{tier}", tier_label(tier_id, lang))


def store_error(error: Exception, lang: str) -> str:
    """A plan store refusal (optimizer.store NotFound, WrongTransition) in `lang`: its
    English text, or the catalog's sentence with the same ids and words."""
    text = str(error)
    if lang == "en":
        return text
    result = getattr(error, "result", None)
    if result is not None:  # NotApprovable: the plan's own status refuses it
        return say(lang, NOT_APPROVABLE, id=str(getattr(error, "id", "")),
                   result=word("status", str(result), lang),
                   action=word("action", str(getattr(error, "action", "")), lang))
    what = getattr(error, "what", None)
    found = getattr(error, "id", None)
    fields = {"what": word("object", str(what), lang), "id": str(found)}
    if hasattr(error, "action") and hasattr(error, "status"):
        import re

        match = re.match(r"^(\w+) '(.*)' is (\w+): only (an?) (\w+) \w+ can be (\w+)$", text)
        if match is None:
            return text
        what_text, id_text, status, _, allowed, action = match.groups()
        fields = {"what": word("object", what_text, lang), "id": id_text,
                  "status": word("plan-status", status, lang),
                  "allowed_from": word("plan-status", allowed, lang),
                  "action": word("action", action, lang)}
        return say(lang, ONLY_FROM, **fields)
    if what is None:
        return text
    return say(lang, THERE_IS_NO, **fields)
