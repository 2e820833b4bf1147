"""Figures of a replay run, and paired differences against a status quo.

Every figure is computed per replication from a `replay.Run`, so two policies'
figures over the same replication share its tranches, arrivals and failures
(common random numbers); the paired difference d_r = f(policy, r) - f(status quo, r)
then carries only the policies' effect, and its mean and 95 % t-interval over the
replications (`replay.interval`) answer "is this policy better, by how much".

Figures (first tier = first-time applicants; lower is better for all of them)
    resident_days     sum over days of first-tier residents waiting at the end of the day
    worst_wait        mean wait of the worst-off kecamatan: max_k resident_days_k /
                      applicants_k (working days; those still waiting counted to the end)
    clear_day         working days until the initial first-tier backlog is served,
                      censored at the horizon H when it is not (then shown as ">= H")
    without_card      first-tier residents still waiting at the deadline
    resident_km       km travelled by the residents served, all tiers
    blanks_end        blanks held at offices at the end of the replay
    replacements      later-tier cards printed on days that ended with first-tier
                      applicants still waiting somewhere in the city
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from optimizer.studies.replay import Interval, Run, interval


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    of: Callable[[Run, int], float]  # (run, horizon) -> value


def _worst_wait(run: Run, days: int) -> float:
    return float(np.max(kecamatan_mean_wait(run)))


def kecamatan_mean_wait(run: Run) -> np.ndarray:
    """(districts,) mean first-tier wait per kecamatan (0 where nobody applied)."""
    applicants = run.district_applicants.astype(float)
    wait: np.ndarray = np.divide(run.district_resident_days, applicants,
                                 out=np.zeros_like(applicants), where=applicants > 0)
    return wait


FIGURES: tuple[Figure, ...] = (
    Figure("resident_days", "first-time resident-days waiting", "M resident-days",
           lambda r, h: float(r.waiting[:, 0].sum()) / 1e6),
    Figure("worst_wait", "mean wait in the worst-off kecamatan", "working days", _worst_wait),
    Figure("clear_day", "days until the initial first-time backlog is served", "working days",
           lambda r, h: float(h if r.days_to_clear is None else r.days_to_clear)),
    Figure("without_card", "first-time residents without a card at the deadline", "residents",
           lambda r, h: float(r.district_without_card.sum())),
    Figure("resident_km", "km travelled by residents served", "thousand km",
           lambda r, h: float(r.district_resident_km.sum()) / 1e3),
    Figure("blanks_end", "blanks held at offices at the end", "blanks",
           lambda r, h: float(r.office_stock_end.sum())),
    Figure("replacements", "replacement cards printed while first-time applicants waited",
           "cards", lambda r, h: float(r.replacements_while_waiting.sum())),
)
FIGURE = {f.key: f for f in FIGURES}


def values(runs: Sequence[Run], figure: Figure, days: int) -> list[float]:
    return [figure.of(r, days) for r in runs]


def mean(runs: Sequence[Run], figure: Figure, days: int) -> Interval:
    return interval(values(runs, figure, days))


def paired(runs: Mapping[str, Sequence[Run]], policy: str, base: str, figure: Figure,
           days: int) -> Interval:
    """Mean and 95 % interval of f(policy) - f(base), replication by replication.

    Raises ValueError when the two policies do not have the same replications.
    """
    a, b = runs[policy], runs[base]
    if len(a) != len(b):
        raise ValueError(f"{policy} has {len(a)} replications, {base} {len(b)}")
    return interval([x - y for x, y in zip(values(a, figure, days), values(b, figure, days),
                                           strict=True)])


def censored(runs: Sequence[Run]) -> int:
    """Replications that did not clear the initial backlog within the horizon."""
    return sum(r.days_to_clear is None for r in runs)


def verdict(diff: Interval, base: float, threshold: float = 0.02) -> str:
    """How a paired difference reads against a status quo at level `base`.

    'no clear difference' when the 95 % interval spans 0; 'slightly better' / 'slightly
    worse' when it excludes 0 but |mean| is under `threshold` x |base| (2 %: too small to
    matter to a planner); 'better' / 'worse' otherwise.
    """
    if diff.low is None or diff.high is None:
        return "one replication: no interval"
    if diff.low <= 0.0 <= diff.high:
        return "no clear difference"
    word = "better" if diff.mean < 0 else "worse"
    if abs(diff.mean) < threshold * abs(base):
        return f"slightly {word} (under {100 * threshold:g} %)"
    return word
