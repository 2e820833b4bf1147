"""Pure ASGI middleware: request ids and logs, the body limit, the body deadline on every
route, HEAD on every GET route, problem-shaped CORS refusals."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import bodies, logs
from api.problems import (
    MAX_POINTER_CHARS,
    ApiProblem,
    clip,
    internal_error,
    is_page,
    problem_language,
    problem_response,
    too_large,
)

_SANE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


class RequestContext:
    """An X-Request-ID on every response, one JSON log line per request, and the last
    resort: an exception that reaches here becomes a generic problem 500 (traceback to
    the log, never to the client)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get("x-request-id", "")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        state["started"] = time.monotonic()  # the body deadline counts from here
        started = time.perf_counter()
        sent: dict[str, Any] = {"status": None}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            logs.event("unhandled_error", logging.ERROR, error, request_id=request_id)
            if sent["status"] is None:
                lang = problem_language(scope)
                response = problem_response(internal_error(), instance=scope.get("path"),
                                            request_id=request_id, lang=lang)
                response.headers["Content-Language"] = lang
                await response(scope, receive, send_with_id)
        finally:
            logs.event("request", request_id=request_id, method=scope.get("method"),
                       path=clip(scope.get("path", ""), MAX_POINTER_CHARS),
                       status=sent["status"],
                       seconds=round(time.perf_counter() - started, 6),
                       input_sha256=state.get("input_sha256"))


class HeadAsGet:
    """HEAD answered on every GET route: the GET response's status and headers, no body
    (health checkers that use HEAD see what GET would say)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class BodyDeadline:
    """Every request body, whoever reads it (a /v1 route, `request.form()` of a page
    action, the sign-in), is read whole under the same rules (api/bodies.py): within
    BLANKO_BODY_TIMEOUT_S, at BLANKO_BODY_MIN_BYTES_PER_S after the grace, holding one of
    BLANKO_MAX_BODY_READERS places while it arrives. Else the reader raises BodyTimeout
    (408), BodyReadersFull or Closing (503) and the app's handlers answer.

    Lazily: the body is read on the route's first `receive()`, so a refusal that needs no
    body (queue full, busy) still costs none. The route then gets the whole body as one
    message; later calls (waiting for a disconnect) go to the server's own receive.
    """

    def __init__(self, app: ASGIApp, rules: bodies.BodyRules, gate: bodies.BodyGate):
        self.app, self.rules, self.gate = app, rules, gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        whole: list[Message] = []

        async def read_in_time() -> Message:
            if whole:  # the body was handed over: what follows is the disconnect
                return await receive()
            state = scope.get("state", {})
            # Read once: a later bodies.request_body reads around receive() as before.
            state.pop(bodies.READER, None)
            body = await bodies.read_body(receive, self.rules, self.gate, state.get("started"))
            whole.append({"type": "http.request", "body": body, "more_body": False})
            return whole[0]

        # A route may take its body from here (bodies.request_body), not around it.
        scope.setdefault("state", {})[bodies.READER] = read_in_time
        await self.app(scope, read_in_time, send)


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """413 for a body over `max_bytes`: at once when Content-Length says so, and while
    reading for a body that is longer than it claims or has no length (chunked)."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope.get("state", {})
        lang = problem_language(scope)  # the page's language on the page
        response = problem_response(too_large(self.max_bytes), instance=scope.get("path"),
                                    request_id=state.get("request_id"), lang=lang)
        response.headers["Connection"] = "close"
        response.headers["Content-Language"] = lang
        response.headers["Vary"] = "Cookie" if is_page(str(scope.get("path", ""))) \
            else "Accept-Language"
        await response(scope, receive, send)


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as a problem too."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        from optimizer.i18n import pick_language

        detail = bytes(response.body).decode() or "CORS preflight refused."
        problem = ApiProblem(400, "cors-refused", "CORS preflight refused", detail)
        # The title in the Accept-Language; Starlette's own detail stays as it wrote it.
        refused = problem_response(problem, lang=pick_language(
            request_headers.get("accept-language")))
        for name, value in response.headers.items():
            if name.lower() not in {"content-type", "content-length"}:
                refused.headers[name] = value
        return refused
