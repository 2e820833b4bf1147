"""The service serves a bundled dataset's printerless kecamatan at their host offices as
the CLI does (hosts6): `POST /v1/comparisons` and replay jobs read no hosts.csv, so on
palembang-2017 the portal planned Jakabaring and Ilir Timur III with no card while
`blanko compare` and `blanko replay` served them at Seberang Ulu I and Ilir Timur II
(README: "as in 2017"). Both now take `optimizer.dataset_hosts`; `"hosts": false` is the
CLI's `--no-hosts`; an override that leaves a host with no printer is a 422 at it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from optimizer import (
    Policy,
    ReplayConfig,
    dataset_hosts,
    datasets,
    parse_schedule,
    replay,
    strict_dumps,
)
from optimizer.cli import app
from tests.api.test_api import assert_problem, post
from tests.api.test_api_plausible import job_count, wait_for_job

DATASET = "palembang-2017"
BLANKS = 40000
REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"
HOST = "KEC-16.71.02"  # Seberang Ulu I: Jakabaring's host office (hosts.csv)
runner = CliRunner()


def _cli_kpis(tmp_path: Path, *extra: str) -> dict[str, str]:
    """Every policy's KPIs of `blanko compare --json`, each as canonical JSON text."""
    out = tmp_path / "compare.json"
    result = runner.invoke(app, ["compare", "--dataset", DATASET, "--blanks", str(BLANKS),
                                 "--json", str(out), *extra])
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))["policies"]
    return {r["policy"]: json.dumps(r["plan"]["kpis"], sort_keys=True) for r in rows}


def _api_kpis(client: TestClient, **extra: Any) -> dict[str, str]:
    response = post(client, "/v1/comparisons", {"dataset": DATASET,
                                                "shipment": {"blanks": BLANKS}, **extra})
    assert response.status_code == 200, response.text
    return {r["name"]: json.dumps(r["kpis"], sort_keys=True)
            for r in response.json()["results"]}


@pytest.fixture(scope="module")
def cli_hosts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _cli_kpis(tmp_path_factory.mktemp("hosts"))


@pytest.fixture(scope="module")
def cli_no_hosts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _cli_kpis(tmp_path_factory.mktemp("no-hosts"), "--no-hosts")


def test_comparison_gives_the_cli_figures(client: TestClient,
                                          cli_hosts: dict[str, str]) -> None:
    # Failed before: capacity_capped's KPIs differed (Jakabaring, Ilir Timur III at 0 cards).
    assert _api_kpis(client) == cli_hosts


def test_hosts_false_gives_the_no_hosts_figures(client: TestClient, cli_hosts: dict[str, str],
                                                cli_no_hosts: dict[str, str]) -> None:
    assert _api_kpis(client, hosts=False) == cli_no_hosts
    assert cli_no_hosts["capacity_capped"] != cli_hosts["capacity_capped"]


def test_the_pages_comparison_serves_hosts_too(cli_hosts: dict[str, str]) -> None:
    """The web page's compare (api/web/work.py) planned with no hosts as well."""
    from api.web import work

    compared = work.compare(work.Source(dataset=DATASET), work.Knobs(blanks=BLANKS), 30.0)
    assert isinstance(compared, work.Compared), compared
    assert {name: json.dumps(p.kpis.model_dump(mode="json"), sort_keys=True)
            for name, p in compared.plans} == cli_hosts


def test_a_comparison_job_serves_hosts_too(client: TestClient,
                                           cli_hosts: dict[str, str]) -> None:
    body = {"kind": "comparison", "dataset": DATASET, "shipment": {"blanks": BLANKS},
            "policies": [{"name": "capacity_capped"}, {"name": "optimal"}]}
    job = wait_for_job(client, post(client, "/v1/jobs", body).headers["location"])
    assert job["status"] == "succeeded", job
    results = client.get(job["result"]).json()["results"]
    assert {r["name"]: json.dumps(r["kpis"], sort_keys=True) for r in results} == {
        name: cli_hosts[name] for name in ("capacity_capped", "optimal")}


def test_an_override_that_leaves_a_host_without_printer_is_a_422(client: TestClient) -> None:
    # Seberang Ulu I, Jakabaring's host, with no printer.
    body = json.loads((REQUESTS / "comparison-host-without-printer.json").read_text())
    problem = assert_problem(post(client, "/v1/comparisons", body), 422,
                             f"/overrides/sites/{HOST}/printers")
    [error] = problem["errors"]
    assert error["message"] == (
        f"site '{HOST}' cannot print (no printer); keep a printer at site '{HOST}', the "
        "host office of kecamatan 16.71.17 (hosts.csv), or send \"hosts\": false to plan "
        "without host offices")
    said = assert_problem(post(client, "/v1/comparisons", body, **{"Accept-Language": "id"}),
                          422, f"/overrides/sites/{HOST}/printers")["errors"][0]["message"]
    assert "cannot" not in said and "hosts.csv" in said and HOST in said, said
    # As the message says: without host offices the same what-if is planned.
    assert post(client, "/v1/comparisons", {**body, "hosts": False}).status_code == 200


@pytest.mark.parametrize("request_file", ["job-replay-host-without-printer.json",
                                          "job-comparison-host-without-printer.json"])
def test_a_job_whose_override_leaves_a_host_without_printer_is_refused_at_once(
        client: TestClient, request_file: str) -> None:
    """A replay (or comparison) job with the override was accepted with 202, then failed
    with the problem: it is refused when submitted, as POST /v1/comparisons refuses it,
    at the override's pointer, and nothing is queued."""
    body = json.loads((REQUESTS / request_file).read_text())
    before = job_count(client)
    response = post(client, "/v1/jobs", body)
    problem = assert_problem(response, 422, f"/overrides/sites/{HOST}/printers")
    messages = {e["pointer"]: e["message"] for e in problem["errors"]}
    assert messages[f"/overrides/sites/{HOST}/printers"] == (
        f"site '{HOST}' cannot print (no printer); keep a printer at site '{HOST}', the "
        "host office of kecamatan 16.71.17 (hosts.csv), or send \"hosts\": false to plan "
        "without host offices")
    assert job_count(client) == before
    said = assert_problem(post(client, "/v1/jobs", body, **{"Accept-Language": "id"}), 422,
                          f"/overrides/sites/{HOST}/printers")["errors"]
    assert all("cannot" not in e["message"] for e in said), said
    # As the message says: without host offices the same job runs.
    job = wait_for_job(client, post(client, "/v1/jobs", {**body, "hosts": False})
                       .headers["location"])
    assert job["status"] == "succeeded", job


def test_an_override_elsewhere_keeps_the_hosts(client: TestClient) -> None:
    """Overrides apply first, hosts after: one that leaves every host printing is planned
    with the hosts (as the CLI would on the same instance)."""
    body = {"dataset": DATASET, "shipment": {"blanks": BLANKS},
            "policies": [{"name": "capacity_capped"}],
            "overrides": {"sites": {HOST: {"printers": 1}}}}
    with_hosts = post(client, "/v1/comparisons", body).json()["results"][0]["kpis"]
    without = post(client, "/v1/comparisons", {**body, "hosts": False}).json()
    assert with_hosts != without["results"][0]["kpis"]


def _library_replay(hosts: dict[str, str]) -> dict[str, Any]:
    """What `blanko replay --dataset palembang-2017` (its `_host_sites`) replays."""
    from optimizer.cli.studies import _host_sites

    ds = datasets.load(DATASET)
    assert _host_sites(ds.instance, DATASET, True) == hosts
    config = ReplayConfig(schedule=parse_schedule(f"tranches=1,every=20,blanks={BLANKS}"),
                          policies=("capacity_capped",), replications=1,
                          hosts=tuple(sorted(hosts.items())))
    result = replay(ds.instance, Policy(max_travel_km=ds.suggested_max_travel_km), config)
    return {figure: {"mean": i.mean, "low": i.low, "high": i.high, "n": i.n,
                     "missing": i.missing}
            for figure, i in result.summary()["capacity_capped"].items()}


def test_a_replay_jobs_first_tranche_is_the_clis(client: TestClient) -> None:
    body = {"kind": "replay", "dataset": DATASET, "policies": ["capacity_capped"],
            "schedule": f"tranches=1,every=20,blanks={BLANKS}", "replications": 1}
    summaries = {}
    for hosts in (True, False):
        job = wait_for_job(client, post(client, "/v1/jobs", {**body, "hosts": hosts})
                           .headers["location"])
        assert job["status"] == "succeeded", job
        [summaries[hosts]] = client.get(job["result"]).json()["results"]
    listed = dataset_hosts(datasets.load(DATASET).instance, DATASET)
    assert len(listed) == 2
    expected = json.loads(strict_dumps(_library_replay(listed)))  # NaN: null, as the job
    assert summaries[True]["summary"] == expected
    assert summaries[False]["summary"] != expected


def test_a_comparisons_hashes_name_the_hosts_it_planned_with(client: TestClient) -> None:
    """Each policy's input_sha256 with hosts and with `"hosts": false` was one hash for
    two plans (capacity_capped's differ): a baseline served at host offices has the hash
    of its input with them; the engine, which reads no host, keeps its own."""
    body = {"dataset": DATASET, "shipment": {"blanks": BLANKS},
            "policies": [{"name": "capacity_capped"}, {"name": "optimal"}]}
    hashes = {}
    for hosts in (True, False):
        response = post(client, "/v1/comparisons", {**body, "hosts": hosts})
        assert response.status_code == 200, response.text
        hashes[hosts] = {r["name"]: r["input_sha256"] for r in response.json()["results"]}
    assert hashes[True]["capacity_capped"] != hashes[False]["capacity_capped"]
    assert hashes[True]["optimal"] == hashes[False]["optimal"]
