"""`blanko plan` and `blanko datasets`: one shipment planned, the bundled data listed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from optimizer.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    BlanksOpt,
    DataOpt,
    DatasetOpt,
    LangOpt,
    LocaleOpt,
    LotSizeOpt,
    MaxTravelOpt,
    ReserveOpt,
    TiersOpt,
    _fail_invalid,
    _instance,
    _language,
    _travel_limit,
    app,
    console,
)

if TYPE_CHECKING:
    from optimizer.schema import Instance, Plan, Policy

# Above this many districts the plan prints a summary and the worst districts; --all
# prints every one (a 240-row rich table took ~0.45 s to print).
DISTRICT_ROWS = 40
WORST_SHOWN = 15


@app.command()
def plan(
    blanks: BlanksOpt,
    dataset: DatasetOpt = None,
    data: DataOpt = None,
    max_travel_km: MaxTravelOpt = None,
    reserve: ReserveOpt = 0,
    lot_size: LotSizeOpt = 1,
    equity: Annotated[bool, typer.Option("--equity/--no-equity",
                                         help="Balance coverage across districts.")] = True,
    time_limit: Annotated[float, typer.Option(help="Seconds before the best plan so far "
                                              "is returned.")] = 10.0,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the plan JSON here.")]
    = None,
    csv_dir: Annotated[Path | None, typer.Option("--csv", help="Write plan tables here.")]
    = None,
    xlsx_path: Annotated[Path | None, typer.Option("--xlsx", help="Write a workbook here.")]
    = None,
    quiet: Annotated[bool, typer.Option(help="Print only the KPIs.")] = False,
    schedule: Annotated[str | None, typer.Option(
        "--schedule", help="Later tranches, a day,blanks CSV file or a spec such as "
                           "'tranches=4,every=20,blanks=10000': plan ahead over them "
                           "(lookahead) and print the provisional shipments.")] = None,
    all_districts: Annotated[bool, typer.Option(
        "--all", help=f"Print every district (above {DISTRICT_ROWS} districts the default "
                      f"is a summary and the {WORST_SHOWN} with the lowest coverage).")] = False,
    locale: LocaleOpt = None,
    tiers: TiersOpt = None,
    lang: LangOpt = None,
    save: Annotated[bool, typer.Option("--save", help="Keep the plan in the plan store "
                                       "(see `blanko plans`).")] = False,
    label: Annotated[str | None, typer.Option(help="With --save: a label to find it by.")]
    = None,
    db: Annotated[str | None, typer.Option("--db", envvar="BLANKO_DATABASE_URL",
                                           help="With --save: the plan store's database URL.")]
    = None,
) -> None:
    """Plan one shipment: blanks per office and cards per district."""
    from pydantic import ValidationError

    from optimizer.engine.solve import solve
    from optimizer.io.exports import check_output_paths
    from optimizer.schema import InvalidInput, Policy, Problem, Shipment, problems_from

    language = _language(lang)
    try:
        if save and schedule is not None:
            raise InvalidInput([Problem(location="--save", message=(
                "keeps a plan of one shipment, which `blanko plans verify` re-solves; "
                "a --schedule (lookahead) plan cannot be kept yet"))])
        # Before the solve: an unwritable output is one line, not a traceback after it.
        check_output_paths(json_path, csv_dir, xlsx_path)
        instance, suggested, estimated = _instance(dataset, data, locale, tiers, language)
        policy = Policy(max_travel_km=_travel_limit(max_travel_km, suggested),
                        reserve=reserve, lot_size=lot_size, equity=equity,
                        time_limit_s=time_limit)
        horizon = None
        if schedule is None:
            result = solve(instance, Shipment(blanks=blanks), policy)
        else:
            from optimizer.cli.horizon import later_tranches
            from optimizer.cli.studies import _schedule
            from optimizer.studies.lookahead import plan_lookahead

            result, horizon, periods = plan_lookahead(
                instance, Shipment(blanks=blanks), policy,
                tranches=later_tranches(_schedule(schedule), blanks))
        from optimizer.i18n import localize_plan

        # The store keeps the library's English plan (as POST /v1/plans does), so that
        # `blanko plans verify` compares like with like; the planner reads `language`.
        library_plan = result
        result = localize_plan(result, language)
    except ValidationError as error:
        _fail_invalid(InvalidInput(problems_from(error)), language)
    except InvalidInput as error:
        _fail_invalid(error, language)
    if estimated:
        console.print(f"[yellow]Note:[/] '{dataset}' has estimated figures ("
                      f"{', '.join(sorted({c.split('.')[-1] for c in estimated}))}); see its "
                      f"README, and plan with your own SIAK export with --data.")
    if not quiet:
        _print_districts(instance, result, all_districts)
    _print_kpis(result, policy)
    if horizon is not None:
        from optimizer.cli.horizon import print_horizon

        print_horizon(horizon, periods, {line.site_id: line.blanks for line in result.shipments})
    _write_outputs(instance, result, policy, json_path, csv_dir, xlsx_path, language)
    if save:
        from optimizer.cli import store

        kept = store.keep(db, dataset=dataset, instance=instance, shipment=Shipment(
            blanks=blanks), policy=policy, result=library_plan, label=label)
        console.print(f"Plan kept as {kept.id} (blanko plans show {kept.id})")
    raise typer.Exit(EXIT_INFEASIBLE if result.status == "infeasible" else EXIT_OK)


@app.command("datasets")
def list_datasets() -> None:
    """List the bundled datasets."""
    from rich.table import Table

    from optimizer.io import datasets

    table = Table(title="Datasets")
    for column in ("name", "sites", "areas", "tiers", "total backlog", "source"):
        table.add_column(column, justify="right" if column in {"sites", "areas",
                                                               "total backlog"} else "left")
    for name in datasets.names():
        if name == "synthetic-national":
            table.add_row(name, "~7,300", "~84,000", "first_time, replacement", "seeded",
                          "optimizer.io.datasets.synthetic")
            continue
        ds = datasets.load(name)
        inst = ds.instance
        backlog = sum(sum(a.backlog.values()) for a in inst.areas)
        table.add_row(name, str(len(inst.sites)), str(len(inst.areas)), ", ".join(inst.tiers),
                      f"{backlog:,}", ds.source or "-")
    console.print(table)


def _print_districts(instance: Instance, result: Plan, every: bool = False) -> None:
    """The plan by district: every one, or above DISTRICT_ROWS a summary and the worst."""
    from rich.table import Table

    if not result.districts:
        return
    names = {d.district_id: d.name for d in instance.districts}
    blanks_by_district: dict[str, int] = {}
    for site in result.sites:
        blanks_by_district[site.district_id] = blanks_by_district.get(site.district_id, 0) \
            + site.blanks
    rows: dict[str, list[str]] = {}
    limits: dict[str, str] = {}
    first: dict[str, float | None] = {}
    for line in result.districts:
        cov = "-" if line.coverage is None else f"{100 * line.coverage:.1f}%"
        rows.setdefault(line.district_id, []).extend([f"{line.backlog:,}", f"{line.served:,}", cov])
        if line.tier == result.tiers[0]:
            limits[line.district_id] = line.unmet_reason
            first[line.district_id] = line.coverage
    shown = list(rows)
    title = "Plan by district"
    if len(rows) > DISTRICT_ROWS and not every:
        _print_coverage_summary(result.tiers[0], first)
        # Lowest first-tier coverage first (ties by id); districts without backlog last.
        shown = sorted((d for d in rows if first.get(d) is not None),
                       key=lambda d: (first[d], d))[:WORST_SHOWN]
        title = (f"The {len(shown)} districts with the lowest {result.tiers[0]} coverage "
                 f"(of {len(rows):,}; --all prints every one)")
    table = Table(title=title)
    table.add_column("district")
    table.add_column("name")
    for tier in result.tiers:
        table.add_column(f"{tier} backlog", justify="right")
        table.add_column(f"{tier} cards", justify="right")
        table.add_column("coverage", justify="right")
    table.add_column("blanks to offices", justify="right")
    table.add_column("limit")
    for district_id in shown:
        table.add_row(district_id, names.get(district_id, ""), *rows[district_id],
                      f"{blanks_by_district.get(district_id, 0):,}", limits[district_id])
    console.print(table)


def _print_coverage_summary(tier: str, coverage: dict[str, float | None]) -> None:
    """How the districts' coverage of one tier is spread, in one line."""
    values = sorted(c for c in coverage.values() if c is not None)
    if not values:
        return
    full = sum(1 for c in values if c >= 1.0)
    none = sum(1 for c in values if c <= 0.0)
    median = values[len(values) // 2] if len(values) % 2 else \
        (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
    console.print(f"{len(coverage):,} districts, {len(values):,} with {tier} backlog: coverage "
                  f"min {100 * values[0]:.1f}%, median {100 * median:.1f}%, "
                  f"max {100 * values[-1]:.1f}%; {full:,} fully served, {none:,} with no cards.")


def _print_kpis(result: Plan, policy: Policy) -> None:
    k = result.kpis
    console.print(f"[bold]Status:[/] {result.status}   solver {result.solver.version}, "
                  f"{result.solver.seconds * 1000:.1f} ms")
    for tier in result.tiers:
        lo, hi = k.coverage_min_by_tier[tier], k.coverage_max_by_tier[tier]
        span = "" if lo is None or hi is None else f"  coverage {100 * lo:.1f}%-{100 * hi:.1f}%"
        console.print(f"  {tier}: {k.cards_by_tier[tier]:,} cards{span}")
    console.print(f"  blanks shipped {k.blanks_shipped:,}, kept central {k.blanks_kept_central:,}, "
                  f"stranded {k.blanks_stranded:,}")
    console.print(f"  resident-km {k.resident_km_total:,.1f} (mean {k.resident_km_mean:.2f} km, "
                  f"max {k.max_km:.2f} km)")
    for message in result.messages:
        style = {"warning": "yellow", "error": "red"}.get(message.level, "dim")
        console.print(f"  [{style}]{message.code}[/]: {message.text}", soft_wrap=True)


def _write_outputs(instance: Instance, result: Plan, policy: Policy, json_path: Path | None,
                   csv_dir: Path | None, xlsx_path: Path | None, lang: str = "en") -> None:
    # Each writer loads its own libraries: the JSON one needs no pandas.
    if json_path:
        from optimizer.io.exports import write_plan_json

        write_plan_json(result, json_path)
        console.print(f"Plan JSON written to {json_path}")
    if csv_dir:
        from optimizer.io.exports import write_plan_csv

        write_plan_csv(result, csv_dir)
        console.print(f"Plan tables written to {csv_dir}/")
    if xlsx_path:
        from optimizer.io.exports import write_plan_report

        write_plan_report(result, xlsx_path, instance, policy, lang)
        console.print(f"Plan workbook written to {xlsx_path}")
