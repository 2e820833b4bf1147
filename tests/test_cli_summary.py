"""`blanko plan` on many districts: a summary and the worst districts, or every one with --all."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from optimizer import Shipment, datasets, solve
from optimizer.cli.plan import DISTRICT_ROWS, WORST_SHOWN

runner = CliRunner()
# synthetic-province: 238 districts; 2,000,000 blanks leave coverage uneven.
ARGS = ["plan", "--dataset", "synthetic-province", "--blanks", "2000000"]


def _district_rows(output: str) -> list[str]:
    return re.findall(r"^\S*\s*(D\d{5})\s", output, flags=re.MULTILINE)


def test_big_plan_prints_a_summary_and_the_worst_districts() -> None:
    result = runner.invoke(_app(), ARGS)
    assert result.exit_code == 0, result.output
    ds = datasets.load("synthetic-province")
    assert len(ds.instance.districts) > DISTRICT_ROWS
    plan = solve(ds.instance, Shipment(blanks=2_000_000), ds.policy())
    first = plan.tiers[0]
    coverage = {d.district_id: d.coverage for d in plan.districts
                if d.tier == first and d.coverage is not None}
    worst = sorted(coverage, key=lambda d: (coverage[d], d))[:WORST_SHOWN]
    assert _district_rows(result.output) == worst
    low, high = min(coverage.values()), max(coverage.values())
    assert f"coverage min {100 * low:.1f}%" in result.output
    assert f"max {100 * high:.1f}%" in result.output
    assert "--all prints every one" in result.output


def test_all_prints_every_district() -> None:
    result = runner.invoke(_app(), [*ARGS, "--all"])
    assert result.exit_code == 0, result.output
    ids = sorted(d.district_id for d in datasets.load("synthetic-province").instance.districts)
    assert _district_rows(result.output) == ids


def test_small_plan_prints_every_district() -> None:
    result = runner.invoke(_app(), ["plan", "--dataset", "palembang", "--blanks", "40000"])
    assert result.exit_code == 0, result.output
    assert "Plan by district" in result.output
    assert "--all prints every one" not in result.output


def _app():  # type: ignore[no-untyped-def]
    from optimizer.cli import app

    return app
