"""Bundled datasets' instance.json snapshots: current, equal to the CSVs, never stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from optimizer.io import datasets
from optimizer.io.files import load_instance

BUNDLED = [n for n in datasets.names() if not n.startswith("synthetic-")]


@pytest.mark.parametrize("name", BUNDLED)
def test_snapshot_is_current_and_equals_the_csvs(name: str) -> None:
    folder = datasets.data_root() / name
    saved = json.loads((folder / datasets.SNAPSHOT).read_text(encoding="utf-8"))
    assert saved["csv_sha256"] == datasets.csv_sha256(folder), (
        f"{name}/instance.json is stale: run `python -m optimizer.io.datasets`")
    from_csv = load_instance(folder, name)
    assert datasets.load(name).instance == from_csv, (
        f"{name}/instance.json differs from what the CSV reader gives: run "
        f"`python -m optimizer.io.datasets`")


def test_an_edited_csv_is_read_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "palembang"
    shutil.copytree(datasets.data_root() / "palembang", folder)
    sites = (folder / "sites.csv").read_text(encoding="utf-8").splitlines()
    header = sites[0].split(",")
    row = sites[1].split(",")
    column = header.index("stock")
    row[column] = str(int(row[column] or 0) + 1234)
    sites[1] = ",".join(row)
    (folder / "sites.csv").write_text("\n".join(sites) + "\n", encoding="utf-8")
    monkeypatch.setattr(datasets, "data_root", lambda: tmp_path)
    site_id = row[header.index("site_id")]
    stock = {s.site_id: s.stock for s in datasets.load("palembang").instance.sites}
    assert stock[site_id] == int(row[column])  # the edited figure, not the snapshot's
    # The snapshot beside it is still the old one: it was not used.
    saved = json.loads((folder / datasets.SNAPSHOT).read_text(encoding="utf-8"))
    assert saved["csv_sha256"] != datasets.csv_sha256(folder)


def test_a_snapshot_is_used_when_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Proof that the fast path runs: a current snapshot wins over the CSVs it names."""
    folder = tmp_path / "palembang"
    shutil.copytree(datasets.data_root() / "palembang", folder)
    saved = json.loads((folder / datasets.SNAPSHOT).read_text(encoding="utf-8"))
    saved["instance"]["name"] = "from-the-snapshot"
    (folder / datasets.SNAPSHOT).write_text(json.dumps(saved), encoding="utf-8")
    monkeypatch.setattr(datasets, "data_root", lambda: tmp_path)
    assert datasets.load("palembang").instance.name == "from-the-snapshot"
