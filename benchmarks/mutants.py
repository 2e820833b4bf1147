"""Mutation check: break the code on purpose, one change at a time; the tests must notice.

Each mutant is one textual change to one file, applied to a fresh copy of the
working tree in a temporary folder; the copy's tests run with the copy first on
the import path (checked before each run). A mutant is *caught* when at least one
test fails; the table names the tests that failed. The unmutated copy runs first
and must pass, so a failure is the mutant's doing.

    python benchmarks/mutants.py                  # every mutant, a Markdown table
    python benchmarks/mutants.py --only reserve_off_by_one
    python benchmarks/mutants.py --out benchmarks/results/mutants.md

Exit status 1 when a mutant survives (or the unmutated tests fail).
It takes a few minutes (each mutant runs the engine's fast test files).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ("tests/engine/test_evaluate.py", "tests/engine/test_time_limit.py",
         "tests/engine/test_record.py", "tests/engine/test_network.py",
         "tests/engine/test_solve.py", "tests/engine/test_golden.py",
         "tests/studies/test_metrics.py")


@dataclass(frozen=True)
class Mutant:
    name: str
    what: str
    path: str
    old: str
    new: str


MUTANTS = (
    Mutant("evaluate_skips_2b", "evaluate no longer checks capacity (2b)",
           "optimizer/engine/evaluate.py", "if p > site.capacity:", "if False:"),
    Mutant("evaluate_skips_3", "evaluate no longer checks the backlog (3)",
           "optimizer/engine/evaluate.py", "if cards > area.backlog[tier]:", "if False:"),
    Mutant("evaluate_skips_1", "evaluate no longer checks the supply (1)",
           "optimizer/engine/evaluate.py", "if total > allowed:", "if False:"),
    Mutant("evaluate_skips_2a", "evaluate no longer checks stock + shipment (2a)",
           "optimizer/engine/evaluate.py", "if p > site.stock + x:", "if False:"),
    Mutant("evaluate_skips_2c", "evaluate no longer checks storage caps (2c)",
           "optimizer/engine/evaluate.py",
           "if site.storage_cap is not None and site.stock + x > site.storage_cap:",
           "if False:"),
    Mutant("evaluate_skips_travel", "evaluate no longer checks the travel limit",
           "optimizer/engine/evaluate.py", "if not same_district and limit is not None",
           "if False and limit is not None"),
    Mutant("evaluate_trusts_km", "evaluate no longer compares the plan's km",
           "optimizer/engine/evaluate.py", "if abs(true_km - km) > KM_TOLERANCE:", "if False:"),
    Mutant("cut_plan_reports_optimal", "a plan cut by the time limit reports `optimal`",
           "optimizer/engine/solve.py",
           'status="optimal" if equity_complete and lots_proven else "feasible"',
           'status="optimal"'),
    Mutant("equity_floor_to_ceil", "equity shares ceil(t * backlog) instead of floor",
           "optimizer/engine/model.py", "np.floor(t * backlog)", "np.ceil(t * backlog)"),
    Mutant("no_road_factor", "computed km drop the road factor",
           "optimizer/engine/geometry.py", "km = road_factor * great_circle_km(",
           "km = great_circle_km("),
    Mutant("reversed_tiers", "the tiers are planned in reverse priority",
           "optimizer/engine/network.py", "instance.tiers", "instance.tiers[::-1]"),
    Mutant("reserve_off_by_one", "one blank of the reserve may leave",
           "optimizer/engine/network.py", "shipment.blanks - policy.reserve",
           "shipment.blanks - policy.reserve + 1"),
    Mutant("marginal_sign_flipped", "marginal values measured the wrong way round",
           "optimizer/engine/marginals.py", "gained = total_max_flow(model, backlog) - base",
           "gained = base - total_max_flow(model, backlog)"),
    Mutant("stranded_ignores_stock", "stranded blanks forget that stock is used first",
           "optimizer/engine/kpis.py", "np.clip(stock + shipped - printed, 0, shipped)",
           "np.clip(shipped - printed, 0, shipped)"),
)


@dataclass(frozen=True)
class Outcome:
    mutant: str
    caught: bool
    failed: tuple[str, ...]
    seconds: float


def copy_tree(target: Path) -> None:
    ignore = shutil.ignore_patterns(".git", "__pycache__", ".mypy_cache", ".ruff_cache",
                                    ".pytest_cache", "*.egg-info", ".hypothesis")
    shutil.copytree(ROOT, target, ignore=ignore, dirs_exist_ok=True)


def apply(tree: Path, mutant: Mutant) -> None:
    path = tree / mutant.path
    text = path.read_text(encoding="utf-8")
    if mutant.old not in text:
        raise SystemExit(f"{mutant.name}: '{mutant.old}' is not in {mutant.path}; "
                         f"update the mutant")
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")


def run_tests(tree: Path, tests: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    where = subprocess.run([sys.executable, "-c", "import optimizer; print(optimizer.__file__)"],
                           cwd=tree, env=env, capture_output=True, text=True, check=True)
    if not Path(where.stdout.strip()).is_relative_to(tree):
        raise SystemExit(f"the copy's tests would import {where.stdout.strip()}, not the copy")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-rf", "--no-header", *tests],
                          cwd=tree, env=env, capture_output=True, text=True)
    failed = tuple(sorted({m.group(1) for m in re.finditer(r"^FAILED (\S+)", done.stdout,
                                                           re.MULTILINE)}))
    return done.returncode, failed


def check(mutant: Mutant | None, tests: tuple[str, ...]) -> Outcome:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="blanko-mutant-") as folder:
        tree = Path(folder)
        copy_tree(tree)
        if mutant is not None:
            apply(tree, mutant)
        code, failed = run_tests(tree, tests)
    name = "(none)" if mutant is None else mutant.name
    return Outcome(name, code != 0, failed, round(time.perf_counter() - started, 1))


def table(outcomes: list[Outcome]) -> str:
    by_name = {m.name: m for m in MUTANTS}
    lines = ["| mutant | change | caught | tests that failed |", "| --- | --- | --- | --- |"]
    for o in outcomes:
        shown = ", ".join(f.split("::")[-1] for f in o.failed[:3])
        if len(o.failed) > 3:
            shown += f" (+{len(o.failed) - 3} more)"
        lines.append(f"| {o.mutant} | {by_name[o.mutant].what} | "
                     f"{'yes' if o.caught else '**NO**'} | {shown} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[],
                        help="run only this mutant (repeatable)")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if not args.only or m.name in args.only]
    if not chosen:
        parser.error(f"no mutant named {args.only}; known: {[m.name for m in MUTANTS]}")
    clean = check(None, TESTS)
    if clean.caught:
        print(f"the unmutated tests fail: {clean.failed}", file=sys.stderr)
        return 1
    outcomes = []
    for mutant in chosen:
        outcome = check(mutant, TESTS)
        print(f"{mutant.name}: {'caught' if outcome.caught else 'SURVIVED'} "
              f"({outcome.seconds} s) {outcome.failed[:3]}", file=sys.stderr)
        outcomes.append(outcome)
    text = table(outcomes)
    print(text)
    if args.out:
        args.out.write_text(f"# Mutation check (`python benchmarks/mutants.py`)\n\n"
                            f"Tests run for each mutant: {', '.join(TESTS)}.\n\n{text}\n",
                            encoding="utf-8")
    return 0 if all(o.caught for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
