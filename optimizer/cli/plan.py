"""`blanko plan` and `blanko datasets`: one shipment planned, the bundled data listed.

No `from __future__ import annotations` here: Typer reads each command's parameters
with typing.get_type_hints, which compiles and evaluates every annotation written as a
string (two dozen options, at every start); written as objects, they are read as they
are. The command's body is optimizer.cli.planning.run_plan, which
optimizer.cli.launch also calls without Typer.
"""

from pathlib import Path
from typing import Annotated

import typer

from optimizer.cli.base import Done
from optimizer.cli.common import (
    BlanksOpt,
    DataOpt,
    DatasetOpt,
    FloatRange,
    LangOpt,
    LocaleOpt,
    LotSizeOpt,
    MaxTravelOpt,
    ReserveOpt,
    TiersOpt,
    _language,
    app,
    console,
)

# Re-exported: evaluate and the tests import them here.
from optimizer.cli.planning import DISTRICT_ROWS as DISTRICT_ROWS
from optimizer.cli.planning import WORST_SHOWN as WORST_SHOWN
from optimizer.cli.planning import _print_coverage_summary as _print_coverage_summary
from optimizer.cli.planning import _print_districts as _print_districts
from optimizer.cli.planning import _print_figures as _print_figures
from optimizer.cli.planning import _print_kpis as _print_kpis
from optimizer.cli.planning import _write_outputs as _write_outputs
from optimizer.cli.planning import run_plan as run_plan


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
    time_limit: Annotated[float, typer.Option(
        click_type=FloatRange(0.0, 3600.0, min_open=True),  # Policy.time_limit_s
        help="Work budget in seconds, spent as deterministic work (1,000 rounds of equity "
             "filling per second; CP-SAT deterministic time for lots), not wall time: the "
             "same input gives the same plan under any load. A plan cut short is "
             "'feasible'.")] = 10.0,
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
    horizon_json: Annotated[Path | None, typer.Option(
        "--horizon-json", help="With --schedule: write the horizon here (JSON: periods, "
                               "every office's shipment per shipping period, provisional "
                               "or not, resident-days waiting).")] = None,
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
    try:
        run_plan(blanks=blanks, dataset=dataset, data=data, max_travel_km=max_travel_km,
                 reserve=reserve, lot_size=lot_size, equity=equity, time_limit=time_limit,
                 json_path=json_path, csv_dir=csv_dir, xlsx_path=xlsx_path, quiet=quiet,
                 schedule=schedule, horizon_json=horizon_json, all_districts=all_districts,
                 locale=locale, tiers=tiers, lang=lang, save=save, label=label, db=db)
    except Done as done:
        raise typer.Exit(done.code) from None


@app.command("datasets")
def list_datasets(lang: LangOpt = None) -> None:
    """List the bundled datasets."""
    from optimizer.cli.tables import fitted_tables, terminal_width
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say
    from optimizer.io import datasets

    language = _language(lang)
    rows = []
    for name in datasets.names():
        if name == "synthetic-national":
            rows.append([name, say(language, cli.ABOUT, count=cli.grouped(7_300, language)),
                         say(language, cli.ABOUT, count=cli.grouped(84_000, language)),
                         ", ".join(cli.tier(t, language) for t in ("first_time", "replacement")),
                         say(language, cli.SEEDED), "optimizer.io.datasets.synthetic"])
            continue
        ds = datasets.load(name)
        inst = ds.instance
        backlog = sum(sum(a.backlog.values()) for a in inst.areas)
        rows.append([name, cli.grouped(len(inst.sites), language),
                     cli.grouped(len(inst.areas), language),
                     ", ".join(cli.tier(t, language) for t in inst.tiers),
                     cli.grouped(backlog, language), ds.source or "-"])
    headings = [say(language, column) for column in (
        cli.NAME, cli.SITES, cli.AREAS, cli.TIERS, cli.TOTAL_BACKLOG, cli.SOURCE)]
    # Laid out for the terminal (optimizer/cli/tables.py): it was 120 columns wide in an
    # 80 or 100-column terminal; the tiers and the source wrap between words, no count is
    # cut, and what does not fit goes on in a second table with the name again first.
    # The headings keep their one line before the long source text takes the rest.
    width = terminal_width(console.width)
    for table in fitted_tables(say(language, cli.DATASETS), headings, rows, width,
                               words={3, 5}, headings_first=True):
        console.print(table, width=width)
