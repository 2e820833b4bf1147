"""`blanko plan --schedule`: this tranche's shipments and the provisional ones after it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from optimizer.cli.common import console
from optimizer.cli.tables import fitted_layouts, terminal_width
from optimizer.schema import InvalidInput, Problem
from optimizer.studies.lookahead import LookaheadPlan, Period
from optimizer.studies.replay import Schedule


def later_tranches(schedule: Schedule, blanks: int) -> list[tuple[int, int]]:
    """(working days from now, blanks) of the tranches after today's, by a stated rule.

    A tranche on day 0 is the shipment in hand: it must be `blanks` (`--blanks`), or
    InvalidInput says which to change. A tranche given as a range low-high is forecast
    at its midpoint (rounded down).
    """
    out = []
    for tranche in schedule.tranches:
        if tranche.day == 0:
            if (tranche.low, tranche.high) != (blanks, blanks):
                raise InvalidInput([Problem(
                    location="--schedule",
                    message=f"its day-0 tranche ({tranche.low:,}"
                            + (f"-{tranche.high:,}" if tranche.high != tranche.low else "")
                            + f" blanks) is the shipment in hand, but --blanks is {blanks:,}: "
                              f"make them agree, or start the schedule at the next tranche")])
            continue
        out.append((tranche.day, (tranche.low + tranche.high) // 2))
    if not out:
        raise InvalidInput([Problem(location="--schedule",
                                    message="names no tranche after day 0: give the later "
                                            "tranches (day,blanks) to plan ahead")])
    return out


def print_horizon(result: LookaheadPlan, horizon: Sequence[Period],
                  now: Mapping[str, int] | None = None, lang: str = "en") -> None:
    """Blanks per office and shipping period (one a tranche starts): "now" to send, the
    others provisional; the resident-days waiting over the horizon (each period's working
    days x the applicants still waiting at its end, summed: `LookaheadPlan.resident_days`).
    `now`: the blanks per site_id the plan sends now, when they differ from the
    horizon's period 0 (with lots: the engine's whole lots, not the lot-free figures).
    Headings and figures in `lang` (optimizer.i18n.cli)."""
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say

    starts = [0]
    for period in horizon[:-1]:
        starts.append(starts[-1] + period.days)
    # Only periods that start with a tranche ship; the weeks between them carry stock.
    shipping = [t for t, period in enumerate(horizon) if period.ships]
    headings = [say(lang, cli.OFFICE), *(say(lang, cli.NOW) if t == 0 else
                                         say(lang, cli.DAY, day=str(starts[t]))
                                         for t in shipping)]
    rows = []
    for s, site in enumerate(result.site_ids):
        sent = [int(result.shipments[s, t]) for t in shipping]
        if now is not None:
            sent[0] = now[site]
        rows.append([site, *(cli.grouped(n, lang) for n in sent)])
    rows.append([say(lang, cli.TRANCHE), *(cli.grouped(horizon[t].blanks, lang)
                                           for t in shipping)])
    # Laid out for the terminal (optimizer/cli/tables.py): twelve tranches no longer cut
    # the offices' ids and the headings at 80 columns; later days go on in a second table.
    width = terminal_width(console.width)
    for table in fitted_layouts(say(lang, cli.HORIZON), headings, rows, width,
                               styles=[*(None for _ in result.site_ids), "bold"]):
        console.print(table, width=width)
    waiting = ", ".join(f"{cli.tier(tier, lang)} {cli.grouped(n, lang)}"
                        for tier, n in result.resident_days.items())
    console.print("  " + say(lang, cli.WAITING, count=str(len(horizon)),
                             days=", ".join(str(p.days) for p in horizon), waiting=waiting))
