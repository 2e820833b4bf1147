"""Tester qa9's faults (2026-11-30) in how the rows of offices' files are judged, each
kind beyond its corpus case (tests/data/spreadsheets/qa9-*, tests/io/test_corpus.py).

1. A kecamatan subtotal row typed as a kelurahan (`16.71.0X.9999` or `.1999` named as
   the kecamatan, or blank; a `.2999` under a kelurahan-like name in every kecamatan),
   its backlog the sum of the kecamatan's other rows, was planned as one more kelurahan
   with only the AREA_SUM_OF_OTHERS warning: every kecamatan's backlog doubled.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimizer import InvalidInput, i18n
from optimizer.engine.codes import code_warnings
from optimizer.io import datasets, plausible
from optimizer.io.files import read_instance
from tests.io.test_qa7_faults import CLEAN, CORPUS, _refused

SUBTOTAL = "this looks like a kecamatan subtotal row, not a kelurahan"


def _with_subtotals(tmp_path: Path, rows: dict[str, tuple[str, str]]) -> Path:
    """clean with, for each kecamatan of `rows` ({kecamatan: (id, name)}), a row that is
    the sum of its other rows (population and both tiers), at its first kelurahan's
    point, placed after them."""
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / "areas.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = []
    for kecamatan, group in frame.groupby("district_id", sort=False):
        out.append(group)
        if kecamatan in rows:
            area_id, name = rows[kecamatan]
            total = {c: str(group[c].astype(int).sum())
                     for c in ("population", "first_time", "replacement")}
            out.append(pd.DataFrame([{"area_id": area_id, "name": name,
                                      "district_id": kecamatan, "lat": group["lat"].iloc[0],
                                      "lon": group["lon"].iloc[0], **total}]))
    pd.concat(out).to_csv(path, index=False)
    return folder


KECAMATAN = {"16.71.01": "Ilir Barat II", "16.71.02": "Seberang Ulu I",
             "16.71.03": "Seberang Ulu II", "16.71.04": "Ilir Barat I"}


@pytest.mark.parametrize(("number", "name", "why"), [
    ("9999", "{k}", "its name is the kecamatan's"),
    ("1999", "{k}", "its name is the kecamatan's"),
    ("9999", "", "its name is blank where the other rows have names"),
    ("2999", "Jaya Makmur", "its kelurahan number lies outside the numbering"),
    ("9999", "Jaya Makmur", "its kelurahan number lies outside the numbering"),
])
def test_a_subtotal_row_of_one_kecamatan_is_refused(tmp_path: Path, number: str, name: str,
                                                    why: str) -> None:
    """One kecamatan's subtotal (16.71.01's 7 kelurahan summed: 3,897 + ... population,
    4,743 first-time, 2,261 replacement), with one sign it is no kelurahan."""
    folder = _with_subtotals(tmp_path, {"16.71.01": (f"16.71.01.{number}",
                                                     name.format(k="Ilir Barat II"))})
    problems = _refused(folder)
    assert len(problems) == 1, problems
    where, message, fix = problems[0]
    assert where == "areas.csv row 9, column area_id"
    assert message.startswith(SUBTOTAL) and why in message
    assert f"got '16.71.01.{number}'" in message
    assert fix.startswith("delete the kecamatan's subtotal rows")


@pytest.mark.parametrize("name", ["Ilir Barat Dua", "ILIR BARAT 2", "Ilir  Barat II."])
def test_the_kecamatan_name_is_compared_folded(tmp_path: Path, name: str) -> None:
    folder = _with_subtotals(tmp_path, {"16.71.01": ("16.71.01.1008", name)})
    problems = _refused(folder)
    assert [p[0] for p in problems] == ["areas.csv row 9, column area_id"], problems
    assert "its name is the kecamatan's" in problems[0][1]


def test_one_sum_row_per_kecamatan_is_the_subtotals_pattern(tmp_path: Path) -> None:
    """Each kecamatan's next code (1008, 1007, 1008, 1007) under a kelurahan's name, the
    sum of its rows: alone a coincidence, in every kecamatan the subtotals."""
    folder = _with_subtotals(tmp_path, {k: (f"{k}.{1008 if k[-1] in '13' else 1007}",
                                            f"Jaya Makmur {i}")
                                        for i, k in enumerate(KECAMATAN)})
    problems = _refused(folder)
    assert len(problems) == 1, problems
    assert problems[0][1].startswith("4 cells: " + SUBTOTAL)
    assert "as is one row in each of 4 kecamatan" in problems[0][1]


def test_a_single_sum_under_a_kelurahan_code_and_name_still_plans(tmp_path: Path) -> None:
    """A real kelurahan whose backlog is its neighbours' sum by chance (Pontianak
    Selatan): the next code, a name of its own, in one kecamatan of four: a warning."""
    folder = _with_subtotals(tmp_path, {"16.71.01": ("16.71.01.1008", "Jaya Makmur")})
    warnings = code_warnings(read_instance(folder).instance)
    assert [m.params["area_id"] for m in warnings
            if m.code == "AREA_SUM_OF_OTHERS"] == ["16.71.01.1008"]


def test_the_api_refuses_the_subtotals_too() -> None:
    instance = read_instance(CLEAN).instance
    areas = list(instance.areas)
    group = [a for a in areas if a.district_id == "16.71.02"]
    total = group[0].model_copy(update={
        "area_id": "16.71.02.9999", "name": "",
        "population": sum(a.population for a in group),
        "backlog": {t: sum(a.backlog[t] for a in group) for t in instance.tiers}})
    body = plausible.body_findings(instance.model_copy(update={"areas": (*areas, total)}))
    assert [(f.index, f.kind) for f in body] == [(len(areas), "subtotal_sum")]


@pytest.mark.parametrize("name", ["palembang", "palembang-2017", "indonesia",
                                  "synthetic-city", "synthetic-province"])
def test_no_bundled_or_synthetic_row_is_a_subtotal_by_its_sum(name: str) -> None:
    instance = datasets.load(name).instance
    assert [f for f in plausible.findings(instance) if f.kind == "subtotal_sum"] == []


@pytest.mark.parametrize("seed", range(6))
def test_no_row_of_other_synthetic_seeds_is_a_subtotal_by_its_sum(seed: int) -> None:
    for scale in ("city", "province"):
        instance = datasets.synthetic(scale, seed).instance
        assert [f for f in plausible.findings(instance) if f.kind == "subtotal_sum"] == []


def _indonesian(path: Path) -> list[tuple[str, str]]:
    """The refusal of `path` in Bahasa Indonesia: (message, fix) of each problem."""
    with pytest.raises(InvalidInput) as caught:
        read_instance(path)
    out = []
    for problem in caught.value.problems:
        local = i18n.localize_problem(problem, "id")
        assert local.message != problem.message and local.fix != problem.fix, problem
        out.append((local.message, local.fix))
    return out


@pytest.mark.parametrize("case", ["qa9-subtot-9999", "qa9-subtot-9999-noname",
                                  "qa9-subtot-1999-kecname", "qa9-subtot-2999"])
def test_the_subtotal_refusals_are_in_indonesian(case: str) -> None:
    ((message, fix),) = _indonesian(CORPUS / case)
    assert "baris subtotal kecamatan" in message and "'16.71.01." in message
    assert fix.startswith("hapus baris subtotal kecamatan")
