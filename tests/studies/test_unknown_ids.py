"""An unknown site (or area, or kecamatan) named but for letter case, invisible characters
or the form of its characters is refused with the id it may mean, as pins say it
('kec-16.71.01': did you mean KEC-16.71.01?, tester qa5): host offices, the central
office of `central_only`, a replay's arrivals, a scenario's and a stored plan's
overrides said only "unknown site 'kec-16.71.01'" (or "unknown district_id"), which
reads as if the id were missing from the table (`optimizer.unknown_id`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer import InvalidInput, Policy, Shipment, datasets, unknown_id
from optimizer.i18n import problem_text
from optimizer.store.verify import apply_overrides
from optimizer.studies.baselines import central_only
from optimizer.studies.hosts import check
from optimizer.studies.lookahead import Period, plan_horizon
from optimizer.studies.scenarios import load_scenario

SAID = ("did you mean KEC-16.71.01? It differs only in letter case, invisible characters "
        "or the form of its characters")


@pytest.fixture(scope="module")
def palembang():
    return datasets.load("palembang").instance


def messages(error: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [p.message for p in error.value.problems]


def test_the_message_names_the_id_meant_in_both_languages():
    said = unknown_id("site", "kec-16.71.01", {"KEC-16.71.01", "KEC-16.71.02"})
    assert said == f"unknown site 'kec-16.71.01': {SAID}"
    assert problem_text(said, "id") == (
        "kantor 'kec-16.71.01' tidak dikenal: maksud Anda KEC-16.71.01? Bedanya hanya huruf "
        "besar/kecil, karakter tak terlihat atau bentuk karakternya")
    area = unknown_id("area", "16.71.01.1001\u200b", {"16.71.01.1001"})
    assert area.startswith("unknown area '16.71.01.1001\\u200b': did you mean 16.71.01.1001?")
    assert problem_text(area, "id").startswith("kelurahan '16.71.01.1001\\u200b' tidak dikenal")
    district = unknown_id("district", "16.71.o1", {"16.71.01"})
    assert district == "unknown district '16.71.o1'"  # another id, not one written otherwise
    assert problem_text(unknown_id("district", "k2", {"K2"}), "id").startswith(
        "kecamatan 'k2' tidak dikenal: maksud Anda K2?")


def test_a_host_office_written_otherwise(palembang):
    with pytest.raises(InvalidInput) as error:
        check(palembang, {"16.71.02": "kec-16.71.01", "16.71.O2": "KEC-16.71.01"})
    assert f"unknown site 'kec-16.71.01': {SAID}" in messages(error)
    assert "unknown district '16.71.O2'" in messages(error)


def test_the_central_office_written_otherwise(palembang):
    with pytest.raises(InvalidInput) as error:
        central_only(palembang, Shipment(blanks=100), Policy(), central_site="kec-16.71.01")
    assert messages(error) == [f"unknown site 'kec-16.71.01': {SAID}"]


def test_a_stored_plans_overrides_written_otherwise(palembang):
    """`blanko plans verify` and POST /v1/plans/{id}/verify apply the stored overrides."""
    with pytest.raises(InvalidInput) as error:
        apply_overrides(palembang, {"sites": {"kec-16.71.01": {"printers": 2}}})
    assert messages(error) == [f"unknown site 'kec-16.71.01': {SAID}"]


def test_an_arrival_at_a_kelurahan_written_otherwise(palembang):
    with pytest.raises(InvalidInput) as error:
        plan_horizon(palembang, [Period(1, 5, {"16.71.01.1001\u00ad": {"first_time": 1}})],
                     Policy())
    assert "did you mean 16.71.01.1001?" in " ".join(messages(error))


def test_a_scenarios_sites_written_otherwise(tmp_path: Path):
    path = tmp_path / "printers.toml"
    path.write_text('name = "printers"\ntitle = "t"\ndescription = "d"\nquestion = "q"\n'
                    'dataset = "palembang"\nschedule = "tranches=1,every=20,blanks=1000"\n'
                    '[sites."kec-16.71.01"]\nprinters = 2\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        load_scenario(path).build(("optimal",), 1)
    assert messages(error) == [f"unknown site 'kec-16.71.01': {SAID}"]
