"""Workbooks a planner would upload, made from the bundled Palembang CSV files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimizer import datasets

BAD_ROW = 7  # the spreadsheet row of the bad cell (row 1 holds the headers)
BAD_VALUE = "banyak"  # "many": text where a count belongs


def palembang_workbook(path: Path, bad_cell: bool = False) -> Path:
    """sites/areas/districts/distances sheets; with bad_cell, areas!first_time at BAD_ROW
    holds the text 'banyak' instead of a count."""
    folder = datasets.data_root() / "palembang"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for table in ("sites", "areas", "districts", "distances"):
            frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
            for column in frame.columns:  # numbers as numbers, the way Excel holds them
                if not column.endswith("_id") and column != "name":
                    frame[column] = pd.to_numeric(frame[column])
            if table == "areas" and bad_cell:
                frame = frame.astype(object)
                frame.loc[BAD_ROW - 2, "first_time"] = BAD_VALUE
            frame.to_excel(writer, sheet_name=table, index=False)
    return path
