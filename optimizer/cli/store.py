"""`blanko plans ...` and `blanko db upgrade`: the plans kept in the plan store.

`blanko plan ... --save [--label L]` keeps a plan (see `keep`); `blanko plans list`,
`show`, `verify`, `approve`, `publish` and `diff` work on the kept plans. The store is
`--db URL`, else BLANKO_DATABASE_URL, else an SQLite file in the user's data directory.
"""

from __future__ import annotations

import getpass
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from optimizer.cli.common import EXIT_OK, _fail_invalid, app, console, errors

if TYPE_CHECKING:  # imported where used: `blanko --help` loads neither pydantic nor SQLAlchemy
    from optimizer.schema import Instance, Plan, Policy, Shipment
    from optimizer.store import PlanRecord, Store

EXIT_NOT_REPRODUCED, EXIT_CONFLICT, EXIT_NOT_FOUND = 1, 4, 5

plans_app = typer.Typer(no_args_is_help=True, help="Plans kept in the plan store.")
db_app = typer.Typer(no_args_is_help=True, help="The plan store's database.")
app.add_typer(plans_app, name="plans")
app.add_typer(db_app, name="db")

DbOpt = Annotated[str | None, typer.Option(
    "--db", envvar="BLANKO_DATABASE_URL", show_envvar=True,
    help="Database URL, e.g. postgresql+psycopg://user@host/blanko (default: an SQLite file "
         "in your data directory).")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why, for the plan's history.")]


def open_store(db: str | None) -> Store:
    """The store at `db` (migrations run); an invalid URL exits with EXIT_INVALID."""
    from optimizer.schema import InvalidInput
    from optimizer.store import Store

    try:
        return Store(db)
    except InvalidInput as error:
        _fail_invalid(error)


def keep(db: str | None, *, dataset: str | None, instance: Instance, shipment: Shipment,
         policy: Policy, result: Plan, label: str | None) -> PlanRecord:
    """Keep a plan made by `blanko plan`, created by the OS user, as a draft.

    The record's request is the /v1/plans body the command stands for (the dataset by
    name, or the instance read from the files), with the policy the solver ran with."""
    from optimizer.io.exports import plan_json
    from optimizer.store import NewPlan
    from optimizer.store import verify as store_verify

    source = {"dataset": dataset} if dataset is not None else {
        "instance": instance.model_dump(mode="json")}
    request = {**source, "shipment": shipment.model_dump(mode="json"),
               "policy": policy.model_dump(mode="json")}
    new = NewPlan(
        request=json.dumps(request, ensure_ascii=False).encode(),
        source="dataset" if dataset is not None else "instance", dataset=dataset,
        dataset_sha256=store_verify.instance_sha256(instance) if dataset is not None else None,
        overrides=None, shipment=shipment.model_dump_json(),
        shipment_key=store_verify.shipment_key(dataset, instance, shipment),
        policy=policy.model_dump_json(), input_sha256=result.input_sha256,
        plan=plan_json(result).encode(), solver_versions=store_verify.solver_versions(),
        created_by=_user(), label=label)
    store = open_store(db)
    try:
        return store.save_plan(new)
    finally:
        store.close()


@plans_app.command("list")
def list_plans(
    db: DbOpt = None,
    dataset: Annotated[str | None, typer.Option(help="Only plans of this dataset.")] = None,
    status: Annotated[Literal["draft", "approved", "published", "superseded"] | None,
                      typer.Option(help="Only plans with this status.")] = None,
    label: Annotated[str | None, typer.Option(help="Only plans with this label.")] = None,
    since: Annotated[datetime | None, typer.Option(help="Created at or after (UTC).")] = None,
    before: Annotated[datetime | None, typer.Option(help="Created before (UTC).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """Kept plans, newest first."""
    from datetime import UTC

    from rich.table import Table

    from optimizer.store import PlanQuery

    def aware(value: datetime | None) -> datetime | None:
        return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)

    store = open_store(db)
    page = store.list_plans(PlanQuery(dataset=dataset, status=status, label=label,
                                      created_from=aware(since), created_before=aware(before),
                                      limit=limit, offset=offset))
    table = Table(title=f"Plans {page.offset + 1 if page.items else 0}-"
                        f"{page.offset + len(page.items)} of {page.total}")
    for column in ("id", "created (UTC)", "by", "status", "label", "input", "blanks",
                   "replaces"):
        table.add_column(column, justify="right" if column == "blanks" else "left",
                         no_wrap=column == "id")
    for r in page.items:
        table.add_row(r.id, f"{r.created_at:%Y-%m-%d %H:%M:%S}", r.created_by, r.status,
                      r.label or "", r.dataset or "instance sent",
                      f"{json.loads(r.shipment)['blanks']:,}", r.replaces_id or "")
    console.print(table)


@plans_app.command("show")
def show(
    plan_id: Annotated[str, typer.Argument(help="The plan's id.")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan JSON exactly as "
                                                         "it was kept, nothing else.")] = False,
) -> None:
    """A kept plan's record and history (or, with --json, the plan itself)."""
    from rich.table import Table

    from optimizer.schema import Plan
    store = open_store(db)
    record = _get(store, plan_id)
    if as_json:
        sys.stdout.buffer.write(record.plan)
        sys.stdout.flush()
        raise typer.Exit(EXIT_OK)
    plan = Plan.model_validate_json(record.plan)
    console.print(f"[bold]Plan {record.id}[/]  {record.status}"
                  + (f"  label '{record.label}'" if record.label else ""), markup=True)
    console.print(f"  created {record.created_at:%Y-%m-%d %H:%M:%S} UTC by {record.created_by}")
    console.print(f"  input {record.dataset or 'instance sent'}, shipment "
                  f"{json.loads(record.shipment)['blanks']:,} blanks, input_sha256 "
                  f"{record.input_sha256}", markup=False)
    if record.replaces_id:
        console.print(f"  replaces {record.replaces_id}")
    for tier in plan.tiers:
        console.print(f"  {tier}: {plan.kpis.cards_by_tier[tier]:,} cards")
    versions = json.loads(record.solver_versions)
    console.print("  solver " + ", ".join(f"{k} {v}" for k, v in versions.items()),
                  markup=False)
    table = Table(title="History")
    for column in ("at (UTC)", "by", "action", "status", "note"):
        table.add_column(column)
    for event in store.history(plan_id):
        table.add_row(f"{event.at:%Y-%m-%d %H:%M:%S}", event.by, event.action, event.status,
                      event.note or "")
    console.print(table)


@plans_app.command("verify")
def verify(plan_id: Annotated[str, typer.Argument(help="The plan's id.")],
           db: DbOpt = None) -> None:
    """Solve the stored input again: is the plan reproduced byte for byte (apart from
    solver.seconds)? Exit code 0 if so, 1 if not."""
    from optimizer.schema import InvalidInput
    from optimizer.store import verify as store_verify

    store = open_store(db)
    record = _get(store, plan_id)
    try:
        answer = store_verify.reproduce(
            source=record.source, dataset=record.dataset, dataset_sha256=record.dataset_sha256,
            overrides=record.overrides, request=record.request, shipment=record.shipment,
            policy=record.policy, input_sha256=record.input_sha256, plan=record.plan,
            solver_versions_then=record.solver_versions)
    except InvalidInput as error:
        _fail_invalid(error)
    store.record_verification(plan_id, _user(), answer.reproduced,
                              None if answer.reproduced
                              else f"{answer.differences_total} values differ")
    if answer.reproduced:
        console.print(f"[green]Reproduced[/]: plan {plan_id} follows from its input "
                      f"(input_sha256 {answer.input_sha256_now}).")
        raise typer.Exit(EXIT_OK)
    console.print(f"[red]Not reproduced[/]: {answer.differences_total} values differ"
                  + (" (the dataset changed since)" if answer.dataset_changed else ""))
    for pointer in answer.differences[:20]:
        console.print(f"  {pointer}", markup=False)
    console.print(f"  solver then: {answer.solver_then}", markup=False)
    console.print(f"  solver now:  {answer.solver_now}", markup=False)
    raise typer.Exit(EXIT_NOT_REPRODUCED)


@plans_app.command("approve")
def approve(plan_id: Annotated[str, typer.Argument(help="The plan's id.")],
            db: DbOpt = None, note: NoteOpt = None) -> None:
    """draft -> approved; the approved plan for the same shipment becomes superseded."""
    _transition(db, plan_id, "approve", note)


@plans_app.command("publish")
def publish(plan_id: Annotated[str, typer.Argument(help="The plan's id.")],
            db: DbOpt = None, note: NoteOpt = None) -> None:
    """approved -> published."""
    _transition(db, plan_id, "publish", note)


@plans_app.command("diff")
def diff(
    before_id: Annotated[str, typer.Argument(help="The earlier plan's id.")],
    after_id: Annotated[str, typer.Argument(help="The later plan's id.")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
    all_rows: Annotated[bool, typer.Option("--all", help="List unchanged rows too.")] = False,
) -> None:
    """Blanks per office, cards and coverage per kecamatan, and KPIs: before -> after."""
    from rich.table import Table

    from optimizer.schema import Plan
    from optimizer.store import diff as plan_diff

    store = open_store(db)
    before, after = _get(store, before_id), _get(store, after_id)
    result = plan_diff.diff(before.id, Plan.model_validate_json(before.plan),
                            after.id, Plan.model_validate_json(after.plan))
    if as_json:
        console.print_json(result.model_dump_json())
        raise typer.Exit(EXIT_OK)
    offices = Table(title="Blanks per office")
    for column in ("office", "kecamatan", "before", "after", "change"):
        offices.add_column(column, justify="right" if column in ("before", "after", "change")
                           else "left")
    for o in result.offices:
        if o.change or all_rows:
            offices.add_row(o.site_id, o.district_id, f"{o.blanks_before:,}",
                            f"{o.blanks_after:,}", f"{o.change:+,}")
    districts = Table(title="Cards per kecamatan")
    for column in ("kecamatan", "tier", "before", "after", "change", "coverage before",
                   "coverage after"):
        districts.add_column(column, justify="left" if column in ("kecamatan", "tier")
                             else "right")
    for d in result.districts:
        if d.change or all_rows:
            districts.add_row(d.district_id, d.tier, f"{d.cards_before:,}",
                              f"{d.cards_after:,}", f"{d.change:+,}", _pct(d.coverage_before),
                              _pct(d.coverage_after))
    kpis = Table(title="KPIs")
    for column in ("kpi", "before", "after", "change"):
        kpis.add_column(column, justify="left" if column == "kpi" else "right")
    for k in result.kpis:
        kpis.add_row(k.kpi, _num(k.before), _num(k.after),
                     "-" if k.change is None else f"{k.change:+,.6g}")
    for table in (offices, districts, kpis):
        console.print(table)


@db_app.command("upgrade")
def upgrade(db: DbOpt = None) -> None:
    """Bring the database's tables up to this version of blanko (runs on start anyway)."""
    from optimizer.store import db as store_db

    store = open_store(db)  # opening runs the migrations
    shown = store.engine.url.render_as_string(hide_password=True)
    console.print(f"{shown}: at revision {store_db.current_revision(store.engine)} "
                  f"(head {store_db.head_revision()})", markup=False)
    store.close()


def _transition(db: str | None, plan_id: str, action: str, note: str | None) -> None:
    from optimizer.store import NotFound, WrongTransition

    store = open_store(db)
    change = store.approve if action == "approve" else store.publish
    try:
        record = change(plan_id, _user(), note)
    except NotFound as error:
        errors.print(f"[bold red]Not found[/]: {error}")
        raise typer.Exit(EXIT_NOT_FOUND) from None
    except WrongTransition as error:
        errors.print(f"[bold red]Refused[/]: {error}")
        raise typer.Exit(EXIT_CONFLICT) from None
    line = f"Plan {record.id} is {record.status}"
    if record.replaces_id:
        line += f"; it replaces {record.replaces_id}, now superseded"
    console.print(line + ".", markup=False)


def _get(store: Store, plan_id: str) -> PlanRecord:
    from optimizer.store import NotFound

    try:
        return store.get_plan(plan_id)
    except NotFound as error:
        errors.print(f"[bold red]Not found[/]: {error}")
        raise typer.Exit(EXIT_NOT_FOUND) from None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:,.6g}"


__all__ = ["keep", "open_store"]
