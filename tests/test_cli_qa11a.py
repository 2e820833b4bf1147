"""Tester qa11a's faults: a Palembang planner's own office files (Excel, Indonesian
locale) that planned something other than what they meant, or were refused unhelpfully.

Each test runs the real `blanko` command (Typer's runner) on files under tests/data/qa11a
(README there) or the bundled Palembang data.

1. Working days typed per week (5, 6) at two offices among others at 20-22 days until the
   next shipment: planned silently at a quarter of their capacity (KEC-16.71.05 sent 750
   blanks, its 1 printer x 150 cards x 5 days).
2. A stock sheet `STOK BLANGKO` over one column per date (Excel date cells in the second
   header row): refused as columns with "no header" and a fix about totals by sex; and a
   sheet of its own `STOK BLANGKO` (one column a date) beside offices without a stock
   column: only noted as not read, every office's stock 0, the plan `optimal`.
3. `evaluate --shipments` with `Jumlah Dus | Jumlah Lembar` (boxes and sheets) or with
   `Nama Kantor` instead of office ids: refused as missing blanks / site_id.
4. A kecamatan code typed for an office id (shipments, distances): "unknown site" and "use
   the site ids"; kelurahan codes cut to their last 4 digits: "give every row its own id".
5. Reports: "A second printer helps most" at an office with no printer; the kecamatan
   table's "blanks to offices" counted the central office's blanks in its kecamatan
   (Palembang, 40,000 blanks: 16.71.04's 4,154 = its office's 3,000 + DISDUKCAPIL's 1,154,
   the city's); the plan workbook fed back to `evaluate --shipments` was refused.
6. (found) Cards per printer-day typed per hour (19) or with a zero dropped (15) among
   offices at 150: planned silently at a tenth of the office's capacity.
7. (found) `Jumlah Dus | Jumlah Lembar` where one row's sheets are not its boxes times the
   box size of every other row: the sheets pinned silently.
8. (found) A header of cards per day without a printer (`Kapasitas Cetak per Hari`, the
   office's day) and of working days per week (`Hari Kerja per Minggu`) were told "did you
   mean cards_per_printer_day / working_days? rename it": followed, a wrong capacity.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
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


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "column Hari Kerja per Minggu: gives working days per week ('minggu'), but "
           "working_days are the days the office prints until the next shipment fix: multiply "
           "by the weeks until the next shipment (5 days a week for 4 weeks is 20)"),
    ("id", "kolom Hari Kerja per Minggu: memberi hari kerja per minggu ('minggu')"),
])
def test_a_working_days_header_per_week_is_not_told_to_be_renamed(lang: str, said: str
                                                                 ) -> None:
    code, out = _run(["plan", "--data", str(QA11A / "hari-kerja-per-minggu-judul.xlsx"),
                      "--blanks", "40000", "--quiet", "--lang", lang])
    assert code == 2, out
    assert said in out, out
    assert "rename the column to working_days" not in out, out


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


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "sheet-stok-blangko.xlsx[STOK BLANGKO]: may hold the offices' stock (its name says "
           "so), but the stock is read only from a column of the offices table "
           "(sheet-stok-blangko.xlsx[Kantor]), which has none: every office's stock would be 0"),
    ("id", "sheet-stok-blangko.xlsx[STOK BLANGKO]: mungkin berisi stok kantor"),
])
def test_a_stock_sheet_beside_offices_without_stock_is_refused(lang: str, said: str) -> None:
    code, out = _run(["plan", "--data", str(QA11A / "sheet-stok-blangko.xlsx"), "--blanks",
                      "40000", "--quiet", "--lang", lang])
    assert code == 2, out
    assert said in out, out


def test_a_stock_file_beside_offices_without_stock_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "kota"
    folder.mkdir()
    palembang = DATA.parent.parent / "data" / "palembang"
    for name in ("areas.csv", "districts.csv"):
        shutil.copy(palembang / name, folder / name)
    lines = (palembang / "sites.csv").read_text().splitlines()
    (folder / "kantor.csv").write_text(
        "\n".join(",".join(line.split(",")[:8]) for line in lines) + "\n")
    (folder / "stok_blangko.csv").write_text(
        "Kode Kantor,01/11/2026,30/11/2026\nKEC-16.71.01,900,300\nKEC-16.71.02,800,250\n")
    code, out = _run(["plan", "--data", str(folder), "--blanks", "40000", "--quiet"])
    assert code == 2, out
    assert ("stok_blangko.csv: may hold the offices' stock (its name says so), but the stock "
            "is read only from a column of the offices table (kantor.csv)" in out), out


# ------------------------------------------------- 3. shipments in sheets, offices by name


def _evaluate(name: str, tmp_path: Path, lang: str = "en") -> tuple[int, str, dict[str, int]]:
    plan = tmp_path / "plan.json"
    code, out = _run(["evaluate", "--dataset", "palembang", "--blanks", "40000",
                      "--shipments", str(QA11A / name), "--json", str(plan), "--lang", lang])
    shipped = ({s["site_id"]: s["blanks"] for s in json.loads(plan.read_text())["shipments"]}
               if plan.exists() else {})
    return code, out, shipped


def test_shipments_in_boxes_and_sheets_pin_the_sheets(tmp_path: Path) -> None:
    code, out, shipped = _evaluate("kiriman-dus-lembar.xlsx", tmp_path)
    assert code == 0, out
    assert "'Jumlah Lembar' as blanks" in out, out
    assert "column 'Jumlah Dus' ignored" in out, out
    assert "blanks shipped 39,000" in out, out
    assert shipped["KEC-16.71.01"] == 1000 and shipped["KEC-16.71.04"] == 3000, shipped
    assert "first_time cards fewer 1,000" in out, out


def test_shipments_in_boxes_only_are_refused_as_boxes(tmp_path: Path) -> None:
    code, out, _ = _evaluate("kiriman-dus-saja.xlsx", tmp_path)
    assert code == 2, out
    assert ("kiriman-dus-saja.xlsx[Pengiriman], column Jumlah Dus: counts boxes (dus), not "
            "blanks" in out), out
    assert "--lot-size" in out, out


@pytest.mark.parametrize("name", ["kiriman-nama-kantor.xlsx", "kiriman-nama-singkatan.xlsx"])
def test_shipments_naming_offices_by_name_pin_those_offices(name: str, tmp_path: Path) -> None:
    code, out, shipped = _evaluate(name, tmp_path)
    assert code == 0, out
    assert "offices read by their names in column Nama Kantor" in out, out
    assert "(19 sites pinned)" in out, out
    # the optimal plan's own shipments: nothing lost against it
    assert "first_time cards fewer 0" in out and "resident-km more 0.0" in out, out
    assert shipped["KEC-16.71.02"] == 1560 and shipped["KEC-16.71.03"] == 1612, shipped
    assert shipped["KEC-16.71.04"] == 3000, shipped


def test_a_name_no_office_has_is_refused_at_its_row(tmp_path: Path) -> None:
    code, out, _ = _evaluate("kiriman-nama-tak-dikenal.xlsx", tmp_path, "id")
    assert code == 2, out
    assert ("kiriman-nama-tak-dikenal.xlsx[Pengiriman] baris 6, kolom Nama Kantor (name): "
            "tidak menamai kantor mana pun di tabel kantor, tertulis 'Kantor Kecamatan Bukit "
            "Besar'" in out), out


def test_a_kecamatan_s_name_for_an_office_s_names_its_office(tmp_path: Path) -> None:
    code, out, _ = _evaluate("kiriman-nama-kecamatan.xlsx", tmp_path)
    assert code == 2, out
    assert ("kiriman-nama-kecamatan.xlsx[Pengiriman] row 3, column Nama Kantor (name): is the "
            "name of a kecamatan, not of an office (its offices: KEC-16.71.01), got 'Ilir "
            "Barat II'" in out), out
    assert "row 4" not in out and "row 6" not in out, out  # office names, abbreviated


def test_kecamatan_names_for_office_ids_name_the_office(tmp_path: Path) -> None:
    code, out, _ = _evaluate("kiriman-nama-kecamatan.csv", tmp_path)
    assert code == 2, out
    assert ("kiriman-nama-kecamatan.csv row 3, column Kantor (site_id): unknown site 'Ilir "
            "Barat II' fix: 'Ilir Barat II' is a kecamatan's name: write its office's id from "
            "the sites table (KEC-16.71.01)" in out), out
    assert "'Ilir Barat I' is a kecamatan's name: write its office's id from the sites table " \
           "(KEC-16.71.04, DISDUKCAPIL)" in out, out


def test_an_office_s_name_among_ids_names_its_id(tmp_path: Path) -> None:
    code, out, _ = _evaluate("kiriman-kode-dan-nama.csv", tmp_path)
    assert code == 2, out
    assert ("row 3, column Kantor (site_id): unknown site 'Kantor Kecamatan Seberang Ulu I' "
            "fix: 'Kantor Kecamatan Seberang Ulu I' is an office's name: write its id, "
            "KEC-16.71.02" in out), out


def test_a_name_of_another_office_beside_an_id_is_refused(tmp_path: Path) -> None:
    code, out, _ = _evaluate("kiriman-nama-tertukar.xlsx", tmp_path)
    assert code == 2, out
    assert ("row 4, column Nama Kantor (name): is the name of office KEC-16.71.03, but the "
            "row's id is KEC-16.71.02 (Kantor Kecamatan Seberang Ulu I)" in out), out
    assert "row 5, column Nama Kantor (name): is the name of office KEC-16.71.02" in out, out


# ------------------------------------------- 4. kecamatan codes for offices, cut codes


def test_kecamatan_codes_for_office_ids_in_shipments_name_the_office(tmp_path: Path) -> None:
    code, out, _ = _evaluate("kiriman-kode-kecamatan.csv", tmp_path)
    assert code == 2, out
    assert ("kiriman-kode-kecamatan.csv, column Kode Kantor (site_id): 18 cells: name a "
            "kecamatan, not an office" in out), out
    assert ("fix: write the id of the office (the sites table's site_id), not of its "
            "kecamatan: KEC-16.71.01 for kecamatan 16.71.01" in out), out


def test_kecamatan_codes_for_office_ids_in_distances_name_the_office(tmp_path: Path) -> None:
    folder = tmp_path / "kota"
    shutil.copytree(DATA.parent.parent / "data" / "palembang", folder)
    (folder / "instance.json").unlink()
    (folder / "dataset.json").unlink()
    distances = folder / "distances.csv"
    distances.write_text(distances.read_text().replace(",KEC-", ","))
    code, out = _run(["plan", "--data", str(folder), "--blanks", "40000", "--quiet",
                      "--lang", "id"])
    assert code == 2, out
    assert "distances.csv, kolom site_id: 1926 sel: menyebut kecamatan, bukan kantor" in out, \
        out
    assert "KEC-16.71.01 untuk kecamatan 16.71.01" in out, out


def test_kelurahan_codes_cut_to_four_digits_say_so() -> None:
    code, out = _run(["plan", "--data", str(QA11A / "kelurahan-kode-4-digit.xlsx"),
                      "--blanks", "40000", "--quiet", "--lang", "en"])
    assert code == 2, out
    assert ("column Kode Kelurahan (area_id): 95 cells: repeat a kelurahan's number in another "
            "kecamatan: the last 4 digits of the Kemendagri code" in out), out
    assert "(16.71.01.1002 for 1002 of kecamatan 16.71.01)" in out, out
    assert "give every row its own id" not in out, out


# ---------------------------------------------------------------------------- 5. reports


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "MARGINAL_PRINTER: A printer at KEC-16.71.15, which prints nothing now, helps most: "
           "each extra printer-day prints 200 more cards"),
    ("id", "MARGINAL_PRINTER: Printer di KEC-16.71.15, yang kini tidak mencetak, paling "
           "membantu: setiap hari-printer tambahan mencetak 200 kartu lagi"),
])
def test_a_printer_at_an_office_without_one_is_not_a_second_printer(lang: str, said: str
                                                                    ) -> None:
    code, out = _run(["plan", "--data", str(QA11A / "kantor-tanpa-printer.xlsx"), "--blanks",
                      "100000", "--max-travel-km", "5", "--quiet", "--lang", lang])
    assert code == 0, out
    assert said in out, out
    assert "second printer" not in out and "Printer kedua" not in out, out


def test_the_central_office_s_blanks_are_in_no_kecamatan_s_row(tmp_path: Path) -> None:
    book = tmp_path / "rencana.xlsx"
    code, out = _run(["plan", "--dataset", "palembang", "--blanks", "40000", "--xlsx",
                      str(book), "--lang", "en"])
    assert code == 0, out
    # KEC-16.71.04 gets 3,000; DISDUKCAPIL, in 16.71.04, 1,154 for the whole city.
    assert "16.71.04 Ilir Barat I 4,162 1,110 26.7% 2,435 0 0.0% 3,000 supply" in out, out
    assert ("DISDUKCAPIL (the central office, in 16.71.04) gets 1,154 blanks for its own "
            "printers, which serve every district: they are in no district's row." in out), out
    sheet = openpyxl.load_workbook(book)["Kecamatan"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    blanks = sheet.cell(row=1, column=sheet.max_column - 1).value
    assert blanks == "Blanks to its offices"
    assert rows["16.71.04"][sheet.max_column - 2] == 3000
    plan = sum(r[sheet.max_column - 2] for d, r in rows.items() if str(d).startswith("16.71."))
    assert plan + 1154 == 40000
    summary = {r[0]: r[1] for r in openpyxl.load_workbook(book)["Summary"].iter_rows(
        min_row=2, values_only=True)}
    assert summary["Of which to the central office's own printers (DISDUKCAPIL, in 16.71.04), "
                   "in no kecamatan's row"] == 1154, summary


def test_only_one_disdukcapil_among_the_offices_is_a_central_office() -> None:
    from optimizer import central_sites
    from optimizer.io.datasets import load

    assert central_sites(load("palembang").instance) == {"DISDUKCAPIL"}
    # A province: 514 offices, each a kabupaten's Disdukcapil, none the central office.
    assert central_sites(load("indonesia").instance) == set()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_plan_workbook_is_read_back_as_shipments(lang: str, tmp_path: Path) -> None:
    book = tmp_path / "rencana.xlsx"
    code, out = _run(["plan", "--dataset", "palembang", "--blanks", "40000", "--quiet",
                      "--xlsx", str(book), "--lang", lang])
    assert code == 0, out
    # The planner moves 500 blanks from KEC-16.71.04 to KEC-16.71.01 in the workbook.
    edited = openpyxl.load_workbook(book)
    offices = edited[edited.sheetnames[1]]
    for row in offices.iter_rows(min_row=2):
        if row[0].value == "KEC-16.71.04":
            row[4].value -= 500
        if row[0].value == "KEC-16.71.01":
            row[4].value += 500
    edited.save(book)
    plan = tmp_path / "plan.json"
    code, out = _run(["evaluate", "--dataset", "palembang", "--blanks", "40000",
                      "--shipments", str(book), "--json", str(plan), "--lang", "en"])
    assert code == 0, out
    assert "(19 sites pinned)" in out, out
    shipped = {s["site_id"]: s["blanks"] for s in json.loads(plan.read_text())["shipments"]}
    assert shipped["KEC-16.71.04"] == 2500 and shipped["KEC-16.71.01"] == 1741, shipped


# ------------------------------------------------ 6. cards per printer-day a tenth too low


def test_cards_per_printer_day_per_hour_or_a_zero_dropped_are_refused() -> None:
    code, out = _run(["plan", "--data", str(QA11A / "kapasitas-per-jam.xlsx"), "--blanks",
                      "40000", "--quiet", "--lang", "en"])
    assert code == 2, out
    assert ("column Kapasitas Printer per Hari (cards_per_printer_day): 2 cells: is a fifth of "
            "the median of the other offices or less" in out), out
    assert "(rows 5, 9); 19 (150), 15 (150)" in out, out
    assert "19 an hour for 8 hours is 152" in out, out


def test_an_instance_sent_as_json_with_a_low_rate_says_so() -> None:
    from optimizer.engine.codes import code_warnings
    from optimizer.io.datasets import load

    instance = load("indonesia").instance  # 100-1000 cards a day, median 170: none so low
    assert not [m for m in code_warnings(instance) if m.code == "SITE_FIGURE_LOW"]
    sites = list(instance.sites)
    sites[7] = sites[7].model_copy(update={"cards_per_printer_day": 17})
    changed = instance.model_copy(update={"sites": sites})
    low = [m for m in code_warnings(changed) if m.code == "SITE_FIGURE_LOW"]
    assert [m.params["site_id"] for m in low] == [sites[7].site_id]


# ----------------------------------------------- 7. sheets that disagree with the boxes


def test_sheets_that_are_not_the_boxes_times_the_box_size_are_refused(tmp_path: Path) -> None:
    code, out, _ = _evaluate("kiriman-dus-lembar-salah-ketik.xlsx", tmp_path)
    assert code == 2, out
    assert ("kiriman-dus-lembar-salah-ketik.xlsx[Pengiriman] row 4, column Jumlah Lembar "
            "(blanks): is 1200, not the 3 boxes in column Jumlah Dus times 500 blanks a box "
            "(1500), as in the other rows" in out), out


# ----------------------------------------- 8. a day's cards of the office, not a printer


def test_cards_per_day_without_a_printer_are_not_told_to_be_renamed() -> None:
    code, out = _run(["plan", "--data", str(QA11A / "kapasitas-cetak-per-hari.xlsx"),
                      "--blanks", "40000", "--quiet", "--lang", "en"])
    assert code == 2, out
    assert ("column Kapasitas Cetak per Hari: gives cards per day without saying per printer: "
            "the office's cards a day with all its printers, or one printer's?" in out), out
    assert "divide it by the office's printers (300 with 2 printers is 150)" in out, out
    assert "rename the column to cards_per_printer_day" not in out, out
    assert "is required but missing" not in out, out
