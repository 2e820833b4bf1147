"""optimizer.cli.plain writes what rich writes outside a terminal, or leaves it to rich.

Every case is held to rich's own Console (no terminal, the CLI's options): a line of
markup, soft-wrapped or wrapped at the width, and a table of fixed widths (what
optimizer/cli/tables.py lays out). Where plain answers None, rich prints.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from optimizer.cli import plain
from optimizer.cli.tables import fitted_layouts, fitted_tables


def _rich(value: object, width: int, **options: object) -> str:
    out = io.StringIO()
    console = Console(file=out, highlight=False, width=width)
    console.print(value.rich() if isinstance(value, plain.Layout) else value,
                  **options)  # type: ignore[arg-type]
    return out.getvalue()


# Words, spaces, the CLI's tags, and the characters plain leaves to rich.
_PIECES = st.sampled_from([
    "a", "word", "coverage", "33.3%", "16.71.15", "Alang-Alang", " ", "  ", "\t", "[bold]",
    "[/]", "[yellow]", "[red]", "[dim]", "[bold red]", "[", "]", "[link]", "\\", ":",
    ":smile:", "é", "\u2013", "\n", "x" * 30, "-", ",", "(", ")", "12:30:45"])
_TEXTS = st.lists(_PIECES, max_size=25).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TEXTS, st.integers(1, 60), st.booleans(), st.booleans())
def test_a_line_is_what_rich_writes_or_left_to_rich(value: str, width: int, soft: bool,
                                                     markup: bool) -> None:
    shown = plain.render(value, width, soft_wrap=soft, markup=markup)
    if shown is not None:
        assert shown == _rich(value, width, soft_wrap=soft, markup=markup)


def test_the_lines_the_plan_prints_are_written_plain() -> None:
    for line, markup in [("[bold]Status:[/] optimal   solver ortools 9.15, 26.8 ms", True),
                         ("  [yellow]DISTANCES[/]: 1,039 allowed area-site distances", True),
                         ("[yellow]Note:[/] 'palembang' has estimated figures " * 4, True),
                         ("Plan JSON written to /tmp/plan [1].json", False)]:
        for soft in (False, True):
            shown = plain.render(line, 120, soft_wrap=soft, markup=markup)
            assert shown is not None
            assert shown == _rich(line, 120, soft_wrap=soft, markup=markup)


def test_markup_rich_would_refuse_or_style_is_left_to_rich() -> None:
    for line in ("[/] closes nothing", "[link=x]a[/]", "\\[bold] escaped", ":smile:", "ä",
                 "a\nb", "a\tb"):
        assert plain.render(line, 80) is None, line


_WORDS = ["a", "word", "16.71.15", "Ilir", "Barat", "II", "33.3%", "first_time", "backlog",
          "1,234,567", "supply", "blanks", "to", "offices", "-", ""]
_ODD = ["[bold]x[/]", "é", "[", "toolongforanycolumn"]


@st.composite
def _layouts(draw: st.DrawFn) -> tuple[plain.Layout, int]:
    """Tables whose widths mostly fit their longest word (else rich folds: left to it)."""
    n = draw(st.integers(1, 6))
    cell = st.lists(st.sampled_from(_WORDS + _ODD if draw(st.booleans()) else _WORDS),
                    max_size=4).map(" ".join)
    headings = draw(st.lists(cell, min_size=n, max_size=n))
    rows = draw(st.lists(st.lists(cell, min_size=n, max_size=n), max_size=5))
    widths = [max([1, *(len(w) for c in [headings[i], *(r[i] for r in rows)]
                       for w in c.split())]) + draw(st.integers(-1, 8)) for i in range(n)]
    justify = draw(st.lists(st.sampled_from(["left", "right"]), min_size=n, max_size=n))
    title = draw(st.sampled_from(["", "Plan by district", "Plan by district (1/2)",
                                  "a rather long title that wraps on a narrow table", "[x"]))
    width = sum(widths) + 3 * n + 1 + draw(st.integers(-3, 30))
    styles = draw(st.lists(st.sampled_from([None, "bold", "dim"]), max_size=len(rows)))
    return plain.Layout(title=title, headings=headings, justify=justify, widths=widths,
                        rows=rows, styles=styles), width


@settings(max_examples=400, deadline=None)
@given(_layouts())
def test_a_table_is_what_rich_draws_or_left_to_rich(case: tuple[plain.Layout, int]) -> None:
    layout, width = case
    shown = plain.render(layout, width)
    if shown is not None:
        assert shown == _rich(layout, width)


def test_the_plans_district_table_is_drawn_plain_as_rich_draws_it() -> None:
    headings = ["district", "name", "first_time backlog", "first_time cards", "coverage",
                "replacement backlog", "replacement cards", "coverage",
                "blanks to offices", "limit"]
    rows = [[f"16.71.{i:02d}", "Alang-Alang Lebar" if i % 2 else "Kertapati", "18,025",
             "6,008", "33.3%", "4,408", "0", "0.0%", "3,000", "supply"] for i in range(18)]
    for width in (160, 120, 100, 80, 60):
        layouts = fitted_layouts("Plan by district", headings, rows, width, left=2,
                                 words={9})
        tables = fitted_tables("Plan by district", headings, rows, width, left=2,
                               words={9})
        assert len(layouts) == len(tables)
        for layout, table in zip(layouts, tables, strict=True):
            shown = plain.render(layout, width)
            assert shown is not None, width
            assert shown == _rich(table, width), width


def test_a_terminal_or_forced_colour_is_left_to_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert not plain.write(Terminal(), "x", 80, {})
    assert plain.write(io.StringIO(), "x", 80, {})
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not plain.write(io.StringIO(), "x", 80, {})
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    assert not plain.write(io.StringIO(), "x", 80, {})
    monkeypatch.delenv("TTY_COMPATIBLE")
    assert not plain.write(io.StringIO(), "x", 80, {"style": "bold"})


PROBE = """
import json, sys
from optimizer.cli import app
try:
    app(sys.argv[1:], prog_name="blanko")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in ("rich", "pandas", "scipy", "openpyxl", "matplotlib")
                        if m in sys.modules)))
"""


def test_plan_with_json_out_into_a_pipe_imports_no_rich(tmp_path: Path) -> None:
    """`blanko plan --dataset palembang --json F` (its table and lines into a pipe) loads
    neither rich nor pandas (issue 12: nothing the command does not use)."""
    out = tmp_path / "plan.json"
    done = subprocess.run([sys.executable, "-c", PROBE, "plan", "--dataset", "palembang",
                           "--blanks", "50000", "--json", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    assert "Plan by district" in done.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "optimal"


def test_the_cli_console_keeps_the_order_of_plain_and_rich_lines(
        capsys: pytest.CaptureFixture[str]) -> None:
    from optimizer.cli.common import _LazyConsole

    console = _LazyConsole(highlight=False, width=120)
    assert console.width == 120
    console.print("[bold]a[/]")  # plain
    console.print("b", style="bold")  # rich: an option plain does not take
    console.print("c")  # plain again
    with console:  # rich's buffer: every line through rich until it is written
        console.print("d")
        console.print("e", end="!\n")
    console.print(plain.Layout(title="t", headings=["x"], justify=["left"], widths=[1],
                               rows=[["y"]]))
    assert capsys.readouterr().out == "a\nb\nc\nd\ne!\n" + _rich(
        plain.Layout(title="t", headings=["x"], justify=["left"], widths=[1], rows=[["y"]]),
        120)
    other = _LazyConsole(highlight=False, width=120, soft_wrap=True)
    assert not other._plain_options()
