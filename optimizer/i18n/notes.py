"""The readers' notes (how a planner's files were read) in Bahasa Indonesia.

`optimizer.io.files.read_instance` returns `Loaded.notes`: one English line each for a
header read as a field, an ignored column and why, the number locale guessed, the
encoding, the separator, title rows and sheets skipped, districts given by name. As
with `problems.py`, a note carries no code: its values are read back out of the English
with the sentence's pattern and written into the catalog's sentence in the language.
File, sheet and column names, field names and the cells quoted stay as written.

English is the readers' own text, unchanged (byte-identical). A note this table does not
know stays English in any language; tests/i18n/test_notes.py reads real notes and checks
that each one is known, so a new sentence in the readers shows up as a failing test.

Strings are marked `N_(context, text)` for `pybabel extract -k N_:1c,2` (babel.cfg).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from optimizer.i18n.messages import N_
from optimizer.i18n.problems import _fill, _pattern

# A note, whole. `{why}`, `{locale}` and `{columns}` are translated in turn (below).
NOTES: tuple[tuple[str, str], ...] = (
    ("note.encoding", N_("note.encoding", "{source}: read as {encoding} text")),
    ("note.separator", N_("note.separator", "{source}: fields separated by {separator}")),
    ("note.title_rows", N_("note.title_rows",
                           "{source}: header in row {row}; the {count} row(s) above it are "
                           "skipped")),
    ("note.trailing_field", N_("note.trailing_field",
                               "{source}: every data row ends with an empty field the header "
                               "does not have (a comma at the end of the line): ignored")),
    ("note.sheet_skipped", N_("note.sheet_skipped",
                              "{source}: sheet '{sheet}' is not read (the tables are sheets "
                              "named {tables})")),
    # io.sheets.read_workbook: a chart sheet holds no cells (was a traceback).
    ("note.sheet_chart", N_("note.sheet_chart",
                            "{source}: sheet '{sheet}' is not read (a chart sheet)")),
    ("note.sheet_copy", N_("note.sheet_copy",
                           "{source}: sheet '{sheet}' is not read (a copy of sheet '{table}' "
                           "with the same data)")),
    ("note.sheet_hidden", N_("note.sheet_hidden",
                             "{source}: sheet '{sheet}' is hidden in Excel and was read as "
                             "the {table} table")),
    ("note.file_skipped", N_("note.file_skipped", "{source}: not read (the tables are {tables})")),
    ("note.copy_read", N_("note.copy_read", "read '{source}' as the {table} table")),
    ("note.file_copy", N_("note.file_copy",
                          "{source}: not read (a copy of {table} with the same data)")),
    ("note.tiers_table_skipped", N_("note.tiers_table_skipped",
                                    "{source}: not read (tiers given with --tiers)")),
    ("note.tiers", N_("note.tiers", "tiers (highest priority first): {tiers} ({source})")),
    ("note.locale", N_("note.locale",
                       "numbers read in the {locale} locale ({why}); state --locale id|en to "
                       "override")),
    # The same on the page, whose control is the form's number format (api/web/pages.py
    # PAGE_NOTES), named by its label (page.html).
    ("note.page_locale", N_("note.page_locale",
                            "numbers read in the {locale} locale ({why}); to read them "
                            "otherwise, choose under 'How your files write numbers'")),
    ("note.district_names", N_("note.district_names",
                               "{source}: {count} district(s) given by name, read as their "
                               "codes")),
    ("note.english_counts", N_("note.english_counts",
                               "{source}: {count} cell(s) of {column} like '{typed}' read as "
                               "{english}: the file writes numbers the English way "
                               "('{proof}')")),
    ("note.codes_dotted", N_("note.codes_dotted",
                             "{source}: {count} kecamatan code(s) written with the dots of "
                             "{table} left out or put in, read as its codes (the same digits: "
                             "{shown})")),
    ("note.area_codes_dotted", N_("note.area_codes_dotted",
                                  "{source}: {count} kelurahan code(s) written with the dots "
                                  "of {table} left out or put in, read as its codes (the same "
                                  "digits: {shown})")),
    ("note.header_two_rows", N_("note.header_two_rows",
                                "{source}: the header spans rows {row} and {next}, read as "
                                "one: {names}")),
    ("note.hidden_rows", N_("note.hidden_rows",
                            "{source}: {count} row(s) are hidden in Excel (a filter or hidden "
                            "rows: {rows}) and were read like the others; delete the rows "
                            "that are not meant to be planned")),
    ("note.hidden_column", N_("note.hidden_column",
                              "{source}: column {letter} '{header}' is hidden in Excel and "
                              "is not read")),
    ("note.merged", N_("note.merged",
                       "{source}: column '{header}' has merged cells ({refs}), read as their "
                       "value in every row they cover")),
    ("note.district_prefix", N_("note.district_prefix",
                                "{source}: column {column}: the word before the kecamatan names "
                                "({words}, as in {example}) is not read: the name after it "
                                "is")),
    ("note.district_names_folded", N_("note.district_names_folded",
                                      "{source}: column {column}: {count} kecamatan name(s) "
                                      "written otherwise than in {table} (numbers in words or "
                                      "Roman numerals, abbreviations), read as its names: "
                                      "{shown}")),
    ("note.units_row", N_("note.units_row",
                          "{source}: row {row} holds units ({units}), not a row of data: "
                          "skipped")),
    ("note.header_repeated", N_("note.header_repeated",
                                "{source}: {count} row(s) repeat the header (rows {rows}), not "
                                "rows of data: skipped")),
    ("note.notes_below", N_("note.notes_below",
                            "{source}: {count} row(s) below the table are notes, not data "
                            "(rows {rows}, from {text}): skipped")),
    ("note.ignored", N_("note.ignored", "{source}: column '{header}' ignored ({why})")),
    ("note.renamed", N_("note.renamed", "{source}: read {columns}")),
    # io.shipments.pins_for: a --shipments file of offices' names (tester qa11a).
    ("note.shipments_by_name", N_("note.shipments_by_name",
                                  "{source}: offices read by their names in column {column} "
                                  "(no column of ids)")),
)

# Why a column was ignored (optimizer/io/headers.py) and why a locale was guessed.
WHY: tuple[tuple[str, str], ...] = (
    ("note.why.read_from", N_("note.why.read_from", "{field} is read from '{header}'")),
    ("note.why.no_header", N_("note.why.no_header", "it has no header")),
    ("note.why.unknown", N_("note.why.unknown", "not a known column")),
    ("note.why.unknown_tiers", N_("note.why.unknown_tiers",
                                  "not a known column; the tiers are {tiers} (declare others in "
                                  "a tiers table or with --tiers)")),
    # The same on the page, which has no --tiers (api/web/pages.py PAGE_NOTES).
    ("note.why.page_unknown_tiers", N_("note.why.page_unknown_tiers",
                                       "not a known column; the tiers are {tiers} (declare "
                                       "others in a tiers table: tiers.csv with the CSV "
                                       "files, or a sheet named tiers in the workbook)")),
    ("note.why.jumlah", N_("note.why.jumlah", "a total (jumlah), not a tier")),
    ("note.why.total", N_("note.why.total", "a total, not a tier")),
    ("note.why.printable", N_("note.why.printable",
                              "the printable backlog of all tiers together, not one tier")),
    ("note.why.suket", N_("note.why.suket",
                          "residents holding a temporary certificate (suket), not one tier")),
    ("note.why.not_recorded", N_("note.why.not_recorded",
                                 "residents not yet recorded, who cannot be printed: not a "
                                 "tier")),
    ("note.why.recorded", N_("note.why.recorded", "residents already recorded, not a tier")),
    ("note.why.recorded_now", N_("note.why.recorded_now",
                                 "residents recorded this month, not the print-ready backlog "
                                 "of a tier")),
    ("note.why.remarks", N_("note.why.remarks", "remarks")),
    ("note.why.row_number", N_("note.why.row_number", "a row number")),
    ("note.why.cells", N_("note.why.cells", "cells such as {cells}")),
    ("note.why.semicolons", N_("note.why.semicolons", "{sources} separated by ';'")),
    ("note.why.stated", N_("note.why.stated", "stated with --locale {locale}")),
)

# The locales' names (optimizer/io/numbers.py LOCALE_NAMES) and the header of a column
# without one.
NAMES: tuple[tuple[str, str], ...] = (
    ("note.locale.id", N_("note.locale.id", "Indonesian (1.234.567 and 3,5)")),
    ("note.locale.en", N_("note.locale.en", "English (1,234,567 and 3.5)")),
    ("note.column", N_("note.column", "column {number}")),
    # Encodings the reader names in words (optimizer/io/sheets.decode); the others are
    # names alone (UTF-8, UTF-16, Windows-1252), the same in every language.
    ("note.encoding.bom", N_("note.encoding.bom", "UTF-8 with BOM")),
)

# One header of `{source}: read {columns}`: "'Kode Kantor' as site_id, 'Pemula' as tier
# first_time".
AS_FIELD = N_("note.as_field", "'{header}' as {field}")
AS_TIER = N_("note.as_tier", "'{header}' as tier {tier}")
_AS = re.compile(r"'(?P<header>.*?)' as (?:tier (?P<tier>\w+)|(?P<field>\w+))(?:, (?=')|$)",
                 re.S)

# The CLI's prefix (optimizer/cli/common.py) and the page's heading of the notes.
READ = N_("cli", "Read: {note}")
HEADING = N_("note.heading", "How your files were read")


def note_text(text: str, lang: str) -> str:
    """One reader's note in `lang`; a note the catalog does not know stays as written.

    'b.xlsx[sites]: column 'Alamat' ignored (not a known column)' ->
    'b.xlsx[sites]: kolom 'Alamat' diabaikan (bukan kolom yang dikenal)'.
    """
    if lang == "en" or not text:
        return text
    return _render(NOTES, text, lang)


def notes_text(notes: Iterable[str], lang: str) -> list[str]:
    """Every note in `lang` (see note_text), in the same order."""
    return [note_text(n, lang) for n in notes]


def _render(table: tuple[tuple[str, str], ...], text: str, lang: str) -> str:
    from optimizer.i18n import translate

    for context, english in table:
        match = _pattern(english).match(text)
        if not match:
            continue
        values = match.groupdict()
        if "why" in values:
            values["why"] = _render(WHY, values["why"], lang)
        if "locale" in values and context in ("note.locale", "note.page_locale"):
            values["locale"] = _render(NAMES, values["locale"], lang)
        if "encoding" in values and context == "note.encoding":
            values["encoding"] = _render(NAMES, values["encoding"], lang)
        if "header" in values and context == "note.ignored":
            values["header"] = _render(NAMES, values["header"], lang)
        if "columns" in values:
            columns = _columns(values["columns"], lang)
            if columns is None:
                continue
            values["columns"] = columns
        return _fill(translate(lang, context, english), values)
    return text


def _columns(text: str, lang: str) -> str | None:
    """"'Kode Kantor' as site_id, 'Pemula' as tier first_time" in `lang` (None: not that)."""
    from optimizer.i18n import translate

    parts: list[str] = []
    end = 0
    for match in _AS.finditer(text):
        if match.start() != end:
            return None
        end = match.end()
        if match["tier"]:
            parts.append(_fill(translate(lang, "note.as_tier", AS_TIER),
                               {"header": match["header"], "tier": match["tier"]}))
        else:
            parts.append(_fill(translate(lang, "note.as_field", AS_FIELD),
                               {"header": match["header"], "field": match["field"]}))
    return ", ".join(parts) if parts and end == len(text) else None


__all__ = ["note_text", "notes_text"]
