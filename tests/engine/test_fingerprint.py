"""The input hash's instance JSON (engine/fingerprint.py) is pydantic's, byte for byte.

Stored plans are verified by hashing their input again (optimizer/store/verify.py), so
the JSON the hash reads must never change: `instance_json` writes the measured distances
from the instance's arrays, and every property here compares its bytes with those of
the normalized instance as pydantic serializes it, built independently (rows sorted by
their ids in Python, backlogs in sorted tier order).
"""

from __future__ import annotations

import copy
import math
import pickle
import random
import re
import warnings

import numpy as np
import pydantic_core
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from optimizer.engine import fingerprint
from optimizer.io.fastrows import fast_instance
from optimizer.schema import Area, Distance, District, Instance, Site

COMMON = dict(deadline=None, derandomize=True, database=None, print_blob=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Floats where a JSON writer switches form or rounds: exponent thresholds (1e-5, 1e16),
# the smallest subnormal and normal, the largest float, -0.0, whole numbers.
SPECIAL_FLOATS = [0.0, -0.0, 1e-5, 1e-4, 9.999999999999999e-06, 1.0000000000000001e-05,
                  1e-7, 0.1, 1 / 3, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                  1e15, 1e16, 9999999999999998.0, 1e17, 123456789.0, 20000.0,
                  19999.999999999996, 2.0, 1e21, 1e22, 1e-300, 0.000123]


def _reference(instance: Instance) -> bytes:
    """The normalized instance's JSON, normalized here by sorting in Python."""
    tiers = sorted(instance.tiers)
    areas = [a.model_copy(update={"backlog": {t: a.backlog[t] for t in tiers}})
             for a in sorted(instance.areas, key=lambda a: a.area_id)]
    normalized = instance.model_copy(update={
        "districts": tuple(sorted(instance.districts, key=lambda d: d.district_id)),
        "sites": tuple(sorted(instance.sites, key=lambda s: s.site_id)),
        "areas": tuple(areas),
        "distances": tuple(sorted(instance.distances, key=lambda d: (d.area_id, d.site_id))),
    })
    return normalized.model_dump_json().encode()


# --------------------------------------------------------------------------- the parts


@settings(max_examples=3000, **COMMON)
@given(st.floats(allow_nan=False, allow_infinity=False))
@example(-0.0)
@example(1e-5)
@example(1e16)
def test_a_float_is_written_as_a_km_field_writes_it(km: float) -> None:
    """`pydantic_core.to_json` of a list of floats writes each as a Distance's km."""
    row = Distance.model_construct(area_id="a", site_id="s", km=km)
    field = row.__pydantic_serializer__.to_json(row)
    written = pydantic_core.to_json([km, km])
    assert field == b'{"area_id":"a","site_id":"s","km":' + written[1:-1].split(b",")[0] + b"}"
    assert written.count(b",") == 1  # (no float is written with a comma)


@settings(max_examples=2000, **COMMON)
@given(st.text(max_size=12))
@example('a"b')
@example("a\\b")
@example("\x00\x1f\x7f\x85\u2028😀")
@example("\ud800")
def test_a_text_is_written_as_an_id_field_writes_it(text: str) -> None:
    """`_json_texts` writes each id as a Distance's area_id and site_id do, escaped or
    not; a text pydantic cannot write (a lone surrogate) fails here too (a ValueError,
    which `_distances_json` takes for pydantic's way)."""
    row = Distance.model_construct(area_id=text, site_id=text, km=1.0)
    try:
        field = row.__pydantic_serializer__.to_json(row)
    except pydantic_core.PydanticSerializationError:
        for escaped in (False, True):
            with pytest.raises(ValueError):  # (UnicodeEncodeError, PydanticSerializationError)
                fingerprint._json_texts((text, 'x"' if escaped else "x"))[0].encode()
        return
    for written in (fingerprint._json_texts((text,)),
                    fingerprint._json_texts((text, 'x"'))[:1]):  # (the escaping way)
        ids = written[0].encode()
        assert field == b'{"area_id":' + ids + b',"site_id":' + ids + b',"km":1.0}'


@settings(max_examples=3000, **COMMON)
@given(st.integers(0, 20_000_000) | st.sampled_from([0, 1, 10, 999, 1000, 1001, 2176,
                                                     19_999_999, 20_000_000]))
def test_a_km_to_the_metre_is_written_as_pydantic_writes_it(metres: int) -> None:
    """Every km given to the metre, 0 to 20,000 (the float nearest metres / 1000): its
    whole km and decimals are pydantic's text of the float."""
    km = np.array([metres / 1000, metres / 1000], dtype=np.float64)
    written = fingerprint._metre_texts(km)
    assert written is not None
    whole, decimals = written
    assert decimals[0].endswith("},")
    text = (whole[0] + decimals[0][:-2]).encode()
    assert pydantic_core.to_json([float(km[0])]) == b"[" + text + b"]"


@settings(max_examples=2000, **COMMON)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(SPECIAL_FLOATS),
                min_size=1, max_size=4))
def test_a_km_not_to_the_metre_is_left_to_pydantic(values: list[float]) -> None:
    """A km that is no whole number of metres, above 20,000 km, or -0.0 is not written
    here (pydantic_core writes it); every one that is, is written as pydantic does."""
    km = np.array(values, dtype=np.float64)
    written = fingerprint._metre_texts(km)
    exact = [0 <= v <= 20_000 and math.copysign(1.0, v) > 0 and round(v * 1000) / 1000 == v
             for v in values]
    assert (written is not None) == all(exact), values
    if written is not None:
        texts = [w + d[:-2] for w, d in zip(*written, strict=True)]
        assert pydantic_core.to_json(values) == ("[" + ",".join(texts) + "]").encode()


# --------------------------------------------------------------------------- instances

# Ids as the schema takes them: no whitespace, comma, semicolon or control character;
# quotes, backslashes and any other unicode are allowed. Names: no control character.
_ID = re.compile(r"[^\s,;\x00-\x1f\x7f-\x9f]{1,64}")
ids = st.text(st.characters(codec="utf-8"), min_size=1, max_size=6).filter(
    lambda s: _ID.fullmatch(s) is not None) | st.sampled_from(
    ['"', "\\", 'a"b\\c', "é", "😀", "KEC-16.71.01", "16.71.01.1001", "Z", "a", "\u200b1"])
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cc",)), max_size=8)
# A km: any valid float (0 to 20,000, integers become floats), and the special ones.
kms = (st.floats(0.0, 20_000.0) | st.integers(0, 20_000)
       | st.sampled_from([f for f in SPECIAL_FLOATS if 0.0 <= f <= 20_000.0]))
lats = st.floats(-90.0, 90.0) | st.integers(-90, 90) | st.sampled_from([-0.0, 1e-5, 1e-7])
lons = st.floats(-180.0, 180.0) | st.integers(-180, 180) | st.sampled_from([-0.0, 1e-5])
counts = st.integers(0, 10**12) | st.sampled_from([0, 1, 10**12])


@st.composite
def instances(draw: st.DrawFn) -> dict:
    """An instance's data (tables of row dicts) with measured distances, rows in any
    order, tiers in any order, backlogs with their keys in any order."""
    tiers = draw(st.lists(st.sampled_from(["first_time", "replacement", "t0", "a_b", "z9"]),
                          min_size=1, max_size=3, unique=True))
    district_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    site_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    area_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    sites = [{"site_id": s, "name": draw(names), "district_id": draw(st.sampled_from(district_ids)),
              "lat": draw(lats), "lon": draw(lons), "printers": draw(st.integers(0, 1000)),
              "cards_per_printer_day": draw(st.integers(0, 100_000)),
              "working_days": draw(st.integers(0, 366)), "stock": draw(counts),
              "storage_cap": draw(st.none() | counts)} for s in site_ids]
    areas = []
    for a in area_ids:
        backlog = {t: draw(counts) for t in draw(st.permutations(tiers))}
        areas.append({"area_id": a, "name": draw(names),
                      "district_id": draw(st.sampled_from(district_ids)),
                      "lat": draw(lats), "lon": draw(lons), "population": draw(counts),
                      "backlog": backlog})
    pairs = draw(st.lists(st.tuples(st.sampled_from(area_ids), st.sampled_from(site_ids)),
                          min_size=1, max_size=12, unique=True))
    distances = [{"area_id": a, "site_id": s, "km": draw(kms)} for a, s in pairs]
    rng = random.Random(draw(st.integers(0, 2**32)))
    for table in (sites, areas, distances):
        rng.shuffle(table)
    return {"name": draw(names), "tiers": tiers,
            "districts": [{"district_id": d, "name": draw(names)} for d in district_ids],
            "sites": sites, "areas": areas, "distances": distances}


def _validated(data: dict) -> list[Instance]:
    """The instance as pydantic validates it and as io/fastrows.py builds it (both ways
    a client's upload and a file take)."""
    try:
        made = [Instance.model_validate(data)]
    except ValidationError:
        return []  # (ids pydantic's own pattern refuses: not an instance)
    fast = fast_instance(copy.deepcopy(data))
    assert fast is not None
    return [*made, fast]


@settings(max_examples=400, **COMMON)
@given(instances())
def test_the_instance_json_is_pydantics(data: dict) -> None:
    """Over the schema's value ranges, `instance_json` gives pydantic's bytes of the
    normalized instance, and took its own way for the distances (not pydantic's)."""
    for instance in _validated(data):
        assert fingerprint._distances_json(instance) is not None
        assert fingerprint.instance_json(instance) == _reference(instance)
        assert fingerprint._pydantic_json(instance) == _reference(instance)


def test_palembang_json_and_hash_are_unchanged() -> None:
    """Palembang's measured table (2,033 rows, not in id order) shuffled: the bytes are
    pydantic's, and the hash is the golden plan's."""
    import json
    from pathlib import Path

    from optimizer import Shipment
    from optimizer.io import datasets

    ds = datasets.load("palembang")
    assert fingerprint._distances_json(ds.instance) is not None
    assert fingerprint._metre_texts(np.array([d.km for d in ds.instance.distances])) \
        is not None  # (Palembang's km are given to the metre)
    assert fingerprint.instance_json(ds.instance) == _reference(ds.instance)
    golden = json.loads(Path("tests/data/golden/palembang_50000.json").read_text())
    assert fingerprint.input_sha256(ds.instance, Shipment(blanks=50000), ds.policy()) \
        == golden["input_sha256"]
    data = ds.instance.model_dump()
    data["distances"] = list(data["distances"])
    random.Random(5).shuffle(data["distances"])
    shuffled = Instance.model_validate(data)
    assert fingerprint.instance_json(shuffled) == fingerprint.instance_json(ds.instance)


# --------------------------------------------------------------------------- pydantic's way


def _small() -> Instance:
    return Instance(
        districts=(District(district_id="D"),),
        sites=(Site(site_id="S2", district_id="D", lat=0.0, lon=0.0, printers=1,
                    cards_per_printer_day=1, working_days=1),
               Site(site_id="S1", district_id="D", lat=0.0, lon=0.1, printers=1,
                    cards_per_printer_day=1, working_days=1)),
        areas=(Area(area_id="A", district_id="D", lat=0.0, lon=0.0,
                    backlog={"first_time": 1, "replacement": 0}),),
        distances=(Distance(area_id="A", site_id="S2", km=2.5),
                   Distance(area_id="A", site_id="S1", km=1.5)))


def test_what_cannot_be_vouched_for_takes_pydantics_way() -> None:
    """A km that is no float (a row built without validation: the text "3", which
    pydantic writes as text and the array holds as 3.0), or a row of a subclass of
    Distance: pydantic writes them."""
    class Measured(Distance):
        pass

    base = _small()
    odd = [Distance.model_construct(area_id="A", site_id="S2", km="3"), base.distances[1]]
    sub = [Measured(area_id="A", site_id="S2", km=2.5), base.distances[1]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (pydantic's warning of a str where a float goes)
        for rows in (odd, sub):
            instance = base.model_copy(update={"distances": tuple(rows)})
            assert fingerprint._distances_json(instance) is None
            assert fingerprint.instance_json(instance) == _reference(instance)
        assert b'"km":"3"}' in fingerprint.instance_json(
            base.model_copy(update={"distances": tuple(odd)}))


def test_rows_hold_their_fields_in_field_order() -> None:
    """pydantic writes a row's fields in its __dict__'s order, and `_distances_json`
    writes them in field order: every way the project and pydantic make a row keeps
    that order (validation, io/fastrows.py, model_construct, model_copy, copy, pickle)."""
    fields = list(Distance.model_fields)
    data = {"area_id": "A", "site_id": "S1", "km": 1.5}
    reversed_data = dict(reversed(list(data.items())))
    made = [Distance.model_validate(reversed_data), Distance(**reversed_data),
            Distance.model_construct(**reversed_data),
            Distance.model_validate(reversed_data).model_copy(update={"km": 2.0}),
            copy.copy(Distance(**data)), copy.deepcopy(Distance(**data)),
            pickle.loads(pickle.dumps(Distance(**data)))]
    instance = fast_instance({"sites": [{"site_id": "S1", "district_id": "D", "lat": 0.0,
                                         "lon": 0.0, "printers": 1,
                                         "cards_per_printer_day": 1, "working_days": 1}],
                              "areas": [{"backlog": {"first_time": 1, "replacement": 0},
                                         "lon": 0.0, "lat": 0.0, "district_id": "D",
                                         "area_id": "A"}],
                              "distances": [reversed_data]})
    assert instance is not None
    made.append(instance.distances[0])
    for row in made:
        assert list(vars(row)) == fields, row
