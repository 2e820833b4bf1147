"""Faults of tester qa7 (helper fixH): a CSV quote never closed, named at its file line."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer import InvalidInput, load
from optimizer.io.sheets import _unclosed_quote

CLEAN = Path(__file__).parents[1] / "data" / "spreadsheets" / "clean"


def test_unclosed_quote_is_found_at_its_line_and_field():
    text = ('a;b;c\n1;"x ""y"" z";3\n2;"two\nlines";4\n3; "open;5\n4;w;6\n')
    assert _unclosed_quote(text, ";", 0) == (5, 1, '"open;5')


def test_closed_quotes_are_no_fault():
    text = 'a,b\n1,"x, ""quoted"""\n2,"over\ntwo lines"\n3,in"side\n'
    assert _unclosed_quote(text, ",", 0) is None


@pytest.mark.parametrize("line", [2, 5])
def test_the_refusal_names_the_file_line_of_the_quote(tmp_path: Path, line: int):
    for f in CLEAN.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    areas = (tmp_path / "areas.csv").read_text(encoding="utf-8").split("\n")
    area, rest = areas[line - 1].split(",", 1)
    areas[line - 1] = f'{area},"{rest}'
    (tmp_path / "areas.csv").write_text("\n".join(areas), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load(tmp_path)
    text = str(caught.value)
    assert f"areas.csv row {line}, column name: a double quote opens a field on line {line}" \
        in text, text
    assert [p.fix for p in caught.value.problems] == [
        f"close the quote at the end of the field on line {line}, or remove it (a field needs "
        "quotes only when it holds the separator)"]
