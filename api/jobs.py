"""What the solver processes run: parse, validate, call the library, serialize.

Every public function here runs in a worker process of `workers.SolvePool`, never on
the event loop. Each returns an Outcome instead of raising, so that only plain data
crosses the process boundary, and JSON is serialized here, next to the solver.
"""

from __future__ import annotations

import functools
import json
import math
import os
import signal
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from api.models import (
    Comparison,
    ComparisonRequest,
    DatasetSummary,
    EvaluateRequest,
    Overrides,
    PlanRequest,
    PolicyOutcome,
    ShipmentsEvaluation,
)
from optimizer import (
    POLICIES,
    Instance,
    InvalidInput,
    Policy,
    Problem,
    Shipment,
    datasets,
    evaluate,
    input_sha256,
    json_pointer,
    plan_json,
    price_pins,
    problems_from,
    solve,
)

Model = TypeVar("Model", bound=BaseModel)
Result = TypeVar("Result")
# Top-level members of a request body: library pointers that start elsewhere are
# relative to the instance.
_REQUEST_MEMBERS = {"instance", "dataset", "shipment", "policy", "overrides", "plan", "policies"}


@dataclass(frozen=True)
class Limits:
    """Server limits a job applies to the request."""

    max_time_limit_s: float


@dataclass(frozen=True)
class Done:
    body: bytes
    input_sha256: str | None = None


@dataclass(frozen=True)
class Rejected:
    status: int
    detail: str
    errors: tuple[tuple[str, str], ...]  # (JSON pointer, message)


@dataclass(frozen=True)
class Failed:
    error: str  # the traceback, for the server log only


Outcome = Done | Rejected | Failed


class _Reject(Exception):
    def __init__(self, status: int, detail: str, errors: Iterable[tuple[str, str]]):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, tuple(errors)


@dataclass(frozen=True)
class _Source:
    instance: Instance
    shipment: Shipment
    policy: Policy  # the default: the dataset's suggestion, or Policy()
    in_body: bool  # the instance was sent (else a dataset was named)


# --------------------------------------------------------------------------- jobs


def plan(body: bytes, limits: Limits) -> Outcome:
    """POST /v1/plans: the library's plan JSON, unchanged."""
    return _guarded(_plan, body, limits)


def evaluate_plan(body: bytes, limits: Limits) -> Outcome:
    """POST /v1/plans/evaluate: the plan's figures recomputed and its broken constraints."""
    return _guarded(_evaluate, body, limits)


def compare(body: bytes, limits: Limits) -> Outcome:
    """POST /v1/comparisons: KPIs per policy."""
    return _guarded(_compare, body, limits)


def dataset_summary(name: str, with_instance: bool) -> Outcome:
    """GET /v1/datasets/{name}."""
    return _guarded(_summary, name, with_instance)


def warm(preload: tuple[str, ...]) -> None:
    """Process initializer: import the library, load and solve the preloaded datasets once."""
    # Ctrl-C reaches the whole process group; the server, not each solver, handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in preload:
        if name in datasets.names():
            ds = _dataset(name)
            solve(ds.instance, Shipment(blanks=ds.default_blanks), ds.policy())


def pid() -> int:
    return os.getpid()


# --------------------------------------------------------------------------- steps


def _plan(body: bytes, limits: Limits) -> Done:
    request = _parse(body, PlanRequest)
    source = _source(request)
    policy = _policy(source.policy, request.policy, limits)
    result = _library(source, "/policy", lambda: solve(source.instance, source.shipment, policy))
    return Done(plan_json(result).encode(), result.input_sha256)


def _evaluate(body: bytes, limits: Limits) -> Done:
    request = _parse(body, EvaluateRequest)
    source = _source(request)
    policy = _policy(source.policy, request.policy, limits)
    if request.plan is not None:
        result = evaluate(source.instance, source.shipment, policy, request.plan)
        return Done(result.model_dump_json().encode(),
                    input_sha256(source.instance, source.shipment, policy))
    pins = {line.site_id: line.blanks for line in request.shipments or ()}
    policy = policy.model_copy(update={"pinned_shipments": pins})
    priced = _library(source, "/policy",
                      lambda: price_pins(source.instance, source.shipment, policy))
    answer = ShipmentsEvaluation(plan=priced.plan, optimal_kpis=priced.optimal.kpis,
                                 cost=priced.cost)
    return Done(answer.model_dump_json().encode(), priced.plan.input_sha256)


def _compare(body: bytes, limits: Limits) -> Done:
    request = _parse(body, ComparisonRequest)
    source = _source(request)
    results = []
    for i, choice in enumerate(request.policies):
        policy = _policy(source.policy, choice.policy, limits)
        run = functools.partial(POLICIES[choice.name], source.instance, source.shipment, policy)
        result = _library(source, f"/policies/{i}/policy", run)
        results.append(PolicyOutcome(name=choice.name, parameters=policy, status=result.status,
                                     input_sha256=result.input_sha256, kpis=result.kpis,
                                     messages=result.messages))
    return Done(Comparison(results=tuple(results)).model_dump_json().encode(),
                input_sha256(source.instance, source.shipment, source.policy))


def _summary(name: str, with_instance: bool) -> Done:
    ds = _dataset(name)
    instance = ds.instance
    backlog = {t: sum(a.backlog[t] for a in instance.areas) for t in instance.tiers}
    summary = DatasetSummary(
        name=ds.name, title=ds.title, description=ds.description, source=ds.source,
        estimated_columns=ds.estimated_columns, default_blanks=ds.default_blanks,
        policy=ds.policy(), tiers=instance.tiers, districts=len(instance.districts),
        sites=len(instance.sites), areas=len(instance.areas), backlog_by_tier=backlog,
        instance=instance if with_instance else None)
    return Done(summary.model_dump_json(exclude_none=True).encode())


# --------------------------------------------------------------------------- helpers


def parse_json(body: bytes) -> Any:
    """Strict JSON: NaN, Infinity and numbers too large for a float are refused."""
    try:
        return json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float)
    except _NotFinite as error:
        raise _Reject(422, "The body holds a number JSON does not allow.",
                      [("", str(error))]) from None
    except (ValueError, RecursionError) as error:
        # JSONDecodeError, bad UTF-8, integers over Python's digit limit, deep nesting.
        raise _Reject(422, "The body is not valid JSON.", [("", str(error))]) from None


class _NotFinite(ValueError):
    pass


def _refuse_constant(token: str) -> Any:
    raise _NotFinite(f"{token} is not allowed: every number must be finite")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(f"{text} is too large: every number must be finite")
    return value


def _parse(body: bytes, model: type[Model]) -> Model:
    data = parse_json(body)
    try:
        return model.model_validate(data)
    except TypeError as error:
        # A library validator that runs before the field types are checked may trip over
        # a value of the wrong type (say, an object where an id belongs): still bad input.
        raise _Reject(422, "The request is not valid.",
                      [("", f"a value has the wrong type ({error})")]) from None


def _source(request: EvaluateRequest | PlanRequest | ComparisonRequest) -> _Source:
    if request.instance is not None:
        assert request.shipment is not None  # the request model requires it
        source = _Source(request.instance, request.shipment, Policy(), in_body=True)
    else:
        assert request.dataset is not None
        ds = _dataset(request.dataset)
        source = _Source(ds.instance, request.shipment or Shipment(blanks=ds.default_blanks),
                         ds.policy(), in_body=False)
    if request.overrides is None:
        return source
    return _Source(apply_overrides(source.instance, request.overrides), source.shipment,
                   source.policy, source.in_body)


def _policy(default: Policy, given: Policy | None, limits: Limits) -> Policy:
    """The fields the request gave over the default, the time limit capped."""
    fields = given.model_dump(include=given.model_fields_set) if given is not None else {}
    policy = default.model_copy(update=fields)
    if policy.time_limit_s > limits.max_time_limit_s:
        policy = policy.model_copy(update={"time_limit_s": limits.max_time_limit_s})
    return policy


def apply_overrides(instance: Instance, overrides: Overrides) -> Instance:
    """The instance with the what-if changes; unknown ids and tiers are invalid input."""
    problems = _override_problems(instance, overrides)
    if problems:
        raise InvalidInput(problems)
    sites = tuple(
        s.model_copy(update=overrides.sites[s.site_id].model_dump(exclude_none=True))
        if s.site_id in overrides.sites else s for s in instance.sites)
    areas = tuple(
        a.model_copy(update={"backlog": {**a.backlog, **overrides.areas[a.area_id].backlog}})
        if a.area_id in overrides.areas else a for a in instance.areas)
    return instance.model_copy(update={"sites": sites, "areas": areas})


def _override_problems(instance: Instance, overrides: Overrides) -> list[Problem]:
    site_ids = {s.site_id for s in instance.sites}
    area_ids = {a.area_id for a in instance.areas}
    problems = [_problem(("overrides", "sites", s), f"unknown site '{s}'")
                for s in sorted(overrides.sites.keys() - site_ids)]
    problems += [_problem(("overrides", "areas", a), f"unknown area '{a}'")
                 for a in sorted(overrides.areas.keys() - area_ids)]
    for area_id, change in sorted(overrides.areas.items()):
        problems += [_problem(("overrides", "areas", area_id, "backlog", t),
                              f"tier '{t}' is not one of {list(instance.tiers)}")
                     for t in sorted(change.backlog.keys() - set(instance.tiers))]
    return problems


def _problem(loc: tuple[str, ...], message: str) -> Problem:
    return Problem(location=".".join(loc), message=message, pointer=json_pointer(loc))


@functools.lru_cache(maxsize=2)
def _dataset(name: str) -> datasets.Dataset:
    # datasets.load refuses any name it does not list, so a name is never a path.
    return datasets.load(name)


def _library(source: _Source, policy_at: str, call: Callable[[], Result]) -> Result:
    """Call the library; its InvalidInput pointers are made relative to the request body."""
    try:
        return call()
    except InvalidInput as error:
        raise _Reject(422, "The input cannot be planned.",
                      [(_relocate(p.pointer, source, policy_at), p.message)
                       for p in error.problems]) from None


def _relocate(pointer: str, source: _Source, policy_at: str) -> str:
    head = pointer.split("/")[1] if pointer.startswith("/") else ""
    if head == "policy":
        return policy_at + pointer.removeprefix("/policy")
    if head and head not in _REQUEST_MEMBERS:
        return "/instance" + pointer if source.in_body else "/dataset"
    return pointer


def _guarded(step: Callable[..., Done], *args: Any) -> Outcome:
    try:
        return step(*args)
    except _Reject as error:
        return Rejected(error.status, error.detail, error.errors)
    except datasets.UnknownDataset as error:
        return Rejected(404, str(error.problems[0].message), _pairs(error.problems))
    except InvalidInput as error:
        return Rejected(422, "The request is not valid.", _pairs(error.problems))
    except ValidationError as error:
        return Rejected(422, "The request is not valid.", _pairs(problems_from(error)))
    except Exception:
        return Failed(traceback.format_exc())


def _pairs(problems: Iterable[Problem]) -> tuple[tuple[str, str], ...]:
    return tuple((p.pointer, p.message) for p in problems)
