"""Request and response bodies of the /v1 endpoints.

They wrap the library's own models (Instance, Shipment, Policy, Plan), so nothing
the library validates is described twice.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from optimizer import (
    NO_CONTROL,
    POLICIES,
    POLICY_NAMES,
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

# No control characters (optimizer.schema.StoreLabel): a NUL was kept on SQLite (and
# printed raw by `blanko plans list`), and PostgreSQL's text refuses it (a 500).
Label = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_CONTROL)]
# Any text: a name in the wrong case is found, an unknown one is a 404, never a 422.
DatasetName = Annotated[str, Field(strict=True, min_length=1, max_length=200,
                                   description="A bundled dataset (GET /v1/datasets), in "
                                               "any case.")]


# ComparisonRequest.hosts and ReplayRequest.hosts (api/store_jobs.py): `--no-hosts`.
HOSTS_DESCRIPTION = (
    "Serve a kecamatan whose office cannot print at its host office, as listed in the "
    "bundled dataset's hosts.csv (palembang-2017: as in 2017), after the overrides, as "
    "`blanko compare` and `blanko replay` do; false plans without host offices (their "
    "`--no-hosts`). Read only with `dataset`: an instance sent whole has no hosts. An "
    "override that leaves a host office with no printer is a 422 at its pointer.")


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class SiteOverride(_Body):
    """A what-if for one office; omitted fields keep the dataset's value."""

    printers: Count | None = Field(None, description="Working printers instead of the "
                                                    "dataset's (0-10^12).")
    stock: Count | None = Field(None, description="Blanks at the office instead of the "
                                                  "dataset's (0-10^12).")


class AreaOverride(_Body):
    """A what-if for one area: the backlog of the tiers given; other tiers unchanged."""

    backlog: dict[TierName, Count] = Field(
        default_factory=dict, description="Residents waiting per tier (0-10^12 each), for the "
                                          "tiers given.")


class Overrides(_Body):
    """Changes to the instance (sent or named) without sending it whole."""

    sites: dict[Id, SiteOverride] = Field(default_factory=dict,
                                          description="Changes by site_id (a known site).")
    areas: dict[Id, AreaOverride] = Field(default_factory=dict,
                                          description="Changes by area_id (a known area).")


class _Source(_Body):
    """The input: an instance sent whole, or a bundled dataset by name."""

    instance: Instance | None = Field(None, description="The whole instance; give this or "
                                                        "`dataset`.")
    dataset: DatasetName | None = Field(None, description="A bundled dataset by name (GET "
                                                          "/v1/datasets); give this or "
                                                          "`instance`.")
    shipment: Shipment | None = Field(
        None, description="Required with `instance`; defaults to the dataset's shipment.")
    overrides: Overrides | None = Field(None, description="What-if changes applied to the "
                                                          "instance before planning.")

    @model_validator(mode="after")
    def _one_source(self) -> Any:
        if self.instance is None and self.dataset is None:
            _raise("missing_source", "give either 'instance' or 'dataset'", ("dataset",))
        if self.instance is not None and self.dataset is not None:
            _raise("two_sources", "give either 'instance' or 'dataset', not both", ("dataset",))
        if self.instance is not None and self.shipment is None and self._needs_shipment:
            _raise("missing", "is required with 'instance'", ("shipment",))
        return self

    # A replay ships its schedule's tranches: it reads no shipment (ReplayRequest).
    _needs_shipment: ClassVar[bool] = True


class PlanRequest(_Source):
    """POST /v1/plans."""

    policy: Policy | None = Field(
        None, description="Fields not given take the default, or the dataset's suggestion.")
    # The plan store (api/store_routes.py):
    save: StrictBool = Field(True, description="Keep the plan in the plan store (the "
                                               "response then has a Location header).")
    label: Label | None = Field(None, description="A name to find the kept plan by.")
    shipment_ref: Label | None = Field(
        None, description="Which shipment the plan is for: approving a kept plan supersedes "
                          "the approved plan with the same reference (default: the same "
                          "dataset, or the same districts, and the same number of blanks).")


class PinnedShipment(_Body):
    """One shipment a planner fixes."""

    site_id: Id = Field(description="The office whose shipment is fixed (a site_id of the "
                                    "instance).")
    blanks: Count = Field(description="Blanks the site receives (whole blanks).")


class EvaluateRequest(_Source):
    """POST /v1/plans/evaluate: a plan (perhaps edited by hand), or some shipments, and the input.

    `plan`: a complete plan, evaluated as it stands (figures and broken constraints).
    `shipments`: some or all shipments pinned; the rest is planned (model.md) and the
    result priced against the optimal plan.
    """

    policy: Policy | None = Field(None, description="The policy the plan must obey; fields not "
                                                    "given take the default.")
    plan: Plan | None = Field(None, description="The plan to judge, as POST /v1/plans "
                                                "returned it or edited; give this or "
                                                "`shipments`.")
    shipments: tuple[PinnedShipment, ...] | None = Field(
        None, description="Shipments to pin (a partial list); give this or `plan`.")

    @model_validator(mode="after")
    def _plan_or_shipments(self) -> Any:
        if (self.plan is None) == (self.shipments is None):
            _raise("missing" if self.plan is None else "two_inputs",
                   "give either 'plan' or 'shipments'" if self.plan is None
                   else "give either 'plan' or 'shipments', not both", ("plan",))
        if self.shipments is not None and self.policy is not None \
                and self.policy.pinned_shipments:
            # Both lists pin shipments; which one wins was a silent choice (tester qa7:
            # policy's pins were dropped and the answer said "pinned 1 site").
            _raise("two_inputs", "the shipments to pin are given both in 'shipments' and in "
                   "'policy.pinned_shipments': give them in one of the two",
                   ("policy", "pinned_shipments"))
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
    if name not in POLICY_NAMES:
        raise PydanticCustomError("unknown_policy", "{text}", {
            "text": f"unknown policy '{name}' (known: {', '.join(POLICY_NAMES)})"})
    return name


# The command line's names (optimizer.POLICY_NAMES): each policy and its '@rule' variant.
PolicyName = Annotated[str, AfterValidator(_known_policy),
                       Field(json_schema_extra={"enum": list(POLICY_NAMES)})]


class PolicyChoice(_Body):
    name: PolicyName = Field(description="The policy's name (one of the enum), e.g. "
                                         "optimal, proportional, capacity_capped.")
    policy: Policy | None = Field(None, description="Its parameters; fields not given take the "
                                                    "default.")


def _every_policy() -> list[PolicyChoice]:
    return [PolicyChoice(name=name) for name in POLICIES]


def _listed_once(names: list[str], same: list[Any] | None = None) -> None:
    """422 at /policies/i/name (or /policies/i) for a policy listed again with the same
    parameters (`same[i]`): its row would be shown twice, as two policies compared."""
    seen: dict[tuple[str, str], int] = {}
    for i, name in enumerate(names):
        key = (name, repr(same[i]) if same is not None else "")
        if key in seen:
            _raise("policy_twice", f"policy '{name}' is listed twice (first at "
                                   f"/policies/{seen[key]}); list each policy once",
                   ("policies", i, "name") if same is not None else ("policies", i))
        seen[key] = i


class ComparisonRequest(_Source):
    """POST /v1/comparisons: one input, several policies (all of them by default)."""

    policies: list[PolicyChoice] = Field(default_factory=_every_policy, min_length=1,
                                         max_length=16,
                                         description="1-16 policies to compare, in the order "
                                                     "to report them; all of them by default; "
                                                     "a name twice only with other "
                                                     "parameters.")
    hosts: StrictBool = Field(True, description=HOSTS_DESCRIPTION)

    @model_validator(mode="after")
    def _each_once(self) -> Any:
        _listed_once([c.name for c in self.policies],
                     [_stands_for(c.policy) for c in self.policies])
        return self


def _stands_for(policy: Policy | None) -> list[tuple[str, Any]]:
    """The parameters a choice's policy stands for: each field as given, else its default;
    the travel limit, when not given, the dataset's suggestion (which `null`, no limit,
    is not). Compared whole, `{}` and `{"max_travel_km": null}` were one policy (the
    second refused as listed twice), and `{"policy": {}}` beside no policy two (tester
    qa10b)."""
    given = policy.model_fields_set if policy is not None else set()
    values = (policy if policy is not None else Policy()).model_dump()
    if "max_travel_km" not in given:
        values["max_travel_km"] = "(suggested)"
    return sorted(values.items())


class PolicyOutcome(BaseModel):
    """One policy's plan, summarized."""

    name: str = Field(description="The policy's name.")
    parameters: Policy = Field(description="The parameters the named policy was given (the "
                                           "policy may set some itself, e.g. equity).")
    status: Status = Field(description="The plan's status (see Plan.status).")
    input_sha256: str = Field(description="SHA-256 of the normalized input, 64 hex digits.")
    kpis: Kpis | None = Field(description="The plan's headline figures; null when the plan "
                                          "is infeasible (it ships and prints nothing, so it "
                                          "has no figures: its messages say why).")
    messages: tuple[Message, ...] = Field(description="The plan's warnings and explanations.")


class Comparison(BaseModel):
    """KPIs per policy, in the order asked."""

    results: tuple[PolicyOutcome, ...] = Field(description="One per policy, in the order "
                                                           "asked.")


class DatasetLink(BaseModel):
    """A bundled dataset and where to read it."""

    name: str = Field(description="The dataset's name.")
    href: str = Field(description="Its path, /v1/datasets/<name>.")


class DatasetList(BaseModel):
    """The bundled datasets."""

    datasets: tuple[DatasetLink, ...] = Field(description="Every bundled dataset, by name.")


class DatasetSummary(BaseModel):
    name: str = Field(description="The dataset's name.")
    title: str = Field(description="A one-line title.")
    description: str = Field(description="What the dataset holds, in English.")
    source: str = Field(description="Where its figures come from.")
    estimated_columns: tuple[str, ...] = Field(description="Columns whose values are "
                                                           "estimates, not published figures.")
    default_blanks: int = Field(description="Blanks in the dataset's default shipment (>= 0).")
    policy: Policy = Field(description="The default policy with the dataset's suggested "
                                       "travel limit.")
    tiers: tuple[str, ...] = Field(description="Demand tiers, highest priority first.")
    districts: int = Field(description="Number of districts (kecamatan).")
    sites: int = Field(description="Number of printing offices.")
    areas: int = Field(description="Number of areas (kelurahan).")
    backlog_by_tier: dict[str, int] = Field(description="Residents waiting per tier.")
    instance: Instance | None = Field(None, description="The whole instance, with "
                                                        "?instance=true.")


class Health(BaseModel):
    """The process answers."""

    status: Literal["ok"] = Field("ok", description="Always ok.")


class Readiness(BaseModel):
    """The solver processes are up, and how loaded they are."""

    status: Literal["ready"] = Field("ready", description="Always ready (503 otherwise).")
    workers: int = Field(description="Solver processes configured (>= 1).")
    alive: int = Field(description="Solver processes running now (asked of the OS).")
    busy: int = Field(description="Solver processes working on a request now.")
    queued: int = Field(description="Requests waiting for a solver process.")
    queue_size: int = Field(description="Most requests that may wait before 503.")
    spares: int = Field(0, description="Solver processes started and idle, ready to replace "
                                       "a lost one at once.")


REQUEST_MODELS: tuple[type[BaseModel], ...] = (PlanRequest, EvaluateRequest, ComparisonRequest)


def _raise(kind: str, message: str, loc: tuple[str | int, ...]) -> None:
    error = InitErrorDetails(type=PydanticCustomError(kind, "{text}", {"text": message}),
                             loc=loc, input=None)
    raise ValidationError.from_exception_data("request", [error])
