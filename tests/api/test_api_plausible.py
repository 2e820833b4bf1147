"""An instance sent as JSON is checked as the file readers check theirs: a second
tester's (0, 0) kelurahan, JUMLAH row and distance in metres were planned `optimal`
over the API while the same instance as a file was refused (optimizer/io/plausible.py).

The refusals are in the client's language (Accept-Language), with the words the
command line uses for the same problem (optimizer.i18n.problems: the message, then
`; ` and the fix), and so is a failed job's problem when its reader asks in Indonesian.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from optimizer import Instance, implausible
from optimizer.i18n import fix_text, problem_text

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"
ID = {"Accept-Language": "id-ID,id;q=0.9"}
EN = {"Accept-Language": "en"}

# file, pointer, English words, Indonesian words
REFUSED = [
    # A3 at (0, 0): ~11,560 km from S1 at (-2.99, 104.75), over the 1,000 km bound.
    ("plan-kelurahan-at-zero.json", "/instance/areas/2/lat", "km from the nearest office",
     "km dari kantor terdekat; periksa lintang dan bujur"),
    ("plan-totals-row.json", "/instance/areas/2/name", "totals row",
     "baris jumlah, tertulis 'JUMLAH'; hapus baris ini"),
    # A1-S1 are ~1.6 km apart great-circle; 1,450 km is > 5x and > 1.6 + 50 km.
    ("plan-distance-in-metres.json", "/instance/distances/0/km", "no road is that long",
     "tidak ada jalan sepanjang itu; periksa satuannya (km, bukan meter)"),
    # A3's longitude typed, its latitude left 0: 331 km south of its kecamatan, inside
    # the 1,000 km bound (it was planned `optimal`).
    ("plan-latitude-zero-only.json", "/instance/areas/2/lat",
     "is 0, but the other places of kecamatan K1 lie at -3.00 to -2.98: 0 puts the area "
     "331 km from the nearest of them",
     "bernilai 0, padahal tempat lain di kecamatan K1 berada di -3,00 sampai -2,98"),
    # Office S2's longitude left 0: said once, at the cell, not also as a far office.
    ("plan-office-longitude-zero.json", "/instance/sites/1/lon",
     "0 puts the office", "isi bujur kantor dalam derajat desimal, mis. 104,75"),
]


def body(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REQUESTS / name).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(("name", "pointer", "english", "indonesian"), REFUSED,
                         ids=[r[0] for r in REFUSED])
def test_an_implausible_instance_in_the_body_is_refused_at_its_pointer_in_either_language(
        client: TestClient, name: str, pointer: str, english: str, indonesian: str) -> None:
    answers = {}
    for lang, headers in (("en", EN), ("id", ID)):
        response = client.post("/v1/plans", json={**body(name), "save": False},
                               headers=headers)
        assert response.status_code == 422, response.text
        assert response.headers["content-language"] == lang
        errors = response.json()["errors"]
        assert [e["pointer"] for e in errors] == [pointer]
        answers[lang] = errors[0]["message"]
    assert english in answers["en"]
    assert indonesian in answers["id"], answers["id"]
    # The CLI's words: the library's problem and fix, each rendered in Indonesian.
    [problem] = implausible(Instance.model_validate(body(name)["instance"]), ("instance",))
    assert answers["en"] == problem.message
    said, fix = answers["en"].split("; ", 1)
    assert answers["id"] == f"{problem_text(said, 'id')}; {fix_text(fix, 'id')}"
    assert problem_text(said, "id") != said and fix_text(fix, "id") != fix


def test_the_same_instance_without_the_bad_row_plans(client: TestClient) -> None:
    data = body("plan-kelurahan-at-zero.json")
    data["instance"]["areas"] = data["instance"]["areas"][:2]
    response = client.post("/v1/plans", json={**data, "save": False})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "optimal"


def test_a_kelurahan_on_the_equator_plans(client: TestClient) -> None:
    """Pontianak straddles the equator: Batu Layang (the Tugu Khatulistiwa) typed at
    latitude 0 among its kecamatan's kelurahan at 0.006-0.038 is a real place."""
    response = client.post("/v1/plans", json={**body("plan-equator-pontianak.json"),
                                              "save": False})
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["status"] == "optimal"
    served = {s["area_id"] for s in plan["service"] if s["cards"] > 0}
    assert "61.71.04.1001" in served


def wait_for_job(client: TestClient, location: str, timeout_s: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(location).json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {location} still running after {timeout_s} s")


@pytest.mark.parametrize(("job", "name"), [
    ("job-plan-latitude-zero-only.json", "plan-latitude-zero-only.json"),
    (None, "plan-totals-row.json")])
def test_a_failed_jobs_problem_is_in_the_language_of_whoever_reads_it(
        client: TestClient, job: str | None, name: str) -> None:
    """The job ran once, its problem kept in English; each reader gets the problem the
    synchronous route gives in its own language (the job's body is the route's and its
    kind)."""
    sent = body(job) if job is not None else {"kind": "plan", **body(name)}
    assert sent == {"kind": "plan", **body(name)}
    submitted = client.post("/v1/jobs", json=sent, headers=ID)
    assert submitted.status_code == 202, submitted.text
    wait_for_job(client, submitted.headers["location"])
    read = {lang: client.get(submitted.headers["location"], headers=headers)
            for lang, headers in (("en", EN), ("id", ID))}
    for lang, response in read.items():
        assert response.headers["content-language"] == lang
        assert "Accept-Language" in response.headers["vary"]
        job = response.json()
        assert job["status"] == "failed", job
        sync = client.post("/v1/plans", json={**body(name), "save": False},
                           headers=EN if lang == "en" else ID).json()
        problem = job["problem"]
        assert problem["type"] == sync["type"] == "/problems/invalid-input"
        assert (problem["title"], problem["detail"]) == (sync["title"], sync["detail"])
        assert [(e["pointer"], e["message"]) for e in problem["errors"]] == \
            [(e["pointer"], e["message"]) for e in sync["errors"]]
    assert read["id"].json()["problem"]["title"] == "Masukan tidak valid"
    assert read["en"].json()["problem"]["title"] == "Invalid input"
