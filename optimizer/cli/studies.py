"""`blanko compare` and `blanko replay`: policies side by side, and over many shipments."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from optimizer.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    REPLICATIONS_MAX,
    SEED_MAX,
    BlanksOpt,
    DataOpt,
    DatasetOpt,
    FloatRange,
    IntRange,
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
    from optimizer.schema import Instance
    from optimizer.studies import registry as policy_lib
    from optimizer.studies import replay as replay_lib
    from optimizer.studies.metrics import TierFairness


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
    hosts: Annotated[bool, typer.Option(
        help="Serve a kecamatan whose office cannot print at its host office, as listed in "
             "the dataset's hosts.csv (bundled datasets only), as replay does.")] = True,
    lang: LangOpt = None,
) -> None:
    """Compare allocation policies on one shipment: one row per policy."""
    from pydantic import ValidationError

    from optimizer.i18n import cli
    from optimizer.schema import InvalidInput, Policy, Shipment, problems_from
    from optimizer.studies import registry as policy_lib

    language = _language(lang)
    try:
        from optimizer.io.exports import check_output_paths

        check_output_paths(json_path, inputs=[("--data", data)])
        instance, suggested, _ = _instance(dataset, data, lang=language)
        policy = Policy(max_travel_km=_travel_limit(max_travel_km, suggested),
                        reserve=reserve, lot_size=lot_size)
        results = policy_lib.compare(instance, Shipment(blanks=blanks), policy,
                                     _policy_names(policies),
                                     hosts=_host_sites(instance, dataset, hosts))
    except ValidationError as error:
        _fail_invalid(InvalidInput(problems_from(error)), language)
    except InvalidInput as error:
        _fail_invalid(error, language)
    _print_comparison(results, instance.tiers, language)
    if json_path:
        from optimizer.io.strict_json import strict_dumps

        # An infeasible plan's metrics would be its zeros: null, beside its status.
        rows = [{"policy": c.policy, "status": c.plan.status, "valid": c.evaluation.valid,
                 "violations": [v.model_dump(mode="json") for v in c.evaluation.violations],
                 "metrics": None if c.plan.status == "infeasible"
                 else c.metrics.model_dump(mode="json"),
                 "plan": c.plan.model_dump(mode="json")} for c in results]
        from optimizer.io.exports import atomic_file

        with atomic_file(json_path) as stream:  # complete or not there, as every output
            stream.write(strict_dumps({"blanks": blanks, "policy": policy.model_dump(
                mode="json"), "policies": rows}, indent=1) + "\n")
        console.print(cli.say(language, cli.COMPARISON_WRITTEN, path=str(json_path)),
                      markup=False)
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
    replications: Annotated[int, typer.Option(
        help="Independent replications.", click_type=IntRange(1, REPLICATIONS_MAX))] = 10,
    seed: Annotated[int, typer.Option(help="Seed of every random draw.",
                                      click_type=IntRange(0, SEED_MAX))] = 0,
    policies: Annotated[list[str] | None, typer.Option(
        "--policies", help="Policies to replay, comma-separated or repeated (default: all).")]
    = None,
    max_travel_km: MaxTravelOpt = None,
    arrivals_per_day: Annotated[float, typer.Option(
        help="New applicants a working day (Palembang 2017: 250-300 suket a day).",
        click_type=FloatRange(0.0, 1e6))] = 250.0,
    failure_prob: Annotated[float, typer.Option(
        help="Chance that a working printer fails on a given day.",
        click_type=FloatRange(0.0, 1.0))] = 0.02,
    repair_days: Annotated[int, typer.Option(
        help="A failed printer is down 1 to this many working days.",
        click_type=IntRange(1, 365))] = 10,
    one_shipment: Annotated[int | None, typer.Option(
        click_type=IntRange(0, 10**9),
        help="Blanks of the report's one-shipment comparison on the initial state "
             "(default: the first tranche of replication 1).")] = None,
    release: Annotated[str | None, typer.Option(
        help="The Ministry's 'more released when stock runs low': e.g. "
             "'below=5000,blanks=10000,lead=5' (blanks arrive lead working days after the "
             "city's stock ends a day below `below`).")] = None,
    hosts: Annotated[bool, typer.Option(
        help="Serve a kecamatan whose office cannot print at its host office, as listed in "
             "the dataset's hosts.csv (bundled datasets only).")] = True,
    lang: LangOpt = None,
) -> None:
    """Replay a schedule of shipments day by day under each policy; write a report."""
    from pydantic import ValidationError
    from rich.progress import Progress

    from optimizer.i18n import cli
    from optimizer.io import datasets
    from optimizer.schema import InvalidInput, Policy, problems_from
    from optimizer.studies import replay as replay_lib
    from optimizer.studies.report import headline_table, write_report

    language = _language(lang)
    try:
        instance, suggested, _ = _instance(dataset, data, lang=language)
        policy = Policy(max_travel_km=_travel_limit(max_travel_km, suggested))
        host_sites = _host_sites(instance, dataset, hosts)
        config = replay_lib.ReplayConfig(
            schedule=_schedule(schedule), policies=_policy_names(policies),
            replications=replications, seed=seed, arrivals_per_day=arrivals_per_day,
            failure_prob=failure_prob, repair_days=repair_days, one_shipment=one_shipment,
            hosts=tuple(sorted(host_sites.items())),
            release=replay_lib.parse_release(release) if release else None)
        from optimizer.io.exports import check_output_paths

        check_output_paths(folders=[("--out", out)], inputs=[("--data", data)])
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(cli.say(language, cli.REPLAYING),
                                     total=replications * len(config.policies))
            result = replay_lib.replay(instance, policy, config,
                                       lambda name, r: progress.advance(task))
    except ValidationError as error:
        _fail_invalid(InvalidInput(problems_from(error)), language)
    except InvalidInput as error:
        _fail_invalid(error, language)
    title = datasets.load(dataset).title if dataset else str(data)
    command = _replay_command(dataset, data, schedule, config, out, max_travel_km)
    if not hosts:
        command = command.replace(" --out ", " --no-hosts --out ")
    path = write_report(result, out, title, command, language)
    console.print("\n".join(headline_table(result, language)), markup=False, soft_wrap=True)
    console.print(cli.say(language, cli.REPORT_WRITTEN, path=str(path)), markup=False)
    raise typer.Exit(EXIT_OK)


def _host_sites(instance: Instance, dataset: str | None, hosts: bool) -> dict[str, str]:
    """The host offices `compare` and `replay` serve a printerless kecamatan at: the
    library's `studies.hosts.dataset_hosts` (as the service's comparisons and replay
    jobs), none with --no-hosts or --data."""
    from optimizer.studies.hosts import dataset_hosts

    return dataset_hosts(instance, dataset) if hosts else {}


def _policy_names(values: list[str] | None) -> tuple[str, ...]:
    from optimizer.studies import registry as policy_lib

    if not values:
        return tuple(policy_lib.POLICIES)
    names = tuple(n.strip() for v in values for n in v.split(",") if n.strip())
    for name in names:
        policy_lib.get(name)
    policy_lib.check_distinct(names, "--policies")
    return names


def _schedule(text: str) -> replay_lib.Schedule:
    from optimizer.schema import InvalidInput, Problem
    from optimizer.studies import replay as replay_lib

    path = Path(text)
    if "=" not in text and path.is_file():
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark.
        return replay_lib.parse_schedule_csv(path.read_text(encoding="utf-8-sig"),
                                             source=path.name)
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

    from optimizer.studies import registry as policy_lib
    from optimizer.studies import replay as replay_lib

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
    if config.release is not None:
        r = config.release
        parts += ["--release", f"below={r.below},blanks={r.blanks},lead={r.lead}"]
    return shlex.join([*parts, "--out", str(out)])


def _kelurahan_cell(fair: TierFairness, lang: str) -> str:
    """A tier's least kelurahan coverage / its kelurahan with no card: '26.6% / 0'."""
    from optimizer.i18n import cli

    least = "-" if fair.area_coverage_min is None else cli.percent(fair.area_coverage_min,
                                                                    lang)
    return f"{least} / {cli.grouped(fair.areas_without_cards, lang)}"


def _print_comparison(results: list[policy_lib.Comparison], tiers: tuple[str, ...],
                      lang: str = "en") -> None:
    """One row per policy, headings, names and figures in `lang` (optimizer.i18n.cli),
    fitted to the terminal (optimizer.cli.tables): never a figure cut to '20,0…'."""
    from optimizer.i18n import cli
    from optimizer.i18n.cli import say

    columns = [say(lang, cli.POLICY),
               *(say(lang, cli.TIER_CARDS, tier=cli.tier(t, lang)) for t in tiers),
               *(say(lang, c) for c in (cli.COVERAGE_SPAN,)),
               *(say(lang, cli.KELURAHAN_FLOOR, tier=cli.tier(t, lang)) for t in tiers),
               "Gini", "Jain",
               *(say(lang, c) for c in (cli.STRANDED, cli.KEPT_CENTRAL, cli.KM_MEAN,
                                        cli.KM_P95, cli.KM_MAX, cli.NO_CARDS, cli.VALID))]
    rows: list[list[str]] = []
    for c in results:
        if c.plan.status == "infeasible":
            # Its zeros are no figures (nothing is shipped): a dash, and the reason below.
            rows.append([cli.policy(c.policy, lang), *("—" for _ in columns[1:-1]),
                         cli.word("status", c.plan.status, lang)])
            continue
        m = c.metrics
        fair = m.fairness[tiers[0]]
        span = ("-" if fair.coverage_min is None or fair.coverage_max is None
                else f"{cli.percent(fair.coverage_min, lang)}-"
                     f"{cli.percent(fair.coverage_max, lang)}")
        rows.append([
            cli.policy(c.policy, lang), *(cli.grouped(m.cards_by_tier[t], lang) for t in tiers),
            span, *(_kelurahan_cell(m.fairness[t], lang) for t in tiers),
            "-" if fair.gini is None else cli.fixed(fair.gini, 3, lang),
            "-" if fair.jain is None else cli.fixed(fair.jain, 3, lang),
            cli.grouped(m.blanks_stranded, lang),
            cli.grouped(c.evaluation.kpis.blanks_kept_central, lang),
            cli.fixed(m.resident_km_mean, 2, lang),
            cli.fixed(m.resident_km_p95, 2, lang),
            cli.fixed(m.resident_km_max, 2, lang),
            cli.grouped(len(m.districts_without_cards), lang),
            say(lang, cli.YES) if c.evaluation.valid else say(lang, cli.NO)])
    from optimizer.cli.tables import fitted_layouts, terminal_width

    width = terminal_width(console.width)
    for table in fitted_layouts(say(lang, cli.POLICIES_TITLE), columns, rows, width):
        console.print(table, width=width)
    from optimizer.i18n import localize_messages

    # A host office out of reach of its hosted residents: the same warning for every
    # baseline (it depends on the hosts and the travel limit), shown once (tester qa7).
    hosted = dict.fromkeys(m.text for c in results
                           for m in localize_messages(c.plan.messages, lang)
                           if m.code == "HOST_OUT_OF_REACH")
    for text in hosted:
        console.print(text, markup=False, soft_wrap=True)
    for c in results:
        if c.plan.status == "infeasible":
            reasons = [m for m in localize_messages(c.plan.messages, lang) if m.level == "error"]
            console.print(f"{cli.policy(c.policy, lang)}: " + say(
                lang, cli.NO_FIGURES, result=cli.word("status", c.plan.status, lang)) + " "
                + " ".join(m.text for m in reasons), markup=False, soft_wrap=True)
