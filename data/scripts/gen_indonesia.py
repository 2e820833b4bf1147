"""Indonesia: the 514 regencies/cities as areas and as sites, grouped by province.

Real: codes, names, provinces, Dukcapil population (Dec 2024), centroids; the national
ratios and totals quoted below. Estimated: wajib KTP, both backlogs, printers and their
throughput, the office coordinates. See data/indonesia/README.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from gen_common import apportion, area_frame, lognormal_factor, read_reference, site_frame, uniform

SEED = 20191231  # the date of the 9.23 M suket figure

# National facts (reference README, "National supply, 2016-2019").
WAJIB_RATIO = 191.5 / 264.0  # wajib KTP / population, semester I 2018
FIRST_TIME_TOTAL = 9_230_000  # suket not yet printed, Dec 2019
REPLACEMENT_RATE = 50_000 / 1_000_000  # Palembang: ~50,000 replacements per ~1 M printed
SIGMA_FIRST_TIME = 0.5
SIGMA_REPLACEMENT = 0.3

# Printing capacity. Six-printer offices serve Samarinda and Trenggalek, about 0.6 M wajib
# KTP each, hence one printer per WAJIB_PER_PRINTER. Older printers: 100-250 cards a day.
WAJIB_PER_PRINTER = 100_000
RATE_MIN, RATE_MAX, RATE_STEP = 100, 250, 10
WORKING_DAYS = 20
# Offices with a reported figure keep it (reference README, "Printer throughput").
REPORTED = {
    "62.71": (1, 1000),  # Kota Palangka Raya: newer, locally bought printer, ~1,000 a day
    "63.72": (1, 1000),  # Kota Banjarbaru: same
    "64.72": (6, 200),  # Kota Samarinda: six printers, 1,000-1,500 a day
    "35.03": (6, 200),  # Kabupaten Trenggalek: same
}
DEFAULT_BLANKS = 1_250_000  # national use 2022: about 1-1.5 M blanks a month


def build() -> dict[str, pd.DataFrame]:
    """The frames of the Indonesia dataset, keyed by file stem."""
    kab = read_reference("indonesia_kabkota.csv")
    codes = kab["code"].tolist()
    province = kab["code"].str[:2]
    population = kab["population_dukcapil_2024_12"].to_numpy(dtype=np.int64)
    wajib = apportion(round(population.sum() * WAJIB_RATIO), population.astype(float))
    first = apportion(FIRST_TIME_TOTAL, wajib * lognormal_factor(
        SEED, [f"first_time:{c}" for c in codes], SIGMA_FIRST_TIME))
    printed = wajib - first
    replacement = apportion(round(REPLACEMENT_RATE * printed.sum()), printed * lognormal_factor(
        SEED, [f"replacement:{c}" for c in codes], SIGMA_REPLACEMENT))

    steps = (RATE_MAX - RATE_MIN) // RATE_STEP + 1
    u = uniform(SEED, [f"rate:{c}" for c in codes])
    rate = RATE_MIN + RATE_STEP * np.floor(steps * u).astype(np.int64)
    printers = np.maximum(1, np.round(wajib / WAJIB_PER_PRINTER)).astype(np.int64)
    for i, code in enumerate(codes):
        if code in REPORTED:
            printers[i], rate[i] = REPORTED[code]

    areas = pd.DataFrame({
        "area_id": codes, "name": kab["name"], "district_id": province,
        "lat": kab["centroid_lat"], "lon": kab["centroid_lon"], "population": wajib,
        "first_time": first, "replacement": replacement,
    })
    sites = site_frame([
        {"site_id": f"DUK-{c}", "name": f"Disdukcapil {n}", "district_id": c[:2], "lat": la,
         "lon": lo, "printers": int(p), "cards_per_printer_day": int(r),
         "working_days": WORKING_DAYS, "stock": 0, "storage_cap": None}
        for c, n, la, lo, p, r in zip(codes, kab["name"], kab["centroid_lat"],
                                      kab["centroid_lon"], printers, rate, strict=True)
    ])
    districts = (pd.DataFrame({"district_id": province, "name": kab["province"]})
                 .drop_duplicates().sort_values("district_id").reset_index(drop=True))
    return {"districts": districts, "areas": area_frame(areas), "sites": sites}
