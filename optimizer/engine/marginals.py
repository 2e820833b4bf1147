"""What one more unit at a site is worth: exact re-solves of the tier stage's max flow."""

from __future__ import annotations

import time
from dataclasses import dataclass

from optimizer.engine.model import FlowModel, IntArray, total_max_flow
from optimizer.engine.network import Network

BLANKS_STEP = 100


@dataclass(frozen=True)
class Marginals:
    per_printer_day: list[int | None]
    per_100_blanks: list[int | None]


def marginals(net: Network, model: FlowModel, enabled: bool,
              deadline: float = float("inf")) -> Marginals:
    """Cards gained, over all tiers, from one more printer-day or 100 more blanks at a site.

    Each value is an exact re-solve of the tier stage's max flow with that one site
    changed. Only arcs in a minimum cut can gain anything: a site is re-solved when
    it is reachable from the source and its output reaches the sink in the residual
    network of the base max flow; every other site gains 0 without a re-solve.
    Sites not reached by the deadline get None.
    """
    if not enabled:
        none: list[int | None] = [None] * net.n_sites
        return Marginals(per_printer_day=none, per_100_blanks=list(none))
    layout = model.layout
    backlog = net.district_backlog()
    base = total_max_flow(model, net.backlog, backlog)
    source, sink = model.source_side(), model.sink_side()
    site_out = layout.heads[layout.capacity_arc0:layout.capacity_arc0 + net.n_sites]
    per_day: list[int | None] = []
    per_blanks: list[int | None] = []
    for s in range(net.n_sites):
        if time.monotonic() > deadline:
            missing = net.n_sites - s
            return Marginals(per_printer_day=per_day + [None] * missing,
                             per_100_blanks=per_blanks + [None] * missing)
        gain_day = 0
        if net.cards_per_printer_day[s] and source[layout.site_in[s]] and sink[site_out[s]]:
            gain_day = _gain(model, layout.capacity_arc0 + s, int(net.capacity[s]),
                             int(net.cards_per_printer_day[s]), net.backlog, backlog, base)
        gain_blanks = 0
        if sink[layout.site_in[s]]:
            gain_blanks = _gain(model, layout.stock_arc0 + s, int(net.stock[s]), BLANKS_STEP,
                                net.backlog, backlog, base)
        per_day.append(gain_day)
        per_blanks.append(gain_blanks)
    return Marginals(per_printer_day=per_day, per_100_blanks=per_blanks)


def _gain(model: FlowModel, arc: int, capacity: int, step: int, area_backlog: IntArray,
          backlog: IntArray, base: int) -> int:
    model.set_arc_capacity(arc, capacity + step)
    gained = total_max_flow(model, area_backlog, backlog) - base
    model.set_arc_capacity(arc, capacity)
    return gained


