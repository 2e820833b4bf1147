"""`blanko evaluate`: a planner's own shipments planned around and priced."""

from __future__ import annotations

import csv
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
    LotSizeOpt,
    MaxTravelOpt,
    ReserveOpt,
    _fail_invalid,
    _instance,
    _language,
    _travel_limit,
    app,
    console,
)

if TYPE_CHECKING:
    from optimizer.schema import PlanCost

MAX_BLANKS = 10**12


def read_shipments(path: Path) -> dict[str, int]:
    """`site_id,blanks` rows (a header line first) -> {site_id: blanks}.

    Raises InvalidInput naming the file, row and column of every bad value: a
    missing file or header, an empty id, a repeated site, blanks that are not a
    whole number from 0 to 10^12.
    """
    from optimizer.schema import InvalidInput, Problem  # loaded on use: `--help` stays light

    if not path.is_file():
        raise InvalidInput([Problem(location=str(path), message="is not a file")])
    problems: list[Problem] = []
    pins: dict[str, int] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = csv.DictReader(handle)
        if rows.fieldnames is None or not {"site_id", "blanks"} <= set(rows.fieldnames):
            raise InvalidInput([Problem(location=f"{path}:1",
                                        message="the header must name site_id and blanks")])
        for number, row in enumerate(rows, start=2):
            site_id = (row.get("site_id") or "").strip()
            text = (row.get("blanks") or "").strip()
            where = f"{path}:{number}"
            if not site_id:
                problems.append(Problem(location=f"{where} site_id", message="is empty"))
                continue
            if site_id in pins:
                problems.append(Problem(location=f"{where} site_id",
                                        message=f"site '{site_id}' is listed twice"))
                continue
            if not text.isdigit() or int(text) > MAX_BLANKS:
                problems.append(Problem(
                    location=f"{where} blanks",
                    message=f"must be a whole number from 0 to {MAX_BLANKS:,}, got {text!r}"))
                continue
            pins[site_id] = int(text)
    if problems:
        raise InvalidInput(problems)
    return pins


@app.command("evaluate")
def evaluate_shipments(
    blanks: BlanksOpt,
    shipments: Annotated[Path, typer.Option(
        "--shipments", help="CSV of site_id,blanks: the shipments you fix (some or all).")],
    dataset: DatasetOpt = None,
    data: DataOpt = None,
    max_travel_km: MaxTravelOpt = None,
    reserve: ReserveOpt = 0,
    lot_size: LotSizeOpt = 1,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the plan JSON here.")]
    = None,
    lang: LangOpt = None,
) -> None:
    """Plan around your own shipments and show what they cost against the optimal plan."""
    from pydantic import ValidationError

    from optimizer.cli.plan import _print_kpis, _write_outputs
    from optimizer.engine.pins import price_pins
    from optimizer.i18n import localize_plan
    from optimizer.schema import InvalidInput, Policy, Shipment, problems_from

    language = _language(lang)
    try:
        instance, suggested, _ = _instance(dataset, data, lang=language)
        pins = read_shipments(shipments)
        policy = Policy(max_travel_km=_travel_limit(max_travel_km, suggested), reserve=reserve,
                        lot_size=lot_size, pinned_shipments=pins)
        priced = price_pins(instance, Shipment(blanks=blanks), policy)
    except ValidationError as error:
        _fail_invalid(InvalidInput(problems_from(error)), language)
    except InvalidInput as error:
        _fail_invalid(error, language)
    plan = localize_plan(priced.plan, language)
    console.print(f"[bold]Your shipments[/] ({len(pins)} sites pinned)")
    _print_kpis(plan, policy)
    if priced.cost is not None:
        _print_cost(priced.cost)
    _write_outputs(instance, plan, policy, json_path, None, None, language)
    raise typer.Exit(EXIT_INFEASIBLE if plan.status == "infeasible" else EXIT_OK)


def _print_cost(cost: PlanCost) -> None:
    from rich.table import Table

    table = Table(title="Cost of your shipments against the optimal plan")
    table.add_column("figure")
    table.add_column("cost", justify="right")
    for tier, cards in cost.cards_by_tier.items():
        table.add_row(f"{tier} cards fewer", f"{cards:,}")
    for tier, share in cost.coverage_min_by_tier.items():
        table.add_row(f"{tier} lowest district coverage, points lower",
                      "-" if share is None else f"{100 * share:.2f}")
    table.add_row("resident-km more", f"{cost.resident_km:,.3f}")
    table.add_row("blanks stranded more", f"{cost.blanks_stranded:,}")
    console.print(table)
