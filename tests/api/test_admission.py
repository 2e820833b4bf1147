"""How long a request waits behind long jobs: BLANKO_QUEUE_WAIT_S, or its own
`Prefer: wait=N` (RFC 7240 section 4.3) up to BLANKO_MAX_QUEUE_WAIT_S. The pool's side
(refused at once, or out of the queue, while every solver is stuck) is in
test_workers.py and test_chaos.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from starlette.requests import Request

from api.routes import patience
from api.settings import Settings


def request(*prefer: str) -> Request:
    settings = Settings(queue_wait_s=1.0, max_queue_wait_s=30.0)
    app = SimpleNamespace(state=SimpleNamespace(settings=settings))
    headers = [(b"prefer", value.encode()) for value in prefer]
    return Request({"type": "http", "method": "POST", "path": "/", "headers": headers,
                    "app": app})


@pytest.mark.parametrize(("prefer", "seconds"), [
    ((), 1.0),  # BLANKO_QUEUE_WAIT_S
    (("wait=5",), 5.0),
    (("respond-async, wait=0.25",), 0.25),  # among other preferences
    (("Wait = 7 ; foo=bar",), 7.0),  # names are case-insensitive; parameters ignored
    (("handling=lenient", "wait=0"), 0.0),  # in a second header; 0: never wait
    (("wait=600",), 30.0),  # capped at BLANKO_MAX_QUEUE_WAIT_S
    (("wait=soon",), 1.0),  # not a number: ignored (RFC 7240: unknown values are ignored)
    (("wait=-3",), 1.0),
    (("wait=nan",), 1.0),
])
def test_the_patience_of_a_request(prefer: tuple[str, ...], seconds: float) -> None:
    assert patience(request(*prefer)) == seconds
