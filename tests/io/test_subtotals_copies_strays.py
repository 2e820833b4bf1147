"""A fresh tester's inputs that planned silently though they were almost surely a mistake
(qa1, faults 2, 3, 7 and 10c), refused by the library loader, the command line and the
service; and the real lists beside them that must still plan.

- 2: a kecamatan subtotal row whose backlog is no longer its kelurahan's sum (typed a
  month before them) doubled Sako's backlog in an `optimal` plan: refused by its id (the
  kecamatan's code, with or without dots; a kecamatan code or a code ending in 0000
  among kelurahan codes) or its name (Kecamatan ..., Kec. ..., Jumlah ...).
- 3: a kelurahan typed twice under another id (one row, or a kecamatan's block).
- 7: a latitude or longitude typed a digit wrong, 100 km from its kecamatan.
- 10c: a kecamatan name column naming another kecamatan than the code column.

The tester's own files are tests/data/qa1 (Indonesian office files: `;`, title rows,
decimal commas); the corpus cases tests/data/spreadsheets (manifest.toml) are planned by
tests/io/test_corpus.py through `blanko plan --data`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer import InvalidInput, i18n
from optimizer.cli import app
from optimizer.engine.codes import code_warnings
from optimizer.io import datasets, plausible
from optimizer.io.files import load_instance, read_instance
from optimizer.schema import Area, District, Instance, Site

QA1 = Path(__file__).parents[1] / "data" / "qa1"
CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
runner = CliRunner()


def refused(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        read_instance(path)
    return [(p.location, p.message, p.fix) for p in caught.value.problems]


SUBTOTAL_FIX = ("delete the subtotal row: every row must be one kelurahan (the plan adds up "
                "each kecamatan itself)")


# --------------------------------------------------------------------------- the tester's files


@pytest.mark.parametrize(("name", "message"), [
    ("v51_subtotal_stale_not_equal",
     "this looks like a kecamatan subtotal row, not a kelurahan: its id is the code of "
     "kecamatan 16.71.08, got '16.71.08'"),
    ("v52_subtotal_stale_no_word",
     "this looks like a kecamatan subtotal row, not a kelurahan: its id is the code of "
     "kecamatan 16.71.08, got '16.71.08'"),
    ("v53_subtotal_id_0000",
     "this looks like a kecamatan subtotal row, not a kelurahan: its id ends in 0000 where "
     "the other rows hold kelurahan codes, got '16.71.08.0000'"),
])
def test_a_stale_kecamatan_subtotal_is_refused_whatever_its_sum(name: str, message: str):
    """Row 114: Sako's subtotal, 10,700 first-time where its kelurahan hold 10,768 (no
    sum): planned as one more kelurahan, Sako's backlog doubled (21,468)."""
    assert refused(QA1 / name) == [
        ("kelurahan.csv row 114, column Kode Kelurahan (area_id)", message, SUBTOTAL_FIX)]


def test_a_kelurahan_copied_under_a_new_id_is_refused_naming_both_rows():
    [(where, message, fix)] = refused(QA1 / "v60_same_kelurahan_twice_new_id")
    assert where == "kelurahan.csv row 114, column Kode Kelurahan (area_id)"
    assert message == ("repeats the kelurahan first in row 4 (id 16.71.01.1001): the same "
                       "kecamatan, name, coordinates and backlog, only the id differs, got "
                       "'16.71.01.1010'")
    assert fix == "delete one of the two rows: each kelurahan is one row"


def test_a_kecamatan_block_pasted_again_is_refused_each_copy_with_its_original():
    [(where, message, _)] = refused(QA1 / "v61_sako_block_pasted_twice_desa_codes")
    assert where == "kelurahan.csv, column Kode Kelurahan (area_id)"
    assert message.startswith("4 cells: repeats an earlier kelurahan of its kecamatan")
    assert "(rows 114, 115, 116, 117); '16.71.08.2001' = '16.71.08.1001', " in message


@pytest.mark.parametrize(("name", "column", "text"), [
    ("v90_coord_typo_100km_no_distances", "Lintang (lat)",
     "(-3.90802, 104.7436) puts the kelurahan 101 km from the nearest other place of "
     "kecamatan 16.71.01 (16.71.01.1002)"),
    ("v91_lon_typo_110km_no_distances", "Bujur (lon)",
     "(-3.00802, 105.7436) puts the kelurahan 110 km from the nearest other place of "
     "kecamatan 16.71.01 (16.71.01.1005)"),
])
def test_a_coordinate_typed_a_digit_wrong_is_refused_at_that_cell(name: str, column: str,
                                                                   text: str):
    """Planned `optimal` with residents sent 132 and 143 km (max_km), no warning."""
    assert refused(QA1 / name) == [(f"kelurahan.csv row 4, column {column}", text,
                                    "check the kelurahan's latitude and longitude (a digit "
                                    "typed wrong?) and its kecamatan")]


def test_a_kecamatan_name_disagreeing_with_its_code_is_refused_at_the_row():
    """Row 4: Kode Kecamatan 16.71.07 (Sukarami) beside Kecamatan 'Ilir Barat II' (16.71.01):
    the code won silently."""
    assert refused(QA1 / "code_vs_name") == [(
        "kelurahan.csv row 4, column Kecamatan",
        "names kecamatan 16.71.01 (Ilir Barat II), but column 'Kode Kecamatan' gives "
        "kecamatan 16.71.07 (Sukarami) of kecamatan.csv, got 'Ilir Barat II'",
        "make the kecamatan's code and name agree with kecamatan.csv, or delete one of the "
        "two columns")]


def test_the_tester_files_fixed_as_the_messages_say_plan(tmp_path: Path):
    """Each refusal's fix, done, gives a file that loads: the checks refuse the row named,
    nothing else of the Palembang files."""
    for name, fix in (("v51_subtotal_stale_not_equal", lambda lines: lines[:-1]),
                      ("v61_sako_block_pasted_twice_desa_codes", lambda lines: lines[:-4]),
                      ("v90_coord_typo_100km_no_distances",
                       lambda lines: [x.replace("-3,90802", "-3,00802") for x in lines])):
        folder = tmp_path / name
        shutil.copytree(QA1 / name, folder)
        areas = folder / "kelurahan.csv"
        lines = areas.read_text(encoding="utf-8-sig").splitlines()
        areas.write_text("\n".join(fix(lines)) + "\n", encoding="utf-8")
        assert len(load_instance(folder).areas) == 107


# --------------------------------------------------------------------------- the library's rules


def kecamatan(*areas: tuple[str, str, float, float, int], district: str = "16.71.01",
              sites: tuple[Site, ...] | None = None) -> Instance:
    """Areas (id, name, lat, lon, first-time backlog) of one kecamatan and its office."""
    return Instance(
        districts=(District(district_id=district, name="Ilir Barat II"),),
        sites=sites if sites is not None else (
            Site(site_id="KEC", district_id=district, lat=-3.0, lon=104.75, printers=1,
                 cards_per_printer_day=100, working_days=20),),
        areas=tuple(Area(area_id=a, name=n, district_id=district, lat=lat, lon=lon,
                         backlog={"first_time": b, "replacement": 0})
                    for a, n, lat, lon, b in areas))


PALEMBANG = (("16.71.01.1001", "Tiga Puluh Lima Ilir", -3.008, 104.744, 800),
             ("16.71.01.1002", "Tiga Puluh Dua Ilir", -3.002, 104.745, 600),
             ("16.71.01.1003", "Tiga Puluh Ilir", -2.995, 104.744, 700))


def kinds(instance: Instance) -> list[tuple[int, str, str]]:
    return [(f.index, f.field, f.kind) for f in plausible.findings(instance)]


@pytest.mark.parametrize(("area_id", "name", "kind", "field"), [
    ("16.71.01", "Ilir Barat II", "subtotal_row", "area_id"),
    ("167101", "Ilir Barat II", "subtotal_row", "area_id"),
    ("16.71.99", "Ilir Barat II", "subtotal_row", "area_id"),
    ("16.71.01.0000", "Ilir Barat II", "subtotal_row", "area_id"),
    ("16.71.01.1099", "KECAMATAN ILIR BARAT II", "subtotal_name", "name"),
    ("16.71.01.1099", "Kec. Ilir Barat II", "subtotal_name", "name"),
    ("16.71.01.1099", "Kabupaten Palembang", "subtotal_name", "name"),
    ("16.71.01.1099", "Sub Total Ilir Barat II", "subtotal_name", "name"),
])
def test_a_subtotal_row_is_refused_by_its_id_or_name(area_id: str, name: str, kind: str,
                                                     field: str):
    instance = kecamatan(*PALEMBANG, (area_id, name, -3.0, 104.75, 1234))
    assert kinds(instance) == [(3, field, kind)]


@pytest.mark.parametrize("name", ["Kota Baru", "KOTA KARANG", "Kotabaru", "Kebun Bunga",
                                  "Sukarami", "Kecil Jaya"])
def test_a_kelurahan_named_like_a_region_is_planned(name: str):
    """Kota Baru, Kota Karang, Kota Bambu Selatan are kelurahan: `Kota` refuses only with
    a sum (engine/totals.py); `Kec` only as a word."""
    instance = kecamatan(*PALEMBANG, ("16.71.01.1004", name, -2.99, 104.75, 123))
    assert plausible.findings(instance) == []


def test_a_file_of_kabupaten_named_kabupaten_and_coded_as_kecamatan_is_planned():
    """A province's instance (data/indonesia): every area a Kabupaten ... or Kota ...,
    coded 11.01: no row stands out. A one-area kecamatan whose area has its own code
    (a kecamatan planned as one area) is no subtotal either."""
    assert plausible.findings(datasets.load("indonesia").instance) == []
    one = kecamatan(("16.71.01", "Ilir Barat II", -3.0, 104.75, 500))
    assert plausible.findings(one) == []
    coded = kecamatan(("16.71.01", "Kecamatan Ilir Barat II", -3.0, 104.75, 500),
                      ("16.71.02", "Kecamatan Seberang Ulu I", -3.01, 104.76, 400),
                      district="16.71")
    assert plausible.findings(coded) == []


def test_same_name_same_coordinates_other_backlog_is_refused_as_a_stale_copy():
    areas = (*PALEMBANG, ("16.71.01.1099", "tiga  puluh ilir", -2.995, 104.744, 650))
    [finding] = plausible.findings(kecamatan(*areas))
    assert (finding.index, finding.kind) == (3, "same_place_area")
    assert finding.shown == "'16.71.01.1099' = '16.71.01.1003'"


def test_same_name_elsewhere_or_in_another_kecamatan_is_planned():
    """Two kelurahan of one name, each at its own point; or one name in two kecamatan
    (Sukajadi is a kelurahan of several kecamatan), even at one point (coordinates found
    by the name), each with its own backlog. (With the same backlog too the row is a
    copy: tests/io/test_qa3_places.py.)"""
    # (A point of its own: written to 4 decimals. At -2.99, 104.75, a point written to 2
    # decimals, 0.86 km from the other, the row is refused as a stale copy or a namesake
    # whose point is not its own: test_figure_copies, q8b.)
    areas = (*PALEMBANG, ("16.71.01.1004", "Tiga Puluh Ilir", -2.9903, 104.7497, 700))
    assert plausible.findings(kecamatan(*areas)) == []
    two = Instance(
        districts=(District(district_id="A"), District(district_id="B")),
        sites=(Site(site_id="S", district_id="A", lat=-3.0, lon=104.75, printers=1,
                    cards_per_printer_day=100, working_days=20),),
        areas=tuple(Area(area_id=f"{d}1", name="Sukajadi", district_id=d, lat=-3.0,
                         lon=104.75, backlog={"first_time": first, "replacement": 0})
                    for d, first in (("A", 5), ("B", 7))))
    assert plausible.findings(two) == []


def test_a_kelurahan_far_from_its_kecamatan_is_refused_past_50_km_only():
    inside = (*PALEMBANG, ("16.71.01.1004", "Jauh", -3.0 - 45 / 111.2, 104.75, 100))
    assert plausible.findings(kecamatan(*inside)) == []
    outside = (*PALEMBANG, ("16.71.01.1004", "Jauh", -3.0 - 60 / 111.2, 104.75, 100))
    [finding] = plausible.findings(kecamatan(*outside))
    assert (finding.index, finding.field, finding.kind) == (3, "lat", "stray_area")
    # 60 km south of the office, 59.1 km from kelurahan 16.71.01.1001 (at -3.008).
    assert finding.text == ("(-3.539568, 104.75) puts the kelurahan 59.1 km from the nearest "
                            "other place of kecamatan 16.71.01 (16.71.01.1001)")


def sparse() -> Instance:
    """Six kecamatan 111 km apart, each a kelurahan with its office 80 km away, and a
    kelurahan alone in a seventh."""
    sites, areas = [], []
    for k in range(6):
        lat = -1.0 - k
        sites.append(Site(site_id=f"S{k}", district_id=f"D{k}", lat=lat, lon=110.0,
                          printers=1, cards_per_printer_day=100, working_days=20))
        areas.append(Area(area_id=f"A{k}", district_id=f"D{k}", lat=lat, lon=110.72,
                          backlog={"first_time": 5, "replacement": 0}))
    areas.append(Area(area_id="L", district_id="D9", lat=-8.0, lon=112.0,
                      backlog={"first_time": 5, "replacement": 0}))
    return Instance(districts=tuple(District(district_id=f"D{k}") for k in (*range(6), 9)),
                    sites=tuple(sites), areas=tuple(areas))


def test_a_sparse_instance_sets_its_own_scale_and_is_planned_with_a_warning():
    """A province planned by kabupaten, or a sparse rural one: the typical spread (80 km)
    is the scale, nothing is refused for its size, and the plan says which kelurahan lie
    more than 50 km from the rest of their kecamatan (a typo within the scale); a lone
    place has nothing to be far from."""
    instance = sparse()
    assert plausible.findings(instance) == []
    warnings = [m for m in code_warnings(instance) if m.code == "AREA_FAR_IN_DISTRICT"]
    assert [m.params["area_id"] for m in warnings] == [f"A{k}" for k in range(6)]
    # A3 at latitude -4: 0.72 degree of longitude is 79.9 km (A0 at -1: 80.0 km).
    assert warnings[3].params == {"area_id": "A3", "district_id": "D3", "km": 79.9,
                                  "nearest": "S3"}
    assert warnings[3].text == ("Area A3 lies 79.9 km from the nearest other place of "
                                "kecamatan D3 (S3): check its coordinates; it is planned as "
                                "typed.")
    assert i18n.render(warnings[3], "id") == (
        "Kelurahan A3 berada 79,9 km dari tempat lain terdekat di kecamatan D3 (S3): periksa "
        "koordinatnya; kelurahan ini direncanakan seperti tertulis.")
    assert not [m for m in code_warnings(datasets.load("palembang").instance)
                if m.code == "AREA_FAR_IN_DISTRICT"]


def test_blanko_plan_shows_the_far_kelurahan_warning(tmp_path: Path):
    path = tmp_path / "sparse.json"
    path.write_text(sparse().model_dump_json(), encoding="utf-8")
    for lang, words in (("en", "AREA_FAR_IN_DISTRICT: Area A3 lies 79.9 km from the nearest "
                               "other place of kecamatan D3 (S3)"),
                        ("id", "Kelurahan A3 berada 79,9 km dari tempat lain terdekat di "
                               "kecamatan D3 (S3)")):
        result = runner.invoke(app, ["plan", "--data", str(path), "--blanks", "30", "--lang",
                                     lang])
        assert result.exit_code == 0, result.output
        assert words in " ".join(result.output.split())


# --------------------------------------------------------------------------- JSON and service


def test_an_instance_json_file_is_refused_at_its_pointers(tmp_path: Path):
    data = json.loads(kecamatan(*PALEMBANG, ("16.71.01", "Ilir Barat II", -3.0, 104.75, 9),
                                ("16.71.01.1009", "Tiga Puluh Ilir", -2.995, 104.744, 700),
                                ("16.71.01.1010", "Jauh", -3.9, 104.75, 5)
                                ).model_dump_json())
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_instance(path)
    assert [(p.location, p.message.split(":")[0]) for p in caught.value.problems] == [
        ("instance.json at /areas/3/area_id",
         "this looks like a kecamatan subtotal row, not a kelurahan"),
        ("instance.json at /areas/4/area_id",
         "repeats the kelurahan first at areas[2] (id 16.71.01.1003)"),
        ("instance.json at /areas/5/lat",
         "(-3.9, 104.75) puts the kelurahan 99.2 km from the nearest other place of "
         "kecamatan 16.71.01 (16.71.01.1001)")]


def test_the_service_refuses_the_same_rows():
    instance = kecamatan(*PALEMBANG, ("16.71.01.0000", "Ilir Barat II", -3.0, 104.75, 9))
    [problem] = plausible.implausible(instance, ("instance",))
    assert problem.pointer == "/instance/areas/3/area_id"
    assert problem.message.endswith("; " + SUBTOTAL_FIX)


# --------------------------------------------------------------------------- both languages


# The tester's inputs refused here (tests/data/qa1 holds others of the same report,
# planned: kec_*.json, truth.json, tests/engine/test_limits.py).
REFUSED = ("code_vs_name", "v51_subtotal_stale_not_equal", "v52_subtotal_stale_no_word",
           "v53_subtotal_id_0000", "v60_same_kelurahan_twice_new_id",
           "v61_sako_block_pasted_twice_desa_codes", "v90_coord_typo_100km_no_distances",
           "v91_lon_typo_110km_no_distances")


PLANNED = ("kec_office_no_printer.json", "kec_without_office.json", "truth.json")


def test_every_qa1_input_is_refused_here_or_planned_elsewhere():
    assert sorted(p.name for p in QA1.iterdir()) == sorted(REFUSED + PLANNED)
    for name in PLANNED:
        read_instance(QA1 / name)  # loads (tests/engine/test_limits.py plans them)


@pytest.mark.parametrize("name", REFUSED)
def test_every_refusal_reads_in_indonesian_with_its_values(name: str):
    with pytest.raises(InvalidInput) as caught:
        read_instance(QA1 / name)
    for problem in caught.value.problems:
        indonesian = i18n.localize_problem(problem, "id")
        assert indonesian.message != problem.message
        assert indonesian.fix != problem.fix
        for value in ("'16.71.08'", "16.71.01.1001", "'16.71.08.2001' = '16.71.08.1001'",
                      "kecamatan.csv", "Sukarami", "101 km"):
            if value in problem.message:
                assert value in indonesian.message, (value, indonesian.message)
        assert i18n.localize_problem(problem, "en") == problem


def test_the_cli_says_it_in_indonesian():
    result = runner.invoke(app, ["plan", "--data", str(QA1 / "v90_coord_typo_100km_no_distances"),
                                 "--blanks", "50000", "--quiet", "--lang", "id"])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert ("kelurahan.csv baris 4, kolom Lintang (lat): (-3.90802, 104.7436) menempatkan "
            "kelurahan 101 km dari tempat lain terdekat di kecamatan 16.71.01 (16.71.01.1002)"
            ) in text
    assert "periksa lintang dan bujur kelurahan (ada angka yang salah ketik?)" in text


def test_blanko_plan_in_a_real_process_refuses_the_stale_subtotal():
    exe = shutil.which("blanko") or str(Path(sys.executable).parent / "blanko")
    done = subprocess.run([exe, "plan", "--data", str(QA1 / "v51_subtotal_stale_not_equal"),
                           "--blanks", "50000", "--max-travel-km", "8"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stdout
    said = " ".join(done.stderr.split())
    assert ("kelurahan.csv row 114, column Kode Kelurahan (area_id): this looks like a "
            "kecamatan subtotal row, not a kelurahan: its id is the code of kecamatan "
            "16.71.08, got '16.71.08'") in said
    assert "Traceback" not in said
