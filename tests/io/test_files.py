"""Loaders name the file, row and column of every bad value; writers keep every figure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from optimizer import InvalidInput, Policy, Shipment, i18n, solve
from optimizer.io.exports import (
    plan_json,
    read_plan_json,
    write_plan_csv,
    write_plan_json,
    write_plan_xlsx,
)
from optimizer.io.files import load_instance, read_instance
from optimizer.schema import problems_from
from tests.cases import TINY_DIR


def set_cell(folder: Path, table: str, row: int, column: str, value: str) -> None:
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(folder / f"{table}.csv", index=False)


def problems(folder: Path) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load_instance(folder)
    return [str(p) for p in caught.value.problems]


def test_loads_the_tiny_instance():
    instance = load_instance(TINY_DIR)
    assert [s.site_id for s in instance.sites] == ["S1", "S2"]
    assert instance.tiers == ("first_time", "replacement")
    assert instance.areas[2].backlog == {"first_time": 500, "replacement": 100}
    assert instance.sites[0].storage_cap is None and instance.sites[1].storage_cap == 500
    assert instance.sites[1].capacity == 1000


@pytest.mark.parametrize(("value", "message"), [
    ("-5", "must be >= 0, got -5"),
    ("2.5", "must be a whole number, got 2.5"),
    ("nan", "must be a whole number, got nan"),
    ("inf", "must be a whole number, got inf"),
    ("abc", "must be a whole number, got 'abc'"),
    ("", "is empty (blank, N/A or -)"),
    ("N/A", "is empty (blank, N/A or -)"),
])
def test_bad_backlog_names_file_row_and_column(tiny: Path, value: str, message: str):
    set_cell(tiny, "areas", 1, "first_time", value)
    assert problems(tiny) == [f"areas.csv row 3, column first_time: {message}"]


def test_whole_numbers_written_as_decimals_are_accepted(tiny: Path):
    set_cell(tiny, "areas", 0, "first_time", "300.0")
    assert load_instance(tiny).areas[0].backlog["first_time"] == 300


def test_bad_values_are_all_reported_together(tiny: Path):
    set_cell(tiny, "sites", 0, "lat", "95")
    set_cell(tiny, "sites", 1, "printers", "-1")
    assert problems(tiny) == [
        "sites.csv row 2, column lat: must be <= 90, got 95",  # as typed, not 95.0
        "sites.csv row 3, column printers: must be >= 0, got -1",
    ]


def test_a_refused_number_is_shown_as_the_file_wrote_it_in_both_languages(tiny: Path):
    # The reader makes 21099.0 of '21099': a refusal showed 'got 21099.0', and in
    # Indonesian 'tertulis 21099.0', an English float in an Indonesian sentence.
    (tiny / "distances.csv").write_text("area_id,site_id,km\nA1,S1,21099\nA2,S1,1.5\n"
                                        "A1,S2,20553.25\n", encoding="utf-8")
    set_cell(tiny, "sites", 0, "lat", "95.50")
    with pytest.raises(InvalidInput) as caught:
        load_instance(tiny)
    english = [str(p) for p in caught.value.problems]
    assert "sites.csv row 2, column lat: must be <= 90, got 95.50" in english
    assert any(p.startswith("distances.csv, column km: 2 cells: must be <= 20,000")
               and p.endswith("; 21099, 20553.25") for p in english), english
    indonesian = [str(p) for p in i18n.localize_problems(caught.value.problems, "id")]
    assert any(p.endswith("; 21099, 20553.25") and "harus <= 20.000" in p
               for p in indonesian), indonesian
    assert not any("21099.0" in p for p in english + indonesian)
    (tiny / "distances.csv").write_text("area_id,site_id,km\nA1,S1,21099\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_instance(tiny)
    indonesian = [str(p) for p in i18n.localize_problems(caught.value.problems, "id")]
    assert "distances.csv baris 2, kolom km: harus <= 20.000, tertulis 21099" in indonesian


def test_unknown_district(tiny: Path):
    set_cell(tiny, "areas", 2, "district_id", "K9")
    assert problems(tiny) == ["areas.csv row 4, column district_id: is neither a code nor a "
                              "name of districts.csv, got 'K9'"]


def test_nan_coordinate_is_rejected(tiny: Path):
    set_cell(tiny, "areas", 0, "lon", "NaN")  # shown as typed
    assert problems(tiny) == ["areas.csv row 2, column lon: must be a finite number, got NaN"]


def test_duplicate_ids(tiny: Path):
    set_cell(tiny, "areas", 1, "area_id", "A1")
    assert problems(tiny) == ["areas.csv row 3, column area_id: duplicate id 'A1' "
                              "(first in row 2)"]


def test_missing_and_unknown_columns(tiny: Path):
    frame = pd.read_csv(tiny / "sites.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["printers"]).to_csv(tiny / "sites.csv", index=False)
    assert problems(tiny) == ["sites.csv, column printers: is required but missing"]


def test_an_unknown_column_is_ignored_with_a_note(tiny: Path):
    frame = pd.read_csv(tiny / "sites.csv", dtype=str, keep_default_na=False)
    frame.assign(colour="red").to_csv(tiny / "sites.csv", index=False)
    loaded = read_instance(tiny)
    assert loaded.instance == load_instance(TINY_DIR, name="tiny")
    assert "sites.csv: column 'colour' ignored (not a known column)" in loaded.notes


def test_missing_table(tiny: Path):
    (tiny / "sites.csv").unlink()
    with pytest.raises(InvalidInput) as caught:
        load_instance(tiny)
    (problem,) = caught.value.problems
    assert str(problem) == f"{tiny}: has no 'sites' table"
    assert problem.fix.startswith("add sites.csv (or a sheet named sites; also accepted: ")


def test_extra_area_columns_are_never_tiers(tiny: Path):
    # 'urgent' before first_time used to become the first tier: now it is ignored, named.
    frame = pd.read_csv(tiny / "areas.csv", dtype=str, keep_default_na=False)
    frame.insert(6, "urgent", ["5", "0", "7"])
    frame.to_csv(tiny / "areas.csv", index=False)
    loaded = read_instance(tiny)
    assert loaded.instance.tiers == ("first_time", "replacement")
    assert any("column 'urgent' ignored" in n for n in loaded.notes)


def test_declared_tiers_come_in_their_order(tiny: Path):
    frame = pd.read_csv(tiny / "areas.csv", dtype=str, keep_default_na=False)
    frame.insert(8, "urgent", ["5", "0", "7"])
    frame.to_csv(tiny / "areas.csv", index=False)
    (tiny / "tiers.csv").write_text("name,order\nreplacement,3\nurgent,1\nfirst_time,2\n")
    instance = load_instance(tiny)
    assert instance.tiers == ("urgent", "first_time", "replacement")
    # 10 blanks at S1 plus S2's stock of 10: urgent first (5 + 7 = 12), then first_time 8.
    plan = solve(instance, Shipment(blanks=10))
    assert plan.kpis.cards_by_tier == {"urgent": 12, "first_time": 8, "replacement": 0}
    assert load_instance(tiny, tiers=["urgent", "first_time", "replacement"]) == instance


def test_distance_table_refers_to_known_rows(tiny: Path):
    (tiny / "distances.csv").write_text("area_id,site_id,km\nA1,S2,3.5\nA9,S1,1\n")
    assert problems(tiny) == ["distances.csv row 3, column area_id: unknown area 'A9'"]


def test_xlsx_gives_the_same_instance_as_csv(tiny: Path, tmp_path: Path):
    book = tmp_path / "tiny.xlsx"
    with pd.ExcelWriter(book) as writer:
        for table in ("sites", "areas", "districts"):
            frame = pd.read_csv(tiny / f"{table}.csv")
            frame.to_excel(writer, sheet_name=table, index=False)
    from_csv = load_instance(tiny, name="tiny")
    assert load_instance(book, name="tiny") == from_csv


def test_xlsx_errors_name_the_sheet(tiny: Path, tmp_path: Path):
    book = tmp_path / "bad.xlsx"
    with pd.ExcelWriter(book) as writer:
        for table in ("sites", "areas"):
            frame = pd.read_csv(tiny / f"{table}.csv").astype(object)
            if table == "areas":
                frame.loc[0, "replacement"] = 1.5
            frame.to_excel(writer, sheet_name=table, index=False)
    assert problems(book) == ["bad.xlsx[areas] row 2, column replacement: "
                              "must be a whole number, got 1.5"]


def test_instance_json_round_trip(tmp_path: Path):
    instance = load_instance(TINY_DIR)
    path = tmp_path / "instance.json"
    path.write_text(instance.model_dump_json())
    assert load_instance(path) == instance


def test_plan_writers(tmp_path: Path):
    instance = load_instance(TINY_DIR)
    plan = solve(instance, Shipment(blanks=600), Policy())
    write_plan_json(plan, tmp_path / "plan.json")
    assert read_plan_json(tmp_path / "plan.json") == plan
    assert (tmp_path / "plan.json").read_text() == plan_json(plan)
    write_plan_csv(plan, tmp_path / "csv")
    shipments = pd.read_csv(tmp_path / "csv" / "shipments.csv")
    assert shipments["blanks"].sum() == plan.kpis.blanks_shipped
    service = pd.read_csv(tmp_path / "csv" / "service.csv")
    assert service["cards"].sum() == sum(plan.kpis.cards_by_tier.values())
    write_plan_xlsx(plan, tmp_path / "plan.xlsx", instance)
    sheets = pd.read_excel(tmp_path / "plan.xlsx", sheet_name=None)
    assert list(sheets) == ["Summary", "Offices", "Kecamatan", "Kelurahan", "Messages"]
    served = sum(plan.kpis.cards_by_tier.values())
    for sheet in ("Offices", "Kecamatan", "Kelurahan"):
        # Headers name a tier by its label ('first-time applicants'; an unknown tier: its id).
        cards = sheets[sheet][[f"Cards{'' if sheet != 'Offices' else ' to print'}, "
                               f"{i18n.tier_label(t, 'en')}" for t in plan.tiers]]
        assert cards.to_numpy().sum() == served, sheet
    assert sheets["Offices"]["Blanks to send"].sum() == plan.kpis.blanks_shipped
    assert list(sheets["Kelurahan"]["Kelurahan"]) == [a.name for a in instance.areas]


def test_schema_rejects_fractions_booleans_and_strings_for_counts():
    with pytest.raises(ValidationError) as caught:
        Shipment.model_validate({"blanks": 2.5})
    assert [str(p) for p in problems_from(caught.value)] == [
        "blanks: must be a whole number, got 2.5"]
    for bad in (True, "10", float("inf"), -1):
        with pytest.raises(ValidationError):
            Shipment.model_validate({"blanks": bad})


def test_a_blank_optional_cell_is_empty(tiny: Path, tmp_path: Path):
    # A spreadsheet keeps the spaces a CSV reader would drop.
    book = tmp_path / "blank.xlsx"
    with pd.ExcelWriter(book) as writer:
        for table in ("sites", "areas"):
            frame = pd.read_csv(tiny / f"{table}.csv").astype(object)
            if table == "sites":
                frame.loc[1, "storage_cap"] = "   "
            frame.to_excel(writer, sheet_name=table, index=False)
    assert load_instance(book).sites[1].storage_cap is None


def test_blank_rows_are_dropped_and_rows_keep_their_file_numbers(tiny: Path):
    lines = (tiny / "areas.csv").read_text().splitlines()
    lines[3] = lines[3].replace(",500,100", ",x,100")  # A3's first_time, file row 4
    text = "\n".join([*lines[:2], "", ",,,,,,,", *lines[2:], ",,,,,,,", "", ""])
    (tiny / "areas.csv").write_text(text)
    # Header row 1, A1 row 2, two blank rows (3, 4), A2 row 5, A3 row 6.
    assert problems(tiny) == ["areas.csv row 6, column first_time: must be a whole number, "
                              "got 'x'"]


def test_notes_say_how_a_file_was_read(tmp_path: Path):
    folder = tmp_path / "kota"
    folder.mkdir()
    for table, name in (("sites", "Kantor.csv"), ("areas", "KELURAHAN.csv"),
                        ("districts", "kecamatan.csv")):
        frame = pd.read_csv(TINY_DIR / f"{table}.csv", dtype=str, keep_default_na=False)
        if table == "areas":
            frame = frame.rename(columns={"area_id": "Kode Kelurahan", "first_time": "Pemula"})
            frame["district_id"] = frame["district_id"].map({"K1": "district ONE",
                                                             "K2": "District two"})
        frame.to_csv(folder / name, index=False, sep=";", encoding="cp1252")
    loaded = read_instance(folder, name="tiny")
    assert loaded.instance == load_instance(TINY_DIR, name="tiny")
    assert "KELURAHAN.csv: read 'Kode Kelurahan' as area_id, 'Pemula' as tier first_time" \
        in loaded.notes
    assert "KELURAHAN.csv: 3 district(s) given by name, read as their codes" in loaded.notes
    assert "Kantor.csv: fields separated by ';'" in loaded.notes


def test_an_uncached_formula_is_named_by_its_cell_past_blank_rows(tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in ("sites", "areas"):
        frame = pd.read_csv(TINY_DIR / f"{table}.csv", dtype=str, keep_default_na=False)
        sheet = book.create_sheet(table.upper())
        sheet.append(list(frame.columns))
        for i, row in enumerate(frame.itertuples(index=False)):
            if table == "areas" and i == 1:
                sheet.append([])  # a blank row 3: A2 is on row 4, A3 on row 5
            sheet.append([float(v) if v.replace(".", "").replace("-", "").isdigit()
                          else v for v in row])
    book["AREAS"]["G5"] = "=F5*0.5"  # never calculated: openpyxl saves no value
    book.save(tmp_path / "kota.xlsx")
    found = problems(tmp_path / "kota.xlsx")
    assert found == ["kota.xlsx[AREAS]: 1 formula cell(s) have no saved value (G5)"]
