"""Headers and sheet names as people type them, read as model.md's field names.

A header is normalized (case folded, accents removed, brackets dropped, every run of
spaces, dots, dashes, slashes and colons made one `_`) and then looked up in the alias
table of its table. The table is the documentation: README-issue-10.md
lists the same aliases (the README test keeps the two in step).

Demand tiers are never inferred from columns: the tiers are declared (the defaults
`first_time` then `replacement`, or a `tiers` table, or `--tiers`), and a tier column
is found by its name or, for the default tiers, by an Indonesian alias. Any other
column is ignored with a note naming it, unless it looks like a known field, which is
an error with a "did you mean" (a typo in `stok` must not plan with no stock).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

# field -> accepted headers (normalized), in order of preference. Two headers of one table
# naming the same field are refused unless their values agree in every row (`resolve`);
# only a name, and a district given by code beside its name, keep the earlier alias.
# Not aliases, as they can mean something else: `stok_awal` (the stock at the start of a
# period, see PERIOD_WORDS) and `perekaman_baru` (residents recorded this month, not the
# print-ready backlog).
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "sites": {
        "site_id": ("site_id", "site", "office_id", "kode_kantor", "id_kantor", "kode_lokasi",
                    "kode_site", "kode_tempat_cetak"),
        "name": ("name", "office", "office_name", "nama", "nama_kantor", "nama_lokasi",
                 "kantor", "nama_lokasi_cetak", "nama_tempat_cetak", "lokasi_cetak"),
        "district_id": ("district_id", "district", "district_code", "kode_kecamatan",
                        "kode_kec", "id_kecamatan", "kecamatan", "kec", "nama_kec",
                        "nama_kecamatan"),
        "lat": ("lat", "latitude", "lintang", "garis_lintang", "koordinat_lintang",
                "koordinat_y", "coordinate_y"),
        "lon": ("lon", "lng", "long", "longitude", "bujur", "garis_bujur", "koordinat_bujur",
                "koordinat_x", "coordinate_x"),
        "printers": ("printers", "printer", "jumlah_printer", "printer_count", "mesin_cetak",
                     "jumlah_mesin_cetak", "jml_printer", "printer_aktif",
                     "jumlah_printer_aktif", "jumlah_mesin", "number_of_printers"),
        "cards_per_printer_day": ("cards_per_printer_day", "cards_per_printer_per_day",
                                  "kapasitas_per_printer_per_hari", "kapasitas_printer_per_hari",
                                  "kartu_per_printer_per_hari", "cetak_per_printer_per_hari",
                                  "kapasitas_per_printer_hari",
                                  "kapasitas_cetak_per_printer_per_hari",
                                  "kapasitas_cetak_printer_per_hari",
                                  "kapasitas_cetak_per_printer", "kartu_per_printer_hari",
                                  "kapasitas_per_printer", "kapasitas_printer"),
        "working_days": ("working_days", "days", "hari_kerja", "jumlah_hari_kerja",
                         "jml_hari_kerja", "hari_kerja_efektif"),
        "stock": ("stock", "stok", "stok_blangko", "stok_blanko", "persediaan",
                  "persediaan_blangko", "sisa_blangko", "sisa_stok", "jumlah_stok",
                  "jml_stok", "stok_tersedia", "stok_blangko_tersedia",
                  "stok_blanko_tersedia", "blangko_tersedia", "blanko_tersedia",
                  "blangko_tersisa", "blanko_tersisa", "sisa_blanko", "stok_blangko_ktp_el",
                  "stok_ktp_el", "stock_on_hand",
                  "blanks_in_stock", "stok_saat_ini", "stok_sekarang", "stok_terakhir",
                  "stok_hari_ini", "stok_blangko_saat_ini", "stok_blangko_terakhir",
                  "current_stock"),
        "storage_cap": ("storage_cap", "storage_capacity", "storage", "kapasitas_gudang",
                        "kapasitas_simpan", "daya_tampung", "kapasitas_penyimpanan",
                        "daya_tampung_gudang", "daya_simpan"),
    },
    "areas": {
        "area_id": ("area_id", "area", "area_code", "kode_kelurahan", "kode_desa", "kode_kel",
                    "id_kelurahan", "kode_wilayah", "kode_kelurahan_desa", "kode_desa_kelurahan",
                    "id_desa"),
        "name": ("name", "area_name", "nama", "nama_kelurahan", "nama_desa", "kelurahan",
                 "desa", "kelurahan_desa", "nama_kelurahan_desa", "desa_kelurahan",
                 "nama_desa_kelurahan", "kel", "nama_kel", "kel_desa", "nama_kel_desa"),
        "district_id": ("district_id", "district", "district_code", "kode_kecamatan",
                        "kode_kec", "id_kecamatan", "kecamatan", "kec", "nama_kec",
                        "nama_kecamatan"),
        "lat": ("lat", "latitude", "lintang", "garis_lintang", "koordinat_lintang",
                "koordinat_y", "coordinate_y"),
        "lon": ("lon", "lng", "long", "longitude", "bujur", "garis_bujur", "koordinat_bujur",
                "koordinat_x", "coordinate_x"),
        "population": ("population", "wajib_ktp", "jumlah_wajib_ktp", "penduduk_wajib_ktp",
                       "wktp", "jml_wajib_ktp", "wajib_ktp_el"),
    },
    "districts": {
        "district_id": ("district_id", "district", "district_code", "kode_kecamatan",
                        "kode_kec", "id_kecamatan", "kode", "kode_wilayah"),
        "name": ("name", "nama", "nama_kecamatan", "kecamatan", "district_name", "nama_kec"),
    },
    "distances": {
        "area_id": ("area_id", "area", "kode_kelurahan", "kode_desa", "kode_kel",
                    "kode_wilayah"),
        "site_id": ("site_id", "site", "kode_kantor", "id_kantor", "kode_lokasi"),
        "km": ("km", "distance_km", "distance", "jarak", "jarak_km", "jarak_tempuh"),
    },
    "tiers": {
        "name": ("name", "tier", "nama", "nama_tier", "kelompok", "nama_kelompok",
                 "golongan", "nama_golongan"),
        "order": ("order", "priority", "urutan", "prioritas", "no_urut", "nomor_urut",
                  "no_urutan", "urutan_prioritas"),
    },
}

# The planner's own shipments (`blanko evaluate --shipments`): a file of its own, not a
# table of an instance (so not in ALIASES, whose tables a data folder is read as).
SHIPMENT_ALIASES: dict[str, tuple[str, ...]] = {
    "site_id": ("site_id", "site", "office_id", "kode_kantor", "id_kantor", "kode_lokasi",
                "kode_site", "kode_tempat_cetak", "kantor",
                # the plan workbook's `Offices` sheet (optimizer.io.report), read back
                "office_code"),
    "blanks": ("blanks", "blanko", "blangko", "jumlah_blangko", "jumlah_blanko", "jml_blangko",
               "jml_blanko", "kiriman", "jumlah_kiriman", "kiriman_blangko", "alokasi",
               "alokasi_blangko", "blanks_shipped", "shipment",
               # sheets, pieces: one blank each ('Jumlah Dus | Jumlah Lembar', tester qa11a)
               "lembar", "jumlah_lembar", "jml_lembar", "lembar_blangko", "jumlah_lembar_blangko",
               "keping", "jumlah_keping", "jml_keping", "keping_blangko",
               # the plan workbook's `Offices` sheet (optimizer.io.report), read back
               "blanks_to_send", "blangko_dikirim"),
    # The office's name, read when the file has no id column (tester qa11a: `Nama Kantor |
    # Jumlah Blangko`), else checked against the id (optimizer.io.shipments.pins_for).
    "name": ("name", "nama", "nama_kantor", "office_name", "nama_lokasi", "nama_lokasi_cetak",
             "nama_tempat_cetak", "office"),
}
# Words of a shipments header counting boxes, not blanks ('Jumlah Dus'): never read as
# the blanks, and named in the refusal when no column of blanks is there.
BOX_WORDS = frozenset({"dus", "box", "boks", "boxes", "karton", "kardus", "koli", "pak",
                       "kotak"})


def _default_names(tier: str, tiers: Sequence[str]) -> tuple[str, ...]:
    """A declared tier named as a default tier is in Bahasa Indonesia ('Pemula' for
    first_time, 'Penggantian' for replacement): the default's headers name its backlog
    too (a `first_time` column beside a tiers table naming 'Pemula'), unless that default
    is declared as well or the name is an alias of more than one default."""
    key = normalize(tier)
    of = [d for d, names in TIER_ALIASES.items() if key in names and d != key]
    if len(of) != 1 or of[0] in {normalize(t) for t in tiers}:
        return ()
    return (of[0], *TIER_ALIASES[of[0]])


def aliases_of(table: str) -> dict[str, tuple[str, ...]]:
    """field -> accepted headers of a table (`ALIASES`, or `shipments`)."""
    return SHIPMENT_ALIASES if table == "shipments" else ALIASES[table]


# Headers of the default tiers' backlog columns (areas table).
TIER_ALIASES: dict[str, tuple[str, ...]] = {
    "first_time": ("first_time", "pemula", "baru", "belum_punya_ktp_el", "belum_punya_ktp",
                   "backlog_first_time", "cetak_baru", "ktp_el_baru",
                   "siap_cetak_pemula", "siap_cetak_baru",
                   # (the printable backlog of the tier: `BELUM CETAK` or `BACKLOG` over
                   # `Pemula`, a two-row header read as one)
                   "backlog_pemula", "belum_cetak_pemula"),
    "replacement": ("replacement", "penggantian", "pengganti", "ganti", "backlog_replacement",
                    "rusak_hilang_perubahan", "cetak_ulang", "siap_cetak_penggantian",
                    "rusak_hilang", "backlog_penggantian", "belum_cetak_penggantian"),
}

# Headers that may hold a tier's backlog but are read only beside a column read as it:
# 'KTP Baru' (a new card: a first-time applicant's, glossary 'baru'; or the cards newly
# printed). Beside 'Pemula' or 'first_time' it is a second candidate, compared as 'Pemula
# Update' is (refused naming both when the values differ, noted when they are the same):
# noted as ignored, its figures were never looked at. Alone it is not read, and the
# missing tier's refusal names it.
SECOND_CANDIDATES: dict[str, tuple[str, ...]] = {
    "first_time": ("ktp_baru", "e_ktp_baru", "ektp_baru", "ktp_el_baru_pemula",
                   "ktp_elektronik_baru", "pembuatan_ktp_baru", "permohonan_ktp_baru",
                   "cetak_ktp_baru"),
}

# Sheet names (or CSV file names) of each table, normalized like headers.
TABLE_ALIASES: dict[str, tuple[str, ...]] = {
    "sites": ("sites", "site", "offices", "office", "kantor", "kantor_cetak", "tempat_cetak",
              "lokasi_cetak", "lokasi"),
    "areas": ("areas", "area", "kelurahan", "desa", "kelurahan_desa", "wilayah"),
    "districts": ("districts", "district", "kecamatan"),
    "distances": ("distances", "distance", "jarak"),
    "tiers": ("tiers", "tier", "kelompok"),
}

# Headers that mean something else than a tier: named in the note that ignores them.
KNOWN_NOT_TIERS: dict[str, str] = {
    "jumlah": "a total (jumlah), not a tier",
    "total": "a total, not a tier",
    "jumlah_backlog": "a total, not a tier",
    "siap_cetak": "the printable backlog of all tiers together, not one tier",
    "prr": "the printable backlog of all tiers together, not one tier",
    "belum_cetak": "the printable backlog of all tiers together, not one tier",
    "jumlah_belum_cetak": "the printable backlog of all tiers together, not one tier",
    "suket": "residents holding a temporary certificate (suket), not one tier",
    "jumlah_suket": "residents holding a temporary certificate (suket), not one tier",
    "surat_keterangan": "residents holding a temporary certificate (suket), not one tier",
    "belum_rekam": "residents not yet recorded, who cannot be printed: not a tier",
    "jumlah_belum_rekam": "residents not yet recorded, who cannot be printed: not a tier",
    "belum_perekaman": "residents not yet recorded, who cannot be printed: not a tier",
    "sudah_rekam": "residents already recorded, not a tier",
    "perekaman_baru": "residents recorded this month, not the print-ready backlog of a tier",
    "perekaman": "residents recorded this month, not the print-ready backlog of a tier",
    "jumlah_perekaman": "residents recorded this month, not the print-ready backlog of a tier",
    "keterangan": "remarks",
    "catatan": "remarks",
    "no": "a row number",
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "sites": ("site_id", "district_id", "lat", "lon", "printers", "cards_per_printer_day",
              "working_days"),
    "areas": ("area_id", "district_id", "lat", "lon"),
    "districts": ("district_id",),
    "distances": ("area_id", "site_id", "km"),
    "tiers": ("name",),
    "shipments": ("site_id", "blanks"),
}

_SEPARATORS = re.compile(r"[\s.\-/\\:]+")
_DROPPED = re.compile(r"[#'\"`]")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# A date at the end of a header, as of which the figures are ('Stok per 30 Nov 2026',
# 'Stok (30/11/2026)', 'Stok tgl 30-11-2026', 'Stok Nov 2026', 'Penggantian (s.d.
# 30/11/2026)': s.d. is 'sampai dengan', up to): the field is the same.
_MONTHS = (r"(?:jan|feb|mar|apr|mei|may|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec)"
           r"[a-z]*\.?")
_AS_OF = re.compile(
    r"[\s,;(\[-]*(?:(?:per|pada|tgl\.?|tanggal|as\s+(?:of|at)|on|at|posisi|"
    r"s\.?\s?[./]?\s?d\.?|sampai(?:\s+dengan)?|hingga|until|up\s+to|bulan|bln\.?)\s*)*"
    r"(?P<date>"
    rf"\d{{1,2}}[\s./-]+(?:\d{{1,2}}|{_MONTHS})[\s./-]+\d{{2,4}}|{_MONTHS}[\s./-]+\d{{4}}|"
    # a month and the year's last two digits ("Pemula Nov'26")
    rf"{_MONTHS}\s*['\u2019]\s*\d{{2}}|"
    r"\d{4}-\d{1,2}-\d{1,2}|"
    # a day and month without the year ('Stok Tersedia per 30/11'), after a word saying so
    r"(?<=[a-z.\s])(?<![\d/.-])(?:[0-3]?\d[./-][01]?\d)(?![\d/.-])|"
    # a quarter or a half year, with or without its year ('Pemula TW IV 2026', 'Stok
    # Triwulan 3', 'Pemula Q4 2026', 'Penggantian Semester I 2026')
    r"(?<![a-z])(?:tw|triwulan|kuartal|quarter|q|semester|smt\.?)\s*(?:iv|i{1,3}|[1-4])"
    r"(?![a-z\d])(?:[\s/-]+(?:19|20)\d{2})?|"
    # a month named after the word 'bulan' ('Stok Bulan November'): a month alone could be
    # part of a name
    rf"(?:(?<=bulan\s)|(?<=bln\s)|(?<=bln\.\s)|(?<=bln\.)){_MONTHS}|"
    # a year alone ('Pemula 2026', 'Pemula Tahun 2026', 'Penggantian Thn. 2026')
    r"(?:(?:tahun|thn\.?|th\.?)\s*)?(?<![\d.,/-])(?:19|20)\d{2})\s*[)\]]?\s*$", re.I)


def as_of(header: object) -> str | None:
    """The date a header ends with ('30 Nov 2026' of 'Stok per 30 Nov 2026', '2026' of
    'Pemula Tahun 2026', '30/11' of 'Stok per 30/11'), before a unit in brackets too
    ('Pemula s.d. 30/11/2026 (jiwa)'), else None."""
    match = _AS_OF.search(_undated_unit(str(header)))
    if match is None or not str(header)[:match.start()].strip():
        return None
    return match["date"]


# A date cell of Excel read as a header ('2026-11-30 00:00:00').
_MIDNIGHT = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]00:00(?::00)?$")


def _office_day_rate(key: str) -> bool:
    """Whether a normalized header gives cards a day without a printer ('kapasitas_per_hari',
    'kapasitas_cetak_per_hari', 'kartu_per_hari', 'cards_per_day'): an office's rate or
    a printer's, it does not say."""
    words = set(key.split("_"))
    return bool({"hari", "day", "harian", "daily"} & words
                and {"kapasitas", "kartu", "cetak", "cards", "capacity"} & words
                and not {"printer", "printers", "mesin", "alat", "kerja", "working"} & words)


# Periods a working-days header may be given per ('Hari Kerja per Minggu', 'Hari Kerja
# Sebulan'): the word and its unit.
_DAY_PERIODS = {"minggu": "week", "seminggu": "week", "pekan": "week", "sepekan": "week",
                "mingguan": "week", "week": "week", "weekly": "week", "bulan": "month",
                "sebulan": "month", "bln": "month", "bulanan": "month", "month": "month",
                "monthly": "month"}


def _days_period(key: str) -> tuple[str, str] | None:
    """(word, 'week' or 'month') when a normalized header gives working days per a period
    ('hari_kerja_per_minggu', 'working_days_per_week'), else None."""
    words = key.split("_")
    if not ({"hari", "days", "day"} & set(words) and {"kerja", "working", "work"} & set(words)):
        return None
    word = next((w for w in words if w in _DAY_PERIODS), None)
    return None if word is None else (word, _DAY_PERIODS[word])


def date_only(header: object) -> str | None:
    """The date a header is and nothing else ('30/11/2026', '30 Nov 2026', 'Per 30/11',
    'Nov 2026', an Excel date cell '2026-11-30 00:00:00'), else None."""
    text = str(header).strip()
    midnight = _MIDNIGHT.match(text)
    if midnight:
        text = midnight.group(1)
    match = _AS_OF.search("x " + text)
    if match is None or match.start() > 1:
        return None
    return text


def _undated_unit(header: str) -> str:
    """The header without a unit in brackets at its end ('(jiwa)', '(lembar)'), when a
    date stands before it."""
    bracket = re.search(r"\s*[(\[]\s*([a-z]+)\s*[)\]]\s*$", header, re.I)
    if bracket is not None and bracket[1].casefold() in UNITS:
        return header[:bracket.start()]
    return header
# Units written after a header without brackets (`stok_lembar`, `jarak_km`): dropped when
# the header without them is a known one.
UNITS = frozenset({"lembar", "keping", "buah", "pcs", "unit", "km", "kilometer", "orang",
                   "jiwa", "derajat", "degrees"})
# Words that say nothing about which field a header is (`jumlah` is in every other header).
_STOPWORDS = frozenset({"jumlah", "jml", "kode", "id", "nama", "name", "per", "total", "no",
                        "nomor", "count", "code", "dan", "di", "yang", "data", "of", "the",
                        "number", "ktp", "el", "e", "kel", "kec", "site", "area", "kantor"})
# Words beyond those of the aliases that point to a field (a header holding one, and
# read as nothing, is refused when that field is missing: see `resolve`).
EXTRA_TOKENS: dict[str, frozenset[str]] = {
    "stock": frozenset({"saldo", "tersedia", "tersisa", "sisa", "blangko", "blanko",
                        "inventory", "awal"}),
    "storage_cap": frozenset({"gudang", "simpan", "penyimpanan", "tampung", "capacity"}),
    "printers": frozenset({"mesin", "printer", "alat"}),
    "cards_per_printer_day": frozenset({"kapasitas", "capacity", "produksi", "cetak"}),
    "working_days": frozenset({"hari", "kerja", "days", "efektif"}),
    "population": frozenset({"penduduk", "wajib", "wktp", "population", "residents"}),
    "order": frozenset({"urutan", "prioritas", "priority", "order", "rank", "peringkat"}),
    "km": frozenset({"jarak", "distance", "km"}),
}


def normalize(header: object) -> str:
    """'  Kode Kelurahan ' -> 'kode_kelurahan'; 'Jarak (km)' -> 'jarak_km'; 'First-Time' ->
    'first_time'. Accents, quotes and `#` are removed, brackets dropped, and every run of
    spaces, dots, dashes, slashes and colons made one `_`."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    text = _DROPPED.sub(" ", text.casefold()).replace("(", " ").replace(")", " ")
    text = text.replace("[", " ").replace("]", " ").replace(",", " ")
    return _SEPARATORS.sub("_", text).strip("_")


# Words that say a column is a newer version of another ('Pemula Update', 'Stok Terbaru',
# 'Update Stok', 'Daya Tampung Baru'), either side of a known header: such a column is a
# second candidate for the field (compared with the first, refused when they differ).
UPDATE_WORDS = frozenset({"update", "updated", "terbaru", "baru", "revisi", "revised", "rev",
                          "real", "koreksi", "perubahan", "new", "latest", "terkini",
                          "mutakhir", "diperbarui", "pembaruan", "final"})


# Words before a tier's name that say its column counts residents ('Jumlah Pemula').
_COUNT_WORDS = ("jumlah", "jml", "total")


def updated(header: object) -> bool:
    """Whether a header is a known one with an update word (`UPDATE_WORDS`) or a date
    ('Stok per 1 Des 2026') beside it: not the same header written twice."""
    parts = normalize(_AS_OF.sub("", str(header))).split("_")
    return as_of(header) is not None or (
        len(parts) > 1 and (parts[0] in UPDATE_WORDS or parts[-1] in UPDATE_WORDS))


# Words that say a column holds an earlier or a remaining figure ('Pemula Lama', 'Sisa
# Pemula', 'Stok Sebelumnya', 'Pemula Carried Over'), either side of a known header: beside
# a column read via an update word ('Pemula Baru'), it may be the old version of the figure
# or a part to add to the new one (`resolve` refuses the two).
OLD_WORDS: tuple[tuple[str, ...], ...] = (
    ("carried", "over"), ("carried", "forward"), ("carry", "over"), ("periode", "lalu"),
    ("bulan", "lalu"), ("lama",), ("sisa",), ("sebelumnya",), ("awal",), ("semula",),
    ("old",), ("previous",), ("prev",), ("carried",), ("tunggakan",), ("lalu",),
    ("original",), ("asli",))


# Fields that count (blanks, printers, residents): an old and a new column of one may be
# two parts of its figure.
_COUNTS = frozenset({"stock", "printers", "storage_cap", "population"})


def without_old(key: str) -> str | None:
    """'pemula_lama' -> 'pemula', 'sisa_stok' -> 'stok': a normalized header without the
    words of `OLD_WORDS` at either end, or None when it has none."""
    parts = key.split("_")
    stripped = False
    changed = True
    while changed:
        changed = False
        for phrase in OLD_WORDS:
            size = len(phrase)
            if len(parts) <= size:
                continue
            if tuple(parts[-size:]) == phrase:
                parts, changed = parts[:-size], True
            elif tuple(parts[:size]) == phrase:
                parts, changed = parts[size:], True
            if changed:
                stripped = True
                break
    return "_".join(parts) if stripped else None


def label(header: str, name: str) -> str:
    """A column as messages name it: its header, and the field it is read as in brackets
    when the header does not say it already ('Stok (lembar) (stock)'; 'Jarak (km)', read
    as km, not 'Jarak (km) (km)': tester qa9)."""
    if header == name or header.rstrip().casefold().endswith(f"({name.casefold()})"):
        return header
    return f"{header} ({name})"


def variants(header: object) -> tuple[str, ...]:
    """The keys a header may be known by, most literal first: 'Stok (lembar)' ->
    ('stok_lembar', 'stok'); 'stok_lembar' -> ('stok_lembar', 'stok'). Units in brackets
    and a trailing unit word (`UNITS`) are dropped in the later keys, then a date the
    header ends with ('Stok per 30 Nov 2026' -> ..., 'stok'), then the words that say it
    is a newer version at either end ('Pemula Update', 'Update Stok' -> ..., 'pemula',
    'stok': `UPDATE_WORDS`)."""
    full = normalize(header)
    out = [full]
    bare = normalize(_BRACKETED.sub(" ", str(header)))
    keys = [bare, full]
    if as_of(header) is not None:  # 'Stok per 30 Nov 2026' is known as 'Stok'
        undated = _AS_OF.sub("", _undated_unit(str(header)))
        keys += [normalize(_BRACKETED.sub(" ", undated)), normalize(undated)]
    for key in keys:
        parts = key.split("_")
        while len(parts) > 1 and parts[-1] in UNITS:
            parts.pop()
        out += [key, "_".join(parts)]
    for key in list(out):
        parts = key.split("_")
        while len(parts) > 1 and parts[-1] in UPDATE_WORDS:
            parts.pop()
        while len(parts) > 1 and parts[0] in UPDATE_WORDS:
            parts.pop(0)
        out.append("_".join(parts))
    worded = _worded_side(header)
    if worded is not None:  # 'Lintang Selatan' is known as 'Lintang' (its sign checked)
        out.append(worded[1])
    # 'KELURAHAN' merged over 'KODE | NAMA' (a two-row header read as one: 'Kelurahan
    # Kode') is 'Kode Kelurahan': a table's word before 'kode' or 'nama' is swapped, last.
    for key in list(out):
        parts = key.split("_")
        if len(parts) == 2 and parts[1] in _ID_WORDS:
            out.append(f"{parts[1]}_{parts[0]}")
    return tuple(dict.fromkeys(k for k in out if k))


# The words of an id or a name column, after the table's word in a two-row header.
_ID_WORDS = frozenset({"kode", "nama"})


def tokens(key: str) -> frozenset[str]:
    """The words of a normalized header that can point to a field (no `jumlah`, `kode`)."""
    return frozenset(t for t in key.split("_") if len(t) >= 3 and t not in _STOPWORDS
                     and t not in UNITS)


def field_tokens(table: str, tiers: Sequence[str] = ()) -> dict[str, frozenset[str]]:
    """field (or tier) -> the words pointing to it: its aliases' words and `EXTRA_TOKENS`.

    `name` is left out: a missing name changes no plan, so a header that merely shares a
    word with it (`Nama Kepala Kantor`) is ignored, not refused."""
    out: dict[str, frozenset[str]] = {}
    for name, names in aliases_of(table).items():
        if name != "name":
            words = set(EXTRA_TOKENS.get(name, frozenset()))
            for alias in names:
                words |= tokens(alias)
            out[name] = frozenset(words)
    if table == "areas":
        for tier in tiers:
            words = set(tokens(normalize(tier)))
            for alias in TIER_ALIASES.get(tier, ()):
                words |= tokens(alias)
            out[tier] = frozenset(words)
    return out


def _shares(words: frozenset[str], known: frozenset[str]) -> bool:
    """A word in common, or one typed slightly wrong (`stokk`, `blanko`/`blangko`)."""
    if words & known:
        return True
    return any(len(w) >= 4 and difflib.SequenceMatcher(None, w, k).ratio() >= 0.85
               for w in words for k in known)


# Words offices put before a table's name: 'Data Kantor', 'Daftar Kelurahan', 'Tabel Jarak'.
_TABLE_PREFIXES = ("data_", "daftar_", "tabel_", "table_")


# What a browser or a file manager adds to a copy's name: 'kelurahan (1)' (a download
# saved again), 'kantor - Copy', 'kantor - Salinan' (Windows in Indonesian), 'Copy of
# kantor'. The table is the name's without it (tester qa7: 'kantor (2).csv' and
# 'kelurahan (1).csv' uploaded to the page were "no sites table").
_COPY_SUFFIX = re.compile(r"(?i)(?:\s*\(\d{1,3}\)|\s*-\s*(?:copy|salinan)(?:\s*\(\d{1,3}\))?)$")
_COPY_PREFIX = re.compile(r"(?i)^(?:copy\s+of|salinan(?:\s+dari)?)\s+(?=\S)")


def copy_table_of(name: str) -> str | None:
    """The table of the name a copy's name was made from ('kelurahan (1)' -> 'areas',
    'Salinan kantor' -> 'sites'), or None when `name` has no copy's suffix or prefix or
    what is left is no table's name. (`folder_tables` reads such a file as the table only
    when no file has the table's own name: beside it, it is compared as a copy.)"""
    bare = _COPY_PREFIX.sub("", _COPY_SUFFIX.sub("", name.strip()))
    return None if bare == name.strip() else table_of(bare)


def table_of(name: str) -> str | None:
    """The table a sheet or CSV file name stands for ('KANTOR' -> 'sites', 'Data Kantor'
    -> 'sites'), or None."""
    key = normalize(name)
    for prefix in _TABLE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):]
            break
    for table, names in TABLE_ALIASES.items():
        if key in names:
            return table
    return None


# A stock header with one of these words is the stock at the start or end of a period
# (`Stok Awal`, `Stok Akhir` in a monthly stock report), not clearly the stock now.
STOCK_WORDS = frozenset({"stok", "stock", "persediaan", "saldo", "sisa", "blangko", "blanko",
                         "inventory"})
PERIOD_WORDS = frozenset({"awal", "akhir", "opening", "closing", "beginning", "begin",
                          "start", "end", "lalu", "kemarin", "sebelumnya", "previous"})
# A stock header with one of these words counts blanks that came in ('Stok Masuk Baru',
# 'Blangko Diterima', 'Penerimaan Stok' in a stock report): an inflow, not the blanks at
# the office now; whether the stock column counts them already cannot be told.
INFLOW_WORDS = frozenset({"masuk", "diterima", "terima", "penerimaan", "received", "incoming",
                          "inflow", "kiriman", "datang", "tambahan", "dropping",
                          # (blanks on their way: 'Stok Dalam Perjalanan', tester qa10)
                          "perjalanan", "transit"})
# ... and blanks at the office that are not to be printed ('Blangko Rusak', 'Stok
# Cadangan', 'Stok Dialokasikan'): whether the stock column counts them cannot be told
# either, and counted, the plan prints blanks that cannot be (tester qa10).
UNUSABLE_WORDS = frozenset({"rusak", "cacat", "gagal", "reject", "damaged", "defect",
                            "defective", "cadangan", "dicadangkan", "reserved", "reserve",
                            "dialokasikan", "teralokasi", "allocated", "terpesan",
                            "dipesan", "booked", "titipan", "kadaluarsa", "expired"})
# ... and blanks that went out ('Stok Keluar', 'Blangko Terpakai'): whether the stock
# column is net of them cannot be told either.
OUTFLOW_WORDS = frozenset({"keluar", "terpakai", "dipakai", "pemakaian", "penggunaan",
                           "used", "outflow", "issued"})
# (a column of the dates stock came in is no count)
_DATE_WORDS = frozenset({"tanggal", "tgl", "date", "waktu", "bulan", "hari"})

# The units a bracketed part of a header may name for each kind of field ('Stok (lembar)',
# 'Jarak (km)'): any other bracket ('Stok (dus)', 'Jarak Tempuh (menit)', '(per bulan)')
# is refused at its column, never dropped. Normalized like headers.
_CARDS = frozenset({"lembar", "keping", "buah", "bh", "pcs", "kartu", "cards", "card",
                    "blangko", "blanko", "blanks", "blank", "kpg", "lbr", "keping_kartu",
                    "lembar_kartu", "ktp_el", "e_ktp", "ektp", "lembar_ktp_el",
                    "keping_ktp_el", "kartu_ktp_el", "blangko_ktp_el", "lembar_ktp",
                    "keping_ktp", "blangko_ktp"})
_PEOPLE = frozenset({"orang", "org", "jiwa", "penduduk", "people", "persons", "residents"})
_DEGREES = frozenset({"derajat", "degrees", "degree", "deg", "desimal", "decimal", "dd",
                      "derajat_desimal", "decimal_degrees"})
UNIT_KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "stock": ("cards", _CARDS),
    "storage_cap": ("cards", _CARDS),
    "blanks": ("cards", _CARDS),
    "population": ("people", _PEOPLE),
    "printers": ("printers", frozenset({"unit", "buah", "bh", "pcs", "printer", "printers",
                                        "mesin", "aktif", "active", "working", "berfungsi"})),
    "cards_per_printer_day": ("rate", frozenset(
        {"kartu", "keping", "lembar", "cards", "per_hari", "hari", "per_day", "day",
         "kartu_per_hari", "keping_per_hari", "lembar_per_hari", "cards_per_day",
         "kartu_hari", "per_printer_per_hari", "kartu_per_printer_per_hari",
         "per_printer_per_day", "cards_per_printer_per_day", "keping_hari", "lembar_hari",
         "blangko_hari", "kpg_hari", "lbr_hari", "kartu_printer_hari", "keping_printer_hari",
         "lembar_printer_hari", "per_printer_hari", "keping_per_printer_per_hari",
         "lembar_per_printer_per_hari", "cards_printer_day"})),
    "working_days": ("days", frozenset({"hari", "days", "day", "hari_kerja",
                                        "working_days"})),
    "km": ("km", frozenset({"km", "kilometer", "kilometre", "kilometers", "kilometres"})),
    # A hemisphere ('Lintang (LS)', 'Bujur (BT)') is checked against the values' signs
    # (HEMISPHERES, files._hemispheres), not accepted as a unit.
    "lat": ("latitude", _DEGREES),
    "lon": ("longitude", _DEGREES),
}
# What each kind must be, as the refusal says it (optimizer/i18n/problems.py knows each).
UNIT_EXPECTED: dict[str, str] = {
    "cards": "a number of cards (lembar, keping)",
    "people": "a number of residents (orang, jiwa)",
    "printers": "a number of working printers",
    "rate": "cards per printer per working day (per hari)",
    "days": "a number of working days (hari)",
    "km": "road km",
    "latitude": "decimal degrees (negative south of the equator)",
    "longitude": "decimal degrees east (e.g. 104.75)",
    "backlog": "a number of residents (orang, jiwa) or cards (keping)",
}


# Metres written after a distance header ('Jarak Meter', 'Jarak (m)'): never renamed to km
# (a 1,000 x misread), nor read as km; the fix says to convert.
METRES = frozenset({"m", "meter", "metre", "meters", "metres", "mtr", "meteran"})
METRES_FIX = ("convert the values from metres to km (divide by 1000: 2176 metres is 2.176 "
              "km) and head the column km")


def metres_header(key: str, lookup: Mapping[str, tuple[str, int, bool]]) -> str | None:
    """The field a header names with a trailing metre word ('jarak_meter' -> 'km'), else
    None. Only for km: 'Jarak Meter' holds metres, whatever it is renamed to."""
    parts = key.split("_")
    if len(parts) < 2 or parts[-1] not in METRES:
        return None
    found = lookup.get("_".join(parts[:-1]))
    return "km" if found is not None and found[0] == "km" else None


def bracketed(header: object) -> list[str]:
    """The bracketed parts of a header as typed: 'Stok (dus)' -> ['dus']."""
    return [m.group(0)[1:-1].strip() for m in _BRACKETED.finditer(str(header))
            if normalize(m.group(0))]


# A latitude header's bracket saying south ('Lintang (LS)', Lintang Selatan): accepted over
# negative values (south, as decimal degrees write it); over a positive one the sign
# cannot be told (files._hemispheres).
SOUTH = frozenset({"ls", "lintang_selatan", "selatan", "south", "s"})


# A coordinate header's bracket naming its hemisphere, and the sign of the decimal degrees
# it goes with: 'Lintang (LU)' (lintang utara) is north, +; 'Bujur (BB)' (bujur barat) is
# west, -. The values' signs are checked against it (files._hemispheres): a header and a
# sign that disagree are refused, never read one way silently.
HEMISPHERES: dict[str, dict[str, int]] = {
    "lat": {**dict.fromkeys(SOUTH, -1),
            **dict.fromkeys(("lu", "lintang_utara", "utara", "north", "n"), 1)},
    "lon": {**dict.fromkeys(("bt", "bujur_timur", "timur", "east", "e"), 1),
            **dict.fromkeys(("bb", "bujur_barat", "barat", "west", "w"), -1)},
}


# A coordinate header naming its hemisphere in words, with no bracket: 'Lintang Selatan',
# 'Bujur Timur', 'Latitude South', or the bare 'LS' / 'BT' heading the column. Read as the
# coordinate word alone (`variants`), its sign checked as 'Lintang (LS)''s is.
_COORDINATE_WORDS = {"lat": ("lintang", "garis_lintang", "koordinat_lintang", "latitude", "lat"),
                     "lon": ("bujur", "garis_bujur", "koordinat_bujur", "longitude", "lon")}
BARE_SIDES = {"ls": "lintang", "lu": "lintang", "bt": "bujur", "bb": "bujur"}


def _worded_side(header: object) -> tuple[str, str, str] | None:
    """(target, the coordinate word's key, the hemisphere word as typed) of a header like
    'Lintang Selatan' ('lat', 'lintang', 'Selatan') or 'LS' ('lat', 'lintang', 'LS')."""
    key = normalize(_BRACKETED.sub(" ", str(header)))
    if key in BARE_SIDES:
        word = BARE_SIDES[key]
        return ("lat" if word == "lintang" else "lon"), word, str(header).strip()
    for target, words in _COORDINATE_WORDS.items():
        for word in words:
            side = key[len(word) + 1:] if key.startswith(word + "_") else ""
            if side and side in HEMISPHERES[target] and len(side) > 1:
                typed = str(header).strip().split()
                return target, word, typed[-1] if typed else side
    return None


def without_side(header: object) -> str | None:
    """The header without the hemisphere word it names in words ('Lintang Selatan' ->
    'Lintang', 'LS' -> 'Lintang'), None for another header ('Lintang (LS)' included)."""
    worded = _worded_side(header)
    if worded is None or any(normalize(u) in HEMISPHERES[worded[0]] for u in bracketed(header)):
        return None
    typed = str(header).strip().split()
    return " ".join(typed[:-1]) if len(typed) > 1 else worded[1].capitalize()


def hemisphere(target: str, header: object) -> tuple[str, int] | None:
    """('LU', 1) for 'Lintang (LU)' read as lat, ('BB', -1) for 'Bujur (BB)' read as lon:
    the bracket naming the coordinate's hemisphere and its sign, else None. A header naming
    it in words ('Lintang Selatan', 'Bujur Timur', a bare 'LS') too: ('Selatan', -1)."""
    sides = HEMISPHERES.get(target)
    if not sides:
        return None
    found = next(((u, sides[normalize(u)]) for u in bracketed(header)
                  if normalize(u) in sides), None)
    if found is None:
        worded = _worded_side(header)
        if worded is not None and worded[0] == target:
            word = worded[2]
            found = (word, sides[normalize(word)] if normalize(word) in sides
                     else sides[normalize(header)])
    return found


def unit_problem(target: str, header: object) -> tuple[str, str] | None:
    """(message, fix) when a bracket of `header` names a unit `target` is not counted in
    ('Stok (dus)', 'Hari Kerja (minggu)', 'Jarak Tempuh (menit)'), else None. A default
    tier's (or a declared tier's) backlog is counted in cards or residents."""
    kind, accepted = UNIT_KINDS.get(target, ("backlog", _CARDS | _PEOPLE))
    if target not in UNIT_KINDS and target in {f for t in ALIASES.values() for f in t}:
        return None  # ids and names: a bracket says nothing about a count
    for unit in bracketed(header):
        if _AS_OF.fullmatch(f"({unit})"):
            continue  # 'Stok (30/11/2026)': the date of the figures, no unit
        if normalize(unit) in HEMISPHERES.get(target, {}):
            continue  # 'Lintang (LS)': checked against its values' signs (files._hemispheres)
        if set(normalize(unit).split("_")) <= UPDATE_WORDS:
            continue  # 'Stok (revisi)': a newer version (see `updated`), no unit
        if kind == "km" and normalize(unit) in METRES:
            return (f"has the unit '{unit}', but {target} must be {UNIT_EXPECTED[kind]}",
                    METRES_FIX)
        if normalize(unit) not in accepted:
            return (f"has the unit '{unit}', but {target} must be {UNIT_EXPECTED[kind]}",
                    f"convert the values to {UNIT_EXPECTED[kind]} and remove '({unit})' "
                    "from the header")
    return None


# Words Excel and people add to a copy of a sheet: 'areas (2)', 'Copy of areas',
# 'Salinan areas', 'areas - copy', 'areas lama'.
_COPY_WORDS = frozenset({"copy", "of", "salinan", "dari", "kopi", "salin", "lama", "old",
                         "backup", "cadangan", "revisi", "rev", "baru", "new"})


def copy_of(name: str) -> str | None:
    """The table a sheet named like a copy of its sheet stands for ('areas (2)' ->
    'areas'), or None (the table's own name, or no table's)."""
    if table_of(name) is not None:
        return None
    words = [w for w in normalize(name).split("_") if w not in _COPY_WORDS and not w.isdigit()]
    return table_of("_".join(words)) if words else None


# A header about printers that do not work: 'Printer Rusak', 'Printer Tidak Berfungsi'.
_PRINTER_WORDS = frozenset({"printer", "printers", "mesin", "alat", "perangkat"})
_BROKEN_WORDS = frozenset({"rusak", "mati", "broken", "damaged", "faulty", "nonaktif",
                           "rusak_berat", "rusak_ringan", "error"})
_BROKEN_PHRASES = ("tidak_berfungsi", "tidak_aktif", "non_aktif", "tidak_jalan",
                   "tidak_bisa", "not_working", "out_of_order", "tidak_dapat_digunakan",
                   "tdk_berfungsi", "tdk_aktif")


# Words that say broken printers were mended: 'Printer Rusak Diperbaiki' counts working ones.
_MENDED_WORDS = frozenset({"diperbaiki", "sudah_diperbaiki", "repaired", "fixed"})


def _broken_printers(key: str) -> bool:
    words = set(key.split("_"))
    return bool(words & _PRINTER_WORDS) and not words & _MENDED_WORDS and bool(
        words & _BROKEN_WORDS or any(p in key for p in _BROKEN_PHRASES))


# Words of a sub-header that counts the printers that work ('Printer' over 'Jumlah | Aktif').
_WORKING_WORDS = frozenset({"aktif", "active", "working", "berfungsi", "baik", "jalan",
                            "operasional", "digunakan", "dipakai", "siap"})


def working_printers(text: str) -> bool:
    """True for a header that counts printers that work ('Aktif', 'Berfungsi', 'Baik'),
    not broken ones ('Tidak Aktif', 'Rusak')."""
    key = normalize(text)
    words = set(key.split("_"))
    return bool(words & (_WORKING_WORDS | _MENDED_WORDS)) and not (
        words & _BROKEN_WORDS or any(p in key for p in _BROKEN_PHRASES)
        or words & {"tidak", "tdk", "non", "not", "no"})


# Periods a printer's rate may be given in other than the working day: longer ones (the
# rate divided by their working days is a day's) and shorter ones (multiplied by how many
# of them a printer prints a day).
_LONGER = frozenset({"bulan", "bln", "bulanan", "month", "monthly", "minggu", "pekan",
                     "mingguan", "week", "weekly", "tahun", "thn", "tahunan", "year",
                     "yearly", "semester", "triwulan", "quarter"})
_SHORTER = frozenset({"jam", "hour", "hourly", "menit", "minute", "shift", "sif"})
# Words of a rate per printer ('Kapasitas per Printer', 'Kartu per Printer per Jam').
_RATE_WORDS = frozenset({"kapasitas", "capacity", "kartu", "cards", "card", "cetak",
                         "produksi", "output", "keping", "lembar", "blangko", "blanko"})


def rate_period(header: object) -> tuple[str, bool] | None:
    """The period word as typed of a header giving a rate per printer in another period
    than the working day, and whether it is longer than a day: 'Kapasitas Printer per
    Bulan' -> ('Bulan', True), 'Kartu per Printer per Jam' -> ('Jam', False); else None."""
    words = set(normalize(header).split("_"))
    if not words & _PRINTER_WORDS or not words & _RATE_WORDS:
        return None
    for typed in re.split(r"[\s._\-/\\:()\[\],]+", str(header)):
        if normalize(typed) in _LONGER | _SHORTER:
            return typed, normalize(typed) in _LONGER
    return None


def _about_printers(key: str) -> bool:
    """A header about printers ('Printer Berfungsi', 'Printer Cadangan'): beside the
    printers column read, which of the two counts the working printers cannot be known."""
    return bool(set(key.split("_")) & (_PRINTER_WORDS - {"alat", "perangkat"}))


# Kelurahan (urban) and desa (rural) are both areas: a kabupaten's planner may keep them
# in two sheets or files, each with rows of its own.
_AREA_KINDS = frozenset({"kelurahan", "desa"})


def may_be_parts(table: str, one: str, other: str) -> bool:
    """Whether two sheets or files of one table may each hold a part of its rows
    (`Kelurahan` and `Desa`), not two versions of them (`sites.csv` and `Sites.csv`)."""
    words = [set(normalize(n).split("_")) & _AREA_KINDS for n in (one, other)]
    return table == "areas" and bool(words[0]) and bool(words[1]) and words[0] != words[1]


def named_like(name: str) -> str | None:
    """The table whose name a sheet or file name holds among other words ('Kelurahan
    Update', 'kelurahan_terbaru', 'Kelurahan Kota Kami' -> 'areas'), or None (a table's
    own name, a copy's (`copy_of`), or no table's name in it)."""
    if table_of(name) is not None:
        return None
    words = [w for w in normalize(name).split("_") if w]
    for length in range(len(words), 0, -1):
        for start in range(len(words) - length + 1):
            table = table_of("_".join(words[start:start + length]))
            if table is not None:
                return table
    return None


@dataclass
class Columns:
    """How one table's headers were read."""

    fields: dict[str, int] = field(default_factory=dict)        # field -> column position
    tiers: dict[str, int] = field(default_factory=dict)         # tier -> column position
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (header, field)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (header, why)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (header, message, fix)
    # A kecamatan's name column beside its code column (the code read as district_id, the
    # name ignored): field -> position of the name column.
    alternate: dict[str, int] = field(default_factory=dict)


_CODE_OR_NAME = {"district_id": frozenset({"kecamatan", "nama_kecamatan", "kec", "nama_kec"})}


def _either_may_win(target: str, key: str, other: str) -> bool:
    """Two columns of one field where the earlier alias is read and the other only noted:
    names (no figure of a plan depends on them) and a kecamatan's code beside its name."""
    names = _CODE_OR_NAME.get(target)
    return target == "name" or (names is not None and (key in names) != (other in names))


def _unusable(stock: str | None) -> tuple[str, str]:
    if stock is None:
        return ("counts blanks at the office that are not to be printed (rusak, cadangan), "
                "not the blanks it can print now",
                "head the column of the blanks the office can print now stock (these left "
                "out), and delete this column")
    return (f"counts blanks at the office that are not to be printed (rusak, cadangan), "
            f"beside '{stock}': whether '{stock}' counts them cannot be told",
            f"write in '{stock}' only the blanks that can be printed now (subtract these if "
            "it counts them), then delete this column")


def _outflow(stock: str | None) -> tuple[str, str]:
    if stock is None:
        return ("counts blanks that went out (stok keluar), not the blanks at the office now",
                "head the column of the blanks at the office now stock (these left out), "
                "and delete this column")
    return (f"counts blanks that went out (stok keluar): whether '{stock}' is the stock "
            "before or after them cannot be told",
            f"write in '{stock}' the blanks at the office now (subtract these if it still "
            "counts them), then delete this column")


# Columns of blanks beside the stock that the stock may or may not count: (their words,
# the problem and fix said of them, given the stock column's header).
_BESIDE_STOCK: tuple[tuple[frozenset[str], Callable[[str | None], tuple[str, str]]], ...] = (
    (UNUSABLE_WORDS, _unusable), (OUTFLOW_WORDS, _outflow))


def _rename_fix(key: str, which: str, field: str) -> str:
    """The fix of an unknown column that may hold `field`: rename it if it holds it. A
    capacity said of no printer ('Kapasitas Kantor'; a rate a day is asked about before,
    `_office_day_rate`) may be the office's day with all its printers: renamed as it is,
    its capacity is counted once per printer (tester qa11c), so the fix says to divide it
    first."""
    if field == "cards_per_printer_day" and not set(key.split("_")) & _PRINTER_WORDS:
        return ("if it holds the cards one printer prints in a working day, rename the "
                "column to cards_per_printer_day; if it holds the office's cards a day with "
                "all its printers, divide each by the office's printers first (2 printers "
                "at 300 a day is 150), then rename it; if not, delete the column")
    return f"if it holds {which}, rename the column to {field}; if not, delete the column"


def _stock_inflow(texts: Sequence[str], used: set[int], out: Columns) -> None:
    """Refuse a column of blanks that came in ('Stok Masuk Baru', `INFLOW_WORDS`): ignored,
    blanks at the office but not in the stock column would be planned as missing (more
    shipped there than needed, fewer elsewhere); added, blanks the stock counts already or
    not yet arrived would be planned twice. Which is meant is the planner's to say. The
    same for blanks that went out ('Stok Keluar', `OUTFLOW_WORDS`): a stock before them
    plans blanks the office no longer has."""
    for position, header in enumerate(texts):
        said = set(normalize(header).split("_"))
        if position in used or not said & STOCK_WORDS or said & _DATE_WORDS:
            continue
        beside = next((said_of for words, said_of in _BESIDE_STOCK
                       if said & words and not said & INFLOW_WORDS), None)
        if beside is not None:
            # Without a stock column these are not the stock either: said as what they
            # are, not as an unknown column whose nearest known name is stock (renamed so,
            # blanks that went out would be planned as blanks at the office).
            used.add(position)
            stock = texts[out.fields["stock"]] if "stock" in out.fields else None
            message, fix = beside(stock)
            out.errors.append((header, message, fix))
            continue
        if not said & INFLOW_WORDS:
            continue
        used.add(position)
        if "stock" in out.fields:
            stock = texts[out.fields["stock"]]
            out.errors.append((
                header, f"counts blanks that came in (stok masuk), beside '{stock}', which "
                        f"is read as stock: whether '{stock}' counts them already cannot be "
                        "told",
                f"if these blanks are at the office and not counted in '{stock}', add them "
                f"to '{stock}'; if '{stock}' counts them already, or they have not arrived, "
                "leave them out; then delete this column"))
        else:
            out.errors.append((
                header, "counts blanks that came in (stok masuk), not clearly the blanks at "
                        "the office now",
                "head the column of the blanks at the office now stock (these included if "
                "they are at the office), and delete this column"))


def resolve(table: str, headers: Sequence[object], tiers: Sequence[str] = (),
            same: Callable[[int, int], bool] | None = None,
            numbers: Sequence[int] = (),
            differ: Callable[[int, int], Sequence[int]] | None = None) -> Columns:
    """Which column holds which field (and, for areas, which tier's backlog).

    `headers` are the cells of the header row as read; `tiers` the declared tiers;
    `same(i, j)` whether columns i and j hold the same value in every row (two columns
    read as one field are refused unless they do; without `same`, always); `numbers`
    the file's column number of each header cell (an empty column dropped before leaves
    a gap; without it, 1..n) for the messages; `differ(i, j)` the file rows where columns
    i and j differ, named when two columns of one field are refused.
    Missing required fields, typos of known fields, headers given twice, two columns of
    one field, a stock of a period and units a field is not counted in end up in
    `errors` as (header, message, fix); nothing is raised here.
    """
    aliases = aliases_of(table)
    lookup: dict[str, tuple[str, int, bool]] = {}  # normalized -> (field, rank, is_tier)
    for name, names in aliases.items():
        for rank, alias in enumerate(names):
            lookup.setdefault(alias, (name, rank, False))
    if table == "areas":
        for tier in tiers:
            names = (tier, *TIER_ALIASES.get(tier, ()), *_default_names(tier, tiers))
            # 'Jumlah Pemula', 'Jml Penggantian', 'Total Pemula': the tier's count, as
            # 'Jumlah Printer' is the printers' (not 'Jumlah Baru': 'baru' may say the
            # total is updated, `UPDATE_WORDS`).
            names += tuple(f"{word}_{normalize(n)}" for word in _COUNT_WORDS for n in names
                           if normalize(n) not in UPDATE_WORDS)
            for rank, alias in enumerate(names):
                key = normalize(alias)
                if key not in lookup or lookup[key][2]:
                    lookup[key] = (tier, rank, True)
    def number(position: int) -> int:
        return numbers[position] if position < len(numbers) else position + 1

    out = Columns()
    chosen: dict[tuple[str, bool], tuple[int, int]] = {}  # target -> (rank, position)
    others: dict[tuple[str, bool], list[int]] = {}  # target -> other columns read as it
    texts = [str(h).strip() for h in headers]
    keys = [next((k for k in variants(h) if k in lookup), normalize(h)) for h in texts]
    for position, header in enumerate(texts):
        key = keys[position]
        if key not in lookup:
            continue
        target, rank, is_tier = lookup[key]
        previous = chosen.get((target, is_tier))
        if previous is not None and keys[previous[1]] == key \
                and not updated(header) and not updated(texts[previous[1]]):
            what = f"tier {target}" if is_tier else target
            out.errors.append((header, f"appears twice (columns {number(previous[1])} and "
                                       f"{number(position)}), both read as {what}",
                               "keep one of the two columns"))
            continue
        if previous is not None and _either_may_win(target, key, keys[previous[1]]):
            if rank < previous[0]:
                out.ignored.append((texts[previous[1]], f"{target} is read from '{header}'"))
                chosen[(target, is_tier)] = (rank, position)
                ignored = previous[1]
            else:
                out.ignored.append((header, f"{target} is read from '{texts[previous[1]]}'"))
                ignored = position
            if keys[ignored] in _CODE_OR_NAME.get(target, ()):
                out.alternate[target] = ignored
            continue
        if previous is None or rank < previous[0]:
            if previous is not None:
                others.setdefault((target, is_tier), []).append(previous[1])
            chosen[(target, is_tier)] = (rank, position)
        else:
            others.setdefault((target, is_tier), []).append(position)
    taken = {p for _, p in chosen.values()} | {p for ps in others.values() for p in ps}
    for (target, is_tier) in chosen:
        seconds = SECOND_CANDIDATES.get(target, ()) if is_tier else ()
        for position, header in enumerate(texts):
            if seconds and position not in taken and any(k in seconds for k in variants(header)):
                others.setdefault((target, is_tier), []).append(position)
                taken.add(position)
    for (target, is_tier), (_, position) in chosen.items():
        (out.tiers if is_tier else out.fields)[target] = position
        if texts[position] != target:
            out.renamed.append((texts[position], f"tier {target}" if is_tier else target))
        what = f"tier {target}" if is_tier else target
        for other in sorted(others.get((target, is_tier), [])):
            if same is not None and same(position, other):
                out.ignored.append((texts[other], f"{target} is read from "
                                                  f"'{texts[position]}'"))
                continue
            first, second = sorted((position, other))
            # Which one the planner meant cannot be known (`Perekaman Baru` beside `Siap
            # Cetak Pemula`, `Jumlah Printer` beside `Printer Aktif`): never pick one.
            rows = list(differ(first, second)) if differ is not None else []
            where = ""
            if rows:
                # Which rows, so the planner can look (up to 5, and how many in all).
                shown = ", ".join(str(r) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
                where = f" in {len(rows)} row(s) (rows {shown})"
            out.errors.append((texts[second], f"and '{texts[first]}' (columns {number(first)} and "
                                              f"{number(second)}) are both read as {what}, and "
                                              f"their values differ{where}",
                               f"keep the column that holds {what} and delete the other "
                               "(or rename it to a header that is not read)"))
        problem = unit_problem(target, texts[position])
        if problem is not None:
            out.errors.append((texts[position], *problem))
    used = set(out.fields.values()) | set(out.tiers.values())
    used |= {p for ps in others.values() for p in ps}
    used |= {i for i, h in enumerate(texts) if any(h == x for x, _ in out.ignored)}
    for (target, is_tier), (_, position) in chosen.items():
        # 'Pemula Lama' beside 'Pemula Baru' (read as first_time): the old column may be
        # the figure before the update or a part to add to it ('Stok Lama' 300 + 'Stok
        # Baru' 500 may be 800 blanks); which is the planner's to say.
        newer = [p for p in sorted([position, *others.get((target, is_tier), [])])
                 if updated(texts[p])]
        if not newer or target == "name":
            continue  # (a name changes no plan: `field_tokens`)
        what = f"tier {target}" if is_tier else target
        # A count may be kept in two parts (old + new); a code, a coordinate or a rate not.
        counted = is_tier or target in _COUNTS
        for old, header in enumerate(texts):
            if old in used:
                continue
            bases = [b for k in variants(header) if (b := without_old(k)) is not None]
            if not any(k in lookup and lookup[k][0] == target and lookup[k][2] == is_tier
                       for b in bases for k in variants(b)):
                continue
            used.add(old)
            first, second = sorted((old, newer[0]))
            beside = (f"stands beside '{texts[newer[0]]}' (columns {number(first)} and "
                      f"{number(second)}), which is read as {what}: it may hold the earlier ")
            if counted:
                out.errors.append((header, beside + f"figure of {what} or a part to add to it",
                                   f"keep the one column that holds {what} as meant (or one "
                                   "column with the total of the two) and delete the other"))
            else:
                out.errors.append((header, beside + f"value of {what}",
                                   f"keep the one column that holds {what} as meant and "
                                   "delete the other"))
    if table == "sites":
        for position, header in enumerate(texts):
            said = set(normalize(header).split("_"))
            if position in used or not (said & STOCK_WORDS and said & PERIOD_WORDS):
                continue
            used.add(position)
            if "stock" in out.fields:
                out.ignored.append((header, f"stock is read from "
                                            f"'{texts[out.fields['stock']]}'"))
            else:
                # `Stok Awal` of a stock report is what the month began with, long used.
                out.errors.append((header, "is a stock at the start or the end of a period, "
                                           "not clearly the stock now",
                                   "rename the column that holds the blanks at the office "
                                   "now to stock, and delete the other stock columns"))
    if table == "sites":
        _stock_inflow(texts, used, out)
        for position, header in enumerate(texts):
            if position in used or not _broken_printers(normalize(header)):
                continue
            # Ignored, broken printers would be planned as printing (the total read as
            # printers); read as printers, the working ones would be lost.
            used.add(position)
            out.errors.append((header, "counts printers that do not work, but printers "
                                       "must be the working printers only",
                               "subtract it from printers (working printers = all printers "
                               "- broken ones) and delete this column"))
        for position, header in enumerate(texts):
            period = rate_period(header)
            if position in used or period is None:
                continue
            # 'Kapasitas Printer per Bulan' is a rate, not printers: never read as a day's
            # rate (a month's is ~20 times as many cards) nor as printers (tester qa9).
            used.add(position)
            if "cards_per_printer_day" in out.fields:
                read = texts[out.fields["cards_per_printer_day"]]
                out.ignored.append((header, f"cards_per_printer_day is read from '{read}'"))
                continue
            word, longer = period
            how = (f"divide by the working days in one '{word}'" if longer else
                   f"multiply by the '{word}' a printer prints in one working day")
            out.errors.append((header, f"gives cards per printer per '{word}', but "
                                       "cards_per_printer_day must be cards per printer per "
                                       "working day",
                               f"convert the values to cards per printer per working day "
                               f"({how}) and head the column cards_per_printer_day"))
        for position, header in enumerate(texts):
            if position in used or not _about_printers(normalize(header)):
                continue
            # 'Printer Berfungsi' beside 'Jumlah Printer': ignored, the total would be
            # planned as printing; which column counts the working printers is the
            # planner's to say.
            used.add(position)
            out.errors.append((header, "is about printers too, but only one column of "
                                       "printers is read, and it must count the working "
                                       "printers only",
                               "keep one printers column holding the printers that work "
                               "(head it printers) and delete this column"))
    candidates = {alias: name for alias, (name, _, _) in lookup.items()}
    pointing = field_tokens(table, tiers)
    missing = [f for f in pointing if f not in out.fields and f not in out.tiers]
    unknown: list[str] = []  # headers ignored as unknown (one may be a missing field)
    for position, header in enumerate(texts):
        if position in used or any(header == e[0] for e in out.errors):
            continue
        key = variants(header)[-1] if normalize(header) else ""
        if not key:
            out.ignored.append((f"column {number(position)}", "it has no header"))
            continue
        # (the key before an update word was dropped: 'Perekaman Baru' is no 'perekaman')
        known = next((k for k in variants(header) if k in KNOWN_NOT_TIERS), None)
        if known is not None and table == "areas":
            out.ignored.append((header, KNOWN_NOT_TIERS[known]))
            continue
        if metres_header(key, lookup) is not None and "km" in out.fields:
            out.ignored.append((header, f"km is read from '{texts[out.fields['km']]}'"))
            continue
        if metres_header(key, lookup) is not None:
            unit = [w for w in re.split(r"[\s._\-/\\:]+", str(header)) if w][-1]
            out.errors.append((header, f"has the unit '{unit}', but km must be "
                                       f"{UNIT_EXPECTED['km']}", METRES_FIX))
            continue
        if table == "sites" and "cards_per_printer_day" not in out.fields \
                and _office_day_rate(key):
            # 'Kapasitas per Hari' was "did you mean cards_per_printer_day? rename it": an
            # office's cards a day with its 2 printers so planned twice over (tester qa11a).
            out.errors.append((header, "gives cards per day without saying per printer: the "
                                       "office's cards a day with all its printers, or one "
                                       "printer's?",
                               "if it is one printer's, head it cards_per_printer_day "
                               "(Kapasitas per Printer per Hari); if it is the office's with "
                               "all its printers, divide it by the office's printers (300 "
                               "with 2 printers is 150) and head the result so"))
            continue
        per = _days_period(key) if table == "sites" else None
        if per is not None and "working_days" not in out.fields:
            # 'Hari Kerja per Minggu' was "did you mean working_days? rename it": a week's
            # 5 days planned as the days until the next shipment (tester qa11a).
            word, unit = per
            fix = ("multiply by the weeks until the next shipment (5 days a week for 4 weeks "
                   "is 20), write the result and head the column working_days (Hari Kerja)"
                   if unit == "week" else
                   "if the next shipment comes a month from now, these are the days: head the "
                   "column working_days (Hari Kerja); if not, write the working days until "
                   "the next shipment")
            out.errors.append((header, f"gives working days per {unit} ('{word}'), but "
                                       "working_days are the days the office prints until the "
                                       "next shipment", fix))
            continue
        close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.85)
        near = candidates[close[0]] if close else None
        if near is not None and near not in out.fields and near not in out.tiers:
            # A near-spelling is most often a typo, but `Kapasitas Cetak per Hari` (an
            # office's day) is close to `kapasitas_cetak_per_printer`: never rename blindly.
            out.errors.append((header, f"is not a known column; did you mean {near}?",
                               _rename_fix(key, near, near)))
            continue
        dated = date_only(header)
        if dated is not None and table == "sites" and "stock" not in out.fields:
            # 'Stok per tanggal' laid out as one column a date ('01/11/2026 | 30/11/2026'):
            # read as nothing, the stock was 0 at every office (tester qa10).
            out.errors.append((header, f"is headed by a date only ({dated}), and no column "
                                       "is read as stock: it may hold the stock on that "
                                       "date",
                               "if it holds the blanks at the office now, head it stock "
                               "(Stok) and delete the other dated columns; if not, delete "
                               "the column"))
            continue
        words = tokens(key)
        meant = [f for f in missing if _shares(words, pointing[f])]
        if meant:
            # Read as nothing, the missing field would take its default (a stock of 0):
            # a wrong plan. Refused until the planner says what the column is.
            which = " or ".join(meant)
            out.errors.append((header, f"is not a known column; did you mean {which}?",
                               _rename_fix(key, which, meant[0])))
        else:
            unknown.append(header)
            why = "not a known column"
            if table == "areas":
                why += f"; the tiers are {', '.join(tiers)} (declare others in a tiers table " \
                       "or with --tiers)"
            out.ignored.append((header, why))
    in_metres = {"km"} if any(m == METRES_FIX for _, _, m in out.errors) else set()
    if any(m.startswith(("gives cards per printer per '", "gives cards per day without"))
           for _, m, _ in out.errors):
        in_metres.add("cards_per_printer_day")  # (the rate's own refusal says what to do)
    for name in REQUIRED[table]:
        if table == "shipments" and name == "site_id" and "name" in out.fields:
            continue  # offices by name (optimizer.io.shipments.pins_for)
        boxes = [h for h in unknown if BOX_WORDS & set(normalize(h).split("_"))]
        if table == "shipments" and name == "blanks" and name not in out.fields and boxes:
            out.errors.append((boxes[0], "counts boxes (dus), not blanks, and no column of "
                                         "blanks is there",
                               "add a column of the blanks each office gets (boxes x blanks "
                               "a box), headed Jumlah Lembar or blanks; to ship whole boxes, "
                               "plan with --lot-size (blanks a box)"))
            continue
        if name not in out.fields and name not in in_metres:
            accepted = ", ".join(aliases[name][:4])
            maybe = [h for h in unknown if _may_be(normalize(h), aliases[name])]
            if maybe:
                # The column ignored may be it ('Kd Kec' for district_id): say so.
                out.errors.append((name, f"is required but missing; the column '{maybe[0]}' "
                                         "was ignored (not a known header) and may hold it",
                                   f"if '{maybe[0]}' holds {name}, rename it to {name}; if "
                                   f"not, add a column headed {name} (or one of: "
                                   f"{accepted})"))
                continue
            out.errors.append((name, "is required but missing",
                               f"add a column headed {name} (or one of: {accepted})"))
    if table == "areas":
        for tier in tiers:
            if tier not in out.tiers:
                called = [normalize(n) for n in (tier, *TIER_ALIASES.get(tier, ()),
                                                  *_default_names(tier, tiers))]
                maybe = [h for h in unknown if _may_be(normalize(h), called)]
                if maybe:
                    # 'KTP Baru' (ignored) shares 'ktp' with 'belum_punya_ktp': say so.
                    out.errors.append((tier, f"(backlog of tier {tier}) is required but "
                                             f"missing; the column '{maybe[0]}' was ignored "
                                             "(not a known header) and may hold it",
                                       f"if '{maybe[0]}' holds the backlog of tier {tier}, "
                                       f"rename it to {tier}; if not, add a column headed "
                                       f"{tier}, or declare the tiers this file has (tiers "
                                       "table or --tiers)"))
                    continue
                out.errors.append((tier, f"(backlog of tier {tier}) is required but missing",
                                   f"add a column headed {tier}, or declare the tiers this "
                                   "file has (tiers table or --tiers)"))
    return out


# Words of a header that say nothing of its field, left out when an ignored header is
# matched against a missing one (`_may_be`).
_GENERIC = frozenset({"kode", "nama", "jumlah", "jml", "per", "total", "data", "nomor", "name",
                      "code", "number", "the", "and", "dan", "yang", "kd", "nm", "no"})


def _may_be(key: str, aliases: Sequence[str]) -> bool:
    """Whether an ignored header may hold a field: one of its words (three letters or
    more, not a generic one) is a word of an alias or begins one ('kec' of
    'kecamatan', 'kel' of 'kelurahan', 'lin' of 'lintang')."""
    words = {w for w in key.split("_") if len(w) >= 3 and w not in _GENERIC}
    known = {w for alias in aliases for w in alias.split("_") if w not in _GENERIC}
    return any(k.startswith(w) for w in words for k in known)


def describe(columns: Mapping[str, str]) -> str:
    """'Kode Kelurahan -> area_id, Wajib KTP -> population' for a note."""
    return ", ".join(f"'{h}' as {f}" for h, f in columns.items())


def alias_markdown() -> str:
    """The alias table as Markdown (README-issue-10.md holds this text; a test checks it)."""
    lines = ["| table (sheet or file names) | field | accepted headers |", "|---|---|---|"]
    for table, fields in ALIASES.items():
        names = ", ".join(f"`{n}`" for n in TABLE_ALIASES[table])
        for i, (name, aliases) in enumerate(fields.items()):
            where = f"**{table}** ({names})" if i == 0 else ""
            lines.append(f"| {where} | `{name}` | {', '.join(f'`{a}`' for a in aliases)} |")
    for tier, aliases in TIER_ALIASES.items():
        lines.append(f"| areas, default tier | `{tier}` | "
                     f"{', '.join(f'`{a}`' for a in aliases)} |")
    return "\n".join(lines) + "\n"
