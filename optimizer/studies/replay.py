r"""A schedule of shipments played day by day, each policy allocating each tranche.

State
    residents waiting per area and tier, as first-in-first-out cohorts (arrival day,
    count); blanks on hand at each office (`stock`) and at the central office.

Each working day d = 0, 1, ..., H - 1, in this order
    1. Arrivals (d >= 1): new applicants (young people turning 17, lost or damaged
       cards) per area and tier, Poisson with mean arrivals_per_day x the tier's share
       of the initial backlog x the area's share of the population.
    2. Tranche, on the days the schedule names (and on the day a low-stock release
       arrives, see below): the central office holds the tranche
       plus whatever earlier plans kept there; the policy allocates it on the state of
       the moment (an instance with each office's stock, each area's waiting residents
       and working_days = days until the next tranche, or until the end). Shipments
       move to the offices; the engine's service lines become each office's work list.
    3. Printing: each office prints at most (working printers x cards_per_printer_day)
       cards, and never more than the blanks it holds: first its work list, if any (tier,
       own district, nearest first), as far as those residents still wait; then, with
       capacity and blanks left, `printing.PrintingRule` for anyone it may serve.
    4. Served residents leave their area's queue oldest first; their waiting days
       (day served - day arrived; the initial backlog arrives on day 0) are counted.
    5. Low-stock release (`Release`, optional; the Ministry's "more released when stock
       runs low"): when the blanks on hand in the city (offices + central office) fall
       below `below` at the end of a day and no release is on its way, `blanks` more
       arrive `lead` working days later and are allocated like a tranche.

The engine's offices follow its plan's service lines (then the rule, with capacity
and blanks to spare); a baseline's offices print by the shared rule alone, day by day,
as officials described. A policy named 'name@rule' ships what 'name' ships but its
offices ignore the plan's service lines and print by the shared rule alone
(`printing.PrintingRule`): how much of a gain needs offices to follow the plan's lists.
Host offices (`studies.hosts`) apply to the baselines and to the shared rule.

Printers fail independently: a working printer fails on a day with probability
`failure_prob` and is down for a uniform 1..`repair_days` days, that day included.
A planner does not foresee failures: plans assume every printer works.

Randomness: tranche sizes, arrivals and failures of replication r come from
`numpy.random.SeedSequence([seed, r])`, one child stream each, and are the same for
every policy (common random numbers), so policies differ by their decisions alone.

Conservation holds exactly and is checked at the end of every day
(`ConservationError` otherwise):
    blanks received = cards printed + blanks on hand (offices + central office)
    residents arrived (initial backlog + arrivals) = served + waiting, per tier

"Stranded" on a day: blanks at an office beyond what it could still print before the
next tranche at full capacity for the residents waiting within its reach,
sum_s max(0, stock[s] - min(capacity left until the next tranche, waiting in reach of s)).
"""

from __future__ import annotations

import functools
import math
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from optimizer.engine.evaluate import evaluate
from optimizer.engine.model import IntArray
from optimizer.engine.network import compile_network
from optimizer.schema import Instance, InvalidInput, Plan, Policy, Problem, Shipment
from optimizer.studies.baselines import Allocate
from optimizer.studies.hosts import host_index
from optimizer.studies.lookahead import lookahead
from optimizer.studies.printing import PrintingRule
from optimizer.studies.registry import (
    POLICIES,
    Comparison,
    allocator,
    check_distinct,
    compare,
    get,
    label,
    split_variant,
)

DEFAULT_ARRIVALS_PER_DAY = 250.0  # suket issued in Palembang, Jan-Oct 2017: 250-300 a day
DEFAULT_FAILURE_PROB = 0.02
DEFAULT_REPAIR_DAYS = 10


class ConservationError(AssertionError):
    """Blanks or residents were created or lost: a bug in the simulation."""


# --------------------------------------------------------------------------- schedule


@dataclass(frozen=True)
class Tranche:
    """A shipment on `day`: `low` blanks, or a seeded draw in [low, high] when they differ."""

    day: int
    low: int
    high: int


@dataclass(frozen=True)
class Schedule:
    tranches: tuple[Tranche, ...]
    days: int      # the horizon H: working days simulated
    step: int = 1000  # drawn tranche sizes are multiples of this

    def describe(self) -> str:
        """E.g. '12 tranches every 20 working days of 10,000-30,000 blanks, 240 working days'."""
        first = self.tranches[0]
        if any((t.low, t.high) != (first.low, first.high) for t in self.tranches):
            size = "listed"
        elif first.low == first.high:
            size = f"{first.low:,}"
        else:
            size = f"{first.low:,}-{first.high:,} (uniform, in steps of {self.step:,})"
        gaps = {b - a for a, b in pairwise(t.day for t in self.tranches)}
        every = f" every {gaps.pop()} working days" if len(gaps) == 1 else ""
        return f"{len(self.tranches)} tranches{every} of {size} blanks, {self.days} working days"


def parse_schedule(spec: str) -> Schedule:
    """`tranches=12,every=20,blanks=10000-30000[,step=1000][,start=0][,days=240]`."""
    fields = _spec_fields(spec)
    unknown = sorted(set(fields) - {"tranches", "every", "blanks", "step", "start", "days"})
    missing = sorted({"tranches", "every", "blanks"} - set(fields))
    if unknown or missing:
        raise _bad(spec, f"unknown keys {unknown}" if unknown else f"missing keys {missing}")
    count, every = _positive(fields, "tranches"), _positive(fields, "every")
    start = _whole(fields.get("start", "0"), "schedule.start")
    low, high = _blanks(fields["blanks"])
    days = _whole(fields.get("days", str(start + count * every)), "schedule.days")
    tranches = tuple(Tranche(start + k * every, low, high) for k in range(count))
    return _checked(Schedule(tranches, days, _positive(fields, "step", "1000")))


# Headers of a schedule file's columns (any case; `Hari`, `Blangko` as an Indonesian
# office writes them): the day, and the blanks as a shipments file names them.
DAY_HEADERS = ("day", "days", "hari", "hari_ke", "hari_kerja", "hari_kerja_ke", "working_day")


def _schedule_header(line: str) -> tuple[str, int, int] | None:
    """(separator, day column, blanks column) of a schedule's header line, else None."""
    from optimizer.io.headers import SHIPMENT_ALIASES, normalize

    for sep in (";", "\t", "|", ","):
        cells = [normalize(c) for c in line.split(sep)]
        if len(cells) != 2:
            continue
        day = [i for i, c in enumerate(cells) if c in DAY_HEADERS]
        blanks = [i for i, c in enumerate(cells) if c in SHIPMENT_ALIASES["blanks"]]
        if len(day) == 1 and len(blanks) == 1 and day != blanks:
            return sep, day[0], blanks[0]
    return None


def parse_schedule_csv(text: str, source: str = "schedule") -> Schedule:
    """Rows `day,blanks` (blanks a number or `low-high`) after a header line; `;`, tab or `|`
    between the cells also (Excel's CSV in an Indonesian locale). The header names the
    columns in either order, in any case, in English or Indonesian (`hari;blangko`:
    `DAY_HEADERS` and the blanks headers of a shipments file, `headers.SHIPMENT_ALIASES`).

    The horizon is the last tranche's day plus the last gap between tranches
    (20 working days with a single tranche). Raises InvalidInput naming the row and column.
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    found = _schedule_header(lines[0]) if lines else None
    if found is None:
        raise InvalidInput([Problem(
            location=source,
            message=f"the first line must name the columns day and blanks, got "
                    f"{(lines[0] if lines else '')!r}",
            fix="write the header day,blanks (or hari;blangko) on the first line, then one "
                "tranche a row")])
    sep, at_day, at_blanks = found
    header = [c.strip() for c in lines[0].split(sep)]
    tranches = []
    for row, line in enumerate(lines[1:], start=2):
        cells = [c.strip() for c in line.split(sep)]
        if len(cells) > 2 and all(_GROUP.match(c) for c in cells[2:]):
            # 0,10,000: the blanks written with a thousands comma, split as cells.
            _refuse_separated(",".join(cells[1:]), f"{source} row {row}, column "
                                                   f"{header[at_blanks]}")
        if len(cells) != 2:
            raise InvalidInput([Problem(location=f"{source} row {row}",
                                        message=f"needs two cells: {sep.join(header)}")])
        low, high = _blanks(cells[at_blanks], f"{source} row {row}, column {header[at_blanks]}")
        tranches.append(Tranche(_whole(cells[at_day], f"{source} row {row}, column "
                                                      f"{header[at_day]}"), low, high))
        if len(tranches) > 1 and tranches[-1].day <= tranches[-2].day:
            raise InvalidInput([Problem(
                location=f"{source} row {row}, column {header[at_day]}",
                message=f"day {tranches[-1].day} does not come after day "
                        f"{tranches[-2].day} of row {row - 1}: tranche days must increase",
                fix=_DAYS_FIX)])
    if not tranches:
        raise InvalidInput([Problem(location=source, message="lists no tranche",
                                    fix="add a row day,blanks per tranche below the header "
                                        "(day 0 is the shipment in hand)")])
    days = [t.day for t in tranches]
    gap = days[-1] - days[-2] if len(days) > 1 else 20
    return _checked(Schedule(tuple(tranches), days[-1] + max(gap, 1)))


def _spec_fields(spec: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in spec.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            last = next(reversed(fields), None)
            if last is not None and _GROUP.match(part.strip()) and \
                    fields[last][-1:].isdigit():
                # blanks=10,000: a thousands comma, which also separates the fields.
                _refuse_separated(f"{fields[last]},{part.strip()}", f"schedule.{last}")
            raise _bad(spec, f"'{part}' is not key=value")
        if key.strip() in fields:
            # tranches=2,tranches=4: which one was meant? (The last was used silently:
            # tester qa7.)
            raise InvalidInput([Problem(
                location="schedule", message=f"key '{key.strip()}' is given twice in {spec!r}",
                fix="give each key once")])
        fields[key.strip()] = value.strip()
    return fields


MAX_TRANCHE_BLANKS = 10**12  # as the shipment in hand (Shipment.blanks)
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def _blanks(text: str, where: str = "schedule.blanks") -> tuple[int, int]:
    """'10000' or '10000-30000' -> (low, high), each a whole number from 0 to 10^12."""
    match = _RANGE.match(text)
    if match is None:
        for side in _sides(text):
            _refuse_separated(side, where)
        raise InvalidInput([Problem(
            location=where, message=f"must be a whole number >= 0 or a range low-high, "
                                    f"got {text.strip()!r}")])
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else low
    if high > MAX_TRANCHE_BLANKS:
        raise InvalidInput([Problem(location=where, message=f"must be <= "
                                    f"{MAX_TRANCHE_BLANKS:,}, got {text.strip()!r}")])
    if high < low:
        raise InvalidInput([Problem(location=where, message=f"{low}-{high} is an empty range",
                                    fix=f"write the smaller number first: {high}-{low}")])
    return low, high


def _whole(text: str, where: str, least: int = 0) -> int:
    """A whole number >= `least`; one message for text, a sign or a value too small (and
    for a count typed with thousands separators, what to type instead)."""
    typed = text.strip()
    if not typed.isascii() or not typed.isdigit():
        _refuse_separated(typed, where)
    if not typed.isascii() or not typed.isdigit() or int(typed) < least:
        raise InvalidInput([Problem(location=where,
                                    message=f"must be a whole number >= {least}, got {typed!r}",
                                    fix=f"type a whole number of {least} or more, in digits")])
    return int(typed)


_GROUP = re.compile(r"^\d{3}$")
_DAYS_FIX = "list each tranche once, in the order of its day (e.g. 0, 20, 40)"


def _sides(text: str) -> list[str]:
    """'10.000-30.000' -> ['10.000', '30.000']; '10.000' -> ['10.000']."""
    return [side.strip() for side in text.strip().split("-")] if text.strip() else []


def _refuse_separated(typed: str, where: str) -> None:
    """Refuse a count typed with thousands separators (10.000, 10,000), saying what to
    type instead (optimizer.io.separators: 10.000 may mean ten); else return."""
    from optimizer.io.separators import separated

    found = separated(typed)
    if found is not None:
        raise InvalidInput([Problem(location=where, message=f"{found.message}, got "
                                    f"'{found.typed}'", fix=found.fix)])


def _positive(fields: dict[str, str], key: str, default: str | None = None) -> int:
    return _whole(fields.get(key, default or ""), f"schedule.{key}", least=1)


def _bad(spec: str, why: str) -> InvalidInput:
    return InvalidInput([Problem(location="schedule", message=f"{why} in {spec!r}", fix=(
        "write it as e.g. 'tranches=12,every=20,blanks=10000-30000' (optional: step, start, "
        "days), or give a CSV file of day,blanks rows"))])


# The longest horizon a replay simulates: ten years of working days (260 a year). A replay
# keeps and simulates every day of its horizon, per replication and policy; days=99999999
# was accepted by the service and failed only when its job ran out of memory (tester qa7).
MAX_HORIZON_DAYS = 2600


def _checked(schedule: Schedule) -> Schedule:
    if schedule.days > MAX_HORIZON_DAYS:
        raise InvalidInput([Problem(
            location="schedule.days",
            message=f"the horizon ({schedule.days:,} days) is longer than a replay simulates "
                    f"({MAX_HORIZON_DAYS:,} working days, ten years)",
            fix="give fewer or closer tranches, or a shorter days=")])
    days = [t.day for t in schedule.tranches]
    if days != sorted(set(days)):
        raise InvalidInput([Problem(location="schedule", message="tranche days must increase",
                                    fix=_DAYS_FIX)])
    if days[-1] >= schedule.days:
        raise InvalidInput([Problem(location="schedule.days",
                                    message=f"the horizon ({schedule.days} days) must extend "
                                            f"past the last tranche (day {days[-1]})",
                                    fix=f"give days= above {days[-1]}, or leave days= out")])
    return schedule


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Release:
    """More blanks released when stock runs low (module docstring, step 5)."""

    below: int   # blanks on hand in the city (offices + central) that trigger a release
    blanks: int  # blanks released each time
    lead: int = 5  # working days from the trigger to their arrival (>= 1)

    def describe(self) -> str:
        return (f"{self.blanks:,} more blanks arrive {self.lead} working days after the "
                f"city's stock falls below {self.below:,}")


def parse_release(spec: str) -> Release:
    """`below=5000,blanks=10000[,lead=5]`; InvalidInput naming the key otherwise."""
    fields = _spec_fields(spec)
    unknown = sorted(set(fields) - {"below", "blanks", "lead"})
    missing = sorted({"below", "blanks"} - set(fields))
    if unknown or missing:
        raise InvalidInput([Problem(
            location="release", message=f"unknown keys {unknown}" if unknown else
            f"missing keys {missing}", fix="write it as e.g. 'below=5000,blanks=10000,lead=5'")])
    blanks, lead = (_whole(fields.get(k, "5"), f"release.{k}") for k in ("blanks", "lead"))
    if blanks < 1 or lead < 1:
        raise InvalidInput([Problem(location="release", message="blanks and lead must be >= 1",
                                    fix="write it as e.g. 'below=5000,blanks=10000,lead=5'")])
    return Release(_whole(fields["below"], "release.below"), blanks, lead)


SEED_MAX = 2**31 - 1  # the service's limit (api.store_jobs), well inside numpy's


@dataclass(frozen=True)
class ReplayConfig:
    schedule: Schedule
    policies: tuple[str, ...] = tuple(POLICIES)
    replications: int = 10
    seed: int = 0
    arrivals_per_day: float = DEFAULT_ARRIVALS_PER_DAY
    failure_prob: float = DEFAULT_FAILURE_PROB
    repair_days: int = DEFAULT_REPAIR_DAYS
    one_shipment: int | None = None  # blanks of the one-shipment comparison (None: tranche 1)
    hosts: tuple[tuple[str, str], ...] = ()  # (district_id, host site_id), studies.hosts
    release: Release | None = None  # the Ministry's low-stock release, if any
    deadline: int | None = None  # working days: residents without a card by then (None: H)

    def __post_init__(self) -> None:
        problems = []
        if self.replications < 1:
            problems.append(Problem(location="replications", message="must be >= 1"))
        if not (0 <= self.seed <= SEED_MAX):
            # numpy's SeedSequence refuses a negative seed with a traceback (tester qa9).
            problems.append(Problem(location="seed", message=f"must be in 0..{SEED_MAX:,}",
                                    fix="give a whole number seed from 0"))
        if not (0.0 <= self.failure_prob <= 1.0):
            problems.append(Problem(location="failure_prob", message="must be in [0, 1]"))
        if self.repair_days < 1:
            problems.append(Problem(location="repair_days", message="must be >= 1"))
        if not (0.0 <= self.arrivals_per_day < 1e7) or math.isnan(self.arrivals_per_day):
            problems.append(Problem(location="arrivals_per_day", message="must be >= 0"))
        if not self.policies:
            problems.append(Problem(location="policies", message="must name a policy"))
        if self.one_shipment is not None and not (0 <= self.one_shipment <= 10**9):
            problems.append(Problem(location="one_shipment", message="must be >= 0"))
        if self.deadline is not None and not (1 <= self.deadline <= self.schedule.days):
            problems.append(Problem(location="deadline", message=f"must be in 1.."
                                                                 f"{self.schedule.days}"))
        if self.release is not None and self.release.lead < 1:
            problems.append(Problem(location="release.lead", message="must be >= 1"))
        if problems:
            raise InvalidInput(problems)
        for name in self.policies:
            get(name)
        check_distinct(self.policies)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Run:
    """One policy in one replication, day by day (end-of-day figures)."""

    waiting: IntArray       # (days, tiers) residents waiting
    printed: IntArray       # (days, tiers) cards printed so far
    arrived: IntArray       # (days, tiers) initial backlog + arrivals so far
    received: IntArray      # (days,) blanks the city received so far
    office_stock: IntArray  # (days,) blanks on hand at the offices
    central: IntArray       # (days,) blanks on hand at the central office
    stranded: IntArray      # (days,) see the module docstring
    waited: IntArray        # (tiers, days) residents served after waiting d days
    days_to_clear: int | None  # days until the whole initial first-tier backlog was served
    tranche_blanks: tuple[int, ...]
    # Welfare per district (kecamatan), first tier unless said otherwise; index = district
    # in sorted district_id order (Network.district_ids).
    district_resident_days: IntArray  # (districts,) end-of-day first-tier waiting, summed
    district_applicants: IntArray     # (districts,) initial first-tier backlog + arrivals
    district_clear_day: IntArray      # (districts,) day its initial backlog was served, -1 never
    district_worst_wait: IntArray     # (districts,) longest wait (still waiting: to the end)
    district_without_card: IntArray   # (districts,) first-tier waiting at the deadline
    district_resident_km: np.ndarray  # (districts,) km travelled by its residents, all tiers
    office_stock_end: IntArray        # (sites,) blanks held at each office at the end
    replacements_while_waiting: IntArray  # (sites,) later-tier cards printed on days that
    #                                       ended with first-tier applicants still waiting
    released: int = 0                 # blanks of low-stock releases


@dataclass(frozen=True)
class Interval:
    """Mean over replications with a 95 % t-interval (None bounds with one replication)."""

    mean: float
    low: float | None
    high: float | None
    n: int
    missing: int = 0  # replications without a value (e.g. backlog never cleared)


@dataclass(frozen=True)
class ReplayResult:
    instance: Instance
    policy: Policy
    config: ReplayConfig
    runs: dict[str, list[Run]]
    one_shipment: list[Comparison]  # every policy on the initial state, one shipment
    one_shipment_blanks: int        # config.one_shipment, else replication 1's first tranche

    @property
    def tiers(self) -> tuple[str, ...]:
        return tuple(self.instance.tiers)

    @property
    def days(self) -> int:
        return self.config.schedule.days

    def summary(self) -> dict[str, dict[str, Interval]]:
        """Per policy, each headline figure as an interval over replications."""
        return {name: summarize(runs) for name, runs in self.runs.items()}


SUMMARY_FIGURES: dict[str, str] = {
    "days_to_clear": "days until the initial first-time backlog is served",
    "resident_days_first": "first-time resident-days waiting on a suket",
    "resident_days_all": "resident-days waiting, all tiers",
    "mean_wait_first": "mean working days a first-time applicant waits (those still waiting "
                       "counted to the end)",
    "cards_first": "first-time cards printed",
    "cards_all": "cards printed, all tiers",
    "waiting_end_first": "first-time residents still waiting at the end",
    "stranded_mean": "blanks stranded at offices, daily mean",
}


def summarize(runs: Sequence[Run]) -> dict[str, Interval]:
    values: dict[str, list[float | None]] = {key: [] for key in SUMMARY_FIGURES}
    for run in runs:
        # A resident waiting from day a to day d is counted in d - a end-of-day tallies.
        resident_days = float(run.waiting[:, 0].sum())
        applicants = int(run.arrived[-1, 0])
        values["days_to_clear"].append(run.days_to_clear)
        values["resident_days_first"].append(resident_days)
        values["resident_days_all"].append(float(run.waiting.sum()))
        values["mean_wait_first"].append(resident_days / applicants if applicants else None)
        values["cards_first"].append(float(run.printed[-1, 0]))
        values["cards_all"].append(float(run.printed[-1].sum()))
        values["waiting_end_first"].append(float(run.waiting[-1, 0]))
        values["stranded_mean"].append(float(run.stranded.mean()))
    return {key: interval(v) for key, v in values.items()}


def interval(values: Sequence[float | None]) -> Interval:
    """Mean and 95 % t-interval of the values present; how many are missing."""
    from scipy import stats  # about a second to import: only when a replay is summarized

    present = [float(v) for v in values if v is not None]
    missing = len(values) - len(present)
    if not present:
        return Interval(math.nan, None, None, 0, missing)
    mean = float(np.mean(present))
    if len(present) < 2:
        return Interval(mean, None, None, len(present), missing)
    half = float(stats.t.ppf(0.975, len(present) - 1)) * float(np.std(present, ddof=1)) \
        / math.sqrt(len(present))
    return Interval(mean, mean - half, mean + half, len(present), missing)


# --------------------------------------------------------------------------- the replay


@dataclass(frozen=True)
class Draws:
    """One replication's random draws, shared by every policy."""

    tranche_blanks: tuple[int, ...]
    arrivals: tuple[tuple[tuple[int, int, int], ...], ...]  # per day: (area, tier, count)
    printers_up: IntArray  # (days, sites) working printers


def replay(instance: Instance, policy: Policy, config: ReplayConfig,
           on_step: Callable[[str, int], None] | None = None) -> ReplayResult:
    """Every policy over `config.replications` replications of the schedule.

    Each replication draws its tranches, arrivals and printer failures from
    `config.seed` (the same draws for every policy) and plays them day by day; the
    result holds per-day series (cards, waiting residents, stock, stranded blanks)
    per policy and replication, and the one-shipment comparison on the initial
    state. `on_step(policy, replication)` reports progress. Raises InvalidInput when a
    site's stock is above its storage cap or the policy pins shipments (a replay plans
    every tranche; pins fix one shipment).
    """
    world = _World(instance, policy, config)
    runs: dict[str, list[Run]] = {name: [] for name in config.policies}
    one: list[Comparison] = []
    blanks = 0
    for r in range(config.replications):
        draws = world.draw(r)
        if r == 0:
            blanks = (draws.tranche_blanks[0] if config.one_shipment is None
                      else config.one_shipment)
            one = one_shipment(world, blanks)
        for name in config.policies:
            runs[name].append(world.simulate(name, draws))
            if on_step is not None:
                on_step(name, r)
    return ReplayResult(instance=instance, policy=policy, config=config, runs=runs,
                        one_shipment=one, one_shipment_blanks=blanks)


def replicate(instance: Instance, policy: Policy, config: ReplayConfig,
              replication: int) -> dict[str, Run]:
    """Every policy of `config` over replication `replication`'s draws (one sweep task)."""
    world = _World(instance, policy, config)
    draws = world.draw(replication)
    return {name: world.simulate(name, draws) for name in config.policies}


def one_shipment(world: _World, blanks: int) -> list[Comparison]:
    """Every policy of the world on its initial state and one shipment of `blanks`."""
    day0 = world.state(world.initial_stock(), world.initial_waiting(), world.tranche_days[0])
    return compare(day0, Shipment(blanks=blanks), world.policy, world.config.policies,
                   hosts=world.hosts)


def _refuse_stock_over_cap(instance: Instance) -> None:
    """InvalidInput naming every site whose stock is above its storage cap: every tranche's
    plan would be infeasible (constraint (2c)), so the replay would play a schedule in which
    nothing ships. Worded as the files' check words it (optimizer/io/plausible.py), so the
    planner's language reads it too (optimizer/i18n/problems.py)."""
    problems = [Problem(location=f"sites.{site.site_id}.stock",
                        message=f"is {site.stock:,}, more than the storage cap of "
                                f"{site.storage_cap:,}: constraint (2c) cannot hold; correct "
                                f"the stock (blanks at the office now) or the storage cap (the "
                                f"most it may hold, stock included)")
                for site in sorted(instance.sites, key=lambda s: s.site_id)
                if site.storage_cap is not None and site.stock > site.storage_cap]
    if problems:
        raise InvalidInput(problems)


class _World:
    """What every simulation of a replay shares: indices, rates and the printing rule."""

    def __init__(self, instance: Instance, policy: Policy, config: ReplayConfig):
        _refuse_stock_over_cap(instance)
        if policy.pinned_shipments:
            # Pins fix one shipment's blanks per site; a replay ships every tranche, and
            # the rule-based policies cannot keep pins (evaluate names each broken pin).
            raise InvalidInput([Problem(
                location="policy.pinned_shipments",
                message="a replay takes no pinned shipments: pins fix the blanks of one "
                        "shipment, and a replay plans every tranche",
                fix="leave pinned_shipments out of a replay's policy",
                pointer="/policy/pinned_shipments")])
        self.config = config
        # Marginal values change no allocation and cost a re-solve per site: skip them.
        self.policy = policy.model_copy(update={"marginals": False})
        self.net = compile_network(instance, Shipment(blanks=0), self.policy)
        self.sites = sorted(instance.sites, key=lambda s: s.site_id)
        self.areas = sorted(instance.areas, key=lambda a: a.area_id)
        self.instance = instance
        self.tiers = tuple(instance.tiers)
        self.hosts = dict(config.hosts)
        self.host = host_index(self.net, self.hosts)
        self.rule = PrintingRule(self.net, self.host)
        self.pair_km = self.net.pairs.km.astype(float).tolist()
        self.pair_of = {(int(a), int(s)): p for p, (a, s) in enumerate(
            zip(self.net.pairs.area.tolist(), self.net.pairs.site.tolist(), strict=True))}
        self.site_index = {s: i for i, s in enumerate(self.net.site_ids)}
        self.area_index = {a: i for i, a in enumerate(self.net.area_ids)}
        self.tier_index = {t: c for c, t in enumerate(self.tiers)}
        self.neighbour = (self.net.area_district[self.net.pairs.area]
                          != self.net.site_district[self.net.pairs.site])
        self.pair_area = self.net.pairs.area.tolist()
        self.per_day = [s.cards_per_printer_day for s in self.sites]
        self.daily_capacity = np.array([s.printers * s.cards_per_printer_day
                                        for s in self.sites], dtype=np.int64)
        self.rates = self._arrival_rates()
        self.tranche_days = [t.day for t in config.schedule.tranches]

    def simulate(self, name: str, draws: Draws) -> Run:
        """Policy `name` (an '@rule' variant prints by the shared rule alone) over `draws`."""
        base, by_rule = split_variant(name)
        # A baseline's own printing is the shared rule, day by day (what its offices do).
        by_rule = by_rule or label(base).kind != "the engine"
        allocate = (RollingLookahead(self) if base == "lookahead"
                    else allocator(base, self.hosts))
        return _Simulation(self, allocate, draws, by_rule).run()

    def known_tranches(self, day: int) -> list[tuple[int, int]]:
        """The tranches after `day` as a planner knows them on `day`: (working days from
        `day`, blanks); a tranche announced as a range low-high at its midpoint."""
        return [(t.day - day, (t.low + t.high) // 2)
                for t in self.config.schedule.tranches if t.day > day]

    def initial_stock(self) -> list[int]:
        return [s.stock for s in self.sites]

    def initial_waiting(self) -> list[list[int]]:
        return [[a.backlog[t] for t in self.tiers] for a in self.areas]

    def _arrival_rates(self) -> np.ndarray:
        backlog = self.net.backlog.sum(axis=0).astype(float)
        tier_share = backlog / backlog.sum() if backlog.sum() else np.full(len(backlog),
                                                                            1 / len(backlog))
        weight = np.array([a.population for a in self.areas], dtype=float)
        if not weight.sum():
            weight = self.net.backlog.sum(axis=1).astype(float)
        area_share = weight / weight.sum() if weight.sum() else np.full(len(weight),
                                                                        1 / len(weight))
        return np.asarray(self.config.arrivals_per_day * np.outer(area_share, tier_share))

    def draw(self, replication: int) -> Draws:
        cfg = self.config
        days = cfg.schedule.days
        tranche_seq, arrival_seq, failure_seq = np.random.SeedSequence(
            [cfg.seed, replication]).spawn(3)
        rng = np.random.default_rng(tranche_seq)
        step = cfg.schedule.step
        blanks = []
        for t in cfg.schedule.tranches:
            lo, hi = -(-t.low // step), t.high // step
            blanks.append(t.low if t.low == t.high or lo > hi
                          else int(rng.integers(lo, hi + 1)) * step)
        counts = np.random.default_rng(arrival_seq).poisson(
            self.rates, size=(days, *self.rates.shape)).astype(np.int64)
        counts[0] = 0  # day 0 is the initial backlog
        arrivals = tuple(
            tuple(zip(*(x.tolist() for x in np.nonzero(day)), day[day > 0].tolist(),
                      strict=True))
            for day in counts)
        return Draws(tuple(blanks), arrivals, self._printers_up(failure_seq, days))

    def _printers_up(self, seq: np.random.SeedSequence, days: int) -> IntArray:
        rng = np.random.default_rng(seq)
        owner = np.repeat(np.arange(len(self.sites)), [s.printers for s in self.sites])
        fails = rng.random((days, len(owner))) < self.config.failure_prob
        repair = rng.integers(1, self.config.repair_days + 1, size=(days, len(owner)))
        up = np.zeros((days, len(self.sites)), dtype=np.int64)
        down_until = np.zeros(len(owner), dtype=np.int64)  # first day it works again
        for d in range(days):
            broken = (down_until <= d) & fails[d]
            down_until[broken] = d + repair[d, broken]
            np.add.at(up[d], owner, down_until <= d)
        return up

    def horizon(self, day: int) -> int:
        """Working days from `day` until the next tranche (or the end)."""
        later = [t for t in self.tranche_days if t > day]
        return (later[0] if later else self.config.schedule.days) - day

    def state(self, stock: Sequence[int], waiting: Sequence[Sequence[int]],
              day: int) -> Instance:
        """The instance a policy sees on `day`: current stock, waiting, days to the next tranche."""
        days = self.horizon(day)
        sites = tuple(site.model_copy(update={"stock": int(stock[s]), "working_days": days})
                      for s, site in enumerate(self.sites))
        areas = tuple(area.model_copy(update={"backlog": dict(zip(self.tiers, map(int, w),
                                                                      strict=True))})
                      for area, w in zip(self.areas, waiting, strict=True))
        return self.instance.model_copy(update={"sites": sites, "areas": areas})


class RollingLookahead:
    """The `lookahead` policy in a replay: on each tranche day it plans over the next
    `HORIZON_TRANCHES` tranches still to come (days and announced sizes,
    `_World.known_tranches`) and the replay's own arrival rate, in weekly periods
    (`lookahead.WEEK` working days, the first `lookahead.WEEKS` of them; blanks shipped
    only on tranche days, as the replay does), and the replay carries out today's
    shipments and the printing planned until the next tranche (rolling horizon)."""

    HORIZON_TRANCHES = 3  # today's tranche and the next three: four periods planned

    def __init__(self, world: _World):
        self.world = world

    def on(self, day: int) -> Allocate:
        """The policy as it plans on `day`."""
        ahead = self.world.known_tranches(day)[:self.HORIZON_TRANCHES]
        return functools.partial(lookahead, tranches=ahead,
                                 arrivals_per_day=self.world.config.arrivals_per_day)


@dataclass
class _Simulation:
    """One policy over one replication's draws."""

    world: _World
    allocate: Allocate | RollingLookahead
    draws: Draws
    by_rule: bool = False  # ignore the plans' service lines: print by the shared rule alone
    stock: list[int] = field(init=False)
    waiting: list[list[int]] = field(init=False)

    def __post_init__(self) -> None:
        w = self.world
        n_t = len(w.tiers)
        self.stock = w.initial_stock()
        self.waiting = w.initial_waiting()
        self.queues = [[deque([[0, n]]) if n else deque() for n in row] for row in self.waiting]
        self.initial_first = sum(row[0] for row in self.waiting)
        self.central = 0
        self.received = sum(self.stock)
        self.served = [0] * n_t
        self.arrived = [sum(row[c] for row in self.waiting) for c in range(n_t)]
        self.waited = [[0] * w.config.schedule.days for _ in range(n_t)]
        self.work: list[list[list[int]]] = [[] for _ in w.sites]
        n_k = w.net.n_districts
        self.district = w.net.area_district.tolist()
        self.initial_by_district = np.bincount(w.net.area_district, weights=[
            row[0] for row in self.waiting], minlength=n_k).astype(np.int64)
        self.applicants = self.initial_by_district.copy()
        self.worst = np.zeros(n_k, dtype=np.int64)
        self.km = np.zeros(n_k, dtype=float)
        self.replacements = np.zeros(len(w.sites), dtype=np.int64)
        self.printed_later = [0] * len(w.sites)  # today's later-tier cards per office
        self.released = 0
        self.release_day: int | None = None  # arrival day of the release on its way

    def run(self) -> Run:
        w = self.world
        days, n_t = w.config.schedule.days, len(w.tiers)
        record = {key: np.zeros((days, n_t), dtype=np.int64)
                  for key in ("waiting", "printed", "arrived")}
        flat = {key: np.zeros(days, dtype=np.int64)
                for key in ("received", "office_stock", "central", "stranded")}
        tranches = dict(zip(w.tranche_days, self.draws.tranche_blanks, strict=True))
        cleared: int | None = 0 if self.initial_first == 0 else None
        n_k = w.net.n_districts
        resident_days = np.zeros(n_k, dtype=np.int64)
        clear_day = np.where(self.initial_by_district == 0, 0, -1).astype(np.int64)
        deadline = (w.config.deadline or days) - 1
        without = np.zeros(n_k, dtype=np.int64)
        release = w.config.release
        for d in range(days):
            self._arrive(d)
            extra = 0
            if release is not None and self.release_day == d:
                extra, self.release_day = release.blanks, None
                self.released += extra
            if d in tranches or extra:
                self._allocate(d, tranches.get(d, 0) + extra)
            self.printed_later = [0] * len(w.sites)
            self._print(d)
            self._check_conservation(d, queues=d == days - 1)
            first = np.bincount(w.net.area_district, weights=[row[0] for row in self.waiting],
                                minlength=n_k).astype(np.int64)
            resident_days += first
            if first.any():
                self.replacements += self.printed_later
            if d == deadline:
                without = first
            left = self._initial_left()
            clear_day[(clear_day < 0) & (left == 0)] = d + 1
            if (release is not None and self.release_day is None and d + release.lead < days
                    and sum(self.stock) + self.central < release.below):
                self.release_day = d + release.lead
            record["waiting"][d] = [sum(row[c] for row in self.waiting) for c in range(n_t)]
            record["printed"][d] = self.served
            record["arrived"][d] = self.arrived
            flat["received"][d] = self.received
            flat["office_stock"][d] = sum(self.stock)
            flat["central"][d] = self.central
            flat["stranded"][d] = self._stranded(d)
            if cleared is None and self.initial_first == 0:
                cleared = d + 1
        return Run(waiting=record["waiting"], printed=record["printed"],
                   arrived=record["arrived"], received=flat["received"],
                   office_stock=flat["office_stock"], central=flat["central"],
                   stranded=flat["stranded"], waited=np.array(self.waited, dtype=np.int64),
                   days_to_clear=cleared,
                   tranche_blanks=self.draws.tranche_blanks,
                   district_resident_days=resident_days,
                   district_applicants=self.applicants.copy(),
                   district_clear_day=clear_day,
                   district_worst_wait=self._worst_wait(days),
                   district_without_card=without,
                   district_resident_km=self.km.round(3),
                   office_stock_end=np.array(self.stock, dtype=np.int64),
                   replacements_while_waiting=self.replacements.copy(),
                   released=self.released)

    def _initial_left(self) -> IntArray:
        """(districts,) first-tier residents of the initial backlog still waiting."""
        left = np.zeros(self.world.net.n_districts, dtype=np.int64)
        for a, row in enumerate(self.queues):
            queue = row[0]
            if queue and queue[0][0] == 0:
                left[self.district[a]] += queue[0][1]
        return left

    def _worst_wait(self, days: int) -> IntArray:
        """(districts,) the longest first-tier wait: served, or still waiting at the end."""
        worst = self.worst.copy()
        for a, row in enumerate(self.queues):
            if row[0]:
                k = self.district[a]
                worst[k] = max(worst[k], days - row[0][0][0])
        return worst

    def _arrive(self, day: int) -> None:
        for a, c, n in self.draws.arrivals[day]:
            self.queues[a][c].append([day, n])
            self.waiting[a][c] += n
            self.arrived[c] += n
            if c == 0:
                self.applicants[self.district[a]] += n

    def _allocate(self, day: int, blanks: int) -> None:
        w = self.world
        self.central += blanks
        self.received += blanks
        instance = w.state(self.stock, self.waiting, day)
        shipment = Shipment(blanks=self.central)
        allocate = (self.allocate.on(day) if isinstance(self.allocate, RollingLookahead)
                    else self.allocate)
        plan = allocate(instance, shipment, w.policy)
        judged = evaluate(instance, shipment, w.policy, plan)
        if not judged.valid:
            raise RuntimeError(f"an invalid plan on day {day}: {judged.violations[0].text}")
        for line in plan.shipments:
            s = w.site_index[line.site_id]
            self.stock[s] += line.blanks
            self.central -= line.blanks
        self.work = ([[] for _ in w.sites] if self.by_rule else self._work_lists(plan))

    def _work_lists(self, plan: Plan) -> list[list[list[int]]]:
        """Each office's share of the plan: [area, tier, cards], in printing order."""
        w = self.world
        rows: list[list[tuple[int, bool, float, int, int]]] = [[] for _ in w.sites]
        for line in plan.service:
            s, a = w.site_index[line.site_id], w.area_index[line.area_id]
            own = w.net.area_district[a] == w.net.site_district[s]
            rows[s].append((w.tier_index[line.tier], not own, line.km, a, line.cards))
        return [[[a, c, n] for c, _, _, a, n in sorted(r)] for r in rows]

    def _print(self, day: int) -> None:
        w = self.world
        up = self.draws.printers_up[day]
        capacity = [int(up[s]) * w.per_day[s] for s in range(len(w.sites))]
        for s, items in enumerate(self.work):
            for item in items:
                a, c, quota = item
                cards = min(quota, self.waiting[a][c], capacity[s], self.stock[s])
                if cards > 0:
                    item[2] -= cards
                    capacity[s] -= cards
                    self.stock[s] -= cards
                    self.waiting[a][c] -= cards
                    self._serve(a, c, cards, day)
                    self._trip(w.pair_of[(a, s)], s, c, cards)
        if any(capacity[s] and self.stock[s] for s in range(len(w.sites))):
            for p, c, cards in w.rule.run(self.stock, capacity, self.waiting):
                self._serve(w.pair_area[p], c, cards, day)
                self._trip(p, int(w.net.pairs.site[p]), c, cards)

    def _trip(self, pair: int, site: int, tier: int, cards: int) -> None:
        """Count the km `cards` residents travel on `pair`, and later-tier cards per office."""
        self.km[self.district[self.world.pair_area[pair]]] += cards * self.world.pair_km[pair]
        if tier > 0:
            self.printed_later[site] += cards

    def _serve(self, area: int, tier: int, cards: int, day: int) -> None:
        """Take `cards` residents from the front of the queue (`waiting` already counts them)."""
        queue = self.queues[area][tier]
        waited = self.waited[tier]
        self.served[tier] += cards
        while cards:
            cohort = queue[0]
            take = min(cohort[1], cards)
            waited[day - cohort[0]] += take
            if tier == 0:
                k = self.district[area]
                self.worst[k] = max(self.worst[k], day - cohort[0])
            if tier == 0 and cohort[0] == 0:
                self.initial_first -= take
            cohort[1] -= take
            cards -= take
            if not cohort[1]:
                queue.popleft()

    def _stranded(self, day: int) -> int:
        w = self.world
        waiting = np.array([sum(row) for row in self.waiting], dtype=np.int64)
        reach = np.bincount(w.net.pairs.site, weights=waiting[w.net.pairs.area],
                            minlength=len(w.sites))
        # Working days after today before the next tranche (or the end) arrives.
        left = w.horizon(day) - 1
        printable = np.minimum(reach, w.daily_capacity * left)
        return int(np.maximum(0, np.array(self.stock) - printable).sum())

    def _check_conservation(self, day: int, queues: bool) -> None:
        """The two balances of the module docstring; `queues` also recounts every cohort."""
        on_hand = sum(self.stock) + self.central
        printed = sum(self.served)
        if self.received != printed + on_hand or min(self.stock) < 0 or self.central < 0:
            raise ConservationError(f"day {day}: {self.received} blanks received but "
                                    f"{printed} printed + {on_hand} on hand")
        for c, tier in enumerate(self.world.tiers):
            waiting = sum(row[c] for row in self.waiting)
            queued = sum(n for row in self.queues for _, n in row[c]) if queues else waiting
            if self.arrived[c] != self.served[c] + waiting or waiting != queued:
                raise ConservationError(
                    f"day {day}, {tier}: {self.arrived[c]} arrived but {self.served[c]} served "
                    f"+ {waiting} waiting ({queued} in the queues)")

