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
BY_DISTRICT = N_("cli", "Plan by district")
WORST = N_("cli", "The {count} districts with the lowest {tier} coverage (of {total}; "
                  "--all prints every one)")
DISTRICT = N_("cli", "district")
NAME = N_("cli", "name")
TIER_BACKLOG = N_("cli", "{tier} backlog")
TIER_CARDS = N_("cli", "{tier} cards")
COVERAGE = N_("cli", "coverage")
BLANKS_TO_OFFICES = N_("cli", "blanks to offices")
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
COST_WRITTEN = N_("cli", "Cost JSON written to {path}")
HORIZON = N_("cli", "Shipments over the horizon (only 'now' is to be sent; the rest is "
                    "provisional and re-planned at the next tranche)")
OFFICE = N_("cli", "office")
NOW = N_("cli", "now")
DAY = N_("cli", "day {day} (provisional)")
TRANCHE = N_("cli", "tranche")
WAITING = N_("cli", "resident-periods waiting over the horizon ({count} periods of {days} "
                    "working days): {waiting}")


def say(lang: str, template: str, **fields: str) -> str:
    """`template` (one of the constants above) in `lang`, its `{name}` fields filled."""
    if lang != "en":
        from optimizer.i18n import translate

        template = translate(lang, CONTEXT, template)
    from optimizer.i18n import _fill

    return _fill(template, fields)


def grouped(value: int, lang: str) -> str:
    """40000 -> '40,000' / '40.000'."""
    return _marks(f"{value:,}", lang)


def fixed(value: float, places: int, lang: str, group: bool = True) -> str:
    """A figure to `places` decimals: 1234.5 -> '1,234.50' / '1.234,50'."""
    return _marks(f"{value:{',' if group else ''}.{places}f}", lang)


def percent(share: float, lang: str, places: int = 1) -> str:
    """A share as a percentage: 0.267 -> '26.7%' / '26,7 %'."""
    return say(lang, PERCENT, value=fixed(100 * share, places, lang, group=False))


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


def _marks(english: str, lang: str) -> str:
    return english if lang == "en" else english.translate(_SWAP)
