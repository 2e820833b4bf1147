"""What the solver processes run: parse, validate, call the library, serialize.

Every public function here runs in a worker process of `workers.SolvePool`, never on
the event loop. Each returns an Outcome instead of raising, so that only plain data
crosses the process boundary, and JSON is serialized here, next to the solver.

Before any solve a job checks the request against its Limits: counts read off the
parsed JSON (areas, sites, tiers, policies, sites and areas overridden; before the
costlier validation), then the allowed area-site pairs of each policy. It then reports its
budget, its capped time limits summed, from which the pool sets its hard deadline.
"""

from __future__ import annotations

import dataclasses
import functools
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
    Instance,
    InvalidInput,
    JsonRefused,
    Message,
    Plan,
    Policy,
    Problem,
    Shipment,
    active_hosts,
    allowed_pair_count,
    check_hosts,
    dataset_hosts,
    datasets,
    evaluate,
    input_sha256,
    json_pointer,
    localize_messages,
    localize_plan,
    plan_json,
    plan_policy,
    price_pins,
    problems_from,
    site_not_in_instance,
    solve,
    strict_json,
    time_limit_capped,
    unknown_id,
)
from optimizer.i18n import localize_evaluation, problem_text
from optimizer.i18n.validation import json_syntax, validation_problems

Model = TypeVar("Model", bound=BaseModel)
Result = TypeVar("Result")
# Top-level members of a request body: library pointers that start elsewhere are
# relative to the instance.
_REQUEST_MEMBERS = {"instance", "dataset", "shipment", "policy", "overrides", "plan", "policies"}


@dataclass(frozen=True)
class Limits:
    """Server limits a job applies to the request, each with the setting that sets it."""

    max_time_limit_s: float
    max_pairs: int = 500_000
    max_areas: int = 20_000
    max_sites: int = 5_000
    max_tiers: int = 16
    max_policies: int = 8
    max_override_entries: int = 10_000
    async_only_datasets: tuple[str, ...] = ()
    # The asynchronous jobs' limits (max_pairs is then BLANKO_MAX_JOB_PAIRS): a dataset
    # over them is too large for this server, not one to submit as a job.
    for_jobs: bool = False

    @property
    def pairs_setting(self) -> str:
        return "BLANKO_MAX_JOB_PAIRS" if self.for_jobs else "BLANKO_MAX_PAIRS"


@dataclass(frozen=True)
class Done:
    body: bytes
    input_sha256: str | None = None


@dataclass(frozen=True)
class Rejected:
    status: int
    detail: str
    errors: tuple[tuple[str, str], ...]  # (JSON pointer, message)
    kind: str = ""  # the problem type when it is not the status's usual one
    too_big_dataset: str | None = None  # a bundled dataset over max_pairs: refuse it early


@dataclass(frozen=True)
class OutOfMemory:
    """The job hit the solver process's address-space limit (RLIMIT_AS)."""


@dataclass(frozen=True)
class Failed:
    error: str  # the traceback, for the server log only


Outcome = Done | Rejected | Failed | OutOfMemory


class _Reject(Exception):
    def __init__(self, status: int, detail: str, errors: Iterable[tuple[str, str]],
                 kind: str = "", too_big_dataset: str | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, tuple(errors)
        self.kind, self.too_big_dataset = kind, too_big_dataset


_report: Callable[[float], None] = lambda seconds: None  # noqa: E731


def set_reporter(report: Callable[[float], None]) -> None:
    """Where a job sends its budget: its capped time limits, summed (set by api.solver)."""
    global _report
    _report = report


@dataclass(frozen=True)
class _Source:
    instance: Instance
    shipment: Shipment
    policy: Policy  # the default: the dataset's suggestion, or Policy()
    in_body: bool  # the instance was sent (else a dataset was named)
    dataset: str | None


# --------------------------------------------------------------------------- jobs


def plan(body: bytes, limits: Limits, lang: str = "en") -> Outcome:
    """POST /v1/plans: the library's plan JSON, its messages' text in `lang`."""
    return in_language(_guarded(_plan, body, limits, lang), lang)


def evaluate_plan(body: bytes, limits: Limits, lang: str = "en") -> Outcome:
    """POST /v1/plans/evaluate: the plan's figures recomputed and its broken constraints.

    Violations' and messages' text in `lang`; codes, places and figures never change.
    """
    return in_language(_guarded(_evaluate, body, limits, lang), lang)


def compare(body: bytes, limits: Limits, lang: str = "en") -> Outcome:
    """POST /v1/comparisons: KPIs per policy, messages' text in `lang`."""
    return in_language(_guarded(_compare, body, limits, lang), lang)


def in_language(outcome: Outcome, lang: str) -> Outcome:
    """A refusal's error messages in `lang` (optimizer.i18n); pointers and status unchanged."""
    if not isinstance(outcome, Rejected) or lang == "en":
        return outcome
    return dataclasses.replace(outcome, errors=tuple(
        (pointer, problem_text(message, lang)) for pointer, message in outcome.errors))


def dataset_summary(name: str, with_instance: bool) -> Outcome:
    """GET /v1/datasets/{name}."""
    return _guarded(_summary, name, with_instance)


def warm(preload: tuple[str, ...]) -> None:
    """Process initializer: import the library, load and solve the preloaded datasets once.

    The size check runs once too, on its k-d tree path (a limit of 0 forces it), so that
    a request's first check does not pay for importing scipy.spatial. scipy's strongly
    connected components are loaded too: with them loaded, the engine's level 2b uses
    them instead of its pure-Python search for small networks (optimizer/engine/scc.py:
    same partition, fewer microseconds per request in a long-lived solver).
    """
    import scipy.sparse.csgraph  # noqa: F401
    for name in preload:
        if name in datasets.names():
            ds = _dataset(name)
            allowed_pair_count(ds.instance, ds.policy(), 0)
            solve(ds.instance, Shipment(blanks=ds.default_blanks), ds.policy())


# --------------------------------------------------------------------------- steps


def _plan(body: bytes, limits: Limits, lang: str) -> Done:
    request = _parse(body, PlanRequest, limits, lang)
    source = _source(request)
    policy = _policy(source.policy, request.policy, limits)
    _check_pairs(source, [("/policy", policy)], limits)
    _report(policy.time_limit_s)
    result = _library(source, "/policy", lambda: solve(source.instance, source.shipment, policy))
    result = with_note(result, capped_note(source.policy, request.policy, limits))
    return Done(plan_json(localize_plan(result, lang)).encode(), result.input_sha256)


def _evaluate(body: bytes, limits: Limits, lang: str = "en") -> Done:
    request = _parse(body, EvaluateRequest, limits, lang)
    source = _source(request)
    policy = _policy(source.policy, request.policy, limits)
    _check_pairs(source, [("/policy", policy)], limits)
    _report(policy.time_limit_s)
    if request.plan is not None:
        result = localize_evaluation(
            evaluate(source.instance, source.shipment, policy, request.plan), lang)
        return Done(result.model_dump_json().encode(),
                    input_sha256(source.instance, source.shipment, policy))
    # An unknown site is the client's /shipments/i/site_id, not the policy's pins it
    # becomes (the library would point at /policy/pinned_shipments/...).
    sites = {site.site_id for site in source.instance.sites}
    unknown = [(f"/shipments/{i}/site_id", site_not_in_instance(line.site_id, sites))
               for i, line in enumerate(request.shipments or ()) if line.site_id not in sites]
    if unknown:
        raise _Reject(422, "The input cannot be planned.", unknown)
    pins = {line.site_id: line.blanks for line in request.shipments or ()}
    policy = policy.model_copy(update={"pinned_shipments": pins})
    priced = _library(source, "/policy",
                      lambda: price_pins(source.instance, source.shipment, policy))
    noted = with_note(priced.plan, capped_note(source.policy, request.policy, limits))
    answer = ShipmentsEvaluation(plan=localize_plan(noted, lang),
                                 optimal_kpis=priced.optimal.kpis,
                                 cost=priced.cost)
    return Done(answer.model_dump_json().encode(), priced.plan.input_sha256)


def _compare(body: bytes, limits: Limits, lang: str) -> Done:
    request = _parse(body, ComparisonRequest, limits, lang)
    source = _source(request)
    _each_once(source.policy, request.policies)
    policies = [_policy(source.policy, choice.policy, limits) for choice in request.policies]
    _check_pairs(source, [(f"/policies/{i}/policy", p) for i, p in enumerate(policies)], limits)
    _report(sum(p.time_limit_s for p in policies))
    host_sites = hosts(request, source)  # (the CLI's compare serves them alike)
    results = []
    for i, (choice, policy) in enumerate(zip(request.policies, policies, strict=True)):
        # optimizer.plan_policy: the CLI's compare plans each name the same way
        # ('optimal@rule': optimal's shipments printed by the shared rule).
        run = functools.partial(plan_policy, choice.name, source.instance, source.shipment,
                                policy, hosts=host_sites)
        result = with_note(_library(source, f"/policies/{i}/policy", run),
                           capped_note(source.policy, choice.policy, limits))
        results.append(PolicyOutcome(name=choice.name, parameters=policy, status=result.status,
                                     input_sha256=result.input_sha256,
                                     # An infeasible plan's zeros are no figures (as the
                                     # CLI's compare --json gives its metrics: null).
                                     kpis=None if result.status == "infeasible" else result.kpis,
                                     messages=localize_messages(result.messages, lang)))
    # (the input planned: the host offices at work too, as each baseline's hash)
    return Done(Comparison(results=tuple(results)).model_dump_json().encode(),
                input_sha256(source.instance, source.shipment, source.policy,
                             hosts=active_hosts(source.instance, host_sites)))


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


def parse_json(body: bytes, lang: str = "en") -> Any:
    """Strict JSON (optimizer.strict_json): NaN, Infinity, numbers too large for a float
    and duplicate keys are refused (with a key given twice, which one was meant is a
    guess); a refusal is 422 with the problem at the body's root. A syntax error says
    what the parser expected and where, in `lang` (optimizer.i18n.validation)."""
    try:
        return strict_json(body)
    except JsonRefused as error:
        problem = error.problems[0]
        if error.reason == "duplicate-key":
            raise _Reject(422, "The body repeats a key in one object.",
                          [(error.pointer, f"{problem.message}; keep one")]) from None
        if error.reason == "not-finite":
            raise _Reject(422, "The body holds a number JSON does not allow.",
                          [(error.pointer, problem.message)]) from None
        if error.reason == "not-utf8":  # which byte, and the fix, in `lang`
            raise _Reject(422, "The body is not valid JSON.", [("", problem_text(
                f"{problem.message}; {problem.fix}", lang))]) from None
        if error.reason == "too-deep":  # a sentence of its own, not a parser's syntax error
            raise _Reject(422, "The body nests too deeply.",
                          [("", problem_text(problem.message, lang))]) from None
        raise _Reject(422, "The body is not valid JSON.",
                      [("", json_syntax(problem.message.removeprefix("is not valid JSON (")
                                        .removesuffix(")"), lang))]) from None


def _parse(body: bytes, model: type[Model], limits: Limits, lang: str = "en") -> Model:
    data = parse_json(body, lang)
    _check_sizes(data, limits)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        # Each message written from pydantic's error type in `lang`, not read back from
        # its English (optimizer.i18n.validation); pointers as problems_from gives them.
        raise _Reject(422, "The request is not valid.", _pairs(
            validation_problems(error, lang))) from None
    except TypeError as error:
        # A library validator that runs before the field types are checked may trip over
        # a value of the wrong type (say, an object where an id belongs): still bad input.
        raise _Reject(422, "The request is not valid.",
                      [("", f"a value has the wrong type ({error})")]) from None


def _check_sizes(data: Any, limits: Limits) -> None:
    """Counts read off the parsed JSON, before the (costly) validation builds any model.

    Over a size limit is 413; over the policies of one comparison is 422, as the
    request schema bounds that list too.
    """
    if not isinstance(data, dict):
        return
    async_only = {n.casefold() for n in limits.async_only_datasets}
    if isinstance(data.get("dataset"), str) and data["dataset"].strip().casefold() in async_only:
        name = data["dataset"]
        raise _Reject(413, _async_only(name), [(
            "/dataset", f"'{name}' has more allowed area-site pairs than BLANKO_MAX_PAIRS "
                        "(BLANKO_ASYNC_ONLY_DATASETS)")], kind="too-large", too_big_dataset=name)
    over: list[tuple[str, str]] = []

    def check(pointer: str, count: int, limit: int, what: str, setting: str) -> None:
        if count > limit:
            over.append((pointer, f"{count:,} {what}; the limit is {limit:,} "
                                  f"(BLANKO_{setting})"))

    if isinstance(data.get("policies"), list):
        check("/policies", len(data["policies"]), limits.max_policies, "policies",
              "MAX_POLICIES")
        if over:
            raise _Reject(422, "The request is not valid.", over)
    instance = data.get("instance")
    if isinstance(instance, dict):
        for member, limit, setting in (("areas", limits.max_areas, "MAX_AREAS"),
                                       ("sites", limits.max_sites, "MAX_SITES"),
                                       ("tiers", limits.max_tiers, "MAX_TIERS")):
            if isinstance(instance.get(member), list):
                check(f"/instance/{member}", len(instance[member]), limit, member, setting)
    overrides = data.get("overrides")
    if isinstance(overrides, dict):
        # The sites and areas changed, as the client counts them (50,000 area overrides
        # are 50,000, not 100,000 with their backlog tiers); an area's backlog tiers are
        # bounded apart, by the tiers an instance may have (the first area over is named).
        entries = 0
        for member in ("sites", "areas"):
            changes = overrides.get(member)
            if isinstance(changes, dict):
                entries += len(changes)
        check("/overrides", entries, limits.max_override_entries,
              "sites and areas changed", "MAX_OVERRIDE_ENTRIES")
        areas = overrides.get("areas")
        for area, change in (areas.items() if isinstance(areas, dict) else ()):
            backlog = change.get("backlog") if isinstance(change, dict) else None
            if isinstance(backlog, dict) and len(backlog) > limits.max_tiers:
                at = str(area).replace("~", "~0").replace("/", "~1")
                check(f"/overrides/areas/{at}/backlog", len(backlog), limits.max_tiers,
                      "tiers", "MAX_TIERS")
                break
    if over:
        raise _Reject(413, "The request is larger than this server's limits.", over,
                      kind="too-large")


def _check_pairs(source: _Source, policies: list[tuple[str, Policy]], limits: Limits) -> None:
    """Refuse (413) before solving when a policy allows more area-site pairs than max_pairs.

    A bundled dataset over the limit with its own suggested policy is refused whatever
    the request's policy: it belongs to the asynchronous jobs, and the server remembers
    its name to refuse it next time without a solver (Rejected.too_big_dataset).

    No policy allows more pairs than the instance has area-site combinations: within
    max_pairs, nothing is counted (the count of an instance in the body took ~1.4 ms
    of a Palembang-sized request).
    """
    if len(source.instance.areas) * len(source.instance.sites) <= limits.max_pairs:
        return
    counted: dict[tuple[float | None, float], int] = {}

    def count(policy: Policy) -> int:
        key = (policy.max_travel_km, policy.road_factor)
        if key not in counted:
            counted[key] = (
                _dataset_pairs(source.dataset, *key, limits.max_pairs)
                if source.dataset is not None
                else allowed_pair_count(source.instance, policy, limits.max_pairs))
        return counted[key]

    if source.dataset is not None and count(source.policy) > limits.max_pairs:
        _dataset.cache_clear()  # do not keep a dataset this solver will not plan
        if limits.for_jobs:  # already a job: pointing to the jobs would send it round
            raise _Reject(413, "The problem is too large for this server.",
                          [("/dataset", _pairs_message(count(source.policy), source.policy,
                                                       limits))], kind="too-large")
        raise _Reject(413, _async_only(source.dataset),
                      [("/dataset", _pairs_message(count(source.policy), source.policy,
                                                   limits))],
                      kind="too-large", too_big_dataset=source.dataset)
    for at, policy in policies:
        if count(policy) > limits.max_pairs:
            message = _pairs_message(count(policy), policy, limits)
            where = "/instance" if source.in_body else "/dataset"
            raise _Reject(413, "The problem is too large for this server.",
                          [(where, message), (at + "/max_travel_km", message)],
                          kind="too-large")


def _async_only(name: str) -> str:
    return (f"Dataset '{name}' is too large to plan in a synchronous request; submit it as "
            "an asynchronous job (POST /v1/jobs).")


def _pairs_message(pairs: int, policy: Policy, limits: Limits) -> str:
    if policy.max_travel_km is None:
        return (f"{pairs:,} allowed area-site pairs (every pair, as max_travel_km is unset); "
                f"the limit is {limits.max_pairs:,} ({limits.pairs_setting})")
    return (f"at least {pairs:,} allowed area-site pairs within max_travel_km "
            f"{policy.max_travel_km:g}; the limit is {limits.max_pairs:,} "
            f"({limits.pairs_setting})")


def _source(request: EvaluateRequest | PlanRequest | ComparisonRequest) -> _Source:
    if request.instance is not None:
        # The request model requires a shipment, except a replay's, which reads none.
        _refuse_implausible(request.instance)
        source = _Source(request.instance, request.shipment or Shipment(blanks=0), Policy(),
                         in_body=True, dataset=None)
    else:
        assert request.dataset is not None
        ds = _dataset(request.dataset)
        source = _Source(ds.instance, request.shipment or Shipment(blanks=ds.default_blanks),
                         ds.policy(), in_body=False, dataset=ds.name)
    if request.overrides is None:
        return source
    return _Source(apply_overrides(source.instance, request.overrides), source.shipment,
                   source.policy, source.in_body, source.dataset)


def hosts(request: ComparisonRequest, source: _Source) -> dict[str, str]:
    """The host offices (district_id -> site_id) a comparison or a replay job serves a
    printerless kecamatan at: the library's `dataset_hosts` on the instance after the
    overrides, as `blanko compare` and `blanko replay` (README); none with
    `"hosts": false` or an instance sent whole. Raises _Reject (422) when the overrides
    leave a host office unable to print: at the override's printers
    (/overrides/sites/<site>/printers), else /dataset, the library's message and the fix.
    `request` is a ComparisonRequest or a ReplayRequest (both have `hosts`, `overrides`)."""
    if not request.hosts or source.dataset is None:
        return {}
    try:
        return dataset_hosts(source.instance, source.dataset)
    except InvalidInput:
        pass
    # Which host broke, and by which override: each listed host checked on its own.
    listed = dataset_hosts(_dataset(source.dataset).instance, source.dataset)
    sites = request.overrides.sites if request.overrides is not None else {}
    errors = []
    for district, host in sorted(listed.items()):
        try:
            check_hosts(source.instance, {district: host})
        except InvalidInput as error:
            changed = host in sites and sites[host].printers is not None
            pointer = (json_pointer(("overrides", "sites", host, "printers")) if changed
                       else "/dataset")
            errors += [(pointer, f"{p.message}; {_HOST_FIX.format(value=host, district=district)}")
                       for p in error.problems]
    raise _Reject(422, "The input cannot be planned.", errors)


def overrides_refusal(request: BaseModel, lang: str = "en") -> Rejected | None:
    """The 422 the synchronous route gives a request whose `overrides` cannot be planned on
    its bundled dataset, its messages in `lang`: a site or area the dataset does not hold
    (with the id it may mean: `unknown_id`), and, for a comparison or replay that serves
    host offices, a host left with no printer (`hosts`: at the override's printers, with
    the fix); None when they can, or the request has no overrides on a bundled dataset.

    `POST /v1/jobs` refuses with it when the job is submitted: such a job was accepted
    with 202, then failed. Only a bundled dataset read from data/ (palembang,
    palembang-2017, indonesia: at most 514 areas) is loaded for it, once per process
    (`_dataset`); a synthetic one is generated where the job runs, and checked there."""
    if getattr(request, "overrides", None) is None:
        return None
    given = getattr(request, "dataset", None)
    name = datasets.canonical(given) if given else None
    if name is None or name.startswith("synthetic-"):
        return None  # (an unknown name is the job's 404, as before)
    try:
        source = _source(request)  # type: ignore[arg-type]
        if getattr(request, "hosts", False):
            hosts(request, source)  # type: ignore[arg-type]
    except _Reject as error:
        refused: Outcome = Rejected(error.status, error.detail, error.errors)
    except InvalidInput as error:
        refused = _invalid(error)
    else:
        return None
    out = in_language(refused, lang)
    assert isinstance(out, Rejected)
    return out


def submission_refusal(request: BaseModel, lang: str = "en") -> Rejected | None:
    """What a job's body names that only a solver would find when the job runs, found
    when it is submitted instead, as the synchronous route says it (in `lang`): a dataset
    that is not listed (422 at /dataset: a job's body is invalid input, not a missing
    route) and, for a comparison, a policy listed twice by what its parameters stand for
    once the dataset's suggestion fills what it leaves out (`_each_once`: a comparison
    job plans each policy alone, so it never saw the other). Both were accepted with 202;
    the first then failed, the second planned and showed one policy twice (tester
    qa11b). Only the dataset's metadata is read (datasets.suggested_policy)."""
    name = getattr(request, "dataset", None)
    try:
        default = Policy() if name is None else datasets.suggested_policy(name)
        choices = getattr(request, "policies", None)
        if isinstance(request, ComparisonRequest) and choices:
            _each_once(default, choices)
    except datasets.UnknownDataset as error:
        refused: Outcome = Rejected(422, "The request is not valid.",
                                    tuple((p.pointer or "/dataset", p.message)
                                          for p in error.problems))
    except _Reject as error:
        refused = Rejected(error.status, error.detail, error.errors)
    else:
        return None
    out = in_language(refused, lang)
    assert isinstance(out, Rejected)
    return out


# optimizer.i18n.problems FIXES "fix.host_printer": what a client changes.
_HOST_FIX = ("keep a printer at site '{value}', the host office of kecamatan {district} "
             "(hosts.csv), or send \"hosts\": false to plan without host offices")


def implausible_refusal(instance: Instance | None, lang: str = "en") -> Rejected | None:
    """The 422 the synchronous routes give an instance sent in the body that fails the
    plausibility checks (optimizer.implausible), its messages in `lang`: the same detail,
    pointers and words; None when it passes or no instance was sent.

    POST /v1/jobs refuses with it when the job is submitted: a job that can only fail is
    never queued (it was accepted with 202, then failed)."""
    if instance is None:
        return None
    try:
        _refuse_implausible(instance)
    except InvalidInput as error:
        refused = in_language(_invalid(error), lang)  # as the synchronous routes say it
        assert isinstance(refused, Rejected)
        return refused
    return None


def _refuse_implausible(instance: Instance) -> None:
    """An instance in the body is checked as the file readers check theirs
    (optimizer.implausible): values a plan would read as `optimal` and that cannot be
    what the client meant are a 422 at their pointer."""
    from optimizer import implausible

    problems = implausible(instance, ("instance",))
    if problems:
        raise InvalidInput(problems)


def _each_once(default: Policy, choices: Any) -> None:
    """422 at /policies/i/name for a policy listed again with the parameters it already
    has once the dataset's suggestion fills what it leaves out: `optimal` beside `optimal`
    with `"max_travel_km": 8.0` on Palembang (whose suggestion is 8 km) was planned and
    shown twice (tester qa10b; the request's own check cannot know the dataset). The time
    limit as asked, before any cap."""
    seen: dict[tuple[str, str], int] = {}
    for i, choice in enumerate(choices):
        given = choice.policy.model_dump(include=choice.policy.model_fields_set) \
            if choice.policy is not None else {}
        key = (choice.name, repr(sorted(default.model_copy(update=given).model_dump().items())))
        first = seen.setdefault(key, i)
        if first != i:
            raise _Reject(422, "The request is not valid.", [(
                f"/policies/{i}/name", f"policy '{choice.name}' is listed twice (first at "
                                       f"/policies/{first}); list each policy once")])


def _policy(default: Policy, given: Policy | None, limits: Limits) -> Policy:
    """The fields the request gave over the default, the time limit capped
    (`capped_note` says so in the plan)."""
    fields = given.model_dump(include=given.model_fields_set) if given is not None else {}
    policy = default.model_copy(update=fields)
    if policy.time_limit_s > limits.max_time_limit_s:
        policy = policy.model_copy(update={"time_limit_s": limits.max_time_limit_s})
    return policy


def capped_note(default: Policy, given: Policy | None, limits: Limits) -> Message | None:
    """TIME_LIMIT_CAPPED (warning) when `_policy` lowered the time limit asked for
    (params `asked_s`, `cap_s`, seconds), else None: a plan never runs on a lower limit
    than the client asked for without saying so (qa2 s2)."""
    fields = given.model_dump(include=given.model_fields_set) if given is not None else {}
    asked = float(default.model_copy(update=fields).time_limit_s)
    if asked <= limits.max_time_limit_s:
        return None
    return time_limit_capped(asked, limits.max_time_limit_s)


def with_note(plan: Plan, note: Message | None) -> Plan:
    """The plan with `note` as its first message (unchanged when `note` is None)."""
    if note is None:
        return plan
    return plan.model_copy(update={"messages": (note, *plan.messages)})


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
    problems = [_problem(("overrides", "sites", s), unknown_id("site", s, site_ids))
                for s in sorted(overrides.sites.keys() - site_ids)]
    problems += [_problem(("overrides", "areas", a), unknown_id("area", a, area_ids))
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


@functools.lru_cache(maxsize=64)
def _dataset_pairs(name: str, max_travel_km: float | None, road_factor: float,
                   limit: int) -> int:
    # Overrides change counts, never places: a dataset's pairs depend on these alone.
    policy = Policy(max_travel_km=max_travel_km, road_factor=road_factor)
    return allowed_pair_count(_dataset(name).instance, policy, limit)


def _library(source: _Source, policy_at: str, call: Callable[[], Result]) -> Result:
    """Call the library; its InvalidInput pointers are made relative to the request body."""
    try:
        return call()
    except InvalidInput as error:
        # `<message>; <fix>` when the library says what to change (a kecamatan no office
        # reaches), as the service writes a problem and its fix on one line.
        raise _Reject(422, "The input cannot be planned.",
                      [(_relocate(p.pointer, source, policy_at),
                        f"{p.message}; {p.fix}" if p.fix else p.message)
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
        return Rejected(error.status, error.detail, error.errors, error.kind,
                        error.too_big_dataset)
    except MemoryError:
        return OutOfMemory()
    except datasets.UnknownDataset as error:
        return Rejected(404, str(error.problems[0].message), _pairs(error.problems))
    except InvalidInput as error:
        return _invalid(error)
    except ValidationError as error:
        return Rejected(422, "The request is not valid.", _pairs(problems_from(error)))
    except Exception:
        return Failed(traceback.format_exc())


def _invalid(error: InvalidInput) -> Rejected:
    return Rejected(422, "The request is not valid.", _pairs(error.problems))


def _pairs(problems: Iterable[Problem]) -> tuple[tuple[str, str], ...]:
    return tuple((p.pointer, p.message) for p in problems)
