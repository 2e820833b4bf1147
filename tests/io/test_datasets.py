"""Bundled data as the reference says it is, and the seeded synthetic generator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from optimizer import Policy, Shipment, datasets, solve
from optimizer.engine.evaluate import evaluate

DATA = Path(__file__).resolve().parents[2] / "data"
REFERENCE = DATA / "reference"


def test_names_list_bundled_and_synthetic():
    assert datasets.names()[:3] == ["indonesia", "palembang", "palembang-2017"]
    assert "synthetic-national" in datasets.names()


@pytest.mark.parametrize("name", ["palembang", "palembang-2017"])
def test_palembang_has_the_reference_codes(name: str):
    instance = datasets.load(name).instance
    kecamatan = pd.read_csv(REFERENCE / "palembang_kecamatan.csv", dtype=str)
    kelurahan = pd.read_csv(REFERENCE / "palembang_kelurahan.csv", dtype=str)
    assert sorted(instance.district_ids) == sorted(kecamatan["code"])
    assert sorted(a.area_id for a in instance.areas) == sorted(kelurahan["code"])
    assert len(instance.districts) == 18 and len(instance.areas) == 107
    assert all(a.area_id.startswith(a.district_id + ".") for a in instance.areas)
    assert len([s for s in instance.sites if s.site_id.startswith("KEC-")]) == 18


def test_palembang_totals_reproduce_the_city_facts():
    instance = datasets.load("palembang").instance
    first = sum(a.backlog["first_time"] for a in instance.areas)
    repl = sum(a.backlog["replacement"] for a in instance.areas)
    wajib = sum(a.population for a in instance.areas)
    assert 140_000 <= first <= 160_000
    assert 190_000 <= first + repl <= 210_000
    assert 1_100_000 <= wajib <= 1_200_000


def test_palembang_2017_has_offices_without_printers():
    sites = {s.site_id: s for s in datasets.load("palembang-2017").instance.sites}
    assert sites["KEC-16.71.17"].printers == 0 and sites["KEC-16.71.18"].printers == 0
    total = sum(sum(a.backlog.values()) for a in datasets.load("palembang-2017").instance.areas)
    assert 195_000 <= total <= 230_000


def test_indonesia_has_514_regions():
    instance = datasets.load("indonesia").instance
    assert len(instance.areas) == 514 and len(instance.sites) == 514
    assert len(instance.districts) == 38


@pytest.mark.parametrize("name", ["palembang", "palembang-2017", "indonesia", "synthetic-city"])
def test_every_dataset_plans_and_passes_evaluate(name: str):
    ds = datasets.load(name)
    policy = ds.policy()
    plan = solve(ds.instance, Shipment(blanks=ds.default_blanks), policy)
    assert plan.status == "optimal"
    check = evaluate(ds.instance, Shipment(blanks=ds.default_blanks), policy, plan)
    assert check.valid, check.violations[:3]
    assert check.kpis.cards_by_tier == plan.kpis.cards_by_tier


@pytest.mark.parametrize("name", ["palembang", "palembang-2017"])
def test_every_kelurahan_reaches_a_printer(name: str):
    ds = datasets.load(name)
    # With a long horizon and plenty of blanks, only reach can leave anyone waiting.
    long_horizon = ds.instance.model_copy(update={"sites": tuple(
        s.model_copy(update={"working_days": 366}) for s in ds.instance.sites)})
    plan = solve(long_horizon, Shipment(blanks=10**6), ds.policy())
    assert plan.kpis.coverage_min_by_tier["first_time"] == 1.0


def test_bundled_files_are_what_the_generator_makes():
    done = subprocess.run([sys.executable, str(DATA / "scripts" / "build_all.py"), "--check"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("scale", ["city", "province"])
def test_synthetic_is_seeded(scale: str):
    a, b = datasets.synthetic(scale, 7), datasets.synthetic(scale, 7)
    assert a.instance == b.instance and a.default_blanks == b.default_blanks
    assert datasets.synthetic(scale, 8).instance != a.instance


def test_synthetic_province_size_and_scarcity():
    ds = datasets.synthetic("province", 0)
    first = sum(a.backlog["first_time"] for a in ds.instance.areas)
    assert 200 <= len(ds.instance.sites) <= 280
    assert 2_800 <= len(ds.instance.areas) <= 3_800
    assert 0.6 * first <= ds.default_blanks <= 0.8 * first


def test_unknown_dataset_is_invalid_input():
    with pytest.raises(datasets.UnknownDataset, match="unknown dataset 'atlantis'"):
        datasets.load("atlantis")


def test_dataset_policy_uses_its_travel_limit():
    assert datasets.load("palembang").policy() == Policy(max_travel_km=8)


def test_dataset_names_are_never_paths():
    with pytest.raises(datasets.UnknownDataset):
        datasets.load("../data/palembang")


def test_bundled_datasets_are_found_in_an_installed_layout(tmp_path: Path) -> None:
    """A wheel puts data/ at optimizer/bundled/ (pyproject's package-dir); the datasets
    must be found there, not only in a checkout. (Found by a fresh `pip install .`:
    'unknown dataset palembang'.)"""
    import shutil

    root = Path(__file__).resolve().parents[2]
    site = tmp_path / "site"
    shutil.copytree(root / "optimizer", site / "optimizer",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "data", site / "optimizer" / "bundled")
    done = subprocess.run(
        [sys.executable, "-c", "from optimizer.io import datasets; "
                               "print(datasets.data_root()); print(datasets.names())"],
        cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert str(site / "optimizer" / "bundled") in done.stdout
    assert "'palembang'" in done.stdout
