"""The plan store's repository on each backend: migrations, plans and their status
rules, jobs and their claims; and the pure parts (diff, verify, overrides)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event, insert, inspect, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from optimizer import Policy, Shipment, solve
from optimizer.io.exports import plan_json
from optimizer.schema import InvalidInput
from optimizer.store import (
    IdempotencyConflict,
    NewPlan,
    NotApprovable,
    NotFound,
    PlanQuery,
    Store,
    WrongTransition,
    db,
)
from optimizer.store import diff as plan_diff
from optimizer.store import verify as store_verify
from optimizer.store.models import Base, JobRow, PlanRow
from optimizer.store.repository import PreparedInsert, plan_result
from tests.cases import three_districts, tiers_only
from tests.store_db import database_url, postgres_schema_url  # noqa: F401  (fixtures)

POLICY = Policy(max_travel_km=50)


def new_plan(blanks: int = 220, key: str | None = None, label: str | None = None,
             dataset: str | None = None) -> NewPlan:
    """A real plan of three_districts, kept as if sent to POST /v1/plans."""
    instance, shipment = three_districts(), Shipment(blanks=blanks)
    result = solve(instance, shipment, POLICY)
    request = {"instance": instance.model_dump(mode="json"),
               "shipment": shipment.model_dump(mode="json")}
    return NewPlan(
        request=json.dumps(request).encode(), source="instance", dataset=dataset,
        dataset_sha256=None, overrides=None, shipment=shipment.model_dump_json(),
        shipment_key=key or store_verify.shipment_key(None, instance, shipment),
        policy=POLICY.model_dump_json(), input_sha256=result.input_sha256,
        plan=plan_json(result).encode(), solver_versions=store_verify.solver_versions(),
        created_by="tester", label=label)


@pytest.fixture
def store(database_url: str) -> Store:  # noqa: F811
    return Store(database_url)


# --------------------------------------------------------------------------- migrations


def test_migrations_from_empty_then_one_step_down_and_up(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    assert db.current_revision(engine) is None
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision() == "0003"
    assert {"plans", "plan_events", "jobs"} <= set(inspect(engine).get_table_names())
    store = Store(database_url)  # opening again is a no-op upgrade
    kept = store.save_plan(new_plan())
    db.downgrade(engine, "-1")  # 0003 only rewrote names: its step down changes nothing
    assert db.current_revision(engine) == "0002"
    db.downgrade(engine, "-1")
    assert db.current_revision(engine) == "0001"
    assert "jobs" not in inspect(engine).get_table_names()
    assert store.get_plan(kept.id).plan == kept.plan  # the step down keeps the plans
    db.upgrade(engine)
    assert store.submit_job("plan", b"{}", "tester")[1]
    engine.dispose()


def test_servers_starting_together_on_a_new_database_migrate_once(
        database_url: str) -> None:  # noqa: F811
    opened: list[Store] = []
    failures: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_store() -> None:
        barrier.wait()
        try:
            opened.append(Store(database_url))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == [] and len(opened) == 4
    assert db.current_revision(opened[0].engine) == db.head_revision()
    for store in opened:
        store.close()


def test_models_agree_with_the_migrations(database_url: str) -> None:  # noqa: F811
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = db.make_engine(database_url)
    db.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    engine.dispose()


def test_sqlite_file_is_in_wal_mode(tmp_path: object) -> None:
    store = Store(f"sqlite:///{tmp_path}/wal.sqlite3")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "mysql://x@y/z", "nonsense"])
def test_unusable_urls_are_refused_by_name(url: str) -> None:
    with pytest.raises(InvalidInput) as error:
        db.make_engine(url)
    assert error.value.problems[0].location == "database_url"


def test_default_url_is_the_user_data_dir_unless_the_variable_says(
        monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.delenv(db.ENV_URL, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert db.default_url() == f"sqlite:///{tmp_path}/blanko/blanko.sqlite3"
    monkeypatch.setenv(db.ENV_URL, "postgresql+psycopg://u@h/d")
    assert db.default_url() == "postgresql+psycopg://u@h/d"


# --------------------------------------------------------------------------- plans


def test_a_saved_plan_comes_back_byte_for_byte_with_its_history(store: Store) -> None:
    new = new_plan(label="tranche 3")
    kept = store.save_plan(new)
    again = store.get_plan(kept.id)
    assert again.plan == new.plan and again.request == new.request
    assert (again.status, again.label, again.created_by) == ("draft", "tranche 3", "tester")
    assert again.created_at.tzinfo is not None
    assert [e.action for e in store.history(kept.id)] == ["saved"]
    with pytest.raises(NotFound):
        store.get_plan("no-such-plan")


def test_a_failed_save_keeps_nothing_and_raises_cores_error(store: Store) -> None:
    """save_plan runs its inserts on the pool's driver connection (Store._driver_write):
    a driver error must still come out as SQLAlchemy's own exception class, the first
    insert must be rolled back with the second, and the connection go back clean."""
    with pytest.raises(IntegrityError):  # plans.shipment is NOT NULL
        store.save_plan(NewPlan(**{**new_plan().__dict__, "shipment": None}))
    assert store.list_plans().total == 0
    good = store._insert_event
    # The plan's INSERT succeeds, then the event's fails: neither is kept.
    store._insert_event = PreparedInsert(Base.metadata.tables["plan_events"],
                                         store.engine.dialect)
    store._insert_event.sql = store._insert_event.sql.replace("plan_events",
                                                              "no_such_table")
    with pytest.raises(DBAPIError):
        store.save_plan(new_plan())
    store._insert_event = good
    assert store.list_plans().total == 0
    kept = store.save_plan(new_plan())  # the pooled connection is usable again
    assert [p.id for p in store.list_plans().items] == [kept.id]
    assert [e.action for e in store.history(kept.id)] == ["saved"]


def test_prepared_inserts_send_the_driver_what_cores_insert_sends(store: Store) -> None:
    """save_plan's inserts are compiled once (PreparedInsert): the driver must get the SQL
    and the parameters, converted by each column's type, that Core's insert gives it."""
    at = datetime(2026, 11, 30, 6, 1, 2, 345678, tzinfo=UTC)
    new = new_plan(label="50% of tranche 3")  # a % must reach pyformat drivers as data
    plan_row = {"id": "p-1", "created_at": at, "created_by": "tester", "label": new.label,
                "status": "draft", "replaces_id": None, "source": "instance",
                "dataset": None, "dataset_sha256": None, "overrides": '{"sites": {}}',
                "request": new.request, "shipment": new.shipment,
                "shipment_key": new.shipment_key, "policy": new.policy,
                "input_sha256": new.input_sha256, "plan": new.plan, "plan_sha256": "0" * 64,
                "solver_versions": "{}"}
    event_row = {"plan_id": "p-1", "at": at, "by": "tester", "action": "saved",
                 "status": "draft", "note": None}
    sent: list[tuple[str, object]] = []

    def plain(value: object) -> object:  # a driver's binary wrapper, as its bytes
        value = getattr(value, "obj", value)
        return bytes(value) if isinstance(value, memoryview) else value

    def capture(conn: object, cursor: object, statement: str, parameters: object,
                context: object, executemany: bool) -> None:
        sent.append((statement, {k: plain(v) for k, v in parameters.items()}
                     if isinstance(parameters, dict)
                     else tuple(plain(v) for v in parameters)))  # type: ignore[attr-defined]

    tables = ((Base.metadata.tables["plans"], plan_row),
              (Base.metadata.tables["plan_events"], event_row))
    prepared = [PreparedInsert(table, store.engine.dialect) for table, _ in tables]
    runs = {}
    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        for run in ("core", "prepared"):
            sent.clear()
            with store.engine.connect() as connection, connection.begin() as transaction:
                for (table, row), mine in zip(tables, prepared, strict=True):
                    if run == "core":
                        connection.execute(insert(table).inline(), row)
                    else:
                        connection.exec_driver_sql(mine.sql, mine.parameters(row))
                stored = connection.execute(tables[0][0].select()).one()
                assert stored._asdict() == plan_row  # read back as it was given
                transaction.rollback()
            runs[run] = [s for s in sent if s[0].startswith("INSERT")]
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    assert len(runs["core"]) == 2 and runs["prepared"] == runs["core"]
    kept = store.save_plan(new)  # and the whole save: the plan and its event
    assert store.get_plan(kept.id).label == "50% of tranche 3"
    assert [e.action for e in store.history(kept.id)] == ["saved"]


def test_status_rules_and_supersession(store: Store) -> None:
    first = store.save_plan(new_plan())
    second = store.save_plan(new_plan())
    other = store.save_plan(new_plan(blanks=420))  # another shipment: not superseded
    with pytest.raises(WrongTransition):
        store.publish(first.id, "lead")  # a draft cannot be published
    assert store.approve(first.id, "lead", "ok").status == "approved"
    store.approve(other.id, "lead")
    with pytest.raises(WrongTransition):
        store.approve(first.id, "lead")  # approved twice
    assert store.publish(first.id, "lead", "sent").status == "published"
    approved = store.approve(second.id, "lead", "printer broke")
    assert approved.replaces_id == first.id
    assert store.get_plan(first.id).status == "superseded"
    assert store.get_plan(other.id).status == "approved"
    for action in (store.approve, store.publish):
        with pytest.raises(WrongTransition):
            action(first.id, "lead")  # superseded is final
    assert [(e.action, e.status, e.note) for e in store.history(first.id)] == [
        ("saved", "draft", None), ("approved", "approved", "ok"),
        ("published", "published", "sent"),
        ("superseded", "superseded", f"by plan {second.id}")]
    with pytest.raises(NotFound):
        store.approve("missing", "lead")


def test_the_database_refuses_two_plans_in_force_for_one_shipment(store: Store) -> None:
    a, b = store.save_plan(new_plan()), store.save_plan(new_plan())
    store.approve(a.id, "lead")
    with pytest.raises(IntegrityError), store._write() as session:
        session.execute(update(PlanRow).where(PlanRow.id == b.id).values(status="approved"))


def test_listing_filters_and_pages(store: Store) -> None:
    ids = [store.save_plan(new_plan(label="a" if i % 2 else "b")).id for i in range(5)]
    store.approve(ids[4], "lead")
    everything = store.list_plans()
    assert everything.total == 5 and [p.id for p in everything.items] == ids[::-1]
    assert {p.id for p in store.list_plans(PlanQuery(label="a")).items} == {ids[1], ids[3]}
    assert [p.id for p in store.list_plans(PlanQuery(status="approved")).items] == [ids[4]]
    page = store.list_plans(PlanQuery(limit=2, offset=2))
    assert page.total == 5 and [p.id for p in page.items] == [ids[2], ids[1]]
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert store.list_plans(PlanQuery(created_from=later)).total == 0
    assert store.list_plans(PlanQuery(created_before=later)).total == 5
    assert store.list_plans(PlanQuery(dataset="palembang")).total == 0


def test_two_approvals_racing_leave_one_plan_in_force(store: Store) -> None:
    plans = [store.save_plan(new_plan()).id for _ in range(6)]
    barrier = threading.Barrier(len(plans))

    def approve(plan_id: str) -> None:
        barrier.wait()
        store.approve(plan_id, "lead")

    threads = [threading.Thread(target=approve, args=(p,)) for p in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = [store.get_plan(p).status for p in plans]
    assert statuses.count("approved") == 1 and statuses.count("superseded") == 5


# --------------------------------------------------------------------------- jobs


def test_idempotency_key_same_body_same_job_other_body_refused(store: Store) -> None:
    job, created = store.submit_job("plan", b'{"dataset":"palembang"}', "alice", "key-1")
    again, created_again = store.submit_job("plan", b'{"dataset":"palembang"}', "alice",
                                            "key-1")
    assert created and not created_again and again.id == job.id
    with pytest.raises(IdempotencyConflict):
        store.submit_job("plan", b'{"dataset":"other"}', "alice", "key-1")
    with pytest.raises(IdempotencyConflict):
        store.submit_job("comparison", b'{"dataset":"palembang"}', "alice", "key-1")
    assert store.submit_job("plan", b'{"dataset":"palembang"}', "bob", "key-1")[1]


def test_jobs_are_claimed_once_oldest_first_under_concurrent_claims(store: Store) -> None:
    submitted = [store.submit_job("plan", f'{{"n":{i}}}'.encode(), "t")[0].id
                 for i in range(12)]
    claims: dict[str, list[str]] = {}
    barrier = threading.Barrier(4)

    def claim(owner: str) -> None:
        barrier.wait()
        got = claims.setdefault(owner, [])
        while (job := store.claim_job(owner)) is not None:
            got.append(job.id)

    threads = [threading.Thread(target=claim, args=(f"o{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [j for got in claims.values() for j in got]
    assert sorted(won) == sorted(submitted)  # every job claimed, none twice
    for owner, got in claims.items():
        assert all(store.get_job(j).owner == owner for j in got)


def test_job_lifecycle_finish_fail_cancel(store: Store) -> None:
    a = store.submit_job("plan", b"{}", "t")[0]
    assert store.claim_job("me") is not None
    assert not store.finish_job(a.id, "someone-else", b"{}", "application/json")
    new = new_plan()
    assert store.finish_job(a.id, "me", new.plan, "application/json", new)
    done = store.get_job(a.id)
    assert (done.status, done.progress, done.result) == ("succeeded", 1.0, new.plan)
    assert done.plan_id is not None and store.get_plan(done.plan_id).plan == new.plan
    with pytest.raises(WrongTransition):
        store.cancel_job(a.id)
    b = store.submit_job("comparison", b"{}", "t")[0]
    assert store.cancel_job(b.id).status == "cancelled"
    assert store.claim_job("me") is None  # a cancelled job is never run
    c = store.submit_job("replay", b"{}", "t")[0]
    store.claim_job("me")
    store.cancel_job(c.id)  # running: cancelled at once, its result thrown away
    assert not store.finish_job(c.id, "me", b"{}", "application/json")
    assert store.get_job(c.id).status == "cancelled"
    d = store.submit_job("plan", b"{}", "t")[0]
    store.claim_job("me")
    assert store.fail_job(d.id, {"title": "x"}, owner="me")
    assert json.loads(store.get_job(d.id).problem or "") == {"title": "x"}


def test_stale_and_orphaned_running_jobs_are_failed_with_the_reason(store: Store) -> None:
    import socket

    dead_owner = f"{socket.gethostname()}:999999999:dead"
    quiet_owner = "elsewhere:1:quiet"
    live_owner = "elsewhere:2:live"
    ids = {}
    for owner in (dead_owner, quiet_owner, live_owner):
        ids[owner] = store.submit_job("plan", owner.encode(), "t")[0].id
        assert store.claim_job(owner) is not None
    with store._write() as session:
        session.execute(update(JobRow).where(JobRow.id == ids[quiet_owner]).values(
            heartbeat_at=datetime.now(UTC) - timedelta(seconds=120)))
    failed = store.fail_stale_jobs(lease_s=60)
    assert sorted(failed) == sorted([ids[dead_owner], ids[quiet_owner]])
    assert "stopped before it finished" in (store.get_job(ids[dead_owner]).problem or "")
    assert "not been heard from" in (store.get_job(ids[quiet_owner]).problem or "")
    assert store.get_job(ids[live_owner]).status == "running"
    assert store.release_jobs(live_owner) == 1
    assert store.get_job(ids[live_owner]).status == "queued"


# --------------------------------------------------------------------------- pure parts


def test_diff_of_two_hand_computed_plans() -> None:
    # three_districts, max 50 km: each district prints at home. 220 blanks: K1 20 (its
    # capacity), K2 50, K3 150 (both 0.5 coverage). 420 blanks: K1 20; K2 and K3 share 400
    # at equal coverage x/100 = y/300, x + y = 400: K2 100, K3 300 (coverage 1.0).
    instance = three_districts()
    before = solve(instance, Shipment(blanks=220), POLICY)
    after = solve(instance, Shipment(blanks=420), POLICY)
    result = plan_diff.diff("a", before, "b", after)
    offices = {o.site_id: (o.blanks_before, o.blanks_after, o.change) for o in result.offices}
    assert offices == {"S1": (20, 20, 0), "S2": (50, 100, 50), "S3": (150, 300, 150)}
    first = {d.district_id: (d.cards_before, d.cards_after, d.coverage_before,
                             d.coverage_after) for d in result.districts
             if d.tier == "first_time"}
    assert first == {"K1": (20, 20, 0.2, 0.2), "K2": (50, 100, 0.5, 1.0),
                     "K3": (150, 300, 0.5, 1.0)}
    kpis = {k.kpi: k.change for k in result.kpis}
    assert kpis["blanks_shipped"] == 200 and kpis["cards_by_tier.first_time"] == 200


def test_diff_counts_are_whole_and_changes_carry_no_float_noise() -> None:
    # QA3 14: `blanko plans diff --json` gave 40000.0 for a count and a change such as
    # 0.29999999999999993. Counts stay whole; a ratio's or km's change is the difference
    # of the two figures as written.
    before = solve(three_districts(), Shipment(blanks=220), POLICY)
    after = solve(three_districts(), Shipment(blanks=420), POLICY)
    result = json.loads(plan_diff.diff("a", before, "b", after).model_dump_json())
    kpis = {k["kpi"]: k for k in result["kpis"]}
    shipped = kpis["blanks_shipped"]
    assert (shipped["before"], shipped["after"], shipped["change"]) == (220, 420, 200)
    assert all(isinstance(shipped[side], int) for side in ("before", "after", "change"))
    assert '"before":220,' in json.dumps(shipped, separators=(",", ":"))
    for kpi in kpis.values():
        if kpi["change"] is not None and isinstance(kpi["change"], float):
            written = repr(kpi["change"])
            assert len(written.split(".")[1]) <= 6 or "e" in written, kpi  # no noise
    # The figures' difference as written, not the floats' (0.7 - 0.4 = 0.29999999999999993).
    assert plan_diff._minus(0.7, 0.4) == 0.3 and plan_diff._minus(3, 1) == 2


def test_a_label_or_note_with_a_control_character_is_refused_and_nothing_kept(
        store: Store) -> None:
    # QA3 13: a NUL in a label was kept on SQLite (`blanko plans list` printed it raw) and
    # PostgreSQL's text refuses it deep in the INSERT. The store refuses it by name, on
    # both; a note keeps its line breaks and tabs, nothing else.
    for label in ("tranche\x003", "esc\x1b[2J", "bell\x07", "c1\x85", "line\nbreak"):
        with pytest.raises(InvalidInput) as refused:
            store.save_plan(new_plan(label=label))
        assert refused.value.problems[0].location == "label"
        assert "control characters" in refused.value.problems[0].message
    assert store.list_plans().total == 0
    kept = store.save_plan(new_plan(label="tranche 3 — Palembang"))
    for note in ("ok\x00", "\x1b]0;title\x07"):
        with pytest.raises(InvalidInput) as refused:
            store.approve(kept.id, "budi", note)
        assert refused.value.problems[0].location == "note"
        assert "other than tab and line breaks" in refused.value.problems[0].message
    assert store.get_plan(kept.id).status == "draft"
    store.approve(kept.id, "budi", "checked:\n\tK1 at capacity\r\n")
    assert store.history(kept.id)[-1].note == "checked:\n\tK1 at capacity\r\n"


def test_diff_of_plans_of_different_instances_has_no_figure_for_what_one_lacks() -> None:
    # three_districts (S1-S3 in K1-K3) against tiers_only (S in K): an office or kecamatan
    # one plan does not have is null on that side and in the change, never 0 blanks or
    # 0 cards (a "-150" for an office that does not exist in the later plan).
    before = solve(three_districts(), Shipment(blanks=220), POLICY)
    after = solve(tiers_only(), Shipment(blanks=200), POLICY)
    result = plan_diff.diff("a", before, "b", after)
    offices = {o.site_id: (o.blanks_before, o.blanks_after, o.change) for o in result.offices}
    assert offices == {"S1": (20, None, None), "S2": (50, None, None),
                       "S3": (150, None, None), "S": (None, 100, None)}
    lines = {(d.district_id, d.tier): (d.cards_before, d.cards_after, d.coverage_before,
                                       d.coverage_after, d.change) for d in result.districts}
    assert lines[("K3", "first_time")] == (150, None, 0.5, None, None)
    assert lines[("K", "first_time")] == (None, 60, None, 1.0, None)
    assert lines[("K", "replacement")] == (None, 40, None, 0.5, None)
    kpis = {k.kpi: k.change for k in result.kpis}
    assert kpis["blanks_shipped"] == -120  # both plans have the KPIs


def test_json_differences_name_every_changed_value() -> None:
    before = {"a": 1, "b": [1, 2], "c": {"d/e": "x"}, "f": 1}
    after = {"a": 1, "b": [1, 3, 4], "c": {"d/e": "y"}, "f": 1.0, "g": None}
    assert store_verify.json_differences(before, after) == [
        "/b/1", "/b/2", "/c/d~1e", "/f", "/g"]


def test_a_kept_plan_verifies_and_an_altered_one_does_not() -> None:
    new = new_plan()
    fields = dict(source=new.source, dataset=None, dataset_sha256=None, overrides=None,
                  request=new.request, shipment=new.shipment, policy=new.policy,
                  input_sha256=new.input_sha256,
                  solver_versions_then=json.dumps(new.solver_versions))
    assert store_verify.reproduce(plan=new.plan, **fields).reproduced
    altered = new.plan.replace(b'"blanks": 150', b'"blanks": 151', 1)
    assert altered != new.plan
    answer = store_verify.reproduce(plan=altered, **fields)
    assert not answer.reproduced and answer.differences
    assert all(d.startswith(("/shipments", "/sites")) for d in answer.differences)


def test_overrides_apply_and_unknown_ids_are_named() -> None:
    instance = three_districts()
    changed = store_verify.apply_overrides(instance, {
        "sites": {"S2": {"printers": 3}}, "areas": {"A3": {"backlog": {"first_time": 7}}}})
    assert next(s for s in changed.sites if s.site_id == "S2").printers == 3
    assert next(a for a in changed.areas if a.area_id == "A3").backlog["first_time"] == 7
    with pytest.raises(InvalidInput) as error:
        store_verify.apply_overrides(instance, {"sites": {"S9": {"stock": 1}},
                                                "areas": {"A1": {"backlog": {"x": 1}}}})
    assert [p.location for p in error.value.problems] == [
        "overrides.sites.S9", "overrides.areas.A1.backlog.x"]


_leaves = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3))
_json = st.recursive(_leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=3), inner, max_size=4)),
    max_leaves=12)


@given(_json, _json)
def test_json_differences_are_empty_exactly_for_equal_documents(a: object, b: object) -> None:
    same = json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert (store_verify.json_differences(a, b) == []) == same
    assert store_verify.json_differences(a, a) == []


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 9), min_size=1,
                       max_size=6), st.data())
def test_json_differences_point_at_the_changed_leaf(doc: dict[str, int],
                                                    data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(doc)))
    changed = {**doc, key: doc[key] + 1}
    escaped = key.replace("~", "~0").replace("/", "~1")
    assert store_verify.json_differences({"x": [doc]}, {"x": [changed]}) == [f"/x/0/{escaped}"]


# --------------------------------------------------------------------------- a plan's result


def infeasible_plan() -> NewPlan:
    """three_districts with 220 blanks and a reserve of 500: constraint (1) cannot hold
    (220 - 500 < 0 blanks may leave the central office), so the plan is infeasible."""
    instance, shipment = three_districts(), Shipment(blanks=220)
    policy = Policy(max_travel_km=50, reserve=500)
    result = solve(instance, shipment, policy)
    assert result.status == "infeasible"
    return NewPlan(
        request=b'{"reserve": 500}', source="instance", dataset=None, dataset_sha256=None,
        overrides=None, shipment=shipment.model_dump_json(),
        shipment_key=store_verify.shipment_key(None, instance, shipment),
        policy=policy.model_dump_json(), input_sha256=result.input_sha256,
        plan=plan_json(result).encode(), solver_versions=store_verify.solver_versions(),
        created_by="tester")


def test_an_infeasible_plan_is_kept_but_never_approved_nor_published(store: Store) -> None:
    new = infeasible_plan()
    kept = store.save_plan(new)
    assert store.get_plan(kept.id).plan == new.plan  # nothing submitted is lost
    assert kept.result == store.get_plan(kept.id).result == "infeasible"
    with pytest.raises(NotApprovable, match="is infeasible: only an optimal or feasible"):
        store.approve(kept.id, by="budi")
    assert store.get_plan(kept.id).status == "draft"
    assert [e.action for e in store.history(kept.id)] == ["saved"]
    # A plan approved before the rule (or by hand) cannot be published either.
    with store.engine.begin() as connection:
        connection.execute(update(PlanRow).where(PlanRow.id == kept.id)
                           .values(status="approved"))
    with pytest.raises(NotApprovable) as refused:
        store.publish(kept.id, by="budi")
    assert isinstance(refused.value, WrongTransition) and refused.value.action == "published"
    assert store.get_plan(kept.id).status == "approved"
    # The listing says which plan is which.
    good = store.save_plan(new_plan())
    results = {r.id: r.result for r in store.list_plans().items}
    assert results == {kept.id: "infeasible", good.id: "optimal"}


def test_a_feasible_plan_cut_short_may_be_approved(store: Store) -> None:
    # `feasible` is a valid plan whose search a time limit cut short: it may be sent.
    plan = json.loads(new_plan().plan)
    plan["status"] = "feasible"
    new = new_plan()
    kept = store.save_plan(NewPlan(**{**new.__dict__, "plan": json.dumps(plan).encode()}))
    assert kept.result == "feasible"
    assert store.approve(kept.id, by="budi").status == "approved"
    assert store.publish(kept.id, by="budi").status == "published"


@given(st.sampled_from(["optimal", "feasible", "infeasible"]), st.booleans(),
       st.sampled_from([None, 2]))
def test_plan_result_reads_the_status_however_the_json_is_written(
        status: str, status_first: bool, indent: int | None) -> None:
    body = {"status": status, "kpis": {"status": "x"}}
    if not status_first:
        body = {"input_sha256": "0" * 64, **body}
    assert plan_result(json.dumps(body, indent=indent).encode()) == status


def test_diff_with_an_infeasible_plan_takes_no_delta_against_its_zeros() -> None:
    # 220 blanks plan (K1 20, K2 50, K3 150); a reserve of 300 of 220 cannot hold
    # (constraint (1)): that plan ships nothing and has no figures, so neither its side
    # nor any change is a number (a zero there would read as "200 fewer cards").
    instance = three_districts()
    planned = solve(instance, Shipment(blanks=220), POLICY)
    refused = solve(instance, Shipment(blanks=220), POLICY.model_copy(update={"reserve": 300}))
    assert refused.status == "infeasible"
    for result, side in ((plan_diff.diff("a", planned, "b", refused), "after"),
                         (plan_diff.diff("b", refused, "a", planned), "before")):
        assert getattr(result, f"{side}_status") == "infeasible"
        other = "before" if side == "after" else "after"
        assert getattr(result, f"{other}_status") == planned.status
        assert {o.site_id for o in result.offices} == {"S1", "S2", "S3"}
        for o in result.offices:
            assert getattr(o, f"blanks_{side}") is None and o.change is None
            assert getattr(o, f"blanks_{other}") == {"S1": 20, "S2": 50, "S3": 150}[o.site_id]
        assert result.districts and all(
            getattr(d, f"cards_{side}") is None and getattr(d, f"coverage_{side}") is None
            and d.change is None for d in result.districts)
        kpis = {k.kpi: k for k in result.kpis}
        assert all(getattr(k, side) is None and k.change is None for k in kpis.values())
        assert getattr(kpis["cards_by_tier.first_time"], other) == 220
    both = plan_diff.diff("b", refused, "c", refused)
    assert (both.before_status, both.after_status) == ("infeasible", "infeasible")
    assert both.offices == () and both.districts == ()
    assert all(k.before is None and k.after is None and k.change is None for k in both.kpis)
