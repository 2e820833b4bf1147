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

import argparse
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
    """Writes the section into out/report.md; FileNotFoundError naming what is missing
    (the report, or a scenario's replication) when the sweep has not been run there."""
    report = out / "report.md"
    if not report.is_file():
        raise FileNotFoundError(f"{report.as_posix()} does not exist (no sweep report)")
    text = report.read_text(encoding="utf-8")
    if BEGIN in text:
        text = text[:text.index(BEGIN)].rstrip("\n") + text[text.index(END) + len(END):]
    block = section(out, scenarios, replications)
    # After the two summary grids, before the scenario-by-scenario sentences.
    anchor = "## Where optimization matters"
    at = text.index(anchor) if anchor in text else len(text)
    report.write_text(text[:at] + block + "\n\n" + text[at:], encoding="utf-8")
    print(block)


def cli(argv: list[str] | None = None) -> int:
    """The command line: 0 written; 2 with one line saying what is missing (no stored
    runs, no report) and the sweep to run, never a traceback."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.lookahead_pairs",
        description="Lookahead against optimal and the status quo, paired, from a sweep's "
                    "stored runs; written into the sweep's report.md. Run the sweep first: "
                    "blanko sweep benchmarks/scenarios --policies "
                    "capacity_capped,optimal,lookahead --replications 20 --out "
                    "benchmarks/results/lookahead")
    parser.add_argument("out", nargs="?", type=Path,
                        default=Path("benchmarks/results/lookahead"),
                        help="The sweep's --out folder (default: %(default)s).")
    parser.add_argument("--scenarios", type=Path, default=Path("benchmarks/scenarios"),
                        help="The scenario folder the sweep ran (default: %(default)s).")
    parser.add_argument("--replications", type=int, default=20,
                        help="Replications the sweep ran (default: %(default)s).")
    args = parser.parse_args(argv)
    try:
        main(args.out, args.scenarios, args.replications)
    except FileNotFoundError as error:
        print(f"lookahead_pairs: {error}. Run: blanko sweep {args.scenarios.as_posix()} "
              f"--policies {','.join(POLICIES)} --replications {args.replications} --out "
              f"{args.out.as_posix()}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(cli())
