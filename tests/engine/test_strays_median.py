"""optimizer.engine.strays.median: np.median's float, without importing numpy.ma."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from optimizer.engine.strays import median


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 10, 11, 107, 1000, 1001])
def test_the_median_is_numpys(n: int) -> None:
    rng = np.random.default_rng(n)
    for scale in (1e-3, 1.0, 1e5):
        for values in (rng.normal(size=n) * scale, np.round(rng.uniform(0, 50, n)),
                       np.abs(rng.standard_cauchy(n)), np.full(n, 7.25)):
            assert median(values) == float(np.median(values))


def test_a_nan_makes_the_median_nan_as_numpys() -> None:
    values = np.array([1.0, np.nan, 3.0, 2.0])
    assert np.isnan(median(values)) and np.isnan(np.median(values))


def test_the_strays_check_loads_no_masked_arrays() -> None:
    code = ("import sys, numpy as np\n"
            "from optimizer.engine.strays import far_areas\n"
            "xy = np.array([[-3.0, 104.7], [-3.01, 104.71], [-3.9, 104.7], [-3.0, 104.72]])\n"
            "group = np.array([0, 0, 0, 0])\n"
            "far, limit = far_areas(xy, group, 3, np.ones(4, dtype=bool))\n"
            "print([f[0] for f in far], limit, 'numpy.ma' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"
    assert done.stdout.startswith("[2] ")
