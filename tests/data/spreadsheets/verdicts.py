"""What a checkout of Blanko does with each corpus file: planned the same as the clean
file, planned something else, refused, or crashed.

    PYTHONPATH=/path/to/checkout python tests/data/spreadsheets/verdicts.py

Runs `blanko plan` (from the `optimizer` on PYTHONPATH) in a fresh process per case, so
it also measures an older checkout that has no --locale: cases with args are skipped
there. "DIFFERENT PLAN" with exit 0 is a silently wrong plan.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).parent


def run(case: dict[str, object], out: Path) -> tuple[int, object, list[str]]:
    out.unlink(missing_ok=True)
    args = [sys.executable, "-c", "from optimizer.cli import app; app()", "plan", "--data",
            str(HERE / str(case["path"])), "--blanks", str(MANIFEST["blanks"]), "--quiet",
            "--json", str(out), *case.get("args", [])]  # type: ignore[misc]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    plan = json.loads(out.read_text()) if out.exists() else None
    return done.returncode, plan, done.stderr.strip().splitlines()


MANIFEST = tomllib.loads((HERE / "manifest.toml").read_text(encoding="utf-8"))


def main() -> None:
    out = Path(tempfile.mkdtemp()) / "plan.json"
    _, clean, _ = run({"path": "clean"}, out)
    assert isinstance(clean, dict)
    key = (clean["shipments"], clean["kpis"]["cards_by_tier"])
    for case in MANIFEST["case"]:
        code, plan, err = run(case, out)
        if code == 0 and isinstance(plan, dict):
            same = (plan["shipments"], plan["kpis"]["cards_by_tier"]) == key
            verdict = "same plan" if same else "DIFFERENT PLAN"
            if not case.get("same_as"):
                verdict = "planned (see its figures)"
        else:
            verdict = "refused" if code == 2 else f"crashed ({code})"
        label = str(case["path"]) + (" " + " ".join(case.get("args", [])) if case.get("args")
                                     else "")
        print(f"{label:32} exit {code}  {verdict:25} (expected exit {case['exit']}, "
              f"{len(err)} stderr lines)")


if __name__ == "__main__":
    main()
