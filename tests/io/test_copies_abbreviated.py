"""Copies under a name written short are copies; real namesakes close together are told
how to plan.

An office row pasted again as 'Kantor Kec. Ilir Barat I' beside 'Kantor Kecamatan Ilir
Barat I' (same kecamatan, point and printers) was planned twice: its capacity doubled.
Names are compared with the standard abbreviations, numbers in words and Roman numerals
folded (plausible._name_key). Two real kelurahan of one name less than ~110 m apart in
one kecamatan are refused (one point at 3 decimals), with a fix that plans them: a name of
its own for one of them (corpus: office-copied-abbreviated, kelurahan-copied-2015-name,
kelurahan-namesakes-close, kelurahan-namesakes-close-named).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from optimizer import InvalidInput
from optimizer.io import plausible
from optimizer.io.files import load_instance
from optimizer.schema import Area, District, Instance, Site

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
REFERENCE = Path(__file__).parents[2] / "data" / "reference" / "palembang_kelurahan.csv"


def office(site_id: str, name: str, lat: float = -2.97533, lon: float = 104.72516) -> Site:
    return Site(site_id=site_id, name=name, district_id="16.71.04", lat=lat, lon=lon,
                printers=1, cards_per_printer_day=150, working_days=20)


def area(area_id: str, name: str, lat: float, lon: float = 104.7436, first: int = 893) -> Area:
    return Area(area_id=area_id, name=name, district_id="16.71.01", lat=lat, lon=lon,
                backlog={"first_time": first, "replacement": 572})


def instance(sites: tuple[Site, ...] = (), areas: tuple[Area, ...] = ()) -> Instance:
    districts = ("16.71.01", "16.71.04")
    return Instance(
        districts=tuple(District(district_id=d) for d in districts),
        sites=sites or (office("KEC-16.71.04", "Kantor Kecamatan Ilir Barat I"),),
        areas=areas or tuple(area(f"{d}.1001", "Satu Ilir", -2.97) for d in districts[:1]))


def kinds(found: list[plausible.Finding]) -> list[tuple[str, int, str]]:
    return [(f.table, f.index, f.kind) for f in found]


@pytest.mark.parametrize("name", [
    "Kantor Kec. Ilir Barat I",        # the tester's copy
    "Kantor Kec Ilir Barat I",         # without the full stop
    "Kt. Kecamatan Ilir Barat I",
    "Ktr. Kec. Ilir Barat 1",          # the numeral as a figure
    "Kec. Ilir Barat I",               # 'Kantor' left out
    "KANTOR CAMAT ILIR BARAT I",       # the kecamatan's office as 'Kantor Camat'
    "Kantor Camat Ilir Barat Kesatu",  # an ordinal (Kesatu, Pertama, Ke-1)
    "Kantor Kecamatan Ilir Barat Pertama",
    "Kantor Kecamatan Ilir Barat Ke-1",
])
def test_an_office_copied_under_an_abbreviated_name_is_a_copy(name: str):
    sites = (office("KEC-16.71.04", "Kantor Kecamatan Ilir Barat I"),
             office("KEC-16.71.04B", name))
    assert kinds(plausible.findings(instance(sites))) == [("sites", 1, "copied_site")]


@pytest.mark.parametrize("name", [
    "Kel. 35 Ilir",                    # the 2015 name, 'Kelurahan' written short
    "Kelurahan Tiga Puluh Lima Ilir",
    "tigapuluhlima ilir",
])
def test_a_kelurahan_copied_under_another_writing_of_its_name_is_a_copy(name: str):
    areas = (area("16.71.01.1001", "Tiga-puluh-lima Ilir", -3.00802),
             area("16.71.01.1099", name, -3.00802))
    assert kinds(plausible.findings(instance(areas=areas))) == [("areas", 1, "copied_area")]


def test_the_service_refuses_the_abbreviated_office_copy_at_its_pointer():
    sites = (office("KEC-16.71.04", "Kantor Kecamatan Ilir Barat I"),
             office("KEC-16.71.04B", "Kantor Kec. Ilir Barat I"))
    assert [p.pointer for p in plausible.implausible(instance(sites), ("instance",))] == [
        "/instance/sites/1/site_id"]


@pytest.mark.parametrize("first, second", [
    ("Kantor Kecamatan Sako", "Kantor Kelurahan Sako"),   # a kecamatan's and a kelurahan's
    ("Kantor Kecamatan Ilir Barat I", "Kantor Kecamatan Ilir Barat II"),
    ("Disdukcapil Kabupaten Bekasi", "Disdukcapil Kota Bekasi"),
    ("Kantor Kecamatan Sako", "UPT Disdukcapil Sako"),
])
def test_two_offices_in_one_building_with_other_names_plan(first: str, second: str):
    sites = (office("S1", first), office("S2", second))
    assert plausible.findings(instance(sites)) == []


def test_no_two_palembang_kelurahan_fold_to_one_name():
    """The fold refuses no real file: the 107 kelurahan of data/reference, by their 2025 and
    their 2015 names (35 Ilir, Kemang Manis, Sei Buah), give 107 names, none shared by two
    kelurahan; and every one gives its 2025 name's fold by its 2015 name too (this was 100:
    '20 Ilir D. I' for 'Dua-puluh Ilir Satu' five times, 'Karya Mulia' for 'Karyamulya' and
    'Pipa Jaya' for 'Pipareja' folded apart, so a stale row under the old spelling was not
    its kelurahan's copy)."""
    rows = list(csv.DictReader(REFERENCE.open(encoding="utf-8")))
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for column in ("name_official", "name_2015"):
            owners[plausible._name_key(row[column])].add(row["code"])
    assert len(rows) == 107
    assert all(len(codes) == 1 for codes in owners.values())
    assert sum(plausible._name_key(r["name_official"]) == plausible._name_key(r["name_2015"])
               for r in rows) == 107


def test_namesakes_35_m_apart_are_refused_with_a_fix_that_plans_them():
    with pytest.raises(InvalidInput) as refused:
        load_instance(CORPUS / "kelurahan-namesakes-close")
    [problem] = refused.value.problems
    assert problem.location == "areas.csv row 27, column area_id"
    assert problem.fix == plausible.SAME_PLACE_AREA_FIX
    assert "a name of its own" in problem.fix
    # As the fix says: one of them under a name of its own plans, each with its backlog.
    named = load_instance(CORPUS / "kelurahan-namesakes-close-named")
    assert plausible.findings(named) == []
    kemang = [a for a in named.areas if a.name.startswith("Kemangmanis")]
    assert [(a.area_id, a.backlog["first_time"]) for a in kemang] == [
        ("16.71.01.1007", 1411), ("16.71.01.1008", 402)]


@pytest.mark.parametrize("first, second", [
    ("Kantor Camat Ilir Timur Ketiga", "Kantor Kecamatan Ilir Timur III"),
    ("Kedua Ulu", "2 Ulu"),
    ("Kedua Belas Ulu", "Dua-belas Ulu"),
    ("Pertama Ilir", "Kesatu Ilir"),
    ("Kel. 20 Ilir D. III", "Dua-puluh Ilir Tiga"),
    ("20 Ilir D IV", "Dua-puluh Ilir Empat"),
    ("Karya Mulia", "Karyamulya"),
    ("Pipa Jaya", "Pipareja"),
])
def test_ordinals_and_2015_spellings_fold_to_one_name(first: str, second: str):
    assert plausible._name_key(first) == plausible._name_key(second)


@pytest.mark.parametrize("first, second", [
    ("Kemang Manis", "Mang Manis"),     # 'ke' is taken off only before a number
    ("Kedukan", "Dukan"),
    ("26 Ilir", "26 Ilir D. I"),       # two kelurahan of Palembang
    ("Blok D 1", "Blok 1"),            # a D not after Ilir or Ulu stays
    ("Sukajaya", "Sukareja"),          # Jaya and Reja stay two words
    ("Ilir Timur Ketiga", "Ilir Timur Kedua"),
])
def test_names_that_differ_do_not_fold_to_one(first: str, second: str):
    assert plausible._name_key(first) != plausible._name_key(second)
