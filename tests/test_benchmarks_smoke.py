"""The speed benchmark runs end to end at its smallest scale (so the program cannot rot).

Timing targets live in the benchmark, not here: this only checks that every figure it
reports was measured and written (seconds, ratios to the floor, the whole-process table).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_speed_benchmark_writes_its_figures(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.speed", "--scales", "city", "--repeats", "1",
         "--methods", "blanko_full,blanko_full_marginals", "--cli-repeats", "1",
         "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    raw = json.loads((tmp_path / "speed.json").read_text(encoding="utf-8"))
    rows = {r["method"]: r for r in raw["rows"]["city"]}
    assert set(rows) == {"floor", "blanko_stage1", "blanko_full", "blanko_full_marginals"}
    for row in rows.values():
        assert row["status"] == "ok", row
        assert row["total_s"] > 0 and row["x_floor"] > 0, row
    floor = raw["outcomes"]["city"]["floor"]["data"]["runs"][0]["floor"]
    assert floor["pairs"] == 1039          # the floor's network is Blanko's (Palembang, 8 km)
    assert floor["json_bytes"] > 10_000
    cli = raw["cli"]
    assert cli["status"] == "ok"
    assert set(cli["medians"]) == {"floor", "plan", "help", "python"}
    assert all(v > 0 for v in cli["medians"].values())
    assert cli["x_floor"]["floor"] == 1.0
    assert {r["package"] for r in cli["imports"]} >= {"numpy", "ortools", "optimizer"}
    targets = {t["target"] for t in raw["targets"]}
    assert any("[12] Palembang plan + JSON" in t for t in targets)
    assert any("[12] city: full plan with marginals" in t for t in targets)
    # The floor and the full plan alternated in one process: issue 12's city ratio and
    # marginals' share are judged on those rounds.
    paired = raw["paired"]["city"]
    assert paired["status"] == "ok", paired["note"]
    rounds = paired["data"]["rounds"]
    assert len(rounds) == 60
    assert all(r["floor"]["cpu"] > 0 and r["blanko"]["cpu"] > 0 and r["blanko_same"]["cpu"] > 0
               and r["blanko_cold"]["cpu"] > 0 for r in rounds)
    assert all(0 < r["blanko"]["marginals"] < r["blanko"]["wall"] for r in rounds)
    summary = paired["summary"]
    assert summary["x_floor_cpu"] == summary["blanko_cpu"] / summary["floor_cpu"]
    # The fresh instance read on the clock too is reported beside the judged figure.
    assert summary["cold_x_floor_cpu"] == summary["cold_cpu"] / summary["floor_cpu"]
    assert summary["floor_read_cpu"] > 0 and summary["blanko_read_cpu"] > 0
    judged = next(t for t in raw["targets"] if "[12] city: full plan with marginals" in t["target"])
    assert "alternated in one process" in judged["measured"]
    assert "read into arrays before the clock" in judged["measured"]
    assert "read on the clock too" in judged["measured"]
    md = (tmp_path / "speed.md").read_text(encoding="utf-8")
    assert "## Floor and full plan alternated" in md
    assert "## Whole process: Blanko beside the floor" in md
    assert "| x floor |" in md
    # Level 2b and lots reported apart, in the same file (issue 11).
    assert "## Level 2b, marginals and lots apart" in md
    assert "| city | of which level 2b" in md and "| city | lots of 100" in md


def test_stage_benchmark_refuses_an_unknown_scale(capsys: pytest.CaptureFixture[str]) -> None:
    """`--scales palembang` once died with a KeyError traceback; now a usage error."""
    from benchmarks import stages

    with pytest.raises(SystemExit) as stop:
        stages.main(["--scales", "palembang"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unknown scale palembang" in err and "city, province, national" in err


def test_lookahead_pairs_without_stored_runs_says_what_to_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """qa2 s5: with no stored runs, or with --help, it ended in a traceback."""
    from benchmarks import lookahead_pairs

    with pytest.raises(SystemExit) as stop:
        lookahead_pairs.cli(["--help"])
    assert stop.value.code == 0
    assert "Run the sweep first" in " ".join(capsys.readouterr().out.split())
    assert lookahead_pairs.cli([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path.as_posix()}/report.md does not exist (no sweep report)" in err
    assert "Run: blanko sweep benchmarks/scenarios --policies " \
           "capacity_capped,optimal,lookahead" in err
    (tmp_path / "report.md").write_text("# report\n", encoding="utf-8")
    assert lookahead_pairs.cli([str(tmp_path), "--replications", "1"]) == 2
    assert "replication 0 has no result in" in capsys.readouterr().err
