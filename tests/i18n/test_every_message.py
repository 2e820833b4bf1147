"""Every message code, rendered with representative params in both languages, is free of
the faults testers found: unformatted numbers, a sign against a word that already says the
direction (or a negative zero), a noun that does not agree with its count.

Each code is rendered with a count of 1 (the singular), with counts of thousands (the
grouping: 12,345 in English, 12.345 in Indonesian) and, where a message states a change,
with changes both ways and none. PARAMS must hold every code of the catalog, so a new code
cannot skip this test. Ids carry no digits, so any digit run in the text is a figure.
"""

from __future__ import annotations

import re

import pytest

from optimizer import Message, i18n
from optimizer.i18n.messages import TEMPLATES

Params = dict[str, str | int | float | None]
BIG = 12_345
ONE = 1


def _counts(n: int) -> list[Params]:
    """Every code's params with its counts at `n`."""
    return [
        {"code": "MARGINALS_SKIPPED"},
        {"code": "MARGINALS", "blanks_step": 100},
        {"code": "BLANKS_KEPT_CENTRAL", "kept": n, "reserve": n, "unusable": n},
        {"code": "BLANKS_KEPT_CENTRAL_LOTS", "kept": n, "reserve": n, "lot_kept": n,
         "lot_size": n, "unusable": n},
        {"code": "EQUITY_OFF"},
        {"code": "EQUITY_TIME_LIMIT", "time_limit_s": 12.5 if n > 1 else 1.0, "rounds": n},
        {"code": "LOT_ROUNDING", "lot_size": n, "cards_lost": n, "proven_optimal": 0},
        {"code": "LOT_EQUITY_UNPROVEN", "tier": "first_time", "level": "area", "rank": n,
         "coverage": 0.123456, "bound": 0.5, "areas_at_zero": n, "bound_areas_at_zero": n,
         "areas_waiting": n, "tried": n},
        {"code": "LOT_EQUITY_UNPROVEN", "tier": None, "level": None, "rank": None,
         "coverage": None, "bound": None, "areas_at_zero": None, "bound_areas_at_zero": None,
         "areas_waiting": None, "tried": n},
        {"code": "STOCK_BEYOND_CAPACITY", "site_id": "S", "stock": n, "capacity": n},
        {"code": "MARGINAL_PRINTER", "site_id": "S", "cards_per_printer_day": n,
         "km_saved_per_card_capacity": 1234.5},
        {"code": "MARGINAL_PRINTER", "site_id": "S", "cards_per_printer_day": n,
         "km_saved_per_card_capacity": 0.0},
        {"code": "MARGINAL_PRINTER", "site_id": "S", "cards_per_printer_day": 0,
         "km_saved_per_card_capacity": 1234.5},
        {"code": "MARGINAL_BLANK", "site_id": "S", "km_saved_per_blank": 1234.5},
        {"code": "PINNED_SHIPMENTS", "sites": n},
        {"code": "PINS_STRANDED", "stranded": n, "count": n, "sites": f"S: {n:,}"},
        {"code": "BLANKS_STRANDED_LOTS", "stranded": n, "count": n, "lot_size": n,
         "sites": f"S: {n:,}, T: {n:,} and {n:,} more"},
        {"code": "INFEASIBLE_PINS", "pinned": n, "allowed": n},
        {"code": "INFEASIBLE_PIN_STORAGE", "site_id": "S", "pinned": n, "stock": n,
         "total": n, "storage_cap": n},
        {"code": "INFEASIBLE_PIN_LOT", "site_id": "S", "pinned": n, "lot_size": n},
        {"code": "DISTANCES", "road_factor": 1.3, "measured_pairs": n, "computed_pairs": n,
         "max_travel_km": 8.0},
        {"code": "DISTANCES", "road_factor": 1.0, "measured_pairs": n, "computed_pairs": n,
         "max_travel_km": None},
        {"code": "INFEASIBLE_RESERVE", "reserve": n, "blanks": n},
        {"code": "INFEASIBLE_STORAGE", "site_id": "S", "stock": n, "storage_cap": n},
        {"code": "KEMENDAGRI_DISTRICT_CODE", "district_id": "K"},
        {"code": "KEMENDAGRI_AREA_CODE", "area_id": "A"},
        {"code": "KEMENDAGRI_AREA_NODOTS", "count": n, "area_ids": "A, B, ...",
         "example": "K.A"},
        {"code": "KEMENDAGRI_AREA_DISTRICT", "area_id": "A", "district_id": "K"},
        {"code": "KEMENDAGRI_MORE", "count": n},
        {"code": "POPULATION_BELOW_BACKLOG", "count": n, "area_ids": "A, B", "area_id": "A",
         "population": n, "backlog": n},
        {"code": "AREA_SUM_OF_OTHERS", "area_id": "A", "district_id": "K"},
        {"code": "AREA_SUM_OF_OTHERS", "area_id": "A", "district_id": None},
        {"code": "AREA_FAR_IN_DISTRICT", "area_id": "A", "district_id": "K", "km": 80.4,
         "nearest": "S"},
        {"code": "SITE_FIGURE_OUTLIER", "site_id": "S", "field": "cards_per_printer_day",
         "value": 10 * n, "median": n},
        {"code": "SITE_WORKING_DAYS_WEEK", "site_id": "S", "value": 5, "median": 21.5},
        {"code": "SITE_FIGURE_LOW", "site_id": "S", "field": "cards_per_printer_day",
         "value": 15, "median": 150},
        {"code": "POLICY_CAPPED", "sites": "S, T"},
        {"code": "POLICY_NO_POPULATION"},
        {"code": "POLICY_RULE", "policy": "equal", "rule": "the same number to every office"},
        {"code": "BLANKS_STRANDED", "site_id": "S", "stranded": n, "limit": "capacity"},
        {"code": "BLANKS_STRANDED", "site_id": "S", "stranded": n, "limit": "backlog"},
        {"code": "CENTRAL_OUT_OF_REACH", "site_id": "S", "first_time": n, "replacement": n},
        {"code": "HOST_OUT_OF_REACH", "district_id": "K", "site_id": "S", "km": 2.5,
         "first_time": n, "replacement": n},
        {"code": "SITE_WITHOUT_PRINTERS", "count": n, "site_ids": "S"},
        {"code": "DISTRICT_WITHOUT_OFFICE", "count": n, "district_ids": "K",
         "max_travel_km": 12.5},
        {"code": "DISTRICT_WITHOUT_OFFICE", "count": n, "district_ids": "K",
         "max_travel_km": None},
        {"code": "AREA_UNREACHABLE", "count": n, "residents": n, "area_ids": "A",
         "max_travel_km": 10.0},
        {"code": "LOOKAHEAD", "periods": n, "days": f"5,{n}", "blanks": f"{n},0",
         "resident_days_first_time": n, "provisional_shipments": "", "equity": 1},
        {"code": "LOOKAHEAD_LOTS", "lot_size": n, "tier": "first_time", "resident_days": n},
        {"code": "TRAVEL_TIES_UNEXPLORED", "tier": "first_time", "level": "district",
         "units": n},
        {"code": "TRAVEL_TIES_UNEXPLORED", "tier": "first_time", "level": "area", "units": n},
        {"code": "TRAVEL_TIES_LOTS", "combinations": n, "km_above_bound": 578.216},
        # Lot plans: marginals of the plan without lots, the lot choice cut (qa2 2, 3).
        {"code": "MARGINALS", "blanks_step": 100, "without_lots": 1},
        {"code": "MARGINAL_PRINTER", "site_id": "S", "cards_per_printer_day": n,
         "km_saved_per_card_capacity": 1234.5, "without_lots": 1},
        {"code": "MARGINAL_PRINTER", "site_id": "S", "cards_per_printer_day": n,
         "km_saved_per_card_capacity": 0.0, "without_lots": 1},
        {"code": "MARGINAL_PRINTER", "site_id": "S", "cards_per_printer_day": 0,
         "km_saved_per_card_capacity": 1234.5, "without_lots": 1},
        {"code": "MARGINAL_BLANK", "site_id": "S", "km_saved_per_blank": 1234.5,
         "without_lots": 1},
        # At an office that prints nothing now (qa11a): a printer there, not a second one.
        *({"code": "MARGINAL_PRINTER", "site_id": "S", "cards_per_printer_day": n,
           "km_saved_per_card_capacity": km, "idle": 1, **lots}
          for km in (1234.5, 0.0) for lots in ({}, {"without_lots": 1})),
        {"code": "EQUITY_TIME_LIMIT", "time_limit_s": 12.5 if n > 1 else 1.0, "rounds": n,
         "lot_choice_cut": 1},
        {"code": "BLANKS_KEPT_CENTRAL_LOTS", "kept": n, "reserve": n, "lot_kept": n,
         "lot_size": n, "lot_choice_cut": 1, "unusable": n},
        # The lookahead (qa2 4, 5) and the service's cap (s2).
        {"code": "BLANKS_KEPT_CENTRAL", "kept": n, "reserve": 0, "held": n,
         "held_period": 2, "unusable": 0},
        {"code": "BLANKS_KEPT_CENTRAL", "kept": n, "reserve": n, "held": n,
         "held_period": 2, "unusable": n},
        {"code": "LOOKAHEAD_TIME_LIMIT", "time_limit_s": 12.5 if n > 1 else 1.0,
         "stage": "equity", "tier": "first_time"},
        {"code": "LOOKAHEAD_TIME_LIMIT", "time_limit_s": 1.0, "stage": "travel", "tier": ""},
        {"code": "TIME_LIMIT_CAPPED", "asked_s": float(n) * 10, "cap_s": 30.0},
    ]


def _changes() -> list[Params]:
    """LOT_ROUNDING's cost against the plan without lots: both ways, none, a tier with
    nobody waiting, and rounding that must not leave "-0.00"."""
    base = {"code": "LOT_ROUNDING", "lot_size": 250, "cards_lost": 0, "proven_optimal": 1}
    return [{**base, "resident_km": km, "coverage_min_first_time": drop,
             "coverage_min_replacement": None}
            for km, drop in ((1234.5, 0.0067), (-17.833, -0.0067), (0.0, 0.0),
                             (-0.0004, -0.00001), (0.0004, 0.00001))]


PARAMS = [*_counts(ONE), *_counts(BIG), *_changes()]
CASES = [(p, lang) for p in PARAMS for lang in i18n.LANGUAGES]

# English nouns that must not follow the count 1 in the plural (and "(s)" hedges).
_PLURAL_AFTER_ONE = re.compile(
    r"(?<![\d.,])1 (more )?(blanks|cards|sites|offices|periods|residents|resident-days|"
    r"rounds|ids|distances|allowed area-site distances|points)\b")
_VERB_AFTER_ONE = re.compile(r"(?<![\d.,])1 (blanks? stay\b|kecamatan with residents "
                             r"waiting have|kelurahan with .* have|more ids? break\b)")


def _message(params: Params) -> Message:
    values = dict(params)
    code = str(values.pop("code"))
    return Message(code=code, params=values, text="")


def test_every_code_is_rendered_here() -> None:
    assert {str(p["code"]) for p in PARAMS} == set(TEMPLATES)


@pytest.mark.parametrize(("params", "lang"), CASES,
                         ids=[f"{p['code']}-{i // 2}-{lang}" for i, (p, lang) in
                              enumerate(CASES)])
def test_a_message_has_no_number_sign_or_plural_fault(params: Params, lang: str) -> None:
    text = i18n.render(_message(params), lang)
    assert not re.search(r"\{\w+\}", text), text  # every field filled
    # Numbers: no run of 4+ digits (thousands are grouped), and the grouping of the
    # language: 12,345 in English, 12.345 in Indonesian.
    assert not re.search(r"\d{4,}", text), text
    other = "12.345" if lang == "en" else "12,345"
    assert other not in text, text
    if params.get("code") not in {"EQUITY_OFF", "MARGINALS_SKIPPED"} and BIG in params.values():
        assert ("12,345" if lang == "en" else "12.345") in text, text
    # Floats that are whole lose ".0"; no negative zero; no sign after a word of direction.
    assert not re.search(r"\d\.0\b(?!\d)", text.replace("1.0 ", "")), text
    assert not re.search(r"(?<![\w-])-0(?:[.,]0+)?\b", text), text
    assert not re.search(r"\b(by|costs|falls|rises|saves|add|turun|naik|menghemat) [-+]\d",
                         text), text
    assert "+-" not in text and "-+" not in text, text
    assert not re.search(r"[-+]\d[\d.,]* (points|poin)\b", text), text  # "falls by -0.67"
    # Plurals: the count and its noun (and verb) agree; no "(s)" hedge.
    assert "(s)" not in text, text
    if lang == "en":
        assert not _PLURAL_AFTER_ONE.search(text), text
        assert not _VERB_AFTER_ONE.search(text), text
    # A marginal message never announces a zero gain.
    if str(params["code"]).startswith("MARGINAL_"):
        assert not re.search(r"(?<![\d.,])0 (more )?card|saves 0\b|menghemat 0\b", text), text


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_changes_read_as_words(lang: str) -> None:
    """LOT_ROUNDING: coverage 0.67 points lower reads "falls by 0.67 points", higher
    "rises by", none (or less than 0.005 points) "unchanged"; resident-km likewise."""
    texts = [i18n.render(_message(p), lang) for p in _changes()]
    if lang == "en":
        assert "first_time falls by 0.67 points" in texts[0]
        # km with one decimal (wording.km): 1,234.500 read as 1234500 in Indonesia.
        assert "resident-km rise by 1,234.5." in texts[0]
        assert "first_time rises by 0.67 points" in texts[1]
        assert "resident-km fall by 17.8." in texts[1]
        assert all("first_time unchanged" in t and "resident-km unchanged" in t
                   for t in texts[2:])
        assert "replacement none waiting" in texts[0]
    else:
        assert "turun 0,67 poin" in texts[0] and "naik 1.234,5." in texts[0]
        assert "naik 0,67 poin" in texts[1] and "turun 17,8." in texts[1]
