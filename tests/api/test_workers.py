"""The solve pool on its own, with trivial jobs (time.sleep, os.getpid) in real solver
processes: hard deadlines, clients that leave, the drain, spares."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from api.workers import DeadlineExceeded, ShuttingDown, SolvePool


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
