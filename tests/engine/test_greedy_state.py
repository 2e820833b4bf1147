"""model.greedy_state against its definition in exact fractions, on both of its paths
(int64 for backlogs below 2^31, Python integers above)."""

from __future__ import annotations

from fractions import Fraction
from math import ceil

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.engine.model import _least_fraction, greedy_state


def _reference(trial: list[int], base: list[int], active: list[bool],
               backlog: list[int]) -> tuple[list[int], list[bool]]:
    """tau = min over active units of trial / backlog; active units get
    max(base, min(backlog, ceil(tau * backlog))), tied = active with state / backlog = tau."""
    if not any(active):
        return list(base), [False] * len(base)
    tau = min(Fraction(t, b) for t, b, on in zip(trial, backlog, active, strict=True) if on)
    state = [max(z, min(b, ceil(tau * b))) if on else z
             for z, b, on in zip(base, backlog, active, strict=True)]
    tied = [on and Fraction(s, b) == tau for s, b, on in zip(state, backlog, active, strict=True)]
    return state, tied


def test_a_hand_case() -> None:
    # backlogs 4, 6, 3; trial 2, 4, 3 (coverage 1/2, 2/3, 1): tau = 1/2.
    # ceil(4/2) = 2, ceil(6/2) = 3, ceil(3/2) = 2 -> (2, 3, 2); all three at 1/2? 2/4 and
    # 3/6 are, 2/3 is not.
    state, tied = greedy_state(np.array([2, 4, 3]), np.zeros(3, dtype=np.int64),
                               np.ones(3, dtype=bool), np.array([4, 6, 3]))
    assert state.tolist() == [2, 3, 2]
    assert tied.tolist() == [True, True, False]


@st.composite
def _units(draw: st.DrawFn, big: bool) -> tuple[list[int], list[int], list[bool], list[int]]:
    n = draw(st.integers(1, 12))
    top = 10**12 if big else 60
    backlog = draw(st.lists(st.integers(1, top), min_size=n, max_size=n))
    if big:
        backlog[0] = max(backlog[0], 2**31)  # forces the Python-integer path
    base = [draw(st.integers(0, b)) for b in backlog]
    trial = [draw(st.integers(z, b)) for z, b in zip(base, backlog, strict=True)]
    active = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return trial, base, active, backlog


@settings(max_examples=300, deadline=None)
@given(st.booleans().flatmap(_units))
def test_greedy_state_is_its_definition(units: tuple[list[int], list[int], list[bool],
                                                     list[int]]) -> None:
    trial, base, active, backlog = units
    state, tied = greedy_state(np.array(trial, dtype=np.int64), np.array(base, dtype=np.int64),
                               np.array(active, dtype=bool), np.array(backlog, dtype=np.int64))
    assert (state.tolist(), tied.tolist()) == _reference(trial, base, active, backlog)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**40), st.integers(1, 2**40)), min_size=1,
                max_size=30))
def test_the_least_fraction_is_the_least_exactly(pairs: list[tuple[int, int]]) -> None:
    # Near-equal ratios (within float rounding) included by the wide range; past 2^31 the
    # fractions' own comparison serves. Compared with Python's exact fractions.
    num = np.array([p for p, _ in pairs], dtype=np.int64)
    den = np.array([q for _, q in pairs], dtype=np.int64)
    p, q = _least_fraction(num, den)
    assert (p, q) in pairs
    assert Fraction(p, q) == min(Fraction(a, b) for a, b in pairs)
    small = num % 2**31, den % 2**31 + 1  # the int64 path
    p, q = _least_fraction(*small)
    assert Fraction(p, q) == min(Fraction(int(a), int(b)) for a, b in zip(*small, strict=True))
