"""Host offices: a kecamatan whose office cannot print is served at a host office."""

from __future__ import annotations

import pytest

from optimizer import InvalidInput, Policy, Shipment, datasets
from optimizer.engine.evaluate import evaluate
from optimizer.engine.fingerprint import input_sha256
from optimizer.schema import Instance, Site
from optimizer.studies.baselines import capacity_capped, optimal, proportional, rule_plan
from optimizer.studies.hosts import (
    active_hosts,
    check,
    dataset_hosts,
    load_hosts,
    parse_hosts,
)
from optimizer.studies.metrics import plan_metrics
from tests.cases import EQUATOR, MERIDIAN, site
from tests.policy_cases import area


def hosted() -> Instance:
    """K1 has office S1 (100 cards); K2's office S2 has no printer; K2 is hosted by S1.

    A1 (K1) and A2 (K2) have 30 first-time applicants each; S1 and S2 are 7.2 km apart.
    """
    printerless = Site(site_id="S2", name="S2", district_id="K2", lat=EQUATOR,
                       lon=MERIDIAN + 0.05,
                       printers=0, cards_per_printer_day=100, working_days=1)
    return Instance(name="hosted", sites=(site("S1", "K1", 0.0, cap=100), printerless),
                    areas=(area("A1", "K1", 0.0, 30, 0, 100), area("A2", "K2", 0.05, 30, 0, 100)))


def shipped(plan):
    return {line.site_id: line.blanks for line in plan.shipments if line.blanks}


def test_proportional_without_hosts_strands_the_printerless_share():
    """60 blanks by backlog: K1 30 -> S1, K2 30 -> S2 (none of K2's offices prints, so
    its weight is split equally among them: all of it on S2). S1 prints A1's 30 and, with
    capacity left (100 - 30) but no blanks left, nobody else; S2 prints nothing: the 30
    blanks at S2 are stranded and A2's 30 residents wait."""
    plan = proportional(hosted(), Shipment(blanks=60), Policy())
    assert shipped(plan) == {"S1": 30, "S2": 30}
    metrics = plan_metrics(hosted(), plan)
    assert metrics.blanks_stranded == 30
    assert metrics.cards_by_tier["first_time"] == 30


def test_proportional_with_hosts_sends_the_share_to_the_host():
    """With K2 hosted by S1, K2's 30 go to S1 too: S1 holds 60 and prints A1's 30 (own
    district) and A2's 30 (hosted, counted as its own); nothing is stranded."""
    plan = proportional(hosted(), Shipment(blanks=60), Policy(), hosts={"K2": "S1"})
    assert shipped(plan) == {"S1": 60}
    assert evaluate(hosted(), Shipment(blanks=60), Policy(), plan).valid
    metrics = plan_metrics(hosted(), plan)
    assert metrics.blanks_stranded == 0
    assert metrics.fairness["first_time"].coverage == {"K1": 1.0, "K2": 1.0}


def test_a_host_prints_for_the_hosted_district_before_neighbours():
    """S1 hosts K2 and holds 40 blanks; K3's A3 (3.6 km from S1, nearer than A2 at 7.2 km)
    is a plain neighbour. Own district first: A1 10, then hosted A2 30, A3 none left.
    Without the host, A3 (nearer) would come before A2."""
    inst = hosted().model_copy(update={"areas": (
        area("A1", "K1", 0.0, 10, 0, 100), area("A2", "K2", 0.05, 30, 0, 100),
        area("A3", "K3", 0.025, 30, 0, 100))})
    inst = Instance.model_validate(inst.model_dump() | {"districts": []})
    with_host = capacity_capped(inst, Shipment(blanks=40), Policy(), hosts={"K2": "S1"})
    served = {(s.area_id, s.site_id): s.cards for s in with_host.service}
    assert served == {("A1", "S1"): 10, ("A2", "S1"): 30}
    without = capacity_capped(inst, Shipment(blanks=40), Policy())
    served = {(s.area_id, s.site_id): s.cards for s in without.service}
    assert served == {("A1", "S1"): 10, ("A3", "S1"): 30}


def test_palembang_2017_hosts_are_sourced_and_used():
    ds = datasets.load("palembang-2017")
    hosts = load_hosts(datasets.data_root() / "palembang-2017")
    assert hosts == {"16.71.17": "KEC-16.71.02", "16.71.18": "KEC-16.71.06"}
    check(ds.instance, hosts)
    policy, shipment = ds.policy(), Shipment(blanks=40_000)
    for allocate in (proportional, capacity_capped):
        plan = allocate(ds.instance, shipment, policy, hosts=hosts)
        assert not {"KEC-16.71.17", "KEC-16.71.18"} & set(shipped(plan)), allocate
    # Capped at what each office prints, nothing is stranded anywhere.
    assert plan_metrics(ds.instance, plan).blanks_stranded == 0
    # Without hosts, the backlog-proportional rule strands blanks at the printerless offices.
    plain = proportional(ds.instance, shipment, policy)
    assert {"KEC-16.71.17", "KEC-16.71.18"} <= set(shipped(plain))


def test_rule_plan_keeps_shipments_and_changes_only_the_printing():
    ds = datasets.load("palembang")
    policy, shipment = ds.policy(marginals=False), Shipment(blanks=40_000)
    own = optimal(ds.instance, shipment, policy)
    by_rule = rule_plan(ds.instance, shipment, policy, own)
    assert shipped(by_rule) == shipped(own)
    assert evaluate(ds.instance, shipment, policy, by_rule).valid
    fair = plan_metrics(ds.instance, by_rule).fairness["first_time"]
    # The engine's equal coverage needs its service lists; the rule alone is less even.
    assert plan_metrics(ds.instance, own).fairness["first_time"].gini == pytest.approx(0, abs=1e-3)
    assert fair.gini is not None and fair.gini > 0.1


@pytest.mark.parametrize("text, where", [
    ("district,host\nK2,S1\n", "header"),
    ("district_id,host_site\nK2,\n", "row 2"),
    ("district_id,host_site\nK2,S1\nK2,S1\n", "row 3, column district_id"),
])
def test_bad_hosts_files_name_the_row(text, where):
    with pytest.raises(InvalidInput) as info:
        parse_hosts(text)
    assert where in str(info.value)


@pytest.mark.parametrize("hosts, message", [
    ({"K9": "S1"}, "unknown district 'K9'"),
    ({"K2": "S9"}, "unknown site 'S9'"),
    ({"K1": "S2"}, "cannot print"),
    ({"K1": "S1"}, "another district"),
])
def test_hosts_must_name_known_places_that_print(hosts, message):
    with pytest.raises(InvalidInput, match=message):
        check(hosted(), hosts)


def test_dataset_hosts_are_the_bundled_datasets_checked():
    """One function for the CLI's compare/replay and the service (hosts6)."""
    ds = datasets.load("palembang-2017")
    listed = load_hosts(datasets.data_root() / "palembang-2017")
    assert listed and dataset_hosts(ds.instance, "palembang-2017") == listed
    assert dataset_hosts(ds.instance, " Palembang-2017") == listed  # by its own name
    assert dataset_hosts(ds.instance, None) == {}
    assert dataset_hosts(ds.instance, "no-such-dataset") == {}
    assert dataset_hosts(datasets.load("palembang").instance, "palembang") == {}
    host = next(iter(listed.values()))
    broken = ds.instance.model_copy(update={"sites": tuple(
        s.model_copy(update={"printers": 0}) if s.site_id == host else s
        for s in ds.instance.sites)})
    with pytest.raises(InvalidInput, match="cannot print"):
        dataset_hosts(broken, "palembang-2017")


def test_a_host_beyond_the_travel_limit_is_warned_of():
    """hosted(): A2 (K2) is 5.56 km from its host S1 (0.05 degree of longitude at the
    equator: 6371.0088 * 0.05 * pi / 180 = 5.560 km, times the policy's road factor
    whatever it is: more than 1 km and less than 50). Within a 50 km limit S1 prints A2's 30 as
    its own and nothing is warned; within 1 km A2 may not use S1 (model.md: own district
    or within reach), so its 30 wait, and the plan says so (tester qa7: Jakabaring got no
    card and no word at max_travel_km 1)."""
    hosts = {"K2": "S1"}
    near = capacity_capped(hosted(), Shipment(blanks=60), Policy(max_travel_km=50),
                           hosts=hosts)
    assert [m for m in near.messages if m.code == "HOST_OUT_OF_REACH"] == []
    far = capacity_capped(hosted(), Shipment(blanks=60), Policy(max_travel_km=1),
                          hosts=hosts)
    [warned] = [m for m in far.messages if m.code == "HOST_OUT_OF_REACH"]
    assert warned.level == "warning"
    assert warned.params == {"district_id": "K2", "site_id": "S1", "km": 1.0,
                             "first_time": 30, "replacement": 0}
    cards = {line.area_id: line.cards for line in far.service if line.cards}
    assert "A2" not in cards


def test_palembang_2017s_hosted_kecamatan_beyond_1_km_are_named_in_both_languages():
    """At max_travel_km 1 no kelurahan of Jakabaring (16.71.17) or Ilir Timur III
    (16.71.18) is within reach of its host: every first-time resident of theirs is in the
    warning (17,112 in all, the figure tester qa7 found uncarded)."""
    from optimizer.i18n import localize_plan

    ds = datasets.load("palembang-2017")
    hosts = dataset_hosts(ds.instance, "palembang-2017")
    plan = capacity_capped(ds.instance, Shipment(blanks=40_000),
                           ds.policy(max_travel_km=1.0), hosts=hosts)
    warned = {m.params["district_id"]: m for m in plan.messages
              if m.code == "HOST_OUT_OF_REACH"}
    assert sorted(warned) == ["16.71.17", "16.71.18"]
    for district, message in warned.items():
        backlog = sum(a.backlog["first_time"] for a in ds.instance.areas
                      if a.district_id == district)
        assert message.params["first_time"] == backlog
        assert message.params["site_id"] == hosts[district]
    assert sum(int(m.params["first_time"]) for m in warned.values()) == 17_112
    indonesian = [m.text for m in localize_plan(plan, "id").messages
                  if m.code == "HOST_OUT_OF_REACH"]
    assert len(indonesian) == 2 and all("kantor tuan rumah" in t for t in indonesian)


def test_blanko_compare_shows_a_host_out_of_reach_once():
    """The CLI's compare prints each HOST_OUT_OF_REACH once, not once per baseline."""
    from typer.testing import CliRunner

    from optimizer.cli import app

    result = CliRunner().invoke(app, ["compare", "--dataset", "palembang-2017", "--blanks",
                                      "40000", "--policies", "capacity_capped,proportional,"
                                      "optimal", "--max-travel-km", "1"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.output.count("Kecamatan 16.71.17 has no printer") == 1
    assert result.output.count("Kecamatan 16.71.18 has no printer") == 1
# ----------------------------------------------------------------- the input hash


def test_a_plan_served_at_a_host_has_the_hash_of_its_input_with_the_host():
    """input_sha256 named the instance, shipment and policy alone: proportional with K2
    hosted at S1 (all 60 blanks to S1) and without (30 stranded at S2) gave one hash for
    two plans, so the hash did not say which input a plan was made from. It covers the
    hosts at work now, and is computed again from them."""
    instance, shipment, policy = hosted(), Shipment(blanks=60), Policy()
    with_host = proportional(instance, shipment, policy, hosts={"K2": "S1"})
    without = proportional(instance, shipment, policy)
    assert shipped(with_host) != shipped(without)
    assert with_host.input_sha256 != without.input_sha256
    assert without.input_sha256 == input_sha256(instance, shipment, policy)
    assert with_host.input_sha256 == input_sha256(
        instance, shipment, policy, hosts=active_hosts(instance, {"K2": "S1"}))
    # The same input again: the same hash (a plan can be reproduced and checked).
    assert proportional(instance, shipment, policy, hosts={"K2": "S1"}).input_sha256 \
        == with_host.input_sha256
    # The shared rule's printing follows the host too.
    ruled = rule_plan(instance, shipment, policy, with_host, hosts={"K2": "S1"})
    assert ruled.input_sha256 == with_host.input_sha256


def test_hosts_that_change_nothing_change_no_hash():
    """The engine plans on capacity (hosts change nothing), and a host of a kecamatan
    whose own office prints is never used: the plans and their hashes are those
    without hosts."""
    instance, shipment, policy = hosted(), Shipment(blanks=60), Policy()
    assert optimal(instance, shipment, policy, hosts={"K2": "S1"}).input_sha256 == \
        optimal(instance, shipment, policy).input_sha256
    prints = instance.model_copy(update={"sites": (
        instance.sites[0], instance.sites[1].model_copy(update={"printers": 1}))})
    assert active_hosts(prints, {"K2": "S1"}) == {}
    assert capacity_capped(prints, shipment, policy, hosts={"K2": "S1"}).input_sha256 == \
        capacity_capped(prints, shipment, policy).input_sha256 == \
        input_sha256(prints, shipment, policy)


def test_palembang_2017_baselines_hash_their_hosts():
    """`blanko compare --dataset palembang-2017` with and without hosts: a plan the hosts
    change has another hash (capacity_capped, proportional); a baseline or shared rule
    that reads the hosts has its input's hash with them even where its plan comes out
    the same (optimal@rule here); the engine, which reads none, the same plan and hash."""
    from optimizer.studies.registry import plan_policy

    ds = datasets.load("palembang-2017")
    hosts = dataset_hosts(ds.instance, ds.name)
    shipment, policy = Shipment(blanks=40000), ds.policy()
    assert active_hosts(ds.instance, hosts) == hosts
    for name in ("capacity_capped", "proportional", "optimal@rule", "optimal"):
        served = plan_policy(name, ds.instance, shipment, policy, hosts=hosts)
        alone = plan_policy(name, ds.instance, shipment, policy)
        same_plan = (served.shipments, served.service) == (alone.shipments, alone.service)
        assert same_plan == (name in ("optimal", "optimal@rule")), name
        assert (served.input_sha256 == alone.input_sha256) == (name == "optimal"), name
