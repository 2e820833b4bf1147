"""The solver process's side of the pool: its limits, its parent watch and its job loop.

`main` is the target of each solver process (`workers.SolvePool` starts it, spawned).
Before anything else it makes sure it cannot outlive the server, even when the server
is killed with SIGKILL: the kernel sends it SIGKILL when its parent dies
(prctl PR_SET_PDEATHSIG), and a watchdog thread checks the parent's pid as well (for
kernels without prctl, or a parent thread that exits). Then it caps its own address
space (RLIMIT_AS), warms the library, and answers jobs one at a time over its pipe:

    parent -> solver:  (function, args)
    solver -> parent:  ("ready", pid) once; then per job any number of
                       ("budget", seconds) and one ("done", outcome), after
                       ("retire", None) when the solver exits after this job

A job reports its budget (its capped time limits, summed) once it has read and checked
its input; the parent sets the job's hard deadline from it (see `workers`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WATCH_EVERY_S = 0.25


def main(conn: Connection, parent_pid: int, memory_bytes: int, preload: tuple[str, ...]) -> None:
    """Run jobs sent over `conn` until the pipe closes or the parent dies."""
    _die_with_parent(parent_pid)
    # Ctrl-C (and a service manager's SIGTERM) may reach the whole process group; the
    # server handles them, lets running jobs finish in its grace, then stops its solvers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from api import jobs, store_jobs  # after the limit: imports count against it

    jobs.warm(preload)
    store_jobs.warm(preload)
    jobs.set_reporter(lambda seconds: conn.send(("budget", seconds)))
    conn.send(("ready", os.getpid()))
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            os._exit(0)  # the server closed the pipe: it is stopping this solver
        outcome = fn(*args)
        # After a MemoryError the heap may be left fragmented near the limit: a fresh
        # process takes the next job.
        retire = isinstance(outcome, jobs.OutOfMemory)
        if retire:
            conn.send(("retire", None))
        conn.send(("done", outcome))
        if retire:
            os._exit(0)


def _die_with_parent(parent_pid: int) -> None:
    libc_name = ctypes.util.find_library("c")
    if libc_name is not None:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        prctl: Callable[..., int] = libc.prctl
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The parent may have died before prctl took effect.
    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True,
                     name="parent-watch").start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(_WATCH_EVERY_S)
    os._exit(1)

