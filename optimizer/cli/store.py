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

from optimizer.cli.common import EXIT_OK, LangOpt, _fail_invalid, _language, app, console, errors

if TYPE_CHECKING:  # imported where used: `blanko --help` loads neither pydantic nor SQLAlchemy
    from optimizer.schema import Instance, Plan, Policy, Shipment
    from optimizer.store import PlanRecord, Store

EXIT_NOT_REPRODUCED, EXIT_CONFLICT, EXIT_NOT_FOUND, EXIT_STORE_DOWN = 1, 4, 5, 6
APPROVABLE = ("optimal", "feasible")  # optimizer.store.repository.APPROVABLE, not imported
# here so that `blanko --help` loads no SQLAlchemy

plans_app = typer.Typer(no_args_is_help=True, help="Plans kept in the plan store.")
db_app = typer.Typer(no_args_is_help=True, help="The plan store's database.")
app.add_typer(plans_app, name="plans")
app.add_typer(db_app, name="db")

DbOpt = Annotated[str | None, typer.Option(
    "--db", envvar="BLANKO_DATABASE_URL", show_envvar=True,
    help="Database URL, e.g. postgresql+psycopg://user@host/blanko (default: an SQLite file "
         "in your data directory).")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why, for the plan's history.")]


def open_store(db: str | None, lang: str = "en", *, saving: bool = False) -> Store:
    """The store at `db` (migrations run); an invalid URL exits with EXIT_INVALID (the
    problem in `lang`), a database that cannot be reached with EXIT_STORE_DOWN: which
    database (no password), why, and what to do; `saving` (plan --save) says first that
    the plan was not saved (what the command printed and wrote is kept)."""
    from optimizer.i18n import cli
    from optimizer.schema import InvalidInput
    from optimizer.store import Store, StoreUnavailable

    try:
        return Store(db)
    except InvalidInput as error:
        if saving:
            errors.print(cli.say(lang, cli.NOT_SAVED), markup=False, soft_wrap=True)
        _fail_invalid(error, lang)
    except StoreUnavailable as down:
        if saving:
            errors.print(cli.say(lang, cli.NOT_SAVED), markup=False, soft_wrap=True)
        errors.print(cli.say(lang, cli.STORE_DOWN, url=down.url, reason=down.reason),
                     markup=False, soft_wrap=True)
        errors.print(cli.say(lang, cli.STORE_DOWN_FIX), markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_STORE_DOWN) from None


def keep(db: str | None, *, dataset: str | None, instance: Instance, shipment: Shipment,
         policy: Policy, result: Plan, label: str | None, lang: str = "en") -> PlanRecord:
    """Keep a plan made by `blanko plan`, created by the OS user, as a draft.

    The record's request is the /v1/plans body the command stands for (the dataset by
    name, or the instance read from the files), with the policy the solver ran with."""
    from optimizer.io import datasets
    from optimizer.io.exports import plan_json
    from optimizer.store import NewPlan
    from optimizer.store import verify as store_verify

    # The dataset by its listed name, as POST /v1/plans keeps it: `--dataset ' Palembang'`
    # kept as typed was another shipment key than 'palembang', so approving it superseded
    # nothing and two plans were in force for one shipment (tester qa10b).
    if dataset is not None:
        dataset = datasets.canonical(dataset) or dataset
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
    store = open_store(db, lang, saving=True)
    try:
        return store.save_plan(new)  # kept whatever its status: nothing submitted is lost
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
    lang: LangOpt = None,
) -> None:
    """Kept plans, newest first."""
    from datetime import UTC

    from optimizer.cli.tables import fitted_layouts, terminal_width
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say
    from optimizer.store import PlanQuery

    language = _language(lang)
    _refuse_control("--label", label, language)

    def aware(value: datetime | None) -> datetime | None:
        return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)

    if dataset is not None:  # 'PALEMBANG' lists the plans of 'palembang', as it plans it
        from optimizer.io import datasets

        dataset = datasets.canonical(dataset) or dataset
    query = PlanQuery(dataset=dataset, status=status, label=label,
                      created_from=aware(since), created_before=aware(before),
                      limit=limit, offset=offset)
    refused = query.range_problems(("--since", "--before"))
    if refused:  # a range no plan lies in: said, not listed as "no plans"
        from optimizer.schema import InvalidInput

        _fail_invalid(InvalidInput(refused), language)
    store = open_store(db, language)
    page = store.list_plans(query)
    title = say(language, cli.PLANS_PAGE,
                first=cli.grouped(page.offset + 1 if page.items else 0, language),
                last=cli.grouped(page.offset + len(page.items), language),
                total=cli.grouped(page.total, language))
    columns = (cli.ID, cli.CREATED_UTC, cli.BY, cli.STATUS_COLUMN, cli.RESULT_COLUMN,
               cli.LABEL, cli.INPUT, cli.BLANKS, cli.REPLACES)
    rows = [[r.id, f"{r.created_at:%Y-%m-%d %H:%M:%S}",
             _visible(cli.author(r.created_by, language)),
             cli.word("plan-status", r.status, language), _result(r, language),
             _visible(r.label or ""), _visible(r.dataset or say(language, cli.INSTANCE_SENT)),
             cli.grouped(json.loads(r.shipment)['blanks'], language), r.replaces_id or ""]
            for r in page.items]
    # Laid out for the terminal (optimizer/cli/tables.py): a date wraps before its time,
    # a name between words, nothing is cut; what does not fit goes on in a second table
    # with the plan's id again first.
    width = terminal_width(console.width)
    for table in fitted_layouts(title, [say(language, c) for c in columns], rows, width,
                               left=7, words={8}):
        console.print(table, width=width)


@plans_app.command("show")
def show(
    plan_id: Annotated[str, typer.Argument(help="The plan's id.")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan JSON exactly as "
                                                         "it was kept, nothing else.")] = False,
    lang: LangOpt = None,
) -> None:
    """A kept plan's record and history (or, with --json, the plan itself)."""
    from optimizer.cli.tables import fitted_layouts, terminal_width
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say
    from optimizer.schema import Plan

    language = _language(lang)
    store = open_store(db, language)
    record = _get(store, plan_id, language)
    if as_json:
        sys.stdout.buffer.write(record.plan)
        sys.stdout.flush()
        raise typer.Exit(EXIT_OK)
    plan = Plan.model_validate_json(record.plan)
    head = say(language, cli.PLAN_HEAD, id=record.id)
    console.print(f"[bold]{_escape(head)}[/]  {cli.word('plan-status', record.status, language)}"
                  + "  " + say(language, cli.RESULT_LINE, result=_result(record, language))
                  + ("  " + _escape(say(language, cli.LABELLED, label=_visible(record.label)))
                     if record.label else ""), markup=True)
    if record.result not in APPROVABLE:
        from optimizer.i18n import localize_plan

        console.print("  [red]" + _escape(say(language, cli.KEPT_NOT_APPROVABLE,
                                              result=_result(record, language))) + "[/]")
        for message in localize_plan(plan, language).messages:
            if message.level == "error":
                console.print(f"  [red]{message.code}[/]: " + _escape(message.text),
                              soft_wrap=True)
    console.print("  " + say(language, cli.CREATED_LINE,
                             at=f"{record.created_at:%Y-%m-%d %H:%M:%S}",
                             by=_visible(cli.author(record.created_by, language))),
                  markup=False)
    console.print("  " + say(language, cli.INPUT_LINE,
                             input=record.dataset or say(language, cli.INSTANCE_SENT),
                             blanks=cli.grouped(json.loads(record.shipment)['blanks'],
                                                language)),
                  markup=False)
    # The hash on its own indented line, never wrapped (a wrap put it unindented).
    console.print("  " + say(language, cli.SHA_LINE, sha=record.input_sha256), markup=False,
                  soft_wrap=True)
    if record.replaces_id:
        console.print("  " + say(language, cli.REPLACES_LINE, id=record.replaces_id),
                      markup=False)
    for tier in plan.tiers if record.result != "infeasible" else ():  # zeros, no figures
        console.print("  " + say(language, cli.CARDS_LINE, tier=cli.tier(tier, language),
                                 cards=cli.grouped(plan.kpis.cards_by_tier[tier], language)),
                      markup=False)
    versions = json.loads(record.solver_versions)
    console.print("  " + say(language, cli.SOLVER_LINE,
                             versions=", ".join(f"{k} {v}" for k, v in versions.items())),
                  markup=False)
    columns = (cli.AT_UTC, cli.BY, cli.ACTION, cli.STATUS_COLUMN, cli.NOTE_COLUMN)
    rows = [[f"{event.at:%Y-%m-%d %H:%M:%S}", _visible(cli.author(event.by, language)),
             cli.word("action", event.action, language),
             cli.word("plan-status", event.status, language), _visible(event.note or "", True)]
            for event in store.history(plan_id)]
    width = terminal_width(console.width)  # every column words: they wrap, never cut
    for table in fitted_layouts(say(language, cli.HISTORY), [say(language, c) for c in columns],
                               rows, width, left=len(columns)):
        console.print(table, width=width)


@plans_app.command("verify")
def verify(plan_id: Annotated[str, typer.Argument(help="The plan's id.")],
           db: DbOpt = None, lang: LangOpt = None) -> None:
    """Solve the stored input again: is the plan reproduced byte for byte (apart from
    solver.seconds)? Exit code 0 if so, 1 if not."""
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say
    from optimizer.schema import InvalidInput
    from optimizer.store import verify as store_verify

    language = _language(lang)
    store = open_store(db, language)
    record = _get(store, plan_id, language)
    try:
        answer = store_verify.reproduce(
            source=record.source, dataset=record.dataset, dataset_sha256=record.dataset_sha256,
            overrides=record.overrides, request=record.request, shipment=record.shipment,
            policy=record.policy, input_sha256=record.input_sha256, plan=record.plan,
            solver_versions_then=record.solver_versions)
    except InvalidInput as error:
        _fail_invalid(error, language)
    store.record_verification(plan_id, _user(), answer.reproduced,
                              None if answer.reproduced
                              else f"{answer.differences_total} values differ")
    if answer.reproduced:
        console.print(f"[green]{say(language, cli.REPRODUCED)}[/]: " + _escape(say(
            language, cli.REPRODUCED_LINE, id=plan_id, sha=str(answer.input_sha256_now))))
        raise typer.Exit(EXIT_OK)
    console.print(f"[red]{say(language, cli.NOT_REPRODUCED)}[/]: " + _escape(
        cli.counted(language, answer.differences_total, cli.DIFFER)
        + (say(language, cli.DATASET_CHANGED) if answer.dataset_changed else "")))
    for pointer in answer.differences[:20]:
        console.print(f"  {pointer}", markup=False)
    console.print("  " + say(language, cli.SOLVER_THEN, versions=str(answer.solver_then)),
                  markup=False)
    console.print("  " + say(language, cli.SOLVER_NOW, versions=str(answer.solver_now)),
                  markup=False)
    raise typer.Exit(EXIT_NOT_REPRODUCED)


@plans_app.command("approve")
def approve(plan_id: Annotated[str, typer.Argument(help="The plan's id.")],
            db: DbOpt = None, note: NoteOpt = None, lang: LangOpt = None) -> None:
    """draft -> approved; the approved plan for the same shipment becomes superseded."""
    _transition(db, plan_id, "approve", note, _language(lang))


@plans_app.command("publish")
def publish(plan_id: Annotated[str, typer.Argument(help="The plan's id.")],
            db: DbOpt = None, note: NoteOpt = None, lang: LangOpt = None) -> None:
    """approved -> published."""
    _transition(db, plan_id, "publish", note, _language(lang))


@plans_app.command("diff")
def diff(
    before_id: Annotated[str, typer.Argument(help="The earlier plan's id.")],
    after_id: Annotated[str, typer.Argument(help="The later plan's id.")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
    all_rows: Annotated[bool, typer.Option("--all", help="List unchanged rows too.")] = False,
    lang: LangOpt = None,
) -> None:
    """Blanks per office, cards and coverage per kecamatan, and KPIs: before -> after."""
    from optimizer.cli.tables import fitted_layouts, terminal_width
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say
    from optimizer.schema import Plan
    from optimizer.store import diff as plan_diff

    language = _language(lang)
    store = open_store(db, language)
    before, after = _get(store, before_id, language), _get(store, after_id, language)
    plans = {before.id: Plan.model_validate_json(before.plan),
             after.id: Plan.model_validate_json(after.plan)}
    result = plan_diff.diff(before.id, plans[before.id], after.id, plans[after.id])
    if as_json:
        console.print_json(result.model_dump_json())
        raise typer.Exit(EXIT_OK)
    # An infeasible plan ships nothing: its zeros are no figures, so its side is a dash
    # and no change is taken against it; it says so, and why. An office or kecamatan one
    # plan does not have (plans of different instances) is a dash on that side too, and
    # listed (it differs), never 0 blanks or 0 cards.
    refused = [(plan_id, plans[plan_id]) for plan_id, status in
               ((before.id, result.before_status), (after.id, result.after_status))
               if status == "infeasible"]
    for plan_id, plan in dict(refused).items():
        _say_no_figures(plan_id, plan, language)
    office_rows = [[o.site_id, o.district_id, _count(o.blanks_before, language),
                    _count(o.blanks_after, language), _change(o.change, language)]
                   for o in result.offices if o.change != 0 or all_rows]
    district_rows = [[d.district_id, cli.tier(d.tier, language),
                      _count(d.cards_before, language), _count(d.cards_after, language),
                      _change(d.change, language),
                      _pct(d.coverage_before, language)
                      if d.cards_before is not None else NO_FIGURE,
                      _pct(d.coverage_after, language)
                      if d.cards_after is not None else NO_FIGURE]
                     for d in result.districts if d.change != 0 or all_rows]
    kpi_rows = []
    for k in result.kpis:
        # Coverage as percentages and points, km with decimals, counts grouped: never a
        # raw 0-1 fraction (optimizer.i18n.cli.kpi_figures); an infeasible side a dash.
        figures = cli.kpi_figures(k.kpi, k.before, k.after, k.change, language)
        kpi_rows.append([cli.kpi(k.kpi, language),
                         NO_FIGURE if result.before_status == "infeasible" else figures[0],
                         NO_FIGURE if result.after_status == "infeasible" else figures[1],
                         NO_FIGURE if refused else figures[2]])
    tables = [
        (cli.BLANKS_PER_OFFICE, (cli.OFFICE, cli.KECAMATAN, cli.BEFORE, cli.AFTER, cli.CHANGE),
         office_rows, 2),
        (cli.CARDS_PER_KECAMATAN, (cli.KECAMATAN, cli.TIER, cli.BEFORE, cli.AFTER, cli.CHANGE,
                                   cli.COVERAGE_BEFORE, cli.COVERAGE_AFTER), district_rows, 2),
        (cli.KPIS, (cli.KPI, cli.BEFORE, cli.AFTER, cli.CHANGE), kpi_rows, 1)]
    unchanged = {cli.BLANKS_PER_OFFICE: cli.DIFF_NO_OFFICE_CHANGED,
                 cli.CARDS_PER_KECAMATAN: cli.DIFF_NO_KECAMATAN_CHANGED}
    # With an infeasible plan no office or kecamatan changed (there is nothing to change
    # from or to): those tables only with --all, the feasible plan's figures beside dashes.
    width = terminal_width(console.width)
    for title, columns, rows, left in tables if all_rows or not refused else tables[2:]:
        if not rows and title in unchanged:
            # Without --all only changed rows are listed: none is a sentence, never an
            # empty table with its headers alone.
            console.print(say(language, unchanged[title], title=say(language, title)),
                          markup=False, soft_wrap=True)
            continue
        for table in fitted_layouts(say(language, title), [say(language, c) for c in columns],
                                   rows, width, left):
            console.print(table, width=width)


@db_app.command("upgrade")
def upgrade(db: DbOpt = None, lang: LangOpt = None) -> None:
    """Bring the database's tables up to this version of blanko (runs on start anyway)."""
    from optimizer.i18n import cli
    from optimizer.store import db as store_db

    language = _language(lang)
    store = open_store(db, language)  # opening runs the migrations
    shown = store.engine.url.render_as_string(hide_password=True)
    console.print(cli.say(language, cli.AT_REVISION, url=shown,
                          revision=str(store_db.current_revision(store.engine)),
                          head=str(store_db.head_revision())), markup=False)
    store.close()


def _transition(db: str | None, plan_id: str, action: str, note: str | None,
                lang: str = "en") -> None:
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say
    from optimizer.store import NotFound, WrongTransition

    _refuse_control("--note", note, lang, note=True)
    store = open_store(db, lang)
    change = store.approve if action == "approve" else store.publish
    try:
        record = change(plan_id, _user(), note)
    except NotFound as error:
        errors.print(f"[bold red]{say(lang, cli.NOT_FOUND)}[/]: "
                     + _escape(cli.store_error(error, lang)))
        raise typer.Exit(EXIT_NOT_FOUND) from None
    except WrongTransition as error:
        errors.print(f"[bold red]{say(lang, cli.REFUSED)}[/]: "
                     + _escape(cli.store_error(error, lang)))
        raise typer.Exit(EXIT_CONFLICT) from None
    status = cli.word("plan-status", record.status, lang)
    line = say(lang, cli.PLAN_IS_REPLACING, id=record.id, status=status,
               old=record.replaces_id) if record.replaces_id else \
        say(lang, cli.PLAN_IS, id=record.id, status=status)
    console.print(line, markup=False)
    if record.result != "optimal":  # feasible: allowed, but the approver should know
        console.print(say(lang, cli.FEASIBLE_NOTE), markup=False)


def _get(store: Store, plan_id: str, lang: str = "en") -> PlanRecord:
    from optimizer.i18n import cli
    from optimizer.store import NotFound

    try:
        return store.get_plan(plan_id)
    except NotFound as error:
        errors.print(f"[bold red]{cli.say(lang, cli.NOT_FOUND)}[/]: "
                     + _escape(cli.store_error(error, lang)))
        raise typer.Exit(EXIT_NOT_FOUND) from None


def _result(record: PlanRecord, lang: str) -> str:
    """The plan's own status (optimal, feasible, infeasible) in `lang`."""
    from optimizer.i18n import cli

    return cli.word("status", record.result, lang)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


NO_FIGURE = "—"  # an infeasible plan's side of a diff: no figure, not 0 (cli.NO_FIGURE)


def _count(value: int | None, lang: str) -> str:
    from optimizer.i18n import cli

    return NO_FIGURE if value is None else cli.grouped(value, lang)


def _change(value: int | None, lang: str) -> str:
    return NO_FIGURE if value is None else _signed(f"{value:+,}", lang)


def _say_no_figures(plan_id: str, plan: Plan, lang: str) -> None:
    """'Plan X is infeasible: it ships nothing, so it has no figures and no change is
    shown against it. Why: ...' (the plan's error messages, in `lang`)."""
    from optimizer.i18n import cli, localize_plan

    console.print("[red]" + _escape(cli.say(lang, cli.DIFF_NO_FIGURES, id=plan_id,
                                            result=cli.word("status", plan.status, lang)))
                  + "[/] " + _escape(" ".join(m.text for m in localize_plan(plan, lang).messages
                                              if m.level == "error")), soft_wrap=True)


def _pct(value: float | None, lang: str = "en") -> str:
    from optimizer.i18n import cli

    return NO_FIGURE if value is None else cli.percent(value, lang)


def _signed(english: str, lang: str) -> str:
    """A figure Python wrote the English way ('+1,234.5'), with the language's marks."""
    return english if lang == "en" else english.translate(str.maketrans(",.", ".,"))


def _refuse_control(option: str, text: str | None, lang: str, note: bool = False) -> None:
    """Exit 2 for a label or note the store would refuse (a control character: NUL,
    ESC, ...; a note may hold tabs and line breaks), said before the store is opened."""
    from optimizer.schema import InvalidInput, text_problems

    problems = text_problems(option, text, note)
    if problems:
        _fail_invalid(InvalidInput(problems), lang)


def _visible(text: str, note: bool = False) -> str:
    """Text kept before control characters were refused, safe to print: each control
    character written as an escape (\\x00, \\x1b), never sent raw to the terminal (a
    note keeps its tabs and line breaks)."""
    kept = "\t\n" if note else ""
    if note:
        text = text.replace("\r\n", "\n")  # a form's line breaks
    return "".join(f"\\x{ord(c):02x}" if (ord(c) < 32 or 127 <= ord(c) < 160)
                   and c not in kept else c for c in text)


def _escape(text: str) -> str:
    """`text` safe inside rich markup (ids and labels may hold '[')."""
    return text.replace("[", "\\[")


__all__ = ["keep", "open_store"]
