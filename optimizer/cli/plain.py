"""What rich writes to a pipe or a file, written without importing rich.

Outside a terminal rich writes no style: a line of markup such as `[bold]Status:[/] ...`
is its text wrapped at the console's width, and a table is its box-drawing characters
around the cells. `blanko plan --json F` prints only such lines and one table, and
importing and running rich for them cost ~110 ms CPU of a ~600 ms command (half the
gap to the floor, benchmarks/floor.py). The consoles of optimizer.cli.common write
here what this module can write exactly as rich would, and hand everything else to
rich: a terminal (styles), FORCE_COLOR or TTY_COMPATIBLE set, markup other than a few
plain style tags, an emoji code (`:name:`), any character other than printable ASCII,
a word wider than its line, a table wider than the console, several objects or any
option of `print` other than soft_wrap, markup and width. tests/cli/test_plain.py
holds every case to rich's own output.

`Layout` is a table as optimizer/cli/tables.py lays it out: each column's width fixed,
headings and cells plain text; `rich()` makes the rich Table of it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TextIO

if TYPE_CHECKING:
    from rich.table import Table

# The style tags the CLI writes (rich strips them outside a terminal); a closing tag
# must close an open one, as rich demands.
_TAG = re.compile(r"\[(/|bold|dim|red|yellow|green|cyan|bold red)\]")
# rich replaces `:name:` by an emoji where it knows the name: left to rich.
_EMOJI = re.compile(r":\S*?:")
# A word as rich's wrapping sees it (rich._wrap.words): spaces, the word, spaces.
_WORD = re.compile(r"\s*\S+\s*")

Justify = Literal["left", "right"]


@dataclass(frozen=True)
class Layout:
    """A table of fixed column widths (cells wrap between words, never inside one)."""

    title: str
    headings: Sequence[str]
    justify: Sequence[Justify]
    widths: Sequence[int]
    rows: Sequence[Sequence[str]]
    styles: Sequence[str | None] = ()

    def rich(self) -> Table:
        """The rich Table of this layout (what fitted_tables returns)."""
        from rich.table import Table

        table = Table(title=self.title)
        for heading, justify, width in zip(self.headings, self.justify, self.widths,
                                           strict=True):
            table.add_column(heading, justify=justify, width=width, overflow="fold")
        for n_row, row in enumerate(self.rows):
            style = self.styles[n_row] if n_row < len(self.styles) else None
            table.add_row(*row, style=style)
        return table


def plain_stream(stream: Any) -> bool:
    """Whether rich would write to `stream` as to a pipe or a file (no terminal, no
    style), on this platform, with rich's own environment variables unset."""
    if stream is None or sys.platform == "win32" or "FORCE_COLOR" in os.environ \
            or os.environ.get("TTY_COMPATIBLE", "") not in ("", "0") \
            or "IPython" in sys.modules \
            or getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return False
    isatty = getattr(stream, "isatty", None)
    if isatty is None:
        return False
    try:
        return not isatty()
    except ValueError:  # closed: rich says no terminal, but let rich say what it writes
        return False


def text(value: str, markup: bool = True) -> str | None:
    """`value` as rich shows it outside a terminal, or None where rich may differ."""
    if not value.isascii() or _EMOJI.search(value) or any(
            c < " " or c == "\x7f" for c in value):
        return None
    if not markup:
        return value
    if "\\" in value:
        return None
    opened = 0
    for tag in _TAG.finditer(value):
        if tag.group(1) == "/":
            if not opened:
                return None  # rich refuses a closing tag that closes nothing
            opened -= 1
        else:
            opened += 1
    shown = _TAG.sub("", value)
    return None if "[" in shown else shown


def wrap(value: str, width: int) -> list[str] | None:
    """rich's Text.wrap of plain ASCII text at `width` (no justification), or None when
    a word is wider than the line (rich folds it)."""
    breaks: list[int] = []
    offset = 0
    for word in _WORD.finditer(value):
        start, chunk = word.start(), word.group()
        length = len(chunk.rstrip())
        if width - offset >= length:
            offset += len(chunk)
        elif length > width:
            return None
        elif offset and start:
            breaks.append(start)
            offset = len(chunk)
    lines = [value[a:b] for a, b in zip([0, *breaks], [*breaks, len(value)], strict=True)]
    shown = []
    for line in lines:
        if len(line) > width:  # rich's rstrip_end, then its truncation to the width
            excess = len(line) - width
            spaces = len(line) - len(line.rstrip())
            line = line[:len(line) - min(spaces, excess)][:width]
        shown.append(line)
    return shown


def _cell(value: str, width: int, justify: str) -> list[str] | None:
    shown = text(value)
    lines = None if shown is None else wrap(shown, width)
    if lines is None:
        return None
    if justify == "right":
        return [line.rstrip().rjust(width) for line in lines]
    if justify == "center":
        return [(" " * ((width - len(line.rstrip())) // 2) + line.rstrip()).ljust(width)
                for line in lines]
    return [line.ljust(width) for line in lines]


def table(layout: Layout, max_width: int) -> str | None:
    """The layout as rich draws a Table outside a terminal (box HEAVY_HEAD, padding of
    one space, headings at the foot of their row, the title centred above), or None."""
    widths = [w + 2 for w in layout.widths]
    table_width = sum(widths) + len(widths) + 1
    if not widths or not layout.rows or table_width > max_width or min(layout.widths) < 1:
        return None
    out: list[str] = []
    if layout.title:
        title = _cell(layout.title, table_width, "center")
        if title is None:
            return None
        out += title

    def row(cells: Sequence[str], bottom: bool, edge: str) -> bool:
        shown = [_cell(c, w, j) for c, w, j in
                 zip(cells, layout.widths, layout.justify, strict=True)]
        if any(s is None for s in shown):
            return False
        height = max(len(s) for s in shown if s is not None)
        padded = []
        for s, w in zip(shown, widths, strict=True):
            assert s is not None
            lines = [f" {line} " for line in s]
            blank = [" " * w] * (height - len(lines))
            padded.append(blank + lines if bottom else lines + blank)
        out.extend(edge + edge.join(cells) + edge for cells in zip(*padded, strict=True))
        return True

    out.append("┏" + "┳".join("━" * w for w in widths) + "┓")
    if not row(layout.headings, True, "┃"):
        return None
    out.append("┡" + "╇".join("━" * w for w in widths) + "┩")
    for cells in layout.rows:
        if len(cells) != len(widths) or not row(cells, False, "│"):
            return None
    out.append("└" + "┴".join("─" * w for w in widths) + "┘")
    return "\n".join(out) + "\n"


def render(value: object, width: int, soft_wrap: bool = False, markup: bool = True,
           encoding: str = "utf-8") -> str | None:
    """What rich's Console(width=width).print(value, soft_wrap=..., markup=...) writes
    outside a terminal, or None where rich may write otherwise."""
    if isinstance(value, Layout):
        return table(layout=value, max_width=width) if encoding.lower().startswith(
            "utf") else None
    if not isinstance(value, str):
        return None
    shown = text(value, markup)
    if shown is None:
        return None
    if soft_wrap:
        return shown + "\n"
    lines = wrap(shown, width)
    return None if lines is None else "\n".join(lines) + "\n"


def write(stream: TextIO, value: object, width: int, options: dict[str, Any]) -> bool:
    """Write `value` to `stream` as rich would (see render); False, writing nothing,
    where only rich can."""
    if not set(options) <= {"soft_wrap", "markup", "width"} or not plain_stream(stream):
        return False
    given = options.get("width")
    if given is not None:
        width = min(int(given), width)
    shown = render(value, width, soft_wrap=bool(options.get("soft_wrap")),
                   markup=options.get("markup", True) is not False,
                   encoding=getattr(stream, "encoding", None) or "utf-8")
    if shown is None:
        return False
    stream.write(shown)
    stream.flush()
    return True


__all__ = ["Layout", "plain_stream", "render", "table", "text", "wrap", "write"]
