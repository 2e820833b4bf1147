"""Coverage figures in numpy are Python's round(served / backlog, 6), float for float.

`kpis.coverages` rounds in numpy and settles only quotients near a half by Python's own
round; it must give the very floats `coverage` gives (the plan's JSON bytes), None
without backlog, at every size of count up to model.md's 10^12 and beyond 2^53.
"""

from __future__ import annotations

import numpy as np

from optimizer.engine.kpis import coverage, coverages


def _python(served: np.ndarray, backlog: np.ndarray) -> list[float | None]:
    return [coverage(s, b) for s, b in zip(served.tolist(), backlog.tolist(), strict=True)]


def _same(got: list[float | None], want: list[float | None]) -> bool:
    return got == want and all(type(g) is type(w) for g, w in zip(got, want, strict=True))


def test_random_counts_round_as_python() -> None:
    rng = np.random.default_rng(12)
    for top in (3, 1_000, 10**6, 10**12):
        backlog = rng.integers(0, top, 20_000)
        served = np.minimum(backlog, (rng.random(20_000) * (backlog + 1)).astype(np.int64))
        assert _same(coverages(served, backlog), _python(served, backlog))


def test_quotients_at_and_near_a_half_round_as_python() -> None:
    # k / 2,000,000 is a half of the sixth decimal for odd k (0.0000005, 0.0000015, ...),
    # decided on the double's exact value; powers of two give exact halves further down.
    odd = np.arange(1, 40_001, 2, dtype=np.int64)
    backlog = np.concatenate([np.full(len(odd), 2_000_000), 2 ** np.arange(1, 50),
                              np.full(3, 8), np.full(1_000, 2 * 10**11)])
    served = np.concatenate([odd, np.ones(49, dtype=np.int64), np.array([1, 3, 5]),
                             np.arange(10**8, 10**8 + 1_000 * 99_991, 99_991)])
    assert _same(coverages(served, backlog), _python(served, backlog))


def test_nobody_everybody_none_and_huge_counts() -> None:
    backlog = np.array([0, 0, 7, 7, 2**60, 2**60 + 1], dtype=np.int64)
    served = np.array([0, 0, 0, 7, 2**59, 3], dtype=np.int64)
    got = coverages(served, backlog)
    assert _same(got, _python(served, backlog))
    assert got[:4] == [None, None, 0.0, 1.0]
    assert _same(coverages(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)), [])
