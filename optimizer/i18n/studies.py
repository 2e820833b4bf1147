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
                                 "state. Replay: the whole schedule, mean and 95 % interval "
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
    """`template` in `lang` (English as written), its `{name}` fields filled."""
    if lang != "en":
        from optimizer.i18n import translate

        template = translate(lang, context, template)
    return _fill(template, fields)


def figure(key: str, english: str, lang: str) -> str:
    """A replay summary figure's row label (SUMMARY_FIGURES) in `lang`."""
    return english if lang == "en" or key not in FIGURES else say(
        lang, FIGURES[key], "report.figure")


def _fill(template: str, fields: Mapping[str, str]) -> str:
    from optimizer.i18n import _fill as fill

    return fill(template, fields)


__all__ = ["figure", "release", "say", "schedule"]
