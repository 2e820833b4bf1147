"""Rich tables that fit the terminal: figures never cut, headings and names wrapped
between words, and columns that still do not fit continued in a further table.

rich shrinks every column of a table wider than the console and cuts what does not fit
('20,000' became '20,0…'); the CLI's console is at least 120 columns wide (a pipe or a
log is not folded at 80), so a 100-column terminal also wrapped each line. These tables
are laid out for the terminal's own width instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimizer.cli.plain import Justify, Layout

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from rich.table import Table


def terminal_width(most: int) -> int:
    """The terminal's columns now (COLUMNS, else the terminal, else 160 for a pipe or a
    log: a table there need not fold), at most `most` (the console's width, which a
    table printed on it cannot exceed)."""
    import shutil

    return min(shutil.get_terminal_size((160, 24)).columns, most)


# Each cell of a rich table: one space either side, and a border after each column.
_PADDING, _BORDER = 2, 1


def fitted_tables(title: str, headings: list[str], rows: list[list[str]],
                  width: int, left: int = 1, words: Collection[int] = (),
                  styles: Sequence[str | None] = (), headings_first: bool = False,
                  ) -> list[Table]:
    """fitted_layouts' tables as rich Tables."""
    return [layout.rich() for layout in fitted_layouts(title, headings, rows, width, left,
                                                       words, styles, headings_first)]


def fitted_layouts(title: str, headings: list[str], rows: list[list[str]],
                   width: int, left: int = 1, words: Collection[int] = (),
                   styles: Sequence[str | None] = (), headings_first: bool = False,
                   ) -> list[Layout]:
    """The table of `headings` over `rows` (the first `left` columns and the columns
    `words` are words, left-aligned, the first column the row's name; the rest figures,
    right-aligned) as one or more tables no wider than `width`: layouts that the
    CLI's consoles print without rich outside a terminal (optimizer.cli.plain), else as
    the rich Tables that fitted_tables makes of them.

    A figure is never cut or folded: each figure column is as wide as its widest cell.
    Headings, names and other words wrap between words (a date '2026-11-30 03:42:09' on
    two lines), never inside one; when even so the columns do not fit, the other columns
    go on in further tables as even as can be (the name column again first), titled
    'title (1/2)', 'title (2/2)'. Spare width goes to the names first (one line each),
    then to the other words, then to the headings (one line each, the shortest first).
    `styles`: a rich style per row (e.g. 'bold' for a totals row), in every part.
    `headings_first`: the figures' headings get their one line before the other words
    take the spare width (a long text column, such as a dataset's source, would else
    take it all and fold every heading)."""
    def longest_word(text: str) -> int:
        return max((len(w) for w in text.split()), default=0)

    def wraps(i: int) -> bool:
        return i < left or i in words

    # (least, natural): the least width that cuts nothing, the width of one line each.
    name_least = max(longest_word(t) for t in [headings[0], *(r[0] for r in rows)])
    name_natural = max(len(t) for t in [headings[0], *(r[0] for r in rows)])
    figures = [(max([longest_word(headings[i]),
                     *((longest_word if wraps(i) else len)(r[i]) for r in rows)]),
                max([len(headings[i]), *(len(r[i]) for r in rows)]))
               for i in range(1, len(headings))]

    def cost(least: int) -> int:
        return least + _PADDING + _BORDER

    groups = _balanced([cost(least) for least, _ in figures],
                       width - _BORDER - cost(name_least))
    tables = []
    for n, group in enumerate(groups, start=1):
        ranges = [(name_least, name_natural), *(figures[i - 1] for i in group)]
        widths = [least for least, _ in ranges]
        spare = width - _BORDER - sum(cost(w) for w in widths)
        # The names first; then the headings, the nearest to one line first.
        columns = [0, *group]
        order = [0, *sorted(range(1, len(ranges)), key=lambda k: (
            wraps(columns[k]) == headings_first, ranges[k][1] - ranges[k][0]))]
        for k in order:
            least, natural = ranges[k]
            more = max(0, min(spare, natural - least))
            widths[k] += more
            spare -= more
        justify: list[Justify] = ["left" if wraps(i) else "right" for i in columns]
        tables.append(Layout(
            title=title if len(groups) == 1 else f"{title} ({n}/{len(groups)})",
            headings=[headings[i] for i in columns], justify=justify, widths=widths,
            rows=[[r[i] for i in columns] for r in rows], styles=styles))
    return tables


def _balanced(costs: list[int], room: int) -> list[list[int]]:
    """Columns 1..len(costs) in as few runs as fit in `room` each (a column wider than
    `room` alone in its run), the runs as even as can be: the widest run least wide."""
    from itertools import combinations, pairwise

    count, used = 1, 0  # how many runs, greedily
    for c in costs:
        if used and used + c > room:
            count, used = count + 1, 0
        used += c
    best: tuple[int, list[list[int]]] | None = None
    for cuts in combinations(range(1, len(costs)), count - 1):
        bounds = [0, *cuts, len(costs)]
        runs = [list(range(a + 1, b + 1)) for a, b in pairwise(bounds)]
        widest = max(sum(costs[i - 1] for i in run) for run in runs)
        if all(sum(costs[i - 1] for i in run) <= room or len(run) == 1 for run in runs) and (
                best is None or widest < best[0]):
            best = (widest, runs)
    assert best is not None  # the greedy runs are one such partition
    return best[1]


__all__ = ["fitted_layouts", "fitted_tables", "terminal_width"]
