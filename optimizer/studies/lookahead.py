r"""Plan a schedule of tranches, not one shipment: a flow over time (issue 17).

The single-shipment engine (`optimizer.engine.model`) maximizes the cards this
tranche prints as if it were the last. This module plans a horizon of periods
t = 0..T-1 at once and returns the shipments of today's tranche, which a
rolling-horizon policy applies before planning again at the next tranche. Periods
are weeks within each gap between tranches (`forecast_periods`, `week`; or the
tranches themselves with week=None): blanks leave the central office only in a
period that starts with a tranche (ships[t]), so the plan sees *when* within a gap
each office prints, and which applicants arrive before the next tranche can come.

Data (per period t)
    days[t]           working days in period t
    ships[t]          whether blanks may leave the central office in t (a tranche
                      arrives at its start; always in period 0)
    B[t]              blanks arriving at the central office at the start of t
                      (B[0] is the shipment in hand less the reserve; later ones are
                      known tranches or a forecast, stated by the caller)
    arrivals[a, c, t] applicants of tier c in area a who can be served from period t
                      on (arrivals[., ., 0] is today's backlog plus period 0's arrivals)
    cap[s, t]         printers[s] * cards_per_printer_day[s] * days[t] for t >= 1; in
                      period 0 the least of that and each site's capacity in the
                      instance (its own working_days: the days until the next tranche)
    stock[s]          blanks at site s now; storage_cap[s] bounds what it holds

Variables
    x[s, t]      blanks shipped to s in period t
    h[s, t]      blanks s holds after printing in period t (carried to t + 1)
    y[a, s, c, t] cards printed at s in period t for tier c of area a (allowed pairs)

Constraints
    central:  blanks kept at the central office carry over; sum_{t'<=t} sum_s x[s, t']
              <= sum_{t'<=t} B[t']; x[s, t] = 0 where not ships[t]
    site:     h[s, t-1] + x[s, t] = sum_{a,c} y[a, s, c, t] + h[s, t]  (h[s, -1] = stock)
              h[s, t-1] + x[s, t] <= storage_cap[s];  sum_{a,c} y[a, s, c, t] <= cap[s, t]
    demand:   for every t: sum_{t'<=t} sum_s y[a, s, c, t'] <= sum_{t'<=t} arrivals[a, c, t']
              (a card can only go to someone who has applied by then)

Objectives, in strict order as model.md orders them for one shipment
    for each tier c in order:
    (L1) minimize tier c's resident-days waiting, sum_t days[t] * waiting[c, t], with
         waiting counted at the end of each period; since waiting[c, t] = arrived by
         t - printed by t, this is maximizing sum_t W[t] * cards[c, t] with
         W[t] = days[t] + ... + days[T-1]: a card printed in period t ends a wait
         counted over those days (with equal periods, resident-periods: W[t] ~ T - t)
    (L2a) equity of waiting between kecamatan (model.md 2a): with L1 held, minimize
         sum_{k,t} arrived[k, c, t] * coverage[k, c, t]^2, where coverage = cards for
         kecamatan k's residents by the end of t / its applicants arrived by t. For one
         period this is exactly the lexicographic max-min of kecamatan coverage
         (Fujishige 1980: the minimizer of sum x_k^2 / w_k over the base polytope of
         a polymatroid is its lexicographically optimal base for weights w); over
         several periods earlier coverage counts in every later period.
    (L2b) equity between kelurahan within each kecamatan (model.md 2b): with every
         kecamatan's cumulative cards by the end of each period held at L2a's, minimize
         sum_{a,t} arrived[a, c, t] * coverage[a, c, t]^2 in the same way.
         Both squares are piecewise linear in EQUITY_PIECES steps of coverage (2 %, or
         one card where fewer than 50 applicants), each card priced at the average
         marginal of x^2/u over its step, so coverages are equal to within one step.
         In L2b, steps further than EQUITY_WINDOW (10 % of coverage) from the
         kecamatan's own coverage are merged into one step below and one above (their
         mean cost; still convex): a kelurahan held far from its kecamatan's coverage
         (by reach or by who has arrived) is priced more coarsely there.
    (L3) minimize resident-km, sum km[a, s] * y[a, s, c, t]
    (L4) ship as late as the plan allows: minimize sum_t (T - t) * x[s, t], so that
         blanks wait at the central office, where any office can still get them,
         rather than at an office (no stranded blanks before they are needed)

The network (a flow over time; every stage is a min-cost flow, so every optimum is
integral):

    CENTRAL[t] --inf--> CENTRAL[t+1];  CENTRAL[T-1] --inf--> SINK   (blanks kept)
    CENTRAL[t] --inf if ships[t], else 0--> ENTRY[s, t];   SITE[s, t-1] --inf--> ENTRY[s, t]
    ENTRY[s, t] --storage_cap[s]--> SITE[s, t];  SITE[s, T-1] --inf--> SINK
    SITE[s, t] --cap[s, t]--> PRINT[s, t] --(a, s) allowed--> DEMAND[a, c, t]
    DEMAND[a, c, t] --arrived[a, c, <=t], in pieces--> DEMAND[a, c, t+1] (SINK after T-1)
    supplies: B[t] at CENTRAL[t], stock[s] at ENTRY[s, 0]; -(sum) at SINK

The forward DEMAND chain carries each area's cards printed so far, so its capacity
is the demand constraint and its flow is the coverage the equity stage prices.

Lexicographic stages are held exactly, without side constraints, in the flow stages
(L1, L3, L4): after a stage's min-cost flow, node potentials pi are read off the
residual network (Bellman-Ford from a virtual root) so that every residual arc has
reduced cost c + pi[tail] - pi[head] >= 0. By complementary slackness (Ahuja,
Magnanti & Orlin, Network Flows, 1993, thm. 9.8), a flow is optimal for that stage
if and only if it leaves every arc of positive reduced cost empty and every arc of
negative reduced cost full. The next stage therefore runs on the same network with
those arcs fixed (empty ones removed, full ones turned into node supplies) and its
own costs, and cannot undo an earlier optimum.

L2a and L2b are not a network: a kecamatan's coverage is a sum over its kelurahan's
chains, which a flow cannot price without losing which kelurahan a card is for. They
are two LPs (HiGHS, through scipy) over the flows the earlier stages left free: L2a
with the kecamatan steps linked to the chains by one equation per kecamatan and
period, L2b with those sums held at L2a's optimum. Their optimum may be fractional;
each chain's cumulative cards are then boxed to the floor and ceiling of L2b's, so
the later flow stages stay networks with integral bounds (an integral flow in the box
exists, since the LP point lies in it) and the result is whole cards: rounding moves
each kelurahan's cumulative cards by less than one card from the LP optimum (model.md
"Integrality"), a kecamatan's by less than one per kelurahan.

Pinned shipments (model.md "Evaluating a planner's own shipments") are period 0's
ship arcs fixed at the pins before the first stage, as a stage fixes the arcs it
decides: every stage plans the rest around them. With lots, every shipment of the
horizon is fixed at whole lots the same way (`whole_lot_horizon`).

Differences from the single-shipment contract (stated in `LookaheadPlan.notes`):
equity in 2 % steps (coarser in L2b away from the kecamatan's coverage); lots over
the horizon as `whole_lot_horizon` states (not CP-SAT's choice beyond this tranche).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow
from pydantic import BaseModel, ConfigDict, Field
from scipy import sparse

from optimizer.engine.checks import planner_warnings
from optimizer.engine.codes import code_warnings
from optimizer.engine.kpis import kept_message, stranded, stranded_messages
from optimizer.engine.network import Network, compile_network
from optimizer.engine.pins import check_pins, pin_infeasibility
from optimizer.engine.record import Solver, StageRecord, build_plan, refused_plan
from optimizer.engine.solve import (
    hard_infeasibility,
    input_sha256,
    pinned_message,
    solve,
)
from optimizer.engine.wording import counted, num
from optimizer.schema import (
    Instance,
    InvalidInput,
    Message,
    Plan,
    Policy,
    Problem,
    Shipment,
    unknown_id,
)

IntArray = npt.NDArray[np.int64]

MAX_COUNT = 10**12       # model.md "Limits": counts are whole numbers up to 10^12
MAX_HORIZON_DAYS = 3660  # ten years of working days, far beyond any schedule
KM_SCALE = 1000  # resident-km are costed in whole metres (integer min-cost flow)
EQUITY_PIECES = 50  # coverage levels of the equity stage: steps of 2 % (or of one card)
EQUITY_SCALE = 10_000  # integer costs of the equity stage: marginal of x^2/u to 1e-4
EQUITY_WINDOW = 0.1  # kelurahan steps kept in L2b: within 10 % of the kecamatan's coverage
# HiGHS dual simplex without presolve: on Palembang's 13 weekly periods L2b took 0.10 s
# CPU without presolve and 1.6 s with it (presolve gains nothing on a network LP).
LP_OPTIONS: dict[str, Any] = {"method": "highs", "options": {"presolve": False}}
# The work a time limit buys (model.md "Limits and reproducibility": deterministic):
# each stage after the first costs the arcs it leaves free (the min-cost flow's or
# the equity LP's columns), and a second of `Policy.time_limit_s` buys this many, about
# what a busy two-core machine solves (synthetic-province's three tranches: 2.5 million
# in 10 s of CPU, the equity LPs most of it). The first stage always runs: its flow is
# the valid plan a cut horizon returns.
STAGE_ARCS_PER_SECOND = 400_000
WEEK = 5    # working days in a week: the rolling planner's period within a tranche gap
WEEKS = 12  # weekly periods at most; past them, each gap's rest is one period


class LookaheadFailure(RuntimeError):
    """A flow solver reported something other than an optimum (a bug, not bad input)."""


@dataclass(frozen=True)
class Period:
    """One period of the horizon.

    days: working days in the period (>= 1); blanks: blanks arriving at the central
    office at its start (>= 0); arrivals: new applicants per area_id and tier who can
    be served from the period on, missing entries 0; ships: whether blanks may leave
    the central office in this period (a tranche arrives at its start, or it is
    period 0). Period 0 always ships; a period that does not ship must bring no blanks.
    """

    days: int
    blanks: int
    arrivals: Mapping[str, Mapping[str, int]] | None = None
    ships: bool = True


@dataclass(frozen=True)
class LookaheadPlan:
    """A plan for every period of the horizon; only period 0 is to be carried out.

    Arrays are indexed by the compiled network's sorted ids (`site_ids`, `area_ids`,
    `tiers`) and by period t:
        shipments      (sites, periods)        blanks sent to each site in period t
        printed        (sites, periods)        cards each site prints in period t
        cards          (pairs, tiers, periods) cards per allowed area-site pair
        waiting        (tiers, periods)        applicants still waiting at the end of t
        kept_central   (periods,)              blanks at the central office at the end of t
        held           (sites, periods)        blanks each site holds at the end of t
        days           (periods,)              working days of each period
        ships          (periods,)              whether blanks may be shipped in period t
    resident_days: per tier, the resident-days waiting over the horizon, sum over periods
    t of days[t] * waiting[t] (the applicants still waiting at the end of a period count
    for every working day of it: the L1 objective); this is the figure plans report
    (LOOKAHEAD's `resident_days_<tier>`, `blanko plan --schedule`). resident_periods:
    per tier, sum over periods of `waiting` unweighted, equal to resident_days / days only
    when every period has the same length (kept for the tests' hand-counts; not
    reported). resident_km: sum of km * cards over the horizon.
    """

    site_ids: tuple[str, ...]
    area_ids: tuple[str, ...]
    tiers: tuple[str, ...]
    pair_area: IntArray
    pair_site: IntArray
    pair_km: npt.NDArray[np.float64]
    shipments: IntArray
    printed: IntArray
    cards: IntArray
    waiting: IntArray
    kept_central: IntArray
    held: IntArray
    days: IntArray
    ships: npt.NDArray[np.bool_]
    resident_periods: dict[str, int]
    resident_days: dict[str, int]
    resident_km: float
    notes: tuple[str, ...]
    cut: tuple[str, str] | None = None  # (stage, tier or "") the time limit stopped before

    def first_shipments(self) -> dict[str, int]:
        """Blanks per site_id for period 0: what to send now (all sites, sorted)."""
        return {s: int(self.shipments[i, 0]) for i, s in enumerate(self.site_ids)}

    def first_block(self) -> int:
        """Periods until the next shipping period (or the horizon's end): those the
        blanks sent now must last, since nothing else is shipped before them."""
        later = np.flatnonzero(self.ships[1:])
        return int(later[0]) + 1 if len(later) else len(self.ships)


def plan_horizon(instance: Instance, periods: Sequence[Period],
                 policy: Policy | None = None, *,
                 fixed: npt.ArrayLike | None = None) -> LookaheadPlan:
    """Plan `periods` at once (module docstring: the model and its stages).

    instance: today's state (each site's stock, each area's backlog per tier); in
    period 0 each site prints for the least of its own working_days and
    `periods[0].days`, in period t >= 1 for `periods[t].days` days. Blanks leave the
    central office only in periods with `ships`. policy: travel limit, road factor,
    reserve (kept at the central office out of period 0's blanks), `equity` (stages
    L2a and L2b on or off) and `pinned_shipments` ({site_id: blanks}): each pinned site
    receives exactly that many blanks in period 0, and every stage plans the rest
    around them (model.md "Evaluating a planner's own shipments"; as the engine does,
    engine/pins.py). Lots are not applied here (`plan_lookahead` makes the horizon's
    shipments whole lots). fixed: (sites, periods) blanks per site (sorted site_ids)
    and period fixed in the same way, -1 where the plan chooses; a pinned site's
    period 0 is its pin. `policy.time_limit_s` buys STAGE_ARCS_PER_SECOND arcs of
    stage work (deterministic): a stage after the first that would spend more is not
    run, and the plan is the flow of the stages done, with `cut` naming the stage
    (None when every stage ran).

    Raises InvalidInput for an empty horizon, a period with days outside
    1..MAX_HORIZON_DAYS or blanks outside 0..10^12, period 0 not shipping or blanks in
    a period that does not ship, an arrival for an unknown area or tier, an arrival
    count outside 0..10^12, a site holding more stock than its storage_cap, a pinned
    site not in the instance, pins breaking (1) supply, (2c) storage or the lot size
    (`engine.pins.pin_infeasibility`), or `fixed` of the wrong shape, below -1, or
    shipping in a period that does not ship; LookaheadFailure if a flow or LP solver
    fails, or fixed shipments leave no feasible flow (more than the central office
    holds then).
    """
    policy = policy or Policy()
    _check(instance, periods)
    first = periods[0].blanks
    net = compile_network(instance, Shipment(blanks=first), policy)
    ships = _fixed_shipments(instance, periods, policy, net, fixed)
    daily = _daily_capacity(instance, net)
    layout = _Layout(net, periods, daily, max(0, first - policy.reserve), policy.equity,
                     ships)
    flows, cut = layout.solve(int(policy.time_limit_s * STAGE_ARCS_PER_SECOND))
    plan = layout.plan(flows)
    if cut is None:
        return plan
    stage, tier = cut
    return dataclasses.replace(plan, cut=(stage, "" if tier < 0 else net.tiers[tier]))


def _fixed_shipments(instance: Instance, periods: Sequence[Period], policy: Policy,
                     net: Network, fixed: npt.ArrayLike | None) -> IntArray | None:
    """(sites, periods) shipments fixed by `fixed` and the policy's pins, -1 where free;
    None when nothing is fixed. Raises InvalidInput as `plan_horizon` says."""
    check_pins(instance, policy)
    broken = pin_infeasibility(instance, Shipment(blanks=periods[0].blanks), policy)
    if broken is not None:
        raise InvalidInput([Problem(location="policy.pinned_shipments", message=broken.text,
                                    pointer="/policy/pinned_shipments")])
    shape = (net.n_sites, len(periods))
    if fixed is None:
        if not policy.pinned_shipments:
            return None
        out = np.full(shape, -1, dtype=np.int64)
    else:
        out = np.array(fixed, dtype=np.int64)
        ships = np.array([p.ships for p in periods], dtype=bool)
        if out.shape != shape or (out < -1).any() or (out[:, ~ships] > 0).any():
            raise InvalidInput([Problem(
                location="fixed", message=f"must be (sites, periods) = {shape} blanks, -1 "
                                          f"where free, 0 in periods that do not ship")])
    for s, site_id in enumerate(net.site_ids):
        if site_id in policy.pinned_shipments:
            out[s, 0] = policy.pinned_shipments[site_id]
    return out


def _check(instance: Instance, periods: Sequence[Period]) -> None:
    problems: list[Problem] = []
    if not periods:
        problems.append(Problem(location="periods", message="the horizon needs at least one "
                                                            "period"))
    for site in instance.sites:
        if site.storage_cap is not None and site.stock > site.storage_cap:
            problems.append(Problem(location=f"sites.{site.site_id}.stock",
                                    message=f"{site.stock} blanks held, above its storage_cap "
                                            f"{site.storage_cap}: move the surplus first"))
    areas = {a.area_id for a in instance.areas}
    for t, period in enumerate(periods):
        if not 1 <= period.days <= MAX_HORIZON_DAYS:
            problems.append(Problem(location=f"periods[{t}].days",
                                    message=f"must be 1 to {MAX_HORIZON_DAYS}, got "
                                            f"{period.days}"))
        if not 0 <= period.blanks <= MAX_COUNT:
            problems.append(Problem(location=f"periods[{t}].blanks",
                                    message=f"must be 0 to 10^12, got {period.blanks}"))
        if t == 0 and not period.ships:
            problems.append(Problem(location="periods[0].ships",
                                    message="period 0 is when the shipment in hand is sent: "
                                            "it must ship"))
        elif period.blanks and not period.ships:
            problems.append(Problem(location=f"periods[{t}].blanks",
                                    message=f"{period.blanks} blanks arrive in a period that "
                                            f"does not ship: a tranche starts a shipping "
                                            f"period"))
        for area_id, by_tier in (period.arrivals or {}).items():
            if area_id not in areas:
                problems.append(Problem(location=f"periods[{t}].arrivals",
                                        message=unknown_id("area", area_id, areas)))
                continue
            for tier, count in by_tier.items():
                if tier not in instance.tiers:
                    problems.append(Problem(location=f"periods[{t}].arrivals.{area_id}",
                                            message=f"unknown tier '{tier}'"))
                elif not 0 <= count <= MAX_COUNT:
                    problems.append(Problem(location=f"periods[{t}].arrivals.{area_id}.{tier}",
                                            message=f"must be 0 to 10^12, got {count}"))
    if problems:
        raise InvalidInput(problems)


def _daily_capacity(instance: Instance, net: Network) -> IntArray:
    """Cards per working day at each site; 0 at a site closed now (working_days 0)."""
    by_id = {s.site_id: s for s in instance.sites}
    return np.array([by_id[s].printers * by_id[s].cards_per_printer_day
                     if by_id[s].working_days else 0 for s in net.site_ids], dtype=np.int64)


def _equality_lp(cost: npt.NDArray[np.float64], matrix: sparse.csr_matrix,
                 rhs: npt.NDArray[np.float64], upper: npt.ArrayLike,
                 what: str) -> npt.NDArray[np.float64]:
    """x minimizing cost @ x subject to matrix @ x = rhs and 0 <= x <= upper.

    Shapes: cost and upper (n,), matrix (m, n), rhs (m,); returns x (n,). Solved by
    HiGHS's dual simplex without presolve (LP_OPTIONS), the HiGHS build scipy ships.
    Called directly where scipy has it (`scipy.optimize._highspy._core`, scipy >=
    1.15), with the model and options `linprog` would pass (the same column-wise
    matrix, bounds and right-hand sides: HiGHS is deterministic, so the same x, checked
    in tests/studies/test_lookahead.py), since `linprog` then builds every column's
    bound multipliers in a Python loop: 9-13 % of the lookahead's time in a replay.
    Otherwise through `linprog` (`_linprog_lp`).

    Raises LookaheadFailure (naming `what`) unless HiGHS reports an optimum.
    """
    upper = np.asarray(upper, dtype=float)
    try:
        import scipy.optimize._highspy._core as highs_core  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - older scipy: the public door
        return _linprog_lp(cost, matrix, rhs, upper, what)
    try:
        return _highs_core_lp(highs_core, cost, matrix, rhs, upper, what)
    except (AttributeError, TypeError):  # pragma: no cover - scipy changed its private door
        return _linprog_lp(cost, matrix, rhs, upper, what)


def _highs_core_lp(highs_core: Any, cost: npt.NDArray[np.float64], matrix: sparse.csr_matrix,
                   rhs: npt.NDArray[np.float64], upper: npt.NDArray[np.float64],
                   what: str) -> npt.NDArray[np.float64]:
    """`_equality_lp` through scipy's bundled HiGHS module `highs_core`."""
    columns = sparse.csc_array(matrix)
    n, m = len(cost), len(rhs)
    row_bound = np.asarray(rhs, dtype=float)
    solver = highs_core._Highs()
    options = highs_core.HighsOptions()
    options.presolve = "off"          # LP_OPTIONS, as linprog passes it
    options.output_flag = False
    options.log_to_console = False
    # The arrays go in as they are (passModel's array form; a HighsLp's fields would be
    # copied element by element): a column-wise matrix, minimize, no offset, continuous.
    model = (n, m, columns.nnz, int(highs_core.MatrixFormat.kColwise),
             int(highs_core.ObjSense.kMinimize), 0.0, np.asarray(cost, dtype=float),
             np.zeros(n), upper, row_bound, row_bound,
             columns.indptr[:-1].astype(np.int32), columns.indices.astype(np.int32),
             columns.data.astype(float), np.zeros(n, dtype=np.int32))
    if (solver.passOptions(options) == highs_core.HighsStatus.kError
            or solver.passModel(*model) == highs_core.HighsStatus.kError
            or solver.run() == highs_core.HighsStatus.kError
            or solver.getModelStatus() != highs_core.HighsModelStatus.kOptimal):
        status = solver.modelStatusToString(solver.getModelStatus())
        raise LookaheadFailure(f"equity LP ({what}) returned: {status}")
    return np.array(solver.getSolution().col_value, dtype=float)


def _linprog_lp(cost: npt.NDArray[np.float64], matrix: sparse.csr_matrix,
                rhs: npt.NDArray[np.float64], upper: npt.NDArray[np.float64],
                what: str) -> npt.NDArray[np.float64]:
    """`_equality_lp` through scipy's public `linprog` (same model, same options)."""
    from scipy.optimize import linprog

    result = linprog(cost, A_eq=matrix, b_eq=rhs,
                     bounds=np.column_stack([np.zeros(len(cost)), upper]), **LP_OPTIONS)
    if result.status != 0:
        raise LookaheadFailure(f"equity LP ({what}) returned: {result.message}")
    return np.asarray(result.x, dtype=float)


def _piece_cost(lo: IntArray, hi: IntArray, u: IntArray) -> IntArray:
    """Per card of a coverage step from lo to hi cards of u: the average marginal of
    x^2 / u over the step, ((hi^2 - lo^2) / u) / (hi - lo) = (hi + lo) / u, in units
    of 1 / EQUITY_SCALE (rounded)."""
    return np.asarray((EQUITY_SCALE * (hi + lo) + u // 2) // u, dtype=np.int64)


class _Layout:
    """Node and arc numbering of the flow over time, built from arrays."""

    def __init__(self, net: Network, periods: Sequence[Period], daily: IntArray,
                 first_supply: int, equity: bool, fixed: IntArray | None = None):
        self.net = net
        self.equity = equity
        self.fixed = fixed  # (S, T) shipments fixed before any stage, -1 where free
        T, S, A, C = len(periods), net.n_sites, net.n_areas, net.n_tiers
        P = len(net.pairs.km)
        self.T = T
        blanks = np.array([first_supply] + [p.blanks for p in periods[1:]], dtype=np.int64)
        arrivals = np.zeros((A, C, T), dtype=np.int64)
        arrivals[:, :, 0] = net.backlog
        area_index = {a: i for i, a in enumerate(net.area_ids)}
        for t, period in enumerate(periods):
            for area_id, by_tier in (period.arrivals or {}).items():
                for tier, count in by_tier.items():
                    arrivals[area_index[area_id], net.tiers.index(tier), t] += count
        self.arrivals = arrivals
        days = np.array([p.days for p in periods], dtype=np.int64)
        cap = daily[:, None] * days[None, :]                                   # (S, T)
        # Period 0: each site's own capacity (its working_days), at most days[0] of it.
        cap[:, 0] = np.minimum(net.capacity, cap[:, 0])
        ships = np.array([p.ships for p in periods], dtype=bool)
        self.ships = ships
        # Earliness weight of a card printed in period t: the working days from t's start
        # to the horizon's end (it ends a wait counted in each of those periods' days).
        self.weight = np.cumsum(days[::-1])[::-1]
        self.days = days
        # Whatever can ever flow: an "unlimited" arc capacity no flow can reach.
        big = int(blanks.sum() + net.stock.sum() + 1)
        self.big = big

        # Nodes: CENTRAL[t], ENTRY[s, t], SITE[s, t], PRINT[s, t], DEMAND[a, c, t], SINK.
        central = np.arange(T)
        entry = T + np.arange(S * T).reshape(S, T)
        site = entry.max(initial=T - 1) + 1 + np.arange(S * T).reshape(S, T)
        prints = site.max(initial=T - 1) + 1 + np.arange(S * T).reshape(S, T)
        base = int(prints.max(initial=T - 1)) + 1
        demand = base + np.arange(A * C * T).reshape(A, C, T)
        sink = base + A * C * T
        self.n_nodes = sink + 1
        self.sink = sink

        tails: list[IntArray] = []
        heads: list[IntArray] = []
        caps: list[IntArray] = []
        kinds: dict[str, slice] = {}

        def add(kind: str, tail: IntArray, head: IntArray, capacity: IntArray | int) -> None:
            start = sum(len(x) for x in tails)
            tail, head = np.asarray(tail, np.int64).ravel(), np.asarray(head, np.int64).ravel()
            tails.append(tail)
            heads.append(head)
            capacity = np.asarray(capacity, np.int64)
            caps.append(np.broadcast_to(capacity.ravel() if capacity.ndim else capacity,
                                        tail.shape).copy())
            kinds[kind] = slice(start, start + len(tail))

        storage = np.where(net.room >= big, big,
                           np.minimum(big, net.room + net.stock))                 # (S,)
        add("central_carry", central[:-1], central[1:], big)
        add("central_keep", central[-1:], np.array([sink]), big)
        # Blanks leave the central office only in shipping periods (tranche days).
        add("ship", np.repeat(central[None, :], S, axis=0), entry,
            np.repeat(np.where(ships, big, 0)[None, :], S, axis=0))
        add("site_carry", site[:, :-1], entry[:, 1:], big)
        add("site_keep", site[:, -1], np.full(S, sink), big)
        add("hold", entry, site, np.repeat(storage[:, None], T, axis=1))
        add("print", site, prints, cap)
        pa, ps = net.pairs.area, net.pairs.site
        # serve[p, c, t]: PRINT[s(p), t] -> DEMAND[a(p), c, t]
        serve_tail = np.broadcast_to(prints[ps][:, None, :], (P, C, T))
        serve_head = demand[pa]                                                   # (P, C, T)
        add("serve", serve_tail, serve_head, big)
        # The forward chain: the flow out of DEMAND[a, c, t] is a's tier-c cards printed
        # by the end of t, at most the applicants arrived by then; split into pieces
        # by coverage level for the equity stage (piece j: coverage j/m to (j+1)/m).
        arrived = np.cumsum(arrivals, axis=2)                                    # (A, C, T)
        nxt = np.concatenate([demand[:, :, 1:], np.full((A, C, 1), sink)], axis=2)
        m = EQUITY_PIECES
        j = np.arange(m + 1, dtype=np.int64)
        bounds = arrived.reshape(-1, 1) * j[None, :] // m                         # (A*C*T, m+1)
        sizes = np.diff(bounds, axis=1)
        row, level = np.nonzero(sizes)
        add("cumulative", demand.reshape(-1)[row], nxt.reshape(-1)[row], sizes[row, level])
        # Each card of a piece costs the average marginal of x^2 / u over the piece,
        # ((hi^2 - lo^2) / u) / (hi - lo) = (hi + lo) / u, in units of 1 / EQUITY_SCALE.
        lo, hi = bounds[row, level], bounds[row, level + 1]
        u = np.maximum(arrived.reshape(-1)[row], 1)
        self.piece_cost = _piece_cost(lo, hi, u)
        self.piece_tier = (row // T) % C
        self.piece_row = row        # flat (a, c, t) of each piece arc
        self.piece_lo = lo          # cumulative cards where the piece starts
        self.piece_level = level    # j: the piece covers coverage j/m to (j+1)/m
        self.arrived = arrived
        self.tails = np.concatenate(tails)
        self.heads = np.concatenate(heads)
        self.caps = np.concatenate(caps)
        self.kinds = kinds
        self.shape = {"S": S, "A": A, "C": C, "T": T, "P": P}

        supply = np.zeros(self.n_nodes, dtype=np.int64)
        supply[central] = blanks
        supply[entry[:, 0]] += net.stock
        supply[sink] = -int(blanks.sum() + net.stock.sum())
        self.supply = supply

    # ------------------------------------------------------------------ stage costs

    def _costs(self, stage: tuple[str, int]) -> IntArray:
        S, C, T, P = (self.shape[k] for k in ("S", "C", "T", "P"))
        costs = np.zeros(len(self.tails), dtype=np.int64)
        kind, tier = stage
        if kind == "equity":
            piece = np.where(self.piece_tier == tier, self.piece_cost, 0)
            costs[self.kinds["cumulative"]] = piece
        elif kind == "earliness":
            weight = np.zeros((P, C, T), dtype=np.int64)
            weight[:, tier, :] = -self.weight[None, :]
            costs[self.kinds["serve"]] = weight.ravel()
        elif kind == "travel":
            metres = np.rint(self.net.pairs.km * KM_SCALE).astype(np.int64)
            costs[self.kinds["serve"]] = np.broadcast_to(metres[:, None, None], (P, C, T)).ravel()
        else:  # "late_shipping"
            costs[self.kinds["ship"]] = np.broadcast_to((T - np.arange(T))[None, :],
                                                        (S, T)).ravel()
        return costs

    def solve(self, work: int | None = None) -> tuple[IntArray, tuple[str, int] | None]:
        """The lexicographic optimum: one min-cost flow per stage, earlier ones held
        (the equity stages are two LPs, `_equity`), and None; or, when `work` (arcs,
        STAGE_ARCS_PER_SECOND) runs out before a stage after the first, the flow of the
        stages done (valid: every hard constraint holds) and that stage (its kind:
        earliness, equity, travel or late_shipping; its tier, -1 for none)."""
        stages: list[tuple[str, int]] = []
        for c in range(self.shape["C"]):
            stages.append(("earliness", c))
            if self.equity:
                stages.append(("equity", c))
        stages += [("travel", -1), ("late_shipping", -1)]
        lower = np.zeros(len(self.tails), dtype=np.int64)   # flow fixed on full arcs
        upper = self.caps.copy()                            # 0 on arcs fixed empty
        if self.fixed is not None:
            # Pinned (or whole-lot) shipments: their arcs fixed before the first stage,
            # as a stage fixes the arcs it decides; every stage plans the rest.
            chosen = self.fixed.ravel() >= 0
            arcs = np.arange(self.kinds["ship"].start, self.kinds["ship"].stop)[chosen]
            lower[arcs] = upper[arcs] = self.fixed.ravel()[chosen]
        flows = lower
        spent, done = 0, 0  # arcs spent; stages whose result `flows` holds
        for i, stage in enumerate(stages):
            cost = int(np.count_nonzero(upper > lower))
            if i and work is not None and spent + cost > work:
                # An equity stage's box is held only by the flows after it.
                return flows, stages[done]
            spent += cost
            if stage[0] == "equity":
                lower, upper = self._equity(stage[1], lower, upper)
                continue
            costs = self._costs(stage)
            flows = self._min_cost_flow(lower, upper, costs)
            done = i + 1
            if stage == stages[-1]:
                break
            potential = self._potentials(flows, lower, upper, costs)
            reduced = costs + potential[self.tails] - potential[self.heads]
            upper = np.where(reduced > 0, lower, upper)     # must stay at its lower bound
            lower = np.where(reduced < 0, upper, lower)     # must stay full
        return flows, None

    def _min_cost_flow(self, lower: IntArray, upper: IntArray, costs: IntArray) -> IntArray:
        supply = self.supply + self._inflow(lower)
        # Arcs an earlier stage fixed (upper == lower) carry their lower bound, already in
        # the supplies: the solver sees only the arcs still free.
        free = np.flatnonzero(upper > lower)
        mcf = min_cost_flow.SimpleMinCostFlow()
        mcf.add_arcs_with_capacity_and_unit_cost(self.tails[free], self.heads[free],
                                                 (upper - lower)[free], costs[free])
        mcf.set_nodes_supplies(np.arange(self.n_nodes), supply)
        status = mcf.solve()
        if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
            raise LookaheadFailure(f"min-cost flow over the horizon returned status {status}")
        flows = lower.copy()
        flows[free] += mcf.flows(np.arange(len(free)))
        return flows

    def _equity(self, tier: int, lower: IntArray, upper: IntArray
                ) -> tuple[IntArray, IntArray]:
        """Stages L2a then L2b for `tier` (module docstring), as two LPs (HiGHS) over the
        flows the earlier stages left free; returns (lower, upper) with the tier's chain
        arcs boxed to the floor and ceiling of the L2b optimum's cumulative cards.

        In an LP the parallel pieces of a chain whose pieces cost nothing (every chain
        in L2a, other tiers' chains in L2b) are one variable: same tail and head, the
        sum of their free capacities."""
        A, C, T = self.shape["A"], self.shape["C"], self.shape["T"]
        K = self.net.n_districts
        supply = (self.supply + self._inflow(lower)).astype(float)
        chain = self.kinds["cumulative"]
        n_arcs = len(self.tails)
        row = np.full(n_arcs, -1, dtype=np.int64)      # flat (a, c, t) of chain arcs
        row[chain] = self.piece_row
        mine = np.zeros(n_arcs, dtype=bool)
        mine[chain] = self.piece_tier == tier
        cost = np.zeros(n_arcs, dtype=np.int64)
        cost[chain] = self.piece_cost
        free = upper > lower
        if not (free & mine).any():
            # Earlier stages fixed every piece of this tier's chains (all pieces of a
            # chain alike: parallel arcs of one cost share their reduced cost), so the
            # box below would give back the bounds as they are: no LP to solve.
            return lower, upper
        tier_of_row = (np.arange(A * C * T) // T) % C
        kt_of_row = self.net.area_district[np.arange(A * C * T) // (C * T)] * T + \
            np.arange(A * C * T) % T
        fixed_cum = np.bincount(kt_of_row[row[mine]], weights=lower[mine], minlength=K * T)

        def variables(code: IntArray) -> tuple[IntArray, IntArray, IntArray, IntArray,
                                                npt.NDArray[np.float64]]:
            """(tail, head, capacity, row or -1, cost) of the LP's variables: the free
            arcs, with the free chain pieces of one chain and one `code` merged into one
            variable costing their capacity-weighted mean (piece costs rise with the
            level, so merged consecutive pieces keep the cost convex)."""
            single = np.flatnonzero(free & (row < 0))
            merged = np.flatnonzero(free & (row >= 0))
            key = row[merged] * (EQUITY_PIECES + 2) + code[merged]
            keys, first, group = np.unique(key, return_index=True, return_inverse=True)
            room = (upper - lower)[merged]
            capacity = np.bincount(group, weights=room, minlength=len(keys))
            weighted = np.bincount(group, weights=room * cost[merged], minlength=len(keys))
            return (np.concatenate([self.tails[single], self.tails[merged][first]]),
                    np.concatenate([self.heads[single], self.heads[merged][first]]),
                    np.concatenate([(upper - lower)[single], capacity.astype(np.int64)]),
                    np.concatenate([row[single], row[merged][first]]),
                    np.concatenate([np.zeros(len(single)),
                                    weighted / np.maximum(capacity, 1)]))

        def matrices(tail: IntArray, head: IntArray, vrow: IntArray
                     ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
            n = len(tail)
            cols = np.arange(n)
            balance = sparse.csr_matrix(
                (np.concatenate([np.ones(n), -np.ones(n)]),
                 (np.concatenate([tail, head]), np.concatenate([cols, cols]))),
                shape=(self.n_nodes, n))
            on = np.flatnonzero((vrow >= 0) & (tier_of_row[np.maximum(vrow, 0)] == tier))
            link = sparse.csr_matrix((np.ones(len(on)), (kt_of_row[vrow[on]], on)),
                                     shape=(K * T, n))
            return balance, link

        # L2a: district pieces z (coverage steps of each district-period), linked to the
        # chain: sum_{a in k} cum[a, t] - sum_j z[k, t, j] = 0.
        tail, head, cap, vrow, _ = variables(np.zeros(n_arcs, dtype=np.int64))
        balance, link = matrices(tail, head, vrow)
        arrived_k = np.zeros((K, T), dtype=np.int64)
        np.add.at(arrived_k, self.net.area_district, self.arrived[:, tier, :])
        j = np.arange(EQUITY_PIECES + 1, dtype=np.int64)
        bounds = arrived_k.reshape(-1, 1) * j[None, :] // EQUITY_PIECES
        sizes = np.diff(bounds, axis=1)
        zrow, zlevel = np.nonzero(sizes)
        zcost = _piece_cost(bounds[zrow, zlevel], bounds[zrow, zlevel + 1],
                            np.maximum(arrived_k.reshape(-1)[zrow], 1))
        zlink = sparse.csr_matrix((-np.ones(len(zrow)), (zrow, np.arange(len(zrow)))),
                                  shape=(K * T, len(zrow)))
        n = len(tail)
        first = _equality_lp(
            np.concatenate([np.zeros(n), zcost.astype(float)]),
            sparse.vstack([sparse.hstack([balance, sparse.csr_matrix(
                (self.n_nodes, len(zrow)))]), sparse.hstack([link, zlink])]).tocsr(),
            np.concatenate([supply, -fixed_cum]),
            np.concatenate([cap, sizes[zrow, zlevel]]), "kecamatan")
        district_cum = link @ first[:n]                    # free part of sum_{a in k} cum
        # L2b: every district's cumulative cards held; kelurahan pieces priced, in steps
        # of 1/EQUITY_PIECES within EQUITY_WINDOW of the district's coverage, and in one
        # step below and one above that window (code 0 and EQUITY_PIECES + 1).
        coverage = (fixed_cum + district_cum) / np.maximum(arrived_k.reshape(-1), 1)
        level = np.zeros(n_arcs, dtype=np.int64)
        level[chain] = self.piece_level
        near = coverage[kt_of_row[np.maximum(row, 0)]] * EQUITY_PIECES
        width = EQUITY_WINDOW * EQUITY_PIECES
        code = np.where(level < near - width, 0,
                        np.where(level > near + width, EQUITY_PIECES + 1, level + 1))
        code = np.where(mine, code, 0)
        cost = np.where(mine, cost, 0)
        tail, head, cap, vrow, vcost = variables(code)
        balance, link = matrices(tail, head, vrow)
        second = _equality_lp(vcost, sparse.vstack([balance, link]).tocsr(),
                              np.concatenate([supply, district_cum]), cap, "kelurahan")
        # Box each (a, t) chain's cumulative cards to [floor, ceil] of the LP's, pieces
        # filled in order: an integral flow within the box exists (the LP point is in it,
        # and a network with integral bounds has integral vertices).
        cum = np.bincount(row[mine], weights=lower[mine], minlength=A * C * T)
        ours = (vrow >= 0) & (tier_of_row[np.maximum(vrow, 0)] == tier)
        cum += np.bincount(vrow[ours], weights=second[ours], minlength=A * C * T)
        down = np.floor(cum + 1e-6).astype(np.int64)
        up = np.ceil(cum - 1e-6).astype(np.int64)
        arcs = np.flatnonzero(mine)
        lo = np.zeros(n_arcs, dtype=np.int64)
        lo[chain] = self.piece_lo
        lower, upper = lower.copy(), upper.copy()
        lower[arcs] = np.clip(down[row[arcs]] - lo[arcs], 0, self.caps[arcs])
        upper[arcs] = np.clip(up[row[arcs]] - lo[arcs], 0, self.caps[arcs])
        return lower, upper

    def _inflow(self, flows: IntArray) -> IntArray:
        """(nodes,) flow into each node less flow out of it, for `flows` on every arc.

        bincount sums in float64: exact, since the flow into a node of this acyclic
        network is at most the stock plus every period's blanks (each below 10^12,
        model.md "Limits"; at most MAX_HORIZON_DAYS periods), below 2^53."""
        n = self.n_nodes
        into = np.bincount(self.heads, weights=flows, minlength=n)
        out = np.bincount(self.tails, weights=flows, minlength=n)
        inflow: IntArray = np.rint(into - out).astype(np.int64)
        return inflow

    def _potentials(self, flows: IntArray, lower: IntArray, upper: IntArray,
                    costs: IntArray) -> IntArray:
        """Node potentials with every residual arc's reduced cost >= 0 (Bellman-Ford).

        Residual arcs: tail->head with cost c where flow < upper, head->tail with
        cost -c where flow > lower. Distances from a virtual root joined to every
        node at cost 0; an optimal flow has no negative residual cycle, so the
        relaxation settles within n_nodes rounds.
        """
        forward = flows < upper
        backward = flows > lower
        tail = np.concatenate([self.tails[forward], self.heads[backward]])
        head = np.concatenate([self.heads[forward], self.tails[backward]])
        cost = np.concatenate([costs[forward], -costs[backward]])
        # Shortest distances are unique, so relaxing only the arcs out of nodes whose
        # distance fell in the last round reaches the same potentials as relaxing all.
        dist = np.zeros(self.n_nodes, dtype=np.int64)
        live = np.ones(len(tail), dtype=bool)
        for _ in range(self.n_nodes + 1):
            before = dist.copy()
            np.minimum.at(dist, head[live], before[tail[live]] + cost[live])
            fell = dist < before
            if not fell.any():
                return dist
            live = fell[tail]
        raise LookaheadFailure("negative residual cycle: the stage's flow was not optimal")

    # ------------------------------------------------------------------ read-out

    def plan(self, flows: IntArray) -> LookaheadPlan:
        S, C, T, P = (self.shape[k] for k in ("S", "C", "T", "P"))
        net = self.net
        shipments = flows[self.kinds["ship"]].reshape(S, T)
        printed = flows[self.kinds["print"]].reshape(S, T)
        cards = flows[self.kinds["serve"]].reshape(P, C, T)
        held = np.zeros((S, T), dtype=np.int64)
        held[:, :-1] = flows[self.kinds["site_carry"]].reshape(S, T - 1)
        held[:, -1] = flows[self.kinds["site_keep"]]
        central = np.zeros(T, dtype=np.int64)
        central[:-1] = flows[self.kinds["central_carry"]]
        central[-1] = flows[self.kinds["central_keep"]][0]
        arrived = np.cumsum(self.arrivals.sum(axis=0), axis=1)                  # (C, T)
        served = np.cumsum(cards.sum(axis=0), axis=1)                          # (C, T)
        waiting = arrived - served
        km = float((cards.sum(axis=(1, 2)) * net.pairs.km).sum())
        return LookaheadPlan(
            site_ids=net.site_ids, area_ids=net.area_ids, tiers=net.tiers,
            pair_area=net.pairs.area, pair_site=net.pairs.site, pair_km=net.pairs.km,
            shipments=shipments, printed=printed, cards=cards, waiting=waiting,
            kept_central=central, held=held, days=self.days.copy(), ships=self.ships.copy(),
            resident_periods={t: int(waiting[c].sum()) for c, t in enumerate(net.tiers)},
            resident_days={t: int((waiting[c] * self.days).sum())
                           for c, t in enumerate(net.tiers)},
            resident_km=round(km, 3),
            notes=("Periods after the first are provisional: they are re-planned when the "
                   "next tranche arrives.",
                   *(("Shipments fixed before planning (pins, whole lots) are kept as "
                      "given; every stage plans the rest.",) if self.fixed is not None
                     else ()),
                   "Equity is kecamatan first (model.md 2a), then kelurahan within each "
                   "kecamatan (2b), in 2 % steps of coverage."),
        )


# --------------------------------------------------------------------------- structured


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HorizonPeriod(_Frozen):
    """One period of the horizon as planned."""

    period: int = Field(description="Index from 0 (now).")
    start_day: int = Field(description="Working days from now to the period's start.")
    days: int = Field(description="Working days in the period.")
    blanks: int = Field(description="Blanks arriving at the central office at its start.")
    ships: bool = Field(description="Whether blanks leave the central office in it (a "
                                    "tranche arrives at its start; always period 0).")


class HorizonShipment(_Frozen):
    """Blanks sent to one office at the start of one shipping period."""

    site_id: str
    period: int = Field(description="The shipping period (HorizonPeriod.period).")
    start_day: int = Field(description="Working days from now to when they are sent.")
    blanks: int = Field(description="Blanks sent (whole lots when lot_size > 1).")
    provisional: bool = Field(description="False for period 0 (send now); true for later "
                                          "ones, re-planned when their tranche arrives.")


class Horizon(_Frozen):
    """A plan-ahead in structured form: what `blanko plan --schedule --horizon-json`
    writes (the LOOKAHEAD message's `provisional_shipments` param is its text form)."""

    tiers: tuple[str, ...]
    periods: tuple[HorizonPeriod, ...]
    shipments: tuple[HorizonShipment, ...] = Field(
        description="Every office in every shipping period, period then site_id order.")
    resident_days: dict[str, int] = Field(
        description="Per tier: sum over periods of its working days x the applicants still "
                    "waiting at its end (LookaheadPlan.resident_days).")
    resident_km: float = Field(description="Resident-km over the whole horizon.")


def horizon_record(result: LookaheadPlan, horizon: Sequence[Period],
                   now: Mapping[str, int] | None = None) -> Horizon:
    """`result` (the plan of `horizon`) as a `Horizon`. `now`: blanks per site_id sent now
    when they differ from the horizon's period 0 (the engine's whole lots)."""
    starts = [0]
    for period in horizon[:-1]:
        starts.append(starts[-1] + period.days)
    periods = tuple(HorizonPeriod(period=t, start_day=starts[t], days=p.days, blanks=p.blanks,
                                  ships=p.ships) for t, p in enumerate(horizon))
    shipments = tuple(
        HorizonShipment(site_id=site, period=t, start_day=starts[t],
                        blanks=now[site] if t == 0 and now is not None
                        else int(result.shipments[s, t]), provisional=t > 0)
        for t, p in enumerate(horizon) if p.ships
        for s, site in enumerate(result.site_ids))
    return Horizon(tiers=result.tiers, periods=periods, shipments=shipments,
                   resident_days=dict(result.resident_days), resident_km=result.resident_km)


# --------------------------------------------------------------------------- forecasts


def arrival_forecast(instance: Instance, arrivals_per_day: float,
                     days: int) -> dict[str, dict[str, int]]:
    """Expected new applicants per area_id and tier over `days` working days.

    The replay's arrival rule (optimizer.studies.replay): arrivals_per_day x the tier's
    share of the initial backlog x the area's share of the population (of the total
    backlog when no area has a population), rounded down to whole residents.
    """
    tiers = tuple(instance.tiers)
    areas = sorted(instance.areas, key=lambda a: a.area_id)
    backlog = np.array([[a.backlog[t] for t in tiers] for a in areas], dtype=float)
    totals = backlog.sum(axis=0)
    tier_share = totals / totals.sum() if totals.sum() else np.full(len(tiers), 1 / len(tiers))
    weight = np.array([a.population for a in areas], dtype=float)
    if not weight.sum():
        weight = backlog.sum(axis=1)
    area_share = weight / weight.sum() if weight.sum() else np.full(len(areas), 1 / len(areas))
    expected = np.floor(arrivals_per_day * days * np.outer(area_share, tier_share))
    return {a.area_id: {t: int(expected[i, c]) for c, t in enumerate(tiers) if expected[i, c]}
            for i, a in enumerate(areas) if expected[i].any()}


def forecast_periods(instance: Instance, blanks: int, *,
                     tranches: Sequence[tuple[int, int]] | None = None,
                     periods: int = 4, arrivals_per_day: float = 0.0,
                     week: int | None = None, weeks: int = WEEKS) -> list[Period]:
    """The horizon a rolling-horizon planner assumes, by a stated rule.

    blanks: the shipment in hand (on day 0). tranches: the later tranches as
    (working days from now, blanks), when known (a schedule); otherwise the forecast
    is "the same shipment again every working_days" (the longest working_days of the
    sites) for `periods` tranches in all. The horizon runs to one gap past the last
    tranche (that gap as long as the one before it, or working_days).

    Periods: with `week` None, one per tranche (it lasts until the next tranche).
    With `week` (working days, e.g. 5), each gap between tranches is cut into periods
    of `week` days (the last of a gap shorter when the gap is not a multiple) as long
    as they start before day week x `weeks`; past that, each gap's rest is one period.
    Only a period that starts with a tranche (period 0: the shipment in hand) ships
    (`Period.ships`): blanks wait at the central office or at the offices in between.

    Arrivals: the replay's rule at `arrivals_per_day` (0: nobody new is planned
    for); those arriving during a period are served from the next one, so period 0
    serves today's backlog alone.

    Raises InvalidInput when tranche days are not increasing from 1, fall beyond
    MAX_HORIZON_DAYS, a tranche is outside 0..10^12 blanks, or week is below 1.
    """
    step = max((s.working_days for s in instance.sites), default=1) or 1
    if tranches is None:
        tranches = [(step * k, blanks) for k in range(1, max(1, periods))]
    days = [0, *(d for d, _ in tranches)]
    if days[-1] > MAX_HORIZON_DAYS or any(not 0 <= b <= MAX_COUNT for _, b in tranches):
        raise InvalidInput([Problem(location="schedule",
                                    message=f"tranches must fall within {MAX_HORIZON_DAYS:,} "
                                            f"working days and carry 0 to 10^12 blanks")])
    if any(b <= a for a, b in pairwise(days)):
        raise InvalidInput([Problem(location="schedule",
                                    message=f"tranche days must increase from day 1 on, "
                                            f"got {days[1:]}")])
    if week is not None and week < 1:
        raise InvalidInput([Problem(location="week",
                                    message=f"a period lasts at least 1 working day, got {week}")])
    gaps = [b - a for a, b in pairwise(days)]
    gaps.append(gaps[-1] if gaps else step)
    amounts = [blanks, *(b for _, b in tranches)]
    # (start day, length, blanks, ships) of each period.
    cut: list[tuple[int, int, int, bool]] = []
    for start, gap, amount in zip(days, gaps, amounts, strict=True):
        offset = 0
        while offset < gap:
            weekly = week is not None and start + offset < week * weeks
            length = min(week, gap - offset) if weekly and week is not None else gap - offset
            cut.append((start + offset, length, amount if offset == 0 else 0, offset == 0))
            offset += length
    # Applicants who arrive during period t - 1 can be served from period t on: period 0
    # serves only today's backlog, as the plan carried out now must (model.md (3)).
    arrivals = [None, *(arrival_forecast(instance, arrivals_per_day, length)
                        if arrivals_per_day else None for _, length, _, _ in cut[:-1])]
    return [Period(length, amount, arrived, ships)
            for (_, length, amount, ships), arrived in zip(cut, arrivals, strict=True)]


# --------------------------------------------------------------------------- the policy


def lookahead(instance: Instance, shipment: Shipment, policy: Policy, *,
              tranches: Sequence[tuple[int, int]] | None = None, periods: int = 4,
              arrivals_per_day: float = 0.0, week: int | None = WEEK) -> Plan:
    """The rolling-horizon policy: plan the horizon, carry out its first period.

    `Plan` of `plan_lookahead` (the same arguments), for the policy registry.
    """
    return plan_lookahead(instance, shipment, policy, tranches=tranches, periods=periods,
                          arrivals_per_day=arrivals_per_day, week=week)[0]


def lookahead_policy(instance: Instance, shipment: Shipment, policy: Policy, /, *,
                     hosts: Mapping[str, str] | None = None) -> Plan:
    """The registry's `lookahead`: with no schedule known, the horizon is "the same
    shipment again every working_days" for 4 tranches, in weekly periods
    (`forecast_periods`); the replay
    gives it the schedule's tranches instead (`studies.replay`). Host offices change
    nothing: like the engine, it plans on each office's own capacity."""
    return lookahead(instance, shipment, policy)


def plan_lookahead(instance: Instance, shipment: Shipment, policy: Policy, *,
                   tranches: Sequence[tuple[int, int]] | None = None, periods: int = 4,
                   arrivals_per_day: float = 0.0, week: int | None = WEEK
                   ) -> tuple[Plan, LookaheadPlan | None, list[Period]]:
    """Period 0's `Plan`, the whole horizon's `LookaheadPlan` and the periods assumed.

    When the later tranches are known, period 0 lasts until the first of them: every
    open site's working_days is set to that day (the instance's "days until the next
    shipment"), and the plan, its hash, its capacities and its LOOKAHEAD message say
    so. A site with working_days 0 is closed for the whole horizon.

    The horizon is `forecast_periods(instance, shipment.blanks, tranches=...,
    periods=..., arrivals_per_day=..., week=...)`: the known later tranches, else "the
    same shipment again every working_days" for `periods` tranches, in periods of
    `week` working days (None: one period per tranche). The returned `Plan` is what
    is carried out until the next tranche: period 0's shipments, and the cards the
    horizon plan prints in the periods before the next tranche for residents waiting
    now (at most each area's and tier's backlog: cards the plan prints for forecast
    arrivals are left out, the nearest kept, as the plan judged against today's
    instance must; the blanks for them are shipped). A LOOKAHEAD message gives the
    horizon's provisional shipments.

    Pinned shipments (`policy.pinned_shipments`): sent now exactly, the horizon planned
    around them (`plan_horizon`); the plan says so (PINNED_SHIPMENTS, as the engine).
    Pins the engine would refuse (an unknown site: InvalidInput; pins breaking (1),
    (2c) or the lot size) are refused the same way, as an `infeasible` plan naming
    the constraint (engine/pins.py), with no horizon.

    Lots (lot_size > 1), exactly what is done: the horizon is planned without lots,
    and its period-0 plan (the lot-free Plan described above) is handed to the engine
    as `solve(..., lot_free=...)` (with the pins): the engine's lot stages (model.md
    "Lot sizes", engine/lots.py) plan today's printing over the days to the next
    tranche for today's backlog, with lots as a hard constraint on every stage, the
    lookahead's period-0 shipments rounded down to whole lots as the floor and
    CP-SAT's hint. The returned Plan is the
    engine's (its solver and status; the lookahead's input hash), with the LOOKAHEAD
    message first; `kpis.lot_cost`, `cards_lost_to_lots`, LOT_ROUNDING and the blanks
    the lots keep central are measured against the lookahead's lot-free plan. What
    this guarantees: the lot plan's cards per tier are lexicographically at least
    those of the rounded-down shipments (the floor), and every tier is maximized over
    whole lots, so no whole lot an office can print before the next tranche is kept
    central (tested). What it does not: later tranches are not considered when this
    tranche's lots are chosen. The returned horizon then has every shipment in whole
    lots (`whole_lot_horizon`: this tranche's as the engine chose them, each later one
    the lot-free plan's rounded down with spare whole lots to the largest remainders,
    the printing re-planned around them), and a LOOKAHEAD_LOTS message after
    LOOKAHEAD gives what that costs in first-tier resident-days against the lot-free
    horizon.

    Time limit: the horizon's stages spend `policy.time_limit_s` as deterministic
    work (`plan_horizon`); when it cut a horizon (this one or the whole-lot one), the
    plan is `feasible` with LOOKAHEAD_TIME_LIMIT (warning) after LOOKAHEAD. Blanks the
    horizon keeps central and ships in a later period are said to be held for that
    printing (BLANKS_KEPT_CENTRAL's `held`, `held_period`), and pinned blanks the horizon
    prints later at that office are neither in PINS_STRANDED nor in
    `kpis.blanks_stranded` (`_kept_for_later`, `_pins_printed_later`).

    Raises InvalidInput for a bad horizon (see `plan_horizon`); residents no office reaches
    are planned as unmet, as `solve` does.
    """
    who = Solver("blanko-lookahead", f"ortools {version('ortools')}", time.perf_counter())
    if tranches:
        first_gap = tranches[0][0]
        instance = instance.model_copy(update={"sites": tuple(
            s.model_copy(update={"working_days": first_gap}) if s.working_days else s
            for s in instance.sites)})
    digest = input_sha256(instance, shipment, policy)
    check_pins(instance, policy)
    refusal = (hard_infeasibility(instance, shipment, policy)
               or pin_infeasibility(instance, shipment, policy))
    if refusal is not None:
        return refused_plan(tuple(instance.tiers), policy, digest, who, refusal,
                            blanks=shipment.blanks), None, []
    net = compile_network(instance, shipment, policy)
    horizon = forecast_periods(instance, shipment.blanks, tranches=tranches, periods=periods,
                               arrivals_per_day=arrivals_per_day, week=week)
    free_policy = policy.model_copy(update={"lot_size": 1})
    result = plan_horizon(instance, horizon, free_policy)
    cut = result.cut
    cards = _cards_now(result, net.backlog)
    printed = np.zeros(net.n_sites, dtype=np.int64)
    np.add.at(printed, net.pairs.site, cards.sum(axis=1))
    pinned = [site_id for site_id in net.site_ids if site_id in policy.pinned_shipments]
    plan = build_plan(StageRecord(
        net=net, policy=free_policy, blanks=shipment.blanks, input_sha256=digest, solver=who,
        status="optimal", cards=cards, printed=printed,
        shipped=np.ascontiguousarray(result.shipments[:, 0]), marginals=None,
        leading=(horizon_message(result, horizon, policy.equity), *code_warnings(instance),
                 *planner_warnings(net, policy)),
        trailing=(*_pin_messages(len(pinned)), *stranded_messages(
            net, free_policy, np.ascontiguousarray(result.shipments[:, 0]), printed))))
    if policy.lot_size > 1:
        # Lots: the engine's lot stages over the days to the next tranche, started from
        # this lot-free plan: its period-0 shipments rounded down to whole lots are the
        # floor and CP-SAT's hint, every whole lot an office can print is placed, and
        # the lots' cost is measured against this plan (engine/solve.py `lot_free`).
        # The planner's pins go to the engine too (it keeps them, engine/pins.py).
        lots = solve(instance, shipment, policy.model_copy(update={"marginals": False}),
                     lot_free=plan)
        notes: tuple[Message, ...] = ()
        if lots.status != "infeasible":
            # The later tranches in whole lots too, around the lots sent now.
            sent = {line.site_id: line.blanks for line in lots.shipments}
            now = np.array([sent.get(site_id, 0) for site_id in net.site_ids], dtype=np.int64)
            whole = whole_lot_horizon(instance, horizon, free_policy.model_copy(
                update={"pinned_shipments": {}}), result, now, policy.lot_size)
            notes = (lot_message(whole, result, policy.lot_size),)
            result = whole
            cut = cut or whole.cut
        plan = lots.model_copy(update={"input_sha256": digest, "messages": (
            horizon_message(result, horizon, policy.equity), *notes, *lots.messages)})
    plan = _kept_for_later(_pins_printed_later(plan, result, net, policy), result, policy)
    if cut is not None:
        # The work budget stopped a horizon's stages: valid, not optimal (model.md).
        messages = list(plan.messages)
        messages.insert(1, time_limit_message(policy.time_limit_s, *cut))
        plan = plan.model_copy(update={"status": "feasible", "messages": tuple(messages)})
    return plan, result, horizon


def time_limit_message(time_limit_s: float, stage: str, tier: str) -> Message:
    """LOOKAHEAD_TIME_LIMIT (warning): the work budget of the time limit
    (STAGE_ARCS_PER_SECOND) stopped the horizon before `stage` (earliness, equity,
    travel, late_shipping) of `tier` ("" for the stages of every tier)."""
    what = {"earliness": "the stage that shortens the wait",
            "equity": "the equity stage", "travel": "the travel stage",
            "late_shipping": "the stage that ships as late as the plan allows"}[stage]
    return Message(
        code="LOOKAHEAD_TIME_LIMIT", level="warning",
        params={"time_limit_s": time_limit_s, "stage": stage, "tier": tier},
        text=f"The work budget of the time limit ({num(time_limit_s)} s, the same on any "
             f"machine) stopped the lookahead before {what}"
             + (f" of tier {tier}" if tier else "")
             + "; the plan is valid (every hard constraint holds), but that stage and the "
               "ones after it were not optimized.")


def _kept_for_later(plan: Plan, result: LookaheadPlan, policy: Policy) -> Plan:
    """BLANKS_KEPT_CENTRAL(_LOTS) with the blanks the horizon ships from the central
    office in a later period counted as held for that printing, not as unusable (qa2
    fault 5): at least kept_central[0] - kept_central[-1] of those kept now leave later
    (the central office only loses blanks to shipments); the lots' own reason first."""
    at = [i for i, m in enumerate(plan.messages)
          if m.code in ("BLANKS_KEPT_CENTRAL", "BLANKS_KEPT_CENTRAL_LOTS")]
    if not at:
        return plan
    old = plan.messages[at[0]].params
    central = result.kept_central
    held = min(max(0, int(central[0] - central[-1])), int(old.get("unusable") or 0))
    later = np.flatnonzero(result.shipments[:, 1:].sum(axis=0)) + 1
    if held <= 0 or not len(later):
        return plan
    new = kept_message(int(old["kept"] or 0), int(old.get("reserve") or 0),
                       int(old.get("lot_kept") or 0), policy.lot_size,
                       lot_choice_cut=bool(old.get("lot_choice_cut")), held=held,
                       held_period=int(later[0]), pinned=bool(policy.pinned_shipments))
    messages = list(plan.messages)
    messages[at[0]] = new
    return plan.model_copy(update={"messages": tuple(messages)})


def _pins_printed_later(plan: Plan, result: LookaheadPlan, net: Network,
                        policy: Policy) -> Plan:
    """PINS_STRANDED and `blanks_stranded` with the blanks the horizon prints later at a
    pinned office left out (qa2 fault 6): of the blanks a pinned office does not print
    now, at most those it still holds at the horizon's end (`held[:, -1]`) are never
    printed. Unchanged without pins or when nothing is printed later."""
    if not policy.pinned_shipments or plan.status == "infeasible":
        return plan
    lines = {line.site_id: line for line in plan.sites}
    end = dict(zip(result.site_ids, result.held[:, -1].tolist(), strict=True))
    shipped = np.array([lines[s].blanks for s in net.site_ids], dtype=np.int64)
    printed = np.array([lines[s].printed for s in net.site_ids], dtype=np.int64)
    left = stranded(net.stock, shipped, printed)
    pinned = np.array([s in policy.pinned_shipments for s in net.site_ids], dtype=bool)
    never = np.minimum(left, np.array([end.get(s, 0) for s in net.site_ids], dtype=np.int64))
    later = np.where(pinned, left - never, 0)
    if not later.any():
        return plan
    now = [m for m in stranded_messages(net, policy, shipped, printed + later)
           if m.code == "PINS_STRANDED"]
    messages = [m for m in plan.messages if m.code != "PINS_STRANDED"]
    if now:
        # Where the engine (or the lot-free plan) put it: before its stranded messages.
        at = next((i for i, m in enumerate(messages)
                   if m.code in ("BLANKS_STRANDED_LOTS", "BLANKS_STRANDED")), len(messages))
        messages.insert(at, now[0])
    kpis = plan.kpis.model_copy(update={
        "blanks_stranded": plan.kpis.blanks_stranded - int(later.sum())})
    return plan.model_copy(update={"messages": tuple(messages), "kpis": kpis})


def _pin_messages(pinned: int) -> list[Message]:
    """PINNED_SHIPMENTS as the engine words it (engine/solve.py), when any site is pinned."""
    if not pinned:
        return []
    return [pinned_message(pinned)]


def whole_lot_horizon(instance: Instance, horizon: Sequence[Period], policy: Policy,
                      free: LookaheadPlan, now: IntArray, lot_size: int) -> LookaheadPlan:
    """The horizon with every shipment whole lots of `lot_size`, the printing re-planned
    around them.

    free: the lot-free plan of `horizon` (`plan_horizon` with `policy`, which must hold
    no pins: they are in `now`); now: (sites,) period 0's whole-lot shipments (the
    engine's lot stages, pins included). Three steps:
      1. the horizon re-planned with period 0's shipments fixed at `now` (skipped when
         they are the lot-free plan's): what is left for later tranches;
      2. each later shipment of that plan rounded down to whole lots (a valid plan:
         fewer blanks leave the central office, which carries the rest), then, in each
         shipping period, the whole lots that what the sites are short of the plan so
         far (this period's remainders and the ones carried from earlier periods) adds
         up to, given back one lot at a time to the site short of the most (ties: the
         lower site_id; sites with a storage_cap are left rounded down, where a lot
         more could break (2c)), so no whole lot stays at the central office that the
         plan would have sent (without storage caps: less than one lot beyond it);
      3. the horizon re-planned with every shipment fixed at those whole lots (skipped
         when step 1's are already whole lots).
    Every later shipment is then at least step 1's rounded down, and more blanks held at
    an office never leave fewer ways to print, so step 3's first-tier resident-days are
    at most those of the rounded-down plan, and at least the lot-free plan's. These are
    not CP-SAT's choice over the horizon (engine/lots.py chooses one shipment's lots).

    Shapes as `LookaheadPlan`; raises as `plan_horizon`.
    """
    if np.array_equal(free.shipments[:, 0], now):
        kept = free
    else:
        fixed = np.full(free.shipments.shape, -1, dtype=np.int64)
        fixed[:, 0] = now
        kept = plan_horizon(instance, horizon, policy, fixed=fixed)
    shipments = kept.shipments
    if not (shipments % lot_size).any():
        return kept
    whole = shipments // lot_size * lot_size
    whole[:, 0] = now
    by_id = {s.site_id: s for s in instance.sites}
    capped = np.array([by_id[s].storage_cap is not None for s in kept.site_ids], dtype=bool)
    planned = np.cumsum(shipments, axis=1)
    for t in range(1, shipments.shape[1]):
        # What each site is short of the plan so far, earlier periods' remainders
        # included: the central office carries them, so they are spare lots now too (a
        # tester saw 100 blanks a tranche left central for good in lots of 300).
        short = planned[:, t] - whole[:, :t + 1].sum(axis=1)
        spare = int(short.sum()) // lot_size
        remainder = np.where(capped, 0, short)
        while spare > 0 and remainder.max(initial=0) > 0:
            s = int(np.argmax(remainder))  # largest first; ties: the lower site_id
            whole[s, t] += lot_size
            remainder[s] -= lot_size
            spare -= 1
    return plan_horizon(instance, horizon, policy, fixed=whole)


def lot_message(whole: LookaheadPlan, free: LookaheadPlan, lot_size: int) -> Message:
    """LOOKAHEAD_LOTS: the horizon's shipments are whole lots, and what that costs in the
    first tier's resident-days against the lot-free horizon plan."""
    tier = whole.tiers[0]
    cost = whole.resident_days[tier] - free.resident_days[tier]
    return Message(
        code="LOOKAHEAD_LOTS", params={"lot_size": lot_size, "tier": tier,
                                       "resident_days": cost},
        text=f"Every shipment of the horizon is whole lots of {num(lot_size)}: this tranche's "
             f"chosen by the lot stages, each later one the plan without lots rounded down "
             f"at each office with spare whole lots to the largest remainders, and the "
             f"printing re-planned around them; the lots add "
             f"{counted(cost, '{n} resident-day', '{n} resident-days')} of {tier} applicants "
             f"waiting over the horizon against the plan without lots.")


def _cards_now(result: LookaheadPlan, backlog: IntArray) -> IntArray:
    """(pairs, tiers) cards the horizon plan prints before the next tranche, at most
    each area's tier backlog now (`backlog`, (areas, tiers)): any excess (cards for
    forecast arrivals) is taken off the area's farthest pairs first."""
    cards = result.cards[:, :, :result.first_block()].sum(axis=2)
    served = np.zeros(backlog.shape, dtype=np.int64)
    np.add.at(served, result.pair_area, cards)
    excess = np.maximum(0, served - backlog)
    for p in np.argsort(-result.pair_km, kind="stable"):
        a = result.pair_area[p]
        cut = np.minimum(cards[p], excess[a])
        cards[p] -= cut
        excess[a] -= cut
    return np.ascontiguousarray(cards)


def horizon_message(result: LookaheadPlan, horizon: Sequence[Period],
                    equity: bool = True) -> Message:
    """LOOKAHEAD: the horizon planned, its figures, and the provisional later shipments."""
    later_periods = np.flatnonzero(result.ships[1:]) + 1  # shipping periods after period 0
    later = {result.site_ids[s]: [int(x) for x in result.shipments[s, later_periods]]
             for s in range(len(result.site_ids)) if result.shipments[s, later_periods].any()}
    days = [p.days for p in horizon]
    return Message(
        code="LOOKAHEAD",
        params={"periods": len(horizon), "days": ",".join(map(str, days)),
                "blanks": ",".join(str(p.blanks) for p in horizon),
                **{f"resident_days_{t}": n for t, n in result.resident_days.items()},
                "provisional_shipments": "; ".join(
                    f"{site}: {','.join(map(str, xs))}" for site, xs in later.items()),
                # The text depends on it, so params carry it (messages render from params).
                "equity": int(equity)},
        text=f"Planned {counted(len(horizon), '{n} period', '{n} periods')} "
             f"({', '.join(map(num, days))} working days) with tranches of "
             f"{', '.join(num(p.blanks) for p in horizon)} blanks; only this "
             f"period's shipments are to be sent now: later ones are provisional and are "
             f"re-planned when the next tranche arrives. "
             + ("Equity is kecamatan first, then kelurahan within each kecamatan, in steps of "
                "2 % of coverage." if equity else "Equity was not optimized (equity: false)."))
