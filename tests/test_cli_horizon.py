"""`blanko plan --schedule`: the lookahead through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()


def test_plan_with_a_schedule_prints_provisional_shipments(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "10000",
                                 "--schedule", "tranches=2,every=5,blanks=10000,start=5",
                                 "--quiet", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "provisional" in result.output
    plan = json.loads(out.read_text())
    assert plan["solver"]["name"] == "blanko-lookahead"
    # The shipment in hand is all that is sent now; 3 periods: now, day 5, day 10.
    assert sum(line["blanks"] for line in plan["shipments"]) <= 10000
    message = next(m for m in plan["messages"] if m["code"] == "LOOKAHEAD")
    assert message["params"]["periods"] == 3
    assert message["params"]["days"] == "5,5,5"


def test_a_schedule_without_later_tranches_is_refused() -> None:
    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "10000",
                                 "--schedule", "tranches=1,every=5,blanks=10000"])
    assert result.exit_code == 2
    assert "names no tranche after day 0" in result.output
