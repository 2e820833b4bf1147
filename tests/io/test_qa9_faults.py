"""Tester qa9's faults (2026-11-30) in how the rows of offices' files are judged, each
kind beyond its corpus case (tests/data/spreadsheets/qa9-*, tests/io/test_corpus.py).

1. A kecamatan subtotal row typed as a kelurahan (`16.71.0X.9999` or `.1999` named as
   the kecamatan, or blank; a `.2999` under a kelurahan-like name in every kecamatan),
   its backlog the sum of the kecamatan's other rows, was planned as one more kelurahan
   with only the AREA_SUM_OF_OTHERS warning: every kecamatan's backlog doubled.
2. An office's cards per printer-day typed 1500 where every other office has 150 was
   planned silently (its office sent 7,829 blanks for 4,750): a figure 10 times the
   median of the other offices or more is refused in a file; an instance sent as JSON is
   planned with the warning SITE_FIGURE_OUTLIER.
3. Kelurahan codes without dots in distances.csv beside dotted ones in areas.csv were
   refused as "2033 cells: name an unknown area": read as the areas write them when the
   digits are one area's code, as kecamatan codes are, with a note.
4. Official kecamatan names ('Ilir Barat Dua', 'Seberang Ulu Satu') beside the districts
   table's 'Ilir Barat II' were refused: names are matched as the copy rules fold them
   (numbers in words, Roman numerals) when one kecamatan's name folds so, with a note.
5. Every kelurahan typed without the minus of its latitude was refused as 17 offices
   whose minus sign was typed in error, the correct sites.csv blamed: a table whose
   latitudes are all of the other sign is said once, at its column, with both readings.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from optimizer import InvalidInput, i18n
from optimizer.engine.codes import code_warnings, site_outliers
from optimizer.io import datasets, plausible
from optimizer.io.files import read_instance
from tests.io.test_qa7_faults import CLEAN, CORPUS, _refused

SUBTOTAL = "this looks like a kecamatan subtotal row, not a kelurahan"


def _with_subtotals(tmp_path: Path, rows: dict[str, tuple[str, str]]) -> Path:
    """clean with, for each kecamatan of `rows` ({kecamatan: (id, name)}), a row that is
    the sum of its other rows (population and both tiers), at its first kelurahan's
    point, placed after them."""
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / "areas.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = []
    for kecamatan, group in frame.groupby("district_id", sort=False):
        out.append(group)
        if kecamatan in rows:
            area_id, name = rows[kecamatan]
            total = {c: str(group[c].astype(int).sum())
                     for c in ("population", "first_time", "replacement")}
            out.append(pd.DataFrame([{"area_id": area_id, "name": name,
                                      "district_id": kecamatan, "lat": group["lat"].iloc[0],
                                      "lon": group["lon"].iloc[0], **total}]))
    pd.concat(out).to_csv(path, index=False)
    return folder


KECAMATAN = {"16.71.01": "Ilir Barat II", "16.71.02": "Seberang Ulu I",
             "16.71.03": "Seberang Ulu II", "16.71.04": "Ilir Barat I"}


@pytest.mark.parametrize(("number", "name", "why"), [
    ("9999", "{k}", "its name is the kecamatan's"),
    ("1999", "{k}", "its name is the kecamatan's"),
    ("9999", "", "its name is blank where the other rows have names"),
    ("2999", "Jaya Makmur", "its kelurahan number lies outside the numbering"),
    ("9999", "Jaya Makmur", "its kelurahan number lies outside the numbering"),
])
def test_a_subtotal_row_of_one_kecamatan_is_refused(tmp_path: Path, number: str, name: str,
                                                    why: str) -> None:
    """One kecamatan's subtotal (16.71.01's 7 kelurahan summed: 3,897 + ... population,
    4,743 first-time, 2,261 replacement), with one sign it is no kelurahan."""
    folder = _with_subtotals(tmp_path, {"16.71.01": (f"16.71.01.{number}",
                                                     name.format(k="Ilir Barat II"))})
    problems = _refused(folder)
    assert len(problems) == 1, problems
    where, message, fix = problems[0]
    assert where == "areas.csv row 9, column area_id"
    assert message.startswith(SUBTOTAL) and why in message
    assert f"got '16.71.01.{number}'" in message
    assert fix.startswith("delete the kecamatan's subtotal rows")


@pytest.mark.parametrize("name", ["Ilir Barat Dua", "ILIR BARAT 2", "Ilir  Barat II."])
def test_the_kecamatan_name_is_compared_folded(tmp_path: Path, name: str) -> None:
    folder = _with_subtotals(tmp_path, {"16.71.01": ("16.71.01.1008", name)})
    problems = _refused(folder)
    assert [p[0] for p in problems] == ["areas.csv row 9, column area_id"], problems
    assert "its name is the kecamatan's" in problems[0][1]


def test_one_sum_row_per_kecamatan_is_the_subtotals_pattern(tmp_path: Path) -> None:
    """Each kecamatan's next code (1008, 1007, 1008, 1007) under a kelurahan's name, the
    sum of its rows: alone a coincidence, in every kecamatan the subtotals."""
    folder = _with_subtotals(tmp_path, {k: (f"{k}.{1008 if k[-1] in '13' else 1007}",
                                            f"Jaya Makmur {i}")
                                        for i, k in enumerate(KECAMATAN)})
    problems = _refused(folder)
    assert len(problems) == 1, problems
    assert problems[0][1].startswith("4 cells: " + SUBTOTAL)
    assert "as is one row in each of 4 kecamatan" in problems[0][1]


def test_a_single_sum_under_a_kelurahan_code_and_name_still_plans(tmp_path: Path) -> None:
    """A real kelurahan whose backlog is its neighbours' sum by chance (Pontianak
    Selatan): the next code, a name of its own, in one kecamatan of four: a warning."""
    folder = _with_subtotals(tmp_path, {"16.71.01": ("16.71.01.1008", "Jaya Makmur")})
    warnings = code_warnings(read_instance(folder).instance)
    assert [m.params["area_id"] for m in warnings
            if m.code == "AREA_SUM_OF_OTHERS"] == ["16.71.01.1008"]


def test_the_api_refuses_the_subtotals_too() -> None:
    instance = read_instance(CLEAN).instance
    areas = list(instance.areas)
    group = [a for a in areas if a.district_id == "16.71.02"]
    total = group[0].model_copy(update={
        "area_id": "16.71.02.9999", "name": "",
        "population": sum(a.population for a in group),
        "backlog": {t: sum(a.backlog[t] for a in group) for t in instance.tiers}})
    body = plausible.body_findings(instance.model_copy(update={"areas": (*areas, total)}))
    assert [(f.index, f.kind) for f in body] == [(len(areas), "subtotal_sum")]


@pytest.mark.parametrize("name", ["palembang", "palembang-2017", "indonesia",
                                  "synthetic-city", "synthetic-province"])
def test_no_bundled_or_synthetic_row_is_a_subtotal_by_its_sum(name: str) -> None:
    instance = datasets.load(name).instance
    assert [f for f in plausible.findings(instance) if f.kind == "subtotal_sum"] == []


@pytest.mark.parametrize("seed", range(6))
def test_no_row_of_other_synthetic_seeds_is_a_subtotal_by_its_sum(seed: int) -> None:
    for scale in ("city", "province"):
        instance = datasets.synthetic(scale, seed).instance
        assert [f for f in plausible.findings(instance) if f.kind == "subtotal_sum"] == []


def _indonesian(path: Path) -> list[tuple[str, str]]:
    """The refusal of `path` in Bahasa Indonesia: (message, fix) of each problem."""
    with pytest.raises(InvalidInput) as caught:
        read_instance(path)
    out = []
    for problem in caught.value.problems:
        local = i18n.localize_problem(problem, "id")
        assert local.message != problem.message and local.fix != problem.fix, problem
        out.append((local.message, local.fix))
    return out


@pytest.mark.parametrize("case", ["qa9-subtot-9999", "qa9-subtot-9999-noname",
                                  "qa9-subtot-1999-kecname", "qa9-subtot-2999"])
def test_the_subtotal_refusals_are_in_indonesian(case: str) -> None:
    ((message, fix),) = _indonesian(CORPUS / case)
    assert "baris subtotal kecamatan" in message and "'16.71.01." in message
    assert fix.startswith("hapus baris subtotal kecamatan")


def _site_figure(tmp_path: Path, site: str, field: str, value: str) -> Path:
    """clean with `field` of office `site` set to `value`."""
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder, dirs_exist_ok=True)
    path = folder / "sites.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["site_id"] == site, field] = value
    frame.to_csv(path, index=False)
    return folder


@pytest.mark.parametrize(("field", "value", "median"), [
    ("cards_per_printer_day", "1500", "150"), ("cards_per_printer_day", "15000", "150"),
    ("working_days", "200", "20")])
def test_a_figure_ten_times_the_other_offices_is_refused(tmp_path: Path, field: str,
                                                         value: str, median: str) -> None:
    """KEC-16.71.03 (row 4) against 4 other offices at 150 cards and 20 days."""
    problems = _refused(_site_figure(tmp_path, "KEC-16.71.03", field, value))
    assert problems == [(f"sites.csv row 4, column {field}",
                         f"is {value}, 10 times the median of the other offices ({median}) or "
                         "more: a zero typed too many plans the office's capacity 10 times "
                         "over", plausible.OUTLIER_FIXES[field])]


@pytest.mark.parametrize(("site", "field", "value"), [
    ("KEC-16.71.03", "cards_per_printer_day", "1499"),    # 9.99 x 150
    ("KEC-16.71.03", "working_days", "199"),
    ("KEC-16.71.02", "cards_per_printer_day", "1500"),    # 0 printers: prints nothing
    ("KEC-16.71.03", "printers", "20"),                   # printers are not compared
])
def test_below_the_scale_or_at_an_office_that_prints_nothing_plans(
        tmp_path: Path, site: str, field: str, value: str) -> None:
    instance = read_instance(_site_figure(tmp_path, site, field, value)).instance
    assert site_outliers(instance) == []


def test_the_fix_for_a_real_figure_plans(tmp_path: Path) -> None:
    """1 printer at 1500 written as 10 printers at 150: the same capacity, planned."""
    folder = _site_figure(tmp_path, "KEC-16.71.03", "printers", "10")
    site = next(s for s in read_instance(folder).instance.sites if s.site_id == "KEC-16.71.03")
    assert site.capacity == 1 * 1500 * 20


def test_three_other_offices_at_least(tmp_path: Path) -> None:
    """1500 against two other offices at 150: no median to go by, planned."""
    folder = _site_figure(tmp_path, "KEC-16.71.03", "cards_per_printer_day", "1500")
    sites = pd.read_csv(folder / "sites.csv", dtype=str, keep_default_na=False)
    sites[sites["site_id"].isin(["KEC-16.71.01", "KEC-16.71.03", "KEC-16.71.04"])].to_csv(
        folder / "sites.csv", index=False)
    assert site_outliers(read_instance(folder).instance) == []


def test_the_api_plans_it_with_a_warning() -> None:
    instance = read_instance(CLEAN).instance
    sites = tuple(s.model_copy(update={"cards_per_printer_day": 1500})
                  if s.site_id == "KEC-16.71.03" else s for s in instance.sites)
    instance = instance.model_copy(update={"sites": sites})
    assert plausible.body_findings(instance) == []
    (warning,) = [m for m in code_warnings(instance) if m.code == "SITE_FIGURE_OUTLIER"]
    assert warning.level == "warning"
    assert warning.params == {"site_id": "KEC-16.71.03", "field": "cards_per_printer_day",
                              "value": 1500, "median": 150.0}
    assert warning.text == (
        "Office KEC-16.71.03 has cards_per_printer_day 1,500, 10 times the median of the "
        "other offices (150) or more: check the figure (a zero typed too many plans its "
        "capacity 10 times over); it is planned as given.")
    ((english,), (indonesian,)) = (i18n.localize_messages([warning], lang)
                                   for lang in ("en", "id"))
    assert english.text == warning.text
    assert "10 kali median kantor lain (150)" in indonesian.text


@pytest.mark.parametrize("name", ["palembang", "palembang-2017", "indonesia",
                                  "synthetic-city", "synthetic-province"])
def test_no_bundled_or_synthetic_office_is_an_outlier(name: str) -> None:
    assert site_outliers(datasets.load(name).instance) == []


@pytest.mark.parametrize("seed", range(6))
def test_no_office_of_other_synthetic_seeds_is_an_outlier(seed: int) -> None:
    for scale in ("city", "province"):
        assert site_outliers(datasets.synthetic(scale, seed).instance) == [], scale


def test_the_typo_case_in_indonesian() -> None:
    ((message, fix),) = _indonesian(CORPUS / "qa9-typo1500")
    assert message == ("bernilai 1500, 10 kali median kantor lain (150) atau lebih: satu "
                       "angka nol yang berlebih membuat kapasitas kantor direncanakan 10 kali "
                       "lipat")
    assert fix.startswith("periksa angkanya")


def test_each_offices_median_of_the_others_is_numpys() -> None:
    """`_others_median` (one sort) against np.median of the values without each one."""
    from optimizer.engine.codes import _others_median

    for n in range(2, 7):
        for values in itertools.product((0, 20, 150, 1500), repeat=n):
            array = np.array(values, dtype=float)
            expected = [np.median(np.delete(array, i)) for i in range(n)]
            assert _others_median(array).tolist() == expected, values



def _rewritten(tmp_path: Path, case: str, table: str, column: str, how: Any) -> Path:
    """The corpus `case` with `column` of `table` rewritten value by value by `how`."""
    folder = tmp_path / case
    shutil.copytree(CORPUS / case, folder)
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[column] = frame[column].map(how)
    frame.to_csv(path, index=False)
    return folder


def _dotted(code: str) -> str:
    return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}" if code.isdigit() else code


def test_kelurahan_codes_without_dots_in_the_distances_are_the_areas(tmp_path: Path) -> None:
    """The tester's 2,033 distances written 1671011001: read as 16.71.01.1001, the same
    instance as the distances written with the dots, and noted."""
    loaded = read_instance(CORPUS / "qa9-dotless-dist")
    dotted = read_instance(_rewritten(tmp_path, "qa9-dotless-dist", "distances", "area_id",
                                      _dotted))
    assert loaded.instance == dotted.instance
    assert "distances.csv: 107 kelurahan code(s) written with the dots of areas.csv left out " \
           "or put in, read as its codes (the same digits: 1671011001 = 16.71.01.1001, " \
           "1671011002 = 16.71.01.1002, 1671011003 = 16.71.01.1003, ...)" in loaded.notes
    assert not any("kelurahan code(s)" in note for note in dotted.notes)


def test_dots_put_in_where_the_areas_have_none_are_read_too(tmp_path: Path) -> None:
    """The mirror: areas written 1671011001, distances 16.71.01.1001."""
    folder = _rewritten(tmp_path, "qa9-dotless-dist", "areas", "area_id",
                        lambda v: v.replace(".", ""))
    dotted = _rewritten(tmp_path / "dotted", "qa9-dotless-dist", "distances", "area_id",
                        _dotted)
    shutil.copy(dotted / "distances.csv", folder / "distances.csv")
    loaded = read_instance(folder)
    assert {d.area_id for d in loaded.instance.distances} == {
        a.area_id for a in loaded.instance.areas}
    assert any(n.startswith("distances.csv: 107 kelurahan code(s) written with the dots of "
                            "areas.csv") for n in loaded.notes)


def test_digits_of_no_area_stay_unknown(tmp_path: Path) -> None:
    """1671011099 is no area's code, dotted or not: refused as before."""
    folder = _rewritten(tmp_path, "qa9-dotless-dist", "distances", "area_id",
                        lambda v: "1671011099" if v == "1671011001" else v)
    problems = _refused(folder)
    assert [p[0] for p in problems] == ["distances.csv, column area_id"], problems
    assert "name an unknown area" in problems[0][1] and "'1671011099'" in problems[0][1]


OFFICIAL = {"Ilir Barat II": "Ilir Barat Dua", "Seberang Ulu I": "Seberang Ulu Satu",
            "Ilir Timur III": "Ilir Timur Tiga"}


def test_official_kecamatan_names_are_the_districts_tables(tmp_path: Path) -> None:
    """The tester's areas giving 'Ilir Barat Dua', 'Seberang Ulu Satu', ... where
    districts.csv writes 'Ilir Barat II', 'Seberang Ulu I': the same instance as the
    names written as the districts table writes them, and noted."""
    loaded = read_instance(CORPUS / "qa9-kec-official")
    districts = pd.read_csv(CORPUS / "qa9-kec-official" / "districts.csv", dtype=str)
    keys = {plausible._name_key(n): n for n in districts["name"]}
    as_table = read_instance(_rewritten(tmp_path, "qa9-kec-official", "areas", "district_id",
                                        lambda v: keys.get(plausible._name_key(v), v)))
    assert loaded.instance == as_table.instance
    (note,) = [n for n in loaded.notes if "written otherwise than in" in n]
    assert note.startswith("areas.csv: column district_id: 8 kecamatan name(s) written "
                           "otherwise than in districts.csv (numbers in words or Roman "
                           "numerals, abbreviations), read as its names: 'Ilir Barat Dua' = "
                           "'Ilir Barat II'")


def test_a_folded_name_of_two_kecamatan_is_refused(tmp_path: Path) -> None:
    """'Ilir Barat Dua' folds to the name of two kecamatan ('Ilir Barat II' and a
    16.71.19 'Ilir Barat 2'): either would be a guess."""
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "qa9-kec-official", folder)
    with (folder / "districts.csv").open("a") as f:
        f.write("16.71.19,Ilir Barat 2\n")
    problems = _refused(folder)
    said = [p for p in problems if "names more than one kecamatan" in p[1]]
    assert said and "16.71.01, 16.71.19" in said[0][1], problems


def test_a_name_folding_to_none_stays_unknown(tmp_path: Path) -> None:
    folder = _rewritten(tmp_path, "qa9-kec-official", "areas", "district_id",
                        lambda v: "Ilir Barat Empat" if v == "Ilir Barat Dua" else v)
    problems = _refused(folder)
    assert [p[0] for p in problems] == ["areas.csv, column district_id"], problems
    assert "is neither a code nor a name of districts.csv" in problems[0][1]



def _latitudes(tmp_path: Path, table: str, sign: float = -1.0,
               everything: float = 1.0) -> Path:
    """clean with every latitude times `everything`, then `table`'s times `sign`."""
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    for name in ("areas", "sites"):
        path = folder / f"{name}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        factor = everything * (sign if name == table else 1.0)
        frame["lat"] = [f"{float(v) * factor:.5f}" for v in frame["lat"]]
        frame.to_csv(path, index=False)
    return folder


def test_every_kelurahan_without_its_minus_blames_the_areas(tmp_path: Path) -> None:
    """clean's 25 kelurahan at 2.95-3.01 among offices at -3.00..-2.98: not 4 offices
    with a minus typed in error (each is 100 km and more from its kelurahan)."""
    problems = _refused(_latitudes(tmp_path, "areas"))
    assert len(problems) == 1, problems
    where, message, fix = problems[0]
    assert where == "areas.csv, column lat"
    assert message.startswith("is positive in every row (2.") and \
        "but the latitudes of the offices are all negative (-" in message
    assert "the minus signs of the kelurahan may be lost (south of the equator), or those " \
           "of the offices typed in error (north of it)" in message
    assert fix == plausible.TABLE_SIGN_FIXES["areas"]


def test_every_office_without_its_minus_blames_the_sites(tmp_path: Path) -> None:
    problems = _refused(_latitudes(tmp_path, "sites"))
    assert [(p[0], p[2]) for p in problems] == [
        ("sites.csv, column lat", plausible.TABLE_SIGN_FIXES["sites"])], problems


def test_north_of_the_equator_both_readings_are_said(tmp_path: Path) -> None:
    """Every place north (clean mirrored), the offices typed with a minus in error: the
    kelurahan's column is named, and the fix says to remove the offices' minus signs if
    the places lie north."""
    problems = _refused(_latitudes(tmp_path, "sites", everything=-1.0))
    assert [p[0] for p in problems] == ["areas.csv, column lat"], problems
    assert "or those of the offices typed in error (north of it)" in problems[0][1]
    assert "if they lie north of it, remove the minus sign from the offices' latitudes" \
        in problems[0][2]


def test_some_kelurahan_without_their_minus_are_said_row_by_row(tmp_path: Path) -> None:
    folder = _latitudes(tmp_path, "none")
    path = folder / "areas.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[[0, 8], "lat"] = frame.loc[[0, 8], "lat"].str.lstrip("-")
    frame.to_csv(path, index=False)
    problems = _refused(folder)
    assert [p[0] for p in problems] == ["areas.csv, column lat"], problems
    assert problems[0][1].startswith("2 cells: puts the point more than 100 km from its "
                                     "kecamatan")


def test_the_api_says_it_at_the_column_too() -> None:
    instance = read_instance(CLEAN).instance
    areas = tuple(a.model_copy(update={"lat": -a.lat}) for a in instance.areas)
    problems = plausible.implausible(instance.model_copy(update={"areas": areas}),
                                     ("instance",))
    assert [p.pointer for p in problems] == ["/instance/areas/0/lat"], problems
    assert "is positive in every row" in problems[0].message


@pytest.mark.parametrize("case", ["qa9-latsign-areas", "qa9-latsign-sites"])
def test_the_table_sign_refusals_are_in_indonesian(case: str) -> None:
    ((message, fix),) = _indonesian(CORPUS / case)
    assert message.startswith("positif di setiap baris (2,") and "(-3," in message
    assert fix.startswith("periksa tanda lintang")
