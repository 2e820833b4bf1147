"""The bounded solve pool: worker processes, a bounded queue, crashed workers replaced.

Each worker is a one-process `ProcessPoolExecutor` that runs one job at a time, so a
worker that dies (BrokenProcessPool) takes down only the job it was running: that
request fails, a fresh worker replaces it, and the other workers carry on. Requests
beyond the busy workers wait in a queue of `queue_size`; past that they are refused
at once (QueueFull) with a Retry-After estimate, before their body is read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import multiprocessing
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from api import jobs, logs

Result = TypeVar("Result")
# Spawned, not forked: the server has threads, and a fork would copy their locks.
_CONTEXT = multiprocessing.get_context("spawn")
_FIRST_RETRY_S, _LAST_RETRY_S = 0.5, 30.0


class QueueFull(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"queue full, retry after {retry_after} s")
        self.retry_after = retry_after


class WorkerCrashed(Exception):
    """The worker running this request died; it is being replaced."""


class PoolNotReady(Exception):
    """The pool is starting, stopping, or has no live worker."""


@dataclass(eq=False)
class _Worker:
    executor: ProcessPoolExecutor
    pid: int


@dataclass(frozen=True)
class PoolStats:
    workers: int
    alive: int
    busy: int
    queued: int
    queue_size: int


class SolvePool:
    """`size` worker processes and at most `queue_size` requests waiting for one."""

    def __init__(self, size: int, queue_size: int, preload: tuple[str, ...] = ()):
        self.size, self.queue_size, self.preload = size, queue_size, preload
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._busy: set[_Worker] = set()
        self._admitted = 0
        self._mean_s = 0.05  # moving mean of job time, for Retry-After
        self._tasks: set[asyncio.Task[None]] = set()
        self._open = False

    async def start(self, timeout_s: float) -> None:
        """Start every worker and wait until each has imported and warmed the library."""
        workers = await asyncio.wait_for(
            asyncio.gather(*(self._spawn() for _ in range(self.size))), timeout_s)
        for worker in workers:
            self._workers.add(worker)
            self._idle.put_nowait(worker)
        self._open = True

    async def close(self, timeout_s: float = 30.0) -> None:
        """Stop taking jobs, let running ones finish (up to timeout_s), stop every worker."""
        self._open = False
        for task in list(self._tasks):
            task.cancel()
        workers = list(self._workers)
        self._workers.clear()
        stops = [asyncio.to_thread(w.executor.shutdown, True, cancel_futures=True)
                 for w in workers]
        try:
            await asyncio.wait_for(asyncio.gather(*stops), timeout_s)
        except TimeoutError:
            for worker in workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.pid, signal.SIGKILL)

    @property
    def ready(self) -> bool:
        return self._open and bool(self._workers)

    def stats(self) -> PoolStats:
        busy = len(self._busy)
        return PoolStats(workers=self.size, alive=len(self._workers), busy=busy,
                         queued=max(0, self._admitted - busy), queue_size=self.queue_size)

    def pids(self) -> dict[int, bool]:
        """Each live worker's process id, and whether it is running a job (call this on
        the event loop's thread)."""
        return {w.pid: w in self._busy for w in list(self._workers)}

    @contextlib.asynccontextmanager
    async def admission(self) -> AsyncIterator[None]:
        """A place among the running and queued requests, or QueueFull at once."""
        if not self.ready:
            raise PoolNotReady
        if self._admitted >= self.size + self.queue_size:
            raise QueueFull(self.retry_after())
        self._admitted += 1
        try:
            yield
        finally:
            self._admitted -= 1

    def retry_after(self) -> int:
        waiting = max(0, self._admitted - self.size) + 1
        return max(1, min(60, math.ceil(waiting * self._mean_s / self.size)))

    async def run(self, fn: Callable[..., Result], *args: Any) -> Result:
        """Run fn(*args) in the next free worker; WorkerCrashed if that worker dies."""
        loop = asyncio.get_running_loop()
        while True:
            worker = await self._idle.get()
            try:
                future = worker.executor.submit(fn, *args)
                break
            except (BrokenProcessPool, RuntimeError):
                self._replace(worker)  # died while idle: not this request's doing
        self._busy.add(worker)
        started = time.perf_counter()
        future.add_done_callback(
            lambda f: _call_soon(loop, self._finished, worker, f, started))
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool as error:
            raise WorkerCrashed(f"solver process {worker.pid} stopped") from error

    def _finished(self, worker: _Worker, future: Future[Any], started: float) -> None:
        self._busy.discard(worker)
        if not future.cancelled() and isinstance(future.exception(), BrokenProcessPool):
            self._replace(worker)
            return
        self._mean_s = 0.8 * self._mean_s + 0.2 * (time.perf_counter() - started)
        if worker in self._workers:
            self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        if worker not in self._workers:
            return
        self._workers.discard(worker)
        worker.executor.shutdown(wait=False, cancel_futures=True)
        logs.event("worker_lost", logging.WARNING, pid=worker.pid)
        if self._open:
            task = asyncio.get_running_loop().create_task(self._respawn())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _respawn(self) -> None:
        delay = _FIRST_RETRY_S
        while self._open:
            try:
                worker = await self._spawn()
            except Exception as error:
                logs.event("worker_start_failed", logging.ERROR, error)
                await asyncio.sleep(delay)
                delay = min(2 * delay, _LAST_RETRY_S)
                continue
            if not self._open:
                worker.executor.shutdown(wait=False, cancel_futures=True)
                return
            self._workers.add(worker)
            self._idle.put_nowait(worker)
            logs.event("worker_started", pid=worker.pid)
            return

    async def _spawn(self) -> _Worker:
        executor = ProcessPoolExecutor(1, mp_context=_CONTEXT, initializer=jobs.warm,
                                       initargs=(self.preload,))
        try:
            pid = await asyncio.wrap_future(executor.submit(jobs.pid))
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        return _Worker(executor, pid)


def _call_soon(loop: asyncio.AbstractEventLoop, fn: Callable[..., None], *args: Any) -> None:
    # Called from the executor's thread; the loop may be gone at shutdown.
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(fn, *args)
