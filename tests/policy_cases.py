"""Small named instances for the policy, metrics and replay tests, solved by hand.

Coordinates as in `cases.py` (latitude EQUATOR): 0.05 degree of longitude at the equator is
5.5598 km, times the road factor 1.3 = 7.228 km.
"""

from __future__ import annotations

from optimizer import Area, Instance, Site
from tests.cases import EQUATOR, MERIDIAN, site


def area(area_id: str, district: str, lon: float, first: int, repl: int,
         population: int = 0) -> Area:
    return Area(area_id=area_id, name=area_id, district_id=district, lat=EQUATOR,
                lon=MERIDIAN + lon,
                population=population, backlog={"first_time": first, "replacement": repl})


def three_offices() -> Instance:
    """Three districts, one office each; with max_travel_km 10 only A1-S2 and A2-S1 cross.

    S1 (K1, lon 0.00) capacity 100; S2 (K2, lon 0.05, 7.228 km away) capacity 100;
    S3 (K3, lon 1.00, 145 km away) capacity 30. Every office has one printer, so the
    default central office is S1 (ties by site_id).
    A1 (K1): 60 first-time, 20 replacement, population 3,000
    A2 (K2): 30 first-time, 10 replacement, population 2,000
    A3 (K3): 90 first-time,  0 replacement, population 1,000
    The hand-computed plans for 100 blanks are in tests/test_policies.py.
    """
    return Instance(name="three_offices",
                    sites=(site("S1", "K1", 0.0, cap=100), site("S2", "K2", 0.05, cap=100),
                           site("S3", "K3", 1.0, cap=30)),
                    areas=(area("A1", "K1", 0.0, 60, 20, 3000),
                           area("A2", "K2", 0.05, 30, 10, 2000),
                           area("A3", "K3", 1.0, 90, 0, 1000)))


def one_office(per_day: int = 10, first: int = 25) -> Instance:
    """One office S (one printer, `per_day` cards a day) and one area A with `first` waiting."""
    return Instance(name="one_office",
                    sites=(Site(site_id="S", name="S", district_id="K", lat=EQUATOR, lon=MERIDIAN,
                                printers=1, cards_per_printer_day=per_day, working_days=1),),
                    areas=(area("A", "K", 0.0, first, 0, 100),))
