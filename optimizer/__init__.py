"""Blanko: split each shipment of e-KTP blanks across printing offices (see model.md)."""

from optimizer.schema import (
    Area,
    Distance,
    District,
    Instance,
    InvalidInput,
    Plan,
    Policy,
    Problem,
    Shipment,
    Site,
)
from optimizer.solve import solve

__all__ = [
    "Area",
    "Distance",
    "District",
    "Instance",
    "InvalidInput",
    "Plan",
    "Policy",
    "Problem",
    "Shipment",
    "Site",
    "solve",
]
