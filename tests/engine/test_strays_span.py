"""optimizer.engine.strays.span_km bounds every pair's great-circle km, and
group_spans_km every pair's of one group, so the plan's AREA_FAR_IN_DISTRICT search may
be skipped when either is below STRAY_KM (engine/codes.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.engine.codes import far_warnings
from optimizer.engine.geometry import great_circle_km
from optimizer.engine.strays import STRAY_KM, far_areas, group_spans_km, span_km
from optimizer.schema import Area, Instance, Site

points = st.lists(st.tuples(st.floats(-90.0, 90.0), st.floats(-180.0, 180.0)),
                  min_size=1, max_size=8)
# Places within a small box somewhere on the globe (poles and the antimeridian included).
boxes = st.tuples(st.floats(-90.0, 90.0), st.floats(-180.0, 180.0),
                  st.floats(0.0, 0.6), st.floats(0.0, 0.6))


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(points)
def test_no_two_points_are_farther_apart_than_the_span(xy: list[tuple[float, float]]) -> None:
    a = np.array(xy, dtype=np.float64)
    i, j = np.triu_indices(len(a), 1)
    farthest = great_circle_km(a[i, 0], a[i, 1], a[j, 0], a[j, 1]).max(initial=0.0)
    assert farthest <= span_km(a) * (1 + 1e-9) + 1e-9


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(points, st.lists(st.integers(0, 3), min_size=8, max_size=8))
def test_no_two_points_of_a_group_are_farther_apart_than_its_span(
        xy: list[tuple[float, float]], groups: list[int]) -> None:
    a = np.array(xy, dtype=np.float64)
    group = np.array(groups[:len(a)], dtype=np.int64)
    spans = group_spans_km(a, group)
    assert len(spans) == group.max() + 1
    for g in range(len(spans)):
        mine = a[group == g]
        if not len(mine):
            assert spans[g] == 0.0
            continue
        assert spans[g] == pytest.approx(span_km(mine), rel=1e-12)  # (bounds all pairs)


def _instance(xy: list[tuple[float, float]]) -> Instance:
    """Areas at `xy` in one kecamatan (D) but for every third in another (E); an office."""
    areas = tuple(Area(area_id=f"A{k}", district_id="E" if k % 3 == 2 else "D", lat=lat,
                       lon=lon, backlog={"first_time": 1, "replacement": 0})
                  for k, (lat, lon) in enumerate(xy))
    site = Site(site_id="S", district_id="D", lat=xy[0][0], lon=xy[0][1], printers=1,
                cards_per_printer_day=1, working_days=1)
    return Instance(sites=(site,), areas=areas)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(boxes, st.lists(st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)), min_size=2,
                       max_size=7))
def test_far_warnings_are_those_of_the_full_search(box: tuple[float, float, float, float],
                                                   spots: list[tuple[float, float]]) -> None:
    """With or without the shortcut, the warnings name the areas far_areas finds: places
    in boxes up to 0.6 degrees a side (66 km), both sides of 50 km."""
    lat0, lon0, height, width = box
    xy = [(max(-90.0, min(90.0, lat0 + u * height)),
           ((lon0 + v * width + 180.0) % 360.0) - 180.0) for u, v in spots]
    instance = _instance(xy)
    a = np.array([(x.lat, x.lon) for x in instance.areas] + [(instance.sites[0].lat,
                                                              instance.sites[0].lon)])
    group = np.array([1 if x.district_id == "E" else 0 for x in instance.areas] + [0])
    far, _ = far_areas(a, group, len(instance.areas), np.ones(len(a), dtype=bool))
    named = [m.params["area_id"] for m in far_warnings(instance)]
    assert named == [f"A{i}" for i, _, _ in far]
    if span_km(a) < STRAY_KM - 1.0:
        assert named == []
