"""A grid of scenarios x replications, run on a process pool or a Dask cluster.

One task is one replication of one scenario: every policy over the same draws
(common random numbers), so paired differences need no cross-task bookkeeping.
A task's result is written to `<out>/runs/<scenario>/r<replication>.json` as soon
as it arrives (written to a temporary name, then renamed: a killed sweep leaves no
half file). A rerun skips every task whose file is there and was made from the
same scenario file (sha256) and the same policies: it resumes. The stamp does not
cover blanko's own code: after changing the replay or a policy, delete `runs/`.

Runners
    local   concurrent.futures.ProcessPoolExecutor(workers)
    dask    a dask.distributed Client on `scheduler` (an address such as
            'tcp://10.0.0.5:8786', or a Client/LocalCluster the caller made); the
            workers need blanko installed (the task carries the parsed scenario,
            not a path, so they need no shared folder).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from optimizer.io.strict_json import strict_dumps
from optimizer.studies.replay import Run, replicate
from optimizer.studies.scenarios import Scenario

RUNS = "runs"


@dataclass(frozen=True)
class Task:
    scenario: Scenario
    policies: tuple[str, ...]
    replication: int

    def path(self, out: Path) -> Path:
        return out / RUNS / self.scenario.name / f"r{self.replication:04d}.json"

    def stamp(self) -> dict[str, Any]:
        """What a result file must match to be reused."""
        return {"scenario": self.scenario.name, "scenario_sha256": self.scenario.digest,
                "policies": list(self.policies), "replication": self.replication}


def run_task(task: Task) -> dict[str, Any]:
    """Every policy of `task` over its replication; a JSON-ready dict (stamp + runs)."""
    instance, policy, config = task.scenario.build(task.policies, task.replication + 1)
    runs = replicate(instance, policy, config, task.replication)
    return {**task.stamp(), "runs": {name: run_to_json(run) for name, run in runs.items()}}


def run_to_json(run: Run) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(run):
        value = getattr(run, f.name)
        out[f.name] = value.tolist() if isinstance(value, np.ndarray) else value
    return out


def run_from_json(data: dict[str, Any]) -> Run:
    values: dict[str, Any] = {}
    for f in fields(Run):
        value = data[f.name]
        if isinstance(value, list) and f.name != "tranche_blanks":
            dtype = float if f.name == "district_resident_km" else np.int64
            values[f.name] = np.array(value, dtype=dtype)
        elif f.name == "tranche_blanks":
            values[f.name] = tuple(value)
        else:
            values[f.name] = value
    return Run(**values)


def tasks(scenarios: Sequence[Scenario], policies: tuple[str, ...],
          replications: int) -> list[Task]:
    return [Task(s, policies, r) for s in scenarios for r in range(replications)]


def done(task: Task, out: Path) -> bool:
    """True when `out` holds this task's result, made from the same scenario and policies."""
    path = task.path(out)
    if not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8") as f:
            head = f.read(4096)  # the stamp comes first: no need to parse the runs
        stamp = json.loads(head[:head.index(',"runs":')] + "}")
    except (OSError, ValueError):
        return False
    return isinstance(stamp, dict) and all(stamp.get(k) == v for k, v in task.stamp().items())


def write_result(task: Task, result: dict[str, Any], out: Path) -> Path:
    path = task.path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(strict_dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def run_sweep(todo: Sequence[Task], out: Path, *, workers: int = 1,
              scheduler: object | None = None,
              on_done: Callable[[Task], None] | None = None) -> int:
    """Run the tasks not yet `done`, writing each result as it arrives; how many ran.

    `scheduler`: None for a local process pool of `workers`; an address or a
    dask.distributed Client/LocalCluster for Dask. Exceptions in a task propagate.
    """
    pending = [t for t in todo if not done(t, out)]
    if not pending:
        return 0
    results = (_dask(pending, scheduler) if scheduler is not None
               else _local(pending, workers))
    for task, result in results:
        write_result(task, result, out)
        if on_done is not None:
            on_done(task)
    return len(pending)


def _local(pending: Sequence[Task], workers: int) -> Iterator[tuple[Task, dict[str, Any]]]:
    if workers <= 1:
        for task in pending:
            yield task, run_task(task)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: dict[Future[dict[str, Any]], Task] = {pool.submit(run_task, t): t
                                                        for t in pending}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _dask(pending: Sequence[Task], scheduler: object) -> Iterator[tuple[Task, dict[str, Any]]]:
    from distributed import Client, LocalCluster  # type: ignore[import-untyped,unused-ignore]
    from distributed import as_completed as dask_completed

    own = not isinstance(scheduler, Client)
    client: Any = (Client(scheduler) if isinstance(scheduler, str | LocalCluster)  # type: ignore[no-untyped-call,unused-ignore]
                   else scheduler)
    try:
        # pure=False: identical tasks of two sweeps must not be merged by key.
        futures = {client.submit(run_task, t, pure=False): t for t in pending}
        for future in dask_completed(futures):  # type: ignore[no-untyped-call,unused-ignore]
            yield futures[future], future.result()
    finally:
        if own:
            client.close()


def load_task(task: Task, out: Path) -> dict[str, Run] | None:
    """The stored runs of `task`, per policy; None unless `done`."""
    if not done(task, out):
        return None
    data = json.loads(task.path(out).read_text(encoding="utf-8"))
    return {name: run_from_json(data["runs"][name]) for name in task.policies}
