"""Paired differences, welfare per kecamatan, the low-stock release and '@rule' printing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import Policy, datasets
from optimizer.schema import InvalidInput
from optimizer.studies import evidence
from optimizer.studies.replay import (
    ReplayConfig,
    Run,
    parse_release,
    parse_schedule,
    replay,
)
from tests.policy_cases import one_office

QUIET = dict(arrivals_per_day=0.0, failure_prob=0.0)


def run_with(resident_days: list[int]) -> Run:
    """A one-day, one-district Run whose first-tier waiting sums to `resident_days[0]`."""
    z = np.zeros(1, dtype=np.int64)
    return Run(waiting=np.array([[resident_days[0], 0]]), printed=np.zeros((1, 2), np.int64),
               arrived=np.array([[resident_days[0], 0]]), received=z, office_stock=z,
               central=z, stranded=z, waited=np.zeros((2, 1), np.int64), days_to_clear=None,
               tranche_blanks=(0,), district_resident_days=np.array([resident_days[0]]),
               district_applicants=np.array([max(1, resident_days[0])]),
               district_clear_day=np.array([-1]), district_worst_wait=z,
               district_without_card=z, district_resident_km=np.zeros(1),
               office_stock_end=z, replacements_while_waiting=z)


def test_paired_difference_by_hand():
    """Status quo 10, 20, 30 M; policy 9, 18, 28 M: differences -1, -2, -2.

    mean -5/3; sample sd sqrt(((2/3)^2 + (1/3)^2 * 2) / 2) = sqrt(1/3) = 0.57735;
    t(0.975, 2) = 4.302653; half-width 4.302653 * 0.57735 / sqrt(3) = 1.434218.
    """
    base = [run_with([10_000_000]), run_with([20_000_000]), run_with([30_000_000])]
    policy = [run_with([9_000_000]), run_with([18_000_000]), run_with([28_000_000])]
    diff = evidence.paired({"a": policy, "b": base}, "a", "b",
                           evidence.FIGURE["resident_days"], 1)
    assert diff.mean == pytest.approx(-5 / 3)
    assert diff.low == pytest.approx(-5 / 3 - 1.434218, abs=1e-6)
    assert diff.high == pytest.approx(-5 / 3 + 1.434218, abs=1e-6)
    # [-3.10, -0.23] excludes 0, and 5/3 is at least 2 % of a 20 M status quo: better;
    # against a 100 M status quo it is under 2 %: slightly better.
    assert evidence.verdict(diff, 20.0) == "better"
    assert evidence.verdict(diff, 100.0) == "slightly better (under 2 %)"
    spans = evidence.paired({"a": policy, "b": base[::-1]}, "a", "b",
                            evidence.FIGURE["resident_days"], 1)  # -21, -2, +17: spans 0
    assert evidence.verdict(spans, 20.0) == "no clear difference"
    # The same numbers unpaired: the levels' spread (10 M) would hide the effect entirely.
    assert evidence.mean(base, evidence.FIGURE["resident_days"], 1).low < 0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=2, max_size=6),
       st.lists(st.integers(0, 10**6), min_size=2, max_size=6))
def test_paired_is_antisymmetric_and_zero_against_itself(xs, ys):
    n = min(len(xs), len(ys))
    a, b = [run_with([x]) for x in xs[:n]], [run_with([y]) for y in ys[:n]]
    fig = evidence.FIGURE["resident_days"]
    ab, ba = (evidence.paired({"a": a, "b": b}, p, q, fig, 1) for p, q in (("a", "b"),
                                                                           ("b", "a")))
    assert ab.mean == pytest.approx(-ba.mean, abs=1e-12)
    same = evidence.paired({"a": a}, "a", "a", fig, 1)
    assert same.mean == 0 and same.low == 0 and same.high == 0


def test_low_stock_release_by_hand():
    """One office printing 10 a day, 1,000 waiting, 100 blanks on day 0, 20 days; a release
    of 40 arrives 2 days after stock (office + central) ends a day below 50.

    Stock at the end of days 0..5: 90 80 70 60 50 40 -> trigger on day 5, arrival day 7.
    Days 6, 7: 30, then 30 + 40 - 10 = 60; days 8, 9: 50, 40 -> trigger on day 9, arrival 11;
    likewise triggers on days 13 and 17 (arrivals 15 and 19; 17 + 2 < 20). Four releases:
    160 blanks; 100 + 160 = 260 received, 200 printed (10 a day), 60 on hand at the end.
    """
    schedule = parse_schedule("tranches=1,every=20,blanks=100")
    assert schedule.days == 20
    config = ReplayConfig(schedule=schedule, replications=1, policies=("capacity_capped",),
                          release=parse_release("below=50,blanks=40,lead=2"), **QUIET)
    (run,) = replay(one_office(per_day=10, first=1000), Policy(), config).runs["capacity_capped"]
    assert run.released == 160
    assert run.received[-1] == 260 and run.printed[-1, 0] == 200
    assert run.office_stock.tolist()[:12] == [90, 80, 70, 60, 50, 40, 30, 60, 50, 40, 30, 60]


@pytest.mark.parametrize("spec", ["below=5", "below=5,blanks=0", "below=5,blanks=9,when=2",
                                  "below=x,blanks=9"])
def test_bad_release_specs_are_refused(spec):
    with pytest.raises(InvalidInput, match="release"):
        parse_release(spec)


def test_welfare_per_kecamatan_adds_up():
    """Per-kecamatan figures sum to the city's, and the deadline count is that day's."""
    ds = datasets.load("palembang")
    config = ReplayConfig(schedule=parse_schedule("tranches=2,every=5,blanks=20000"),
                          replications=1, policies=("capacity_capped", "optimal",
                                                    "optimal@rule"), seed=3, deadline=7)
    result = replay(ds.instance, ds.policy(), config)
    for name, (run,) in result.runs.items():
        assert run.district_resident_days.sum() == run.waiting[:, 0].sum(), name
        assert run.district_applicants.sum() == run.arrived[-1, 0], name
        assert run.district_without_card.sum() == run.waiting[6, 0], name
        assert run.office_stock_end.sum() == run.office_stock[-1], name
        cleared = run.district_clear_day
        assert ((cleared == -1) | ((cleared >= 1) & (cleared <= 10))).all(), name
        assert (run.district_worst_wait <= 10).all() and run.district_resident_km.sum() > 0
    # '@rule' ships exactly what the engine ships: the same blanks reach the offices.
    own, by_rule = result.runs["optimal"][0], result.runs["optimal@rule"][0]
    assert own.received.tolist() == by_rule.received.tolist()
    assert own.central.tolist() == by_rule.central.tolist()


def test_cli_replay_with_hosts_and_a_release(tmp_path):
    """palembang-2017 has hosts.csv: the replay uses it unless told not to; the release is
    echoed in the report and in the command that regenerates it."""
    from typer.testing import CliRunner

    from optimizer.cli import app

    args = ["replay", "--dataset", "palembang-2017", "--schedule",
            "tranches=2,every=3,blanks=5000", "--replications", "1", "--policies",
            "capacity_capped,optimal@rule", "--release", "below=4000,blanks=2000,lead=1"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "a" / "report.md").read_text(encoding="utf-8")
    assert "kecamatan 16.71.17 served at KEC-16.71.02" in report
    assert "2,000 more blanks arrive 1 working days after" in report
    assert "--release below=4000,blanks=2000,lead=1" in report
    assert "capacity_capped (described practice)" in report
    result = CliRunner().invoke(app, [*args, "--no-hosts", "--out", str(tmp_path / "b")])
    report = (tmp_path / "b" / "report.md").read_text(encoding="utf-8")
    assert "served at" not in report and "--no-hosts" in report
    bad = CliRunner().invoke(app, [*args[:-2], "--release", "below=1", "--out",
                                   str(tmp_path / "c")])
    assert bad.exit_code == 2 and "missing keys ['blanks']" in bad.output
