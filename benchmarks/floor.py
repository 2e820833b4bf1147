r"""The floor: the least a plan can cost, as a bare script beside which Blanko is measured.

    python benchmarks/floor.py --data FOLDER --blanks N --max-travel-km KM \
                               [--road-factor 1.3] [--out plan.json]

It starts Python, reads the same CSVs with the standard library's `csv` (sites,
areas, optional distances), builds the same network as Blanko with numpy (allowed
pairs from a latitude/longitude grid, then model.md's arcs), runs one max flow with
every tier open, then the travel stage as one min-cost flow per part of the network
(districts linked by shared offices; each part's district-tier shares held at the
max flow's), and writes a plan JSON with the same lists as Blanko's (shipments,
service, districts, sites; two-space indent). It imports nothing but the standard
library, numpy and OR-Tools, and has no stage Blanko's plan could skip: Blanko does
more (tier by tier, equity, marginals, messages, validation, hashing).

The tier order and equity are not the floor's concern: its one max flow opens every
tier at once, and its travel stage holds the max flow's district shares. What it
shares with Blanko is the arithmetic: the same data read, the same arcs, the same
number of flow problems of the same size for the travel stage, the same output.

`run()` is the same work in process, timed by phase (benchmarks/speed.py uses it).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

# One BLAS thread, as `blanko plan` asks for one shipment (optimizer/cli/plan.py): neither
# calls a BLAS routine, and numpy would start a thread per core as it loads. The whole-
# process ratio then compares the same start-up.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

EARTH_RADIUS_KM = 6371.0088
UNLIMITED = 2**40
TIERS = ("first_time", "replacement")


def read_csvs(folder: Path) -> dict[str, Any]:
    """The CSVs as numpy arrays, rows sorted by id (as Blanko sorts them)."""
    with open(folder / "sites.csv", newline="", encoding="utf-8-sig") as f:
        sites = sorted(csv.DictReader(f), key=lambda r: r["site_id"])
    with open(folder / "areas.csv", newline="", encoding="utf-8-sig") as f:
        areas = sorted(csv.DictReader(f), key=lambda r: r["area_id"])
    distances: list[dict[str, str]] = []
    if (folder / "distances.csv").is_file():
        with open(folder / "distances.csv", newline="", encoding="utf-8-sig") as f:
            distances = list(csv.DictReader(f))
    district_ids = sorted({r["district_id"] for r in sites} | {r["district_id"] for r in areas})
    k_of = {d: i for i, d in enumerate(district_ids)}
    s_of = {r["site_id"]: i for i, r in enumerate(sites)}
    a_of = {r["area_id"]: i for i, r in enumerate(areas)}

    def ints(rows: list[dict[str, str]], key: str) -> np.ndarray:
        return np.array([int(float(r[key] or 0)) for r in rows], dtype=np.int64)

    room = np.array([UNLIMITED if not r.get("storage_cap") else
                     max(0, int(float(r["storage_cap"])) - int(float(r["stock"] or 0)))
                     for r in sites], dtype=np.int64)
    return {
        "site_ids": [r["site_id"] for r in sites], "area_ids": [r["area_id"] for r in areas],
        "district_ids": district_ids,
        "site_xy": np.array([(float(r["lat"]), float(r["lon"])) for r in sites]).reshape(-1, 2),
        "area_xy": np.array([(float(r["lat"]), float(r["lon"])) for r in areas]).reshape(-1, 2),
        "site_district": np.array([k_of[r["district_id"]] for r in sites], dtype=np.int64),
        "area_district": np.array([k_of[r["district_id"]] for r in areas], dtype=np.int64),
        "capacity": ints(sites, "printers") * ints(sites, "cards_per_printer_day")
        * ints(sites, "working_days"),
        "stock": ints(sites, "stock"), "room": room,
        "backlog": np.column_stack([ints(areas, t) for t in TIERS]),
        "table": (np.array([a_of[r["area_id"]] for r in distances], dtype=np.int64),
                  np.array([s_of[r["site_id"]] for r in distances], dtype=np.int64),
                  np.array([float(r["km"]) for r in distances])),
    }


def _km(a_xy: np.ndarray, s_xy: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(a_xy[:, 0]), np.radians(s_xy[:, 0])
    dl = np.radians(s_xy[:, 1] - a_xy[:, 1])
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def pairs(d: dict[str, Any], max_travel_km: float, road_factor: float) -> tuple[np.ndarray, ...]:
    """Allowed (area, site, km): within the limit (to the metre) or in the same district.

    Candidates from a grid of cells one radius high and one radius wide (at the
    data's highest latitude), the 3 x 3 cells around each area.
    """
    a_xy, s_xy = d["area_xy"], d["site_xy"]
    n_s = len(s_xy)
    radius = (max_travel_km + 0.0005) / road_factor
    cell_lat = math.degrees(radius / EARTH_RADIUS_KM) * 1.0001
    top = min(89.0, float(np.abs(np.r_[a_xy[:, 0], s_xy[:, 0]]).max()) + cell_lat)
    cell_lon = min(360.0, cell_lat / math.cos(math.radians(top)))
    s_cell = np.floor(s_xy / [cell_lat, cell_lon]).astype(np.int64)
    a_cell = np.floor(a_xy / [cell_lat, cell_lon]).astype(np.int64)
    width = int(np.ceil(360.0 / cell_lon)) + 4
    s_key = s_cell[:, 0] * width + s_cell[:, 1]
    order = np.argsort(s_key, kind="stable")
    sorted_key = s_key[order]
    steps = np.array([i * width + j for i in (-1, 0, 1) for j in (-1, 0, 1)])
    wanted = (a_cell[:, 0] * width + a_cell[:, 1])[:, None] + steps
    lo = np.searchsorted(sorted_key, wanted, "left").ravel()
    hi = np.searchsorted(sorted_key, wanted, "right").ravel()
    count = hi - lo
    area = np.repeat(np.repeat(np.arange(len(a_xy)), 9), count)
    site = order[np.repeat(lo, count) + np.arange(count.sum())
                 - np.repeat(np.cumsum(count) - count, count)]
    # Same-district pairs and the distance table, whatever their distance.
    same = d["area_district"][:, None] == d["site_district"][None, :] if n_s * len(a_xy) \
        < 4_000_000 else None
    extra_a, extra_s = (np.nonzero(same) if same is not None else
                        _same_district(d["area_district"], d["site_district"]))
    t_a, t_s, t_km = d["table"]
    key = np.unique(np.concatenate([area * n_s + site, extra_a * n_s + extra_s, t_a * n_s + t_s]))
    area, site = key // n_s, key % n_s
    km = road_factor * _km(a_xy[area], s_xy[site])
    if len(t_km):
        pos = np.searchsorted(key, t_a * n_s + t_s)
        km[pos] = t_km
    km = np.round(km, 3)
    keep = (km <= round(max_travel_km, 3)) | (d["area_district"][area] == d["site_district"][site])
    return area[keep], site[keep], km[keep]


def _same_district(area_district: np.ndarray, site_district: np.ndarray) -> tuple[np.ndarray, ...]:
    order = np.argsort(site_district, kind="stable")
    lo = np.searchsorted(site_district[order], area_district, "left")
    hi = np.searchsorted(site_district[order], area_district, "right")
    count = hi - lo
    area = np.repeat(np.arange(len(area_district)), count)
    site = order[np.repeat(lo, count) + np.arange(count.sum())
                 - np.repeat(np.cumsum(count) - count, count)]
    return area, site


def network(d: dict[str, Any], area: np.ndarray, site: np.ndarray, km: np.ndarray,
            supply: int) -> dict[str, Any]:
    """model.md's arcs: SRC->CENTRAL->SITE->OUT->DEMAND[a,c]->DISTRICT[k,c]->SINK."""
    n_s, n_a = len(d["site_ids"]), len(d["area_ids"])
    n_k, n_c = len(d["district_ids"]), len(TIERS)
    backlog = d["backlog"]
    has = backlog > 0
    site_in, site_out = 2 + np.arange(n_s), 2 + n_s + np.arange(n_s)
    demand = np.full((n_a, n_c), -1, dtype=np.int64)
    demand[has] = 2 + 2 * n_s + np.arange(int(has.sum()))
    district = 2 + 2 * n_s + int(has.sum()) + np.arange(n_k * n_c).reshape(n_k, n_c)
    sink = int(district.max()) + 1
    ok = has[area]
    da, dc = np.nonzero(has)
    blocks = [
        ([0], [1], [supply]),
        (np.zeros(n_s, np.int64), site_in, d["stock"]),
        (np.ones(n_s, np.int64), site_in, d["room"]),
        (site_in, site_out, d["capacity"]),
        (np.broadcast_to(site_out[site][:, None], ok.shape)[ok], demand[area][ok],
         backlog[area][ok]),
        (demand[da, dc], district[d["area_district"][da], dc], backlog[da, dc]),
        (district.ravel(), np.full(n_k * n_c, sink), np.full(n_k * n_c, UNLIMITED)),
    ]
    tails = np.concatenate([np.asarray(b[0]) for b in blocks]).astype(np.int64)
    heads = np.concatenate([np.asarray(b[1]) for b in blocks]).astype(np.int64)
    caps = np.concatenate([np.asarray(b[2]) for b in blocks]).astype(np.int64)
    starts = np.cumsum([0] + [len(b[0]) for b in blocks])
    costs = np.zeros(len(tails), dtype=np.int64)
    costs[starts[4]:starts[5]] = np.round(np.broadcast_to(km[:, None], ok.shape)[ok] * 1000)
    return {"tails": tails, "heads": heads, "caps": caps, "costs": costs, "starts": starts,
            "sink": sink, "n_nodes": sink + 1, "district": district, "ok": ok}


def parts(n: int, tails: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """Connected components by repeated min-label propagation (the part of each node)."""
    label = np.arange(n)
    while True:
        low = np.minimum(label[tails], label[heads])
        new = label.copy()
        np.minimum.at(new, tails, low)
        np.minimum.at(new, heads, low)
        new = new[new]
        if np.array_equal(new, label):
            return np.unique(label, return_inverse=True)[1]
        label = new


def _grouped(labels: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices sorted by label, where each label starts, and each index's rank in its label."""
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(count + 1))
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(len(labels)) - np.repeat(starts[:-1], np.diff(starts))
    return order, starts, rank


def solve(d: dict[str, Any], blanks: int, max_travel_km: float,
          road_factor: float) -> dict[str, Any]:
    """Pairs, network, one max flow, per-part min-cost flows: arrays for the JSON."""
    area, site, km = pairs(d, max_travel_km, road_factor)
    net = network(d, area, site, km, blanks)
    mf = max_flow.SimpleMaxFlow()
    mf.add_arcs_with_capacity(net["tails"], net["heads"], net["caps"])
    if mf.solve(0, net["sink"]) != mf.OPTIMAL:
        raise RuntimeError("max flow failed")
    n_k, n_c = len(d["district_ids"]), len(TIERS)
    last = net["starts"][6]
    shares = np.asarray(mf.flows(np.arange(last, last + n_k * n_c)),
                        dtype=np.int64).reshape(n_k, n_c)           # DISTRICT->SINK flows
    # Travel: one min-cost flow per part with its district shares held; within a part
    # the central office's supply is not limited (as in Blanko's parts).
    part = parts(n_k, d["area_district"][area], d["site_district"][site])
    n_p = int(part.max()) + 1 if n_k else 0
    k_ord, k_start, k_pos = _grouped(part, n_p)
    s_ord, s_start, s_pos = _grouped(part[d["site_district"]], n_p)
    a_ord, a_start, a_pos = _grouped(part[d["area_district"]], n_p)
    p_ord, p_start, _ = _grouped(part[d["area_district"][area]], n_p)
    cards = np.zeros((len(area), n_c), dtype=np.int64)
    for p in np.unique(part[shares.sum(axis=1) > 0]):
        ks, ss = k_ord[k_start[p]:k_start[p + 1]], s_ord[s_start[p]:s_start[p + 1]]
        as_, ps = a_ord[a_start[p]:a_start[p + 1]], p_ord[p_start[p]:p_start[p + 1]]
        sub = {"site_ids": ss, "area_ids": as_, "district_ids": ks,
               "site_district": k_pos[d["site_district"][ss]],
               "area_district": k_pos[d["area_district"][as_]],
               "capacity": d["capacity"][ss], "stock": d["stock"][ss], "room": d["room"][ss],
               "backlog": d["backlog"][as_]}
        sn = network(sub, a_pos[area[ps]], s_pos[site[ps]], km[ps], UNLIMITED)
        caps = sn["caps"].copy()
        caps[sn["starts"][6]:] = 0                                  # shares held as demands
        mcf = min_cost_flow.SimpleMinCostFlow()
        mcf.add_arcs_with_capacity_and_unit_cost(sn["tails"], sn["heads"], caps, sn["costs"])
        supply = np.zeros(sn["n_nodes"], dtype=np.int64)
        supply[0] = int(shares[ks].sum())
        supply[sn["district"].ravel()] -= shares[ks].ravel()
        mcf.set_nodes_supplies(np.arange(sn["n_nodes"]), supply)
        if mcf.solve() != mcf.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed in part {p}")
        flows = np.asarray(mcf.flows(np.arange(sn["starts"][4], sn["starts"][5])),
                           dtype=np.int64)
        got = np.zeros(sn["ok"].shape, dtype=np.int64)
        got[sn["ok"]] = flows
        cards[ps] = got
    printed = np.bincount(site, weights=cards.sum(axis=1),
                          minlength=len(d["site_ids"])).astype(np.int64)
    return {"area": area, "site": site, "km": km, "cards": cards, "printed": printed,
            "shares": shares, "parts": n_p, "max_flow": int(mf.optimal_flow())}


def plan_json(d: dict[str, Any], r: dict[str, Any]) -> str:
    """A plan JSON with Blanko's lists (shipments, service, districts, sites), indent 2."""
    shipped = np.maximum(0, r["printed"] - d["stock"])
    backlog = np.zeros((len(d["district_ids"]), len(TIERS)), dtype=np.int64)
    np.add.at(backlog, d["area_district"], d["backlog"])
    p, c = np.nonzero(r["cards"])
    plan = {
        "status": "optimal", "tiers": list(TIERS),
        "shipments": [{"site_id": s, "blanks": int(b)} for s, b in
                      zip(d["site_ids"], shipped.tolist(), strict=True)],
        "service": [{"area_id": d["area_ids"][a], "site_id": d["site_ids"][s],
                     "tier": TIERS[t], "cards": n, "km": k}
                    for a, s, t, n, k in zip(r["area"][p].tolist(), r["site"][p].tolist(),
                                             c.tolist(), r["cards"][p, c].tolist(),
                                             r["km"][p].tolist(), strict=True)],
        "districts": [{"district_id": d["district_ids"][k], "tier": TIERS[t],
                       "backlog": int(backlog[k, t]), "served": int(r["shares"][k, t]),
                       "coverage": round(r["shares"][k, t] / backlog[k, t], 6)
                       if backlog[k, t] else None,
                       "unmet": int(backlog[k, t] - r["shares"][k, t])}
                      for k in range(len(d["district_ids"])) for t in range(len(TIERS))],
        "sites": [{"site_id": d["site_ids"][s],
                   "district_id": d["district_ids"][d["site_district"][s]],
                   "capacity": int(d["capacity"][s]), "stock": int(d["stock"][s]),
                   "blanks": int(shipped[s]), "printed": int(r["printed"][s])}
                  for s in range(len(d["site_ids"]))],
    }
    return json.dumps(plan, indent=2) + "\n"


def run(folder: Path, blanks: int, max_travel_km: float, road_factor: float,
        out: Path | None) -> dict[str, Any]:
    """The whole floor in process; seconds per phase and what it computed."""
    t0 = time.perf_counter()
    d = read_csvs(folder)
    t1, c1 = time.perf_counter(), time.process_time()
    r = solve(d, blanks, max_travel_km, road_factor)
    t2, c2 = time.perf_counter(), time.process_time()
    text = plan_json(d, r)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    t3 = time.perf_counter()
    return {"read": t1 - t0, "solve": t2 - t1, "solve_cpu": c2 - c1, "write": t3 - t2,
            "total": t3 - t0,
            "json_bytes": len(text.encode()), "max_flow": r["max_flow"], "parts": r["parts"],
            "pairs": len(r["area"]), "service_lines": int((r["cards"] > 0).sum())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--blanks", type=int, required=True)
    ap.add_argument("--max-travel-km", type=float, required=True)
    ap.add_argument("--road-factor", type=float, default=1.3)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    result = run(args.data, args.blanks, args.max_travel_km, args.road_factor, args.out)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
