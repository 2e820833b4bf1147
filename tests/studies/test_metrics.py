"""Equity and travel metrics on hand-computed vectors and one hand-computed plan."""

from __future__ import annotations

import pytest

from optimizer import Policy, Shipment
from optimizer.studies.baselines import central_only, population, proportional
from optimizer.studies.metrics import gini, jain, plan_metrics, weighted_percentile
from tests.policy_cases import three_offices


@pytest.mark.parametrize(("values", "expected"), [
    ([0.5, 0.5, 0.5], 0.0),
    ([0.0, 0.0, 1.0], 2 / 3),     # sum |xi - xj| = 4, / (2 * 9 * 1/3) = 2/3 = (n - 1) / n
    ([1.0, 2.0, 3.0, 4.0], 0.25),  # pairs differ by 1,2,3,1,2,1: 2 * 10 / (2 * 16 * 2.5)
    ([0.0, 0.0], 0.0),             # all zero: equal
    ([7.0], 0.0),
])
def test_gini(values: list[float], expected: float):
    assert gini(values) == pytest.approx(expected)


@pytest.mark.parametrize(("values", "expected"), [
    ([0.5, 0.5, 0.5], 1.0),
    ([0.0, 0.0, 1.0], 1 / 3),      # 1 / (3 * 1) = 1 / n
    ([1.0, 2.0, 3.0, 4.0], 100 / 120),  # 10^2 / (4 * 30)
    ([0.0, 0.0], 1.0),
])
def test_jain(values: list[float], expected: float):
    assert jain(values) == pytest.approx(expected)


def test_empty_vectors_have_no_index():
    assert gini([]) is None
    assert jain([]) is None


def test_weighted_percentile_is_the_inverted_cdf():
    """90 residents at 1 km, 10 at 5 km: 95 % travel at most 5 km, 90 % at most 1 km."""
    trips = [(5.0, 10), (1.0, 90), (9.0, 0)]
    assert weighted_percentile(trips, 0.95) == 5.0
    assert weighted_percentile(trips, 0.90) == 1.0
    assert weighted_percentile([], 0.95) == 0.0


def test_metrics_of_a_plan():
    """`population` on three_offices with 100 blanks (hand-computed in test_policies):

    A1 50 at S1 and 3 at S2 (7.228 km), A2 30 at S2, A3 17 at S3.
    First-time coverage K1 53/60, K2 30/30, K3 17/90, i.e. 159, 180, 34 over 180:
    Gini = 2 (180 - 34) / 180 / (3 * 373 / 180) = 292 / 1119 = 0.260947;
    Jain = 373^2 / (3 * (34^2 + 159^2 + 180^2)) = 139129 / 176511 = 0.788217.
    Replacement: nobody served, coverage 0 in K1 and K2 (K3 has no backlog): Gini 0,
    Jain 1. Resident-km: 3 * 7.228 / 100 = 0.21684 mean, p95 0 (97 residents at 0 km),
    max 7.228. Nothing stranded; every district got cards.
    """
    instance = three_offices()
    plan = population(instance, Shipment(blanks=100), Policy(max_travel_km=10))
    m = plan_metrics(instance, plan)
    first = m.fairness["first_time"]
    assert m.cards_by_tier == {"first_time": 100, "replacement": 0}
    assert first.coverage == {"K1": round(53 / 60, 6), "K2": 1.0, "K3": round(17 / 90, 6)}
    assert first.coverage_min == round(17 / 90, 6) and first.coverage_max == 1.0
    assert first.gini == pytest.approx(292 / 1119, abs=1e-6)
    assert first.jain == pytest.approx(139129 / 176511, abs=1e-6)
    replacement = m.fairness["replacement"]
    assert (replacement.gini, replacement.jain) == (0.0, 1.0)
    assert set(replacement.coverage) == {"K1", "K2"}
    assert m.resident_km_mean == pytest.approx(3 * 7.228 / 100, abs=1e-4)
    assert m.resident_km_p95 == 0.0
    assert m.resident_km_max == pytest.approx(7.228, abs=1e-3)
    assert m.blanks_stranded == 0 and m.blanks_shipped == 100
    assert m.districts_without_cards == ()


def test_districts_without_cards_and_stranded_blanks():
    """central_only on three_offices: K3 gets nothing; proportional strands 20 at S3."""
    instance = three_offices()
    policy = Policy(max_travel_km=10)
    m = plan_metrics(instance, central_only(instance, Shipment(blanks=100), policy))
    assert m.districts_without_cards == ("K3",)
    assert plan_metrics(instance, proportional(instance, Shipment(blanks=100),
                                               policy)).blanks_stranded == 20


KELURAHAN_FLOOR = __import__("pathlib").Path(__file__).parents[1] / "data" / "kelurahan-floor"


def test_the_comparison_shows_kelurahan_left_at_zero_beside_the_kecamatan() -> None:
    """tests/data/kelurahan-floor: one kecamatan K1, office S1 (100 a day) with A1 at the
    office and A2 about 1.4 km away, 10 first-time waiting each; 10 blanks.

    Both plans cover the kecamatan at 10 / 20 = 50 %. The engine (S2b) gives each
    kelurahan 5: least kelurahan 50 %, none at 0. `proportional` prints its district
    nearest first: A1 10, A2 nothing: least kelurahan 0 %, one kelurahan with no card.
    Replacements: nobody waits (no coverage, no kelurahan counted)."""
    from optimizer.io.files import load_instance
    from optimizer.studies.registry import compare

    instance = load_instance(KELURAHAN_FLOOR)
    results = {c.policy: c.metrics.fairness for c in compare(
        instance, Shipment(blanks=10), Policy(), ("optimal", "proportional"))}
    for name, least, zero in (("optimal", 0.5, 0), ("proportional", 0.0, 1)):
        first = results[name]["first_time"]
        assert first.coverage_min == 0.5
        assert (first.area_coverage_min, first.areas_without_cards) == (least, zero)
        assert (results[name]["replacement"].area_coverage_min,
                results[name]["replacement"].areas_without_cards) == (None, 0)


def test_cli_compare_prints_the_kelurahan_columns() -> None:
    from typer.testing import CliRunner

    from optimizer.cli import app

    result = CliRunner().invoke(app, ["compare", "--data", str(KELURAHAN_FLOOR), "--blanks",
                                      "10", "--policies", "optimal,proportional"],
                                terminal_width=300)
    assert result.exit_code == 0, result.output
    first = result.output.split("└")[0]  # the first part of the table (it fits the width)
    header = first.split("┡")[0]
    assert "kelurahan" in header and "least /" in header and "none" in header
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in first.splitlines() if line.startswith("│")}
    # policy | cards x2 | kecamatan span | kelurahan least / no card (first_time, replacement)
    assert rows["optimal"][3:5] == ["50.0% / 0", "- / 0"]
    assert rows["proportional"][3:5] == ["0.0% / 1", "- / 0"]
