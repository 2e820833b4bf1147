"""read_body: the whole body in time, at a minimum rate, with a bounded number of
reader places; fed by a fake ASGI receive."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from api.bodies import (
    BodyGate,
    BodyReadersFull,
    BodyRules,
    BodyTimeout,
    ClientGone,
    Closing,
    read_body,
)

RULES = BodyRules(timeout_s=2.0, grace_s=0.2, min_bytes_per_s=100)


def trickle(chunks: list[bytes], every_s: float) -> Any:
    """A receive that hands out the chunks `every_s` apart, the last without more_body."""
    pending = list(chunks)

    async def receive() -> dict[str, Any]:
        if not pending:
            await asyncio.sleep(3600)
        await asyncio.sleep(every_s)
        body = pending.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(pending)}
    return receive


def test_a_whole_body_needs_no_reader_place() -> None:
    async def scenario() -> bytes:
        gate = BodyGate(0)  # no place at all: not needed for a body that came whole
        return await read_body(trickle([b'{"a": 1}'], 0.0), RULES, gate)
    assert asyncio.run(scenario()) == b'{"a": 1}'


def test_a_body_at_the_rate_arrives_and_one_below_it_is_cut_off() -> None:
    async def fast() -> bytes:
        # 50 bytes every 0.1 s is 500 bytes/s, over the 100 bytes/s minimum.
        return await read_body(trickle([b"x" * 50] * 6, 0.1), RULES, BodyGate(1))
    assert asyncio.run(fast()) == b"x" * 300

    async def slow() -> float:
        started = time.monotonic()
        with pytest.raises(BodyTimeout) as cut:
            # 1 byte every 0.1 s is 10 bytes/s: after the 0.2 s grace, byte n is due by
            # 0.2 + n / 100 s, so the body falls behind at about 0.21 s.
            await read_body(trickle([b"x"] * 50, 0.1), RULES, BodyGate(1), started)
        assert cut.value.received <= 3
        return time.monotonic() - started
    assert asyncio.run(slow()) < 1.0


def test_reader_places_are_bounded() -> None:
    async def scenario() -> None:
        gate = BodyGate(1)
        holder = asyncio.ensure_future(read_body(trickle([b"x" * 60] * 10, 0.1), RULES, gate))
        await asyncio.sleep(0.15)  # the holder has its place
        with pytest.raises(BodyReadersFull):
            # Waits for a place as long as its own rate allows (0.2 s + 60 / 100 s).
            await read_body(trickle([b"y" * 60] * 3, 0.0), RULES, gate)
        assert await holder == b"x" * 600
    asyncio.run(scenario())


def test_a_client_that_leaves_and_a_server_that_stops() -> None:
    async def gone() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    with pytest.raises(ClientGone):
        asyncio.run(read_body(gone, RULES, BodyGate(1)))

    async def stopping() -> None:
        gate = BodyGate(1)
        reading = asyncio.ensure_future(read_body(trickle([b"x" * 60] * 20, 0.1), RULES, gate))
        await asyncio.sleep(0.25)
        gate.close()
        with pytest.raises(Closing):
            await reading
    asyncio.run(stopping())
