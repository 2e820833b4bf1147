"""Input problems (file, column, row, what is wrong, the fix) in Bahasa Indonesia.

The readers (optimizer/io) and the schema's validation write each `Problem` in
English, built from a few fixed sentences with values in them: `areas.xlsx[areas]
row 7, column first_time` / `must be a whole number, got 'banyak'` / `type whole
numbers only (no decimals, text or units)`. A problem carries no code of its own, so
this module reads the values back out of the English with the sentence's pattern
(the `params`), and writes the catalog's sentence in the language with the same
values. The location's file, row and column, the pointer and every value the planner
typed stay as they are; only the words around them change.

English is the library's own text, unchanged (byte-identical). A sentence this table
does not know stays English in any language; tests/i18n/test_problems.py reads real
refusals (bad cells, missing columns, bad tables, schema errors) and checks that each
is known, so a new sentence in the readers shows up as a failing test.

Strings are marked `N_(context, text)` for `pybabel extract -k N_:1c,2` (babel.cfg).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from optimizer.i18n.messages import N_
from optimizer.schema import Problem

# Values typed by the planner or named by the file: matched loosely. Counts and rows: digits.
_DIGITS = frozenset({"count", "row", "more", "first", "second"})
# Figures written with English grouping (20,001): written again the language's way.
_FIGURES = frozenset({"amount", "cap", "stock", "ge", "gt", "le", "lt", "low", "high"})
# Degrees with two decimals (-2.99): the language's decimal mark, the decimals kept.
_DEGREES = frozenset({"from", "to", "given", "flipped", "other_from", "other_to"})
_ENGLISH_DEGREES = re.compile(r"^-?\d+\.\d+$")
# Distances as the plausibility checks write them (plausible.km_text: 2176 / 1.6 / 0.35):
# written the language's way with the same decimals (1,6 km), never grouped.
_KM = frozenset({"km", "near", "gc"})
# Grouped lines whose values (after '; ') are km the checks computed ('2176 km (1.7 km)',
# '0 (-3.00..-2.98, 331 km)'), never a value as typed: their km written the same way.
_KM_SHOWN = ("input.long_distance", "input.short_distance", "input.zero_coordinate",
             "input.far_area", "input.far_office", "input.stray_area")
_SHOWN_KM = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?) km\b")
# Grouped lines whose shown values are figures the library wrote in English (latitudes to
# 2 decimals, an office's figure and its median), not cells as typed: in Indonesian, a
# latitude '3.01' would read as 301 ('3,01').
_FIGURES_SHOWN = ("input.lost_minus", "input.lost_minus_north", "input.site_outlier",
                  "input.site_week_days", "input.site_week_days_one", "input.site_low_cards",
                  "input.site_low_cards_one")
_SHOWN_FIGURE = re.compile(r"(?<![\w.,'])(-?\d+(?:\.\d+)?)(?![\w.']|,\d)")
_ENGLISH_FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})*|\d+)(?:\.\d+)?$")

# Where: the reader's `{file} row {row}, column {column}` and its shorter forms.
LOCATIONS: tuple[tuple[str, str], ...] = (
    ("input.where.cell", N_("input.where.cell", "{source} row {row}, column {column}")),
    ("input.where.row", N_("input.where.row", "{source} row {row}")),
    ("input.where.column", N_("input.where.column", "{source}, column {column}")),
    ("input.where.pointer", N_("input.where.pointer", "{source} at {pointer}")),
    # How the files write numbers (optimizer/io/files.py, fail("numbers", ...)).
    ("input.where.numbers", N_("input.where.numbers", "numbers")),
)

# What is wrong. `{message}` inside a sentence is itself translated (grouping's lines).
MESSAGES: tuple[tuple[str, str], ...] = (
    # grouping.group: one line for many cells, and the value of a single cell.
    ("input.cells", N_("input.cells", "{count} cells: {message}")),
    ("input.got", N_("input.got", "{message}, got {shown}")),
    # schema._explain (pydantic's kinds) and schema's own checks.
    ("input.ge", N_("input.ge", "must be >= {ge}")),
    ("input.gt", N_("input.gt", "must be > {gt}")),
    ("input.le", N_("input.le", "must be <= {le}")),
    ("input.lt", N_("input.lt", "must be < {lt}")),
    ("input.whole", N_("input.whole", "must be a whole number")),
    # schema.SHAPES: a list or object sent in the wrong shape (field names stay as written).
    ("input.shape.list_of", N_("input.shape.list_of", "must be a list of {fields} objects")),
    ("input.shape.object_of", N_("input.shape.object_of",
                                 "must be an object of {key}: {holds} pairs, e.g. {example}")),
    ("input.shape.object_with", N_("input.shape.object_with",
                                   "must be an object with {required} (and optionally "
                                   "{optional})")),
    ("input.shape.object_with_all", N_("input.shape.object_with_all",
                                       "must be an object with {fields}")),
    ("input.shape.list", N_("input.shape.list", "must be a list")),
    ("input.shape.object", N_("input.shape.object", "must be a JSON object")),
    # io.files._formula_error: #N/A, #REF!, ... (numbers.EXCEL_ERRORS) in a cell read.
    ("input.formula_error", N_("input.formula_error",
                               "holds an Excel error value: the cell's formula failed")),
    ("input.number", N_("input.number", "must be a number")),
    ("input.quoted", N_("input.quoted", "must be a number, not text in quotes")),
    ("input.finite", N_("input.finite", "must be a finite number")),
    ("input.text", N_("input.text", "must be text")),
    ("input.lone_surrogate", N_("input.lone_surrogate",
                                "holds half of a \\u escape pair (a surrogate such as "
                                "\\ud800 without its other half), which is no character; "
                                "send the character itself in UTF-8, or both halves of its "
                                "pair")),
    ("input.bool", N_("input.bool", "must be true or false")),
    ("input.required", N_("input.required", "is required")),
    ("input.extra", N_("input.extra", "is not a known field")),
    # store.PlanQuery.range_problems: a listing's creation range that holds no instant.
    ("input.empty_range", N_("input.empty_range",
                             "is {start}, not before {other} {end}: no plan is created in "
                             "that range")),
    # api.store_routes._no_body: a body sent to a route that takes none.
    ("input.body_not_taken", N_("input.body_not_taken", "is a body where none is taken")),
    ("input.not_empty", N_("input.not_empty", "must not be empty")),
    ("input.id_pattern", N_("input.id_pattern",
                            "must not be empty or contain spaces, commas, semicolons or "
                            "control characters")),
    ("input.control", N_("input.control",
                         "must not contain control characters (tab, line break, ...)")),
    ("input.control_note", N_("input.control_note",
                              "must not contain control characters other than tab and line "
                              "breaks")),
    ("input.match", N_("input.match", "must match {pattern}")),
    # An id a table holds but for invisible characters or letter case (schema._Lookalikes),
    # as an instance's JSON says it, then as the files say it (files._lookalike).
    ("input.lookalike_area_invisible", N_(
        "input.lookalike_area_invisible",
        "unknown area '{value}': the {table} hold '{same}' at {where}, which differs from it "
        "only by invisible characters ({chars})")),
    ("input.lookalike_area_case", N_(
        "input.lookalike_area_case",
        "unknown area '{value}': the {table} hold '{same}' at {where}, which differs from it "
        "only in letter case or in the form of its characters (full-width digits, "
        "a dash other than '-')")),
    ("input.lookalike_site_invisible", N_(
        "input.lookalike_site_invisible",
        "unknown site '{value}': the {table} hold '{same}' at {where}, which differs from it "
        "only by invisible characters ({chars})")),
    ("input.lookalike_site_case", N_(
        "input.lookalike_site_case",
        "unknown site '{value}': the {table} hold '{same}' at {where}, which differs from it "
        "only in letter case or in the form of its characters (full-width digits, "
        "a dash other than '-')")),
    ("input.lookalike_district_invisible", N_(
        "input.lookalike_district_invisible",
        "unknown district '{value}': the {table} hold '{same}' at {where}, which differs from "
        "it only by invisible characters ({chars})")),
    ("input.lookalike_district_case", N_(
        "input.lookalike_district_case",
        "unknown district '{value}': the {table} hold '{same}' at {where}, which differs from "
        "it only in letter case or in the form of its characters (full-width digits, "
        "a dash other than '-')")),
    ("input.lookalike_cells", N_(
        "input.lookalike_cells",
        "name an id that {source} writes otherwise: with invisible characters, or in another "
        "letter case (after =: as it writes it)")),
    ("input.lookalike_cell_invisible", N_(
        "input.lookalike_cell_invisible",
        "names the id {value}, which {source} writes {same} in row {row}: it differs only by "
        "invisible characters ({chars})")),
    ("input.lookalike_cell_case", N_(
        "input.lookalike_cell_case",
        "names the id {value}, which {source} writes {same} in row {row}: it differs only in "
        "letter case or in the form of its characters (full-width digits, "
        "a dash other than '-')")),
    # An unknown district or area one but for case, invisible characters or form
    # (schema.unknown_id: hosts, stored and the service's overrides).
    ("input.unknown_district_similar", N_("input.unknown_district_similar",
                                          "unknown district '{value}': did you mean {same}? "
                                          "It differs only in letter case, invisible "
                                          "characters or the form of its characters")),
    ("input.unknown_area_similar", N_("input.unknown_area_similar",
                                      "unknown area '{value}': did you mean {same}? It "
                                      "differs only in letter case, invisible characters or "
                                      "the form of its characters")),
    ("input.unknown_district", N_("input.unknown_district", "unknown district '{value}'")),
    ("input.unknown_area", N_("input.unknown_area", "unknown area '{value}'")),
    # An unknown site one but for case, invisible characters or form (schema.unknown_id:
    # cli/evaluate.py, hosts, central_site, stored and the service's overrides).
    ("input.unknown_site_similar", N_("input.unknown_site_similar",
                                      "unknown site '{value}': did you mean {same}? It "
                                      "differs only in letter case, invisible characters or "
                                      "the form of its characters")),
    ("input.unknown_site", N_("input.unknown_site", "unknown site '{value}'")),
    # io.shipments.pins_for: a --shipments file's office names (tester qa11a).
    ("input.shipment_name_unknown", N_("input.shipment_name_unknown",
                                       "names no office of the sites table")),
    ("input.shipment_name_kecamatan", N_("input.shipment_name_kecamatan",
                                         "is the name of a kecamatan, not of an office (its "
                                         "offices: {offices})")),
    ("input.shipment_name_offices", N_("input.shipment_name_offices",
                                       "is the name of {count} offices ({sites})")),
    ("input.shipment_name_again", N_("input.shipment_name_again",
                                     "names office {site_id} again: '{typed}' (first as "
                                     "'{earlier}' in row {row})")),
    ("input.shipment_name_other", N_("input.shipment_name_other",
                                     "is the name of office {other}, but the row's id is "
                                     "{site_id} ({own})")),
    # io.shipments._boxes_disagree: sheets that are not the boxes times the box size.
    ("input.boxes_disagree", N_("input.boxes_disagree",
                                "is not the boxes in column {column} times {size} blanks a "
                                "box, as in the other rows (in brackets: the boxes)")),
    ("input.boxes_disagree_one", N_("input.boxes_disagree_one",
                                    "is {blanks}, not the {boxes} boxes in column {column} "
                                    "times {size} blanks a box ({product}), as in the other "
                                    "rows")),
    # headers.resolve: a shipments file counting boxes only ('Jumlah Dus').
    ("input.shipment_boxes", N_("input.shipment_boxes",
                                "counts boxes (dus), not blanks, and no column of blanks is "
                                "there")),
    # studies.hosts.check: a host office with no printer (the service's overrides).
    ("input.host_cannot_print", N_("input.host_cannot_print",
                                   "site '{value}' cannot print (no printer)")),
    # schema._duplicates: ids one but for letter case or invisible characters (S1, s1).
    ("input.near_duplicate_id_row", N_("input.near_duplicate_id_row",
                                       "duplicate id '{value}' (first in row {row} as "
                                       "'{was}'; ids that differ only in letter case, "
                                       "invisible characters or the form of their characters "
                                       "(a dash other than '-') are one id)")),
    ("input.near_duplicate_id_item", N_("input.near_duplicate_id_item",
                                        "duplicate id '{value}' (first in {table} item {row} "
                                        "as '{was}'; ids that differ only in letter case, "
                                        "invisible characters or the form of their characters "
                                        "(a dash other than '-') are one id)")),
    ("input.near_duplicate_id_at", N_("input.near_duplicate_id_at",
                                      "duplicate id '{value}' (first at {where} as '{was}'; "
                                      "ids that differ only in letter case, invisible "
                                      "characters or the form of their characters (a dash "
                                      "other than '-') are one id)")),
    ("input.duplicate_id_row", N_("input.duplicate_id_row",
                                  "duplicate id '{value}' (first in row {row})")),
    ("input.duplicate_id_item", N_("input.duplicate_id_item",
                                   "duplicate id '{value}' (first in {table} item {row})")),
    ("input.duplicate_id_at", N_("input.duplicate_id_at",
                                 "duplicate id '{value}' (first at {where})")),
    ("input.duplicate_code_row", N_("input.duplicate_code_row",
                                    "duplicate id '{value}' (first in row {row}): the same "
                                    "Kemendagri code as '{other}' once the dots are left out")),
    ("input.duplicate_code_item", N_("input.duplicate_code_item",
                                     "duplicate id '{value}' (first in {table} item {row}): the "
                                     "same Kemendagri code as '{other}' once the dots are left "
                                     "out")),
    ("input.district_two_ways", N_("input.district_two_ways",
                                   "kecamatan '{value}' is written '{was}' at {where}: ids "
                                   "that differ only in letter case, invisible characters or "
                                   "the form of their characters (a dash other than '-') are "
                                   "one id")),
    ("input.district_two_ways_code", N_("input.district_two_ways_code",
                                        "kecamatan '{value}' is the Kemendagri code '{was}' "
                                        "of {where} once the dots are left out")),
    ("input.duplicate_code_at", N_("input.duplicate_code_at",
                                   "duplicate id '{value}' (first at {where}): the same "
                                   "Kemendagri code as '{other}' once the dots are left out")),
    ("input.repeats_code", N_("input.repeats_code",
                              "repeat the code of an earlier row (dots aside)")),
    ("input.duplicate_pair", N_("input.duplicate_pair", "this area and site are listed twice")),
    ("input.duplicate_pair_row", N_("input.duplicate_pair_row",
                                    "this area and site are listed twice (first in row {row})")),
    ("input.duplicate_pair_item", N_("input.duplicate_pair_item",
                                     "this area and site are listed twice (first in {table} "
                                     "item {row})")),
    ("input.duplicate_pair_at", N_("input.duplicate_pair_at",
                                   "this area and site are listed twice (first at {where})")),
    ("input.repeats_pair", N_("input.repeats_pair",
                              "repeat an area and site pair of an earlier row")),
    ("input.missing_tier", N_("input.missing_tier", "backlog for tier '{tier}' is missing")),
    ("input.unknown_tier", N_("input.unknown_tier", "tier '{tier}' is not one of {tiers}")),
    ("input.tiers_unique", N_("input.tiers_unique", "tier names must be unique and non-empty")),
    # --tiers and --locale (optimizer/io/files.py), for a folder, a workbook or a .json.
    ("input.tiers_names", N_("input.tiers_names",
                             "tier names must be unique, lower case letters, digits and _ "
                             "(got {given})")),
    ("input.json_tiers", N_("input.json_tiers",
                            "{source} has the tiers {tiers}: --tiers may only reorder them "
                            "(given: {given})")),
    ("input.replay_pins", N_("input.replay_pins",
                             "a replay takes no pinned shipments: pins fix the blanks of one "
                             "shipment, and a replay plans every tranche")),
    ("input.baseline_pins", N_("input.baseline_pins",
                               "the baseline '{name}' takes no pinned shipments: its rule "
                               "chooses every shipment")),
    ("input.json_locale", N_("input.json_locale",
                             "does not apply to a .json instance: its numbers are JSON "
                             "numbers, read one way")),
    # The readers' cell checks (optimizer/io/files.py) and grouping's kinds.
    ("input.ambiguous", N_("input.ambiguous",
                           "could be read two ways (2.000 is two thousand in Indonesian, two "
                           "in English)")),
    ("input.ambiguous_value", N_("input.ambiguous_value",
                                 "could be read two ways ({typed} is {indonesian} in "
                                 "Indonesian, {english} in English)")),
    ("input.read_dotted", N_("input.read_dotted",
                             "is out of range as read in the Indonesian locale, where a dot "
                             "groups thousands: the numbers look written in the English style "
                             "({count} cells of the column hold such a dot, e.g. '{typed}' "
                             "read as {value})")),
    ("input.read_commaed", N_("input.read_commaed",
                              "is out of range as read in the English locale, where a comma "
                              "groups thousands: the numbers look written in the Indonesian "
                              "style ({count} cells of the column hold such a comma, e.g. "
                              "'{typed}' read as {value})")),
    # optimizer/io/files.py: kecamatan given by name without a kecamatan table.
    ("input.district_names_no_table", N_(
        "input.district_names_no_table",
        "holds kecamatan names, not codes, in {count} rows from row {row} ({shown}), and "
        "there is no kecamatan table to read them by")),
    ("input.district_case", N_(
        "input.district_case",
        "the kecamatan {spellings} (file: rows) differ only in letter case: one kecamatan or "
        "two cannot be told")),
    ("input.district_case_more", N_(
        "input.district_case_more",
        "{count} more kecamatan are written in different letter case ({shown})")),
    ("input.merged", N_("input.merged",
                        "has merged cells ({refs}): a merged cell holds one value, not one for "
                        "each row it covers")),
    ("input.south_positive", N_("input.south_positive",
                                "the header says LS (south latitude) and {count} of its "
                                "{all} latitudes are positive: a latitude is read with its "
                                "sign, so they lie north of the equator, far from the other "
                                "table")),
    ("input.ambiguous_plain", N_("input.ambiguous_plain", "could be read two ways")),
    # io.numbers.thousands_reading: a count's decimal mark with three zeros behind it.
    ("input.thousands_id", N_("input.thousands_id",
                              "is {small} as read in the Indonesian locale (a decimal comma "
                              "with three zeros behind it), but no count is written so: it "
                              "looks like {big} with an English thousands comma")),
    ("input.thousands_en", N_("input.thousands_en",
                              "is {small} as read in the English locale (a decimal point with "
                              "three zeros behind it), but no count is written so: it looks "
                              "like {big} with an Indonesian thousands dot")),
    # A workbook's count cell formatted as a percentage (io.sheets.percent_cell).
    ("input.percent_cell", N_("input.percent_cell",
                              "is formatted as a percentage: Excel shows {percent} %, the cell "
                              "holds {given}, and a count is a whole number")),
    # The same for a whole count (2 shown as 200 %; io.files._percent_counts).
    ("input.percent_count", N_("input.percent_count",
                               "is formatted as a percentage: Excel shows {percent} %, the cell "
                               "holds {given}, and a count is never a percentage")),
    # io.separators.read_option: 1e1 for a decimal option, as 5e4 for a count.
    ("input.exponent", N_("input.exponent", "must be written without an exponent")),
    # io.sheets._frame: an unquoted 1,250 in a comma-separated file.
    ("input.split_number", N_("input.split_number",
                              "row {row} has {count} fields, the header {width}: a number "
                              "written with a thousands comma and no quotes is split into two "
                              "fields ({shown}?)")),
    # io.sheets._refuse_split_texts: what splits a row of a ',' file (tester qa7).
    ("input.split_decimal", N_("input.split_decimal",
                               "row {row} has {count} fields, the header {width}: numbers "
                               "written with a decimal comma are split into two fields each "
                               "({shown}?)")),
    ("input.split_text", N_("input.split_text",
                            "row {row} has {count} fields, the header {width}: a text holding "
                            "a comma and no quotes is split into two fields ('{text}'?)")),
    # io.files._hemispheres: 'Lintang (LS)' over positive values.
    ("input.ls_unit_positive", N_("input.ls_unit_positive",
                                "has the unit '{unit}' (south latitude), but {count} of its "
                                "values are positive (rows {rows}): whether they are south "
                                "cannot be told from the sign")),
    ("input.bb_unit_positive", N_("input.bb_unit_positive",
                                "has the unit '{unit}' (west longitude), but {count} of its "
                                "values are positive (rows {rows}): whether they are west "
                                "cannot be told from the sign")),
    ("input.lu_unit_negative", N_("input.lu_unit_negative",
                                "has the unit '{unit}' (north latitude), but {count} of its "
                                "values are negative (rows {rows}): the header says north, "
                                "the minus sign says south")),
    ("input.bt_unit_negative", N_("input.bt_unit_negative",
                                "has the unit '{unit}' (east longitude), but {count} of its "
                                "values are negative (rows {rows}): the header says east, "
                                "the minus sign says west")),
    # The same with the hemisphere in a units row under the header (files._hemisphere_below).
    ("input.ls_units_row_positive", N_(
        "input.ls_units_row_positive",
        "says '{unit}' (south latitude) in the units row, but {count} of the column's values "
        "are positive (rows {rows}): whether they are south cannot be told from the sign")),
    ("input.bb_units_row_positive", N_(
        "input.bb_units_row_positive",
        "says '{unit}' (west longitude) in the units row, but {count} of the column's values "
        "are positive (rows {rows}): whether they are west cannot be told from the sign")),
    ("input.lu_units_row_negative", N_(
        "input.lu_units_row_negative",
        "says '{unit}' (north latitude) in the units row, but {count} of the column's values "
        "are negative (rows {rows}): the units row says north, the minus sign says south")),
    ("input.bt_units_row_negative", N_(
        "input.bt_units_row_negative",
        "says '{unit}' (east longitude) in the units row, but {count} of the column's values "
        "are negative (rows {rows}): the units row says east, the minus sign says west")),
    # io.numbers.Parsed.exponents: '5e3' in a count column.
    ("input.exponent_count", N_("input.exponent_count",
                                "is written with an exponent ({typed} = {digits}), but no count "
                                "is typed so")),
    # io.sheets._frame: a row with filled fields beyond the header's columns.
    ("input.fields_beyond", N_("input.fields_beyond",
                               "row {row} has {count} fields, the header {width}: the fields "
                               "beyond the header hold {shown}")),
    ("input.separators", N_("input.separators", "is written with thousands separators")),
    ("input.date", N_("input.date", "holds a date where a number belongs")),
    ("input.empty_cell", N_("input.empty_cell", "is empty (blank, N/A or -)")),
    ("input.neither", N_("input.neither", "is neither a code nor a name of {where}")),
    ("input.ambiguous_district", N_("input.ambiguous_district",
                                    "names more than one kecamatan: {where} rows {rows} give "
                                    "that name to {codes}")),
    ("input.names_district", N_("input.names_district",
                                "name a district that is neither a code nor a name of the "
                                "districts table")),
    ("input.name_is_code", N_("input.name_is_code",
                              "the name of kecamatan {named} is the code of kecamatan {value}: "
                              "{sources} name '{value}', which could mean either")),
    ("input.names_kecamatan", N_("input.names_kecamatan",
                                 "name a kecamatan that no row of {source} names")),
    ("input.unknown_kecamatan", N_("input.unknown_kecamatan",
                                   "unknown district '{value}' (the kecamatan of {source}: "
                                   "{listed})")),
    ("input.longer_than", N_("input.longer_than", "is longer than {amount} characters")),
    ("input.names_area", N_("input.names_area", "name an unknown area")),
    ("input.names_site", N_("input.names_site", "name an unknown site")),
    ("input.cut_area_code", N_("input.cut_area_code",
                               "repeat a kelurahan's number in another kecamatan: the last 4 "
                               "digits of the Kemendagri code, which every kecamatan numbers "
                               "from 1001 (desa from 2001)")),
    ("input.district_as_site", N_("input.district_as_site",
                                  "name a kecamatan, not an office (a kecamatan code where an "
                                  "office's id belongs)")),
    ("input.repeats_id", N_("input.repeats_id", "repeat an id of an earlier row")),
    # Values that cannot be what the files mean (optimizer/io/plausible.py, files.py).
    ("input.long_distance", N_("input.long_distance",
                               "is far longer than the great-circle km between the area's and "
                               "the office's coordinates (in brackets)")),
    ("input.short_distance", N_("input.short_distance",
                                "is far shorter than the great-circle km between the area's "
                                "and the office's coordinates (in brackets)")),
    ("input.long_distance_one", N_("input.long_distance_one",
                                   "is {km} km, but area {area_id} and office {site_id} are "
                                   "{gc} km apart great-circle: no road is that long")),
    ("input.short_distance_one", N_("input.short_distance_one",
                                    "is {km} km, but area {area_id} and office {site_id} are "
                                    "{gc} km apart great-circle: no road is that short")),
    ("input.far_area", N_("input.far_area", "puts the area more than {km} km from every office")),
    ("input.far_office", N_("input.far_office",
                            "puts the office more than {km} km from every area")),
    ("input.far_area_one", N_("input.far_area_one",
                              "{point} puts the area {km} km from the nearest office")),
    ("input.far_office_one", N_("input.far_office_one",
                                "{point} puts the office {km} km from the nearest area")),
    ("input.zero_coordinate", N_("input.zero_coordinate",
                                 "is 0, far from where the rest of its kecamatan lies (in "
                                 "brackets: where, and how far from the nearest of them)")),
    ("input.zero_area_one", N_("input.zero_area_one",
                               "is 0, but the other places of kecamatan {district} lie at "
                               "{from} to {to}: 0 puts the area {km} km from the nearest of "
                               "them")),
    ("input.zero_office_one", N_("input.zero_office_one",
                                 "is 0, but the other places of kecamatan {district} lie at "
                                 "{from} to {to}: 0 puts the office {km} km from the nearest "
                                 "of them")),
    ("input.zero_area_all", N_("input.zero_area_all",
                               "is 0, but every other place lies at {from} to {to}: 0 puts "
                               "the area {km} km from the nearest of them")),
    ("input.zero_office_all", N_("input.zero_office_all",
                                 "is 0, but every other place lies at {from} to {to}: 0 puts "
                                 "the office {km} km from the nearest of them")),
    ("input.stock_over_cap", N_("input.stock_over_cap",
                                "is {stock}, more than the storage cap of {cap}: constraint "
                                "(2c) cannot hold")),
    ("input.totals_row", N_("input.totals_row", "this looks like a totals row")),
    ("input.sum_row_file", N_("input.sum_row_file",
                              "this looks like a totals row: its population and backlog are "
                              "the sums of the other rows of the file")),
    ("input.sum_row_district", N_("input.sum_row_district",
                                  "this looks like a totals row: its population and backlog "
                                  "are the sums of the other rows of kecamatan {district}")),
    ("input.sum_row_backlog_file", N_("input.sum_row_backlog_file",
                                      "this looks like a totals row: its backlog is the sum "
                                      "of the other rows of the file")),
    ("input.sum_row_backlog_district", N_("input.sum_row_backlog_district",
                                          "this looks like a totals row: its backlog is the "
                                          "sum of the other rows of kecamatan {district}")),
    # A kecamatan subtotal whatever its sum (plausible._subtotals).
    ("input.subtotal_code", N_("input.subtotal_code",
                               "this looks like a kecamatan subtotal row, not a kelurahan: its "
                               "id is the code of kecamatan {district}")),
    ("input.subtotal_kecamatan_code", N_("input.subtotal_kecamatan_code",
                                         "this looks like a kecamatan subtotal row, not a "
                                         "kelurahan: its id is a kecamatan code where the "
                                         "other rows hold kelurahan codes")),
    ("input.subtotal_zeros", N_("input.subtotal_zeros",
                                "this looks like a kecamatan subtotal row, not a kelurahan: its "
                                "id ends in 0000 where the other rows hold kelurahan codes")),
    ("input.subtotal_name", N_("input.subtotal_name",
                               "this looks like a subtotal row, not a kelurahan: its name "
                               "starts with a region or totals word")),
    # One table's latitudes all of the other sign (plausible._table_sign).
    ("input.table_sign_areas", N_("input.table_sign_areas",
                                  "is positive in every row ({from} to {to}), but the "
                                  "latitudes of the offices are all negative ({other_from} "
                                  "to {other_to}), and the sign of one of the two tables "
                                  "flipped puts every place next to its kecamatan: the minus "
                                  "signs of the kelurahan may be lost (south of the "
                                  "equator), or those of the offices typed in error (north "
                                  "of it)")),
    ("input.table_sign_sites", N_("input.table_sign_sites",
                                  "is positive in every row ({from} to {to}), but the "
                                  "latitudes of the kelurahan are all negative ({other_from} "
                                  "to {other_to}), and the sign of one of the two tables "
                                  "flipped puts every place next to its kecamatan: the minus "
                                  "signs of the offices may be lost (south of the equator), "
                                  "or those of the kelurahan typed in error (north of it)")),
    # An office's figure 10 times the others' median (plausible._outliers).
    ("input.site_outlier", N_("input.site_outlier",
                              "is 10 times the median of the other offices or more (in "
                              "brackets: the median): a zero typed too many plans the "
                              "office's capacity 10 times over")),
    ("input.site_outlier_one", N_("input.site_outlier_one",
                                  "is {value}, 10 times the median of the other offices "
                                  "({median}) or more: a zero typed too many plans the "
                                  "office's capacity 10 times over")),
    # sheets._stock_sheet: 'STOK BLANGKO' beside offices without a stock column (qa11a).
    ("input.stock_sheet", N_("input.stock_sheet",
                             "may hold the offices' stock (its name says so), but the stock is "
                             "read only from a column of the offices table ({table}), which "
                             "has none: every office's stock would be 0")),
    # headers.resolve: 'Kapasitas per Hari', no printer said (tester qa11a).
    ("input.office_day_rate", N_("input.office_day_rate",
                                 "gives cards per day without saying per printer: the "
                                 "office's cards a day with all its printers, or one "
                                 "printer's?")),
    # headers.resolve: 'Hari Kerja per Minggu' / 'Hari Kerja Sebulan' (tester qa11a).
    ("input.days_per_week", N_("input.days_per_week",
                               "gives working days per week ('{word}'), but working_days are "
                               "the days the office prints until the next shipment")),
    ("input.days_per_month", N_("input.days_per_month",
                                "gives working days per month ('{word}'), but working_days are "
                                "the days the office prints until the next shipment")),
    # An office's cards per printer-day a fifth of the others' (plausible._low_cards).
    ("input.site_low_cards", N_("input.site_low_cards",
                                "is a fifth of the median of the other offices or less (in "
                                "brackets: the median): a rate per hour, or a zero dropped, "
                                "plans the office's capacity at a fraction")),
    ("input.site_low_cards_one", N_("input.site_low_cards_one",
                                    "is {value}, a fifth of the median of the other offices "
                                    "({median}) or less: a rate per hour, or a zero dropped, "
                                    "plans the office's capacity at a fraction")),
    # An office's working days those of one week (plausible._week_days).
    ("input.site_week_days", N_("input.site_week_days",
                                "looks like the days of one week: the other offices give 3 "
                                "times as many or more (in brackets: their median), the days "
                                "until the next shipment")),
    ("input.site_week_days_one", N_("input.site_week_days_one",
                                    "is {value}, the days of one week: the other offices give "
                                    "{median} (their median), the days until the next "
                                    "shipment; the office's capacity would be planned at a "
                                    "fraction of theirs")),
    # A sum row of its kecamatan that is its subtotal (plausible._subtotal_sums).
    ("input.subtotal_sum_name", N_("input.subtotal_sum_name",
                                   "this looks like a kecamatan subtotal row, not a "
                                   "kelurahan: its backlog is the sum of the other rows of "
                                   "its kecamatan, and its name is the kecamatan's")),
    ("input.subtotal_sum_blank", N_("input.subtotal_sum_blank",
                                    "this looks like a kecamatan subtotal row, not a "
                                    "kelurahan: its backlog is the sum of the other rows of "
                                    "its kecamatan, and its name is blank where the other "
                                    "rows have names")),
    ("input.subtotal_sum_number", N_("input.subtotal_sum_number",
                                     "this looks like a kecamatan subtotal row, not a "
                                     "kelurahan: its backlog is the sum of the other rows of "
                                     "its kecamatan, and its kelurahan number lies outside "
                                     "the numbering of the other kelurahan of its "
                                     "kecamatan")),
    ("input.subtotal_sum_pattern", N_("input.subtotal_sum_pattern",
                                      "this looks like a kecamatan subtotal row, not a "
                                      "kelurahan: its backlog is the sum of the other rows "
                                      "of its kecamatan, as is one row in each of {count} "
                                      "kecamatan")),
    # A kelurahan typed twice (plausible._copies).
    ("input.copied_area", N_("input.copied_area",
                             "repeats an earlier kelurahan of its kecamatan: the same name, "
                             "coordinates and backlog, only the id differs (after =: the "
                             "earlier row's id)")),
    ("input.copied_area_row", N_("input.copied_area_row",
                                 "repeats the kelurahan first in row {row} (id {value}): the "
                                 "same kecamatan, name, coordinates and backlog, only the id "
                                 "differs")),
    ("input.copied_area_at", N_("input.copied_area_at",
                                "repeats the kelurahan first at {where} (id {value}): the same "
                                "kecamatan, name, coordinates and backlog, only the id "
                                "differs")),
    ("input.same_place_area", N_("input.same_place_area",
                                 "has the name and coordinates of an earlier kelurahan of its "
                                 "kecamatan, with another backlog (after =: the earlier row's "
                                 "id)")),
    ("input.same_place_area_row", N_("input.same_place_area_row",
                                     "has the name and coordinates of the kelurahan first in "
                                     "row {row} (id {value}) of the same kecamatan, with "
                                     "another backlog")),
    ("input.same_place_area_at", N_("input.same_place_area_at",
                                    "has the name and coordinates of the kelurahan first at "
                                    "{where} (id {value}) of the same kecamatan, with another "
                                    "backlog")),
    # An office typed twice (plausible._site_copies).
    ("input.copied_site", N_("input.copied_site",
                             "repeats an earlier office: the same name, kecamatan, "
                             "coordinates, printers and stock, only the id differs (after =: "
                             "the earlier row's id)")),
    ("input.copied_site_row", N_("input.copied_site_row",
                                 "repeats the office first in row {row} (id {value}): the same "
                                 "name, kecamatan, coordinates, printers and stock, only the id "
                                 "differs")),
    ("input.copied_site_at", N_("input.copied_site_at",
                                "repeats the office first at {where} (id {value}): the same "
                                "name, kecamatan, coordinates, printers and stock, only the id "
                                "differs")),
    ("input.same_place_site", N_("input.same_place_site",
                                 "has the name and coordinates of an earlier office, with "
                                 "other figures (after =: the earlier row's id)")),
    ("input.same_place_site_row", N_("input.same_place_site_row",
                                     "has the name and coordinates of the office first in row "
                                     "{row} (id {value}), with another kecamatan, printers, "
                                     "working days or stock")),
    ("input.same_place_site_at", N_("input.same_place_site_at",
                                    "has the name and coordinates of the office first at "
                                    "{where} (id {value}), with another kecamatan, printers, "
                                    "working days or stock")),
    # A row repeating another of its kecamatan in every figure, whatever its name
    # (plausible._figure_copies).
    ("input.copied_area_figures", N_("input.copied_area_figures",
                                     "repeats an earlier kelurahan of its kecamatan: the same "
                                     "population and backlog of every tier at a point within "
                                     "1 km, whatever its name (after =: the earlier row's "
                                     "id)")),
    ("input.copied_area_figures_row_same", N_(
        "input.copied_area_figures_row_same",
        "repeats the kelurahan first in row {row} (id {value}): the same kecamatan, "
        "population and backlog of every tier, at the same point")),
    ("input.copied_area_figures_row_near", N_(
        "input.copied_area_figures_row_near",
        "repeats the kelurahan first in row {row} (id {value}): the same kecamatan, "
        "population and backlog of every tier, {km} km from it")),
    ("input.copied_area_figures_at_same", N_(
        "input.copied_area_figures_at_same",
        "repeats the kelurahan first at {where} (id {value}): the same kecamatan, "
        "population and backlog of every tier, at the same point")),
    ("input.copied_area_figures_at_near", N_(
        "input.copied_area_figures_at_near",
        "repeats the kelurahan first at {where} (id {value}): the same kecamatan, "
        "population and backlog of every tier, {km} km from it")),
    ("input.copied_site_figures", N_("input.copied_site_figures",
                                     "repeats an earlier office of its kecamatan: the same "
                                     "printers, working days, stock and storage cap at a point "
                                     "within 1 km, its name written otherwise or blank (after "
                                     "=: the earlier row's id)")),
    ("input.copied_site_figures_row_same", N_(
        "input.copied_site_figures_row_same",
        "repeats the office first in row {row} (id {value}): the same kecamatan, "
        "printers, cards per printer-day, working days, stock and storage cap, at "
        "the same point, under its name written otherwise or none")),
    ("input.copied_site_figures_row_near", N_(
        "input.copied_site_figures_row_near",
        "repeats the office first in row {row} (id {value}): the same kecamatan, "
        "printers, cards per printer-day, working days, stock and storage cap, "
        "{km} km from it, under its name written otherwise or none")),
    ("input.copied_site_figures_at_same", N_(
        "input.copied_site_figures_at_same",
        "repeats the office first at {where} (id {value}): the same kecamatan, "
        "printers, cards per printer-day, working days, stock and storage cap, at "
        "the same point, under its name written otherwise or none")),
    ("input.copied_site_figures_at_near", N_(
        "input.copied_site_figures_at_near",
        "repeats the office first at {where} (id {value}): the same kecamatan, "
        "printers, cards per printer-day, working days, stock and storage cap, "
        "{km} km from it, under its name written otherwise or none")),
    # A kelurahan copied into another kecamatan (plausible._copies).
    ("input.copied_area_elsewhere", N_("input.copied_area_elsewhere",
                                       "repeats an earlier kelurahan of another kecamatan: the "
                                       "same name, coordinates and backlog (after =: the "
                                       "earlier row's id)")),
    ("input.copied_area_elsewhere_row", N_("input.copied_area_elsewhere_row",
                                           "repeats the kelurahan first in row {row} (id "
                                           "{value}, kecamatan {district}): the same name, "
                                           "coordinates and backlog, here in kecamatan "
                                           "{other}")),
    ("input.copied_area_elsewhere_at", N_("input.copied_area_elsewhere_at",
                                          "repeats the kelurahan first at {where} (id {value}, "
                                          "kecamatan {district}): the same name, coordinates "
                                          "and backlog, here in kecamatan {other}")),
    # A kelurahan copied into another kecamatan with its name blank (or the same) at one
    # point, every figure the same (plausible._area_copies_elsewhere).
    ("input.copied_area_elsewhere_figures", N_(
        "input.copied_area_elsewhere_figures",
        "repeats an earlier kelurahan of another kecamatan: the same point, population and "
        "backlog of every tier, its name blank or the same (after =: the earlier row's "
        "id)")),
    ("input.copied_area_elsewhere_figures_row", N_(
        "input.copied_area_elsewhere_figures_row",
        "repeats the kelurahan first in row {row} (id {value}, kecamatan {district}): the "
        "same point, population and backlog of every tier, here in kecamatan {other}")),
    ("input.copied_area_elsewhere_figures_at", N_(
        "input.copied_area_elsewhere_figures_at",
        "repeats the kelurahan first at {where} (id {value}, kecamatan {district}): the "
        "same point, population and backlog of every tier, here in kecamatan {other}")),
    # A row repeating another's backlogs, the population blank in one of the two
    # (plausible._blank_population_copies).
    ("input.copied_area_blank_population", N_(
        "input.copied_area_blank_population",
        "repeats an earlier kelurahan of its kecamatan: the same backlog of every tier at a "
        "point within 1 km, the population blank in one of the two, whatever its name "
        "(after =: the earlier row's id)")),
    ("input.copied_area_blank_population_row_same", N_(
        "input.copied_area_blank_population_row_same",
        "repeats the kelurahan first in row {row} (id {value}): the same kecamatan and "
        "backlog of every tier, the population blank in one of the two, at the same point")),
    ("input.copied_area_blank_population_row_near", N_(
        "input.copied_area_blank_population_row_near",
        "repeats the kelurahan first in row {row} (id {value}): the same kecamatan and "
        "backlog of every tier, the population blank in one of the two, {km} km from it")),
    ("input.copied_area_blank_population_at_same", N_(
        "input.copied_area_blank_population_at_same",
        "repeats the kelurahan first at {where} (id {value}): the same kecamatan and "
        "backlog of every tier, the population blank in one of the two, at the same point")),
    ("input.copied_area_blank_population_at_near", N_(
        "input.copied_area_blank_population_at_near",
        "repeats the kelurahan first at {where} (id {value}): the same kecamatan and "
        "backlog of every tier, the population blank in one of the two, {km} km from it")),
    ("input.copied_area_elsewhere_blank_population", N_(
        "input.copied_area_elsewhere_blank_population",
        "repeats an earlier kelurahan of another kecamatan: the same point and backlog of "
        "every tier, the population blank in one of the two, its name blank or the same "
        "(after =: the earlier row's id)")),
    ("input.copied_area_elsewhere_blank_population_row", N_(
        "input.copied_area_elsewhere_blank_population_row",
        "repeats the kelurahan first in row {row} (id {value}, kecamatan {district}): the "
        "same point and backlog of every tier, the population blank in one of the two, here "
        "in kecamatan {other}")),
    ("input.copied_area_elsewhere_blank_population_at", N_(
        "input.copied_area_elsewhere_blank_population_at",
        "repeats the kelurahan first at {where} (id {value}, kecamatan {district}): the "
        "same point and backlog of every tier, the population blank in one of the two, here "
        "in kecamatan {other}")),
    # A row with the name of another of its kecamatan within 1 km, one at 2 decimals
    # (plausible._stale_rounded).
    ("input.same_name_rounded_area", N_(
        "input.same_name_rounded_area",
        "has the name of an earlier kelurahan of its kecamatan within 1 km, one of the two at a "
        "point written to 2 decimals: a stale copy, or a namesake whose point is not its "
        "own (after =: the earlier row's id)")),
    ("input.same_name_rounded_area_row", N_(
        "input.same_name_rounded_area_row",
        "has the name of the kelurahan first in row {row} (id {value}) of the same "
        "kecamatan, {km} km from it, one of the two at a point written to 2 decimals")),
    ("input.same_name_rounded_area_at", N_(
        "input.same_name_rounded_area_at",
        "has the name of the kelurahan first at {where} (id {value}) of the same "
        "kecamatan, {km} km from it, one of the two at a point written to 2 decimals")),
    ("input.same_name_rounded_site", N_(
        "input.same_name_rounded_site",
        "has the name of an earlier office of its kecamatan within 1 km, one of the two at a "
        "point written to 2 decimals: a stale copy, or a namesake whose point is not its "
        "own (after =: the earlier row's id)")),
    ("input.same_name_rounded_site_row", N_(
        "input.same_name_rounded_site_row",
        "has the name of the office first in row {row} (id {value}) of the same "
        "kecamatan, {km} km from it, one of the two at a point written to 2 decimals")),
    ("input.same_name_rounded_site_at", N_(
        "input.same_name_rounded_site_at",
        "has the name of the office first at {where} (id {value}) of the same "
        "kecamatan, {km} km from it, one of the two at a point written to 2 decimals")),
    # A kelurahan code starting with another kecamatan's code (plausible._code_prefixes).
    ("input.code_prefix", N_("input.code_prefix",
                             "gives another kecamatan than the one the kelurahan's code starts "
                             "with (in brackets: the code)")),
    ("input.code_prefix_one", N_("input.code_prefix_one",
                                 "gives kecamatan {district}, but the kelurahan's code {value} "
                                 "starts with the code of kecamatan {other}")),
    # A kelurahan far from the rest of its kecamatan (plausible._stray).
    ("input.stray_area", N_("input.stray_area",
                            "puts the kelurahan more than {km} km from every other place of "
                            "its kecamatan (in brackets: how far from the nearest)")),
    ("input.stray_area_one", N_("input.stray_area_one",
                                "{point} puts the kelurahan {km} km from the nearest other "
                                "place of kecamatan {district} ({value})")),
    # A kecamatan code column and name column that disagree (files._codes_against_names).
    ("input.code_vs_name", N_("input.code_vs_name",
                              "names another kecamatan of {source} than column '{column}' "
                              "gives")),
    ("input.code_vs_name_one", N_("input.code_vs_name_one",
                                  "names kecamatan {other} ({other_name}), but column "
                                  "'{column}' gives kecamatan {district} ({name}) of "
                                  "{source}")),
    ("input.zero_point", N_("input.zero_point",
                            "is 0, and so is the other coordinate: (0, 0) is in the Gulf of "
                            "Guinea (blank cells read as 0)")),
    ("input.zero_column", N_("input.zero_column", "is 0 in every row (blank cells read as 0)")),
    # Every latitude of one table north, of the other south (plausible._across_equator).
    ("input.across_equator_areas_north", N_(
        "input.across_equator_areas_north",
        "every latitude of the kelurahan is positive (north of the equator) and every "
        "latitude of the offices negative (south): the two tables put each kecamatan on both "
        "sides of the equator")),
    ("input.across_equator_sites_north", N_(
        "input.across_equator_sites_north",
        "every latitude of the offices is positive (north of the equator) and every "
        "latitude of the kelurahan negative (south): the two tables put each kecamatan on "
        "both sides of the equator")),
    ("input.lost_minus", N_("input.lost_minus",
                            "puts the point more than 100 km from its kecamatan, and its sign "
                            "flipped puts it next to it (the minus sign may be lost)")),
    ("input.lost_minus_area", N_("input.lost_minus_area",
                                 "is {given}, but the other places of kecamatan {district} lie "
                                 "at {from} to {to}: {given} puts the area {km} km from the "
                                 "nearest of them, {flipped} would put it {near} km away (the "
                                 "minus sign may be lost)")),
    ("input.lost_minus_office", N_("input.lost_minus_office",
                                   "is {given}, but the other places of kecamatan {district} "
                                   "lie at {from} to {to}: {given} puts the office {km} km from "
                                   "the nearest of them, {flipped} would put it {near} km "
                                   "away (the minus sign may be lost)")),
    ("input.lost_minus_north", N_("input.lost_minus_north",
                                  "puts the point more than 100 km from its kecamatan, and its "
                                  "sign flipped puts it next to it (a minus sign may be typed "
                                  "in error)")),
    ("input.lost_minus_area_north", N_("input.lost_minus_area_north",
                                       "is {given}, but the other places of kecamatan "
                                       "{district} lie at {from} to {to}: {given} puts the area "
                                       "{km} km from the nearest of them, {flipped} would put "
                                       "it {near} km away (a minus sign may be typed in "
                                       "error)")),
    ("input.lost_minus_office_north", N_("input.lost_minus_office_north",
                                         "is {given}, but the other places of kecamatan "
                                         "{district} lie at {from} to {to}: {given} puts the "
                                         "office {km} km from the nearest of them, {flipped} "
                                         "would put it {near} km away (a minus sign may be "
                                         "typed in error)")),
    # Headers (optimizer/io/headers.py).
    ("input.twice", N_("input.twice",
                       "appears twice (columns {first} and {second}), both read as {what}")),
    ("input.near", N_("input.near", "is not a known column; did you mean {near}?")),
    ("input.two_columns_rows", N_("input.two_columns_rows",
                                  "and '{other}' (columns {first} and {second}) are both read "
                                  "as {what}, and their values differ in {count} row(s) (rows "
                                  "{rows})")),
    ("input.two_columns", N_("input.two_columns",
                             "and '{other}' (columns {first} and {second}) are both read as "
                             "{what}, and their values differ")),
    ("input.old_beside_new_count", N_("input.old_beside_new_count",
                                      "stands beside '{other}' (columns {first} and {second}), "
                                      "which is read as {what}: it may hold the earlier figure "
                                      "of {what} or a part to add to it")),
    ("input.old_beside_new", N_("input.old_beside_new",
                                "stands beside '{other}' (columns {first} and {second}), which "
                                "is read as {what}: it may hold the earlier value of {what}")),
    ("input.period_stock", N_("input.period_stock",
                              "is a stock at the start or the end of a period, not clearly "
                              "the stock now")),
    # headers._stock_inflow: blanks that came in or went out, beside (or without) a stock.
    ("input.stock_inflow", N_("input.stock_inflow",
                              "counts blanks that came in (stok masuk), beside '{stock}', "
                              "which is read as stock: whether '{stock}' counts them already "
                              "cannot be told")),
    ("input.stock_inflow_alone", N_("input.stock_inflow_alone",
                                    "counts blanks that came in (stok masuk), not clearly the "
                                    "blanks at the office now")),
    ("input.stock_outflow", N_("input.stock_outflow",
                               "counts blanks that went out (stok keluar): whether '{stock}' "
                               "is the stock before or after them cannot be told")),
    # (without a stock column: said as what they are, not as an unknown column whose
    # nearest known name is stock)
    ("input.stock_outflow_alone", N_("input.stock_outflow_alone",
                                     "counts blanks that went out (stok keluar), not the "
                                     "blanks at the office now")),
    ("input.stock_unusable_alone", N_("input.stock_unusable_alone",
                                      "counts blanks at the office that are not to be printed "
                                      "(rusak, cadangan), not the blanks it can print now")),
    ("input.unit_cards", N_("input.unit_cards",
                          "has the unit '{unit}', but {field} must be "
                          "a number of cards (lembar, keping)")),
    ("input.unit_people", N_("input.unit_people",
                          "has the unit '{unit}', but {field} must be "
                          "a number of residents (orang, jiwa)")),
    ("input.unit_printers", N_("input.unit_printers",
                          "has the unit '{unit}', but {field} must be "
                          "a number of working printers")),
    ("input.unit_rate", N_("input.unit_rate",
                          "has the unit '{unit}', but {field} must be "
                          "cards per printer per working day (per hari)")),
    ("input.unit_days", N_("input.unit_days",
                          "has the unit '{unit}', but {field} must be "
                          "a number of working days (hari)")),
    ("input.unit_km", N_("input.unit_km",
                          "has the unit '{unit}', but {field} must be "
                          "road km")),
    ("input.unit_latitude", N_("input.unit_latitude",
                          "has the unit '{unit}', but {field} must be "
                          "decimal degrees (negative south of the equator)")),
    ("input.unit_longitude", N_("input.unit_longitude",
                          "has the unit '{unit}', but {field} must be "
                          "decimal degrees east (e.g. 104.75)")),
    ("input.unit_backlog", N_("input.unit_backlog",
                          "has the unit '{unit}', but {field} must be "
                          "a number of residents (orang, jiwa) or cards (keping)")),
    ("input.missing_column_ignored", N_("input.missing_column_ignored",
                                        "is required but missing; the column '{header}' was "
                                        "ignored (not a known header) and may hold it")),
    ("input.missing_column", N_("input.missing_column", "is required but missing")),
    ("input.missing_tier_column_ignored", N_("input.missing_tier_column_ignored",
                                             "(backlog of tier {tier}) is required but "
                                             "missing; the column '{header}' was ignored "
                                             "(not a known header) and may hold it")),
    ("input.missing_tier_column", N_("input.missing_tier_column",
                                     "(backlog of tier {tier}) is required but missing")),
    # Files and tables (optimizer/io/files.py, sheets.py).
    ("input.no_table", N_("input.no_table", "has no '{table}' table")),
    ("input.xls", N_("input.xls", "is an old Excel 97-2003 workbook")),
    ("input.what_file", N_("input.what_file",
                           "must be a folder of CSV files, an .xlsx workbook or an instance "
                           ".json file")),
    ("input.not_tier", N_("input.not_tier", "'{text}' is not a tier name")),
    ("input.tier_order_tie", N_("input.tier_order_tie",
                                "tiers {tiers} have the same order {order} (rows {rows})")),
    ("input.tier_twice", N_("input.tier_twice", "tier '{tier}' is declared twice")),
    ("input.no_tier", N_("input.no_tier", "declares no tier")),
    ("input.empty_table", N_("input.empty_table", "is empty")),
    ("input.encoding", N_("input.encoding", "is neither UTF-8, UTF-16 nor Windows-1252 text")),
    # io.strict_json.not_utf8: a JSON file or body written in Latin-1 / Windows-1252.
    ("input.not_utf8", N_("input.not_utf8",
                          "is not UTF-8 text: the byte {byte} at offset {offset} is not UTF-8 "
                          "('{char}' in Windows-1252 or Latin-1)")),
    ("input.unclosed_quote", N_("input.unclosed_quote",
                                "a double quote opens a field on line {line} ({start}) and is "
                                "never closed: the rest of the file would be read as one "
                                "cell")),
    ("input.unreadable", N_("input.unreadable", "cannot be read as a table ({detail})")),
    # io.sheets.reading: a workbook whose zip, XML or cells openpyxl cannot parse.
    ("input.unreadable_xlsx", N_("input.unreadable_xlsx", "cannot be read as .xlsx ({detail})")),
    ("input.formulas", N_("input.formulas",
                          "{count} formula cell(s) have no saved value ({cells})")),
    ("input.two_locales", N_("input.two_locales",
                             "the files show two ways of writing numbers: {conflict}")),
    ("input.locales_conflict", N_("input.locales_conflict",
                                  "cells in the Indonesian locale ({indonesian}) and in the "
                                  "English locale ({english})")),
    ("input.both_tables", N_("input.both_tables", "{one} and {other} are both the {table} "
                                                  "table")),
    ("input.both_sheets_hidden", N_("input.both_sheets_hidden",
                                    "sheets '{one}' and '{other}' are both the {table} table "
                                    "(sheet '{hidden}' is hidden in Excel)")),
    # io.sheets.read_workbook: the sheet read is hidden, a visible one like it is not read.
    ("input.hidden_beside_visible", N_("input.hidden_beside_visible",
                                       "sheet '{hidden}', read as the {table} table, is hidden "
                                       "in Excel, and the visible sheet '{visible}' (not read) "
                                       "also holds a table like it")),
    # files._scientific_ids: a code Excel saved in scientific notation ('1,67101E+09').
    ("input.scientific_id_shared", N_("input.scientific_id_shared",
                                      "is a code Excel turned into a number in scientific "
                                      "notation: its last digits are lost ({count} rows now "
                                      "share one id)")),
    ("input.scientific_id", N_("input.scientific_id",
                               "is a code Excel turned into a number in scientific notation: "
                               "its last digits are lost")),
    # io.sheets.shown_issues: a number format showing another figure (tester qa9).
    ("input.format_hides_one", N_("input.format_hides_one",
                                  "is formatted '{format}', which hides the figure: Excel "
                                  "shows an empty cell, the cell holds {held}")),
    ("input.format_hides", N_("input.format_hides",
                              "is formatted '{format}', which hides the figure: Excel shows an "
                              "empty cell")),
    ("input.format_shows_one", N_("input.format_shows_one",
                                  "is formatted '{format}': Excel shows '{seen}', the cell "
                                  "holds {held}, and the plan reads what the cell holds")),
    ("input.format_shows", N_("input.format_shows",
                              "is formatted '{format}': Excel shows another figure than the "
                              "cell holds (after ';': what Excel shows, what the cell holds "
                              "in brackets), and the plan reads what the cell holds")),
    # io.sheets.struck_problem: rows struck through in every filled cell (tester qa9).
    ("input.struck_rows", N_("input.struck_rows",
                             "{count} row(s) are struck through in Excel (every filled cell: "
                             "rows {rows}): a row struck through is one the office crossed "
                             "out")),
    # files._hidden_columns: a hidden column that would be read.
    ("input.hidden_column", N_("input.hidden_column",
                               "column {letter} '{header}' is hidden in Excel and would be "
                               "read as {field}: a hidden column may be one meant to be left "
                               "out")),
    ("input.copy_sheet", N_("input.copy_sheet",
                            "sheets '{one}' and '{other}' could both be the {table} table, "
                            "and their data differ")),
    ("input.copy_sheet_hidden", N_("input.copy_sheet_hidden",
                                   "sheets '{one}' and '{other}' could both be the {table} "
                                   "table, and their data differ (sheet '{hidden}' is hidden "
                                   "in Excel)")),
    ("input.table_misnamed", N_("input.table_misnamed",
                                "{file} has the header of the {table} table, but no file is "
                                "named as the {table} table")),
    # files._offices_said_closed: a status or remark not read says an office does not
    # print (tester qa10).
    ("input.office_said_closed", N_("input.office_said_closed",
                                    "says an office does not print now in row(s) {rows} "
                                    "('{said}'), but its printers are read as printing: "
                                    "the column is not read")),
    # headers.resolve: a sites column headed by a date only, no stock read (tester qa10).
    ("input.date_only_stock", N_("input.date_only_stock",
                                 "is headed by a date only ({date}), and no column is read "
                                 "as stock: it may hold the stock on that date")),
    # headers._stock_inflow: damaged or reserved blanks beside the stock (tester qa10).
    ("input.stock_unusable", N_("input.stock_unusable",
                                "counts blanks at the office that are not to be printed "
                                "(rusak, cadangan), beside '{stock}': whether '{other}' "
                                "counts them cannot be told")),
    # sheets.read_workbook, files._updated_copies: two sheets (files) of one table that
    # share no row id, a part each (tester qa10).
    ("input.copy_sheet_parts", N_("input.copy_sheet_parts",
                                  "sheets '{one}' and '{other}' could both be the {table} "
                                  "table, and no row id is in both")),
    ("input.copy_file_parts", N_("input.copy_file_parts",
                                 "{one} and {other} could both be the {table} table, and no "
                                 "row id is in both")),
    # files._schema_issues: a fraction Excel shows whole (tester qa10).
    ("input.rounded_cell", N_("input.rounded_cell",
                              "is formatted without decimals, so Excel shows it rounded, but "
                              "the cell holds a fraction, and a count is a whole number")),
    # files._dms_degrees: degrees, minutes and seconds (tester qa10).
    ("input.dms_coordinate", N_("input.dms_coordinate",
                                "is written in degrees, minutes and seconds, not in decimal "
                                "degrees")),
    # files._coordinate_pairs: both coordinates in one cell (tester qa10).
    ("input.coordinate_pairs", N_("input.coordinate_pairs",
                                  "holds both coordinates in one cell ('{pair}'), but the "
                                  "latitude and the longitude are read from two columns")),
    # sheets.compound: an OLE compound file under an .xlsx name (tester qa10).
    ("input.workbook_encrypted", N_("input.workbook_encrypted",
                                    "is protected with a password to open it (Excel encrypts "
                                    "such a workbook), and cannot be read")),
    ("input.workbook_xls_named_xlsx", N_("input.workbook_xls_named_xlsx",
                                         "is an old Excel 97-2003 workbook (.xls) saved under "
                                         "an .xlsx name")),
    # files._pasted_columns: two count columns the same in every row (tester qa10).
    ("input.pasted_column", N_("input.pasted_column",
                               "holds the same figure as column {other} in every row ({count} "
                               "rows): one column pasted over the other?")),
    # shipments._cancelled: a shipment a remark says is not sent (tester qa10).
    ("input.shipment_cancelled", N_("input.shipment_cancelled",
                                    "says a shipment is not sent in row(s) {rows} "
                                    "('{said}'), but its blanks are read as pinned: the "
                                    "column is not read")),
    # files._distance_matrix: the km one column per office (tester qa10).
    ("input.distance_matrix", N_("input.distance_matrix",
                                 "is a matrix of distances, one column per office ({count} "
                                 "columns: {offices}), but the distances table has one row "
                                 "per kelurahan and office")),
    # files._coordinate_misread: a coordinate out of range, said how (tester qa10).
    ("input.coordinates_swapped", N_("input.coordinates_swapped",
                                     "is no latitude (beyond -90 to 90) but a longitude, and "
                                     "the row's longitude is a latitude: the two columns "
                                     "look swapped")),
    ("input.lat_thousands", N_("input.lat_thousands",
                               "is no latitude (beyond -90 to 90): it looks like one whose "
                               "decimal point was read as a thousands separator")),
    ("input.lon_thousands", N_("input.lon_thousands",
                               "is no longitude (beyond -180 to 180): it looks like one whose "
                               "decimal point was read as a thousands separator")),
    # sheets.read_workbook: a table under a sheet name not read (tester qa10).
    ("input.sheet_misnamed", N_("input.sheet_misnamed",
                                "sheet '{sheet}' has the header of the {table} table, but no "
                                "sheet is named as the {table} table")),
    ("input.copy_file", N_("input.copy_file", "{one} and {other} could both be the {table} "
                                              "table")),
    # files._headerless_numbers: a header over several columns of numbers.
    ("input.header_by_sex", N_("input.header_by_sex",
                               "is a header over two rows, split by sex: '{header}' over "
                               "{subs} (row {row}); only its first column would be read as "
                               "{what}")),
    ("input.header_two_rows", N_("input.header_two_rows",
                                 "is a header over two rows: '{header}' over {subs} (row "
                                 "{row}); only its first column would be read as {what}")),
    ("input.header_two_rows_dates", N_("input.header_two_rows_dates",
                                       "is a header over two rows, one column a date: "
                                       "'{header}' over {dates} (row {row}), the {what} on "
                                       "each date; only its first column ({oldest}) would be "
                                       "read as {what}")),
    ("input.header_over_columns", N_("input.header_over_columns",
                                     "heads several columns that hold numbers (columns "
                                     "{columns}; the others have no header): only its first "
                                     "column would be read as {what}")),
    # files._not_rows: rows that are no place.
    ("input.column_numbers_area", N_("input.column_numbers_area",
                                     "holds the numbers of the columns ({numbers}), not a "
                                     "kelurahan")),
    ("input.column_numbers_site", N_("input.column_numbers_site",
                                     "holds the numbers of the columns ({numbers}), not an "
                                     "office")),
    ("input.not_area_rows", N_("input.not_area_rows",
                               "{count} row(s) are not a kelurahan: no coordinates, and no id or "
                               "nothing but an id and a name, like a note or a sum below "
                               "the table (rows {rows})")),
    ("input.not_site_rows", N_("input.not_site_rows",
                               "{count} row(s) are not an office: no coordinates, and no id or "
                               "nothing but an id and a name, like a note or a sum below "
                               "the table (rows {rows})")),
    ("input.broken_printers", N_("input.broken_printers",
                                 "counts printers that do not work, but printers must be the "
                                 "working printers only")),
    # io.headers.resolve: 'Kapasitas Printer per Bulan', a rate in another period.
    ("input.rate_period", N_("input.rate_period",
                             "gives cards per printer per '{word}', but cards_per_printer_day "
                             "must be cards per printer per working day")),
    ("input.other_printers", N_("input.other_printers",
                                "is about printers too, but only one column of printers is "
                                "read, and it must count the working printers only")),
    ("input.report_as_input", N_("input.report_as_input",
                                 "is a plan's report written by Blanko (its sheets {sheets} "
                                 "hold a plan's figures), not an input to plan")),
    ("input.dataset_wrapper", N_("input.dataset_wrapper",
                                 "is a dataset's description (the answer of GET "
                                 "/v1/datasets/{name}?instance=true), not an instance: the "
                                 "instance is its member 'instance'")),
    # The page's own form and uploads (api/web).
    ("input.blanks_needed", N_("input.blanks_needed", "is required for your own files")),
    ("input.choose_file", N_("input.choose_file",
                             "choose a workbook (.xlsx) or the CSV files (sites.csv, "
                             "areas.csv, ...) to upload")),
    ("input.file_kind", N_("input.file_kind",
                           "must be an .xlsx workbook, a .csv table or an instance .json")),
    # The command line's options (optimizer/cli) and schedules (optimizer/studies/replay.py).
    ("input.one_of_two", N_("input.one_of_two", "give exactly one of them")),
    ("input.data_only", N_("input.data_only", "apply to --data only")),
    ("input.horizon_schedule", N_("input.horizon_schedule",
                                  "writes the horizon of a plan ahead: give --schedule too")),
    ("input.unknown_keys_in", N_("input.unknown_keys_in", "unknown keys {keys} in {spec}")),
    ("input.missing_keys_in", N_("input.missing_keys_in", "missing keys {keys} in {spec}")),
    ("input.not_key_value_in", N_("input.not_key_value_in", "{part} is not key=value in {spec}")),
    ("input.unknown_keys", N_("input.unknown_keys", "unknown keys {keys}")),
    ("input.missing_keys", N_("input.missing_keys", "missing keys {keys}")),
    ("input.no_tranche", N_("input.no_tranche", "lists no tranche")),
    ("input.horizon_past", N_("input.horizon_past",
                              "the horizon ({count} days) must extend past the last tranche "
                              "(day {day})")),
    ("input.release_positive", N_("input.release_positive", "blanks and lead must be >= 1")),
    ("input.name_policy", N_("input.name_policy", "must name a policy")),
    # A kecamatan code that lost its leading zeros in a number cell (optimizer/io/files.py).
    ("input.zeros_dropped", N_("input.zeros_dropped",
                               "is a code of {source} without its leading zeros (Excel drops "
                               "them from a number cell)")),
    # A sweep's scenario file (optimizer/studies/scenarios.py).
    ("input.scenario_key", N_("input.scenario_key", "is not a known key (known: {known})")),
    ("input.scenario_site_key", N_("input.scenario_site_key", "unknown (known: {known})")),
    ("input.scenario_name", N_("input.scenario_name",
                               "must be lower-case letters, digits and '-'")),
    ("input.scenario_sites", N_("input.scenario_sites", "must be tables per site_id")),
    ("input.no_hosts", N_("input.no_hosts", "dataset '{name}' has no hosts.csv")),
    # blanko plan --save --schedule (optimizer/cli/planning.py).
    ("input.save_schedule", N_("input.save_schedule",
                               "keeps a plan of one shipment, which `blanko plans verify` "
                               "re-solves; a --schedule (lookahead) plan cannot be kept yet")),
    # api/web/pages.STALE_PLAN: the form changed after the plan shown was made.
    ("input.page_stale", N_("input.page_stale",
                            "the form was changed after the plan shown was made (the "
                            "shipment, the policy or the files): it is not the plan that "
                            "would be saved, downloaded or printed")),
    ("input.not_both", N_("input.not_both",
                          "upload either one workbook or the CSV files, not both")),
    # A table per workbook (kantor.xlsx, kelurahan.xlsx): on the page and in a --data folder.
    ("input.many_books", N_("input.many_books",
                            "{count} workbooks chosen ({names}): the page reads one workbook, "
                            "with a sheet per table, or the CSV files")),
    ("input.folder_books", N_("input.folder_books",
                              "has no CSV file of a table it needs ({tables}), but holds "
                              "workbooks ({names}): a folder is read as CSV files, one per "
                              "table")),
    ("input.pins_twice", N_("input.pins_twice",
                            "the shipments to pin are given both in 'shipments' and in "
                            "'policy.pinned_shipments': give them in one of the two")),
    ("input.not_table", N_("input.not_table", "is not one of {tables}")),
    ("input.unknown_dataset", N_("input.unknown_dataset", "unknown dataset '{name}'")),
    ("input.unknown_dataset_known", N_("input.unknown_dataset_known",
                                       "unknown dataset '{name}' (known: {known})")),
    # The planner's own shipments (optimizer.io.shipments) and --schedule (studies.replay).
    ("input.not_file", N_("input.not_file", "is not a file")),
    ("input.whole_least", N_("input.whole_least", "must be a whole number >= {least}")),
    ("input.schedule_order", N_("input.schedule_order",
                                "day {day} does not come after day {before} of row {row}: "
                                "tranche days must increase")),
    ("input.schedule_increase", N_("input.schedule_increase", "tranche days must increase")),
    ("input.schedule_header", N_("input.schedule_header",
                                 "the first line must name the columns day and blanks")),
    ("input.schedule_cells", N_("input.schedule_cells", "needs two cells: {header}")),
    ("input.empty_range", N_("input.empty_range", "{first}-{second} is an empty range")),
    ("input.spec_key_twice", N_("input.spec_key_twice", "key '{key}' is given twice in {spec}")),
    ("input.horizon_long", N_("input.horizon_long",
                              "the horizon ({amount} days) is longer than a replay simulates "
                              "({cap} working days, ten years)")),
    ("input.whole_or_range", N_("input.whole_or_range",
                                "must be a whole number >= 0 or a range low-high")),
    # Output paths (optimizer.io.exports.check_output_paths: --json, --csv, --xlsx, and
    # blanko template PATH).
    ("input.out_not_folder", N_("input.out_not_folder", "is a file, not a folder")),
    ("input.out_under_file", N_("input.out_under_file", "cannot be created: {path} is a file")),
    ("input.out_no_permission", N_("input.out_no_permission",
                                   "cannot be written: no permission in {path}")),
    ("input.out_is_folder", N_("input.out_is_folder", "is a folder; give a file name")),
    ("input.out_no_folder", N_("input.out_no_folder",
                               "cannot be written: the folder {path} does not exist")),
    ("input.out_read_only", N_("input.out_read_only", "cannot be written: the file is read-only")),
    ("input.out_xlsx", N_("input.out_xlsx",
                          "must end in .xlsx (Excel will not open it otherwise)")),
    ("input.out_dash", N_("input.out_dash",
                          "is not standard output: blanko writes its outputs to files, and "
                          "its report to the terminal; give a file or folder name")),
    ("input.out_over_input", N_("input.out_over_input",
                                "would overwrite {path}, read by {source}: give another path")),
    ("input.out_twice", N_("input.out_twice",
                           "would overwrite {path}, written by {option}: give each output "
                           "its own path")),
    # The command line's own refusals (optimizer/cli: --data, sweep, compare, replay).
    ("input.not_exist", N_("input.not_exist", "does not exist")),
    ("input.not_folder", N_("input.not_folder", "is not a folder")),
    ("input.no_toml", N_("input.no_toml", "holds no .toml file")),
    ("input.not_toml", N_("input.not_toml", "not TOML: {error}")),
    ("input.in_range", N_("input.in_range", "must be in {low}..{high}")),
    ("input.in_interval", N_("input.in_interval", "must be in [{low}, {high}]")),
    ("input.status_quo", N_("input.status_quo", "must include {name}, the status quo every "
                                                "difference is paired against")),
    ("input.name_twice", N_("input.name_twice", "'{name}' is also the name in {other}")),
    ("input.not_spec", N_("input.not_spec", "'{text}' is neither a file nor a spec such as "
                                            "'{example}'")),
    ("input.policy_twice", N_("input.policy_twice", "lists policy '{name}' twice")),
    ("input.unknown_policy", N_("input.unknown_policy", "unknown policy '{name}' (known: "
                                                        "{known})")),
    # The plan store's database URL (optimizer/store/db.py: --db, BLANKO_DATABASE_URL).
    ("input.db_backend", N_("input.db_backend",
                            "'{url}': the store runs on sqlite or postgresql, not {backend}")),
    ("input.db_folder", N_("input.db_folder", "'{url}': the folder {path} does not exist")),
    ("input.db_memory", N_("input.db_memory",
                           "'{url}': give a file path (sqlite:////abs/path.sqlite3): jobs and "
                           "plans must outlive the process")),
    # The service's own refusals (api/): strict JSON, size limits, job kinds, parameters.
    ("input.not_finite", N_("input.not_finite",
                            "{token} is not allowed: every number must be finite")),
    ("input.too_large_number", N_("input.too_large_number",
                                  "{text} is too large: every number must be finite")),
    ("input.too_many_digits", N_("input.too_many_digits",
                                 "a number of {amount} digits is too long: a number may have "
                                 "at most {cap} digits")),
    ("input.too_deep", N_("input.too_deep",
                          "objects and lists are nested too deeply to read; an input nests "
                          "them a few levels at most (keep it under {depth})")),
    ("input.duplicate_key", N_("input.duplicate_key",
                               "the key '{key}' appears twice in one object; keep one")),
    # The same said of a file (--data kota.json), its fix apart.
    ("input.duplicate_key_file", N_("input.duplicate_key_file",
                                    "the key '{key}' appears twice in one object")),
    ("input.too_many_policies", N_("input.too_many_policies",
                                   "{amount} policies; the limit is {cap} ({setting})")),
    ("input.too_many_areas", N_("input.too_many_areas",
                                "{amount} areas; the limit is {cap} ({setting})")),
    ("input.too_many_sites", N_("input.too_many_sites",
                                "{amount} sites; the limit is {cap} ({setting})")),
    ("input.too_many_overrides", N_("input.too_many_overrides",
                                    "{amount} sites and areas changed; the limit is {cap} "
                                    "({setting})")),
    ("input.too_many_tiers", N_("input.too_many_tiers",
                                "{amount} tiers; the limit is {cap} ({setting})")),
    ("input.pairs_every", N_("input.pairs_every",
                             "{amount} allowed area-site pairs (every pair, as max_travel_km "
                             "is unset); the limit is {cap} ({setting})")),
    ("input.pairs_within", N_("input.pairs_within",
                              "at least {amount} allowed area-site pairs within max_travel_km "
                              "{km}; the limit is {cap} ({setting})")),
    ("input.one_of", N_("input.one_of", "must be one of {choices}")),
    ("input.kind_required", N_("input.kind_required", "is required: plan, comparison or replay")),
    ("input.at_most_chars", N_("input.at_most_chars",
                               "String should have at most {amount} characters")),
    ("input.not_a_date", N_("input.not_a_date",
                            "'{value}' is not a date: write an ISO 8601 date or date and "
                            "time, e.g. 2026-11-29 or 2026-11-29T08:00:00+07:00")),
    ("input.at_least_chars", N_("input.at_least_chars",
                                "String should have at least {amount} characters")),
    # blanko plan --schedule (optimizer/cli/horizon.py): a range first (its low is no range).
    ("input.schedule_day0_range", N_(
        "input.schedule_day0_range",
        "its day-0 tranche ({low}-{high} blanks) is the shipment in hand, but --blanks is "
        "{amount}: make them agree, or start the schedule at the next tranche")),
    ("input.schedule_day0", N_(
        "input.schedule_day0",
        "its day-0 tranche ({low} blanks) is the shipment in hand, but --blanks is {amount}: "
        "make them agree, or start the schedule at the next tranche")),
    ("input.schedule_no_later", N_(
        "input.schedule_no_later",
        "names no tranche after day 0: give the later tranches (day,blanks) to plan ahead")),
)

# What to change: grouping.FIXES (tests/i18n pins that each one is here) and the readers'.
FIXES: tuple[tuple[str, str], ...] = (
    # (first: 'write it as e.g. ...' is no fix.write_whole)
    ("fix.zeros_dropped", N_("fix.zeros_dropped",
                             "format the column as Text (Format Cells > Text) and type the "
                             "codes with their leading zeros, or write the kecamatan's names")),
    ("fix.scenario_key", N_("fix.scenario_key",
                            "rename it to one of the known keys, or delete the line")),
    ("fix.scenario_name", N_("fix.scenario_name", "write the name as e.g. supply-bound")),
    ("fix.scenario_sites", N_("fix.scenario_sites",
                              "write each office as a table, [sites.KEC-16.71.01], with its "
                              "keys below it")),
    ("fix.no_hosts", N_("fix.no_hosts",
                        "leave out hosts = true, or plan a dataset with a hosts.csv "
                        "(palembang-2017)")),
    ("fix.one_of_two", N_("fix.one_of_two",
                          "keep one of the two: a bundled dataset's name (blanko datasets lists "
                          "them) or the path of your own files")),
    ("fix.data_only", N_("fix.data_only",
                         "leave them out: a bundled dataset's numbers and tiers are its own")),
    ("fix.schedule_spec", N_("fix.schedule_spec",
                             "write it as e.g. 'tranches=12,every=20,blanks=10000-30000' "
                             "(optional: step, start, days), or give a CSV file of day,blanks "
                             "rows")),
    ("fix.no_tranche", N_("fix.no_tranche",
                          "add a row day,blanks per tranche below the header (day 0 is the "
                          "shipment in hand)")),
    ("fix.horizon_past", N_("fix.horizon_past", "give days= above {day}, or leave days= out")),
    ("fix.release_spec", N_("fix.release_spec",
                            "write it as e.g. 'below=5000,blanks=10000,lead=5'")),
    ("fix.number_tiers", N_("fix.number_tiers", "number the tiers 1, 2, 3")),
    ("fix.csv_utf8", N_("fix.csv_utf8", "in Excel, save it again as 'CSV UTF-8 (Comma "
                                        "delimited)'")),
    ("fix.separator_quotes", N_("fix.separator_quotes",
                                "a name holding the separator must be in double quotes; or "
                                "save the file again from Excel as CSV")),
    ("fix.json_tiers", N_("fix.json_tiers", "list each of {tiers} once, highest priority "
                                            "first")),
    ("fix.replay_pins", N_("fix.replay_pins", "leave pinned_shipments out of a replay's "
                                              "policy")),
    ("fix.key_once", N_("fix.key_once", "give each key once")),
    ("fix.no_body", N_("fix.no_body", "send no body: {route} takes none")),
    ("fix.empty_range", N_("fix.empty_range", "swap the two, or give a later {other}")),
    ("fix.not_utf8", N_("fix.not_utf8",
                        "send the text encoded as UTF-8, as JSON requires (é is the bytes C3 "
                        "A9 in UTF-8, E9 in Latin-1); in a client, encode the body as UTF-8, "
                        "or set the editor's encoding to UTF-8 and save again")),
    ("fix.horizon_long", N_("fix.horizon_long",
                            "give fewer or closer tranches, or a shorter days=")),
    ("fix.baseline_pins", N_("fix.baseline_pins",
                             "leave pinned_shipments out of its policy, or compare the pins "
                             "with 'optimal'")),
    # api.jobs.hosts: an override that leaves a host office with no printer.
    ("fix.host_printer", N_("fix.host_printer",
                            "keep a printer at site '{value}', the host office of kecamatan "
                            "{district} (hosts.csv), or send \"hosts\": false to plan "
                            "without host offices")),
    ("fix.json_locale", N_("fix.json_locale",
                           "leave --locale out (it is for a folder of CSVs or an .xlsx)")),
    ("fix.int_type", N_("fix.int_type", "type whole numbers only (no decimals, text or units)")),
    ("fix.int_from_float", N_("fix.int_from_float", "type whole numbers only (no decimals)")),
    ("fix.int_parsing", N_("fix.int_parsing", "type whole numbers only (no text or units)")),
    ("fix.bool_type", N_("fix.bool_type", "type true or false")),
    ("fix.float_type", N_("fix.float_type",
                          "type numbers only (no text, units, or true/false)")),
    ("fix.float_parsing", N_("fix.float_parsing", "type numbers only (no text or units)")),
    ("fix.finite_number", N_("fix.finite_number", "type a real number")),
    ("fix.missing_value", N_("fix.missing_value",
                             "fill in a number (0 where there is none); blank, N/A and - mean "
                             "no value")),
    ("fix.formula_error", N_("fix.formula_error",
                             "correct the formula and save the file again, or type the "
                             "value")),
    # numbers.FORMULA_FIXES: what made each of Excel's error values.
    ("fix.formula_na", N_("fix.formula_na",
                          "the formula's lookup (VLOOKUP, XLOOKUP, MATCH) found nothing: check "
                          "that the code it looks up is in the table it searches and save the "
                          "file again, or type the value")),
    ("fix.formula_div0", N_("fix.formula_div0",
                            "the formula divides by zero or by an empty cell: correct the cell "
                            "it divides by and save the file again, or type the value")),
    ("fix.formula_ref", N_("fix.formula_ref",
                           "the formula points to cells that were deleted (a row, column or "
                           "sheet removed): write it again with the cells it should read and "
                           "save the file again, or type the value")),
    ("fix.formula_name", N_("fix.formula_name",
                            "the formula names a function or range Excel does not know (a "
                            "typo, or a function of a newer Excel): correct the name and save "
                            "the file again, or type the value")),
    ("fix.formula_value", N_("fix.formula_value",
                             "the formula computes with a value of the wrong type (text or a "
                             "unit where a number belongs): correct the cells it reads and "
                             "save the file again, or type the value")),
    ("fix.formula_num", N_("fix.formula_num",
                           "the formula's result is a number Excel cannot compute (too large, "
                           "or an impossible calculation): correct the formula or the cells "
                           "it reads and save the file again, or type the value")),
    ("fix.formula_null", N_("fix.formula_null",
                            "the formula's ranges do not meet (a space where a comma or colon "
                            "belongs): correct the ranges and save the file again, or type the "
                            "value")),
    ("fix.formula_spill", N_("fix.formula_spill",
                             "the formula's results spill into cells that are not empty: clear "
                             "the cells below or beside it and save the file again, or type "
                             "the value")),
    ("fix.formula_calc", N_("fix.formula_calc",
                            "the formula cannot compute its result (an empty array, a FILTER "
                            "that finds nothing): correct the formula or the cells it reads "
                            "and save the file again, or type the value")),
    ("fix.formula_busy", N_("fix.formula_busy",
                            "the workbook was saved while the formula was still computing: "
                            "open it, wait until every value shows and save the file again, "
                            "or type the value")),
    ("fix.ambiguous_number", N_("fix.ambiguous_number",
                                "state the locale: --locale id reads 2.000 as two thousand, "
                                "--locale en reads it as two; or type the number without "
                                "separators")),
    ("fix.ambiguous_value", N_("fix.ambiguous_value",
                               "state the locale: --locale id reads {typed} as {indonesian}, "
                               "--locale en reads it as {english}; or type the number without "
                               "separators")),
    ("fix.ambiguous_count_en", N_("fix.ambiguous_count_en",
                                  "if the file writes numbers the English way, state --locale "
                                  "en: it reads {typed} as {english} (read in Indonesian it is "
                                  "{indonesian}, and no count is written so); or type {english} "
                                  "without separators")),
    ("fix.date_in_number", N_("fix.date_in_number",
                              "Excel turned the number into a date: format the column as "
                              "Number (Format Cells > Number) and type the values again")),
    ("fix.too_small", N_("fix.too_small", "correct the values (they cannot be that small)")),
    ("fix.less_than_equal", N_("fix.less_than_equal",
                               "correct the values (check the unit: counts are cards, "
                               "distances km, coordinates degrees)")),
    ("fix.unknown_district", N_("fix.unknown_district",
                                "use the codes (or the names) of the districts table")),
    ("fix.unknown_area", N_("fix.unknown_area", "use the area ids of the areas table")),
    ("fix.unknown_site", N_("fix.unknown_site", "use the site ids of the sites table")),
    ("fix.cut_area_code_example", N_("fix.cut_area_code_example",
                                     "write each kelurahan's whole code, its kecamatan's "
                                     "code, a dot and the number ({code} for {number} of "
                                     "kecamatan {district}), in every row (Excel: "
                                     "=C2&\".\"&A2 with the kecamatan's code in column C and "
                                     "the number in A, then paste as values)")),
    ("fix.cut_area_code", N_("fix.cut_area_code",
                             "write each kelurahan's whole code, its kecamatan's code, a dot "
                             "and the number, in every row (Excel: =C2&\".\"&A2 with the "
                             "kecamatan's code in column C and the number in A, then paste as "
                             "values)")),
    ("fix.district_as_site_example", N_("fix.district_as_site_example",
                                        "write the id of the office (the sites table's "
                                        "site_id), not of its kecamatan: {site} for kecamatan "
                                        "{district}")),
    ("fix.district_as_site", N_("fix.district_as_site",
                                "write the id of the office (the sites table's site_id), not "
                                "of its kecamatan")),
    ("fix.shipment_name", N_("fix.shipment_name",
                             "write the office's name as the sites table writes it, or add a "
                             "column of the offices' ids (Kode Kantor) and use it")),
    ("fix.unknown_site_office_name", N_("fix.unknown_site_office_name",
                                        "'{site}' is an office's name: write its id, {id}")),
    ("fix.unknown_site_kecamatan", N_("fix.unknown_site_kecamatan",
                                      "'{site}' is a kecamatan's name: write its office's id "
                                      "from the sites table ({offices})")),
    ("fix.shipment_name_kecamatan", N_("fix.shipment_name_kecamatan",
                                       "write the office's name as the sites table writes it "
                                       "(or its id, in a column Kode Kantor)")),
    ("fix.shipment_name_again", N_("fix.shipment_name_again",
                                   "keep one row an office: delete the other, or correct its "
                                   "name")),
    ("fix.shipment_name_other", N_("fix.shipment_name_other",
                                   "correct the row: the id and the name must be of one office "
                                   "(were the columns sorted apart?)")),
    ("fix.boxes_disagree", N_("fix.boxes_disagree",
                              "correct the blanks or the boxes of the row (the blanks are "
                              "read, the boxes are not): {size} blanks a box")),
    ("fix.shipment_boxes", N_("fix.shipment_boxes",
                              "add a column of the blanks each office gets (boxes x blanks a "
                              "box), headed Jumlah Lembar or blanks; to ship whole boxes, plan "
                              "with --lot-size (blanks a box)")),
    ("fix.lookalike", N_("fix.lookalike",
                         "write the id the same way in both tables: type it again where it "
                         "holds invisible characters (pasted from a web page or a PDF), in one "
                         "letter case")),
    ("fix.duplicate_id", N_("fix.duplicate_id", "give every row its own id")),
    ("fix.duplicate_pair", N_("fix.duplicate_pair", "list each area and site pair once")),
    ("fix.duplicate_key", N_("fix.duplicate_key",
                             "keep one of the two; JSON objects must not repeat a key")),
    ("fix.district_two_ways", N_("fix.district_two_ways",
                                 "write each kecamatan the same way in every row")),
    ("fix.string_pattern_mismatch", N_("fix.string_pattern_mismatch",
                                       "ids must not be empty or hold spaces, commas, "
                                       "semicolons or control characters; names must not "
                                       "hold control characters")),
    ("fix.string_too_short", N_("fix.string_too_short", "fill in the id")),
    ("fix.missing_tier", N_("fix.missing_tier", "fill in the backlog of every tier")),
    ("fix.long_distance", N_("fix.long_distance",
                             "check the unit (km, not metres), the decimal and thousands "
                             "separators and the coordinates of the area and the office")),
    ("fix.long_distance_id", N_("fix.long_distance_id",
                                "check the unit (km, not metres) and the separators: the "
                                "numbers were read in the Indonesian locale, where 2.176 is "
                                "two thousand one hundred seventy-six; write km with a decimal "
                                "comma (2,176), or write every file in one locale and state it "
                                "with --locale")),
    ("fix.long_distance_en", N_("fix.long_distance_en",
                                "check the unit (km, not metres) and the separators: the "
                                "numbers were read in the English locale, where 2,176 is two "
                                "thousand one hundred seventy-six; write km with a decimal "
                                "point (2.176), or write every file in one locale and state it "
                                "with --locale")),
    ("fix.short_distance", N_("fix.short_distance",
                              "check the coordinates of the area and the office (a lost minus "
                              "sign, latitude and longitude swapped) and the km (unit, "
                              "separators); a km not measured is no 0: delete the row, the "
                              "distance is then computed from the coordinates")),
    ("fix.missing_km", N_("fix.missing_km",
                          "delete the row (without it the distance is computed from the "
                          "coordinates) or type the measured road km; never 0 for a distance "
                          "not measured")),
    ("fix.far_coordinates", N_("fix.far_coordinates",
                               "check the latitude and longitude: decimal degrees (e.g. -2.99 "
                               "and 104.75) with the file's decimal mark, not swapped, the minus "
                               "sign kept, never 0 for a blank")),
    ("fix.zero_area_lat", N_("fix.zero_area_lat",
                             "fill in the kelurahan's latitude in decimal degrees, e.g. -2.99 "
                             "(one on the equator with its decimals, e.g. 0.0004)")),
    ("fix.zero_area_lon", N_("fix.zero_area_lon",
                             "fill in the kelurahan's longitude in decimal degrees, e.g. "
                             "104.75")),
    ("fix.zero_site_lat", N_("fix.zero_site_lat",
                             "fill in the office's latitude in decimal degrees, e.g. -2.99 "
                             "(one on the equator with its decimals, e.g. 0.0004)")),
    ("fix.zero_site_lon", N_("fix.zero_site_lon",
                             "fill in the office's longitude in decimal degrees, e.g. "
                             "104.75")),
    ("fix.zero_point_area", N_("fix.zero_point_area",
                               "fill in the kelurahan's latitude and longitude in decimal "
                               "degrees, e.g. -2.99 and 104.75")),
    ("fix.zero_point_site", N_("fix.zero_point_site",
                               "fill in the office's latitude and longitude in decimal "
                               "degrees, e.g. -2.99 and 104.75")),
    ("fix.lost_minus_area", N_("fix.lost_minus_area",
                               "check the sign of the kelurahan's latitude: south of the "
                               "equator it is negative (e.g. -2.99)")),
    ("fix.lost_minus_site", N_("fix.lost_minus_site",
                               "check the sign of the office's latitude: south of the equator "
                               "it is negative (e.g. -2.99)")),
    ("fix.lost_minus_area_north", N_("fix.lost_minus_area_north",
                                     "check the sign of the kelurahan's latitude: north of "
                                     "the equator it is positive, without a minus sign (e.g. "
                                     "1.49)")),
    ("fix.lost_minus_site_north", N_("fix.lost_minus_site_north",
                                     "check the sign of the office's latitude: north of the "
                                     "equator it is positive, without a minus sign (e.g. "
                                     "1.49)")),
    ("fix.stock_over_cap", N_("fix.stock_over_cap",
                              "correct the stock (blanks at the office now) or the storage cap "
                              "(the most it may hold, stock included)")),
    ("fix.totals_row", N_("fix.totals_row",
                          "delete it: every row must be one kelurahan, office or kecamatan")),
    ("fix.totals_row_shipment", N_("fix.totals_row_shipment",
                                   "delete it: every row must be one office's shipment")),
    ("fix.subtotal_row", N_("fix.subtotal_row",
                            "delete the subtotal row: every row must be one kelurahan (the "
                            "plan adds up each kecamatan itself)")),
    ("fix.site_outlier_cards", N_("fix.site_outlier_cards",
                                  "check the figure (a zero typed too many?); if it is real, "
                                  "write the office's capacity as more printers at the other "
                                  "offices' cards per printer-day: the plan uses printers x "
                                  "cards per printer-day x working days (1 printer at 1500 is "
                                  "10 printers at 150)")),
    ("fix.site_outlier_days", N_("fix.site_outlier_days",
                                 "check the figure (a zero typed too many?): working days are "
                                 "the days until the next shipment, most often the same at "
                                 "every office; if it is real, write the office's capacity as "
                                 "more printers over the other offices' days: the plan uses "
                                 "printers x cards per printer-day x working days (1 printer "
                                 "for 200 days is 10 printers for 20)")),
    ("fix.stock_sheet", N_("fix.stock_sheet",
                           "copy the stock now (most often the latest date's column) into the "
                           "offices table as a column headed Stok, each office's in its row "
                           "(Excel: VLOOKUP by the office's code), or 0 where an office holds "
                           "none; then delete the sheet '{sheet}'")),
    ("fix.office_day_rate", N_("fix.office_day_rate",
                               "if it is one printer's, head it cards_per_printer_day "
                               "(Kapasitas per Printer per Hari); if it is the office's with "
                               "all its printers, divide it by the office's printers (300 with "
                               "2 printers is 150) and head the result so")),
    ("fix.days_per_week", N_("fix.days_per_week",
                             "multiply by the weeks until the next shipment (5 days a week for "
                             "4 weeks is 20), write the result and head the column "
                             "working_days (Hari Kerja)")),
    ("fix.days_per_month", N_("fix.days_per_month",
                              "if the next shipment comes a month from now, these are the "
                              "days: head the column working_days (Hari Kerja); if not, write "
                              "the working days until the next shipment")),
    ("fix.site_low_cards", N_("fix.site_low_cards",
                              "write the cards one printer prints in a working day: a rate "
                              "per hour times the hours printed a day (19 an hour for 8 hours "
                              "is 152), or the figure with its lost zero (15 for 150)")),
    ("fix.site_week_days", N_("fix.site_week_days",
                              "write the days the office prints until the next shipment, the "
                              "same period as the other offices' (5 days a week for 4 weeks is "
                              "20); if it really prints only these days, write its capacity "
                              "over the other offices' days: cards per printer-day times its "
                              "days divided by theirs (150 x 5 / 20 = 37), with their days")),
    ("fix.table_sign_areas", N_("fix.table_sign_areas",
                                "check the sign of the latitudes: south of the equator a "
                                "latitude is negative (e.g. -2.99): add the minus sign to "
                                "every kelurahan's latitude; if they lie north of it, remove "
                                "the minus sign from the offices' latitudes instead")),
    ("fix.table_sign_sites", N_("fix.table_sign_sites",
                                "check the sign of the latitudes: south of the equator a "
                                "latitude is negative (e.g. -2.99): add the minus sign to "
                                "every office's latitude; if they lie north of it, remove the "
                                "minus sign from the kelurahan's latitudes instead")),
    ("fix.subtotal_sum", N_("fix.subtotal_sum",
                            "delete the kecamatan's subtotal rows: every row must be one "
                            "kelurahan (the plan adds up each kecamatan itself)")),
    ("fix.copied_area", N_("fix.copied_area",
                           "delete one of the two rows: each kelurahan is one row")),
    ("fix.copied_area_elsewhere", N_("fix.copied_area_elsewhere",
                                     "delete the copy: each kelurahan is one row, in its own "
                                     "kecamatan")),
    ("fix.copied_site", N_("fix.copied_site",
                           "delete one of the two rows: each office is one row (a copy counts "
                           "its printers and stock twice)")),
    ("fix.same_place_site", N_("fix.same_place_site",
                               "if it is a copy, delete the stale row (a copy counts the "
                               "office's printers twice); if they are two offices in one "
                               "building, give each its own name")),
    ("fix.copied_area_figures", N_("fix.copied_area_figures",
                                   "delete the copy: each kelurahan is one row; if they really "
                                   "are two kelurahan, correct the figures or coordinates of "
                                   "the one that is wrong (two kelurahan counted do not "
                                   "have every figure the same; if they are estimates, write "
                                   "each backlog as a whole-percent share of the population, "
                                   "452 of 4,520, and the pair plans)")),
    ("fix.copied_site_figures", N_("fix.copied_site_figures",
                                   "delete the copy: each office is one row (a copy counts its "
                                   "printers and stock twice); if they really are two offices, "
                                   "give each its own name and its own figures")),
    ("fix.code_prefix", N_("fix.code_prefix",
                           "correct one of the two, the kelurahan's code or its kecamatan: a "
                           "kelurahan's code starts with the code of its kecamatan")),
    ("fix.same_name_rounded_area", N_("fix.same_name_rounded_area",
                                      "if it is a stale copy, delete it; if they are two "
                                      "kelurahan of one name, give this one its own latitude "
                                      "and longitude, to 4 decimals or more")),
    ("fix.same_name_rounded_site", N_("fix.same_name_rounded_site",
                                      "if it is a stale copy, delete it (a copy counts the "
                                      "office's printers and stock twice); if they are two "
                                      "offices, give this one its own name and its own "
                                      "latitude and longitude, to 4 decimals or more")),
    ("fix.same_place_area", N_("fix.same_place_area",
                               "if it is a copy, delete the stale row; if they are two "
                               "kelurahan of one name, give each its own latitude and "
                               "longitude, and if they lie within about 110 m of each other "
                               "a name of its own too (e.g. with its code: Sukamaju 1001)")),
    ("fix.stray_area", N_("fix.stray_area",
                          "check the kelurahan's latitude and longitude (a digit typed "
                          "wrong?) and its kecamatan")),
    ("fix.code_vs_name", N_("fix.code_vs_name",
                            "make the kecamatan's code and name agree with {source}, or "
                            "delete one of the two columns")),
    ("fix.area_lat", N_("fix.area_lat",
                        "fill in the kelurahan's latitude in decimal degrees, e.g. -2.99 "
                        "(never 0)")),
    ("fix.area_lon", N_("fix.area_lon",
                        "fill in the kelurahan's longitude in decimal degrees, e.g. 104.75 "
                        "(never 0)")),
    ("fix.site_lat", N_("fix.site_lat",
                        "fill in the office's latitude in decimal degrees, e.g. -2.99 (never "
                        "0)")),
    ("fix.site_lon", N_("fix.site_lon",
                        "fill in the office's longitude in decimal degrees, e.g. 104.75 (never "
                        "0)")),
    ("fix.names", N_("fix.names", "use the codes or names of {where}, or add the kecamatan "
                                  "there")),
    ("fix.district_code", N_("fix.district_code",
                             "write the code of the kecamatan meant ({codes}) instead of its "
                             "name")),
    ("fix.duplicate_code", N_("fix.duplicate_code",
                              "delete one of the two rows (a code with dots and the same code "
                              "without them are one place); write every code one way")),
    ("fix.district_names_no_table", N_(
        "fix.district_names_no_table",
        "add a kecamatan table (kecamatan.csv, or a sheet named kecamatan, with the columns "
        "Kode Kecamatan and Nama Kecamatan), or write the kecamatan codes in this column")),
    ("fix.district_case", N_(
        "fix.district_case",
        "write each kecamatan the same way in every row, or add a kecamatan table (Kode "
        "Kecamatan, Nama Kecamatan) and write its codes")),
    ("fix.schedule_header", N_("fix.schedule_header",
                               "write the header day,blanks (or hari;blangko) on the first "
                               "line, then one tranche a row")),
    ("fix.merged", N_("fix.merged",
                      "unmerge the cells (Merge & Center off) and write each row's value")),
    ("fix.read_dotted", N_("fix.read_dotted",
                           "if the file writes decimals with a dot (2.176), state --locale en; "
                           "if not, correct the values")),
    ("fix.read_commaed", N_("fix.read_commaed",
                            "if the file writes decimals with a comma (2,176), state --locale "
                            "id; if not, correct the values")),
    ("fix.south_positive", N_("fix.south_positive",
                              "write latitudes south of the equator with a minus sign (e.g. "
                              "-3.00802) and head the column lat")),
    ("fix.schedule_order", N_("fix.schedule_order",
                              "list each tranche once, in the order of its day (e.g. 0, 20, "
                              "40)")),
    ("fix.whole_least", N_("fix.whole_least", "type a whole number of {least} or more, in "
                                              "digits")),
    ("fix.range_order", N_("fix.range_order", "write the smaller number first: "
                                              "{first}-{second}")),
    ("fix.own_name", N_("fix.own_name",
                        "give the kecamatan its own name (a name that is no kecamatan's "
                        "code)")),
    ("fix.kecamatan_codes", N_("fix.kecamatan_codes",
                               "use the kecamatan codes {source} uses ({listed}), or add a "
                               "districts table")),
    ("fix.long_cell", N_("fix.long_cell",
                         "keep ids and names short; a row whose cells are not split (another "
                         "separator than the file's) reads as one long cell")),
    # A count or decimal typed for an option or a form field (io.separators.read_option),
    # before 'write {whole}', which would take the rest of the sentence for the number.
    ("fix.typed_whole", N_("fix.typed_whole", "write {whole}: a whole number in digits, "
                                              "without a decimal point or exponent")),
    ("fix.typed_dot", N_("fix.typed_dot", "type {number}: decimals are written with a dot")),
    ("fix.typed_exponent", N_("fix.typed_exponent",
                              "write {number}: a number in digits, without an exponent")),
    ("fix.trailing_mark", N_("fix.trailing_mark",
                             "type {number}: no mark after the last digit")),
    ("fix.site_as_table", N_("fix.site_as_table",
                             "write the id as the sites table writes it: {same}")),
    ("fix.space_in_number", N_("fix.space_in_number",
                               "remove the space: type {number} (a space is read only "
                               "between thousands groups of three digits, as in 14 639)")),
    ("fix.percent_cell", N_("fix.percent_cell",
                            "format the column as Number (Format Cells > Number) and type the "
                            "counts again")),
    ("fix.exponent", N_("fix.exponent", "type the number in digits, without an exponent")),
    # A count cell read as 6 from '6,000' (io.numbers.thousands_reading).
    ("fix.thousands", N_("fix.thousands",
                         "type {big} (without separators), or {small} if that is meant")),
    # An unquoted 1,250 in a comma-separated file (io.sheets._frame).
    ("fix.split_number", N_("fix.split_number",
                            "put a number with a thousands comma in double quotes (\"1,250\") "
                            "or write it without the comma (1250); if no number is split, "
                            "delete the extra comma at the end of the row")),
    ("fix.across_equator", N_("fix.across_equator",
                              "one of the two tables has the signs of its latitudes wrong: "
                              "write each latitude with its own sign, negative south of the "
                              "equator (Palembang -2.99), positive north of it (Manado 1.47); "
                              "a hemisphere in a header (LS, LU) is checked against the "
                              "signs, it does not make them")),
    ("fix.lat_units_row", N_("fix.lat_units_row",
                             "write the latitudes in decimal degrees, negative south of the "
                             "equator (-2.99562), and delete '{unit}' from row {row}")),
    ("fix.lon_units_row", N_("fix.lon_units_row",
                             "write the longitudes in decimal degrees, negative west of "
                             "Greenwich (Indonesia lies east: 104.75215), and delete '{unit}' "
                             "from row {row}")),
    ("fix.ls_unit_positive", N_("fix.ls_unit_positive",
                              "write the latitudes in decimal degrees, negative south of the "
                              "equator (-2.99562), and remove '({unit})' from the header")),
    ("fix.lon_hemisphere", N_("fix.lon_hemisphere",
                              "write the longitudes in decimal degrees, negative west of "
                              "Greenwich (Indonesia lies east: 104.75215), and remove "
                              "'({unit})' from the header")),
    ("fix.lat_hemisphere_word", N_("fix.lat_hemisphere_word",
                                   "write the latitudes in decimal degrees, negative south of "
                                   "the equator (-2.99562), and head the column '{name}'")),
    ("fix.lon_hemisphere_word", N_("fix.lon_hemisphere_word",
                                   "write the longitudes in decimal degrees, negative west of "
                                   "Greenwich (Indonesia lies east: 104.75215), and head the "
                                   "column '{name}'")),
    ("fix.exponent_count", N_("fix.exponent_count",
                              "type the count in digits ({digits} if that is meant); if Excel "
                              "shows it so, format the column as Number (Format Cells > "
                              "Number)")),
    ("fix.split_decimal", N_("fix.split_decimal",
                             "save the file with ';' between the fields (Excel does in an "
                             "Indonesian locale), or put each number with a decimal comma in "
                             "double quotes (\"-3,00802\")")),
    ("fix.split_text", N_("fix.split_text",
                          "put a text holding a comma in double quotes, or save the file "
                          "again from Excel as CSV (it quotes them)")),
    ("fix.fields_beyond", N_("fix.fields_beyond",
                             "give that column a header, or delete what is beyond the header's "
                             "columns; a name holding the separator must be in double quotes")),
    # (before fix.write_whole, whose '{whole}' would take them)
    ("fix.distance_matrix", N_("fix.distance_matrix",
                               "write it as three columns, the kelurahan's code, the office's "
                               "code and the km (Kode Kelurahan, Kode Kantor, Jarak (km)), one "
                               "row per kelurahan and office (Excel: Data > From Table/Range, "
                               "select the office columns, Transform > Unpivot Columns); or "
                               "delete it, and the km are computed from the coordinates")),
    ("fix.stock_unusable", N_("fix.stock_unusable",
                              "write in '{stock}' only the blanks that can be printed now "
                              "(subtract these if it counts them), then delete this column")),
    ("fix.write_whole", N_("fix.write_whole", "write {whole}")),
    ("fix.keep_one_column", N_("fix.keep_one_column", "keep one of the two columns")),
    ("fix.two_columns", N_("fix.two_columns",
                           "keep the column that holds {what} and delete the other (or rename "
                           "it to a header that is not read)")),
    ("fix.old_beside_new_count", N_("fix.old_beside_new_count",
                                    "keep the one column that holds {what} as meant (or one "
                                    "column with the total of the two) and delete the other")),
    ("fix.old_beside_new", N_("fix.old_beside_new",
                              "keep the one column that holds {what} as meant and delete the "
                              "other")),
    ("fix.period_stock", N_("fix.period_stock",
                            "rename the column that holds the blanks at the office now to "
                            "stock, and delete the other stock columns")),
    ("fix.stock_inflow", N_("fix.stock_inflow",
                            "if these blanks are at the office and not counted in '{stock}', "
                            "add them to '{stock}'; if '{stock}' counts them already, or they "
                            "have not arrived, leave them out; then delete this column")),
    ("fix.stock_inflow_alone", N_("fix.stock_inflow_alone",
                                  "head the column of the blanks at the office now stock "
                                  "(these included if they are at the office), and delete "
                                  "this column")),
    ("fix.stock_outflow", N_("fix.stock_outflow",
                             "write in '{stock}' the blanks at the office now (subtract these "
                             "if it still counts them), then delete this column")),
    ("fix.stock_outflow_alone", N_("fix.stock_outflow_alone",
                                   "head the column of the blanks at the office now stock "
                                   "(these left out), and delete this column")),
    ("fix.stock_unusable_alone", N_("fix.stock_unusable_alone",
                                    "head the column of the blanks the office can print now "
                                    "stock (these left out), and delete this column")),
    ("fix.unit_cards", N_("fix.unit_cards",
                        "convert the values to a number of cards (lembar, keping) and remove "
                        "'({unit})' from the header")),
    ("fix.unit_people", N_("fix.unit_people",
                        "convert the values to a number of residents (orang, jiwa) and remove "
                        "'({unit})' from the header")),
    ("fix.unit_printers", N_("fix.unit_printers",
                        "convert the values to a number of working printers and remove "
                        "'({unit})' from the header")),
    ("fix.unit_rate", N_("fix.unit_rate",
                        "convert the values to cards per printer per working day (per hari) "
                        "and remove "
                        "'({unit})' from the header")),
    ("fix.unit_days", N_("fix.unit_days",
                        "convert the values to a number of working days (hari) and remove "
                        "'({unit})' from the header")),
    ("fix.unit_km", N_("fix.unit_km",
                        "convert the values to road km and remove "
                        "'({unit})' from the header")),
    ("fix.unit_latitude", N_("fix.unit_latitude",
                        "convert the values to decimal degrees (negative south of the "
                        "equator) and remove "
                        "'({unit})' from the header")),
    ("fix.unit_longitude", N_("fix.unit_longitude",
                        "convert the values to decimal degrees east (e.g. 104.75) and remove "
                        "'({unit})' from the header")),
    ("fix.unit_backlog", N_("fix.unit_backlog",
                        "convert the values to a number of residents (orang, jiwa) or cards "
                        "(keping) and remove "
                        "'({unit})' from the header")),
    ("fix.policy_twice", N_("fix.policy_twice", "list each policy once")),
    ("fix.units_row", N_("fix.units_row",
                         "convert the column's values to that unit, then delete row {row} (a "
                         "row of units is not read)")),
    ("fix.unit_metres", N_("fix.unit_metres",
                           "convert the values from metres to km (divide by 1000: 2176 metres "
                           "is 2.176 km) and head the column km")),
    ("fix.rename", N_("fix.rename", "rename the column to {near}")),
    # headers._rename_fix: a rate a day said of no printer may be the office's whole day.
    ("fix.rename_per_printer", N_("fix.rename_per_printer",
                                  "if it holds the cards one printer prints in a working day, "
                                  "rename the column to cards_per_printer_day; if it holds the "
                                  "office's cards a day with all its printers, divide each by "
                                  "the office's printers first (2 printers at 300 a day is "
                                  "150), then rename it; if not, delete the column")),
    ("fix.rename_or_delete", N_("fix.rename_or_delete",
                                "if it holds {near}, rename the column to {field}; if not, "
                                "delete the column")),
    ("fix.rename_or_add_column", N_("fix.rename_or_add_column",
                                    "if '{header}' holds {name}, rename it to {name}; if not, "
                                    "add a column headed {name} (or one of: {accepted})")),
    ("fix.close_quote", N_("fix.close_quote",
                           "close the quote at the end of the field on line {line}, or remove "
                           "it (a field needs quotes only when it holds the separator)")),
    ("fix.add_column", N_("fix.add_column", "add a column headed {name} (or one of: {accepted})")),
    ("fix.rename_or_add_tier_column", N_("fix.rename_or_add_tier_column",
                                         "if '{header}' holds the backlog of tier {tier}, "
                                         "rename it to {tier}; if not, add a column headed "
                                         "{tier}, or declare the tiers this file has (tiers "
                                         "table or --tiers)")),
    ("fix.add_tier_column", N_("fix.add_tier_column",
                               "add a column headed {tier}, or declare the tiers this file has "
                               "(tiers table or --tiers)")),
    # fix.add_tier_column as the page says it: the page has no --tiers, only the table.
    ("fix.page_add_tier_column", N_("fix.page_add_tier_column",
                                    "add a column headed {tier}, or declare the tiers this "
                                    "file has in a tiers table: tiers.csv with the CSV files, "
                                    "or a sheet named tiers in the workbook (a column name, "
                                    "one tier a row, highest priority first)")),
    ("fix.add_table", N_("fix.add_table",
                         "add {table}.csv (or a sheet named {sheet}; also accepted: "
                         "{aliases})")),
    ("fix.save_xlsx", N_("fix.save_xlsx",
                         "open it in Excel or LibreOffice and save it as .xlsx")),
    ("fix.save_again", N_("fix.save_again", "open it in Excel and save it again (as .xlsx)")),
    ("fix.tier_name", N_("fix.tier_name", "start with a letter; use letters, digits and _")),
    ("fix.tier_order", N_("fix.tier_order",
                          "give every tier its own order: 1 for the highest priority, then 2, "
                          "3, ...")),
    ("fix.declare_once", N_("fix.declare_once", "declare it once")),
    ("fix.list_tiers", N_("fix.list_tiers", "list the tiers, highest priority first")),
    ("fix.fill_table", N_("fix.fill_table", "fill in the header row and the data")),
    ("fix.formulas", N_("fix.formulas",
                        "open the file in Excel or LibreOffice, let it calculate, and save it; "
                        "or type the values instead of formulas")),
    ("fix.locale", N_("fix.locale",
                      "state which one is meant with --locale id or --locale en, or make the "
                      "cells agree")),
    ("fix.keep_one", N_("fix.keep_one", "keep one of them")),
    ("fix.save_schedule", N_("fix.save_schedule",
                             "leave out --schedule to keep the plan of this shipment alone, or "
                             "leave out --save to plan ahead without keeping it")),
    ("fix.page_stale", N_("fix.page_stale",
                          "press Plan to see the plan of the form as it is now, then save, "
                          "download or print that plan")),
    ("fix.folder_books", N_("fix.folder_books",
                            "copy the sheets into one workbook (in Excel: right-click a sheet's "
                            "tab, Move or Copy, To book), each sheet named as its table "
                            "(kantor, kelurahan, kecamatan, jarak), and give that workbook to "
                            "--data; or save each sheet as CSV (File, Save As, CSV) into the "
                            "folder")),
    ("fix.upload_books", N_("fix.upload_books",
                            "copy the sheets into one workbook (in Excel: right-click a sheet's "
                            "tab, Move or Copy, To book), each sheet named as its table "
                            "(kantor, kelurahan, kecamatan, jarak), and upload that workbook; "
                            "or save each sheet as CSV (File, Save As, CSV) and upload the CSV "
                            "files together")),
    # (before fix.copy_sheet, whose {table} would match the rest of it)
    ("fix.very_hidden_copy", N_(
        "fix.very_hidden_copy",
        "keep only the sheet with the data you mean: delete the other and name the one kept "
        "{table}; sheet '{hidden}' is very hidden, which Excel's Unhide does not list: to "
        "leave it out, copy the visible sheets into a new workbook (select their tabs, "
        "right-click > Move or Copy > To book: (new book), tick Create a copy) and plan that "
        "workbook; to see it: Alt+F11, select the sheet in the Project pane, press F4 and "
        "set Visible to -1 - xlSheetVisible")),
    ("fix.copy_sheet", N_("fix.copy_sheet",
                          "keep only the sheet with the data you mean: delete the other and "
                          "name the one kept {table}")),
    ("fix.table_misnamed", N_("fix.table_misnamed",
                              "name the file that holds the {table} table you mean {name} (or "
                              "{table}.csv); "
                              "delete the other copies, if any")),
    ("fix.office_said_closed", N_("fix.office_said_closed",
                                  "if the office does not print now, write 0 for its "
                                  "printers (or delete its row); if it prints, clear the "
                                  "cell")),
    ("fix.date_only_stock", N_("fix.date_only_stock",
                               "if it holds the blanks at the office now, head it stock "
                               "(Stok) and delete the other dated columns; if not, delete "
                               "the column")),
    ("fix.parts_sheets", N_("fix.parts_sheets",
                            "if each holds a part of the rows (a sheet per kecamatan), copy "
                            "the rows of the sheets {sheets} one below the other into one "
                            "sheet named {name}, under one header row, and delete the others; "
                            "if one is an old copy, delete it")),
    ("fix.parts_files", N_("fix.parts_files",
                           "if each holds a part of the rows (a file per kecamatan), copy the "
                           "rows of the files {files} one below the other into one file named "
                           "{name}, under one header row, and delete the others; if one is an "
                           "old copy, delete it")),
    ("fix.rounded_cell", N_("fix.rounded_cell",
                            "type the whole number meant, or round the formula's result "
                            "(=ROUND(...; 0)) and save the file again")),
    ("fix.dms_coordinate", N_("fix.dms_coordinate",
                              "type decimal degrees, degrees + minutes / 60 + seconds / 3600, "
                              "negative south of the equator (and west of Greenwich), with the "
                              "file's decimal mark: 3°0'28.9\"LS is -3.00803")),
    ("fix.coordinate_pairs", N_("fix.coordinate_pairs",
                                "split it into two columns headed Lintang and Bujur (Excel: "
                                "Data > Text to Columns, Delimited, by the comma), latitude "
                                "first as a map gives them, and delete this one")),
    ("fix.workbook_encrypted", N_("fix.workbook_encrypted",
                                  "open it in Excel, remove the password (File > Info > "
                                  "Protect Workbook > Encrypt with Password: clear it) and "
                                  "save it, or save a copy without the password, and plan "
                                  "that")),
    ("fix.workbook_xls_named_xlsx", N_("fix.workbook_xls_named_xlsx",
                                       "open it in Excel or LibreOffice and save it as .xlsx "
                                       "(Excel Workbook)")),
    ("fix.pasted_column", N_("fix.pasted_column",
                             "type this column's own figures (0 where there is none); if they "
                             "are right, correct the other column")),
    ("fix.fill_down", N_("fix.fill_down",
                         "the kecamatan is written in the first row of its block only: fill "
                         "it down into every row of the block (select the column, Home > Find "
                         "& Select > Go To Special > Blanks, type = and the cell above, then "
                         "Ctrl+Enter; then copy the column and paste it as values)")),
    ("fix.shipment_cancelled", N_("fix.shipment_cancelled",
                                  "delete the rows of shipments not sent (the offices are "
                                  "then left to the plan), or write 0 blanks for them; if "
                                  "they are sent, clear the cells")),
    ("fix.coordinates_swapped", N_("fix.coordinates_swapped",
                                   "swap the two columns (latitude, Lintang: -11 to 6 in "
                                   "Indonesia, south negative; longitude, Bujur: 95 to 141), "
                                   "or their headers")),
    ("fix.coordinate_thousands", N_("fix.coordinate_thousands",
                                    "type the coordinates again as decimal degrees with the "
                                    "decimal comma of Indonesian Excel (-2,966 and 104,769: it "
                                    "reads -2.966 as -2966), or format the column as Text "
                                    "before pasting them from a map")),
    ("fix.sheet_misnamed", N_("fix.sheet_misnamed",
                              "name the sheet that holds the {table} table you mean {name} "
                              "(or {table}); delete the other copies, if any")),
    ("fix.copy_file", N_("fix.copy_file",
                         "keep only the file with the data you mean: delete the other and "
                         "name the one kept {table}.csv")),
    ("fix.keep_one_rename", N_("fix.keep_one_rename", "keep one of them, or rename the other")),
    ("fix.scientific_id", N_("fix.scientific_id",
                             "format the column as Text (Format Cells > Text) in the workbook "
                             "and type the codes again, or paste them from the source list: "
                             "Excel keeps a code as typed only in a Text column")),
    ("fix.hidden_beside_visible", N_("fix.hidden_beside_visible",
                                     "if '{visible}' holds the data to plan, delete the hidden "
                                     "sheet '{hidden}' and name '{visible2}' {hidden2}; if "
                                     "'{hidden3}' does, unhide it (right-click a sheet tab > "
                                     "Unhide) and delete '{visible3}'")),
    # A very hidden sheet (Excel's 'veryHidden'): Unhide does not list it (tester qa9).
    ("fix.very_hidden_beside_visible", N_(
        "fix.very_hidden_beside_visible",
        "if '{visible}' holds the data to plan, copy the visible sheets into a new workbook "
        "(select their tabs, right-click > Move or Copy > To book: (new book), tick Create a "
        "copy), name '{visible2}' {hidden} there and plan that workbook; if '{hidden2}' does, "
        "show it first: it is very hidden, which Excel's Unhide does not list (Alt+F11, "
        "select the sheet in the Project pane, press F4 and set Visible to -1 - "
        "xlSheetVisible), then delete '{visible3}'")),
    ("fix.very_hidden_sheet", N_(
        "fix.very_hidden_sheet",
        "if the hidden sheet '{hidden}' is an old copy, copy the visible sheets into a new "
        "workbook (select their tabs, right-click > Move or Copy > To book: (new book), tick "
        "Create a copy) and plan that workbook: '{hidden2}' is very hidden, which Excel's "
        "Unhide does not list (to see it: Alt+F11, select the sheet in the Project pane, "
        "press F4 and set Visible to -1 - xlSheetVisible); else keep one of them, or rename "
        "the other")),
    ("fix.hidden_sheet", N_("fix.hidden_sheet",
                            "if the hidden sheet '{hidden}' is an old copy, delete it "
                            "(right-click a sheet tab > Unhide to see it); else keep one of "
                            "them, or rename the other")),
    ("fix.format_shown", N_("fix.format_shown",
                            "format the cells as Number (Format Cells > Number > General) so "
                            "that Excel shows what they hold, and type the figures meant")),
    ("fix.struck_rows", N_("fix.struck_rows",
                           "delete the rows that are not meant to be planned; if a row is, "
                           "remove its strikethrough (select it, Ctrl+5)")),
    ("fix.hidden_column", N_("fix.hidden_column",
                             "unhide column {letter} to have it read (select the columns "
                             "beside it, right-click > Unhide), or delete it")),
    ("fix.merge_sheets", N_("fix.merge_sheets",
                            "if both hold rows to plan (kelurahan in one, desa in the other), "
                            "copy the rows of one below the rows of the other in one sheet "
                            "and delete the emptied sheet; if one is an old copy, delete it")),
    ("fix.merge_files", N_("fix.merge_files",
                           "if both hold rows to plan (kelurahan in one, desa in the other), "
                           "copy the rows of one below the rows of the other in one file and "
                           "delete the emptied file; if one is an old copy, delete it")),
    ("fix.header_by_sex", N_("fix.header_by_sex",
                             "keep one column of {what}, the total of both sexes (JML = L + "
                             "P): delete the other columns and row {row}, and head the total "
                             "{header}")),
    ("fix.header_two_rows_working", N_("fix.header_two_rows_working",
                                       "keep the column of the printers that work ('{kept}'): "
                                       "delete the other columns and row {row}, and head the "
                                       "kept column {header}")),
    ("fix.header_two_rows_printers", N_("fix.header_two_rows_printers",
                                        "keep one column holding the printers that work (not "
                                        "all printers, not the broken ones): delete the other "
                                        "columns and row {row}, and head the kept column "
                                        "{header}")),
    ("fix.header_two_rows", N_("fix.header_two_rows",
                               "keep one column of {what}: delete the other columns and row "
                               "{row}, and head the kept column {header}")),
    ("fix.header_two_rows_dates_latest", N_("fix.header_two_rows_dates_latest",
                                            "keep the column of the {what} now (most often "
                                            "the latest date's, {latest}): delete the other "
                                            "dated columns and row {row}, and head the kept "
                                            "column {header}")),
    ("fix.header_two_rows_dates", N_("fix.header_two_rows_dates",
                                     "keep the column of the {what} now (most often the "
                                     "latest date's): delete the other dated columns and row "
                                     "{row}, and head the kept column {header}")),
    ("fix.header_over_columns", N_("fix.header_over_columns",
                                   "keep one column of {what} (the total, JML = L + P, when it "
                                   "is split by sex), head it {header} and delete the others; "
                                   "or give each column a header of its own")),
    ("fix.column_numbers_area", N_("fix.column_numbers_area",
                                   "delete the row: every row must be a kelurahan")),
    ("fix.column_numbers_site", N_("fix.column_numbers_site",
                                   "delete the row: every row must be an office")),
    ("fix.not_area_rows", N_("fix.not_area_rows",
                             "delete the rows that are not a kelurahan (notes, sums, column "
                             "numbers); if one is a kelurahan, fill in its id and "
                             "coordinates")),
    ("fix.not_site_rows", N_("fix.not_site_rows",
                             "delete the rows that are not an office (notes, sums, column "
                             "numbers); if one is an office, fill in its id and coordinates")),
    ("fix.broken_printers", N_("fix.broken_printers",
                               "subtract it from printers (working printers = all printers - "
                               "broken ones) and delete this column")),
    ("fix.rate_longer", N_("fix.rate_longer",
                           "convert the values to cards per printer per working day (divide "
                           "by the working days in one '{word}') and head the column "
                           "cards_per_printer_day")),
    ("fix.rate_shorter", N_("fix.rate_shorter",
                            "convert the values to cards per printer per working day "
                            "(multiply by the '{word}' a printer prints in one working day) "
                            "and head the column cards_per_printer_day")),
    ("fix.other_printers", N_("fix.other_printers",
                              "keep one printers column holding the printers that work "
                              "(head it printers) and delete this column")),
    ("fix.report_as_input", N_("fix.report_as_input",
                               "plan from the workbook or the files that plan was made from "
                               "(the sheets or files sites and areas)")),
    ("fix.dataset_wrapper", N_("fix.dataset_wrapper",
                               "save the value of its 'instance' member alone as the .json "
                               "file (or plan the dataset by its name: --dataset {name})")),
    ("fix.typed_two", N_("fix.typed_two", "type {big} (without separators) or {small}")),
    ("fix.typed_one", N_("fix.typed_one", "type {big} (without separators)")),
    # The page's own fields (api/web/pages.py): what to type, and the number format chosen
    # on the form where the command line says --locale.
    ("fix.field_whole", N_("fix.field_whole", "type a whole number from {low} to {high}")),
    ("fix.field_number", N_("fix.field_number",
                            "type a number above {low} and at most {high}")),
    ("fix.page_ambiguous", N_("fix.page_ambiguous",
                              "choose the number format of your files on the form: Indonesian "
                              "reads 2.000 as two thousand, English as two; or type the number "
                              "without separators")),
    ("fix.page_ambiguous_value", N_("fix.page_ambiguous_value",
                                    "choose the number format of your files on the form: "
                                    "Indonesian reads {typed} as {indonesian}, English as "
                                    "{english}; or type the number without separators")),
    ("fix.page_ambiguous_count_en", N_("fix.page_ambiguous_count_en",
                                       "if the file writes numbers the English way, choose "
                                       "'English: 1,234,567 and 3.5' under 'How your files "
                                       "write numbers' on the form: it reads {typed} as "
                                       "{english} (read in Indonesian it is {indonesian}, and "
                                       "no count is written so); or type {english} without "
                                       "separators")),
    ("fix.page_json_locale", N_("fix.page_json_locale",
                                "for an instance .json, choose 'Detect from the files' as the "
                                "number format on the form")),
    ("fix.page_locale", N_("fix.page_locale",
                           "choose the number format of your files on the form (Indonesian or "
                           "English), or make the cells agree")),
    # fix.long_distance_id, _en and fix.read_dotted as the page says them: the form's
    # choice by its label (page.html), not --locale.
    ("fix.page_long_distance_id", N_("fix.page_long_distance_id",
                                     "check the unit (km, not metres) and the separators: the "
                                     "numbers were read in the Indonesian locale, where 2.176 "
                                     "is two thousand one hundred seventy-six; write km with a "
                                     "decimal comma (2,176), or write every file in one locale "
                                     "and choose it under 'How your files write numbers'")),
    ("fix.page_long_distance_en", N_("fix.page_long_distance_en",
                                     "check the unit (km, not metres) and the separators: the "
                                     "numbers were read in the English locale, where 2,176 is "
                                     "two thousand one hundred seventy-six; write km with a "
                                     "decimal point (2.176), or write every file in one locale "
                                     "and choose it under 'How your files write numbers'")),
    ("fix.page_read_commaed", N_("fix.page_read_commaed",
                                 "if the file writes decimals with a comma (2,176), choose "
                                 "Indonesian under 'How your files write numbers'; if not, "
                                 "correct the values")),
    # fix.rename_or_add_tier_column and fix.dataset_wrapper as the page says them: the page
    # has no --tiers (a tiers table) and no --dataset (its 'Dataset' choice).
    ("fix.page_rename_or_add_tier_column", N_("fix.page_rename_or_add_tier_column",
                                              "if '{header}' holds the backlog of tier "
                                              "{tier}, rename it to {tier}; if not, add a "
                                              "column headed {tier}, or declare the tiers "
                                              "this file has in a tiers table (tiers.csv with "
                                              "the CSV files, or a sheet named tiers)")),
    ("fix.page_dataset_wrapper", N_("fix.page_dataset_wrapper",
                                    "save the value of its 'instance' member alone as the "
                                    ".json file (or choose the dataset {name} under "
                                    "'Dataset')")),
    ("fix.page_read_dotted", N_("fix.page_read_dotted",
                                "if the file writes decimals with a dot (2.176), choose English "
                                "under 'How your files write numbers'; if not, correct the "
                                "values")),
    ("fix.empty_blanks", N_("fix.empty_blanks",
                            "fill in the blanks this site gets, or delete the row to leave the "
                            "site to the plan")),
    ("fix.file_path", N_("fix.file_path", "give the path of a .csv or .xlsx file")),
    # Seeds (optimizer.studies.replay, scenarios) and a scenario file's keys.
    ("fix.seed", N_("fix.seed", "give a whole number seed from 0")),
    ("fix.db_folder", N_("fix.db_folder", "create the folder first, or correct the path")),
    ("fix.toml_number", N_("fix.toml_number", "write {key} as a number without quotes")),
    ("fix.toml_whole", N_("fix.toml_whole", "write {key} as a whole number without quotes")),
    ("fix.toml_bool", N_("fix.toml_bool", "write {key} = true or {key} = false")),
    ("fix.toml_syntax", N_("fix.toml_syntax", "correct the file at the line and column shown: "
                                              "key = value, text in double quotes")),
    ("fix.scenario_deadline", N_("fix.scenario_deadline",
                                 "give a deadline within the schedule's working days, or leave "
                                 "it out (the horizon)")),
    ("fix.scenario_failure", N_("fix.scenario_failure",
                                "write failure_prob as a chance from 0 to 1, e.g. 0.02")),
    ("fix.scenario_repair", N_("fix.scenario_repair",
                               "write repair_days as a whole number of working days >= 1")),
    ("fix.scenario_arrivals", N_("fix.scenario_arrivals",
                                 "write arrivals_per_day as a number >= 0, e.g. 250")),
    ("fix.name_sheet", N_("fix.name_sheet",
                          "name the sheet of the shipments 'shipments' (or keep only that "
                          "sheet)")),
)

# The CLI's heading and fix line (optimizer/cli/common.py).
CLI = (N_("cli", "Invalid input"), N_("cli", "fix: {fix}"))

# Pieces of grouping's one-line summary: `3 cells: <message> (rows 4, 7, 9 and 2 more); 'x'`.
ROWS = N_("input.rows", " (rows {rows})")
MORE = N_("input.more", " and {more} more")
_GROUPED = re.compile(r"^(?P<count>\d+) cells: (?P<message>.*?)"
                      r"(?: \(rows (?P<rows>\d+(?:, \d+)*)(?: and (?P<more>\d+) more)?\))?"
                      r"(?P<shown>; .*)?$", re.S)


def localize_problem(problem: Problem, lang: str) -> Problem:
    """The problem with location, message and fix in `lang`; pointer and values unchanged."""
    if lang == "en":
        return problem
    return problem.model_copy(update={"location": location_text(problem.location, lang),
                                      "message": problem_text(problem.message, lang),
                                      "fix": fix_text(problem.fix, lang)})


def localize_problems(problems: Iterable[Problem], lang: str) -> tuple[Problem, ...]:
    """Each problem in `lang` (see localize_problem), in the same order."""
    return tuple(localize_problem(p, lang) for p in problems)


def location_text(text: str, lang: str) -> str:
    """'book.xlsx[areas] row 7, column first_time' -> '... baris 7, kolom first_time'."""
    return _render(LOCATIONS, text, lang)


def problem_text(text: str, lang: str) -> str:
    """What is wrong, in `lang`; a sentence the catalog does not know stays as written.

    The service writes a problem and its fix on one line, `<message>; <fix>`
    (optimizer.implausible, a replay's schedule): each part is rendered as the command
    line renders it (message as here, fix as fix_text), when both are known.
    """
    if lang == "en" or not text:
        return text
    grouped = _GROUPED.match(text)
    if grouped:
        return _grouped(grouped, lang)
    # The fix first: `..., got {shown}` would take the fix for part of the value.
    said = _with_fix(text, lang) or _known(MESSAGES, text, lang)
    return text if said is None else said


def fix_text(text: str, lang: str) -> str:
    """What to change, in `lang`; an unknown fix stays as written."""
    return _render(FIXES, text, lang)


def _with_fix(text: str, lang: str) -> str | None:
    """`<message>; <fix>` with both parts known, in `lang`; else None. A fix may hold
    '; ' itself (fix.string_pattern_mismatch): every split is tried, the last first."""
    cut = text.rfind("; ")
    while cut > 0:
        head, tail = text[:cut], text[cut + 2:]
        fix = _known(FIXES, tail, lang)
        if fix is not None:
            grouped = _GROUPED.match(head)
            said = _grouped(grouped, lang) if grouped else _known(MESSAGES, head, lang)
            if said is not None:
                return f"{said}; {fix}"
        cut = text.rfind("; ", 0, cut)
    return None


def _grouped(match: re.Match[str], lang: str) -> str:
    from optimizer.i18n import as_written, translate

    head = dict(MESSAGES)["input.cells"]
    out = _fill(translate(lang, "input.cells", head),
                {"count": match["count"], "message": problem_text(match["message"], lang)})
    if match["rows"]:
        more = "" if match["more"] is None else _fill(translate(lang, "input.more", MORE),
                                                      {"more": match["more"]})
        out += _fill(translate(lang, "input.rows", ROWS), {"rows": match["rows"] + more})
    shown = match["shown"] or ""
    sentences = dict(MESSAGES)
    if any(_pattern(sentences[c]).match(match["message"]) for c in _KM_SHOWN):
        shown = _SHOWN_KM.sub(lambda m: f"{as_written(m[1], lang)} km", shown)
    if shown and any(_pattern(sentences[c]).match(match["message"]) for c in _FIGURES_SHOWN):
        # (listed with '; ' between them: '3,01, 3,00' would read as four figures)
        shown = "; " + "; ".join(_SHOWN_FIGURE.sub(lambda m: as_written(m[1], lang), value)
                                 for value in shown[2:].split(", "))
    return out + shown


def _render(table: tuple[tuple[str, str], ...], text: str, lang: str) -> str:
    if lang == "en" or not text:
        return text
    said = _known(table, text, lang)
    return text if said is None else said


def _known(table: tuple[tuple[str, str], ...], text: str, lang: str) -> str | None:
    """`text` in `lang` when one of `table`'s sentences matches it, else None."""
    from optimizer.i18n import as_written, number, translate

    for context, english in table:
        match = _pattern(english).match(text)
        if match:
            values = match.groupdict()
            for name in {"message", "conflict"} & values.keys():  # sentences themselves
                values[name] = problem_text(values[name], lang)
            if "holds" in values:  # schema.SHAPE_WORDS
                from optimizer.i18n.validation import SHAPE_WORDS

                word = SHAPE_WORDS.get(values["holds"])
                if word is not None:
                    values["holds"] = translate(lang, "validation.shape", word)
            for name in _DEGREES & values.keys():  # -2.99 is -2,99 in Indonesian
                if _ENGLISH_DEGREES.match(values[name]):
                    values[name] = values[name].replace(".", ",")
            for name in _KM & values.keys():  # 1.6 km is 1,6 km in Indonesian
                if _ENGLISH_FIGURE.match(values[name]):
                    values[name] = as_written(values[name], lang)
            for name in _FIGURES & values.keys():  # 20,001 is 20.001 in Indonesian
                if _ENGLISH_FIGURE.match(values[name]):
                    plain = values[name].replace(",", "")
                    values[name] = number(float(plain) if "." in plain else int(plain), lang)
            return _fill(translate(lang, context, english), values)
    return None


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


@functools.lru_cache(maxsize=256)
def _pattern(template: str) -> re.Pattern[str]:
    """The English sentence as a regex, one named group a field (digits for counts)."""
    parts = re.split(r"\{(\w+)\}", template)
    named: set[str] = set()
    regex = ""
    for i, p in enumerate(parts):
        if i % 2 == 0:
            regex += re.escape(p)
        elif p in named:  # a value the sentence says twice (-2.99 ... -2.99): the same text
            regex += rf"(?P={p})"
        else:
            named.add(p)
            regex += rf"(?P<{p}>\d+)" if p in _DIGITS else rf"(?P<{p}>.+?)"
    return re.compile(f"^{regex}$", re.S)




# --------------------------------------------------------------------------- violations

# POST /v1/plans/evaluate's violations (optimizer/engine/evaluate.py): per code, the
# English sentences the evaluator writes. Ids and tiers stay as written; every other
# value is a figure, written the language's way (1.234 and 0,5 in Indonesian).
VIOLATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "unknown_site": (("violation.unknown_site", N_(
        "violation.unknown_site", "site {site_id} is not in the instance")),
                     ("violation.unknown_site_similar", N_(
                         "violation.unknown_site_similar",
                         "site {site_id} is not in the instance: did you mean {same}? It "
                         "differs only in letter case, invisible characters or the form of "
                         "its characters"))),
    "unknown_area": (("violation.unknown_area", N_(
        "violation.unknown_area", "area {area_id} is not in the instance")),
                     ("violation.unknown_area_similar", N_(
                         "violation.unknown_area_similar",
                         "area {area_id} is not in the instance: did you mean {same}? It "
                         "differs only in letter case, invisible characters or the form of "
                         "its characters"))),
    "unknown_tier": (("violation.unknown_tier", N_(
        "violation.unknown_tier", "tier {tier} is not in the instance")),),
    "negative": (("violation.negative.blanks", N_("violation.negative.blanks",
                                                  "{blanks} blanks shipped")),
                 ("violation.negative.cards", N_("violation.negative.cards", "{cards} cards"))),
    "km_mismatch": (("violation.km_mismatch", N_(
        "violation.km_mismatch", "the plan says {km} km, the input gives {true_km} km")),),
    "too_far": (("violation.too_far", N_(
        "violation.too_far",
        "{km} km is beyond max_travel_km {limit} and the site is in another district")),),
    "over_supply": (("violation.over_supply", N_(
        "violation.over_supply",
        "{total} blanks shipped but only {allowed} may leave the central office ({blanks} - "
        "reserve {reserve})")),
                    ("violation.over_supply.reserve", N_(
                        "violation.over_supply.reserve",
                        "the reserve {reserve} is larger than the shipment {blanks}: the central "
                        "office cannot keep it, whatever is shipped ({total} blanks shipped)"))),
    "lot_size": (("violation.lot_size", N_(
        "violation.lot_size", "{blanks} blanks is not a multiple of the lot size {lot_size}")),),
    "pinned": (("violation.pinned", N_(
        "violation.pinned", "site {site_id} is pinned at {pinned} blanks but the plan ships "
                            "{planned}")),),
    "over_stock": (("violation.over_stock", N_(
        "violation.over_stock", "prints {cards} cards with {stock} in stock and {shipped} "
                                "shipped")),),
    "over_capacity": (("violation.over_capacity", N_(
        "violation.over_capacity", "prints {cards} cards, capacity {capacity}")),),
    "over_storage": (("violation.over_storage", N_(
        "violation.over_storage", "holds {blanks} blanks, storage cap {storage_cap}")),),
    "over_backlog": (("violation.over_backlog", N_(
        "violation.over_backlog", "{cards} cards for a backlog of {backlog}")),),
    "figure_mismatch": (("violation.figure_mismatch", N_(
        "violation.figure_mismatch",
        "the plan says {said}, its lines and the input give {true}")),),
    "unknown_district": (("violation.unknown_district", N_(
        "violation.unknown_district",
        "district {district_id} and tier {tier} are not in the instance")),),
}
_NAMES = frozenset({"site_id", "area_id", "tier", "district_id", "same"})
# Counts as the evaluator writes them (45,000; older texts 45000).
_INTEGER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def violation_text(code: str, text: str, lang: str) -> str:
    """An evaluation violation's `text` in `lang`, from its `code`'s English sentence.

    'over_capacity', 'prints 3200 cards, capacity 3000' -> 'mencetak 3.200 kartu, ...'.
    A sentence the catalog does not know for the code stays as written.
    """
    if lang == "en":
        return text
    from optimizer.i18n import number, translate

    for context, english in VIOLATIONS.get(code, ()):
        match = _pattern(english).match(text)
        if match:
            values = {}
            for name, value in match.groupdict().items():
                if name not in _NAMES and _INTEGER.match(value):
                    value = number(int(value.replace(",", "")), lang)
                elif name not in _NAMES and _DECIMAL.match(value):
                    value = value.replace(".", ",")
                values[name] = value
            return _fill(translate(lang, context, english), values)
    return text


__all__ = ["fix_text", "localize_problem", "localize_problems", "location_text",
           "problem_text", "violation_text"]
