"""The studies' reports (`blanko replay`'s report.md, optimizer/studies/report.py) in a
language: headings, sentences and table heads under context "report", figures written
the language's way (40.000; 26,7 %).

English is each sentence as report.md always held it, byte-identical (the benchmark
results are regenerated from it). Ids (policies, tiers in code spans, files, commands)
stay as written. Strings are marked `N_(context, text)` for `pybabel extract`.
"""

from __future__ import annotations

from collections.abc import Mapping

from optimizer.i18n.messages import N_

CONTEXT = "report"

TITLE = N_("report", "# Allocation policies compared: {title}")
REGENERATE = N_("report", "Regenerate this report (figures and charts) from the repository "
                          "root with:")
HEADLINE = N_("report", "## Headline")
FIRST_TRANCHE = N_("report", "the first tranche of replication 1")
CHOSEN_SIZE = N_("report", "the size chosen with --one-shipment")
ONE_SHIPMENT_NOTE = N_("report", "One shipment: {blanks} blanks ({which}) on the initial "
                                 "state. Replay: the whole schedule, mean and 95 %% interval "
                                 "over the replications.")
ONE_SHIPMENT = N_("report", "## One shipment: {blanks} blanks on the initial state")
COVERAGE_CHART = N_("report", "First-time coverage by district")
THE_REPLAY = N_("report", "## The replay")
WAITING_CHART = N_("report", "Residents waiting")
CARDS_CHART = N_("report", "Cards printed")
STRANDED_CHART = N_("report", "Blanks stranded")
DAYS_CHART = N_("report", "Days waited")
SETUP = N_("report", "## Setup")
INSTANCE = N_("report", "- Instance `{name}`: {sites} printing offices, {areas} areas, "
                        "{districts} districts; waiting {waiting}; travel limit {limit} "
                        "outside one's own district.")
WAITING_TIER = N_("report", "{count} {tier}")
NO_LIMIT = N_("report", "none")
KM = N_("report", "{km} km")
SCHEDULE = N_("report", "- Schedule: {schedule}; the first tranche of replication 1 is "
                        "{blanks} blanks.")
ARRIVALS = N_("report", "- New applicants: {rate} a working day, split between tiers as "
                        "the initial backlog and between areas by population.")
PRINTERS = N_("report", "- Printers: each fails on a working day with probability "
                        "{probability} and stays down 1-{days} working days; plans assume "
                        "all printers work.")
REPLICATIONS = N_("report", "- {replications} replications, seed {seed}; every policy sees "
                            "the same tranches, arrivals and failures in a replication.")
HOSTS = N_("report", "- Host offices (hosts.csv): {hosts}.")
HOSTED = N_("report", "kecamatan {district} served at {host}")
RELEASE = N_("report", "- Low-stock release: {release}.")
# replay.Schedule.describe and Release.describe.
TRANCHES = N_("report", "{count} tranches{every} of {size} blanks, {days} working days")
EVERY = N_("report", " every {days} working days")
LISTED = N_("report", "listed")
UNIFORM = N_("report", "{low}-{high} (uniform, in steps of {step})")
RELEASED = N_("report", "{blanks} more blanks arrive {lead} working days after the city's "
                        "stock falls below {below}")
# The one-shipment table.
ONE_HEAD = N_("report", "| policy | valid | {tier_cards} | coverage min-max | Gini | Jain | "
                        "stranded | kept central | km mean | km p95 | km max | districts "
                        "without cards |")
TIER_CARDS = N_("report", "{tier} cards")
YES = N_("report", "yes")
NO = N_("report", "NO")
FIGURE = N_("report", "figure")
# SUMMARY_FIGURES (optimizer/studies/replay.py), the replay table's rows.
FIGURES: dict[str, str] = {
    "days_to_clear": N_("report.figure", "days until the initial first-time backlog is "
                                         "served"),
    "resident_days_first": N_("report.figure", "first-time resident-days waiting on a "
                                               "suket"),
    "resident_days_all": N_("report.figure", "resident-days waiting, all tiers"),
    "mean_wait_first": N_("report.figure", "mean working days a first-time applicant waits "
                                           "(those still waiting counted to the end)"),
    "cards_first": N_("report.figure", "first-time cards printed"),
    "cards_all": N_("report.figure", "cards printed, all tiers"),
    "waiting_end_first": N_("report.figure", "first-time residents still waiting at the "
                                             "end"),
    "stranded_mean": N_("report.figure", "blanks stranded at offices, daily mean"),
}
# How the figures are made.
METHOD = (
    N_("report", "## How the figures are made"),
    N_("report", "- Baselines decide only how many blanks each office receives; every "
                 "baseline then prints by the same rule: tier by tier, each office's own "
                 "district first, then residents of reachable neighbouring districts (same "
                 "district or within the travel limit), nearest first, within capacity and "
                 "the blanks it holds. `optimal` and `optimal_no_equity` are the engine's "
                 "plans (service lines included)."),
    N_("report", "- `central_only` ships everything to the office with the most printers; "
                 "residents outside its district and beyond the travel limit may not use it "
                 "and keep waiting."),
    N_("report", "- `name@rule`: the policy's shipments, printed by that same shared rule "
                 "(offices ignoring the plan's service lines): how much of a gain needs "
                 "offices to follow them."),
    N_("report", "- In the replay the engine's offices first work through the plan's list "
                 "for their residents, then, with printers and blanks to spare, serve anyone "
                 "they may by the shared rule; a baseline's offices print by the shared rule "
                 "every day. Blanks a plan keeps central wait for the next tranche. Residents "
                 "are served oldest first within their area and tier; the initial backlog "
                 "counts as arriving on day 0, so waiting days are lower bounds for it, and "
                 "so are those of residents still waiting at the end (counted to the end). "
                 "The waiting-days chart divides by every applicant, served or not, so a "
                 "curve that ends below 1 shows who never got a card."),
    N_("report", "- Stranded blanks: at an office, more than it can print before the next "
                 "tranche for the residents in its reach (one shipment: model.md's stage 4 "
                 "definition)."),
    N_("report", "- Policies marked *described practice* follow officials' own "
                 "descriptions; *reference point* ones are there for scale (see "
                 "optimizer/studies/registry.py LABELS for sources). Paired differences "
                 "against the status quo and other scenarios: "
                 "benchmarks/results/sweep/report.md."),
    N_("report", "- Days to clear: until every first-time resident waiting at the start "
                 "holds a card; 'not cleared (k of n)' when k replications did not clear it "
                 "within the horizon."),
    N_("report", "- Every plan of every tranche is checked by `evaluate`; blanks received = "
                 "printed + on hand and arrivals = served + waiting are checked every "
                 "simulated day."),
    N_("report", "- Gini and Jain's index are over the {tier} coverage of the districts "
                 "that wait (0 and 1 mean every district covers the same share)."),
)


def schedule(described: object, lang: str) -> str:
    """replay.Schedule.describe() in `lang` (English: its own words)."""
    from itertools import pairwise

    from optimizer.i18n.cli import grouped

    english = described.describe()  # type: ignore[attr-defined]
    if lang == "en":
        return str(english)
    tranches = described.tranches  # type: ignore[attr-defined]
    first = tranches[0]
    if any((t.low, t.high) != (first.low, first.high) for t in tranches):
        size = say(lang, LISTED)
    elif first.low == first.high:
        size = grouped(first.low, lang)
    else:
        size = say(lang, UNIFORM, low=grouped(first.low, lang), high=grouped(first.high, lang),
                   step=grouped(described.step, lang))  # type: ignore[attr-defined]
    gaps = {b - a for a, b in pairwise(t.day for t in tranches)}
    every = say(lang, EVERY, days=str(gaps.pop())) if len(gaps) == 1 else ""
    return say(lang, TRANCHES, count=str(len(tranches)), every=every, size=size,
               days=str(described.days))  # type: ignore[attr-defined]


def release(described: object, lang: str) -> str:
    """replay.Release.describe() in `lang`."""
    from optimizer.i18n.cli import grouped

    if lang == "en":
        return str(described.describe())  # type: ignore[attr-defined]
    return say(lang, RELEASED, blanks=grouped(described.blanks, lang),  # type: ignore[attr-defined]
               lead=str(described.lead), below=grouped(described.below, lang))  # type: ignore[attr-defined]


def say(lang: str, template: str, context: str = CONTEXT, **fields: str) -> str:
    """`template` in `lang` (English as written), its `{name}` fields filled.

    A sentence that babel reads as python-format (a literal '%' before a letter it takes
    for a conversion: '95 % interval', 'as % of') is marked with its '%' written '%%',
    as gettext's python-format escapes it, in the source and in both catalogs: else
    `pybabel compile` reports a format error for each. It is written '%' here."""
    if lang != "en":
        from optimizer.i18n import translate

        template = translate(lang, context, template)
    return _fill(template.replace("%%", "%"), fields)


def figure(key: str, english: str, lang: str) -> str:
    """A replay summary figure's row label (SUMMARY_FIGURES) in `lang`."""
    return english if lang == "en" or key not in FIGURES else say(
        lang, FIGURES[key], "report.figure")


def _fill(template: str, fields: Mapping[str, str]) -> str:
    from optimizer.i18n import _fill as fill

    return fill(template, fields)


__all__ = ["figure", "release", "say", "schedule"]


# --------------------------------------------------------------------------- the sweep

# optimizer/studies/sweep_report.py, context "report.sweep".
SWEEP = "report.sweep"
SW_TITLE = N_("report.sweep", "# Allocation policies across scenarios: paired differences "
                              "against the status quo")
SW_REGENERATE = N_("report.sweep", "Regenerate this report (every figure and chart) from the "
                                   "repository root with:")
SW_CELLS = N_("report.sweep", "Each cell: the policy minus `{status_quo}` (the status quo, "
                              "described practice), mean over {n} replications with its 95 %% "
                              "interval, paired replication by replication over the same "
                              "tranches, arrivals and printer failures (common random "
                              "numbers). Negative is better. `name@rule`: the policy's "
                              "shipments printed by the shared rule, offices ignoring the "
                              "plan's lists of whom to serve.")
SW_MINUS = N_("report.sweep", "## {label} ({unit}), policy minus {status_quo}")
SW_GRID_HEAD = N_("report.sweep", "| scenario | {status_quo} (level) | {policies} |")
SW_WHERE = N_("report.sweep", "## Where optimization matters, scenario by scenario")
SW_FOREST = N_("report.sweep", "Paired differences")
SW_POLICIES = N_("report.sweep", "## The policies")
SW_POLICY_HEAD = N_("report.sweep", "| policy | what it is | source |")
SW_SHIPMENTS_ONLY = N_("report.sweep", " (shipments only; shared rule prints)")
SW_BASELINES = N_("report.sweep", "A baseline's offices print by the shared rule every day "
                                  "(tier by tier, own kecamatan and hosted kecamatan first, "
                                  "then reachable neighbours nearest first), so its own "
                                  "printing *is* the shared rule. The engine's offices follow "
                                  "the plan's service lines first; its `@rule` column shows "
                                  "what its shipments give when offices do not.")
SW_NO_ENGINE = N_("report.sweep", "the engine was not run.")
SW_PART = N_("report.sweep", "{label} {interval} {unit} ({share}): {verdict}")
SW_NA = N_("report.sweep", "n/a")
SW_BY_RULE = N_("report.sweep", " Printed by the shared rule, its shipments give {by_rule} M "
                                "resident-days against {own} M with its lists.")
SW_BEST = N_("report.sweep", " Best baseline on resident-days: `{best}` ({mean} M).")
SW_SENTENCE = N_("report.sweep", "`{engine}` against `{status_quo}`: {parts}.{tail} "
                                 "*Question asked*: {question}")
SW_ENOUGH = N_("report.sweep", "## Are the replications enough?")
SW_ENOUGH_TEXT = N_("report.sweep", "Half-width of the 95 %% interval of `optimal` minus the "
                                    "status quo, in first-time resident-days, against the "
                                    "status quo's level. With common random numbers the "
                                    "paired differences vary far less than the levels, so a "
                                    "half-width well under the 2 %% below which a difference "
                                    "is called slight means more replications would not "
                                    "change any verdict below.")
SW_ENOUGH_HEAD = N_("report.sweep", "| scenario | replications | status quo (M) | paired "
                                    "half-width (M) | as %% of status quo | unpaired "
                                    "half-width of the status quo (M) |")
SW_SCENARIO = N_("report.sweep", "## Scenario `{name}`: {title}")
SW_FILE = N_("report.sweep", "File `{source}`; dataset `{dataset}` "
                             "({title}); schedule `{schedule}`, {days} working days{extra}.")
SW_DEADLINE = N_("report.sweep", "; deadline day {day}")
SW_RELEASE = N_("report.sweep", "; low-stock release `{release}`")
SW_HOSTS = N_("report.sweep", "; host offices from hosts.csv")
SW_FIGURE_HEAD = N_("report.sweep", "| figure | unit | {policies} |")
SW_CENSORED = N_("report.sweep", ">= {value} ({censored} of {n} not cleared)")
SW_SECOND_LINE = N_("report.sweep", "Second line of each cell: paired difference against the "
                                    "status quo, 95 %% interval.")
SW_WAITING = N_("report.sweep", "First-time applicants waiting, per policy")
SW_KECAMATAN = N_("report.sweep", "Mean wait per kecamatan")
SW_KEC_INTRO = N_("report.sweep", "Per kecamatan, `{a}` → `{b}` (means over replications; "
                                  "clearance day censored at {days}; blanks and replacements "
                                  "at the kecamatan's offices):")
SW_KEC_HEAD = N_("report.sweep", "| kecamatan | clearance day | mean wait | worst wait | "
                                 "without a card at the deadline | resident-km (thousand) | "
                                 "blanks at its offices at the end | replacements printed "
                                 "while first-time applicants waited |")
SW_METHOD = (
    N_("report.sweep", "## How the figures are made"),
    N_("report.sweep", "- Each replication plays the scenario's schedule day by day "
                       "(optimizer/studies/replay.py): arrivals, tranches (and low-stock "
                       "releases), printing, printer failures. Every plan of every tranche is "
                       "checked by `evaluate`; blanks and residents are conserved every "
                       "simulated day."),
    N_("report.sweep", "- Figures (optimizer/studies/evidence.py): resident-days sum "
                       "first-time residents waiting at the end of each working day; a "
                       "kecamatan's mean wait is its resident-days over its first-time "
                       "applicants (initial backlog + arrivals), those still waiting counted "
                       "to the end; the worst-off kecamatan is the one with the largest mean "
                       "wait in that replication; its worst wait is the longest any of its "
                       "residents waited."),
    N_("report.sweep", "- Paired differences: per replication, policy minus status quo, then "
                       "the mean and a 95 %% t-interval over replications. 'No clear "
                       "difference': the interval spans 0; 'slightly': it excludes 0 but the "
                       "mean is under 2 %% of the status quo's level."),
    N_("report.sweep", "- Host offices: a kecamatan whose office cannot print is served at "
                       "its host (data/palembang-2017/hosts.csv); baselines send its share "
                       "there."),
)
# evidence.FIGURES' labels and units, and evidence.verdict's words.
EVIDENCE: dict[str, str] = {text: text for text in (
    N_("report.evidence", "first-time resident-days waiting"),
    N_("report.evidence", "M resident-days"),
    N_("report.evidence", "mean wait in the worst-off kecamatan"),
    N_("report.evidence", "working days"),
    N_("report.evidence", "days until the initial first-time backlog is served"),
    N_("report.evidence", "first-time residents without a card at the deadline"),
    N_("report.evidence", "residents"),
    N_("report.evidence", "km travelled by residents served"),
    N_("report.evidence", "thousand km"),
    N_("report.evidence", "blanks held at offices at the end"),
    N_("report.evidence", "blanks"),
    N_("report.evidence", "replacement cards printed while first-time applicants waited"),
    N_("report.evidence", "cards"),
    N_("report.evidence", "one replication: no interval"),
    N_("report.evidence", "no clear difference"),
    N_("report.evidence", "better"),
    N_("report.evidence", "worse"),
)}
SLIGHTLY = N_("report.evidence", "slightly {word} (under {percent} %)")


def evidence_word(text: str, lang: str) -> str:
    """A figure's label or unit, or a verdict (optimizer.studies.evidence) in `lang`; an
    unknown text as written."""
    if lang == "en":
        return text
    if text.startswith("slightly "):
        import re

        match = re.match(r"^slightly (\w+) \(under (\S+) %\)$", text)
        if match:
            return say(lang, SLIGHTLY, "report.evidence",
                       word=evidence_word(match[1], lang), percent=match[2].replace(".", ","))
    return say(lang, text, "report.evidence") if text in EVIDENCE else text


# --------------------------------------------------------------------------- charts

# The PNG charts beside report.md (report.py and sweep_report.py), context "report.chart".
CHART = "report.chart"
C_TIER_WAITING = N_("report.chart", "{tier} residents waiting")
C_TIER_WAITING_TITLE = N_("report.chart", "{tier} residents waiting (mean, 95 % band; grey: "
                                          "the status quo)")
C_CARDS = N_("report.chart", "cards printed so far")
C_CARDS_TITLE = N_("report.chart", "Cards printed so far, all tiers (mean, 95 % band; grey: "
                                   "the status quo)")
C_STRANDED = N_("report.chart", "blanks stranded")
C_STRANDED_TITLE = N_("report.chart", "Blanks stranded at offices (mean, 95 % band; grey: the "
                                      "status quo)")
C_WORKING_DAY = N_("report.chart", "working day")
C_DAYS_WAITED = N_("report.chart", "working days waited")
C_SHARE = N_("report.chart", "share of all {tier} applicants")
C_HOLDING = N_("report.chart", "{tier} applicants holding a card within d working days (all "
                               "replications)")
C_COVERAGE_TITLE = N_("report.chart", "{tier} coverage by district, one shipment of {blanks} "
                                      "blanks (%)")
C_COVERAGE_BAR = N_("report.chart", "residents served of those waiting (%)")
# The sweep's charts (forest.png keeps English for now: main rewrote it meanwhile).
C_STATUS_QUO = N_("report.chart", "{status_quo} (status quo)")
C_WAITING_THOUSAND = N_("report.chart", "waiting (thousand)")
C_MULTIPLES_TITLE = N_("report.chart", "{scenario}: first-time applicants waiting (mean; band: "
                                       "min-max over {n} replications; grey: {status_quo})")
C_MEAN_WAIT = N_("report.chart", "mean working days a first-time applicant waits")
C_BARS_TITLE = N_("report.chart", "{scenario}: mean wait per kecamatan (mean of {n} "
                                  "replications)")


def chart(lang: str, template: str, **fields: str) -> str:
    """A chart's title or label in `lang`, its fields filled."""
    return say(lang, template, CHART, **fields)
