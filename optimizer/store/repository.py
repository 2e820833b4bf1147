"""The repository: plans kept with their history, and jobs, one transaction per write.

Every write is one transaction, so a process killed during a save leaves either the
whole plan (with its `saved` event) or nothing. Records come back as frozen
dataclasses, detached from any session.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, cast

from sqlalchemy import Engine, Table, func, insert, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from optimizer.store import db
from optimizer.store.models import JobRow, PlanEventRow, PlanRow

if TYPE_CHECKING:
    from optimizer.schema import Problem

PlanStatus = Literal["draft", "approved", "published", "superseded"]
# A plan may be approved or published only when its result is one of these (the plan
# JSON's `status`): `infeasible` has no shipments at all, and anything else (a status a
# later version may add, such as invalid_input) is refused until someone decides.
APPROVABLE = ("optimal", "feasible")
JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
JobKind = Literal["plan", "comparison", "replay"]
MAX_PAGE = 200
_RETRIES = 8


class NotFound(LookupError):
    """No plan or job has this id."""

    def __init__(self, what: str, id_: str):
        super().__init__(f"there is no {what} '{id_}'")
        self.what, self.id = what, id_


class WrongTransition(ValueError):
    """The status does not allow this action (e.g. publishing a draft)."""

    def __init__(self, what: str, id_: str, status: str, action: str, allowed_from: str):
        article = "an" if allowed_from[0] in "aeiou" else "a"
        super().__init__(f"{what} '{id_}' is {status}: only {article} {allowed_from} {what} "
                         f"can be {action}")
        self.status, self.action = status, action


class NotApprovable(WrongTransition):
    """The plan's result is not a plan to send (its `status` is infeasible): it stays kept,
    but cannot be approved or published."""

    def __init__(self, id_: str, result: str, action: str):
        ValueError.__init__(
            self, f"Plan '{id_}' is {result}: only an optimal or feasible plan can be "
                  f"{action}. Plan the shipment again with input that can be met (more "
                  f"blanks, a smaller reserve, or what the plan's messages name) and approve "
                  f"that plan; this one stays kept")
        self.what, self.id, self.status, self.action = "plan", id_, result, action
        self.result = result


class JobsFull(Exception):
    """As many jobs as the store may hold are queued already: a new one is refused (a
    client that floods the queue cannot make everyone else's jobs wait behind its own)."""

    def __init__(self, queued: int, limit: int):
        super().__init__(f"{queued} jobs are queued; the limit is {limit}")
        self.queued, self.limit = queued, limit


class IdempotencyConflict(ValueError):
    """The Idempotency-Key was used before with another body."""

    def __init__(self, key: str, job_id: str):
        super().__init__(f"Idempotency-Key '{key}' was used for job {job_id} with another body")
        self.key, self.job_id = key, job_id


@dataclass(frozen=True)
class NewPlan:
    """What a save needs. JSON members are text; `plan` is the plan JSON as returned."""

    request: bytes               # the body as sent (the CLI writes the request it stands for)
    source: Literal["dataset", "instance"]
    dataset: str | None
    dataset_sha256: str | None   # sha256 of the dataset's instance JSON (see verify.py)
    overrides: str | None
    shipment: str
    shipment_key: str            # plans for the same shipment supersede each other
    policy: str                  # the policy the solver ran with, every field
    input_sha256: str
    plan: bytes
    solver_versions: dict[str, str]
    created_by: str
    label: str | None = None


@dataclass(frozen=True)
class PlanEvent:
    at: datetime
    by: str
    action: str  # saved | approved | published | superseded | verified | not-reproduced
    status: str  # the plan's status after the event
    note: str | None


@dataclass(frozen=True)
class PlanRecord:
    id: str
    created_at: datetime
    created_by: str
    label: str | None
    status: PlanStatus
    replaces_id: str | None
    source: str
    dataset: str | None
    dataset_sha256: str | None
    overrides: str | None
    request: bytes
    shipment: str
    shipment_key: str
    policy: str
    input_sha256: str
    plan: bytes
    plan_sha256: str
    solver_versions: str

    @property
    def result(self) -> str:
        """The plan's own status (optimal, feasible, infeasible): see `plan_result`."""
        return plan_result(self.plan)


@dataclass(frozen=True)
class PlanQuery:
    """Filters of a listing; None matches anything. Dates are inclusive-exclusive."""

    dataset: str | None = None
    status: PlanStatus | None = None
    label: str | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None
    limit: int = 50
    offset: int = 0

    def range_problems(self, names: tuple[str, str] = ("created_from", "created_before"),
                       ) -> list[Problem]:
        """A creation range no plan can lie in (its start at or after its end) as a problem
        at the start's name (the API's parameter, the CLI's option), with the fix: the
        listing answered "no plans" to a question that was a slip of the dates (tester
        qa11b: `?created_from=2026-12-02&created_before=2026-12-01`, `--since` after
        `--before`)."""
        from optimizer.schema import Problem

        start, end = self.created_from, self.created_before
        if start is None or end is None or start < end:
            return []
        return [Problem(location=names[0], message=(
            f"is {start.isoformat()}, not before {names[1]} {end.isoformat()}: no plan is "
            "created in that range"), fix=f"swap the two, or give a later {names[1]}")]


@dataclass(frozen=True)
class PlanPage:
    items: tuple[PlanRecord, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class JobRecord:
    id: str
    kind: JobKind
    status: JobStatus
    body: bytes
    body_sha256: str
    idempotency_key: str | None
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    owner: str | None
    progress: float
    result: bytes | None
    result_media_type: str | None
    plan_id: str | None
    problem: str | None


_PLAN_FIELDS = fields(PlanRecord)  # the columns of a plan row, each a PlanRecord field
_STATUS_FIRST = re.compile(rb'^\s*\{\s*"status"\s*:\s*"([a-z_]+)"')


def plan_result(plan: bytes) -> str:
    """The `status` of a kept plan JSON (optimal, feasible or infeasible), as the plan says.

    The plan JSON writes `status` first, so a listing reads it from the first bytes;
    JSON written otherwise is parsed whole. "unknown" when the JSON has no status."""
    match = _STATUS_FIRST.match(plan[:80])
    if match is not None:
        return match.group(1).decode()
    try:
        status = json.loads(plan).get("status")
    except (ValueError, AttributeError):
        return "unknown"
    return status if isinstance(status, str) else "unknown"


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


def owner_id() -> str:
    """This process, as a job owner: host, pid and a token unique to this start."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(body: bytes) -> bytes:
    """One spelling of a JSON value (after RFC 8785's idea): object keys sorted, no
    whitespace, text as UTF-8, and a number that is whole written as a whole number (8.0
    is 8: the same number to JSON and to every field of a request). Bytes that are not
    JSON are their own canonical form."""
    try:
        value = json.loads(body)
    except ValueError:
        return body

    def whole(node: Any) -> Any:
        if isinstance(node, float) and node.is_integer():
            return int(node)
        if isinstance(node, dict):
            return {key: whole(item) for key, item in node.items()}
        if isinstance(node, list):
            return [whole(item) for item in node]
        return node

    return json.dumps(whole(value), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False).encode()


def _record(cls: Any, row: Any) -> Any:
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


class PreparedInsert:
    """`insert(table)` of one row, compiled once for a dialect, not once per row.

    Executed as Core executes the statement, less the work that repeats for every row
    (the statement's cache key, the compiled form's look-up, the parameters' set-up):
    each value goes through its column's bind processor (UtcDateTime's naive UTC, the
    dialect's own conversions) and the SQL to the driver in the connection's
    transaction (Connection.exec_driver_sql, with its events). Columns the database
    fills itself (an autoincrement key) are left out. tests/store checks that the
    driver gets the SQL and parameters Core's own insert gives it.
    """

    def __init__(self, table: Table, dialect: Dialect):
        columns = [c for c in table.columns
                   if not (c.primary_key and c.autoincrement is True)]
        # inline: nothing is read back (no RETURNING of the generated key).
        compiled = insert(table).inline().compile(dialect=dialect,
                                                  column_keys=[c.key for c in columns])
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        names = (list(compiled.positiontup or ()) if self.positional
                 else [c.key for c in columns])
        processors = {c.key: c.type.dialect_impl(dialect).bind_processor(dialect)
                      for c in columns}
        self.columns = tuple((name, processors[name]) for name in names)

    def parameters(self, row: dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        values = [(name, row[name] if convert is None else convert(row[name]))
                  for name, convert in self.columns]
        return tuple(v for _, v in values) if self.positional else dict(values)


class Store:
    """Plans and jobs in one database (see `db` for the URL)."""

    def __init__(self, url: str | None = None, *, migrate: bool = True):
        self.url = url or db.default_url()
        self.engine: Engine = db.make_engine(self.url)
        if migrate:
            try:
                db.upgrade(self.engine)
            except (OperationalError, InterfaceError) as error:
                self.engine.dispose()
                raise db.unavailable(self.engine, error) from None
        # Every POST /v1/plans saves a plan: its two inserts are compiled once.
        tables = PlanRow.metadata.tables
        self._insert_plan = PreparedInsert(tables["plans"], self.engine.dialect)
        self._insert_event = PreparedInsert(tables["plan_events"], self.engine.dialect)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction: committed whole, or rolled back whole."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            session.connection(execution_options={db.WRITE: True})
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    # ----------------------------------------------------------------------- plans

    def save_plan(self, new: NewPlan) -> PlanRecord:
        """Keep a plan as a draft, with a `saved` event; one transaction, committed (on
        SQLite: written to the WAL and fsync'd, `synchronous=FULL`) before this returns.
        A label with a control character is refused (InvalidInput at `label`): see
        _refuse_control. A database error is raised as SQLAlchemy's (DBAPIError and its
        subclasses, e.g. OperationalError for a database locked past the busy timeout).

        Two INSERTs, not ORM objects: the ORM's unit of work took about half of the
        ~1.5 ms of CPU a save cost the service per plan (each POST /v1/plans); compiled
        once (PreparedInsert), which took 0.2 ms more of the ~1.1 ms left; and sent on
        the pool's driver connection itself (`_driver_write`), not through a Core
        Connection and Transaction, which took ~0.3 ms more of a ~1.0 ms save."""
        record = PlanRecord(
            id=new_id(), created_at=now(), created_by=new.created_by, label=new.label,
            status="draft", replaces_id=None, source=new.source, dataset=new.dataset,
            dataset_sha256=new.dataset_sha256, overrides=new.overrides, request=new.request,
            shipment=new.shipment, shipment_key=new.shipment_key, policy=new.policy,
            input_sha256=new.input_sha256, plan=new.plan, plan_sha256=sha256(new.plan),
            solver_versions=json.dumps(new.solver_versions, sort_keys=True))
        _refuse_control("label", new.label)
        row = {f.name: getattr(record, f.name) for f in _PLAN_FIELDS}
        self._driver_write([
            (self._insert_plan.sql, self._insert_plan.parameters(row)),
            (self._insert_event.sql, self._insert_event.parameters({
                "plan_id": record.id, "at": record.created_at, "by": new.created_by,
                "action": "saved", "status": "draft", "note": None}))])
        return record

    def _driver_write(self, statements: Sequence[tuple[str, Any]]) -> None:
        """Run `statements` (SQL in the dialect's own form, with parameters already
        converted by their columns' bind processors: PreparedInsert) in one write
        transaction on a pooled driver connection, and commit; roll back on any error.

        The same transaction `_write` opens: the pool's connection, set up by db's
        "connect" listener (WAL, synchronous=FULL, busy timeout, foreign keys); SQLite's
        BEGIN IMMEDIATE (db's "begin" listener for a write), PostgreSQL's implicit BEGIN;
        COMMIT. A driver error comes out as Core's own (DBAPIError.instance)."""
        dialect = self.engine.dialect
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            statement, parameters = "BEGIN IMMEDIATE", None
            try:
                if dialect.name == "sqlite":
                    cursor.execute(statement)
                for statement, parameters in statements:
                    cursor.execute(statement, parameters)
                statement, parameters = "COMMIT", None
                connection.commit()
            except BaseException as error:
                driver_error = isinstance(error, dialect.loaded_dbapi.Error)
                if driver_error and dialect.is_disconnect(
                        cast(Any, error), connection.dbapi_connection, cursor):
                    connection.invalidate(error)  # not back to the pool, as Core does
                else:
                    with contextlib.suppress(Exception):
                        connection.rollback()
                if driver_error:
                    raise DBAPIError.instance(statement, parameters, error,
                                              dialect.loaded_dbapi.Error,
                                              dialect=dialect) from error
                raise
            finally:
                cursor.close()
        finally:
            connection.close()  # back to the pool

    def get_plan(self, plan_id: str) -> PlanRecord:
        with self._read() as session:
            row = session.get(PlanRow, plan_id)
            if row is None:
                raise NotFound("plan", plan_id)
            record: PlanRecord = _record(PlanRecord, row)
            return record

    def list_plans(self, query: PlanQuery = PlanQuery()) -> PlanPage:
        """Newest first; `limit` is capped at MAX_PAGE."""
        limit = max(1, min(query.limit, MAX_PAGE))
        offset = max(0, query.offset)
        conditions = []
        if query.dataset is not None:
            conditions.append(PlanRow.dataset == query.dataset)
        if query.status is not None:
            conditions.append(PlanRow.status == query.status)
        if query.label is not None:
            conditions.append(PlanRow.label == query.label)
        if query.created_from is not None:
            conditions.append(PlanRow.created_at >= query.created_from)
        if query.created_before is not None:
            conditions.append(PlanRow.created_at < query.created_before)
        with self._read() as session:
            total = session.scalar(select(func.count()).select_from(PlanRow).where(*conditions))
            rows = session.scalars(select(PlanRow).where(*conditions)
                                   .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
                                   .limit(limit).offset(offset)).all()
            items = tuple(_record(PlanRecord, r) for r in rows)
        return PlanPage(items=items, total=int(total or 0), limit=limit, offset=offset)

    def history(self, plan_id: str) -> tuple[PlanEvent, ...]:
        """The plan's events, oldest first; NotFound for an unknown plan."""
        with self._read() as session:
            if session.get(PlanRow, plan_id) is None:
                raise NotFound("plan", plan_id)
            rows = session.scalars(select(PlanEventRow).where(PlanEventRow.plan_id == plan_id)
                                   .order_by(PlanEventRow.id)).all()
            return tuple(PlanEvent(r.at, r.by, r.action, r.status, r.note) for r in rows)

    def approve(self, plan_id: str, by: str, note: str | None = None) -> PlanRecord:
        """draft -> approved. The plan in force for the same shipment (approved or
        published) becomes superseded, and this plan records that it replaces it.
        WrongTransition unless the plan is a draft; NotApprovable (a WrongTransition)
        when the plan's result is not in APPROVABLE (an infeasible plan stays a draft).

        Two approvals for one shipment at once: a unique index lets only one plan be in
        force, so the loser's transaction fails whole and is run again, now superseding
        the winner (the later approval wins, as if they had come one after the other)."""
        _refuse_control("note", note, note=True)
        for attempt in range(_RETRIES):
            try:
                return self._approve(plan_id, by, note)
            except (IntegrityError, OperationalError):
                if attempt == _RETRIES - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def _approve(self, plan_id: str, by: str, note: str | None) -> PlanRecord:
        with self._write() as session:
            row = self._locked(session, plan_id)
            if plan_result(row.plan) not in APPROVABLE:
                raise NotApprovable(plan_id, plan_result(row.plan), "approved")
            if row.status != "draft":
                raise WrongTransition("plan", plan_id, row.status, "approved", "draft")
            at = now()
            in_force = session.scalars(
                select(PlanRow).where(PlanRow.shipment_key == row.shipment_key,
                                      PlanRow.status.in_(("approved", "published")))
                .with_for_update()).all()
            for old in in_force:
                old.status = "superseded"
                session.add(PlanEventRow(plan_id=old.id, at=at, by=by, action="superseded",
                                         status="superseded", note=f"by plan {plan_id}"))
            session.flush()  # the old plan leaves the in-force index before this one enters
            if in_force:
                row.replaces_id = in_force[0].id
            row.status = "approved"
            session.add(PlanEventRow(plan_id=plan_id, at=at, by=by, action="approved",
                                     status="approved", note=note))
        record: PlanRecord = _record(PlanRecord, row)
        return record

    def publish(self, plan_id: str, by: str, note: str | None = None) -> PlanRecord:
        """approved -> published; WrongTransition otherwise, NotApprovable when the plan's
        result is not in APPROVABLE (a plan approved before this rule)."""
        _refuse_control("note", note, note=True)
        with self._write() as session:
            row = self._locked(session, plan_id)
            if plan_result(row.plan) not in APPROVABLE:
                raise NotApprovable(plan_id, plan_result(row.plan), "published")
            if row.status != "approved":
                raise WrongTransition("plan", plan_id, row.status, "published", "approved")
            row.status = "published"
            session.add(PlanEventRow(plan_id=plan_id, at=now(), by=by, action="published",
                                     status="published", note=note))
        record: PlanRecord = _record(PlanRecord, row)
        return record

    def record_verification(self, plan_id: str, by: str, reproduced: bool,
                            note: str | None = None) -> None:
        """An event in the plan's history: verified, or not-reproduced."""
        with self._write() as session:
            row = self._locked(session, plan_id)
            session.add(PlanEventRow(plan_id=plan_id, at=now(), by=by,
                                     action="verified" if reproduced else "not-reproduced",
                                     status=row.status, note=note))

    @staticmethod
    def _locked(session: Session, plan_id: str) -> PlanRow:
        row = session.get(PlanRow, plan_id, with_for_update=True)
        if row is None:
            raise NotFound("plan", plan_id)
        return row

    # ----------------------------------------------------------------------- jobs

    def submit_job(self, kind: JobKind, body: bytes, created_by: str,
                   idempotency_key: str | None = None,
                   max_queued: int | None = None) -> tuple[JobRecord, bool]:
        """A queued job, and True; or, for a key used before with the same body, that
        job and False. IdempotencyConflict for a key used before with another body.

        "The same body" is the same JSON value, not the same bytes: a retry whose client
        serialized its object with the keys in another order, or other whitespace, is the
        same request (tester qa11b: it was refused with 422). The digest is over the
        body's canonical form (`canonical_json`); a job kept before it was, whose digest
        is over its bytes, still matches a retry of those bytes."""
        digest = sha256(kind.encode() + b"\n" + canonical_json(body))
        same = (digest, sha256(kind.encode() + b"\n" + body))
        if idempotency_key is not None:
            found = self._job_by_key(created_by, idempotency_key)
            if found is not None:
                return self._same_body(found, same, idempotency_key), False
        if max_queued is not None:  # (a retry of a job kept is answered above, whatever)
            queued = self.count_jobs("queued")
            if queued >= max_queued:
                raise JobsFull(queued, max_queued)
        row = JobRow(id=new_id(), kind=kind, status="queued", body=body, body_sha256=digest,
                     idempotency_key=idempotency_key, created_by=created_by,
                     created_at=now(), progress=0.0)
        try:
            with self._write() as session:
                session.add(row)
        except IntegrityError:
            # Another request (perhaps on another server) took the key meanwhile.
            assert idempotency_key is not None
            found = self._job_by_key(created_by, idempotency_key)
            if found is None:
                raise
            return self._same_body(found, same, idempotency_key), False
        record: JobRecord = _record(JobRecord, row)
        return record, True

    @staticmethod
    def _same_body(job: JobRecord, digests: tuple[str, ...], key: str) -> JobRecord:
        if job.body_sha256 not in digests:
            raise IdempotencyConflict(key, job.id)
        return job

    def count_jobs(self, status: str) -> int:
        """How many jobs have this status."""
        with self._read() as session:
            return int(session.scalar(select(func.count()).select_from(JobRow)
                                      .where(JobRow.status == status)) or 0)

    def _job_by_key(self, created_by: str, key: str) -> JobRecord | None:
        with self._read() as session:
            row = session.scalars(select(JobRow).where(JobRow.created_by == created_by,
                                                       JobRow.idempotency_key == key)).first()
            return None if row is None else _record(JobRecord, row)

    def get_job(self, job_id: str) -> JobRecord:
        with self._read() as session:
            row = session.get(JobRow, job_id)
            if row is None:
                raise NotFound("job", job_id)
            record: JobRecord = _record(JobRecord, row)
            return record

    def claim_job(self, owner: str) -> JobRecord | None:
        """The oldest queued job, now running for `owner`; None when none is queued.

        Safe between processes: the claim is a conditional UPDATE, so of two servers
        that pick the same job only one gets it (the other tries the next)."""
        for _ in range(20):
            with self._read() as session:
                candidate = session.scalars(
                    select(JobRow.id).where(JobRow.status == "queued")
                    .order_by(JobRow.created_at, JobRow.id).limit(1)).first()
            if candidate is None:
                return None
            at = now()
            with self._write() as session:
                claimed = session.execute(
                    update(JobRow).where(JobRow.id == candidate, JobRow.status == "queued")
                    .values(status="running", owner=owner, started_at=at, heartbeat_at=at))
            if _rowcount(claimed) == 1:
                return self.get_job(candidate)
        return None

    def heartbeat(self, owner: str, job_ids: Sequence[str]) -> None:
        """Tell other servers these running jobs are alive."""
        if not job_ids:
            return
        with self._write() as session:
            session.execute(update(JobRow).where(JobRow.id.in_(job_ids), JobRow.owner == owner,
                                                 JobRow.status == "running")
                            .values(heartbeat_at=now()))

    def set_progress(self, job_id: str, owner: str, progress: float) -> None:
        with self._write() as session:
            session.execute(update(JobRow).where(JobRow.id == job_id, JobRow.owner == owner,
                                                 JobRow.status == "running")
                            .values(progress=max(0.0, min(1.0, progress)), heartbeat_at=now()))

    def finish_job(self, job_id: str, owner: str, result: bytes, media_type: str,
                   plan: NewPlan | None = None) -> bool:
        """running -> succeeded, with the result (and the plan kept, in the same
        transaction). False, and nothing written, if the job is no longer this owner's
        running job (it was cancelled, or failed as stale)."""
        with self._write() as session:
            row = session.get(JobRow, job_id, with_for_update=True)
            if row is None or row.status != "running" or row.owner != owner:
                return False
            if plan is not None:
                plan_row = PlanRow(
                    id=new_id(), created_at=now(), created_by=plan.created_by,
                    label=plan.label, status="draft", replaces_id=None, source=plan.source,
                    dataset=plan.dataset, dataset_sha256=plan.dataset_sha256,
                    overrides=plan.overrides, request=plan.request, shipment=plan.shipment,
                    shipment_key=plan.shipment_key, policy=plan.policy,
                    input_sha256=plan.input_sha256, plan=plan.plan,
                    plan_sha256=sha256(plan.plan),
                    solver_versions=json.dumps(plan.solver_versions, sort_keys=True))
                session.add(plan_row)
                session.flush()
                session.add(PlanEventRow(plan_id=plan_row.id, at=plan_row.created_at,
                                         by=plan.created_by, action="saved", status="draft",
                                         note=f"by job {job_id}"))
                row.plan_id = plan_row.id
            row.status, row.finished_at, row.progress = "succeeded", now(), 1.0
            row.result, row.result_media_type = result, media_type
        return True

    def fail_job(self, job_id: str, problem: dict[str, Any], owner: str | None = None) -> bool:
        """queued or running -> failed with a problem body (RFC 9457 members); with
        `owner`, only if the job is that owner's running job."""
        conditions = [JobRow.id == job_id, JobRow.status.in_(("queued", "running"))]
        if owner is not None:
            conditions += [JobRow.owner == owner, JobRow.status == "running"]
        with self._write() as session:
            done = session.execute(update(JobRow).where(*conditions).values(
                status="failed", finished_at=now(), problem=json.dumps(problem)))
        return _rowcount(done) == 1

    def cancel_job(self, job_id: str) -> JobRecord:
        """queued or running -> cancelled (a running job's result is thrown away when it
        comes). WrongTransition for a finished job."""
        with self._write() as session:
            row = session.get(JobRow, job_id, with_for_update=True)
            if row is None:
                raise NotFound("job", job_id)
            if row.status not in ("queued", "running"):
                raise WrongTransition("job", job_id, row.status, "cancelled",
                                      "queued or running")
            row.status, row.finished_at = "cancelled", now()
        record: JobRecord = _record(JobRecord, row)
        return record

    def release_jobs(self, owner: str) -> int:
        """Put `owner`'s running jobs back in the queue (a graceful stop); how many."""
        with self._write() as session:
            done = session.execute(update(JobRow).where(JobRow.owner == owner,
                                                        JobRow.status == "running")
                                   .values(status="queued", owner=None, started_at=None,
                                           heartbeat_at=None, progress=0.0))
        return _rowcount(done)

    def fail_stale_jobs(self, lease_s: float) -> list[str]:
        """Fail running jobs whose server has not beaten its heartbeat for `lease_s`
        seconds, or whose server process on this host is gone."""
        cutoff = now() - timedelta(seconds=lease_s)
        host = socket.gethostname()
        with self._read() as session:
            running = session.execute(select(JobRow.id, JobRow.owner, JobRow.heartbeat_at)
                                      .where(JobRow.status == "running")).all()
        failed = []
        for job_id, owner, beat in running:
            reason = None
            owner_host, _, rest = (owner or "").partition(":")
            pid = rest.partition(":")[0]
            if owner_host == host and pid.isdigit() and not _alive(int(pid)):
                reason = (f"The server process running this job ({owner}) stopped before it "
                          f"finished.")
            elif beat is None or beat < cutoff:
                reason = (f"The server running this job ({owner}) has not been heard from "
                          f"for over {lease_s:g} s: it stopped before the job finished.")
            if reason is None:
                continue
            problem = {"type": "/problems/job-lost", "title": "Job lost", "status": 500,
                       "detail": reason}
            # Only if nothing moved meanwhile (a heartbeat that came in after the read).
            with self._write() as session:
                done = session.execute(update(JobRow).where(
                    JobRow.id == job_id, JobRow.status == "running", JobRow.owner == owner,
                    JobRow.heartbeat_at.is_(None) if beat is None
                    else JobRow.heartbeat_at == beat)
                    .values(status="failed", finished_at=now(), problem=json.dumps(problem)))
            if _rowcount(done) == 1:
                failed.append(job_id)
        return failed


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _refuse_control(location: str, text: str | None, note: bool = False) -> None:
    """The store keeps no control character in a label or a note (tabs and line breaks
    in a note aside): PostgreSQL's text refuses NUL (an error deep in a save), SQLite
    kept it and `blanko plans list` printed it raw. The service's models and the
    command line refuse them first (optimizer.schema.StoreLabel, StoreNote); this is
    the store's own guard, for any other caller."""
    from optimizer.schema import InvalidInput, text_problems

    problems = text_problems(location, text, note)
    if problems:
        raise InvalidInput(problems)
