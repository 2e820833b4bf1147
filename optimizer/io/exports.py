"""Plans out: JSON, CSV tables and an XLSX report; reading a plan JSON back.

Every file is written to a temporary file beside its target and renamed into place
(`os.replace`, atomic on one file system), so a run killed mid-write leaves the old
file or none, never an empty or truncated one. Text that a spreadsheet would run as a
formula (starting with `=`, `+`, `-`, `@`, tab or carriage return: OWASP's "CSV
injection") is written as inert text: a string cell in XLSX, prefixed with `'` in CSV.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from optimizer.schema import Instance, InvalidInput, Plan, Policy, Problem

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

if TYPE_CHECKING:  # pandas loads only for the tables (the JSON needs none: start-up)
    import pandas as pd


# The KPIs an infeasible plan has: nothing ships, so every blank stays central.
INFEASIBLE_FIGURES = frozenset({"blanks_shipped", "blanks_kept_central"})


def plan_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """The plan as flat tables (one per list of the plan JSON, plus kpis and messages)."""
    import pandas as pd

    kpis = plan.kpis.model_dump()
    # An infeasible plan ships nothing: its zero KPIs are no figures, so kpis.csv leaves
    # them empty (messages.csv says why) rather than write 0 cards; what it does say is
    # true: 0 blanks shipped, every blank kept central.
    planned = plan.status != "infeasible"
    kpi_rows: list[dict[str, Any]] = []

    def add(key: str, value: Any, shown: bool) -> None:
        if isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
            # lot_cost: each of its figures a row of its own, named as `plans diff` names
            # them (lot_cost.cards_by_tier | first_time | 200); the whole dict in one
            # cell was Python's repr of it (tester qa10), no figure a spreadsheet reads.
            for part, inner in value.items():
                add(f"{key}.{part}", inner, shown)
        elif isinstance(value, dict):
            kpi_rows.extend({"kpi": key, "tier": t, "value": v if shown else None}
                            for t, v in value.items())
        else:
            kpi_rows.append({"kpi": key, "tier": "", "value": value if shown else None})

    for key, value in kpis.items():
        add(key, value, planned or key in INFEASIBLE_FIGURES)
    return {
        "shipments": pd.DataFrame([r.model_dump() for r in plan.shipments],
                                  columns=["site_id", "blanks"]),
        "sites": pd.DataFrame([r.model_dump() for r in plan.sites]),
        "districts": pd.DataFrame([r.model_dump() for r in plan.districts]),
        "service": pd.DataFrame([r.model_dump() for r in plan.service],
                                columns=["area_id", "site_id", "tier", "cards", "km"]),
        # Object values: counts stay whole numbers in kpis.csv ("50000", not the
        # "50000.0" a float column writes, which a spreadsheet in an Indonesian locale
        # can read as 500,000), shares and km keep their decimals, a missing figure is empty.
        "kpis": pd.DataFrame(kpi_rows, columns=["kpi", "tier", "value"], dtype=object),
        "messages": pd.DataFrame([{"code": m.code, "level": m.level, "text": m.text,
                                   "params": json.dumps(m.params, sort_keys=True)}
                                  for m in plan.messages],
                                 columns=["code", "level", "text", "params"]),
    }


def plan_json(plan: Plan) -> str:
    """The plan's JSON: stable key order, two-space indent, newline at the end."""
    return plan.model_dump_json(indent=2) + "\n"


# --------------------------------------------------------------------------- safety


def inert(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, made inert for CSV (prefixed with ')."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@contextlib.contextmanager
def atomic_file(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """A file object whose content appears at `path` only once it is complete.

    The file gets the permissions a plain `open(path, "w")` would give: an existing
    file's own, else 0666 less the process's umask (tempfile.mkstemp makes 0600, which
    left a plan unreadable to the office's other accounts).
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                         dir=target.parent)
    try:
        try:
            permissions = target.stat().st_mode & 0o7777
        except OSError:
            permissions = 0o666 & ~_umask()
        os.chmod(handle, permissions)
        encoding = None if "b" in mode else "utf-8"
        newline = None if "b" in mode else ""
        with os.fdopen(handle, mode, encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it
    (/proc/self/status); elsewhere set and restored at once."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic_write(path: Path, write: Callable[[IO[Any]], None], binary: bool = False) -> None:
    with atomic_file(path, "wb" if binary else "w") as stream:
        write(stream)


# The CSV files `--csv DIR` writes (plan_tables' names), named here so that the output
# check needs no pandas.
PLAN_TABLES = ("shipments", "sites", "districts", "service", "kpis", "messages")


def check_output_paths(json_path: Path | None = None, csv_dir: Path | None = None,
                       xlsx_path: Path | None = None, xlsx_option: str = "--xlsx", *,
                       files: Sequence[tuple[str, Path | None]] = (),
                       folders: Sequence[tuple[str, Path | None]] = (),
                       inputs: Sequence[tuple[str, Path | None]] = ()) -> None:
    """Refuse, before any work, output paths that cannot be written or would destroy
    something.

    Raises InvalidInput (one problem per path): a missing or unwritable folder (a new
    output folder is made only inside one that exists, never its parents), a file path
    that is a folder, a CSV folder that is a file; `-` (outputs are files, never the
    terminal: a file named `-` was written); two outputs that would write the same file
    (the later one overwrote the earlier, both said written); an output that would
    overwrite an input (`inputs`: --data, --shipments, ...; a folder's files). `files`
    and `folders` are further outputs as (option, path). `xlsx_option` names the
    workbook's path as the command takes it ('' for an argument: `blanko template PATH`).
    """
    outputs: list[tuple[str, Path, bool]] = [
        (option, Path(path), is_dir) for option, path, is_dir in (
            ("--json", json_path, False), ("--csv", csv_dir, True),
            (xlsx_option, xlsx_path, False), *((o, p, False) for o, p in files),
            *((o, p, True) for o, p in folders)) if path is not None]
    problems = []
    for option, path, is_dir in outputs:
        where = f"{option} {path}".strip()
        if str(path) == "-":
            problems.append(Problem(location=where, message=(
                "is not standard output: blanko writes its outputs to files, and its "
                "report to the terminal; give a file or folder name")))
            continue
        why = _unwritable(path, is_dir)
        if why:
            problems.append(Problem(location=where, message=why))
    if xlsx_path is not None and Path(xlsx_path).suffix.lower() not in {".xlsx", ".xlsm"}:
        problems.append(Problem(location=f"{xlsx_option} {xlsx_path}".strip(),
                                message="must end in .xlsx (Excel will not open it otherwise)"))
    problems += _clashes(outputs, inputs)
    if problems:
        raise InvalidInput(problems)


def _same(path: Path) -> str:
    """A path's identity: absolute, symbolic links followed, as the OS compares names."""
    return os.path.normcase(os.path.realpath(path))


def _clashes(outputs: list[tuple[str, Path, bool]],
             inputs: Sequence[tuple[str, Path | None]]) -> list[Problem]:
    """Two outputs writing one file, and an output writing over an input."""
    written: dict[str, str] = {}  # file -> the option that writes it first
    problems = []
    read: dict[str, str] = {}
    for option, path in inputs:
        if path is None or str(path) == "-":
            continue
        path = Path(path)
        if path.is_dir():
            with contextlib.suppress(OSError):
                for entry in path.iterdir():
                    read.setdefault(_same(entry), f"{option} {path}".strip())
        read.setdefault(_same(path), f"{option} {path}".strip())
    for option, path, is_dir in outputs:
        if str(path) == "-":
            continue
        # The files written: --csv's tables; a report folder (`folders`: replay, sweep)
        # writes its own names (report.md, charts), never an input's, and is not compared.
        targets = ([path / f"{name}.csv" for name in PLAN_TABLES] if option == "--csv"
                   else [] if is_dir else [path])
        where = f"{option} {path}".strip()
        for target in targets:
            key = _same(target)
            if key in read:
                problems.append(Problem(location=where, message=(
                    f"would overwrite {target}, read by {read[key]}: give another path")))
                break
            if key in written and written[key] != option:
                problems.append(Problem(location=where, message=(
                    f"would overwrite {target}, written by {written[key]}: give each "
                    f"output its own path")))
                break
        else:
            for target in targets:
                written.setdefault(_same(target), option)
    return problems


def _unwritable(path: Path, is_dir: bool) -> str:
    if is_dir:
        if path.exists() and not path.is_dir():
            return "is a file, not a folder"
        if path.is_dir():
            return "" if os.access(path, os.W_OK | os.X_OK) else \
                f"cannot be written: no permission in {path}"
        # A new folder is made inside one that exists, never with its parents: a typo
        # in a parent would otherwise make a tree somewhere unexpected.
        parent = path.parent
        if parent.exists() and not parent.is_dir():
            return f"cannot be created: {parent} is a file"
        if not parent.is_dir():
            return f"cannot be written: the folder {parent} does not exist"
        return "" if os.access(parent, os.W_OK | os.X_OK) else \
            f"cannot be written: no permission in {parent}"
    if path.is_dir():
        return "is a folder; give a file name"
    parent = path.parent
    if not parent.is_dir():
        return f"cannot be written: the folder {parent} does not exist"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot be written: no permission in {parent}"
    if path.exists() and not os.access(path, os.W_OK):
        return "cannot be written: the file is read-only"
    return ""


# --------------------------------------------------------------------------- writers


def write_plan_json(plan: Plan, path: str | Path) -> None:
    """The plan JSON, written atomically."""
    text = plan_json(plan)
    with atomic_file(path) as stream:
        stream.write(text)


def write_plan_csv(plan: Plan, folder: str | Path) -> None:
    """One CSV per plan table (UTF-8, LF), each written atomically, text made inert."""
    import pandas as pd

    folder = Path(folder)
    folder.mkdir(exist_ok=True)  # its parent exists: check_output_paths
    for name, frame in plan_tables(plan).items():
        safe = frame.copy()
        for column in safe.columns:
            if safe[column].dtype == object or isinstance(safe[column].dtype, pd.StringDtype):
                # Built as objects: Series.map would infer a dtype again (whole counts
                # mixed with shares would come back as floats, "50000.0").
                safe[column] = pd.Series([inert(v) for v in safe[column]], index=safe.index,
                                         dtype=safe[column].dtype)
        with atomic_file(folder / f"{name}.csv") as stream:
            safe.to_csv(stream, index=False, lineterminator="\n")


def write_plan_xlsx(plan: Plan, path: str | Path, instance: Instance | None = None,
                    policy: Policy | None = None, lang: str = "en") -> None:
    """The plan as a report workbook (see `optimizer.io.report`), written atomically."""
    write_plan_report(plan, path, instance, policy, lang)


def write_plan_report(plan: Plan, path: str | Path, instance: Instance | None = None,
                      policy: Policy | None = None, lang: str = "en") -> None:
    """Summary, per-office, per-kecamatan and per-kelurahan sheets a mayor can read.

    `lang` ('en' or 'id') picks sheet names and headers; the plan's messages are written
    as they are (pass `optimizer.i18n.localize_plan(plan, lang)` for them). The same plan
    writes the same bytes (`save_workbook`).
    """
    from optimizer.io.report import report_workbook

    book = report_workbook(plan, instance, policy, lang)
    _atomic_write(Path(path), lambda stream: save_workbook(book, stream), binary=True)


# The date every workbook Blanko writes is created and modified (docProps/core.xml) and
# the date of each of its zip members: a plan has no time of its own (the same input
# gives the same plan whenever it is solved), so its report is the same bytes too.
WORKBOOK_EPOCH = (1980, 1, 1, 0, 0, 0)  # (the earliest date a zip member can have)


def save_workbook(book: Any, stream: IO[bytes]) -> None:
    """Save an openpyxl Workbook to `stream` byte for byte the same every time: created
    and modified at WORKBOOK_EPOCH (openpyxl's `save` stamps both with the clock, and
    each zip member with the local time), members in openpyxl's order, deflated."""
    import datetime as dt
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    epoch = dt.datetime(*WORKBOOK_EPOCH)

    class _Fixed(zipfile.ZipFile):
        def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any
                     ) -> None:
            if isinstance(zinfo_or_arcname, str):
                zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, WORKBOOK_EPOCH)
                zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            super().writestr(zinfo_or_arcname, data, *args, **kwargs)

        def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any
                  ) -> None:
            # (a worksheet is written to a temporary file first: its member would carry
            # the file's time)
            self.writestr(str(arcname if arcname is not None else filename),
                          Path(filename).read_bytes())

    book.properties.created = epoch
    book.properties.modified = epoch
    with _Fixed(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()


def read_plan_json(path: str | Path) -> Plan:
    """A plan JSON back (duplicate keys refused), as `Plan`."""
    from optimizer.io.strict_json import strict_json

    data = strict_json(Path(path).read_bytes(), Path(path).name)
    return Plan.model_validate(data)
