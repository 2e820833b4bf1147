"""The public contract: instances, shipments, policies and plans (see model.md).

Every model is frozen and validated when built. Counts are strict integers (a
fraction of a card, a boolean or a string is rejected, not coerced), numbers are
finite, ids are unique and every reference is known. Validation errors carry the
path of the offending value (``areas[12].backlog.first_time``) so that the CLI,
the loaders and the HTTP layer can all name the field and the row.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
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

Count = Annotated[int, Field(strict=True, ge=0, le=10**9)]
PositiveCount = Annotated[int, Field(strict=True, ge=1, le=10**9)]
Id = Annotated[str, Field(strict=True, min_length=1, max_length=64, pattern=r"^[^\s,;]+$")]
Name = Annotated[str, Field(strict=True, max_length=200)]
Latitude = Annotated[float, Field(ge=-90.0, le=90.0)]
Longitude = Annotated[float, Field(ge=-180.0, le=180.0)]
TierName = Annotated[
    str, Field(strict=True, min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class District(_Frozen):
    """A kecamatan: the unit in which fairness is judged and reported."""

    district_id: Id
    name: Name = ""


class Site(_Frozen):
    """A printing office."""

    site_id: Id
    name: Name = ""
    district_id: Id
    lat: Latitude
    lon: Longitude
    # Bounds well above any real office (a six-printer office prints ~1,500 a day).
    printers: Annotated[int, Field(strict=True, ge=0, le=1000)]
    cards_per_printer_day: Annotated[int, Field(strict=True, ge=0, le=100_000)]
    working_days: Annotated[int, Field(strict=True, ge=0, le=366)]
    stock: Count = 0
    storage_cap: Count | None = None

    @property
    def capacity(self) -> int:
        """Cards the site can print before the next shipment is expected."""
        return self.printers * self.cards_per_printer_day * self.working_days


class Area(_Frozen):
    """Where residents live (a kelurahan), with its backlog per demand tier."""

    area_id: Id
    name: Name = ""
    district_id: Id
    lat: Latitude
    lon: Longitude
    population: Count = 0
    backlog: dict[TierName, Count]


class Distance(_Frozen):
    """A measured distance, overriding the one computed from coordinates."""

    area_id: Id
    site_id: Id
    km: Annotated[float, Field(ge=0.0, le=20_000.0)]


class Instance(_Frozen):
    """A city (or province, or country) to plan for: offices, residents, distances."""

    name: Name = "instance"
    tiers: tuple[TierName, ...] = DEFAULT_TIERS
    districts: tuple[District, ...] = ()
    sites: tuple[Site, ...]
    areas: tuple[Area, ...]
    distances: tuple[Distance, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _derive_districts(cls, data: Any) -> Any:
        # Without a district table the districts are those the areas name.
        if isinstance(data, dict) and not data.get("districts"):
            areas = data.get("areas")
            if isinstance(areas, list | tuple):
                # Only well-formed ids: anything else is reported by the area's own check.
                named = [a.get("district_id") for a in areas if isinstance(a, dict)]
                named += [a.district_id for a in areas if isinstance(a, Area)]
                ids = sorted({d for d in named if isinstance(d, str)})
                return {**data, "districts": [{"district_id": d} for d in ids if d]}
        return data

    @model_validator(mode="after")
    def _check_references(self) -> Instance:
        errors: list[InitErrorDetails] = []
        if len(set(self.tiers)) != len(self.tiers) or not self.tiers:
            errors.append(_error("tiers", "tier names must be unique and non-empty", ("tiers",),
                                 list(self.tiers)))
        errors += [_error("empty", "must not be empty", (field,), [])
                   for field in ("sites", "areas") if not getattr(self, field)]
        errors += _duplicates("districts", "district_id", [d.district_id for d in self.districts])
        errors += _duplicates("sites", "site_id", [s.site_id for s in self.sites])
        errors += _duplicates("areas", "area_id", [a.area_id for a in self.areas])
        known = {d.district_id for d in self.districts}
        placed = [("sites", i, s.district_id) for i, s in enumerate(self.sites)]
        placed += [("areas", i, a.district_id) for i, a in enumerate(self.areas)]
        for field, i, district in placed:
            if district not in known:
                errors.append(_error("unknown_district", f"unknown district '{district}'",
                                     (field, i, "district_id"), district))
        tiers = set(self.tiers)
        for i, area in enumerate(self.areas):
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
        area_ids = {a.area_id for a in self.areas}
        site_ids = {s.site_id for s in self.sites}
        seen: set[tuple[str, str]] = set()
        for i, d in enumerate(self.distances):
            if d.area_id not in area_ids:
                errors.append(_error("unknown_area", f"unknown area '{d.area_id}'",
                                     ("distances", i, "area_id"), d.area_id))
            if d.site_id not in site_ids:
                errors.append(_error("unknown_site", f"unknown site '{d.site_id}'",
                                     ("distances", i, "site_id"), d.site_id))
            if (d.area_id, d.site_id) in seen:
                errors.append(_error("duplicate_pair", "this area and site are listed twice",
                                     ("distances", i), [d.area_id, d.site_id]))
            seen.add((d.area_id, d.site_id))
        return errors

    @property
    def district_ids(self) -> tuple[str, ...]:
        return tuple(d.district_id for d in self.districts)


class Shipment(_Frozen):
    """The blanks arriving at the central office now."""

    blanks: Count


class Policy(_Frozen):
    """How to plan: the limits a planner chooses (see model.md)."""

    max_travel_km: Annotated[float, Field(gt=0.0, le=1000.0)] | None = None
    road_factor: Annotated[float, Field(ge=1.0, le=3.0)] = 1.3
    reserve: Count = 0
    lot_size: PositiveCount = 1
    equity: Annotated[bool, Field(strict=True)] = True
    time_limit_s: Annotated[float, Field(gt=0.0, le=3600.0)] = 10.0
    marginals: Annotated[bool, Field(strict=True)] = True
    pinned_shipments: dict[Id, Count] = Field(
        default_factory=dict,
        description="Shipments a planner fixes: site_id -> blanks (whole blanks, >= 0). The "
                    "other sites share what is left of the shipment and every stage plans "
                    "the rest (model.md, 'Evaluating a planner's own shipments').")


# --------------------------------------------------------------------------- plans

Status = Literal["optimal", "feasible", "infeasible"]
Binding = Literal["capacity", "supply", "backlog", "storage"]
UnmetReason = Literal["none", "supply", "capacity", "storage", "equity_time_limit"]


class Message(_Frozen):
    """A warning or explanation; `code` and `params` are stable, `text` is English."""

    code: str
    level: Literal["info", "warning", "error"] = "info"
    params: dict[str, str | int | float | None] = Field(default_factory=dict)
    text: str


class SolverInfo(_Frozen):
    name: str
    version: str
    seconds: float
    time_limit_s: float


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
    cards_by_tier: dict[str, int]
    coverage_min_by_tier: dict[str, float | None]
    coverage_max_by_tier: dict[str, float | None]
    resident_km_total: float
    resident_km_mean: float
    max_km: float
    blanks_shipped: int
    blanks_kept_central: int
    blanks_stranded: int
    cards_lost_to_lots: int = 0
    lot_cost: LotCost | None = Field(
        default=None, description="With lot_size > 1: what the lots cost, stage by stage.")


class ShipmentLine(_Frozen):
    site_id: str
    blanks: int


class ServiceLine(_Frozen):
    area_id: str
    site_id: str
    tier: str
    cards: int
    km: float


class DistrictFigures(_Frozen):
    """A district's backlog and cards in one tier (what evaluate recomputes)."""

    district_id: str
    tier: str
    backlog: int
    served: int
    coverage: float | None
    unmet: int


class DistrictLine(DistrictFigures):
    """The figures with the solver's explanation of why residents still wait."""

    unmet_reason: UnmetReason


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
    site_id: str
    district_id: str
    capacity: int
    stock: int
    blanks: int
    printed: int
    binding: Binding
    marginal_cards_per_printer_day: int | None
    marginal_cards_per_100_blanks: int | None
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

    status: Status
    input_sha256: str
    solver: SolverInfo
    tiers: tuple[str, ...]
    kpis: Kpis
    shipments: tuple[ShipmentLine, ...]
    service: tuple[ServiceLine, ...]
    districts: tuple[DistrictLine, ...]
    sites: tuple[SiteLine, ...]
    messages: tuple[Message, ...]
    areas: tuple[AreaLine, ...] = Field(
        default=(), description="Per area and tier: backlog, cards and coverage, sorted by "
                                "area_id then tier order.")


# --------------------------------------------------------------------------- errors


class InvalidInput(ValueError):
    """Bad input, with every problem located (a field path, or a file, row and column)."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problem(_Frozen):
    """One invalid value: where it is and what is wrong with it."""

    location: str
    message: str
    pointer: str = ""

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
        "greater_than_equal": f"must be >= {ctx.get('ge')}, got {shown}",
        "greater_than": f"must be > {ctx.get('gt')}, got {shown}",
        "less_than_equal": f"must be <= {ctx.get('le')}, got {shown}",
        "less_than": f"must be < {ctx.get('lt')}, got {shown}",
        "int_type": f"must be a whole number, got {shown}",
        "int_from_float": f"must be a whole number, got {shown}",
        "int_parsing": f"must be a whole number, got {shown}",
        "float_type": f"must be a number, got {shown}",
        "float_parsing": f"must be a number, got {shown}",
        "finite_number": f"must be a finite number, got {shown}",
        "string_type": f"must be text, got {shown}",
        "bool_type": f"must be true or false, got {shown}",
        "missing": "is required",
        "extra_forbidden": "is not a known field",
        "string_pattern_mismatch": f"must not be empty or contain spaces, commas or "
                                   f"semicolons, got {shown}",
        "string_too_short": f"must not be empty, got {shown}",
        "too_short": "must not be empty",
    }
    return texts.get(kind, str(e["msg"]))


def _show(value: Any) -> str:
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


def _duplicates(field: str, key: str, ids: Sequence[str]) -> list[InitErrorDetails]:
    first: dict[str, int] = {}
    errors = []
    for i, value in enumerate(ids):
        if value in first:
            errors.append(_error("duplicate_id",
                                 f"duplicate id '{value}' (first at {field}[{first[value]}])",
                                 (field, i, key), value))
        else:
            first[value] = i
    return errors
