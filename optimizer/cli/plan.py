"""`blanko plan` and `blanko datasets`: one shipment planned, the bundled data listed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.table import Table

from optimizer.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    BlanksOpt,
    DataOpt,
    DatasetOpt,
    LotSizeOpt,
    MaxTravelOpt,
    ReserveOpt,
    _fail_invalid,
    _instance,
    _travel_limit,
    app,
    console,
)
from optimizer.engine.solve import solve
from optimizer.io import datasets
from optimizer.io.exports import write_plan_csv, write_plan_json, write_plan_xlsx
from optimizer.schema import Instance, InvalidInput, Plan, Policy, Shipment, problems_from


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
) -> None:
    """Plan one shipment: blanks per office and cards per district."""
    try:
        instance, suggested, estimated = _instance(dataset, data)
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
                tranches=later_tranches(_schedule(schedule)))
    except ValidationError as error:
        _fail_invalid(InvalidInput(problems_from(error)))
    except InvalidInput as error:
        _fail_invalid(error)
    if estimated:
        console.print(f"[yellow]Note:[/] '{dataset}' has estimated figures ("
                      f"{', '.join(sorted({c.split('.')[-1] for c in estimated}))}); see its "
                      f"README, and plan with your own SIAK export with --data.")
    if not quiet:
        _print_districts(instance, result)
    _print_kpis(result, policy)
    if horizon is not None:
        from optimizer.cli.horizon import print_horizon

        print_horizon(horizon, periods)
    _write_outputs(result, json_path, csv_dir, xlsx_path)
    raise typer.Exit(EXIT_INFEASIBLE if result.status == "infeasible" else EXIT_OK)


@app.command("datasets")
def list_datasets() -> None:
    """List the bundled datasets."""
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


def _print_districts(instance: Instance, result: Plan) -> None:
    if not result.districts:
        return
    names = {d.district_id: d.name for d in instance.districts}
    blanks_by_district: dict[str, int] = {}
    for site in result.sites:
        blanks_by_district[site.district_id] = blanks_by_district.get(site.district_id, 0) \
            + site.blanks
    table = Table(title="Plan by district")
    table.add_column("district")
    table.add_column("name")
    for tier in result.tiers:
        table.add_column(f"{tier} backlog", justify="right")
        table.add_column(f"{tier} cards", justify="right")
        table.add_column("coverage", justify="right")
    table.add_column("blanks to offices", justify="right")
    table.add_column("limit")
    rows: dict[str, list[str]] = {}
    limits: dict[str, str] = {}
    for line in result.districts:
        cov = "-" if line.coverage is None else f"{100 * line.coverage:.1f}%"
        rows.setdefault(line.district_id, []).extend([f"{line.backlog:,}", f"{line.served:,}", cov])
        if line.tier == result.tiers[0]:
            limits[line.district_id] = line.unmet_reason
    for district_id, cells in rows.items():
        table.add_row(district_id, names.get(district_id, ""), *cells,
                      f"{blanks_by_district.get(district_id, 0):,}", limits[district_id])
    console.print(table)


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


def _write_outputs(result: Plan, json_path: Path | None, csv_dir: Path | None,
                   xlsx_path: Path | None) -> None:
    if json_path:
        write_plan_json(result, json_path)
        console.print(f"Plan JSON written to {json_path}")
    if csv_dir:
        write_plan_csv(result, csv_dir)
        console.print(f"Plan tables written to {csv_dir}/")
    if xlsx_path:
        write_plan_xlsx(result, xlsx_path)
        console.print(f"Plan workbook written to {xlsx_path}")


