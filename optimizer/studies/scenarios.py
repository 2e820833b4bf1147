"""Named scenarios for the policy sweep: one documented TOML file each.

A scenario file (benchmarks/scenarios/*.toml) holds

    name = "printer-bound"              # a slug: letters, digits, '-'
    title = "Printers bind, unevenly"   # one line for tables
    description = "..."                 # why it is there, and its sources
    question = "..."                    # where optimization should (or should not) matter
    dataset = "palembang"               # a bundled dataset (`blanko datasets`)
    schedule = "tranches=6,every=20,blanks=80000-120000"   # replay.parse_schedule
    max_travel_km = 8                   # optional; default: the dataset's suggestion
    arrivals_per_day = 250              # optional; replay defaults otherwise
    failure_prob = 0.02                 # optional
    repair_days = 10                    # optional
    seed = 2017                         # optional, 0 by default
    hosts = true                        # optional: use the dataset's hosts.csv
    release = "below=5000,blanks=10000,lead=5"   # optional: replay.parse_release
    deadline = 60                       # optional: working days (default: the horizon)

    [sites.KEC-16.71.15]                # optional overrides of sites.csv, per site_id
    printers = 1
    cards_per_printer_day = 100

Every error names the file and the key.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from optimizer.io import datasets
from optimizer.schema import (
    Instance,
    InvalidInput,
    Policy,
    Problem,
    _show,
    problems_from,
    unknown_id,
)
from optimizer.studies.hosts import check, load_hosts
from optimizer.studies.replay import SEED_MAX, ReplayConfig, parse_release, parse_schedule

_KEYS = {"name", "title", "description", "question", "dataset", "schedule", "max_travel_km",
         "arrivals_per_day", "failure_prob", "repair_days", "seed", "hosts", "release",
         "deadline", "sites"}
_REQUIRED = ("name", "title", "description", "question", "dataset", "schedule")
_SITE_KEYS = {"printers", "cards_per_printer_day", "stock", "storage_cap"}
_KINDS: dict[Any, str] = {(int, float): "must be a number", int: "must be a whole number",
                          bool: "must be true or false"}
_TYPE_FIXES: dict[Any, str] = {(int, float): "write {key} as a number without quotes",
                               int: "write {key} as a whole number without quotes",
                               bool: "write {key} = true or {key} = false"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Scenario:
    """One scenario file, parsed (not yet applied: see `build`)."""

    name: str
    title: str
    description: str
    question: str
    dataset: str
    schedule: str
    source: str = ""  # the file it came from, for messages
    max_travel_km: float | None = None
    arrivals_per_day: float | None = None
    failure_prob: float | None = None
    repair_days: int | None = None
    seed: int = 0
    hosts: bool = False
    release: str | None = None
    deadline: int | None = None
    sites: dict[str, dict[str, int]] = field(default_factory=dict)
    digest: str = ""  # sha256 of the file's bytes: a changed file is a new scenario
    path: str = ""  # the file as given (the sweep report names it; tester qa10)

    def build(self, policies: tuple[str, ...], replications: int
              ) -> tuple[Instance, Policy, ReplayConfig]:
        """The instance, policy and replay configuration the scenario describes."""
        where = self.source or self.name
        ds = datasets.load(self.dataset)
        instance = _override_sites(ds.instance, self.sites, where)
        limit = self.max_travel_km if self.max_travel_km is not None else \
            ds.suggested_max_travel_km
        try:
            policy = Policy(max_travel_km=limit)
        except ValidationError as error:
            raise InvalidInput(problems_from(error, prefix=(where,))) from None
        hosts: dict[str, str] = {}
        if self.hosts:
            hosts = load_hosts(datasets.data_root() / self.dataset)
            if not hosts:
                raise InvalidInput([Problem(location=f"{where}, hosts",
                                            message=f"dataset '{self.dataset}' has no hosts.csv",
                                            fix="leave out hosts = true, or plan a dataset "
                                                "with a hosts.csv (palembang-2017)")])
            check(instance, hosts, source=f"{self.dataset}/hosts.csv")
        extra: dict[str, Any] = {k: v for k, v in (
            ("arrivals_per_day", self.arrivals_per_day), ("failure_prob", self.failure_prob),
            ("repair_days", self.repair_days)) if v is not None}
        try:
            config = ReplayConfig(
                schedule=parse_schedule(self.schedule), policies=policies,
                replications=replications, seed=self.seed, hosts=tuple(sorted(hosts.items())),
                release=parse_release(self.release) if self.release else None,
                deadline=self.deadline, **extra)
        except InvalidInput as error:
            raise InvalidInput([_in_file(p, where) for p in error.problems]) from None
        return instance, policy, config


# The replay's own refusals of a scenario's keys, and the fix each needs in a file.
_FILE_FIXES = {"deadline": "give a deadline within the schedule's working days, or leave it "
                           "out (the horizon)",
               "failure_prob": "write failure_prob as a chance from 0 to 1, e.g. 0.02",
               "repair_days": "write repair_days as a whole number of working days >= 1",
               "arrivals_per_day": "write arrivals_per_day as a number >= 0, e.g. 250"}


def _in_file(problem: Problem, where: str) -> Problem:
    """A replay's refusal of a key the file gave, located in the file (tester qa9: a bare
    'deadline: must be in 1..40' named no file), with the fix when it has none."""
    key = problem.location
    if key.startswith(where):
        return problem
    fix = problem.fix or _FILE_FIXES.get(key, "")
    return problem.model_copy(update={"location": f"{where}, {key}", "fix": fix})


_KEY_FIX = "rename it to one of the known keys, or delete the line"


def load_scenario(path: Path) -> Scenario:
    """Parse one scenario file; InvalidInput naming the file and key."""
    where = path.name
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise InvalidInput([Problem(location=str(path), message="does not exist")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput([Problem(location=where, message=f"not TOML: {error}",
                                    fix="correct the file at the line and column shown: "
                                        "key = value, text in double quotes")]) from None
    problems = [Problem(location=f"{where}, {k}", message="is not a known key (known: "
                        f"{', '.join(sorted(_KEYS))})", fix=_KEY_FIX)
                for k in sorted(set(data) - _KEYS)]
    problems += [Problem(location=f"{where}, {k}", message="is required but missing")
                 for k in _REQUIRED if k not in data]
    problems += [Problem(location=f"{where}, {k}", message="must be text")
                 for k in (*_REQUIRED, "release") if k in data and not isinstance(data[k], str)]
    if isinstance(data.get("name"), str) and not _SLUG.match(data["name"]):
        problems.append(Problem(location=f"{where}, name",
                                message="must be lower-case letters, digits and '-'",
                                fix="write the name as e.g. supply-bound"))
    sites = data.get("sites", {})
    if not isinstance(sites, dict) or not all(isinstance(v, dict) for v in sites.values()):
        problems.append(Problem(location=f"{where}, sites", message="must be tables per site_id",
                                fix="write each office as a table, [sites.KEC-16.71.01], with "
                                    "its keys below it"))
        sites = {}
    for site_id, values in sites.items():
        for key, value in values.items():
            if key not in _SITE_KEYS:
                known = ", ".join(sorted(_SITE_KEYS))
                problems.append(Problem(location=f"{where}, sites.{site_id}.{key}",
                                        message=f"unknown (known: {known})", fix=_KEY_FIX))
            elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problems.append(Problem(location=f"{where}, sites.{site_id}.{key}",
                                        message="must be a whole number >= 0"))
    for key, kind in (("max_travel_km", (int, float)), ("arrivals_per_day", (int, float)),
                      ("failure_prob", (int, float)), ("repair_days", int), ("seed", int),
                      ("deadline", int), ("hosts", bool)):
        value = data.get(key)
        if value is not None and (not isinstance(value, kind)
                                  or (kind is not bool and isinstance(value, bool))):
            # What the key takes, as the schema says it (tester qa9: "has the wrong type").
            problems.append(Problem(location=f"{where}, {key}", message=f"{_KINDS[kind]}, got "
                                                                        f"{_show(value)}",
                                    fix=_TYPE_FIXES[kind].format(key=key)))
    seed = data.get("seed", 0)
    if isinstance(seed, int) and not isinstance(seed, bool) and not 0 <= seed <= SEED_MAX:
        problems.append(Problem(location=f"{where}, seed", message=f"must be in 0..{SEED_MAX:,}",
                                fix="give a whole number seed from 0"))
    if problems:
        raise InvalidInput(problems)
    if data["dataset"] not in datasets.names():
        raise InvalidInput([Problem(location=f"{where}, dataset",
                                    message=f"unknown dataset '{data['dataset']}'")])
    return Scenario(
        name=data["name"], title=data["title"], description=data["description"].strip(),
        question=data["question"].strip(), dataset=data["dataset"], schedule=data["schedule"],
        source=where, max_travel_km=data.get("max_travel_km"),
        arrivals_per_day=data.get("arrivals_per_day"), failure_prob=data.get("failure_prob"),
        repair_days=data.get("repair_days"), seed=data.get("seed", 0),
        hosts=data.get("hosts", False), release=data.get("release"),
        deadline=data.get("deadline"), sites=sites,
        digest=hashlib.sha256(raw).hexdigest(), path=path.as_posix())


def _override_sites(instance: Instance, overrides: dict[str, dict[str, int]],
                    where: str) -> Instance:
    known = {s.site_id for s in instance.sites}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise InvalidInput([Problem(location=f"{where}, sites.{s}",
                                    message=unknown_id("site", s, known)) for s in unknown])
    if not overrides:
        return instance
    sites = tuple(s.model_copy(update=overrides.get(s.site_id, {})) for s in instance.sites)
    try:  # re-validate: a copy with updates skips the field checks
        return Instance.model_validate(instance.model_copy(update={"sites": sites}).model_dump())
    except ValidationError as error:
        raise InvalidInput(problems_from(error, prefix=(where,))) from None
