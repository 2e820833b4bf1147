"""Regenerate every bundled dataset under data/ from data/reference/, then check it.

    python data/scripts/build_all.py           write the files, then run the self-check
    python data/scripts/build_all.py --check   regenerate in memory and fail if any
                                               committed file differs (writes nothing)

Pure pandas/numpy, no network, no clock: the same reference files give the same bytes.
The methods and their sources are in data/README.md and each dataset's README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.dont_write_bytecode = True  # leave no __pycache__ among the bundled data
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_indonesia  # noqa: E402
import gen_palembang  # noqa: E402
from gen_common import (  # noqa: E402
    DATA_DIR,
    ROAD_FACTOR,
    csv_bytes,
    great_circle_km,
    json_bytes,
    read_reference,
)

PALEMBANG_SOURCE = (
    "Codes and names: Kepmendagri 300.2.2-2430/2025 (cahyadsn/wilayah); kelurahan centroids: "
    "cahyadsn/wilayah_boundaries; kecamatan areas: BPS Kota Palembang Dalam Angka 2011; "
    "city totals, printers and throughput: Antara Sumsel and other news reports quoting "
    "Disdukcapil Palembang (2014-2021). Backlog per kelurahan: estimated, see README.md."
)
PALEMBANG_ESTIMATED = [
    "areas.population", "areas.first_time", "areas.replacement", "sites.lat", "sites.lon",
    "sites.printers", "sites.cards_per_printer_day", "sites.working_days", "sites.stock",
    "distances.km",
]
META = {
    "palembang": {
        "name": "palembang",
        "title": "Palembang: 18 kecamatan, 107 kelurahan, 19 printing offices",
        "description": (
            "Palembang as the founding article describes it: all 18 kecamatan offices print "
            "(one printer each) besides the Disdukcapil office (two). Of about 1,150,000 "
            "residents obliged to hold a KTP, about 1,000,000 have one: 150,000 first-time "
            "applicants and 50,000 replacements wait, about 200,000 blanks. Codes, names and "
            "kelurahan coordinates are real; the backlog per kelurahan is a seeded estimate "
            "that reproduces the city totals: replace it with your own SIAK figures. "
            "Distances detour over the Musi's bridges (approximated)."
        ),
        "source": PALEMBANG_SOURCE,
        "estimated_columns": PALEMBANG_ESTIMATED,
        "default_blanks": gen_palembang.DEFAULT_BLANKS,
        "suggested_max_travel_km": 8,
    },
    "palembang-2017": {
        "name": "palembang-2017",
        "title": "Palembang, September 2017: printing moves to the kecamatan",
        "description": (
            "Palembang when kecamatan printing began (5 Sep 2017): 16 kecamatan offices "
            "print; Jakabaring's and Ilir Timur III's have no printer yet (their residents "
            "printed at Seberang Ulu I and Ilir Timur II). The city asked for 222,640 blanks: "
            "163,000 first-time applicants (1,150,000 obliged, 987,000 printed) and 59,640 "
            "replacements. Only the Ampera and Musi II bridges crossed the Musi. The backlog "
            "per kelurahan is a seeded estimate that reproduces the city totals."
        ),
        "source": PALEMBANG_SOURCE,
        "estimated_columns": PALEMBANG_ESTIMATED,
        "default_blanks": gen_palembang.DEFAULT_BLANKS,
        "suggested_max_travel_km": 8,
    },
    "indonesia": {
        "name": "indonesia",
        "title": "Indonesia: 514 regencies and cities in 38 provinces",
        "description": (
            "The Ministry-to-regions allocation: each regency or city is one area and one "
            "printing office (its Dukcapil); the province is the unit of fairness. Population "
            "is real (Dukcapil, Dec 2024); wajib KTP, the backlogs (9.23 M first-time, the Dec "
            "2019 figure) and the monthly printing capacity are estimates. A region may "
            "receive at most what it can print in the horizon."
        ),
        "source": (
            "Codes, names, provinces: Kepmendagri 300.2.2-2430/2025 (cahyadsn/wilayah); "
            "population: Ditjen Dukcapil semester II 2024 (cahyadsn/wilayah); centroids: "
            "cahyadsn/wilayah_boundaries; national wajib KTP, suket and blank figures: "
            "Kemendagri statements in news reports (2016-2022). Estimates: see README.md."
        ),
        "estimated_columns": [
            "areas.population", "areas.first_time", "areas.replacement", "sites.lat",
            "sites.lon", "sites.printers", "sites.cards_per_printer_day",
            "sites.working_days", "sites.stock",
        ],
        "default_blanks": gen_indonesia.DEFAULT_BLANKS,
        "suggested_max_travel_km": 1,
    },
}


def render() -> dict[str, bytes]:
    """Every generated file, as bytes, keyed by its path relative to data/."""
    frames = gen_palembang.build()
    frames["indonesia"] = gen_indonesia.build()
    files = {}
    for dataset, tables in frames.items():
        for stem, df in tables.items():
            files[f"{dataset}/{stem}.csv"] = csv_bytes(df)
        files[f"{dataset}/dataset.json"] = json_bytes(META[dataset])
    return files


# ---------------------------------------------------------------------------- self-check

def _read(files: dict[str, bytes], path: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(files[path]), dtype=str, keep_default_na=False)


def _ints(df: pd.DataFrame, col: str) -> np.ndarray:
    values = df[col].to_numpy()
    assert all(v.isdigit() for v in values), f"{col}: not all non-negative integers"
    return values.astype(np.int64)


def _check_common(files: dict[str, bytes], dataset: str) -> dict[str, pd.DataFrame]:
    t = {stem: _read(files, f"{dataset}/{stem}.csv") for stem in ("districts", "areas", "sites")}
    assert list(t["districts"].columns) == ["district_id", "name"]
    assert list(t["areas"].columns) == ["area_id", "name", "district_id", "lat", "lon",
                                        "population", "first_time", "replacement"]
    assert list(t["sites"].columns) == ["site_id", "name", "district_id", "lat", "lon",
                                        "printers", "cards_per_printer_day", "working_days",
                                        "stock", "storage_cap"]
    districts = set(t["districts"]["district_id"])
    assert len(districts) == len(t["districts"]), "duplicate district ids"
    for kind in ("areas", "sites"):
        assert set(t[kind]["district_id"]) <= districts, f"{kind}: unknown district"
        for c in ("lat", "lon"):
            assert t[kind][c].str.fullmatch(r"-?\d+\.\d{5}").all(), f"{kind}.{c}: not 5 decimals"
    assert t["areas"]["area_id"].is_unique and t["sites"]["site_id"].is_unique
    for a in t["areas"].itertuples():
        assert a.area_id.startswith(a.district_id + "."), f"{a.area_id} not in {a.district_id}"
    pop, first, rep = (_ints(t["areas"], c) for c in ("population", "first_time", "replacement"))
    assert (first + rep <= pop).all(), "backlog above wajib KTP"
    for c in ("printers", "cards_per_printer_day", "working_days", "stock"):
        _ints(t["sites"], c)
    assert (t["sites"]["storage_cap"] == "").all()
    meta = META[dataset]
    assert json.loads(files[f"{dataset}/dataset.json"]) == meta
    assert set(meta) == {"name", "title", "description", "source", "estimated_columns",
                         "default_blanks", "suggested_max_travel_km"}
    return t


def totals(t: dict[str, pd.DataFrame]) -> dict[str, int]:
    s = t["sites"]
    cap = _ints(s, "printers") * _ints(s, "cards_per_printer_day") * _ints(s, "working_days")
    return {"population": int(_ints(t["areas"], "population").sum()),
            "first_time": int(_ints(t["areas"], "first_time").sum()),
            "replacement": int(_ints(t["areas"], "replacement").sum()),
            "capacity": int(cap.sum())}


def _check_palembang(files: dict[str, bytes], dataset: str) -> dict[str, int]:
    t = _check_common(files, dataset)
    kec = read_reference("palembang_kecamatan.csv")
    kel = read_reference("palembang_kelurahan.csv")
    assert len(t["districts"]) == 18 and len(t["areas"]) == 107 and len(t["sites"]) == 19
    assert t["districts"]["district_id"].tolist() == kec["code"].tolist()
    assert t["districts"]["name"].tolist() == kec["name"].tolist()
    assert t["areas"]["area_id"].tolist() == kel["code"].tolist()
    assert t["areas"]["name"].tolist() == kel["name_official"].tolist()
    assert t["areas"]["district_id"].tolist() == kel["kecamatan_code"].tolist()
    assert sorted(set(t["sites"]["district_id"])) == kec["code"].tolist()
    sums = totals(t)
    assert sums["population"] == gen_palembang.WAJIB_KTP
    need = sums["first_time"] + sums["replacement"]
    if dataset == "palembang":
        assert 140_000 <= sums["first_time"] <= 160_000 and 40_000 <= sums["replacement"] <= 60_000
        assert 190_000 <= need <= 210_000
        assert (_ints(t["sites"], "printers") > 0).all()
    else:
        assert 160_000 <= sums["first_time"] <= 180_000 and need == 222_640
        idle = t["sites"].loc[_ints(t["sites"], "printers") == 0, "site_id"].tolist()
        assert idle == ["KEC-16.71.17", "KEC-16.71.18"], idle
        hosts = _read(files, f"{dataset}/hosts.csv")
        assert list(hosts.columns) == ["district_id", "host_site", "source"]
        assert hosts["district_id"].tolist() == ["16.71.17", "16.71.18"]
        printing = set(t["sites"].loc[_ints(t["sites"], "printers") > 0, "site_id"])
        assert set(hosts["host_site"]) <= printing, "a host office cannot print"
    _check_distances(files, dataset, t)
    return sums


def _check_distances(files: dict[str, bytes], dataset: str, t: dict[str, pd.DataFrame]) -> None:
    d = _read(files, f"{dataset}/distances.csv")
    assert list(d.columns) == ["area_id", "site_id", "km"] and len(d) == 107 * 19
    assert not d.duplicated(["area_id", "site_id"]).any()
    a = t["areas"].set_index("area_id").loc[d["area_id"]]
    s = t["sites"].set_index("site_id").loc[d["site_id"]]
    km = d["km"].astype(float).to_numpy()
    gc = ROAD_FACTOR * great_circle_km(a["lat"].astype(float).to_numpy(),
                                       a["lon"].astype(float).to_numpy(),
                                       s["lat"].astype(float).to_numpy(),
                                       s["lon"].astype(float).to_numpy())
    south = gen_palembang.SOUTH_BANK
    same_bank = a["district_id"].isin(south).to_numpy() == s["district_id"].isin(south).to_numpy()
    assert np.allclose(km[same_bank], gc[same_bank], atol=0.0006), "same bank: 1.3 x great circle"
    assert (km[~same_bank] >= gc[~same_bank] - 0.0006).all(), "a crossing shorter than the crow"
    # Every kelurahan can print somewhere: an own-district office with a printer, or any
    # office with a printer within the suggested travel limit.
    limit = META[dataset]["suggested_max_travel_km"]
    printing = _ints(s, "printers") > 0
    own = a["district_id"].to_numpy() == s["district_id"].to_numpy()
    ok = pd.Series(printing & (own | (km <= limit))).groupby(d["area_id"].to_numpy()).any()
    assert ok.all(), f"no printing office for {ok[~ok].index.tolist()}"


def _check_indonesia(files: dict[str, bytes]) -> dict[str, int]:
    t = _check_common(files, "indonesia")
    kab = read_reference("indonesia_kabkota.csv")
    assert len(t["districts"]) == 38 and len(t["areas"]) == 514 and len(t["sites"]) == 514
    assert t["areas"]["area_id"].tolist() == kab["code"].tolist()
    assert t["sites"]["site_id"].tolist() == ("DUK-" + kab["code"]).tolist()
    assert t["areas"]["name"].tolist() == kab["name"].tolist()
    assert t["districts"]["name"].tolist() == sorted(
        set(kab["province"]), key=lambda p: kab.loc[kab["province"] == p, "code"].iloc[0])
    sums = totals(t)
    population = int(kab["population_dukcapil_2024_12"].sum())
    assert population == 284_973_643
    assert sums["population"] == round(population * gen_indonesia.WAJIB_RATIO)
    assert sums["first_time"] == gen_indonesia.FIRST_TIME_TOTAL
    assert 0.045 <= sums["replacement"] / (sums["population"] - sums["first_time"]) <= 0.055
    return sums


def self_check(files: dict[str, bytes]) -> dict[str, dict[str, int]]:
    """Assert the counts, codes, formats and totals; return the totals per dataset."""
    return {"palembang": _check_palembang(files, "palembang"),
            "palembang-2017": _check_palembang(files, "palembang-2017"),
            "indonesia": _check_indonesia(files)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    args = parser.parse_args()
    files = render()
    if args.check:
        stale = [p for p, data in files.items()
                 if not (DATA_DIR / p).is_file() or (DATA_DIR / p).read_bytes() != data]
        if stale:
            print("out of date (run data/scripts/build_all.py):", *stale, sep="\n  ")
            return 1
    else:
        for path, data in files.items():
            (DATA_DIR / path).parent.mkdir(parents=True, exist_ok=True)
            (DATA_DIR / path).write_bytes(data)
    sums = self_check(files)
    for dataset, row in sums.items():
        print(f"{dataset:15s} " + "  ".join(f"{k}={v:,}" for k, v in row.items()))
    print(f"{len(files)} files {'match' if args.check else 'written'}; self-check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
