"""Start and stop a real `blanko serve` on a free loopback port, ready to plan.

Used by the end-to-end tests and by the benchmarks that measure a real server; the
server and every solver process it starts run in a session of their own, so they can be
cleaned up as one group whatever happens.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

DEFAULT_DATASET = "palembang"


def free_port() -> int:
    """A port the OS says is free on loopback now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def blanko_command() -> list[str]:
    script = Path(sys.executable).with_name("blanko")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from optimizer.cli import app; app()"]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


@contextlib.contextmanager
def running_server(workers: int | None = None, startup_timeout_s: float = 90.0,
                   preload: str = DEFAULT_DATASET, **settings: str) -> Iterator[Server]:
    """`blanko serve` on a free loopback port, ready to plan; stopped and reaped after.

    settings are extra BLANKO_* variables, e.g. queue_size="8". Unless they name a
    `database_url`, the server keeps its plans in a temporary data home removed with it
    (a benchmark's thousands of requests must not fill the user's own plan store).
    """
    port = free_port()
    command = [*blanko_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLANKO_")}
    env.update({f"BLANKO_{k.upper()}": v for k, v in settings.items()})
    env.update(PYTHONUNBUFFERED="1", BLANKO_PRELOAD_DATASETS=preload)
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as home:
        if "database_url" not in settings:
            env["XDG_DATA_HOME"] = home
        # A session of its own, so that the server and its solver processes can be
        # cleaned up as one group whatever happens.
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
        server = Server(f"http://127.0.0.1:{port}", process, log)
        try:
            _wait_ready(server, startup_timeout_s)
            yield server
        finally:
            stop(server)


def _wait_ready(server: Server, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"blanko serve exited early:\n{server.output()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(server.url + "/readyz", timeout=2.0).status_code == 200:
                return
        time.sleep(0.1)
    raise TimeoutError(f"blanko serve not ready in {timeout_s} s:\n{server.output()}")


def stop(server: Server, timeout_s: float = 40.0) -> bool:
    """SIGTERM (a graceful shutdown), then SIGKILL to the group if it lingers.

    True when the server and every solver process it started were gone without a kill.
    """
    process = server.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    graceful = True
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        graceful = False
    deadline = time.monotonic() + 5.0
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _group_alive(process.pid):
        graceful = False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    return graceful


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def group_members(group: int) -> list[int]:
    """Live (not zombie) processes of a process group, read from /proc (Linux)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces, so split after ')'.
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == group:
            members.append(int(entry.name))
    return members


def solver_pids(server_pid: int) -> list[int]:
    """The solver processes a server started (its spawned children, not the tracker)."""
    children: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{server_pid}/task").iterdir():
            children += [int(p) for p in (task / "children").read_text().split()]
    solvers = []
    for pid in children:
        with contextlib.suppress(OSError):
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"spawn_main" in command:
                solvers.append(pid)
    return sorted(solvers)


def memory_mb(pid: int) -> dict[str, int]:
    """A process's address space (VmSize), resident size (VmRSS) and peak resident size
    (VmHWM), in MiB; {} when it is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    return {name: int(fields[name].split()[0]) // 1024 for name in ("VmSize", "VmRSS", "VmHWM")
            if name in fields}


async def slow_body(url: str, byte_every_s: float, length: int = 1000,
                    answer_timeout_s: float = 10.0, path: str = "/v1/plans",
                    content_type: str = "application/json") -> tuple[int, float]:
    """POST `path` with a body of `length` spaces sent one byte every byte_every_s until
    the server answers; (status, seconds until the server closed the connection).

    Status 0: no answer could be read (the server closed with our unsent bytes unread,
    and its kernel's reset overtook the answer), or none within answer_timeout_s after
    the last byte.
    """
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    started = time.monotonic()
    writer.write(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}"
                 f"\r\nContent-Length: {length}\r\n\r\n".encode())
    answer = asyncio.ensure_future(reader.read())  # until the server closes
    try:
        for _ in range(length):
            if answer.done():
                break
            writer.write(b" ")
            await writer.drain()
            await asyncio.wait({answer}, timeout=byte_every_s)
    except ConnectionError:
        pass  # closed by the server while we were sending: its answer is read below
    try:
        raw = await asyncio.wait_for(answer, answer_timeout_s)
    except (TimeoutError, ConnectionError):
        raw = b""
    finally:
        writer.close()
    status = int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/1.1 ") else 0
    return status, time.monotonic() - started
