"""A file beside a table read, holding that table's header: its rows are compared whole,
not its first 64 KB (a copy updated in its last row was noted as the same data, and the
old table planned)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from optimizer.io.files import read_instance
from optimizer.schema import InvalidInput

PALEMBANG = Path(__file__).parents[2] / "data" / "palembang"


def _padded(source: Path, target: Path, last_first_time: int | None = None) -> None:
    rows = list(csv.reader(source.open(encoding="utf-8")))
    rows[0].append("keterangan")
    for row in rows[1:]:
        row.append("catatan " * 100)  # ~800 bytes a row: 107 rows are over 64 KB
    if last_first_time is not None:
        rows[-1][rows[0].index("first_time")] = str(last_first_time)
    with target.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)


@pytest.mark.parametrize("changed", [False, True])
def test_a_copy_updated_past_its_first_64_kb_is_refused(tmp_path: Path, changed: bool):
    for name in ("sites.csv", "districts.csv"):
        shutil.copy(PALEMBANG / name, tmp_path / name)
    _padded(PALEMBANG / "areas.csv", tmp_path / "areas.csv")
    last = int(next(reversed(list(csv.DictReader(
        (PALEMBANG / "areas.csv").open(encoding="utf-8")))))["first_time"])
    _padded(PALEMBANG / "areas.csv", tmp_path / "areas_terbaru.csv",
            last + 500 if changed else None)
    assert (tmp_path / "areas.csv").stat().st_size > 65536
    if changed:
        with pytest.raises(InvalidInput, match="could both be the areas table"):
            read_instance(tmp_path)
    else:
        read_instance(tmp_path)  # the same rows: only noted
