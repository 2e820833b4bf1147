"""Warnings a planner needs before trusting a plan (issue 10, kind 7).

- an office with no printer (or no working day, or no cards per printer-day) prints
  nothing: blanks sent there are stranded, its kecamatan is served from elsewhere;
- a kecamatan with residents waiting and no office of its own (none that can print) is
  served only from
  offices within the travel limit, so its coverage depends on that limit;
- a kelurahan with residents waiting that no office can reach (none in its own
  kecamatan, none within the travel limit) gets no card, while its kecamatan still
  shows a coverage figure from its other kelurahan.

Each kind is one message with a count and the first ids (a national instance has
hundreds), so that the list stays readable.
"""

from __future__ import annotations

import numpy as np

from optimizer.engine.narrow import row_totals
from optimizer.engine.network import Network
from optimizer.engine.wording import counted, num
from optimizer.schema import Message, Policy

MAX_LISTED = 10


def planner_warnings(net: Network, policy: Policy) -> list[Message]:
    """The three warnings above, for the compiled network of one plan."""
    out: list[Message] = []
    idle = np.flatnonzero(net.capacity == 0)
    if idle.size:
        ids = [net.site_ids[i] for i in idle]
        out.append(Message(
            code="SITE_WITHOUT_PRINTERS", level="warning",
            params={"count": len(ids), "site_ids": _listed(ids)},
            text=f"{counted(len(ids), '{n} office', '{n} offices')} can print no card (0 "
                 f"printers, 0 working days or 0 cards per printer-day): {_listed(ids)}. No "
                 "blanks are sent there to print; check the figures if they do print."))
    district_waits = row_totals(net.district_backlog()) > 0
    has_office = np.zeros(net.n_districts, dtype=bool)
    has_office[net.site_district[net.capacity > 0]] = True
    orphans = np.flatnonzero(district_waits & ~has_office)
    if orphans.size:
        ids = [net.district_ids[k] for k in orphans]
        limit = "at any distance (there is no travel limit)" if policy.max_travel_km is None \
            else f"within the travel limit of {num(policy.max_travel_km)} km"
        out.append(Message(
            code="DISTRICT_WITHOUT_OFFICE", level="warning",
            params={"count": len(ids), "district_ids": _listed(ids),
                    "max_travel_km": policy.max_travel_km},  # the text quotes it
            text=counted(len(ids), "{n} kecamatan with residents waiting has no office of "
                                   "its own that can print",
                         "{n} kecamatan with residents waiting have no office of their own "
                         "that can print")
            + f": {_listed(ids)}. Residents there are served only from offices in other "
              f"kecamatan {limit}."))
    reached = np.zeros(net.n_areas, dtype=bool)
    reached[net.pairs.area[net.capacity[net.pairs.site] > 0]] = True
    backlog = row_totals(net.backlog)  # (engine/narrow.py: numpy's sum(axis=1) is slow here)
    cut_off = np.flatnonzero(~reached & (backlog > 0))
    if cut_off.size:
        ids = [net.area_ids[i] for i in cut_off]
        residents = int(backlog[cut_off].sum())
        limit = "" if policy.max_travel_km is None else \
            f" or within {num(policy.max_travel_km)} km"
        waiting = counted(residents, "{n} resident", "{n} residents")
        out.append(Message(
            code="AREA_UNREACHABLE", level="warning",
            params={"count": len(ids), "residents": residents, "area_ids": _listed(ids),
                    "max_travel_km": policy.max_travel_km},  # the text quotes it
            text=counted(len(ids), "{n} kelurahan with {waiting} waiting has no office that "
                                   "can print in its kecamatan",
                         "{n} kelurahan with {waiting} waiting have no office that can print "
                         "in their kecamatan").replace("{waiting}", waiting)
            + f"{limit}: {_listed(ids)}. Residents there get no card in this plan, whatever "
              "their kecamatan's coverage; raise --max-travel-km or add an office."))
    return out


def _listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:MAX_LISTED])
    return shown + (f" and {num(len(ids) - MAX_LISTED)} more" if len(ids) > MAX_LISTED else "")
