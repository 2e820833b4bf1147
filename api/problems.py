"""RFC 9457 problem details: the one shape every error of the service takes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

PROBLEM_MEDIA_TYPE = "application/problem+json"
# Problem types are relative URI references: stable identifiers, documented in the README.
TYPE_BASE = "/problems/"
MAX_ERRORS = 100
# Echoed values are cut: a request must not make the server send (or log) its own bulk
# back. Pointers and parameters name a place, messages and details say what is wrong.
MAX_POINTER_CHARS, MAX_MESSAGE_CHARS, MAX_DETAIL_CHARS = 200, 500, 1000


class FieldError(BaseModel):
    """One invalid value: a JSON pointer into the request body and what is wrong."""

    model_config = ConfigDict(frozen=True)

    pointer: str = Field(description="RFC 6901 pointer into the request body ('' is the "
                                     "whole body).")
    message: str = Field(description="What is wrong with the value.")
    parameter: str | None = Field(None, description="The query or path parameter, when the "
                                                    "error is not in the body.")


class ProblemDetails(BaseModel):
    """An error response (RFC 9457, `application/problem+json`)."""

    model_config = ConfigDict(frozen=True)

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    errors: tuple[FieldError, ...] = ()


class ApiProblem(Exception):
    """Raised by routes and dependencies; rendered by one handler (see main.py)."""

    def __init__(self, status: int, kind: str, title: str, detail: str,
                 errors: Iterable[FieldError] = (), headers: Mapping[str, str] | None = None):
        super().__init__(detail)
        self.status, self.kind, self.title, self.detail = status, kind, title, detail
        self.errors = tuple(errors)
        self.headers = dict(headers or {})


def problem_response(problem: ApiProblem, *, instance: str | None = None,
                     request_id: str | None = None, lang: str = "en") -> Response:
    """The problem as an HTTP response; long error lists are cut at MAX_ERRORS. `title`
    and `detail` in `lang` (optimizer.i18n.service; English, the service's own words, by
    default); `type`, `status` and every pointer never change."""
    from optimizer.i18n.service import cut_note, problem_detail, problem_message, problem_title

    errors = tuple(
        FieldError(pointer=clip(e.pointer, MAX_POINTER_CHARS),
                   message=clip(problem_message(e.message, lang), MAX_MESSAGE_CHARS),
                   parameter=None if e.parameter is None else clip(e.parameter,
                                                                   MAX_POINTER_CHARS))
        for e in problem.errors[:MAX_ERRORS])
    detail = clip(problem_detail(problem.detail, lang), MAX_DETAIL_CHARS)
    if len(problem.errors) > MAX_ERRORS:
        detail += cut_note(len(problem.errors), MAX_ERRORS, lang)
    body = ProblemDetails(type=TYPE_BASE + problem.kind,
                          title=problem_title(problem.title, lang),
                          status=problem.status, detail=detail,
                          instance=None if instance is None else clip(instance,
                                                                      MAX_POINTER_CHARS),
                          request_id=request_id, errors=errors)
    return Response(body.model_dump_json(exclude_none=True), status_code=problem.status,
                    headers=problem.headers, media_type=PROBLEM_MEDIA_TYPE)


def stored_problem(problem: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A problem kept in the store (a failed job's RFC 9457 members, in the English the
    service writes) in `lang`, as a response's problem is rendered (api/main.py's
    handler, problem_response): title, detail and each error's message read back by
    optimizer.i18n and written in the language; `type`, `status`, pointers and
    parameters unchanged. English is returned as kept. The job's reader picks the
    language (Accept-Language), not the client that submitted it."""
    if lang == "en":
        return dict(problem)
    from optimizer.i18n import problem_text
    from optimizer.i18n.service import problem_detail, problem_message, problem_title

    out = dict(problem)
    if isinstance(out.get("title"), str):
        out["title"] = problem_title(out["title"], lang)
    if isinstance(out.get("detail"), str):
        out["detail"] = problem_detail(out["detail"], lang)
    errors = out.get("errors")
    if isinstance(errors, list | tuple):
        out["errors"] = [
            {**error, "message": problem_message(problem_text(error["message"], lang), lang)}
            if isinstance(error, dict) and isinstance(error.get("message"), str) else error
            for error in errors]
    return out


def problem_language(scope: MutableMapping[str, Any]) -> str:
    """The language of a problem answering this request (an ASGI scope).

    The planner's page (`/` and `/web/...`) speaks its own language, whatever the
    browser's Accept-Language: the `lang` of the form sent (kept by api/web/access.require
    for a 401 before the form is read, by api/web/pages._form_language once it is: a 500
    after that), else `?lang=`, else its cookie (`blanko_lang`), else Bahasa
    Indonesia, the page's default (api/web/render.language, optimizer.i18n
    DEFAULT_LANGUAGE) - so every error it shows, the 401, 413, 500 and 503 included, is
    in the language of the page around it. Everything else (the API) follows
    Accept-Language, English by default (optimizer.i18n.pick_language).
    """
    from http.cookies import SimpleCookie
    from urllib.parse import parse_qs

    from starlette.datastructures import Headers

    from optimizer.i18n import DEFAULT_LANGUAGE, LANGUAGES, pick_language

    headers = Headers(scope=scope)
    if not is_page(str(scope.get("path", ""))):
        return pick_language(headers.get("accept-language"))
    state = scope.get("state")
    sent = state.get(FORM_LANG) if isinstance(state, dict) else None
    if sent in LANGUAGES:  # the language of the form refused (api/web/access.require)
        return str(sent)
    raw = scope.get("query_string", b"")
    query = parse_qs(raw.decode("latin-1") if isinstance(raw, bytes) else "")
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header names no language
        cookies = SimpleCookie()
    chosen = cookies.get(PAGE_LANG_COOKIE)
    for choice in (*query.get("lang", ()), chosen.value if chosen is not None else None):
        if choice in LANGUAGES:
            return str(choice)
    return DEFAULT_LANGUAGE


PAGE_LANG_COOKIE = "blanko_lang"  # the page's language choice (api/web/pages.LANG_COOKIE)
# Where a refused page form's `lang` is kept in the request's state (api/web/access).
FORM_LANG = "page_form_lang"


def is_page(path: str) -> bool:
    """Whether `path` is the planner's page or one of its actions (not /v1, /docs, ...)."""
    return path == "/" or path == "/web" or path.startswith("/web/")


def clip(text: str, limit: int) -> str:
    """text, cut to at most `limit` characters with a note of how long it was."""
    if len(text) <= limit:
        return text
    note = f"... ({len(text):,} characters)"
    return text[:max(0, limit - len(note))] + note


def internal_error() -> ApiProblem:
    return ApiProblem(500, "internal-error", "Internal error",
                      "The server failed to handle this request; it has been logged with "
                      "the request id.")


def invalid_input(errors: Iterable[FieldError], detail: str = "The request is not valid.",
                  ) -> ApiProblem:
    return ApiProblem(422, "invalid-input", "Invalid input", detail, errors)


def listed_dataset(name: str, known: Iterable[str]) -> str | None:
    """The name in `known` that `name` stands for, as optimizer.io.datasets.canonical
    finds it (case and surrounding spaces aside), or None."""
    wanted = name.strip().casefold()
    return next((n for n in known if n.casefold() == wanted), None)


def unknown_dataset(name: str, known: Iterable[str]) -> ApiProblem:
    """The path parameter names no dataset (a body's `dataset` is checked by the job)."""
    return ApiProblem(404, "unknown-dataset", "Unknown dataset",
                      f"There is no dataset '{name}' (known: {', '.join(known)}).",
                      [FieldError(pointer="", message=f"unknown dataset '{name}'",
                                  parameter="name")])


def too_large(limit: int) -> ApiProblem:
    return ApiProblem(413, "body-too-large", "Request body too large",
                      f"The request body is larger than the limit of {limit} bytes.")


def documented(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` entries for error statuses, all with a problem body."""
    schema = {"$ref": "#/components/schemas/ProblemDetails"}
    return {status: {"description": _DESCRIPTIONS[status],
                     "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}}
            for status in statuses}


_DESCRIPTIONS = {
    401: "The API key is missing or wrong.",
    404: "Not found (an unknown dataset).",
    408: "The request body did not arrive in time (BLANKO_BODY_TIMEOUT_S, "
         "BLANKO_BODY_MIN_BYTES_PER_S).",
    413: "The request body is over the limit, or the problem is larger than a size limit "
         "(the error names it and its setting), or the solver ran out of memory.",
    415: "The body is not JSON (Content-Type must be application/json), or is compressed "
         "(send it without Content-Encoding).",
    422: "Invalid input: every invalid field is listed with a JSON pointer.",
    500: "Internal error.",
    503: "Every solver is busy and the queue is full, or every solver has run its job longer "
         "than the request waits (BLANKO_QUEUE_WAIT_S, Prefer: wait), too many bodies are "
         "arriving, a solver crashed, the plan store's database cannot be reached, or the "
         "server is stopping: retry after Retry-After "
         "seconds.",
    504: "The job ran past its hard deadline (its time limit plus BLANKO_DEADLINE_GRACE_S); "
         "its solver was stopped.",
}
