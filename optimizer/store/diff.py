"""What changed between two plans: blanks per office, cards and coverage per
kecamatan (district), and the KPIs.

Plans are compared as stored (their JSON). A plan lists every office of its instance and
every kecamatan and tier, so an office or kecamatan missing from one plan does not exist
there (two plans of different instances): its side is null, not 0 blanks or 0 cards, and
so is its change.

An infeasible plan ships nothing and has no figures: its zero KPIs and empty lines are
no plan, not a plan of 0 cards. Its side of every row is null, and so is every change
(`before_status` / `after_status` say which side it is): no delta is ever taken
against figures that do not exist.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from optimizer.schema import Plan, Status


class OfficeChange(BaseModel):
    """One printing office: blanks sent to it before and after."""

    site_id: str = Field(description="The office.")
    district_id: str = Field(description="Its kecamatan.")
    blanks_before: int | None = Field(description="Blanks to it in the earlier plan (null: "
                                                  "that plan is infeasible, no figures, or "
                                                  "has no such office).")
    blanks_after: int | None = Field(description="Blanks to it in the later plan (null: that "
                                                 "plan is infeasible, no figures, or has no "
                                                 "such office).")
    change: int | None = Field(description="after - before (null if either side is null).")


class DistrictChange(BaseModel):
    """One kecamatan in one tier: cards and coverage (cards / backlog) before and after."""

    district_id: str = Field(description="The kecamatan.")
    tier: str = Field(description="The tier (e.g. first_time).")
    cards_before: int | None = Field(description="Cards in the earlier plan (null: that plan "
                                                 "is infeasible, no figures, or has no such "
                                                 "kecamatan and tier).")
    cards_after: int | None = Field(description="Cards in the later plan (null: that plan is "
                                                "infeasible, no figures, or has no such "
                                                "kecamatan and tier).")
    coverage_before: float | None = Field(description="Cards / backlog before, 0-1 ratio "
                                                      "(null: no backlog, or the plan is "
                                                      "infeasible).")
    coverage_after: float | None = Field(description="Cards / backlog after, 0-1 ratio "
                                                     "(null as coverage_before).")
    change: int | None = Field(description="cards after - cards before (null if either side "
                                           "is null).")


class KpiChange(BaseModel):
    """One KPI of the plans (see Kpis), before and after."""

    kpi: str = Field(description="The KPI, e.g. blanks_shipped or cards_by_tier.first_time.")
    # A count is a whole number (40000, never 40000.0); a ratio or km figure as the plan
    # writes it.
    before: int | float | None = Field(description="In the earlier plan (null: none, or that "
                                                   "plan is infeasible).")
    after: int | float | None = Field(description="In the later plan (null: none, or that "
                                                  "plan is infeasible).")
    change: int | float | None = Field(description="after - before (null if either is null): "
                                                   "whole for a count; for a ratio or km, the "
                                                   "difference of the two figures as written "
                                                   "(0.7 - 0.4 is 0.3, not "
                                                   "0.29999999999999993).")


class PlanDiff(BaseModel):
    """What changed from one plan to another."""

    before: str = Field(description="The earlier plan's id.")
    after: str = Field(description="The later plan's id.")
    before_status: Status = Field(
        description="The earlier plan's own status; infeasible: it has no "
                                       "figures, and its side of every row is null.")
    after_status: Status = Field(
        description="The later plan's own status; infeasible: it has no "
                                       "figures, and its side of every row is null.")
    offices: tuple[OfficeChange, ...] = Field(description="Every office of either plan.")
    districts: tuple[DistrictChange, ...] = Field(description="Every kecamatan and tier.")
    kpis: tuple[KpiChange, ...] = Field(description="Every numeric KPI.")


def diff(before_id: str, before: Plan, after_id: str, after: Plan) -> PlanDiff:
    """Per office, per district and tier, and per KPI: before, after, after - before; an
    infeasible plan's side null (it has no figures), and so every change; an office or
    district and tier that one plan does not have null on that side (not 0), and so its
    change."""
    had_before, had_after = _has_figures(before), _has_figures(after)
    sites_before = {s.site_id: s for s in before.sites}
    sites_after = {s.site_id: s for s in after.sites}
    offices = []
    for site_id in sorted(sites_before.keys() | sites_after.keys()):
        old, new = sites_before.get(site_id), sites_after.get(site_id)
        district = (new or old).district_id  # type: ignore[union-attr]
        b = old.blanks if old and had_before else None
        a = new.blanks if new and had_after else None
        offices.append(OfficeChange(site_id=site_id, district_id=district, blanks_before=b,
                                    blanks_after=a, change=_minus(a, b)))
    lines_before = {(d.district_id, d.tier): d for d in before.districts}
    lines_after = {(d.district_id, d.tier): d for d in after.districts}
    districts = []
    for key in sorted(lines_before.keys() | lines_after.keys()):
        old_line, new_line = lines_before.get(key), lines_after.get(key)
        cards_b = old_line.served if old_line and had_before else None
        cards_a = new_line.served if new_line and had_after else None
        districts.append(DistrictChange(
            district_id=key[0], tier=key[1], cards_before=cards_b, cards_after=cards_a,
            coverage_before=old_line.coverage if old_line and had_before else None,
            coverage_after=new_line.coverage if new_line and had_after else None,
            change=_minus(cards_a, cards_b)))
    kpis_before = _flat(before.kpis.model_dump())
    kpis_after = _flat(after.kpis.model_dump())
    kpis = []
    for name in sorted(kpis_before.keys() | kpis_after.keys()):
        b_value = kpis_before.get(name) if had_before else None
        a_value = kpis_after.get(name) if had_after else None
        kpis.append(KpiChange(kpi=name, before=b_value, after=a_value,
                              change=_minus(a_value, b_value)))
    return PlanDiff(before=before_id, after=after_id, before_status=before.status,
                    after_status=after.status, offices=tuple(offices),
                    districts=tuple(districts), kpis=tuple(kpis))


def _has_figures(plan: Plan) -> bool:
    """False for an infeasible plan: its zeros are no figures (it ships nothing)."""
    return plan.status != "infeasible"


def _minus(after: float | None, before: float | None) -> Any:
    """after - before, None when either is None: an int for two ints; else the difference
    of the two figures as written (their shortest decimal forms), so that a change carries
    no binary noise (0.7 - 0.4 is 0.3, never 0.29999999999999993)."""
    if after is None or before is None:
        return None
    if isinstance(after, int) and isinstance(before, int):
        return after - before
    return float(Decimal(repr(float(after))) - Decimal(repr(float(before))))


def _flat(values: dict[str, Any], prefix: str = "") -> dict[str, float | None]:
    """The KPIs by dotted name; counts stay whole numbers (a bool is no figure)."""
    flat: dict[str, float | None] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        elif value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            flat[f"{prefix}{key}"] = value
    return flat
