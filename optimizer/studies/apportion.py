"""Exact shares for the baselines: water filling on fractions, largest remainder in lots.

Rounding: exact quotas (fractions) are rounded by largest remainder, ties by
site_id, in whole lots. A district's weight goes to the offices in the district,
split in proportion to their capacity (equally when none can print); an area whose
district has no office weighs on its nearest allowed office.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from optimizer.engine.model import IntArray
from optimizer.engine.network import Network
from optimizer.studies.hosts import redirect


def water_fill(weights: Sequence[Fraction], total: Fraction | int,
               caps: Sequence[Fraction | int]) -> list[Fraction]:
    """Exact quotas of `total` in proportion to `weights`, none above its cap.

    A quota that would pass its cap is fixed at the cap and the rest is re-shared
    among the others; what no one can take is left out (the quotas then sum to less).
    """
    quota = [Fraction(0)] * len(weights)
    active = [i for i, w in enumerate(weights) if w > 0 and caps[i] > 0]
    remaining = Fraction(total)
    while active and remaining > 0:
        weight = sum(weights[i] for i in active)
        over = [i for i in active if remaining * weights[i] / weight > caps[i]]
        if not over:
            for i in active:
                quota[i] = remaining * weights[i] / weight
            break
        for i in over:
            quota[i] = Fraction(caps[i])
            remaining -= caps[i]
        capped = set(over)
        active = [i for i in active if i not in capped]
    return quota


def apportion(quotas: Sequence[Fraction], total: int, caps: Sequence[int]) -> list[int]:
    """Whole numbers from exact quotas by largest remainder, ties by position.

    Gives min(`total`, ceil(sum of quotas)) in all, each at most its cap and within
    one of its quota.
    """
    shares = [min(caps[i], math.floor(q)) for i, q in enumerate(quotas)]
    target = min(total, math.ceil(sum(quotas, Fraction(0))))
    left = target - sum(shares)
    order = sorted((i for i, q in enumerate(quotas) if q > shares[i] and shares[i] < caps[i]),
                   key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[:max(0, left)]:
        shares[i] += 1
    return shares


def _in_lots(net: Network, quotas: Sequence[Fraction], caps: Sequence[int],
             lot_size: int) -> IntArray:
    """Blanks per site: quotas (in blanks) rounded to whole lots, within caps and supply."""
    units = apportion([q / lot_size for q in quotas], net.supply // lot_size,
                      [c // lot_size for c in caps])
    return np.array(units, dtype=np.int64) * lot_size


def site_weights(net: Network, area_weight: IntArray,
                 host: IntArray | None = None) -> list[Fraction]:
    """Each area's weight on the offices of its district, by capacity (module docstring).

    `host` ((districts,) site index or -1, `hosts.host_index`): a hosted district's
    weight goes to its host office instead of its own offices, which cannot print.
    """
    weights = [Fraction(0)] * net.n_sites
    homes: dict[int, list[int]] = {}
    for s in range(net.n_sites):
        homes.setdefault(int(net.site_district[s]), []).append(s)
    for a in np.flatnonzero(area_weight > 0).tolist():
        home = homes.get(int(net.area_district[a]))
        w = int(area_weight[a])
        if home is None:
            nearest = _nearest_site(net, a)
            if nearest is not None:
                weights[nearest] += w
            continue
        caps = [int(net.capacity[s]) for s in home]
        for s, cap in zip(home, caps, strict=True):
            weights[s] += Fraction(w * cap, sum(caps)) if sum(caps) else Fraction(w, len(home))
    return redirect(net, weights, host)


def _nearest_site(net: Network, area: int) -> int | None:
    mine = np.flatnonzero(net.pairs.area == area)
    if not len(mine):
        return None
    best = min(mine.tolist(), key=lambda p: (float(net.pairs.km[p]), int(net.pairs.site[p])))
    return int(net.pairs.site[best])


def _storage_caps(net: Network) -> list[int]:
    return [int(r) for r in net.room]


def tiered_quotas(net: Network, caps: Sequence[int],
                  host: IntArray | None = None) -> list[Fraction]:
    """Backlog-proportional quotas, tier by tier: replacements only from the surplus.

    Tier c shares min(what is left, its total backlog) in proportion to each
    district's tier-c backlog (water filling within what caps leave); blanks beyond
    the whole backlog stay at the central office.
    """
    quotas = [Fraction(0)] * net.n_sites
    left = Fraction(net.supply)
    for c in range(net.n_tiers):
        amount = min(left, Fraction(int(net.backlog[:, c].sum())))
        room = [caps[s] - quotas[s] for s in range(net.n_sites)]
        share = water_fill(site_weights(net, net.backlog[:, c], host), amount, room)
        quotas = [q + d for q, d in zip(quotas, share, strict=True)]
        left -= sum(share, Fraction(0))
    return quotas


