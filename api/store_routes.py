"""Plans that are kept, and background jobs: the /v1/plans store routes and /v1/jobs.

`install(app)` adds the routes, opens the store on start-up (running its migrations)
and starts the job runner once the solve pool is up. Every solve, for a request or a
job, runs in the same `workers.SolvePool` as the other routes; the database is only
touched from threads, never on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, NoReturn
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Route

from api import bodies, jobs, logs, routes, store_jobs
from api.models import ComparisonRequest, PlanRequest
from api.problems import (
    PROBLEM_MEDIA_TYPE,
    ApiProblem,
    FieldError,
    clip,
    documented,
    internal_error,
    invalid_input,
    stored_problem,
)
from api.routes import _body, _require_json, known_query, require_api_key
from api.settings import Settings
from api.workers import (
    DeadlineExceeded,
    PoolNotReady,
    QueueFull,
    ShuttingDown,
    SolvePool,
    WorkerCrashed,
)
from optimizer import (
    NO_CONTROL,
    NOTE_TEXT,
    Message,
    Plan,
    Shipment,
    datasets,
    json_pointer,
    localize_messages,
    pick_language,
    strict_dumps,
)
from optimizer.i18n.validation import validation_problems
from optimizer.store import (
    IdempotencyConflict,
    JobRecord,
    JobsFull,
    NewPlan,
    NotApprovable,
    NotFound,
    PlanQuery,
    PlanRecord,
    Store,
    WrongTransition,
)
from optimizer.store import diff as plan_diff
from optimizer.store.repository import owner_id

JobKind = Literal["plan", "comparison", "replay"]
_ISO_8601 = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?"
             r"(Z|[+-][0-9]{2}:?[0-9]{2})?)?$")


def _checked_instant(text: str | None) -> str | None:
    """A query parameter's check (AfterValidator): `text` unchanged when it is an ISO 8601
    date or date and time, else a validation error with the sentence of _not_a_date (its
    own error type, `not_a_date`), reported with every other invalid parameter."""
    if text is None:
        return None
    try:
        _parsed_instant(text)
    except ValueError:
        raise PydanticCustomError("not_a_date", "{text}", {"text": _not_a_date(text)}) \
            from None
    return text


def _parsed_instant(text: str) -> datetime:
    if not re.match(_ISO_8601, text):
        raise ValueError(text)
    return datetime.fromisoformat(text)


def _not_a_date(text: str) -> str:
    return (f"'{clip(text, 64)}' is not a date: write an ISO 8601 date or date and time, "
            "e.g. 2026-11-29 or 2026-11-29T08:00:00+07:00")


_KIND_MODELS: dict[str, type[BaseModel]] = {"plan": PlanRequest,
                                            "comparison": ComparisonRequest,
                                            "replay": store_jobs.ReplayRequest}


class StoreSettings(BaseSettings):
    """Settings of the plan store and the job runner (`BLANKO_<NAME>`)."""

    model_config = SettingsConfigDict(env_prefix="BLANKO_", frozen=True, extra="ignore")

    database_url: str | None = Field(None, description="SQLAlchemy URL of the plan store "
                                     "(default: SQLite in the user's data directory).")
    job_slots: int = Field(1, ge=1, le=64, description="Jobs this server runs at once (each "
                                                       "takes one solver at a time).")
    job_lease_s: float = Field(30.0, ge=1.0, le=3600.0, description=(
        "A running job whose server has not reported for this long is failed as lost."))
    job_poll_s: float = Field(1.0, gt=0.0, le=60.0,
                              description="How often an idle server looks for queued jobs.")
    max_queued_jobs: int = Field(1000, ge=1, le=10**7, description=(
        "Jobs that may wait in the queue (on every server of the database together); a job "
        "submitted beyond them is refused with 503 and Retry-After, so that one client's "
        "flood of jobs cannot make every other client's job wait behind it."))


# --------------------------------------------------------------------------- bodies


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


D = Field  # short for the descriptions below


class PlanSummary(_Out):
    """A kept plan in a listing (the plan itself: GET /v1/plans/{id})."""

    id: str = D(description="The plan's id (a UUID).")
    href: str = D(description="Where the plan JSON is: /v1/plans/{id}.")
    created_at: datetime = D(description="When it was kept (UTC).")
    created_by: str = D(description="Who kept it: the API key's name, 'api-key', "
                                    "'anonymous', or the OS user on the CLI.")
    label: str | None = D(description="The label given when it was kept.")
    status: Literal["draft", "approved", "published", "superseded"] = D(
        description="draft -> approved -> published; superseded when a later plan for the "
                    "same shipment is approved.")
    solve_status: str = D(
        description="The plan's own status, as its JSON says: optimal; feasible (valid, but a "
                    "time limit cut a stage short, or a baseline policy planned: it may be "
                    "approved); infeasible (no shipments: kept, but it cannot be approved or "
                    "published, 409 /problems/not-approvable).")
    replaces: str | None = D(description="The id of the plan this one superseded.")
    source: Literal["dataset", "instance"] = D(description="Whether the input was a bundled "
                                                           "dataset or a sent instance.")
    dataset: str | None = D(description="The bundled dataset's name, if one was used.")
    dataset_sha256: str | None = D(description="sha256 of the dataset's instance JSON when "
                                               "the plan was made.")
    shipment: Shipment = D(description="The shipment planned.")
    shipment_key: str = D(description="Plans with the same key are for the same shipment.")
    input_sha256: str = D(description="The plan's input_sha256 (instance, shipment, policy).")
    plan_sha256: str = D(description="sha256 of the plan JSON as kept.")


class PlanList(_Out):
    """A page of kept plans, newest first."""

    items: tuple[PlanSummary, ...] = D(description="The plans on this page.")
    total: int = D(description="Plans matching the filters, on every page.")
    limit: int = D(description="Most plans a page holds.")
    offset: int = D(description="Plans skipped before this page.")
    next: str | None = D(description="The next page, when there is one.")


class PlanEventOut(_Out):
    """One event in a plan's history."""

    at: datetime = D(description="When (UTC).")
    by: str = D(description="Who.")
    action: str = D(description="saved, approved, published, superseded, verified or "
                                "not-reproduced.")
    status: str = D(description="The plan's status after the event.")
    note: str | None = D(description="The note given with it.")


class PlanDetail(PlanSummary):
    """A kept plan's record and history (the plan itself: GET /v1/plans/{id})."""

    policy: dict[str, Any] = D(description="The policy the solver ran with, every field.")
    overrides: dict[str, Any] | None = D(description="The what-if overrides applied.")
    solver_versions: dict[str, str] = D(description="Versions of blanko, the solver and "
                                                    "Python that made the plan.")
    history: tuple[PlanEventOut, ...] = D(description="Every event, oldest first.")


class Note(BaseModel):
    """The body of approve and publish (optional)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    note: str | None = Field(None, max_length=2000, pattern=NOTE_TEXT,
                             description="Why, for the history (no control characters but "
                                         "tab and line breaks).")


class VerificationOut(_Out):
    """The answer of POST /v1/plans/{id}/verify."""

    reproduced: bool = D(description="The plan solved again equals the stored one byte for "
                                     "byte, apart from solver.seconds.")
    differences: tuple[str, ...] = D(description="JSON pointers of the values that differ "
                                                 "(at most 100).")
    differences_total: int = D(description="How many values differ in all.")
    input_sha256_then: str = D(description="input_sha256 of the stored plan.")
    input_sha256_now: str = D(description="input_sha256 of the plan solved now.")
    dataset_changed: bool = D(description="The bundled dataset's content is not what the plan "
                                          "was made from.")
    solver_then: dict[str, str] = D(description="Versions that made the stored plan.")
    solver_now: dict[str, str] = D(description="Versions that solved it now.")


class JobRequest(BaseModel):
    """POST /v1/jobs: `kind` and the body of the synchronous route (POST /v1/plans,
    /v1/comparisons), or of a replay (ReplayRequest)."""

    model_config = ConfigDict(extra="allow")

    kind: JobKind = D(description="plan, comparison or replay; the other members are that "
                                  "route's body.")


class JobProblem(_Out):
    """Why a job failed (RFC 9457 members)."""

    type: str = D(description="A problem type, e.g. /problems/worker-crashed.")
    title: str = D(description="A short summary of the type.")
    status: int = D(description="The HTTP status the synchronous route would have given.")
    detail: str = D(description="What happened to this job.")
    errors: tuple[FieldError, ...] = D((), description="Every invalid field of the body.")


class JobOut(_Out):
    """A job and where it stands."""

    id: str = D(description="The job's id (a UUID).")
    href: str = D(description="Where to poll it: /v1/jobs/{id}.")
    kind: JobKind = D(description="plan, comparison or replay.")
    status: Literal["queued", "running", "succeeded", "failed", "cancelled"] = D(
        description="queued -> running -> succeeded or failed; cancelled by DELETE.")
    progress: float = D(description="Share of the work done, 0 to 1.")
    created_at: datetime = D(description="When it was sent (UTC).")
    started_at: datetime | None = D(description="When a server started it (UTC).")
    finished_at: datetime | None = D(description="When it ended (UTC).")
    result: str | None = D(description="Where the result is, once succeeded.")
    plan: str | None = D(description="The plan kept by a plan job.")
    problem: JobProblem | None = D(description="Why the job failed.")


# --------------------------------------------------------------------------- routes

_409: dict[int | str, dict[str, Any]] = {409: {
    "description": "The plan or job is in a status that does not allow this.",
    "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}}}
router = APIRouter(prefix="/v1", dependencies=[Depends(require_api_key), Depends(known_query)],
                   responses=documented(401, 422, 500, 503))
_Id = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("/plans", response_model=Plan, responses=documented(404, 413, 415),
             openapi_extra=_body(PlanRequest), tags=["plans"],
             summary="Plan one shipment (and keep the plan)", operation_id="createPlan")
async def create_plan(request: Request) -> Response:
    """The optimal plan for an instance (sent, or a dataset with what-if overrides).

    Kept in the plan store unless `"save": false`; then `Location: /v1/plans/{id}`."""
    # Read and admitted exactly as the other body routes (api/routes.py).
    _require_json(request)
    pool = _pool(request)
    settings: Settings = request.app.state.settings
    routes.refuse_early(pool, routes.patience(request))
    body = await routes.read_request_body(request)
    routes._refuse_known_too_big(request, body)
    # Accept-Language picks each message's `text`; `code` and `params` never change.
    lang = pick_language(request.headers.get("accept-language"))
    async with pool.admission():
        outcome = await routes._watched(request, store_jobs.plan, body, routes.limits(settings),
                                        lang)
    if not isinstance(outcome, store_jobs.Kept):
        return routes._respond(request, outcome)  # raises the problem
    request.state.input_sha256 = outcome.input_sha256
    headers = {}
    if outcome.save and outcome.record is not None:
        if request.headers.get("idempotency-key") is not None:
            # Only jobs honour the key: ignored here, a portal's retry after a timeout kept
            # the plan twice (tester qa11b). Refused before anything is kept.
            raise invalid_input([FieldError(
                pointer="", parameter="Idempotency-Key",
                message="POST /v1/plans does not take an Idempotency-Key, so a retry would "
                        "keep the plan twice; send it as a job (POST /v1/jobs with \"kind\": "
                        "\"plan\"), whose retries with the key find the same job, or leave "
                        "the header out")])
        record = await asyncio.to_thread(_store(request).save_plan, _new_plan(
            body, outcome, _caller(request)))
        headers["Location"] = f"/v1/plans/{record.id}"
    headers["Content-Language"] = lang
    headers["Vary"] = "Accept-Language"
    return Response(outcome.body, media_type="application/json", headers=headers)


@router.get("/plans", response_model=PlanList, tags=["plans"], summary="List kept plans",
            operation_id="listPlans")
async def list_plans(
    request: Request,
    dataset: Annotated[str | None, Query(max_length=64, pattern=NO_CONTROL)] = None,
    status: Literal["draft", "approved", "published", "superseded"] | None = None,
    label: Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL)] = None,
    # The pattern is documented, not enforced by FastAPI (whose refusal would echo the
    # regex): _checked_instant refuses with a sentence saying what is allowed, in the same
    # round as every other parameter (a client sees all its mistakes at once).
    created_from: Annotated[str | None, Query(json_schema_extra={"pattern": _ISO_8601},
                                              description=(
        "Plans created at or after this instant (ISO 8601; UTC if no zone given).")),
        AfterValidator(_checked_instant)] = None,
    created_before: Annotated[str | None, Query(json_schema_extra={"pattern": _ISO_8601},
                                                description=(
        "Plans created before this instant (ISO 8601).")),
        AfterValidator(_checked_instant)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> PlanList:
    """Newest first, filtered by dataset, status, label and creation time."""
    # A dataset by any name POST /v1/plans takes for it ('PALEMBANG', ' palembang'): its
    # plans are kept under the listed name, and an exact match found none (tester qa10b).
    query = PlanQuery(dataset=dataset if dataset is None else datasets.canonical(dataset)
                      or dataset, status=status, label=label,
                      created_from=_instant("created_from", created_from),
                      created_before=_instant("created_before", created_before),
                      limit=limit, offset=offset)
    refused = query.range_problems()  # (in the Accept-Language: api.main's respond)
    if refused:
        raise invalid_input([FieldError(pointer="", parameter=p.location,
                                        message=f"{p.message}; {p.fix}") for p in refused])
    page = await asyncio.to_thread(_store(request).list_plans, query)
    following = None
    if page.offset + len(page.items) < page.total:
        params = dict(request.query_params)
        params.update(limit=str(page.limit), offset=str(page.offset + len(page.items)))
        following = "/v1/plans?" + urlencode(sorted(params.items()))
    return PlanList(items=tuple(_summary(r) for r in page.items), total=page.total,
                    limit=page.limit, offset=page.offset, next=following)


@router.get("/plans/{plan_id}", response_model=Plan, responses=documented(404),
            tags=["plans"], summary="A kept plan, byte for byte", operation_id="getPlan")
async def get_plan(request: Request, plan_id: _Id) -> Response:
    """The plan JSON exactly as it was returned when it was made; with `Accept-Language: id`
    its messages' text is rendered in Bahasa Indonesia from their code and params."""
    record = await _plan(request, plan_id)
    lang = pick_language(request.headers.get("accept-language"))
    body, tag = record.plan, record.plan_sha256
    if lang != "en":
        body, tag = _in_language(body, lang), f"{tag}-{lang}"
    return Response(body, media_type="application/json",
                    headers={"ETag": f'"{tag}"', "X-Plan-Status": record.status,
                             "X-Solve-Status": record.result,
                             "Content-Language": lang, "Vary": "Accept-Language"})


@router.get("/plans/{plan_id}/record", response_model=PlanDetail, responses=documented(404),
            tags=["plans"], summary="A kept plan's record and history",
            operation_id="getPlanRecord")
async def get_plan_record(request: Request, plan_id: _Id) -> PlanDetail:
    record = await _plan(request, plan_id)
    return await _detail(request, record)


@router.post("/plans/{plan_id}/verify", response_model=VerificationOut,
             responses=documented(404), tags=["plans"], summary="Re-solve a kept plan",
             operation_id="verifyPlan")
async def verify_plan(request: Request, plan_id: _Id) -> VerificationOut:
    """Solve the stored input again: is the plan reproduced byte for byte (apart from
    solver.seconds)? If not, which fields differ, and the solver versions then and now.
    It takes no body: one is refused (422), not ignored."""
    record = await _plan(request, plan_id)  # (an unknown id: 404 before any body is read)
    await _no_body(request)
    pool = _pool(request)
    async with pool.admission():
        outcome = await routes._watched(request, store_jobs.verify, _verify_fields(record))
    if not isinstance(outcome, jobs.Done):
        _raise_outcome(request, outcome)
    answer = VerificationOut.model_validate_json(outcome.body)
    await asyncio.to_thread(_store(request).record_verification, plan_id, _caller(request),
                            answer.reproduced, None if answer.reproduced else
                            f"{answer.differences_total} values differ")
    return answer


@router.post("/plans/{plan_id}/approve", response_model=PlanDetail,
             responses={**documented(404), **_409}, tags=["plans"], summary="Approve a plan",
             operation_id="approvePlan")
async def approve_plan(request: Request, plan_id: _Id, note: Note | None = None,
                       ) -> PlanDetail:
    """draft -> approved; the plan in force for the same shipment becomes superseded."""
    return await _transition(request, plan_id, "approve", note)


@router.post("/plans/{plan_id}/publish", response_model=PlanDetail,
             responses={**documented(404), **_409}, tags=["plans"], summary="Publish a plan",
             operation_id="publishPlan")
async def publish_plan(request: Request, plan_id: _Id, note: Note | None = None,
                       ) -> PlanDetail:
    """approved -> published."""
    return await _transition(request, plan_id, "publish", note)


@router.get("/plans/{plan_id}/diff/{other_id}", response_model=plan_diff.PlanDiff,
            responses=documented(404), tags=["plans"], summary="What changed between plans",
            operation_id="diffPlans")
async def diff_plans(request: Request, plan_id: _Id, other_id: _Id,
                     ) -> plan_diff.PlanDiff:
    """Blanks per office, cards and coverage per kecamatan, KPIs: `plan_id` before,
    `other_id` after."""
    before, after = await _plan(request, plan_id), await _plan(request, other_id)

    def compute() -> plan_diff.PlanDiff:
        return plan_diff.diff(before.id, Plan.model_validate_json(before.plan),
                              after.id, Plan.model_validate_json(after.plan))

    return await asyncio.to_thread(compute)


@router.post("/jobs", response_model=JobOut, status_code=202,
             responses=documented(413, 415), openapi_extra=_body(JobRequest),
             tags=["jobs"], summary="Start a job", operation_id="createJob")
async def create_job(
    request: Request,
    idempotency_key: Annotated[str | None, Header(
        min_length=1, max_length=255, description="The same key and body give the same job; "
                                                  "the same key with another body is 422.")]
    = None,
) -> Response:
    """Plan, comparison or replay in the background: 202 and `Location: /v1/jobs/{id}`.

    The body is checked as its synchronous route checks it first, an instance sent whole
    included (a place at (0, 0), a totals row): such a job is refused now with the same
    422, never queued to fail."""
    _require_json(request)
    # In full, in time and at the minimum rate, as every body route (api/bodies.py).
    body = await bodies.read_body(request.receive, routes.body_rules(request.app.state.settings),
                                  request.app.state.body_gate,
                                  request.scope.get("state", {}).get("started"))
    lang = pick_language(request.headers.get("accept-language"))
    kind, rest = await asyncio.to_thread(_job_body, body, lang)
    try:
        job, _created = await asyncio.to_thread(
            _store(request).submit_job, kind, rest, _caller(request), idempotency_key,
            request.app.state.store_settings.max_queued_jobs)
    except JobsFull as error:
        raise ApiProblem(503, "jobs-full", "Busy", (
            f"{error.queued} jobs are queued already, as many as the server takes "
            f"(BLANKO_MAX_QUEUED_JOBS {error.limit}); retry after the time in "
            "Retry-After, when some have run."),
            headers={"Retry-After": "60"}) from None
    except IdempotencyConflict as error:
        raise invalid_input([FieldError(pointer="", parameter="Idempotency-Key",
                                        message=str(error))],
                            "The Idempotency-Key was used with another body.") from None
    runner: JobRunner | None = getattr(request.app.state, "job_runner", None)
    if runner is not None:
        runner.wake()
    return Response(_job_out(job, lang).model_dump_json(), status_code=202,
                    media_type="application/json", headers={
                        "Location": f"/v1/jobs/{job.id}", "Content-Language": lang,
                        "Vary": "Accept-Language"})


@router.get("/jobs/{job_id}", response_model=JobOut, responses=documented(404),
            tags=["jobs"], summary="A job's status", operation_id="getJob")
async def get_job(request: Request, response: Response, job_id: _Id) -> JobOut:
    # A failed job's problem in the Accept-Language of this request (its reader's).
    lang = pick_language(request.headers.get("accept-language"))
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language"
    return _job_out(await _job(request, job_id), lang)


@router.get("/jobs/{job_id}/result", responses={**documented(404), **_409,
                                                 200: {"description": "The job's result: "
                                                       "the body the synchronous route "
                                                       "returns."}},
            tags=["jobs"], summary="A finished job's result", operation_id="getJobResult")
async def get_job_result(request: Request, job_id: _Id) -> Response:
    job = await _job(request, job_id)
    if job.status != "succeeded" or job.result is None:
        raise ApiProblem(409, "job-not-succeeded", "No result",
                         f"Job {job_id} is {job.status}: only a succeeded job has a result.")
    lang = pick_language(request.headers.get("accept-language"))
    media_type = job.result_media_type or "application/json"
    body = job.result
    if lang != "en" and media_type == "application/json":
        body = _in_language(body, lang)
    return Response(body, media_type=media_type,
                    headers={"Content-Language": lang, "Vary": "Accept-Language"})


def _in_language(body: bytes, lang: str) -> bytes:
    """A kept plan's or job result's JSON with every message's text in `lang`, rendered
    from its code and params at read time (the store keeps the library's English)."""
    data = json.loads(body)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items()}
            messages = out.get("messages")
            if isinstance(messages, list) and all(
                    isinstance(m, dict) and {"code", "text"} <= m.keys() for m in messages):
                out["messages"] = [m.model_dump() for m in localize_messages(
                    [Message.model_validate(m) for m in messages], lang)]
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return (strict_dumps(walk(data), ensure_ascii=False, indent=2) + "\n").encode()


@router.delete("/jobs/{job_id}", response_model=JobOut, responses={**documented(404), **_409},
               tags=["jobs"], summary="Cancel a job", operation_id="cancelJob")
async def cancel_job(request: Request, job_id: _Id) -> JobOut:
    """A queued or running job becomes cancelled (a running one's result is discarded).
    It takes no body: one is refused (422), not ignored."""
    await _job(request, job_id)  # (an unknown id: 404 before any body is read)
    await _no_body(request)
    try:
        job = await asyncio.to_thread(_store(request).cancel_job, job_id)
    except NotFound as error:
        raise _not_found(error) from None
    except WrongTransition as error:
        raise ApiProblem(409, "wrong-status", "Wrong status", str(error)) from None
    return _job_out(job)


# --------------------------------------------------------------------------- helpers


async def _plan(request: Request, plan_id: str) -> PlanRecord:
    try:
        return await asyncio.to_thread(_store(request).get_plan, plan_id)
    except NotFound as error:
        raise _not_found(error) from None


async def _job(request: Request, job_id: str) -> JobRecord:
    try:
        return await asyncio.to_thread(_store(request).get_job, job_id)
    except NotFound as error:
        raise _not_found(error) from None


def _not_found(error: NotFound) -> ApiProblem:
    return ApiProblem(404, f"unknown-{error.what}", f"Unknown {error.what}", f"{error}.",
                      [FieldError(pointer="", message=str(error),
                                  parameter=f"{error.what}_id")])


async def _no_body(request: Request) -> None:
    """A route that takes no body refuses one, naming each field it holds, instead of
    ignoring it: `POST /v1/plans/{id}/verify` with `{"time_limit_s": 60}` or
    `{"dataset": ...}` answered 200 for the kept input and policy, and the client took
    the answer for its own question (tester qa11b). An empty body, or `{}`, is none."""
    body = await request.body()
    if not body.strip():
        return
    fix = f"send no body: {request.method} {request.url.path} takes none"
    try:
        data = jobs.parse_json(body)
    except jobs._Reject:
        data = None
    if data == {}:
        return
    if isinstance(data, dict):
        raise invalid_input([FieldError(pointer=json_pointer([key]),
                                        message=f"is not a known field; {fix}")
                             for key in data])
    raise invalid_input([FieldError(pointer="", message=f"is a body where none is taken; {fix}")])


async def _transition(request: Request, plan_id: str, action: str, note: Note | None,
                      ) -> PlanDetail:
    store = _store(request)
    change = store.approve if action == "approve" else store.publish
    try:
        record = await asyncio.to_thread(change, plan_id, _caller(request),
                                         note.note if note else None)
    except NotFound as error:
        raise _not_found(error) from None
    except NotApprovable as error:
        raise ApiProblem(409, "not-approvable", "Plan cannot be approved",
                         f"{error}.") from None
    except WrongTransition as error:
        raise ApiProblem(409, "wrong-status", "Wrong status", f"{error}.") from None
    return await _detail(request, record)


async def _detail(request: Request, record: PlanRecord) -> PlanDetail:
    history = await asyncio.to_thread(_store(request).history, record.id)
    return PlanDetail(
        **_summary(record).model_dump(), policy=json.loads(record.policy),
        overrides=json.loads(record.overrides) if record.overrides else None,
        solver_versions=json.loads(record.solver_versions),
        history=tuple(PlanEventOut(at=e.at, by=e.by, action=e.action, status=e.status,
                                   note=e.note) for e in history))


def _summary(record: PlanRecord) -> PlanSummary:
    return PlanSummary(
        id=record.id, href=f"/v1/plans/{record.id}", created_at=record.created_at,
        created_by=record.created_by, label=record.label, status=record.status,
        solve_status=record.result, replaces=record.replaces_id, source=record.source,
        dataset=record.dataset, dataset_sha256=record.dataset_sha256,
        shipment=Shipment.model_validate_json(record.shipment),
        shipment_key=record.shipment_key, input_sha256=record.input_sha256,
        plan_sha256=record.plan_sha256)


def _verify_fields(record: PlanRecord) -> dict[str, Any]:
    return {"source": record.source, "dataset": record.dataset,
            "dataset_sha256": record.dataset_sha256, "overrides": record.overrides,
            "request": record.request, "shipment": record.shipment, "policy": record.policy,
            "input_sha256": record.input_sha256, "plan": record.plan,
            "solver_versions_then": record.solver_versions}


def _new_plan(body: bytes, kept: store_jobs.Kept, created_by: str) -> NewPlan:
    assert kept.record is not None
    return NewPlan(request=body, plan=kept.kept or kept.body, created_by=created_by,
                   **kept.record)


def _job_body(body: bytes, lang: str = "en") -> tuple[JobKind, bytes]:
    """(kind, the body of the synchronous route) after checking it as that route would;
    a 422 problem listing every invalid field otherwise (messages in `lang`, written
    from each error's type: optimizer.i18n.validation)."""
    try:
        data = jobs.parse_json(body, lang)
    except jobs._Reject as error:
        raise invalid_input([FieldError(pointer=p, message=m) for p, m in error.errors],
                            error.detail) from None
    if not isinstance(data, dict):
        raise invalid_input([FieldError(pointer="", message="must be a JSON object")])
    kind = data.pop("kind", None)
    if not isinstance(kind, str) or kind not in _KIND_MODELS:
        raise invalid_input([FieldError(pointer="/kind", message=(
            f"must be one of {', '.join(_KIND_MODELS)}" if kind is not None
            else "is required: plan, comparison or replay"))])
    try:
        request = _KIND_MODELS[kind].model_validate(data)
    except ValidationError as error:
        raise invalid_input([FieldError(pointer=p.pointer, message=p.message)
                             for p in validation_problems(error, lang)]) from None
    except (TypeError, ValueError) as error:
        raise invalid_input([FieldError(pointer="", message=f"is not valid ({error})")]) \
            from None
    if kind == "replay":
        _check_replay(data, lang)
    # An instance sent whole is checked as POST /v1/plans checks it (a site at (0, 0), a
    # totals row): the same 422 now, and nothing queued, not a job that can only fail.
    refused = jobs.submission_refusal(request, lang) or jobs.implausible_refusal(
        getattr(request, "instance", None), lang)
    if refused is None:
        # Overrides of an id the dataset does not hold, or that leave a host office with
        # no printer: the synchronous route's 422 at the override, now (such a job was
        # accepted, then failed).
        refused = jobs.overrides_refusal(request, lang)
    if refused is not None:
        raise invalid_input([FieldError(pointer=p, message=m) for p, m in refused.errors],
                            refused.detail)
    checked: JobKind = "plan" if kind == "plan" else (
        "comparison" if kind == "comparison" else "replay")
    return checked, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _check_replay(data: dict[str, Any], lang: str = "en") -> None:
    """What the replay reads past the model, checked now, not when the job runs: the
    schedule spec (the library's parse_schedule), the policies' names and pinned
    shipments (which a replay does not take). A 422 naming
    each field otherwise; a schedule's problem says what to change too (its fix), in
    `lang`."""
    from optimizer import POLICY_NAMES, InvalidInput, parse_schedule
    from optimizer.i18n import fix_text, problem_text

    errors: list[FieldError] = []
    try:
        parse_schedule(data["schedule"])
    except InvalidInput as error:
        errors += [FieldError(pointer="/schedule", message=problem_text(p.message, lang) + (
            f"; {fix_text(p.fix, lang)}" if p.fix else "")) for p in error.problems]
    except ValueError as error:  # a number the spec's own checks did not foresee
        errors.append(FieldError(pointer="/schedule", message=f"is not valid ({error})"))
    policy = data.get("policy")
    if isinstance(policy, dict) and policy.get("pinned_shipments"):
        # The library refuses them too (optimizer.replay), once the job runs.
        errors.append(FieldError(pointer="/policy/pinned_shipments", message=problem_text(
            "a replay takes no pinned shipments: pins fix the blanks of one shipment, and a "
            "replay plans every tranche", lang)))
    for index, name in enumerate(data.get("policies") or ()):
        if name not in POLICY_NAMES:
            errors.append(FieldError(pointer=f"/policies/{index}", message=(
                f"unknown policy {name!r}; the policies are {', '.join(POLICY_NAMES)}")))
    if errors:
        raise invalid_input(errors)


def _job_out(job: JobRecord, lang: str = "en") -> JobOut:
    """The job as its reader sees it: a failed job's problem (kept in English) in `lang`
    (api.problems.stored_problem)."""
    result = f"/v1/jobs/{job.id}/result" if job.status == "succeeded" else None
    problem = None
    if job.problem:
        problem = JobProblem.model_validate(stored_problem(json.loads(job.problem), lang))
    return JobOut(id=job.id, href=f"/v1/jobs/{job.id}", kind=job.kind, status=job.status,
                  progress=job.progress, created_at=job.created_at, started_at=job.started_at,
                  finished_at=job.finished_at, result=result,
                  plan=f"/v1/plans/{job.plan_id}" if job.plan_id else None, problem=problem)


def _raise_outcome(request: Request, outcome: jobs.Outcome) -> NoReturn:
    routes._respond(request, outcome)  # raises the problem of anything but Done
    raise internal_error()


def _instant(parameter: str, text: str | None) -> datetime | None:
    """An ISO 8601 date or date and time; UTC when no zone is given. 422 naming
    `parameter` when `text` is none (a parameter is checked by _checked_instant first)."""
    if text is None:
        return None
    try:
        value = _parsed_instant(text)
    except ValueError:
        raise invalid_input([FieldError(pointer="", parameter=parameter,
                                        message=_not_a_date(text))]) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _caller(request: Request) -> str:
    """Who made the request: the API key's name when the server gives keys names, else
    'api-key' when a key is required, else 'anonymous'."""
    named = getattr(request.state, "api_key_name", None)
    if isinstance(named, str) and named:
        return named
    settings: Settings = request.app.state.settings
    return "api-key" if settings.api_key is not None else "anonymous"


def job_limits(settings: Settings) -> jobs.Limits:
    """The synchronous routes' limits, without refusing the datasets kept for jobs, and
    with the jobs' own pair limit (BLANKO_MAX_JOB_PAIRS: synthetic-national is planned
    by a job, which no client waits on)."""
    return dataclasses.replace(routes.limits(settings), async_only_datasets=(),
                               max_pairs=settings.max_job_pairs, for_jobs=True)


def _pool(request: Request) -> SolvePool:
    pool: SolvePool = request.app.state.pool
    return pool


def _store(request: Request) -> Store:
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise ApiProblem(503, "not-ready", "Not ready", "The plan store is not open.",
                         headers={"Retry-After": "1"})
    return store


# --------------------------------------------------------------------------- job runner


class JobRunner:
    """Runs queued jobs through the solve pool, `slots` at a time.

    Jobs are rows in the store, so any server on the same database may run them: a
    claim is a conditional UPDATE that only one server wins. A running job's server
    beats a heartbeat every lease/3 s; a job whose server went quiet for a lease, or
    whose server process on this host is gone, is failed as lost. A job whose solver
    process dies is failed with that reason; one cancelled meanwhile keeps `cancelled`.
    """

    def __init__(self, store: Store, pool: SolvePool, limits: jobs.Limits,
                 settings: StoreSettings):
        self.store, self.pool, self.limits, self.settings = store, pool, limits, settings
        self.owner = owner_id()
        self._wake = asyncio.Event()
        self._running: dict[str, asyncio.Task[None]] = {}
        self._loops: list[asyncio.Task[None]] = []

    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        lost = await asyncio.to_thread(self.store.fail_stale_jobs, self.settings.job_lease_s)
        if lost:
            logs.event("jobs_lost", logging.WARNING, jobs=lost)
        self._loops = [asyncio.create_task(self._dispatch()), asyncio.create_task(self._beat())]

    async def close(self) -> None:
        """Stop claiming; jobs still running go back to the queue for the next start."""
        for task in [*self._loops, *self._running.values()]:
            task.cancel()
        await asyncio.gather(*self._loops, *self._running.values(), return_exceptions=True)
        await asyncio.to_thread(self.store.release_jobs, self.owner)

    async def _dispatch(self) -> None:
        slots = asyncio.Semaphore(self.settings.job_slots)
        while True:
            await slots.acquire()
            self._wake.clear()
            try:
                job = await asyncio.to_thread(self.store.claim_job, self.owner)
            except Exception as error:  # the database is away: try again later
                logs.event("job_claim_failed", logging.ERROR, error)
                job = None
            if job is None:
                slots.release()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.job_poll_s)
                continue
            task = asyncio.create_task(self._run(job))
            self._running[job.id] = task
            task.add_done_callback(functools.partial(self._done, job.id, slots))

    def _done(self, job_id: str, slots: asyncio.Semaphore, _task: object) -> None:
        self._running.pop(job_id, None)
        slots.release()

    async def _beat(self) -> None:
        every = self.settings.job_lease_s / 3
        while True:
            await asyncio.sleep(every)
            try:
                await asyncio.to_thread(self.store.heartbeat, self.owner, list(self._running))
                lost = await asyncio.to_thread(self.store.fail_stale_jobs,
                                               self.settings.job_lease_s)
                if lost:
                    logs.event("jobs_lost", logging.WARNING, jobs=lost)
            except Exception as error:
                logs.event("job_heartbeat_failed", logging.ERROR, error)

    async def _run(self, job: JobRecord) -> None:
        logs.event("job_started", job_id=job.id, kind=job.kind)
        try:
            outcome = await self._execute(job)
        except WorkerCrashed as error:
            await self._fail(job, 500, "worker-crashed", "Solver crashed",
                             f"The solver process running this job stopped ({error}): it "
                             f"was killed or ran out of memory.")
            return
        except DeadlineExceeded as error:
            await self._fail(job, 504, "deadline-exceeded", "Deadline exceeded",
                             f"The job ran past its deadline and was stopped ({error}).")
            return
        except ShuttingDown:
            return  # the server is stopping: close() puts the job back in the queue
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logs.event("job_failed", logging.ERROR, error, job_id=job.id)
            await self._fail(job, 500, "internal-error", "Internal error",
                             "The server failed to run this job; it has been logged.")
            return
        if outcome is None:  # cancelled between steps
            return
        if isinstance(outcome, jobs.Done):
            plan = None
            if isinstance(outcome, store_jobs.Kept) and outcome.save:
                plan = _new_plan(job.body, outcome, job.created_by)
            kept = await asyncio.to_thread(self.store.finish_job, job.id, self.owner,
                                           outcome.body, "application/json", plan)
            logs.event("job_finished", job_id=job.id, kept=kept)
        elif isinstance(outcome, jobs.OutOfMemory):
            await self._fail(job, 413, "solver-memory-limit", "Problem too large",
                             "Solving this job needed more memory than a solver process may "
                             "use (BLANKO_SOLVER_MEMORY_MB).")
        elif isinstance(outcome, jobs.Rejected):
            kind, title = (("unknown-dataset", "Unknown dataset") if outcome.status == 404
                           else ("too-large", "Problem too large") if outcome.kind == "too-large"
                           else ("invalid-input", "Invalid input"))
            await self._fail(job, outcome.status, kind, title, outcome.detail,
                             [FieldError(pointer=p, message=m) for p, m in outcome.errors])
        else:
            logs.event("job_failed", logging.ERROR, job_id=job.id, traceback=outcome.error)
            await self._fail(job, 500, "internal-error", "Internal error",
                             "The solver failed on this job; it has been logged.")

    async def _fail(self, job: JobRecord, status: int, kind: str, title: str, detail: str,
                    errors: list[FieldError] | None = None) -> None:
        problem = JobProblem(type=f"/problems/{kind}", title=title, status=status,
                             detail=detail, errors=tuple(errors or ()))
        await asyncio.to_thread(self.store.fail_job, job.id, problem.model_dump(mode="json"),
                                self.owner)

    async def _execute(self, job: JobRecord) -> jobs.Outcome | None:
        if job.kind == "plan":
            return await self._solve(store_jobs.plan, job.body, self.limits)
        listed = await self._solve(store_jobs.policy_names, job.body, self.limits, job.kind)
        if not isinstance(listed, jobs.Done):
            return listed
        names: list[str] = json.loads(listed.body)
        parts: list[Any] = []
        for index, name in enumerate(names):
            if (await asyncio.to_thread(self.store.get_job, job.id)).status != "running":
                return None
            step: jobs.Outcome = await (
                self._solve(store_jobs.compare_one, job.body, self.limits, index)
                if job.kind == "comparison"
                else self._solve(store_jobs.replay_one, job.body, self.limits, name))
            if not isinstance(step, jobs.Done):
                return step
            parts.append(json.loads(step.body))
            await asyncio.to_thread(self.store.set_progress, job.id, self.owner,
                                    (index + 1) / len(names))
        if job.kind == "comparison":
            merged: dict[str, Any] = {"results": [r for part in parts for r in part["results"]]}
        else:
            merged = {"results": parts}
        return jobs.Done(strict_dumps(merged, separators=(",", ":")).encode())

    async def _solve(self, fn: Callable[..., jobs.Outcome], *args: Any) -> jobs.Outcome:
        """fn(*args) in the solve pool, waiting (not failing) while the pool is full."""
        while True:
            try:
                async with self.pool.admission():
                    outcome: jobs.Outcome = await self.pool.run(fn, *args)
                    return outcome
            except QueueFull as error:
                await asyncio.sleep(error.retry_after)
            except PoolNotReady:
                await asyncio.sleep(1.0)


# --------------------------------------------------------------------------- install


def install(app: FastAPI, settings: StoreSettings | None = None) -> None:
    """Add the store routes; open the store (migrations) and run jobs while the app runs."""
    settings = settings or StoreSettings()
    app.state.store_settings = settings
    app.include_router(router)
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app_: FastAPI) -> AsyncIterator[Any]:
        store = await asyncio.to_thread(Store, settings.database_url)
        app_.state.store = store
        logs.event("store_open", url=store.engine.url.render_as_string(hide_password=True))
        try:
            async with inner(app_) as state:
                runner = JobRunner(store, app_.state.pool, job_limits(app_.state.settings),
                                   settings)
                await runner.start()
                app_.state.job_runner = runner
                try:
                    yield state
                finally:
                    await runner.close()
        finally:
            await asyncio.to_thread(store.close)

    app.router.lifespan_context = lifespan
    _allow_every_method(app)
    _document_models(app)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allow_every_method(app: FastAPI) -> None:
    """A 405 on a path with several routes (GET and POST /v1/plans, GET and DELETE
    /v1/jobs/{id}) lists every method of the path in Allow, not only the first route's."""
    methods: dict[str, set[str]] = {}
    for route in router.routes:
        if isinstance(route, APIRoute):
            methods.setdefault(route.path, set()).update(route.methods or ())
    for path, allowed in methods.items():
        if len(allowed - {"HEAD"}) < 2:
            continue
        app.router.routes.append(Route(path, functools.partial(_refuse, ", ".join(
            m for m in _METHODS if m in allowed)), methods=[m for m in _METHODS
                                                             if m not in allowed]))


async def _refuse(allow: str, request: Request) -> Response:
    raise HTTPException(405, headers={"Allow": allow})


def _document_models(app: FastAPI) -> None:
    """Add the request models this module parses itself to the OpenAPI components."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        models: list[tuple[type[BaseModel], JsonSchemaMode]] = [
            (m, "validation") for m in (JobRequest, store_jobs.ReplayRequest)]
        _, top = models_json_schema(models, ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in top.get("$defs", {}).items():
            components.setdefault(name, definition)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
