"""The bounded solve pool: solver processes, a bounded queue, hard deadlines, a drain.

Each solver is a spawned process of its own (`api.solver.main`) that runs one job at a
time, sent over a pipe (a socket pair in multiprocessing's framing). The event loop
reads what the process sends back as it arrives (`_Channel`, a protocol: the loop
never blocks on a solver), without a thread per solver in between: a reader thread
cost each plan two thread hand-overs and about 0.4 ms of CPU. What the pool
promises:

- Requests beyond the busy solvers wait in a queue of `queue_size`; past that they
  are refused at once (QueueFull) with a Retry-After estimate.
- A request may bound its wait (`patience_s`): while every live solver runs a job
  that has already run longer than that, it is refused at once (Busy) instead of
  queued, and a request already queued is refused (Busy) the moment that becomes
  true. Jobs that keep turning over (however long the queue) never trigger it; jobs
  that may run to their deadlines do, after `patience_s`. So a request waits behind
  long jobs at most its patience, and gets a 503 only when no solver is free or
  about to be (see docs/service.md, BLANKO_QUEUE_WAIT_S).
- A job has a hard deadline: `grace_s` to read and check its input, then, once it has
  reported its budget (its capped time limits, summed), that budget plus `grace_s`.
  Past it the process is killed and replaced, and the request gets DeadlineExceeded.
  The engine spends its time limits as deterministic work (1,000 rounds of filling a
  second, not a wall clock), so nothing inside it stops at the deadline: this timer is
  the only wall-clock bound, and a job whose work runs slower than that rate by more
  than `grace_s` (model building included) is killed rather than answered late.
- A solver that dies (killed, crashed, over its memory limit in C code) fails only
  the job it was running (WorkerCrashed) and is replaced; the others carry on. A
  spare (started, warm, idle) takes its place at once, and a new spare starts.
- A request whose client left (its task cancelled) gives up its queue place; when
  its job is already running and has more time left than the pool would be a solver
  short (none with a spare ready, else a start-up), the solver is killed and
  replaced, else the job finishes unobserved (unless
  the budget it reports later shows it has more time than that).
- `drain`: no new jobs; queued ones fail at once with ShuttingDown; running ones get
  a grace period, then their solvers are killed (ShuttingDown too).
- Solver processes cannot outlive the server, even one killed with SIGKILL (see
  `api.solver`).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import math
import multiprocessing
import os
import signal
import socket
import struct
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from typing import Any, cast

from api import logs, solver

# Spawned, not forked: the server has threads, and a fork would copy their locks.
_CONTEXT = multiprocessing.get_context("spawn")
_FIRST_RETRY_S, _LAST_RETRY_S = 0.5, 30.0
_REAP_S = 5.0
# A job this small is pickled on the event loop itself, not in a thread (a hop that cost
# more than pickling it); bigger bodies are pickled in a thread. Either way the loop's
# transport writes it without blocking.
_INLINE_BYTES = 8_192


class QueueFull(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"queue full, retry after {retry_after} s")
        self.retry_after = retry_after


class Busy(QueueFull):
    """Every live solver has run its job longer than this request may wait."""

    def __init__(self, retry_after: int, patience_s: float):
        super().__init__(retry_after)
        self.patience_s = patience_s


class WorkerCrashed(Exception):
    """The solver running this request died; it is being replaced.

    exitcode: the process's (negative: the signal that ended it, e.g. -6 for an abort
    in C code, which is how a native library fails at the address-space limit)."""

    def __init__(self, message: str, exitcode: int | None = None):
        super().__init__(message)
        self.exitcode = exitcode


class DeadlineExceeded(Exception):
    """The job ran past its hard deadline; its solver was killed and is being replaced."""

    def __init__(self, seconds: float):
        super().__init__(f"the job ran past its deadline of {seconds:.1f} s")
        self.seconds = seconds


class ShuttingDown(Exception):
    """The server is stopping: the job was not started, or not finished in the grace."""


class PoolNotReady(Exception):
    """The pool is starting, stopping, or has no live worker."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    channel: _Channel
    pid: int
    ready: asyncio.Future[int]
    job: asyncio.Future[Any] | None = None
    timer: asyncio.TimerHandle | None = None
    deadline_s: float = 0.0  # the current job's deadline, from its start
    started: float = 0.0
    killed_for: str | None = None  # why the pool killed it: deadline, client, shutdown
    abandoned: bool = False  # the current job's client left
    reaped: asyncio.Future[None] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class PoolStats:
    workers: int
    alive: int
    busy: int
    queued: int
    queue_size: int
    spares: int


class SolvePool:
    """`size` solver processes and at most `queue_size` requests waiting for one.

    memory_mb caps each solver's address space (0: no cap); grace_s is the slack of the
    hard deadline (see the module docstring); `spares` more processes wait, started, to
    replace a killed or lost solver at once.
    """

    def __init__(self, size: int, queue_size: int, preload: tuple[str, ...] = (), *,
                 memory_mb: int = 0, grace_s: float = 5.0, spares: int = 0):
        self.size, self.queue_size, self.preload = size, queue_size, preload
        self.memory_mb, self.grace_s, self.spares = memory_mb, grace_s, spares
        # Started and warmed, running nothing: one takes a lost solver's place at once.
        self._spares: collections.deque[_Worker] = collections.deque()
        self._workers: set[_Worker] = set()
        self._idle: collections.deque[_Worker] = collections.deque()
        self._waiters: collections.deque[asyncio.Future[_Worker]] = collections.deque()
        self._busy: set[_Worker] = set()
        self._admitted = 0
        self._mean_s = 0.05  # moving mean of job time, for Retry-After
        self._spawn_s = 2.0  # moving mean of a solver's start-up time
        self._tasks: set[asyncio.Task[None]] = set()
        self._open = False
        self._draining = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._starting: set[_Worker] = set()
        self._respawning = asyncio.Lock()

    # ------------------------------------------------------------------ life cycle

    async def start(self, timeout_s: float) -> None:
        """Start every solver and wait until each has imported and warmed the library."""
        self._loop = asyncio.get_running_loop()
        self._open = True
        try:
            workers = await asyncio.wait_for(
                asyncio.gather(*(self._spawn() for _ in range(self.size + self.spares))),
                timeout_s)
        except BaseException:
            self._open = False
            await self.close()
            raise
        for worker in workers:
            self._place(worker)

    async def close(self, timeout_s: float = 5.0) -> None:
        """Stop every solver now (SIGKILL: they hold nothing worth saving) and reap them."""
        self._open = False
        self._draining = True
        for task in list(self._tasks):
            task.cancel()
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_exception(ShuttingDown())
        self._waiters.clear()
        workers = list(self._workers) + list(self._spares) + list(self._starting)
        for worker in workers:
            self._kill(worker, "shutdown")
        reaped = [w.reaped for w in workers if w.reaped is not None]
        if reaped:
            await asyncio.wait(reaped, timeout=timeout_s)

    def drain(self, grace_s: float) -> None:
        """Stop taking jobs; fail the queued ones now and the running ones after grace_s."""
        if self._draining:
            return
        self._draining = True
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_exception(ShuttingDown())
        self._waiters.clear()
        logs.event("draining", running=len(self._busy), grace_s=grace_s)
        if self._busy:
            asyncio.get_running_loop().call_later(grace_s, self._stop_running)

    def _stop_running(self) -> None:
        for worker in list(self._busy):
            self._kill(worker, "shutdown")

    # ------------------------------------------------------------------ state

    @property
    def ready(self) -> bool:
        return self._open and not self._draining and bool(self._workers)

    @property
    def draining(self) -> bool:
        return self._draining

    def stats(self) -> PoolStats:
        """Counts; `alive` asks the OS about each solver process (waitpid), now."""
        busy = len(self._busy)
        alive = 0
        for worker in list(self._workers):
            if worker.process.is_alive():
                alive += 1
            elif worker.killed_for is None:
                worker.killed_for = "found dead"
        spares = sum(1 for w in list(self._spares) if w.process.is_alive())
        return PoolStats(workers=self.size, alive=alive, busy=busy,
                         queued=max(0, self._admitted - busy), queue_size=self.queue_size,
                         spares=spares)

    def pids(self) -> dict[int, bool]:
        """Each live solver's process id, and whether it is running a job (call this on
        the event loop's thread)."""
        return {w.pid: w in self._busy for w in list(self._workers)}

    def has_room(self) -> bool:
        return self._admitted < self.size + self.queue_size

    @contextlib.asynccontextmanager
    async def admission(self) -> AsyncIterator[None]:
        """A place among the running and queued requests, or QueueFull at once."""
        if self._draining and self._open:
            raise ShuttingDown
        if not self.ready:
            raise PoolNotReady
        if not self.has_room():
            raise QueueFull(self.retry_after())
        self._admitted += 1
        try:
            yield
        finally:
            self._admitted -= 1

    def refuse_if_stuck(self, patience_s: float) -> None:
        """Busy now if a request with this patience would be refused by `run` (no solver
        idle, every one running a job older than patience_s): checked before a body is
        read, so that a request that will be refused costs no upload."""
        if not self._idle and self._stuck(patience_s):
            raise Busy(self._busy_retry_after(), patience_s)

    def retry_after(self) -> int:
        waiting = max(0, self._admitted - self.size) + 1
        return max(1, min(60, math.ceil(waiting * self._mean_s / self.size)))

    # ------------------------------------------------------------------ jobs

    async def run(self, fn: Callable[..., Any], *args: Any,
                  patience_s: float | None = None) -> Any:
        """fn(*args) in the next free solver: its result, or WorkerCrashed,
        DeadlineExceeded, ShuttingDown; Busy when it would wait behind jobs older than
        patience_s (None: wait as long as it takes). Cancelling the caller gives up the
        job."""
        loop = asyncio.get_running_loop()
        worker = await self._take(patience_s)
        job: asyncio.Future[Any] = loop.create_future()
        job.add_done_callback(_retrieve)
        worker.job, worker.killed_for, worker.abandoned = job, None, False
        worker.started = time.monotonic()
        self._busy.add(worker)
        self._set_deadline(worker, self.grace_s)
        try:
            if sum(len(a) for a in args if isinstance(a, bytes | str)) <= _INLINE_BYTES:
                worker.channel.send(_framed((fn, args)))
            else:  # a big body is pickled off the loop
                worker.channel.send(await asyncio.to_thread(_framed, (fn, args)))
            return await asyncio.shield(job)
        except asyncio.CancelledError:
            self._abandon(worker, job)
            raise

    async def _take(self, patience_s: float | None = None) -> _Worker:
        if self._draining:
            raise ShuttingDown
        while self._idle:
            # The most recently used solver first (LIFO): one request after another goes
            # to the same warm process; in turn, each solver ran every other plan and its
            # job cost ~0.3 ms more CPU (docs/service.md, issue 12).
            worker = self._idle.pop()
            if worker in self._workers and worker.killed_for is None:
                return worker
        if patience_s is not None and self._stuck(patience_s):
            raise Busy(self._busy_retry_after(), patience_s)
        waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            while True:
                # Without a patience, wait; with one, look again when the youngest job
                # turns patience_s old (a solver handed over wakes the waiter first).
                timeout = None if patience_s is None else self._recheck_in(patience_s)
                await asyncio.wait({waiter}, timeout=timeout)
                if waiter.done():
                    return waiter.result()
                assert patience_s is not None
                if self._stuck(patience_s):
                    self._waiters.remove(waiter)
                    raise Busy(self._busy_retry_after(), patience_s)
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())  # handed a solver just as the client left
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)
            raise

    def _stuck(self, patience_s: float) -> bool:
        """True when every live solver runs a job older than patience_s: none is free
        or being replaced, and none runs a job young enough to be done soon."""
        if not self._workers:
            return False  # a replacement is starting; PoolNotReady covers none at all
        now = time.monotonic()
        return all(w in self._busy and w.killed_for is None and now - w.started >= patience_s
                   for w in self._workers)

    def _recheck_in(self, patience_s: float) -> float:
        """Seconds until the youngest running job turns patience_s old (the earliest the
        pool can be stuck); a short poll while a solver is being replaced."""
        now = time.monotonic()
        due = [w.started + patience_s - now for w in self._workers
               if w in self._busy and w.killed_for is None]
        return max(0.02, max(due, default=0.0))

    def _busy_retry_after(self) -> int:
        """Seconds until a solver is likely free: for each running job, the least of the
        time left to its hard deadline and its age so far (a job that has run t seconds
        is expected to run about t more), then the soonest; no later than a replacement
        solver's start-up when one is starting."""
        assert self._loop is not None
        now, loop_now = time.monotonic(), self._loop.time()
        soonest = math.inf
        for worker in self._busy:
            age = now - worker.started
            left = worker.timer.when() - loop_now if worker.timer is not None else age
            soonest = min(soonest, max(0.0, left), max(age, self._mean_s))
        if len(self._workers) < self.size:  # a replacement is starting
            soonest = min(soonest, self._spawn_s)
        if math.isinf(soonest):
            soonest = self._spawn_s
        return max(1, min(60, math.ceil(soonest)))

    def _release(self, worker: _Worker) -> None:
        if worker not in self._workers or worker.killed_for is not None:
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _set_deadline(self, worker: _Worker, seconds: float) -> None:
        assert self._loop is not None
        if worker.timer is not None:
            worker.timer.cancel()
        worker.deadline_s = time.monotonic() - worker.started + seconds
        worker.timer = self._loop.call_later(seconds, self._kill, worker, "deadline")

    def _abandon(self, worker: _Worker, job: asyncio.Future[Any]) -> None:
        """The client left while its job ran: kill it when a restart costs less than the
        time the job may still take."""
        if job.done() or worker.timer is None:
            return
        worker.abandoned = True
        left = worker.timer.when() - asyncio.get_running_loop().time()
        kill = left > self._replacement_s()
        if kill:
            self._kill(worker, "client")
        logs.event("job_abandoned", pid=worker.pid, killed=kill, seconds_left=round(left, 3))

    def _replacement_s(self) -> float:
        """How long the pool is a solver short after a kill: none with a spare ready."""
        return 0.0 if self._spares else self._spawn_s

    def _kill(self, worker: _Worker, why: str) -> None:
        if worker.killed_for is None:
            worker.killed_for = why
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)

    # ------------------------------------------------------------------ messages

    def _message(self, worker: _Worker, kind: str, value: Any) -> None:
        """A message from a solver (or its end), on the loop's thread."""
        if kind == "ready":
            if not worker.ready.done():
                worker.ready.set_result(value)
        elif kind == "retire":  # it exits after this job: do not hand it another
            worker.killed_for = worker.killed_for or "retired"
        elif kind == "budget" and worker.job is not None and not worker.job.done():
            self._set_deadline(worker, float(value) + self.grace_s)
            if worker.abandoned and float(value) + self.grace_s > self._replacement_s():
                self._kill(worker, "client")  # left while the input was being read
        elif kind == "done":
            self._finish(worker)
            if worker.job is not None and not worker.job.done():
                worker.job.set_result(value)
            worker.job = None
            self._release(worker)
        elif kind == "end":
            self._lost(worker, value)

    def _finish(self, worker: _Worker) -> None:
        if worker.timer is not None:
            worker.timer.cancel()
            worker.timer = None
        if worker in self._busy:
            self._busy.discard(worker)
            self._mean_s = 0.8 * self._mean_s + 0.2 * (time.monotonic() - worker.started)

    def _lost(self, worker: _Worker, exitcode: int | None) -> None:
        self._finish(worker)
        why = worker.killed_for
        if not worker.ready.done():
            worker.ready.set_exception(RuntimeError(
                f"solver process {worker.pid} exited during start-up (exit code {exitcode})"))
        if worker.job is not None and not worker.job.done():
            if why == "deadline":
                worker.job.set_exception(DeadlineExceeded(worker.deadline_s))
            elif why == "shutdown":
                worker.job.set_exception(ShuttingDown())
            else:
                worker.job.set_exception(WorkerCrashed(
                    f"solver process {worker.pid} stopped (exit code {exitcode})", exitcode))
        worker.job = None
        if worker in self._spares:
            self._spares.remove(worker)
        elif worker in self._workers:
            self._workers.discard(worker)
            if self._spares and self._open and not self._draining:
                self._add(self._spares.popleft())
        else:
            return
        if why in (None, "found dead"):
            logs.event("worker_lost", logging.WARNING, pid=worker.pid, exitcode=exitcode)
        else:
            logs.event("worker_stopped", pid=worker.pid, why=why)
        if self._open and not self._draining:
            task = asyncio.get_running_loop().create_task(self._respawn())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------------ processes

    async def _respawn(self) -> None:
        delay = _FIRST_RETRY_S
        while self._open:
            try:
                # One replacement starts at a time: each imports and warms the library
                # (seconds of CPU), and two at once would starve the solvers still serving
                # and make the first replacement later.
                async with self._respawning:
                    worker = await self._spawn()
            except Exception as error:
                logs.event("worker_start_failed", logging.ERROR, error)
                await asyncio.sleep(delay)
                delay = min(2 * delay, _LAST_RETRY_S)
                continue
            if not self._open:
                self._kill(worker, "shutdown")
                return
            self._place(worker)
            logs.event("worker_started", pid=worker.pid)
            return

    def _place(self, worker: _Worker) -> None:
        """A new solver: into service when one is missing, else a spare."""
        if len(self._workers) < self.size:
            self._add(worker)
        else:
            self._spares.append(worker)

    def _add(self, worker: _Worker) -> None:
        self._workers.add(worker)
        self._release(worker)

    async def _spawn(self) -> _Worker:
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        mine, theirs_socket = socket.socketpair()
        theirs = Connection(theirs_socket.detach())
        process = _CONTEXT.Process(
            target=solver.main, name="blanko-solver", daemon=True,
            args=(theirs, os.getpid(), self.memory_mb * 1024 * 1024, self.preload))
        # Started on the loop's thread, which lives as long as the server: the solver's
        # parent-death signal is tied to the thread that started it.
        try:
            process.start()
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()
        assert process.pid is not None
        channel = _Channel(self._message)
        worker = _Worker(process, channel, process.pid, loop.create_future())
        worker.ready.add_done_callback(_retrieve)
        channel.worker = worker
        worker.reaped = loop.create_future()
        self._starting.add(worker)
        try:
            await loop.connect_accepted_socket(lambda: channel, sock=mine)
        except BaseException:
            mine.close()
            self._starting.discard(worker)
            self._kill(worker, "shutdown")
            loop.run_in_executor(None, _reap, process, worker.pid)
            raise
        try:
            await worker.ready
        except BaseException:
            self._kill(worker, "shutdown")
            raise
        finally:
            self._starting.discard(worker)
        self._spawn_s = 0.5 * self._spawn_s + 0.5 * (time.monotonic() - started)
        return worker


class _Channel(asyncio.Protocol):
    """The loop's end of one solver's pipe: multiprocessing.Connection's framing (a 4-byte
    big-endian length, or -1 and an 8-byte length), each message unpickled and handed
    to `deliver` as it completes; at the end (EOF, or a message that does not unpickle:
    a bug, not a hang) the process is reaped off the loop and "end" delivered with its
    exit code."""

    worker: _Worker

    def __init__(self, deliver: Callable[[_Worker, str, Any], None]):
        self.deliver = deliver
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # (uvloop's transports are not asyncio.Transport subclasses, but behave as one)
        self.transport = cast(asyncio.Transport, transport)

    def send(self, framed: list[bytes]) -> None:
        # A solver that died before reading its job is reported by connection_lost.
        if self.transport is not None and not self.transport.is_closing():
            self.transport.writelines(framed)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        if buffer:
            buffer += data
        source = buffer if buffer else data  # the usual case: a whole message, not copied
        used, messages = 0, []
        with memoryview(source) as view:
            while True:
                size, start = _frame(view, used)
                if size < 0 or len(view) - start < size:
                    break
                try:
                    messages.append(ForkingPickler.loads(view[start:start + size]))
                except Exception as error:  # an outcome that does not unpickle: a bug
                    logs.event("solver_message_unreadable", logging.ERROR, error,
                               pid=self.worker.pid)
                    messages.append(None)
                    break
                used = start + size
        if source is buffer:
            del buffer[:used]
        else:
            buffer += data[used:]
        for message in messages:
            if message is None:  # not a hang: the pipe is closed and the solver reaped
                buffer.clear()
                assert self.transport is not None
                self.transport.close()
                return
            kind, value = message
            self.deliver(self.worker, kind, value)

    def connection_lost(self, exc: Exception | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop may be closing at shutdown
            task = asyncio.get_running_loop().create_task(self._reap())
            task.add_done_callback(_retrieve)

    async def _reap(self) -> None:
        worker = self.worker
        try:
            await asyncio.to_thread(_reap, worker.process, worker.pid)
        finally:
            if worker.reaped is not None and not worker.reaped.done():
                worker.reaped.set_result(None)
        self.deliver(worker, "end", worker.process.exitcode)


def _frame(view: memoryview, at: int) -> tuple[int, int]:
    """(size of the message starting at `at`, where its pickle starts); size -1 until
    its header is complete."""
    if len(view) - at < 4:
        return -1, at
    (size,) = struct.unpack_from("!i", view, at)
    if size != -1:
        return size, at + 4
    if len(view) - at < 12:
        return -1, at
    (size,) = struct.unpack_from("!Q", view, at + 4)
    return size, at + 12


def _framed(message: Any) -> list[bytes]:
    """`message` as multiprocessing.Connection.send writes it (what the solver's recv reads)."""
    data = bytes(ForkingPickler.dumps(message))
    size = len(data)
    header = struct.pack("!i", size) if size <= 0x7FFFFFFF else struct.pack("!iQ", -1, size)
    return [header, data]


def _reap(process: BaseProcess, pid: int) -> None:
    """Wait for a solver whose pipe has closed; SIGKILL it if it lingers."""
    process.join(_REAP_S)
    if process.exitcode is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        process.join()


def _retrieve(future: asyncio.Future[Any]) -> None:
    # Nobody may be waiting for an abandoned job: mark its exception as seen.
    if not future.cancelled():
        future.exception()
