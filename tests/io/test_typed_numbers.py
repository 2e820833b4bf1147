"""A number typed for a command-line option or into the page's form: one rule for both
(optimizer.io.separators.read_option), whatever the language (qa1 fault 8)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.separators import OptionRefused, read_option
from tests.cases import TINY_DIR


@pytest.mark.parametrize(("typed", "whole", "value"), [
    # What Python's int and float read, as the command line's option types do.
    ("40000", True, 40_000), ("+50000", True, 50_000), (" 40000 ", True, 40_000),
    ("9999999999999999", True, 9_999_999_999_999_999),  # read: the range is the schema's
    ("8", False, 8.0), ("8.5", False, 8.5), ("0.500", False, 0.5),
    ("1000", False, 1000.0), ("12.25", False, 12.25),
])
def test_a_number_the_command_line_reads_is_read_the_same(typed: str, whole: bool,
                                                         value: float) -> None:
    read = read_option(typed, whole)
    assert read == value and type(read) is (int if whole else float)


@pytest.mark.parametrize(("typed", "whole", "kind", "message", "fix"), [
    # One group of three digits: 1000 or 1 to planners of the two locales. Refused.
    ("1.000", False, "separated", "could be read two ways (1.000 is 1000 in Indonesian, 1 in "
     "English)", "type 1000 (without separators) or 1"),
    ("1,000", False, "separated", "could be read two ways (1,000 is 1 in Indonesian, 1000 in "
     "English)", "type 1000 (without separators) or 1"),
    ("8,500", False, "separated", "could be read two ways (8,500 is 8,5 in Indonesian, 8500 "
     "in English)", "type 8500 (without separators) or 8.5"),
    ("1.000", True, "separated", "could be read two ways (1.000 is 1000 in Indonesian, 1 in "
     "English)", "type 1000 (without separators) or 1"),
    ("40,000", True, "separated", "could be read two ways (40,000 is 40 in Indonesian, 40000 "
     "in English)", "type 40000 (without separators) or 40"),
    ("45.500", True, "separated", "is written with thousands separators",
     "type 45500 (without separators)"),
    ("1.000.000", True, "separated", "is written with thousands separators",
     "type 1000000 (without separators)"),
    # A count as a decimal or an exponent: what it means, written whole.
    ("5e4", True, "not_whole", "must be a whole number",
     "write 50000: a whole number in digits, without a decimal point or exponent"),
    ("3000.0", True, "not_whole", "must be a whole number",
     "write 3000: a whole number in digits, without a decimal point or exponent"),
    ("40.5", True, "not_whole", "must be a whole number",
     "type whole numbers only (no decimals, text or units)"),
    ("banyak", True, "not_whole", "must be a whole number",
     "type whole numbers only (no decimals, text or units)"),
    # A decimal takes a dot; NaN passes every range.
    ("8,5", False, "not_number", "must be a number",
     "type 8.5: decimals are written with a dot"),
    ("8 km", False, "not_number", "must be a number", "type numbers only (no text or units)"),
    ("nan", False, "nan", "must be a number", "type numbers only (no text or units)"),
    # No number is written with an exponent: 1e1 km as 5e4 blanks (qa3 item 11; 1e1 was
    # read as 10 while 5e4 was refused).
    ("1e1", False, "exponent", "must be written without an exponent",
     "write 10: a number in digits, without an exponent"),
    ("1e3", False, "exponent", "must be written without an exponent",
     "write 1000: a number in digits, without an exponent"),
    ("2.5E-1", False, "exponent", "must be written without an exponent",
     "write 0.25: a number in digits, without an exponent"),
    ("1e400", False, "exponent", "must be written without an exponent",
     "type the number in digits, without an exponent"),
])
def test_a_number_with_two_readings_or_none_is_refused_with_what_to_type(
        typed: str, whole: bool, kind: str, message: str, fix: str) -> None:
    with pytest.raises(OptionRefused) as refused:
        read_option(typed, whole)
    assert (refused.value.kind, refused.value.message, refused.value.fix) == (kind, message,
                                                                              fix)
    assert (refused.value.separated is not None) == (kind == "separated")


# Values for --blanks (a count) and --max-travel-km (a decimal), typed as planners type them.
TYPED = ("600", "+600", " 600 ", "600.0", "6e2", "1.000", "1,000", "600,5", "1.000.000",
         "0600", "6_00", "abc", "", "nan", "inf", "-5", "8,500", "8.5", "1e1", "0.500")


@pytest.mark.parametrize("typed", TYPED)
@pytest.mark.parametrize("option", ["--blanks", "--max-travel-km"])
def test_the_command_line_accepts_exactly_what_read_option_accepts(option: str,
                                                                   typed: str) -> None:
    # The same rule, not a second list: whatever read_option refuses, the command line
    # refuses (exit 2 before planning), and what it reads the command line plans.
    args = ["plan", "--data", str(TINY_DIR), "--quiet", "--blanks"]
    args += [typed] if option == "--blanks" else ["600", option, typed]
    result = CliRunner().invoke(app, args)
    try:
        value = read_option(typed, whole=option == "--blanks")
    except OptionRefused:
        assert result.exit_code == 2, (typed, result.output)
        return
    in_range = 0 <= value <= 10**12 if option == "--blanks" else 0 < value <= 1000
    assert result.exit_code == (0 if in_range else 2), (typed, result.output)


@given(st.integers(0, 10**12))
def test_a_count_in_digits_reads_back_exactly(count: int) -> None:
    assert read_option(str(count), True) == count


@given(st.decimals(0, 10**6, places=2, allow_nan=False))
def test_a_decimal_with_a_dot_reads_back_exactly(value: object) -> None:
    number = float(value)  # type: ignore[arg-type]
    assert read_option(repr(number), False) == number
