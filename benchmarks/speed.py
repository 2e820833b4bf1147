r"""Speed of Blanko at city, province and national scale, side by side with the peers.

    python -m benchmarks.speed [--scales city,province,national] [--repeats N]
                               [--national-repeats M] [--out benchmarks/results]

Scales: city = the bundled `palembang` dataset with its own policy (max 8 km);
province = synthetic("province", 0); national = synthetic("national", 0). Each
uses its dataset's default shipment.

Methods, each run in a fresh subprocess (so that its peak RSS is its own):
  floor                  benchmarks/floor.py in process on the same data written as CSV:
                         read the CSVs, build the network with numpy, one max flow, one
                         min-cost flow per part, the plan JSON ("solve" = network + flows);
                         every other figure is also shown as a ratio to its solve seconds
  blanko_stage1          stage 1 alone: compile_network + build_layout + FlowModel
                         ("build"), then one max flow per tier ("solve")
  blanko_s13             solve(..., equity=False, marginals=False): stages 1+3(+4)
  blanko_full            solve(..., equity=True, marginals=False): every stage
  blanko_full_marginals  the same with marginals=True (card marginals and shadow prices,
                         from the residual networks of one solve)
  highs_linprog          the stage-1 tier-0 LP with scipy's linprog(method="highs"),
                         sparse matrix built with numpy (no Python loop per variable)
  pulp_cbc               the same LP written the way most planners would write it in
                         PuLP (a dict of variables, lpSum per constraint), solved by
                         PuLP's bundled CBC; continuous variables
  pulp_cbc_int           the same with integer variables (model.md says whole cards)

The peers' LP is model.md's constraints on the compiled Network's allowed pairs:

    variables  x[s] >= 0 for each site; y[p, c] >= 0 for each allowed pair p = (a, s)
               and tier c where backlog[a, c] > 0 (every tier, as model.md states it)
    max        sum_p y[p, 0]                                   (tier 0, stage 1)
    (1)   sum_s x[s] <= blanks - reserve
    (2a)  sum_{p at s, c} y[p, c] - x[s] <= stock[s]
    (2b)  sum_{p at s, c} y[p, c] <= capacity[s]
    (2c)  stock[s] + x[s] <= storage_cap[s] (a row in PuLP, a bound on x in linprog)
    (3)   sum_{p of a} y[p, c] <= backlog[a, c]

The peers maximize tier 0 only (what the issue compares); Blanko's stage-1 time
covers every tier (one max flow each), so its side of the ratio does more work.
Every "build" includes compile_network (the allowed pairs), shown apart as
"network s"; the ratio Blanko / peer is taken on total seconds (build + solve).

Whole process (city): `python benchmarks/floor.py` on data/palembang with its JSON out,
`blanko plan --dataset palembang --blanks 50000 --json F`, `blanko --help` and a bare
`python -c pass`, interleaved in one loop (CPU seconds too), and the modules the plan
command imports (`python -X importtime`), by top-level package.

City and province runs are preceded by one untimed warm-up in the same process, which
also imports scipy's strongly connected components as the service's worker does
(api.jobs.warm): a long-lived process has them, and with them loaded level 2b does not
use its pure-Python search for small networks (optimizer/engine/scc.py; a one-shot
`blanko plan` is timed in the whole-process section); national runs are not warmed
up. Peak RSS is the largest of the process's own ru_maxrss and the process tree's RSS
sampled every 0.1 s by the parent (for PuLP that tree holds Python and CBC at once).
Time caps apply from the end of the child's set-up (import + instance) and kill the
child's process group when exceeded.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SCALES = ("city", "province", "national")
OBJECTIVE_TOL = 0.5  # cards by which a peer's tier-0 objective may differ from Blanko's
SCALING_TARGETS = (1_000, 5_000, 20_000, 84_000)

# Targets of issues 2 and 6.
TARGET_STAGE1_RATIO = 0.5
TARGET_FULL_S = {"city": 0.020, "province": 1.0, "national": 60.0}
TARGET_NATIONAL_RSS_MB = 4096.0
TARGET_CLI_S = 1.5
TARGET_LOAD_S = 2.0
# Targets of issue 12 ("Fast at every scale with nothing skipped").
TARGET_PROCESS_X_FLOOR = 1.5     # whole Palembang plan process / the floor script
TARGET_HELP_S = 0.3              # blanko --help
TARGET_FULL_X_FLOOR = 2.0        # full plan with marginals / the floor's solve, in process
TARGET_NATIONAL_S = 15.0
TARGET_NATIONAL_RSS_12_MB = 1024.0
TARGET_MARGINAL_SHARE = 0.10     # marginals' share of a plan's time
TARGET_LOAD_12_S = 1.0           # national CSVs read and validated
CLI_BLANKS = 50_000
# Rounds of the whole-process commands (`time_cli`): a process takes ~0.2 s and the
# machine is shared, so the median of 5 moved by some 0.05x between runs minutes apart.
CLI_ROUNDS = 21
# Rounds of the floor and the full plan alternated in one process (`paired`): each
# round is one floor solve and one Blanko plan with every marginal, in alternating order.
PAIRED_ROUNDS = {"city": 60, "province": 15}

LABELS = {
    "floor": "floor (benchmarks/floor.py: CSV, numpy, 1 max flow, min-cost flow per part)",
    "blanko_stage1": "Blanko stage 1 (tiers, max flow)",
    "blanko_s13": "Blanko stages 1+3 (equity off)",
    "blanko_full": "Blanko full plan (equity on)",
    "blanko_full_marginals": "Blanko full plan + marginals",
    "highs_linprog": "scipy linprog HiGHS (stage-1 LP, tier 0)",
    "highs_linprog_t0": "scipy linprog HiGHS, tier-0 variables only",
    "pulp_cbc": "PuLP + CBC (stage-1 LP, tier 0)",
    "pulp_cbc_int": "PuLP + CBC, integer vars (tier 0)",
}
BLANKO_METHODS = ("blanko_stage1", "blanko_s13", "blanko_full", "blanko_full_marginals")
FLOOR = "floor"
PEER_METHODS = ("highs_linprog", "highs_linprog_t0", "pulp_cbc", "pulp_cbc_int")


# =========================================================================== child side
# Everything below up to "parent side" runs inside the fresh subprocess.


def _rss_now_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _cpu_s() -> float:
    """CPU seconds of this process and its waited-for children (CBC), all threads."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Progress:
    """Events the parent reads while the child runs (set-up done, build done, ...)."""

    def __init__(self, path: str | None):
        self.path = path

    def event(self, name: str, **data: Any) -> None:
        if self.path:
            with open(self.path, "a") as f:
                f.write(json.dumps({"event": name, **data}) + "\n")


@dataclass
class Scale:
    name: str
    instance: Any
    blanks: int
    policy: Any       # the dataset's policy (travel limit), time limit raised
    title: str


def load_scale(scale: str) -> Scale:
    from optimizer.io import datasets

    ds = datasets.load("palembang") if scale == "city" else datasets.synthetic(scale, 0)
    # The full plan is timed to optimality: the default 10 s limit would stop equity early
    # at national scale (the plan would say "feasible").
    return Scale(scale, ds.instance, ds.default_blanks, ds.policy(time_limit_s=3600.0),
                 ds.title)


def national_subset(target_areas: int) -> Scale:
    """The first whole regions of synthetic("national", 0) holding >= target_areas areas.

    A region is a cluster of 14 districts (datasets._SCALES["national"]); all areas and
    sites of a district are kept together, so each subset is a smaller country with
    the same density of sites in reach. Blanks scale with the first-time backlog.
    """
    from optimizer.io import datasets
    from optimizer.schema import Instance

    ds = datasets.synthetic("national", 0)
    inst = ds.instance
    spec = getattr(datasets, "_SCALES", {}).get("national")
    per_region = getattr(spec, "districts_per_region", 14)
    district_ids = sorted(d.district_id for d in inst.districts)
    areas_by_district: dict[str, int] = defaultdict(int)
    for a in inst.areas:
        areas_by_district[a.district_id] += 1
    keep: set[str] = set()
    count = 0
    for start in range(0, len(district_ids), per_region):
        if count >= target_areas:
            break
        region = district_ids[start:start + per_region]
        keep.update(region)
        count += sum(areas_by_district[d] for d in region)
    areas = tuple(a for a in inst.areas if a.district_id in keep)
    sites = tuple(s for s in inst.sites if s.district_id in keep)
    districts = tuple(d for d in inst.districts if d.district_id in keep)
    sub = Instance(name=f"national-subset-{len(areas)}", tiers=inst.tiers, districts=districts,
                   sites=sites, areas=areas)
    ft_all = sum(a.backlog["first_time"] for a in inst.areas)
    ft_sub = sum(a.backlog["first_time"] for a in areas)
    blanks = round(ds.default_blanks * ft_sub / ft_all)
    return Scale(f"national[{len(areas)} areas]", sub, blanks,
                 ds.policy(time_limit_s=3600.0), ds.title)


# --------------------------------------------------------------------------- Blanko


def run_blanko_stage1(sc: Scale, progress: Progress) -> dict[str, Any]:
    from optimizer.engine.model import FlowModel, Holds, build_layout, maximize_tier
    from optimizer.engine.network import compile_network
    from optimizer.schema import Shipment

    t0 = time.perf_counter()
    net = compile_network(sc.instance, Shipment(blanks=sc.blanks), sc.policy)
    t1 = time.perf_counter()
    model = FlowModel(build_layout(net))
    t2 = time.perf_counter()
    holds = Holds.open(net.backlog, net.district_backlog())
    per_tier = []
    for c in range(net.n_tiers):
        tc = time.perf_counter()
        holds.tier_total[c] = maximize_tier(model, holds, c)
        per_tier.append(time.perf_counter() - tc)
    t3 = time.perf_counter()
    n_y = int((net.backlog[net.pairs.area] > 0).sum())
    return {"network": t1 - t0, "build": t2 - t0, "solve": t3 - t2, "total": t3 - t0,
            "solve_per_tier": per_tier, "objective": [int(v) for v in holds.tier_total],
            "size": {"sites": net.n_sites, "areas": net.n_areas, "districts": net.n_districts,
                     "tiers": net.n_tiers, "pairs": len(net.pairs.area),
                     "arcs": len(model.layout.tails), "nodes": model.layout.n_nodes,
                     "lp_vars": net.n_sites + n_y,
                     "lp_rows": 1 + 2 * net.n_sites + int((net.backlog > 0).sum())}}


def _run_solve(sc: Scale, equity: bool, marginals: bool) -> dict[str, Any]:
    from optimizer import Shipment, solve

    policy = sc.policy.model_copy(update={"equity": equity, "marginals": marginals})
    spent = [0.0, 0.0]
    with _timed_marginals(spent):
        t0, c0 = time.perf_counter(), time.process_time()
        plan = solve(sc.instance, Shipment(blanks=sc.blanks), policy)
        total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"network": None, "build": None, "solve": None, "total": total,
            "marginals_s": spent[0] if marginals else None,
            "solve_cpu": total_cpu, "marginals_cpu": spent[1] if marginals else None,
            "objective": [int(plan.kpis.cards_by_tier[t]) for t in plan.tiers],
            "status": plan.status, "solver_seconds": plan.solver.seconds,
            "coverage_min": [plan.kpis.coverage_min_by_tier[t] for t in plan.tiers],
            "resident_km_total": plan.kpis.resident_km_total}


@contextlib.contextmanager
def _timed_marginals(spent: list[float]) -> Any:
    """Adds to spent[0] the seconds (and to spent[1] the CPU seconds) solve() spends in
    the card marginals and the travel shadow prices (the functions optimizer.engine.solve
    calls for them: the plan's arc flows, which both read, the card marginals, the
    shadow prices), while inside."""
    from optimizer.engine import solve as engine

    originals = {name: getattr(engine, name)
                 for name in ("plan_flows", "marginal_values", "shadow_prices")}

    def timed(function: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t0
                spent[1] += time.process_time() - c0
        return run

    for name, function in originals.items():
        setattr(engine, name, timed(function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(engine, name, function)


def run_blanko_s13(sc: Scale, progress: Progress) -> dict[str, Any]:
    return _run_solve(sc, equity=False, marginals=False)


def run_blanko_full(sc: Scale, progress: Progress) -> dict[str, Any]:
    return _run_solve(sc, equity=True, marginals=False)


def run_blanko_full_marginals(sc: Scale, progress: Progress) -> dict[str, Any]:
    return _run_solve(sc, equity=True, marginals=True)


# --------------------------------------------------------------------------- peers


def _peer_network(sc: Scale) -> tuple[Any, float]:
    from optimizer.engine.network import compile_network
    from optimizer.schema import Shipment

    t0 = time.perf_counter()
    net = compile_network(sc.instance, Shipment(blanks=sc.blanks), sc.policy)
    return net, time.perf_counter() - t0


def run_highs_linprog(sc: Scale, progress: Progress) -> dict[str, Any]:
    return _run_highs(sc, progress, tier0_only=False)


def run_highs_linprog_t0(sc: Scale, progress: Progress) -> dict[str, Any]:
    return _run_highs(sc, progress, tier0_only=True)


def _run_highs(sc: Scale, progress: Progress, tier0_only: bool) -> dict[str, Any]:
    import numpy as np
    import scipy.sparse as sp
    from scipy.optimize import linprog

    t0 = time.perf_counter()
    net, t_net = _peer_network(sc)
    n_s = net.n_sites
    pa, ps = net.pairs.area, net.pairs.site
    has = net.backlog > 0                                   # (areas, tiers)
    if tier0_only:  # tier 0's maximum needs no variable of a later tier
        has = has[:, :1]
    yp, yc = np.nonzero(has[pa])                            # y[j] = y[pair yp[j], tier yc[j]]
    n_y = len(yp)
    row_of = np.full(has.shape, -1, dtype=np.int64)         # (3) row of each (area, tier)
    row_of[has] = np.arange(int(has.sum()))
    n_rows = 1 + 2 * n_s + int(has.sum())
    ycol = n_s + np.arange(n_y)
    site_of_y = ps[yp]
    rows = np.concatenate([
        np.zeros(n_s, np.int64),                            # (1) sum x
        1 + np.arange(n_s),                                 # (2a) -x[s]
        1 + site_of_y,                                      # (2a) + y at s
        1 + n_s + site_of_y,                                # (2b) y at s
        1 + 2 * n_s + row_of[pa[yp], yc],                   # (3) y of (a, c)
    ])
    cols = np.concatenate([np.arange(n_s), np.arange(n_s), ycol, ycol, ycol])
    vals = np.concatenate([np.ones(n_s), -np.ones(n_s), np.ones(3 * n_y)])
    a_ub = sp.csr_array((vals, (rows, cols)), shape=(n_rows, n_s + n_y))
    b_ub = np.concatenate([[float(net.supply)], net.stock.astype(float),
                           net.capacity.astype(float),
                           net.backlog[:, :has.shape[1]][has].astype(float)])
    c = np.zeros(n_s + n_y)
    c[n_s:][yc == 0] = -1.0                                 # maximize tier-0 cards
    bounds = np.zeros((n_s + n_y, 2))
    bounds[:, 1] = np.inf
    room = net.room.astype(float)
    bounds[:n_s, 1] = np.where(net.storage_capped, room, np.inf)   # (2c)
    t1 = time.perf_counter()
    progress.event("built", build=t1 - t0)
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    t2 = time.perf_counter()
    if res.status != 0:
        raise RuntimeError(f"linprog: {res.message}")
    return {"network": t_net, "build": t1 - t0, "solve": t2 - t1, "total": t2 - t0,
            "objective": [float(-res.fun)], "lp": {"vars": n_s + n_y, "rows": n_rows,
                                                   "nnz": int(a_ub.nnz)}}


def _run_pulp(sc: Scale, progress: Progress, integer: bool) -> dict[str, Any]:
    import pulp

    t0 = time.perf_counter()
    net, t_net = _peer_network(sc)
    # From here on: the model as a planner writes it, one Python object per variable.
    cat = pulp.LpInteger if integer else pulp.LpContinuous
    area, site = net.pairs.area.tolist(), net.pairs.site.tolist()
    backlog = net.backlog.tolist()
    stock, capacity, room = net.stock.tolist(), net.capacity.tolist(), net.room.tolist()
    tiers = range(net.n_tiers)
    prob = pulp.LpProblem("stage1_tier0", pulp.LpMaximize)
    x = {s: pulp.LpVariable(f"x_{s}", lowBound=0, cat=cat) for s in range(net.n_sites)}
    y = {(p, c): pulp.LpVariable(f"y_{p}_{c}", lowBound=0, cat=cat)
         for p in range(len(area)) for c in tiers if backlog[area[p]][c] > 0}
    prob += pulp.lpSum(var for (p, c), var in y.items() if c == 0)
    prob += pulp.lpSum(x.values()) <= net.supply, "c1_supply"
    at_site: dict[int, list[Any]] = defaultdict(list)
    of_area: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for (p, c), var in y.items():
        at_site[site[p]].append(var)
        of_area[area[p], c].append(var)
    for s in range(net.n_sites):
        prob += pulp.lpSum(at_site[s]) <= stock[s] + x[s], f"c2a_{s}"
        prob += pulp.lpSum(at_site[s]) <= capacity[s], f"c2b_{s}"
        if net.storage_capped[s]:
            prob += stock[s] + x[s] <= stock[s] + room[s], f"c2c_{s}"
    for (a, c), vars_ in of_area.items():
        prob += pulp.lpSum(vars_) <= backlog[a][c], f"c3_{a}_{c}"
    t1 = time.perf_counter()
    progress.event("built", build=t1 - t0)
    status = prob.solve(pulp.PULP_CBC_CMD(msg=False))
    t2 = time.perf_counter()
    if pulp.LpStatus[status] != "Optimal":
        raise RuntimeError(f"CBC: {pulp.LpStatus[status]}")
    return {"network": t_net, "build": t1 - t0, "solve": t2 - t1, "total": t2 - t0,
            "objective": [float(pulp.value(prob.objective))],
            "lp": {"vars": len(x) + len(y), "rows": len(prob.constraints)}}


def run_pulp_cbc(sc: Scale, progress: Progress) -> dict[str, Any]:
    return _run_pulp(sc, progress, integer=False)


def run_pulp_cbc_int(sc: Scale, progress: Progress) -> dict[str, Any]:
    return _run_pulp(sc, progress, integer=True)


def run_floor(sc: Scale, progress: Progress) -> dict[str, Any]:
    """benchmarks/floor.py in process on the scale's CSVs (the parent wrote them)."""
    from benchmarks import floor

    folder = Path(os.environ["BLANKO_SPEED_CSV"])
    got = floor.run(folder, sc.blanks, float(sc.policy.max_travel_km), sc.policy.road_factor,
                    None)
    # "solve" is the floor's network and flows: what a full plan is compared with.
    return {"network": None, "build": got["read"], "solve": got["solve"],
            "solve_cpu": got["solve_cpu"], "total": got["total"], "objective": [got["max_flow"]],
            "floor": {k: got[k] for k in ("read", "solve", "write", "json_bytes", "parts",
                                          "pairs", "service_lines")}}


def run_paired(sc: Scale, rounds: int, progress: Progress) -> dict[str, Any]:
    """The floor's solve and Blanko's full plan with every marginal, alternated in this
    process for `rounds` rounds after one untimed run of each (the order flips every
    round). On a shared machine two methods timed minutes apart in separate processes
    see different loads; alternated, both see the same, so their ratio is the evidence.

    Blanko is timed three times per round, each on what the floor's clock starts from
    or more:
    - `blanko` (the figure judged): a fresh copy of the instance whose rows were read
      into sorted arrays before the clock (engine.network.sorted_rows), as the floor's
      `read_csvs` reads its CSVs into the same arrays before its clock; its allowed
      pairs, network, input hash and data warnings are made again on the clock, as the
      floor builds its network on every run and the service does for every uploaded
      instance;
    - `blanko_cold`: a fresh copy with nothing read (its rows read into arrays on the
      clock too, work the floor does in its untimed read: ~1 ms of Palembang's);
    - `blanko_same`: the same instance object again (Blanko keeps an instance's arrays,
      pairs and hash per object, as the service does for a bundled dataset).
    Per round: CPU and wall seconds of each, and the marginals' own seconds."""
    from benchmarks import floor
    from optimizer import Shipment, solve
    from optimizer.engine.network import sorted_rows

    d = floor.read_csvs(Path(os.environ["BLANKO_SPEED_CSV"]))
    km, road = float(sc.policy.max_travel_km), sc.policy.road_factor
    policy = sc.policy.model_copy(update={"equity": True, "marginals": True})
    shipment = Shipment(blanks=sc.blanks)

    def run_floor_once() -> dict[str, float]:
        c0, t0 = time.process_time(), time.perf_counter()
        floor.solve(d, sc.blanks, km, road)
        return {"cpu": time.process_time() - c0, "wall": time.perf_counter() - t0}

    def run_blanko_once(instance: Any) -> dict[str, float]:
        spent = [0.0, 0.0]
        with _timed_marginals(spent):
            c0, t0 = time.process_time(), time.perf_counter()
            solve(instance, shipment, policy)
            return {"cpu": time.process_time() - c0, "wall": time.perf_counter() - t0,
                    "marginals": spent[0], "marginals_cpu": spent[1]}

    folder = Path(os.environ["BLANKO_SPEED_CSV"])

    def read(instance: Any) -> Any:
        """The instance with its rows read into sorted arrays (the floor's untimed read)."""
        sorted_rows(instance)
        return instance

    def cpu(work: Any, *args: Any) -> float:
        c0 = time.process_time()
        work(*args)
        return time.process_time() - c0

    run_floor_once()
    run_blanko_once(read(sc.instance.model_copy()))
    run_blanko_once(sc.instance.model_copy())
    run_blanko_once(sc.instance)
    progress.event("ready")
    out = []
    for i in range(rounds):
        # New objects with the same content; the first read as the floor reads its CSVs.
        copy, cold = sc.instance.model_copy(), sc.instance.model_copy()
        # What each reads before its clock, timed apart: the floor its CSVs into arrays,
        # Blanko the copy's rows into the same arrays.
        reads = {"floor_read_cpu": cpu(floor.read_csvs, folder),
                 "blanko_read_cpu": cpu(read, copy)}
        if i % 2:
            new, old, same = (run_blanko_once(copy), run_blanko_once(cold),
                              run_blanko_once(sc.instance))
            f = run_floor_once()
        else:
            f = run_floor_once()
            same, old, new = (run_blanko_once(sc.instance), run_blanko_once(cold),
                              run_blanko_once(copy))
        out.append({"floor": f, "blanko": new, "blanko_cold": old, "blanko_same": same,
                    "reads": reads})
    return {"rounds": out}


RUNNERS = {
    "floor": run_floor,
    "blanko_stage1": run_blanko_stage1,
    "blanko_s13": run_blanko_s13,
    "blanko_full": run_blanko_full,
    "blanko_full_marginals": run_blanko_full_marginals,
    "highs_linprog": run_highs_linprog,
    "highs_linprog_t0": run_highs_linprog_t0,
    "pulp_cbc": run_pulp_cbc,
    "pulp_cbc_int": run_pulp_cbc_int,
}


# --------------------------------------------------------------------------- loading


def run_load_validate(repeats: int, progress: Progress) -> dict[str, Any]:
    """National instance: generate, dump, validate, and read back from CSV files."""
    import pandas as pd

    from optimizer.io import datasets
    from optimizer.io.files import load_instance
    from optimizer.schema import Instance

    t0 = time.perf_counter()
    inst = datasets.synthetic("national", 0).instance
    generate = time.perf_counter() - t0
    progress.event("ready")
    dump_s, validate_s, csv_s = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        data = inst.model_dump()
        t1 = time.perf_counter()
        again = Instance.model_validate(data)
        t2 = time.perf_counter()
        dump_s.append(t1 - t0)
        validate_s.append(t2 - t1)
    assert again == inst
    with tempfile.TemporaryDirectory(prefix="blanko-speed-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        pd.DataFrame([s.model_dump() for s in inst.sites]).to_csv(folder / "sites.csv",
                                                                  index=False)
        pd.DataFrame([{**a.model_dump(exclude={"backlog"}), **a.backlog}
                      for a in inst.areas]).to_csv(folder / "areas.csv", index=False)
        pd.DataFrame([d.model_dump() for d in inst.districts]).to_csv(
            folder / "districts.csv", index=False)
        write_s = time.perf_counter() - t0
        sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
        loaded = None
        for _ in range(repeats):
            t0 = time.perf_counter()
            loaded = load_instance(folder, inst.name)
            csv_s.append(time.perf_counter() - t0)
    equal = loaded == inst
    return {"generate": generate, "dump": dump_s, "validate": validate_s,
            "csv_write": write_s, "csv_load": csv_s, "csv_bytes": sizes,
            "csv_roundtrip_equal": bool(equal),
            "sites": len(inst.sites), "areas": len(inst.areas)}


# --------------------------------------------------------------------------- child main


def child_main(args: argparse.Namespace) -> None:
    progress = Progress(args.progress)
    out: dict[str, Any] = {"method": args.one, "scale": args.scale}
    if args.one == "load_validate":
        out.update(run_load_validate(args.repeats, progress))
    elif args.one == "profile":
        out.update(run_profile(args, progress))
    elif args.one == "paired":
        import scipy.sparse.csgraph  # a long-lived process's state, as below
        out.update(run_paired(load_scale(args.scale), args.repeats, progress))
    else:
        sc = national_subset(args.areas) if args.areas else load_scale(args.scale)
        out["instance"] = {"name": sc.name, "sites": len(sc.instance.sites),
                           "areas": len(sc.instance.areas),
                           "districts": len(sc.instance.districts), "blanks": sc.blanks,
                           "max_travel_km": sc.policy.max_travel_km}
        runner = RUNNERS[args.one]
        if args.warmup:
            # A long-lived process's state, as api.jobs.warm makes it (module docstring).
            import scipy.sparse.csgraph  # noqa: F401
            runner(sc, Progress(None))
        out["baseline_rss_mb"] = _rss_now_mb()
        progress.event("ready")
        runs = []
        for i in range(args.repeats):
            progress.event("repeat", index=i)
            cpu0 = _cpu_s()
            run = runner(sc, progress)
            run["cpu"] = _cpu_s() - cpu0
            runs.append(run)
        out["runs"] = runs
    out["ru_maxrss_self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["ru_maxrss_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    Path(args.result).write_text(json.dumps(out))


def run_profile(args: argparse.Namespace, progress: Progress) -> dict[str, Any]:
    """cProfile of the national full plan with marginals: the functions with the most own time."""
    import cProfile
    import io
    import pstats

    from optimizer import Shipment, solve

    sc = load_scale(args.scale)
    policy = sc.policy.model_copy(update={"equity": True, "marginals": True})
    progress.event("ready")
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    solve(sc.instance, Shipment(blanks=sc.blanks), policy)
    prof.disable()
    wall = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{Path(file).name}:{line}({func})", "calls": nc,
                     "tottime": tt, "cumtime": ct})
    rows.sort(key=lambda r: -r["tottime"])
    text = io.StringIO()
    pstats.Stats(prof, stream=text).sort_stats("tottime").print_stats(25)
    return {"wall": wall, "top": rows[:25], "text": text.getvalue()}


# =========================================================================== parent side


@dataclass
class Outcome:
    method: str
    scale: str
    status: str                     # "ok", "timeout", "skipped", "error"
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    peak_rss_mb: float | None = None
    sampled_tree_rss_mb: float | None = None
    wall: float = 0.0
    load: tuple[float, float] | None = None   # 1-min load average before and after
    library: str = ""                         # fingerprint of optimizer/*.py at the start

    def med(self, key: str) -> float | None:
        runs = self.data.get("runs") or []
        vals = [r[key] for r in runs if r.get(key) is not None]
        return statistics.median(vals) if vals else None

    @property
    def objective(self) -> list[float] | None:
        runs = self.data.get("runs") or []
        return runs[0]["objective"] if runs else None


def library_fingerprint() -> str:
    """sha256 of optimizer/*.py (12 hex digits): shows whether the library changed mid-run."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((REPO / "optimizer").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _tree_rss_mb(pid: int) -> float:
    try:
        import psutil
    except ImportError:
        return 0.0
    try:
        proc = psutil.Process(pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return total / 2**20
    except psutil.Error:
        return 0.0


def run_child(method: str, scale: str, repeats: int, *, cap: float | None = None,
              warmup: bool = False, areas: int = 0, setup_cap: float = 900.0,
              csv_dir: Path | None = None) -> Outcome:
    """Run one method in a fresh interpreter; kill its process group past the cap."""
    with tempfile.TemporaryDirectory(prefix="blanko-speed-") as tmp:
        result, prog, log = Path(tmp, "result.json"), Path(tmp, "progress"), Path(tmp, "log")
        cmd = [sys.executable, "-m", "benchmarks.speed", "--one", method, "--scale", scale,
               "--repeats", str(repeats), "--result", str(result), "--progress", str(prog)]
        if warmup:
            cmd.append("--warmup")
        if areas:
            cmd += ["--areas", str(areas)]
        started = time.perf_counter()
        load_before = os.getloadavg()[0]
        lib = library_fingerprint()
        ready_at: float | None = None
        sampled = 0.0
        with open(log, "w") as log_f:
            env = dict(os.environ)
            if csv_dir is not None:
                env["BLANKO_SPEED_CSV"] = str(csv_dir)
            proc = subprocess.Popen(cmd, cwd=REPO, stdout=log_f, stderr=subprocess.STDOUT,
                                    start_new_session=True, env=env)
            killed = None
            while proc.poll() is None:
                time.sleep(0.1)
                sampled = max(sampled, _tree_rss_mb(proc.pid))
                now = time.perf_counter()
                if ready_at is None and prog.exists() and '"ready"' in prog.read_text():
                    ready_at = now
                if ready_at is None and now - started > setup_cap:
                    killed = f"set-up took more than {setup_cap:.0f} s"
                elif ready_at is not None and cap is not None and now - ready_at > cap:
                    killed = f"timed out after {cap:.0f} s"
                if killed:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)   # the child and its CBC
                    proc.wait()
                    break
        wall = time.perf_counter() - started
        load = (load_before, os.getloadavg()[0])
        events = []
        if prog.exists():
            events = [json.loads(line) for line in prog.read_text().splitlines() if line]
        if killed:
            built = [e["build"] for e in events if e["event"] == "built"]
            note = killed + (f" (model built in {built[-1]:.1f} s)" if built else "")
            return Outcome(method, scale, "timeout", note, {"events": events},
                           peak_rss_mb=sampled or None, sampled_tree_rss_mb=sampled, wall=wall,
                           load=load, library=lib)
        if proc.returncode != 0 or not result.exists():
            tail = log.read_text()[-3000:]
            return Outcome(method, scale, "error", f"exit {proc.returncode}: {tail}",
                           {"events": events}, wall=wall, load=load,
                           library=lib)
        data = json.loads(result.read_text())
        own = data.get("ru_maxrss_self_mb", 0.0)
        peak = max(own, sampled)
        return Outcome(method, scale, "ok", "", data, peak_rss_mb=peak,
                       sampled_tree_rss_mb=sampled, wall=wall, load=load,
                       library=lib)


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_gib = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gib = round(int(line.split()[1]) / 2**20, 1)
    versions = {}
    for pkg in ("ortools", "scipy", "numpy", "pulp", "pydantic", "pandas", "highspy"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    try:
        versions["blanko"] = version("blanko")
    except PackageNotFoundError:
        versions["blanko"] = None
    commit = None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                capture_output=True, text=True, timeout=10).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": ram_gib,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": versions, "commit": commit,
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")}


# --------------------------------------------------------------------------- CLI timing


def _timed(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU seconds (user + system of the child) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def time_cli(repeats: int) -> dict[str, Any]:
    """Whole processes, interleaved: floor script, blanko plan with JSON, --help, bare Python.

    Each round runs the four once, in that order, so that they share the machine's load;
    medians over the rounds, and the ratio of the medians to the floor's.
    """
    exe = Path(sys.executable).with_name("blanko")
    blanko = str(exe) if exe.exists() else shutil.which("blanko")
    if blanko is None:
        return {"status": "error", "note": "no `blanko` executable found"}
    lib = library_fingerprint()
    with tempfile.TemporaryDirectory(prefix="blanko-speed-") as tmp:
        plan_out, floor_out = Path(tmp, "plan.json"), Path(tmp, "floor.json")
        cmds = {
            "floor": [sys.executable, str(REPO / "benchmarks" / "floor.py"), "--data",
                      str(REPO / "data" / "palembang"), "--blanks", str(CLI_BLANKS),
                      "--max-travel-km", "8", "--out", str(floor_out)],
            "plan": [blanko, "plan", "--dataset", "palembang", "--blanks", str(CLI_BLANKS),
                     "--json", str(plan_out)],
            "help": [blanko, "--help"],
            "python": [sys.executable, "-c", "pass"],
        }
        times: dict[str, list[float]] = {k: [] for k in cmds}
        cpus: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(repeats):
            for name, cmd in cmds.items():
                wall, cpu, done = _timed(cmd)
                if done.returncode != 0:
                    return {"status": "error", "note": f"{name}: exit {done.returncode}: "
                                                       f"{done.stderr[-2000:]}"}
                times[name].append(wall)
                cpus[name].append(cpu)
        sizes = {"plan": plan_out.stat().st_size, "floor": floor_out.stat().st_size}
    med = {k: statistics.median(v) for k, v in times.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpus.items()}
    return {"status": "ok",
            "command": f"blanko plan --dataset palembang --blanks {CLI_BLANKS} --json F",
            "times": times["plan"], "median": med["plan"], "library": lib,
            "all_times": times, "all_cpu": cpus, "medians": med, "cpu_medians": cpu_med,
            "json_bytes": sizes,
            "x_floor": {k: med[k] / med["floor"] for k in med},
            "cpu_x_floor": {k: cpu_med[k] / cpu_med["floor"] for k in cpu_med},
            "imports": import_breakdown(blanko), "install": install_kind()}


def install_kind() -> str:
    """How the timed `blanko` is installed: "editable" (its finder and uncompiled source
    cost start-up time) or "non-editable" (the README's set-up), from pip's
    direct_url.json."""
    import sysconfig
    from importlib import metadata

    # The environment's own site-packages: the checkout on sys.path may hold metadata too.
    found = [d for d in metadata.distributions(path=[sysconfig.get_paths()["purelib"]])
             if d.metadata["Name"] == "blanko"]
    if not found:
        return "not installed"
    text = found[0].read_text("direct_url.json")
    editable = bool(json.loads(text or "{}").get("dir_info", {}).get("editable"))
    return "editable" if editable else "non-editable"


def import_breakdown(blanko: str) -> list[dict[str, Any]]:
    """`python -X importtime` of the plan command: milliseconds by top-level package.

    The sum of each module's own (self) time by its top-level package name, so that no
    time counts twice (pandas' dependencies such as dateutil count under their own).
    """
    with tempfile.TemporaryDirectory(prefix="blanko-speed-") as tmp:
        # As the `blanko` script runs it (its entry point, optimizer.cli.launch).
        code = ("import sys; from optimizer.cli.launch import main; sys.argv = ['blanko', "
                f"'plan', '--dataset', 'palembang', '--blanks', '{CLI_BLANKS}', '--json', "
                f"{str(Path(tmp, 'plan.json'))!r}]; main()")
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=REPO,
                              capture_output=True, text=True)
    by_package: dict[str, int] = defaultdict(int)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _, name = line.split("|", 2)
        with contextlib.suppress(ValueError):
            by_package[name.strip().split(".")[0]] += int(own.split(":")[1])
    rows = [{"package": k, "ms": v / 1000} for k, v in by_package.items()]
    return sorted(rows, key=lambda r: -r["ms"])[:12]


# --------------------------------------------------------------------------- orchestration


def run_stages(scales: list[str], repeats: int) -> str:
    """`python -m benchmarks.stages` in a child process: level 2b, the marginals and lots
    timed apart (issue 11 asks for them beside the plan); its table as a markdown section."""
    cmd = [sys.executable, "-m", "benchmarks.stages", "--repeats", str(repeats),
           "--scales", ",".join(scales)]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return ("## Level 2b, marginals and lots apart\n\n"
                f"`{' '.join(cmd[1:])}` failed: {done.stderr.strip()[-500:]}")
    return ("## Level 2b, marginals and lots apart\n\n"
            f"`python -m benchmarks.stages --repeats {repeats} --scales {','.join(scales)}` "
            "(in one process, median of the repeats after a warm-up; \"of which\" rows time "
            "one more solve with the stage's functions wrapped):\n\n" + done.stdout.strip())


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def methods_for(scale: str) -> list[str]:
    ms = [FLOOR, "blanko_stage1", "blanko_s13", "blanko_full", "blanko_full_marginals"]
    return [*ms, "highs_linprog", "highs_linprog_t0", "pulp_cbc", "pulp_cbc_int"]


# scale -> folder of CSVs the floor reads (set by parent_main)
csv_dirs: dict[str, Path] = {}


def write_scale_csvs(scale: str, folder: Path) -> Path:
    """The scale's instance as sites/areas/districts(/distances).csv for the floor."""
    if scale == "city":
        return REPO / "data" / "palembang"

    from optimizer.io import datasets

    return write_instance_csvs(datasets.synthetic(scale, 0).instance, folder)


def write_instance_csvs(inst: Any, folder: Path) -> Path:
    """An instance as sites/areas/districts.csv, the files the floor reads."""
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([s.model_dump() for s in inst.sites]).to_csv(folder / "sites.csv", index=False)
    pd.DataFrame([{**a.model_dump(exclude={"backlog"}), **a.backlog} for a in inst.areas]
                 ).to_csv(folder / "areas.csv", index=False)
    pd.DataFrame([d.model_dump() for d in inst.districts]).to_csv(folder / "districts.csv",
                                                                  index=False)
    return folder


def run_scale(scale: str, repeats: int, caps: dict[str, float],
              results: dict[str, dict[str, Outcome]], methods: list[str],
              out: dict[str, Outcome] | None = None) -> dict[str, Outcome]:
    out = {} if out is None else out
    national = scale == "national"
    for method in methods:
        cap = caps.get(method) if national else None
        reps = repeats if method in BLANKO_METHODS else (1 if national else repeats)
        if national and method in ("pulp_cbc_int", "highs_linprog_t0"):
            why = {"pulp_cbc_int": "the continuous CBC row covers CBC",
                   "highs_linprog_t0": "the full-LP HiGHS row covers HiGHS"}[method]
            out[method] = Outcome(method, scale, "skipped",
                                  f"not run at national ({why}; saves a capped run)")
            log(f"{scale:9s} {method:22s} skipped")
            continue
        if method.startswith("pulp") and importlib.util.find_spec("pulp") is None:
            out[method] = Outcome(method, scale, "skipped", "PuLP is not installed "
                                  "(`pip install pulp` to compare with CBC)")
            log(f"{scale:9s} {method:22s} skipped, no PuLP")
            continue
        if national and method.startswith("pulp"):
            estimate = _estimate_cbc(results, out)
            if estimate is not None and cap is not None and estimate > cap:
                out[method] = Outcome(method, scale, "skipped",
                                      f"skipped (estimated > {cap:.0f} s: linear extrapolation "
                                      f"from province by LP size gives {estimate:.0f} s)")
                log(f"{scale:9s} {method:22s} skipped, estimate {estimate:.0f} s")
                continue
        log(f"{scale:9s} {method:22s} x{reps} ...")
        res = run_child(method, scale, reps, cap=cap, warmup=not national,
                        csv_dir=csv_dirs.get(scale))
        out[method] = res
        total = res.med("total")
        log(f"{scale:9s} {method:22s} {res.status} "
            + (f"{total:.4f} s (median)" if total is not None else res.note[:300])
            + (f"  peak {res.peak_rss_mb:.0f} MB" if res.peak_rss_mb else ""))
    return out


def _estimate_cbc(results: dict[str, dict[str, Outcome]],
                  national: dict[str, Outcome]) -> float | None:
    """Province CBC seconds scaled linearly by LP size (a lower bound: LP time grows faster)."""
    prov = results.get("province", {}).get("pulp_cbc")
    nat = national.get("blanko_stage1")
    prov_b = results.get("province", {}).get("blanko_stage1")
    if not (prov and nat and prov_b) or prov.status != "ok" or nat.status != "ok":
        return None
    t = prov.med("total")
    v_prov = prov_b.data["runs"][0]["size"]["lp_vars"]
    v_nat = nat.data["runs"][0]["size"]["lp_vars"]
    return None if t is None else t * v_nat / v_prov


def run_scaling(repeats: int, national_repeats: int) -> list[dict[str, Any]]:
    """Full plan with every marginal at each scaling target, each after one untimed
    warm-up solve in its process: a point measures the model's growth, not the one-time
    costs of a process (importing scipy's compiled routines, the allocator's first pages:
    ~0.6 s of CPU at 20,000 areas), which a cold run adds to some points and not others.
    The national rows above are cold runs; the 84,000-area point here is the same
    instance, warm."""
    points = []
    for target in SCALING_TARGETS:
        reps = repeats if target <= 5_000 else national_repeats
        log(f"scaling   {target:>6} areas x{reps} ...")
        res = run_child("blanko_full_marginals", "national", reps, areas=target, warmup=True)
        if res.status != "ok":
            points.append({"target": target, "status": res.status, "note": res.note})
            continue
        inst = res.data["instance"]
        points.append({"target": target, "areas": inst["areas"], "sites": inst["sites"],
                       "seconds": res.med("total"), "peak_rss_mb": res.peak_rss_mb,
                       **_core_and_marginals(res),
                       "status": res.data["runs"][0]["status"],
                       "times": [r["total"] for r in res.data["runs"]],
                       "source": "subset of synthetic national (whole regions)"
                       if inst["areas"] < 83_000 else "synthetic national (all regions)",
                       "library": res.library})
        log(f"scaling   {inst['areas']:>6} areas: {res.med('total'):.3f} s")
    return points


def run_floor_scaling(points: list[dict[str, Any]], repeats: int,
                      national_repeats: int) -> None:
    """The floor's solve seconds at each scaling point (`floor_seconds`), on the same
    subset written as CSV, warm like Blanko's: the flows' own growth, beside which
    Blanko's is read."""
    for p in points:
        if not p.get("areas"):
            continue
        with tempfile.TemporaryDirectory(prefix="blanko-speed-subset-") as tmp:
            folder = write_instance_csvs(national_subset(p["target"]).instance, Path(tmp))
            reps = repeats if p["target"] <= 5_000 else national_repeats
            log(f"scaling   floor {p['target']:>6} areas x{reps} ...")
            res = run_child(FLOOR, "national", reps, areas=p["target"], warmup=True,
                            csv_dir=folder)
        if res.status == "ok":
            p["floor_seconds"] = res.med("solve")
            p["floor_cpu"] = res.med("solve_cpu")


def _core_and_marginals(res: Outcome) -> dict[str, float | None]:
    """Median seconds of the plan without its marginals, and of the marginals alone."""
    runs = [r for r in res.data.get("runs", []) if r.get("marginals_s") is not None]
    if not runs:
        return {"core_seconds": None, "marginal_seconds": None, "core_cpu": None,
                "marginal_cpu": None}
    cpu = [r for r in runs if r.get("marginals_cpu") is not None]
    return {"core_seconds": statistics.median(r["total"] - r["marginals_s"] for r in runs),
            "marginal_seconds": statistics.median(r["marginals_s"] for r in runs),
            "core_cpu": statistics.median(r["solve_cpu"] - r["marginals_cpu"] for r in cpu)
            if cpu else None,
            "marginal_cpu": statistics.median(r["marginals_cpu"] for r in cpu) if cpu else None}


def fit_exponent(points: list[dict[str, Any]], key: str = "seconds"
                 ) -> dict[str, float] | None:
    import numpy as np

    good = [p for p in points if p.get(key)]
    if len(good) < 2:
        return None
    x = np.log([p["areas"] for p in good])
    y = np.log([p[key] for p in good])
    slope, intercept = np.polyfit(x, y, 1)
    pred = slope * x + intercept
    ss_res = float(((y - pred) ** 2).sum())
    ss_tot = float(((y - y.mean()) ** 2).sum())
    return {"exponent": float(slope), "coefficient": float(math.exp(intercept)),
            "r2": 1.0 - ss_res / ss_tot if ss_tot else 1.0}


def plot_scaling(points: list[dict[str, Any]], fit: dict[str, float] | None,
                 path: Path) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import numpy as np
    except ImportError:
        return False
    good = [p for p in points if p.get("seconds")]
    if not good:
        return False
    fig, ax = plt.subplots(figsize=(6.4, 4.4), dpi=120)
    xs = [p["areas"] for p in good]
    ys = [p["seconds"] for p in good]
    ax.loglog(xs, ys, "o", color="tab:blue", label="full plan (median)")
    for x, y in zip(xs, ys, strict=True):
        ax.annotate(f"{y:.2f} s", (x, y), textcoords="offset points", xytext=(6, -12),
                    fontsize=8)
    if fit:
        grid = np.geomspace(min(xs) * 0.8, max(xs) * 1.25, 50)
        ax.loglog(grid, fit["coefficient"] * grid ** fit["exponent"], "--", color="tab:gray",
                  label=f"fit: t ~ areas^{fit['exponent']:.2f} (R² {fit['r2']:.3f})")
    ax.axhline(60.0, color="tab:red", lw=0.8, ls=":", label="national target 60 s")
    ax.set_xlabel("areas (synthetic national, whole regions)")
    ax.set_ylabel("seconds, full plan (equity on)")
    ax.set_title("Blanko full plan: time vs instance size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return True


# --------------------------------------------------------------------------- reporting


def _x(ratio: float | None) -> str:
    """A ratio to the floor, or "—" where the results have none."""
    return "—" if ratio is None else f"{ratio:.2f}"


def _fmt(v: float | None, digits: int = 4) -> str:
    if v is None:
        return "—"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.{digits}f}"


def _load(load: tuple[float, float] | None) -> str:
    return "—" if load is None else f"{load[0]:.1f} → {load[1]:.1f}"


def _obj(o: Outcome) -> str:
    obj = o.objective
    if obj is None:
        return "—"
    if len(obj) == 1:
        return f"{obj[0]:,.1f}" if obj[0] != int(obj[0]) else f"{int(obj[0]):,}"
    return " / ".join(f"{int(v):,}" for v in obj)


def scale_rows(outs: dict[str, Outcome]) -> list[dict[str, Any]]:
    base = outs.get("blanko_stage1")
    b_total = base.med("total") if base and base.status == "ok" else None
    b_model = None
    if b_total is not None and base is not None:
        b_model = (base.med("build") or 0) - (base.med("network") or 0) + (base.med("solve") or 0)
    floor = outs.get(FLOOR)
    floor_solve = floor.med("solve") if floor and floor.status == "ok" else None
    rows = []
    for method, o in outs.items():
        total = o.med("total")
        ratio = ratio_model = None
        # Every row's seconds over the floor's solve seconds, measured in the same run.
        x_floor = total / floor_solve if total is not None and floor_solve else None
        if method == FLOOR and floor_solve and total is not None:
            x_floor = floor_solve / floor_solve
        if method in PEER_METHODS and o.status == "ok" and b_total and total:
            ratio = b_total / total
            p_model = (o.med("build") or 0) - (o.med("network") or 0) + (o.med("solve") or 0)
            ratio_model = b_model / p_model if b_model is not None and p_model else None
        reps = len(o.data.get("runs") or [])
        note = o.note
        if o.status == "ok" and method.startswith("blanko_") and method != "blanko_stage1":
            st = o.data["runs"][0].get("status")
            note = f"status {st}" if st else ""
        rows.append({
            "method": method, "label": LABELS[method], "status": o.status, "note": note,
            "repeats": reps, "network_s": o.med("network"), "build_s": o.med("build"),
            "solve_s": o.med("solve"), "total_s": total, "cpu_s": o.med("cpu"),
            "peak_rss_mb": o.peak_rss_mb, "load": o.load,
            "objective": o.objective, "ratio_total": ratio, "ratio_model_only": ratio_model,
            "x_floor": x_floor,
        })
    return rows


def check_objectives(results: dict[str, dict[str, Outcome]]) -> list[str]:
    problems = []
    for scale, outs in results.items():
        base = outs.get("blanko_stage1")
        if not base or base.status != "ok":
            problems.append(f"{scale}: Blanko stage 1 did not run ({base.note if base else ''})")
            continue
        ref = base.objective
        for o in outs.values():
            if o.status == "error":
                problems.append(f"{scale}: {o.method} failed: {o.note[-600:]}")
            if o.status != "ok" or o.method == "blanko_stage1":
                continue
            for run in o.data["runs"]:
                got = run["objective"]
                if o.method == FLOOR:
                    # Every tier open at once: the most cards in total, which the tiers'
                    # lexicographic maximum also reaches (a polymatroid's greedy base).
                    if got[0] != sum(ref):
                        problems.append(f"{scale}: the floor's max flow {got[0]:,} differs "
                                        f"from Blanko's cards over all tiers {sum(ref):,}")
                elif o.method in PEER_METHODS:
                    if abs(got[0] - ref[0]) > OBJECTIVE_TOL:
                        problems.append(f"{scale}: {o.method} tier-0 objective {got[0]:,.3f} "
                                        f"differs from Blanko's {ref[0]:,} by more than "
                                        f"{OBJECTIVE_TOL} card")
                elif got != ref:
                    problems.append(f"{scale}: {o.method} cards per tier {got} differ from "
                                    f"stage 1 alone {ref}")
                if run.get("status") not in (None, "optimal"):
                    problems.append(f"{scale}: {o.method} returned status {run['status']}")
    return problems


def paired_summary(res: Outcome) -> dict[str, float] | None:
    """Medians of the alternated rounds (`run_paired`): CPU and wall seconds of the floor
    and of the full plan on a fresh instance read into arrays before the clock as the
    floor's is (`blanko_*`: what issue 12 is judged on), on a fresh instance read on the
    clock (`cold_*`: rounds from before 2026-12-01 have none), and on the same instance
    object again (`same_*`), the ratios of the CPU medians, and the marginals' share
    (median over the rounds of marginals / plan CPU seconds, both timed in the same run,
    on the fresh instance read on the clock: a plan's whole time, as the share was always
    taken)."""
    rounds = res.data.get("rounds") if res.status == "ok" else None
    if not rounds:
        return None

    def med(key: str, what: str) -> float:
        return statistics.median(r[key][what] for r in rounds)

    # The marginals' share of a plan's whole time from a validated instance (its rows
    # read on the clock: the cold copy, as the share was always taken; the floor, whose
    # untimed read the judged ratio matches, has no marginals to compare).
    whole = "blanko_cold" if all("blanko_cold" in r for r in rounds) else "blanko"
    cold = {}
    if all("blanko_cold" in r for r in rounds):
        cold = {"cold_cpu": med("blanko_cold", "cpu"),
                "cold_x_floor_cpu": med("blanko_cold", "cpu") / med("floor", "cpu"),
                "floor_read_cpu": med("reads", "floor_read_cpu"),
                "blanko_read_cpu": med("reads", "blanko_read_cpu")}
    return {**cold, "rounds": len(rounds), "floor_cpu": med("floor", "cpu"),
            "blanko_cpu": med("blanko", "cpu"), "same_cpu": med("blanko_same", "cpu"),
            "floor_wall": med("floor", "wall"), "blanko_wall": med("blanko", "wall"),
            "x_floor_cpu": med("blanko", "cpu") / med("floor", "cpu"),
            "x_floor_wall": med("blanko", "wall") / med("floor", "wall"),
            "same_x_floor_cpu": med("blanko_same", "cpu") / med("floor", "cpu"),
            "marginals_wall": med(whole, "marginals"),
            "marginals_cpu": med(whole, "marginals_cpu"),
            "marginal_share": statistics.median(r[whole]["marginals_cpu"] / r[whole]["cpu"]
                                                for r in rounds)}


def _cold(pair: dict[str, float]) -> str:
    """The fresh instance read on the clock, as a clause (none in older results)."""
    if "cold_x_floor_cpu" not in pair:
        return ""
    return (f" its rows read on the clock too {pair['cold_x_floor_cpu']:.2f}x "
            f"({_fmt(pair['cold_cpu'])} s); before the clocks the floor's read of its CSVs "
            f"took {_fmt(pair['floor_read_cpu'])} s, Blanko's of the rows "
            f"{_fmt(pair['blanko_read_cpu'])} s;")


def evaluate_targets(results: dict[str, dict[str, Outcome]], cli: dict[str, Any] | None,
                     load: Outcome | None,
                     paired: dict[str, Outcome] | None = None) -> list[dict[str, Any]]:
    targets = []
    for scale, outs in results.items():
        base = outs.get("blanko_stage1")
        b_total = base.med("total") if base and base.status == "ok" else None
        peers = [outs[m] for m in PEER_METHODS if m in outs]
        finished = [(o.med("total"), o.method) for o in peers if o.status == "ok"]
        finished = [(t, m) for t, m in finished if t is not None]
        unfinished = [o for o in peers if o.status == "timeout"
                      or (o.status == "skipped" and "estimated" in o.note)]
        if b_total is None:
            verdict, measured = "FAIL", "Blanko stage 1 did not run"
        elif finished:
            fastest, name = min(finished)
            ratio = b_total / fastest
            verdict = "PASS" if ratio <= TARGET_STAGE1_RATIO else "FAIL"
            measured = f"{ratio:.3f}x ({_fmt(b_total)} s vs {name} {_fmt(fastest)} s)"
        elif unfinished:
            bound = min(_lower_bound(o) for o in unfinished)
            ratio = b_total / bound
            verdict = "PASS" if ratio <= TARGET_STAGE1_RATIO else "FAIL"
            measured = (f"< {ratio:.3f}x (no peer finished; the fastest took more than "
                        f"{bound:.0f} s)")
        else:
            verdict, measured = "n/a", "no peer ran"
        targets.append({"target": f"{scale}: stage 1 Blanko <= {TARGET_STAGE1_RATIO}x the "
                                  f"fastest peer (total s)", "measured": measured,
                        "verdict": verdict})
        full = outs.get("blanko_full")
        limit = TARGET_FULL_S[scale]
        if full and full.status == "ok":
            t = full.med("total")
            ok = t is not None and t <= limit
            targets.append({"target": f"{scale}: full plan <= {limit:g} s",
                            "measured": f"{_fmt(t)} s", "verdict": "PASS" if ok else "FAIL"})
            if scale == "national":
                rss = full.peak_rss_mb or 0.0
                targets.append({"target": "national: full plan peak RSS <= 4 GiB",
                                "measured": f"{rss:,.0f} MB",
                                "verdict": "PASS" if rss <= TARGET_NATIONAL_RSS_MB else "FAIL"})
        else:
            targets.append({"target": f"{scale}: full plan <= {limit:g} s",
                            "measured": full.note if full else "not run", "verdict": "FAIL"})
    if cli is not None:
        if cli.get("status") == "ok":
            ok = cli["median"] <= TARGET_CLI_S
            targets.append({"target": f"CLI end to end `{cli['command']}` <= {TARGET_CLI_S} s",
                            "measured": f"{cli['median']:.3f} s",
                            "verdict": "PASS" if ok else "FAIL"})
        else:
            targets.append({"target": f"CLI end to end <= {TARGET_CLI_S} s",
                            "measured": cli.get("note", ""), "verdict": "FAIL"})
    if load is not None:
        if load.status == "ok":
            v = statistics.median(load.data["validate"])
            c = statistics.median(load.data["csv_load"])
            targets.append({"target": "national load + validate "
                                      "(`Instance.model_validate(instance.model_dump())`) <= 2 s",
                            "measured": f"{v:.3f} s",
                            "verdict": "PASS" if v <= TARGET_LOAD_S else "FAIL"})
            targets.append({"target": "national load from CSV (`optimizer.io.load_instance`) "
                                      "<= 2 s",
                            "measured": f"{c:.3f} s",
                            "verdict": "PASS" if c <= TARGET_LOAD_S else "FAIL"})
        else:
            targets.append({"target": "national load + validate <= 2 s",
                            "measured": load.note, "verdict": "FAIL"})
    return targets + issue12_targets(results, cli, load, paired or {})


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def issue12_targets(results: dict[str, dict[str, Outcome]], cli: dict[str, Any] | None,
                    load: Outcome | None, paired: dict[str, Outcome]
                    ) -> list[dict[str, Any]]:
    """Issue 12's targets, each figure beside the floor measured in the same run.

    Where the floor and the full plan were alternated in one process (`paired`: city
    and province), the full plan's ratio to the floor and the marginals' share come from
    those rounds (CPU medians; wall beside them); the separate runs' ratio is shown
    beside it. National is one cold run of each in its own process."""
    out: list[dict[str, Any]] = []
    if cli is not None and cli.get("status") == "ok":
        x = cli["x_floor"]["plan"]
        m = cli["medians"]
        out.append({"target": f"[12] Palembang plan + JSON, whole process <= "
                              f"{TARGET_PROCESS_X_FLOOR}x the floor script",
                    "measured": f"{x:.2f}x ({m['plan']:.3f} s vs floor {m['floor']:.3f} s; "
                                f"CPU {cli['cpu_x_floor']['plan']:.2f}x)",
                    "verdict": _verdict(x <= TARGET_PROCESS_X_FLOOR)})
        out.append({"target": f"[12] `blanko --help` <= {TARGET_HELP_S} s",
                    "measured": f"{m['help']:.3f} s ({cli['x_floor']['help']:.2f}x floor; bare "
                                f"`python -c pass` {m['python']:.3f} s)",
                    "verdict": _verdict(m["help"] <= TARGET_HELP_S)})
    for scale, outs in results.items():
        floor = outs.get(FLOOR)
        f_solve = floor.med("solve") if floor and floor.status == "ok" else None
        with_m, without = outs.get("blanko_full_marginals"), outs.get("blanko_full")
        best = with_m if with_m and with_m.status == "ok" else without
        pair = paired_summary(paired[scale]) if scale in paired else None
        if pair is not None:
            sep = (f"; separate runs {(best.med('total') or 0.0) / f_solve:.2f}x"
                   if f_solve and best is with_m and best and best.status == "ok" else "")
            out.append({"target": f"[12] {scale}: full plan with marginals <= "
                                  f"{TARGET_FULL_X_FLOOR}x the floor's solve",
                        "measured": f"{pair['x_floor_cpu']:.2f}x CPU ({_fmt(pair['blanko_cpu'])}"
                                    f" s vs {_fmt(pair['floor_cpu'])} s, a fresh instance each "
                                    f"round, read into arrays before the clock as the floor's "
                                    f"is; wall {pair['x_floor_wall']:.2f}x;{_cold(pair)} the same "
                                    f"instance object again {pair['same_x_floor_cpu']:.2f}x; "
                                    f"alternated in one process, median of {pair['rounds']} "
                                    f"rounds{sep})",
                        "verdict": _verdict(pair["x_floor_cpu"] <= TARGET_FULL_X_FLOOR)})
            out.append({"target": f"[12] {scale}: marginals <= "
                                  f"{TARGET_MARGINAL_SHARE:.0%} of the plan's time",
                        "measured": f"{pair['marginal_share']:.1%} of CPU ("
                                    f"{_fmt(pair['marginals_cpu'])} s of "
                                    f"{_fmt(pair.get('cold_cpu', pair['blanko_cpu']))} s, "
                                    f"the plan's whole time from a validated instance; "
                                    f"median of the {pair['rounds']} alternated rounds)",
                        "verdict": _verdict(pair["marginal_share"] <= TARGET_MARGINAL_SHARE)})
        elif scale == "national" and f_solve and best is with_m and best and best.status == "ok":
            # One cold run of each in its own process, minutes apart: CPU seconds (the
            # plan's run against the floor's solve) judge, since the machine's load may
            # differ between the two; wall seconds beside them.
            t, t_cpu, f_cpu = best.med("total") or 0.0, best.med("cpu"), floor.med("solve_cpu")
            if t_cpu and f_cpu:
                out.append({"target": f"[12] {scale}: full plan with marginals <= "
                                      f"{TARGET_FULL_X_FLOOR}x the floor's solve",
                            "measured": f"{t_cpu / f_cpu:.2f}x CPU ({_fmt(t_cpu)} s vs "
                                        f"{_fmt(f_cpu)} s; wall {t / f_solve:.2f}x, {_fmt(t)} s "
                                        f"vs {_fmt(f_solve)} s; one cold run each, with every "
                                        f"marginal)",
                            "verdict": _verdict(t_cpu / f_cpu <= TARGET_FULL_X_FLOOR)})
        elif f_solve and best and best.status == "ok":
            t = best.med("total") or 0.0
            what = "with every marginal" if best is with_m else "marginals NOT run here"
            out.append({"target": f"[12] {scale}: full plan with marginals <= "
                                  f"{TARGET_FULL_X_FLOOR}x the floor's solve",
                        "measured": f"{t / f_solve:.2f}x ({_fmt(t)} s vs {_fmt(f_solve)} s; "
                                    f"{what})",
                        "verdict": _verdict(t / f_solve <= TARGET_FULL_X_FLOOR
                                            if best is with_m else False)})
        if with_m and with_m.status == "ok" and pair is None:
            # Timed inside the same runs (the card marginals and the shadow prices), not
            # as the difference of two runs, which the machine's noise can swamp.
            # CPU seconds, both inside the same run (wall beside them in the text).
            parts = _core_and_marginals(with_m)
            tm, spent = with_m.med("solve_cpu") or 0.0, with_m.med("marginals_cpu")
            if spent is not None and tm:
                share = spent / tm
                out.append({"target": f"[12] {scale}: marginals <= "
                                      f"{TARGET_MARGINAL_SHARE:.0%} of the plan's time",
                            "measured": f"{share:.0%} of CPU ({_fmt(spent)} s of "
                                        f"{_fmt(tm)} s; wall {_fmt(parts['marginal_seconds'])} s "
                                        f"of {_fmt(with_m.med('total'))} s; median of the runs "
                                        f"with marginals)",
                            "verdict": _verdict(share <= TARGET_MARGINAL_SHARE)})
        if scale == "national" and with_m and with_m.status == "ok":
            t, rss = with_m.med("total") or 0.0, with_m.peak_rss_mb or 0.0
            statuses = {r.get("status") for r in with_m.data.get("runs", [])}
            ok = (t <= TARGET_NATIONAL_S and rss <= TARGET_NATIONAL_RSS_12_MB
                  and statuses == {"optimal"})
            out.append({"target": f"[12] national full plan with every marginal <= "
                                  f"{TARGET_NATIONAL_S:g} s and <= 1 GiB, optimal",
                        "measured": f"{_fmt(t)} s, {rss:,.0f} MB, "
                                    f"status {'/'.join(sorted(map(str, statuses)))}",
                        "verdict": _verdict(ok)})
    if load is not None and load.status == "ok":
        c = statistics.median(load.data["csv_load"])
        out.append({"target": f"[12] national CSVs read and validated <= {TARGET_LOAD_12_S:g} s",
                    "measured": f"{c:.3f} s", "verdict": _verdict(c <= TARGET_LOAD_12_S)})
    return out


def library_changes(results: dict[str, dict[str, Outcome]], cli: dict[str, Any] | None,
                    scaling: list[dict[str, Any]] | None) -> str:
    """'' when every measurement saw the same optimizer/*.py, else which saw which."""
    seen: dict[str, list[str]] = defaultdict(list)
    for scale, outs in results.items():
        for method, o in outs.items():
            if o.library:
                seen[o.library].append(f"{scale}/{method}")
    if cli and cli.get("library"):
        seen[cli["library"]].append("cli")
    for p in scaling or []:
        if p.get("library"):
            seen[p["library"]].append(f"scaling/{p['target']}")
    if len(seen) <= 1:
        return ""
    parts = [f"{lib}: {', '.join(names)}" for lib, names in seen.items()]
    return ("the library (optimizer/*.py) changed during the run; measurements by "
            "fingerprint: " + "; ".join(parts))


def _lower_bound(o: Outcome) -> float:
    """Seconds a peer that did not finish is known to need at least."""
    for word in o.note.split():
        with contextlib.suppress(ValueError):
            return float(word)
    return math.inf


def render_markdown(cmd: str, info: dict[str, Any], results: dict[str, dict[str, Outcome]],
                    rows: dict[str, list[dict[str, Any]]], targets: list[dict[str, Any]],
                    cli: dict[str, Any] | None, load: Outcome | None,
                    scaling: list[dict[str, Any]] | None, fit: dict[str, float] | None,
                    args: argparse.Namespace, runtime: float, problems: list[str],
                    profile: Outcome | None, changed: str = "",
                    paired: dict[str, Outcome] | None = None) -> str:
    v = info["versions"]
    lines = [
        "# Blanko speed benchmark",
        "",
        "Regenerate (from the repository root, in the project's environment):",
        "",
        "```bash",
        cmd,
        "```",
        "",
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM; "
        f"{info['platform']}",
        f"- Python {info['python']}; OR-Tools {v['ortools']}, scipy {v['scipy']} (HiGHS via "
        f"`linprog`), PuLP {v['pulp']} (bundled CBC), numpy {v['numpy']}, pydantic "
        f"{v['pydantic']}, pandas {v['pandas']}",
        f"- Date: {info['date']}; blanko commit {info['commit'] or 'unknown'}",
        f"- Repeats: median of {args.repeats} at city and province (after one untimed warm-up "
        f"in the same process); national: median of {args.national_repeats} for Blanko, 1 run "
        f"for each peer (no warm-up). Each method runs in a fresh subprocess. Issue 12's "
        f"ratios at city and province come from the floor and the full plan alternated in "
        f"one process ({', '.join(f'{k} {v} rounds' for k, v in PAIRED_ROUNDS.items())}; "
        f"section \"Floor and full plan alternated\").",
        f"- Whole benchmark took {runtime / 60:.1f} min. Library fingerprint (sha256 of "
        f"optimizer/*.py): {info.get('library', '?')}.",
        "",
    ]
    if changed:
        lines += [f"**Warning:** {changed}", ""]
    if problems:
        lines += ["## FAILED CHECKS", ""] + [f"- {p}" for p in problems] + [""]
    lines += ["## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['measured']} | **{t['verdict']}** |" for t in targets]
    if fit:
        n_points = len([p for p in scaling or [] if p.get("seconds")])
        lines += ["", f"Scaling exponent of the full plan: time ~ areas^**{fit['exponent']:.2f}**"
                      f" (log-log least squares over {n_points} points, R² {fit['r2']:.3f}); "
                      f"see below."]
        if "core" in fit and "marginal" in fit:
            ok = fit["core"] <= 1.15 and fit["marginal"] <= 1.15
            lines += ["", f"[12] Apart (CPU seconds): core ~ areas^**{fit['core']:.2f}**, "
                          f"marginals ~ "
                          f"areas^**{fit['marginal']:.2f}** (target both <= areas^1.15): "
                          f"**{_verdict(ok)}**."
                          + (f" The floor's own solve on the same subsets: "
                             f"areas^{fit['floor']:.2f}." if "floor" in fit else "")]
    lines += [""]
    if paired:
        lines += ["## Floor and full plan alternated", "",
                  "One process per scale (`--one paired`): one untimed run of each, then "
                  "rounds of one floor solve and three full plans with every marginal, the "
                  "order flipped each round, so all see the same load: one on a fresh copy "
                  "of the instance whose rows were read into sorted arrays before the clock, "
                  "as the floor reads its CSVs into the same arrays before its clock (Blanko "
                  "builds its allowed pairs, network, input hash and warnings again, as the "
                  "floor builds its network every run: the figure judged), one on a fresh "
                  "copy read on the clock (*cold*), one on the same instance object again "
                  "(Blanko keeps all of those per object, as the service does for a bundled "
                  "dataset). Medians over the rounds; *x floor* "
                  "is the ratio of the medians; the marginals' share is the median of each "
                  "round's marginals CPU seconds over its plan's (the cold copy: a plan's "
                  "whole time from a validated instance). "
                  "The rows per method above time the same instance object again.", "",
                  "| scale | rounds | floor CPU s | plan CPU s | x floor (CPU) | floor wall s "
                  "| plan wall s | x floor (wall) | cold: plan CPU s | x floor | "
                  "same object: plan CPU s | x floor | marginals s | marginals' share | "
                  "before the clock: floor's read CPU s | Blanko's read CPU s | load avg |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
                  "|---:|---:|---|"]
        for scale, o in paired.items():
            sm = paired_summary(o)
            if sm is None:
                lines.append(f"| {scale} | failed: {o.note[:200]} |||||||||||||||")
                continue
            lines.append(
                f"| {scale} | {sm['rounds']} | {_fmt(sm['floor_cpu'])} | "
                f"{_fmt(sm['blanko_cpu'])} | {sm['x_floor_cpu']:.2f} | {_fmt(sm['floor_wall'])} "
                f"| {_fmt(sm['blanko_wall'])} | {sm['x_floor_wall']:.2f} | "
                f"{_fmt(sm.get('cold_cpu'))} | {_x(sm.get('cold_x_floor_cpu'))} | "
                f"{_fmt(sm['same_cpu'])} | {sm['same_x_floor_cpu']:.2f} | "
                f"{_fmt(sm['marginals_wall'])} | {sm['marginal_share']:.0%} | "
                f"{_fmt(sm.get('floor_read_cpu'))} | {_fmt(sm.get('blanko_read_cpu'))} | "
                f"{_load(o.load)} |")
        lines += [""]
    for scale, outs in results.items():
        any_ok = next((o for o in outs.values() if o.status == "ok" and "instance" in o.data),
                      None)
        inst = any_ok.data["instance"] if any_ok else {}
        size = {}
        base = outs.get("blanko_stage1")
        if base and base.status == "ok":
            size = base.data["runs"][0]["size"]
        lines += [
            f"## {scale}",
            "",
            f"{inst.get('name', scale)}: {inst.get('sites', '?'):,} sites, "
            f"{inst.get('areas', '?'):,} areas, {inst.get('districts', '?'):,} districts; "
            f"shipment {inst.get('blanks', 0):,} blanks; max_travel_km "
            f"{inst.get('max_travel_km')}. Network: {size.get('pairs', 0):,} allowed pairs, "
            f"{size.get('nodes', 0):,} nodes, {size.get('arcs', 0):,} arcs; peers' LP: "
            f"{size.get('lp_vars', 0):,} variables, {size.get('lp_rows', 0):,} rows.",
            "",
            "| method | build s | (network s) | solve s | total s | x floor | CPU s | "
            "peak RSS MB | objective (cards: tier 0 / tier 1) | Blanko / peer (total) | "
            "Blanko / peer (model only) | runs | load avg | note |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        for r in rows[scale]:
            obj = _obj(outs[r["method"]])
            lines.append(
                f"| {r['label']} | {_fmt(r['build_s'])} | {_fmt(r['network_s'])} | "
                f"{_fmt(r['solve_s'])} | {_fmt(r['total_s'])} | {_fmt(r['x_floor'], 2)} | "
                f"{_fmt(r['cpu_s'])} | "
                f"{_fmt(r['peak_rss_mb'], 0) if r['peak_rss_mb'] else '—'} | {obj} | "
                f"{_fmt(r['ratio_total'], 3)} | {_fmt(r['ratio_model_only'], 3)} | "
                f"{r['repeats'] or '—'} | {_load(r['load'])} | "
                f"{r['note'].replace('|', '/')[:240]} |")
        lines.append("")
    lines += [
        "*x floor* = the row's total seconds over the floor's *solve* seconds at that scale "
        "(the floor's network build, one max flow and its per-part min-cost flows; its "
        "*build* column is reading the CSVs), both measured in this run. "
        "Columns: *build* = compile_network (allowed pairs, arrays; the *network* column) + "
        "building the solver's model (Blanko: node/arc arrays and OR-Tools' batch "
        "`add_arcs_with_capacity`; HiGHS: a scipy.sparse matrix; PuLP: one Python object per "
        "variable and constraint). *solve* = Blanko: one max flow per tier; HiGHS: `linprog`; "
        "PuLP: `prob.solve()` (writes the model file, runs CBC, reads the solution). For "
        "`solve()` rows only the in-process total is measured. *Blanko / peer* divides "
        "Blanko's stage-1 total by the peer's total (and, in the last ratio column, without "
        "compile_network on either side). *CPU s* = user + system seconds of the process "
        "and its children (CBC), all threads, median. Peers maximize tier 0 only; Blanko's "
        "stage-1 figure covers every tier. Peak RSS includes the Python interpreter, the "
        "imports and the instance itself. *load avg* = the machine's 1-minute load average "
        "when the subprocess started and ended (2 cores: above 2 means other work competed "
        "for the CPU and wall times are inflated; compare CPU s).",
        "",
    ]
    if cli:
        lines += ["## Whole process: Blanko beside the floor", ""]
        if cli.get("status") == "ok":
            m, c = cli["medians"], cli["cpu_medians"]
            runs = len(cli["times"])
            lines += [
                f"Cold interpreter each run; the four commands interleaved in each of {runs} "
                f"rounds, medians. JSON written: Blanko {cli['json_bytes']['plan']:,} bytes, "
                f"floor {cli['json_bytes']['floor']:,} bytes. `blanko` installed "
                f"{cli.get('install', 'unknown')} (the README installs it non-editable: an "
                f"editable install adds its import finder to every start).", "",
                "| command | wall s | x floor | CPU s | CPU x floor | runs (wall s) |",
                "|---|---:|---:|---:|---:|---|",
            ]
            names = {"floor": "`python benchmarks/floor.py --data data/palembang --blanks "
                              f"{CLI_BLANKS} --max-travel-km 8 --out F`",
                     "plan": f"`{cli['command']}`", "help": "`blanko --help`",
                     "python": "`python -c pass` (the interpreter alone)"}
            for key, label in names.items():
                lines.append(f"| {label} | {m[key]:.3f} | {cli['x_floor'][key]:.2f} | "
                             f"{c[key]:.3f} | {cli['cpu_x_floor'][key]:.2f} | "
                             f"{', '.join(f'{t:.3f}' for t in cli['all_times'][key])} |")
            lines += ["", "Imports of the plan command (`python -X importtime`, own time summed "
                          "by top-level package, one run):", "",
                      "| package | ms |", "|---|---:|"]
            lines += [f"| {r['package']} | {r['ms']:.0f} |" for r in cli.get("imports", [])]
            lines.append("")
        else:
            lines += [f"failed: {cli.get('note')}", ""]
    if load:
        lines += ["## Loading and validating the national instance", ""]
        if load.status == "ok":
            d = load.data
            lines += [
                f"{d['sites']:,} sites, {d['areas']:,} areas. Median of "
                f"{len(d['validate'])} (peak RSS of that process {_fmt(load.peak_rss_mb, 0)} MB):",
                "",
                "| step | seconds |", "|---|---:|",
                f"| generate (`datasets.synthetic('national', 0)`, once) | {d['generate']:.3f} |",
                f"| `instance.model_dump()` | {statistics.median(d['dump']):.3f} |",
                f"| `Instance.model_validate(dump)` (load and validate) | "
                f"{statistics.median(d['validate']):.3f} |",
                f"| write sites/areas/districts.csv (once) | {d['csv_write']:.3f} |",
                f"| `optimizer.io.load_instance(folder)` (read CSV + validate) | "
                f"{statistics.median(d['csv_load']):.3f} |",
                "",
                "CSV sizes: " + ", ".join(f"{k} {v / 1e6:.1f} MB"
                                          for k, v in sorted(d["csv_bytes"].items())) + "; "
                f"the instance read back equals the generated one: {d['csv_roundtrip_equal']}.",
                "",
            ]
        else:
            lines += [f"failed: {load.note}", ""]
    if scaling is not None:
        lines += ["## Scaling of the full plan", "",
                  "Synthetic national instance cut to its first whole regions (14 districts "
                  "each; every area and site of a district kept together; blanks scaled with "
                  "the first-time backlog); full plan, equity on, with every marginal, to "
                  "optimality; *marginals s* = the card marginals and the travel shadow prices "
                  "alone, *core s* = the rest. A subset's peak RSS includes generating the "
                  "whole national instance first. Every point, Blanko's and the floor's, is "
                  "timed after one untimed warm-up run in its process (the national rows "
                  "above are cold runs).",
                  "*floor solve s* = the floor's solve on the same subset written as CSV. "
                  "The *CPU s* columns are the same runs' CPU seconds, which the exponents "
                  "of core, marginals and floor are fitted on.",
                  "", "| target areas | areas | sites | seconds (median) | core s | marginals s "
                  "| floor solve s | core CPU s | marginals CPU s | floor CPU s | peak RSS MB | "
                  "status | source |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
        for p in scaling:
            lines.append(f"| {p['target']:,} | {p.get('areas', 0):,} | {p.get('sites', 0):,} | "
                         f"{_fmt(p.get('seconds'))} | {_fmt(p.get('core_seconds'))} | "
                         f"{_fmt(p.get('marginal_seconds'))} | {_fmt(p.get('floor_seconds'))} | "
                         f"{_fmt(p.get('core_cpu'))} | {_fmt(p.get('marginal_cpu'))} | "
                         f"{_fmt(p.get('floor_cpu'))} | {_fmt(p.get('peak_rss_mb'), 0)} | "
                         f"{p.get('status')} | {p.get('source', p.get('note', ''))} |")
        lines.append("")
        if fit:
            lines += [f"Fit: seconds = {fit['coefficient']:.3g} x areas^{fit['exponent']:.2f} "
                      f"(R² {fit['r2']:.3f}). Plot: [scaling.png](scaling.png).", ""]
            if "core" in fit and "marginal" in fit:
                lines += [f"Apart (CPU seconds): core ~ areas^{fit['core']:.2f} "
                          f"(R² {fit['core_r2']:.3f}), "
                          f"marginals ~ areas^{fit['marginal']:.2f} "
                          f"(R² {fit['marginal_r2']:.3f}); target both <= areas^1.15.", ""]
            if "floor" in fit:
                lines += [f"The floor's solve (its network, one max flow, the per-part min-cost "
                          f"flows) on the same subsets ~ areas^{fit['floor']:.2f} "
                          f"(R² {fit['floor_r2']:.3f}).", ""]
    if profile and profile.status == "ok":
        lines += ["## Profile of the national full plan (cProfile, by own time)", "",
                  f"Wall time under the profiler: {profile.data['wall']:.1f} s.", "",
                  "| function | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
        for r in profile.data["top"][:10]:
            lines.append(f"| `{r['function']}` | {r['calls']:,} | {r['tottime']:.2f} | "
                         f"{r['cumtime']:.2f} |")
        lines.append("")
    return "\n".join(lines)


def print_tables(results: dict[str, dict[str, Outcome]], rows: dict[str, list[dict[str, Any]]],
                 targets: list[dict[str, Any]], fit: dict[str, float] | None) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        for scale in results:
            print(scale, json.dumps(rows[scale], indent=1, default=str))
        for t in targets:
            print(t)
        return
    console = Console(width=200)
    for scale, outs in results.items():
        table = Table(title=f"{scale}", show_lines=False)
        for col in ("method", "build s", "(network s)", "solve s", "total s", "CPU s",
                    "peak RSS MB", "objective", "Blanko/peer", "B/p model", "load", "note"):
            table.add_column(col, justify="left" if col in ("method", "note") else "right")
        for r in rows[scale]:
            table.add_row(r["label"], _fmt(r["build_s"]), _fmt(r["network_s"]),
                          _fmt(r["solve_s"]), _fmt(r["total_s"]), _fmt(r["cpu_s"]),
                          _fmt(r["peak_rss_mb"], 0) if r["peak_rss_mb"] else "—",
                          _obj(outs[r["method"]]), _fmt(r["ratio_total"], 3),
                          _fmt(r["ratio_model_only"], 3), _load(r["load"]), r["note"][:60])
        console.print(table)
    table = Table(title="targets")
    for col in ("target", "measured", "verdict"):
        table.add_column(col)
    for t in targets:
        style = "green" if t["verdict"] == "PASS" else "red"
        table.add_row(t["target"], t["measured"], f"[{style}]{t['verdict']}[/]")
    console.print(table)
    if fit:
        console.print(f"scaling exponent: {fit['exponent']:.2f} (R² {fit['r2']:.3f})")


def outcome_json(o: Outcome | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"method": o.method, "scale": o.scale, "status": o.status, "note": o.note,
            "peak_rss_mb": o.peak_rss_mb, "sampled_tree_rss_mb": o.sampled_tree_rss_mb,
            "wall_s": o.wall, "load_avg_1min_before_after": o.load, "library": o.library,
            "data": o.data,
            "median": {k: o.med(k) for k in ("network", "build", "solve", "total", "cpu")}}


def parent_main(args: argparse.Namespace) -> int:
    t_start = time.perf_counter()
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        print(f"unknown scale(s) {unknown}; known: {', '.join(SCALES)}", file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    if not out_dir.is_absolute():
        out_dir = Path.cwd() / out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    caps = {"highs_linprog": args.cap_highs, "pulp_cbc": args.cap_cbc,
            "pulp_cbc_int": args.cap_cbc}
    info = machine()
    info["library"] = library_fingerprint()
    log(f"machine: {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB; "
        f"Python {info['python']}")

    # Everything quick first, the capped national peers last: the Blanko figures are then
    # taken close together (another session may change the library while this runs).
    results: dict[str, dict[str, Outcome]] = {}
    paired: dict[str, Outcome] = {}
    deferred: list[str] = []
    only = {m.strip() for m in args.methods.split(",") if m.strip()} if args.methods else None
    csv_root = Path(tempfile.mkdtemp(prefix="blanko-speed-csv-"))
    for scale in scales:
        national = scale == "national"
        reps = args.national_repeats if national else args.repeats
        methods = methods_for(scale)
        if only is not None:
            methods = [m for m in methods if m in only or m in ("blanko_stage1", FLOOR)]
        if FLOOR in methods:
            csv_dirs[scale] = write_scale_csvs(scale, csv_root / scale)
        if national:
            deferred = [m for m in methods if m in PEER_METHODS]
            methods = [m for m in methods if m not in PEER_METHODS]
        results[scale] = run_scale(scale, reps, caps, results, methods)
        if scale in PAIRED_ROUNDS and scale in csv_dirs:
            log(f"{scale:9s} floor and full plan alternated x{PAIRED_ROUNDS[scale]} ...")
            paired[scale] = run_child("paired", scale, PAIRED_ROUNDS[scale],
                                      csv_dir=csv_dirs[scale])
            log(f"{scale:9s} paired: {paired_summary(paired[scale]) or paired[scale].note}")

    cli = None
    if "city" in scales and not args.skip_cli:
        log(f"CLI end to end x{args.cli_repeats} ...")
        cli = time_cli(args.cli_repeats)
        log(f"CLI: {cli.get('median', cli.get('note'))}")
    load = None
    if "national" in scales and not args.skip_load:
        log(f"national load + validate x{args.national_repeats} ...")
        load = run_child("load_validate", "national", max(args.national_repeats, 3))
        if load.status == "ok":
            log(f"validate {statistics.median(load.data['validate']):.3f} s, CSV "
                f"{statistics.median(load.data['csv_load']):.3f} s")
        else:
            log(f"load: {load.note[:500]}")
    scaling = fit = None
    if "national" in scales and not args.skip_scaling:
        scaling = run_scaling(args.repeats, args.national_repeats)
        run_floor_scaling(scaling, args.repeats, args.national_repeats)
        fit = fit_exponent(scaling)
        if fit is not None:
            # Apart, on CPU seconds (each point's core and marginals timed in the same
            # runs; the floor's solve likewise): the machine's other work moves wall
            # seconds of the big points more than of the small ones.
            for key in ("core_cpu", "marginal_cpu", "floor_cpu"):
                part = fit_exponent(scaling, key)
                if part is not None:
                    fit[key.split("_")[0]] = part["exponent"]
                    fit[key.split("_")[0] + "_r2"] = part["r2"]
        plot_scaling(scaling, fit, out_dir / "scaling.png")
    profile = None
    if args.profile and "national" in scales:
        log("profiling the national full plan ...")
        profile = run_child("profile", "national", 1)
        if profile.status == "ok":
            print(profile.data["text"])

    stages = None
    stage_scales = [s for s in scales if s in ("city", "province")]
    if stage_scales and not args.skip_stages:
        log(f"stages apart (level 2b, marginals, lots) at {','.join(stage_scales)} ...")
        stages = run_stages(stage_scales, args.repeats)
    if deferred:
        run_scale("national", args.national_repeats, caps, results, deferred,
                  out=results["national"])
    shutil.rmtree(csv_root, ignore_errors=True)

    problems = check_objectives(results)
    changed = library_changes(results, cli, scaling)
    if changed:
        log("WARNING: " + changed)
    rows = {scale: scale_rows(outs) for scale, outs in results.items()}
    targets = evaluate_targets(results, cli, load, paired)
    runtime = time.perf_counter() - t_start
    cmd = ("python -m benchmarks.speed --scales " + ",".join(scales)
           + f" --repeats {args.repeats} --national-repeats {args.national_repeats}"
           + f" --cap-highs {args.cap_highs:g} --cap-cbc {args.cap_cbc:g}"
           + (" --profile" if args.profile else "")
           + (f" --methods {args.methods}" if args.methods else "")
           + "".join(f" --{flag.replace('_', '-')}" for flag in ("skip_cli", "skip_load",
                                                                  "skip_scaling",
                                                                  "skip_stages")
                     if getattr(args, flag))
           + " --out benchmarks/results")
    md = render_markdown(cmd, info, results, rows, targets, cli, load, scaling, fit, args,
                         runtime, problems, profile, changed, paired)
    if stages:
        md += "\n\n" + stages
    (out_dir / "speed.md").write_text(md + "\n", encoding="utf-8")
    raw = {"command": cmd, "machine": info, "runtime_s": runtime, "problems": problems,
           "library_changed": changed,
           "targets": targets, "rows": rows,
           "outcomes": {s: {m: outcome_json(o) for m, o in outs.items()}
                        for s, outs in results.items()},
           "cli": cli, "load": outcome_json(load), "scaling": scaling, "fit": fit,
           "profile": outcome_json(profile),
           "paired": {scale: {"summary": paired_summary(o), **outcome_json(o)}
                      for scale, o in paired.items()}}
    (out_dir / "speed.json").write_text(json.dumps(raw, indent=1, default=str) + "\n",
                                        encoding="utf-8")
    print_tables(results, rows, targets, fit)
    log(f"wrote {out_dir / 'speed.md'} and speed.json; benchmark took {runtime / 60:.1f} min")
    if problems:
        print("\nFAILED CHECKS:", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    return 0


def readme_table(raw: dict[str, Any]) -> str:
    """The README's speed section body, from a speed.json (machine, load, every ratio)."""
    info = raw["machine"]
    loads = [o["load_avg_1min_before_after"] for outs in raw["outcomes"].values()
             for o in outs.values() if o.get("load_avg_1min_before_after")]
    flat = [v for pair in loads for v in pair]
    load = (f"1-minute load average {min(flat):.1f}-{max(flat):.1f} on {info['cores']} cores"
            if flat else "load not recorded")
    lines = [f"Measured {info['date']} on {info['cpu']}, {info['cores']} cores, "
             f"{info['ram_gib']} GiB RAM, Python {info['python']} ({load}; above "
             f"{info['cores']} other work shared the machine, so compare the ratios, "
             f"which come from the same run). Regenerate: `{raw['command']}`, then "
             f"`python -m benchmarks.speed --readme-table`.", "",
             "| scale | areas x sites | floor solve | Blanko stage 1 | HiGHS | PuLP + CBC | "
             "full plan (x floor) | full plan + marginals (x floor) | peak RSS |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    names = {"city": "Palembang", "province": "synthetic province",
             "national": "synthetic national"}
    for scale, rows in raw["rows"].items():
        by = {r["method"]: r for r in rows}
        outs = raw["outcomes"][scale]
        inst = next((o["data"]["instance"] for o in outs.values()
                     if o["status"] == "ok" and "instance" in o["data"]), {})

        def cell(method: str, ratio: bool = False,
                 by: dict[str, dict[str, Any]] = by) -> str:
            r = by.get(method)
            if r is None:
                return "not run"
            if r["status"] == "timeout":
                return f"> {_lower_bound_text(r['note'])} s"
            if r["status"] != "ok":
                return r["status"]
            text = f"{_fmt(r['total_s'])} s"
            return f"{text} ({r['x_floor']:.2f}x)" if ratio and r.get("x_floor") else text

        floor = by.get(FLOOR)
        rss = by.get("blanko_full", {}).get("peak_rss_mb")
        lines.append(
            f"| {names.get(scale, scale)} | {inst.get('areas', 0):,} x {inst.get('sites', 0):,} "
            f"| {_fmt(floor['solve_s']) + ' s' if floor and floor['solve_s'] else '—'} "
            f"| {cell('blanko_stage1')} | {cell('highs_linprog')} | {cell('pulp_cbc')} "
            f"| {cell('blanko_full', True)} | {cell('blanko_full_marginals', True)} "
            f"| {f'{rss:,.0f} MB' if rss else '—'} |")
    pairs = {scale: p["summary"] for scale, p in (raw.get("paired") or {}).items()
             if p.get("summary")}
    if pairs:
        lines += ["", "Floor and full plan with every marginal alternated in one process "
                      "(CPU medians; the ratios issue 12 is judged by: a fresh instance each "
                      "round, read into arrays before the clock as the floor reads its CSVs, "
                      "its network built again as the floor's is; *cold*: its rows read on "
                      "the clock too):", "",
                  "| scale | floor solve | full plan + marginals | x floor | cold | x floor "
                  "| same instance object again | x floor | marginals' share |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {names.get(scale, scale)} | {_fmt(sm['floor_cpu'])} s | "
                  f"{_fmt(sm['blanko_cpu'])} s | {sm['x_floor_cpu']:.2f} | "
                  f"{_fmt(sm.get('cold_cpu'))}{' s' if 'cold_cpu' in sm else ''} | "
                  f"{_x(sm.get('cold_x_floor_cpu'))} | "
                  f"{_fmt(sm['same_cpu'])} s | {sm['same_x_floor_cpu']:.2f} | "
                  f"{sm['marginal_share']:.0%} |" for scale, sm in pairs.items()]
    cli = raw.get("cli") or {}
    if cli.get("status") == "ok":
        m, x = cli["medians"], cli["x_floor"]
        lines += ["", "Whole process, cold interpreter, interleaved (median):", "",
                  "| command | seconds | x floor |", "|---|---:|---:|",
                  f"| floor script (`benchmarks/floor.py`, Palembang, JSON out) | "
                  f"{m['floor']:.3f} | 1.00 |",
                  f"| `{cli['command']}` | {m['plan']:.3f} | {x['plan']:.2f} |",
                  f"| `blanko --help` | {m['help']:.3f} | {x['help']:.2f} |",
                  f"| `python -c pass` | {m['python']:.3f} | {x['python']:.2f} |"]
    return "\n".join(lines)


def _lower_bound_text(note: str) -> str:
    bound = _lower_bound(Outcome("", "", "timeout", note))
    return f"{bound:.0f}" if math.isfinite(bound) else "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.speed",
                                 description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--scales", default="city,province,national")
    ap.add_argument("--repeats", type=int, default=5, help="runs per method (median)")
    ap.add_argument("--national-repeats", type=int, default=2,
                    help="runs per Blanko method at national scale (peers run once)")
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results"))
    ap.add_argument("--cap-highs", type=float, default=600.0,
                    help="seconds before HiGHS is stopped at national scale")
    ap.add_argument("--cap-cbc", type=float, default=600.0,
                    help="seconds before PuLP+CBC is stopped (or skipped) at national scale")
    ap.add_argument("--profile", action="store_true",
                    help="also cProfile the national full plan")
    ap.add_argument("--cli-repeats", type=int, default=CLI_ROUNDS,
                    help="rounds of the whole-process commands (median)")
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--skip-stages", action="store_true",
                    help="leave out level 2b, the marginals and lots timed apart "
                         "(benchmarks.stages)")
    ap.add_argument("--readme-table", action="store_true",
                    help="print the README's speed table from OUT/speed.json and exit")
    ap.add_argument("--methods", default="",
                    help="only these methods, comma-separated (the floor and Blanko stage 1 "
                         "always run: every ratio needs them)")
    # Hidden: one method in this (fresh) process.
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--scale", default="city", help=argparse.SUPPRESS)
    ap.add_argument("--areas", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    ap.add_argument("--progress", help=argparse.SUPPRESS)
    ap.add_argument("--warmup", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.readme_table:
        print(readme_table(json.loads((Path(args.out) / "speed.json").read_text(
            encoding="utf-8"))))
        return 0
    if args.one:
        child_main(args)
        return 0
    return parent_main(args)


if __name__ == "__main__":
    sys.exit(main())
