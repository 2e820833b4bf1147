"""What a plan says about its own figures (model.md "What a plan reports"): blanks
stranded by lots or by pins, kelurahan left at 0 % under lots, marginal values.

The instance `tests/data/stranded/` (CSV, as a planner sends it): office S1 in K1 prints
15 cards (1 printer x 15 x 1 day), S2 in K2 prints 20; kelurahan A1 (K1) has 30
first-time applicants waiting, A2 (K2) 20; no travel limit, no stock.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from optimizer import Instance, Message, Plan, Policy, Shipment, i18n, solve
from optimizer.cli import app
from optimizer.engine.pins import price_pins
from optimizer.io.files import load_instance
from tests.cases import area, site

DATA = Path(__file__).parents[1] / "data"
STRANDED = DATA / "stranded"
runner = CliRunner()


def by_code(plan: Plan) -> dict[str, Message]:
    return {m.code: m for m in plan.messages}


def test_blanks_stranded_by_lots_are_explained() -> None:
    """40 blanks in lots of 10. Printers hold 15 + 20 = 35 cards, so the tiers stage
    prints 35: S1 needs 15, that is 2 lots (20 blanks), S2 needs 20, 2 lots: the 40
    blanks. S1 prints 15 of its 20: 5 stranded, fewer than one lot, and no choice of
    whole lots prints 35 cards without them (1 lot at S1 prints at most 10 + 20 = 30)."""
    plan = solve(load_instance(STRANDED), Shipment(blanks=40), Policy(lot_size=10))
    assert plan.kpis.blanks_stranded == 5
    assert plan.kpis.cards_by_tier["first_time"] == 35
    note = by_code(plan)["BLANKS_STRANDED_LOTS"]
    assert note.params == {"stranded": 5, "count": 1, "sites": "S1: 5", "lot_size": 10}
    assert note.text.startswith("5 blanks arrive at 1 office in whole lots of 10 and will "
                                "not be printed in the horizon (S1: 5)")
    assert i18n.render(note, "en") == note.text
    assert i18n.render(note, "id").startswith("5 blangko tiba di 1 kantor dalam lot utuh "
                                              "berisi 10")


def test_every_stranded_blank_of_an_engine_plan_is_explained() -> None:
    """The whole kind: the stranded blanks named by the messages add up to the KPI,
    with lots, pins, both, and neither (then there are none)."""
    instance = load_instance(STRANDED)
    for policy in (Policy(), Policy(lot_size=10), Policy(pinned_shipments={"S1": 30}),
                   Policy(lot_size=10, pinned_shipments={"S2": 30})):
        plan = solve(instance, Shipment(blanks=40), policy)
        said = sum(int(m.params["stranded"] or 0) for m in plan.messages
                   if m.code in {"PINS_STRANDED", "BLANKS_STRANDED_LOTS", "BLANKS_STRANDED"})
        assert said == plan.kpis.blanks_stranded, policy


def test_pins_that_strand_blanks_say_so() -> None:
    """S1 pinned at 30 of the 40 blanks: S1 prints 15 (its printers), so 15 are
    stranded; S2 gets the 10 left and prints them. The plan is optimal given the pins
    (status optimal), and a warning says so, with where and how many."""
    plan = solve(load_instance(STRANDED), Shipment(blanks=40),
                 Policy(pinned_shipments={"S1": 30}))
    assert plan.status == "optimal"
    assert plan.kpis.blanks_stranded == 15
    warning = by_code(plan)["PINS_STRANDED"]
    assert warning.level == "warning"
    assert warning.params == {"stranded": 15, "count": 1, "sites": "S1: 15"}
    assert "optimal given the pins" in warning.text
    assert i18n.render(warning, "en") == warning.text
    assert "optimal dengan penetapan itu" in i18n.render(warning, "id")
    # Pins that strand nothing say nothing of it.
    fine = solve(load_instance(STRANDED), Shipment(blanks=40),
                 Policy(pinned_shipments={"S1": 15}))
    assert "PINS_STRANDED" not in by_code(fine)


def test_cli_evaluate_of_a_shipments_file_warns_of_stranded_pins(tmp_path: Path) -> None:
    """`blanko evaluate --shipments tests/data/shipments/pins-strand.csv` (S1 30)."""
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["evaluate", "--data", str(STRANDED), "--blanks", "40",
                                 "--shipments", str(DATA / "shipments" / "pins-strand.csv"),
                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    codes = {m["code"]: m for m in json.loads(out.read_text(encoding="utf-8"))["messages"]}
    assert codes["PINS_STRANDED"]["params"]["stranded"] == 15


def test_api_evaluate_warns_of_stranded_pins() -> None:
    """POST /v1/plans/evaluate with the same instance and S1 pinned at 30."""
    from api.main import create_app
    from api.settings import Settings
    from tests.api.test_api import API_KEY, post

    settings = Settings(workers=1, queue_size=4, api_key=API_KEY, max_time_limit_s=30,
                        preload_datasets=[])
    body = {"instance": load_instance(STRANDED).model_dump(mode="json"),
            "shipment": {"blanks": 40}, "shipments": [{"site_id": "S1", "blanks": 30}]}
    with TestClient(create_app(settings), headers={"X-API-Key": API_KEY}) as client:
        response = post(client, "/v1/plans/evaluate", body)
    assert response.status_code == 200, response.text
    plan = response.json()["plan"]
    assert plan["status"] == "optimal"
    warning = next(m for m in plan["messages"] if m["code"] == "PINS_STRANDED")
    assert warning["params"] == {"stranded": 15, "count": 1, "sites": "S1: 15"}


def test_priced_pins_and_their_warning_agree() -> None:
    priced = price_pins(load_instance(STRANDED), Shipment(blanks=40),
                        Policy(pinned_shipments={"S1": 30}))
    assert priced.cost is not None
    assert priced.cost.blanks_stranded == 15  # the optimal plan strands none
    assert by_code(priced.plan)["PINS_STRANDED"].params["stranded"] == 15


def test_lot_equity_unproven_counts_kelurahan_left_at_zero() -> None:
    """8 kecamatan 144 km apart (20 km limit), one office and one kelurahan each, 11 .. 18
    waiting; 50 blanks in lots of 10. Five lots reach at most 5 offices, so at least 3
    kelurahan get no card (each can print only at its own office); the bound (the same
    stages without lots) serves every one of them (50 blanks, 8 x 1,000 printers)."""
    apart = Instance(sites=tuple(site(f"S{d}", f"K{d}", lon=float(d)) for d in range(8)),
                     areas=tuple(area(f"A{d}", f"K{d}", lon=float(d), first=11 + d)
                                 for d in range(8)))
    plan = solve(apart, Shipment(blanks=50), Policy(lot_size=10, max_travel_km=20.0))
    message = by_code(plan)["LOT_EQUITY_UNPROVEN"]
    zero = sum(1 for line in plan.areas if line.tier == "first_time" and line.served == 0)
    assert zero == 3
    assert message.params["tier"] == "first_time"
    assert message.params["areas_at_zero"] == 3
    assert message.params["bound_areas_at_zero"] == 0
    assert message.params["areas_waiting"] == 8
    assert "kelurahan of tier first_time left with no card: 3 of 8, against 0 in the " \
           "bound" in message.text
    assert i18n.render(message, "en") == message.text
    assert "tidak mendapat kartu: 3 dari 8, dibanding 0" in i18n.render(message, "id")


@pytest.mark.parametrize(("cards", "km", "says", "never"), [
    # Supply binds (no card to gain): only the km saved (Palembang 40,000: KEC-16.71.15).
    (0, 4.331, "saves 4.3 resident-km", "0 more card"),  # km one decimal (wording.km)
    # Nobody travels further for lack of capacity: only the cards.
    (5, 0.0, "prints 5 more cards.", "saves 0"),
    (1, 2.5, "prints 1 more card, and", "1 more cards"),
])
def test_marginal_printer_never_announces_a_zero_gain(cards: int, km: float, says: str,
                                                      never: str) -> None:
    from optimizer.engine.kpis import _printer_message

    message = _printer_message("S1", cards, km)
    assert says in message.text
    assert never not in message.text
    for lang in i18n.LANGUAGES:
        text = i18n.render(message, lang)
        assert " 0 " not in text.replace("(0 ", ""), (lang, text)
    assert i18n.render(message, "en") == message.text


def test_palembang_marginal_printer_names_km_not_zero_cards() -> None:
    from optimizer import datasets

    palembang = datasets.load("palembang")
    plan = solve(palembang.instance, Shipment(blanks=40_000), palembang.policy())
    message = by_code(plan)["MARGINAL_PRINTER"]
    assert message.params["cards_per_printer_day"] == 0
    assert "0 more cards" not in message.text
    assert "saves 4.3 resident-km" in message.text  # params keep 4.331


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caps=st.lists(st.integers(0, 30), min_size=1, max_size=3),
       waiting=st.lists(st.integers(0, 40), min_size=1, max_size=3),
       blanks=st.integers(0, 120), lot=st.sampled_from([1, 5, 10]),
       pin=st.one_of(st.none(), st.integers(0, 6)))
def test_the_stranding_messages_account_for_every_stranded_blank(
        caps: list[int], waiting: list[int], blanks: int, lot: int, pin: int | None) -> None:
    """Whatever the offices, lots and pins: the blanks PINS_STRANDED, BLANKS_STRANDED_LOTS
    and BLANKS_STRANDED name add up to kpis.blanks_stranded, site by site."""
    sites = tuple(site(f"S{i}", f"K{i}", lon=0.1 * i, cap=cap) for i, cap in enumerate(caps))
    # One kelurahan per kecamatan at least (every office's), the rest round the offices.
    count = max(len(caps), len(waiting))
    areas = tuple(area(f"A{i}", f"K{i % len(caps)}", lon=0.1 * (i % len(caps)),
                       first=waiting[i % len(waiting)]) for i in range(count))
    pins = {} if pin is None else {"S0": min(pin * lot, blanks)}
    pins = {s: b - b % lot for s, b in pins.items()}
    plan = solve(Instance(sites=sites, areas=areas), Shipment(blanks=blanks),
                 Policy(lot_size=lot, pinned_shipments=pins, time_limit_s=2.0))
    if plan.status == "infeasible":
        return
    said = sum(int(m.params["stranded"] or 0) for m in plan.messages
               if m.code in {"PINS_STRANDED", "BLANKS_STRANDED_LOTS", "BLANKS_STRANDED"})
    assert said == plan.kpis.blanks_stranded
    if "PINS_STRANDED" in by_code(plan):
        assert by_code(plan)["PINS_STRANDED"].level == "warning"
