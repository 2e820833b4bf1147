"""Tester qa3's number faults 2, 3 and 5: each input was planned `optimal` with a number
the planner never meant (a storage cap of 6,000 read as 6, an unquoted 1,250 read as
stock 1 and storage cap 250, a blank km filled with 0 as the old fix said). Each is now
refused, naming file, row and column and what to change, in English and in Bahasa
Indonesia. The folders are the corpus's (tests/data/spreadsheets, make_corpus.qa3_numbers).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optimizer.i18n.problems import localize_problems
from optimizer.io import numbers
from optimizer.io.files import read_instance
from optimizer.schema import InvalidInput, Problem

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"


def refused(path: Path, lang: str, **kwargs: object) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        read_instance(path, **kwargs)  # type: ignore[arg-type]
    return list(localize_problems(caught.value.problems, lang))


# ---------------------------------------------------------------- 2: 6,000 read as 6

@pytest.mark.parametrize(("typed", "locale", "count", "value"), [
    # The locale's decimal mark with exactly three zeros behind it: a thousands group.
    ("6,000", "id", True, None), ("1.000", "en", True, None), ("-2,000", "id", True, None),
    ("1.234,000", "id", True, None), ("1,000.000", "en", True, None),
    # Other decimals of a count read as before (a whole one is the count; 1,5 is no count).
    ("6,0", "id", True, 6), ("6,00", "id", True, 6), ("6,0000", "id", True, 6),
    ("6.000", "id", True, 6000), ("6,000", "en", True, 6000), ("1.000.000", "id", True, 10**6),
    # A decimal column (km, degrees) keeps its reading: 2,000 km is two km in Indonesian.
    ("2,000", "id", False, 2.0), ("2.000", "en", False, 2.0),
])
def test_a_count_whose_decimal_part_is_three_zeros_is_refused(typed: str, locale: str,
                                                              count: bool,
                                                              value: float | None) -> None:
    parsed = numbers.parse(pd.Series(["5", typed], dtype="string"), locale,  # type: ignore[arg-type]
                           count=count, stated=True)
    flagged = parsed.thousands_rows().tolist()
    if value is None:
        assert flagged == [1]
        assert parsed.values[1] == typed  # the cell as typed, for the message
    else:
        assert flagged == []
        assert parsed.values[1] == value


def test_a_count_column_without_such_cells_has_no_flags() -> None:
    parsed = numbers.parse(pd.Series(["1", "2"], dtype="string"), "id", count=True,
                           stated=False)
    assert parsed.thousands is None and not parsed.thousands_rows().size
    # A workbook's typed cells (numbers, not text) never are such a cell.
    typed = numbers.parse(pd.Series([6.0, "7"], dtype=object), "id", count=True, stated=False)
    assert typed.values == [6, 7] and not typed.thousands_rows().size


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_english_cap_among_indonesian_files_is_refused(lang: str) -> None:
    # Before: storage cap 5,000 read as 5 (the files are ';'-separated, 1.234 and 3,5).
    [problem] = refused(CORPUS / "count-english-comma-in-id", lang)
    if lang == "en":
        assert problem.location == "sites.csv row 2, column storage_cap"
        assert problem.message == (
            "is 5 as read in the Indonesian locale (a decimal comma with three zeros behind "
            "it), but no count is written so: it looks like 5000 with an English thousands "
            "comma, got '5,000'")
        assert problem.fix == "type 5000 (without separators), or 5 if that is meant"
    else:
        assert problem.location == "sites.csv baris 2, kolom storage_cap"
        assert problem.message == (
            "bernilai 5 bila dibaca dalam format angka Indonesia (koma desimal diikuti tiga "
            "angka nol), padahal jumlah tidak pernah ditulis begitu: tampaknya 5000 dengan "
            "koma ribuan gaya Inggris, tertulis '5,000'")
        assert problem.fix == "ketik 5000 (tanpa pemisah), atau 5 bila memang itu yang dimaksud"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_dotted_thousand_with_the_english_locale_stated_is_refused(lang: str) -> None:
    # Before: `--locale en` read the cap 5.000 as 5.
    [problem] = refused(CORPUS / "ambiguous-counts", lang, locale="en")
    assert "5000" in problem.message and "'5.000'" in problem.message
    assert problem.message.startswith("is 5 as read in the English locale" if lang == "en"
                                      else "bernilai 5 bila dibaca dalam format angka Inggris")


def test_every_count_column_is_checked(tmp_path: Path) -> None:
    # Printers, throughput, working days, stock, cap, population and each backlog tier.
    folder = tmp_path / "f"
    shutil.copytree(CORPUS / "id-locale", folder)
    sites = (folder / "sites.csv").read_text(encoding="utf-8").splitlines()
    cells = sites[1].split(";")
    cells[5:10] = ["1,000", "150,000", "20,000", "3,000", "5.000"]
    sites[1] = ";".join(cells)
    (folder / "sites.csv").write_text("\r\n".join(sites) + "\r\n", encoding="utf-8")
    areas = (folder / "areas.csv").read_text(encoding="utf-8").splitlines()
    cells = areas[1].split(";")
    cells[5:8] = ["2,000", "3,000", "4,000"]
    areas[1] = ";".join(cells)
    (folder / "areas.csv").write_text("\r\n".join(areas) + "\r\n", encoding="utf-8")
    problems = refused(folder, "en")
    said = {p.location: p.message for p in problems}
    for column in ("printers", "cards_per_printer_day", "working_days", "stock"):
        assert f"sites.csv row 2, column {column}" in said, said
    for column in ("population", "first_time", "replacement"):
        assert f"areas.csv row 2, column {column}" in said, said
    assert "sites.csv row 2, column storage_cap" not in said  # 5.000 is 5000 here


# ---------------------------------------------------------------- 5: an unquoted 1,250

@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_unquoted_number_split_at_its_comma_is_refused(lang: str) -> None:
    # Before: '...,20,1,250,' read as stock 1 and storage cap 250, the row's own empty
    # last cell taken for an empty extra field.
    [problem] = refused(CORPUS / "unquoted-thousands-comma", lang)
    assert problem.location == "sites.csv"
    if lang == "en":
        assert problem.message == (
            "row 3 has 11 fields, the header 10: a number written with a thousands comma and "
            "no quotes is split into two fields ('0,150', '1,250'?)")
        assert problem.fix.startswith('put a number with a thousands comma in double quotes '
                                      '("1,250") or write it without the comma (1250)')
    else:
        assert problem.message.startswith("baris 3 berisi 11 isian, judul kolom 10")
        assert problem.fix.startswith("apit angka yang memakai koma ribuan")


def test_a_cleared_row_without_a_split_number_is_still_read(tmp_path: Path) -> None:
    # The tolerance stays for what Excel writes: extra empty fields and no digits pair.
    folder = tmp_path / "f"
    shutil.copytree(CORPUS / "clean", folder)
    areas = (folder / "areas.csv").read_text(encoding="utf-8").splitlines()
    areas.append(",,,,,,,,,")
    (folder / "areas.csv").write_text("\n".join(areas) + "\n", encoding="utf-8")
    assert len(read_instance(folder).instance.areas) == len(areas) - 2


# ---------------------------------------------------------------- 3: 0 km for a blank

@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_blank_km_says_delete_the_row_not_zero(lang: str) -> None:
    [problem] = refused(CORPUS / "distance-blank", lang)
    if lang == "en":
        assert problem.fix == ("delete the row (without it the distance is computed from the "
                               "coordinates) or type the measured road km; never 0 for a "
                               "distance not measured")
        assert "0 where there is none" not in problem.fix
    else:
        assert problem.fix.startswith("hapus barisnya (tanpa baris itu jarak dihitung dari "
                                      "koordinat)")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_zero_km_between_points_km_apart_is_refused(lang: str) -> None:
    # Before: the old fix followed (0 for a blank) planned pairs 9-12 km apart as 0 km.
    [problem] = refused(CORPUS / "distance-zero-for-blank", lang)
    assert problem.location == ("distances.csv, column km" if lang == "en"
                                else "distances.csv, kolom km")
    if lang == "en":
        assert problem.message.startswith("3 cells: is far shorter than the great-circle km")
        assert "0.00 km (9.5 km)" in problem.message
        assert problem.fix.endswith("delete the row, the distance is then computed from the "
                                    "coordinates")
    else:
        assert "0,00 km (9,5 km)" in problem.message
        assert problem.fix.endswith("hapus barisnya, jaraknya lalu dihitung dari koordinat")


def test_the_bundled_distances_pass_the_short_bound() -> None:
    from optimizer.engine.geometry import great_circle_km
    from optimizer.io.plausible import SHORT_RATIO, SHORT_SLACK_KM

    data = Path(__file__).parents[2] / "data" / "palembang"
    areas = pd.read_csv(data / "areas.csv", dtype={"area_id": str}).set_index("area_id")
    sites = pd.read_csv(data / "sites.csv").set_index("site_id")
    km = pd.read_csv(data / "distances.csv", dtype={"area_id": str})
    gc = great_circle_km(areas.loc[km.area_id, "lat"].to_numpy(),
                         areas.loc[km.area_id, "lon"].to_numpy(),
                         sites.loc[km.site_id, "lat"].to_numpy(),
                         sites.loc[km.site_id, "lon"].to_numpy())
    assert not np.any(km.km.to_numpy() < SHORT_RATIO * gc - SHORT_SLACK_KM)


# ---------------------------------------------------------------- 18: what Excel shows

@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_percent_cell_is_said_as_excel_shows_it(lang: str) -> None:
    # Before: "must be a whole number, got 0.45" of a cell Excel shows as 45 %.
    [problem] = refused(CORPUS / "percent-in-count.xlsx", lang)
    if lang == "en":
        assert problem.location == "percent-in-count.xlsx[areas] row 3, column first_time"
        assert problem.message == ("is formatted as a percentage: Excel shows 45 %, the cell "
                                   "holds 0.45, and a count is a whole number")
        assert problem.fix.startswith("format the column as Number")
    else:
        assert problem.message == ("berformat persentase: Excel menampilkan 45 %, isi selnya "
                                   "0,45, padahal jumlah harus bilangan bulat")
        assert problem.fix.startswith("format kolomnya sebagai Number")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_mark_after_the_last_digit_is_no_quoted_text(lang: str) -> None:
    # Before: '5.' in a CSV said "must be a number, not text in quotes" (a CSV has none).
    [problem] = refused(CORPUS / "count-trailing-dot", lang)
    assert "quotes" not in problem.message and "kutip" not in problem.message
    if lang == "en":
        assert (problem.location, problem.message, problem.fix) == (
            "sites.csv row 4, column stock", "must be a whole number, got '5.'",
            "type 5: no mark after the last digit")
    else:
        assert problem.fix == "ketik 5: tanpa tanda setelah angka terakhir"
