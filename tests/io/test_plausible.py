"""Valid numbers that cannot be what the files mean are refused, located (io/plausible.py).

Each test here failed before the check it pins: the loaders planned these inputs as
`optimal` (a distance table read 1,000x too long, a kelurahan at (0, 0), a totals
row, ...) or refused them without the row.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from optimizer import InvalidInput, i18n
from optimizer.engine.codes import code_warnings
from optimizer.i18n import problems as i18n_problems
from optimizer.io import plausible
from optimizer.io.files import load_instance, read_instance
from optimizer.schema import Area, Distance, District, Instance, Site
from tests.cases import TINY_DIR

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
# Great-circle km of one degree along the equator: 6371.0088 x pi / 180.
DEGREE_KM = 6371.0088 * math.pi / 180  # = 111.1951 km


def refused(path: Path, **kwargs: object) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        read_instance(path, **kwargs)  # type: ignore[arg-type]
    return [(p.location, p.message, p.fix) for p in caught.value.problems]


def pair(site_lon: float, area_lon: float, km: float | None = None,
         area_lat: float = 0.0) -> Instance:
    """One office at (0, 110 + site_lon), one area at (area_lat, 110 + area_lon) (Borneo,
    on the equator), with a measured distance `km` when given."""
    return Instance(
        sites=(Site(site_id="S", district_id="K", lat=0.0, lon=110.0 + site_lon, printers=1,
                    cards_per_printer_day=10, working_days=1),),
        areas=(Area(area_id="A", district_id="K", lat=area_lat, lon=110.0 + area_lon,
                    backlog={"first_time": 5, "replacement": 0}),),
        distances=() if km is None else (Distance(area_id="A", site_id="S", km=km),))


# --------------------------------------------------------------------------- distances


def test_decimal_point_distances_in_indonesian_files_are_refused_at_the_km_cells():
    """The tester's case: Indonesian files (9.069 residents) with the bundled distances.csv
    (2.176 km): read as 2,176 km, the plan was `optimal` with a mean of ~1,900 km."""
    [(where, message, fix)] = refused(CORPUS / "id-locale-distances")
    assert where == "distances.csv, column km"
    # Row 2: 16.71.01.1001 to KEC-16.71.01, measured 2.176 km, 1.7 km great-circle.
    assert message.startswith("120 cells: is far longer than the great-circle km")
    assert "(rows 2, 3, 4, 5, 6 and 115 more); 2176 km (1.7 km)" in message
    assert "read in the Indonesian locale, where 2.176 is two thousand" in fix
    # Stating the locale the other files use does not make it right: still refused.
    assert refused(CORPUS / "id-locale-distances", locale="id")[0][0] == \
        "distances.csv, column km"


def test_indonesian_refusal_names_the_cell_and_the_fix_in_bahasa_indonesia():
    [(where, message, fix)] = refused(CORPUS / "id-locale-distances")
    assert i18n_problems.location_text(where, "id") == "distances.csv, kolom km"
    text = i18n_problems.problem_text(message, "id")
    assert text.startswith("120 sel: jauh lebih panjang daripada jarak garis lurus")
    # The km the check computed with a decimal comma; never grouped (2176, not 2.176).
    assert "2176 km (1,7 km)" in text
    assert i18n_problems.fix_text(fix, "id").startswith("periksa satuannya (km, bukan meter)")


def test_the_bound_is_five_times_the_great_circle_and_50_km_more():
    # 0.1 degree apart on the equator: 11.12 km great-circle; the bound is
    # max(5 x 11.12 = 55.60, 11.12 + 50 = 61.12) = 61.12 km.
    gc = 0.1 * DEGREE_KM
    assert not plausible.findings(pair(0.0, 0.1, km=61.0))
    [found] = plausible.findings(pair(0.0, 0.1, km=61.3))
    assert (found.table, found.index, found.field, found.kind) == ("distances", 0, "km",
                                                                  "long_distance")
    assert found.shown == f"61.3 km ({gc:.1f} km)" == "61.3 km (11.1 km)"
    # 3 degrees apart (333.6 km): 5x is the bound, 1,668 km.
    assert not plausible.findings(pair(0.0, 3.0, km=1660.0))
    assert plausible.findings(pair(0.0, 3.0, km=1670.0))


def test_a_distance_far_below_the_great_circle_is_refused_a_little_below_is_not():
    # 1 degree apart: 111.2 km great-circle; refused below half of it less 3 km (52.6 km;
    # the old bound, min(111.2 / 5, 111.2 - 50) = 22.24 km, let 22.5 km through). A
    # centroid a few km off the office never trips.
    assert not plausible.findings(pair(0.0, 1.0, km=53.0))
    [found] = plausible.findings(pair(0.0, 1.0, km=52.0))
    assert found.kind == "short_distance"
    assert found.text == ("is 52.0 km, but area A and office S are 111 km apart "
                          "great-circle: no road is that short")
    # 0.3 km apart, measured 0 (the kelurahan's office is the kantor kecamatan): kept.
    assert not plausible.findings(pair(0.0, 0.3 / DEGREE_KM, km=0.0))
    # 0 km typed for a blank (the old fix): 8 km apart is refused (qa3 item 3); 5 km apart
    # is within a centroid's offset (half of 5 less 3 km is below 0) and kept.
    [zero] = plausible.findings(pair(0.0, 8.0 / DEGREE_KM, km=0.0))
    assert zero.kind == "short_distance"
    assert not plausible.findings(pair(0.0, 5.0 / DEGREE_KM, km=0.0))


@settings(max_examples=200, deadline=None)
@given(lat=st.floats(-11.0, 6.0), lon=st.floats(95.0, 141.0), dlat=st.floats(-2.0, 2.0),
       dlon=st.floats(-2.0, 2.0), factor=st.floats(1.0, 3.0))
def test_real_roads_never_trip_and_a_thousandfold_misread_always_does(
        lat: float, lon: float, dlat: float, dlon: float, factor: float):
    """Any pair in Indonesia up to ~300 km apart, a road 1-3x the straight line: accepted;
    the same km read 1,000x too long (2.176 as 2,176): refused once the pair is 60 m
    apart or more (1000 x 0.06 = 60 km > 0.06 + 50)."""
    area_lat = max(-11.0, min(6.0, lat + dlat))
    area_lon = max(95.0, min(141.0, lon + dlon))
    # A latitude of exactly 0 beside a place of its kecamatan 0.25 degree away or more is a
    # half-blank (refused whatever the distance): real points carry their decimals.
    assume(lat != 0 and area_lat != 0)
    # A kelurahan at the mirror image of its office's latitude, more than 100 km apart (1.0
    # and -1.0), is the lost-minus rule's: one of the two signs is wrong whatever the km.
    assume(not (abs(lat + area_lat) < 0.1 and abs(lat - area_lat) * 111 > 90))

    def instance(km: float) -> Instance:
        return Instance(
            sites=(Site(site_id="S", district_id="K", lat=lat, lon=lon, printers=1,
                        cards_per_printer_day=1, working_days=1),),
            areas=(Area(area_id="A", district_id="K", lat=area_lat, lon=area_lon,
                        backlog={"first_time": 1, "replacement": 0}),),
            distances=(Distance(area_id="A", site_id="S", km=km),))

    gc = float(plausible.great_circle_km(lat, lon, area_lat, area_lon))  # type: ignore[arg-type]
    assert not plausible.findings(instance(round(gc * factor, 3)))
    if gc >= 0.06 and gc * 1000 <= 20_000:
        assert [f.kind for f in plausible.findings(instance(gc * 1000))] == ["long_distance"]


def test_km_typed_in_metres_are_refused():
    [(where, message, fix)] = refused(CORPUS / "distances-in-metres")
    assert where == "distances.csv, column km" and message.startswith("120 cells")
    assert fix.startswith("check the unit (km, not metres)")
    assert "read in the English locale" in fix
    assert i18n_problems.fix_text(fix, "id").startswith("periksa satuannya")


def test_an_instance_json_file_is_checked_too_with_its_pointer(tmp_path: Path):
    path = tmp_path / "kota.json"
    path.write_text(pair(0.0, 0.1, km=612.0).model_dump_json(), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_instance(path)
    [problem] = caught.value.problems
    assert (problem.location, problem.pointer) == ("kota.json at /distances/0/km",
                                                   "/distances/0/km")
    assert problem.message == ("is 612 km, but area A and office S are 11.1 km apart "
                               "great-circle: no road is that long")
    assert problem.fix.startswith("check the unit (km, not metres)")


# --------------------------------------------------------------------------- coordinates


def test_a_blank_coordinate_asks_for_degrees_never_zero():
    [(where, message, fix)] = refused(CORPUS / "latitude-blank")
    assert (where, message) == ("areas.csv row 6, column lat", "is empty (blank, N/A or -)")
    assert fix == "fill in the kelurahan's latitude in decimal degrees, e.g. -2.99 (never 0)"
    assert "0 where there is none" not in fix
    assert i18n_problems.fix_text(fix, "id") == (
        "isi lintang kelurahan dalam derajat desimal, mis. -2,99 (jangan pernah 0)")


def test_an_office_blank_longitude_asks_for_the_office_longitude(tmp_path: Path):
    folder = tmp_path / "tiny"
    shutil.copytree(TINY_DIR, folder)
    frame = pd.read_csv(folder / "sites.csv", dtype=str, keep_default_na=False)
    frame.loc[1, "lon"] = ""
    frame.to_csv(folder / "sites.csv", index=False)
    [(where, _, fix)] = refused(folder)
    assert where == "sites.csv row 3, column lon"
    assert fix == "fill in the office's longitude in decimal degrees, e.g. 104.75 (never 0)"
    assert i18n_problems.fix_text(fix, "id").startswith("isi bujur kantor")


def test_a_kelurahan_at_zero_zero_is_refused_at_both_cells():
    """The old fix's advice followed: a kelurahan at (0, 0) (the plan was `optimal` with a
    15,135 km trip). A blank pair of cells: refused at both, not as far from an office."""
    [(where_lat, message, fix), (where_lon, message_lon, _)] = refused(
        CORPUS / "coordinates-zero")
    assert (where_lat, where_lon) == ("areas.csv row 6, column lat",
                                      "areas.csv row 6, column lon")
    assert message == message_lon == ("is 0, and so is the other coordinate: (0, 0) is in the "
                                      "Gulf of Guinea (blank cells read as 0)")
    assert fix == ("fill in the kelurahan's latitude and longitude in decimal degrees, e.g. "
                   "-2.99 and 104.75")


def test_a_kelurahan_and_its_office_both_at_zero_zero_are_refused() -> None:
    """The tester's case: a kelurahan and an office both at (0, 0), no distances table,
    were 0 km apart and planned `optimal`: every (0, 0) point is refused at its cells."""
    problems = refused(CORPUS / "zero-zero-pair")
    assert [where for where, _, _ in problems] == [
        "areas.csv row 4, column lat", "areas.csv row 4, column lon",
        "sites.csv row 3, column lat", "sites.csv row 3, column lon"]
    assert all("(0, 0) is in the Gulf of Guinea" in message for _, message, _ in problems)
    assert problems[2][2].startswith("fill in the office's latitude and longitude")
    for where, message, fix in problems:
        assert i18n_problems.location_text(where, "id").endswith(
            ("kolom lat", "kolom lon"))
        assert i18n_problems.problem_text(message, "id") == (
            "bernilai 0, begitu pula koordinat lainnya: (0, 0) berada di Teluk Guinea (sel "
            "kosong terbaca sebagai 0)")
        assert i18n_problems.fix_text(fix, "id").startswith("isi lintang dan bujur")


def test_a_zero_zero_point_with_its_distances_is_refused_at_its_cells_not_its_km() -> None:
    base = kecamatan([-2.98, -3.0, 0.0], [104.76, 104.74, 0.0])
    instance = base.model_copy(update={"distances": (
        Distance(area_id="A2", site_id="S", km=1.5), Distance(area_id="A0", site_id="S",
                                                              km=1.5))})
    assert [(f.table, f.index, f.field, f.kind) for f in plausible.findings(instance)] == [
        ("areas", 2, "lat", "zero_point"), ("areas", 2, "lon", "zero_point")]


@pytest.mark.parametrize(("lat", "lon", "field"), [
    (1.489, -124.84, "lon"),   # the tester's: a longitude typed negative
    (-3.0, 14.75, "lon"),      # outside 94-142 east, the latitude Indonesia's
    (-30.0, 104.75, "lat"),    # the longitude Indonesia's, the latitude not
    (-30.0, 14.75, "lat"),     # neither: the latitude, as before
])
def test_a_far_point_is_said_at_the_coordinate_that_cannot_be_indonesias(
        lat: float, lon: float, field: str) -> None:
    base = kecamatan([-2.98, -3.0])
    areas = (*base.areas, base.areas[0].model_copy(update={"area_id": "F", "lat": lat,
                                                          "lon": lon}))
    [found] = plausible.findings(base.model_copy(update={"areas": areas}))
    assert (found.index, found.field, found.kind) == (2, field, "far_coordinates")


def test_the_corpus_negative_longitude_is_said_at_its_cell() -> None:
    [(where, message, _)] = refused(CORPUS / "longitude-negative")
    assert where == "areas.csv row 3, column lon"
    assert message.startswith("(-3.00223, -104.745) puts the area")


def test_the_far_bound_is_1000_km_from_the_nearest_office():
    # 8 degrees along the equator: 889.6 km, kept; 9 degrees: 1000.8 km, refused.
    assert not plausible.findings(pair(0.0, 8.0))
    found = plausible.findings(pair(0.0, 9.0))
    assert [(f.table, f.kind) for f in found] == [("areas", "far_coordinates"),
                                                  ("sites", "far_coordinates")]
    assert found[0].text == "(0, 119) puts the area 1001 km from the nearest office"


@pytest.mark.parametrize("dataset", ["palembang", "palembang-2017", "indonesia"])
def test_the_bundled_data_is_plausible(dataset: str):
    folder = Path(__file__).parents[2] / "data" / dataset
    instance = read_instance(folder).instance
    assert plausible.findings(instance) == []


def test_the_nearest_office_by_tree_equals_the_dense_search(monkeypatch: pytest.MonkeyPatch):
    instance = read_instance(Path(__file__).parents[2] / "data" / "indonesia").instance
    areas = plausible._xy(instance.areas)
    sites = plausible._xy(instance.sites)
    dense = plausible.nearest_km(areas, sites)
    monkeypatch.setattr(plausible, "_DENSE_PAIRS", 0)
    assert plausible.nearest_km(areas, sites) == pytest.approx(dense, abs=1e-3)  # 1 m


@pytest.mark.parametrize("text", ["JUMLAH", "Jumlah Kecamatan", "TOTAL", "Grand Total",
                                  # Indonesian abbreviations, any case, a dot or none.
                                  "Jml", "Jml.", "JML. KECAMATAN", "jml kec", "Jmlh", "Jlh.",
                                  "Total Keseluruhan", "KESELURUHAN", "Jml Keseluruhan"])
def test_a_totals_row_is_refused(tmp_path: Path, text: str):
    folder = tmp_path / "tiny"
    shutil.copytree(TINY_DIR, folder)
    with (folder / "areas.csv").open("a", encoding="utf-8") as f:
        f.write(f",{text},,,,,700,200\n")
    [(where, message, fix)] = refused(folder)
    assert where == "areas.csv row 5, column name"
    assert message == f"this looks like a totals row, got {text!r}"
    assert fix.startswith("delete it")
    assert i18n_problems.problem_text(message, "id") == (
        f"baris ini tampaknya baris jumlah, tertulis {text!r}")


@pytest.mark.parametrize("text", ["Jamalang", "Ujmlah", "Kajlh", "Totalindo", "Sentosa Jaya",
                                  "Jmlsari"])
def test_a_name_merely_holding_the_letters_is_no_totals_row(tmp_path: Path, text: str):
    # Whole words only: an invented kelurahan name containing jml/jlh/total still loads.
    folder = tmp_path / "tiny"
    shutil.copytree(TINY_DIR, folder)
    with (folder / "areas.csv").open("a", encoding="utf-8") as f:
        f.write(f",{text},,,,,700,200\n")
    assert all("totals row" not in message for _, message, _ in refused(folder))


def test_the_corpus_totals_row():
    [(where, message, _)] = refused(CORPUS / "totals-row")
    assert (where, message) == ("areas.csv row 27, column name",
                                "this looks like a totals row, got 'JUMLAH'")


# --------------------------------------------------------------------------- storage


def test_stock_above_the_storage_cap_is_located_with_a_fix():
    [(where, message, fix)] = refused(CORPUS / "stock-over-cap")
    assert where == "sites.csv row 3, column stock"
    assert message == "is 500, more than the storage cap of 100: constraint (2c) cannot hold"
    assert fix.startswith("correct the stock (blanks at the office now) or the storage cap")
    assert i18n_problems.problem_text(message, "id") == (
        "500, lebih dari batas simpan 100: kendala (2c) tidak dapat dipenuhi")


def test_stock_above_the_cap_in_a_json_file_keeps_the_pointer(tmp_path: Path):
    data = json.loads(pair(0.0, 0.01).model_dump_json())
    data["sites"][0].update(stock=1500, storage_cap=1000)
    path = tmp_path / "kota.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_instance(path)
    [problem] = caught.value.problems
    assert (problem.location, problem.pointer) == ("kota.json at /sites/0/stock",
                                                   "/sites/0/stock")
    assert problem.message == ("is 1,500, more than the storage cap of 1,000: constraint "
                               "(2c) cannot hold")
    assert i18n_problems.problem_text(problem.message, "id").startswith("1.500, lebih dari "
                                                                        "batas simpan 1.000")


# --------------------------------------------------------------------------- duplicates


def test_a_duplicate_distance_names_both_rows():
    [(where, message, fix)] = refused(CORPUS / "duplicate-distance")
    assert (where, message) == ("distances.csv row 5",
                                "this area and site are listed twice (first in row 2)")
    assert fix == "list each area and site pair once"
    assert i18n_problems.problem_text(message, "id") == (
        "pasangan kelurahan dan kantor ini tercantum dua kali (pertama di baris 2)")


# --------------------------------------------------------------------------- population


def test_a_population_below_the_backlog_is_a_warning_in_the_plan():
    instance = read_instance(CORPUS / "population-below-backlog").instance
    [message] = [m for m in code_warnings(instance) if m.code == "POPULATION_BELOW_BACKLOG"]
    # 16.71.01.1001: population 100, backlog 893 first-time + 572 replacement = 1,465.
    assert message.level == "warning"
    assert message.params == {"count": 1, "area_ids": "16.71.01.1001",
                              "area_id": "16.71.01.1001", "population": 100, "backlog": 1465}
    assert message.text == ("Area 16.71.01.1001 has more residents waiting (1,465) than "
                            "residents (population 100): check both columns; the plan "
                            "follows the backlog.")


def test_no_population_or_enough_population_is_no_warning():
    base = read_instance(CORPUS / "clean").instance
    assert not [m for m in code_warnings(base) if m.code == "POPULATION_BELOW_BACKLOG"]
    first = base.areas[0]
    total = sum(first.backlog.values())
    for population in (0, total):  # 0: not given; equal: every resident waits
        areas = (first.model_copy(update={"population": population}), *base.areas[1:])
        assert not [m for m in code_warnings(base.model_copy(update={"areas": areas}))
                    if m.code == "POPULATION_BELOW_BACKLOG"]
    areas = tuple(a.model_copy(update={"population": 1}) for a in base.areas)
    [many] = [m for m in code_warnings(base.model_copy(update={"areas": areas}))
              if m.code == "POPULATION_BELOW_BACKLOG"]
    assert many.params["count"] == len(base.areas) == 25
    assert str(many.params["area_ids"]).endswith(", ...")


def test_every_finding_reads_in_bahasa_indonesia():
    """Every sentence of plausible.py (whole, grouped) and its fix is in the catalog."""
    instances = [pair(0.0, 0.1, km=612.0), pair(0.0, 1.0, km=2.0), pair(0.0, 9.0),
                 pair(0.0, 0.01).model_copy(update={"sites": (pair(0.0, 0.01).sites[0]
                                                              .model_copy(update={
                                                                  "stock": 5,
                                                                  "storage_cap": 1}),)})]
    found = [f for i in instances for f in plausible.findings(i)]
    assert {f.kind for f in found} == {"long_distance", "short_distance", "far_coordinates",
                                       "stock_over_cap"}
    from optimizer.io.grouping import FIXES
    for f in found:
        for text in (f.text, f.message, f"3 cells: {f.message} (rows 2, 3, 4); {f.shown}"):
            assert i18n_problems.problem_text(text, "id") != text, text
        fix = f.fix or FIXES[f.kind]
        assert i18n_problems.fix_text(fix, "id") != fix, fix
    for fix in ("long_distance", "short_distance", "far_coordinates", "stock_over_cap"):
        assert i18n_problems.fix_text(FIXES[fix], "id") != FIXES[fix]


# --------------------------------------------------------------------------- half blank


# Manado's Wenang: longitudes of three kelurahan (north of the equator, 1.49-1.50).
MANADO_LONS = [124.842, 124.840, 124.838]


def kecamatan(lats: list[float], lons: list[float] | None = None,
              site: tuple[float, float] = (-2.99, 104.75), district: str = "K") -> Instance:
    """One office at `site` (in kecamatan `district`) and one area a latitude (and
    longitude) in kecamatan K."""
    lons = lons or [104.75 + 0.01 * i for i in range(len(lats))]
    return Instance(
        districts=tuple(District(district_id=d) for d in sorted({"K", district})),
        sites=(Site(site_id="S", district_id=district, lat=site[0], lon=site[1], printers=1,
                    cards_per_printer_day=10, working_days=1),),
        areas=tuple(Area(area_id=f"A{i}", district_id="K", lat=lat, lon=lon,
                         backlog={"first_time": 5, "replacement": 0})
                    for i, (lat, lon) in enumerate(zip(lats, lons, strict=True))))


def test_a_latitude_left_0_with_its_longitude_typed_is_refused_at_its_cell() -> None:
    """The tester's case: a Palembang kelurahan at (0, 104.76) is 331 km from its
    kecamatan, inside the 1,000 km bound: it was planned `optimal`."""
    [found] = plausible.findings(kecamatan([-2.98, -3.0, 0.0]))
    assert (found.table, found.index, found.field, found.kind) == \
        ("areas", 2, "lat", "zero_coordinate")
    assert found.text == ("is 0, but the other places of kecamatan K lie at -3.00 to -2.98: "
                          "0 puts the area 331 km from the nearest of them")
    assert "one on the equator with its decimals" in found.fix


def test_the_corpus_file_with_a_half_blank_latitude() -> None:
    [(where, message, fix)] = refused(CORPUS / "latitude-zero-only")
    assert where == "areas.csv row 6, column lat"
    assert message.startswith("is 0, but the other places of kecamatan 16.71.01 lie at -3.01 "
                              "to -2.99: 0 puts the area 333 km")
    assert i18n_problems.problem_text(message, "id").startswith(
        "bernilai 0, padahal tempat lain di kecamatan 16.71.01 berada di -3,01 sampai -2,99")
    assert i18n_problems.fix_text(fix, "id").startswith("isi lintang kelurahan")


def test_a_longitude_left_0_is_said_once_at_its_cell_not_also_as_far() -> None:
    [found] = plausible.findings(kecamatan([-2.98, -3.0, -2.99], [104.76, 104.74, 0.0]))
    assert (found.index, found.field, found.kind) == (2, "lon", "zero_coordinate")
    assert found.fix == "fill in the kelurahan's longitude in decimal degrees, e.g. 104.75"


def test_an_office_left_at_latitude_0_is_refused() -> None:
    [found] = plausible.findings(kecamatan([-2.98, -3.0], site=(0.0, 104.75)))
    assert (found.table, found.field) == ("sites", "lat")
    assert "0 puts the office 331 km" in found.text


@pytest.mark.parametrize("lats", [
    # Pontianak: Batu Layang (the Tugu Khatulistiwa) at 0 among 0.006-0.038.
    [0.0, 0.0137, 0.0056, 0.0378],
    # A kecamatan astride the equator.
    [-0.12, 0.0, 0.09],
    # Its other places all south of the equator, within 0.25 degree (28 km) of it.
    [-0.2, -0.24, 0.0],
    # Spread as far as it lies from 0: 0 is no farther out than the kecamatan is wide.
    [-0.6, -1.2, 0.0],
])
def test_a_kelurahan_on_the_equator_is_not_refused(lats: list[float]) -> None:
    site = (lats[1], 109.34)
    lons = [109.32 + 0.01 * i for i in range(len(lats))]
    assert plausible.findings(kecamatan(lats, lons, site=site)) == []


def test_the_margin_is_a_quarter_degree_and_the_kecamatans_own_spread() -> None:
    # Other places at -0.26 (a band of width 0): 0 lies 0.26 degree out, > 0.25.
    assert [f.kind for f in plausible.findings(kecamatan([-0.26, 0.0], site=(-0.26, 104.7)))] \
        == ["zero_coordinate"]
    # Band -0.5..-1.0 (0.5 wide): 0 lies 0.5 out, not more than the band is wide.
    assert plausible.findings(kecamatan([-0.5, -1.0, 0.0], site=(-0.5, 104.7))) == []
    assert [f.kind for f in plausible.findings(kecamatan([-0.5, -0.9, 0.0],
                                                         site=(-0.5, 104.7)))] \
        == ["zero_coordinate"]


def test_a_place_alone_in_its_kecamatan_is_compared_with_the_nearest_kecamatan() -> None:
    instance = kecamatan([-2.98, -3.0], site=(0.0, 104.75), district="K2")
    [found] = plausible.findings(instance)
    assert found.text == ("is 0, but the other places of kecamatan K lie at -3.00 to -2.98: 0 "
                          "puts the office 331 km from the nearest of them")


def test_a_lone_place_at_0_is_judged_by_the_nearest_kecamatan_not_the_whole_input() -> None:
    """The tester's case G: a kecamatan of one kelurahan at (0, 100.40) in a Sumatera
    Barat-like input astride the equator (places at 0.21-0.25 and -1.8 to -0.9) was
    planned ~66 km off: the whole input spans 0. The kecamatan nearest in longitude
    (100.35-100.37, at -0.95 to -0.90) judges it."""
    def site(site_id: str, district: str, lat: float, lon: float) -> Site:
        return Site(site_id=site_id, district_id=district, lat=lat, lon=lon, printers=1,
                    cards_per_printer_day=10, working_days=1)

    def area(area_id: str, district: str, lat: float, lon: float) -> Area:
        return Area(area_id=area_id, district_id=district, lat=lat, lon=lon,
                    backlog={"first_time": 100, "replacement": 10})

    instance = Instance(
        districts=tuple(District(district_id=f"13.0{i}") for i in range(1, 5)),
        sites=(site("S1", "13.01", 0.22, 100.0), site("S2", "13.02", -0.95, 100.35),
               site("S3", "13.03", -1.8, 100.9)),
        areas=(area("13.01.1", "13.01", 0.21, 100.01), area("13.01.2", "13.01", 0.25, 100.05),
               area("13.02.1", "13.02", -0.94, 100.36), area("13.02.2", "13.02", -0.90, 100.37),
               area("13.03.1", "13.03", -1.79, 100.91), area("13.03.2", "13.03", -1.70, 100.85),
               area("13.04.1", "13.04", 0.0, 100.40)))
    [found] = plausible.findings(instance)
    assert (found.index, found.field, found.kind) == (6, "lat", "zero_coordinate")
    assert found.text.startswith("is 0, but the other places of kecamatan 13.02 lie at -0.95 "
                                 "to -0.90")
    assert i18n_problems.problem_text(found.text, "id").startswith(
        "bernilai 0, padahal tempat lain di kecamatan 13.02 berada di -0,95 sampai -0,90")


def test_one_other_place_decides_by_the_margin() -> None:
    """Two places, one at 0: the other one alone (spread 0) decides, by the 0.25 degree
    margin (it used to fall back to the whole instance, which may straddle the equator:
    a tester's kelurahan was planned 421 km from its office)."""
    assert [f.kind for f in plausible.findings(kecamatan([-0.6], site=(0.0, 104.75)))] == \
        ["zero_coordinate"]
    [found] = plausible.findings(kecamatan([0.0], site=(-2.99, 104.75)))
    assert found.text == ("is 0, but the other places of kecamatan K lie at -2.99 to -2.99: 0 "
                          "puts the area 332 km from the nearest of them")
    assert plausible.findings(kecamatan([-0.2], site=(0.0, 104.75))) == []


def test_one_other_place_is_used_though_the_instance_straddles_the_equator() -> None:
    problems = refused(CORPUS / "latitude-zero-one-other-place")
    assert [(where, message[:58]) for where, message, _ in problems] == [
        ("areas.csv row 27, column lat",
         "is 0, but the other places of kecamatan 16.71.99 lie at -2")]


def test_both_coordinates_0_are_refused_at_their_cells_not_as_far() -> None:
    found = plausible.findings(kecamatan([-2.98, -3.0, 0.0], [104.76, 104.74, 0.0]))
    assert [(f.index, f.field, f.kind) for f in found] == [(2, "lat", "zero_point"),
                                                           (2, "lon", "zero_point")]


def test_a_distance_at_a_refused_point_is_not_reported_again() -> None:
    base = kecamatan([-2.98, -3.0, 0.0])
    instance = base.model_copy(update={"distances": (
        Distance(area_id="A2", site_id="S", km=1.5), Distance(area_id="A0", site_id="S",
                                                              km=1500.0))})
    assert [(f.table, f.index, f.kind) for f in plausible.findings(instance)] == [
        ("areas", 2, "zero_coordinate"), ("distances", 1, "long_distance")]


def test_every_half_blank_sentence_reads_in_bahasa_indonesia() -> None:
    found = [f for i in (kecamatan([-2.98, -3.0, 0.0]), kecamatan([-2.98, -3.0],
                                                                  site=(0.0, 104.75)),
                         kecamatan([-2.98, -3.0], site=(0.0, 104.75), district="K2"),
                         kecamatan([-2.98, -2.99], [104.7, 0.0]),
                         kecamatan([-2.98, -3.0], site=(-2.99, 0.0)))
             for f in plausible.findings(i)]
    assert {(f.table, f.field) for f in found} == {("areas", "lat"), ("sites", "lat"),
                                                   ("areas", "lon"), ("sites", "lon")}
    for f in found:
        for text in (f.text, f.message, f"3 cells: {f.message} (rows 2, 3, 4); {f.shown}"):
            indonesian = i18n_problems.problem_text(text, "id")
            assert indonesian != text and " km from " not in indonesian, text
        assert i18n_problems.fix_text(f.fix, "id") != f.fix, f.fix


def test_every_new_coordinate_sentence_reads_in_bahasa_indonesia() -> None:
    found = [f for i in (kecamatan([-2.98, -3.0, 0.0], [104.76, 104.74, 0.0]),
                         kecamatan([-2.98, -3.0], site=(0.0, 0.0)),
                         kecamatan([0.0, 0.0, 0.0], site=(0.0, 104.75)),
                         kecamatan([-2.98, 3.0, -3.0]),
                         kecamatan([-2.98, -3.0], site=(3.0, 104.75)),
                         kecamatan([1.496, -1.492, 1.489], MANADO_LONS, site=(1.493, 124.841)),
                         kecamatan([1.496, 1.492, 1.489], MANADO_LONS,
                                   site=(-1.493, 124.841)))
             for f in plausible.findings(i)]
    assert {(f.table, f.kind) for f in found} == {
        ("areas", "zero_point"), ("sites", "zero_point"), ("areas", "zero_column"),
        ("sites", "lost_minus"), ("areas", "lost_minus")}
    for f in found:
        for text in (f.text, f.message, f"3 cells: {f.message} (rows 2, 3, 4); {f.shown}"):
            indonesian = i18n_problems.problem_text(text, "id")
            assert indonesian != text and " km from " not in indonesian, text
        assert i18n_problems.fix_text(f.fix, "id") != f.fix, f.fix


# --------------------------------------------------------------------------- a column of 0


def test_a_latitude_column_of_0_is_refused_at_the_column() -> None:
    """The tester's case: every latitude 0 planned along the longitude alone."""
    problems = refused(CORPUS / "latitude-column-zero")
    assert [(where, message) for where, message, _ in problems] == [
        ("areas.csv, column lat", "is 0 in every row (blank cells read as 0)"),
        ("sites.csv, column lat", "is 0 in every row (blank cells read as 0)")]
    assert i18n_problems.location_text(problems[0][0], "id") == "areas.csv, kolom lat"
    assert i18n_problems.problem_text(problems[0][1], "id") == (
        "bernilai 0 di setiap baris (sel kosong terbaca sebagai 0)")


def test_a_column_of_0_is_said_once_not_per_row_and_one_row_is_no_column() -> None:
    [found] = plausible.findings(kecamatan([0.0, 0.0, 0.0], site=(-2.99, 104.75)))
    assert (found.table, found.field, found.kind, found.column) == \
        ("areas", "lat", "zero_column", True)
    # The distances of its rows are not checked against the 0 latitudes.
    base = kecamatan([0.0, 0.0, 0.0], site=(-2.99, 104.75))
    instance = base.model_copy(update={"distances": (
        Distance(area_id="A1", site_id="S", km=2.0),)})
    assert [f.kind for f in plausible.findings(instance)] == ["zero_column"]
    # One office at latitude 0 is the half-blank check's, not a column's.
    [found] = plausible.findings(kecamatan([-2.98, -3.0], site=(0.0, 104.75)))
    assert found.kind == "zero_coordinate"


# --------------------------------------------------------------------------- totals by sums


def sums(backlogs: list[tuple[int, int]], populations: list[int] | None = None,
         districts: list[str] | None = None) -> Instance:
    populations = populations or [0] * len(backlogs)
    districts = districts or ["K"] * len(backlogs)
    return Instance(
        districts=tuple(District(district_id=d) for d in sorted(set(districts))),
        sites=(Site(site_id="S", district_id=districts[0], lat=-2.99, lon=104.75, printers=1,
                    cards_per_printer_day=10, working_days=1),),
        areas=tuple(Area(area_id=f"A{i}", district_id=d, lat=-2.98 - 0.001 * i, lon=104.76,
                         population=p, backlog={"first_time": f, "replacement": r})
                    for i, ((f, r), p, d) in enumerate(zip(backlogs, populations, districts,
                                                            strict=True))))


def test_a_city_totals_row_without_the_words_is_refused() -> None:
    """The tester's case: `16.71`, "Kota Palembang", with the city's sums, was planned as
    one more kelurahan (coverage halved)."""
    [(where, message, fix)] = refused(CORPUS / "city-totals-row")
    assert where == "areas.csv row 27, column area_id"
    assert message == ("this looks like a totals row: its population and backlog are the sums "
                       "of the other rows of the file, got '16.71'")
    assert fix.startswith("delete it")
    assert i18n_problems.problem_text(message, "id") == (
        "baris ini tampaknya baris jumlah: jumlah penduduk dan tunggakannya sama dengan jumlah "
        "baris lain di berkas ini, tertulis '16.71'")


def test_a_kecamatan_totals_row_is_refused() -> None:
    [(where, message, _)] = refused(CORPUS / "kecamatan-totals-row")
    assert where == "areas.csv row 27, column area_id"
    assert message == ("this looks like a totals row: its population and backlog are the sums "
                       "of the other rows of kecamatan 16.71.01, got '16.71.01'")
    assert i18n_problems.problem_text(message, "id").endswith(
        "di kecamatan 16.71.01, tertulis '16.71.01'")


def named(instance: Instance, row: int, area_id: str | None = None,
          name: str | None = None) -> Instance:
    """`instance` with area `row` given `area_id` and `name`."""
    areas = list(instance.areas)
    update = {"area_id": area_id or areas[row].area_id, "name": name}
    areas[row] = areas[row].model_copy(update=update)
    return instance.model_copy(update={"areas": tuple(areas)})


def sum_warnings(instance: Instance) -> list[str]:
    return [m.text for m in code_warnings(instance) if m.code == "AREA_SUM_OF_OTHERS"]


def test_sums_need_two_other_rows_holding_something() -> None:
    kota = (2, None, "Kota Palembang")
    # 5 = 5 + 0: two rows beside it, but one holds nothing: no total.
    assert plausible.findings(named(sums([(5, 1), (5, 1), (0, 0)]), 0, *kota[1:])) == []
    # Two rows only: each is the "sum" of the other.
    assert plausible.findings(named(sums([(5, 1), (5, 1)]), 0, *kota[1:])) == []
    # All 0: nothing summed.
    assert plausible.findings(named(sums([(0, 0)] * 4), 0, *kota[1:])) == []
    # 10 = 4 + 6 in every count, named as a city: a totals row.
    [found] = plausible.findings(named(sums([(4, 1), (6, 2), (10, 3)], [40, 60, 100]), *kota))
    assert (found.index, found.kind) == (2, "sum_row")
    # One count off (the population given): no total, and no warning either.
    off = named(sums([(4, 1), (6, 2), (10, 3)], [40, 60, 101]), *kota)
    assert plausible.findings(off) == [] and sum_warnings(off) == []


def test_a_sum_without_a_sign_of_a_region_is_a_warning_never_a_refusal() -> None:
    """The tester's case: Pontianak Selatan's Benua Melayu Darat (120 = 45 + 75, one tier,
    no population) is a real kelurahan; it was refused with no way out, the message naming
    a population the file lacks. A column of 0 (replacement here) is 0 = 0 + 0 and no
    evidence either way."""
    instance = sums([(120, 0), (45, 0), (75, 0), (300, 0)], districts=["K", "K", "K", "L"])
    instance = instance.model_copy(update={"areas": tuple(
        a.model_copy(update={"area_id": f"61.71.01.100{i + 1}"})
        for i, a in enumerate(instance.areas))})
    assert plausible.findings(instance) == plausible.body_findings(instance) == []
    assert sum_warnings(instance) == [
        "Area 61.71.01.1001 has a backlog equal to the sum of the other rows of kecamatan K: "
        "it is planned as a kelurahan; if it is a totals row, delete it."]
    [message] = [m for m in code_warnings(instance) if m.code == "AREA_SUM_OF_OTHERS"]
    assert i18n.render(message, "en") == message.text
    assert i18n.render(message, "id") == (
        "Kelurahan 61.71.01.1001 memiliki tunggakan yang sama dengan jumlah baris lain di "
        "kecamatan K: baris ini direncanakan sebagai kelurahan; jika ini baris jumlah, hapus "
        "baris ini.")


def test_the_corpus_sum_that_is_a_kelurahan_plans_with_a_warning() -> None:
    instance = read_instance(CORPUS / "sum-coincidence").instance
    assert plausible.findings(instance) == []
    assert [t[:29] for t in sum_warnings(instance)] == ["Area 16.71.04.1001 has a back"]


@pytest.mark.parametrize(("area_id", "name"), [
    ("A2", "Kecamatan Wenang"), ("A2", "Kec. Wenang"), ("A2", "KOTA PALEMBANG"),
    ("A2", "Kab. Banyuasin"), ("A2", "Kabupaten Banyuasin"), ("A2", "Provinsi Sulawesi Utara"),
    ("71.71.01.0000", None), ("71.71.01", None), ("71.71", None)])
def test_a_sum_refused_only_with_a_sign_of_a_region(area_id: str, name: str | None) -> None:
    base = sums([(4, 1), (6, 2), (10, 3), (7, 0)], districts=["K", "K", "K", "L"])
    base = base.model_copy(update={"areas": tuple(
        a.model_copy(update={"area_id": f"71.71.0{1 + i // 3}.100{i}"})
        for i, a in enumerate(base.areas))})
    assert plausible.findings(base) == []
    [found] = plausible.findings(named(base, 2, area_id, name))
    assert (found.index, found.field, found.kind) == (2, "area_id", "sum_row")
    assert found.text == ("this looks like a totals row: its backlog is the sum of the other "
                          f"rows of kecamatan K, got {area_id!r}")
    assert i18n_problems.problem_text(found.text, "id") == (
        "baris ini tampaknya baris jumlah: tunggakannya sama dengan jumlah baris lain di "
        f"kecamatan K, tertulis {area_id!r}")


@pytest.mark.parametrize("name", ["Kotabaru", "Kecapi", "Sentosa Kota", "Kabil"])
def test_a_name_merely_holding_a_region_word_is_no_sign(name: str) -> None:
    base = sums([(4, 1), (6, 2), (10, 3)])
    assert plausible.findings(named(base, 2, None, name)) == []
    assert len(sum_warnings(named(base, 2, None, name))) == 1


def test_the_corpus_kecamatan_subtotal_row_is_refused_by_its_backlog() -> None:
    """The tester's Manado case: `71.71.01.0000` "Kecamatan Wenang", Pemula and Pengganti
    the sums, Wajib KTP blank, was planned as a kelurahan (the rule wanted the population
    to be the sum too)."""
    [(where, message, fix)] = refused(CORPUS / "kecamatan-subtotal-row-id.xlsx")
    assert where == "kecamatan-subtotal-row-id.xlsx[Kelurahan] row 29, column Kode Kelurahan " \
                    "(area_id)"
    assert message == ("this looks like a totals row: its backlog is the sum of the other rows "
                       "of kecamatan 16.71.01, got '16.71.01.0000'")
    assert fix.startswith("delete it")


def test_a_totals_row_by_name_and_sums_is_said_once_in_a_body() -> None:
    instance = sums([(4, 1), (6, 2), (10, 3)])
    instance = instance.model_copy(update={"areas": (*instance.areas[:2], instance.areas[2]
                                                     .model_copy(update={"name": "JUMLAH"}))})
    assert [f.kind for f in plausible.body_findings(instance)] == ["totals_row"]


# --------------------------------------------------------------------------- lost minus


def test_a_latitude_that_lost_its_minus_sign_is_refused() -> None:
    """The tester's case: a kelurahan at 2.99 among its kecamatan at -2.99 was planned with
    trips of 857 km (inside the 1,000 km bound, no distances table)."""
    [(where, message, fix)] = refused(CORPUS / "latitude-lost-minus")
    assert where == "areas.csv row 3, column lat"
    assert message.startswith("is 3.00, but the other places of kecamatan 16.71.01 lie at "
                              "-3.01 to -2.99: 3.00 puts the area 667 km from the nearest of "
                              "them, -3.00 would put it 0.66 km away (the minus sign may be "
                              "lost)")
    assert i18n_problems.problem_text(message, "id").endswith("(tanda minus mungkin hilang)")
    assert i18n_problems.fix_text(fix, "id").startswith("periksa tanda lintang kelurahan")


def test_a_minus_sign_typed_north_of_the_equator_is_said_so() -> None:
    """The tester's Manado kelurahan at -1.492 among places at 1.49-1.50 was told that
    "south of the equator it is negative (e.g. -2.99)"."""
    [found] = plausible.findings(kecamatan([1.496, -1.492, 1.489], MANADO_LONS,
                                           site=(1.493, 124.841)))
    assert (found.index, found.kind) == (1, "lost_minus")
    assert found.text.endswith("(a minus sign may be typed in error)")
    assert found.fix == ("check the sign of the kelurahan's latitude: north of the equator it "
                         "is positive, without a minus sign (e.g. 1.49)")
    assert i18n_problems.problem_text(found.text, "id").endswith(
        "(tanda minus mungkin salah ketik)")
    assert i18n_problems.fix_text(found.fix, "id") == (
        "periksa tanda lintang kelurahan: di utara khatulistiwa nilainya positif, tanpa tanda "
        "minus (mis. 1,49)")
    [(where, _, fix)] = refused(CORPUS / "latitude-minus-north")
    assert where == "areas.csv row 4, column lat"
    assert "north of the equator" in fix


def test_a_lone_kelurahan_that_lost_its_minus_sign_is_judged_by_the_nearest_kecamatan() -> None:
    """The tester's Manado case: Bunaken, a kecamatan of one kelurahan and no office, typed
    -1.623 for 1.623, was planned `optimal` with a trip of 448 km."""
    base = kecamatan([1.496, 1.489, 1.492], MANADO_LONS, site=(1.493, 124.841))
    bunaken = Area(area_id="B", district_id="K3", lat=-1.623, lon=124.76,
                   backlog={"first_time": 100, "replacement": 30})
    instance = base.model_copy(update={
        "districts": (*base.districts, District(district_id="K3")),
        "areas": (*base.areas, bunaken)})
    [found] = plausible.findings(instance)
    assert (found.table, found.index, found.kind) == ("areas", 3, "lost_minus")
    assert found.text.startswith("is -1.62, but the other places of kecamatan K lie at 1.49 "
                                 "to 1.50")
    # Typed right, it is 15 km from Wenang's places: nothing refused.
    right = instance.model_copy(update={"areas": (*base.areas, bunaken.model_copy(
        update={"lat": 1.623}))})
    assert plausible.findings(right) == []
    [(where, message, _)] = refused(CORPUS / "latitude-lost-minus-alone")
    assert message.startswith("is 2.93, but the other places of kecamatan 16.71.")
    assert where == "areas.csv row 27, column lat"


def test_a_whole_kecamatan_typed_without_its_minus_signs_is_refused() -> None:
    """The tester's case: Palembang's 16.71.01 (kelurahan and office) typed at 2.99-3.01,
    no distances table, planned `optimal` 665 km from the rest: every place of it is far
    from every other kecamatan's, and its mirror image lies among them."""
    problems = refused(CORPUS / "kecamatan-lost-minus")
    assert [where for where, _, _ in problems] == ["areas.csv, column lat",
                                                   "sites.csv row 2, column lat"]
    assert problems[0][1].startswith("7 cells: puts the point more than 100 km from its "
                                     "kecamatan, and its sign flipped puts it next to it (the "
                                     "minus sign may be lost)")
    assert i18n_problems.problem_text(problems[1][1], "id").endswith(
        "(tanda minus mungkin hilang)")


def test_a_far_kecamatan_whose_mirror_is_empty_or_that_is_near_is_no_flip() -> None:
    south = kecamatan([-2.98, -3.0, -2.99])
    far = Area(area_id="F1", district_id="K2", lat=2.99, lon=104.75,
               backlog={"first_time": 5, "replacement": 0})

    def plus(*areas: Area) -> Instance:
        return south.model_copy(update={
            "districts": (*south.districts, District(district_id="K2")),
            "areas": (*south.areas, *areas)})

    flipped = plus(far, far.model_copy(update={"area_id": "F2", "lat": 3.0}))
    assert [(f.index, f.kind) for f in plausible.findings(flipped)] == [
        (3, "lost_minus"), (4, "lost_minus")]
    # Its mirror far from every place (5 degrees east): a real far kecamatan, not a flip.
    east = plus(far.model_copy(update={"lon": 109.75}),
                far.model_copy(update={"area_id": "F2", "lat": 3.0, "lon": 109.76}))
    assert [f.kind for f in plausible.findings(east)] == []
    # One of its places near the rest (-2.5, 56 km): no flip. Its two kelurahan, 610 km
    # apart, are each far from the rest of their kecamatan (`_stray`), said as that.
    mixed = plus(far, far.model_copy(update={"area_id": "F2", "lat": -2.5}))
    assert [(f.index, f.kind) for f in plausible.findings(mixed)] == [
        (3, "stray_area"), (4, "stray_area")]


def test_a_sign_flip_is_refused_only_far_as_typed_and_near_flipped() -> None:
    # Near the equator the flip moves a point less than 100 km: not refused.
    assert plausible.findings(kecamatan([0.3, -0.3, -0.31], site=(-0.3, 104.75))) == []
    # Far as typed, but flipped still far from every place: not this check's.
    assert [f.kind for f in plausible.findings(kecamatan([-2.98, 1.5, -3.0]))] == []
    # A kecamatan north of the equator: its places' signs agree, nothing refused.
    assert plausible.findings(kecamatan([2.98, 3.0, 2.99], site=(2.99, 104.75))) == []
    [found] = plausible.findings(kecamatan([-2.98, 3.0, -3.0]))
    assert (found.index, found.kind) == (1, "lost_minus")


# --------------------------------------------------------------------------- the command line


@pytest.mark.parametrize(("case", "english", "indonesian"), [
    ("zero-zero-pair", "sites.csv row 3, column lon: is 0, and so is the other coordinate",
     "sites.csv baris 3, kolom lon: bernilai 0, begitu pula koordinat lainnya: (0, 0) "
     "berada di Teluk Guinea"),
    ("latitude-zero-one-other-place", "areas.csv row 27, column lat: is 0, but the other "
     "places of kecamatan 16.71.99 lie at -2.95 to -2.95",
     "areas.csv baris 27, kolom lat: bernilai 0, padahal tempat lain di kecamatan 16.71.99 "
     "berada di -2,95 sampai -2,95"),
    ("latitude-column-zero", "areas.csv, column lat: is 0 in every row",
     "areas.csv, kolom lat: bernilai 0 di setiap baris (sel kosong terbaca sebagai 0)"),
    ("city-totals-row", "areas.csv row 27, column area_id: this looks like a totals row",
     "areas.csv baris 27, kolom area_id: baris ini tampaknya baris jumlah: jumlah penduduk "
     "dan tunggakannya sama dengan jumlah baris lain di berkas ini, tertulis '16.71'"),
    ("latitude-lost-minus", "(the minus sign may be lost)",
     "areas.csv baris 3, kolom lat: bernilai 3,00, padahal tempat lain di kecamatan "
     "16.71.01 berada di -3,01 sampai -2,99: 3,00 menempatkan kelurahan 667 km dari yang "
     "terdekat di antaranya, -3,00 akan menempatkannya 0,66 km dari sana (tanda minus "
     "mungkin hilang)"),
])
def test_blanko_plan_refuses_each_wrong_place_in_either_language(
        case: str, english: str, indonesian: str) -> None:
    from typer.testing import CliRunner

    from optimizer.cli import app

    args = ["plan", "--data", str(CORPUS / case), "--blanks", "6000", "--quiet"]
    for lang, words in (("en", english), ("id", indonesian)):
        result = CliRunner().invoke(app, [*args, "--lang", lang])
        assert result.exit_code == 2, result.output
        assert words in " ".join(result.output.split()), result.output


# ------------------------------------------- two tables on the two sides of the equator


def _two_offices(lats: list[float], office_lat: float) -> Instance:
    """Two kecamatan, K and L (L 0.1 degree east), each with the kelurahan at `lats` and
    one office at `office_lat`."""
    places = [kecamatan(lats, site=(office_lat, 104.75), district=d) for d in ("K", "L")]
    moved = places[1].model_copy(update={
        "areas": tuple(a.model_copy(update={"area_id": f"L{a.area_id}", "district_id": "L",
                                            "lon": a.lon + 0.1}) for a in places[1].areas),
        "sites": (places[1].sites[0].model_copy(update={"site_id": "S2", "lon": 104.85}),)})
    return Instance(districts=(District(district_id="K"), District(district_id="L")),
                    sites=places[0].sites + moved.sites, areas=places[0].areas + moved.areas)


@pytest.mark.parametrize(("lats", "office", "table"), [
    ([3.008, 3.002, 2.995], -2.99, "areas"),
    ([-3.008, -3.002, -2.995], 2.99, "sites")])
def test_two_tables_of_opposite_signs_are_said_as_both_not_as_one(
        lats: list[float], office: float, table: str) -> None:
    """Kelurahan latitudes made positive after a hemisphere refusal ('Lintang (LU)' over
    3.00, or '(LS)' taken out of the header and the values left), beside offices at
    -2.99: every office was said as "a minus sign may be typed in error", sending the
    planner to correct the right table. Which table is wrong cannot be told from the
    points: one finding, at the latitude column of the table of positive latitudes
    (plausible._table_sign), gives both readings."""
    [found] = plausible.findings(_two_offices(lats, office))
    assert (found.table, found.field, found.kind, found.column) == \
        (table, "lat", "table_sign", True)
    assert found.message.startswith("is positive in every row")
    assert "kelurahan" in found.fix and "office" in found.fix
    indonesian = i18n_problems.problem_text(found.message, "id")
    assert indonesian != found.message and i18n_problems.fix_text(found.fix, "id") != found.fix


def test_one_office_of_the_other_sign_is_said_at_its_cell() -> None:
    """One office (or one of two kelurahan) of the other sign is a cell typed wrong."""
    found = plausible.findings(kecamatan([-3.008, -3.002, -2.995], site=(2.99, 104.75)))
    assert [(f.table, f.kind) for f in found] == [("sites", "lost_minus")]


def _palembang_without_distances() -> Instance:
    instance = read_instance(Path(__file__).parents[2] / "data" / "palembang").instance
    return instance.model_copy(update={"distances": ()})


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_two_places_of_one_kecamatan_with_their_signs_lost_together_are_refused(
        data: st.DataObject) -> None:
    """Any two places of one Palembang kecamatan (kelurahan or office) typed with their
    latitude's minus sign lost: each lies beside the other, ~665 km from the rest of
    their kecamatan; both are refused at their latitude (each pair was planned
    `optimal` with trips of ~665 km before `_lost_together`)."""
    instance = _PALEMBANG
    places = [("areas", i, a.district_id) for i, a in enumerate(instance.areas)] \
        + [("sites", i, s.district_id) for i, s in enumerate(instance.sites)]
    by_kecamatan: dict[str, list[tuple[str, int]]] = {}
    for table, i, kecamatan in places:
        by_kecamatan.setdefault(kecamatan, []).append((table, i))
    kecamatan = data.draw(st.sampled_from(sorted(k for k, v in by_kecamatan.items()
                                                 if len(v) >= 4)))
    two = data.draw(st.lists(st.sampled_from(by_kecamatan[kecamatan]), min_size=2,
                             max_size=2, unique=True))
    rows: dict[str, list[object]] = {"areas": list(instance.areas),
                                     "sites": list(instance.sites)}
    for table, i in two:
        row = rows[table][i]
        rows[table][i] = row.model_copy(update={"lat": -row.lat})  # type: ignore[attr-defined]
    flipped = instance.model_copy(update={"areas": tuple(rows["areas"]),
                                          "sites": tuple(rows["sites"])})
    found = {(f.table, f.index) for f in plausible.findings(flipped)
             if f.kind in plausible.LOST_KINDS}
    assert found == set(two)


_PALEMBANG = _palembang_without_distances()
