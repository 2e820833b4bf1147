"""Migration 0003 on each backend: plans that older versions kept under a dataset name as
typed (' Palembang', 'PALEMBANG-2017') or a shipment reference cut at 200 characters
are written by the names and keys the current versions compute, so that they are listed,
superseded and found as plans kept now are (tester qa11b)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from optimizer import Shipment, solve
from optimizer.io.exports import plan_json
from optimizer.store import NewPlan, PlanQuery, Store, db
from optimizer.store import verify as store_verify
from tests.cases import three_districts
from tests.store.test_repository import POLICY
from tests.store_db import database_url, postgres_schema_url  # noqa: F401  (fixtures)

CASE = Path(__file__).resolve().parents[1] / "data" / "store" / "plans-0002-names-as-typed.json"


def old_plan(row: dict[str, Any]) -> NewPlan:
    """A plan as an older version kept it: its dataset and shipment key as it wrote them."""
    instance, shipment = three_districts(), Shipment(blanks=row["blanks"])
    result = solve(instance, shipment, POLICY)
    request = {"dataset": row["dataset"], "shipment": shipment.model_dump(mode="json"),
               **({"shipment_ref": row["shipment_ref"]} if "shipment_ref" in row else {})}
    return NewPlan(
        request=json.dumps(request, ensure_ascii=False).encode(), source="dataset",
        dataset=row["dataset"], dataset_sha256=None, overrides=None,
        shipment=shipment.model_dump_json(), shipment_key=row["shipment_key"],
        policy=POLICY.model_dump_json(), input_sha256=result.input_sha256,
        plan=plan_json(result).encode(), solver_versions=store_verify.solver_versions(),
        created_by="tester", label=row["label"])


def test_names_kept_as_typed_are_migrated(database_url: str) -> None:  # noqa: F811
    store = Store(database_url)
    ids = {}
    for row in json.loads(CASE.read_text(encoding="utf-8"))["plans"]:
        kept = store.save_plan(old_plan(row))
        if row["approve"]:
            store.approve(kept.id, "kabid")
        ids[row["name"]] = kept.id
    engine = db.make_engine(database_url)
    db.downgrade(engine, "0002")  # the rows as 0002 holds them
    # Before: two plans in force for one shipment, the older not listed under palembang.
    assert store.get_plan(ids["cli-typed-space"]).status == "approved"
    db.upgrade(engine)
    assert db.current_revision(engine) == "0003"

    typed = store.get_plan(ids["cli-typed-space"])
    assert (typed.dataset, typed.shipment_key) == ("palembang", "dataset:palembang:40000")
    assert typed.status == "superseded"  # the portal's plan was approved after it
    [event] = [e for e in store.history(typed.id) if e.action == "superseded"]
    assert event.by == "blanko db upgrade 0003" and ids["api-listed"] in (event.note or "")
    assert store.get_plan(ids["api-listed"]).status == "approved"
    upper = store.get_plan(ids["cli-upper"])
    assert (upper.dataset, upper.shipment_key) == ("palembang-2017",
                                                   "dataset:palembang-2017:30000")
    unlisted = store.get_plan(ids["unlisted"])  # a name no longer listed stays as it was
    assert (unlisted.dataset, unlisted.shipment_key) == ("palembang-2016",
                                                         "dataset:palembang-2016:30000")
    long_ref = store.get_plan(ids["long-ref"])
    assert long_ref.shipment_key.startswith("ref#sha256:")
    spaced = store.get_plan(ids["ref-trailing-space"])
    assert (spaced.shipment_key, spaced.status) == ("ref:2026-11 tranche 3", "superseded")
    assert store.get_plan(ids["ref-plain"]).status == "approved"
    listed = {p.id for p in store.list_plans(PlanQuery(dataset="palembang")).items}
    assert {ids["cli-typed-space"], ids["api-listed"], ids["long-ref"]} <= listed

    # A plan kept now for the same shipment supersedes the one in force, whichever
    # version kept that one.
    row = json.loads(CASE.read_text(encoding="utf-8"))["plans"][4]
    now = dataclasses.replace(old_plan(row), dataset="palembang",
                              shipment_key=store_verify.shipment_key(
                                  "palembang", three_districts(), Shipment(blanks=row["blanks"]),
                                  row["shipment_ref"]))
    newer = store.save_plan(now)
    store.approve(newer.id, "kabid")
    assert store.get_plan(ids["long-ref"]).status == "superseded"
    # Upgrading again changes nothing.
    db.upgrade(engine)
    assert store.get_plan(ids["api-listed"]).status == "approved"
    engine.dispose()
    store.close()
