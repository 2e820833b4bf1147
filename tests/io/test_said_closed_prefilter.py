"""The column prefilter of the offices said closed never skips a column one of whose
cells says its office does not print (io/files.py `_may_say_not_printing`, which spares
normalizing each of a national instance's 7,280 office names)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.io.files import _BROKEN, _NOT_PRINTING, _may_say_not_printing, _says_not_printing

# Words and pieces as offices type them: the phrases themselves (with their words apart
# in any case, accents and separators), printers, hours, names, numbers.
_PIECES = [w for p in (*_NOT_PRINTING, *_BROKEN) for w in p.split("_")] + [
    "Printer", "mesin", "Kantor", "Kecamatan", "Sako", "hari", "Minggu", "pukul", "15.00",
    "sudah", "diperbaiki", "normal", "Tidák", "AKTIF", "(TUTUP)", "rusak,", "-", "/", "'",
    "Ilir Barat II", "ok", "T", "x"]
_CELL = st.one_of(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map(" ".join),
    st.integers(0, 500), st.none(), st.booleans(), st.floats(0, 10))
_HEADERS = ["Nama Kantor", "Keterangan", "Status", "Aktif", "Kondisi Printer", "Catatan"]


@settings(max_examples=400, deadline=None)
@given(st.lists(_CELL, min_size=1, max_size=12), st.sampled_from(_HEADERS),
       st.sampled_from([" ", "_", "-", ". ", "/", ": ", "  "]))
def test_the_prefilter_keeps_every_column_a_cell_of_which_says_so(
        cells: list[object], header: str, separator: str) -> None:
    cells = [c.replace(" ", separator) if isinstance(c, str) else c for c in cells]
    if any(_says_not_printing(value, header) for value in cells):
        assert _may_say_not_printing(cells, header)


def test_a_column_of_plain_office_names_is_skipped() -> None:
    names = [f"Kantor Kecamatan {name}" for name in ("Sako", "Ilir Barat II", "Plaju")] * 100
    assert not _may_say_not_printing(names, "Nama Kantor")
    assert _may_say_not_printing([*names, "Kantor Kecamatan Sako (TUTUP)"], "Nama Kantor")
