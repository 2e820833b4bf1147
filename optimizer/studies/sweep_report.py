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
          command: str, lang: str = "en") -> Path:
    """report.md (in `lang`: optimizer.i18n.studies) and the charts into `out`; the path
    of report.md."""
    _save(_forest(found, policies), out / "forest.png")
    for sr in found:
        _save(_small_multiples(sr, policies, lang), out / f"waiting_{sr.scenario.name}.png")
        _save(_kecamatan_bars(sr, policies, lang), out / f"kecamatan_{sr.scenario.name}.png")
    path = out / "report.md"
    path.write_text(markdown(found, policies, command, lang), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- markdown


def markdown(found: Sequence[ScenarioRuns], policies: tuple[str, ...], command: str,
             lang: str = "en") -> str:
    """report.md in `lang`; English byte-identical to what it always held. Scenario
    titles, descriptions, questions and the policies' sources are quoted as written."""
    from optimizer.i18n import cli
    from optimizer.i18n import studies as words

    def say(template: str, **fields: str) -> str:
        return words.say(lang, template, words.SWEEP, **fields)

    others = [p for p in policies if p != STATUS_QUO]
    rd, ww = evidence.FIGURE["resident_days"], evidence.FIGURE["worst_wait"]
    n = found[0].replications if found else 0
    lines = [
        say(words.SW_TITLE),
        "",
        say(words.SW_REGENERATE),
        "",
        "```bash",
        command,
        "```",
        "",
        say(words.SW_CELLS, status_quo=STATUS_QUO, n=str(n)),
        "",
        say(words.SW_MINUS, label=words.evidence_word(rd.label, lang),
            unit=words.evidence_word(rd.unit, lang), status_quo=STATUS_QUO),
        "",
        *_grid(found, others, rd, 2, lang),
        "",
        say(words.SW_MINUS, label=words.evidence_word(ww.label, lang),
            unit=words.evidence_word(ww.unit, lang), status_quo=STATUS_QUO),
        "",
        *_grid(found, others, ww, 1, lang),
        "",
        say(words.SW_WHERE),
        "",
        *[f"- **{sr.scenario.name}**: {_sentence(sr, policies, lang)}" for sr in found],
        "",
        f"![{say(words.SW_FOREST)}](forest.png)",
        "",
        say(words.SW_POLICIES),
        "",
        say(words.SW_POLICY_HEAD),
        "|---|---|---|",
        *[f"| `{p}` | {cli.word('policy-kind', label(p).kind, lang)}"
          f"{say(words.SW_SHIPMENTS_ONLY) if dashed(p) else ''}"
          f" | {label(p).source} |" for p in policies],
        "",
        say(words.SW_BASELINES),
        "",
        *_replications(found, policies, lang),
        "",
    ]
    for sr in found:
        lines += _scenario_section(sr, policies, lang)
    heading, *items = words.SW_METHOD
    lines += [say(heading), "", *[say(item) for item in items]]
    return "\n".join(lines) + "\n"


def _grid(found: Sequence[ScenarioRuns], others: Sequence[str], figure: evidence.Figure,
          digits: int, lang: str = "en") -> list[str]:
    from optimizer.i18n import cli
    from optimizer.i18n import studies as words

    rows = [words.say(lang, words.SW_GRID_HEAD, words.SWEEP, status_quo=STATUS_QUO,
                      policies=" | ".join(f"`{p}`" for p in others)),
            "|---|---:|" + "---:|" * len(others)]
    for sr in found:
        base = evidence.mean(sr.runs[STATUS_QUO], figure, sr.days)
        cells = [_iv(evidence.paired(sr.runs, p, STATUS_QUO, figure, sr.days), digits,
                     signed=True, lang=lang) for p in others]
        rows.append(f"| {sr.scenario.name} | {cli.fixed(base.mean, digits, lang)} | "
                    + " | ".join(cells) + " |")
    return rows


def _sentence(sr: ScenarioRuns, policies: Sequence[str], lang: str = "en") -> str:
    """Where optimization matters in this scenario, from the paired intervals alone."""
    from optimizer.i18n import studies as words

    def say(template: str, **fields: str) -> str:
        return words.say(lang, template, words.SWEEP, **fields)

    rd, ww = evidence.FIGURE["resident_days"], evidence.FIGURE["worst_wait"]
    if ENGINE not in policies:
        return say(words.SW_NO_ENGINE)
    parts = []
    for figure, digits in ((rd, 2), (ww, 1)):
        base = evidence.mean(sr.runs[STATUS_QUO], figure, sr.days).mean
        diff = evidence.paired(sr.runs, ENGINE, STATUS_QUO, figure, sr.days)
        call = evidence.verdict(diff, base)
        share = _signed(f"{100 * diff.mean / base:+.0f} %", lang) if base else \
            say(words.SW_NA)
        parts.append(say(words.SW_PART, label=words.evidence_word(figure.label, lang),
                         interval=_iv(diff, digits, signed=True, lang=lang),
                         unit=words.evidence_word(figure.unit, lang), share=share,
                         verdict=words.evidence_word(call, lang)))
    rule = f"{ENGINE}@rule"
    tail = ""
    if rule in policies:
        own = evidence.paired(sr.runs, ENGINE, STATUS_QUO, rd, sr.days)
        by_rule = evidence.paired(sr.runs, rule, STATUS_QUO, rd, sr.days)
        tail = say(words.SW_BY_RULE, by_rule=_iv(by_rule, 2, True, lang),
                   own=_signed(f"{own.mean:+.2f}", lang))
    best = min((p for p in policies if p != STATUS_QUO and label(p).kind != "the engine"),
               key=lambda p: evidence.paired(sr.runs, p, STATUS_QUO, rd, sr.days).mean,
               default=None)
    if best is not None:
        tail += say(words.SW_BEST, best=best, mean=_signed(
            f"{evidence.paired(sr.runs, best, STATUS_QUO, rd, sr.days).mean:+.2f}", lang))
    return say(words.SW_SENTENCE, engine=ENGINE, status_quo=STATUS_QUO,
               parts="; ".join(parts), tail=tail,
               question=" ".join(sr.scenario.question.split()))


def _replications(found: Sequence[ScenarioRuns], policies: Sequence[str],
                  lang: str = "en") -> list[str]:
    from optimizer.i18n import cli
    from optimizer.i18n import studies as words

    if ENGINE not in policies or not found:
        return []
    rd = evidence.FIGURE["resident_days"]
    rows = [words.say(lang, words.SW_ENOUGH, words.SWEEP), "",
            words.say(lang, words.SW_ENOUGH_TEXT, words.SWEEP), "",
            words.say(lang, words.SW_ENOUGH_HEAD, words.SWEEP),
            "|---|---:|---:|---:|---:|---:|"]
    for sr in found:
        base = evidence.mean(sr.runs[STATUS_QUO], rd, sr.days)
        diff = evidence.paired(sr.runs, ENGINE, STATUS_QUO, rd, sr.days)
        half = _half(diff)
        rows.append(f"| {sr.scenario.name} | {sr.replications} | "
                    f"{cli.fixed(base.mean, 2, lang, group=False)} | "
                    f"{cli.fixed(half, 3, lang, group=False)} | "
                    f"{cli.fixed(100 * half / base.mean, 2, lang, group=False)} % | "
                    f"{cli.fixed(_half(base), 3, lang, group=False)} |")
    return rows


def _scenario_section(sr: ScenarioRuns, policies: Sequence[str],
                      lang: str = "en") -> list[str]:
    from optimizer.i18n import cli, translate
    from optimizer.i18n import studies as words

    def say(template: str, **fields: str) -> str:
        return words.say(lang, template, words.SWEEP, **fields)

    sc = sr.scenario
    title = datasets.load(sc.dataset).title
    if lang != "en":
        title = translate(lang, "dataset-title", title)
    extra = ((say(words.SW_DEADLINE, day=str(sc.deadline)) if sc.deadline else "")
             + (say(words.SW_RELEASE, release=str(sc.release)) if sc.release else "")
             + (say(words.SW_HOSTS) if sc.hosts else ""))
    lines = [say(words.SW_SCENARIO, name=sc.name, title=sc.title), "",
             say(words.SW_FILE, source=sc.path or f"benchmarks/scenarios/{sc.source}",
                 dataset=sc.dataset, title=title, schedule=sc.schedule, days=str(sr.days),
                 extra=extra), "",
             " ".join(sc.description.split()), "",
             say(words.SW_FIGURE_HEAD, policies=" | ".join(f"`{p}`" for p in policies)),
             "|---|---|" + "---:|" * len(policies)]
    for figure in evidence.FIGURES:
        digits = 2 if figure.unit.startswith("M") else (1 if "days" in figure.unit else 0)
        cells = []
        for p in policies:
            level = evidence.mean(sr.runs[p], figure, sr.days)
            text = cli.fixed(level.mean, digits, lang)
            if figure.key == "clear_day" and evidence.censored(sr.runs[p]):
                text = say(words.SW_CENSORED, value=text,
                           censored=str(evidence.censored(sr.runs[p])), n=str(level.n))
            if p != STATUS_QUO:
                diff = evidence.paired(sr.runs, p, STATUS_QUO, figure, sr.days)
                text += f"<br>{_iv(diff, digits, signed=True, lang=lang)}"
            cells.append(text)
        lines.append(f"| {words.evidence_word(figure.label, lang)} | "
                     f"{words.evidence_word(figure.unit, lang)} | " + " | ".join(cells) + " |")
    lines += ["", say(words.SW_SECOND_LINE), "",
              f"![{say(words.SW_WAITING)}](waiting_{sc.name}.png)", "",
              f"![{say(words.SW_KECAMATAN)}](kecamatan_{sc.name}.png)", "",
              *_kecamatan_table(sr, policies, lang), ""]
    return lines


def _kecamatan_table(sr: ScenarioRuns, policies: Sequence[str],
                     lang: str = "en") -> list[str]:
    from optimizer.i18n import cli
    from optimizer.i18n import studies as words

    shown = [p for p in (STATUS_QUO, ENGINE) if p in policies]
    if len(shown) < 2:
        return []
    a, b = (sr.runs[p] for p in shown)
    rows = [words.say(lang, words.SW_KEC_INTRO, words.SWEEP, a=shown[0], b=shown[1],
                      days=str(sr.days)), "",
            words.say(lang, words.SW_KEC_HEAD, words.SWEEP),
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
            f"{cli.fixed(u, d, lang)} → {cli.fixed(v, d, lang)}"
            for u, v, d in zip(x, y, digits, strict=True)) + " |")
    return rows


def _signed(english: str, lang: str) -> str:
    """A figure Python wrote the English way ('+1,234.5'), with the language's marks."""
    return english if lang == "en" else english.translate(str.maketrans(",.", ".,"))


def _iv(value: Interval, digits: int, signed: bool = False, lang: str = "en") -> str:
    if value.n == 0 or math.isnan(value.mean):
        return "-"
    sign = "+" if signed else ""

    def figure(number: float) -> str:  # each figure in the language's marks
        return _signed(f"{number:{sign},.{digits}f}", lang)

    text = figure(value.mean)
    if value.low is not None and value.high is not None:
        text += f" [{figure(value.low)}, {figure(value.high)}]"
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


def _small_multiples(sr: ScenarioRuns, policies: tuple[str, ...], lang: str = "en") -> Figure:
    """One panel per policy: first-time residents waiting, with the status quo in grey."""
    from optimizer.i18n import studies as words

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
                    label=words.chart(lang, words.C_STATUS_QUO, status_quo=STATUS_QUO))
        mean = values.mean(axis=0)
        ax.plot(days, mean, color=colour(p), linewidth=1.6,
                linestyle="--" if dashed(p) else "-")
        ax.fill_between(days, values.min(axis=0), values.max(axis=0), color=colour(p),
                        alpha=0.15, linewidth=0)
        ax.set_title(p, fontsize=9, color="black")
        ax.grid(alpha=0.3)
        if i % cols == 0:
            ax.set_ylabel(words.chart(lang, words.C_WAITING_THOUSAND))
        if i // cols == rows - 1 or i + cols >= len(policies):
            ax.set_xlabel(words.chart(lang, words.C_WORKING_DAY))
    fig.suptitle(words.chart(lang, words.C_MULTIPLES_TITLE, scenario=sr.scenario.name,
                             n=str(sr.replications), status_quo=STATUS_QUO))
    return fig


def _kecamatan_bars(sr: ScenarioRuns, policies: tuple[str, ...], lang: str = "en") -> Figure:
    """Mean first-time wait per kecamatan: the status quo, the engine (own and @rule)."""
    from optimizer.i18n import studies as words

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
    ax.set_xlabel(words.chart(lang, words.C_MEAN_WAIT))
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(words.chart(lang, words.C_BARS_TITLE, scenario=sr.scenario.name,
                             n=str(sr.replications)))
    return fig
