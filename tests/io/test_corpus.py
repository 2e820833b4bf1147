"""`blanko plan` on every file of the spreadsheet corpus (tests/data/spreadsheets).

Each case either plans exactly what the clean file plans (or the figures its manifest
gives) or exits 2 with a grouped message that says what to change.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.exports import read_plan_json
from optimizer.schema import Plan

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
MANIFEST = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = MANIFEST["case"]
runner = CliRunner()


def plan_case(case: dict[str, Any], out: Path) -> tuple[int, str]:
    args = ["plan", "--data", str(CORPUS / case["path"]), "--blanks", str(MANIFEST["blanks"]),
            "--quiet", "--json", str(out), *case.get("args", [])]
    result = runner.invoke(app, args)
    return result.exit_code, result.output


def figures(plan: Plan) -> tuple[object, ...]:
    """What a planner acts on: blanks per office, cards per area and district."""
    return (plan.status, plan.tiers, plan.shipments, plan.service,
            [(d.district_id, d.tier, d.backlog, d.served) for d in plan.districts],
            plan.kpis.cards_by_tier)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    out = tmp_path_factory.mktemp("clean") / "plan.json"
    code, output = plan_case({"path": "clean"}, out)
    assert code == 0, output
    return read_plan_json(out)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['path']}{'+' if c.get('args') else ''}"
                                              for c in CASES])
def test_corpus_case(case: dict[str, Any], clean: Plan, tmp_path: Path):
    out = tmp_path / "plan.json"
    code, output = plan_case(case, out)
    assert code == case["exit"], output
    for fragment in case.get("output", []):
        assert fragment in " ".join(output.split()), output
    if code == 2:
        assert "Traceback" not in output
        # A case run with --lang id says its fix in Bahasa Indonesia.
        args = case.get("args", [])
        indonesian = ("--lang", "id") in itertools.pairwise(args)
        fix = "    perbaikan:" if indonesian else "    fix:"
        problems = [line for line in output.splitlines()
                    if line.startswith("  ") and not line.startswith(fix)]
        assert 1 <= len(problems) <= case.get("max_lines", 3), output
        assert f"{fix} " in output or "did you mean" in output, output
        assert not out.exists()
        return
    plan = read_plan_json(out)
    if case.get("same_as") == "clean":
        assert figures(plan) == figures(clean)
    for key, expected in case.get("figures", {}).items():
        value: Any = plan.kpis
        for part in key.split("."):
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        assert value == expected, key


def test_every_corpus_file_is_in_the_manifest():
    listed = {c["path"] for c in CASES}
    tools = {"manifest.toml", "make_corpus.py", "verdicts.py", "__pycache__"}
    on_disk = {p.name for p in CORPUS.iterdir() if p.name not in tools}
    assert on_disk == listed


def test_corpus_in_a_real_process(tmp_path: Path):
    """The installed command on an office's workbook and an Indonesian-locale CSV folder."""
    exe = shutil.which("blanko") or str(Path(sys.executable).parent / "blanko")
    plans = []
    for name in ("workbook-id.xlsx", "id-locale"):
        out = tmp_path / f"{name}.json"
        done = subprocess.run([exe, "plan", "--data", str(CORPUS / name), "--blanks", "6000",
                               "--quiet", "--json", str(out)], capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        plans.append(figures(read_plan_json(out)))
    assert plans[0] == plans[1]
    bad = subprocess.run([exe, "plan", "--data", str(CORPUS / "ambiguous-counts"), "--blanks",
                          "6000"], capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 2
    assert "could be read two ways" in bad.stderr and "Traceback" not in bad.stderr
