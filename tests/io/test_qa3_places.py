"""A fresh tester's inputs (qa3) that planned something other than they mean, or said so
in a way that could not be acted on, refused naming the file, row, column and what to
change, in English and Bahasa Indonesia; and the real lists beside them that must plan.

- 6: three Ilir Barat II kelurahan pasted into kecamatan 16.71.02 under new codes, with
  their name, coordinates, backlog and population: planned `optimal`, counted twice.
- 7: kelurahan codes 16.71.08.1001 and .1002 given kecamatan 16.71.07: planned there
  silently (another kecamatan's coverage in the equity stage, other own-kecamatan
  offices).
- 18: a kecamatan name two kecamatan share said "(rows 9, 19) (rows 9, 19)"; an area id
  typed with a zero-width space said "unknown area '16.71.01.1001'", which reads like
  the real id.

The files are corpus cases (tests/data/spreadsheets, manifest.toml; made by
make_corpus.py, `qa3_places`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from optimizer import InvalidInput, i18n
from optimizer.cli import app
from optimizer.io import datasets, plausible
from optimizer.io.files import load_instance, read_instance
from optimizer.schema import Area, District, Instance, Site, problems_from

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
runner = CliRunner()


def plan(path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["plan", "--data", str(path), "--blanks", "6000", "--quiet",
                                 *args])
    return result.exit_code, " ".join(result.output.split())


def refused(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        read_instance(path)
    return [(p.location, p.message, p.fix) for p in caught.value.problems]


def area(area_id: str, district: str, name: str, lat: float, lon: float,
         first: int = 5) -> Area:
    return Area(area_id=area_id, name=name, district_id=district, lat=lat, lon=lon,
                backlog={"first_time": first, "replacement": 1})


def instance(*areas: Area, districts: tuple[str, ...] = ("16.71.01", "16.71.02")) -> Instance:
    return Instance(
        districts=tuple(District(district_id=d, name=f"Kec {d[-2:]}") for d in districts),
        sites=tuple(Site(site_id=f"KEC-{d}", district_id=d, lat=-3.0, lon=104.75, printers=1,
                         cards_per_printer_day=100, working_days=20) for d in districts),
        areas=areas)


def kinds(found: list[plausible.Finding]) -> list[tuple[int, str, str]]:
    return [(f.index, f.field, f.kind) for f in found]


# --------------------------------------------------------------------------- 6: copies


COPY_FIX = "delete the copy: each kelurahan is one row, in its own kecamatan"


def test_a_block_pasted_into_another_kecamatan_is_refused_each_copy_with_its_original():
    [(where, message, fix)] = refused(CORPUS / "kelurahan-copied-other-kecamatan")
    assert where == "areas.csv, column area_id"
    assert message == (
        "3 cells: repeats an earlier kelurahan of another kecamatan: the same name, "
        "coordinates and backlog (after =: the earlier row's id) (rows 27, 28, 29); "
        "'16.71.02.1101' = '16.71.01.1001', '16.71.02.1102' = '16.71.01.1002', "
        "'16.71.02.1103' = '16.71.01.1003'")
    assert fix == COPY_FIX


def test_one_kelurahan_copied_into_another_kecamatan_names_both_rows_in_both_languages():
    # The copy keeps the kelurahan's number (1001), only its kecamatan part changed.
    path = CORPUS / "qa4-kelurahan-copy-same-number"
    code, english = plan(path)
    assert code == 2
    assert ("areas.csv row 27, column area_id: repeats the kelurahan first in row 2 (id "
            "16.71.01.1001, kecamatan 16.71.01): the same name, coordinates and backlog, here "
            "in kecamatan 16.71.02, got '16.71.02.1001' fix: " + COPY_FIX) in english
    code, indonesian = plan(path, "--lang", "id")
    assert code == 2
    assert ("areas.csv baris 27, kolom area_id: mengulang kelurahan yang pertama di baris 2 "
            "(kode 16.71.01.1001, kecamatan 16.71.01): nama, koordinat dan tunggakan sama, di "
            "sini di kecamatan 16.71.02, tertulis '16.71.02.1001' perbaikan: hapus salinannya: "
            "setiap kelurahan satu baris, di kecamatannya sendiri") in indonesian


def test_one_row_of_another_kecamatans_name_point_and_backlog_is_refused_with_both_fixes():
    """A kelurahan of another kecamatan with the same name, point and backlog, under a code
    of its own (16.71.02.1101): qa4 asked for it to plan as a namesake (Sukajaya), and for
    one session it planned with a note; but a pasted row counts its residents twice, and
    two real namesakes cannot share a centroid either. Refused, with the fix that plans
    either case: delete the copy, or give each kelurahan its own coordinates."""
    code, output = plan(CORPUS / "kelurahan-copied-other-kecamatan-one")
    assert code == 2, output
    said = " ".join(output.split())
    assert ("areas.csv row 27, column area_id: repeats the kelurahan first in row 2 (id "
            "16.71.01.1001, kecamatan 16.71.01): the same name, coordinates and backlog, here "
            "in kecamatan 16.71.02") in said, said
    assert ("fix: if it is a copy, delete the stale row; if they are two kelurahan of one "
            "name, give each its own latitude and longitude") in said, said


def test_a_namesake_given_its_own_point_plans(tmp_path: Path):
    """The fix's second way: the same row with its own latitude and longitude plans."""
    folder = tmp_path / "own-point"
    shutil.copytree(CORPUS / "kelurahan-copied-other-kecamatan-one", folder)
    lines = (folder / "areas.csv").read_text(encoding="utf-8").splitlines()
    fields = lines[26].split(",")
    fields[3] = str(round(float(fields[3]) - 0.01, 5))
    lines[26] = ",".join(fields)
    (folder / "areas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    areas = {a.area_id: a for a in load_instance(folder).areas}
    assert areas["16.71.02.1101"].lat == -3.01802 and "16.71.01.1001" in areas


def test_the_copy_deleted_as_the_fix_says_plans(tmp_path: Path):
    folder = tmp_path / "fixed"
    shutil.copytree(CORPUS / "kelurahan-copied-other-kecamatan", folder)
    lines = (folder / "areas.csv").read_text(encoding="utf-8").splitlines()
    (folder / "areas.csv").write_text("\n".join(lines[:-3]) + "\n", encoding="utf-8")
    assert len(load_instance(folder).areas) == 25


@pytest.mark.parametrize("case", ["kelurahan-same-name-other-kecamatan",
                                  "kelurahan-same-name-same-point-other-kecamatan"])
def test_one_name_in_two_kecamatan_is_planned(case: str):
    """Sukajadi, Sukamaju: many kelurahan share a name across kecamatan; coordinates found
    by the name may put two at one point. Their own backlogs tell them apart."""
    code, output = plan(CORPUS / case)
    assert code == 0, output


def test_a_copy_across_kecamatan_needs_the_same_name_point_and_backlog():
    original = area("16.71.01.1001", "16.71.01", "Sukajadi", -3.0, 104.75, first=40)
    # The same name, point and backlog in another kecamatan, under the same kelurahan
    # number (with or without dots): a copy.
    for code in ("16.71.02.1001", "1671021001"):
        copy = area(code, "16.71.02", "SUKAJADI ", -3.0, 104.75, first=40)
        found = plausible.findings(instance(original, copy))
        assert kinds(found) == [(1, "area_id", "copied_area_elsewhere")]
        assert found[0].shown == f"'{code}' = '16.71.01.1001'"
        assert found[0].text == (
            "repeats the kelurahan first at areas[0] (id 16.71.01.1001, kecamatan 16.71.01): "
            f"the same name, coordinates and backlog, here in kecamatan 16.71.02, got '{code}'")
    # Under a code of its own, one such row is refused too, with the fix of two rows at
    # one point: delete the copy, or give each namesake its own coordinates.
    for code in ("16.71.02.1101", "16.71.02.2001", "X-9"):
        namesake = area(code, "16.71.02", "SUKAJADI ", -3.0, 104.75, first=40)
        found = plausible.findings(instance(original, namesake))
        assert kinds(found) == [(1, "area_id", "copied_area_elsewhere")]
        assert found[0].fix == plausible.SAME_PLACE_AREA_FIX
    # With another backlog, or at another point, it is a kelurahan of its own.
    for other in (area("16.71.02.1101", "16.71.02", "Sukajadi", -3.0, 104.75, first=41),
                  area("16.71.02.1101", "16.71.02", "Sukajadi", -3.01, 104.75, first=40)):
        assert plausible.findings(instance(original, other)) == []
    # Two rows of one kecamatan repeating two of another: a block pasted, whatever codes.
    second = area("16.71.01.1002", "16.71.01", "Sukamaju", -3.01, 104.76, first=7)
    block = [area("16.71.02.1101", "16.71.02", "Sukajadi", -3.0, 104.75, first=40),
             area("X-9", "16.71.02", "Sukamaju", -3.01, 104.76, first=7)]
    assert kinds(plausible.findings(instance(original, second, *block))) == [
        (2, "area_id", "copied_area_elsewhere"), (3, "area_id", "copied_area_elsewhere")]
    # Another backlog, another point or another name: two kelurahan, planned.
    for other in (area("16.71.02.1101", "16.71.02", "Sukajadi", -3.0, 104.75, first=41),
                  area("16.71.02.1101", "16.71.02", "Sukajadi", -3.01, 104.75, first=40),
                  area("16.71.02.1101", "16.71.02", "Sukamaju", -3.0, 104.75, first=40)):
        assert plausible.findings(instance(original, other)) == []
    # Nothing waiting in either: nothing is counted twice, no refusal.
    empty = [Area(area_id=f"16.71.0{k}.1001", name="Sukajadi", district_id=f"16.71.0{k}",
                  lat=-3.0, lon=104.75, backlog={"first_time": 0, "replacement": 0})
             for k in (1, 2)]
    assert plausible.findings(instance(*empty)) == []


def test_copies_in_one_kecamatan_are_said_as_before():
    original = area("16.71.01.1001", "16.71.01", "Sukajadi", -3.0, 104.75, first=40)
    same = area("16.71.01.1099", "16.71.01", "Sukajadi", -3.0, 104.75, first=40)
    stale = area("16.71.01.1098", "16.71.01", "Sukajadi", -3.0, 104.75, first=12)
    assert kinds(plausible.findings(instance(original, same, stale))) == [
        (1, "area_id", "copied_area"), (2, "area_id", "same_place_area")]


# --------------------------------------------------------------------------- 7: code prefixes


PREFIX_FIX = ("correct one of the two, the kelurahan's code or its kecamatan: a kelurahan's "
              "code starts with the code of its kecamatan")


@pytest.mark.parametrize(("case", "where", "message"), [
    ("kelurahan-code-other-kecamatan", "areas.csv, column district_id",
     "2 cells: gives another kecamatan than the one the kelurahan's code starts with (in "
     "brackets: the code) (rows 3, 4); '16.71.02' (16.71.01.1002), '16.71.02' "
     "(16.71.01.1003)"),
    ("kelurahan-code-other-kecamatan-nodots", "areas.csv row 3, column district_id",
     "gives kecamatan 16.71.02 (Seberang Ulu I), but the kelurahan's code 1671011002 starts "
     "with the code of kecamatan 16.71.01 (Ilir Barat II)"),
    ("kelurahan-code-other-kecamatan-by-name",
     "kelurahan.csv row 3, column Kecamatan (district_id)",
     "gives kecamatan 16.71.02 (Seberang Ulu I), but the kelurahan's code 16.71.01.1002 "
     "starts with the code of kecamatan 16.71.01 (Ilir Barat II)"),
])
def test_a_kelurahan_code_of_another_kecamatan_is_refused_at_its_kecamatan(case: str,
                                                                            where: str,
                                                                            message: str):
    assert refused(CORPUS / case) == [(where, message, PREFIX_FIX)]


def test_the_code_prefix_refusal_in_indonesian():
    code, output = plan(CORPUS / "kelurahan-code-other-kecamatan", "--lang", "id")
    assert code == 2
    assert ("areas.csv, kolom district_id: 2 sel: memberikan kecamatan lain daripada "
            "kecamatan yang menjadi awal kode kelurahan (dalam kurung: kodenya) (baris 3, 4); "
            "'16.71.02' (16.71.01.1002)") in output
    assert ("perbaikan: perbaiki salah satu dari keduanya, kode kelurahan atau kecamatannya: "
            "kode kelurahan diawali kode kecamatannya") in output


def test_code_prefixes_are_compared_only_when_both_are_kemendagri_codes():
    # Dotted or not on either side: 1671011001 is kecamatan 167101's, 16.71.01's.
    for area_id, districts in (("1671011001", ("16.71.01", "16.71.02")),
                               ("16.71.01.1001", ("167101", "167102")),
                               ("1671011001", ("167101", "167102"))):
        own = districts[0]
        assert plausible.findings(instance(area(area_id, own, "A", -3.0, 104.75),
                                           districts=districts)) == []
        other = districts[1]
        found = plausible.findings(instance(area(area_id, other, "A", -3.0, 104.75),
                                            districts=districts))
        assert kinds(found) == [(0, "district_id", "code_prefix_district")]
    # Ids that are no kelurahan code, or a prefix that is no kecamatan of the input.
    for area_id in ("A000001", "16.71", "16.71.01", "16.71.01.10011", "16.71.09.1001"):
        assert plausible.findings(instance(area(area_id, "16.71.02", "A", -3.0, 104.75))) == []
    # Kecamatan ids that are no codes (synthetic D00001): nothing to compare with.
    assert plausible.findings(instance(area("16.71.01.1001", "D2", "A", -3.0, 104.75),
                                       districts=("D1", "D2"))) == []


def test_every_bundled_dataset_still_plans_without_a_finding():
    for name in ("palembang", "palembang-2017", "indonesia"):
        assert plausible.findings(datasets.load(name).instance) == [], name
    for scenario in ("city", "province"):
        assert plausible.findings(datasets.synthetic(scenario, 0).instance) == [], scenario


def test_a_json_instance_and_the_service_refuse_the_code_of_another_kecamatan(tmp_path: Path):
    data = json.loads(instance(area("16.71.01.1001", "16.71.01", "A", -3.0, 104.75),
                               area("16.71.01.1002", "16.71.02", "B", -3.01, 104.75)
                               ).model_dump_json())
    path = tmp_path / "kota.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_instance(path)
    [problem] = caught.value.problems
    assert problem.location == "kota.json at /areas/1/district_id"
    assert problem.message == ("gives kecamatan 16.71.02 (Kec 02), but the kelurahan's code "
                               "16.71.01.1002 starts with the code of kecamatan 16.71.01 "
                               "(Kec 01)")
    [served] = plausible.implausible(Instance.model_validate(data), ("instance",))
    assert served.pointer == "/instance/areas/1/district_id"
    assert served.message.endswith("; " + PREFIX_FIX)
    assert i18n.localize_problem(served, "id").message == (
        "memberikan kecamatan 16.71.02 (Kec 02), padahal kode kelurahan 16.71.01.1002 "
        "diawali kode kecamatan 16.71.01 (Kec 01); perbaiki salah satu dari keduanya, kode "
        "kelurahan atau kecamatannya: kode kelurahan diawali kode kecamatannya")


# --------------------------------------------------------------------------- 18: wording


def test_a_shared_kecamatan_name_says_the_rows_of_each_file_once(tmp_path: Path):
    """Before: 'names more than one kecamatan of districts.csv: 16.71.08, 16.71.18 (rows 9,
    19) (rows 9, 19)', the districts' rows and the cells' rows alike."""
    folder = tmp_path / "shared"
    shutil.copytree(CORPUS / "clean", folder)
    districts = folder / "districts.csv"
    districts.write_text(districts.read_text(encoding="utf-8").replace(
        "16.71.04,Ilir Barat I\n", "16.71.04,ILIR BARAT II\n"), encoding="utf-8")
    sites = folder / "sites.csv"
    lines = sites.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith(("KEC-16.71.01,", "KEC-16.71.04,")):
            cells = line.split(",")
            cells[2] = "Ilir Barat II"
            lines[i] = ",".join(cells)
    sites.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, english = plan(folder)
    assert code == 2
    assert ("sites.csv, column district_id: 2 cells: names more than one kecamatan: "
            "districts.csv rows 2, 5 give that name to 16.71.01, 16.71.04 (rows 2, 5); "
            "'Ilir Barat II' fix:") in english
    assert english.count("rows 2, 5") == 2 and "(rows 2, 5) (rows" not in english
    code, indonesian = plan(folder, "--lang", "id")
    assert code == 2
    assert ("sites.csv, kolom district_id: 2 sel: menyebut lebih dari satu kecamatan: "
            "districts.csv baris 2, 5 memberi nama itu kepada 16.71.01, 16.71.04 (baris 2, 5)"
            ) in indonesian


def test_an_id_with_a_zero_width_space_shows_it_in_both_languages():
    case = CORPUS / "area-id-zero-width-distances"
    [(where, message, fix)] = refused(case)
    assert where == "distances.csv, column area_id"
    assert message == ("2 cells: name an id that areas.csv writes otherwise: with invisible "
                       "characters, or in another letter case (after =: as it writes it) "
                       "(rows 2, 3); '16.71.01.1004' = '16.71.01.1004\\u200b'")
    assert fix == ("write the id the same way in both tables: type it again where it holds "
                   "invisible characters (pasted from a web page or a PDF), in one letter case")
    code, indonesian = plan(case, "--lang", "id")
    assert code == 2
    assert ("distances.csv, kolom area_id: 2 sel: menyebut kode yang ditulis lain oleh "
            "areas.csv: dengan karakter tak terlihat, atau dengan huruf besar/kecil yang lain "
            "(setelah =: seperti yang ditulisnya) (baris 2, 3); '16.71.01.1004' = "
            "'16.71.01.1004\\u200b'") in indonesian


def test_one_cell_names_the_row_and_the_character(tmp_path: Path):
    folder = tmp_path / "one"
    shutil.copytree(CORPUS / "area-id-zero-width-distances", folder)
    distances = folder / "distances.csv"
    distances.write_text("\n".join(distances.read_text(encoding="utf-8").splitlines()[:2])
                         + "\n", encoding="utf-8")
    code, english = plan(folder)
    assert code == 2
    assert ("distances.csv row 2, column area_id: names the id '16.71.01.1004', which "
            "areas.csv writes '16.71.01.1004\\u200b' in row 5: it differs only by invisible "
            "characters (U+200B)") in english
    code, indonesian = plan(folder, "--lang", "id")
    assert ("distances.csv baris 2, kolom area_id: menyebut kode '16.71.01.1004', yang "
            "ditulis areas.csv sebagai '16.71.01.1004\\u200b' di baris 5: bedanya hanya "
            "karakter tak terlihat (U+200B)") in indonesian


def test_the_schema_shows_which_id_differs_and_how():
    """An instance sent as JSON (the service, a .json file): the id as sent and as the
    table holds it, invisible characters written out."""
    data = json.loads(instance(area("16.71.01.1001\u200b", "16.71.01", "A", -3.0, 104.75),
                               area("16.71.01.1002", "16.71.01", "B", -3.01, 104.75)
                               ).model_dump_json())
    data["distances"] = [
        {"area_id": "16.71.01.1001", "site_id": "KEC-16.71.01", "km": 1.0},
        {"area_id": "16.71.01.1002\ufeff", "site_id": "kec-16.71.01", "km": 1.0},
        {"area_id": "16.71.01.1009", "site_id": "KEC-16.71.01", "km": 1.0}]
    with pytest.raises(ValidationError) as caught:
        Instance.model_validate(data)
    said = [(p.location, p.message) for p in problems_from(caught.value, ("instance",))]
    assert said == [
        ("instance.distances[0].area_id",
         "unknown area '16.71.01.1001': the areas hold '16.71.01.1001\\u200b' at areas[0], "
         "which differs from it only by invisible characters (U+200B)"),
        ("instance.distances[1].area_id",
         "unknown area '16.71.01.1002\\ufeff': the areas hold '16.71.01.1002' at areas[1], "
         "which differs from it only by invisible characters (U+FEFF)"),
        ("instance.distances[1].site_id",
         "unknown site 'kec-16.71.01': the sites hold 'KEC-16.71.01' at sites[0], which "
         "differs from it only in letter case or in the form of its characters (full-width "
         "digits, a dash other than '-')"),
        ("instance.distances[2].area_id", "unknown area '16.71.01.1009'")]
    problems = problems_from(caught.value, ("instance",))
    assert i18n.localize_problem(problems[0], "id").message == (
        "kelurahan '16.71.01.1001' tidak dikenal: areas memuat '16.71.01.1001\\u200b' di "
        "areas[0], yang berbeda darinya hanya karena karakter tak terlihat (U+200B)")
    assert i18n.localize_problem(problems[2], "id").message.startswith(
        "kantor 'kec-16.71.01' tidak dikenal: sites memuat 'KEC-16.71.01' di sites[0]")
    data["areas"][0]["district_id"] = "16.71.01\u200b"
    with pytest.raises(ValidationError) as caught:
        Instance.model_validate(data)
    first = problems_from(caught.value)[0]
    assert first.message == ("unknown district '16.71.01\\u200b': the districts hold "
                             "'16.71.01' at districts[0], which differs from it only by "
                             "invisible characters (U+200B)")
    assert i18n.localize_problem(first, "id").message.startswith(
        "kecamatan '16.71.01\\u200b' tidak dikenal: districts memuat '16.71.01'")


def test_a_kecamatan_cell_with_a_zero_width_space_shows_it(tmp_path: Path):
    """Before: "is neither a code nor a name of districts.csv, got '16.71.01\\u200b'", as if
    the kecamatan were missing from the table."""
    folder = tmp_path / "kecamatan"
    shutil.copytree(CORPUS / "clean", folder)
    areas = folder / "areas.csv"
    lines = areas.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[2] += "\u200b"
    lines[3] = ",".join(cells)
    areas.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert refused(folder) == [(
        "areas.csv row 4, column district_id",
        "names the id '16.71.01\\u200b', which districts.csv writes '16.71.01' in row 2: it "
        "differs only by invisible characters (U+200B)",
        "write the id the same way in both tables: type it again where it holds invisible "
        "characters (pasted from a web page or a PDF), in one letter case")]
    code, indonesian = plan(folder, "--lang", "id")
    assert code == 2
    assert ("areas.csv baris 4, kolom district_id: menyebut kode '16.71.01\\u200b', yang "
            "ditulis districts.csv sebagai '16.71.01' di baris 2: bedanya hanya karakter tak "
            "terlihat (U+200B)") in indonesian


@pytest.mark.parametrize(("name", "lat"), [
    ("Kemang\u200bmanis", -2.99447),   # a zero-width space in the name
    ("KEMANGMANIS.", -2.99447),        # a full stop, other case
    ("Kemang manis", -2.99447),        # a space
    ("Kemangmanis", -2.9945),          # the point rounded to 4 decimals
    ("Kemangmanis", -2.994),           # ... to 3
])
def test_a_copy_written_a_little_otherwise_is_still_a_copy(name: str, lat: float):
    """Tester qa6: copies whose name or point differed a little from the original (each
    planned twice) are compared by the name without case, spaces, punctuation or
    invisible characters, and at the point as typed, to 4 and to 3 decimals."""
    original = area("16.71.01.1007", "16.71.01", "Kemangmanis", -2.99447, 104.74, first=9)
    copy = area("16.71.01.1099", "16.71.01", name, lat, 104.74, first=9)
    assert kinds(plausible.findings(instance(original, copy))) == [
        (1, "area_id", "copied_area")]


def test_a_kelurahan_120_m_away_is_not_a_copy():
    original = area("16.71.01.1007", "16.71.01", "Kemangmanis", -2.99447, 104.74, first=9)
    other = area("16.71.01.1099", "16.71.01", "Kemangmanis", -2.99557, 104.74, first=9)
    assert plausible.findings(instance(original, other)) == []


def test_the_services_check_finds_a_rounded_copy_too():
    """`implausible` (what the API calls for an instance sent whole) compares at the same
    roundings as the file reader: a kelurahan pasted at 4 decimals is refused there too."""
    original = area("16.71.01.1007", "16.71.01", "Kemangmanis", -2.99447, 104.74, first=9)
    copy = area("16.71.01.1099", "16.71.01", "Kemang manis", -2.9945, 104.74, first=9)
    found = plausible.implausible(instance(original, copy))
    assert [p.pointer for p in found] == ["/areas/1/area_id"], found
