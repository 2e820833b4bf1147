"""Host offices: where residents of a district whose office cannot print are served.

In September 2017 Palembang's two new kecamatan had offices but no printer; their
residents printed at a neighbouring kecamatan's office (Jakabaring at Seberang
Ulu I, Ilir Timur III at Ilir Timur II; data/palembang-2017/README.md). A dataset
records such arrangements in `hosts.csv`:

    district_id,host_site[,source]
    16.71.17,KEC-16.71.02,"Antara Sumsel, Sep 2017"

The baselines use them as officials did: a hosted district's weight goes to its
host office (not to an office with no printer), and the host serves the hosted
district's residents as its own (printing.PrintingRule). Residents still travel
only on the network's allowed pairs (model.md), so a host beyond the travel limit
serves nobody of the hosted district there; the baseline's plan warns of it
(HOST_OUT_OF_REACH, with the residents it leaves to offices within reach).

Hosts are study data, not part of the `Instance` contract: the engine plans on
capacities and needs no host (it never sends blanks to an office that cannot print).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import numpy as np

from optimizer.engine.model import IntArray
from optimizer.engine.network import Network
from optimizer.schema import Instance, InvalidInput, Problem, unknown_id

Hosts = Mapping[str, str]  # district_id -> site_id of the office that serves it
HOSTS_FILE = "hosts.csv"


def parse_hosts(text: str, source: str = HOSTS_FILE) -> dict[str, str]:
    """Rows of `district_id,host_site[,source]` after a header; InvalidInput naming the row."""
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return {}
    header = [c.strip() for c in rows[0]]
    if header[:2] != ["district_id", "host_site"] or not set(header) <= {
            "district_id", "host_site", "source"}:
        raise InvalidInput([Problem(location=f"{source}, header",
                                    message="must be 'district_id,host_site[,source]'")])
    hosts: dict[str, str] = {}
    problems = []
    for row, cells in enumerate(rows[1:], start=2):
        district, host = [*cells, "", ""][:2]
        district, host = district.strip(), host.strip()
        if not district or not host:
            problems.append(Problem(location=f"{source}, row {row}",
                                    message="needs a district_id and a host_site"))
        elif district in hosts:
            problems.append(Problem(location=f"{source}, row {row}, column district_id",
                                    message=f"district '{district}' is listed twice"))
        else:
            hosts[district] = host
    if problems:
        raise InvalidInput(problems)
    return hosts


def load_hosts(folder: Path) -> dict[str, str]:
    """The hosts of a dataset folder (empty when it has no hosts.csv)."""
    path = folder / HOSTS_FILE
    if not path.is_file():
        return {}
    return parse_hosts(path.read_text(encoding="utf-8"), source=path.name)


def dataset_hosts(instance: Instance, dataset: str | None) -> dict[str, str]:
    """The host offices `blanko compare`, `blanko replay`, `POST /v1/comparisons` and
    replay jobs serve a printerless kecamatan at: district_id -> site_id, from the bundled
    dataset's hosts.csv (`load_hosts`), checked against `instance` (`check`: InvalidInput
    naming the row when, e.g., an override left a host with no printer).

    `dataset` is a bundled dataset's name in any letter case (found by its own name:
    'Palembang-2017' has its hosts too); None (an instance given whole, or a folder) and
    synthetic datasets and a name no dataset has (datasets.load refuses it) have none: {}.
    One function for the CLI and the service, so both plan the same
    (README: a printerless kecamatan is served at its host office, as in 2017).
    """
    from optimizer.io import datasets

    name = datasets.canonical(dataset) if dataset else None
    if not name or name.startswith("synthetic-"):
        return {}
    found = load_hosts(datasets.data_root() / name)
    check(instance, found)
    return found


def check(instance: Instance, hosts: Hosts, source: str = HOSTS_FILE) -> None:
    """InvalidInput unless every district is known and every host is a site that prints."""
    districts = set(instance.district_ids)
    sites = {s.site_id: s for s in instance.sites}
    problems = []
    for district, host in hosts.items():
        where = f"{source}, district {district}"
        if district not in districts:
            problems.append(Problem(location=where,
                                    message=unknown_id("district", district, districts)))
        if host not in sites:
            problems.append(Problem(location=f"{where}, host_site",
                                    message=unknown_id("site", host, sites)))
        elif sites[host].printers * sites[host].cards_per_printer_day == 0:
            problems.append(Problem(location=f"{where}, host_site",
                                    message=f"site '{host}' cannot print (no printer)"))
        elif sites[host].district_id == district:
            problems.append(Problem(location=f"{where}, host_site",
                                    message="the host must be in another district"))
    if problems:
        raise InvalidInput(problems)


def active_hosts(instance: Instance, hosts: Hosts | None) -> dict[str, str]:
    """The hosts of `hosts` that serve anyone: district_id -> site_id for each district of
    `instance` whose own offices cannot print (capacity 0) and whose host is a site of
    the instance; the districts `host_index` gives a host, by id. What a baseline's
    plan follows, so what its input_sha256 covers (engine.fingerprint): a host of a
    kecamatan that prints changes no plan and no hash."""
    if not hosts:
        return {}
    own: dict[str, int] = {}
    for site in instance.sites:
        own[site.district_id] = own.get(site.district_id, 0) + (
            site.printers * site.cards_per_printer_day * site.working_days)
    sites = {s.site_id for s in instance.sites}
    districts = set(instance.district_ids)
    return {district: site for district, site in sorted(hosts.items())
            if district in districts and site in sites and own.get(district, 0) == 0}


def host_index(net: Network, hosts: Hosts | None) -> IntArray:
    """(districts,) the index of the site hosting each district, -1 where none does.

    A listed host counts only while the district's own offices cannot print
    (capacity 0 in the network); a district that can print serves itself.
    """
    host = np.full(net.n_districts, -1, dtype=np.int64)
    if not hosts:
        return host
    own = np.bincount(net.site_district, weights=net.capacity, minlength=net.n_districts)
    sites = {s: i for i, s in enumerate(net.site_ids)}
    for k, district in enumerate(net.district_ids):
        site = hosts.get(district)
        if site is not None and site in sites and own[k] == 0:
            host[k] = sites[site]
    return host


def redirect(net: Network, weights: list[Fraction], host: IntArray | None) -> list[Fraction]:
    """Move the weight of every office in a hosted district to the district's host."""
    if host is None or not (host >= 0).any():
        return weights
    out = list(weights)
    for s in range(net.n_sites):
        h = int(host[net.site_district[s]])
        if h >= 0 and out[s]:
            out[h] += out[s]
            out[s] = Fraction(0)
    return out
