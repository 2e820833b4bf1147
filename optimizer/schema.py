"""The public contract: instances, shipments, policies and plans (see model.md).

Every model is frozen and validated when built. Counts are strict integers (a
fraction of a card, a boolean or a string is rejected, not coerced), numbers are
finite, ids are unique and every reference is known. Validation errors carry the
path of the offending value (``areas[12].backlog.first_time``) so that the CLI,
the loaders and the HTTP layer can all name the field and the row.

No `from __future__ import annotations`: pydantic would compile and evaluate each of
the ~110 field annotations from its string when the classes are made (~10 ms of every
`blanko plan`'s start-up); written as objects, the models are the same
(tests/test_startup.py compares their schemas with those of the annotations as strings).
"""

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from itertools import repeat
from operator import attrgetter, eq
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

DEFAULT_TIERS: tuple[str, ...] = ("first_time", "replacement")

# model.md "Limits": counts are whole numbers up to 10^12; larger is invalid, never capped.
MAX_COUNT = 10**12
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
PositiveCount = Annotated[int, Field(strict=True, ge=1, le=MAX_COUNT)]
# A figure of a plan read back (an edited plan for evaluate): 0..10^12 as every count
# (docs/spreadsheets.md), so that no sum overflows; a negative one is refused at its
# pointer (422), as 2.5 and 10^13 are, never judged as a plan (evaluate's `negative`
# violation remains for a plan built in code without validation).
PlanCount = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
# No spaces, commas, semicolons or control characters (C0, DEL, C1) in an id; no control
# characters in a name.
Id = Annotated[str, Field(strict=True, min_length=1, max_length=64,
                          pattern=r"^[^\s,;\x00-\x1f\x7f-\x9f]+$")]
Name = Annotated[str, Field(strict=True, max_length=200, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")]
# The plan store's own text: a plan's label (and shipment reference) as a name, never
# empty; a note of its history may hold tabs and line breaks (a paragraph), no other
# control character (NUL, which PostgreSQL's text refuses; ESC, which a terminal runs).
NO_CONTROL = r"^[^\x00-\x1f\x7f-\x9f]+$"
NOTE_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
StoreLabel = Annotated[str, Field(strict=True, min_length=1, max_length=200, pattern=NO_CONTROL)]
StoreNote = Annotated[str, Field(strict=True, max_length=2000, pattern=NOTE_TEXT)]
# Numbers are strict: a boolean or a numeric string is refused, an integer is accepted.
Latitude = Annotated[float, Field(strict=True, ge=-90.0, le=90.0)]
Longitude = Annotated[float, Field(strict=True, ge=-180.0, le=180.0)]
TierName = Annotated[
    str, Field(strict=True, min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
]


class _Frozen(BaseModel):
    # defer_build: a model's validator is built when it first validates, not at import;
    # `blanko plan` reads its CSVs without them (io/fastrows.py), which saves ~150 ms CPU
    # of a 0.9 s process (7 runs of `blanko plan --dataset palembang --json F` under load
    # 3-5: least CPU 0.898 -> 0.744 s).
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False,
                              defer_build=True)


class District(_Frozen):
    """A kecamatan: the unit in which fairness is judged and reported."""

    district_id: Id = Field(description="Kecamatan id: 1-64 characters without spaces, commas "
                                        "or semicolons; unique.")
    name: Name = Field("", description="Display name, at most 200 characters.")


class Site(_Frozen):
    """A printing office."""

    site_id: Id = Field(description="Office id: 1-64 characters without spaces, commas or "
                                    "semicolons; unique.")
    name: Name = Field("", description="Display name, at most 200 characters.")
    district_id: Id = Field(description="The kecamatan the office is in.")
    lat: Latitude = Field(description="Latitude, degrees (-90 to 90).")
    lon: Longitude = Field(description="Longitude, degrees (-180 to 180).")
    # Bounds well above any real office (a six-printer office prints ~1,500 a day).
    printers: Annotated[int, Field(strict=True, ge=0, le=1000)] = Field(
        description="Working card printers (0-1000).")
    cards_per_printer_day: Annotated[int, Field(strict=True, ge=0, le=100_000)] = Field(
        description="Cards one printer prints in a working day (0-100,000).")
    working_days: Annotated[int, Field(strict=True, ge=0, le=366)] = Field(
        description="Working days until the next shipment is expected: the horizon (0-366).")
    stock: Count = Field(0, description="Blanks already at the office (0-10^12).")
    storage_cap: Count | None = Field(
        None, description="Most blanks the office may hold, stock included (0-10^12); "
                          "null: no cap.")

    @property
    def capacity(self) -> int:
        """Cards the site can print before the next shipment is expected."""
        return self.printers * self.cards_per_printer_day * self.working_days


class Area(_Frozen):
    """Where residents live (a kelurahan), with its backlog per demand tier."""

    area_id: Id = Field(description="Kelurahan id: 1-64 characters without spaces, commas or "
                                    "semicolons; unique.")
    name: Name = Field("", description="Display name, at most 200 characters.")
    district_id: Id = Field(description="The kecamatan the area is in.")
    lat: Latitude = Field(description="Latitude, degrees (-90 to 90).")
    lon: Longitude = Field(description="Longitude, degrees (-180 to 180).")
    population: Count = Field(0, description="Residents (wajib KTP), 0-10^12; only the "
                                             "`population` baseline reads it.")
    backlog: dict[TierName, Count] = Field(
        description="Residents waiting for a card, per tier (every tier of the instance, "
                    "0-10^12 each).")


class Distance(_Frozen):
    """A measured distance, overriding the one computed from coordinates."""

    area_id: Id = Field(description="The area (an area_id of the instance).")
    site_id: Id = Field(description="The office (a site_id of the instance).")
    km: Annotated[float, Field(strict=True, ge=0.0, le=20_000.0)] = Field(
        description="Measured travel distance, km (0-20,000), used as is (no road factor).")


class Instance(_Frozen):
    """A city (or province, or country) to plan for: offices, residents, distances."""

    name: Name = Field("instance", description="Display name, at most 200 characters.")
    tiers: tuple[TierName, ...] = Field(
        DEFAULT_TIERS, description="Demand tiers, highest priority first: unique lowercase "
                                   "names of 1-40 characters.")
    districts: tuple[District, ...] = Field(
        (), description="The kecamatan; when empty, those the areas name.")
    sites: tuple[Site, ...] = Field(description="The printing offices (at least one).")
    areas: tuple[Area, ...] = Field(description="Where residents live (at least one).")
    distances: tuple[Distance, ...] = Field(
        (), description="Measured distances overriding computed ones; each pair at most once.")

    @model_validator(mode="wrap")
    @classmethod
    def _derive_districts(cls, data: Any, handler: Callable[[Any], Any]) -> Any:
        # Without a district table the districts are those the areas name.
        derived = False
        if isinstance(data, dict) and not data.get("districts"):
            areas = data.get("areas")
            if isinstance(areas, list | tuple):
                # Only well-formed ids: anything else is reported by the area's own check.
                named = [a.get("district_id") for a in areas if isinstance(a, dict)]
                named += [a.district_id for a in areas if isinstance(a, Area)]
                ids = sorted({d for d in named if isinstance(d, str)})
                data = {**data, "districts": [{"district_id": d} for d in ids if d]}
                derived = True
        # The references are checked here, within the flag (an "after" validator would
        # run outside this one): a derived district's faults are said where it was
        # written, at the areas, as the body has no `districts` to point into.
        token = _DERIVED_DISTRICTS.set(derived)
        try:
            instance: Instance = handler(data)
            return instance._check_references()
        finally:
            _DERIVED_DISTRICTS.reset(token)

    def _check_references(self) -> "Instance":
        errors: list[InitErrorDetails] = []
        if len(set(self.tiers)) != len(self.tiers) or not self.tiers:
            errors.append(_error("tiers", "tier names must be unique and non-empty", ("tiers",),
                                 list(self.tiers)))
        errors += [_error("empty", "must not be empty", (field,), [])
                   for field in ("sites", "areas") if not getattr(self, field)]
        # (each column read by a C-level map: ~90,000 rows on a national instance)
        district_id = attrgetter("district_id")
        derived = _DERIVED_DISTRICTS.get()
        twice = _duplicates("districts", "district_id", list(map(district_id, self.districts)))
        if twice and derived:
            # Districts the areas name ('D1' in one row, 'd1' in another, no district
            # table): said at the area that names the later one, not at a `districts`
            # row the body does not have (tester qa10b: /instance/districts/2).
            twice = _named_two_ways(self.areas)
        errors += twice
        errors += _duplicates("sites", "site_id", list(map(attrgetter("site_id"), self.sites)))
        errors += _duplicates("areas", "area_id", list(map(attrgetter("area_id"), self.areas)))
        known = set(map(district_id, self.districts))
        named = set(map(district_id, self.sites)) | set(map(district_id, self.areas))
        if not named <= known:  # (a national instance: no row loop when all are known)
            placed = [("sites", i, s.district_id) for i, s in enumerate(self.sites)]
            placed += [("areas", i, a.district_id) for i, a in enumerate(self.areas)]
            alike, table = ((_Lookalikes(self.areas, "district_id"), "areas") if derived
                            else (_Lookalikes(self.districts, "district_id"), "districts"))
            for field, i, district in placed:
                if district not in known:
                    errors.append(alike.error("district", table, district,
                                              (field, i, "district_id")))
        tiers = set(self.tiers)
        backlogs = map(attrgetter("backlog"), self.areas)
        every = all(map(eq, map(dict.keys, backlogs), repeat(tiers)))
        for i, area in enumerate(() if every else self.areas):
            if area.backlog.keys() == tiers:
                continue  # every tier, no other (the usual case)
            for tier in sorted(tiers - area.backlog.keys()):
                errors.append(_error("missing_tier", f"backlog for tier '{tier}' is missing",
                                     ("areas", i, "backlog", tier), None))
            for tier in sorted(area.backlog.keys() - tiers):
                errors.append(_error("unknown_tier",
                                     f"tier '{tier}' is not one of {list(self.tiers)}",
                                     ("areas", i, "backlog", tier), area.backlog[tier]))
        errors += self._check_distance_refs()
        if errors:
            raise ValidationError.from_exception_data("Instance", errors)
        return self

    def _check_distance_refs(self) -> list[InitErrorDetails]:
        errors: list[InitErrorDetails] = []
        if not self.distances:
            return errors
        area_ids = set(map(attrgetter("area_id"), self.areas))
        site_ids = set(map(attrgetter("site_id"), self.sites))
        # The valid case in C-level passes (every id known, no pair twice): Palembang's
        # 2,033 rows took ~2 ms in the loop below, which then only runs to say what is
        # wrong, and where.
        distance_areas = list(map(attrgetter("area_id"), self.distances))
        distance_sites = list(map(attrgetter("site_id"), self.distances))
        pairs = set(zip(distance_areas, distance_sites, strict=True))
        if area_ids.issuperset(distance_areas) and site_ids.issuperset(distance_sites) \
                and len(pairs) == len(self.distances):
            return errors
        areas, sites = _Lookalikes(self.areas, "area_id"), _Lookalikes(self.sites, "site_id")
        seen: dict[tuple[str, str], int] = {}
        for i, d in enumerate(self.distances):
            if d.area_id not in area_ids:
                errors.append(areas.error("area", "areas", d.area_id,
                                          ("distances", i, "area_id")))
            if d.site_id not in site_ids:
                errors.append(sites.error("site", "sites", d.site_id,
                                          ("distances", i, "site_id")))
            first = seen.setdefault((d.area_id, d.site_id), i)
            if first != i:
                errors.append(_error("duplicate_pair", f"this area and site are listed twice "
                                                       f"(first at distances[{first}])",
                                     ("distances", i), [d.area_id, d.site_id]))
        return errors

    @property
    def district_ids(self) -> tuple[str, ...]:
        return tuple(d.district_id for d in self.districts)


class Shipment(_Frozen):
    """The blanks arriving at the central office now."""

    blanks: Count = Field(description="Blanks arriving at the central office now, the reserve "
                                      "included (0-10^12).")


class Policy(_Frozen):
    """How to plan: the limits a planner chooses (see model.md)."""

    max_travel_km: Annotated[float, Field(strict=True, gt=0.0, le=1000.0)] | None = Field(
        None, description="Most km a resident may travel to an office in another district "
                          "(0 < km <= 1000); offices in the own district are always allowed. "
                          "null: no limit.")
    road_factor: Annotated[float, Field(strict=True, ge=1.0, le=3.0)] = Field(
        1.3, description="Road km per great-circle km for computed distances (1.0-3.0).")
    reserve: Count = Field(0, description="Blanks kept at the central office (0-10^12, at most "
                                          "the shipment).")
    lot_size: PositiveCount = Field(1, description="Blanks per lot: every shipment is whole "
                                                   "lots (1-10^12; 1: any number).")
    equity: Annotated[bool, Field(strict=True)] = Field(
        True, description="Balance coverage between districts (stage S2); false skips it.")
    time_limit_s: Annotated[float, Field(strict=True, gt=0.0, le=3600.0)] = Field(
        10.0, description="Work budget in seconds of a busy two-core machine (0 < s <= 3600), "
                          "spent as deterministic work: 1,000 rounds of equity filling per "
                          "second and a fifth of it as CP-SAT deterministic time for lots, so "
                          "the same input gives the same plan under any load; a plan cut "
                          "short is `feasible`.")
    marginals: Annotated[bool, Field(strict=True)] = Field(
        True, description="Compute each office's marginal values (one more printer-day, 100 "
                          "more blanks, one more card of capacity, one more blank).")
    pinned_shipments: dict[Id, Count] = Field(
        default_factory=dict,
        description="Shipments a planner fixes: site_id -> blanks (whole blanks, >= 0). The "
                    "other sites share what is left of the shipment and every stage plans "
                    "the rest (model.md, 'Evaluating a planner's own shipments').")


# --------------------------------------------------------------------------- plans

Status = Literal["optimal", "feasible", "infeasible"]
Binding = Literal["capacity", "supply", "backlog", "storage", "lot_size", "allocation"]
UnmetReason = Literal["none", "supply", "capacity", "storage", "lot_size", "reach", "allocation",
                      "equity_time_limit"]


class Message(_Frozen):
    """A warning or explanation; `code` and `params` are stable, `text` is for people.

    The library writes `text` in English; `optimizer.i18n.render` gives it in Bahasa
    Indonesia from `code` and `params` (the API's Accept-Language, the CLI's --lang).
    """

    code: str = Field(description="Stable machine code in UPPER_SNAKE_CASE, e.g. "
                                  "BLANKS_KEPT_CENTRAL or EQUITY_TIME_LIMIT.")
    level: Literal["info", "warning", "error"] = Field(
        "info", description="info: an explanation; warning: the planner should look; error: "
                            "no plan (status infeasible).")
    params: dict[str, str | int | float | None] = Field(
        default_factory=dict, description="The figures the text quotes, by stable name "
                                          "(counts in cards or blanks, distances in km, "
                                          "times in seconds).")
    text: str = Field(description="The explanation for people: English, or Bahasa Indonesia "
                                  "when asked for (Accept-Language: id).")


class SolverInfo(_Frozen):
    """Who made the plan and how long it took."""

    name: str = Field(description="`ortools-network` for the engine, `baseline:<policy>` for a "
                                  "baseline policy.")
    version: str = Field(description="Version of the solver library or of blanko.")
    seconds: float = Field(description="Wall-clock seconds spent planning (>= 0, "
                                       "microseconds).")
    time_limit_s: float = Field(description="The time limit the plan was made under, seconds "
                                            "(0 < s <= 3600).")


class LotCost(_Frozen):
    """What whole lots cost against the same plan without lots (model.md "Lot sizes")."""

    cards_by_tier: dict[str, int] = Field(
        description="Cards per tier the lot-free plan prints minus the lot plan's (cards).")
    coverage_min_by_tier: dict[str, float | None] = Field(
        description="The lot-free plan's minimum district coverage per tier minus the lot "
                    "plan's (a share, -1 to 1, 6 decimals); null for a tier nobody waits in.")
    resident_km: float = Field(
        description="The lot plan's resident-km minus the lot-free plan's (km, to the metre).")


class Kpis(_Frozen):
    """The plan's headline figures, recomputable from its lines (see `evaluate`)."""

    cards_by_tier: dict[str, int] = Field(
        description="Cards printed per tier (>= 0), keyed by tier name.")
    coverage_min_by_tier: dict[str, float | None] = Field(
        description="Per tier, the lowest district coverage served / backlog (a 0-1 ratio, "
                    "6 decimals) over the districts with backlog; null when nobody waits.")
    coverage_max_by_tier: dict[str, float | None] = Field(
        description="Per tier, the highest district coverage (a 0-1 ratio, 6 decimals); "
                    "null when nobody waits.")
    resident_km_total: float = Field(
        description="Sum over cards of the resident's km to the office, in resident-km "
                    "(>= 0, 3 decimals).")
    resident_km_mean: float = Field(
        description="resident_km_total / cards printed, km (>= 0, 6 decimals; 0 without "
                    "cards).")
    max_km: float = Field(description="The longest trip of a resident served, km (>= 0, to "
                                      "the metre).")
    blanks_shipped: int = Field(description="Blanks sent from the central office to the "
                                            "offices (0 to blanks - reserve).")
    blanks_kept_central: int = Field(
        description="Blanks that stay at the central office: blanks - blanks_shipped (>= "
                    "reserve in a valid plan; never below 0: an evaluated plan that ships "
                    "more than the shipment keeps 0, and its over_supply violation gives "
                    "the figures).")
    blanks_stranded: int = Field(
        description="Shipped blanks the offices will not print in the horizon: the sum over "
                    "offices of clip(stock + shipped - printed, 0, shipped), blanks (>= 0).")
    cards_lost_to_lots: int = Field(
        0, description="Cards the plan without lots would print beyond this one (>= 0; 0 when "
                       "lot_size is 1).")
    lot_cost: LotCost | None = Field(
        default=None, description="With lot_size > 1: what the lots cost, stage by stage.")


class ShipmentLine(_Frozen):
    """Blanks the central office sends to one office."""

    site_id: str = Field(description="The printing office (a site_id of the instance).")
    blanks: PlanCount = Field(description="Blanks shipped (0-10^12; a multiple of lot_size).")


class ServiceLine(_Frozen):
    """Cards printed at one office for the residents of one area in one tier."""

    area_id: str = Field(description="Where the residents live (an area_id of the instance).")
    site_id: str = Field(description="The printing office (a site_id of the instance).")
    tier: str = Field(description="The demand tier (one of the plan's tiers).")
    cards: PlanCount = Field(description="Cards printed (1-10^12; lines without cards are "
                                         "left out; 0 is accepted in a plan read back).")
    km: float = Field(description="Area to office, km (>= 0, to the metre): the distance "
                                  "table's, else great-circle km x road_factor.")


class DistrictFigures(_Frozen):
    """A district's backlog and cards in one tier (what evaluate recomputes)."""

    district_id: str = Field(description="The kecamatan (a district_id of the instance).")
    tier: str = Field(description="The demand tier.")
    backlog: int = Field(description="Residents of the district waiting in the tier (>= 0).")
    served: int = Field(description="Cards printed for them at any office (0 to backlog).")
    coverage: float | None = Field(description="served / backlog (a 0-1 ratio, 6 decimals); "
                                               "null when backlog is 0.")
    unmet: int = Field(description="Residents still waiting: backlog - served (>= 0).")


class DistrictLine(DistrictFigures):
    """The figures with the solver's explanation of why residents still wait."""

    unmet_reason: UnmetReason = Field(
        description="Why residents still wait (docs/model.md, 'What limits an office and why "
                    "residents wait'): none (nobody does); reach (no office that can print is "
                    "in their kecamatan or within the travel limit); allocation (the plan "
                    "could still serve one of them with the blanks it has or keeps central: "
                    "pinned shipments, a baseline's rule, lots a time limit cut short); "
                    "capacity (one more card of printer capacity at an office would serve "
                    "one more of them, nobody losing theirs); storage (room for one more "
                    "blank, or lot, under an office's storage cap would); lot_size (a smaller "
                    "lot would: the blanks left central are fewer than a lot); supply (one "
                    "more blank in the shipment would); when no single unit would, the first "
                    "of capacity, storage, lot_size, supply that closes every way to them; "
                    "equity_time_limit (reserved, not given today: the EQUITY_TIME_LIMIT "
                    "message says when the time limit cut the equity stage).")


class AreaLine(_Frozen):
    """One area's (kelurahan's) backlog and cards in one tier: level 2b equity, shown."""

    area_id: str = Field(description="The area (kelurahan).")
    district_id: str = Field(description="Its district (kecamatan).")
    tier: str = Field(description="The demand tier.")
    backlog: int = Field(ge=0, description="Residents waiting in this tier (cards).")
    served: int = Field(ge=0, description="Cards printed for them at any site (cards).")
    coverage: float | None = Field(
        description="served / backlog, 0 to 1 rounded to 6 decimals; null without backlog.")


class SiteLine(_Frozen):
    """One printing office: what it receives, prints, and what one more unit is worth."""

    site_id: str = Field(description="The printing office (a site_id of the instance).")
    district_id: str = Field(description="The kecamatan the office is in.")
    capacity: int = Field(description="Cards it can print in the horizon: printers x "
                                      "cards_per_printer_day x working_days (>= 0).")
    stock: int = Field(description="Blanks it held before the shipment (>= 0).")
    blanks: int = Field(description="Blanks shipped to it (>= 0), as in `shipments`.")
    printed: int = Field(description="Cards it prints (0 to min(capacity, stock + blanks)).")
    binding: Binding = Field(
        description="What stops it printing more (docs/model.md, 'What limits an office and "
                    "why residents wait'), the first that holds: capacity (its printers are "
                    "full); backlog (one more blank and printer here would print no more "
                    "card: nobody it may serve waits, nor can it take over residents of "
                    "another office that would then serve someone waiting); allocation (it "
                    "has, or the central office could send it, a blank it would print: the "
                    "plan's own choice, e.g. a pin); storage (one more blank, or lot, would "
                    "break its storage cap); supply (no blank is left at the central office "
                    "beyond the reserve); lot_size (fewer blanks are left central than a "
                    "lot).")
    marginal_cards_per_printer_day: int | None = Field(
        description="Cards all tiers together would gain from one more printer-day here "
                    "(>= 0, exact); null when not computed (marginals off, baselines).")
    marginal_cards_per_100_blanks: int | None = Field(
        description="Cards gained from 100 more blanks in this office's stock (0-100); null "
                    "when not computed.")
    km_saved_per_card_capacity: float | None = Field(
        default=None, ge=0.0,
        description="Resident-km saved per extra card of printing capacity at this site, "
                    "every tier total and equity share held (the travel stage's one-sided "
                    "shadow price, km per card, >= 0); null when marginals are off.")
    km_saved_per_blank: float | None = Field(
        default=None, ge=0.0,
        description="Resident-km saved per extra blank on hand at this site, every tier "
                    "total and equity share held (one-sided shadow price, km per blank, "
                    ">= 0); null when marginals are off.")


class PlanCost(_Frozen):
    """What a plan gives up against the optimal plan for the same input (>= 0 = worse)."""

    cards_by_tier: dict[str, int] = Field(
        description="Cards the optimal plan prints per tier minus this plan's (cards).")
    coverage_min_by_tier: dict[str, float | None] = Field(
        description="The optimal plan's minimum district coverage per tier minus this "
                    "plan's (a share, -1 to 1, 6 decimals); null for a tier nobody waits in.")
    resident_km: float = Field(
        description="This plan's resident-km minus the optimal plan's (km, to the metre).")
    blanks_stranded: int = Field(
        description="Blanks this plan ships beyond what sites print, minus the optimal "
                    "plan's (blanks).")


class Plan(_Frozen):
    """An allocation plan: the JSON contract shared by the CLI, the API and evaluate."""

    status: Status = Field(
        description="optimal: every stage of docs/model.md finished; feasible: valid, but the "
                    "time limit cut a stage short (or a baseline policy planned); infeasible: "
                    "a hard constraint cannot hold (the error message says which).")
    input_sha256: str = Field(description="SHA-256 of the normalized input (instance, shipment, "
                                          "policy), 64 lowercase hex digits.")
    solver: SolverInfo = Field(description="Who planned, and how long it took.")
    tiers: tuple[str, ...] = Field(description="The demand tiers, highest priority first.")
    kpis: Kpis = Field(description="Headline figures of the plan.")
    shipments: tuple[ShipmentLine, ...] = Field(
        description="One line per office, by site_id (empty when infeasible).")
    service: tuple[ServiceLine, ...] = Field(
        description="One line per area, office and tier with cards printed (>= 1 card).")
    districts: tuple[DistrictLine, ...] = Field(
        description="One line per district and tier, by district_id then tier priority.")
    sites: tuple[SiteLine, ...] = Field(description="One line per office, by site_id.")
    messages: tuple[Message, ...] = Field(description="Warnings and explanations, in a fixed "
                                                      "order.")
    areas: tuple[AreaLine, ...] = Field(
        default=(), description="Per area and tier: backlog, cards and coverage, sorted by "
                                "area_id then tier order.")


# --------------------------------------------------------------------------- errors


class InvalidInput(ValueError):
    """Bad input, with every problem located (a field path, or a file, row and column)."""

    def __init__(self, problems: Sequence["Problem"]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problem(_Frozen):
    """One invalid value: where it is and what is wrong with it."""

    location: str
    message: str
    pointer: str = ""
    fix: str = Field("", description="What to change so that the input is accepted "
                                     "(empty when the message says it).")

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def format_location(loc: Iterable[str | int]) -> str:
    """('areas', 12, 'backlog', 'first_time') -> 'areas[12].backlog.first_time'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(input)"


def json_pointer(loc: Iterable[str | int]) -> str:
    """('areas', 12, 'backlog') -> '/areas/12/backlog' (RFC 6901)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def problems_from(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    """Turn pydantic's errors into located, plain-language problems."""
    problems = []
    for e in error.errors(include_url=False):
        loc = prefix + tuple(p for p in e["loc"] if not _is_union_tag(p))
        problems.append(Problem(location=format_location(loc), message=_explain(e),
                                pointer=json_pointer(loc)))
    return problems


def _is_union_tag(part: str | int) -> bool:
    # pydantic names the branch of an `X | None` it tried; users do not need it.
    return isinstance(part, str) and (part in {"function-after[...]", "none"} or "[" in part)


def _explain(e: Any) -> str:
    kind, ctx, value = e["type"], e.get("ctx") or {}, e.get("input")
    shown = _show(value)
    texts = {
        "greater_than_equal": f"must be >= {_bound(ctx.get('ge'))}, got {shown}",
        "greater_than": f"must be > {_bound(ctx.get('gt'))}, got {shown}",
        "less_than_equal": f"must be <= {_bound(ctx.get('le'))}, got {shown}",
        "less_than": f"must be < {_bound(ctx.get('lt'))}, got {shown}",
        "int_type": f"must be a whole number, got {shown}",
        "int_from_float": f"must be a whole number, got {shown}",
        "int_parsing": f"must be a whole number, got {shown}",
        "float_type": f"must be a number, got {shown}",
        "float_parsing": f"must be a number, got {shown}",
        "finite_number": f"must be a finite number, got {shown}",
        "string_type": f"must be text, got {shown}",
        # A "\ud800" escape alone (a client's string cut in the middle of an emoji's
        # pair): pydantic's "unable to parse raw data as a unicode string" said nothing
        # a client could act on (tester qa10b).
        "string_unicode": "holds half of a \\u escape pair (a surrogate such as \\ud800 "
                          "without its other half), which is no character; send the "
                          "character itself in UTF-8, or both halves of its pair",
        "bool_type": f"must be true or false, got {shown}",
        "missing": "is required",
        "extra_forbidden": "is not a known field",
        "string_pattern_mismatch": _pattern_text(ctx.get("pattern", ""), shown),
        "string_too_short": f"must not be empty, got {shown}",
        "too_short": "must not be empty",
    }
    if kind in QUOTED_KINDS and quoted_number(value):
        return f"must be a number, not text in quotes, got {shown}"
    shape = container_shape(e)
    if shape is not None:
        template, values = shape
        return _fill_shape(SHAPES[template], values)
    whole = written_whole(kind, value)
    if whole is not None:  # 3000.0 or 3e3 where a count belongs: what to write
        return f"must be a whole number, got {shown}; write {whole}"
    return texts.get(kind, str(e["msg"]))


# --------------------------------------------------------------------------- shapes

# A list or an object where the other (or a value) was sent: the shape the field takes,
# in words a client's developer reads. pydantic's own sentences ("Input should be a valid
# tuple", "... instance of PolicyChoice") named Python types (tester qa9).
LIST_KINDS = frozenset({"list_type", "tuple_type", "set_type", "frozen_set_type",
                        "iterable_type"})
OBJECT_KINDS = frozenset({"dict_type", "model_type", "model_attributes_type", "dataclass_type",
                          "is_instance_of"})
SHAPES: dict[str, str] = {
    "list_of": "must be a list of {fields} objects",
    "object_of": "must be an object of {key}: {holds} pairs, e.g. {example}",
    "object_with": "must be an object with {required} (and optionally {optional})",
    "object_with_all": "must be an object with {fields}",
    "list": "must be a list",
    "object": "must be a JSON object",
}
# The objects whose keys are ids or tiers: (key, what each value is, an example).
_OBJECTS_OF: dict[str, tuple[str, str, str]] = {
    "pinned_shipments": ("site_id", "blanks", '{"KEC-01": 3000}'),
    "backlog": ("tier", "residents waiting", '{"first_time": 1200, "replacement": 300}'),
    "cards_by_tier": ("tier", "cards", '{"first_time": 1200}'),
    "coverage_min_by_tier": ("tier", "a share 0-1", '{"first_time": 0.25}'),
    "coverage_max_by_tier": ("tier", "a share 0-1", '{"first_time": 0.25}'),
}
_OBJECTS_IN: dict[tuple[str, str], tuple[str, str, str]] = {
    ("overrides", "sites"): ("site_id", "site changes", '{"KEC-01": {"printers": 2}}'),
    ("overrides", "areas"): ("area_id", "area changes",
                             '{"KEL-01": {"backlog": {"first_time": 500}}}'),
}
# Words of the shapes that are not field names (translated with the sentence).
SHAPE_WORDS = ("blanks", "residents waiting", "cards", "a share 0-1", "site changes",
               "area changes")


def container_shape(e: Any) -> tuple[str, dict[str, str]] | None:
    """(a SHAPES key, its values) for an error of a list or object sent in the wrong shape,
    else None: the items' fields of a list of objects, the keys and values of an object of
    ids or tiers, the fields of an object (required first)."""
    kind, ctx = e["type"], e.get("ctx") or {}
    loc = tuple(p for p in e.get("loc", ()) if not _is_union_tag(p))
    names = [p for p in loc if isinstance(p, str)]
    field = names[-1] if names and not isinstance(loc[-1], int) else None
    if kind in LIST_KINDS:
        item = _item_model(field, names) if field else None
        if item is None:
            return "list", {}
        return "list_of", {"fields": "{" + ", ".join(_fields(item)[0]) + "}"}
    if kind not in OBJECT_KINDS:
        return None
    parent = names[-2] if len(names) > 1 else ""
    pairs = _OBJECTS_IN.get((parent, field or "")) or _OBJECTS_OF.get(field or "")
    if pairs is not None and kind == "dict_type":
        return "object_of", dict(zip(("key", "holds", "example"), pairs, strict=True))
    model = _model_named(str(ctx.get("class_name", ""))) if "class_name" in ctx else None
    if model is None and kind != "dict_type" and field:
        model = _field_model(field, names)
    if model is None:
        return "object", {}
    required, optional = _fields(model)
    if not optional:
        return "object_with_all", {"fields": ", ".join(required)}
    if not required:
        return "object_with_all", {"fields": ", ".join(optional)}
    return "object_with", {"required": ", ".join(required), "optional": ", ".join(optional)}


def _fill_shape(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _models() -> list[type[BaseModel]]:
    """Every pydantic model of the contract: the schema's and the service's requests (not
    the studies' outputs, whose fields share names: Horizon.shipments)."""
    out: list[type[BaseModel]] = []
    todo = list(BaseModel.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__ == __name__ or cls.__module__.startswith("api."):
            out.append(cls)
    return sorted(out, key=lambda c: (c.__module__ != __name__, c.__module__, c.__name__))


def _model_named(name: str) -> type[BaseModel] | None:
    return next((c for c in _models() if c.__name__ == name), None)


def _model_of(annotation: Any, listed: bool) -> type[BaseModel] | None:
    """The model of `annotation` (tuple[X, ...], list[X], X | None), else None."""
    import typing

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (tuple, list) and args:
        return _model_of(args[0], False) if listed else None
    if args and origin is not dict:  # X | None, Annotated[X, ...]
        found = [m for m in (_model_of(a, listed) for a in args) if m is not None]
        return found[0] if found else None
    if not listed and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _owner_field(field: str, names: list[str], listed: bool) -> type[BaseModel] | None:
    """The model behind `field`: the plan's when the location is inside a plan, else the
    instance's, else the one every contract model with such a field agrees on."""
    owners: list[type[BaseModel]] = [Plan] if "plan" in names[:-1] else []
    owners.append(Instance)
    for owner in owners:
        info = owner.model_fields.get(field)
        if info is not None:
            return _model_of(info.annotation, listed)
    # Elsewhere only when every model with such a field agrees (ReplayRequest.policies is
    # a list of names, ComparisonRequest.policies of objects: neither is said).
    # (Plan.shipments and EvaluateRequest.shipments: two models, the same fields.)
    found = [_model_of(m.model_fields[field].annotation, listed) for m in _models()
             if field in m.model_fields]
    shapes = {None if m is None else _fields(m) for m in found}
    return found[0] if len(shapes) == 1 else None


def _item_model(field: str, names: list[str]) -> type[BaseModel] | None:
    return _owner_field(field, names, True)


def _field_model(field: str, names: list[str]) -> type[BaseModel] | None:
    return _owner_field(field, names, False)


def _fields(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) field names of `model`, in its order."""
    required = tuple(n for n, f in model.model_fields.items() if f.is_required())
    optional = tuple(n for n, f in model.model_fields.items() if not f.is_required())
    return required, optional


def written_whole(kind: str, value: Any) -> int | None:
    """A whole number sent as a decimal (3000.0, 3e3) where a count belongs: the count
    (3000), else None."""
    if kind not in {"int_type", "int_from_float"} or not isinstance(value, float):
        return None
    return int(value) if math.isfinite(value) and value.is_integer() else None


# A JSON number sent as a string ("blanks": "40000"): the strict schema refuses it; its
# sentence says why (the quotes), not that it is no whole number.
QUOTED_KINDS = frozenset({"int_type", "float_type"})


def text_problems(location: str, value: str | None, note: bool = False) -> list[Problem]:
    """A label (or, with `note`, a history note) the plan store would refuse, as the
    schema says it (StoreLabel, StoreNote): the command line's check before any work."""
    if value is None:
        return []
    pattern, limit = (NOTE_TEXT, 2000) if note else (NO_CONTROL, 200)
    if not re.match(pattern, value):
        return [Problem(location=location, message=_pattern_text(pattern, _show(value)))]
    if len(value) > limit:  # pydantic's sentence, as the service says it
        return [Problem(location=location,
                        message=f"String should have at most {limit} characters")]
    return []


def quoted_number(value: Any) -> bool:
    """Whether `value` is text that holds a plain number ('40000', '8.5')."""
    if not isinstance(value, str):
        return False
    try:
        return math.isfinite(float(value.strip()))
    except ValueError:
        return False


def _pattern_text(pattern: str, shown: str) -> str:
    if pattern == NOTE_TEXT:
        return f"must not contain control characters other than tab and line breaks, " \
               f"got {shown}"
    if "\\s" in pattern:
        return f"must not be empty or contain spaces, commas, semicolons or control " \
               f"characters, got {shown}"
    if "x00" in pattern:
        return f"must not contain control characters (tab, line break, ...), got {shown}"
    return f"must match {pattern}, got {shown}"


def _bound(value: Any) -> str:
    """A schema bound as a person reads it: grouped, a whole float without '.0'
    (1,000,000,000,000; 1,000), never 1000000000000."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def _show(value: Any) -> str:
    """A refused value as the input wrote it: text in quotes, JSON's true, false and
    null (never Python's True or None), a long value cut at 60 characters."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return repr(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _error(kind: str, message: str, loc: tuple[str | int, ...], value: Any) -> InitErrorDetails:
    # The text goes in as a parameter so that braces in user ids are not read as a template.
    return InitErrorDetails(type=PydanticCustomError(kind, "{text}", {"text": message}), loc=loc,
                            input=value)


# Characters drawn as a hyphen-minus ('-') in a spreadsheet or a browser: the hyphen
# U+2010, non-breaking hyphen U+2011 (NFKC makes it U+2010), figure dash U+2012, en dash
# U+2013, em dash U+2014, horizontal bar U+2015, minus sign U+2212, small em dash U+FE58
# (the small and full-width hyphen-minus U+FE63, U+FF0D are '-' by NFKC already). Word
# processors and PDFs put them where '-' was typed: 'KEC\u201016.71.01' beside
# 'KEC-16.71.01' is one office (a tester's API instance planned it twice).
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58"
_DASH_FOLD = str.maketrans(dict.fromkeys(DASHES, "-"))


def id_key(value: str) -> str:
    """The id two ids are one by: letter case and invisible characters (zero-width space,
    soft hyphen, byte-order mark: Unicode's format characters) do not count, compatibility
    forms are folded (NFKC: full-width U+FF2B is 'K'), and dashes drawn like '-'
    (`DASHES`: U+2010 hyphen, U+2212 minus, en dash, ...) are '-'. 'S1' and 's1', '1001'
    and '1001\u200b', 'KEC-1' and 'KEC\u20101' are one id: two rows with them are refused
    as duplicates, never read as two places; a reference written one way to an id written
    the other is refused with both shown (`_Lookalikes`). A no-break space folds to a
    space, which no id may hold (the `Id` pattern refuses it first)."""
    folded = unicodedata.normalize("NFKC", value).translate(_DASH_FOLD)
    return "".join(c for c in folded if unicodedata.category(c) != "Cf").casefold()


def similar_id(value: str, known: Iterable[str]) -> str | None:
    """The id of `known` that `value` is but for letter case, invisible characters or the
    form of its characters (`id_key`: 'kec-16.71.01' for 'KEC-16.71.01'), for a "did you
    mean" in the refusal of an unknown id; None when there is none (or `value` itself is
    known). Ids are read exactly as written everywhere (duplicates one but for case are
    refused, a reference one but for case is refused with both shown: `_Lookalikes`), so
    such an id is never read as the other, only named."""
    key = id_key(value)
    for candidate in known:
        if candidate != value and id_key(candidate) == key:
            return candidate
    return None


def unknown_id(what: str, value: str, known: Iterable[str]) -> str:
    """The refusal of a reference to `value`, a `what` ('site', 'area', 'district') that
    `known` does not hold: "unknown site 'kec-16.71.01'", and, when `known` holds it but
    for letter case, invisible characters or the form of its characters (`similar_id`),
    ": did you mean KEC-16.71.01? It differs only in ..." (tester qa5's pin on
    'kec-16.71.01': pins, `site_not_in_instance`, said so; hosts, baselines, stored
    overrides and the service's overrides did not). Never read as that id: only named.
    The id is written with its invisible characters shown (`visible`). A str in English;
    optimizer.i18n.problems has each sentence."""
    same = similar_id(value, known)
    if same is None:
        return f"unknown {what} '{visible(value)}'"
    return (f"unknown {what} '{visible(value)}': did you mean {same}? It differs only in "
            "letter case, invisible characters or the form of its characters")


def visible(value: str) -> str:
    """An id with its invisible characters, and the dashes drawn like '-' (`DASHES`), written
    out: '1001\u200b' -> '1001\\u200b', 'KEC\u20101' -> 'KEC\\u20101'."""
    return "".join(c if c.isprintable() and unicodedata.category(c) != "Cf"
                   and c not in DASHES else f"\\u{ord(c):04x}" for c in value)


def invisible_characters(*values: str) -> list[str]:
    """The invisible characters of `values` (format and other unprintable ones), each once
    as U+XXXX in order: '1001\u200b' -> ['U+200B']."""
    found = dict.fromkeys(f"U+{ord(c):04X}" for value in values for c in value
                          if not c.isprintable() or unicodedata.category(c) == "Cf")
    return list(found)


class _Lookalikes:
    """An id a table does not hold, told apart from one it holds but for invisible
    characters, letter case or compatibility forms (`id_key`): '16.71.01.1001' where
    the areas hold '16.71.01.1001\u200b' (a zero-width space pasted with the id). The
    message shows both as written (`visible`), so that the planner sees which differs
    and how; an id nothing resembles is an `unknown_<what>` as before. The ids are
    folded once, at the first unknown one."""

    def __init__(self, rows: Sequence[Any], field: str) -> None:
        self.rows, self.field = rows, field
        self.folded: dict[str, tuple[str, int]] | None = None

    def error(self, what: str, table: str, value: str,
              loc: tuple[str | int, ...]) -> InitErrorDetails:
        if self.folded is None:
            self.folded = {}
            for index, known in enumerate(map(attrgetter(self.field), self.rows)):
                self.folded.setdefault(id_key(known), (known, index))
        same, index = self.folded.get(id_key(value), (value, -1))
        if same == value:
            return _error(f"unknown_{what}", f"unknown {what} '{visible(value)}'", loc, value)
        chars = invisible_characters(value, same)
        how = (f"differs from it only by invisible characters ({', '.join(chars)})" if chars
               else "differs from it only in letter case or in the form of its characters "
                    "(full-width digits, a dash other than '-')")
        text = (f"unknown {what} '{visible(value)}': the {table} hold '{visible(same)}' at "
                f"{table}[{index}], which {how}")
        return InitErrorDetails(
            type=PydanticCustomError(f"lookalike_{what}", "{text}",
                                     {"text": text, "same": same, "index": index,
                                      "table": table, "invisible": ", ".join(chars)}),
            loc=loc, input=value)


# A Kemendagri region code written with dots (16.71.01.1001) or without (1671011001,
# as SIAK and BPS tables write it): the same region, so the same id for duplicates.
_DOTTED_CODE = re.compile(r"^\d{2}\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?$")
_UNDOTTED_LENGTHS = frozenset({4, 6, 10})


def _code_keys(ids: Sequence[str]) -> list[str] | None:
    """Each id with a Kemendagri code's dots left out, when some code is written without
    dots (else None: ids are compared as written, the usual case)."""
    # (by C-level maps, no generator step per id: ~90,000 ids on a national instance)
    if not any(map(_UNDOTTED_LENGTHS.__contains__, map(len, filter(str.isdigit, ids)))):
        return None
    return [v.replace(".", "") if _DOTTED_CODE.match(v) else v for v in ids]


def _named_two_ways(areas: Sequence["Area"]) -> list[InitErrorDetails]:
    """Kecamatan the areas name in two ways that are one id (`_duplicates`' rule: letter
    case, invisible characters, the form of characters, a Kemendagri code with and without
    its dots), when there is no district table: each at the first area naming the later
    way, with the area naming the first (`district_two_ways`)."""
    first_rows: dict[str, int] = {}
    for i, named in enumerate(map(attrgetter("district_id"), areas)):
        first_rows.setdefault(named, i)
    names, rows = list(first_rows), list(first_rows.values())
    folded = list(map(id_key, names))
    codes = _code_keys(folded)
    keys = folded if codes is None else codes
    first: dict[str, int] = {}
    errors = []
    for n, (value, same) in enumerate(zip(names, keys, strict=True)):
        m = first.setdefault(same, n)
        if m == n:
            continue
        was, where = names[m], f"areas[{rows[m]}]"
        text = (f"kecamatan '{visible(value)}' is written '{visible(was)}' at {where}: ids "
                "that differ only in letter case, invisible characters or the form of their "
                "characters (a dash other than '-') are one id" if folded[n] == folded[m]
                else f"kecamatan '{value}' is the Kemendagri code '{was}' of {where} once the "
                     "dots are left out")
        errors.append(_error("district_two_ways", text, ("areas", rows[n], "district_id"),
                             value))
    return errors


# Whether the Instance being validated had its districts derived from its areas (set
# around one validation by Instance._derive_districts, read by its checks).
_DERIVED_DISTRICTS: ContextVar[bool] = ContextVar("blanko_derived_districts", default=False)


def _duplicates(field: str, key: str, ids: Sequence[str]) -> list[InitErrorDetails]:
    """Rows whose ids are one id: the same, or the same but for letter case and invisible
    characters (`id_key`), or the same Kemendagri code with and without its dots."""
    # ASCII ids (nearly all) fold by lower case alone (id_key on them is str.lower), and
    # when none or all of their letters are capitals, case makes no two of them one.
    joined = "".join(ids)
    if joined.isascii():
        one_case = joined == joined.lower() or joined == joined.upper()
        folded = list(ids) if one_case else list(map(str.lower, ids))
    else:
        folded = list(map(id_key, ids))
    codes = _code_keys(folded)
    keys = folded if codes is None else codes
    if len(set(keys)) == len(keys):
        return []  # no id twice (the usual case: no row loop)
    first: dict[str, int] = {}
    errors = []
    for i, (value, same) in enumerate(zip(ids, keys, strict=True)):
        if same not in first:
            first[same] = i
            continue
        j = first[same]
        was = ids[j]
        if was == value:
            errors.append(_error("duplicate_id", f"duplicate id '{value}' (first at {field}[{j}])",
                                 (field, i, key), value))
        elif folded[i] == folded[j]:
            errors.append(_error(
                "duplicate_id", f"duplicate id '{visible(value)}' (first at {field}[{j}] as "
                f"'{visible(was)}'; ids that differ only in letter case, invisible "
                "characters or the form of their characters (a dash other than '-') are one "
                "id)", (field, i, key), value))
        else:
            errors.append(_error(
                "duplicate_code", f"duplicate id '{value}' (first at {field}[{j}]): the same "
                f"Kemendagri code as '{was}' once the dots are left out", (field, i, key),
                value))
    return errors
