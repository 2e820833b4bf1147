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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# field -> accepted headers (normalized), in order of preference: when two headers of
# one table name the same field, the earlier alias is read and the other is ignored.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "sites": {
        "site_id": ("site_id", "site", "office_id", "kode_kantor", "id_kantor", "kode_lokasi",
                    "kode_site", "kode_tempat_cetak"),
        "name": ("name", "office", "office_name", "nama", "nama_kantor", "nama_lokasi",
                 "kantor"),
        "district_id": ("district_id", "district", "district_code", "kode_kecamatan",
                        "kode_kec", "id_kecamatan", "kecamatan", "nama_kecamatan"),
        "lat": ("lat", "latitude", "lintang"),
        "lon": ("lon", "lng", "long", "longitude", "bujur"),
        "printers": ("printers", "printer", "jumlah_printer", "printer_count", "mesin_cetak",
                     "jumlah_mesin_cetak"),
        "cards_per_printer_day": ("cards_per_printer_day", "cards_per_printer_per_day",
                                  "kapasitas_per_printer_per_hari", "kapasitas_printer_per_hari",
                                  "kartu_per_printer_per_hari", "cetak_per_printer_per_hari"),
        "working_days": ("working_days", "days", "hari_kerja", "jumlah_hari_kerja"),
        "stock": ("stock", "stok", "stok_blangko", "stok_blanko", "persediaan",
                  "persediaan_blangko", "sisa_blangko", "sisa_stok"),
        "storage_cap": ("storage_cap", "storage_capacity", "storage", "kapasitas_gudang",
                        "kapasitas_simpan", "daya_tampung"),
    },
    "areas": {
        "area_id": ("area_id", "area", "area_code", "kode_kelurahan", "kode_desa", "kode_kel",
                    "id_kelurahan", "kode_wilayah", "kode_kelurahan_desa"),
        "name": ("name", "area_name", "nama", "nama_kelurahan", "nama_desa", "kelurahan",
                 "desa", "kelurahan_desa", "nama_kelurahan_desa"),
        "district_id": ("district_id", "district", "district_code", "kode_kecamatan",
                        "kode_kec", "id_kecamatan", "kecamatan", "nama_kecamatan"),
        "lat": ("lat", "latitude", "lintang"),
        "lon": ("lon", "lng", "long", "longitude", "bujur"),
        "population": ("population", "wajib_ktp", "jumlah_wajib_ktp", "penduduk_wajib_ktp",
                       "wktp"),
    },
    "districts": {
        "district_id": ("district_id", "district", "district_code", "kode_kecamatan",
                        "kode_kec", "id_kecamatan", "kode", "kode_wilayah"),
        "name": ("name", "nama", "nama_kecamatan", "kecamatan", "district_name"),
    },
    "distances": {
        "area_id": ("area_id", "area", "kode_kelurahan", "kode_desa", "kode_kel",
                    "kode_wilayah"),
        "site_id": ("site_id", "site", "kode_kantor", "id_kantor", "kode_lokasi"),
        "km": ("km", "distance_km", "distance", "jarak", "jarak_km"),
    },
    "tiers": {
        "name": ("name", "tier", "nama", "nama_tier", "kelompok"),
        "order": ("order", "priority", "urutan", "prioritas", "no_urut"),
    },
}

# Headers of the default tiers' backlog columns (areas table).
TIER_ALIASES: dict[str, tuple[str, ...]] = {
    "first_time": ("first_time", "pemula", "baru", "belum_punya_ktp_el", "belum_punya_ktp",
                   "backlog_first_time", "perekaman_baru"),
    "replacement": ("replacement", "penggantian", "pengganti", "ganti", "backlog_replacement",
                    "rusak_hilang_perubahan"),
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
}

_SEPARATORS = re.compile(r"[\s.\-/\\:]+")
_DROPPED = re.compile(r"[#'\"`]")


def normalize(header: object) -> str:
    """'  Kode Kelurahan ' -> 'kode_kelurahan'; 'Jarak (km)' -> 'jarak_km'; 'First-Time' ->
    'first_time'. Accents, quotes and `#` are removed, brackets dropped, and every run of
    spaces, dots, dashes, slashes and colons made one `_`."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    text = _DROPPED.sub(" ", text.casefold()).replace("(", " ").replace(")", " ")
    text = text.replace("[", " ").replace("]", " ").replace(",", " ")
    return _SEPARATORS.sub("_", text).strip("_")


def table_of(name: str) -> str | None:
    """The table a sheet or CSV file name stands for ('KANTOR' -> 'sites'), or None."""
    key = normalize(name)
    for table, names in TABLE_ALIASES.items():
        if key in names:
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


def resolve(table: str, headers: Sequence[object], tiers: Sequence[str] = ()) -> Columns:
    """Which column holds which field (and, for areas, which tier's backlog).

    `headers` are the cells of the header row as read; `tiers` the declared tiers.
    Missing required fields, typos of known fields and headers given twice end up in
    `errors` as (header, message, fix); nothing is raised here.
    """
    aliases = ALIASES[table]
    lookup: dict[str, tuple[str, int, bool]] = {}  # normalized -> (field, rank, is_tier)
    for name, names in aliases.items():
        for rank, alias in enumerate(names):
            lookup.setdefault(alias, (name, rank, False))
    if table == "areas":
        for tier in tiers:
            names = (tier, *TIER_ALIASES.get(tier, ()))
            for rank, alias in enumerate(names):
                key = normalize(alias)
                if key not in lookup or lookup[key][2]:
                    lookup[key] = (tier, rank, True)
    out = Columns()
    chosen: dict[tuple[str, bool], tuple[int, int]] = {}  # target -> (rank, position)
    texts = [str(h).strip() for h in headers]
    for position, header in enumerate(texts):
        key = normalize(header)
        if key not in lookup:
            continue
        target, rank, is_tier = lookup[key]
        previous = chosen.get((target, is_tier))
        if previous is not None and normalize(texts[previous[1]]) == key:
            what = f"tier {target}" if is_tier else target
            out.errors.append((header, f"appears twice (columns {previous[1] + 1} and "
                                       f"{position + 1}), both read as {what}",
                               "keep one of the two columns"))
            continue
        if previous is None or rank < previous[0]:
            if previous is not None:
                out.ignored.append((texts[previous[1]], f"{target} is read from '{header}'"))
            chosen[(target, is_tier)] = (rank, position)
        else:
            out.ignored.append((header, f"{target} is read from '{texts[previous[1]]}'"))
    for (target, is_tier), (_, position) in chosen.items():
        (out.tiers if is_tier else out.fields)[target] = position
        if texts[position] != target:
            out.renamed.append((texts[position], f"tier {target}" if is_tier else target))
    used = set(out.fields.values()) | set(out.tiers.values())
    used |= {i for i, h in enumerate(texts) if any(h == x for x, _ in out.ignored)}
    candidates = {alias: name for alias, (name, _, _) in lookup.items()}
    for position, header in enumerate(texts):
        if position in used or any(header == e[0] for e in out.errors):
            continue
        key = normalize(header)
        if not key:
            out.ignored.append((f"column {position + 1}", "it has no header"))
            continue
        if key in KNOWN_NOT_TIERS and table == "areas":
            out.ignored.append((header, KNOWN_NOT_TIERS[key]))
            continue
        close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.85)
        near = candidates[close[0]] if close else None
        if near is not None and near not in out.fields and near not in out.tiers:
            out.errors.append((header, f"is not a known column; did you mean {near}?",
                               f"rename the column to {near}"))
        else:
            why = "not a known column"
            if table == "areas":
                why += f"; the tiers are {', '.join(tiers)} (declare others in a tiers table " \
                       "or with --tiers)"
            out.ignored.append((header, why))
    for name in REQUIRED[table]:
        if name not in out.fields:
            accepted = ", ".join(aliases[name][:4])
            out.errors.append((name, "is required but missing",
                               f"add a column headed {name} (or one of: {accepted})"))
    if table == "areas":
        for tier in tiers:
            if tier not in out.tiers:
                out.errors.append((tier, f"(backlog of tier {tier}) is required but missing",
                                   f"add a column headed {tier}, or declare the tiers this "
                                   "file has (tiers table or --tiers)"))
    return out


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
