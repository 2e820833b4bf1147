"""Tester qa2's smaller findings (2026-11-30) on the command line, end to end: what the
README and the help promise is what the command does."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()
QA2 = Path(__file__).parent / "data" / "qa2"


def run(*args: str):
    return runner.invoke(app, list(args))


def test_stock_above_a_storage_cap_in_the_files_is_invalid_input_exit_2():
    """s1: the README said exit 3 (infeasible); the reader refuses it first (exit 2)."""
    result = run("plan", "--data", str(QA2 / "small-overcap.json"), "--blanks", "30")
    assert result.exit_code == 2, result.output
    assert "small-overcap.json at /sites/0/stock: is 50, more than the storage cap of 40" \
        in " ".join(result.output.split())
    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text(
        encoding="utf-8").split())
    assert "Stock above a storage cap is found when the files are read: exit 2" in readme


def test_a_kecamatan_without_office_and_no_travel_limit_reads_right():
    """s10: with no travel limit the message said '... other kecamatan within no travel
    limit.'"""
    data = QA2 / "json-tiers" / "small.json"
    words = {
        "en": "Residents there are served only from offices in other kecamatan at any "
              "distance (there is no travel limit).",
        "id": "Warganya hanya dilayani kantor di kecamatan lain pada jarak berapa pun "
              "(tanpa batas jarak).",
    }
    for lang, text in words.items():
        result = run("plan", "--lang", lang, "--data", str(data), "--blanks", "30")
        assert result.exit_code == 0, result.output
        output = " ".join(result.output.split())
        assert text in output and "within no travel limit" not in output, output
    limited = run("plan", "--data", str(data), "--blanks", "30", "--max-travel-km", "4")
    assert "offices in other kecamatan within the travel limit of 4 km." in " ".join(
        limited.output.split())


def test_time_limit_help_says_it_is_deterministic_work():
    """s9: the help said 'Seconds before the best plan so far is returned'; the README
    (and Policy.time_limit_s) say the budget is spent as deterministic work."""
    result = run("plan", "--help")
    text = " ".join(result.output.replace("│", " ").split())
    assert "deterministic work" in text and "not wall time" in text, text
    assert "Seconds before the best plan so far" not in text


def test_evaluate_says_where_the_cost_is_written():
    """s7: `blanko evaluate --json` writes the plan only; the cost is --cost-json (the help
    and the README say so: tests/test_cli_evaluate.py checks what each file holds)."""
    text = " ".join(run("evaluate", "--help").output.replace("│", " ").split())
    assert "the cost against the optimal plan: --cost-json" in text, text
    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text(
        encoding="utf-8").split())
    assert "`--json` writes the plan (as `--json` of `blanko plan` does); `--cost-json` writes " \
           "the cost" in readme
