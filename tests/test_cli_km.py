"""The km figures of `blanko plan`'s summary are grouped like every other figure.

Before: `resident-km 17,367.4 (mean 1736.74 km, max 1736.74 km)`: the mean and the max
were written without thousands separators, the total with them.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.schema import Instance
from tests.cases import area, site

runner = CliRunner()


def test_mean_and_max_km_are_grouped(tmp_path: Path) -> None:
    # Kecamatan K1 has no office; its 10 residents go to S2, 8 degrees of longitude away
    # on the equator: 8 * 111.195 km = 889.6 km great-circle (under the readers' 1,000 km
    # plausibility limit), x 1.3 road factor = 1,156.5 km each, so mean = max = 1,156.5 km
    # (no travel limit is set).
    instance = Instance(name="far", sites=(site("S2", "K2", lon=4.0),),
                        areas=(area("A1", "K1", lon=-4.0, first=10),
                               area("A2", "K2", lon=4.0)))  # nobody waits in K2
    path = tmp_path / "far.json"
    path.write_text(instance.model_dump_json(), encoding="utf-8")
    for lang, max_km in (("en", r"1,15\d\.\d\d"), ("id", r"1\.15\d,\d\d")):
        result = runner.invoke(app, ["plan", "--data", str(path), "--blanks", "10",
                                     "--quiet", "--lang", lang])
        assert result.exit_code == 0, result.output
        line = next(x for x in result.output.splitlines() if "resident-km" in x
                    or "km-penduduk" in x)
        assert re.search(rf"\b{max_km} km\)", line), line  # the max, grouped
        assert len(re.findall(rf"\b{max_km} km", line)) == 2, line  # and the mean
