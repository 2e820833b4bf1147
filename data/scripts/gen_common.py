"""Shared helpers for the dataset generators: seeded noise, rounding, distances, output.

Determinism: the noise for a row is derived from SHA-256 of ``"<seed>:<key>"`` (the key is
the row's code), not from a random-number stream. A row's noise therefore does not depend
on the row order, on how many rows there are, or on the NumPy version, and the outputs
are identical on every machine.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent
REFERENCE_DIR = DATA_DIR / "reference"

# Same radius and default road factor as the library (optimizer/geometry.py, model.md).
EARTH_RADIUS_KM = 6371.0088
ROAD_FACTOR = 1.3


def _uniforms(seed: int, key: str) -> tuple[float, float]:
    """Two independent uniforms in (0, 1) from the hash of seed and key."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    a = int.from_bytes(digest[:8], "big") >> 11  # 53 bits
    b = int.from_bytes(digest[8:16], "big") >> 11
    return (a + 0.5) / 2**53, (b + 0.5) / 2**53


def normal(seed: int, keys: list[str]) -> np.ndarray:
    """One standard-normal draw per key (Box-Muller on hashed uniforms)."""
    out = []
    for key in keys:
        u1, u2 = _uniforms(seed, key)
        out.append(math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2))
    return np.array(out, dtype=float)


def uniform(seed: int, keys: list[str]) -> np.ndarray:
    """One uniform draw in (0, 1) per key."""
    return np.array([_uniforms(seed, key)[0] for key in keys], dtype=float)


def lognormal_factor(seed: int, keys: list[str], sigma: float) -> np.ndarray:
    """Multiplicative noise exp(sigma*z - sigma^2/2): median below 1, mean exactly 1."""
    return np.exp(sigma * normal(seed, keys) - sigma**2 / 2.0)


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to `weights` that sum exactly to `total` (largest remainder).

    Ties in the remainders go to the earlier row, so the result is deterministic.
    """
    w = np.asarray(weights, dtype=float)
    if total < 0 or (w < 0).any() or w.sum() <= 0:
        raise ValueError("apportion needs a non-negative total and positive weights")
    raw = total * w / w.sum()
    base = np.floor(raw).astype(np.int64)
    left = total - int(base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:left]] += 1
    return base


def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Haversine distance in km; arrays broadcast (same formula as the library)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def read_reference(name: str) -> pd.DataFrame:
    """A reference CSV from data/reference/, every code column kept as text."""
    return pd.read_csv(REFERENCE_DIR / name, dtype={"code": str, "kecamatan_code": str},
                       keep_default_na=False, na_values={"area_km2_bps2010": [""]})


def coord(values) -> list[str]:
    """Coordinates as text with 5 decimals (about 1 m)."""
    return [f"{v:.5f}" for v in values]


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8, LF line ends, no index: byte-stable output."""
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def json_bytes(obj: dict) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def site_frame(rows: list[dict]) -> pd.DataFrame:
    """sites.csv in the loader's column order; an absent storage_cap is written empty."""
    df = pd.DataFrame(rows)
    df["lat"], df["lon"] = coord(df["lat"]), coord(df["lon"])
    df["storage_cap"] = ["" if v is None else str(int(v)) for v in df["storage_cap"]]
    cols = ["site_id", "name", "district_id", "lat", "lon", "printers",
            "cards_per_printer_day", "working_days", "stock", "storage_cap"]
    return df[cols]


def area_frame(df: pd.DataFrame) -> pd.DataFrame:
    """areas.csv in the loader's column order."""
    out = df[["area_id", "name", "district_id", "lat", "lon", "population", "first_time",
              "replacement"]].copy()
    out["lat"], out["lon"] = coord(out["lat"]), coord(out["lon"])
    for col in ("population", "first_time", "replacement"):
        out[col] = out[col].astype(np.int64)
    return out
