"""Names of the plan's enumerations on the page, marked for the catalog.

The plan carries codes (`capacity`, `optimal`, `greedy_nearest`); the page shows them
in the chosen language through `pgettext(context, code)`. `pybabel extract` finds
these with `-k N_:1c,2` (babel.cfg), so the Indonesian .po lists every one.
"""

from __future__ import annotations


def N_(context: str, text: str) -> str:
    return text


STATUS = (N_("status", "optimal"), N_("status", "feasible"), N_("status", "infeasible"))
REASONS = (N_("reason", "none"), N_("reason", "supply"), N_("reason", "capacity"),
           N_("reason", "storage"), N_("reason", "equity_time_limit"))
BINDINGS = (N_("binding", "capacity"), N_("binding", "supply"), N_("binding", "backlog"),
            N_("binding", "storage"))
LEVELS = (N_("level", "info"), N_("level", "warning"), N_("level", "error"))
POLICIES = (N_("policy", "proportional"), N_("policy", "capacity_capped"),
            N_("policy", "population"), N_("policy", "equal"), N_("policy", "central_only"),
            N_("policy", "greedy"), N_("policy", "optimal"), N_("policy", "optimal_no_equity"),
            N_("policy", "lookahead"))
PLAN_STATUS = (N_("plan-status", "draft"), N_("plan-status", "approved"),
               N_("plan-status", "published"), N_("plan-status", "superseded"))
# The history section's sentences (api/web/pages.py), filled by `say`.
SAVED = N_("history", "Saved as plan {id}.")
APPROVED = N_("history", "Plan {id} approved.")
NOT_DRAFT = N_("history", "Plan {id} is {status}: only a draft plan can be approved.")
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
