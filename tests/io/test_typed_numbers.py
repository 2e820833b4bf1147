"""A number typed into the page's form, read by the spreadsheets' reader in the page's locale."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from optimizer import InvalidInput, i18n
from optimizer.io.numbers import read_typed


@pytest.mark.parametrize(("typed", "locale", "whole", "value"), [
    # Indonesian: a dot groups thousands, a comma is the decimal mark.
    ("1.000", "id", False, 1000.0), ("1,5", "id", False, 1.5), ("8", "id", False, 8.0),
    ("40.000", "id", True, 40_000), ("1.234.567", "id", True, 1_234_567),
    ("1.000,5", "id", False, 1000.5), ("2.5", "id", False, 2.5),  # 2.5: no grouping reads it
    # English: the other way round.
    ("1,000", "en", False, 1000.0), ("1.5", "en", False, 1.5), ("40,000", "en", True, 40_000),
    ("1,234,567", "en", True, 1_234_567), ("2,5", "en", False, 2.5), (" 40000 ", "en", True,
                                                                      40_000),
])
def test_typed_numbers_read_in_the_pages_locale(typed: str, locale: str, whole: bool,
                                                 value: float) -> None:
    read = read_typed(typed, locale, whole, "field")  # type: ignore[arg-type]
    assert read == value and type(read) is (int if whole else float)


@pytest.mark.parametrize(("typed", "locale", "whole", "message", "fix"), [
    # One group of three digits behind the locale's decimal mark: 1 or 1000? Refused.
    ("1,000", "id", False, "could be read as 1000 or as 1, got '1,000'",
     "type 1000 (without separators) or 1"),
    ("1.000", "en", False, "could be read as 1000 or as 1, got '1.000'",
     "type 1000 (without separators) or 1"),
    ("1,500", "id", False, "could be read as 1500 or as 1,5, got '1,500'",
     "type 1500 (without separators) or 1,5"),
    ("40,000", "id", True, "could be read as 40000 or as 40, got '40,000'",
     "type 40000 (without separators) or 40"),
    # 1,5 thousand is no count: only the whole reading is offered.
    ("1.500", "en", True, "could be read as 1500 or as 1.5, got '1.500'",
     "type 1500 (without separators)"),
    ("1,5", "id", True, "must be a whole number, got '1,5'",
     "type whole numbers only (no decimals, text or units)"),
    ("8 km", "en", False, "must be a number, got '8 km'", "type numbers only (no text or units)"),
    ("1,234,567", "id", True, "must be a whole number, got '1,234,567'",
     "type whole numbers only (no decimals, text or units)"),
])
def test_a_number_with_two_readings_or_none_is_refused_with_how_to_write_it(
        typed: str, locale: str, whole: bool, message: str, fix: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_typed(typed, locale, whole, "max_travel_km")  # type: ignore[arg-type]
    (problem,) = refused.value.problems
    assert (problem.location, problem.message, problem.fix) == ("max_travel_km", message, fix)


@given(st.integers(0, 10**12), st.sampled_from(i18n.LANGUAGES))
def test_a_count_written_the_languages_way_reads_back_exactly(count: int, lang: str) -> None:
    # What the page writes (i18n.number: 40.000 / 40,000) is what its form reads.
    typed = i18n.number(count, lang)
    assert read_typed(typed, lang, True, "blanks") == count  # type: ignore[arg-type]


@given(st.decimals(0, 10**6, places=2, allow_nan=False), st.sampled_from(i18n.LANGUAGES))
def test_a_decimal_written_the_languages_way_reads_back_exactly(value: object,
                                                                 lang: str) -> None:
    number = float(value)  # type: ignore[arg-type]
    typed = i18n.number(number, lang, grouped=False)
    assert read_typed(typed, lang, False, "max_travel_km") == number  # type: ignore[arg-type]
