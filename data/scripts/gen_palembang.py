"""Palembang: 18 kecamatan, 107 kelurahan, 19 printing offices, river-aware distances.

Real: codes, names, kelurahan centroids, kecamatan areas (BPS 2010), the city totals of
the founding article and of September 2017, the printer throughputs reported by offices,
the bridges over the Musi. Estimated (not public): wajib KTP and backlog per kelurahan,
the printers per office, the office coordinates, the road distances. Every formula is
documented in data/palembang/README.md; the constants below are the ones it cites.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from gen_common import (
    ROAD_FACTOR,
    apportion,
    area_frame,
    great_circle_km,
    lognormal_factor,
    read_reference,
    site_frame,
)

SEED = 20170905  # the day kecamatan printing began in Palembang

# City totals (reference README: founding article; Sep 2017 reports).
WAJIB_KTP = 1_150_000  # residents obliged to hold a KTP
FIRST_TIME_NOW = 150_000  # 1,150,000 obliged - ~1,000,000 printed
REPLACEMENT_NOW = 50_000  # ~200,000 blanks needed - 150,000 first-time
FIRST_TIME_2017 = 163_000  # 1,150,000 obliged - 987,000 printed (the mayor, Sep 2017)
REPLACEMENT_2017 = 59_640  # 222,640 blanks needed (Sep 2017) - 163,000 first-time

# Wajib KTP per kelurahan ~ (estimated land area)^AREA_EXPONENT * lognormal(SIGMA_WAJIB).
AREA_EXPONENT = 1 / 3  # kelurahan are split as they grow: people vary less than land
SIGMA_WAJIB = 0.30
NEIGHBOURS = 3  # the spacing proxy uses the mean distance to this many nearest kelurahan

# First-time share of wajib KTP ~ GROWTH[kecamatan] * lognormal(SIGMA_FIRST_TIME).
GROWTH_HIGH, GROWTH_OUTER, GROWTH_CORE = 1.6, 1.25, 1.0
GROWTH = {
    "16.71.08": GROWTH_HIGH,  # Sako
    "16.71.15": GROWTH_HIGH,  # Alang-Alang Lebar
    "16.71.16": GROWTH_HIGH,  # Sematang Borang
    "16.71.17": GROWTH_HIGH,  # Jakabaring
    "16.71.07": GROWTH_OUTER,  # Sukarami
    "16.71.10": GROWTH_OUTER,  # Kalidoni
    "16.71.12": GROWTH_OUTER,  # Gandus
    "16.71.13": GROWTH_OUTER,  # Kertapati
    "16.71.14": GROWTH_OUTER,  # Plaju
}
SIGMA_FIRST_TIME = 0.35
# Replacements (lost, damaged, changed data) ~ printed cards * lognormal(SIGMA_REPLACEMENT).
SIGMA_REPLACEMENT = 0.30

# Printers (reference: older printers 100-250 cards a day; "about 3 minutes a card" in
# Sep 2017, i.e. ~20 an hour, ~150 in a working day; city office: 2 printers of ~100 a day
# in Dec 2014). A horizon of 20 working days, about the monthly rhythm of shipments.
CARDS_PER_PRINTER_DAY = 150
CARDS_PER_PRINTER_DAY_CENTRAL_2014 = 100
CENTRAL_PRINTERS = 2
WORKING_DAYS = 20
DEFAULT_BLANKS = 40_000

# The Musi: Ulu (south bank) kecamatan; every other kecamatan, Gandus included, is Ilir.
SOUTH_BANK = {"16.71.02", "16.71.03", "16.71.13", "16.71.14", "16.71.17"}
CENTRAL_ID = "DISDUKCAPIL"
CENTRAL_DISTRICT = "16.71.04"  # Jl. Demang Lebar Daun, Kel. Lorok Pakjo, Ilir Barat I
CENTRAL_KELURAHAN = "16.71.04.1002"  # Lorokpakjo
NO_PRINTER_2017 = {"16.71.17", "16.71.18"}  # Jakabaring, Ilir Timur III (Sep 2017)
# Where their residents printed instead (reference README, Sep 2017 reports: "Jakabaring
# residents were first served at Seberang Ulu I's office and Ilir Timur III's at Ilir Timur
# II's"). Written to hosts.csv, column host_site; read by optimizer.studies.hosts.
HOSTS_2017 = {"16.71.17": "16.71.02", "16.71.18": "16.71.06"}
HOSTS_SOURCE = ("Antara Sumsel / Liputan6, Sep 2017 (kecamatan printing begins 5 Sep 2017): "
                "residents served at the host kecamatan's office")


@dataclass(frozen=True)
class Bridge:
    name: str
    opened: int
    lat: float
    lon: float


def bridges(kel: pd.DataFrame) -> list[Bridge]:
    """Road bridges over the Musi inside the city, located approximately.

    Ampera has its published position; the others sit at the mean centroid of the
    kelurahan that news reports say each one joins (error up to about 1-1.5 km).
    The Musi V toll bridge (Keramasan-Pulokerto, toll road only) is left out.
    """
    def between(*codes: str) -> tuple[float, float]:
        rows = kel.set_index("code").loc[list(codes)]
        return round(float(rows["centroid_lat"].mean()), 5), round(
            float(rows["centroid_lon"].mean()), 5)

    return [
        Bridge("Ampera (Musi I)", 1965, -2.99170, 104.76330),
        Bridge("Musi II", 1994, *between("16.71.12.1004", "16.71.13.1003")),  # Karangjaya-Keramasan
        Bridge("Musi IV", 2019, *between("16.71.18.1005", "16.71.06.1009",  # Kutobatu, Lawangkidul
                                         "16.71.03.1004", "16.71.03.1006")),  # 14 Ulu, Tanggatakat
        Bridge("Musi VI", 2021, *between("16.71.01.1002", "16.71.02.1004")),  # 32 Ilir - 3/4 Ulu
    ]


def estimated_area_km2(kel: pd.DataFrame, kec: pd.DataFrame) -> np.ndarray:
    """Land area per kelurahan, from centroid spacing scaled to the BPS kecamatan areas.

    proxy_i = (mean km to the NEIGHBOURS nearest other kelurahan centroids)^2. In a
    kecamatan with a BPS 2010 area A_k, kelurahan i gets A_k * proxy_i / sum_k proxy.
    The four kecamatan redrawn in 2017-18 have no area: there area_i = c * proxy_i with
    c = (sum of the known A_k) / (sum of their proxies).
    """
    lat, lon = kel["centroid_lat"].to_numpy(), kel["centroid_lon"].to_numpy()
    d = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    np.fill_diagonal(d, np.inf)
    spacing = np.sort(d, axis=1)[:, :NEIGHBOURS].mean(axis=1)
    proxy = spacing**2
    kec_area = kec.set_index("code")["area_km2_bps2010"]
    area_of_kec = kel["kecamatan_code"].map(kec_area).to_numpy(dtype=float)
    known = ~np.isnan(area_of_kec)
    proxy_sum = pd.Series(proxy).groupby(kel["kecamatan_code"].to_numpy()).transform("sum")
    out = np.empty(len(kel))
    out[known] = area_of_kec[known] * proxy[known] / proxy_sum.to_numpy()[known]
    c = kec_area.dropna().sum() / proxy[known].sum()
    out[~known] = c * proxy[~known]
    return out


def estimate_backlog(kel: pd.DataFrame, kec: pd.DataFrame) -> pd.DataFrame:
    """Wajib KTP and the two backlogs (now and Sep 2017) per kelurahan."""
    codes = kel["code"].tolist()
    area_km2 = estimated_area_km2(kel, kec)
    weight = area_km2**AREA_EXPONENT * lognormal_factor(
        SEED, [f"wajib:{c}" for c in codes], SIGMA_WAJIB)
    wajib = apportion(WAJIB_KTP, weight)
    growth = kel["kecamatan_code"].map(GROWTH).fillna(GROWTH_CORE).to_numpy()
    share = growth * lognormal_factor(SEED, [f"first_time:{c}" for c in codes], SIGMA_FIRST_TIME)
    rep_noise = lognormal_factor(SEED, [f"replacement:{c}" for c in codes], SIGMA_REPLACEMENT)
    out = pd.DataFrame({"code": codes, "area_km2_est": area_km2, "wajib": wajib})
    for tag, first_total, rep_total in (("now", FIRST_TIME_NOW, REPLACEMENT_NOW),
                                        ("2017", FIRST_TIME_2017, REPLACEMENT_2017)):
        first = apportion(first_total, wajib * share)
        out[f"first_time_{tag}"] = first
        out[f"replacement_{tag}"] = apportion(rep_total, (wajib - first) * rep_noise)
    return out


def office_sites(kel: pd.DataFrame, kec: pd.DataFrame, year: int) -> list[dict]:
    """One office per kecamatan, at the centroid of its medoid kelurahan, plus the
    Disdukcapil central office at the Lorok Pakjo centroid.

    The medoid is the kelurahan whose centroid has the least total great-circle distance
    to the other kelurahan centroids of its kecamatan: it sits where the kelurahan (and so
    the people) are, not in the empty middle of a large polygon.
    """
    rows = []
    for k in kec.itertuples():
        own = kel[kel["kecamatan_code"] == k.code]
        lat, lon = own["centroid_lat"].to_numpy(), own["centroid_lon"].to_numpy()
        total = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :]).sum(1)
        host = own.iloc[int(np.argmin(total))]
        printers = 0 if year == 2017 and k.code in NO_PRINTER_2017 else 1
        rows.append({"site_id": f"KEC-{k.code}", "name": f"Kantor Kecamatan {k.name}",
                     "district_id": k.code, "lat": host.centroid_lat, "lon": host.centroid_lon,
                     "printers": printers, "cards_per_printer_day": CARDS_PER_PRINTER_DAY,
                     "working_days": WORKING_DAYS, "stock": 0, "storage_cap": None})
    central = kel.set_index("code").loc[CENTRAL_KELURAHAN]
    rate = CARDS_PER_PRINTER_DAY_CENTRAL_2014 if year == 2017 else CARDS_PER_PRINTER_DAY
    rows.append({"site_id": CENTRAL_ID, "name": "Disdukcapil Kota Palembang (central office)",
                 "district_id": CENTRAL_DISTRICT, "lat": central.centroid_lat,
                 "lon": central.centroid_lon, "printers": CENTRAL_PRINTERS,
                 "cards_per_printer_day": rate, "working_days": WORKING_DAYS, "stock": 0,
                 "storage_cap": None})
    return rows


def river_distances(areas: pd.DataFrame, sites: pd.DataFrame,
                    open_bridges: list[Bridge]) -> pd.DataFrame:
    """km for every area x site pair: ROAD_FACTOR x great-circle on the same bank; across
    the Musi, ROAD_FACTOR x (area -> bridge -> site) through the bridge that is shortest."""
    alat, alon = areas["lat"].to_numpy(float), areas["lon"].to_numpy(float)
    slat, slon = sites["lat"].to_numpy(float), sites["lon"].to_numpy(float)
    direct = great_circle_km(alat[:, None], alon[:, None], slat[None, :], slon[None, :])
    via = np.full_like(direct, np.inf)
    for b in open_bridges:
        leg_a = great_circle_km(alat, alon, b.lat, b.lon)
        leg_s = great_circle_km(slat, slon, b.lat, b.lon)
        via = np.minimum(via, leg_a[:, None] + leg_s[None, :])
    a_south = areas["district_id"].isin(SOUTH_BANK).to_numpy()
    s_south = sites["district_id"].isin(SOUTH_BANK).to_numpy()
    crossing = a_south[:, None] != s_south[None, :]
    km = ROAD_FACTOR * np.where(crossing, via, direct)
    return pd.DataFrame({
        "area_id": np.repeat(areas["area_id"].to_numpy(), len(sites)),
        "site_id": np.tile(sites["site_id"].to_numpy(), len(areas)),
        "km": [f"{v:.3f}" for v in km.ravel()],
    })


def build() -> dict[str, dict[str, pd.DataFrame]]:
    """The frames of both Palembang datasets, keyed by dataset then file stem."""
    kec = read_reference("palembang_kecamatan.csv")
    kel = read_reference("palembang_kelurahan.csv")
    est = estimate_backlog(kel, kec)
    districts = kec[["code", "name"]].rename(columns={"code": "district_id"})
    all_bridges = bridges(kel)
    out = {}
    for dataset, tag, year in (("palembang", "now", 2025), ("palembang-2017", "2017", 2017)):
        areas = pd.DataFrame({
            "area_id": kel["code"], "name": kel["name_official"],
            "district_id": kel["kecamatan_code"], "lat": kel["centroid_lat"],
            "lon": kel["centroid_lon"], "population": est["wajib"],
            "first_time": est[f"first_time_{tag}"], "replacement": est[f"replacement_{tag}"],
        })
        sites = site_frame(office_sites(kel, kec, year))
        open_bridges = [b for b in all_bridges if b.opened <= year]
        out[dataset] = {
            "districts": districts.copy(),
            "areas": area_frame(areas),
            "sites": sites,
            "distances": river_distances(areas, sites, open_bridges),
        }
    out["palembang-2017"]["hosts"] = pd.DataFrame({
        "district_id": list(HOSTS_2017),
        "host_site": [f"KEC-{h}" for h in HOSTS_2017.values()],
        "source": [HOSTS_SOURCE] * len(HOSTS_2017),
    })
    return out


def bridge_table() -> list[Bridge]:
    """The bridges as used, for the README and the self-check."""
    return bridges(read_reference("palembang_kelurahan.csv"))
