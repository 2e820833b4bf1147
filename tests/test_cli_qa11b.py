"""Tester qa11b's command-line faults: a plan listing whose dates hold no instant."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()


def test_plans_list_with_its_dates_swapped_is_refused(tmp_path: Path) -> None:
    # Was: "0 plans" (exit 0), for a slip of the dates.
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    said = runner.invoke(app, ["plans", "list", "--db", db, "--since", "2026-12-01",
                               "--before", "2026-11-01"], catch_exceptions=False)
    assert said.exit_code == 2, said.output
    assert "--since: is 2026-12-01T00:00:00+00:00, not before --before" in said.output
    assert "swap the two" in said.output
    listed = runner.invoke(app, ["plans", "list", "--db", db, "--since", "2026-11-01",
                                 "--before", "2026-12-01"], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
