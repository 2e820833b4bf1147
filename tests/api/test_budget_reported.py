"""Every job a solver runs reports its time limits before it solves.

The pool's hard deadline for a job is BLANKO_DEADLINE_GRACE_S until the job reports
its budget (api/workers.py), then that budget plus the grace. A job that never reports
is cut at the grace alone: the web page's plans and comparisons and a kept plan's
verify did not report, so a lot plan with a 10 s limit got 504 after 5 s (found by a
tester: Palembang, 20,000 blanks in lots of 3,000 on the page; verify of a plan in lots
of 1,000). Each test runs the job's function as a solver would and records what it
reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from api import jobs, store_jobs
from api.web import work
from optimizer import POLICIES


@pytest.fixture
def reported() -> Iterator[list[float]]:
    budgets: list[float] = []
    jobs.set_reporter(budgets.append)
    try:
        yield budgets
    finally:
        jobs.set_reporter(lambda seconds: None)


def test_a_page_plan_reports_its_time_limit(reported: list[float]) -> None:
    outcome = work.plan(work.Source(dataset="palembang"),
                        work.Knobs(blanks=5000, time_limit_s=7.0), 3600.0)
    assert isinstance(outcome, work.Planned)
    assert reported == [7.0]


def test_a_page_comparison_reports_every_policys_time_limit(reported: list[float]) -> None:
    outcome = work.compare(work.Source(dataset="palembang"),
                           work.Knobs(blanks=5000, time_limit_s=0.5), 3600.0)
    assert isinstance(outcome, work.Compared)
    assert reported == [0.5 * len(POLICIES)]  # each policy may spend its limit


def test_verify_reports_the_kept_plans_time_limit(reported: list[float]) -> None:
    body = json.dumps({"dataset": "palembang", "shipment": {"blanks": 5000},
                       "policy": {"time_limit_s": 3.0}}).encode()
    kept = store_jobs.plan(body, jobs.Limits(max_time_limit_s=3600.0))
    assert isinstance(kept, store_jobs.Kept) and kept.record is not None
    record = kept.record
    fields = {"source": record["source"], "dataset": record["dataset"],
              "dataset_sha256": record["dataset_sha256"], "overrides": record["overrides"],
              "request": body, "shipment": record["shipment"], "policy": record["policy"],
              "input_sha256": record["input_sha256"], "plan": kept.kept,
              "solver_versions_then": json.dumps(record["solver_versions"])}
    reported.clear()
    outcome = store_jobs.verify(fields)
    assert isinstance(outcome, jobs.Done)
    assert json.loads(outcome.body)["reproduced"] is True
    assert reported == [3.0]
