"""Blanko: split each shipment of e-KTP blanks across printing offices (docs/model.md).

The public API. Layers, with imports running one way:

    optimizer.cli  ->  optimizer.studies  ->  optimizer.engine  ->  optimizer.schema
                   ->  optimizer.io       ------------------------>  optimizer.schema

- `optimizer.schema`: the contract (instance, shipment, policy, plan), pydantic.
- `optimizer.engine`: the flow network, the staged model, `solve`, `evaluate`.
- `optimizer.io`: files in and out, bundled and synthetic datasets.
- `optimizer.studies`: baseline policies, `compare`, the multi-shipment `replay`.

Every name loads on first use, the contract (pydantic) included, so `import
optimizer` costs nothing until a name is used and `blanko --help` (under
`optimizer.cli`) never loads the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from optimizer import i18n, store
    from optimizer.engine.evaluate import Evaluation, evaluate
    from optimizer.engine.kpis import central_sites, time_limit_capped
    from optimizer.engine.pins import PricedPins, price_pins, site_not_in_instance
    from optimizer.engine.size import allowed_pair_count
    from optimizer.engine.solve import input_sha256, solve
    from optimizer.engine.wording import percent_places
    from optimizer.i18n import localize_messages, localize_plan, pick_language
    from optimizer.io import datasets
    from optimizer.io.exports import plan_json, write_plan_xlsx
    from optimizer.io.files import (
        FOLDER_SUFFIXES,
        UPLOAD_BOOKS_FIX,
        folder_tables,
        read_instance,
    )
    from optimizer.io.files import load_instance as load
    from optimizer.io.plausible import implausible
    from optimizer.io.separators import OptionRefused, page_fix, read_option
    from optimizer.io.strict_json import JsonRefused, strict_dumps, strict_json
    from optimizer.schema import (
        NO_CONTROL,
        NOTE_TEXT,
        Area,
        Count,
        Distance,
        District,
        Id,
        Instance,
        InvalidInput,
        Kpis,
        Message,
        Plan,
        PlanCost,
        Policy,
        Problem,
        Shipment,
        Site,
        Status,
        TierName,
        json_pointer,
        problems_from,
        unknown_id,
    )
    from optimizer.studies.hosts import active_hosts, dataset_hosts
    from optimizer.studies.hosts import check as check_hosts
    from optimizer.studies.registry import POLICIES, POLICY_NAMES, Comparison, compare, plan_policy
    from optimizer.studies.registry import label as policy_label
    from optimizer.studies.replay import ReplayConfig, parse_schedule, replay

_SCHEMA = ("Area", "Count", "Distance", "District", "Id", "Instance", "InvalidInput", "Kpis",
           "Message", "NO_CONTROL", "NOTE_TEXT", "Plan", "PlanCost", "Policy", "Problem",
           "Shipment", "Site", "Status",
           "TierName",
           "json_pointer", "problems_from", "unknown_id")

# name -> (module, attribute or None for the module itself)
_LAZY: dict[str, tuple[str, str | None]] = {
    "solve": ("optimizer.engine.solve", "solve"),
    "input_sha256": ("optimizer.engine.solve", "input_sha256"),
    "evaluate": ("optimizer.engine.evaluate", "evaluate"),
    "allowed_pair_count": ("optimizer.engine.size", "allowed_pair_count"),
    "time_limit_capped": ("optimizer.engine.kpis", "time_limit_capped"),
    "central_sites": ("optimizer.engine.kpis", "central_sites"),
    "percent_places": ("optimizer.engine.wording", "percent_places"),
    "Evaluation": ("optimizer.engine.evaluate", "Evaluation"),
    "price_pins": ("optimizer.engine.pins", "price_pins"),
    "PricedPins": ("optimizer.engine.pins", "PricedPins"),
    "site_not_in_instance": ("optimizer.engine.pins", "site_not_in_instance"),
    "load": ("optimizer.io.files", "load_instance"),
    "read_instance": ("optimizer.io.files", "read_instance"),
    "folder_tables": ("optimizer.io.files", "folder_tables"),
    "FOLDER_SUFFIXES": ("optimizer.io.files", "FOLDER_SUFFIXES"),
    "UPLOAD_BOOKS_FIX": ("optimizer.io.files", "UPLOAD_BOOKS_FIX"),
    "implausible": ("optimizer.io.plausible", "implausible"),
    "page_fix": ("optimizer.io.separators", "page_fix"),
    "read_option": ("optimizer.io.separators", "read_option"),
    "OptionRefused": ("optimizer.io.separators", "OptionRefused"),
    "datasets": ("optimizer.io.datasets", None),
    "plan_json": ("optimizer.io.exports", "plan_json"),
    "strict_json": ("optimizer.io.strict_json", "strict_json"),
    "strict_dumps": ("optimizer.io.strict_json", "strict_dumps"),
    "JsonRefused": ("optimizer.io.strict_json", "JsonRefused"),
    "write_plan_xlsx": ("optimizer.io.exports", "write_plan_xlsx"),
    "compare": ("optimizer.studies.registry", "compare"),
    "dataset_hosts": ("optimizer.studies.hosts", "dataset_hosts"),
    "active_hosts": ("optimizer.studies.hosts", "active_hosts"),
    "check_hosts": ("optimizer.studies.hosts", "check"),
    "Comparison": ("optimizer.studies.registry", "Comparison"),
    "POLICIES": ("optimizer.studies.registry", "POLICIES"),
    "POLICY_NAMES": ("optimizer.studies.registry", "POLICY_NAMES"),
    "plan_policy": ("optimizer.studies.registry", "plan_policy"),
    "policy_label": ("optimizer.studies.registry", "label"),
    "replay": ("optimizer.studies.replay", "replay"),
    "ReplayConfig": ("optimizer.studies.replay", "ReplayConfig"),
    "parse_schedule": ("optimizer.studies.replay", "parse_schedule"),
    "store": ("optimizer.store", None),
    **{name: ("optimizer.schema", name) for name in _SCHEMA},
    "localize_plan": ("optimizer.i18n", "localize_plan"),
    "localize_messages": ("optimizer.i18n", "localize_messages"),
    "pick_language": ("optimizer.i18n", "pick_language"),
    "i18n": ("optimizer.i18n", None),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'optimizer' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    loaded = importlib.import_module(module)
    value = loaded if attribute is None else getattr(loaded, attribute)
    globals()[name] = value
    return value


__all__ = [
    "FOLDER_SUFFIXES",
    "NOTE_TEXT",
    "NO_CONTROL",
    "POLICIES",
    "POLICY_NAMES",
    "UPLOAD_BOOKS_FIX",
    "Area",
    "Comparison",
    "Count",
    "Distance",
    "District",
    "Evaluation",
    "Id",
    "Instance",
    "InvalidInput",
    "JsonRefused",
    "Kpis",
    "Message",
    "OptionRefused",
    "Plan",
    "PlanCost",
    "Policy",
    "PricedPins",
    "Problem",
    "ReplayConfig",
    "Shipment",
    "Site",
    "Status",
    "TierName",
    "active_hosts",
    "allowed_pair_count",
    "central_sites",
    "check_hosts",
    "compare",
    "dataset_hosts",
    "datasets",
    "evaluate",
    "folder_tables",
    "i18n",
    "implausible",
    "input_sha256",
    "json_pointer",
    "load",
    "localize_messages",
    "localize_plan",
    "page_fix",
    "parse_schedule",
    "percent_places",
    "pick_language",
    "plan_json",
    "plan_policy",
    "policy_label",
    "price_pins",
    "problems_from",
    "read_instance",
    "read_option",
    "replay",
    "site_not_in_instance",
    "solve",
    "store",
    "strict_dumps",
    "strict_json",
    "time_limit_capped",
    "unknown_id",
    "write_plan_xlsx",
]
