"""What every `blanko` command shares: the Typer app, consoles, options, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from optimizer.io import datasets
from optimizer.io.files import load_instance
from optimizer.schema import Instance, InvalidInput, Problem

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


