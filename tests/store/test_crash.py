"""kill -9 during saves, at random moments: afterwards every stored plan is whole (it
parses, its hash matches, it has its `saved` event) and verifies; every save that
returned is there. Against the saving loop of tests/store/crash_saver.py on each
backend, and against `blanko plan --save` on SQLite."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from api.process import blanko_command
from optimizer import Plan
from optimizer.store import PlanQuery, Store, db
from optimizer.store import verify as store_verify
from optimizer.store.repository import sha256
from tests.cases import three_districts
from tests.store.test_repository import new_plan
from tests.store_db import database_url, postgres_schema_url  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]
KILLS = 5


def check_every_plan(url: str) -> int:
    """Every plan whole and reproduced; the number of plans."""
    store = Store(url)
    plans = store.list_plans(PlanQuery(limit=200)).items
    total = store.list_plans().total
    offset = len(plans)
    while offset < total:
        page = store.list_plans(PlanQuery(limit=200, offset=offset)).items
        plans += page
        offset += len(page)
    verified: dict[tuple[object, ...], bool] = {}
    for record in plans:
        Plan.model_validate_json(record.plan)
        assert sha256(record.plan) == record.plan_sha256
        assert [e.action for e in store.history(record.id)] == ["saved"]
        # Verification is a function of the input and the plan bytes: solve each distinct
        # pair once (the savers repeat a few plans many times).
        key = (record.source, record.dataset, record.overrides, record.request,
               record.shipment, record.policy, record.plan)
        if key in verified:
            continue
        answer = store_verify.reproduce(
            source=record.source, dataset=record.dataset, dataset_sha256=record.dataset_sha256,
            overrides=record.overrides, request=record.request, shipment=record.shipment,
            policy=record.policy, input_sha256=record.input_sha256, plan=record.plan,
            solver_versions_then=record.solver_versions)
        assert answer.reproduced, (record.id, answer.differences)
        verified[key] = True
    if url.startswith("sqlite"):
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    store.close()
    return len(plans)


def test_kill_9_during_saves_leaves_whole_plans_or_nothing(
        database_url: str, tmp_path: Path) -> None:  # noqa: F811
    rng = random.Random(14)
    db.upgrade(db.make_engine(database_url))
    plans = tmp_path / "plans.json"
    plans.write_text(json.dumps([
        {**{k: v for k, v in vars(p).items()}, "request": p.request.decode(),
         "plan": p.plan.decode()}
        for p in (new_plan(blanks=200 + 10 * i, label=f"crash-{i}") for i in range(6))]),
        encoding="utf-8")
    returned: list[str] = []
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, "-m", "tests.store.crash_saver", database_url,
                                  str(plans)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        returned += [line for line in out.split() if line]
    assert returned, "no save returned before the kills"
    store = Store(database_url)
    for plan_id in returned:
        store.get_plan(plan_id)  # a save that returned is kept
    store.close()
    assert check_every_plan(database_url) >= len(returned)


def test_kill_9_of_blanko_plan_save(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    rng = random.Random(9)
    finished = 0
    for i in range(4):
        child = subprocess.Popen(
            [*blanko_command(), "plan", "--data", str(data), "--blanks", str(200 + i),
             "--max-travel-km", "50", "--save", "--quiet", "--db", url],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path)
        # Start-up (imports) takes most of a second: kill somewhere around the save.
        time.sleep(rng.uniform(0.3, 2.5))
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=60)
        finished += b"Plan kept as" in out
    kept = check_every_plan(url)
    assert kept >= finished
    if kept:
        record = Store(url).list_plans().items[0]
        assert json.loads(record.request)["instance"]["name"] == "three_districts"
