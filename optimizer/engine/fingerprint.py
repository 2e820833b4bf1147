"""The input hash of a plan, with each instance's share hashed once per process.

`input_sha256` hashes the normalized instance, then the shipment, then the policy,
as JSON. The instance is the big part (0.2 s national, most of an API request on a
bundled dataset), and the same instance object is planned again and again (the
service keeps each bundled dataset per worker; studies re-plan one instance). The
sha256 state after the instance is kept per instance *object* (by identity, held
weakly, so nothing is kept alive); a copy of it then takes the shipment and policy.
Instances are frozen, so an object's hash cannot go stale.

A new instance object pays for its JSON once: pydantic serializes its rows, except the
measured distances (Palembang's 2,033 of its 2,205 rows), whose JSON is written from
the instance's arrays (`_distances_json`): the ids of a table row are those of its area
and site, so each id's JSON is made once, and the km of all rows are written from
texts of whole numbers and thousandths when given to the metre, else by one call to
pydantic's own float serializer. The bytes are pydantic's
(tests/engine/test_fingerprint.py compares them over the schema's value ranges); what
that cannot vouch for (a km that is not a float, a row of a subclass) takes pydantic's
way.
"""

from __future__ import annotations

import hashlib
import json
import re
import weakref
from collections.abc import Mapping
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np
import pydantic_core

from optimizer.engine.network import (
    row_columns,
    sorted_areas,
    sorted_rows,
    sorted_sites,
    sorted_table,
)
from optimizer.schema import Distance, Instance, Policy, Shipment

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
    digest.update(instance_json(instance))
    digest.update(b"\n")

    def forget(ref: weakref.ref[Instance], key: int = key) -> None:
        if _STATES.get(key, (None,))[0] is ref:
            del _STATES[key]

    _STATES[key] = (weakref.ref(instance, forget), digest)
    return digest


def instance_json(instance: Instance) -> bytes:
    """The normalized instance's JSON: the bytes `normalized.model_dump_json().encode()`
    gives (`_pydantic_json`), the measured distances written from the instance's arrays
    when their bytes are known to be pydantic's (module docstring)."""
    table = _distances_json(instance) if instance.distances else None
    if table is None:
        return _pydantic_json(instance)
    normalized = _normalized(instance, distances=False)
    head = normalized.__pydantic_serializer__.to_json(normalized)
    if not head.endswith(_NO_DISTANCES):  # (distances is the instance's last field)
        return _pydantic_json(instance)
    return head[:-len(b"[]}")] + table + b"}"


_NO_DISTANCES = b',"distances":[]}'
# A character that pydantic's JSON escapes in a string: '"', backslash, C0 controls.
_ESCAPED = re.compile(r'["\\\x00-\x1f]')


def _pydantic_json(instance: Instance) -> bytes:
    # The JSON's bytes as model_dump_json().encode() gives them, without the round trip
    # through a str (~150 kB in Palembang, with its distance table).
    normalized = _normalized(instance)
    return normalized.__pydantic_serializer__.to_json(normalized)


def _distances_json(instance: Instance) -> bytes | None:
    """The JSON of the instance's distances in (area_id, site_id) order, as pydantic
    writes the tuple of them: [{"area_id":A,"site_id":S,"km":K},...]; None when that
    cannot be vouched for, and pydantic is asked.

    Each row's area_id and site_id are the id of the area and the site it indexes (the
    arrays looked them up by equality: the same text), so their JSON is the id's, made
    once per id; its km is the float the array holds (every km a float: `km_floats`),
    written as pydantic writes it (`_metre_texts`, else `pydantic_core.to_json` of the
    list). A row
    writes its fields in its __dict__'s order, which is the field order for every row
    pydantic makes (validation, model_construct, model_copy, a copy or a pickle) and
    for io/fastrows.py's rows; a row of a subclass of Distance may write more."""
    table = sorted_table(instance)
    km = table.km
    if not table.km_floats or not bool(np.isfinite(km).all()) \
            or set(map(type, instance.distances)) != {Distance}:
        return None
    try:
        areas = [f'{{"area_id":{text},"site_id":' for text in _json_texts(table.area_ids)]
        sites = [f'{text},"km":' for text in _json_texts(table.site_ids)]
        n = len(km)
        # Each row is 4 pieces: '{"area_id":A,"site_id":', 'S,"km":', then its km and
        # '},' ('}' on the last row) as two pieces, set a column at a time.
        pieces: list[str] = [""] * (4 * n)
        pieces[0::4] = np.array(areas, dtype=object)[table.area].tolist()
        pieces[1::4] = np.array(sites, dtype=object)[table.site].tolist()
        metres = _metre_texts(km)
        if metres is not None:
            pieces[2::4], pieces[3::4] = metres
        else:
            kms = pydantic_core.to_json(km.tolist())[1:-1].decode().split(",")
            if len(kms) != n:
                return None
            pieces[2::4] = kms
            pieces[3::4] = ["},"] * n
        pieces[-1] = pieces[-1][:-1]  # (the last row's '}' without the ',')
        return ("[" + "".join(pieces) + "]").encode()
    except (UnicodeError, ValueError):  # (a lone surrogate: pydantic's way says what)
        return None


def _metre_texts(km: np.ndarray) -> tuple[list[str], list[str]] | None:
    """The JSON of km given to the metre (Palembang's table), as pydantic writes each
    float, in two pieces: its whole km, then its point, decimals and '},'; None when
    some km is not a whole number of metres, is above the schema's 20,000 km, or -0.0.

    A km that is the float nearest m / 1000 (m = km x 1000 rounded, m / 1000 == km:
    division is correctly rounded) is written as the decimal m / 1000 without its
    trailing zeros ("2.176", "3.0"): that decimal gives back the float, and a shorter
    one would be another multiple of 0.001, at least 0.001 away, where floats up to
    20,000 are less than 10^-11 apart; from 0.001 to 20,000 pydantic writes no exponent
    (tests/engine/test_fingerprint.py). The texts of whole numbers and of the 1,000
    decimals are made once per process, not per row."""
    global _WHOLE
    if not len(km):
        return [], []
    if not bool(((km <= 20_000.0) & ~np.signbit(km)).all()):
        return None
    metres = np.rint(km * 1000.0)
    if not bool((metres / 1000.0 == km).all()):
        return None
    whole, part = np.divmod(metres.astype(np.int64), 1000)
    top = int(whole.max())
    if top >= len(_WHOLE):  # (grown for the process, to 20,000 at most)
        _WHOLE = np.array([str(i) for i in range((top // 1000 + 1) * 1000)], dtype=object)
    return _WHOLE[whole].tolist(), _DECIMALS[part].tolist()


# The texts of whole numbers ("0", "1", ...), and of each thousandth's point, decimals
# without trailing zeros and the row's end: ".0},", ".001},", ..., ".5},", ..., ".999},".
_WHOLE = np.array([str(i) for i in range(1000)], dtype=object)
_DECIMALS = np.array([f".{f'{r:03d}'.rstrip('0') or '0'}}}," for r in range(1000)],
                     dtype=object)


def _json_texts(texts: tuple[str, ...]) -> list[str]:
    """Each text as pydantic's JSON writes a string: in quotes, and escaped
    (pydantic_core.to_json) when some text holds a character JSON escapes."""
    if _ESCAPED.search("".join(texts)) is None:
        return [f'"{text}"' for text in texts]
    return [pydantic_core.to_json(text).decode() for text in texts]


def _normalized(instance: Instance, distances: bool = True) -> Instance:
    """The instance with its rows in id order and each backlog in sorted tier order;
    without `distances`, with no distances."""
    # Sites, areas and distances in the order of the instance's arrays (engine/network.py,
    # made once per instance object for its plans too): the same order as sorting by id.
    if distances:
        sites, areas, table = sorted_rows(instance)
    else:
        sites, areas = sorted_sites(instance), sorted_areas(instance)
        table = ()
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
        "distances": table,
    })
