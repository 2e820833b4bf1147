"""uvicorn's h11 protocol with its one home-made answer, the 400 for a request it cannot
parse (a malformed request line, headers over `max_header_bytes`), shaped like every
other error: problem+json with an X-Request-ID. The app never sees such a request."""

from __future__ import annotations

import uuid

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.problems import ApiProblem, problem_response

# After the 400, the rest of what the client sends is read and dropped for this long
# before the connection is closed: closing with unread bytes makes the kernel send a
# reset, which can destroy the answer before the client reads it.
_LINGER_S = 1.0


class ProblemH11Protocol(H11Protocol):
    _discarding = False

    def data_received(self, data: bytes) -> None:
        if not self._discarding:
            super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        request_id = uuid.uuid4().hex
        problem = ApiProblem(400, "bad-request", "Bad request",
                             f"The server could not read the HTTP request ({msg.rstrip('.')}).")
        body = bytes(problem_response(problem, request_id=request_id).body)
        headers = [(b"content-type", b"application/problem+json"),
                   (b"content-length", str(len(body)).encode("ascii")),
                   (b"x-request-id", request_id.encode("ascii")),
                   (b"connection", b"close")]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                      h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self._discarding = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(_LINGER_S, self.transport.close)
