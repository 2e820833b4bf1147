"""Request and response bodies of the /v1 endpoints.

They wrap the library's own models (Instance, Shipment, Policy, Plan), so nothing
the library validates is described twice.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from optimizer import (
    POLICIES,
    Count,
    Id,
    Instance,
    Kpis,
    Message,
    Plan,
    PlanCost,
    Policy,
    Shipment,
    Status,
    TierName,
)

DatasetName = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$",
                                   description="A bundled dataset (GET /v1/datasets).")]


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class SiteOverride(_Body):
    """A what-if for one office; omitted fields keep the dataset's value."""

    printers: Count | None = None
    stock: Count | None = None


class AreaOverride(_Body):
    """A what-if for one area: the backlog of the tiers given; other tiers unchanged."""

    backlog: dict[TierName, Count] = Field(default_factory=dict)


class Overrides(_Body):
    """Changes to the instance (sent or named) without sending it whole."""

    sites: dict[Id, SiteOverride] = Field(default_factory=dict)
    areas: dict[Id, AreaOverride] = Field(default_factory=dict)


class _Source(_Body):
    """The input: an instance sent whole, or a bundled dataset by name."""

    instance: Instance | None = None
    dataset: DatasetName | None = None
    shipment: Shipment | None = Field(
        None, description="Required with `instance`; defaults to the dataset's shipment.")
    overrides: Overrides | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Any:
        if self.instance is None and self.dataset is None:
            _raise("missing_source", "give either 'instance' or 'dataset'", ("dataset",))
        if self.instance is not None and self.dataset is not None:
            _raise("two_sources", "give either 'instance' or 'dataset', not both", ("dataset",))
        if self.instance is not None and self.shipment is None:
            _raise("missing", "is required with 'instance'", ("shipment",))
        return self


class PlanRequest(_Source):
    """POST /v1/plans."""

    policy: Policy | None = Field(
        None, description="Fields not given take the default, or the dataset's suggestion.")


class PinnedShipment(_Body):
    """One shipment a planner fixes."""

    site_id: Id
    blanks: Count = Field(description="Blanks the site receives (whole blanks).")


class EvaluateRequest(_Source):
    """POST /v1/plans/evaluate: a plan (perhaps edited by hand), or some shipments, and the input.

    `plan`: a complete plan, evaluated as it stands (figures and broken constraints).
    `shipments`: some or all shipments pinned; the rest is planned (model.md) and the
    result priced against the optimal plan.
    """

    policy: Policy | None = None
    plan: Plan | None = None
    shipments: tuple[PinnedShipment, ...] | None = Field(
        None, description="Shipments to pin (a partial list); give this or `plan`.")

    @model_validator(mode="after")
    def _plan_or_shipments(self) -> Any:
        if (self.plan is None) == (self.shipments is None):
            _raise("missing" if self.plan is None else "two_inputs",
                   "give either 'plan' or 'shipments'" if self.plan is None
                   else "give either 'plan' or 'shipments', not both", ("plan",))
        seen: set[str] = set()
        for i, line in enumerate(self.shipments or ()):
            if line.site_id in seen:
                _raise("duplicate_id", f"site '{line.site_id}' is pinned twice",
                       ("shipments", i, "site_id"))
            seen.add(line.site_id)
        return self


class ShipmentsEvaluation(_Body):
    """The plan under pinned shipments and what they cost against the optimal plan."""

    plan: Plan
    optimal_kpis: Kpis = Field(description="The optimal plan's KPIs for the same input.")
    cost: PlanCost | None = Field(
        description="What the pins give up; null when either plan is infeasible.")


def _known_policy(name: str) -> str:
    if name not in POLICIES:
        raise PydanticCustomError("unknown_policy", "{text}", {
            "text": f"unknown policy '{name}' (known: {', '.join(POLICIES)})"})
    return name


PolicyName = Annotated[str, AfterValidator(_known_policy),
                       Field(json_schema_extra={"enum": list(POLICIES)})]


class PolicyChoice(_Body):
    name: PolicyName
    policy: Policy | None = None


def _every_policy() -> list[PolicyChoice]:
    return [PolicyChoice(name=name) for name in POLICIES]


class ComparisonRequest(_Source):
    """POST /v1/comparisons: one input, several policies (all of them by default)."""

    policies: list[PolicyChoice] = Field(default_factory=_every_policy, min_length=1,
                                         max_length=16)


class PolicyOutcome(BaseModel):
    name: str
    parameters: Policy = Field(description="The parameters the named policy was given (the "
                                           "policy may set some itself, e.g. equity).")
    status: Status
    input_sha256: str
    kpis: Kpis
    messages: tuple[Message, ...]


class Comparison(BaseModel):
    """KPIs per policy, in the order asked."""

    results: tuple[PolicyOutcome, ...]


class DatasetLink(BaseModel):
    name: str
    href: str


class DatasetList(BaseModel):
    datasets: tuple[DatasetLink, ...]


class DatasetSummary(BaseModel):
    name: str
    title: str
    description: str
    source: str
    estimated_columns: tuple[str, ...]
    default_blanks: int
    policy: Policy = Field(description="The default policy with the dataset's suggested "
                                       "travel limit.")
    tiers: tuple[str, ...]
    districts: int
    sites: int
    areas: int
    backlog_by_tier: dict[str, int]
    instance: Instance | None = Field(None, description="The whole instance, with "
                                                        "?instance=true.")


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    workers: int
    alive: int
    busy: int
    queued: int
    queue_size: int


REQUEST_MODELS: tuple[type[BaseModel], ...] = (PlanRequest, EvaluateRequest, ComparisonRequest)


def _raise(kind: str, message: str, loc: tuple[str | int, ...]) -> None:
    error = InitErrorDetails(type=PydanticCustomError(kind, "{text}", {"text": message}),
                             loc=loc, input=None)
    raise ValidationError.from_exception_data("request", [error])
