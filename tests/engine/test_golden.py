"""Golden plans: the Palembang plan JSON for 40,000 and 50,000 blanks, byte for byte.

The files under tests/data/golden/ were written by the engine before a refactor
(only `solver.seconds` zeroed); a change of any other byte is a change of behaviour
and must be deliberate: regenerate them with `python -m tests.engine.test_golden` and say
why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from optimizer import Shipment, datasets, plan_json, solve

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
BLANKS = (40_000, 50_000)


def _plan_text(blanks: int) -> str:
    ds = datasets.load("palembang")
    plan = json.loads(plan_json(solve(ds.instance, Shipment(blanks=blanks), ds.policy())))
    plan["solver"]["seconds"] = 0.0
    return json.dumps(plan, indent=2) + "\n"


@pytest.mark.parametrize("blanks", BLANKS)
def test_palembang_plan_is_unchanged(blanks: int) -> None:
    expected = (GOLDEN / f"palembang_{blanks}.json").read_text(encoding="utf-8")
    assert _plan_text(blanks) == expected


if __name__ == "__main__":  # regenerate, deliberately
    for b in BLANKS:
        (GOLDEN / f"palembang_{b}.json").write_text(_plan_text(b), encoding="utf-8")
