"""Re-solve a kept plan from its stored input and say whether it is reproduced.

A plan is reproduced when the plan JSON solved now equals the stored one byte for
byte, apart from `solver.seconds` (the time measured, which no run repeats). The
input is rebuilt from the record: the instance as sent, or the bundled dataset by
name (its content hash is checked against the stored one) with the overrides applied.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from optimizer.schema import Instance, InvalidInput, Policy, Problem, Shipment, unknown_id

_SECONDS = re.compile(rb'"seconds": *-?[0-9.eE+-]+')
MAX_DIFFERENCES = 100


@dataclass(frozen=True)
class Verification:
    """The answer of a re-solve: reproduced, or the JSON pointers that differ."""

    reproduced: bool
    differences: tuple[str, ...]        # RFC 6901 pointers into the plan, at most 100
    differences_total: int
    input_sha256_then: str
    input_sha256_now: str
    dataset_changed: bool               # the bundled dataset's content is not what was used
    solver_then: dict[str, str]
    solver_now: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        return {"reproduced": self.reproduced, "differences": list(self.differences),
                "differences_total": self.differences_total,
                "input_sha256_then": self.input_sha256_then,
                "input_sha256_now": self.input_sha256_now,
                "dataset_changed": self.dataset_changed,
                "solver_then": self.solver_then, "solver_now": self.solver_now}


def solver_versions() -> dict[str, str]:
    """The versions a plan depends on: blanko, OR-Tools, Python."""
    from optimizer.engine.solve import SOLVER_NAME, SOLVER_VERSION

    return {"blanko": _package_version("blanko"), SOLVER_NAME: SOLVER_VERSION,
            "python": platform.python_version()}


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def instance_sha256(instance: Instance) -> str:
    """sha256 of the instance's JSON (pydantic's field order): a dataset's content hash."""
    return hashlib.sha256(instance.model_dump_json().encode()).hexdigest()


def shipment_key(dataset: str | None, instance: Instance, shipment: Shipment,
                 reference: str | None = None) -> str:
    """What makes two plans plans for the same shipment, so that approving the later one
    supersedes the earlier: the reference the planner gave, else the source (the
    dataset's name, or the sent instance's districts, which a broken printer or a new
    backlog does not change) and the number of blanks.

    The reference is compared whole but for the spaces around it, as a dataset's name
    is: a portal's form field sent '2026-11 tranche 3 ' for the reference another request
    sent as '2026-11 tranche 3', approving both left two plans in force for one shipment
    (tester qa11b). A reference of spaces alone is none."""
    reference = reference.strip() if reference else reference
    if reference:
        return _bounded(f"ref:{reference}")
    if dataset is not None:
        return _bounded(f"dataset:{dataset}:{shipment.blanks}")
    districts = ",".join(sorted(d.district_id for d in instance.districts))
    digest = hashlib.sha256(districts.encode()).hexdigest()[:16]
    return f"instance:{digest}:{shipment.blanks}"


# The store's column (plans.shipment_key) holds this many characters.
KEY_CHARS = 200


def _bounded(key: str) -> str:
    """`key` as it is when the column holds it, else its kind and sha256. It was cut at
    200 characters, so two references of 197-200 characters that differ only at their
    end ('... batch nomor 01', '... batch nomor 02') were one shipment: approving a plan
    of one superseded the approved plan of the other (tester qa10b)."""
    if len(key) <= KEY_CHARS:
        return key  # (every key so far: unchanged)
    kind = key.partition(":")[0]
    return f"{kind}#sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def apply_overrides(instance: Instance, overrides: Mapping[str, Any]) -> Instance:
    """The instance with stored what-if overrides: `sites.{id}.printers|stock` and
    `areas.{id}.backlog.{tier}` (the /v1/plans `overrides` member). InvalidInput for an
    unknown site, area or tier."""
    sites_given: Mapping[str, Mapping[str, Any]] = overrides.get("sites") or {}
    areas_given: Mapping[str, Mapping[str, Any]] = overrides.get("areas") or {}
    site_ids = {s.site_id for s in instance.sites}
    area_ids = {a.area_id for a in instance.areas}
    problems = [Problem(location=f"overrides.sites.{s}",
                        message=unknown_id("site", s, site_ids))
                for s in sorted(sites_given.keys() - site_ids)]
    problems += [Problem(location=f"overrides.areas.{a}",
                         message=unknown_id("area", a, area_ids))
                 for a in sorted(areas_given.keys() - area_ids)]
    for area_id, change in sorted(areas_given.items()):
        problems += [Problem(location=f"overrides.areas.{area_id}.backlog.{t}",
                             message=f"tier '{t}' is not one of {list(instance.tiers)}")
                     for t in sorted((change.get("backlog") or {}).keys()
                                     - set(instance.tiers))]
    if problems:
        raise InvalidInput(problems)
    sites = tuple(
        s.model_copy(update={k: v for k, v in sites_given[s.site_id].items()
                             if k in ("printers", "stock") and v is not None})
        if s.site_id in sites_given else s for s in instance.sites)
    areas = tuple(
        a.model_copy(update={"backlog": {**a.backlog,
                                         **(areas_given[a.area_id].get("backlog") or {})}})
        if a.area_id in areas_given else a for a in instance.areas)
    # Validated again as a whole, like an instance read from a file.
    return Instance.model_validate(instance.model_copy(update={"sites": sites, "areas": areas})
                                   .model_dump())


def rebuild(source: str, dataset: str | None, dataset_sha256: str | None,
            overrides: str | None, request: bytes) -> tuple[Instance, bool]:
    """The instance a kept plan was solved for, and whether its dataset changed since."""
    changed = False
    if source == "dataset":
        from optimizer.io import datasets

        assert dataset is not None
        instance = datasets.load(dataset).instance
        changed = dataset_sha256 is not None and instance_sha256(instance) != dataset_sha256
    else:
        instance = Instance.model_validate(json.loads(request)["instance"])
    if overrides:
        instance = apply_overrides(instance, json.loads(overrides))
    return instance, changed


def reproduce(*, source: str, dataset: str | None, dataset_sha256: str | None,
              overrides: str | None, request: bytes, shipment: str, policy: str,
              input_sha256: str, plan: bytes, solver_versions_then: str) -> Verification:
    """Solve the stored input again and compare with the stored plan JSON.

    Arguments are a PlanRecord's fields (plain data, so this can run in a solver
    process). Raises InvalidInput when the stored input no longer loads."""
    from optimizer.engine.solve import solve
    from optimizer.io.exports import plan_json

    instance, changed = rebuild(source, dataset, dataset_sha256, overrides, request)
    result = solve(instance, Shipment.model_validate_json(shipment),
                   Policy.model_validate_json(policy))
    now = plan_json(result).encode()
    same = _SECONDS.sub(b'"seconds": 0', now) == _SECONDS.sub(b'"seconds": 0', plan)
    differences: list[str] = []
    if not same:
        differences = json_differences(json.loads(plan), json.loads(now))
        differences = [d for d in differences if d != "/solver/seconds"] or ["(formatting)"]
    return Verification(reproduced=same, differences=tuple(differences[:MAX_DIFFERENCES]),
                        differences_total=len(differences), input_sha256_then=input_sha256,
                        input_sha256_now=result.input_sha256, dataset_changed=changed,
                        solver_then=json.loads(solver_versions_then),
                        solver_now=solver_versions())


def json_differences(before: Any, after: Any, at: str = "") -> list[str]:
    """JSON pointers (RFC 6901) of the values that differ between two JSON documents."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(before.keys() | after.keys()):
            here = f"{at}/{_escape(key)}"
            if key not in before or key not in after:
                found.append(here)
            else:
                found += json_differences(before[key], after[key], here)
        return found
    if isinstance(before, list) and isinstance(after, list):
        found = []
        for i in range(max(len(before), len(after))):
            if i >= len(before) or i >= len(after):
                found.append(f"{at}/{i}")
            else:
                found += json_differences(before[i], after[i], f"{at}/{i}")
        return found
    return [] if before == after and type(before) is type(after) else [at]


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
