"""`blanko compare` and `blanko replay` serve a printerless kecamatan at its host office
alike (tester qa5, F11): on palembang-2017 compare planned capacity_capped with
Jakabaring and Ilir Timur III at 0 cards (0.0%-35.6%) while replay's first tranche, the
same shipment on the same state, served them at their hosts (1.0%-100.0%): compare never
read the dataset's hosts.csv. Both now take the hosts the same way (README: a printerless
kecamatan "is served at its host office, as in 2017"), and --no-hosts leaves them out of
either.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer import Policy, datasets
from optimizer.cli import app
from optimizer.studies import replay as replay_lib
from optimizer.studies.hosts import load_hosts

runner = CliRunner()
POLICIES = "capacity_capped,optimal"
BLANKS = 40000


def _compare(tmp_path: Path, *extra: str) -> tuple[str, dict]:
    out = tmp_path / "compare.json"
    result = runner.invoke(app, ["compare", "--dataset", "palembang-2017", "--blanks",
                                 str(BLANKS), "--policies", POLICIES, "--json", str(out),
                                 *extra])
    assert result.exit_code == 0, result.output
    return result.output, json.loads(out.read_text(encoding="utf-8"))


def _coverage(text: str, name: str) -> str:
    """The 'coverage min-max' cell of policy `name` in a table (terminal or markdown)."""
    match = re.search(rf"[│|] {name}\b[^\n]*?[│|][^\n]*?(\d+\.\d%-\d+\.\d%)", text)
    assert match, text
    return match.group(1)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("replay")
    result = runner.invoke(app, ["replay", "--dataset", "palembang-2017", "--schedule",
                                 f"tranches=1,every=20,blanks={BLANKS}", "--replications", "1",
                                 "--policies", POLICIES, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return (out / "report.md").read_text(encoding="utf-8")


def test_compare_serves_printerless_kecamatan_at_their_hosts_as_replay_does(
        tmp_path: Path, replayed: str):
    output, compared = _compare(tmp_path)
    for name in POLICIES.split(","):
        assert _coverage(output, name) == _coverage(replayed, name), name
    capped = next(p for p in compared["policies"] if p["policy"] == "capacity_capped")
    assert capped["metrics"]["districts_without_cards"] == []
    assert _coverage(output, "capacity_capped") == "1.0%-100.0%"


def test_compare_plans_replays_first_tranche(tmp_path: Path):
    """The same plans, not only the same figures: compare's shipments and service are those
    of replay's one-shipment comparison (its first tranche, on the initial state)."""
    _, compared = _compare(tmp_path)
    dataset = datasets.load("palembang-2017")
    hosts = load_hosts(datasets.data_root() / "palembang-2017")
    assert hosts  # (the dataset's two printerless kecamatan)
    config = replay_lib.ReplayConfig(
        schedule=replay_lib.parse_schedule(f"tranches=1,every=20,blanks={BLANKS}"),
        policies=tuple(POLICIES.split(",")), replications=1, hosts=tuple(sorted(hosts.items())))
    result = replay_lib.replay(dataset.instance, Policy(
        max_travel_km=dataset.suggested_max_travel_km), config)
    assert result.one_shipment_blanks == BLANKS
    first = {c.policy: c.plan.model_dump(mode="json") for c in result.one_shipment}
    for row in compared["policies"]:
        for part in ("shipments", "service"):
            assert row["plan"][part] == first[row["policy"]][part], (row["policy"], part)


def test_no_hosts_leaves_them_out_of_compare(tmp_path: Path):
    output, compared = _compare(tmp_path, "--no-hosts")
    capped = next(p for p in compared["policies"] if p["policy"] == "capacity_capped")
    assert len(capped["metrics"]["districts_without_cards"]) == 2
    assert _coverage(output, "capacity_capped").startswith("0.0%-")


def test_a_dataset_named_in_other_case_has_its_hosts(tmp_path: Path):
    out = tmp_path / "compare.json"
    result = runner.invoke(app, ["compare", "--dataset", "Palembang-2017", "--blanks",
                                 str(BLANKS), "--policies", "capacity_capped", "--json",
                                 str(out)])
    assert result.exit_code == 0, result.output
    capped = json.loads(out.read_text(encoding="utf-8"))["policies"][0]
    assert capped["metrics"]["districts_without_cards"] == []
