"""The input hash of a plan, with each instance's share hashed once per process.

`input_sha256` hashes the normalized instance, then the shipment, then the policy,
as JSON. The instance is the big part (0.2 s national, most of an API request on a
bundled dataset), and the same instance object is planned again and again (the
service keeps each bundled dataset per worker; studies re-plan one instance). The
sha256 state after the instance is kept per instance *object* (by identity, held
weakly, so nothing is kept alive); a copy of it then takes the shipment and policy.
Instances are frozen, so an object's hash cannot go stale.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Mapping
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

from optimizer.engine.network import row_columns, sorted_rows
from optimizer.schema import Instance, Policy, Shipment

if TYPE_CHECKING:
    from hashlib import _Hash

# id(instance) -> (weak reference to it, sha256 state after its JSON and b"\n")
_STATES: dict[int, tuple[weakref.ref[Instance], _Hash]] = {}


def input_sha256(instance: Instance, shipment: Shipment, policy: Policy,
                 hosts: Mapping[str, str] | None = None) -> str:
    """SHA-256 (64 hex digits) of the normalized input, the same for the same problem.

    Sites, areas, districts and distances sorted by id, backlog keys in sorted tier
    order, then the JSON of the instance, the shipment and the policy, each followed
    by a newline. Row order and dict order in the caller's input do not change it.
    The instance's part is computed once per instance object (module docstring).

    `hosts`: the host offices that served a printerless kecamatan in the plan
    (studies.hosts.active_hosts: district_id -> site_id), part of what a baseline
    planned (its weights and printing follow them), so part of its input: then a last
    line, their JSON in district order. None or {} (no host served anyone: the engine,
    or a kecamatan that prints) adds nothing, so such a hash is the one it always was.
    """
    digest = _instance_state(instance).copy()
    # Pinned shipments in site_id order: the order a caller listed them in does not count.
    pins = policy.pinned_shipments
    if list(pins) != sorted(pins):  # (a copy only when the order would change the JSON)
        policy = policy.model_copy(update={"pinned_shipments": dict(sorted(pins.items()))})
    policy_json = policy.model_dump_json()
    parts = [shipment.model_dump_json(), policy_json]
    if hosts:
        parts.append(json.dumps({"hosts": dict(sorted(hosts.items()))},
                                separators=(",", ":")))
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _instance_state(instance: Instance) -> _Hash:
    key = id(instance)
    cached = _STATES.get(key)
    if cached is not None and cached[0]() is instance:
        return cached[1]
    digest = hashlib.sha256()
    normalized = _normalized(instance)
    # The JSON's bytes as model_dump_json().encode() gives them, without the round trip
    # through a str (~150 kB in Palembang, with its distance table).
    digest.update(normalized.__pydantic_serializer__.to_json(normalized))
    digest.update(b"\n")

    def forget(ref: weakref.ref[Instance], key: int = key) -> None:
        if _STATES.get(key, (None,))[0] is ref:
            del _STATES[key]

    _STATES[key] = (weakref.ref(instance, forget), digest)
    return digest


def _normalized(instance: Instance) -> Instance:
    # Sites, areas and distances in the order of the instance's arrays (engine/network.py,
    # made once per instance object for its plans too): the same order as sorting by id.
    sites, areas, distances = sorted_rows(instance)
    tiers = tuple(sorted(instance.tiers))
    # Whether each backlog's keys come in sorted tier order, as the hash lists them: known
    # from the instance's columns (read once per instance object for its arrays) when its
    # tiers are sorted; else every backlog's keys in one list (a dict iterates over its
    # keys), compared with the tiers repeated: each dict holds the tiers in order exactly
    # when the two are equal, as no dict repeats a key.
    if tiers == tuple(instance.tiers):
        in_order = row_columns(instance).backlog_in_tier_order
    else:
        keys = list(chain.from_iterable(map(attrgetter("backlog"), areas)))
        in_order = keys == list(tiers) * len(areas)
    if not in_order:
        areas = tuple(a if tuple(a.backlog) == tiers
                      else a.model_copy(update={"backlog": {t: a.backlog[t] for t in tiers}})
                      for a in areas)
    return instance.model_copy(update={
        "districts": tuple(sorted(instance.districts, key=attrgetter("district_id"))),
        "sites": sites,
        "areas": areas,
        "distances": distances,
    })
