"""Names of the plan's enumerations on the page, marked for the catalog.

The plan carries codes (`capacity`, `optimal`, `greedy_nearest`); the page shows them
in the chosen language through `pgettext(context, code)`. `pybabel extract` finds
these with `-k N_:1c,2` (babel.cfg), so the Indonesian .po lists every one.
"""

from __future__ import annotations

from optimizer.i18n.cli import DIFF_KPIS
from optimizer.i18n.cli import RATIO_KPIS as CLI_RATIO_KPIS


def N_(context: str, text: str) -> str:
    return text


STATUS = (N_("status", "optimal"), N_("status", "feasible"), N_("status", "infeasible"))
REASONS = (N_("reason", "none"), N_("reason", "supply"), N_("reason", "capacity"),
           N_("reason", "storage"), N_("reason", "lot_size"), N_("reason", "reach"),
           N_("reason", "allocation"), N_("reason", "equity_time_limit"))
BINDINGS = (N_("binding", "capacity"), N_("binding", "supply"), N_("binding", "backlog"),
            N_("binding", "storage"), N_("binding", "lot_size"), N_("binding", "allocation"))
LEVELS = (N_("level", "info"), N_("level", "warning"), N_("level", "error"))
POLICIES = (N_("policy", "proportional"), N_("policy", "capacity_capped"),
            N_("policy", "population"), N_("policy", "equal"), N_("policy", "central_only"),
            N_("policy", "greedy"), N_("policy", "optimal"), N_("policy", "optimal_no_equity"),
            N_("policy", "lookahead"))
# What each policy of a comparison stands for (optimizer.studies.registry.LABELS' kinds).
POLICY_KINDS = (N_("policy-kind", "described practice"), N_("policy-kind", "reference point"),
                N_("policy-kind", "the engine"))
# The plan diff's figures (optimizer.Kpis, flattened as optimizer.store.diff names them:
# "cards_by_tier.first_time"), named as the CLI names them; a key not listed is shown as it
# is. ("resident_km" is the lot cost's, which the diff does not show.)
KPIS = {key: label for key, label in DIFF_KPIS.items() if key != "resident_km"}
# Figures that are 0-1 ratios: the page shows them as percentages.
RATIO_KPIS = CLI_RATIO_KPIS
# The bundled datasets' titles (their dataset.json); another title is shown as written.
DATASET_TITLES = (
    N_("dataset-title", "Palembang: 18 kecamatan, 107 kelurahan, 19 printing offices"),
    N_("dataset-title", "Palembang, September 2017: printing moves to the kecamatan"),
    N_("dataset-title", "Indonesia: 514 regencies and cities in 38 provinces"),
)


def kpi_label(lang: str, key: str) -> tuple[str, bool]:
    """('Cards printed, pemula', False) for 'cards_by_tier.first_time' in Indonesian: a
    diff figure's words, and whether it is a 0-1 ratio (shown as a percentage). The cost
    of lots ('lot_cost', or 'lot_cost.cards_by_tier.first_time') in words too, never the
    raw key."""
    from optimizer import i18n
    from optimizer.i18n.cli import LOT_COST

    head, _, tier = key.partition(".")
    if head == "lot_cost":
        lots = i18n.translate(lang, "kpi", LOT_COST)
        if not tier:
            return lots, False
        words, ratio = kpi_label(lang, tier)
        return f"{lots}: {words}", ratio
    sentence = DIFF_KPIS.get(head)
    if sentence is None:
        return key, False
    text = i18n.translate(lang, "kpi", sentence).replace("{tier}", i18n.tier_label(tier, lang))
    return text, head in RATIO_KPIS


def dataset_title(lang: str, title: str) -> str:
    """A bundled dataset's title in `lang`; any other title as written."""
    from optimizer import i18n

    return i18n.translate(lang, "dataset-title", title)


# The history section's sentences (api/web/pages.py), filled by `say`.
SAVED = N_("history", "Saved as plan {id}.")
APPROVED = N_("history", "Plan {id} approved.")
NOT_DRAFT = N_("history", "Plan {id} is {status}: only a draft plan can be approved.")
NOT_APPROVABLE = N_("history", "Plan {id} is {result}: only an optimal or feasible plan can be "
                               "approved. Plan the shipment again with input that can be met "
                               "(more blanks or a smaller reserve); this plan stays kept.")
NO_PLAN = N_("history", "There is no plan {id}.")
# A page action refused by the admission rule (BLANKO_QUEUE_WAIT_S), as /v1 answers 503.
BUSY = N_("page", "Every solver is busy with long work and this request would wait more "
                  "than {wait} s. Try again in {retry} s.")


def say(lang: str, sentence: str, context: str = "history", **values: str) -> str:
    """A sentence of the page (`context` as marked above) in `lang`, `{fields}` filled."""
    from optimizer import i18n

    text = i18n.translate(lang, context, sentence)
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text
