"""`blanko sweep`: a grid of scenarios x policies x replications, locally or on Dask."""

from __future__ import annotations

import os
import shlex
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from optimizer.cli.common import (
    EXIT_OK,
    REPLICATIONS_MAX,
    IntRange,
    LangOpt,
    _fail_invalid,
    _language,
    app,
    console,
)

if TYPE_CHECKING:
    from optimizer.studies.scenarios import Scenario

DEFAULT_POLICIES = ("capacity_capped", "proportional", "population", "equal", "central_only",
                    "greedy", "optimal", "optimal@rule", "optimal_no_equity",
                    "optimal_no_equity@rule")


@app.command()
def sweep(
    scenarios: Annotated[list[Path], typer.Argument(
        help="Scenario files (TOML, see benchmarks/scenarios/) or folders of them.")],
    out: Annotated[Path, typer.Option(help="Folder for runs/, report.md and the charts.")],
    policies: Annotated[list[str] | None, typer.Option(
        "--policies", help="Policies, comma-separated or repeated; 'name@rule' prints name's "
                           "shipments by the shared rule. Must include capacity_capped (the "
                           "status quo). Default: " + ",".join(DEFAULT_POLICIES) + ".")] = None,
    replications: Annotated[int, typer.Option(
        help="Replications per scenario.", click_type=IntRange(1, REPLICATIONS_MAX))] = 20,
    workers: Annotated[int, typer.Option(
        help="Local worker processes (ignored with --scheduler).",
        click_type=IntRange(1, 1024))] = min(2, os.cpu_count() or 1),
    scheduler: Annotated[str | None, typer.Option(
        help="A dask.distributed scheduler address, e.g. tcp://10.0.0.5:8786; "
             "default: a local process pool.")] = None,
    report: Annotated[bool, typer.Option(help="Write report.md and the charts at the end.")]
    = True,
    lang: LangOpt = None,
) -> None:
    """Run scenarios x policies x replications; results are written as they finish and a
    rerun resumes. Writes OUT/report.md with paired differences against capacity_capped."""
    from pydantic import ValidationError
    from rich.progress import MofNCompleteColumn, Progress, TimeElapsedColumn

    from optimizer.i18n import cli
    from optimizer.i18n.cli import say
    from optimizer.schema import InvalidInput, problems_from
    from optimizer.studies import sweep as sweep_lib

    language = _language(lang)
    try:
        # The files' own errors first, each naming its file and key (tester qa9): then
        # the command line's.
        loaded = _scenarios(scenarios)
        names = _names(policies)
        for sc in loaded:  # fail on bad input before any work starts
            sc.build(names, replications)
        from optimizer.io.exports import check_output_paths

        check_output_paths(folders=[("--out", out)])
    except ValidationError as error:
        _fail_invalid(InvalidInput(problems_from(error)), language)
    except InvalidInput as error:
        _fail_invalid(error, language)
    todo = sweep_lib.tasks(loaded, names, replications)
    already = sum(sweep_lib.done(t, out) for t in todo)
    where = say(language, cli.DASK, address=scheduler) if scheduler else \
        cli.counted(language, workers, cli.LOCAL_PROCESSES)
    console.print(say(language, cli.SWEEP_PLAN,
                      tasks=cli.counted(language, len(todo), cli.TASKS),
                      scenarios=cli.counted(language, len(loaded), cli.SCENARIOS),
                      replications=cli.counted(language, replications, cli.REPLICATIONS),
                      policies=cli.counted(language, len(names), cli.POLICIES),
                      done=cli.grouped(already, language), where=where), markup=False)
    started = time.perf_counter()
    with Progress(*Progress.get_default_columns()[:-1], MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        bar = progress.add_task(say(language, cli.SWEEPING), total=len(todo),
                                completed=already)
        ran = sweep_lib.run_sweep(todo, out, workers=workers, scheduler=scheduler,
                                  on_done=lambda task: progress.advance(bar))
    console.print(say(language, cli.SWEEP_RAN, tasks=cli.counted(language, ran, cli.TASKS),
                      seconds=cli.fixed(time.perf_counter() - started, 1, language),
                      path=str(out / sweep_lib.RUNS)), markup=False)
    if report:
        from optimizer.studies import sweep_report

        found = sweep_report.collect(loaded, names, replications, out)
        path = sweep_report.write(found, names, out, _command(scenarios, names, replications,
                                                              out), language)
        console.print(say(language, cli.REPORT_WRITTEN, path=str(path)), markup=False)
    raise typer.Exit(EXIT_OK)


def _names(values: list[str] | None) -> tuple[str, ...]:
    from optimizer.schema import InvalidInput, Problem
    from optimizer.studies import registry as policy_lib

    if not values:
        return DEFAULT_POLICIES
    names = tuple(n.strip() for v in values for n in v.split(",") if n.strip())
    for name in names:
        policy_lib.get(name)
    policy_lib.check_distinct(names, "--policies")  # (as compare and replay refuse it)
    if policy_lib.STATUS_QUO not in names:
        raise InvalidInput([Problem(location="--policies",
                                    message=f"must include {policy_lib.STATUS_QUO}, the status "
                                            f"quo every difference is paired against")])
    return names


def _scenarios(paths: list[Path]) -> list[Scenario]:
    from optimizer.schema import InvalidInput, Problem
    from optimizer.studies.scenarios import load_scenario

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                raise InvalidInput([Problem(location=str(path), message="holds no .toml file")])
            files += found
        else:
            files.append(path)
    loaded = [load_scenario(f) for f in files]
    seen: dict[str, Path] = {}
    for sc, f in zip(loaded, files, strict=True):
        if sc.name in seen:
            raise InvalidInput([Problem(location=f"{f.name}, name",
                                        message=f"'{sc.name}' is also the name in "
                                                f"{seen[sc.name].name}")])
        seen[sc.name] = f
    return loaded


def _command(scenarios: list[Path], names: tuple[str, ...], replications: int,
             out: Path) -> str:
    parts = ["blanko", "sweep", *map(str, scenarios)]
    if names != DEFAULT_POLICIES:
        parts += ["--policies", ",".join(names)]
    return shlex.join([*parts, "--replications", str(replications), "--out", str(out)])
