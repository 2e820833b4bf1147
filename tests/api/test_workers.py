"""The solve pool on its own, with trivial jobs (time.sleep, os.getpid) in real solver
processes: hard deadlines, clients that leave, the drain, spares."""

from __future__ import annotations

import asyncio
import os
import sys
import time

import pytest

from api.workers import Busy, DeadlineExceeded, ShuttingDown, SolvePool


def test_a_job_past_its_deadline_is_killed_and_its_solver_replaced() -> None:
    async def scenario() -> None:
        pool = SolvePool(1, 1, grace_s=0.5)
        await pool.start(120)
        try:
            first = await pool.run(os.getpid)
            started = time.monotonic()
            with pytest.raises(DeadlineExceeded):
                await pool.run(time.sleep, 30)  # never reports a budget: 0.5 s in all
            assert time.monotonic() - started < 5
            assert await pool.run(os.getpid) != first  # a new process took the job
        finally:
            await pool.close()
    asyncio.run(scenario())


def test_a_client_that_leaves_frees_its_queue_place_and_with_a_spare_its_solver() -> None:
    async def scenario() -> None:
        pool = SolvePool(1, 2, grace_s=60, spares=1)
        await pool.start(120)
        try:
            running = asyncio.ensure_future(pool.run(time.sleep, 30))
            queued = asyncio.ensure_future(pool.run(os.getpid))
            while not any(pool.pids().values()):
                await asyncio.sleep(0.01)
            (busy,) = pool.pids()
            queued.cancel()
            running.cancel()
            await asyncio.gather(running, queued, return_exceptions=True)
            # 60 s of deadline left and a spare ready: the solver was killed, and the
            # spare serves at once.
            started = time.monotonic()
            pid = await pool.run(os.getpid)
            assert pid != busy and time.monotonic() - started < 2
            assert pool.stats().queued == 0
        finally:
            await pool.close()
    asyncio.run(scenario())


def test_drain_fails_queued_jobs_at_once_and_running_ones_after_the_grace() -> None:
    async def scenario() -> None:
        pool = SolvePool(1, 4, grace_s=60)
        await pool.start(120)
        try:
            running = asyncio.ensure_future(pool.run(time.sleep, 30))
            queued = asyncio.ensure_future(pool.run(os.getpid))
            while not any(pool.pids().values()):
                await asyncio.sleep(0.01)
            started = time.monotonic()
            pool.drain(0.5)
            with pytest.raises(ShuttingDown):
                await queued
            assert time.monotonic() - started < 0.2
            with pytest.raises(ShuttingDown):
                await running
            assert 0.4 < time.monotonic() - started < 5
            assert not pool.ready
            with pytest.raises(ShuttingDown):
                async with pool.admission():
                    pass
        finally:
            await pool.close()
    asyncio.run(scenario())


def test_a_request_is_refused_at_once_while_every_solver_runs_a_job_older_than_it_waits(
        ) -> None:
    async def scenario() -> None:
        pool = SolvePool(1, 8, grace_s=60)
        await pool.start(120)
        try:
            running = asyncio.ensure_future(pool.run(time.sleep, 30))
            while not any(pool.pids().values()):
                await asyncio.sleep(0.01)
            # Queued while the job is young; refused the moment it turns 0.5 s old.
            queued = asyncio.ensure_future(pool.run(os.getpid, patience_s=0.5))
            patient = asyncio.ensure_future(pool.run(os.getpid))  # no patience: waits
            with pytest.raises(Busy) as refused:
                await asyncio.wait_for(queued, 5)
            # Retry-After: the job is ~0.5 s old, 60 s from its deadline: about 1 s more.
            assert refused.value.retry_after == 1 and refused.value.patience_s == 0.5
            with pytest.raises(Busy):  # now refused without queueing: no wait at all
                await asyncio.wait_for(pool.run(os.getpid, patience_s=0.5), 0.001)
            assert not patient.done()
            running.cancel()  # a spare-less pool: 60 s left, so the solver is killed
            assert isinstance(await asyncio.wait_for(patient, 60), int)
        finally:
            await pool.close()
    asyncio.run(scenario())


def test_short_jobs_that_keep_turning_over_never_refuse_a_patient_queue() -> None:
    async def scenario() -> None:
        pool = SolvePool(1, 16, grace_s=60)
        await pool.start(120)
        try:
            # 12 jobs of 0.1 s queue 1.2 s of work, more than the 0.5 s of patience; the
            # solver is never stuck on one job, so all are served.
            done = await asyncio.gather(*(pool.run(time.sleep, 0.1, patience_s=0.5)
                                          for _ in range(12)))
            assert done == [None] * 12
        finally:
            await pool.close()
    asyncio.run(scenario())


def test_one_job_after_another_goes_to_the_solver_that_ran_the_last_one() -> None:
    # At concurrency 1 the most recently used solver takes the next job (LIFO): in turn,
    # each solver ran every other plan and its job cost more CPU (issue 12).
    async def scenario() -> None:
        pool = SolvePool(2, 4, grace_s=60)
        await pool.start(120)
        try:
            pids = [await pool.run(os.getpid) for _ in range(6)]
            assert len(set(pids)) == 1, pids
            # Two at once still take both solvers.
            busy = await asyncio.gather(*(pool.run(_sleep_pid, 0.3) for _ in range(2)))
            assert len(set(busy)) == 2, busy
        finally:
            await pool.close()
    asyncio.run(scenario())


def _sleep_pid(seconds: float) -> int:
    """Run in a solver: sleep, then its process id."""
    time.sleep(seconds)
    return os.getpid()


def loaded(module: str) -> bool:
    """Run in a solver: whether `module` has been imported there."""
    return module in sys.modules


def test_a_fresh_solver_has_the_plan_store_path_warm() -> None:
    # Without it, the first plan a new solver took (right after every replacement)
    # spent about a second importing the store (SQLAlchemy) while its client waited.
    async def scenario() -> None:
        pool = SolvePool(1, 1, preload=("palembang",))
        await pool.start(120)
        try:
            assert await pool.run(loaded, "optimizer.store.verify")
            assert await pool.run(loaded, "sqlalchemy")
        finally:
            await pool.close()
    asyncio.run(scenario())


def test_the_channel_reads_what_a_connection_sends_however_the_bytes_arrive() -> None:
    """The loop's end of a solver's pipe (workers._Channel) reads multiprocessing's framing:
    messages split anywhere, several in one read, the long header of a huge message;
    and what the pool sends (workers._framed) is what Connection.recv reads."""
    import socket
    import struct
    from multiprocessing.connection import Connection

    from api import workers

    messages: list[tuple[str, object]] = [("ready", 41), ("budget", 2.5),
                                          ("done", b"plan" * 40_000), ("retire", None)]
    ours, theirs_socket = socket.socketpair()
    theirs = Connection(theirs_socket.detach())
    try:
        for message in messages:
            theirs.send(message)  # as a solver sends
        stream = b""
        while len(stream) < sum(len(b"".join(workers._framed(m))) for m in messages):
            stream += ours.recv(1 << 20)
        for message in messages:  # and the pool's frames are what a solver reads
            ours.sendall(b"".join(workers._framed(message)))
            assert theirs.recv() == message
    finally:
        ours.close()
        theirs.close()
    (size,) = struct.unpack("!i", stream[:4])
    pickled = stream[4:4 + size]
    long_form = struct.pack("!iQ", -1, size) + pickled  # how a message over 2 GiB comes
    delivered: list[tuple[str, object]] = []
    channel = workers._Channel(lambda worker, kind, value: delivered.append((kind, value)))
    channel.worker = None  # type: ignore[assignment]  # no process behind this one
    for cut in (1, 3, 4, 5, 7, 4096, len(stream)):
        delivered.clear()
        for at in range(0, len(stream), cut):
            channel.data_received(stream[at:at + cut])
        assert delivered == messages and not channel.buffer, cut
    delivered.clear()
    channel.data_received(long_form[:6])
    channel.data_received(long_form[6:] + stream[:10])
    assert delivered == messages[:1] and len(channel.buffer) == 10
