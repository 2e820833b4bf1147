"""Small named instances, each solved by hand in its docstring.

Coordinates: a degree of longitude at the equator is 111.195 km, so with the
default road factor 1.3 two points 0.1 degree apart are 14.455 km apart. Every point
is at latitude `EQUATOR` (0.0004, the equator typed with its decimals): these instances
are also sent as request bodies and written as files, whose readers refuse a point at
exactly (0, 0) and a latitude column of 0 in every row (optimizer/io/plausible.py); at
0.0004 degree a degree of longitude is shorter by a factor 2.4e-11. Longitudes are
given from `MERIDIAN` (104 degrees east, Palembang's): a longitude of exactly 0 is a blank
cell in Indonesia and refused; distances depend on longitude differences only.
"""

from __future__ import annotations

from pathlib import Path

from optimizer import Area, Instance, Site

TINY_DIR = Path(__file__).parent / "data" / "tiny"  # the tiny instance as CSV files
EQUATOR = 0.0004
MERIDIAN = 104.0


def site(site_id: str, district: str, lon: float = 0.0, *, cap: int = 1000, stock: int = 0,
         storage_cap: int | None = None) -> Site:
    """A site at (EQUATOR, MERIDIAN + lon) whose capacity is `cap` (one printer, `cap` cards,
    one day)."""
    return Site(site_id=site_id, name=site_id, district_id=district, lat=EQUATOR,
                lon=MERIDIAN + lon,
                printers=1, cards_per_printer_day=cap, working_days=1, stock=stock,
                storage_cap=storage_cap)


def area(area_id: str, district: str, lon: float = 0.0, first: int = 0,
         repl: int = 0) -> Area:
    return Area(area_id=area_id, name=area_id, district_id=district, lat=EQUATOR,
                lon=MERIDIAN + lon,
                backlog={"first_time": first, "replacement": repl})


def tiers_only() -> Instance:
    """One site (capacity 100), one area: 60 first-time, 80 replacement waiting.

    With 200 blanks: all 60 first-time, then the remaining capacity 40 for
    replacements. With 50 blanks: 50 first-time, none for replacement.
    """
    return Instance(name="tiers_only", sites=(site("S", "K", cap=100),),
                    areas=(area("A", "K", first=60, repl=80),))


def three_districts() -> Instance:
    """Three districts 1 degree (145 km) apart: K1 can print only 20 of its 100.

    With max_travel_km 50 each district prints at home only.
    Supply 220: K1 gets 20 (coverage 0.2, capacity-bound); the other 200 are
    shared so K2 (backlog 100) and K3 (backlog 300) both reach 200/400 = 0.5:
    K2 50 and K3 150.
    """
    return Instance(name="three_districts",
                    sites=(site("S1", "K1", 0.0, cap=20), site("S2", "K2", 1.0),
                           site("S3", "K3", 2.0)),
                    areas=(area("A1", "K1", 0.0, first=100), area("A2", "K2", 1.0, first=100),
                           area("A3", "K3", 2.0, first=300)))


def travel() -> Instance:
    """Area A (district K1) next to site S1 (capacity 30) and 0.1 degree from S2 (K2).

    A has 50 first-time waiting; B in K2 has 10 at S2. With 100 blanks and no travel
    limit: everyone is served. 30 of A print at S1 (0 km), 20 at S2 (14.455 km each,
    289.1 resident-km); B prints at S2 (0 km). Total resident-km 289.1.
    With max_travel_km 10, S2 is out of A's reach: A gets only 30.
    """
    return Instance(name="travel",
                    sites=(site("S1", "K1", 0.0, cap=30), site("S2", "K2", 0.1, cap=100)),
                    areas=(area("A", "K1", 0.0, first=50), area("B", "K2", 0.1, first=10)))


def stocked() -> Instance:
    """Site S already holds 30 blanks; its capacity 50, its area 80 waiting.

    With 100 blanks shipped to the city: S prints 50, needs only 20 more; the
    other 80 stay at the central office; nothing is stranded.
    """
    return Instance(name="stocked", sites=(site("S", "K", cap=50, stock=30),),
                    areas=(area("A", "K", first=80),))


def storage() -> Instance:
    """Site S may hold 40 blanks and already has 10; capacity 100, 100 waiting.

    Whatever the shipment, S receives at most 30 and prints 40.
    """
    return Instance(name="storage", sites=(site("S", "K", cap=100, stock=10, storage_cap=40),),
                    areas=(area("A", "K", first=100),))


def lots() -> Instance:
    """Two districts 145 km apart, sites of capacity 100 each, 60 and 45 waiting.

    With max_travel_km 50 each district prints at home only.
    110 blanks in lots of 25, so at most 4 lots: without lots all 105 print.
    Lots (n1, n2) print min(60, 25 n1) + min(45, 25 n2): (2, 2) gives 50 + 45 = 95,
    (3, 1) 85, (1, 3) 70. So 95 cards, 10 lost to the lots; S2 receives 50 for 45
    cards (5 stranded, the rounding of its last lot) and 10 blanks stay central.
    """
    return Instance(name="lots", sites=(site("S1", "K1", 0.0), site("S2", "K2", 1.0)),
                    areas=(area("A1", "K1", 0.0, first=60), area("A2", "K2", 1.0, first=45)))


def judged() -> Instance:
    """Two districts 0.1 degree apart, for hand-broken plans (tests/engine/test_evaluate.py).

    S1 (K1, lon 0): capacity 50, 10 blanks in stock, storage cap 70.
    S2 (K2, lon 0.1): capacity 100, no stock, no cap.
    A1 (K1, lon 0): 60 first-time waiting. A2 (K2, lon 0.1): 10 first-time, 5 replacement.
    A1 to S2, and A2 to S1: 6371.0088 km x 0.1 x pi / 180 = 11.1195 km great circle,
    x 1.3 (road factor) = 14.45536 km, reported to the metre: 14.455 km.
    With 100 blanks and a reserve of 10 (90 may leave), one valid plan (`VALID_PLAN`):
    S1 receives 40 (holds 50 <= 70), prints 50 for A1; S2 receives 25, prints 10 for A1
    at 14.455 km and 10 + 5 for A2 at 0 km.
    """
    return Instance(name="judged",
                    sites=(site("S1", "K1", 0.0, cap=50, stock=10, storage_cap=70),
                           site("S2", "K2", 0.1, cap=100)),
                    areas=(area("A1", "K1", 0.0, first=60), area("A2", "K2", 0.1, first=10,
                                                                 repl=5)))
