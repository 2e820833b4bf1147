"""The multi-shipment replay: a hand-checked schedule, conservation, seeds, report, CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from optimizer import InvalidInput, Policy, datasets
from optimizer.cli import app
from optimizer.studies.registry import POLICIES
from optimizer.studies.replay import (
    MAX_HORIZON_DAYS,
    ConservationError,
    ReplayConfig,
    Run,
    _Simulation,
    _World,
    parse_schedule,
    parse_schedule_csv,
    replay,
)
from tests.cases import TINY_DIR
from tests.policy_cases import one_office

QUIET = dict(arrivals_per_day=0.0, failure_prob=0.0)


def test_tiny_schedule_by_hand():
    """One office printing 10 a day, 25 first-time applicants, 15 blanks on day 0, 10 on day 2.

    Every policy ships everything to the one office. Day 0: prints 10 (5 left, 15
    wait; the 5 print tomorrow, so none is stranded). Day 1: prints 5 (10 wait).
    Day 2: 10 arrive and print (0 wait). Day 3: idle.
    Waiting at the end of each day 15, 10, 0, 0: 25 resident-days, 1 day per applicant;
    10 served after 0 days, 5 after 1, 10 after 2; the backlog is cleared in 3 days.
    """
    schedule = parse_schedule_csv("day,blanks\n0,15\n2,10\n")
    assert schedule.days == 4
    result = replay(one_office(), Policy(), ReplayConfig(schedule=schedule, replications=1,
                                                         **QUIET))
    for name, (run,) in result.runs.items():
        assert run.waiting[:, 0].tolist() == [15, 10, 0, 0], name
        assert run.printed[:, 0].tolist() == [10, 15, 25, 25], name
        assert run.received.tolist() == [15, 15, 25, 25], name
        assert run.office_stock.tolist() == [5, 0, 0, 0], name
        assert run.central.tolist() == [0, 0, 0, 0], name
        assert run.waited[0].tolist() == [10, 5, 10, 0], name
        assert run.days_to_clear == 3, name
        assert run.stranded.tolist() == [0, 0, 0, 0], name
    summary = result.summary()["optimal"]
    assert summary["resident_days_first"].mean == 25
    assert summary["mean_wait_first"].mean == 1.0
    assert summary["days_to_clear"].n == 1 and summary["days_to_clear"].low is None


def test_a_replay_refuses_pinned_shipments():
    """Pins fix one shipment; the rule-based policies would ship past them, and evaluate
    (which checks pins, tester qa2's fault 8) would fail the replay mid-way."""
    schedule = parse_schedule_csv("day,blanks\n0,15\n2,10\n")
    site = one_office().sites[0].site_id
    with pytest.raises(InvalidInput) as refused:
        replay(one_office(), Policy(pinned_shipments={site: 5}),
               ReplayConfig(schedule=schedule, replications=1, **QUIET))
    (problem,) = refused.value.problems
    assert problem.location == "policy.pinned_shipments"
    assert problem.message.startswith("a replay takes no pinned shipments")


def test_broken_printers_print_nothing():
    """Every printer fails every day (probability 1, down one day): blanks pile up.

    On day 2 the office still holds the first 15 and can print 10 x 2 = 20 before
    the end, as a planner sees it: `equal` sends all 10, `optimal` only the 5 it
    would print and keeps 5 at the central office.
    """
    schedule = parse_schedule_csv("day,blanks\n0,15\n2,10\n")
    config = ReplayConfig(schedule=schedule, replications=1, policies=("optimal", "equal"),
                          arrivals_per_day=0.0, failure_prob=1.0, repair_days=1)
    runs = {name: run for name, (run,) in replay(one_office(), Policy(), config).runs.items()}
    for run in runs.values():
        assert run.printed.sum() == 0
        assert run.waiting[:, 0].tolist() == [25, 25, 25, 25]
        assert run.days_to_clear is None
    assert runs["equal"].office_stock.tolist() == [15, 15, 25, 25]
    assert runs["optimal"].office_stock.tolist() == [15, 15, 20, 20]
    assert runs["optimal"].central.tolist() == [0, 0, 5, 5]
    # Stranded: stock beyond 10 a day for the working days left before the next
    # tranche (1 after day 0, 0 after day 1, 1 after day 2, 0 after day 3).
    assert runs["equal"].stranded.tolist() == [5, 15, 15, 25]
    assert runs["optimal"].stranded.tolist() == [5, 15, 10, 20]


def _palembang_runs(seed: int = 5, replications: int = 2) -> dict[str, list[Run]]:
    ds = datasets.load("palembang")
    config = ReplayConfig(schedule=parse_schedule("tranches=3,every=5,blanks=5000-15000"),
                          replications=replications, seed=seed, failure_prob=0.2,
                          repair_days=4, arrivals_per_day=400.0)
    return replay(ds.instance, ds.policy(), config).runs


def test_conservation_holds_every_day():
    """Recomputed from the recorded series, independently of the checks in the loop."""
    for name, runs in _palembang_runs().items():
        for run in runs:
            on_hand = run.office_stock + run.central
            assert (run.received == run.printed.sum(axis=1) + on_hand).all(), name
            assert (run.arrived == run.printed + run.waiting).all(), name
            assert (run.waited.sum(axis=1) == run.printed[-1]).all(), name
            assert run.arrived[-1, 0] > run.arrived[0, 0]  # applicants did arrive
            assert run.received[-1] == sum(run.tranche_blanks)


def test_conservation_errors_are_raised():
    ds = datasets.load("palembang")
    config = ReplayConfig(schedule=parse_schedule("tranches=1,every=5,blanks=1000"),
                          replications=1)
    world = _World(ds.instance, ds.policy(), config)
    sim = _Simulation(world, POLICIES["equal"], world.draw(0))
    sim._check_conservation(0, queues=True)
    sim.stock[0] += 1
    with pytest.raises(ConservationError):
        sim._check_conservation(0, queues=True)
    sim.stock[0] -= 1
    sim.waiting[0][0] += 1
    with pytest.raises(ConservationError):
        sim._check_conservation(0, queues=False)


def test_same_seed_same_figures():
    first, again, other = _palembang_runs(7), _palembang_runs(7), _palembang_runs(8)
    for name in POLICIES:
        for a, b in zip(first[name], again[name], strict=True):
            assert a.tranche_blanks == b.tranche_blanks
            for field in ("waiting", "printed", "arrived", "stranded", "waited"):
                assert np.array_equal(getattr(a, field), getattr(b, field)), (name, field)
    assert [r.tranche_blanks for r in first["optimal"]] != \
        [r.tranche_blanks for r in other["optimal"]]
    assert all(t % 1000 == 0 and 5000 <= t <= 15000
               for r in first["optimal"] for t in r.tranche_blanks)


def test_policies_see_the_same_draws():
    runs = _palembang_runs(replications=1)
    arrived = {name: r[0].arrived[-1].tolist() for name, r in runs.items()}
    assert len({tuple(v) for v in arrived.values()}) == 1
    assert len({r[0].tranche_blanks for r in runs.values()}) == 1


# --------------------------------------------------------------------------- schedules


def test_schedule_spec():
    s = parse_schedule("tranches=3,every=5,blanks=100-300,step=50")
    assert [t.day for t in s.tranches] == [0, 5, 10]
    assert (s.tranches[0].low, s.tranches[0].high, s.step, s.days) == (100, 300, 50, 15)
    assert parse_schedule("tranches=2,every=5,blanks=100,days=7,start=1").days == 7
    assert "3 tranches every 5 working days" in s.describe()


@pytest.mark.parametrize("spec", [
    "tranches=3", "nonsense", "tranches=0,every=5,blanks=1", "tranches=2,every=5,blanks=9-3",
    "tranches=2,every=5,blanks=10,days=5", "tranches=2,every=5,blanks=ten", "when=1,every=5",
])
def test_bad_schedule_specs(spec: str):
    with pytest.raises(InvalidInput):
        parse_schedule(spec)


@pytest.mark.parametrize("spec, words", [
    # Tester qa7: the last of two values was used, silently.
    ("tranches=2,tranches=4,every=5,blanks=100", "key 'tranches' is given twice"),
    ("tranches=2,every=5,blanks=100,every=10", "key 'every' is given twice"),
    # Tester qa7: accepted by the service (202), then out of memory when the job ran.
    ("tranches=2,every=5,blanks=1000,days=99999999", "(99,999,999 days) is longer"),
    # 2 tranches 2,000 days apart: the horizon is the last day plus the gap, 4,000 days.
    ("tranches=2,every=2000,blanks=1000", "(4,000 days) is longer"),
])
def test_a_schedule_that_cannot_mean_one_thing_or_is_too_long_is_refused(
        spec: str, words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_schedule(spec)
    assert words in refused.value.problems[0].message
    # The longest horizon allowed, exactly, plans.
    assert parse_schedule(f"tranches=2,every=5,blanks=1000,days={MAX_HORIZON_DAYS}").days \
        == MAX_HORIZON_DAYS
    with pytest.raises(InvalidInput):
        parse_schedule_csv(f"day,blanks\n0,100\n{MAX_HORIZON_DAYS},5\n")


def test_schedule_csv():
    s = parse_schedule_csv("day,blanks\n0,100\n20,50-80\n50,10\n")
    assert [(t.day, t.low, t.high) for t in s.tranches] == [(0, 100, 100), (20, 50, 80),
                                                           (50, 10, 10)]
    assert s.days == 80
    for bad in ("", "when,blanks\n0,1\n", "day,blanks\n", "day,blanks\n5,1\n2,1\n",
                "day,blanks\n0\n"):
        with pytest.raises(InvalidInput):
            parse_schedule_csv(bad)


# --------------------------------------------------------------------------- report and CLI


def test_report_is_the_same_for_the_same_seed(tmp_path: Path):
    for folder in ("a", "b"):
        result = CliRunner().invoke(app, [
            "replay", "--data", str(TINY_DIR), "--schedule", "tranches=2,every=3,blanks=200-400,"
            "step=100", "--replications", "2", "--seed", "1", "--out", str(tmp_path / folder)])
        assert result.exit_code == 0, result.output
    report = (tmp_path / "a" / "report.md").read_text()
    again = (tmp_path / "b" / "report.md").read_text()
    assert report == again.replace(str(tmp_path / "b"), str(tmp_path / "a"))
    assert "blanko replay --data" in report and "--seed 1" in report
    for png in ("coverage_by_district", "backlog_over_time", "waiting_days",
                "cards_over_time", "stranded_over_time"):
        assert (tmp_path / "a" / f"{png}.png").stat().st_size > 1000
        assert f"({png}.png)" in report
    assert "## Headline" in report and "| optimal_no_equity (the engine) | 210 |" in report


def test_replay_command_reads_a_schedule_file(tmp_path: Path):
    schedule = tmp_path / "schedule.csv"
    schedule.write_text("day,blanks\n0,300\n4,200\n")
    result = CliRunner().invoke(app, [
        "replay", "--data", str(TINY_DIR), "--schedule", str(schedule), "--replications", "1",
        "--policies", "optimal,equal", "--one-shipment", "500", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "out" / "report.md").read_text()
    assert "| equal |" in report and "## One shipment: 500 blanks" in report
    assert "--policies optimal,equal --one-shipment 500" in report


@pytest.mark.parametrize("extra", [
    ["--schedule", "nonsense"],
    ["--schedule", "tranches=2,every=3,blanks=10", "--replications", "0"],
    ["--schedule", "tranches=2,every=3,blanks=10", "--policies", "lottery"],
    ["--schedule", "tranches=2,every=3,blanks=10", "--failure-prob", "2"],
])
def test_replay_command_rejects_bad_input(tmp_path: Path, extra: list[str]):
    result = CliRunner().invoke(app, ["replay", "--data", str(TINY_DIR), "--out",
                                      str(tmp_path / "out"), *extra])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_report_gives_an_infeasible_one_shipment_plan_no_figures(tmp_path: Path) -> None:
    # The one-shipment comparison with one policy refused (a reserve above the shipment:
    # constraint (1)): its row in both tables says infeasible, never 0 cards / 0 stranded,
    # and its column of the coverage chart is empty.
    from dataclasses import replace

    from optimizer import Shipment
    from optimizer.studies import registry
    from optimizer.studies.report import headline_table, markdown, write_report

    schedule = parse_schedule_csv("day,blanks\n0,15\n2,10\n")
    result = replay(one_office(), Policy(), ReplayConfig(
        schedule=schedule, replications=1, policies=("optimal", "equal"), **QUIET))
    (refused,) = registry.compare(one_office(), Shipment(blanks=15), Policy(reserve=20),
                                  ("equal",))
    assert refused.plan.status == "infeasible"
    result = replace(result, one_shipment=[result.one_shipment[0], refused])
    for lang, word in (("en", "infeasible"), ("id", "tidak layak")):
        from optimizer.i18n import cli

        name = cli.policy("equal", lang)
        head = [line for line in headline_table(result, lang) if line.startswith(f"| {name} (")]
        assert len(head) == 1 and f"| **{word}** | — | — | — |" in head[0], head
        text = markdown(result, "one office", "blanko replay", lang)
        row = next(line for line in text.splitlines() if line.startswith("| equal |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] == f"**{word}**" and set(cells[2:]) == {"—"}, row
        optimal = next(line for line in text.splitlines() if line.startswith("| optimal |"))
        assert "| 15 |" in optimal  # the planned policy keeps its figures
    write_report(result, tmp_path, "one office", "blanko replay")  # the chart draws
    assert (tmp_path / "coverage_by_district.png").stat().st_size > 1000


def test_a_stock_above_its_storage_cap_is_refused_not_replayed_as_nothing_shipped():
    """Office S holds 30 blanks with room for 20: constraint (2c) fails on every tranche, so
    every plan would be infeasible and the replay would show a schedule in which nothing
    ships. It is refused up front, at the site's stock, with the fix, and the planner's
    language reads it (the same sentence as the files' check)."""
    from optimizer.i18n.problems import localize_problem

    office = one_office()
    site = office.sites[0].model_copy(update={"stock": 30, "storage_cap": 20})
    instance = office.model_copy(update={"sites": (site,)})
    config = ReplayConfig(schedule=parse_schedule_csv("day,blanks\n0,15\n"), replications=1,
                          **QUIET)
    with pytest.raises(InvalidInput) as refused:
        replay(instance, Policy(), config)
    (problem,) = refused.value.problems
    assert problem.location == "sites.S.stock"
    assert problem.message.startswith("is 30, more than the storage cap of 20: constraint (2c)")
    assert "correct the stock" in problem.message
    indonesian = localize_problem(problem, "id").message
    assert "30" in indonesian and "20" in indonesian
    assert "storage cap" not in indonesian and "correct the stock" not in indonesian
