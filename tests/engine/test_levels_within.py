"""model._least_level_within (the least of the groups' levels, narrowing only the
groups that can hold it) against model._levels_within(...).min(): the same float, so
plans and work budgets do not depend on which ran. Backlogs to 10^12, equal backlogs
(equal jumps), several groups in any order, `above` below 1, rooms from the bases' sum
to one card short of the shares at `above`."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.engine.model import SolverFailure, _least_level_within, _levels_within

Case = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64],
             npt.NDArray[np.int64], npt.NDArray[np.int64], float]


@st.composite
def _case(draw: st.DrawFn) -> Case:
    n_groups = draw(st.integers(1, 5))
    n = draw(st.integers(n_groups, 24))
    top = draw(st.sampled_from([6, 1000, 10**6, 10**12]))
    labels = list(range(n_groups)) + draw(st.lists(st.integers(0, n_groups - 1),
                                                   min_size=n - n_groups,
                                                   max_size=n - n_groups))
    group = np.array(draw(st.permutations(labels)), dtype=np.int64)
    if draw(st.booleans()):
        b = np.full(n, draw(st.integers(1, top)), dtype=np.int64)
    else:
        b = np.array(draw(st.lists(st.integers(1, top), min_size=n, max_size=n)),
                     dtype=np.int64)
    base = np.array([draw(st.integers(0, int(x) // 2)) for x in b], dtype=np.int64)
    cap = np.array([draw(st.integers(int(z), int(x))) for z, x in zip(base, b, strict=True)],
                   dtype=np.int64)
    above = draw(st.sampled_from([1.0, 0.5, 0.123456789]))
    shares = np.maximum(base, np.minimum(cap, np.ceil(above * b)))
    at_above = np.bincount(group, weights=shares, minlength=n_groups).astype(np.int64)
    floor = np.bincount(group, weights=base, minlength=n_groups).astype(np.int64)
    room = np.array([draw(st.integers(int(f), max(int(f), int(a) - 1)))
                     for f, a in zip(floor, at_above, strict=True)], dtype=np.int64)
    return room, group, b, base, cap, above


@settings(max_examples=600, deadline=None)
@given(_case())
def test_the_least_of_the_levels(case: Case) -> None:
    room, group, b, base, cap, above = case
    got = _least_level_within(room, group, b, base, cap, above)
    want = float(_levels_within(room, group, b, base, cap, above, up=True).min())
    assert np.float64(got).tobytes() == np.float64(want).tobytes()


def test_a_hand_case() -> None:
    # backlogs 4 and 6 from 0, room 5: ceil(4t) + ceil(6t) is 2 + 2 up to t = 1/3,
    # 2 + 3 = 5 up to 1/2, then 3 + 3 = 6: the top step is (1/3, 1/2]. Any level of it
    # has its shares; the narrowing stops at the first it finds. A second group that
    # fits more (backlog 4, room 4: up to t = 1) does not change the least.
    t = _least_level_within(np.array([5, 4]), np.array([0, 0, 1]), np.array([4, 6, 4]),
                            np.zeros(3, dtype=np.int64), np.array([4, 6, 4]), 1.0)
    assert 1 / 3 < t <= 0.5
    assert (np.ceil(t * 4), np.ceil(t * 6)) == (2, 3)


def test_bases_that_do_not_fit_are_a_bug() -> None:
    with pytest.raises(SolverFailure):
        _least_level_within(np.array([1]), np.zeros(2, dtype=np.int64), np.array([4, 6]),
                            np.ones(2, dtype=np.int64), np.array([4, 6]), 1.0)
