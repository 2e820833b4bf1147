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
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import InvalidInput
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
    assert "2176 km (1.7 km)" in text
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
    # 1 degree apart: 111.2 km great-circle; refused below min(111.2 / 5 = 22.24,
    # 111.2 - 50 = 61.2) = 22.24 km. A centroid a few km off the office never trips.
    assert not plausible.findings(pair(0.0, 1.0, km=22.5))
    [found] = plausible.findings(pair(0.0, 1.0, km=22.0))
    assert found.kind == "short_distance"
    assert found.text == ("is 22.0 km, but area A and office S are 111 km apart "
                          "great-circle: no road is that short")
    # 0.3 km apart, measured 0 (the kelurahan's office is the kantor kecamatan): kept.
    assert not plausible.findings(pair(0.0, 0.3 / DEGREE_KM, km=0.0))


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


def test_a_kelurahan_at_zero_zero_is_refused_with_its_row():
    """The old fix's advice followed: (0, 0) is 11,643 km from the nearest Palembang office
    (the plan was `optimal` with a 15,135 km trip)."""
    [(where, message, fix)] = refused(CORPUS / "coordinates-zero")
    assert where == "areas.csv row 6, column lat"
    assert message == "(0, 0) puts the area 11643 km from the nearest office"
    assert "never 0 for a blank" in fix


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


def test_a_place_alone_in_its_kecamatan_is_compared_with_the_whole_instance() -> None:
    instance = kecamatan([-2.98, -3.0], site=(0.0, 104.75), district="K2")
    [found] = plausible.findings(instance)
    assert found.text == ("is 0, but every other place lies at -3.00 to -2.98: 0 puts the "
                          "office 331 km from the nearest of them")


def test_one_other_place_has_no_spread_to_measure() -> None:
    """Two places, one at 0: how far apart a kecamatan's places lie is unknown from one
    gap (the property test of real roads draws such pairs), so 0 is not refused."""
    assert plausible.findings(kecamatan([-0.6], site=(0.0, 104.75))) == []
    assert plausible.findings(kecamatan([0.0], site=(-2.99, 104.75))) == []


def test_both_coordinates_0_stay_the_far_check() -> None:
    [found] = plausible.findings(kecamatan([-2.98, -3.0, 0.0], [104.76, 104.74, 0.0]))
    assert found.kind == "far_coordinates"


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
