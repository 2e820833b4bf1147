"""Request bodies read in full, in time, before the request may take a queue place.

A client that sends its body slowly must not hold anything another client needs. So
a body must arrive within `body_timeout_s` of the request's start and, after
`body_grace_s`, at `body_min_bytes_per_s` at least: by t seconds it must have sent
rate * (t - grace) bytes. Else 408, and the connection is closed. A body that came
whole with its headers (the usual small request) is done at once; one still arriving
holds one of `max_body_readers` reader places, and a request that finds none free
waits for one while its own deadline allows, then gets 503. Only then does the
request ask the solve pool for a place.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from typing import Any

from starlette.types import Message, Receive


class BodyTimeout(Exception):
    """The body did not arrive in time (408)."""

    def __init__(self, received: int, seconds: float):
        super().__init__(f"{received} bytes of the body in {seconds:.1f} s")
        self.received, self.seconds = received, seconds


class BodyReadersFull(Exception):
    """Every reader place is held by a body still arriving (503)."""


class ClientGone(Exception):
    """The client closed the connection; nobody is left to answer."""


class Closing(Exception):
    """The server began to stop while the body was arriving (503)."""


@dataclass(frozen=True)
class BodyRules:
    timeout_s: float
    grace_s: float
    min_bytes_per_s: int


class BodyGate:
    """The reader places for bodies still arriving; closed when the server stops."""

    def __init__(self, limit: int):
        self.limit = limit
        self.places = asyncio.Semaphore(limit)
        self.closing = asyncio.Event()

    def close(self) -> None:
        self.closing.set()


async def read_body(receive: Receive, rules: BodyRules, gate: BodyGate,
                    started: float | None = None) -> bytes:
    """The whole body, or BodyTimeout, BodyReadersFull, ClientGone, Closing.

    `started` is the request's start on the time.monotonic() clock (default: now).
    """
    start = time.monotonic() if started is None else started
    chunks: list[bytes] = []
    received = 0

    def due() -> float:
        by_rate = start + rules.grace_s + received / rules.min_bytes_per_s
        return min(start + rules.timeout_s, by_rate)

    message = await _next(receive, due(), gate, received, start)
    chunks.append(message.get("body", b""))
    received += len(chunks[-1])
    if not message.get("more_body", False):
        return b"".join(chunks)
    # Wait for a place no longer than the body may take to make progress: a client that
    # is refused comes back, and a flood of instant refusals costs more than a wait.
    try:
        await asyncio.wait_for(gate.places.acquire(), max(0.0, due() - time.monotonic()))
    except TimeoutError:
        raise BodyReadersFull from None
    try:
        while True:
            message = await _next(receive, due(), gate, received, start)
            chunks.append(message.get("body", b""))
            received += len(chunks[-1])
            if not message.get("more_body", False):
                return b"".join(chunks)
    finally:
        gate.places.release()


async def _next(receive: Receive, due: float, gate: BodyGate, received: int,
                start: float) -> Message:
    if gate.closing.is_set():
        raise Closing
    wait = due - time.monotonic()
    if wait <= 0:
        raise BodyTimeout(received, time.monotonic() - start)
    get = asyncio.ensure_future(receive())
    stop = asyncio.ensure_future(gate.closing.wait())
    try:
        await asyncio.wait({get, stop}, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.cancel()
        if not get.done():
            get.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await get
    if not get.done() or get.cancelled():
        if gate.closing.is_set():
            raise Closing
        raise BodyTimeout(received, time.monotonic() - start)
    message = get.result()
    if message["type"] == "http.disconnect":
        raise ClientGone
    return message


# Where api.middleware.BodyDeadline leaves its reader in the request's state: a route
# that reads its body through it skips a second read_body around the same message.
READER = "body_reader"


async def request_body(receive: Receive, state: dict[str, Any], rules: BodyRules,
                       gate: BodyGate) -> bytes:
    """A route's whole body: from BodyDeadline's reader while it has not handed the body
    over (it reads under the same rules and gate), else read_body; the same refusals."""
    reader = state.get(READER)
    if reader is not None:
        message: Message = await reader()
        if message["type"] == "http.disconnect":
            raise ClientGone
        body: bytes = message.get("body", b"")
        return body
    return await read_body(receive, rules, gate, state.get("started"))


async def wait_for_disconnect(receive: Receive) -> None:
    """Return when the client has closed the connection (call once the body is read)."""
    while (await receive())["type"] != "http.disconnect":
        pass
