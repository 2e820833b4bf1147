"""One colour per policy in every chart: the Okabe-Ito palette (safe for colour-blind readers).

Okabe, M. and Ito, K. (2008), "Color Universal Design". The status quo
(`capacity_capped`) is black; a policy's '@rule' variant keeps its colour and is
drawn dashed (lines), hollow (markers) or hatched (bars).
"""

from __future__ import annotations

from optimizer.studies.registry import split_variant

COLOURS: dict[str, str] = {
    "capacity_capped": "#000000",
    "proportional": "#E69F00",
    "population": "#56B4E9",
    "equal": "#F0E442",
    "central_only": "#CC79A7",
    "greedy": "#009E73",
    "optimal": "#0072B2",
    "optimal_no_equity": "#D55E00",
}
OTHER = "#999999"


def colour(name: str) -> str:
    """The policy's colour (its '@rule' variant's too); grey for an unknown name."""
    return COLOURS.get(split_variant(name)[0], OTHER)


def dashed(name: str) -> bool:
    """True for an '@rule' variant (drawn dashed, hollow or hatched)."""
    return split_variant(name)[1]
