"""Bundled datasets (under `data/`) and seeded synthetic instances.

Each bundled dataset is a folder of CSVs (the source) and `instance.json`, a
snapshot of the validated instance those CSVs give, with the sha256 of the CSV
bytes it was made from. `load` uses the snapshot only when that sha256 is the
CSVs' own, so an edited CSV is always read afresh; the snapshot spares the command
line importing the CSV reader and pandas (~0.3-0.5 s of a Palembang plan).
Regenerate after changing a dataset or the reader: `python -m optimizer.io.datasets`
(tests/io/test_snapshots.py fails while a snapshot is stale).
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from optimizer.schema import Area, District, Instance, InvalidInput, Policy, Problem, Site

SCALES = ("city", "province", "national")
SNAPSHOT = "instance.json"


@dataclass(frozen=True)
class Dataset:
    """An instance with what a planner needs to know about where it came from."""

    name: str
    title: str
    instance: Instance
    default_blanks: int
    description: str = ""
    source: str = ""
    estimated_columns: tuple[str, ...] = ()
    suggested_max_travel_km: float | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def policy(self, **overrides: object) -> Policy:
        """The default policy with this dataset's suggested travel limit."""
        return Policy.model_validate({"max_travel_km": self.suggested_max_travel_km,
                                      **overrides})


def data_root() -> Path:
    """Where the bundled datasets live: the installed package data, else the checkout.

    An installed package holds them in `optimizer/bundled/` (pyproject maps `data/`
    there); a checkout, or an editable install, in `data/` beside `optimizer/`.
    `optimizer.bundled` has no `__init__.py`, so it is a namespace package, whose
    `importlib.resources` path does not print as a folder: look for the folder itself.
    """
    package = Path(__file__).resolve().parents[1]
    for root in (package / "bundled", package.parent / "data"):
        if root.is_dir() and any(root.glob("*/dataset.json")):
            return root
    return package.parent / "data"


def names() -> list[str]:
    """Bundled dataset names, sorted, followed by the synthetic ones."""
    bundled = sorted(p.parent.name for p in data_root().glob("*/dataset.json"))
    return bundled + [f"synthetic-{s}" for s in SCALES]


def canonical(name: str) -> str | None:
    """The listed name that `name` is, case aside ('Palembang' -> 'palembang'), or None."""
    wanted = name.strip().casefold()
    return next((n for n in names() if n.casefold() == wanted), None)


def suggested_policy(name: str) -> Policy:
    """The default policy `load(name).policy()` gives, read from the dataset's metadata
    alone (no table is read, no synthetic instance generated): what a request that
    leaves a policy field out plans with. UnknownDataset for a name not in `names()`."""
    listed = canonical(name)
    if listed is None:
        raise UnknownDataset(name)
    scale = listed.removeprefix("synthetic-")
    if listed.startswith("synthetic-") and scale in SCALES:
        return Policy.model_validate({"max_travel_km": _SCALES[scale].max_travel_km})
    meta = json.loads((data_root() / listed / "dataset.json").read_text(encoding="utf-8"))
    return Policy.model_validate({"max_travel_km": meta.get("suggested_max_travel_km")})


def load(name: str, seed: int = 0) -> Dataset:
    """A bundled dataset by name (in any case), or `synthetic-<scale>` (seeded by `seed`).

    Raises UnknownDataset (an InvalidInput) for a name not in `names()`; a name is never
    read as a path. The dataset's folder README gives the source of its figures.
    """
    listed = canonical(name)
    if listed is None:  # never a path: "../x" is unknown, not a folder
        raise UnknownDataset(name)
    name = listed
    if name.startswith("synthetic-") and name.removeprefix("synthetic-") in SCALES:
        return synthetic(name.removeprefix("synthetic-"), seed)
    folder = data_root() / name
    meta_file = folder / "dataset.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    return Dataset(
        name=name, title=meta.get("title", name), instance=_read_instance(folder, name),
        default_blanks=int(meta.get("default_blanks", 0)),
        description=meta.get("description", ""), source=meta.get("source", ""),
        estimated_columns=tuple(meta.get("estimated_columns", ())),
        suggested_max_travel_km=meta.get("suggested_max_travel_km"),
    )


def csv_sha256(folder: Path) -> str:
    """sha256 over the folder's CSV files: each name, a NUL, its bytes, a NUL (by name)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.csv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_instance(folder: Path, name: str) -> Instance:
    """The snapshot when it was made from these very CSVs, else the CSVs themselves."""
    snapshot = folder / SNAPSHOT
    if snapshot.is_file():
        saved = json.loads(snapshot.read_text(encoding="utf-8"))
        if saved.get("csv_sha256") == csv_sha256(folder):
            return Instance.model_validate(saved["instance"])
    from optimizer.io.files import load_instance  # pandas: only when the CSVs are read

    return load_instance(folder, name)


def write_snapshot(folder: Path, name: str) -> Path:
    """Read the folder's CSVs and write `instance.json` beside them; returns its path."""
    from optimizer.io.files import load_instance

    instance = load_instance(folder, name)
    path = folder / SNAPSHOT
    text = json.dumps({"csv_sha256": csv_sha256(folder),
                       "note": "Written by `python -m optimizer.io.datasets` from the CSVs "
                               "here; used only while their sha256 matches.",
                       "instance": instance.model_dump(mode="json")}, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return path


class UnknownDataset(InvalidInput):
    def __init__(self, name: str):
        self.name = name
        super().__init__([Problem(location="dataset",
                                  message=f"unknown dataset '{name}' (known: "
                                          f"{', '.join(names())})", pointer="/dataset")])


# --------------------------------------------------------------------------- synthetic

class _Scale(NamedTuple):
    regions: int          # clusters of districts (a city, a regency)
    districts_per_region: int
    areas_per_district: float
    region_radius_km: float
    district_radius_km: float
    max_travel_km: float
    central_office: bool


_SCALES = {
    "city": _Scale(1, 18, 6.0, 9.0, 1.5, 10.0, True),
    "province": _Scale(17, 14, 14.0, 22.0, 4.0, 30.0, False),
    "national": _Scale(520, 14, 11.5, 22.0, 4.0, 30.0, False),
}


def synthetic(scale: str, seed: int = 0) -> Dataset:
    """A seeded instance: clustered geography, skewed backlogs, varied printers.

    city ~ 18 districts and ~110 areas; province ~240 sites and ~3,300 areas;
    national ~7,300 sites and ~84,000 areas with about ten sites within the
    suggested travel limit of each area. The default shipment is 60-80 % of the
    first-time backlog. The same scale and seed give the same instance.
    """
    if scale not in _SCALES:
        raise InvalidInput([Problem(location="scale", message=f"must be one of {SCALES}, "
                                    f"got {scale!r}")])
    spec = _SCALES[scale]
    rng = np.random.default_rng([seed, SCALES.index(scale)])
    n_k = spec.regions * spec.districts_per_region
    region_xy = _region_centres(rng, spec.regions)
    district_xy = np.repeat(region_xy, spec.districts_per_region, axis=0) + _scatter(
        rng, n_k, spec.region_radius_km, region_xy.repeat(spec.districts_per_region, axis=0))
    per_district = np.maximum(1, rng.poisson(spec.areas_per_district - 1, n_k) + 1)
    area_district = np.repeat(np.arange(n_k), per_district)
    area_xy = district_xy[area_district] + _scatter(rng, len(area_district),
                                                    spec.district_radius_km,
                                                    district_xy[area_district])
    population = np.round(rng.lognormal(math.log(9000), 0.6, len(area_district))).astype(int)
    waiting_share = rng.beta(2.0, 14.0, len(area_district))
    first_time = np.round(population * waiting_share).astype(int)
    replacement = np.round(first_time * rng.uniform(0.15, 0.5, len(area_district))).astype(int)
    printers = rng.choice([0, 1, 1, 1, 2, 2, 3], n_k)
    per_day = rng.choice([100, 150, 150, 200, 250], n_k)
    # A horizon in which the offices together could print 1.0-1.4x the first-time backlog,
    # so that the shipment (60-80 % of it), not the printers, is what is short.
    days = first_time.sum() * rng.uniform(1.0, 1.4) / max(1, int((printers * per_day).sum()))
    working_days = int(np.clip(round(days), 5, 120))
    district_ids = [f"D{k:05d}" for k in range(n_k)]
    sites = [Site(site_id=f"S{k:05d}", name=f"Office {k}", district_id=district_ids[k],
                  lat=round(float(district_xy[k, 0]), 5), lon=round(float(district_xy[k, 1]), 5),
                  printers=int(printers[k]), cards_per_printer_day=int(per_day[k]),
                  working_days=working_days, stock=0)
             for k in range(n_k)]
    if spec.central_office:
        sites.append(Site(site_id="CENTRAL", name="Central office", district_id=district_ids[0],
                          lat=round(float(region_xy[0, 0]), 5),
                          lon=round(float(region_xy[0, 1]), 5),
                          printers=3, cards_per_printer_day=200,
                          working_days=working_days))
    areas = [Area(area_id=f"A{i:06d}", name=f"Area {i}", district_id=district_ids[k],
                  lat=round(float(area_xy[i, 0]), 5), lon=round(float(area_xy[i, 1]), 5),
                  population=int(population[i]),
                  backlog={"first_time": int(first_time[i]), "replacement": int(replacement[i])})
             for i, k in enumerate(area_district.tolist())]
    instance = Instance(name=f"synthetic-{scale}", sites=tuple(sites), areas=tuple(areas),
                        districts=tuple(District(district_id=d) for d in district_ids))
    blanks = int(first_time.sum() * rng.uniform(0.6, 0.8))
    return Dataset(name=f"synthetic-{scale}", title=f"Synthetic {scale} (seed {seed})",
                   instance=instance, default_blanks=blanks,
                   description=f"Seeded synthetic {scale}: {len(sites)} sites, "
                               f"{len(areas)} areas.",
                   source="optimizer.io.datasets.synthetic", estimated_columns=("all",),
                   suggested_max_travel_km=spec.max_travel_km)


def _region_centres(rng: np.random.Generator, count: int) -> np.ndarray:
    """Cluster centres over an Indonesia-sized box (lat -9..4, lon 96..140)."""
    if count == 1:
        return np.array([[-2.99, 104.76]])
    return np.column_stack([rng.uniform(-9.0, 4.0, count), rng.uniform(96.0, 140.0, count)])


def _scatter(rng: np.random.Generator, count: int, radius_km: float,
             around: np.ndarray) -> np.ndarray:
    """Points spread around centres (a Gaussian of the given radius), in degrees."""
    km = rng.normal(0.0, radius_km / 2.0, (count, 2))
    lat_deg = km[:, 0] / 111.2
    lon_deg = km[:, 1] / (111.2 * np.cos(np.radians(around[:, 0])))
    return np.column_stack([lat_deg, lon_deg])


if __name__ == "__main__":  # regenerate every bundled dataset's snapshot
    for dataset in names():
        if not dataset.startswith("synthetic-"):
            print(write_snapshot(data_root() / dataset, dataset), file=sys.stderr)
