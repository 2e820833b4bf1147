"""The body of `blanko plan`, and its tables and figures, without Typer.

optimizer.cli.plan declares the command's options for Typer and calls `run_plan`;
optimizer.cli.launch calls it without Typer for a plan of a bundled dataset (no Typer to
import, no Click command to make: ~30 ms of the process). It ends by raising
optimizer.cli.base.Done with the exit code, which the Typer command turns into Typer's
Exit.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from optimizer.cli.base import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    Done,
    Lang,
    _instance,
    _language,
    _travel_limit,
    console,
    fail_invalid,
    paused_gc,
)

if TYPE_CHECKING:
    from optimizer.schema import Instance, Plan, Policy

# Above this many districts the plan prints a summary and the worst districts; --all
# prints every one (a 240-row rich table took ~0.45 s to print).
DISTRICT_ROWS = 40
WORST_SHOWN = 15


def run_plan(*, blanks: int, dataset: str | None = None, data: Path | None = None,
             max_travel_km: float | None = None, reserve: int = 0, lot_size: int = 1,
             equity: bool = True, time_limit: float = 10.0, json_path: Path | None = None,
             csv_dir: Path | None = None, xlsx_path: Path | None = None, quiet: bool = False,
             schedule: str | None = None, horizon_json: Path | None = None,
             all_districts: bool = False, locale: str | None = None, tiers: str | None = None,
             lang: Lang | None = None, save: bool = False, label: str | None = None,
             db: str | None = None) -> None:
    """Plan one shipment (`blanko plan`, whose options these are): print and write it,
    then raise Done with the exit code."""
    if schedule is None and "numpy" not in sys.modules:
        # One shipment's solve calls no BLAS routine (its matrix products are of integers,
        # which numpy computes itself): no pool of BLAS threads, one per core, started
        # when numpy loads (~25 ms CPU of this command on 2 cores, more on a server's
        # dozens). A value the planner set is kept; --schedule's lookahead keeps the pool.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    with paused_gc():  # start-up: these modules live until the process ends
        from pydantic import ValidationError

        from optimizer.engine.solve import solve
        from optimizer.i18n import cli
        from optimizer.i18n.cli import say
        from optimizer.io.exports import check_output_paths
        from optimizer.schema import InvalidInput, Policy, Problem, Shipment, problems_from

    language = _language(lang)
    instance = None
    try:
        if horizon_json is not None and schedule is None:
            raise InvalidInput([Problem(location="--horizon-json", message=(
                "writes the horizon of a plan ahead: give --schedule too"))])
        if label is not None:
            from optimizer.schema import text_problems

            if text_problems("--label", label):  # a NUL, an escape: the store refuses it
                raise InvalidInput(text_problems("--label", label))
        if save and schedule is not None:
            raise InvalidInput([Problem(location="--save", message=(
                "keeps a plan of one shipment, which `blanko plans verify` re-solves; "
                "a --schedule (lookahead) plan cannot be kept yet"),
                fix="leave out --schedule to keep the plan of this shipment alone, or leave out "
                    "--save to plan ahead without keeping it")])
        # Before the solve: an unwritable output is one line, not a traceback after it.
        check_output_paths(json_path, csv_dir, xlsx_path,
                           files=[("--horizon-json", horizon_json)],
                           inputs=[("--data", data), ("--schedule", Path(schedule) if (
                               schedule is not None and "=" not in schedule) else None)])
        instance, suggested, estimated = _instance(dataset, data, locale, tiers, language)
        if dataset is not None:  # its listed name, in the notes and the plan kept
            from optimizer.io import datasets

            dataset = datasets.canonical(dataset) or dataset
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
        fail_invalid(InvalidInput(problems_from(error)), language)
    except InvalidInput as error:
        if instance is not None and data is not None:  # a problem of a row of the files
            from optimizer.io.files import located

            error = located(error, instance)
        fail_invalid(error, language)
    if estimated:
        fields = ', '.join(sorted({c.split('.')[-1] for c in estimated}))
        console.print(f"[yellow]{say(language, cli.NOTE)}[/] " + (
            say(language, cli.ESTIMATED_ALL, dataset=str(dataset)) if "all" in estimated
            else say(language, cli.ESTIMATED, dataset=str(dataset), fields=fields)))
    if not quiet:
        _print_districts(instance, result, all_districts, language, policy)
    _print_kpis(result, policy, language)
    if horizon is not None:
        from optimizer.cli.horizon import print_horizon

        now = {line.site_id: line.blanks for line in result.shipments}
        print_horizon(horizon, periods, now, language)
    if horizon_json is not None:
        from optimizer.io.exports import atomic_file
        from optimizer.studies.lookahead import horizon_record

        # No horizon (an infeasible plan ships nothing): null, as --cost-json writes for
        # an infeasible plan; nothing written left the file of an earlier run in place,
        # read as this one's (tester qa10). Complete or not there, as every output.
        with atomic_file(horizon_json) as stream:
            stream.write("null\n" if horizon is None else horizon_record(
                horizon, periods, now).model_dump_json(indent=2) + "\n")
        console.print(say(language, cli.HORIZON_WRITTEN, path=str(horizon_json)))
    _write_outputs(instance, result, policy, json_path, csv_dir, xlsx_path, language,
                   library_plan)
    if save:
        from optimizer.cli import store

        kept = store.keep(db, dataset=dataset, instance=instance, shipment=Shipment(
            blanks=blanks), policy=policy, result=library_plan, label=label, lang=language)
        console.print(say(language, cli.KEPT, id=str(kept.id)))
        if result.status == "infeasible":
            console.print("[red]" + say(language, cli.KEPT_NOT_APPROVABLE, result=cli.word(
                "status", result.status, language)) + "[/]")
    raise Done(EXIT_INFEASIBLE if result.status == "infeasible" else EXIT_OK)


def _print_districts(instance: Instance, result: Plan, every: bool = False,
                     lang: str = "en", policy: Policy | None = None) -> None:
    """The plan by district: every one, or above DISTRICT_ROWS a summary and the worst,
    headings and figures in `lang` (optimizer.i18n.cli)."""
    from optimizer.cli.tables import fitted_layouts, terminal_width
    from optimizer.engine.kpis import central_sites, district_limits
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say

    if not result.districts:
        return
    names = {d.district_id: d.name for d in instance.districts}
    blanks_by_district: dict[str, int] = {}
    # The central office's own printers serve every kecamatan: not in its kecamatan's row
    # (said below the table), as its blanks are no kecamatan's (tester qa11a).
    central = central_sites(instance)
    for site in result.sites:
        if site.site_id not in central:
            blanks_by_district[site.district_id] = blanks_by_district.get(
                site.district_id, 0) + site.blanks
    rows: dict[str, list[str]] = {}
    limits = district_limits(result)  # every tier's residents, not only the first's
    first: dict[str, float | None] = {}
    exact: dict[str, float | None] = {}
    for line in result.districts:
        # Shown from the counts, not the plan's coverage rounded to 6 decimals: one
        # resident of 3,000,000 still waiting is not 'fully served' (1.0 rounded).
        share = None if line.coverage is None or not line.backlog else \
            line.served / line.backlog
        cov = "-" if share is None else cli.percent(share, lang)
        rows.setdefault(line.district_id, []).extend(
            [cli.grouped(line.backlog, lang), cli.grouped(line.served, lang), cov])
        if line.tier == result.tiers[0]:
            first[line.district_id] = line.coverage
            exact[line.district_id] = share
    shown = list(rows)
    title = say(lang, cli.BY_DISTRICT)
    if len(rows) > DISTRICT_ROWS and not every:
        _print_coverage_summary(result.tiers[0], exact, lang)
        # Lowest first-tier coverage first (ties by id); districts without backlog last.
        shown = sorted((d for d in rows if first.get(d) is not None),
                       key=lambda d: (first[d], d))[:WORST_SHOWN]
        title = say(lang, cli.WORST, count=str(len(shown)),
                    tier=cli.tier(result.tiers[0], lang), total=cli.grouped(len(rows), lang))
    headings = [say(lang, cli.DISTRICT), say(lang, cli.NAME)]
    for tier in result.tiers:
        name = cli.tier(tier, lang)
        headings += [say(lang, cli.TIER_BACKLOG, tier=name), say(lang, cli.TIER_CARDS, tier=name),
                     say(lang, cli.COVERAGE)]
    headings += [say(lang, cli.BLANKS_TO_OFFICES), say(lang, cli.LIMIT)]
    table_rows = [[district_id, names.get(district_id, ""), *rows[district_id],
                   cli.grouped(blanks_by_district.get(district_id, 0), lang),
                   cli.word("reason", limits[district_id], lang)] for district_id in shown]
    # Laid out for the terminal (optimizer/cli/tables.py): no name, heading or figure cut
    # at 80 columns; columns that do not fit go on in a second table.
    width = terminal_width(console.width)
    for table in fitted_layouts(title, headings, table_rows, width, left=2,
                                words={len(headings) - 1}):
        console.print(table, width=width)
    for site in result.sites:
        if site.site_id in central:
            console.print(say(lang, cli.CENTRAL_BLANKS, site=site.site_id,
                              district=site.district_id,
                              blanks=cli.grouped(site.blanks, lang)), soft_wrap=True)


def _print_coverage_summary(tier: str, coverage: dict[str, float | None],
                            lang: str = "en") -> None:
    """How the districts' coverage of one tier is spread, in one line (in `lang`)."""
    from optimizer.i18n import cli

    values = sorted(c for c in coverage.values() if c is not None)
    if not values:
        return
    full = sum(1 for c in values if c >= 1.0)
    none = sum(1 for c in values if c <= 0.0)
    median = values[len(values) // 2] if len(values) % 2 else \
        (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
    console.print(cli.say(
        lang, cli.SPREAD, districts=cli.grouped(len(coverage), lang),
        with_backlog=cli.grouped(len(values), lang), tier=cli.tier(tier, lang),
        low=cli.percent(values[0], lang), median=cli.percent(median, lang),
        high=cli.percent(values[-1], lang), full=cli.grouped(full, lang),
        none=cli.grouped(none, lang)))


def _print_kpis(result: Plan, policy: Policy, lang: str = "en") -> None:
    """Status, solver and the plan's KPIs, then its messages (already in `lang`)."""
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say

    console.print(f"[bold]{say(lang, cli.STATUS)}[/] " + say(
        lang, cli.SOLVER, status=cli.word("status", result.status, lang),
        version=result.solver.version,
        ms=cli.fixed(result.solver.seconds * 1000, 1, lang, group=False)))
    if result.status == "infeasible":
        # An infeasible plan ships nothing: its zeros are no figures (a tester read
        # "resident-km 0.0" as a result). Say so, and let its messages give the reason.
        console.print("  " + say(lang, cli.NO_FIGURES,
                                 result=cli.word("status", result.status, lang)))
        k = result.kpis  # the one true figure: nothing ships, every blank stays central
        console.print("  " + say(lang, cli.BLANKS_LINE,
                                 shipped=cli.grouped(k.blanks_shipped, lang),
                                 central=cli.grouped(k.blanks_kept_central, lang),
                                 stranded=cli.grouped(k.blanks_stranded, lang)))
    else:
        _print_figures(result, lang)
    for message in result.messages:
        style = {"warning": "yellow", "error": "red"}.get(message.level, "dim")
        console.print(f"  [{style}]{message.code}[/]: {message.text}", soft_wrap=True)


def _print_figures(result: Plan, lang: str) -> None:
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say

    k = result.kpis
    for tier in result.tiers:
        lo, hi = k.coverage_min_by_tier[tier], k.coverage_max_by_tier[tier]
        span = "" if lo is None or hi is None else say(
            lang, cli.SPAN, low=cli.percent(lo, lang), high=cli.percent(hi, lang))
        console.print("  " + say(lang, cli.TIER_LINE, tier=cli.tier(tier, lang),
                                 cards=cli.grouped(k.cards_by_tier[tier], lang), span=span))
    console.print("  " + say(lang, cli.BLANKS_LINE, shipped=cli.grouped(k.blanks_shipped, lang),
                             central=cli.grouped(k.blanks_kept_central, lang),
                             stranded=cli.grouped(k.blanks_stranded, lang)))
    console.print("  " + say(lang, cli.KM_LINE, total=cli.fixed(k.resident_km_total, 1, lang),
                             mean=cli.fixed(k.resident_km_mean, 2, lang),
                             max=cli.fixed(k.max_km, 2, lang)))


def _write_outputs(instance: Instance, result: Plan, policy: Policy, json_path: Path | None,
                   csv_dir: Path | None, xlsx_path: Path | None, lang: str = "en",
                   data: Plan | None = None) -> None:
    """The outputs asked for. `result` is the plan in `lang` (the report); `data` the
    library's own (English message texts), which --json and --csv write: the same
    bytes whatever --lang, BLANKO_LANG or the locale, as `blanko plans show --json`
    and GET /v1/plans/{id} give a kept plan (a message's code and params say it in
    any language)."""
    # Each writer loads its own libraries: the JSON one needs no pandas.
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say

    data = result if data is None else data
    if json_path:
        from optimizer.io.exports import write_plan_json

        write_plan_json(data, json_path)
        console.print(say(lang, cli.JSON_WRITTEN, path=str(json_path)))
    if csv_dir:
        from optimizer.io.exports import write_plan_csv

        write_plan_csv(data, csv_dir)
        console.print(say(lang, cli.CSV_WRITTEN, path=str(csv_dir)))
    if xlsx_path:
        from optimizer.io.exports import write_plan_report

        write_plan_report(result, xlsx_path, instance, policy, lang)
        console.print(say(lang, cli.XLSX_WRITTEN, path=str(xlsx_path)))
