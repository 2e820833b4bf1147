"""`blanko plan --schedule`: this tranche's shipments and the provisional ones after it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table

from optimizer.cli.common import console
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
                  now: Mapping[str, int] | None = None) -> None:
    """Blanks per office and shipping period (one a tranche starts): "now" to send, the
    others provisional; the resident-periods waiting over every period of the horizon.
    `now`: the blanks per site_id the plan sends now, when they differ from the
    horizon's period 0 (with lots: the engine's whole lots, not the lot-free figures)."""
    table = Table(title="Shipments over the horizon (only 'now' is to be sent; the rest is "
                        "provisional and re-planned at the next tranche)")
    table.add_column("office")
    starts = [0]
    for period in horizon[:-1]:
        starts.append(starts[-1] + period.days)
    # Only periods that start with a tranche ship; the weeks between them carry stock.
    shipping = [t for t, period in enumerate(horizon) if period.ships]
    for t in shipping:
        table.add_column("now" if t == 0 else f"day {starts[t]} (provisional)", justify="right")
    for s, site in enumerate(result.site_ids):
        sent = [int(result.shipments[s, t]) for t in shipping]
        if now is not None:
            sent[0] = now[site]
        table.add_row(site, *(f"{n:,}" for n in sent))
    table.add_row("tranche", *(f"{horizon[t].blanks:,}" for t in shipping), style="bold")
    console.print(table)
    waiting = ", ".join(f"{tier} {n:,}" for tier, n in result.resident_periods.items())
    console.print(f"  resident-periods waiting over the horizon ({len(horizon)} periods of "
                  f"{', '.join(str(p.days) for p in horizon)} working days): {waiting}")
