"""Tester qa11a's faults: a Palembang planner's own office files (Excel, Indonesian
locale) that planned something other than what they meant, or were refused unhelpfully.

Each test runs the real `blanko` command (Typer's runner) on files under tests/data/qa11a
(README there) or the bundled Palembang data.

1. Working days typed per week (5, 6) at two offices among others at 20-22 days until the
   next shipment: planned silently at a quarter of their capacity (KEC-16.71.05 sent 750
   blanks, its 1 printer x 150 cards x 5 days).
2. A stock sheet `STOK BLANGKO` over one column per date (Excel date cells in the second
   header row): refused as columns with "no header" and a fix about totals by sex.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()
DATA = Path(__file__).parent / "data"
QA11A = DATA / "qa11a"


def _run(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args)
    return result.exit_code, " ".join(result.output.replace("│", " ").split())


# ------------------------------------------------------------ 1. working days per week


def test_working_days_of_one_week_among_a_period_s_are_refused_at_their_rows() -> None:
    code, out = _run(["plan", "--data", str(QA11A / "hari-kerja-per-minggu.xlsx"),
                      "--blanks", "40000", "--lang", "en"])
    assert code == 2, out
    assert ("hari-kerja-per-minggu.xlsx[Kantor], column Hari Kerja (working_days): 2 cells: "
            "looks like the days of one week" in out), out
    assert "(rows 6, 13); 5 (21), 6 (21)" in out, out
    assert "5 days a week for 4 weeks is 20" in out, out
    code, out = _run(["plan", "--data", str(QA11A / "hari-kerja-per-minggu.xlsx"),
                      "--blanks", "40000", "--lang", "id"])
    assert code == 2, out
    assert "tampak seperti hari kerja satu minggu" in out, out
    assert "5 hari seminggu selama 4 minggu adalah 20" in out, out


def test_an_instance_sent_as_json_with_a_week_s_working_days_says_so() -> None:
    from optimizer.engine.codes import code_warnings
    from optimizer.io.datasets import load

    instance = load("palembang").instance
    sites = list(instance.sites)
    sites[4] = sites[4].model_copy(update={"working_days": 5})
    changed = instance.model_copy(update={"sites": sites})
    codes = [(m.code, m.params.get("site_id")) for m in code_warnings(changed)]
    assert ("SITE_WORKING_DAYS_WEEK", "KEC-16.71.05") in codes
    assert not [m for m in code_warnings(instance) if m.code == "SITE_WORKING_DAYS_WEEK"]


def test_offices_that_all_give_one_week_plan(tmp_path: Path) -> None:
    # A shipment every week: every office at 5 days, and one at 4 (a holiday), plans.
    folder = tmp_path / "kota"
    shutil.copytree(DATA.parent.parent / "data" / "palembang", folder)
    lines = (folder / "sites.csv").read_text().splitlines()
    lines[1:] = [line.replace(",20,0,", ",4,0," if i == 3 else ",5,0,")
                 for i, line in enumerate(lines[1:])]
    (folder / "sites.csv").write_text("\n".join(lines) + "\n")
    code, out = _run(["plan", "--data", str(folder), "--blanks", "10000", "--quiet"])
    assert code == 0, out


# ------------------------------------------------------- 2. STOK BLANGKO over dated columns


@pytest.mark.parametrize(("lang", "said", "fix"), [
    ("en", "column STOK BLANGKO: is a header over two rows, one column a date: 'STOK BLANGKO' "
           "over 2026-11-01, 2026-11-15, 2026-11-30 (row 2), the stock on each date; only its "
           "first column (2026-11-01) would be read as stock",
     "keep the column of the stock now (most often the latest date's, 2026-11-30): delete "
     "the other dated columns and row 2, and head the kept column STOK BLANGKO"),
    ("id", "kolom STOK BLANGKO: adalah judul dua baris, satu kolom per tanggal",
     "pertahankan kolom stock saat ini (biasanya kolom tanggal terakhir, 2026-11-30)"),
])
def test_stock_laid_out_one_column_a_date_under_one_header_is_refused_saying_so(
        lang: str, said: str, fix: str) -> None:
    code, out = _run(["plan", "--data", str(QA11A / "stok-blangko-per-tanggal.xlsx"),
                      "--blanks", "40000", "--quiet", "--lang", lang])
    assert code == 2, out
    assert said in out, out
    assert fix in out, out
    assert "no header" not in out and "JML" not in out, out
