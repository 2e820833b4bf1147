"""Headers offices actually type: every alias is read as its field, and a header that
could be a missing field is refused (never planned with the field's default).

The wrong plan this guards against: the template's stock column headed `Stok (lembar)`
was ignored, every office planned with stock 0 (40,000 cards instead of 60,000).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io import headers
from optimizer.io.exports import read_plan_json

runner = CliRunner()
TIERS = ("first_time", "replacement")
ALL = [(table, name, alias) for table, fields in headers.ALIASES.items()
       for name, aliases in fields.items() for alias in aliases]
TIER_ALL = [(tier, alias) for tier, aliases in headers.TIER_ALIASES.items() for alias in aliases]


def _others(table: str, name: str) -> list[str]:
    """The required headers of `table` except `name`'s, canonical (so one alias is tried)."""
    required = [f for f in headers.REQUIRED[table] if f != name]
    return required + (list(TIERS) if table == "areas" else [])


@pytest.mark.parametrize(("table", "name", "alias"), ALL)
def test_every_alias_of_every_field_is_read_as_that_field(table: str, name: str, alias: str):
    assert headers.normalize(alias) == alias  # the table holds normalized keys
    cols = headers.resolve(table, [*_others(table, name), alias], TIERS)
    assert cols.errors == []
    assert cols.fields[name] == len(_others(table, name))


@pytest.mark.parametrize(("tier", "alias"), TIER_ALL)
def test_every_alias_of_a_default_tier_is_read_as_that_tier(tier: str, alias: str):
    others = [*headers.REQUIRED["areas"], *(t for t in TIERS if t != tier)]
    cols = headers.resolve("areas", [*others, alias], TIERS)
    assert cols.errors == []
    assert cols.tiers[tier] == len(others)


@pytest.mark.parametrize("table", [*headers.ALIASES])
def test_no_alias_names_two_fields(table: str):
    seen: dict[str, str] = {}
    names = list(headers.ALIASES[table].items())
    if table == "areas":
        names += [(f"tier {t}", a) for t, a in headers.TIER_ALIASES.items()]
    for name, aliases in names:
        for alias in aliases:
            assert seen.setdefault(alias, name) == name, (alias, seen[alias], name)
            # and its unit-stripped and bracket-free keys are no other field's alias
            for key in headers.variants(alias):
                assert seen.get(key, name) == name, (alias, key)


@given(st.sampled_from(ALL), st.sampled_from(["", " (lembar)", " [keping]", "  ", " (km)"]),
       st.sampled_from([str.upper, str.title, str.lower]))
def test_an_alias_typed_with_case_spacing_and_a_unit_is_read_the_same(
        item: tuple[str, str, str], unit: str, case: object):
    table, name, alias = item
    typed = case(alias.replace("_", " ")) + unit  # type: ignore[operator]
    cols = headers.resolve(table, [*_others(table, name), typed], TIERS)
    assert cols.fields[name] == len(_others(table, name)), typed


SITES = ["site_id", "name", "district_id", "lat", "lon", "printers", "cards_per_printer_day",
         "working_days"]


@pytest.mark.parametrize(("header", "field"), [
    ("Saldo Blangko Kantor", "stock"), ("Kebutuhan Blangko", "stock"), ("Saldo Blangko", "stock"),
    ("Stokk Blanko", "stock"), ("Kapasitas Gudang Arsip Lama", "storage_cap"),
])
def test_a_header_sharing_a_word_with_a_missing_optional_field_is_refused(header: str,
                                                                          field: str):
    cols = headers.resolve("sites", [*SITES, "storage_cap" if field == "stock" else "stock",
                                     header])
    assert len(cols.errors) == 1
    where, message, fix = cols.errors[0]
    assert where == header
    assert message == f"is not a known column; did you mean {field}?"
    assert f"rename the column to {field}" in fix


@pytest.mark.parametrize("header", ["Nama Kepala Kantor", "Keterangan", "Alamat", "No",
                                    "Catatan Petugas", "Telepon"])
def test_a_name_or_notes_column_is_ignored_and_reported(header: str):
    cols = headers.resolve("sites", [*SITES, header])
    assert cols.errors == []
    assert [h for h, _ in cols.ignored] == [header]


def test_a_second_stock_like_column_beside_the_stock_is_ignored_and_said_so():
    cols = headers.resolve("sites", [*SITES, "stok", "Stok Awal Bulan", "Kebutuhan Blangko"])
    assert cols.errors == [] and cols.fields["stock"] == len(SITES)
    assert [h for h, _ in cols.ignored] == ["Stok Awal Bulan", "Kebutuhan Blangko"]


def test_backlog_columns_that_are_not_tiers_are_named_as_what_they_are():
    cols = headers.resolve("areas", [*headers.REQUIRED["areas"], *TIERS, "Belum Rekam",
                                     "Suket", "Belum Cetak"], TIERS)
    assert cols.errors == []
    assert [h for h, _ in cols.ignored] == ["Belum Rekam", "Suket", "Belum Cetak"]
    assert "not yet recorded" in cols.ignored[0][1]


def _template_with_stock_header(tmp_path: Path, header: str) -> Path:
    """The tester's workbook: `blanko template`, sites column I headed `header`, 2000 in
    every office row."""
    path = tmp_path / "h.xlsx"
    assert runner.invoke(app, ["template", str(path)]).exit_code == 0
    book = openpyxl.load_workbook(path)
    sites = book["sites"]
    assert sites.cell(1, 9).value == "stock"
    sites.cell(1, 9).value = header
    for row in range(2, sites.max_row + 1):
        if sites.cell(row, 1).value is not None:
            sites.cell(row, 9).value = 2000
    book.save(path)
    return path


def _cards(tmp_path: Path, header: str) -> tuple[int, str]:
    data = _template_with_stock_header(tmp_path, header)
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", "--data", str(data), "--blanks", "40000", "--quiet",
                                 "--json", str(out)])
    if result.exit_code != 0:
        return result.exit_code, " ".join(result.output.split())
    return 0, str(sum(read_plan_json(out).kpis.cards_by_tier.values()))


@pytest.mark.parametrize("header", ["Stok (lembar)", "Stok Blangko (keping)", "jumlah_stok",
                                    "sisa_stok", "Stok Blangko Tersedia", "blangko_tersisa"])
def test_the_template_with_an_indonesian_stock_header_plans_the_stock(tmp_path: Path,
                                                                      header: str):
    # The 19 Palembang offices can print sum(printers x cards/day x days) = 60,000 cards;
    # 40,000 blanks + 19 x 2,000 in stock = 78,000 blanks, so capacity binds: 60,000 cards
    # (as with the plain `stock` header). Stock read as 0: only the 40,000 blanks, 40,000.
    assert _cards(tmp_path, "stock") == (0, "60000")
    assert _cards(tmp_path, header) == (0, "60000")


def test_the_template_with_a_stock_header_that_is_no_alias_is_refused(tmp_path: Path):
    code, output = _cards(tmp_path, "Kebutuhan Blangko Bulan Ini")
    assert code == 2
    assert "h.xlsx[sites], column Kebutuhan Blangko Bulan Ini: is not a known column; did " \
           "you mean stock?" in output
    assert "fix: if it holds stock, rename the column to stock" in output


AREAS_REQUIRED = ["area_id", "district_id", "lat", "lon"]


@pytest.mark.parametrize(("header", "tier"), [
    # qa9's two-row headers read as one: the printable backlog of each tier
    ("BELUM CETAK Pemula", "first_time"), ("BACKLOG Penggantian", "replacement"),
    # a count word before a tier's name, a period after it
    ("Jumlah Pemula 2026", "first_time"), ("Jml Penggantian TW IV 2026", "replacement"),
    ("Total Pemula Bulan November", "first_time"), ("Pemula Semester II", "first_time"),
])
def test_a_tier_headed_with_a_count_word_or_a_period_is_that_tier(header: str, tier: str):
    other = "replacement" if tier == "first_time" else "first_time"
    cols = headers.resolve("areas", [*AREAS_REQUIRED, other, header], TIERS)
    assert cols.tiers[tier] == 5 and not cols.errors


def test_jumlah_baru_is_not_the_first_time_tier():
    # 'baru' names the first-time tier, but 'Jumlah Baru' may be an updated total of every
    # tier: it stays unread, and without first_time the tier is missing.
    cols = headers.resolve("areas", [*AREAS_REQUIRED, "replacement", "Jumlah Baru"], TIERS)
    assert "first_time" not in cols.tiers


@pytest.mark.parametrize(("header", "field"), [
    ("KELURAHAN KODE", "area_id"), ("Kelurahan Nama", "name"), ("KECAMATAN KODE", "district_id")])
def test_a_tables_word_before_kode_or_nama_is_that_tables_code_or_name(header: str,
                                                                       field: str) -> None:
    # 'KELURAHAN' merged over 'KODE | NAMA', read as one header: 'Kode Kelurahan' swapped.
    others = [h for h in ["area_id", "district_id", "lat", "lon", *TIERS] if h != field]
    cols = headers.resolve("areas", [*others, header], TIERS)
    assert cols.fields[field] == len(others) and not cols.errors
