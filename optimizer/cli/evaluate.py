"""`blanko evaluate`: a planner's own shipments planned around and priced."""

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
    _fail_invalid,
    _instance,
    _language,
    _travel_limit,
    app,
    console,
)

if TYPE_CHECKING:
    from optimizer.schema import PlanCost

@app.command("evaluate")
def evaluate_shipments(
    blanks: BlanksOpt,
    shipments: Annotated[Path, typer.Option(
        "--shipments", help="CSV or .xlsx of site_id and blanks (kode_kantor, blangko, "
                            "...): the shipments you fix (some or all); read like --data "
                            "(docs/spreadsheets.md).")],
    dataset: DatasetOpt = None,
    data: DataOpt = None,
    max_travel_km: MaxTravelOpt = None,
    reserve: ReserveOpt = 0,
    lot_size: LotSizeOpt = 1,
    json_path: Annotated[Path | None, typer.Option(
        "--json", help="Write the plan JSON here (as `blanko plan --json`; the cost against "
                       "the optimal plan: --cost-json).")] = None,
    cost_json: Annotated[Path | None, typer.Option(
        "--cost-json", help="Write the cost against the optimal plan here (JSON: "
                            "cards_by_tier, coverage_min_by_tier, resident_km, "
                            "blanks_stranded; null when the plan is infeasible).")] = None,
    lang: LangOpt = None,
    locale: LocaleOpt = None,
) -> None:
    """Plan around your own shipments and show what they cost against the optimal plan."""
    from pydantic import ValidationError

    from optimizer.cli.plan import _print_kpis, _write_outputs
    from optimizer.engine.pins import price_pins
    from optimizer.i18n import cli, localize_plan
    from optimizer.io.exports import check_output_paths
    from optimizer.schema import InvalidInput, Policy, Shipment, problems_from

    language = _language(lang)
    try:
        # Before the solve: an unwritable output is one line, not a traceback after it.
        check_output_paths(json_path, files=[("--cost-json", cost_json)],
                           inputs=[("--data", data), ("--shipments", shipments)])
        # --locale reads --shipments too: it goes to --data only where --data has text
        # numbers (a folder or an .xlsx; a .json instance refuses a locale).
        data_locale = locale if data is not None and data.suffix.lower() != ".json" else None
        instance, suggested, _ = _instance(dataset, data, data_locale, lang=language)
        pins = _read_pins(shipments, locale, language,
                          [(s.site_id, s.name, s.district_id) for s in instance.sites],
                          {d.district_id: d.name for d in instance.districts if d.name})
        policy = Policy(max_travel_km=_travel_limit(max_travel_km, suggested), reserve=reserve,
                        lot_size=lot_size, pinned_shipments=pins)
        priced = price_pins(instance, Shipment(blanks=blanks), policy)
    except ValidationError as error:
        _fail_invalid(InvalidInput(problems_from(error)), language)
    except InvalidInput as error:
        _fail_invalid(error, language)
    plan = localize_plan(priced.plan, language)
    console.print(f"[bold]{cli.say(language, cli.YOURS)}[/] "
                  f"({_sites_pinned(len(pins), language)})")
    _print_kpis(plan, policy, language)
    if priced.cost is not None:
        _print_cost(priced.cost, language)
    _write_outputs(instance, plan, policy, json_path, None, None, language, priced.plan)
    if cost_json is not None:
        text = "null" if priced.cost is None else priced.cost.model_dump_json(indent=2)
        from optimizer.io.exports import atomic_file

        with atomic_file(cost_json) as stream:  # complete or not there, as every output
            stream.write(text + "\n")
        console.print(cli.say(language, cli.COST_WRITTEN, path=str(cost_json)))
    raise typer.Exit(EXIT_INFEASIBLE if plan.status == "infeasible" else EXIT_OK)


def _print_cost(cost: PlanCost, lang: str = "en") -> None:
    """The pinned plan's cost against the optimal one, headings and figures in `lang`."""
    from optimizer.cli.tables import fitted_tables, terminal_width
    from optimizer.engine.wording import km, percent_places
    from optimizer.i18n import as_written, cli
    from optimizer.i18n.cli import say

    rows: list[list[str]] = []
    # Each cost is "this plan minus the optimal one" (>= 0 = worse). A negative one is
    # written as its opposite word with the size: "resident-km fewer 20,943.7", never
    # "resident-km more -20,943.7".
    for tier, cards in cost.cards_by_tier.items():
        rows.append([say(lang, cli.CARDS_FEWER if cards >= 0 else cli.CARDS_MORE,
                         tier=cli.tier(tier, lang)), cli.grouped(abs(cards), lang)])
    for tier, share in cost.coverage_min_by_tier.items():
        rows.append([say(lang, cli.COVERAGE_LOWER if share is None or share >= 0
                         else cli.COVERAGE_HIGHER, tier=cli.tier(tier, lang)),
                     "-" if share is None else cli.fixed(
                         100 * abs(share), percent_places(100 * share, 2, level=False), lang,
                         group=False)])
    rows.append([say(lang, cli.KM_MORE if cost.resident_km >= 0 else cli.KM_FEWER),
                 # km as every km of the CLI (one decimal, two below 0.05):
                 # three decimals read as thousands to an Indonesian reader.
                 as_written(km(abs(cost.resident_km)), lang)])
    rows.append([say(lang, cli.STRANDED_MORE if cost.blanks_stranded >= 0
                     else cli.STRANDED_FEWER), cli.grouped(abs(cost.blanks_stranded), lang)])
    # Laid out for the terminal (optimizer/cli/tables.py): it was 120 columns wide in an
    # 80 or 100-column terminal; a figure's words wrap, the figure is never cut.
    width = terminal_width(console.width)
    for table in fitted_tables(say(lang, cli.COST_TITLE),
                               [say(lang, cli.FIGURE), say(lang, cli.COST)], rows, width):
        console.print(table, width=width)
    fewer_cards = sum(c for c in cost.cards_by_tier.values() if c > 0)
    if cost.resident_km < 0 and fewer_cards > 0:
        console.print("[yellow]" + say(lang, cli.NOTE) + "[/] " + say(
            lang, cli.FEWER_CARDS_NOTE, cards=cli.grouped(fewer_cards, lang)), soft_wrap=True)


def _read_pins(path: Path, locale: str | None, lang: str,
               offices: list[tuple[str, str | None, str]],
               kecamatan: dict[str, str] | None = None) -> dict[str, int]:
    """The --shipments file read (optimizer.io.shipments); how it was read goes to stderr.

    InvalidInput naming the file, row and column of each site that is not in `offices`
    (site_id, name, district_id; a file of names is read by name: io.shipments.pins_for;
    kecamatan codes for office ids are said as such: io.files.district_as_site)
    (the library would only name policy.pinned_shipments.<id>)."""
    from optimizer.cli.common import errors
    from optimizer.i18n import translate
    from optimizer.i18n.notes import READ, notes_text
    from optimizer.io.files import district_as_site
    from optimizer.io.grouping import CellIssue, group
    from optimizer.io.plausible import office_name_key
    from optimizer.io.shipments import kecamatan_offices, pins_for, read_shipments
    from optimizer.schema import InvalidInput, Problem, similar_id

    if locale is not None and locale not in ("id", "en"):
        raise InvalidInput([Problem(location="--locale",
                                    message=f"must be id or en, got '{locale}'")])
    read = read_shipments(path, "id" if locale == "id" else "en" if locale == "en" else None)
    in_kecamatan: dict[str, list[str]] = {}
    for site_id, _, district in offices:
        in_kecamatan.setdefault(district, []).append(site_id)
    named = {name: ", ".join(in_kecamatan[d]) for d, name in (kecamatan or {}).items()
             if d in in_kecamatan}
    pins, notes = pins_for(read, [(site_id, name) for site_id, name, _ in offices], named)
    line = translate(lang, "cli", READ)
    for note in notes_text(read.notes + notes, lang):
        errors.print(line.replace("{note}", note), soft_wrap=True, markup=False)
    sites = {site_id for site_id, _, _ in offices}
    unknown = [site for site in pins if site not in sites]
    districts = [(site_id, district) for site_id, _, district in offices]
    said = [district_as_site(site, districts) for site in unknown]
    if unknown and None not in said:
        # Every unknown site a kecamatan's code (16.71.01 for KEC-16.71.01, qa11a).
        raise InvalidInput(group(
            CellIssue(read.source, read.site_column, read.rows.get(site), "district_as_site",
                      words[0], repr(site), fix=words[1])
            for site, words in sorted(zip(unknown, said, strict=True),
                                      key=lambda pair: read.rows.get(pair[0], 0))
            if words is not None))
    if unknown:

        def fix(site: str) -> str:
            same = similar_id(site, sites)
            if same is not None:
                return f"write the id as the sites table writes it: {same}"
            office = [i for i, name, _ in offices if name and office_name_key(name)
                      == office_name_key(site)]
            if len(office) == 1:  # an office's name among ids (tester qa11a)
                return f"'{site}' is an office's name: write its id, {office[0]}"
            offices_in = kecamatan_offices(site, named)
            if offices_in:  # 'Ilir Barat II' for KEC-16.71.01 (tester qa11a)
                return (f"'{site}' is a kecamatan's name: write its office's id from the sites "
                        f"table ({offices_in})")
            return "use the site ids of the sites table"

        raise InvalidInput([
            Problem(location=f"{read.source} row {read.rows[site]}, column {read.site_column}"
                    if site in read.rows else read.source,
                    message=_unknown_site(site, sites), fix=fix(site))
            for site in sorted(unknown, key=lambda s: read.rows.get(s, 0))])
    return pins


def _unknown_site(site: str, sites: set[str]) -> str:
    """'unknown site ...', with the site it is but for letter case, invisible characters or
    the form of its characters ('kec-16.71.01': did you mean KEC-16.71.01?, tester qa5):
    named, never read as that site (ids are read as written, as in the tables)."""
    from optimizer.schema import unknown_id

    return unknown_id("site", site, sites)


def _sites_pinned(count: int, lang: str = "en") -> str:
    from optimizer.i18n import cli

    if count == 1:
        return cli.say(lang, cli.ONE_PINNED)
    return cli.say(lang, cli.PINNED, count=cli.grouped(count, lang))
