"""Marginal values of lot plans: those of the plan without lots, and said so.

A lot plan's card marginals used to be priced with its lots held, while the
MARGINALS message called them the most all tiers together could print; on the
tester's case (qa2 fault 2) they named S0 (+6 a printer-day) where re-planning
gains 10 at S2 and 7 at S0. A lot plan now reports the lot-free plan's values,
exact there, and its messages say "in the plan without lots". The properties
compare them with the public API re-solved without lots, one site at a time.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import assume, given, settings

from optimizer import Instance, Policy, Shipment, solve
from optimizer.i18n import render
from tests.engine.test_properties import COMMON, FEW, Case
from tests.engine.test_properties import cases as drawn

DATA = Path(__file__).parent.parent / "data" / "qa2"


def _cards(plan) -> int:  # type: ignore[no-untyped-def]
    return sum(plan.kpis.cards_by_tier.values())


def _one_more_printer_day(inst: Instance, i: int) -> Instance:
    """The instance with site i's capacity one printer-day larger: one printer working
    printers x working_days + 1 days prints cards_per_printer_day more."""
    data = json.loads(inst.model_dump_json())
    site = data["sites"][i]
    site["working_days"] = site["printers"] * site["working_days"] + 1
    site["printers"] = 1
    return Instance.model_validate(data)


def _hundred_more_blanks(inst: Instance, i: int) -> Instance:
    data = json.loads(inst.model_dump_json())
    site = data["sites"][i]
    site["stock"] += 100
    if site.get("storage_cap") is not None:
        site["storage_cap"] += 100
    return Instance.model_validate(data)


def test_the_testers_lot_plan_names_the_office_a_re_plan_confirms() -> None:
    inst = Instance.model_validate_json((DATA / "lotmarg_base.json").read_text())
    shipment = Shipment(blanks=375)
    lots = solve(inst, shipment, Policy(lot_size=7))
    free = solve(inst, shipment, Policy())
    # The lot plan's values are the lot-free plan's, site by site.
    assert [(s.marginal_cards_per_printer_day, s.marginal_cards_per_100_blanks,
             s.km_saved_per_card_capacity, s.km_saved_per_blank) for s in lots.sites] == \
        [(s.marginal_cards_per_printer_day, s.marginal_cards_per_100_blanks,
          s.km_saved_per_card_capacity, s.km_saved_per_blank) for s in free.sites]
    printer = next(m for m in lots.messages if m.code == "MARGINAL_PRINTER")
    assert printer.params["site_id"] == "S2"
    assert printer.params["cards_per_printer_day"] == 10
    assert printer.params["without_lots"] == 1
    assert printer.text.startswith("A second printer helps most at S2 in the plan without lots:")
    assert "dalam rencana tanpa lot" in render(printer, "id")
    marg = next(m for m in lots.messages if m.code == "MARGINALS")
    assert marg.params["without_lots"] == 1
    assert marg.text.startswith("Marginal values are those of the plan without lots")
    assert render(marg, "en") == marg.text and render(printer, "en") == printer.text
    # Re-planned in lots with one more printer-day: S2 gains 10, S0 only 7 (the tester's
    # lotmarg_S2plus / lotmarg_S0plus): the office named is the best in lots too here.
    base = _cards(lots)
    gains = {site.site_id: _cards(solve(_one_more_printer_day(inst, i), shipment,
                                        Policy(lot_size=7))) - base
             for i, site in enumerate(inst.sites)}
    assert gains["S2"] == 10 and gains["S0"] == 7
    assert max(gains.values()) == gains["S2"]


def test_a_lot_plan_without_marginals_shows_none_and_says_nothing() -> None:
    inst = Instance.model_validate_json((DATA / "lotmarg_base.json").read_text())
    plan = solve(inst, Shipment(blanks=375), Policy(lot_size=7, marginals=False))
    assert all(s.marginal_cards_per_printer_day is None for s in plan.sites)
    assert all(s.km_saved_per_blank is None for s in plan.sites)
    assert not {"MARGINALS", "MARGINAL_PRINTER", "MARGINAL_BLANK"} & {
        m.code for m in plan.messages}


@settings(max_examples=FEW, **COMMON)
@given(drawn(lots=True))
def test_lot_plan_card_marginals_equal_a_lot_free_resolve_per_site(case: Case) -> None:
    assume(case.policy.lot_size > 1 and not case.policy.pinned_shipments)
    policy = case.policy.model_copy(update={"marginals": True})
    plan = solve(case.instance, case.shipment, policy)
    assume(plan.status != "infeasible")
    free = policy.model_copy(update={"lot_size": 1})
    base = _cards(solve(case.instance, case.shipment, free))
    lines = {s.site_id: s for s in plan.sites}
    for i, site in enumerate(case.instance.sites):
        line = lines[site.site_id]
        day = _cards(solve(_one_more_printer_day(case.instance, i), case.shipment, free))
        blanks = _cards(solve(_hundred_more_blanks(case.instance, i), case.shipment, free))
        assert line.marginal_cards_per_printer_day == day - base, site.site_id
        assert line.marginal_cards_per_100_blanks == blanks - base, site.site_id
    named = [m for m in plan.messages if m.code == "MARGINAL_PRINTER"]
    if named and named[0].params["cards_per_printer_day"]:
        # The office named gains the most of any, re-planned without lots.
        best = max(line.marginal_cards_per_printer_day or 0 for line in plan.sites)
        assert named[0].params["cards_per_printer_day"] == best
        assert named[0].params["without_lots"] == 1
