"""The policy-comparison report: `report.md` and its PNG charts (matplotlib, Agg).

Figures come from a `ReplayResult` only; nothing here solves or simulates. The
same result gives the same `report.md`, byte for byte (no timings, no dates).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from optimizer.studies.metrics import PlanMetrics, TierFairness
from optimizer.studies.palette import colour, dashed
from optimizer.studies.registry import STATUS_QUO, Comparison, label
from optimizer.studies.replay import SUMMARY_FIGURES, Interval, ReplayResult, Run

# matplotlib is needed only to draw; the ignores keep mypy clean where it is not installed.
if TYPE_CHECKING:
    from matplotlib.axes import Axes  # type: ignore[import-not-found,unused-ignore]
    from matplotlib.figure import Figure  # type: ignore[import-not-found,unused-ignore]

CHARTS = {
    "coverage": "coverage_by_district.png",
    "backlog": "backlog_over_time.png",
    "cards": "cards_over_time.png",
    "stranded": "stranded_over_time.png",
    "waiting": "waiting_days.png",
}
DPI = 100


def write_report(result: ReplayResult, out: Path, title: str, command: str,
                 lang: str = "en") -> Path:
    """Write `report.md` (in `lang`: optimizer.i18n.studies) and the charts into `out`;
    the path of `report.md`."""
    from optimizer.i18n import cli
    from optimizer.i18n.studies import (
        C_CARDS,
        C_CARDS_TITLE,
        C_STRANDED,
        C_STRANDED_TITLE,
        C_TIER_WAITING,
        C_TIER_WAITING_TITLE,
        chart,
    )

    out.mkdir(parents=True, exist_ok=True)
    _save(_coverage_chart(result, lang), out / CHARTS["coverage"])
    tier = cli.tier(result.tiers[0], lang)
    _save(_panels(result, lambda r: r.waiting[:, 0], chart(lang, C_TIER_WAITING, tier=tier),
                  chart(lang, C_TIER_WAITING_TITLE, tier=tier), lang),
          out / CHARTS["backlog"])
    _save(_panels(result, lambda r: r.printed.sum(axis=1), chart(lang, C_CARDS),
                  chart(lang, C_CARDS_TITLE), lang),
          out / CHARTS["cards"])
    _save(_panels(result, lambda r: r.stranded, chart(lang, C_STRANDED),
                  chart(lang, C_STRANDED_TITLE), lang),
          out / CHARTS["stranded"])
    _save(_waiting_chart(result, lang), out / CHARTS["waiting"])
    path = out / "report.md"
    path.write_text(markdown(result, title, command, lang), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- markdown


def markdown(result: ReplayResult, title: str, command: str, lang: str = "en") -> str:
    """report.md in `lang` (English byte-identical to what it always held); figures
    written the language's way (optimizer.i18n.cli)."""
    from optimizer.i18n import cli, translate
    from optimizer.i18n import studies as words

    cfg = result.config
    blanks = cli.grouped(result.one_shipment_blanks, lang)
    which = words.say(lang, words.FIRST_TRANCHE if cfg.one_shipment is None
                      else words.CHOSEN_SIZE)
    lines = [
        words.say(lang, words.TITLE, title=title if lang == "en" else translate(
            lang, "dataset-title", title)),
        "",
        words.say(lang, words.REGENERATE),
        "",
        "```bash",
        command,
        "```",
        "",
        *_setup(result, lang),
        "",
        words.say(lang, words.HEADLINE),
        "",
        *headline_table(result, lang),
        "",
        words.say(lang, words.ONE_SHIPMENT_NOTE, blanks=blanks, which=which),
        "",
        words.say(lang, words.ONE_SHIPMENT, blanks=blanks),
        "",
        *_one_shipment_table(result.one_shipment, result.tiers, lang),
        "",
        f"![{words.say(lang, words.COVERAGE_CHART)}]({CHARTS['coverage']})",
        "",
        words.say(lang, words.THE_REPLAY),
        "",
        *_replay_table(result, lang),
        "",
        f"![{words.say(lang, words.WAITING_CHART)}]({CHARTS['backlog']})",
        "",
        f"![{words.say(lang, words.CARDS_CHART)}]({CHARTS['cards']})",
        "",
        f"![{words.say(lang, words.STRANDED_CHART)}]({CHARTS['stranded']})",
        "",
        f"![{words.say(lang, words.DAYS_CHART)}]({CHARTS['waiting']})",
        "",
        *_method(result, lang),
    ]
    return "\n".join(lines) + "\n"


def headline_table(result: ReplayResult, lang: str = "en") -> list[str]:
    """One row per policy: the one-shipment and replay figures a README can quote.

    `lang` 'id' writes the headings, policy names and figures as Bahasa Indonesia does
    (optimizer.i18n.cli: 40.000; 26,7 %); English is what report.md holds.
    """
    from optimizer.i18n import cli

    tier = result.tiers[0]
    summary = result.summary()
    scale, unit = _scale([s["resident_days_first"].mean for s in summary.values()])
    units = {" (millions)": cli.MILLIONS, " (thousands)": cli.THOUSANDS}
    rows = [cli.say(lang, cli.HEADLINE, tier=cli.tier(tier, lang),
                    unit=cli.say(lang, units[unit]) if unit in units else unit),
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for c in result.one_shipment:
        fair = c.metrics.fairness[tier]
        s = summary[c.policy]
        kind = cli.word("policy-kind", label(c.policy).kind, lang)
        # An infeasible one-shipment plan ships nothing: its zeros are no figures.
        one = (f"{cli.grouped(c.metrics.cards_by_tier[tier], lang)} | "
               f"{_span(fair, lang)} | "
               f"{cli.fixed(fair.gini, 3, lang) if fair.gini is not None else '-'} | "
               f"{cli.grouped(c.metrics.blanks_stranded, lang)}"
               if _planned(c) else f"{_no_plan(c, lang)} | — | — | —")
        rows.append(
            f"| {cli.policy(c.policy, lang)} ({kind}) | {one} | "
            f"{_interval(s['days_to_clear'], 0, lang=lang)} | "
            f"{_interval(s['resident_days_first'], {1e-6: 2, 1e-3: 1}.get(scale, 0), scale, lang)}"
            f" | {_interval(s['mean_wait_first'], 1, lang=lang)} |")
    return rows


def _setup(result: ReplayResult, lang: str = "en") -> list[str]:
    from optimizer.i18n import cli
    from optimizer.i18n import studies as words

    inst, cfg = result.instance, result.config
    backlog = {t: sum(a.backlog[t] for a in inst.areas) for t in inst.tiers}
    limit = result.policy.max_travel_km
    waiting = ", ".join(words.say(lang, words.WAITING_TIER, count=cli.grouped(n, lang),
                                  tier=cli.tier(t, lang)) for t, n in backlog.items())
    return [
        words.say(lang, words.SETUP),
        "",
        words.say(lang, words.INSTANCE, name=inst.name, sites=str(len(inst.sites)),
                  areas=str(len(inst.areas)), districts=str(len(inst.districts)),
                  waiting=waiting, limit=words.say(lang, words.NO_LIMIT) if limit is None
                  else words.say(lang, words.KM, km=_g(limit, lang))),
        words.say(lang, words.SCHEDULE, schedule=words.schedule(cfg.schedule, lang),
                  blanks=cli.grouped(result.runs[cfg.policies[0]][0].tranche_blanks[0],
                                     lang)),
        words.say(lang, words.ARRIVALS, rate=_g(cfg.arrivals_per_day, lang)),
        words.say(lang, words.PRINTERS, probability=_g(cfg.failure_prob, lang),
                  days=str(cfg.repair_days)),
        words.say(lang, words.REPLICATIONS, replications=str(cfg.replications),
                  seed=str(cfg.seed)),
        *([words.say(lang, words.HOSTS, hosts=", ".join(
            words.say(lang, words.HOSTED, district=d, host=h) for d, h in cfg.hosts))]
          if cfg.hosts else []),
        *([words.say(lang, words.RELEASE, release=words.release(cfg.release, lang))]
          if cfg.release else []),
    ]


def _g(value: float, lang: str) -> str:
    """f'{value:g}' with the language's decimal mark (0.02 -> 0,02)."""
    text = f"{value:g}"
    return text if lang == "en" else text.replace(".", ",")


def _one_shipment_table(first: Sequence[Comparison], tiers: tuple[str, ...],
                        lang: str = "en") -> list[str]:
    from optimizer.i18n import cli
    from optimizer.i18n import studies as words

    head = words.say(lang, words.ONE_HEAD, tier_cards=" | ".join(
        words.say(lang, words.TIER_CARDS, tier=cli.tier(t, lang)) for t in tiers))
    rows = [head, "|---|---|" + "---:|" * (len(tiers) + 9)]
    for c in first:
        m: PlanMetrics = c.metrics
        fair = m.fairness[tiers[0]]
        kept = c.evaluation.kpis.blanks_kept_central
        if not _planned(c):  # no plan: a dash for every figure, never its zeros
            rows.append(f"| {c.policy} | {_no_plan(c, lang)} | "
                        + " | ".join("—" for _ in range(len(tiers) + 9)) + " |")
            continue
        rows.append(
            f"| {c.policy} | {words.say(lang, words.YES if c.evaluation.valid else words.NO)} | "
            + " | ".join(cli.grouped(m.cards_by_tier[t], lang) for t in tiers)
            + f" | {_span(fair, lang)} | {_num(fair.gini, 3, lang)} | "
              f"{_num(fair.jain, 3, lang)} | "
              f"{cli.grouped(m.blanks_stranded, lang)} | {cli.grouped(kept, lang)} | "
              f"{cli.fixed(m.resident_km_mean, 2, lang, group=False)} | "
              f"{cli.fixed(m.resident_km_p95, 2, lang, group=False)} | "
              f"{cli.fixed(m.resident_km_max, 2, lang, group=False)} | "
              f"{len(m.districts_without_cards)} |")
    return rows


def _replay_table(result: ReplayResult, lang: str = "en") -> list[str]:
    from optimizer.i18n import cli
    from optimizer.i18n import studies as words

    keys = list(SUMMARY_FIGURES)
    rows = [f"| {words.say(lang, words.FIGURE)} | " + " | ".join(result.config.policies)
            + " |", "|---|" + "---:|" * len(result.config.policies)]
    summary = result.summary()
    units = {" (millions)": cli.MILLIONS, " (thousands)": cli.THOUSANDS}
    for key in keys:
        scale, unit = _scale([summary[p][key].mean for p in result.config.policies])
        digits = 1 if key == "mean_wait_first" else {1e-6: 2, 1e-3: 1}.get(scale, 0)
        label = words.figure(key, SUMMARY_FIGURES[key], lang) + (
            cli.say(lang, units[unit]) if unit in units else unit)
        rows.append(f"| {label} | " + " | ".join(
            _interval(summary[p][key], digits, scale, lang) for p in result.config.policies)
            + " |")
    return rows


def _method(result: ReplayResult, lang: str = "en") -> list[str]:
    from optimizer.i18n import cli
    from optimizer.i18n import studies as words

    heading, *items = words.METHOD
    return [words.say(lang, heading), "",
            *[words.say(lang, item, tier=cli.tier(result.tiers[0], lang)) for item in items]]


def _planned(c: Comparison) -> bool:
    """False for an infeasible plan: it ships nothing, and its zeros are no figures."""
    return c.plan.status != "infeasible"


def _no_plan(c: Comparison, lang: str) -> str:
    """'**infeasible**' (the plan's status in `lang`): where its figures would be."""
    from optimizer.i18n import cli

    return f"**{cli.word('status', c.plan.status, lang)}**"


def _span(fair: TierFairness, lang: str = "en") -> str:
    from optimizer.i18n import cli

    lo, hi = fair.coverage_min, fair.coverage_max
    if lo is None or hi is None:
        return "-"
    return f"{cli.percent(lo, lang)}-{cli.percent(hi, lang)}"


def _scale(means: Sequence[float]) -> tuple[float, str]:
    """Millions or thousands when the figures are that large: (factor, label suffix)."""
    largest = max((abs(m) for m in means if not math.isnan(m)), default=0.0)
    if largest >= 1e6:
        return 1e-6, " (millions)"
    if largest >= 1e5:
        return 1e-3, " (thousands)"
    return 1.0, ""


def _num(value: float | None, digits: int, lang: str = "en") -> str:
    from optimizer.i18n import cli

    return "-" if value is None else cli.fixed(value, digits, lang, group=False)


def _interval(value: Interval, digits: int, scale: float = 1.0, lang: str = "en") -> str:
    """'12.3 [11.0, 13.6]' (mean and interval), or how many replications never cleared;
    in `lang` (optimizer.i18n.cli), English as report.md writes it."""
    from optimizer.i18n import cli

    if value.n == 0:
        return cli.say(lang, cli.NOT_CLEARED, missing=str(value.missing),
                       total=str(value.missing))
    text = cli.fixed(value.mean * scale, digits, lang)
    if value.low is not None and value.high is not None:
        text += (f" [{cli.fixed(value.low * scale, digits, lang)}, "
                 f"{cli.fixed(value.high * scale, digits, lang)}]")
    if value.missing:
        text = cli.say(lang, cli.NOT_CLEARED_OTHERS, missing=str(value.missing),
                       total=str(value.n + value.missing), others=text)
    return text


# --------------------------------------------------------------------------- charts


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure  # type: ignore[import-not-found,unused-ignore]

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _save(fig: Figure, path: Path) -> None:
    fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None})


def _colors(names: Sequence[str]) -> dict[str, str]:
    """One colour-blind-safe colour per policy, the same in every chart (studies.palette)."""
    return {name: colour(name) for name in names}


def _coverage_chart(result: ReplayResult, lang: str = "en") -> Figure:
    from optimizer.i18n import cli
    from optimizer.i18n.studies import C_COVERAGE_BAR, C_COVERAGE_TITLE, chart

    tier = result.tiers[0]
    names = {d.district_id: d.name or d.district_id for d in result.instance.districts}
    districts = sorted({d for c in result.one_shipment
                        for d in c.metrics.fairness[tier].coverage})
    # An infeasible policy's column is empty (no plan, not 0 % everywhere), and says so.
    policies = [c.policy if _planned(c) else
                f"{c.policy}\n({cli.word('status', c.plan.status, lang)})"
                for c in result.one_shipment]
    grid = 100 * np.array([[c.metrics.fairness[tier].coverage.get(d, math.nan)
                            if _planned(c) else math.nan for c in result.one_shipment]
                           for d in districts])
    fig = _figure(1.1 * len(policies) + 3, 0.32 * len(districts) + 1.6)
    ax = fig.add_subplot()
    image = ax.imshow(grid, aspect="auto", cmap="viridis", vmin=0.0, vmax=100.0)
    ax.set_xticks(range(len(policies)), policies, rotation=30, ha="right")
    ax.set_yticks(range(len(districts)), [names.get(d, d) for d in districts])
    if len(districts) * len(policies) <= 400:
        for (i, j), value in np.ndenumerate(grid):
            if not math.isnan(value):
                ax.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=7,
                        color="white" if value < 60 else "black")
    ax.set_title(chart(lang, C_COVERAGE_TITLE, tier=cli.tier(tier, lang),
                       blanks=cli.grouped(result.one_shipment_blanks, lang)))
    fig.colorbar(image, ax=ax, label=chart(lang, C_COVERAGE_BAR))
    return fig


def _panels(result: ReplayResult, series: Callable[[Run], np.ndarray], ylabel: str,
            title: str, lang: str = "en") -> Figure:
    """Small multiples: one panel per policy, the status quo in grey behind each."""
    from optimizer.i18n.studies import C_WORKING_DAY, chart

    policies = result.config.policies
    cols = min(4, len(policies))
    rows = math.ceil(len(policies) / cols)
    fig = _figure(3 * cols, 2.3 * rows + 0.8)
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True, sharey=True)
    days = np.arange(1, result.days + 1)
    stacked = {p: np.stack([series(r) for r in result.runs[p]]).astype(float)
               for p in policies}
    base = stacked.get(STATUS_QUO)
    for i in range(rows * cols):
        ax = axes[i // cols][i % cols]
        if i >= len(policies):
            ax.set_visible(False)
            continue
        p = policies[i]
        if base is not None and p != STATUS_QUO:
            ax.plot(days, base.mean(axis=0), color="#BBBBBB", linewidth=1.5)
        _band(ax, days, stacked[p], colour(p), p)
        ax.set_title(p, fontsize=9)
        ax.grid(alpha=0.3)
        _tranche_marks(ax, result)
        if i % cols == 0:
            ax.set_ylabel(ylabel)
        if i + cols >= len(policies):
            ax.set_xlabel(chart(lang, C_WORKING_DAY))
    fig.suptitle(title)
    return fig


def _waiting_chart(result: ReplayResult, lang: str = "en") -> Figure:
    from optimizer.i18n import cli
    from optimizer.i18n.studies import C_DAYS_WAITED, C_HOLDING, C_SHARE, chart

    tier = cli.tier(result.tiers[0], lang)
    fig = _figure(8, 4)
    ax = fig.add_subplot()
    colors = _colors(result.config.policies)
    for name, runs in result.runs.items():
        waited = np.sum([r.waited[0] for r in runs], axis=0)
        applicants = sum(int(r.arrived[-1, 0]) for r in runs)
        if applicants:
            share = np.cumsum(waited) / applicants
            ax.step(np.arange(len(share)), share, where="post", color=colors[name], label=name)
    ax.set_xlabel(chart(lang, C_DAYS_WAITED))
    ax.set_ylabel(chart(lang, C_SHARE, tier=tier))
    ax.set_ylim(0, 1.01)
    ax.grid(alpha=0.3)
    _legend(fig, ax)
    ax.set_title(chart(lang, C_HOLDING, tier=tier))
    return fig


def _legend(fig: Figure, ax: Axes) -> None:
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(4, len(labels)),
               fontsize=8, frameon=False)


def _band(ax: Axes, days: np.ndarray, values: np.ndarray, color: object, label: str) -> None:
    mean = values.mean(axis=0)
    ax.plot(days, mean, color=color, label=label, linewidth=1.2,
            linestyle="--" if dashed(label) else "-")
    if len(values) > 1:
        from scipy import stats

        t = float(stats.t.ppf(0.975, len(values) - 1))
        half = t * values.std(axis=0, ddof=1) / math.sqrt(len(values))
        # Counts are never negative: neither is the band.
        ax.fill_between(days, np.maximum(mean - half, 0.0), mean + half, color=color, alpha=0.2,
                        linewidth=0)


def _tranche_marks(ax: Axes, result: ReplayResult) -> None:
    for tranche in result.config.schedule.tranches:
        ax.axvline(tranche.day + 1, color="grey", alpha=0.15, linewidth=0.8)
