"""Every option value the command line refuses says what to type instead, in --lang id and
--lang en, with the bounds of a range grouped the language's way (optimizer.i18n.usage).

Before: `--max-travel-km 8,5` said only "'8,5' bukan angka."; `--blanks 10000000000000`
went to the schema and said `harus <= 1000000000000` (no grouping, no fix line).
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()
PLAN = ("plan", "--dataset", "palembang", "--quiet", "--blanks", "40000")


def said(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"BLANKO_LANG": "en"}, prog_name="blanko")
    assert result.exit_code == 2, result.output
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    # A decimal comma: the command line wants a dot, so the fix is the number itself.
    (("--max-travel-km", "8,5"),
     "'8,5' bukan angka. Ketik 8.5: baris perintah menulis desimal dengan titik.",
     "'8,5' is not a valid float. Type 8.5: the command line writes decimals with a dot."),
    # Schema.Count is 0..10^12: the bound grouped (1.000.000.000.000 / 1,000,000,000,000).
    (("--blanks", "10000000000000"),
     "10000000000000 di luar rentang. Ketik bilangan bulat dari 0 sampai 1.000.000.000.000.",
     "10000000000000 is out of range. Type a whole number from 0 to 1,000,000,000,000."),
    (("--blanks", "-5"), "Ketik bilangan bulat dari 0 sampai 1.000.000.000.000.",
     "Type a whole number from 0 to 1,000,000,000,000."),
    (("--reserve", "-5"), "Nilai '--reserve' tidak valid: -5 di luar rentang.",
     "Invalid value for '--reserve': -5 is out of range."),
    # Policy.lot_size >= 1; max_travel_km > 0 and <= 1000.
    (("--lot-size", "0"), "Ketik bilangan bulat dari 1 sampai 1.000.000.000.000.",
     "Type a whole number from 1 to 1,000,000,000,000."),
    (("--max-travel-km", "0"), "Ketik angka di atas 0 dan paling banyak 1.000.",
     "Type a number above 0 and at most 1,000."),
    (("--blanks", "banyak"),
     "'banyak' bukan bilangan bulat. Ketik bilangan bulat dengan angka, tanpa pemisah atau "
     "satuan, misalnya 40000.",
     "'banyak' is not a valid int. Type a whole number in digits, without separators or "
     "units, e.g. 40000."),
    # An exponent in a decimal option is refused as in a count (qa3 item 11).
    (("--max-travel-km", "1e1"),
     "Nilai '--max-travel-km' tidak valid: '1e1' harus ditulis tanpa eksponen: tulis 10: "
     "angka dengan digit, tanpa eksponen",
     "Invalid value for '--max-travel-km': '1e1' must be written without an exponent: "
     "write 10: a number in digits, without an exponent"),
    # Policy.time_limit_s is above 0 and at most 3600.
    (("--time-limit", "0"), "Ketik angka di atas 0 dan paling banyak 3.600.",
     "Type a number above 0 and at most 3,600."),
    (("--time-limit", "lama"), "'lama' bukan angka. Ketik angka dengan titik sebelum "
                              "desimal, tanpa pemisah atau satuan, misalnya 8.5.",
     "'lama' is not a valid float. Type a number in digits with a dot before the decimals, "
     "without separators or units, e.g. 8.5."),
])
def test_a_refused_option_value_says_what_to_type(args: tuple[str, ...], indonesian: str,
                                                  english: str) -> None:
    out_id = said(*PLAN, *args, "--lang", "id")
    out_en = said(*PLAN, *args, "--lang", "en")
    assert indonesian in out_id, out_id
    assert english in out_en, out_en
    assert "<= 1000000000000" not in out_id + out_en  # never the bound ungrouped


@pytest.mark.parametrize("command", ["plan", "evaluate", "compare"])
def test_every_command_with_blanks_refuses_out_of_range_at_the_option(command: str) -> None:
    out = said(command, "--dataset", "palembang", "--blanks", "-5", "--lang", "en")
    assert "Type a whole number from 0 to 1,000,000,000,000." in out, out


def test_the_help_writes_the_ranges_grouped() -> None:
    # Click's own help wrote [0<=x<=1000000000000]; ours groups the bounds.
    result = runner.invoke(app, ["plan", "--help"], env={"BLANKO_LANG": "en",
                                                         "COLUMNS": "200"})
    assert result.exit_code == 0
    assert "[0<=x<=1,000,000,000,000]" in result.output
    assert "[0<x<=1,000]" in result.output
    assert "1000000000000" not in result.output


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    # 1.000 is a thousand to an Indonesian planner and 1 to float(): both readings offered.
    (("--max-travel-km", "1.000"),
     "Nilai '--max-travel-km' tidak valid: '1.000' dapat dibaca dua cara",
     "Invalid value for '--max-travel-km': '1.000' could be read two ways"),
    (("--max-travel-km", "1.000"), "ketik 1000 (tanpa pemisah) atau 1",
     "type 1000 (without separators) or 1"),
    # 1,500: 1500 in English, 1.5 in Indonesian (never "Type 1.500").
    (("--max-travel-km", "1,500"), "ketik 1500 (tanpa pemisah) atau 1.5",
     "type 1500 (without separators) or 1.5"),
    (("--time-limit", "12.250"), "ketik 12250 (tanpa pemisah) atau 12.25",
     "type 12250 (without separators) or 12.25"),
])
def test_a_decimal_option_either_locale_reads_is_refused(
        args: tuple[str, ...], indonesian: str, english: str) -> None:
    out_id = said(*PLAN, *args, "--lang", "id")
    out_en = said(*PLAN, *args, "--lang", "en")
    assert indonesian in out_id, out_id
    assert english in out_en, out_en


@pytest.mark.parametrize("value", ["8.5", "12.25", "0.5", "0.500", "30"])
def test_a_decimal_option_written_one_way_plans(value: str) -> None:
    result = runner.invoke(app, [*PLAN, "--max-travel-km", value, "--lang", "en"],
                           env={"BLANKO_LANG": "en"}, prog_name="blanko")
    assert result.exit_code in (0, 3), result.output  # planned (or infeasible), not refused


def test_every_float_option_of_every_command_refuses_two_readings() -> None:
    # Each decimal option the commands declare, walked from the app: '1.000' never parses.
    import typer.main
    from typer._click import types

    from optimizer.cli.common import _word_parameters

    group = typer.main.get_command(app)
    _word_parameters(group, "en")
    seen = 0

    def walk(command: object) -> None:
        nonlocal seen
        for param in getattr(command, "params", ()):
            if isinstance(param.type, types.FloatParamType):
                seen += 1
                with pytest.raises(Exception, match="could be read two ways"):
                    param.type_cast_value(None, "1.000")
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(group)
    assert seen >= 5  # max-travel-km (several commands), time-limit, serve's, studies'
