"""The readers' notes ("Read: ...") in the planner's language; English unchanged."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.i18n.notes import note_text
from optimizer.io.files import read_instance
from optimizer.schema import InvalidInput

runner = CliRunner()
CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
TOOLS = {"manifest.toml", "make_corpus.py", "verdicts.py", "__pycache__"}


def corpus_notes() -> list[str]:
    """Every note the readers write on the corpus (as is, with --locale id, with --tiers)."""
    notes: dict[str, None] = {}
    for path in sorted(CORPUS.iterdir()):
        if path.name in TOOLS:
            continue
        for how in ({}, {"locale": "id"}, {"tiers": ["first_time", "replacement"]}):
            with contextlib.suppress(InvalidInput):
                notes.update(dict.fromkeys(read_instance(path, **how).notes))  # type: ignore[arg-type]
    return list(notes)


NOTES = corpus_notes()
MADE = [  # notes the corpus does not happen to hold, as the readers write them
    "kota/: x.csv: not read (the tables are sites, areas, districts, distances, tiers)",
    "b.xlsx[sites]: column 'column 12' ignored (it has no header)",
    "b.xlsx[sites]: column 'stok_awal' ignored (stock is read from 'Stok')",
    "areas.csv: column 'Belum Rekam' ignored (residents not yet recorded, who cannot be "
    "printed: not a tier)",
    "areas.csv: column 'Sudah Rekam' ignored (residents already recorded, not a tier)",
    "areas.csv: column 'Perekaman Baru' ignored (residents recorded this month, not the "
    "print-ready backlog of a tier)",
    "areas.csv: column 'Total' ignored (a total, not a tier)",
    "numbers read in the Indonesian (1.234.567 and 3,5) locale (sites.csv, areas.csv "
    "separated by ';'); state --locale id|en to override",
]


def test_the_corpus_holds_notes_of_every_kind():
    assert len(NOTES) >= 30
    for kind in ("as stock", "ignored (", "separated by", "read as UTF-16", "header in row",
                 "is not read", "given by name", "numbers read in", "tiers (highest"):
        assert any(kind in n for n in NOTES), kind


@pytest.mark.parametrize("note", NOTES + MADE)
def test_every_note_is_in_the_catalog_and_english_is_unchanged(note: str):
    assert note_text(note, "en") == note
    indonesian = note_text(note, "id")
    assert indonesian != note
    assert not re.search(r"\{\w+\}", indonesian)
    for english in (" ignored", " as ", "not a known column", "the tables are", "tiers ("):
        assert english not in indonesian, (english, indonesian)
    # Names the planner typed stay as typed.
    for quoted in re.findall(r"'([^']*)'", note):
        if not quoted.startswith("column "):
            assert f"'{quoted}'" in indonesian


def test_a_note_the_catalog_does_not_know_stays_english():
    assert note_text("something new happened", "id") == "something new happened"


def test_blanko_plan_lang_id_prints_the_notes_in_indonesian_and_english_is_as_before():
    data = str(CORPUS / "id-headers-all")
    args = ["plan", "--data", data, "--blanks", "6000", "--quiet"]
    indonesian = runner.invoke(app, [*args, "--lang", "id"])
    english = runner.invoke(app, [*args, "--lang", "en"])
    assert indonesian.exit_code == english.exit_code == 0
    shown = " ".join(indonesian.output.split())
    assert "Dibaca: Kantor.csv: dibaca 'Kode Lokasi' sebagai site_id," in shown
    assert "'Stok Blangko KTP-el (lembar)' sebagai stock" in shown
    assert "Dibaca: Kelurahan.csv: kolom 'Belum Rekam' diabaikan (penduduk yang belum direkam" \
        in shown
    assert "Read:" not in indonesian.output
    notes = read_instance(CORPUS / "id-headers-all").notes
    assert [line for line in english.output.splitlines() if line.startswith("Read: ")] == \
        [f"Read: {n}" for n in notes]


def test_the_encoding_is_named_in_the_language() -> None:
    # sheets.decode names a file with a byte-order mark "UTF-8 with BOM": English words
    # that the Indonesian note said as they were ("dibaca sebagai teks UTF-8 with BOM").
    note = "sites.csv: read as UTF-8 with BOM text"
    assert note_text(note, "en") == note
    assert note_text(note, "id") == "sites.csv: dibaca sebagai teks UTF-8 dengan BOM"
    assert note_text("sites.csv: read as Windows-1252 text", "id").endswith(
        "teks Windows-1252")
