"""What the solver processes run for the plan store and background jobs.

Like `api.jobs`, every public function runs in a worker of `workers.SolvePool` and
returns an Outcome instead of raising. A plan to keep comes back as `Kept`: the plan
JSON exactly as `POST /v1/plans` returns it, and the record the store saves with it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field, StrictBool, model_validator

from api import jobs
from api.models import (
    HOSTS_DESCRIPTION,
    ComparisonRequest,
    PlanRequest,
    _listed_once,
    _raise,
    _Source,
)
from optimizer import Policy, Shipment, localize_plan, plan_json, solve, strict_dumps

if TYPE_CHECKING:
    from optimizer import Instance


class ReplayRequest(_Source):
    """A replay job: the shipments of a schedule day by day, under each policy. It takes
    no `shipment` (the schedule gives every tranche's blanks): one sent is refused, not
    ignored (tester qa11b: `{"shipment": {"blanks": 5000}}` was accepted and planned
    with the schedule's blanks, the client none the wiser)."""

    _needs_shipment: ClassVar[bool] = False
    shipment: Shipment | None = Field(None, description="Refused: the schedule gives every "
                                                        "tranche's blanks.")

    policy: Policy | None = Field(None, description="Fields not given take the default, or "
                                                    "the dataset's suggestion.")
    schedule: str = Field(min_length=1, max_length=500, description=(
        "A spec such as 'tranches=12,every=20,blanks=10000-30000[,step=1000][,start=0]"
        "[,days=240]'."))
    policies: list[str] | None = Field(None, min_length=1, max_length=16,
                                       description="Policies to replay (default: all), each "
                                                   "once.")
    replications: int = Field(3, ge=1, le=50, description="Independent replications.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of every random draw.")
    arrivals_per_day: float = Field(250.0, ge=0.0, le=1e6, description=(
        "New applicants a working day (Palembang 2017: 250-300 suket a day)."))
    failure_prob: float = Field(0.02, ge=0.0, le=1.0, description=(
        "Chance that a working printer fails on a given day, 0-1."))
    repair_days: int = Field(10, ge=1, le=365, description=(
        "A failed printer is down 1 to this many working days."))
    hosts: StrictBool = Field(True, description=HOSTS_DESCRIPTION)

    @model_validator(mode="after")
    def _each_once(self) -> Any:
        if self.shipment is not None:
            _raise("replay_shipment", "a replay takes no shipment: the schedule gives every "
                                      "tranche's blanks; leave it out", ("shipment",))
        _listed_once(list(self.policies or ()))
        return self


@dataclass(frozen=True)
class Kept(jobs.Done):
    """A plan, whether to keep it, and the fields the store keeps with it."""

    save: bool = False
    record: dict[str, Any] | None = None
    kept: bytes = b""  # the plan JSON the store keeps: the library's own, English texts


def plan(body: bytes, limits: jobs.Limits, lang: str = "en") -> jobs.Outcome:
    """POST /v1/plans and plan jobs: the plan JSON of `jobs.plan` with its messages' text
    in `lang` (Accept-Language), and what to keep: the plan with the library's English
    texts, so that `verify` compares like with like whatever language was asked for."""
    return jobs.in_language(jobs._guarded(_plan, body, limits, lang), lang)


def warm(preload: tuple[str, ...]) -> None:
    """Solver start-up, after `jobs.warm`: one plan of each preloaded dataset through
    `plan`, so that a fresh solver's first request does not pay for importing the store
    (SQLAlchemy, about a second of CPU) while a client waits."""
    limits = jobs.Limits(max_time_limit_s=3600.0)
    for name in preload:
        # "save" as a request leaves it: the record is built (nothing is written here).
        outcome = plan(json.dumps({"dataset": name}).encode(), limits)
        if isinstance(outcome, jobs.Failed):
            raise RuntimeError(f"warming {name} failed:\n{outcome.error}")


def policy_names(body: bytes, limits: jobs.Limits, kind: str) -> jobs.Outcome:
    """The policies a comparison or replay job covers, in order (a JSON list)."""
    return jobs._guarded(_policy_names, body, limits, kind)


def compare_one(body: bytes, limits: jobs.Limits, index: int) -> jobs.Outcome:
    """Policy `index` of a comparison job: `jobs.compare` with only that policy."""
    return jobs._guarded(_compare_one, body, limits, index)


def replay_one(body: bytes, limits: jobs.Limits, name: str) -> jobs.Outcome:
    """One policy of a replay job: its summary over the replications (JSON)."""
    return jobs._guarded(_replay_one, body, limits, name)


def verify(fields: dict[str, Any]) -> jobs.Outcome:
    """POST /v1/plans/{id}/verify: re-solve the stored input (optimizer.store.verify)."""
    return jobs._guarded(_verify, fields)


# --------------------------------------------------------------------------- steps


def _plan(body: bytes, limits: jobs.Limits, lang: str = "en") -> Kept:
    request = jobs._parse(body, PlanRequest, limits, lang)
    source = jobs._source(request)
    policy = jobs._policy(source.policy, request.policy, limits)
    jobs._check_pairs(source, [("/policy", policy)], limits)
    jobs._report(policy.time_limit_s)
    result = jobs._library(source, "/policy",
                           lambda: solve(source.instance, source.shipment, policy))
    record = None
    if request.save:
        from optimizer.store import verify

        dataset_sha256, name = None, None
        if request.dataset is not None:
            dataset = jobs._dataset(request.dataset)  # by its own name, whatever the case
            dataset_sha256, name = _dataset_sha256(dataset.instance), dataset.name
        record = {
            "source": "dataset" if name is not None else "instance",
            "dataset": name, "dataset_sha256": dataset_sha256,
            "overrides": (request.overrides.model_dump_json(exclude_defaults=True)
                          if request.overrides is not None else None),
            "shipment": source.shipment.model_dump_json(),
            "shipment_key": verify.shipment_key(name, source.instance,
                                                source.shipment, request.shipment_ref),
            "policy": policy.model_dump_json(), "input_sha256": result.input_sha256,
            "solver_versions": dict(_solver_versions()), "label": request.label}
    # The plan stored is the capped policy's own (so that verify reproduces it); the
    # answer says the limit was capped (TIME_LIMIT_CAPPED).
    canonical = plan_json(result).encode()
    note = jobs.capped_note(source.policy, request.policy, limits)
    answer = (canonical if lang == "en" and note is None
              else plan_json(localize_plan(jobs.with_note(result, note), lang)).encode())
    return Kept(answer, result.input_sha256, save=request.save, record=record, kept=canonical)


# A bundled dataset's content hash, once per instance object (the solver keeps each
# dataset it loads: jobs._dataset): hashing Palembang's JSON took ~1 ms of every request.
_DATASET_SHA256: dict[int, tuple[Instance, str]] = {}


def _dataset_sha256(instance: Instance) -> str:
    """`verify.instance_sha256(instance)`, computed once per (frozen) instance object."""
    from optimizer.store import verify

    cached = _DATASET_SHA256.get(id(instance))
    if cached is None or cached[0] is not instance:
        if len(_DATASET_SHA256) >= 4:  # jobs._dataset keeps two: no stale one piles up
            _DATASET_SHA256.clear()
        cached = _DATASET_SHA256[id(instance)] = (instance, verify.instance_sha256(instance))
    return cached[1]


@functools.cache
def _solver_versions() -> dict[str, str]:
    """`verify.solver_versions()` once per solver process (importlib.metadata's look-up of
    blanko's version took ~2 ms of every request); a copy for each record."""
    from optimizer.store import verify

    return verify.solver_versions()


def _policy_names(body: bytes, limits: jobs.Limits, kind: str) -> jobs.Done:
    model: type[ComparisonRequest] | type[ReplayRequest] = (
        ComparisonRequest if kind == "comparison" else ReplayRequest)
    request = jobs._parse(body, model, limits)
    if isinstance(request, ComparisonRequest):
        names = [choice.name for choice in request.policies]
    else:
        from optimizer import POLICIES, POLICY_NAMES

        names = list(request.policies or POLICIES)
        for name in names:
            if name not in POLICY_NAMES:
                raise jobs._Reject(422, "The request is not valid.", [(
                    f"/policies/{names.index(name)}",
                    f"unknown policy '{name}' (known: {', '.join(POLICY_NAMES)})")])
    return jobs.Done(strict_dumps(names).encode())


def _compare_one(body: bytes, limits: jobs.Limits, index: int) -> jobs.Done:
    data = jobs.parse_json(body)
    request = jobs._parse(body, ComparisonRequest, limits)
    choices = data["policies"] if "policies" in data else [
        {"name": choice.name} for choice in request.policies]
    data["policies"] = [choices[index]]
    return jobs._compare(json.dumps(data).encode(), limits, "en")


def _replay_one(body: bytes, limits: jobs.Limits, name: str) -> jobs.Done:
    from optimizer import ReplayConfig, parse_schedule, replay

    request = jobs._parse(body, ReplayRequest, limits)
    source = jobs._source(request)  # type: ignore[arg-type]  # the same source members
    policy = jobs._policy(source.policy, request.policy, limits)
    schedule = parse_schedule(request.schedule)
    # Its budget, as a plan reports its time limit: each replication plans each tranche
    # (and, in the first, the one-shipment comparison) within the capped time limit.
    # Unreported, the solver's deadline stayed BLANKO_DEADLINE_GRACE_S (5 s), and a
    # replay of the defaults (3 replications of 12 tranches: about 2 s a policy, about a
    # minute for lookahead) failed with 504 deadline-exceeded (tester qa11b).
    jobs._report(request.replications * (len(schedule.tranches) + 1) * policy.time_limit_s)
    config = ReplayConfig(
        schedule=schedule, policies=(name,),
        replications=request.replications, seed=request.seed,
        arrivals_per_day=request.arrivals_per_day, failure_prob=request.failure_prob,
        repair_days=request.repair_days,
        hosts=tuple(sorted(jobs.hosts(request, source).items())))  # type: ignore[arg-type]
    result = replay(source.instance, policy, config)
    summary = {figure: {"mean": i.mean, "low": i.low, "high": i.high, "n": i.n,
                        "missing": i.missing}
               for figure, i in result.summary()[name].items()}
    # A policy that never clears the backlog has no days_to_clear: its mean is NaN
    # (n 0), written null like low and high, never the NaN token JSON.parse refuses.
    return jobs.Done(strict_dumps({"name": name, "summary": summary,
                                 "one_shipment_blanks": result.one_shipment_blanks}).encode())


def _verify(fields: dict[str, Any]) -> jobs.Done:
    from optimizer.store import verify

    # The re-solve may take its stored time limit: the deadline is that plus the grace.
    jobs._report(Policy.model_validate_json(fields["policy"]).time_limit_s)
    return jobs.Done(strict_dumps(verify.reproduce(**fields).as_json()).encode())
