"""Scenario files, the sweep (local pool, Dask LocalCluster, resume) and `blanko sweep`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer import InvalidInput
from optimizer.cli import app
from optimizer.studies import sweep as sweep_lib
from optimizer.studies.scenarios import load_scenario

SCENARIOS = Path(__file__).parents[2] / "benchmarks" / "scenarios"
POLICIES = ("capacity_capped", "optimal@rule")
TINY = """
name = "tiny"
title = "Two small tranches"
description = "Palembang, two tranches of 20,000 three days apart; a test case."
question = "None: it checks the machinery."
dataset = "palembang"
schedule = "tranches=2,every=3,blanks=20000"
seed = 7
[sites."KEC-16.71.01"]
printers = 2
"""


def tiny(tmp_path: Path, text: str = TINY, name: str = "tiny.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bundled_scenario_builds():
    files = sorted(SCENARIOS.glob("*.toml"))
    names = {load_scenario(f).name for f in files}
    assert names == {"supply-bound", "printer-bound", "printerless-2017", "travel-limit",
                     "large-tranches", "election-deadline"}
    for f in files:
        sc = load_scenario(f)
        assert f.stem == sc.name and sc.description and sc.question
        instance, _, config = sc.build(POLICIES, 2)
        assert config.replications == 2 and instance.sites
    hosted = load_scenario(SCENARIOS / "printerless-2017.toml").build(POLICIES, 1)[2]
    assert dict(hosted.hosts) == {"16.71.17": "KEC-16.71.02", "16.71.18": "KEC-16.71.06"}
    assert hosted.release is not None and hosted.release.blanks == 10_000


@pytest.mark.parametrize("change, where", [
    (("seed = 7", "seed = 7\ncolour = 1"), "tiny.toml, colour"),
    (("seed = 7", 'seed = "7"'), "tiny.toml, seed"),
    (('name = "tiny"', 'name = "Tiny!"'), "tiny.toml, name"),
    (("printers = 2", "printers = -2"), "sites.KEC-16.71.01.printers"),
    (("printers = 2", "printer = 2"), "sites.KEC-16.71.01.printer"),
    (('dataset = "palembang"', 'dataset = "atlantis"'), "tiny.toml, dataset"),
    (("seed = 7", "seed = 7 ="), "not TOML"),
])
def test_bad_scenarios_name_file_and_key(tmp_path, change, where):
    with pytest.raises(InvalidInput) as info:
        load_scenario(tiny(tmp_path, TINY.replace(*change)))
    assert where in str(info.value)


def test_unknown_site_and_bad_schedule_are_reported_when_built(tmp_path):
    sc = load_scenario(tiny(tmp_path, TINY.replace("KEC-16.71.01", "KEC-99")))
    with pytest.raises(InvalidInput, match=r"sites\.KEC-99"):
        sc.build(POLICIES, 1)
    sc = load_scenario(tiny(tmp_path, TINY.replace("every=3", "every=0")))
    with pytest.raises(InvalidInput, match=r"schedule\.every"):
        sc.build(POLICIES, 1)


def test_local_sweep_writes_results_and_resumes(tmp_path):
    sc = load_scenario(tiny(tmp_path))
    todo = sweep_lib.tasks([sc], POLICIES, 2)
    out = tmp_path / "out"
    seen: list[int] = []
    assert sweep_lib.run_sweep(todo, out, on_done=lambda t: seen.append(t.replication)) == 2
    assert sorted(seen) == [0, 1]
    assert all(sweep_lib.done(t, out) for t in todo)
    first = todo[0].path(out).read_bytes()
    # A rerun resumes: nothing left to run, files untouched.
    assert sweep_lib.run_sweep(todo, out) == 0
    assert todo[0].path(out).read_bytes() == first
    # Other policies, or an edited scenario file, make the stored result stale.
    other = sweep_lib.tasks([sc], ("capacity_capped",), 1)
    assert not sweep_lib.done(other[0], out)
    edited = load_scenario(tiny(tmp_path, TINY.replace("seed = 7", "seed = 8")))
    assert not sweep_lib.done(sweep_lib.tasks([edited], POLICIES, 1)[0], out)
    # A half-written file (no stamp) is not done either.
    todo[1].path(out).write_text('{"scenario": "tiny"', encoding="utf-8")
    assert not sweep_lib.done(todo[1], out)
    assert sweep_lib.run_sweep(todo, out) == 1
    runs = sweep_lib.load_task(todo[1], out)
    assert runs is not None and set(runs) == set(POLICIES)


def test_dask_local_cluster_gives_the_local_results(tmp_path):
    """Two replications on a LocalCluster of worker processes: byte-identical results."""
    distributed = pytest.importorskip("distributed")
    sc = load_scenario(tiny(tmp_path))
    todo = sweep_lib.tasks([sc], POLICIES, 2)
    sweep_lib.run_sweep(todo, tmp_path / "local")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        assert sweep_lib.run_sweep(todo, tmp_path / "dask", scheduler=cluster) == 2
    for task in todo:
        assert task.path(tmp_path / "dask").read_bytes() == task.path(tmp_path / "local") \
            .read_bytes()


def test_cli_sweep_end_to_end(tmp_path):
    scenario, out = tiny(tmp_path), tmp_path / "out"
    runner = CliRunner()
    args = ["sweep", str(scenario), "--policies", ",".join(POLICIES), "--replications", "2",
            "--workers", "1", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "blanko sweep" in report and "| tiny |" in report
    assert "optimal@rule" in report and "described practice" in report
    for png in ("forest.png", "waiting_tiny.png", "kecamatan_tiny.png"):
        assert (out / png).stat().st_size > 1000
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "2 already done" in again.output
    assert (out / "report.md").read_text(encoding="utf-8") == report  # byte for byte
    stored = json.loads(next((out / "runs" / "tiny").glob("r*.json")).read_text())
    assert stored["policies"] == list(POLICIES)


@pytest.mark.parametrize("extra, message", [
    (["--policies", "optimal"], "must include capacity_capped"),
    (["--policies", "capacity_capped,oracle"], "unknown policy 'oracle'"),
    (["--replications", "0"], "--replications"),
])
def test_cli_sweep_refuses_bad_input(tmp_path, extra, message):
    result = CliRunner().invoke(app, ["sweep", str(tiny(tmp_path)), "--out",
                                      str(tmp_path / "o"), *extra])
    assert result.exit_code == 2
    assert message in result.output


def test_the_forest_chart_titles_do_not_overlap(tmp_path):
    """The column titles sat on the first scenario's label; every title has its own box."""
    from optimizer.studies import sweep_report

    second = TINY.replace('name = "tiny"', 'name = "tiny-two"')
    found = []
    for text, name in ((TINY, "tiny.toml"), (second, "tiny-two.toml")):
        sc = load_scenario(tiny(tmp_path, text, name))
        todo = sweep_lib.tasks([sc], POLICIES, 2)
        sweep_lib.run_sweep(todo, tmp_path / "runs")
        found.extend(sweep_report.collect([sc], POLICIES, 2, tmp_path / "runs"))
    fig = sweep_report._forest(found, POLICIES)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    boxes = [sub._suptitle.get_window_extent(renderer) for sub in fig.subfigs]
    boxes += [ax.title.get_window_extent(renderer) for ax in fig.get_axes()]
    boxes += [ax._left_title.get_window_extent(renderer) for ax in fig.get_axes()]
    boxes = [b for b in boxes if b.width > 0]
    assert len(boxes) == 2 + 4  # two column titles, a scenario label on each of 4 panels
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
