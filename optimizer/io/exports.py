"""Plans out: JSON, CSV tables and an XLSX workbook; reading a plan JSON back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from optimizer.schema import Plan

if TYPE_CHECKING:  # pandas loads only for the tables (the JSON needs none: start-up)
    import pandas as pd


def plan_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """The plan as flat tables (one per list of the plan JSON, plus kpis and messages)."""
    import pandas as pd

    kpis = plan.kpis.model_dump()
    kpi_rows = []
    for key, value in kpis.items():
        if isinstance(value, dict):
            kpi_rows += [{"kpi": key, "tier": t, "value": v} for t, v in value.items()]
        else:
            kpi_rows.append({"kpi": key, "tier": "", "value": value})
    return {
        "shipments": pd.DataFrame([r.model_dump() for r in plan.shipments],
                                  columns=["site_id", "blanks"]),
        "sites": pd.DataFrame([r.model_dump() for r in plan.sites]),
        "districts": pd.DataFrame([r.model_dump() for r in plan.districts]),
        "service": pd.DataFrame([r.model_dump() for r in plan.service],
                                columns=["area_id", "site_id", "tier", "cards", "km"]),
        "kpis": pd.DataFrame(kpi_rows, columns=["kpi", "tier", "value"]),
        "messages": pd.DataFrame([{"code": m.code, "level": m.level, "text": m.text,
                                   "params": json.dumps(m.params, sort_keys=True)}
                                  for m in plan.messages],
                                 columns=["code", "level", "text", "params"]),
    }


def plan_json(plan: Plan) -> str:
    """The plan's JSON: stable key order, two-space indent, newline at the end."""
    return plan.model_dump_json(indent=2) + "\n"


def write_plan_json(plan: Plan, path: str | Path) -> None:
    Path(path).write_text(plan_json(plan), encoding="utf-8")


def write_plan_csv(plan: Plan, folder: str | Path) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in plan_tables(plan).items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")


def write_plan_xlsx(plan: Plan, path: str | Path) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in plan_tables(plan).items():
            frame.to_excel(writer, sheet_name=name, index=False)


def read_plan_json(path: str | Path) -> Plan:
    return Plan.model_validate_json(Path(path).read_bytes())
