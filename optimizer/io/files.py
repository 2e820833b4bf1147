"""Files in and out: the only module that touches the file system for instances and plans.

An instance is a folder with `sites.csv`, `areas.csv` and optional `districts.csv`
and `distances.csv`, or one `.xlsx` workbook with sheets of the same names, or an
instance `.json`. Column names are the field names of model.md; every column of
`areas` that is not a known field is a demand tier's backlog, in column order.
Every bad value is reported with its file, row and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import ValidationError

from optimizer.schema import (
    DEFAULT_TIERS,
    Area,
    Instance,
    InvalidInput,
    Problem,
    Site,
    problems_from,
)

TABLES = ("sites", "areas", "districts", "distances")
REQUIRED_TABLES = ("sites", "areas")
INT_COLUMNS = {
    "sites": {"printers", "cards_per_printer_day", "working_days", "stock", "storage_cap"},
    "areas": {"population"},
    "districts": set(),
    "distances": set(),
}
FLOAT_COLUMNS = {"sites": {"lat", "lon"}, "areas": {"lat", "lon"}, "districts": set(),
                 "distances": {"km"}}
KNOWN_COLUMNS = {
    "sites": set(Site.model_fields),
    "areas": set(Area.model_fields) - {"backlog"},
    "districts": {"district_id", "name"},
    "distances": {"area_id", "site_id", "km"},
}
OPTIONAL_EMPTY = {"storage_cap", "name", "population", "stock"}
_INTEGER_TEXT = re.compile(r"^[+-]?\d+(\.0*)?$")


def load_instance(path: str | Path, name: str | None = None) -> Instance:
    """Read an instance from a folder of CSVs, an `.xlsx` workbook or a `.json` file."""
    path = Path(path)
    if path.suffix.lower() == ".json" and path.is_file():
        try:
            return Instance.model_validate_json(path.read_bytes())
        except ValidationError as error:
            raise InvalidInput(problems_from(error, prefix=(path.name,))) from None
    tables, sources = _read_tables(path)
    return instance_from_tables(tables, sources, name or path.stem)


def _read_tables(path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    if path.is_dir():
        found = {t: path / f"{t}.csv" for t in TABLES if (path / f"{t}.csv").is_file()}
        _require(found, path)
        return ({t: pd.read_csv(f, dtype=str, keep_default_na=False, skipinitialspace=True)
                 for t, f in found.items()}, {t: f.name for t, f in found.items()})
    if path.suffix.lower() in {".xlsx", ".xlsm"} and path.is_file():
        sheets = pd.read_excel(path, sheet_name=None, dtype=object)
        found_sheets = {t: sheets[t] for t in TABLES if t in sheets}
        _require(found_sheets, path)
        return ({t: df.where(pd.notna(df), "") for t, df in found_sheets.items()},
                {t: f"{path.name}[{t}]" for t in found_sheets})
    raise InvalidInput([Problem(location=str(path),
                                message="must be a folder of CSV files, an .xlsx workbook "
                                        "or an instance .json file")])


def _require(found: Mapping[str, object], path: Path) -> None:
    missing = [t for t in REQUIRED_TABLES if t not in found]
    if missing:
        raise InvalidInput([Problem(location=str(path), message=f"has no '{t}' table "
                                    f"({t}.csv or a sheet named {t})") for t in missing])


def instance_from_tables(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, str],
                         name: str = "instance") -> Instance:
    """Build and validate an instance from raw tables; errors name file, row and column."""
    problems: list[Problem] = []
    for table, frame in tables.items():
        problems += _column_problems(table, frame, sources[table])
    if problems:
        raise InvalidInput(problems)
    areas = tables["areas"]
    tiers = [c for c in areas.columns if c not in KNOWN_COLUMNS["areas"]] or list(DEFAULT_TIERS)
    data: dict[str, Any] = {"name": name, "tiers": tiers}
    for table, frame in tables.items():
        data[table] = _rows(table, frame, tiers if table == "areas" else [])
    try:
        return Instance.model_validate(data)
    except ValidationError as error:
        raise InvalidInput([_locate(p, tables, sources, tiers)
                            for p in problems_from(error)]) from None


def _column_problems(table: str, frame: pd.DataFrame, source: str) -> list[Problem]:
    required = {
        "sites": {"site_id", "district_id", "lat", "lon", "printers", "cards_per_printer_day",
                  "working_days"},
        "areas": {"area_id", "district_id", "lat", "lon"},
        "districts": {"district_id"},
        "distances": {"area_id", "site_id", "km"},
    }[table]
    columns = [str(c) for c in frame.columns]
    problems = [Problem(location=f"{source}, column {c}", message="is required but missing")
                for c in sorted(required - set(columns))]
    if table != "areas":
        problems += [Problem(location=f"{source}, column {c}", message="is not a known column "
                             f"(known: {', '.join(sorted(KNOWN_COLUMNS[table]))})")
                     for c in columns if c not in KNOWN_COLUMNS[table]]
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    problems += [Problem(location=f"{source}, column {c}", message="appears twice") for c in dupes]
    return problems


def _rows(table: str, frame: pd.DataFrame, tiers: list[str]) -> list[dict[str, Any]]:
    """Typed rows, converted a column at a time; odd cells keep their text for the error."""
    columns: dict[str, list[Any]] = {}
    dropped: dict[str, npt.NDArray[np.bool_]] = {}
    for column in frame.columns:
        key = str(column)
        text = frame[column].astype(str)
        numeric = key in FLOAT_COLUMNS[table] or key in INT_COLUMNS[table] or key in tiers
        optional = key in OPTIONAL_EMPTY or (table == "areas" and key == "name")
        # Ids and names must match exactly, and a blank optional cell is empty; other
        # numbers are parsed anyway (stripping every column costs time on large files).
        if optional or not numeric:
            text = text.str.strip()
        if optional:
            dropped[key] = (text == "").to_numpy()
        if key in FLOAT_COLUMNS[table]:
            columns[key] = _floats(text)
        elif key in INT_COLUMNS[table] or key in tiers:
            columns[key] = _wholes(text)
        else:
            columns[key] = text.tolist()
    keys = [k for k in columns if k not in tiers]
    rows = [dict(zip(keys, values, strict=True))
            for values in zip(*(columns[k] for k in keys), strict=True)]
    if tiers:
        # Tier keys in sorted order, as the schema stores them.
        ordered = sorted(tiers)
        for row, values in zip(rows, zip(*(columns[t] for t in ordered), strict=True),
                               strict=True):
            row["backlog"] = dict(zip(ordered, values, strict=True))
    for key, empty in dropped.items():
        for i in np.flatnonzero(empty):
            del rows[i][key]
    return rows


def _floats(text: pd.Series) -> list[Any]:
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64)
    values: list[Any] = numbers.tolist()
    for i in np.flatnonzero(np.isnan(numbers)):
        values[i] = _number(text.iloc[i].strip())
    return values


def _wholes(text: pd.Series) -> list[Any]:
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64)
    whole = np.isfinite(numbers) & (np.floor(numbers) == numbers) & (np.abs(numbers) < 2**53)
    values: list[Any] = np.where(whole, numbers, 0).astype(np.int64).tolist()
    for i in np.flatnonzero(~whole):
        values[i] = _whole(text.iloc[i].strip())
    return values


def _whole(value: Any) -> Any:
    """An integer where the cell holds one (also '12' or 12.0); otherwise the value as read."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else value
    if isinstance(value, str) and _INTEGER_TEXT.match(value):
        return int(float(value)) if "." in value else int(value)
    return _number(value)


def _number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _locate(problem: Problem, tables: Mapping[str, pd.DataFrame], sources: Mapping[str, str],
            tiers: list[str]) -> Problem:
    """'areas[12].backlog.first_time' -> 'areas.csv row 14, column first_time'."""
    match = re.match(r"^(\w+)\[(\d+)\](?:\.backlog)?(?:\.(\w+))?", problem.location)
    if not match or match.group(1) not in tables:
        return problem
    table, index, column = match.group(1), int(match.group(2)), match.group(3)
    where = f"{sources[table]} row {index + 2}"
    if column:
        where += f", column {column}"
    return Problem(location=where, message=problem.message, pointer=problem.pointer)
