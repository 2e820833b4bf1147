"""The sweep's report: `report.md` over every scenario, and its PNG charts.

Figures come from the stored replications only (`sweep.load_results`); nothing
here solves or simulates, and the same files give the same report, byte for byte.
Every difference is paired against the status quo (`registry.STATUS_QUO`) over the
same replications (evidence.paired).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from optimizer.io import datasets
from optimizer.studies import evidence
from optimizer.studies.palette import colour, dashed
from optimizer.studies.registry import STATUS_QUO, label
from optimizer.studies.replay import Interval, Run
from optimizer.studies.scenarios import Scenario
from optimizer.studies.sweep import Task, load_task

if TYPE_CHECKING:
    from matplotlib.axes import Axes  # type: ignore[import-not-found,unused-ignore]
    from matplotlib.figure import Figure  # type: ignore[import-not-found,unused-ignore]

DPI = 100
ENGINE = "optimal"
OFF_SCALE = ("central_only",)  # 20-30 M resident-days worse: it would squash every other bar


@dataclass(frozen=True)
class ScenarioRuns:
    scenario: Scenario
    days: int
    runs: dict[str, list[Run]]
    kecamatan: tuple[str, ...]   # names, in Network.district_ids order
    offices: tuple[str, ...]     # site ids, sorted
    office_kecamatan: tuple[int, ...]  # district index of each office
    replications: int


def collect(scenarios: Sequence[Scenario], policies: tuple[str, ...], replications: int,
            out: Path) -> list[ScenarioRuns]:
    """The stored runs of every scenario (only files matching scenario and policies)."""
    found = []
    for sc in scenarios:
        instance, _, config = sc.build(policies, replications)
        runs: dict[str, list[Run]] = {p: [] for p in policies}
        for r in range(replications):
            stored = load_task(Task(sc, policies, r), out)
            if stored is None:
                raise FileNotFoundError(f"{sc.name} replication {r} has no result in {out}")
            for name in policies:
                runs[name].append(stored[name])
        ids = sorted(instance.district_ids)
        names = {d.district_id: d.name or d.district_id for d in instance.districts}
        sites = sorted(instance.sites, key=lambda s: s.site_id)
        found.append(ScenarioRuns(sc, config.schedule.days, runs,
                                  tuple(names.get(d, d) for d in ids),
                                  tuple(s.site_id for s in sites),
                                  tuple(ids.index(s.district_id) for s in sites),
                                  replications))
    return found


def write(found: Sequence[ScenarioRuns], policies: tuple[str, ...], out: Path,
          command: str) -> Path:
    """report.md and the charts into `out`; the path of report.md."""
    _save(_forest(found, policies), out / "forest.png")
    for sr in found:
        _save(_small_multiples(sr, policies), out / f"waiting_{sr.scenario.name}.png")
        _save(_kecamatan_bars(sr, policies), out / f"kecamatan_{sr.scenario.name}.png")
    path = out / "report.md"
    path.write_text(markdown(found, policies, command), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- markdown


def markdown(found: Sequence[ScenarioRuns], policies: tuple[str, ...], command: str) -> str:
    others = [p for p in policies if p != STATUS_QUO]
    rd, ww = evidence.FIGURE["resident_days"], evidence.FIGURE["worst_wait"]
    n = found[0].replications if found else 0
    lines = [
        "# Allocation policies across scenarios: paired differences against the status quo",
        "",
        "Regenerate this report (every figure and chart) from the repository root with:",
        "",
        "```bash",
        command,
        "```",
        "",
        f"Each cell: the policy minus `{STATUS_QUO}` (the status quo, described practice), "
        f"mean over {n} replications with its 95 % interval, paired replication by "
        f"replication over the same tranches, arrivals and printer failures (common random "
        f"numbers). Negative is better. `name@rule`: the policy's shipments printed by the "
        f"shared rule, offices ignoring the plan's lists of whom to serve.",
        "",
        f"## {rd.label} ({rd.unit}), policy minus {STATUS_QUO}",
        "",
        *_grid(found, others, rd, 2),
        "",
        f"## {ww.label} ({ww.unit}), policy minus {STATUS_QUO}",
        "",
        *_grid(found, others, ww, 1),
        "",
        "## Where optimization matters, scenario by scenario",
        "",
        *[f"- **{sr.scenario.name}**: {_sentence(sr, policies)}" for sr in found],
        "",
        "![Paired differences](forest.png)",
        "",
        "## The policies",
        "",
        "| policy | what it is | source |",
        "|---|---|---|",
        *[f"| `{p}` | {label(p).kind}{' (shipments only; shared rule prints)' if dashed(p) else ''}"
          f" | {label(p).source} |" for p in policies],
        "",
        "A baseline's offices print by the shared rule every day (tier by tier, own "
        "kecamatan and hosted kecamatan first, then reachable neighbours nearest first), so "
        "its own printing *is* the shared rule. The engine's offices follow the plan's "
        "service lines first; its `@rule` column shows what its shipments give when "
        "offices do not.",
        "",
        *_replications(found, policies),
        "",
    ]
    for sr in found:
        lines += _scenario_section(sr, policies)
    lines += _method()
    return "\n".join(lines) + "\n"


def _grid(found: Sequence[ScenarioRuns], others: Sequence[str], figure: evidence.Figure,
          digits: int) -> list[str]:
    rows = [f"| scenario | {STATUS_QUO} (level) | " + " | ".join(f"`{p}`" for p in others)
            + " |", "|---|---:|" + "---:|" * len(others)]
    for sr in found:
        base = evidence.mean(sr.runs[STATUS_QUO], figure, sr.days)
        cells = [_iv(evidence.paired(sr.runs, p, STATUS_QUO, figure, sr.days), digits,
                     signed=True) for p in others]
        rows.append(f"| {sr.scenario.name} | {base.mean:,.{digits}f} | " + " | ".join(cells)
                    + " |")
    return rows


def _sentence(sr: ScenarioRuns, policies: Sequence[str]) -> str:
    """Where optimization matters in this scenario, from the paired intervals alone."""
    rd, ww = evidence.FIGURE["resident_days"], evidence.FIGURE["worst_wait"]
    if ENGINE not in policies:
        return "the engine was not run."
    parts = []
    for figure, digits in ((rd, 2), (ww, 1)):
        base = evidence.mean(sr.runs[STATUS_QUO], figure, sr.days).mean
        diff = evidence.paired(sr.runs, ENGINE, STATUS_QUO, figure, sr.days)
        call = evidence.verdict(diff, base)
        share = f"{100 * diff.mean / base:+.0f} %" if base else "n/a"
        parts.append(f"{figure.label} {_iv(diff, digits, signed=True)} {figure.unit} "
                     f"({share}): {call}")
    rule = f"{ENGINE}@rule"
    tail = ""
    if rule in policies:
        own = evidence.paired(sr.runs, ENGINE, STATUS_QUO, rd, sr.days)
        by_rule = evidence.paired(sr.runs, rule, STATUS_QUO, rd, sr.days)
        tail = (f" Printed by the shared rule, its shipments give {_iv(by_rule, 2, True)} M "
                f"resident-days against {own.mean:+.2f} M with its lists.")
    best = min((p for p in policies if p != STATUS_QUO and label(p).kind != "the engine"),
               key=lambda p: evidence.paired(sr.runs, p, STATUS_QUO, rd, sr.days).mean,
               default=None)
    if best is not None:
        tail += (f" Best baseline on resident-days: `{best}` "
                 f"({evidence.paired(sr.runs, best, STATUS_QUO, rd, sr.days).mean:+.2f} M).")
    return (f"`{ENGINE}` against `{STATUS_QUO}`: " + "; ".join(parts) + "." + tail
            + f" *Question asked*: {' '.join(sr.scenario.question.split())}")


def _replications(found: Sequence[ScenarioRuns], policies: Sequence[str]) -> list[str]:
    if ENGINE not in policies or not found:
        return []
    rd = evidence.FIGURE["resident_days"]
    rows = ["## Are the replications enough?", "",
            "Half-width of the 95 % interval of `optimal` minus the status quo, in "
            "first-time resident-days, against the status quo's level. With common random "
            "numbers the paired differences vary far less than the levels, so a half-width "
            "well under the 2 % below which a difference is called slight means more "
            "replications would not change any verdict below.", "",
            "| scenario | replications | status quo (M) | paired half-width (M) | "
            "as % of status quo | unpaired half-width of the status quo (M) |",
            "|---|---:|---:|---:|---:|---:|"]
    for sr in found:
        base = evidence.mean(sr.runs[STATUS_QUO], rd, sr.days)
        diff = evidence.paired(sr.runs, ENGINE, STATUS_QUO, rd, sr.days)
        half = _half(diff)
        rows.append(f"| {sr.scenario.name} | {sr.replications} | {base.mean:.2f} | "
                    f"{half:.3f} | {100 * half / base.mean:.2f} % | {_half(base):.3f} |")
    return rows


def _scenario_section(sr: ScenarioRuns, policies: Sequence[str]) -> list[str]:
    sc = sr.scenario
    title = datasets.load(sc.dataset).title
    lines = [f"## Scenario `{sc.name}`: {sc.title}", "",
             f"File `benchmarks/scenarios/{sc.source}`; dataset `{sc.dataset}` ({title}); "
             f"schedule `{sc.schedule}`, {sr.days} working days"
             + (f"; deadline day {sc.deadline}" if sc.deadline else "")
             + (f"; low-stock release `{sc.release}`" if sc.release else "")
             + ("; host offices from hosts.csv" if sc.hosts else "") + ".", "",
             " ".join(sc.description.split()), "",
             "| figure | unit | " + " | ".join(f"`{p}`" for p in policies) + " |",
             "|---|---|" + "---:|" * len(policies)]
    for figure in evidence.FIGURES:
        digits = 2 if figure.unit.startswith("M") else (1 if "days" in figure.unit else 0)
        cells = []
        for p in policies:
            level = evidence.mean(sr.runs[p], figure, sr.days)
            text = f"{level.mean:,.{digits}f}"
            if figure.key == "clear_day" and evidence.censored(sr.runs[p]):
                text = f">= {text} ({evidence.censored(sr.runs[p])} of {level.n} not cleared)"
            if p != STATUS_QUO:
                diff = evidence.paired(sr.runs, p, STATUS_QUO, figure, sr.days)
                text += f"<br>{_iv(diff, digits, signed=True)}"
            cells.append(text)
        lines.append(f"| {figure.label} | {figure.unit} | " + " | ".join(cells) + " |")
    lines += ["", "Second line of each cell: paired difference against the status quo, "
                  "95 % interval.", "",
              f"![First-time applicants waiting, per policy](waiting_{sc.name}.png)", "",
              f"![Mean wait per kecamatan](kecamatan_{sc.name}.png)", "",
              *_kecamatan_table(sr, policies), ""]
    return lines


def _kecamatan_table(sr: ScenarioRuns, policies: Sequence[str]) -> list[str]:
    shown = [p for p in (STATUS_QUO, ENGINE) if p in policies]
    if len(shown) < 2:
        return []
    a, b = (sr.runs[p] for p in shown)
    rows = [f"Per kecamatan, `{shown[0]}` → `{shown[1]}` (means over replications; "
            f"clearance day censored at {sr.days}; blanks and replacements at the "
            f"kecamatan's offices):", "",
            "| kecamatan | clearance day | mean wait | worst wait | without a card at the "
            "deadline | resident-km (thousand) | blanks at its offices at the end | "
            "replacements printed while first-time applicants waited |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for k, name in enumerate(sr.kecamatan):
        def per(runs: Sequence[Run], k: int = k) -> list[float]:
            clear = np.mean([sr.days if r.district_clear_day[k] < 0 else r.district_clear_day[k]
                             for r in runs])
            offices = [i for i, d in enumerate(sr.office_kecamatan) if d == k]
            return [float(clear),
                    float(np.mean([evidence.kecamatan_mean_wait(r)[k] for r in runs])),
                    float(np.mean([r.district_worst_wait[k] for r in runs])),
                    float(np.mean([r.district_without_card[k] for r in runs])),
                    float(np.mean([r.district_resident_km[k] for r in runs])) / 1e3,
                    float(np.mean([r.office_stock_end[offices].sum() for r in runs])),
                    float(np.mean([r.replacements_while_waiting[offices].sum()
                                   for r in runs]))]
        x, y = per(a), per(b)
        digits = (0, 1, 0, 0, 1, 0, 0)
        rows.append(f"| {name} | " + " | ".join(
            f"{u:,.{d}f} → {v:,.{d}f}" for u, v, d in zip(x, y, digits, strict=True)) + " |")
    return rows


def _method() -> list[str]:
    return [
        "## How the figures are made",
        "",
        "- Each replication plays the scenario's schedule day by day (optimizer/studies/"
        "replay.py): arrivals, tranches (and low-stock releases), printing, printer failures. "
        "Every plan of every tranche is checked by `evaluate`; blanks and residents are "
        "conserved every simulated day.",
        "- Figures (optimizer/studies/evidence.py): resident-days sum first-time residents "
        "waiting at the end of each working day; a kecamatan's mean wait is its resident-days "
        "over its first-time applicants (initial backlog + arrivals), those still waiting "
        "counted to the end; the worst-off kecamatan is the one with the largest mean wait in "
        "that replication; its worst wait is the longest any of its residents waited.",
        "- Paired differences: per replication, policy minus status quo, then the mean and a "
        "95 % t-interval over replications. 'No clear difference': the interval spans 0; "
        "'slightly': it excludes 0 but the mean is under 2 % of the status quo's level.",
        "- Host offices: a kecamatan whose office cannot print is served at its host "
        "(data/palembang-2017/hosts.csv); baselines send its share there.",
    ]


def _iv(value: Interval, digits: int, signed: bool = False) -> str:
    if value.n == 0 or math.isnan(value.mean):
        return "-"
    sign = "+" if signed else ""
    text = f"{value.mean:{sign},.{digits}f}"
    if value.low is not None and value.high is not None:
        text += f" [{value.low:{sign},.{digits}f}, {value.high:{sign},.{digits}f}]"
    return text


def _half(value: Interval) -> float:
    if value.low is None or value.high is None:
        return math.nan
    return (value.high - value.low) / 2


# --------------------------------------------------------------------------- charts


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure  # type: ignore[import-not-found,unused-ignore]

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _save(fig: Figure, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None})


def _forest(found: Sequence[ScenarioRuns], policies: tuple[str, ...]) -> Figure:
    """Rows of scenarios, two columns of figures: each policy's paired difference, 95 %."""
    others = [p for p in policies if p != STATUS_QUO and p not in OFF_SCALE]
    keys = ("resident_days", "worst_wait")
    fig = _figure(11, 1.4 + 0.3 * len(others) * len(found))
    # One subfigure per column, its title laid out by the layout engine: an annotation
    # above the first row overlapped that row's scenario label.
    columns = fig.subfigures(1, len(keys), squeeze=False)[0]
    for j, key in enumerate(keys):
        figure = evidence.FIGURE[key]
        columns[j].suptitle(f"{figure.label}\n({figure.unit}, policy minus {STATUS_QUO})",
                            fontsize=9)
        axes = columns[j].subplots(len(found), 1, squeeze=False, sharey=True)
        for i, sr in enumerate(found):
            ax: Axes = axes[i][0]
            for y, p in enumerate(others):
                diff = evidence.paired(sr.runs, p, STATUS_QUO, figure, sr.days)
                low = diff.low if diff.low is not None else diff.mean
                high = diff.high if diff.high is not None else diff.mean
                ax.plot([low, high], [y, y], color=colour(p), linewidth=2,
                        linestyle="--" if dashed(p) else "-")
                ax.plot([diff.mean], [y], marker="o", color=colour(p),
                        markerfacecolor="white" if dashed(p) else colour(p))
            ax.axvline(0, color="grey", linewidth=0.8)
            ax.set_yticks(range(len(others)), others, fontsize=8)
            ax.grid(axis="x", alpha=0.3)
            ax.set_title(f"{sr.scenario.name}", fontsize=9, loc="left")
            if i == len(found) - 1:
                ax.set_xlabel(f"{figure.unit}; left of 0 is better", fontsize=8)
        axes[0][0].invert_yaxis()  # shared by the column's panels: the first policy on top
    skipped = [p for p in policies if p in OFF_SCALE]
    fig.suptitle(f"Paired differences against {STATUS_QUO}: mean and 95 % interval"
                 + (f" ({', '.join(skipped)}: off the scale, see the tables)" if skipped
                    else ""))
    return fig


def _small_multiples(sr: ScenarioRuns, policies: tuple[str, ...]) -> Figure:
    """One panel per policy: first-time residents waiting, with the status quo in grey."""
    cols = 4
    rows = math.ceil(len(policies) / cols)
    fig = _figure(12, 2.4 * rows + 0.8)
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True, sharey=True)
    days = np.arange(1, sr.days + 1)
    base = np.stack([r.waiting[:, 0] for r in sr.runs[STATUS_QUO]]).astype(float) / 1e3
    for i in range(rows * cols):
        ax: Axes = axes[i // cols][i % cols]
        if i >= len(policies):
            ax.set_visible(False)
            continue
        p = policies[i]
        values = np.stack([r.waiting[:, 0] for r in sr.runs[p]]).astype(float) / 1e3
        if p != STATUS_QUO:
            ax.plot(days, base.mean(axis=0), color="#BBBBBB", linewidth=1.5,
                    label=f"{STATUS_QUO} (status quo)")
        mean = values.mean(axis=0)
        ax.plot(days, mean, color=colour(p), linewidth=1.6,
                linestyle="--" if dashed(p) else "-")
        ax.fill_between(days, values.min(axis=0), values.max(axis=0), color=colour(p),
                        alpha=0.15, linewidth=0)
        ax.set_title(p, fontsize=9, color="black")
        ax.grid(alpha=0.3)
        if i % cols == 0:
            ax.set_ylabel("waiting (thousand)")
        if i // cols == rows - 1 or i + cols >= len(policies):
            ax.set_xlabel("working day")
    fig.suptitle(f"{sr.scenario.name}: first-time applicants waiting (mean; band: min-max "
                 f"over {sr.replications} replications; grey: {STATUS_QUO})")
    return fig


def _kecamatan_bars(sr: ScenarioRuns, policies: tuple[str, ...]) -> Figure:
    """Mean first-time wait per kecamatan: the status quo, the engine (own and @rule)."""
    shown = [p for p in (STATUS_QUO, "proportional", ENGINE, f"{ENGINE}@rule") if p in policies]
    order = np.argsort([-np.mean([evidence.kecamatan_mean_wait(r)[k]
                                  for r in sr.runs[STATUS_QUO]])
                        for k in range(len(sr.kecamatan))])
    fig = _figure(8, 0.32 * len(sr.kecamatan) * max(1, len(shown)) / 2 + 1.5)
    ax = fig.add_subplot()
    height = 0.8 / len(shown)
    for j, p in enumerate(shown):
        waits = np.mean([evidence.kecamatan_mean_wait(r) for r in sr.runs[p]], axis=0)
        ax.barh(np.arange(len(order)) + j * height, waits[order], height=height,
                color=colour(p) if not dashed(p) else "white", edgecolor=colour(p),
                hatch="//" if dashed(p) else None, label=p)
    ax.set_yticks(np.arange(len(order)) + 0.4 - height / 2,
                  [sr.kecamatan[k] for k in order], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("mean working days a first-time applicant waits")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"{sr.scenario.name}: mean wait per kecamatan "
                 f"(mean of {sr.replications} replications)")
    return fig
