"""Write the spreadsheet corpus: one clean instance and the ways offices save it.

    python tests/data/spreadsheets/make_corpus.py

The clean instance `clean/` is four kecamatan of Palembang (16.71.01-04) from
data/palembang with their 25 kelurahan and five offices; one office has no printer,
two have a storage cap and one has stock, so that a misread cap or stock changes the
plan. Every other case is the same data as a Disdukcapil office would type or save
it (see manifest.toml for what each is and what `blanko plan` must do with it). The
files are committed; this script documents how they were made and remakes them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
DISTRICTS = ["16.71.01", "16.71.02", "16.71.03", "16.71.04"]


def base() -> dict[str, pd.DataFrame]:
    src = ROOT / "data" / "palembang"
    read = lambda t: pd.read_csv(src / f"{t}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    districts = read("districts")
    districts = districts[districts.district_id.isin(DISTRICTS)].reset_index(drop=True)
    sites = read("sites")
    sites = sites[sites.district_id.isin(DISTRICTS)].reset_index(drop=True)
    sites.loc[sites.site_id == "KEC-16.71.01", "storage_cap"] = "5000"
    sites.loc[sites.site_id == "KEC-16.71.02", "printers"] = "0"
    sites.loc[sites.site_id == "KEC-16.71.03", "stock"] = "1200"
    sites.loc[sites.site_id == "KEC-16.71.04", "storage_cap"] = "2500"
    areas = read("areas")
    areas = areas[areas.district_id.isin(DISTRICTS)].reset_index(drop=True)
    return {"districts": districts, "sites": sites, "areas": areas}


ID_SITES = {"site_id": "Kode Kantor", "name": "Nama Kantor", "district_id": "Kode Kecamatan",
            "lat": "Lintang", "lon": "Bujur", "printers": "Jumlah Printer",
            "cards_per_printer_day": "Kapasitas per Printer per Hari",
            "working_days": "Hari Kerja", "stock": "Stok", "storage_cap": "Kapasitas Gudang"}
ID_AREAS = {"area_id": "Kode Kelurahan", "name": "Kelurahan", "district_id": "Kecamatan",
            "lat": "Lintang", "lon": "Bujur", "population": "Wajib KTP",
            "first_time": "Pemula", "replacement": "Penggantian"}
ID_DISTRICTS = {"district_id": "Kode Kecamatan", "name": "Nama Kecamatan"}


def id_number(text: str, decimals: bool = False) -> str:
    """'12345' -> '12.345'; '-2.99562' -> '-2,99562' (Indonesian Excel)."""
    if text == "":
        return ""
    if decimals or "." in text:
        return text.replace(".", ",")
    return f"{int(text):,}".replace(",", ".")


def folder(name: str, tables: dict[str, pd.DataFrame], files: dict[str, str] | None = None,
           **csv: object) -> Path:
    out = HERE / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for table, frame in tables.items():
        filename = (files or {}).get(table, f"{table}.csv")
        frame.to_csv(out / filename, index=False, lineterminator=str(csv.get("eol", "\n")),
                     sep=str(csv.get("sep", ",")), encoding=str(csv.get("encoding", "utf-8")))
    return out


def names_for_districts(b: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Areas with the kecamatan's name (as typed: upper case, extra spaces) for its code."""
    named = b["areas"].copy()
    by_code = dict(zip(b["districts"].district_id, b["districts"].name, strict=True))
    named["district_id"] = ["  " + by_code[c].upper() + " " for c in named.district_id]
    return named


def sheet(book: Workbook, title: str, frame: pd.DataFrame, heading: str | None = None,
          numbers: bool = True) -> None:
    ws = book.create_sheet(title)
    if heading:
        ws.append([heading])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([])
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        cells: list[object] = []
        for value in row:
            if numbers and value != "" and _is_number(value):
                number = float(value)
                cells.append(int(number) if number.is_integer() and "." not in value
                             else number)
            else:
                cells.append(value)
        ws.append(cells)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return not text.startswith("16.71")  # codes stay text, as offices type them


def main() -> None:
    b = base()
    folder("clean", b)

    # 2, 6: Indonesian headers and file names, districts given by name.
    folder("id-headers", {"districts": b["districts"].rename(columns=ID_DISTRICTS),
                          "sites": b["sites"].rename(columns=ID_SITES),
                          "areas": names_for_districts(b).rename(columns=ID_AREAS)},
           files={"districts": "Kecamatan.csv", "sites": "KANTOR.csv",
                  "areas": "kelurahan.csv"})

    # 1, 2: headers as typed, tiers in the other order, a total and remarks column.
    messy = b["areas"].rename(columns={"area_id": " Area ID", "first_time": "First Time ",
                                       "replacement": "REPLACEMENT", "population": "wajib_ktp"})
    messy = messy[[" Area ID", "name", "district_id", "lat", "lon", "REPLACEMENT",
                   "wajib_ktp", "First Time "]]
    messy.insert(0, "No", [str(i + 1) for i in range(len(messy))])
    messy["jumlah"] = (b["areas"].first_time.astype(int)
                       + b["areas"].replacement.astype(int)).astype(str)
    messy["Keterangan"] = ["data SIAK Juni"] + [""] * (len(messy) - 1)
    folder("messy-headers", {"districts": b["districts"], "sites": b["sites"], "areas": messy})

    # 3: Indonesian Excel CSV: ';', 1.234 thousands and 3,5 decimals, Windows line ends.
    id_sites = b["sites"].copy()
    id_areas = b["areas"].copy()
    for frame, columns in ((id_sites, ["lat", "lon", "printers", "cards_per_printer_day",
                                       "working_days", "stock", "storage_cap"]),
                           (id_areas, ["lat", "lon", "population", "first_time",
                                       "replacement"])):
        for column in columns:
            frame[column] = frame[column].map(id_number)
    folder("id-locale", {"districts": b["districts"], "sites": id_sites, "areas": id_areas},
           sep=";", eol="\r\n")

    # 3: the same numbers with ',' between fields and no other sign of the locale: the caps
    # 5.000 and 2.500 could be 5000 or 5; refused without --locale, planned with it.
    amb_sites = b["sites"].copy()
    amb_sites.loc[0, "storage_cap"] = id_number(amb_sites.loc[0, "storage_cap"])
    folder("ambiguous-counts", {"districts": b["districts"], "sites": amb_sites,
                                "areas": b["areas"]})

    # 3: coordinates with a decimal comma, a cap with a thousands comma: refused.
    mixed_sites = b["sites"].copy()
    mixed_sites["stock"] = ["0", "0", "1,200", "0", "0"]
    out = folder("mixed-locale", {"districts": b["districts"], "sites": mixed_sites,
                                  "areas": id_areas}, sep=";")
    # (sites.csv ','-separated: dotted coordinates in a ';' file prove nothing, qa9 3)
    mixed_sites.to_csv(out / "sites.csv", index=False, lineterminator="\n")

    # 1: one change each to the clean file, each once planned wrongly with exit 0.
    jumlah = b["areas"].assign(jumlah=(b["areas"].first_time.astype(int)
                                       + b["areas"].replacement.astype(int)).astype(str))
    folder("jumlah-column", {**b, "areas": jumlah})
    swapped = b["areas"][["area_id", "name", "district_id", "lat", "lon", "population",
                          "replacement", "first_time"]]
    folder("replacement-first", {**b, "areas": swapped})
    folder("wajib-ktp-header", {**b, "areas": b["areas"].rename(
        columns={"population": "wajib_ktp"})})

    # 4: encodings, separators, BOM, CRLF.
    folder("utf8-bom-crlf", b, encoding="utf-8-sig", eol="\r\n")
    utf16 = folder("utf16-tab", b, sep="\t", eol="\r\n", encoding="utf-16")
    assert (utf16 / "sites.csv").read_bytes().startswith(codecs.BOM_UTF16_LE)
    accented = {**b, "sites": b["sites"].assign(
        name=lambda f: f.name.str.replace("Kantor", "Kantor Pelayanan \u2013 Caf\u00e9"))}
    folder("cp1252", accented, encoding="cp1252", sep=";", eol="\r\n")

    # 4: a trailing comma on every line (an empty last column), a title row above headers.
    trailing = folder("trailing-comma", b)
    for file in trailing.glob("*.csv"):
        lines = file.read_text().splitlines()
        file.write_text("".join(line + ",\n" for line in lines))
    titled = folder("title-row", b)
    for file in titled.glob("*.csv"):
        text = file.read_text()
        file.write_text(f"DATA {file.stem.upper()} KOTA PALEMBANG TAHUN 2024,,,,\n,,,,\n{text}")

    # 4: a workbook as an office makes it: Indonesian sheet names and headers, a title row,
    # numbers as numbers, codes as text, N/A where there is no storage cap.
    book = Workbook()
    book.remove(book.active)
    ws_sites = b["sites"].rename(columns=ID_SITES)
    ws_sites["Kapasitas Gudang"] = ws_sites["Kapasitas Gudang"].replace("", "N/A")
    sheet(book, "KANTOR", ws_sites, "DATA KANTOR PENCETAKAN KTP-EL KOTA PALEMBANG")
    sheet(book, "Kelurahan", b["areas"].rename(columns=ID_AREAS), "REKAP PER KELURAHAN")
    sheet(book, "kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    sheet(book, "Catatan", pd.DataFrame({"catatan": ["diisi oleh operator SIAK"]}))
    book.save(HERE / "workbook-id.xlsx")

    # 4: formula cells never calculated (written by a script, not saved by Excel).
    book = Workbook()
    book.remove(book.active)
    sheet(book, "sites", b["sites"])
    sheet(book, "areas", b["areas"])
    areas_ws = book["areas"]
    for r in range(2, 5):
        areas_ws.cell(row=r, column=8).value = f"=ROUND(G{r}*0.3,0)"
    book.save(HERE / "uncached-formulas.xlsx")

    # 4: dates in count cells (Excel turned '1-12' into 1 December).
    book = Workbook()
    book.remove(book.active)
    sheet(book, "sites", b["sites"])
    sheet(book, "areas", b["areas"])
    book["areas"].cell(row=3, column=7).value = dt.datetime(2024, 12, 1)
    book.save(HERE / "dates-in-counts.xlsx")

    # 4: N/A and NA in a backlog column of a CSV: no value where a count is required.
    na = b["areas"].copy()
    na.loc[[2, 5], "first_time"] = ["N/A", "NA"]
    folder("na-in-backlog", {"districts": b["districts"], "sites": b["sites"], "areas": na})

    # 5: every backlog cell with a unit: one line, not 25.
    units = b["areas"].copy()
    units["first_time"] = units["first_time"] + " orang"
    folder("units-in-counts", {"districts": b["districts"], "sites": b["sites"],
                               "areas": units})

    # 1: a typo in an optional column must not plan without stock.
    typo = b["sites"].rename(columns={"stock": "Stok Blangkoo"})
    folder("typo-stock", {"districts": b["districts"], "sites": typo, "areas": b["areas"]})

    # 6: kecamatan names that are not in the districts table.
    unknown = names_for_districts(b)
    unknown.loc[[0, 3], "district_id"] = ["Ilir Barat 3", "Ilir Barat 3"]
    folder("unknown-district-names", {"districts": b["districts"], "sites": b["sites"],
                                      "areas": unknown})

    # 1: a tier declared in tiers.csv, highest priority first.
    tiers = b["areas"].copy()
    tiers["lansia"] = ["25"] * len(tiers)
    folder("declared-tiers", {"districts": b["districts"], "sites": b["sites"],
                              "areas": tiers,
                              "tiers": pd.DataFrame({"nama": ["lansia", "first_time",
                                                              "replacement"],
                                                     "urutan": ["1", "2", "3"]})})

    # 1: the tiers table headed as an office heads it ("Nama Kelompok", "Nomor Urut").
    folder("tiers-nama-kelompok", {"districts": b["districts"], "sites": b["sites"],
                                   "areas": tiers,
                                   "tiers": pd.DataFrame({"Nama Kelompok": ["lansia",
                                                                            "first_time",
                                                                            "replacement"],
                                                          "Nomor Urut": ["1", "2", "3"]})})

    # JSON: a key given twice, a boolean latitude.
    (HERE / "duplicate-key.json").write_text(
        '{"name": "kota", "sites": [], "areas": [], "name": "kota-2"}\n')
    instance = {"name": "kota", "tiers": ["first_time", "replacement"],
                "sites": [{"site_id": "S1", "district_id": "D1", "lat": True, "lon": 104.7,
                           "printers": 1, "cards_per_printer_day": 150, "working_days": 20}],
                "areas": [{"area_id": "A1", "district_id": "D1", "lat": -3.0, "lon": 104.7,
                           "backlog": {"first_time": 10, "replacement": 5}}]}
    (HERE / "boolean-latitude.json").write_text(json.dumps(instance, indent=2) + "\n")

    headers_as_offices_write_them(b)
    implausible_values(b)
    wrong_places(b)
    signs_and_sums(b)
    subtotals_copies_strays(b)
    one_field_two_ways(b)
    qa3_numbers(b)
    helper_left_a(b)


# Stock headers seen in offices' own workbooks: each must plan the stock (7,200 cards) or
# be refused, never be planned with a stock of 0 (6,000 cards).
STOCK_HEADERS = {"stok-lembar": "Stok (lembar)", "stok-blangko-keping": "Stok Blangko (keping)",
                 "jumlah-stok": "jumlah_stok", "stok-awal": "stok_awal",
                 "stok-blangko-tersedia": "Stok Blangko Tersedia",
                 "blangko-tersisa": "blangko_tersisa",
                 # Not an alias: shares a word with the missing stock, so refused.
                 "stok-awal-bulan": "Stok Awal Bulan", "kebutuhan-blangko": "Kebutuhan Blangko"}
ALL_ID_SITES = {"site_id": "Kode Lokasi", "name": "Nama Lokasi Cetak",
                "district_id": "Nama Kecamatan", "lat": "Garis Lintang", "lon": "Garis Bujur",
                "printers": "Jumlah Printer Aktif (unit)",
                "cards_per_printer_day": "Kapasitas Cetak per Printer per Hari (keping)",
                "working_days": "Hari Kerja Efektif", "stock": "Stok Blangko KTP-el (lembar)",
                "storage_cap": "Daya Tampung Gudang (lembar)"}
ALL_ID_AREAS = {"area_id": "Kode Desa/Kelurahan", "name": "Nama Desa/Kelurahan",
                "district_id": "Kode Kec.", "lat": "Lintang", "lon": "Bujur",
                "population": "Jumlah Wajib KTP (jiwa)", "first_time": "Siap Cetak Pemula",
                "replacement": "Siap Cetak Penggantian"}


def headers_as_offices_write_them(b: dict[str, pd.DataFrame]) -> None:
    for slug, header in STOCK_HEADERS.items():
        book = Workbook()
        book.remove(book.active)
        sheet(book, "sites", b["sites"].rename(columns={"stock": header}))
        sheet(book, "areas", b["areas"])
        sheet(book, "districts", b["districts"])
        book.save(HERE / f"stock-header-{slug}.xlsx")
    # Every column headed in Indonesian with units, and the columns a Disdukcapil report
    # has beside the tiers (not yet recorded, suket, the printable total): read or noted.
    areas = b["areas"].rename(columns=ALL_ID_AREAS)
    areas["Belum Rekam"] = "40"
    areas["Suket"] = "12"
    areas["Belum Cetak"] = "7"
    areas["Keterangan"] = ""
    sites = b["sites"].rename(columns=ALL_ID_SITES)
    by_code = dict(zip(b["districts"].district_id, b["districts"].name, strict=True))
    sites["Nama Kecamatan"] = [by_code[c] for c in sites["Nama Kecamatan"]]
    sites["Nama Kepala Kantor"] = "Budi"
    folder("id-headers-all", {"districts": b["districts"].rename(columns=ID_DISTRICTS),
                              "sites": sites, "areas": areas},
           files={"sites": "Kantor.csv", "areas": "Kelurahan.csv",
                  "districts": "Kecamatan.csv"}, encoding="utf-8-sig")


def implausible_values(b: dict[str, pd.DataFrame]) -> None:
    """Valid numbers that cannot be what the office meant (optimizer/io/plausible.py)."""
    # 1: the Indonesian-locale files with the bundled distances.csv as it is (km with a
    # decimal point and three decimals, 2.176): read as 2,176 km, refused at the km cell.
    id_sites = b["sites"].copy()
    id_areas = b["areas"].copy()
    for frame, columns in ((id_sites, ["lat", "lon", "printers", "cards_per_printer_day",
                                       "working_days", "stock", "storage_cap"]),
                           (id_areas, ["lat", "lon", "population", "first_time",
                                       "replacement"])):
        for column in columns:
            frame[column] = frame[column].map(id_number)
    src = ROOT / "data" / "palembang" / "distances.csv"
    distances = pd.read_csv(src, dtype=str, keep_default_na=False)
    distances = distances[distances.area_id.isin(b["areas"].area_id)
                          & distances.site_id.isin(b["sites"].site_id)].reset_index(drop=True)
    out = folder("id-locale-distances", {"districts": b["districts"], "sites": id_sites,
                                         "areas": id_areas}, sep=";", eol="\r\n")
    distances.to_csv(out / "distances.csv", index=False, lineterminator="\r\n")
    # 1: the same distances with the locale stated as the tester's other files: a file of
    # the clean instance whose km were typed in metres (2176 for 2.176 km).
    metres = distances.copy()
    metres["km"] = [str(round(float(k) * 1000)) for k in metres.km]
    folder("distances-in-metres", {**b, "distances": metres})

    # 2: a blank latitude filled with 0 as the old fix said: (0, 0) is 11,600 km away.
    zero = b["areas"].copy()
    zero.loc[4, ["lat", "lon"]] = ["0", "0"]
    folder("coordinates-zero", {**b, "areas": zero})
    blank = b["areas"].copy()
    blank.loc[4, "lat"] = ""
    folder("latitude-blank", {**b, "areas": blank})
    # 2: a blank latitude filled with 0, the longitude typed: 333 km south of its
    # kecamatan, inside the 1,000 km bound (it was planned `optimal`).
    half = b["areas"].copy()
    half.loc[4, "lat"] = "0"
    folder("latitude-zero-only", {**b, "areas": half})
    # 2: the totals row an Excel sheet ends with.
    totals = b["areas"].copy()
    sums = {c: str(totals[c].astype(int).sum()) for c in ("population", "first_time",
                                                           "replacement")}
    totals.loc[len(totals)] = {"area_id": "", "name": "JUMLAH", "district_id": "", "lat": "",
                               "lon": "", **sums}
    folder("totals-row", {**b, "areas": totals})

    # 3: stock above the storage cap (sites.csv row 3).
    over = b["sites"].copy()
    over.loc[1, ["stock", "storage_cap"]] = ["500", "100"]
    folder("stock-over-cap", {**b, "sites": over})

    # 4: a distance listed twice (rows 2 and 5).
    twice = distances.head(3).copy()
    twice.loc[3] = twice.loc[0]
    folder("duplicate-distance", {**b, "distances": twice})

    # 5: a population below the kelurahan's backlog (100 residents, 1,465 waiting).
    few = b["areas"].copy()
    few.loc[0, "population"] = "100"
    folder("population-below-backlog", {**b, "areas": few})


def wrong_places(b: dict[str, pd.DataFrame]) -> None:
    """Points and rows a tester found planned `optimal` (optimizer/io/plausible.py)."""
    # A kelurahan (row 4) and an office (row 3) both at (0, 0), no distances: 0 km apart.
    areas, sites = b["areas"].copy(), b["sites"].copy()
    areas.loc[2, ["lat", "lon"]] = ["0", "0"]
    sites.loc[1, ["lat", "lon"]] = ["0", "0"]
    folder("zero-zero-pair", {**b, "areas": areas, "sites": sites})

    # A new kecamatan with one office and one kelurahan whose latitude was left 0, in a
    # file that straddles the equator (a Pontianak kecamatan added).
    districts, sites, areas = b["districts"].copy(), b["sites"].copy(), b["areas"].copy()
    districts.loc[len(districts)] = {"district_id": "16.71.99", "name": "Kecamatan Baru"}
    districts.loc[len(districts)] = {"district_id": "61.71.04", "name": "Pontianak Utara"}
    for site_id, kecamatan, lat, lon in (("KEC-16.71.99", "16.71.99", "-2.95000", "104.70000"),
                                         ("KEC-61.71.04", "61.71.04", "0.02110", "109.34120")):
        row = {**sites.loc[0].to_dict(), "site_id": site_id, "district_id": kecamatan,
               "name": f"Kantor Kecamatan {kecamatan}", "lat": lat, "lon": lon,
               "storage_cap": ""}
        sites.loc[len(sites)] = row
    for area_id, name, kecamatan, lat, lon in (
            ("16.71.99.1001", "Kelurahan Baru", "16.71.99", "0", "104.70000"),
            ("61.71.04.1001", "Batu Layang", "61.71.04", "0.03780", "109.32950"),
            ("61.71.04.1002", "Siantan Hulu", "61.71.04", "0.01370", "109.34710")):
        areas.loc[len(areas)] = {**areas.loc[0].to_dict(), "area_id": area_id, "name": name,
                                 "district_id": kecamatan, "lat": lat, "lon": lon}
    folder("latitude-zero-one-other-place", {"districts": districts, "sites": sites,
                                             "areas": areas})

    # Every latitude left 0 (the kelurahan's and the offices').
    areas, sites = b["areas"].copy(), b["sites"].copy()
    areas["lat"] = "0"
    sites["lat"] = "0"
    folder("latitude-column-zero", {**b, "areas": areas, "sites": sites})

    # A city totals row named as a place: its counts are the sums of the file's rows.
    counts = ("population", "first_time", "replacement")
    city = b["areas"].copy()
    city.loc[len(city)] = {"area_id": "16.71", "name": "Kota Palembang",
                           "district_id": "16.71.04", "lat": "-2.97", "lon": "104.75",
                           **{c: str(city[c].astype(int).sum()) for c in counts}}
    folder("city-totals-row", {**b, "areas": city})
    # A kecamatan's totals row: the sums of its own kelurahan.
    kec = b["areas"].copy()
    own = kec[kec.district_id == "16.71.01"]
    kec.loc[len(kec)] = {"area_id": "16.71.01", "name": "Ilir Barat II",
                         "district_id": "16.71.01", "lat": "-2.99", "lon": "104.75",
                         **{c: str(own[c].astype(int).sum()) for c in counts}}
    folder("kecamatan-totals-row", {**b, "areas": kec})

    # The same city totals row in an office's workbook: Indonesian headers, a title row,
    # the city typed as KOTA PALEMBANG with its code, the sums as numbers.
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES))
    sheet(book, "Kelurahan", city.rename(columns=ID_AREAS).replace(
        {"Kota Palembang": "KOTA PALEMBANG"}), heading="Rekap Tunggakan KTP-el Kota Palembang")
    sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    book.save(HERE / "city-totals-row-id.xlsx")

    # A lost minus sign: row 3 at 3.00223 among its kecamatan at about -3.0.
    lost = b["areas"].copy()
    lost.loc[1, "lat"] = lost.loc[1, "lat"].lstrip("-")
    folder("latitude-lost-minus", {**b, "areas": lost})


def signs_and_sums(b: dict[str, pd.DataFrame]) -> None:
    """A third tester's cases (optimizer/io/plausible.py): a real kelurahan whose backlog
    is its kecamatan's other rows' sum (planned, with a warning), a kecamatan subtotal
    row with its Wajib KTP blank (refused), a minus sign typed north of the equator, a
    longitude typed negative, a lone kelurahan's lost minus sign."""
    counts = ("first_time", "replacement")
    # Row 27: a kelurahan of 16.71.04 whose backlog is the sum of its five neighbours',
    # its population not given (0): a coincidence, planned as a kelurahan.
    areas = b["areas"].copy()
    own = areas[areas.district_id == "16.71.04"]
    first, rest = own.index[0], own.index[1:]
    for c in counts:
        areas.loc[first, c] = str(areas.loc[rest, c].astype(int).sum())
    areas.loc[first, "population"] = "0"
    folder("sum-coincidence", {**b, "areas": areas})

    # A kecamatan subtotal row in an office's workbook: 16.71.01.0000, "Kecamatan Ilir
    # Barat II", the backlog sums, its Wajib KTP cell blank (Manado's Wenang).
    sub = b["areas"].copy()
    own = sub[sub.district_id == "16.71.01"]
    sub.loc[len(sub)] = {"area_id": "16.71.01.0000", "name": "Kecamatan Ilir Barat II",
                         "district_id": "16.71.01", "lat": "-2.99", "lon": "104.75",
                         "population": "",
                         **{c: str(own[c].astype(int).sum()) for c in counts}}
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES))
    sheet(book, "Kelurahan", sub.rename(columns=ID_AREAS),
          heading="DATA KELURAHAN KOTA PALEMBANG SEMESTER II 2025")
    sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    book.save(HERE / "kecamatan-subtotal-row-id.xlsx")

    # Manado (north of the equator): a kecamatan of three kelurahan and an office, one
    # kelurahan typed -1.492 for 1.492.
    manado = {
        "districts": pd.DataFrame({"district_id": ["71.71.01", "71.71.02"],
                                   "name": ["Wenang", "Sario"]}),
        "sites": pd.DataFrame({
            "site_id": ["KEC-71.71.01", "KEC-71.71.02"],
            "name": ["Kantor Kecamatan Wenang", "Kantor Kecamatan Sario"],
            "district_id": ["71.71.01", "71.71.02"], "lat": ["1.49300", "1.47700"],
            "lon": ["124.84100", "124.83200"], "printers": ["1", "1"],
            "cards_per_printer_day": ["150", "150"], "working_days": ["20", "20"],
            "stock": ["0", "0"], "storage_cap": ["", ""]}),
        "areas": pd.DataFrame({
            "area_id": ["71.71.01.1001", "71.71.01.1002", "71.71.01.1003", "71.71.02.1001",
                        "71.71.02.1002", "71.71.02.1003"],
            "name": ["Wenang Utara", "Wenang Selatan", "Pinaesaan", "Sario Utara",
                     "Titiwungen", "Sario Tumpaan"],
            "district_id": ["71.71.01"] * 3 + ["71.71.02"] * 3,
            "lat": ["1.49600", "1.48900", "-1.49200", "1.47800", "1.47500", "1.47000"],
            "lon": ["124.84200", "124.84000", "124.83800", "124.83000", "124.83500",
                    "124.82800"],
            "population": ["8000", "7000", "6500", "9000", "5000", "5500"],
            "first_time": ["320", "280", "150", "400", "200", "210"],
            "replacement": ["110", "90", "70", "120", "60", "65"]})}
    folder("latitude-minus-north", manado)

    # Row 3: a longitude typed negative (-104.74485): 20,000 km around, said at lon.
    west = b["areas"].copy()
    west.loc[1, "lon"] = "-" + west.loc[1, "lon"]
    folder("longitude-negative", {**b, "areas": west})

    # A new kecamatan of one kelurahan and no office, its minus sign lost (2.93 for -2.93):
    # nothing of its own to judge it by, the nearest kecamatan's places do.
    districts, lone = b["districts"].copy(), b["areas"].copy()
    districts.loc[len(districts)] = {"district_id": "16.71.98", "name": "Kecamatan Baru"}
    lone.loc[len(lone)] = {**lone.loc[0].to_dict(), "area_id": "16.71.98.1001",
                           "name": "Kelurahan Baru", "district_id": "16.71.98",
                           "lat": "2.93000", "lon": "104.72000"}
    folder("latitude-lost-minus-alone", {**b, "districts": districts, "areas": lone})

    # A whole kecamatan (16.71.01, its kelurahan and its office) typed without its minus
    # signs: 665 km from the rest, each place's mirror among them.
    areas, sites = b["areas"].copy(), b["sites"].copy()
    for frame in (areas, sites):
        flip = frame.district_id == "16.71.01"
        frame.loc[flip, "lat"] = frame.loc[flip, "lat"].str.lstrip("-")
    folder("kecamatan-lost-minus", {**b, "areas": areas, "sites": sites})


def subtotals_copies_strays(b: dict[str, pd.DataFrame]) -> None:
    """A fresh tester's cases (qa1, faults 2, 3, 7, 10c): a kecamatan subtotal row whose
    backlog is no longer its kelurahan's sum, a kelurahan typed twice, a coordinate
    typo 100 km off, a kecamatan code column and name column that disagree; and real
    lists those checks must not refuse."""
    counts = ("first_time", "replacement")

    def subtotal(area_id: str, name: str, district: str) -> pd.DataFrame:
        # The kecamatan's sums of an older month: 100 cards more of each tier.
        areas = b["areas"].copy()
        own = areas[areas.district_id == district]
        areas.loc[len(areas)] = {"area_id": area_id, "name": name, "district_id": district,
                                 "lat": "-2.99", "lon": "104.75", "population": "",
                                 **{c: str(own[c].astype(int).sum() + 100) for c in counts}}
        return areas

    # Row 27: the id is kecamatan 16.71.01's code, the name a kelurahan's would be.
    folder("kecamatan-subtotal-stale", {**b, "areas": subtotal("16.71.01", "ILIR BARAT II",
                                                               "16.71.01")})
    # Row 27: the code written without its dots (167102) among dotted kelurahan codes.
    folder("kecamatan-subtotal-nodots", {**b, "areas": subtotal("167102", "Seberang Ulu I",
                                                                "16.71.02")})
    # Row 27: a kelurahan's code ending in 0000.
    folder("kecamatan-subtotal-0000", {**b, "areas": subtotal("16.71.03.0000",
                                                              "Seberang Ulu II", "16.71.03")})
    # Row 27: a kelurahan-like code, the name says what the row is.
    folder("kecamatan-subtotal-name", {**b, "areas": subtotal("16.71.04.1099",
                                                              "Kec. Ilir Barat I", "16.71.04")})

    # Row 27: row 2 copied, only the id changed.
    copied = b["areas"].copy()
    copied.loc[len(copied)] = {**copied.loc[0].to_dict(), "area_id": "16.71.01.1099"}
    folder("kelurahan-copied", {**b, "areas": copied})
    # Rows 27-: kecamatan 16.71.02's block pasted again under desa codes (2xxx).
    block = b["areas"].copy()
    own = block[block.district_id == "16.71.02"].copy()
    own["area_id"] = own.area_id.str.replace(".1", ".2", regex=False)
    folder("kelurahan-block-pasted", {**b, "areas": pd.concat([block, own],
                                                              ignore_index=True)})
    # Row 27: row 2 copied under a new id with another backlog (a stale copy).
    stale = b["areas"].copy()
    stale.loc[len(stale)] = {**stale.loc[0].to_dict(), "area_id": "16.71.01.1099",
                             "first_time": "5"}
    folder("kelurahan-same-place", {**b, "areas": stale})
    # Rows 2 and 3 given one name (lower case, extra space): two kelurahan of one name,
    # each at its own coordinates: planned.
    twins = b["areas"].copy()
    twins.loc[0, "name"] = "Talang Jambe"
    twins.loc[1, "name"] = "talang  jambe"
    folder("kelurahan-same-name", {**b, "areas": twins})
    # Kelurahan named Kota ...: real (Kota Baru, Kota Karang): planned.
    kota = b["areas"].copy()
    kota.loc[0, "name"] = "Kota Baru"
    kota.loc[5, "name"] = "KOTA KARANG"
    folder("kelurahan-named-kota", {**b, "areas": kota})

    # Row 2: latitude -3.90802 for -3.00802, 101 km from its kecamatan (no distances).
    typo = b["areas"].copy()
    typo.loc[0, "lat"] = "-3.90802"
    folder("kelurahan-latitude-typo", {**b, "areas": typo})
    # Row 3: longitude one degree off (105.74485 for 104.74485).
    lon = b["areas"].copy()
    lon.loc[1, "lon"] = "105.74485"
    folder("kelurahan-longitude-typo", {**b, "areas": lon})

    # Kode Kecamatan beside Kecamatan: row 2 names kecamatan 16.71.02 by name
    # while its code says 16.71.01.
    both = b["areas"].copy()
    names = dict(zip(b["districts"].district_id, b["districts"].name, strict=True))
    both.insert(3, "Kecamatan", both.district_id.map(names))
    agree = both.rename(columns={"district_id": "Kode Kecamatan"})
    folder("kecamatan-code-and-name", {**b, "areas": agree})
    disagree = agree.copy()
    disagree.loc[0, "Kecamatan"] = names["16.71.02"].upper()
    folder("kecamatan-code-vs-name", {**b, "areas": disagree})


def one_field_two_ways(b: dict[str, pd.DataFrame]) -> None:
    """Columns, units, sheets and ids that could each mean two things: read only when both
    readings agree, else refused naming both (never the first one silently)."""
    # Two columns of one tier: 'Pemula' (a month's count) beside 'Siap Cetak Pemula'.
    areas = b["areas"].rename(columns={"first_time": "Pemula"})
    areas.insert(6, "Siap Cetak Pemula", [str(int(v) * 2) for v in areas["Pemula"]])
    folder("two-first-time-columns", {**b, "areas": areas})
    # 'Perekaman Baru' (recorded this month) is no tier column: the print-ready one is read.
    areas = b["areas"].rename(columns={"first_time": "Siap Cetak Pemula"})
    areas.insert(6, "Perekaman Baru", [str(int(v) // 5) for v in areas["Siap Cetak Pemula"]])
    folder("perekaman-baru-beside-siap-cetak", {**b, "areas": areas})
    # Installed and working printers: refused when they differ, one read when they agree.
    sites = b["sites"].rename(columns={"printers": "Jumlah Printer"})
    sites.insert(6, "Printer Aktif", sites["Jumlah Printer"])
    folder("two-printer-columns-same", {**b, "sites": sites})
    sites = sites.copy()
    sites.loc[0, "Printer Aktif"] = "0"
    folder("two-printer-columns", {**b, "sites": sites})
    # A monthly stock report: opening, received, used, closing.
    sites = b["sites"].drop(columns=["stock"])
    sites["Stok Awal"] = ["900", "800", "1500", "50", "0"][:len(sites)]
    sites["Penerimaan"] = b["sites"]["stock"]
    sites["Pemakaian"] = sites["Stok Awal"]
    sites["Stok Akhir"] = b["sites"]["stock"]
    folder("stock-report-columns", {**b, "sites": sites})
    # Units in brackets the field is not counted in.
    for slug, field, header in (("stock-in-boxes", "stock", "Stok (dus)"),
                                ("working-days-in-weeks", "working_days", "Hari Kerja (minggu)"),
                                ("capacity-per-month", "cards_per_printer_day",
                                 "Kapasitas Cetak per Printer (per bulan)"),
                                ("first-time-in-thousands", "first_time", "Pemula (ribu)")):
        table = "areas" if field == "first_time" else "sites"
        folder(f"unit-{slug}", {**b, table: b[table].rename(columns={field: header})})
    # Excel's copy of a sheet: refused when it differs, not read when it is the same.
    for slug, factor in (("differs", 2), ("same", 1)):
        book = Workbook()
        book.remove(book.active)
        sheet(book, "sites", b["sites"])
        sheet(book, "areas", b["areas"])
        copy = b["areas"].copy()
        copy["first_time"] = [str(int(v) * factor) for v in copy["first_time"]]
        sheet(book, "areas (2)", copy)
        sheet(book, "districts", b["districts"])
        book.save(HERE / f"copy-sheet-{slug}.xlsx")
    # Ids one but for letter case or an invisible character.
    sites = b["sites"].copy()
    sites.loc[len(sites)] = {**sites.loc[2].to_dict(), "site_id": "kec-16.71.03",
                             "name": "Kantor Kecamatan (salinan)"}
    folder("site-id-case-duplicate", {**b, "sites": sites})
    book = Workbook()
    book.remove(book.active)
    areas = b["areas"].copy()
    areas.loc[len(areas)] = {**areas.loc[3].to_dict(),
                             "area_id": areas.loc[3, "area_id"] + "\u200b"}
    sheet(book, "sites", b["sites"])
    sheet(book, "areas", areas)
    sheet(book, "districts", b["districts"])
    book.save(HERE / "area-id-zero-width-duplicate.xlsx")
    qa1_errors(b)
    qa3_places(b)
    qa3_sheets(b)
    qa7_update_columns(b)
    kode_nama_over_two(b)
    short_and_dated_headers(b)
    unclosed_quote(b)
    qa9_formats_and_strikes(b)
    qa9_semicolon_dotted_coordinates(b)


# Single-word kecamatan names as offices type them without a kecamatan table.
WORD_NAMES = {"16.71.01": "Kertapati", "16.71.02": "Plaju", "16.71.03": "Sako",
              "16.71.04": "Kalidoni"}


def qa1_errors(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa1's faults 9a-9g and 10b: files whose refusal must say what to change."""
    from openpyxl.styles import Alignment

    by_name = dict(zip(b["districts"].district_id, b["districts"].name, strict=True))
    # 9a: kecamatan by name in both tables, no kecamatan table.
    named_sites = b["sites"].assign(district_id=b["sites"].district_id.map(by_name))
    named_areas = b["areas"].assign(district_id=b["areas"].district_id.map(by_name))
    folder("district-names-no-table", {"sites": named_sites.rename(columns=ID_SITES | {
        "district_id": "Kecamatan"}), "areas": named_areas.rename(columns=ID_AREAS)},
           files={"sites": "kantor.csv", "areas": "kelurahan.csv"}, sep=";")
    # 9a: single-word names are ids; the same kecamatan typed SAKO and Sako is refused.
    word_sites = b["sites"].assign(district_id=b["sites"].district_id.map(WORD_NAMES))
    word_areas = b["areas"].assign(district_id=b["areas"].district_id.map(WORD_NAMES))
    folder("district-words-no-table", {"sites": word_sites, "areas": word_areas})
    cased = word_areas.copy()
    sako = cased.index[cased.district_id == "Sako"]
    cased.loc[sako[1::2], "district_id"] = "SAKO"
    folder("district-words-case-no-table", {"sites": word_sites, "areas": cased})
    # 9b: distances in metres under 'Jarak Meter'.
    metres = pd.read_csv(HERE / "distances-in-metres" / "distances.csv", dtype=str)
    folder("distances-jarak-meter", {**b, "distances": metres.rename(columns={
        "area_id": "Kode Kelurahan", "site_id": "Kode Kantor", "km": "Jarak Meter"})},
           files={"distances": "jarak.csv"})
    # 9g: ',' files whose coordinates have a decimal point (English), and a ';' distances
    # file with km written with a decimal comma (2,176). (Until qa9 all four were ';'
    # files: dotted coordinates in a ';' file prove nothing, and those now plan as
    # Indonesian: semicolon-km-comma.)
    english = pd.read_csv(HERE / "english-km-read-indonesian" / "distances.csv", dtype=str)
    comma_km = english.assign(km=english.km.str.replace(".", ",", regex=False))
    out = folder("km-comma-read-english", b)
    comma_km.to_csv(out / "distances.csv", index=False, sep=";", lineterminator="\n")
    folder("semicolon-km-comma", {**b, "distances": comma_km}, sep=";")
    # 9c, 9d, 10b: workbooks as an office makes them (kecamatan by name, a title row).
    areas = names_for_districts(b).rename(columns=ID_AREAS)
    areas["Kecamatan"] = areas["Kecamatan"].str.strip()

    def book_with(areas_frame: pd.DataFrame) -> Workbook:
        book = Workbook()
        book.remove(book.active)
        sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
        sheet(book, "Kelurahan", areas_frame, "REKAP SIAP CETAK PER KELURAHAN")
        sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
        return book

    # 9c: each kecamatan's name merged down over its kelurahan (header in row 3).
    book = book_with(areas)
    ws = book["Kelurahan"]
    column = list(areas.columns).index("Kecamatan") + 1
    first = 0
    for i in range(1, len(areas) + 1):
        if i == len(areas) or areas["Kecamatan"].iloc[i] != areas["Kecamatan"].iloc[first]:
            if i - first > 1:
                ws.merge_cells(start_row=first + 4, end_row=i + 3, start_column=column,
                               end_column=column)
                ws.cell(first + 4, column).alignment = Alignment(vertical="center")
            first = i
    book.save(HERE / "merged-kecamatan.xlsx")
    # 9c: a backlog merged over two kelurahan: one figure, refused.
    book = book_with(areas)
    column = list(areas.columns).index("Pemula") + 1
    book["Kelurahan"].merge_cells(start_row=5, end_row=6, start_column=column,
                                  end_column=column)
    book.save(HERE / "merged-backlog.xlsx")
    # 9d: 'SIAP CETAK' merged over 'Pemula | Penggantian' (the header in rows 3 and 4).
    book = book_with(areas)
    ws = book["Kelurahan"]
    at = list(areas.columns).index("Pemula") + 1
    ws.insert_rows(4)
    for position, header in enumerate(areas.columns, start=1):
        if header in {"Pemula", "Penggantian"}:
            ws.cell(4, position, header)
    ws.cell(3, at, "SIAP CETAK")
    ws.cell(3, at + 1, None)
    ws.merge_cells(start_row=3, end_row=3, start_column=at, end_column=at + 1)
    for position in range(1, len(areas.columns) + 1):  # the others span both rows
        if position not in {at, at + 1}:
            ws.merge_cells(start_row=3, end_row=4, start_column=position, end_column=position)
    book.save(HERE / "two-row-header.xlsx")
    # 10b: a filter hides kecamatan 16.71.01's rows; they are read (with a note).
    book = book_with(areas)
    ws = book["Kelurahan"]
    ws.auto_filter.ref = f"A3:H{len(areas) + 3}"
    for i, name in enumerate(areas["Kecamatan"], start=4):
        if name.upper() == by_name["16.71.01"].upper():
            ws.row_dimensions[i].hidden = True
    book.save(HERE / "filtered-rows.xlsx")


def qa3_numbers(b: dict[str, pd.DataFrame]) -> None:
    """Numbers once planned wrongly without a word (tester qa3, items 2, 3 and 5)."""
    # 2: Indonesian files (';', 1.234 and 3,5) with a storage cap typed the English way,
    # 5,000: read as 5 by its decimal comma (an office capped at 5 blanks), now refused.
    id_sites = b["sites"].copy()
    id_areas = b["areas"].copy()
    for frame, columns in ((id_sites, ["lat", "lon", "printers", "cards_per_printer_day",
                                       "working_days", "stock", "storage_cap"]),
                           (id_areas, ["lat", "lon", "population", "first_time",
                                       "replacement"])):
        for column in columns:
            frame[column] = frame[column].map(id_number)
    id_sites.loc[0, "storage_cap"] = "5,000"
    folder("count-english-comma-in-id", {"districts": b["districts"], "sites": id_sites,
                                         "areas": id_areas}, sep=";", eol="\r\n")
    # 5: a hand-typed CSV with an unquoted 1,250 as the stock of an office whose storage
    # cap is blank: '...,20,1,250,' was read as stock 1 and storage cap 250.
    out = folder("unquoted-thousands-comma", b)
    lines = (out / "sites.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].removesuffix(",0,") + ",1,250,"
    (out / "sites.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # 3: a blank km filled with 0 as the old fix said: pairs 8-9 km apart planned as 0 km.
    src = ROOT / "data" / "palembang" / "distances.csv"
    distances = pd.read_csv(src, dtype=str, keep_default_na=False)
    distances = distances[distances.area_id.isin(b["areas"].area_id)
                          & distances.site_id.isin(b["sites"].site_id)].reset_index(drop=True)
    far = distances.km.astype(float) > 12
    zero = distances.copy()
    zero.loc[far, "km"] = "0"
    folder("distance-zero-for-blank", {**b, "distances": zero})
    blank = distances.copy()
    blank.loc[far, "km"] = ""
    folder("distance-blank", {**b, "distances": blank})
    # 18: a backlog cell formatted as a percentage (Excel shows 45 %, the cell holds 0.45).
    book = Workbook()
    book.remove(book.active)
    sheet(book, "sites", b["sites"])
    sheet(book, "areas", b["areas"])
    cell = book["areas"].cell(row=3, column=7)
    cell.value, cell.number_format = 0.45, "0%"
    book.save(HERE / "percent-in-count.xlsx")
    # 18: a stock typed '5.' (a mark after the last digit): was "not text in quotes".
    trailing = b["sites"].copy()
    trailing.loc[2, "stock"] = "5."
    folder("count-trailing-dot", {**b, "sites": trailing})


def qa3_places(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa3's faults 6, 7 and 18: a kelurahan block pasted into another kecamatan,
    kelurahan codes given another kecamatan than they start with, an id that differs from
    the areas' by an invisible character; and the real lists beside them that plan."""
    areas = b["areas"]
    by_name = dict(zip(b["districts"].district_id, b["districts"].name, strict=True))
    # Rows 27-29: kecamatan 16.71.01's first three kelurahan pasted into 16.71.02 under
    # new codes, the name, coordinates and figures unchanged.
    pasted = areas.iloc[:3].copy()
    pasted["area_id"] = ["16.71.02.1101", "16.71.02.1102", "16.71.02.1103"]
    pasted["district_id"] = "16.71.02"
    folder("kelurahan-copied-other-kecamatan",
           {**b, "areas": pd.concat([areas, pasted], ignore_index=True)})
    folder("kelurahan-copied-other-kecamatan-one",
           {**b, "areas": pd.concat([areas, pasted.iloc[:1]], ignore_index=True)})
    # Row 9 (16.71.02.1002) named as row 2 (16.71.01.1001): one name in two kecamatan, at
    # its own point; then at row 2's point too (coordinates found by the name), with its
    # own backlog: two kelurahan, planned.
    twin = areas.copy()
    twin.loc[7, "name"] = areas.loc[0, "name"]
    folder("kelurahan-same-name-other-kecamatan", {**b, "areas": twin})
    geocoded = twin.copy()
    geocoded.loc[7, ["lat", "lon"]] = areas.loc[0, ["lat", "lon"]].tolist()
    folder("kelurahan-same-name-same-point-other-kecamatan", {**b, "areas": geocoded})
    # Rows 3 and 4: codes 16.71.01.1002 and .1003 given kecamatan 16.71.02.
    moved = areas.copy()
    moved.loc[[1, 2], "district_id"] = "16.71.02"
    folder("kelurahan-code-other-kecamatan", {**b, "areas": moved})
    # Codes without dots (1671011002), row 3 given kecamatan 16.71.02.
    nodots = areas.assign(area_id=areas.area_id.str.replace(".", "", regex=False))
    nodots.loc[1, "district_id"] = "16.71.02"
    folder("kelurahan-code-other-kecamatan-nodots", {**b, "areas": nodots})
    # Kecamatan by name (Indonesian headers): row 3 names Seberang Ulu I.
    named = areas.assign(district_id=areas.district_id.map(by_name))
    named.loc[1, "district_id"] = by_name["16.71.02"]
    folder("kelurahan-code-other-kecamatan-by-name",
           {"districts": b["districts"].rename(columns=ID_DISTRICTS),
            "sites": b["sites"].rename(columns=ID_SITES),
            "areas": named.rename(columns=ID_AREAS)},
           files={"districts": "kecamatan.csv", "sites": "kantor.csv",
                  "areas": "kelurahan.csv"})
    # Row 5's id typed with a zero-width space after it; the distances name it without.
    spaced = areas.copy()
    spaced.loc[3, "area_id"] = areas.loc[3, "area_id"] + "\u200b"
    distances = pd.DataFrame({"area_id": [areas.loc[3, "area_id"]] * 2,
                              "site_id": ["KEC-16.71.01", "KEC-16.71.02"],
                              "km": ["0.000", "2.142"]})
    folder("area-id-zero-width-distances", {**b, "areas": spaced, "distances": distances})


def qa3_sheets(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa3's faults 1, 4, 15, 16, 17, 19: layouts read as something else (a header
    over several columns, an updated sheet beside the old one, a broken-printer column)
    and refusals whose fix must say what to change (delete the row, merge the sheets)."""
    areas = names_for_districts(b).rename(columns=ID_AREAS)
    areas["Kecamatan"] = areas["Kecamatan"].str.strip()
    counts = ["Pemula", "Penggantian"]
    # 1: each backlog split by sex, L | P | JML, under one header cell.
    split = areas.drop(columns=counts)
    for header in counts:
        total = areas[header].astype(int)
        split[f"{header} L"] = (total // 2).astype(str)
        split[f"{header} P"] = (total - total // 2).astype(str)
        split[f"{header} JML"] = total.astype(str)

    def split_book(sub_header: bool) -> Workbook:
        book = Workbook()
        book.remove(book.active)
        sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
        sheet(book, "Kelurahan", split, "REKAP SIAP CETAK PER KELURAHAN")
        sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
        ws = book["Kelurahan"]
        first = len(areas.columns) - len(counts) + 1
        for n, header in enumerate(counts):
            left = first + 3 * n
            for column in range(left, left + 3):
                ws.cell(3, column, None)
            ws.cell(3, left, header.upper())
            ws.merge_cells(start_row=3, end_row=3, start_column=left, end_column=left + 2)
        if sub_header:
            ws.insert_rows(4)
            for n in range(len(counts)):
                for column, sex in enumerate(("L", "P", "JML"), start=first + 3 * n):
                    ws.cell(4, column, sex)
        return book

    split_book(True).save(HERE / "header-over-columns-by-sex.xlsx")
    split_book(False).save(HERE / "header-over-columns.xlsx")
    # 1: the same as a CSV: 'first_time,,,replacement,,'.
    flat = b["areas"].drop(columns=["first_time", "replacement"])
    for tier in ("first_time", "replacement"):
        total = b["areas"][tier].astype(int)
        flat[tier] = (total // 2).astype(str)
        flat[f"{tier}_p"] = (total - total // 2).astype(str)
        flat[f"{tier}_jml"] = total.astype(str)
    out = folder("header-over-columns-csv", {**b, "areas": flat})
    lines = (out / "areas.csv").read_text(encoding="utf-8").splitlines()
    lines[0] = ",".join("" if h.endswith(("_p", "_jml")) else h for h in lines[0].split(","))
    (out / "areas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # 4: the updated kelurahan sheet beside the old one, which is hidden.
    def office_book(*kelurahan: tuple[str, pd.DataFrame, bool]) -> Workbook:
        book = Workbook()
        book.remove(book.active)
        sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
        sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
        for title, frame, hidden in kelurahan:
            sheet(book, title, frame, "REKAP SIAP CETAK PER KELURAHAN")
            if hidden:
                book[title].sheet_state = "hidden"
        return book

    updated = areas.copy()
    updated["Pemula"] = (updated["Pemula"].astype(int) + 50).astype(str)
    office_book(("Kelurahan", areas, True), ("Kelurahan Update", updated, False)).save(
        HERE / "sheet-updated-beside-old.xlsx")
    # 4: the update in a sheet of another name ('Update Nov'), the table's columns.
    office_book(("Kelurahan", areas, False), ("Update Nov", updated, False)).save(
        HERE / "sheet-other-name-same-columns.xlsx")
    # 4: a hidden sheet read (nothing else): planned, with a note.
    office_book(("Kelurahan", areas, True)).save(HERE / "sheet-hidden-read.xlsx")
    # 4: kelurahan_terbaru.csv beside kelurahan.csv.
    folder("file-updated-beside-old", {**b, "areas": b["areas"], "updated": b["areas"].assign(
        first_time=(b["areas"].first_time.astype(int) + 50).astype(str))},
           files={"areas": "kelurahan.csv", "updated": "kelurahan_terbaru.csv"})
    # 15: kelurahan in one sheet, desa in another.
    half = len(areas) // 2
    office_book(("Kelurahan", areas.iloc[:half], False),
                ("Desa", areas.iloc[half:], False)).save(HERE / "kelurahan-and-desa.xlsx")

    # 16: a notes row below the table; an Excel column-number row under the header.
    book = office_book(("Kelurahan", areas, False))
    book["Kelurahan"].append([])
    book["Kelurahan"].append(["Catatan: data per 30 November 2026, sumber SIAK"])
    book.save(HERE / "notes-below-table.xlsx")
    book = office_book(("Kelurahan", areas, False))
    book["Kelurahan"].insert_rows(4)
    for column in range(1, len(areas.columns) + 1):
        book["Kelurahan"].cell(4, column, column)
    book.save(HERE / "column-numbers-row.xlsx")
    # 16: a sum row without a label below the kelurahan (CSV).
    summed = b["areas"].copy()
    summed.loc[len(summed)] = {c: "" for c in summed.columns} | {
        c: str(b["areas"][c].astype(int).sum()) for c in ("population", "first_time",
                                                          "replacement")}
    folder("sum-row-no-label", {**b, "areas": summed})

    # 19: 'Printer Rusak' beside 'Jumlah Printer'.
    broken = b["sites"].rename(columns=ID_SITES)
    broken.insert(6, "Printer Rusak", ["1"] + ["0"] * (len(broken) - 1))
    folder("printers-broken-column", {**b, "sites": broken})

    # 17: the service's GET /v1/datasets/NAME?instance=true answer saved as a file.
    from optimizer.io.files import read_instance

    instance = json.loads(read_instance(HERE / "clean").instance.model_dump_json())
    (HERE / "dataset-wrapper.json").write_text(json.dumps(
        {"name": "corpus", "title": "Corpus", "tiers": instance["tiers"],
         "sites": len(instance["sites"]), "areas": len(instance["areas"]),
         "instance": instance}, indent=1) + "\n", encoding="utf-8")


def _column_width(path: Path, sheet_name: str, column: int, width: str) -> None:
    """Give a saved workbook's column a width as Excel writes it (`<col min max width
    customWidth>`): openpyxl leaves out a width of 0, which Excel writes for a column
    dragged shut."""
    import re
    import zipfile

    from openpyxl import load_workbook

    part = load_workbook(path, read_only=True)[sheet_name]._worksheet_path  # type: ignore[union-attr]
    data = {i.filename: zipfile.ZipFile(path).read(i.filename)
            for i in zipfile.ZipFile(path).infolist()}
    xml = re.sub(r"<cols>.*?</cols>", "", data[part].decode("utf-8"))
    xml = xml.replace("<sheetData", f'<cols><col min="{column}" max="{column}" '
                                    f'width="{width}" customWidth="1"/></cols><sheetData', 1)
    data[part] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in data.items():
            out.writestr(name, content)


def helper_left_a(b: dict[str, pd.DataFrame]) -> None:
    """Helper leftA's faults: hemisphere headers against the signs, zero-width columns,
    'Kecamatan 167101', notes below a table, a two-row header repeated, a units row in an
    updated copy, an English CSV proved by its coordinates (manifest.toml says each)."""
    # 1: 'Lintang (LU)' (north) over Palembang's negative latitudes: refused, not read as
    # south; 'Bujur (BT)' and 'Longitude (E)' over positive longitudes: read.
    north = b["areas"].rename(columns={"lat": "Lintang (LU)", "lon": "Bujur (BT)"})
    folder("hemisphere-north-over-negative", {**b, "areas": north})
    east = b["areas"].rename(columns={"lon": "Bujur (BT)"})
    folder("hemisphere-east-over-positive", {
        **b, "areas": east, "sites": b["sites"].rename(columns={"lon": "Longitude (E)"})})
    west = b["sites"].rename(columns={"lon": "Bujur (BB)"})
    folder("hemisphere-west-over-positive", {**b, "sites": west})

    def office_book(sites: pd.DataFrame | None = None) -> Workbook:
        book = Workbook()
        book.remove(book.active)
        sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES) if sites is None else sites,
              "DATA KANTOR")
        sheet(book, "Kelurahan", b["areas"].rename(columns=ID_AREAS),
              "REKAP SIAP CETAK PER KELURAHAN")
        sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
        return book

    # 2: the stock column dragged to width 0 (no hidden flag): refused as a hidden one;
    # a 'Keterangan' column of width 0 beside the table, not read: noted.
    office_book().save(HERE / "column-zero-width.xlsx")
    _column_width(HERE / "column-zero-width.xlsx", "Kantor",
                  list(ID_SITES).index("stock") + 1, "0")
    remarks = b["sites"].rename(columns=ID_SITES).assign(
        Keterangan=["stok lama 500"] + [""] * (len(b["sites"]) - 1))
    office_book(remarks).save(HERE / "column-zero-width-not-read.xlsx")
    _column_width(HERE / "column-zero-width-not-read.xlsx", "Kantor",
                  len(remarks.columns), "0.25")

    # 3: the kecamatan written as the word and the code without dots.
    worded = b["areas"].assign(district_id=["Kecamatan " + d.replace(".", "")
                                            for d in b["areas"].district_id])
    folder("kecamatan-word-and-code", {**b, "areas": worded})
    folder("kecamatan-word-and-code-no-table", {"sites": b["sites"], "areas": worded})

    # 4: a source, a remark and a signature block below the kelurahan.
    book = office_book()
    ws = book["Kelurahan"]
    for line in ([], ["Sumber: Disdukcapil Kota Palembang (SIAK, 30 November 2026)"],
                 ["Keterangan: data siap cetak per kelurahan"], ["Catatan"], [],
                 [None, None, None, None, None, "Palembang, 30 November 2026"],
                 [None, None, None, None, None, "Kepala Dinas Kependudukan dan"],
                 [None, None, None, None, None, "Pencatatan Sipil Kota Palembang"], [], [],
                 [None, None, None, None, None, "Drs. H. Ahmad Fauzi, M.Si"],
                 [None, None, None, None, None, "NIP. 19700101 199001 1 001"]):
        ws.append(line)
    ws.merge_cells(start_row=ws.max_row - 1, end_row=ws.max_row - 1, start_column=6,
                   end_column=8)
    book.save(HERE / "notes-signature-below-table.xlsx")
    # 4: the same with a figure in the backlog column of a row below: still refused.
    noted = b["areas"].copy()
    noted.loc[len(noted)] = {c: "" for c in noted.columns} | {
        "area_id": "Catatan: termasuk susulan", "first_time": "120"}
    folder("notes-below-with-figure", {**b, "areas": noted})

    # 5: 'SIAP CETAK' over 'Pemula | Penggantian', both header rows pasted again mid-table
    # (the table pasted page by page), with their merged cells.
    from openpyxl import load_workbook

    book = load_workbook(HERE / "two-row-header.xlsx")
    ws = book["Kelurahan"]
    at = 3 + 1 + 13  # (below the 13th kelurahan)
    ws.insert_rows(at, 2)
    for column in range(1, ws.max_column + 1):
        ws.cell(at, column, ws.cell(3, column).value)
        ws.cell(at + 1, column, ws.cell(4, column).value)
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row == 3:
            ws.merge_cells(start_row=at, end_row=at + merged.max_row - 3,
                           start_column=merged.min_col, end_column=merged.max_col)
    book.save(HERE / "two-row-header-repeated.xlsx")

    # 6: 'Kelurahan Update' beside 'Kelurahan', the same data with a units row.
    book = office_book()
    sheet(book, "Kelurahan Update", b["areas"].rename(columns=ID_AREAS),
          "REKAP SIAP CETAK PER KELURAHAN (UPDATE)")
    book["Kelurahan Update"].insert_rows(4)
    for column, unit in enumerate(["", "", "", "(derajat)", "(derajat)", "(jiwa)", "(orang)",
                                   "(orang)"], start=1):
        book["Kelurahan Update"].cell(4, column, unit or None)
    book.save(HERE / "sheet-updated-units-row.xlsx")

    # 7: an English CSV: counts grouped by commas ("9,069"), coordinates with a decimal
    # point (-3.00802); nothing else says English.
    def grouped(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        out = frame.copy()
        for column in columns:
            out[column] = [f"{int(v):,}" if v else "" for v in out[column]]
        return out

    folder("english-counts-by-coordinates", {
        **b, "sites": grouped(b["sites"], ["storage_cap"]),
        "areas": grouped(b["areas"], ["population"])})
    dotted = grouped(b["areas"], ["population"])
    dotted.loc[1, "population"] = "6.537"
    folder("english-counts-by-coordinates-dotted-count", {
        **b, "sites": grouped(b["sites"], ["storage_cap"]), "areas": dotted})

def qa7_update_columns(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa7's fault 1: a newer column beside the old one ('Pemula Update', 'Stok
    Terbaru', 'Update Stok'), ignored with a note while the old one was planned."""
    # The same values: read from the old column, the newer one noted.
    areas = b["areas"].assign(**{"Pemula Update": b["areas"].first_time,
                                 "Penggantian Update": b["areas"].replacement})
    sites = b["sites"].assign(**{"Stok Terbaru": b["sites"].stock,
                                 "Daya Tampung Baru": b["sites"].storage_cap})
    folder("qa7-update-columns-same", {**b, "areas": areas, "sites": sites})
    # 'Update Stok' left of the stock, 600 more blanks at the first office: refused.
    newer = b["sites"].copy()
    newer.insert(8, "Update Stok", (newer.stock.astype(int) + 600).astype(str))
    folder("qa7-update-stock-left", {**b, "sites": newer})
def kode_nama_over_two(b: dict[str, pd.DataFrame]) -> None:
    """The header over two rows as a Dinas report types it: 'KODE' over 'KECAMATAN |
    KELURAHAN', 'NAMA' over the same two, 'KOORDINAT' over 'LINTANG | BUJUR', 'SIAP
    CETAK' over 'PEMULA | PENGGANTIAN' (the lower row alone names KECAMATAN twice):
    with the upper cells merged across, and typed in the first column only."""
    names = dict(zip(b["districts"].district_id, b["districts"].name, strict=True))
    upper = ["NO", "KODE", None, "NAMA", None, "KOORDINAT", None, "WAJIB KTP", "SIAP CETAK",
             None]
    lower = [None, "KECAMATAN", "KELURAHAN", "KECAMATAN", "KELURAHAN", "LINTANG", "BUJUR",
             None, "PEMULA", "PENGGANTIAN"]
    for merged in (True, False):
        book = Workbook()
        book.remove(book.active)
        sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES))
        ws = book.create_sheet("Kelurahan")
        ws.append(["DATA SIAP CETAK KTP-EL PER KELURAHAN"])
        ws.append([])
        ws.append(upper)
        ws.append(lower)
        for i, row in enumerate(b["areas"].itertuples(index=False), start=1):
            ws.append([i, row.district_id, row.area_id, names[row.district_id], row.name,
                       float(row.lat), float(row.lon), int(row.population),
                       int(row.first_time), int(row.replacement)])
        if merged:
            ws.merge_cells("A1:J1")
            for ref in ("B3:C3", "D3:E3", "F3:G3", "I3:J3", "A3:A4", "H3:H4"):
                ws.merge_cells(ref)
        book.save(HERE / f"kode-nama-over-two{'' if merged else '-unmerged'}.xlsx")
        if merged:  # a typo in the upper row: refused for it alone
            ws["H3"] = "WAJIB KTPP"
            book.save(HERE / "kode-nama-over-two-typo.xlsx")
    # The lower row alone names no header twice, but leaves blank the columns 'NAMA
    # KELURAHAN' and 'WAJIB KTP' the upper row names (typed there only, no merges).
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES))
    ws = book.create_sheet("Kelurahan")
    ws.append(["NO", "KODE", None, "NAMA KELURAHAN", "KOORDINAT", None, "WAJIB KTP",
               "SIAP CETAK", None])
    ws.append([None, "KECAMATAN", "KELURAHAN", None, "LINTANG", "BUJUR", None, "PEMULA",
               "PENGGANTIAN"])
    for i, row in enumerate(b["areas"].itertuples(index=False), start=1):
        ws.append([i, row.district_id, row.area_id, row.name, float(row.lat), float(row.lon),
                   int(row.population), int(row.first_time), int(row.replacement)])
    book.save(HERE / "upper-row-heads-blank-columns.xlsx")


def short_and_dated_headers(b: dict[str, pd.DataFrame]) -> None:
    """Headers as offices shorten them ('Kode Kel', 'Nama Kel', 'Kec', 'Kode Kec' beside
    'Nama Kec') and date them ('Pemula 2026', 'Penggantian s.d. 30/11/2026 (jiwa)',
    'Stok Tersedia per 30/11'); a tiers table naming the tiers in Bahasa Indonesia beside
    the English backlog columns; and an unknown header that may be the missing kecamatan."""
    short = b["areas"].rename(columns={"area_id": "Kode Kel", "name": "Nama Kel",
                                       "district_id": "Kec"})
    folder("kec-kel-short", {**b, "areas": short})
    names = dict(zip(b["districts"].district_id, b["districts"].name, strict=True))
    both = b["areas"].rename(columns={"area_id": "Kode Kel", "name": "Nama Kel",
                                      "district_id": "Kode Kec"})
    both.insert(3, "Nama Kec", [names[c] for c in b["areas"].district_id])
    sites = b["sites"].rename(columns={"district_id": "Kode Kec"})
    districts = b["districts"].rename(columns={"district_id": "Kode Kec", "name": "Nama Kec"})
    folder("kode-kec-nama-kec", {"districts": districts, "sites": sites, "areas": both})
    dated = b["areas"].rename(columns={"first_time": "Pemula Tahun 2026",
                                       "replacement": "Penggantian s.d. 30/11/2026 (jiwa)"})
    stock = b["sites"].rename(columns={"stock": "Stok Tersedia per 30/11"})
    folder("dated-headers", {**b, "areas": dated, "sites": stock})
    tiers = pd.DataFrame({"nama": ["Pemula", "Penggantian"], "urutan": ["1", "2"]})
    folder("tiers-indonesian-columns-english", {**b, "tiers": tiers})
    unknown = b["areas"].rename(columns={"district_id": "Lokasi Kec"})
    folder("unknown-header-may-be-kecamatan", {**b, "areas": unknown})


def qa9_formats_and_strikes(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa9's faults 1 and 2: a number format that shows another figure than the
    cell holds (`;;;`, `0"000"`, `#,##0,`), formats that show the figure (planned as
    clean), and an office row struck through in Excel (refused), one struck cell (not).

        python -c "import make_corpus as m; m.qa9_formats_and_strikes(m.base())"
    """
    sites = b["sites"].rename(columns=ID_SITES)

    def book_with(edit: Callable[[Any], None]) -> Workbook:
        book = Workbook()
        book.remove(book.active)
        sheet(book, "Kantor", sites, "DATA KANTOR")
        sheet(book, "Kelurahan", b["areas"].rename(columns=ID_AREAS),
              "REKAP SIAP CETAK PER KELURAHAN")
        sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
        edit(book)
        return book

    stock = get_column_letter(list(ID_SITES).index("stock") + 1)
    pemula = get_column_letter(list(ID_AREAS).index("first_time") + 1)
    stocked = next(i for i, v in enumerate(b["sites"].stock) if v not in ("", "0")) + 4

    def hidden_stock(book: Any) -> None:  # Excel shows an empty cell over the stock
        book["Kantor"][f"{stock}{stocked}"].number_format = ";;;"

    def literal_thousands(book: Any) -> None:  # 5 shown as 5000
        cell = book["Kantor"][f"{stock}{stocked}"]
        cell.value, cell.number_format = 5, '0"000"'

    def scaled(book: Any) -> None:  # a backlog shown in thousands ('1', '2rb')
        for row in range(4, 8):
            book["Kelurahan"][f"{pemula}{row}"].number_format = '#,##0,"rb"'

    def ordinary(book: Any) -> None:  # formats that show the figure itself
        shown = ["#,##0", "#,##0.00", "[$-421]#,##0", '"Rp"#,##0', '0 "lembar"',
                 '_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-', "#,##0;-#,##0;", "@", "0.000"]
        for row, fmt in enumerate(shown, start=4):
            book["Kelurahan"][f"{pemula}{row}"].number_format = fmt
        for cells in book["Kantor"].iter_rows(min_row=4):
            cells[list(ID_SITES).index("stock")].number_format = "#,##0"

    def struck_row(book: Any) -> None:  # an office the office crossed out
        for cell in book["Kantor"][stocked]:
            cell.font = Font(strike=True)

    def struck_cell(book: Any) -> None:  # one figure struck (a correction): no row
        book["Kantor"][f"{stock}{stocked}"].font = Font(strike=True)

    for name, edit in (("number-format-hidden-stock", hidden_stock),
                       ("number-format-literal-thousands", literal_thousands),
                       ("number-format-scaled-backlog", scaled),
                       ("number-format-ordinary", ordinary),
                       ("row-struck-through", struck_row),
                       ("cell-struck-through", struck_cell)):
        book_with(edit).save(HERE / f"{name}.xlsx")


def qa9_semicolon_dotted_coordinates(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa9's fault 3: ';' files whose coordinates are pasted from a map with a dot
    (-2.99562) and whose counts are Indonesian (1.200, 5.000; 1.200,00): the dotted
    coordinates made the files English, the counts refused as two readings or the files
    as "two ways of writing numbers". Planned as clean (docs: dotted coordinates in a ';'
    file prove nothing)."""
    sites, areas = b["sites"].copy(), b["areas"].copy()
    for frame, columns in ((sites, ["stock", "storage_cap"]), (areas, ["population"])):
        for column in columns:
            frame[column] = frame[column].map(id_number)
    folder("semicolon-dotted-coordinates-id-counts",
           {"districts": b["districts"], "sites": sites, "areas": areas}, sep=";", eol="\r\n")
    decimals = b["sites"].assign(stock=[f"{id_number(v)},00" if v not in ("", "0") else v
                                        for v in b["sites"].stock])
    folder("semicolon-dotted-coordinates-stock-decimal-comma",
           {"districts": b["districts"], "sites": decimals, "areas": b["areas"]}, sep=";")
    # a coordinate pasted to 3 decimals (-2.976): a map's decimal point, never -2976
    three = b["areas"].copy()
    three.loc[0, "lat"] = f"{float(three.loc[0, 'lat']):.3f}"
    folder("semicolon-dotted-coordinates-three-decimals",
           {"districts": b["districts"], "sites": sites, "areas": three}, sep=";")


def unclosed_quote(b: dict[str, pd.DataFrame]) -> None:
    """A double quote typed before an office's name on file line 3 and never closed: the
    parser reads the rest of the file as one cell; the refusal names line 3."""
    out = folder("unclosed-quote", b)
    lines = (out / "sites.csv").read_text(encoding="utf-8").split("\n")
    site, rest = lines[2].split(",", 1)
    lines[2] = f'{site},"{rest}'
    (out / "sites.csv").write_text("\n".join(lines), encoding="utf-8")


def qa10_misnamed_tables(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 1: an optional table under a sheet or file name not read (the
    measured km in a sheet 'Jarak Tempuh', the tiers' order in 'Prioritas' or
    `prioritas.csv`): only noted, the plan's km computed from the coordinates and
    first-time cards served first where the planner put replacements first. Refused now,
    naming the sheet or file to rename.

        python -c "import make_corpus as m; m.qa10_misnamed_tables(m.base())"
    """
    src = ROOT / "data" / "palembang" / "distances.csv"
    distances = pd.read_csv(src, dtype=str, keep_default_na=False)
    distances = distances[distances.area_id.isin(b["areas"].area_id)
                          & distances.site_id.isin(b["sites"].site_id)].reset_index(drop=True)
    tiers = pd.DataFrame({"Kelompok": ["Penggantian", "Pemula"], "Urutan": ["1", "2"]})

    def book_with(title: str, frame: pd.DataFrame) -> Workbook:
        book = Workbook()
        book.remove(book.active)
        sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
        sheet(book, "Kelurahan", b["areas"].rename(columns=ID_AREAS),
              "REKAP SIAP CETAK PER KELURAHAN")
        sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
        sheet(book, title, frame)
        return book

    book_with("Jarak Tempuh", distances.rename(columns={
        "area_id": "Kode Kelurahan", "site_id": "Kode Kantor", "km": "Jarak (km)"})).save(
        HERE / "qa10-distances-sheet-misnamed.xlsx")
    book_with("Prioritas", tiers).save(HERE / "qa10-tiers-sheet-misnamed.xlsx")
    out = folder("qa10-tiers-file-misnamed", b)
    tiers.to_csv(out / "prioritas.csv", index=False, sep=";", lineterminator="\r\n")


def qa10_offices_and_dates(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's faults 2 and 3: an office marked closed in a column not read (a
    `Status` of 'Tidak Aktif', a `Keterangan` 'Printer rusak', 'Tidak' under `Aktif`) was
    planned printing; the stock laid out one column a date (`01/11/2026 | 30/11/2026`,
    Excel date cells as headers) was read as nothing, a stock of 0 at every office.

        python -c "import make_corpus as m; m.qa10_offices_and_dates(m.base())"
    """
    sites = b["sites"].rename(columns=ID_SITES)
    printing = next(i for i, v in enumerate(b["sites"].printers) if v != "0"
                    and b["sites"].stock[i] in ("", "0"))
    idle = list(b["sites"].printers).index("0")

    def book_with(frame: pd.DataFrame) -> Workbook:
        book = Workbook()
        book.remove(book.active)
        sheet(book, "Kantor", frame, "DATA KANTOR")
        sheet(book, "Kelurahan", b["areas"].rename(columns=ID_AREAS),
              "REKAP SIAP CETAK PER KELURAHAN")
        sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
        return book

    status = ["Aktif"] * len(sites)
    status[printing] = "Tidak Aktif"
    book_with(sites.assign(Status=status)).save(HERE / "qa10-office-status-inactive.xlsx")
    # the office without printers marked so too: it prints nothing either way (plans)
    status = ["Aktif"] * len(sites)
    status[idle] = "Tidak Aktif"
    book_with(sites.assign(Status=status)).save(
        HERE / "qa10-office-status-inactive-no-printers.xlsx")
    remark = [""] * len(sites)
    remark[printing] = "Printer rusak sejak 20/11, tidak bisa cetak"
    out = folder("qa10-office-remark-printer-broken", {
        "districts": b["districts"].rename(columns=ID_DISTRICTS),
        "sites": sites.assign(Keterangan=remark),
        "areas": b["areas"].rename(columns=ID_AREAS)},
        files={"districts": "kecamatan.csv", "sites": "kantor.csv",
               "areas": "kelurahan.csv"}, sep=";", eol="\r\n")
    del out
    # the stock one column a date, the dates Excel date cells
    dated = sites.drop(columns=["Stok"])
    book = book_with(dated)
    ws = book["Kantor"]
    column = ws.max_column + 1
    for offset, day in enumerate((dt.datetime(2026, 11, 1), dt.datetime(2026, 11, 30))):
        cell = ws.cell(3, column + offset, day)
        cell.number_format = "dd/mm/yyyy"
        for row, stock in enumerate(b["sites"].stock, start=4):
            ws.cell(row, column + offset, (int(stock or 0) + 800) if offset == 0
                    else int(stock or 0))
    book.save(HERE / "qa10-stock-columns-by-date.xlsx")


def qa10_coordinates_misread(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 4: coordinates out of range for a reason the refusal did not say
    ("check the unit: counts are cards, distances km, coordinates degrees"): the latitude
    and longitude columns swapped (a GIS export's X, Y pasted under Lintang, Bujur), and
    coordinates with three decimals pasted into Indonesian Excel, which read their dot as
    a thousands separator (-2.976 became -2976, 104.752 became 104752) and saved them so.

        python -c "import make_corpus as m; m.qa10_coordinates_misread(m.base())"
    """
    areas = b["areas"].rename(columns=ID_AREAS)
    swapped = areas.rename(columns={"Lintang": "Bujur", "Bujur": "Lintang"})
    swapped = swapped[list(areas.columns)]
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
    sheet(book, "Kelurahan", swapped, "DATA KELURAHAN")
    sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    book.save(HERE / "qa10-coordinates-swapped.xlsx")

    def excel(text: str) -> str:  # what Indonesian Excel saves of a coordinate pasted
        whole, _, decimals = text.rstrip("0").partition(".")
        return whole + decimals if len(decimals) == 3 else text.replace(".", ",")

    thousands = b["areas"].rename(columns=ID_AREAS).copy()
    thousands.loc[2, "Lintang"] = "-2.976"
    thousands.loc[5, "Bujur"] = "104.752"
    for column in ("Lintang", "Bujur"):
        thousands[column] = thousands[column].map(excel)
    for column in ("Wajib KTP", "Pemula", "Penggantian"):
        thousands[column] = thousands[column].map(id_number)
    sites = b["sites"].rename(columns=ID_SITES).copy()
    for column in ("Lintang", "Bujur"):
        sites[column] = sites[column].map(lambda v: v.replace(".", ","))
    folder("qa10-coordinates-excel-thousands", {
        "districts": b["districts"].rename(columns=ID_DISTRICTS), "sites": sites,
        "areas": thousands}, files={"districts": "kecamatan.csv", "sites": "kantor.csv",
                                    "areas": "kelurahan.csv"}, sep=";", eol="\r\n")


def qa10_stock_not_printable(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 5: blanks at the office that are not to be printed ('Blangko
    Rusak', 'Stok Cadangan') or not there yet ('Stok Dalam Perjalanan') beside 'Stok' were
    ignored as unknown columns: if 'Stok' counts them, the plan prints damaged or reserved
    blanks, or blanks still on the road, and sends the office too few.

        python -c "import make_corpus as m; m.qa10_stock_not_printable(m.base())"
    """
    sites = b["sites"].rename(columns=ID_SITES).copy()
    stocked = [i for i, v in enumerate(b["sites"].stock) if v not in ("", "0")]
    for name, header, count in (("qa10-stock-damaged-beside-stok", "Blangko Rusak", "150"),
                                ("qa10-stock-in-transit-beside-stok", "Stok Dalam Perjalanan",
                                 "1000")):
        column = ["0"] * len(sites)
        for i in stocked:
            column[i] = count
        folder(name, {"districts": b["districts"].rename(columns=ID_DISTRICTS),
                      "sites": sites.assign(**{header: column}),
                      "areas": b["areas"].rename(columns=ID_AREAS)},
               files={"districts": "kecamatan.csv", "sites": "kantor.csv",
                      "areas": "kelurahan.csv"}, sep=";", eol="\r\n")


def qa10_distance_matrix(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 6: the measured km as an office draws them, a matrix with one
    column per office ('matriks jarak'): refused as "site_id is required but missing; add
    a column headed site_id" (under a title row: four lines, "did you mean area_id or
    km?"), which did not say to write one row per kelurahan and office.

        python -c "import make_corpus as m; m.qa10_distance_matrix(m.base())"
    """
    src = ROOT / "data" / "palembang" / "distances.csv"
    distances = pd.read_csv(src, dtype=str, keep_default_na=False)
    distances = distances[distances.area_id.isin(b["areas"].area_id)
                          & distances.site_id.isin(b["sites"].site_id)]
    matrix = distances.pivot(index="area_id", columns="site_id", values="km")
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
    sheet(book, "Kelurahan", b["areas"].rename(columns=ID_AREAS), "DATA KELURAHAN")
    sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    sheet(book, "Jarak", matrix.reset_index().rename(columns={"area_id": "Kode Kelurahan"}),
          "MATRIKS JARAK KELURAHAN KE KANTOR (KM)")
    book.save(HERE / "qa10-distance-matrix.xlsx")
    # the same matrix in a sheet 'Matriks Jarak': only noted, the km computed
    book["Jarak"].title = "Matriks Jarak"
    book.save(HERE / "qa10-distance-matrix-sheet-misnamed.xlsx")


def qa10_sheet_per_kecamatan(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 7: the kelurahan kept a sheet (file) per kecamatan, the first
    named 'Kelurahan': refused as two versions of one table, "keep only the sheet with
    the data you mean: delete the other", which planned one kecamatan's kelurahan if
    followed. Now said as parts (no kelurahan code in two), the fix to copy them into one.

        python -c "import make_corpus as m; m.qa10_sheet_per_kecamatan(m.base())"
    """
    areas = b["areas"].rename(columns=ID_AREAS)
    names = dict(zip(b["districts"].district_id, b["districts"].name, strict=True))
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
    for k, (code, part) in enumerate(areas.groupby("Kecamatan", sort=True)):
        sheet(book, "Kelurahan" if k == 0 else names[str(code)], part,
              f"DATA KELURAHAN KECAMATAN {names[str(code)].upper()}")
    sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    book.save(HERE / "qa10-kelurahan-sheet-per-kecamatan.xlsx")
    first = areas[areas.Kecamatan == DISTRICTS[0]]
    out = folder("qa10-kelurahan-file-per-kecamatan", {
        "districts": b["districts"].rename(columns=ID_DISTRICTS),
        "sites": b["sites"].rename(columns=ID_SITES), "areas": first},
        files={"districts": "kecamatan.csv", "sites": "kantor.csv", "areas": "kelurahan.csv"},
        sep=";")
    areas[areas.Kecamatan != DISTRICTS[0]].to_csv(out / "kelurahan_lainnya.csv", index=False,
                                                  sep=";")


def qa10_rounded_counts(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 8: a backlog estimated by a formula (=Wajib KTP x 10 %) in cells
    formatted '0' or '#,##0': Excel shows 907, the cell holds 906.9, and the refusal said
    "must be a whole number, got 906.9" of a figure the planner saw whole.

        python -c "import make_corpus as m; m.qa10_rounded_counts(m.base())"
    """
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
    sheet(book, "Kelurahan", b["areas"].rename(columns=ID_AREAS), "DATA KELURAHAN")
    sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    ws = book["Kelurahan"]
    population = list(ID_AREAS).index("population") + 1
    first = list(ID_AREAS).index("first_time") + 1
    for row in range(4, 9):  # (the value Excel saves for =F4*10%)
        cell = ws.cell(row, first, ws.cell(row, population).value * 0.1)
        cell.number_format = "#,##0"
    book.save(HERE / "qa10-rounded-counts.xlsx")


def qa10_dms_coordinates(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 9: the kelurahan's coordinates as a GPS or a map shows them, in
    degrees, minutes and seconds (3°0'28.9"LS, 104°44'37.0"BT): refused as "type numbers
    only (no text, units, or true/false)", which did not say how to convert them.

        python -c "import make_corpus as m; m.qa10_dms_coordinates(m.base())"
    """
    def dms(text: str, positive: str, negative: str) -> str:
        value = float(text)
        side, value = (positive if value >= 0 else negative), abs(value)
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        seconds = (value - degrees - minutes / 60) * 3600
        return f"{degrees}°{minutes}'{seconds:.1f}\"{side}"

    areas = b["areas"].rename(columns=ID_AREAS).copy()
    areas["Lintang"] = areas["Lintang"].map(lambda v: dms(v, "LU", "LS"))
    areas["Bujur"] = areas["Bujur"].map(lambda v: dms(v, "BT", "BB"))
    folder("qa10-dms-coordinates", {
        "districts": b["districts"].rename(columns=ID_DISTRICTS),
        "sites": b["sites"].rename(columns=ID_SITES), "areas": areas},
        files={"districts": "kecamatan.csv", "sites": "kantor.csv", "areas": "kelurahan.csv"},
        sep=";", eol="\r\n")


def qa10_coordinate_pairs(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 10: both coordinates in one cell as a map copies them
    ('-3.00802, 104.74360') under 'Koordinat': refused as "did you mean lat? if it holds
    lat, rename the column to lat", which would read no number.

        python -c "import make_corpus as m; m.qa10_coordinate_pairs(m.base())"
    """
    areas = b["areas"].rename(columns=ID_AREAS).copy()
    areas.insert(3, "Koordinat", [f"{lat}, {lon}" for lat, lon in
                                  zip(areas.Lintang, areas.Bujur, strict=True)])
    areas = areas.drop(columns=["Lintang", "Bujur"])
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
    sheet(book, "Kelurahan", areas, "DATA KELURAHAN")
    sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    book.save(HERE / "qa10-coordinate-pairs.xlsx")


def qa10_compound_workbooks() -> None:
    """Tester qa10's fault 11: a workbook Excel encrypted with a password to open (an OLE
    compound file holding an 'EncryptionInfo' and an 'EncryptedPackage' stream: the
    header and directory as Excel writes them, the encrypted bytes left out) was "cannot
    be read as .xlsx (BadZipFile): open it in Excel and save it again", which keeps the
    password.

        python -c "import make_corpus as m; m.qa10_compound_workbooks()"
    """
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + bytes.fromhex("3E000300FEFF0900")
    header += bytes(512 - len(header))
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + bytes(64)
                         for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage",
                                      "\x06DataSpaces"))
    (HERE / "qa10-workbook-encrypted.xlsx").write_bytes(header + directory + bytes(1024))


def qa10_pasted_column(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 12: the 'Pemula' column pasted over 'Penggantian' (the same
    figure in every row): planned `optimal`, as many replacements waiting as first-time
    applicants in every kelurahan.

        python -c "import make_corpus as m; m.qa10_pasted_column(m.base())"
    """
    areas = b["areas"].rename(columns=ID_AREAS).copy()
    areas["Penggantian"] = areas["Pemula"].map(id_number)
    areas["Pemula"] = areas["Pemula"].map(id_number)
    areas["Wajib KTP"] = areas["Wajib KTP"].map(id_number)
    for column in ("Lintang", "Bujur"):
        areas[column] = areas[column].map(lambda v: v.replace(".", ","))
    folder("qa10-pasted-column", {
        "districts": b["districts"].rename(columns=ID_DISTRICTS),
        "sites": b["sites"].rename(columns=ID_SITES), "areas": areas},
        files={"districts": "kecamatan.csv", "sites": "kantor.csv", "areas": "kelurahan.csv"},
        sep=";", eol="\r\n")


LETTERHEAD = ["PEMERINTAH KOTA PALEMBANG", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
              "Jl. Merdeka No. 1 Palembang 30131", "Telp. (0711) 123456, Fax. (0711) 123457",
              "Email: disdukcapil@palembang.go.id", "", "REKAPITULASI BACKLOG KTP-EL",
              "SIAP CETAK PER KELURAHAN", "Bulan: November 2026", "Tahun Anggaran: 2026", "",
              "Sumber data: SIAK", "Posisi: 30/11/2026", "Satuan: jiwa", "", ""]


def qa10_letterhead(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 13: a letterhead (kop surat), the report's title and its period
    above the table, 16 rows: the header was looked for in the first 15, and the file
    refused as six required columns missing. Planned as clean now.

        python -c "import make_corpus as m; m.qa10_letterhead(m.base())"
    """
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
    sheet(book, "Kelurahan", b["areas"].rename(columns=ID_AREAS))
    sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    ws = book["Kelurahan"]
    ws.insert_rows(1, len(LETTERHEAD))
    for row, text in enumerate(LETTERHEAD, start=1):
        ws.cell(row, 1, text or None)
    book.save(HERE / "qa10-letterhead.xlsx")
    out = folder("qa10-letterhead-csv", b)
    text = (out / "areas.csv").read_text(encoding="utf-8")
    (out / "areas.csv").write_text("".join(f"{line}{',' * 7}\n" for line in LETTERHEAD)
                                   + text, encoding="utf-8")


def qa10_kecamatan_first_row_only(b: dict[str, pd.DataFrame]) -> None:
    """Tester qa10's fault 14: the kecamatan typed in the first row of its block of
    kelurahan only (blank below, not merged), as a report shows it: refused with "fill in
    the id", which did not say that the kecamatan is to be filled down.

        python -c "import make_corpus as m; m.qa10_kecamatan_first_row_only(m.base())"
    """
    areas = b["areas"].rename(columns=ID_AREAS).copy()
    areas["Kecamatan"] = [code if i == 0 or code != areas.Kecamatan[i - 1] else ""
                          for i, code in enumerate(areas.Kecamatan)]
    book = Workbook()
    book.remove(book.active)
    sheet(book, "Kantor", b["sites"].rename(columns=ID_SITES), "DATA KANTOR")
    sheet(book, "Kelurahan", areas, "DATA KELURAHAN")
    sheet(book, "Kecamatan", b["districts"].rename(columns=ID_DISTRICTS))
    book.save(HERE / "qa10-kecamatan-first-row-only.xlsx")


if __name__ == "__main__":
    main()
