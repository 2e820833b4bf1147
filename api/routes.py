"""The endpoints: each one checks the request, hands it to the solve pool, answers."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request, Security
from fastapi.security import APIKeyHeader
from starlette.responses import Response

from api import jobs, logs
from api.models import (
    Comparison,
    ComparisonRequest,
    DatasetLink,
    DatasetList,
    DatasetSummary,
    EvaluateRequest,
    Health,
    PlanRequest,
    Readiness,
    ShipmentsEvaluation,
)
from api.problems import (
    ApiProblem,
    FieldError,
    documented,
    internal_error,
    invalid_input,
    unknown_dataset,
)
from api.settings import Settings
from api.workers import SolvePool
from optimizer import Evaluation, Plan

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False,
                        description="Required when the server sets BLANKO_API_KEY.")


def require_api_key(request: Request, key: str | None = Security(_api_key)) -> None:
    expected = _settings(request).api_key
    if expected is None:
        return
    if key is None or not hmac.compare_digest(key.encode(),
                                              expected.get_secret_value().encode()):
        raise ApiProblem(401, "unauthorized", "Unauthorized",
                         "The X-API-Key header is missing or wrong.",
                         headers={"WWW-Authenticate": 'ApiKey header="X-API-Key"'})


v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_api_key)],
               responses=documented(401, 422, 500, 503))
health = APIRouter(tags=["health"])
_POST_ERRORS = documented(404, 413, 415)


def _body(model: type[Any]) -> dict[str, Any]:
    """The OpenAPI request body; the route parses it itself (strict JSON, in a worker)."""
    schema = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": schema}}}}


@v1.post("/plans", response_model=Plan, responses=_POST_ERRORS, openapi_extra=_body(PlanRequest),
         tags=["plans"], summary="Plan one shipment", operation_id="createPlan")
async def create_plan(request: Request) -> Response:
    """The optimal plan for an instance (sent, or a dataset with what-if overrides)."""
    return await _run_body_job(request, jobs.plan)


@v1.post("/plans/evaluate", response_model=Evaluation | ShipmentsEvaluation,
         responses=_POST_ERRORS,
         openapi_extra=_body(EvaluateRequest), tags=["plans"], summary="Evaluate a plan",
         operation_id="evaluatePlan")
async def evaluate_plan(request: Request) -> Response:
    """KPIs and broken constraints of a plan, perhaps edited by hand; or the plan around
    pinned shipments and their cost against the optimal plan."""
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


@v1.get("/datasets/{name}", response_model=DatasetSummary, responses=documented(404),
        tags=["datasets"], summary="Describe a dataset", operation_id="getDataset")
async def get_dataset(request: Request, name: str, instance: bool = False) -> Response:
    """Sizes, backlog and default shipment of a dataset; the instance with ?instance=true."""
    if name not in request.app.state.dataset_names:
        raise unknown_dataset(name, request.app.state.dataset_names)
    async with _pool(request).admission():
        outcome = await _pool(request).run(jobs.dataset_summary, name, instance)
    return _respond(request, outcome)


@health.get("/healthz", response_model=Health, summary="Liveness", operation_id="health")
async def healthz() -> Health:
    return Health()


@health.get("/readyz", response_model=Readiness, responses=documented(503),
            summary="Readiness: the solvers are up", operation_id="readiness")
async def readyz(request: Request) -> Readiness:
    pool = _pool(request)
    if not pool.ready:
        raise ApiProblem(503, "not-ready", "Not ready", "The solver processes are not up.",
                         headers={"Retry-After": "1"})
    stats = pool.stats()
    return Readiness(workers=stats.workers, alive=stats.alive, busy=stats.busy,
                     queued=stats.queued, queue_size=stats.queue_size)


# --------------------------------------------------------------------------- helpers


async def _run_body_job(request: Request, job: Callable[[bytes, jobs.Limits], jobs.Outcome],
                        ) -> Response:
    _require_json(request)
    pool = _pool(request)
    limits = jobs.Limits(max_time_limit_s=_settings(request).max_time_limit_s)
    async with pool.admission():  # before the body is read: a full queue costs no memory
        body = await request.body()
        outcome = await pool.run(job, body, limits)
    return _respond(request, outcome)


def _require_json(request: Request) -> None:
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
        if outcome.status == 404:
            raise ApiProblem(404, "unknown-dataset", "Unknown dataset", outcome.detail, errors)
        raise invalid_input(errors, outcome.detail)
    logs.event("job_failed", logging.ERROR, request_id=request.state.request_id,
               traceback=outcome.error)
    raise internal_error()


def _pool(request: Request) -> SolvePool:
    pool: SolvePool = request.app.state.pool
    return pool


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
