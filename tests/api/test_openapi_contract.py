"""The OpenAPI document describes itself, and a client generated from it plans Palembang.

- Every property of every schema reachable from the plan, evaluation, comparison and
  dataset responses and from the request bodies carries a description.
- Every operation has a short, stable operationId (what generated clients are named by).
- openapi-python-client (a third-party generator, in the test extra; it runs offline)
  writes a Python client from a real server's /openapi.json; the client then plans
  Palembang against that server and gets the golden plan back.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.main import create_app
from api.process import Server, running_server

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
DOCUMENTED_ROOTS = ("Plan", "Evaluation", "Comparison", "DatasetSummary", "DatasetList",
                    "PlanRequest", "EvaluateRequest", "ComparisonRequest", "Health",
                    "Readiness",
                    # The plan store and jobs (api/store_routes.py):
                    "PlanList", "PlanDetail", "VerificationOut", "PlanDiff", "JobOut",
                    "JobRequest", "ReplayRequest", "Note")
OPERATIONS = {
    ("post", "/v1/plans"): "createPlan",
    ("post", "/v1/plans/evaluate"): "evaluatePlan",
    ("post", "/v1/comparisons"): "comparePolicies",
    ("get", "/v1/datasets"): "listDatasets",
    ("get", "/v1/datasets/{name}"): "getDataset",
    ("get", "/healthz"): "health",
    ("get", "/readyz"): "readiness",
    # The plan store and jobs (api/store_routes.py):
    ("get", "/v1/plans"): "listPlans",
    ("get", "/v1/plans/{plan_id}"): "getPlan",
    ("get", "/v1/plans/{plan_id}/record"): "getPlanRecord",
    ("post", "/v1/plans/{plan_id}/verify"): "verifyPlan",
    ("post", "/v1/plans/{plan_id}/approve"): "approvePlan",
    ("post", "/v1/plans/{plan_id}/publish"): "publishPlan",
    ("get", "/v1/plans/{plan_id}/diff/{other_id}"): "diffPlans",
    ("post", "/v1/jobs"): "createJob",
    ("get", "/v1/jobs/{job_id}"): "getJob",
    ("get", "/v1/jobs/{job_id}/result"): "getJobResult",
    ("delete", "/v1/jobs/{job_id}"): "cancelJob",
}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app().openapi()


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def reachable(schemas: dict[str, Any], roots: tuple[str, ...]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_refs(schemas[name]))
    return seen


def test_every_property_has_a_description(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    names = reachable(schemas, DOCUMENTED_ROOTS)
    # The plan's and the evaluation's parts are all there (so the walk did walk).
    assert {"Kpis", "SiteLine", "ServiceLine", "ShipmentLine", "DistrictLine",
            "DistrictFigures", "SolverInfo", "Message", "Violation", "Instance", "Site",
            "Area", "Policy", "Shipment", "Overrides", "PolicyChoice"} <= names
    missing = [f"{name}.{prop}" for name in sorted(names)
               for prop, schema in schemas[name].get("properties", {}).items()
               if not schema.get("description", "").strip()]
    assert missing == []


@pytest.mark.parametrize(("model", "field", "words"), [
    ("Kpis", "coverage_min_by_tier", "0-1 ratio"),
    ("Kpis", "resident_km_total", "resident-km"),
    ("ServiceLine", "km", "km"),
    ("SolverInfo", "seconds", "seconds"),
    ("Policy", "time_limit_s", "0 < s <= 3600"),
    ("Site", "stock", "Blanks"),
    ("SiteLine", "printed", "Cards"),
])
def test_descriptions_give_the_unit_and_bounds(document: dict[str, Any], model: str, field: str,
                                               words: str) -> None:
    assert words in document["components"]["schemas"][model]["properties"][field]["description"]


def test_operation_ids_are_short_and_stable(document: dict[str, Any]) -> None:
    found = {(method, path): operation.get("operationId", "")
             for path, methods in document["paths"].items()
             for method, operation in methods.items()}
    assert {key: found.get(key) for key in OPERATIONS} == OPERATIONS
    # Every other operation too: lowerCamelCase, not FastAPI's `create_plan_v1_plans_post`.
    assert [(key, name) for key, name in found.items()
            if not re.fullmatch(r"[a-z][A-Za-z]{2,39}", name)] == []
    assert len(set(found.values())) == len(found)


# --------------------------------------------------------------------------- generated client


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running_server(workers=1) as running:
        yield running


@pytest.fixture(scope="module")
def client_package(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`blanko_client`, written by openapi-python-client from the server's /openapi.json."""
    folder = tmp_path_factory.mktemp("client")
    spec = folder / "openapi.json"
    spec.write_text(httpx.get(server.url + "/openapi.json", timeout=30).text, encoding="utf-8")
    generator = Path(sys.executable).with_name("openapi-python-client")
    config = folder / "generator.json"
    config.write_text('{"post_hooks": []}', encoding="utf-8")  # no formatter run: plain output
    done = subprocess.run([str(generator), "generate", "--path", str(spec), "--meta", "none",
                           "--config", str(config),
                           "--output-path", str(folder / "blanko_client")],
                          cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(folder))
    try:
        yield "blanko_client"
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m.split(".")[0] == "blanko_client"]:
            del sys.modules[name]


def test_a_generated_client_plans_palembang(server: Server, client_package: str) -> None:
    client_module = importlib.import_module(client_package)
    create_plan = importlib.import_module(f"{client_package}.api.plans.create_plan")
    evaluate_plan = importlib.import_module(f"{client_package}.api.plans.evaluate_plan")
    list_datasets = importlib.import_module(f"{client_package}.api.datasets.list_datasets")
    models = importlib.import_module(f"{client_package}.models")

    client = client_module.Client(base_url=server.url, timeout=httpx.Timeout(120.0))
    names = [d.name for d in list_datasets.sync(client=client).datasets]
    assert "palembang" in names

    request = models.PlanRequest(dataset="palembang", shipment=models.Shipment(blanks=40_000))
    plan = create_plan.sync(client=client, body=request)
    assert isinstance(plan, models.Plan), plan
    # The generated model reads the whole plan: back to JSON it is the golden plan.
    golden = json.loads((GOLDEN / "palembang_40000.json").read_text(encoding="utf-8"))
    got = plan.to_dict()
    got["solver"]["seconds"] = 0.0
    assert got == golden

    judged = evaluate_plan.sync(client=client, body=models.EvaluateRequest(
        dataset="palembang", shipment=models.Shipment(blanks=40_000), plan=plan))
    assert isinstance(judged, models.Evaluation), judged
    assert judged.valid and judged.violations == []
    assert judged.kpis.to_dict() == golden["kpis"]


def test_a_generated_client_reads_problems(server: Server, client_package: str) -> None:
    client_module = importlib.import_module(client_package)
    create_plan = importlib.import_module(f"{client_package}.api.plans.create_plan")
    models = importlib.import_module(f"{client_package}.models")
    client = client_module.Client(base_url=server.url, timeout=httpx.Timeout(120.0))
    answer = create_plan.sync_detailed(client=client, body=models.PlanRequest(
        dataset="palembang", shipment=models.Shipment(blanks=-1)))
    assert answer.status_code == 422
    assert isinstance(answer.parsed, models.ProblemDetails)
