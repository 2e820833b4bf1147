"""create_app(): settings, the solve pool's lifespan, middleware, error handlers, routes."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from types import FrameType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from api import jobs, logs, store_routes, web
from api.bodies import BodyGate, BodyReadersFull, BodyTimeout, ClientGone, Closing
from api.middleware import BodyDeadline, BodyLimit, HeadAsGet, ProblemCORSMiddleware, RequestContext
from api.models import REQUEST_MODELS
from api.problems import (
    ApiProblem,
    FieldError,
    ProblemDetails,
    internal_error,
    invalid_input,
    is_page,
    problem_language,
    problem_response,
)
from api.routes import body_rules, health, v1
from api.settings import Settings
from api.workers import (
    Busy,
    DeadlineExceeded,
    PoolNotReady,
    QueueFull,
    ShuttingDown,
    SolvePool,
    WorkerCrashed,
)
from optimizer import datasets, json_pointer
from optimizer.i18n import problem_text
from optimizer.i18n.validation import error_message
from optimizer.store.db import StoreUnavailable, unavailable


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service; `uvicorn --factory api.main:create_app` reads BLANKO_* settings."""
    settings = settings or Settings()
    logs.configure()
    app = FastAPI(title="Blanko", version=_version(), lifespan=_lifespan,
                  separate_input_output_schemas=False, docs_url=None, redoc_url=None,
                  description="Split each shipment of e-KTP blanks across printing offices. "
                              "Errors are RFC 9457 problem details.")
    app.state.settings = settings
    app.state.dataset_names = tuple(datasets.names())
    app.state.pool = SolvePool(settings.workers, settings.queue_size,
                               tuple(settings.preload_datasets),
                               memory_mb=settings.solver_memory_mb,
                               grace_s=settings.deadline_grace_s,
                               spares=settings.spare_solvers)
    app.state.body_gate = BodyGate(settings.max_body_readers)
    # Bundled datasets refused on the synchronous routes: those listed, and those found
    # over max_pairs since the start.
    app.state.too_big_datasets = set(settings.async_only_datasets)
    app.include_router(v1)
    store_routes.install(app)  # kept plans and jobs: api/store_routes.py
    app.include_router(health)
    web.install(app)  # the planner's page at /, offline /docs and /redoc
    _add_handlers(app)
    # Added innermost first: RequestContext wraps everything, so even a 413 has an id.
    # Innermost: every body, whoever reads it, under the deadline and minimum rate.
    app.add_middleware(BodyDeadline, rules=body_rules(settings), gate=app.state.body_gate)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(ProblemCORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-API-Key", "X-Request-ID"],
                           expose_headers=["X-Request-ID", "Retry-After"])
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestContext)
    _document_request_bodies(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    pool: SolvePool = app.state.pool
    await pool.start(app.state.settings.startup_timeout_s)
    logs.event("ready", workers=pool.size)
    restore = _drain_on_signals(app)
    try:
        yield
    finally:
        restore()
        drain(app)
        await pool.close()


def drain(app: FastAPI) -> None:
    """Begin a graceful stop: no new work, queued requests answered 503 now, bodies still
    arriving cut off, running jobs given BLANKO_SHUTDOWN_GRACE_S."""
    gate: BodyGate = app.state.body_gate
    gate.close()
    pool: SolvePool = app.state.pool
    pool.drain(app.state.settings.shutdown_grace_s)


def _drain_on_signals(app: FastAPI) -> Callable[[], None]:
    """Chain onto the server's SIGTERM and SIGINT handlers (uvicorn's), so the drain begins
    the moment the server is told to stop, while it still waits for running requests.

    Only when the server itself handles the signal with a Python function, in the main
    thread; returns the function that puts the server's handlers back.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    loop = asyncio.get_running_loop()
    previous: dict[int, Any] = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        handler = signal.getsignal(sig)
        if not callable(handler):
            continue
        previous[sig] = handler

        def chained(signum: int, frame: FrameType | None,
                    server: Callable[[int, FrameType | None], Any] = handler) -> None:
            loop.call_soon_threadsafe(_signalled, app, signum)
            server(signum, frame)

        signal.signal(sig, chained)

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return restore


def _signalled(app: FastAPI, signum: int) -> None:
    logs.event("stopping", signal=signal.Signals(signum).name)
    drain(app)


def _add_handlers(app: FastAPI) -> None:
    def respond(request: Request, problem: ApiProblem) -> Response:
        # Each error's message in the Accept-Language (optimizer.i18n's catalog): every
        # refusal, wherever it was raised; pointer, parameter and status never change.
        # The page's errors in the page's language (problem_language), the API's in
        # the Accept-Language.
        lang = problem_language(request.scope)
        if lang != "en" and problem.errors:
            problem = ApiProblem(problem.status, problem.kind, problem.title, problem.detail, [
                error.model_copy(update={"message": problem_text(error.message, lang)})
                for error in problem.errors], problem.headers)
        # Title and detail too (optimizer.i18n.service); type and status never change.
        response = problem_response(problem, instance=request.url.path,
                                    request_id=getattr(request.state, "request_id", None),
                                    lang=lang)
        response.headers["Content-Language"] = lang
        response.headers["Vary"] = "Cookie" if is_page(request.url.path) else "Accept-Language"
        return response

    async def api_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiProblem)
        return respond(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 400 and exc.detail == _BODY_NOT_READ:
            # FastAPI's answer to a JSON body that is not even text (bytes that are not
            # UTF-8): the same 422 as any body that is not JSON, at the body's root.
            # Read again as the /v1 bodies are (api.jobs.parse_json): the byte that is not
            # UTF-8, where, and the fix, in the language (respond translates it).
            try:
                body = await request.body()
            except RuntimeError:  # the stream is gone: say it without the byte
                body = b""
            try:
                jobs.parse_json(body or b"\xff")
            except jobs._Reject as refused:
                return respond(request, invalid_input(
                    [FieldError(pointer=p, message=m) for p, m in refused.errors],
                    detail=refused.detail))
            return respond(request, invalid_input([FieldError(
                pointer="", message="is not valid JSON")], detail="The body is not valid JSON."))
        title = _TITLES.get(exc.status_code, "Error")
        kind = title.lower().replace(" ", "-")
        return respond(request, ApiProblem(exc.status_code, kind, title, str(exc.detail),
                                           headers=exc.headers))

    async def parameter_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        # Every invalid parameter of the request at once (FastAPI checks them together),
        # each message written from its error type in the language.
        lang = problem_language(request.scope)
        return respond(request, invalid_input([_parameter_error(e, lang)
                                               for e in exc.errors()]))

    async def queue_full(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, QueueFull)
        return respond(request, ApiProblem(
            503, "queue-full", "Busy", "Every solver is busy and the queue is full.",
            headers={"Retry-After": str(exc.retry_after)}))

    async def busy(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Busy)
        return respond(request, ApiProblem(
            503, "busy", "Busy",
            f"Every solver has been running a job for more than {exc.patience_s:g} s, the "
            "longest this request waits (BLANKO_QUEUE_WAIT_S, or its Prefer: wait); those "
            "jobs may run until their deadlines. Retry after the time in Retry-After, or "
            "submit an asynchronous job (POST /v1/jobs).",
            headers={"Retry-After": str(exc.retry_after)}))

    async def worker_crashed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WorkerCrashed)
        request_id = getattr(request.state, "request_id", None)
        logs.event("job_crashed", logging.ERROR, request_id=request_id, detail=str(exc))
        detail = "The solver process handling this request stopped; it is being replaced."
        limit = request.app.state.settings.solver_memory_mb
        if limit and exc.exitcode is not None and exc.exitcode < 0:
            # Native code (the LP and CP-SAT solvers) aborts or crashes where Python would
            # raise MemoryError: the likeliest cause under an address-space limit.
            detail = (f"The solver process handling this request stopped (signal "
                      f"{-exc.exitcode}); it may have needed more than the {limit} MiB a "
                      "solver process may use (BLANKO_SOLVER_MEMORY_MB). It is being "
                      "replaced.")
        return respond(request, ApiProblem(503, "worker-crashed", "Solver crashed", detail,
                                           headers={"Retry-After": "1"}))

    async def deadline(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DeadlineExceeded)
        logs.event("job_deadline", logging.WARNING,
                   request_id=getattr(request.state, "request_id", None), seconds=exc.seconds)
        return respond(request, ApiProblem(
            504, "deadline-exceeded", "Deadline exceeded",
            f"The job ran past its hard deadline ({exc.seconds:.1f} s: its time limit plus "
            "BLANKO_DEADLINE_GRACE_S); its solver was stopped and is being replaced."))

    async def shutting_down(request: Request, exc: Exception) -> Response:
        response = respond(request, ApiProblem(
            503, "shutting-down", "Shutting down",
            "The server is stopping; retry (another instance may answer).",
            headers={"Retry-After": "5"}))
        response.headers["Connection"] = "close"
        return response

    async def body_timeout(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BodyTimeout)
        settings: Settings = request.app.state.settings
        response = respond(request, ApiProblem(
            408, "body-timeout", "Request body too slow",
            f"{exc.received} bytes of the body arrived in {exc.seconds:.1f} s; a body must "
            f"arrive within {settings.body_timeout_s:g} s (BLANKO_BODY_TIMEOUT_S) and, after "
            f"{settings.body_grace_s:g} s, at {settings.body_min_bytes_per_s} bytes/s at "
            "least (BLANKO_BODY_MIN_BYTES_PER_S)."))
        response.headers["Connection"] = "close"
        return response

    async def readers_full(request: Request, exc: Exception) -> Response:
        response = respond(request, ApiProblem(
            503, "too-many-uploads", "Busy",
            "Too many request bodies are arriving at once (BLANKO_MAX_BODY_READERS).",
            headers={"Retry-After": "1"}))
        response.headers["Connection"] = "close"
        return response

    async def client_gone(request: Request, exc: Exception) -> Response:
        # Nobody reads this; the status (nginx's 499) is for the request log line.
        logs.event("client_gone", request_id=getattr(request.state, "request_id", None))
        return Response(status_code=499)

    async def not_ready(request: Request, exc: Exception) -> Response:
        return respond(request, ApiProblem(503, "not-ready", "Not ready",
                                           "The solver processes are not up.",
                                           headers={"Retry-After": "1"}))

    async def store_down(request: Request, exc: Exception) -> Response:
        # The plan store's database went away (a server down, a connection cut, SQLite
        # locked past its busy timeout): retry later, not a 500 (tester qa9). The cause,
        # without the database's password, goes to the log only.
        store = getattr(request.app.state, "store", None)
        cause = exc if isinstance(exc, StoreUnavailable) or store is None else \
            unavailable(store.engine, exc)
        logs.event("store_unavailable", logging.ERROR,
                   request_id=getattr(request.state, "request_id", None), detail=str(cause))
        return respond(request, ApiProblem(
            503, "store-unavailable", "Store unavailable",
            "The database of the plan store cannot be reached; retry later (the log of "
            "the server has the cause).", headers={"Retry-After": "5"}))

    async def unexpected(request: Request, exc: Exception) -> Response:
        logs.event("unhandled_error", logging.ERROR, exc,
                   request_id=getattr(request.state, "request_id", None))
        return respond(request, internal_error())

    app.add_exception_handler(ApiProblem, api_problem)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, parameter_error)
    app.add_exception_handler(QueueFull, queue_full)
    app.add_exception_handler(Busy, busy)
    app.add_exception_handler(WorkerCrashed, worker_crashed)
    app.add_exception_handler(PoolNotReady, not_ready)
    app.add_exception_handler(DeadlineExceeded, deadline)
    app.add_exception_handler(ShuttingDown, shutting_down)
    app.add_exception_handler(Closing, shutting_down)
    app.add_exception_handler(BodyTimeout, body_timeout)
    app.add_exception_handler(BodyReadersFull, readers_full)
    app.add_exception_handler(ClientGone, client_gone)
    for down in (OperationalError, InterfaceError, StoreUnavailable):
        app.add_exception_handler(down, store_down)
    app.add_exception_handler(Exception, unexpected)


_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed",
           406: "Not acceptable", 408: "Request timeout", 500: "Internal error"}


# FastAPI's HTTPException detail for a JSON body it could not decode as text.
_BODY_NOT_READ = "There was an error parsing the body"


def _parameter_error(error: Any, lang: str = "en") -> FieldError:
    """One of FastAPI's validation errors (a parameter's or a body's) as a FieldError, its
    message from the error's type in `lang` (optimizer.i18n.validation)."""
    where, *path = error.get("loc", ("",))
    message = error_message(error, lang) if "type" in error else str(
        error.get("msg", "is not valid"))
    if where == "body":
        return FieldError(pointer=json_pointer(path), message=message)
    return FieldError(pointer="", message=message,
                      parameter=".".join(str(p) for p in path) or str(where))


def _document_request_bodies(app: FastAPI) -> None:
    """Add the request models (parsed by the routes themselves) to the OpenAPI components."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        body_models: tuple[type[BaseModel], ...] = (*REQUEST_MODELS, ProblemDetails)
        models: list[tuple[type[BaseModel], JsonSchemaMode]] = [
            (m, "validation") for m in body_models]
        _, top = models_json_schema(models, ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in top.get("$defs", {}).items():
            # FastAPI writes the models the responses share in its own dialect; keep its
            # version when it describes the same fields.
            if _shape(components.setdefault(name, definition)) != _shape(definition):
                raise RuntimeError(f"two different OpenAPI schemas are named {name}")
        _state_policy_limit(components, app.state.settings)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _state_policy_limit(components: dict[str, Any], settings: Settings) -> None:
    """ComparisonRequest.policies says this server's limit (BLANKO_MAX_POLICIES, refused
    with 422 past it), not only the model's own bound."""
    policies = components.get("ComparisonRequest", {}).get("properties", {}).get("policies")
    if policies is None:
        return
    limit = min(settings.max_policies, policies.get("maxItems", settings.max_policies))
    policies["maxItems"] = limit
    policies["description"] = (f"1-{limit} policies to compare, in the order to report them "
                               "(the limit is BLANKO_MAX_POLICIES on this server); all of "
                               "them by default.")


def _shape(schema: dict[str, Any]) -> tuple[Any, ...]:
    return (schema.get("type"), sorted(schema.get("properties", {})),
            sorted(schema.get("required", [])), schema.get("enum"))


def _version() -> str:
    try:
        return version("blanko")
    except PackageNotFoundError:
        return "0"
