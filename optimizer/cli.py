"""The `blanko` command: plans for planners, from bundled data or their own files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from optimizer.engine.solve import solve
from optimizer.io import datasets
from optimizer.io.exports import write_plan_csv, write_plan_json, write_plan_xlsx
from optimizer.io.files import load_instance
from optimizer.schema import (
    Instance,
    InvalidInput,
    Plan,
    Policy,
    Problem,
    Shipment,
    problems_from,
)
from optimizer.studies import registry as policy_lib
from optimizer.studies import replay as replay_lib
from optimizer.studies.report import headline_table, write_report

EXIT_OK, EXIT_INVALID, EXIT_INFEASIBLE = 0, 2, 3

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Blanko: split each shipment of e-KTP blanks across printing offices.")
# Tables are wide; outside a terminal (a pipe, a log) do not fold them at 80 columns.
_WIDTH = shutil.get_terminal_size((160, 24)).columns
console = Console(highlight=False, width=max(_WIDTH, 120))
errors = Console(stderr=True, highlight=False, width=max(_WIDTH, 120))


# Options the commands share, declared once.
BlanksOpt = Annotated[int, typer.Option("--blanks", help="Blanks in this shipment.")]
DatasetOpt = Annotated[str | None, typer.Option(
    "--dataset", help="A bundled dataset (see `blanko datasets`).")]
DataOpt = Annotated[Path | None, typer.Option(
    "--data", help="A folder of CSVs, an .xlsx or a .json.")]
MaxTravelOpt = Annotated[float | None, typer.Option(
    "--max-travel-km", help="Farthest a resident is sent outside their own district "
                            "(default: the dataset's suggestion, else no limit).")]
ReserveOpt = Annotated[int, typer.Option("--reserve", help="Blanks kept at the central office.")]
LotSizeOpt = Annotated[int, typer.Option("--lot-size", help="Ship in whole lots of this size.")]


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
) -> None:
    """Plan one shipment: blanks per office and cards per district."""
    try:
        instance, suggested, estimated = _instance(dataset, data)
        policy = Policy(max_travel_km=_travel_limit(max_travel_km, suggested),
                        reserve=reserve, lot_size=lot_size, equity=equity,
                        time_limit_s=time_limit)
        result = solve(instance, Shipment(blanks=blanks), policy)
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


@app.command()
def serve(
    host: Annotated[str, typer.Option(envvar="BLANKO_HOST", help="Address to listen on.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="BLANKO_PORT", help="Port to listen on.")] = 8000,
    workers: Annotated[int | None, typer.Option(
        envvar="BLANKO_WORKERS", min=1, help="Solver processes (default: the number of cores).")]
    = None,
) -> None:
    """Start the HTTP service (settings: BLANKO_* environment variables, see the README)."""
    import os

    import uvicorn

    # The app reads its settings from the environment; the library never imports the API.
    os.environ.update({"BLANKO_HOST": host, "BLANKO_PORT": str(port)})
    if workers is not None:
        os.environ["BLANKO_WORKERS"] = str(workers)
    uvicorn.run("api.main:create_app", factory=True, host=host, port=port, access_log=False,
                timeout_graceful_shutdown=30)


def _instance(dataset: str | None, data: Path | None) -> tuple[Instance, float | None,
                                                                 tuple[str, ...]]:
    if (dataset is None) == (data is None):
        raise InvalidInput([Problem(location="--dataset/--data",
                                    message="give exactly one of them")])
    if dataset is not None:
        ds = datasets.load(dataset)
        return ds.instance, ds.suggested_max_travel_km, ds.estimated_columns
    assert data is not None
    if not data.exists():
        raise InvalidInput([Problem(location=str(data), message="does not exist")])
    return load_instance(data), None, ()


def _travel_limit(given: float | None, suggested: float | None) -> float | None:
    """The limit the planner typed, else the dataset's suggestion."""
    return given if given is not None else suggested


def _fail_invalid(error: InvalidInput) -> NoReturn:
    errors.print("[bold red]Invalid input[/]")
    for problem in error.problems:
        errors.print(f"  {problem}", markup=False)
    raise typer.Exit(EXIT_INVALID)


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


# --------------------------------------------------------------------------- policies (issue 5)


@app.command()
def compare(
    blanks: BlanksOpt,
    dataset: DatasetOpt = None,
    data: DataOpt = None,
    policies: Annotated[list[str] | None, typer.Option(
        "--policies", help="Policies to compare, comma-separated or repeated (default: all: "
                           "proportional, capacity_capped, population, equal, central_only, "
                           "greedy, optimal, optimal_no_equity).")] = None,
    max_travel_km: MaxTravelOpt = None,
    reserve: ReserveOpt = 0,
    lot_size: LotSizeOpt = 1,
    json_path: Annotated[Path | None, typer.Option(
        "--json", help="Write every policy's metrics and plan here.")] = None,
) -> None:
    """Compare allocation policies on one shipment: one row per policy."""
    try:
        instance, suggested, _ = _instance(dataset, data)
        policy = Policy(max_travel_km=_travel_limit(max_travel_km, suggested),
                        reserve=reserve, lot_size=lot_size)
        results = policy_lib.compare(instance, Shipment(blanks=blanks), policy,
                                     _policy_names(policies))
    except ValidationError as error:
        _fail_invalid(InvalidInput(problems_from(error)))
    except InvalidInput as error:
        _fail_invalid(error)
    _print_comparison(results, instance.tiers)
    if json_path:
        rows = [{"policy": c.policy, "valid": c.evaluation.valid,
                 "violations": [v.model_dump(mode="json") for v in c.evaluation.violations],
                 "metrics": c.metrics.model_dump(mode="json"),
                 "plan": c.plan.model_dump(mode="json")} for c in results]
        json_path.write_text(json.dumps({"blanks": blanks, "policy": policy.model_dump(
            mode="json"), "policies": rows}, indent=1) + "\n", encoding="utf-8")
        console.print(f"Comparison JSON written to {json_path}")
    infeasible = any(c.plan.status == "infeasible" for c in results)
    raise typer.Exit(EXIT_INFEASIBLE if infeasible else EXIT_OK)


@app.command()
def replay(
    schedule: Annotated[str, typer.Option(
        help="A CSV file with rows day,blanks (blanks may be a range low-high), or a spec "
             "such as 'tranches=12,every=20,blanks=10000-30000[,step=1000][,start=0]"
             "[,days=240]'.")],
    out: Annotated[Path, typer.Option(help="Folder for report.md and its PNG charts.")],
    dataset: DatasetOpt = None,
    data: DataOpt = None,
    replications: Annotated[int, typer.Option(help="Independent replications.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of every random draw.")] = 0,
    policies: Annotated[list[str] | None, typer.Option(
        "--policies", help="Policies to replay, comma-separated or repeated (default: all).")]
    = None,
    max_travel_km: MaxTravelOpt = None,
    arrivals_per_day: Annotated[float, typer.Option(
        help="New applicants a working day (Palembang 2017: 250-300 suket a day).")] = 250.0,
    failure_prob: Annotated[float, typer.Option(
        help="Chance that a working printer fails on a given day.")] = 0.02,
    repair_days: Annotated[int, typer.Option(
        help="A failed printer is down 1 to this many working days.")] = 10,
    one_shipment: Annotated[int | None, typer.Option(
        help="Blanks of the report's one-shipment comparison on the initial state "
             "(default: the first tranche of replication 1).")] = None,
) -> None:
    """Replay a schedule of shipments day by day under each policy; write a report."""
    from rich.progress import Progress

    try:
        instance, suggested, _ = _instance(dataset, data)
        policy = Policy(max_travel_km=_travel_limit(max_travel_km, suggested))
        config = replay_lib.ReplayConfig(
            schedule=_schedule(schedule), policies=_policy_names(policies),
            replications=replications, seed=seed, arrivals_per_day=arrivals_per_day,
            failure_prob=failure_prob, repair_days=repair_days, one_shipment=one_shipment)
        if out.exists() and not out.is_dir():
            raise InvalidInput([Problem(location=str(out), message="is not a folder")])
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Replaying", total=replications * len(config.policies))
            result = replay_lib.replay(instance, policy, config,
                                       lambda name, r: progress.advance(task))
    except ValidationError as error:
        _fail_invalid(InvalidInput(problems_from(error)))
    except InvalidInput as error:
        _fail_invalid(error)
    title = datasets.load(dataset).title if dataset else str(data)
    path = write_report(result, out, title, _replay_command(dataset, data, schedule, config,
                                                            out, max_travel_km))
    console.print("\n".join(headline_table(result)), markup=False, soft_wrap=True)
    console.print(f"Report written to {path}")
    raise typer.Exit(EXIT_OK)


def _policy_names(values: list[str] | None) -> tuple[str, ...]:
    if not values:
        return tuple(policy_lib.POLICIES)
    names = tuple(n.strip() for v in values for n in v.split(",") if n.strip())
    for name in names:
        policy_lib.get(name)
    return names


def _schedule(text: str) -> replay_lib.Schedule:
    path = Path(text)
    if "=" not in text and path.is_file():
        return replay_lib.parse_schedule_csv(path.read_text(encoding="utf-8"), source=path.name)
    if "=" not in text:
        raise InvalidInput([Problem(location="--schedule",
                                    message=f"'{text}' is neither a file nor a spec such as "
                                            f"'tranches=12,every=20,blanks=10000-30000'")])
    return replay_lib.parse_schedule(text)


def _replay_command(dataset: str | None, data: Path | None, schedule: str,
                    config: replay_lib.ReplayConfig, out: Path,
                    max_travel_km: float | None) -> str:
    """The command line that regenerates a report, defaults left out."""
    import shlex

    default = replay_lib.ReplayConfig(schedule=config.schedule)
    parts = ["blanko", "replay", *(["--dataset", dataset] if dataset else ["--data", str(data)]),
             "--schedule", schedule, "--replications", str(config.replications),
             "--seed", str(config.seed)]
    if config.policies != tuple(policy_lib.POLICIES):
        parts += ["--policies", ",".join(config.policies)]
    if max_travel_km is not None:
        parts += ["--max-travel-km", f"{max_travel_km:g}"]
    for option, value, usual in (
            ("--arrivals-per-day", config.arrivals_per_day, default.arrivals_per_day),
            ("--failure-prob", config.failure_prob, default.failure_prob),
            ("--repair-days", config.repair_days, default.repair_days)):
        if value != usual:
            parts += [option, f"{value:g}"]
    if config.one_shipment is not None:
        parts += ["--one-shipment", str(config.one_shipment)]
    return shlex.join([*parts, "--out", str(out)])


def _print_comparison(results: list[policy_lib.Comparison], tiers: tuple[str, ...]) -> None:
    table = Table(title="Policies on one shipment")
    columns = ["policy", *(f"{t} cards" for t in tiers), "coverage min-max", "Gini", "Jain",
               "stranded", "kept central", "km mean", "km p95", "km max", "no cards", "valid"]
    for column in columns:
        table.add_column(column, justify="left" if column == "policy" else "right",
                         no_wrap=column == "policy")
    for c in results:
        m = c.metrics
        fair = m.fairness[tiers[0]]
        span = ("-" if fair.coverage_min is None or fair.coverage_max is None
                else f"{100 * fair.coverage_min:.1f}%-{100 * fair.coverage_max:.1f}%")
        table.add_row(
            c.policy, *(f"{m.cards_by_tier[t]:,}" for t in tiers), span,
            "-" if fair.gini is None else f"{fair.gini:.3f}",
            "-" if fair.jain is None else f"{fair.jain:.3f}", f"{m.blanks_stranded:,}",
            f"{c.evaluation.kpis.blanks_kept_central:,}", f"{m.resident_km_mean:.2f}",
            f"{m.resident_km_p95:.2f}", f"{m.resident_km_max:.2f}",
            str(len(m.districts_without_cards)), "yes" if c.evaluation.valid else "NO")
    console.print(table)
