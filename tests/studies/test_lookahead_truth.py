"""What a lookahead plan says is true (qa2 faults 4, 5, 6).

4. `--schedule` spent no time limit and said `optimal`: the horizon's stages now
   spend a deterministic work budget (arcs, STAGE_ARCS_PER_SECOND), and a plan cut
   short is `feasible` with LOOKAHEAD_TIME_LIMIT, still valid.
5. Blanks kept at the central office for a later tranche were called unusable; they
   are now held for later printing, from the period the horizon ships them.
6. Pins were said to strand blanks the horizon prints later at that office.
"""

from __future__ import annotations

import numpy as np
import pytest

from optimizer import Policy, Shipment, datasets, evaluate
from optimizer.studies.lookahead import (
    STAGE_ARCS_PER_SECOND,
    Period,
    plan_horizon,
    plan_lookahead,
)
from tests.cases import area, site

PALEMBANG = datasets.load("palembang")
TRANCHES = [(5, 10_000), (10, 10_000), (15, 10_000)]  # tranches=4,every=5,blanks=10000


def _codes(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.code for m in plan.messages]


def test_a_tiny_time_limit_cuts_the_horizon_and_says_so() -> None:
    policy = PALEMBANG.policy(time_limit_s=0.001)
    plan, result, _ = plan_lookahead(PALEMBANG.instance, Shipment(blanks=10_000), policy,
                                     tranches=TRANCHES)
    assert plan.status == "feasible"
    assert _codes(plan)[:2] == ["LOOKAHEAD", "LOOKAHEAD_TIME_LIMIT"]
    cut = plan.messages[1]
    assert cut.level == "warning"
    # 0.001 s buys 400 arcs: only the first stage (earliness of the first tier) runs.
    assert int(0.001 * STAGE_ARCS_PER_SECOND) == 400
    assert cut.params == {"time_limit_s": 0.001, "stage": "equity", "tier": "first_time"}
    assert result is not None and result.cut == ("equity", "first_time")
    # Still a valid plan: every hard constraint of today's shipment holds.
    checked = evaluate(PALEMBANG.instance, Shipment(blanks=10_000), policy, plan)
    assert checked.violations == ()
    # Deterministic: the same input stops at the same stage with the same plan.
    again = plan_lookahead(PALEMBANG.instance, Shipment(blanks=10_000), policy,
                           tranches=TRANCHES)[0]
    assert again.model_dump(exclude={"solver"}) == plan.model_dump(exclude={"solver"})


def test_the_default_limit_finishes_and_says_optimal() -> None:
    plan, result, _ = plan_lookahead(PALEMBANG.instance, Shipment(blanks=10_000),
                                     PALEMBANG.policy(), tranches=TRANCHES)
    assert plan.status == "optimal" and "LOOKAHEAD_TIME_LIMIT" not in _codes(plan)
    assert result is not None and result.cut is None


def test_a_limit_between_stages_stops_before_a_later_stage() -> None:
    # Two offices, one kelurahan each, one tier: the stages' arcs are few; a budget of
    # the first stage's arcs and a little more stops before equity or travel, and the
    # flow kept is the first stage's (the same period-0 cards as the full plan here).
    inst = _two()
    periods = [Period(days=1, blanks=10), Period(days=1, blanks=10)]
    full = plan_horizon(inst, periods, Policy(max_travel_km=50.0))
    cut = plan_horizon(inst, periods, Policy(max_travel_km=50.0, time_limit_s=1e-6))
    assert full.cut is None and cut.cut is not None
    assert cut.cut[0] in {"equity", "travel", "late_shipping"}
    assert cut.resident_days == full.resident_days  # the first stage's optimum is kept


def _two():  # type: ignore[no-untyped-def]
    from optimizer import Instance

    return Instance(sites=(site("A", "KA", cap=6), site("B", "KB", 1.0, cap=6)),
                    areas=(area("a", "KA", first=8), area("b", "KB", 1.0, first=8)))


def test_blanks_held_for_the_next_tranche_are_not_called_unusable() -> None:
    # The tester's sched_front.csv: 30,000 blanks now, tranches of 100 on days 5 and 10.
    plan, result, _ = plan_lookahead(PALEMBANG.instance, Shipment(blanks=30_000),
                                     PALEMBANG.policy(), tranches=[(5, 100), (10, 100)])
    kept = next(m for m in plan.messages if m.code == "BLANKS_KEPT_CENTRAL")
    assert result is not None
    later = int(result.shipments[:, 1:].sum())
    assert kept.params["kept"] == plan.kpis.blanks_kept_central == 15_000
    assert kept.params["held"] == 15_000 and kept.params["unusable"] == 0
    assert kept.params["held_period"] == 1 and result.shipments[:, 1].sum() > 0
    assert later >= 15_000
    assert kept.text == ("15,000 blanks stay at the central office for later printing: the "
                         "horizon ships them to the offices from period 1 on.")
    assert "no office could print" not in kept.text


def test_pinned_blanks_the_horizon_prints_later_are_not_stranded() -> None:
    pins = {"KEC-16.71.15": 2_000, "KEC-16.71.07": 0}
    plan, result, _ = plan_lookahead(
        PALEMBANG.instance, Shipment(blanks=10_000),
        Policy(max_travel_km=8, pinned_shipments=pins), tranches=[(5, 10_000), (10, 10_000)])
    assert result is not None
    i = result.site_ids.index("KEC-16.71.15")
    # It prints 750 a period: the 1,250 it does not print now, it prints later (the
    # horizon ships it 0 and 250 afterwards instead of 750 and 750), none left at the end.
    assert result.printed[i].tolist() == [750, 750, 750]
    assert result.held[i, -1] == 0
    assert "PINS_STRANDED" not in _codes(plan)
    assert plan.kpis.blanks_stranded == 0


def test_pinned_blanks_left_at_the_horizons_end_are_still_stranded() -> None:
    # A prints 6 a period over two one-day periods (12 in all), 8 wait: a pin of 20
    # leaves 12 that no period prints (20 - 8); they are stranded, and said so.
    inst = _two()
    plan, result, _ = plan_lookahead(inst, Shipment(blanks=30),
                                     Policy(max_travel_km=50.0, pinned_shipments={"A": 20}),
                                     tranches=[(1, 0)], week=None)
    assert result is not None
    stranded = next(m for m in plan.messages if m.code == "PINS_STRANDED")
    i = result.site_ids.index("A")
    assert stranded.params["stranded"] == plan.kpis.blanks_stranded
    assert 0 < plan.kpis.blanks_stranded <= int(result.held[i, -1])
    assert plan.kpis.blanks_stranded == 12


@pytest.mark.parametrize("limit", [0.001, 10.0])
def test_the_cut_is_the_same_whatever_the_machine_does(limit: float) -> None:
    # The budget counts arcs, not seconds: two runs agree stage for stage.
    runs = [plan_horizon(_two(), [Period(days=1, blanks=10), Period(days=1, blanks=10)],
                         Policy(max_travel_km=50.0, time_limit_s=limit)) for _ in range(2)]
    assert runs[0].cut == runs[1].cut
    assert np.array_equal(runs[0].shipments, runs[1].shipments)
