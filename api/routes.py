"""The endpoints: each one checks the request, hands it to the solve pool, answers."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import math
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import APIRouter, Depends, Request, Security
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader
from starlette.responses import Response

from api import bodies, jobs, logs
from api.models import (
    Comparison,
    ComparisonRequest,
    DatasetLink,
    DatasetList,
    DatasetSummary,
    EvaluateRequest,
    Health,
    Readiness,
    ShipmentsEvaluation,
)
from api.problems import (
    ApiProblem,
    FieldError,
    documented,
    internal_error,
    invalid_input,
    listed_dataset,
    unknown_dataset,
)
from api.settings import Settings
from api.workers import QueueFull, ShuttingDown, SolvePool
from optimizer import Evaluation, pick_language

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False,
                        description="Required when the server sets BLANKO_API_KEY.")


async def require_api_key(request: Request, key: str | None = Security(_api_key)) -> None:
    # async: FastAPI runs a plain `def` dependency in its thread pool, a thread hop on
    # every /v1 request for a comparison that never blocks.
    expected = _settings(request).api_key
    if expected is None:
        return
    if key is None or not hmac.compare_digest(key.encode(),
                                              expected.get_secret_value().encode()):
        raise ApiProblem(401, "unauthorized", "Unauthorized",
                         "The X-API-Key header is missing or wrong.",
                         headers={"WWW-Authenticate": 'ApiKey header="X-API-Key"'})


def _query_names(route: APIRoute) -> frozenset[str]:
    """The query parameters a route declares (its dependencies' included)."""
    names = getattr(route, "_blanko_query_names", None)
    if names is None:
        found: set[str] = set()
        dependants = [route.dependant]
        while dependants:  # (the route's own and those of its dependencies)
            dependant = dependants.pop()
            found.update(field.alias for field in dependant.query_params)
            dependants.extend(dependant.dependencies)
        names = frozenset(found)
        route._blanko_query_names = names  # type: ignore[attr-defined]
    return names


async def known_query(request: Request) -> None:
    """422 for a query parameter the route does not take, or one given twice.

    FastAPI ignores a parameter it does not declare and keeps the last of a repeated one:
    `GET /v1/plans?statuss=draft` listed every plan as if filtered, `?status=approved&
    status=draft` only the drafts, and `POST /v1/plans?save=false` kept the plan (tester
    qa10b). The body's fields are refused so already ("is not a known field", a key twice);
    the query is now too, each parameter named, with what the route takes."""
    params = request.query_params
    route = request.scope.get("route")
    if not params or not isinstance(route, APIRoute):
        return  # (nearly every request: no query at all)
    known = _query_names(route)
    counts = Counter(name for name, _ in params.multi_items())
    errors = []
    for name, count in counts.items():
        if name not in known:
            errors.append(FieldError(pointer="", parameter=name, message=(
                f"there is no query parameter '{name}' here: this route takes none; leave "
                "it out" if not known else
                f"there is no query parameter '{name}' here (this route takes "
                f"{', '.join(sorted(known))}); correct its name or leave it out")))
        elif count > 1:
            errors.append(FieldError(pointer="", parameter=name, message=(
                f"query parameter '{name}' is given {count} times; give it once")))
    errors += _not_utf8(request.scope.get("query_string", b""), known)
    if errors:
        raise invalid_input(errors)


def _not_utf8(query: bytes, known: frozenset[str]) -> list[FieldError]:
    """A query value whose percent-escapes are not UTF-8 (`?label=Caf%E9`, Latin-1):
    Starlette reads each such byte as U+FFFD, so the filter matched nothing and the answer
    was an empty list (tester qa10b)."""
    if b"%" not in query:
        return []
    errors = []
    for part in query.split(b"&"):
        name, _, value = part.partition(b"=")
        try:
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            shown = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", "replace")
            if shown in known:  # (an unknown one is refused by its name already)
                errors.append(FieldError(pointer="", parameter=shown, message=(
                    f"query parameter '{shown}' is not UTF-8 text once its %-escapes are "
                    f"read ({value.decode('ascii', 'replace')}); percent-encode the text's "
                    "UTF-8 bytes (é is %C3%A9)")))
    return errors


v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_api_key), Depends(known_query)],
               responses=documented(401, 422, 500, 503))
health = APIRouter(tags=["health"])
_POST_ERRORS = documented(404, 408, 413, 415, 504)


def _body(model: type[Any]) -> dict[str, Any]:
    """The OpenAPI request body; the route parses it itself (strict JSON, in a worker)."""
    schema = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": schema}}},
            "parameters": [_ACCEPT_LANGUAGE]}


_ACCEPT_LANGUAGE = {
    "name": "Accept-Language", "in": "header", "required": False,
    "schema": {"type": "string", "examples": ["id", "en"]},
    "description": "Language of each message's `text`: `id` (Bahasa Indonesia) or `en` "
                   "(the default). `code` and `params` never change. The answer's "
                   "Content-Language says which was used."}


# POST /v1/plans (which also keeps the plan) is in api/store_routes.py.


@v1.post("/plans/evaluate", response_model=Evaluation | ShipmentsEvaluation,
         responses=_POST_ERRORS,
         openapi_extra=_body(EvaluateRequest), tags=["plans"], summary="Evaluate a plan",
         operation_id="evaluatePlan")
async def evaluate_plan(request: Request) -> Response:
    """KPIs and broken constraints of a plan, perhaps edited by hand (every figure it
    states, in its site, area and district lines and KPIs, is checked against its
    shipments and service lines: `figure_mismatch`); or the plan around pinned
    shipments and their cost against the optimal plan."""
    return await _run_body_job(request, jobs.evaluate_plan)


@v1.post("/comparisons", response_model=Comparison, responses=_POST_ERRORS,
         openapi_extra=_body(ComparisonRequest), tags=["plans"], summary="Compare policies",
         operation_id="comparePolicies")
async def compare_policies(request: Request) -> Response:
    """KPIs of each policy on the same input."""
    return await _run_body_job(request, jobs.compare)


@v1.get("/datasets", response_model=DatasetList, tags=["datasets"], summary="List datasets",
        operation_id="listDatasets")
async def list_datasets(request: Request) -> DatasetList:
    return DatasetList(datasets=tuple(DatasetLink(name=name, href=f"/v1/datasets/{name}")
                                      for name in request.app.state.dataset_names))


@v1.get("/datasets/{name}", response_model=DatasetSummary, responses=documented(404, 413, 504),
        tags=["datasets"], summary="Describe a dataset", operation_id="getDataset")
async def get_dataset(request: Request, name: str, instance: bool = False) -> Response:
    """Sizes, backlog and default shipment of a dataset; the instance with ?instance=true."""
    # By the rule every route and the CLI find a dataset by (datasets.canonical: case and
    # surrounding spaces aside): `/v1/datasets/palembang%20` was a 404 while a body's
    # " Palembang" and `--dataset ' Palembang'` plan Palembang (tester qa11b).
    listed = listed_dataset(name, request.app.state.dataset_names)
    if listed is None:
        raise unknown_dataset(name, request.app.state.dataset_names)
    name = listed
    # A dataset too large to plan synchronously is still read whole: reading is not
    # planning (synthetic-national's instance is ~15 MB of JSON, ~1 s of CPU to load).
    async with _pool(request).admission():
        outcome = await _watched(request, jobs.dataset_summary, name, instance)
    return _respond(request, outcome)


@health.get("/healthz", response_model=Health, summary="Liveness", operation_id="health")
async def healthz() -> Health:
    return Health()


@health.get("/readyz", response_model=Readiness, responses=documented(503),
            summary="Readiness: the solvers are up", operation_id="readiness")
async def readyz(request: Request) -> Readiness:
    pool = _pool(request)
    if pool.draining:
        raise ShuttingDown
    stats = pool.stats()  # asks the OS whether each solver process is alive
    if not pool.ready or stats.alive == 0:
        raise ApiProblem(503, "not-ready", "Not ready", "No solver process is alive.",
                         headers={"Retry-After": "1"})
    return Readiness(workers=stats.workers, alive=stats.alive, busy=stats.busy,
                     queued=stats.queued, queue_size=stats.queue_size, spares=stats.spares)


# --------------------------------------------------------------------------- helpers


async def _run_body_job(request: Request,
                        job: Callable[[bytes, jobs.Limits, str], jobs.Outcome]) -> Response:
    _require_json(request)
    pool = _pool(request)
    settings = _settings(request)
    refuse_early(pool, patience(request))  # a refusal costs no body
    # Accept-Language picks each message's `text`; `code` and `params` never change.
    lang = pick_language(request.headers.get("accept-language"))
    body = await read_request_body(request)
    _refuse_known_too_big(request, body)
    async with pool.admission():
        outcome = await _watched(request, job, body, limits(settings), lang)
    response = _respond(request, outcome)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language"
    return response


async def read_request_body(request: Request) -> bytes:
    """The whole body, in full, in time and at the minimum rate (api/bodies.py)."""
    return await bodies.request_body(request.receive, request.scope.setdefault("state", {}),
                                     body_rules(_settings(request)),
                                     request.app.state.body_gate)


def limits(settings: Settings) -> jobs.Limits:
    """The size limits of the synchronous routes."""
    return jobs.Limits(max_time_limit_s=settings.max_time_limit_s, max_pairs=settings.max_pairs,
                       max_areas=settings.max_areas, max_sites=settings.max_sites,
                       max_tiers=settings.max_tiers, max_policies=settings.max_policies,
                       max_override_entries=settings.max_override_entries,
                       async_only_datasets=tuple(settings.async_only_datasets))


def body_rules(settings: Settings) -> bodies.BodyRules:
    return bodies.BodyRules(timeout_s=settings.body_timeout_s, grace_s=settings.body_grace_s,
                            min_bytes_per_s=settings.body_min_bytes_per_s)


def refuse_early(pool: SolvePool, patience_s: float | None = None) -> None:
    """Refusals that need no body: stopping, the queue full, every solver stuck on a
    job older than the request's patience."""
    if pool.draining:
        raise ShuttingDown
    if pool.ready and not pool.has_room():
        raise QueueFull(pool.retry_after())
    if pool.ready and patience_s is not None:
        pool.refuse_if_stuck(patience_s)


async def _watched(request: Request, fn: Callable[..., jobs.Outcome], *args: Any,
                   ) -> jobs.Outcome:
    """Run the job; if the client hangs up first, give the job up (see SolvePool.run).

    Busy (503) when every solver runs a job older than the request's patience."""
    job = asyncio.ensure_future(_pool(request).run(fn, *args, patience_s=patience(request)))
    gone = asyncio.ensure_future(bodies.wait_for_disconnect(request.receive))
    try:
        await asyncio.wait({job, gone}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (gone, job):
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    if job.cancelled():
        raise bodies.ClientGone
    outcome: jobs.Outcome = job.result()
    return outcome


def patience(request: Request) -> float:
    """How long the request may wait behind long jobs, seconds: `Prefer: wait=N`
    (RFC 7240) up to BLANKO_MAX_QUEUE_WAIT_S, else BLANKO_QUEUE_WAIT_S."""
    settings = _settings(request)
    for value in request.headers.getlist("prefer"):
        for preference in value.split(","):
            name, _, rest = preference.split(";")[0].strip().partition("=")
            if name.strip().lower() != "wait":
                continue
            with contextlib.suppress(ValueError):
                seconds = float(rest.strip().strip('"'))
                if math.isfinite(seconds) and seconds >= 0:
                    return min(seconds, settings.max_queue_wait_s)
    return settings.queue_wait_s


# Bodies up to this size are looked at on the event loop for a dataset known to be too
# big for the synchronous routes (about 10 microseconds to parse).
_PEEK_BYTES = 4096


def _refuse_known_too_big(request: Request, body: bytes) -> None:
    known: set[str] = request.app.state.too_big_datasets
    if not known or len(body) > _PEEK_BYTES:
        return
    with contextlib.suppress(ValueError, RecursionError):
        data = json.loads(body)
        name = data.get("dataset") if isinstance(data, dict) else None
        # Names are found in any case (datasets.canonical): so are the too-big ones.
        if isinstance(name, str) and name.strip().casefold() in {k.casefold() for k in known}:
            raise _too_big(name)


def _too_big(name: str) -> ApiProblem:
    return ApiProblem(413, "too-large", "Problem too large",
                      f"Dataset '{name}' is too large to plan in a synchronous request; "
                      "submit it as an asynchronous job (POST /v1/jobs).",
                      [FieldError(pointer="/dataset", message=f"'{name}' has more allowed "
                                  "area-site pairs than BLANKO_MAX_PAIRS "
                                  "(BLANKO_ASYNC_ONLY_DATASETS)")])


def _require_json(request: Request) -> None:
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if encoding not in ("", "identity"):
        # A gzip body was read as UTF-8 text and refused as "utf-8 codec can't decode"
        # (422, tester qa9): the service reads bodies uncompressed (RFC 7694: 415 and
        # Accept-Encoding).
        raise ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                         f"The body must be sent uncompressed, not with Content-Encoding "
                         f"'{encoding}'.", headers={"Accept-Encoding": "identity"})
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" and not (media.startswith("application/")
                                            and media.endswith("+json")):
        raise ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                         f"The body must be application/json, not '{media or 'unstated'}'.",
                         headers={"Accept-Post": "application/json"})


def _respond(request: Request, outcome: jobs.Outcome) -> Response:
    if isinstance(outcome, jobs.Done):
        request.state.input_sha256 = outcome.input_sha256
        return Response(outcome.body, media_type="application/json")
    if isinstance(outcome, jobs.Rejected):
        errors = [FieldError(pointer=p, message=m) for p, m in outcome.errors]
        if outcome.too_big_dataset is not None:
            request.app.state.too_big_datasets.add(outcome.too_big_dataset)
        if outcome.kind == "too-large":
            raise ApiProblem(outcome.status, "too-large", "Problem too large", outcome.detail,
                             errors)
        if outcome.status == 404:
            raise ApiProblem(404, "unknown-dataset", "Unknown dataset", outcome.detail, errors)
        raise invalid_input(errors, outcome.detail)
    if isinstance(outcome, jobs.OutOfMemory):
        limit = _settings(request).solver_memory_mb
        raise ApiProblem(413, "solver-memory-limit", "Problem too large",
                         f"Solving this request needed more than the {limit} MiB a solver "
                         "process may use (BLANKO_SOLVER_MEMORY_MB).")
    logs.event("job_failed", logging.ERROR, request_id=request.state.request_id,
               traceback=outcome.error)
    raise internal_error()


def _pool(request: Request) -> SolvePool:
    pool: SolvePool = request.app.state.pool
    return pool


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
