"""uvicorn's httptools protocol with the two things `blanko serve` adds to it: a bound on a
request line and headers still arriving (BLANKO_MAX_HEADER_BYTES), and its one home-made
answer, the 400 for a request it cannot parse (a malformed request line, headers over
the bound), shaped like every other error: problem+json with an X-Request-ID. The app
never sees such a request.

httptools (C, llhttp) rather than h11 (pure Python): h11 read each request and wrote
each answer's status line and headers in Python, 0.15-0.2 ms of the event loop's CPU a
plan (docs/service.md, issue 12, fourth look). h11 bounded an incomplete head itself
(`max_incomplete_event_size`); llhttp keeps no such bound, so it is kept here.
"""

from __future__ import annotations

import uuid

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.problems import ApiProblem, problem_response

# After the 400, the rest of what the client sends is read and dropped for this long
# before the connection is closed: closing with unread bytes makes the kernel send a
# reset, which can destroy the answer before the client reads it.
_LINGER_S = 1.0
# uvicorn's default for h11_max_incomplete_event_size, the setting `blanko serve` passes
# BLANKO_MAX_HEADER_BYTES in (api/settings.py, optimizer/cli/serve.py).
_DEFAULT_MAX_HEAD_BYTES = 16 * 1024


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    _discarding = False
    _head_open = False  # a request has begun and its headers are not complete
    _head_bytes = 0  # bytes read while its head was still open

    def data_received(self, data: bytes) -> None:
        if self._discarding:
            return
        super().data_received(data)
        if self._discarding or not self._head_open:
            return
        # The head is still arriving after this read. As h11's bound did: a head that
        # comes whole within one read is parsed whole; one still incomplete past the
        # bound is refused, so a client cannot make the server buffer headers forever.
        self._head_bytes += len(data)
        limit = self.config.h11_max_incomplete_event_size or _DEFAULT_MAX_HEAD_BYTES
        if self._head_bytes > limit:
            self.send_400_response("Invalid HTTP request received.")

    def on_message_begin(self) -> None:
        self._head_open, self._head_bytes = True, 0
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        self._head_open = False
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        request_id = uuid.uuid4().hex
        problem = ApiProblem(400, "bad-request", "Bad request",
                             f"The server could not read the HTTP request ({msg.rstrip('.')}).")
        body = bytes(problem_response(problem, request_id=request_id).body)
        head = (b"HTTP/1.1 400 Bad Request\r\n"
                b"content-type: application/problem+json\r\n"
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n"
                b"x-request-id: " + request_id.encode("ascii") + b"\r\n"
                b"connection: close\r\n\r\n")
        self.transport.write(head + body)
        self._discarding = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(_LINGER_S, self.transport.close)
