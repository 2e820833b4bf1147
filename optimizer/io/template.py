"""The input workbook a planner fills in (`blanko template PATH.xlsx`).

Sheets `Petunjuk` (instructions in Bahasa Indonesia and English), `sites`, `areas`,
`districts`, `tiers` and `distances`, with the headers `blanko plan --data` reads,
data validation on every number (whole numbers for counts, with model.md's bounds),
id columns formatted as text (so that Excel keeps `16.71.01` as typed), bold frozen
headers, and the bundled Palembang data as the example (replace it with your own).
Reading the written template back gives the example instance exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from optimizer.io.exports import atomic_file, save_workbook
from optimizer.schema import MAX_COUNT, Instance

# column -> (kind, lowest, highest, Indonesian, English)
COLUMNS: dict[str, dict[str, tuple[str, float, float, str, str]]] = {
    "sites": {
        "site_id": ("id", 0, 0, "kode kantor (unik)", "office code (unique)"),
        "name": ("text", 0, 0, "nama kantor", "office name"),
        "district_id": ("id", 0, 0, "kode (atau nama) kecamatan tempat kantor",
                        "code (or name) of the office's kecamatan"),
        "lat": ("decimal", -90, 90, "lintang (derajat desimal, contoh -2.99562)",
                "latitude (decimal degrees, e.g. -2.99562)"),
        "lon": ("decimal", -180, 180, "bujur (derajat desimal, contoh 104.75215)",
                "longitude (decimal degrees)"),
        "printers": ("whole", 0, 1000, "jumlah printer KTP-el yang berfungsi",
                     "working e-KTP printers"),
        "cards_per_printer_day": ("whole", 0, 100_000, "kartu per printer per hari kerja",
                                  "cards per printer per working day"),
        "working_days": ("whole", 0, 366, "hari kerja sampai pengiriman berikutnya",
                         "working days until the next shipment"),
        "stock": ("whole", 0, MAX_COUNT, "stok blangko di kantor (kosong = 0)",
                  "blanks already at the office (blank = 0)"),
        "storage_cap": ("whole", 0, MAX_COUNT, "daya tampung blangko (kosong = tanpa batas)",
                        "most blanks the office can hold (blank = no limit)"),
    },
    "areas": {
        "area_id": ("id", 0, 0, "kode kelurahan/desa (unik)", "kelurahan/desa code (unique)"),
        "name": ("text", 0, 0, "nama kelurahan/desa", "kelurahan/desa name"),
        "district_id": ("id", 0, 0, "kode (atau nama) kecamatan", "kecamatan code (or name)"),
        "lat": ("decimal", -90, 90, "lintang titik tengah", "latitude of its centre"),
        "lon": ("decimal", -180, 180, "bujur titik tengah", "longitude of its centre"),
        "population": ("whole", 0, MAX_COUNT, "jumlah wajib KTP (boleh kosong)",
                       "residents obliged to hold a KTP (may be blank)"),
        "first_time": ("whole", 0, MAX_COUNT, "antrean pemula (siap cetak)",
                       "first-time applicants waiting (print-ready)"),
        "replacement": ("whole", 0, MAX_COUNT, "antrean penggantian (rusak, hilang, perubahan)",
                        "replacements waiting (damaged, lost, changed data)"),
    },
    "districts": {
        "district_id": ("id", 0, 0, "kode kecamatan", "kecamatan code"),
        "name": ("text", 0, 0, "nama kecamatan", "kecamatan name"),
    },
    "tiers": {
        "name": ("text", 0, 0, "nama kelompok antrean (huruf kecil, angka, _)",
                 "tier name (lower case letters, digits, _)"),
        "order": ("whole", 1, 1000, "urutan prioritas (1 = paling didahulukan)",
                  "priority (1 = served first)"),
    },
    "distances": {
        "area_id": ("id", 0, 0, "kode kelurahan", "kelurahan code"),
        "site_id": ("id", 0, 0, "kode kantor", "office code"),
        "km": ("decimal", 0, 20_000, "jarak tempuh (km), menggantikan jarak garis lurus",
               "travel distance (km), replacing the computed one"),
    },
}

INSTRUCTIONS_ID = [
    "PETUNJUK PENGISIAN",
    "Isi satu baris per kantor (sheet sites), per kelurahan/desa (areas), per kecamatan "
    "(districts). Data contoh Kota Palembang boleh dihapus dan diganti.",
    "Judul kolom jangan diubah; judul dalam Bahasa Indonesia (mis. kode_kelurahan, "
    "wajib_ktp, stok) juga diterima.",
    "Angka boleh ditulis cara Indonesia (1.234 dan 3,5) atau Inggris; jika ragu, "
    "jalankan dengan --locale id.",
    "Antrean (first_time, replacement) wajib diisi, 0 jika tidak ada. Sel kosong, N/A "
    "atau - berarti tidak ada nilai.",
    "Kolom lain diabaikan (dengan catatan). Kelompok antrean lain: tambahkan di sheet "
    "tiers dan sebagai kolom di areas.",
    "Jalankan: blanko plan --data FILE.xlsx --blanks JUMLAH --xlsx laporan.xlsx",
]
INSTRUCTIONS_EN = [
    "HOW TO FILL IN",
    "One row per office (sheet sites), per kelurahan/desa (areas), per kecamatan "
    "(districts). The Palembang example may be deleted and replaced.",
    "Keep the headers; Indonesian headers (e.g. kode_kelurahan, wajib_ktp, stok) are "
    "accepted too.",
    "Numbers may be written the Indonesian way (1.234 and 3,5) or the English way; if "
    "in doubt, run with --locale id.",
    "Backlogs (first_time, replacement) are required, 0 where none. A blank cell, N/A or "
    "- means no value.",
    "Other columns are ignored (with a note). Other tiers: add them to the tiers sheet "
    "and as columns of areas.",
    "Run: blanko plan --data FILE.xlsx --blanks NUMBER --xlsx report.xlsx",
]


def template_workbook(example: Instance) -> Workbook:
    """The template as an openpyxl Workbook (not saved), filled with `example`."""
    book = Workbook()
    guide = book.active
    guide.title = "Petunjuk"
    _instructions(guide)
    rows = _rows(example)
    for table, columns in COLUMNS.items():
        sheet = book.create_sheet(table)
        header = list(columns)
        if table == "areas":
            header = header[:6] + list(example.tiers)
        sheet.append(header)
        for row in rows[table]:
            sheet.append([row.get(c) for c in header])
        _format(sheet, table, header, len(rows[table]))
    return book


def write_template(path: str | Path, example: Instance) -> None:
    """Save the template atomically (see `template_workbook`)."""
    book = template_workbook(example)
    with atomic_file(path, "wb") as stream:
        save_workbook(book, stream)


def _rows(instance: Instance) -> dict[str, list[dict[str, Any]]]:
    return {
        "sites": [s.model_dump() for s in instance.sites],
        "areas": [{**a.model_dump(exclude={"backlog"}), **a.backlog} for a in instance.areas],
        "districts": [d.model_dump() for d in instance.districts],
        "tiers": [{"name": t, "order": i + 1} for i, t in enumerate(instance.tiers)],
        "distances": [d.model_dump() for d in instance.distances],
    }


def _format(sheet: Any, table: str, header: list[str], n_rows: int) -> None:
    last = max(n_rows + 1, 1000)
    for c, name in enumerate(header, start=1):
        letter = get_column_letter(c)
        cell = sheet.cell(row=1, column=c)
        cell.font = Font(bold=True)
        kind, low, high, indonesian, english = COLUMNS[table].get(
            name, ("whole", 0, MAX_COUNT, f"antrean {name}", f"backlog of tier {name}"))
        sheet.column_dimensions[letter].width = max(len(name) + 4, 14 if kind != "text" else 30)
        span = f"{letter}2:{letter}{last}"
        if kind == "id":
            for r in range(2, n_rows + 2):
                sheet.cell(row=r, column=c).number_format = "@"
        elif kind in {"whole", "decimal"}:
            check = DataValidation(
                type="whole" if kind == "whole" else "decimal", operator="between",
                formula1=str(low), formula2=str(high), allow_blank=True,
                showErrorMessage=True, errorTitle="Angka tidak sah / Invalid number",
                error=f"{indonesian}: {low:g}..{high:g}. / {english}: {low:g}..{high:g}.",
                showInputMessage=True, promptTitle=name[:32],
                prompt=f"{indonesian} / {english}"[:255])
            sheet.add_data_validation(check)
            check.add(span)
    sheet.freeze_panes = "A2"


def _instructions(sheet: Any) -> None:
    sheet.column_dimensions["A"].width = 110
    row = 1
    for block in (INSTRUCTIONS_ID, INSTRUCTIONS_EN):
        for i, line in enumerate(block):
            cell = sheet.cell(row=row, column=1, value=line)
            cell.alignment = Alignment(wrap_text=True)
            if i == 0:
                cell.font = Font(bold=True, size=13)
            row += 1
        row += 1
    sheet.cell(row=row, column=1, value="KOLOM / COLUMNS").font = Font(bold=True, size=13)
    row += 1
    for table, columns in COLUMNS.items():
        for name, (_, _, _, indonesian, english) in columns.items():
            sheet.cell(row=row, column=1, value=f"{table}.{name}: {indonesian} / {english}")
            row += 1
