"""Lookahead against `optimal` and the status quo, paired, from a sweep's stored runs.

The sweep's report (optimizer/studies/sweep_report.py) gives every policy minus the
status quo; this adds `lookahead` minus `optimal` (and minus `capacity_capped` beside
it) for the three figures issue 17 asks about, and writes them into the report between
two markers (replacing an earlier version). Run from the repository root after

    blanko sweep benchmarks/scenarios --policies capacity_capped,optimal,lookahead \\
        --replications 20 --out benchmarks/results/lookahead

with

    python -m benchmarks.lookahead_pairs benchmarks/results/lookahead

Each cell: mean over the replications of the paired difference (same tranches,
arrivals and printer failures) with its 95 % interval (`evidence.paired`); negative is
better for `lookahead`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from optimizer.studies import evidence
from optimizer.studies.replay import Interval
from optimizer.studies.scenarios import load_scenario
from optimizer.studies.sweep_report import collect

POLICIES = ("capacity_capped", "optimal", "lookahead")
FIGURES = (("resident_days", 2), ("clear_day", 1), ("worst_wait", 1))
BEGIN = "<!-- lookahead-pairs: begin (python -m benchmarks.lookahead_pairs) -->"
END = "<!-- lookahead-pairs: end -->"


def _cell(value: Interval, digits: int) -> str:
    if value.low is None or value.high is None:
        return f"{value.mean:+.{digits}f}"
    return f"{value.mean:+.{digits}f} [{value.low:+.{digits}f}, {value.high:+.{digits}f}]"


def section(out: Path, scenarios: Path, replications: int) -> str:
    found = collect([load_scenario(p) for p in sorted(scenarios.glob("*.toml"))], POLICIES,
                    replications, out)
    lines = [BEGIN, "", "## `lookahead` against `optimal` and against the status quo, paired",
             "",
             "Written after the sweep by `python -m benchmarks.lookahead_pairs "
             f"{out.as_posix()}` from its stored runs. "
             f"Each cell: `lookahead` minus the named policy, mean over {replications} paired "
             "replications with its 95 % interval; negative means `lookahead` is better. "
             "Days to clear count a replication that never clears as the horizon (censored; "
             "see each scenario's section).", ""]
    for key, digits in FIGURES:
        figure = evidence.FIGURE[key]
        lines += [f"### {figure.label} ({figure.unit})", "",
                  "| scenario | `optimal` (level) | `lookahead` minus `optimal` | "
                  "`lookahead` minus `capacity_capped` |", "|---|---:|---:|---:|"]
        for sr in found:
            level = evidence.mean(sr.runs["optimal"], figure, sr.days)
            vs = [_cell(evidence.paired(sr.runs, "lookahead", base, figure, sr.days), digits)
                  for base in ("optimal", "capacity_capped")]
            lines.append(f"| {sr.scenario.name} | {level.mean:.{digits}f} | {vs[0]} | {vs[1]} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def main(out: Path, scenarios: Path = Path("benchmarks/scenarios"),
         replications: int = 20) -> None:
    report = out / "report.md"
    text = report.read_text(encoding="utf-8")
    if BEGIN in text:
        text = text[:text.index(BEGIN)].rstrip("\n") + text[text.index(END) + len(END):]
    block = section(out, scenarios, replications)
    # After the two summary grids, before the scenario-by-scenario sentences.
    anchor = "## Where optimization matters"
    at = text.index(anchor) if anchor in text else len(text)
    report.write_text(text[:at] + block + "\n\n" + text[at:], encoding="utf-8")
    print(block)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/lookahead"))
