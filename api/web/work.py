"""What the page's requests run in the solver processes: read the input, plan, compare.

Like api/jobs.py, every function here runs in a worker of `workers.SolvePool` and
returns a value instead of raising, so that only plain data crosses the process
boundary. An uploaded workbook or set of CSV files is written to a private temporary
folder under its own file name (so that errors name the planner's file) and read by
the library's reader, `optimizer.load`.
"""

from __future__ import annotations

import json
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Literal, TypeVar

from pydantic import ValidationError

from api import jobs, store_jobs
from optimizer import (
    FOLDER_SUFFIXES,
    POLICIES,
    UPLOAD_BOOKS_FIX,
    Instance,
    InvalidInput,
    Message,
    Plan,
    Policy,
    Problem,
    Shipment,
    dataset_hosts,
    datasets,
    folder_tables,
    plan_policy,
    problems_from,
    read_instance,
    solve,
    time_limit_capped,
)

T = TypeVar("T")

# A workbook or an instance JSON alone, or the files of a data folder (the CSV tables):
# which table each file is, is the command line's rule (optimizer.folder_tables), tiers
# included: the page has no --tiers, so a file of other tiers than first_time,
# replacement declares them in the tiers table.
UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".json", *FOLDER_SUFFIXES)


@dataclass(frozen=True)
class Upload:
    """A file the planner sent: its name (no folders) and bytes."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class Source:
    """The input of a page request: a bundled dataset, or the planner's files."""

    dataset: str | None = None
    uploads: tuple[Upload, ...] = ()
    locale: Literal["id", "en"] | None = None  # how the files write numbers; None: detect


@dataclass(frozen=True)
class Knobs:
    """The shipment and policy the planner set on the form (None: the default)."""

    blanks: int | None
    reserve: int = 0
    lot_size: int = 1
    max_travel_km: float | None = None
    equity: bool = True
    time_limit_s: float = 10.0


@dataclass(frozen=True)
class Planned:
    instance: Instance
    shipment: Shipment
    policy: Policy
    plan: Plan
    title: str
    estimated: tuple[str, ...] = ()  # columns the bundled dataset estimates (its README)
    notes: tuple[str, ...] = ()  # how the planner's files were read (English, the reader's)
    letterhead: str = ""  # whose office the letters are from ('' : no name to give)


@dataclass(frozen=True)
class Compared:
    instance: Instance
    shipment: Shipment
    plans: tuple[tuple[str, Plan], ...]


@dataclass(frozen=True)
class Refused:
    """Bad input: every problem located (file, row, column) by the library."""

    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Crashed:
    error: str  # the traceback, for the server log only


def plan(source: Source, knobs: Knobs, max_time_limit_s: float) -> Planned | Refused | Crashed:
    """The optimal plan of the source under the knobs."""
    def run() -> Planned:
        instance, shipment, policy, title, notes = _inputs(source, knobs, max_time_limit_s)
        jobs._report(policy.time_limit_s)  # the deadline: this time limit plus the grace
        estimated = datasets.load(source.dataset).estimated_columns if source.dataset else ()
        made = jobs.with_note(solve(instance, shipment, policy),
                              _capped(knobs, max_time_limit_s))
        return Planned(instance, shipment, policy, made, title,
                       tuple(sorted({c.split(".")[-1] for c in estimated})), notes,
                       _letterhead(source, instance, title))

    return _guarded(run)


def compare(source: Source, knobs: Knobs, max_time_limit_s: float,
            ) -> Compared | Refused | Crashed:
    """Every policy of the registry (the optimizer and the baselines) on the same shipment,
    a bundled dataset's hosts served as `blanko compare` serves them."""
    def run() -> Compared:
        instance, shipment, policy, _, _ = _inputs(source, knobs, max_time_limit_s)
        jobs._report(policy.time_limit_s * len(POLICIES))  # each policy may take its limit
        note = _capped(knobs, max_time_limit_s)
        # A bundled dataset's printerless kecamatan at their host offices (hosts.csv), as
        # `blanko compare` and POST /v1/comparisons plan them: the same figures.
        hosts = dataset_hosts(instance, source.dataset)
        plans = tuple((name, jobs.with_note(plan_policy(name, instance, shipment, policy,
                                                        hosts=hosts), note))
                      for name in POLICIES)
        return Compared(instance, shipment, plans)

    return _guarded(run)


def _guarded(run: Callable[[], T]) -> T | Refused | Crashed:
    """`run()`, with bad input as a Refused (its located problems) and any other error as
    a Crashed carrying the traceback (the page shows a sentence, the log the traceback)."""
    try:
        return run()
    except InvalidInput as error:
        return Refused(error.problems)
    except ValidationError as error:
        return Refused(tuple(problems_from(error)))
    except Exception:
        return Crashed(traceback.format_exc())


@dataclass(frozen=True)
class Keep:
    """A plan to keep in the store: the POST /v1/plans body it stands for, and its Kept."""

    body: bytes
    kept: store_jobs.Kept


def keep(source: Source, knobs: Knobs, limits: jobs.Limits, label: str | None,
         ) -> Keep | Refused | Crashed:
    """The form's plan as POST /v1/plans would make and keep it (store_jobs.plan), so that
    `blanko plans verify` and the API re-solve it from the same body.

    A bundled dataset is named (with the planner's shipment and knobs); uploaded files
    are sent as the instance they read as.
    """
    try:
        body: dict[str, object] = {"save": True}
        if source.dataset is not None:
            body["dataset"] = source.dataset
        else:
            body["instance"] = _read_uploads(source.uploads, source.locale)[0].model_dump(
                mode="json")
        if knobs.blanks is not None:
            body["shipment"] = {"blanks": knobs.blanks}
        elif source.dataset is None:
            raise InvalidInput([Problem(location="blanks",
                                        message="is required for your own files",
                                        pointer="/shipment/blanks")])
        policy: dict[str, object] = {"reserve": knobs.reserve, "lot_size": knobs.lot_size,
                                     "equity": knobs.equity,
                                     "time_limit_s": knobs.time_limit_s}
        if knobs.max_travel_km is not None:
            policy["max_travel_km"] = knobs.max_travel_km
        body["policy"] = policy
        if label:
            body["label"] = label
        encoded = json.dumps(body).encode()
        outcome = store_jobs.plan(encoded, limits)
    except InvalidInput as error:
        return Refused(error.problems)
    except ValidationError as error:
        return Refused(tuple(problems_from(error)))
    except Exception:
        return Crashed(traceback.format_exc())
    if isinstance(outcome, store_jobs.Kept):
        return Keep(encoded, outcome)
    if isinstance(outcome, jobs.Rejected):
        return Refused(tuple(Problem(location=pointer or "(input)", message=message,
                                     pointer=pointer) for pointer, message in outcome.errors)
                       or (Problem(location="(input)", message=outcome.detail),))
    return Crashed(getattr(outcome, "error", "the solver process ran out of memory"))


def _letterhead(source: Source, instance: Instance, title: str) -> str:
    """The city the letters are from: a dataset's (its title reads "Palembang: 18
    kecamatan, ..."), an uploaded instance JSON's own name; '' for CSV files or a
    workbook, whose instance is named after the file (tester qa9: letters headed
    "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL: X1", a file name)."""
    if source.dataset is not None:
        return title.split(":")[0]
    own = len(source.uploads) == 1 and source.uploads[0].filename.lower().endswith(".json")
    return instance.name if own and instance.name != "instance" else ""


def _capped(knobs: Knobs, max_time_limit_s: float) -> Message | None:
    """TIME_LIMIT_CAPPED when the page's time limit was lowered to the service's cap."""
    if knobs.time_limit_s <= max_time_limit_s:
        return None
    return time_limit_capped(knobs.time_limit_s, max_time_limit_s)


def _inputs(source: Source, knobs: Knobs, max_time_limit_s: float,
            ) -> tuple[Instance, Shipment, Policy, str, tuple[str, ...]]:
    """(instance, shipment, policy, title, the reader's notes on uploaded files)."""
    notes: tuple[str, ...] = ()
    if source.dataset is not None:
        ds = datasets.load(source.dataset)
        instance, title = ds.instance, ds.title
        suggested, default_blanks = ds.suggested_max_travel_km, ds.default_blanks
    else:
        instance, notes = _read_uploads(source.uploads, source.locale)
        title, suggested, default_blanks = instance.name, None, None
    blanks = knobs.blanks if knobs.blanks is not None else default_blanks
    if blanks is None:
        raise InvalidInput([Problem(location="blanks", message="is required for your own files",
                                    pointer="/shipment/blanks")])
    shipment = Shipment(blanks=blanks)
    policy = Policy(max_travel_km=knobs.max_travel_km if knobs.max_travel_km is not None
                    else suggested, reserve=knobs.reserve, lot_size=knobs.lot_size,
                    equity=knobs.equity, time_limit_s=min(knobs.time_limit_s, max_time_limit_s))
    return instance, shipment, policy, title, notes


def _read_uploads(uploads: tuple[Upload, ...], locale: Literal["id", "en"] | None = None,
                  ) -> tuple[Instance, tuple[str, ...]]:
    """One workbook or instance JSON, or the CSV tables (sites.csv, kantor.csv,
    areas.csv, ...: any name `blanko plan --data FOLDER` reads), and the reader's notes on
    how they were read (headers, ignored columns, files that are no table, locale, ...).

    `locale` is the form's number format (the CLI's --locale): 'id' reads 1.000 as a
    thousand, 'en' as one; None lets the reader decide from the cells (and refuse a
    count either locale could read)."""
    if not uploads:
        raise InvalidInput([Problem(location="file", message="choose a workbook (.xlsx) or "
                                    "the CSV files (sites.csv, areas.csv, ...) to upload")])
    names = [PurePath(u.filename.replace("\\", "/")).name for u in uploads]
    bad = [n for n in names if PurePath(n).suffix.lower() not in UPLOAD_SUFFIXES]
    if bad:
        raise InvalidInput([Problem(location=n, message="must be an .xlsx workbook, a .csv "
                                    "table or an instance .json") for n in bad])
    tables = [n for n in names if PurePath(n).suffix.lower() in FOLDER_SUFFIXES]
    if tables and len(tables) != len(names):
        raise InvalidInput([Problem(location="file", message="upload either one workbook or "
                                    "the CSV files, not both")])
    if not tables and len(names) > 1:
        raise InvalidInput([Problem(
            location="file", message=f"{len(names)} workbooks chosen ({', '.join(names)}): "
                                     f"the page reads one workbook, with a sheet per table, "
                                     f"or the CSV files", fix=UPLOAD_BOOKS_FIX)])
    # The files are a data folder: which table each is, and two of one table (the same
    # name twice, Sites.csv beside sites.csv, kantor.csv beside sites.csv) refused, by the
    # command line's own rule, before a second file of one name could replace the first.
    folder_tables(tables, "file")
    with tempfile.TemporaryDirectory(prefix="blanko-upload-") as folder:
        root = Path(folder)
        for name, upload in zip(names, uploads, strict=True):
            (root / name).write_bytes(upload.content)
        try:
            loaded = read_instance(root, name="upload", locale=locale) if tables else \
                read_instance(root / names[0], locale=locale)
        except InvalidInput as error:
            # A problem of the folder as a whole (no sites table) is one of the files
            # chosen on the form, not of a temporary folder the planner never saw.
            # A number format chosen for an instance .json (refused: its numbers are
            # JSON's) is the form's choice, not the command line's --locale.
            raise InvalidInput([p.model_copy(update={"location": "file"})
                                if p.location == str(root) else
                                p.model_copy(update={"location": "locale"})
                                if p.location == "--locale" else p
                                for p in error.problems]) from None
        return loaded.instance, tuple(loaded.notes)
