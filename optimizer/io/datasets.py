"""Bundled datasets (under `data/`) and seeded synthetic instances."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from optimizer.io.files import load_instance
from optimizer.schema import Area, District, Instance, InvalidInput, Policy, Problem, Site

SCALES = ("city", "province", "national")


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
    """Where the bundled datasets live: the installed package data, else the checkout."""
    try:
        root = Path(str(resources.files("optimizer.bundled")))
        if root.is_dir() and any(root.glob("*/dataset.json")):
            return root
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "data"


def names() -> list[str]:
    """Bundled dataset names, sorted, followed by the synthetic ones."""
    bundled = sorted(p.parent.name for p in data_root().glob("*/dataset.json"))
    return bundled + [f"synthetic-{s}" for s in SCALES]


def load(name: str, seed: int = 0) -> Dataset:
    """A bundled dataset by name, or `synthetic-<scale>` (seeded by `seed`).

    Raises UnknownDataset (an InvalidInput) for a name not in `names()`; a name is never
    read as a path. The dataset's folder README gives the source of its figures.
    """
    if name.startswith("synthetic-") and name.removeprefix("synthetic-") in SCALES:
        return synthetic(name.removeprefix("synthetic-"), seed)
    if name not in names():  # never a path: "../x" is unknown, not a folder
        raise UnknownDataset(name)
    folder = data_root() / name
    meta_file = folder / "dataset.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    return Dataset(
        name=name, title=meta.get("title", name), instance=load_instance(folder, name),
        default_blanks=int(meta.get("default_blanks", 0)),
        description=meta.get("description", ""), source=meta.get("source", ""),
        estimated_columns=tuple(meta.get("estimated_columns", ())),
        suggested_max_travel_km=meta.get("suggested_max_travel_km"),
    )


class UnknownDataset(InvalidInput):
    def __init__(self, name: str):
        self.name = name
        super().__init__([Problem(location="dataset",
                                  message=f"unknown dataset '{name}' (known: "
                                          f"{', '.join(names())})", pointer="/dataset")])


# --------------------------------------------------------------------------- synthetic

@dataclass(frozen=True)
class _Scale:
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
