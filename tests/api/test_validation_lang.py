"""422 `errors[].message` in the client's language, written from each error's TYPE
(optimizer.i18n.validation): bodies (pydantic and the JSON parser), query parameters,
POST /v1/jobs. Pointers and parameter names are the same in both languages, English is
the service's own sentence, and every invalid query parameter is listed at once.

The bodies are files of tests/data/requests, as a client sends them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"
ID = {"Accept-Language": "id-ID,id;q=0.9", "Content-Type": "application/json"}
EN = {"Accept-Language": "en", "Content-Type": "application/json"}


def refused(client: TestClient, method: str, path: str, headers: dict[str, str],
            **request: Any) -> list[tuple[str, str | None, str]]:
    """(pointer, parameter, message) of each error of a 422."""
    response = client.request(method, path, headers=headers, **request)
    assert response.status_code == 422, response.text
    assert response.headers["content-language"] == headers["Accept-Language"][:2]
    return [(e["pointer"], e.get("parameter"), e["message"])
            for e in response.json()["errors"]]


def both(client: TestClient, method: str, path: str, **request: Any,
         ) -> tuple[list[tuple[str, str | None, str]], list[tuple[str, str | None, str]]]:
    indonesian = refused(client, method, path, ID, **request)
    english = refused(client, method, path, EN, **request)
    # The same places in both languages, in the same order.
    assert [e[:2] for e in indonesian] == [e[:2] for e in english]
    return indonesian, english


# file, route, [(pointer, Indonesian, English)]
BODIES = [
    ("plan-missing-comma.json", "/v1/plans", [
        ("", "',' tidak ada di antara dua nilai pada baris 3, kolom 2",
         "Expecting ',' delimiter: line 3 column 2 (char 57)")]),
    ("plan-blanks-typed-as-text.json", "/v1/plans", [
        ("/shipment/blanks", "harus berupa angka, bukan teks dalam tanda kutip, tertulis "
                             "'40.000'",
         "must be a number, not text in quotes, got '40.000'")]),
    ("plan-negative-blanks-long-limit.json", "/v1/plans", [
        ("/shipment/blanks", "harus >= 0, tertulis -500", "must be >= 0, got -500"),
        # The bound written the Indonesian way; the value as the client typed it.
        ("/policy/time_limit_s", "harus <= 3.600, tertulis 86400",
         "must be <= 3,600, got 86400")]),
    # A count sent as 3000.0 (or 3e3): what to write.
    ("plan-blanks-written-decimal.json", "/v1/plans", [
        ("/shipment/blanks", "harus berupa bilangan bulat, tertulis 3000.0; tulis 3000",
         "must be a whole number, got 3000.0; write 3000")]),
    # Nested too deeply: the whole sentence, its bracket closed (it was cut at "(keep it
    # under 100" as if it were a parser's syntax error).
    ("plan-nested-too-deep.json", "/v1/plans", [
        ("", "objek dan daftar bersarang terlalu dalam untuk dibaca; sebuah masukan hanya "
             "bersarang beberapa tingkat (jaga di bawah 100)",
         "objects and lists are nested too deeply to read; an input nests them a few levels "
         "at most (keep it under 100)")]),
    ("plan-misspelt-member.json", "/v1/plans", [
        ("/shipment/blanko", "bukan isian yang dikenal", "is not a known field")]),
    ("plan-dataset-code-long-label.json", "/v1/plans", [
        ("/dataset", "harus berupa teks, tertulis 1671", "must be text, got 1671"),
        ("/label", "teks paling banyak 200 karakter",
         "String should have at most 200 characters")]),
    ("plan-nan-travel-limit.json", "/v1/plans", [
        ("/policy/max_travel_km", "NaN tidak diizinkan: setiap angka harus terhingga",
         "NaN is not allowed: every number must be finite")]),
    # A schedule's count with a thousands dot: refused with what to type instead.
    ("job-replay-thousands-dot.json", "/v1/jobs", [
        ("/schedule", "dapat dibaca dua cara (10.000 berarti 10000 dalam format Indonesia, "
                      "10 dalam format Inggris), tertulis '10.000'; ketik 10000 (tanpa "
                      "pemisah) atau 10",
         "could be read two ways (10.000 is 10000 in Indonesian, 10 in English), got "
         "'10.000'; type 10000 (without separators) or 10")]),
    # QA3 18: an empty range had no fix: what to write now, in the language.
    ("job-replay-empty-range.json", "/v1/jobs", [
        ("/schedule", "30000-20000 adalah rentang kosong; tulis angka yang lebih kecil "
                      "dahulu: 20000-30000",
         "30000-20000 is an empty range; write the smaller number first: 20000-30000")]),
    # Tester qa7: a key given twice took the last value silently; a horizon of 99,999,999
    # days was accepted (202) and failed when the job ran out of memory.
    ("job-replay-key-twice.json", "/v1/jobs", [
        ("/schedule", "kunci 'tranches' diberikan dua kali dalam "
                      "'tranches=2,tranches=4,every=20,blanks=20000'; berikan setiap kunci "
                      "sekali saja",
         "key 'tranches' is given twice in 'tranches=2,tranches=4,every=20,blanks=20000'; "
         "give each key once")]),
    ("job-replay-horizon-too-long.json", "/v1/jobs", [
        ("/schedule", "cakrawala waktunya (99.999.999 hari) lebih panjang daripada yang "
                      "disimulasikan sebuah simulasi ulang (2.600 hari kerja, sepuluh tahun); "
                      "berikan tahap yang lebih sedikit atau lebih rapat, atau days= yang "
                      "lebih pendek",
         "the horizon (99,999,999 days) is longer than a replay simulates (2,600 working "
         "days, ten years); give fewer or closer tranches, or a shorter days=")]),
    ("job-site-without-id.json", "/v1/jobs", [
        ("/instance/sites/0/site_id", "wajib diisi", "is required")]),
    # QA3 13: a NUL in a label was kept on SQLite (and printed raw by `blanko plans
    # list`); PostgreSQL's text refuses it. Refused at its pointer, as a name is.
    ("plan-label-nul.json", "/v1/plans", [
        ("/label", "tidak boleh berisi karakter kendali (tab, pindah baris, ...), tertulis "
                   "'tranche 3\\x00'",
         "must not contain control characters (tab, line break, ...), got 'tranche 3\\x00'")]),
    # QA3 12: a plan with a negative count was judged (200, a `negative` violation) while
    # every count is 0..10^12: refused at its pointer, as 2.5 and 10^13 are.
    ("evaluate-plan-negative-blanks.json", "/v1/plans/evaluate", [
        ("/plan/shipments/1/blanks", "harus >= 0, tertulis -50", "must be >= 0, got -50")]),
]


@pytest.mark.parametrize(("name", "path", "expected"), BODIES, ids=[b[0] for b in BODIES])
def test_body_errors_in_the_clients_language(client: TestClient, name: str, path: str,
                                             expected: list[tuple[str, str, str]]) -> None:
    indonesian, english = both(client, "POST", path, content=(REQUESTS / name).read_bytes())
    assert [(p, m) for p, _, m in indonesian] == [(p, i) for p, i, _ in expected]
    assert [(p, m) for p, _, m in english] == [(p, e) for p, _, e in expected]


def test_every_invalid_query_parameter_at_once_in_the_language(client: TestClient) -> None:
    # Four mistakes in one request: a client sees them all in one answer (before, the
    # date came only after the others were fixed), each in the language.
    query = {"limit": "0", "status": "disetujui", "created_from": "kemarin",
             "offset": "sepuluh"}
    indonesian, english = both(client, "GET", "/v1/plans", params=query)
    assert sorted((p, m) for _, p, m in indonesian) == [
        ("created_from", "'kemarin' bukan tanggal: tulis tanggal atau tanggal dan jam ISO "
                         "8601, misalnya 2026-11-29 atau 2026-11-29T08:00:00+07:00"),
        ("limit", "harus >= 1, tertulis '0'"),
        ("offset", "harus berupa bilangan bulat, tertulis 'sepuluh'"),
        ("status", "harus salah satu dari 'draft', 'approved', 'published' atau "
                   "'superseded'")]
    assert sorted((p, m) for _, p, m in english) == [
        ("created_from", "'kemarin' is not a date: write an ISO 8601 date or date and time, "
                         "e.g. 2026-11-29 or 2026-11-29T08:00:00+07:00"),
        ("limit", "must be >= 1, got '0'"),
        ("offset", "must be a whole number, got 'sepuluh'"),
        ("status", "Input should be 'draft', 'approved', 'published' or 'superseded'")]


def test_both_date_filters_wrong_are_both_reported(client: TestClient) -> None:
    indonesian, _ = both(client, "GET", "/v1/plans",
                         params={"created_from": "29/11/2026", "created_before": "besok"})
    assert [p for _, p, _ in indonesian] == ["created_from", "created_before"]


def test_a_boolean_parameter_in_indonesian(client: TestClient) -> None:
    indonesian, _ = both(client, "GET", "/v1/datasets/palembang",
                         params={"instance": "mungkin"})
    assert indonesian == [("", "instance", "harus true atau false")]


def test_a_kecamatan_no_office_reaches_is_planned_with_the_reason_in_the_language(
        client: TestClient) -> None:
    # It was refused (422); the contract plans the rest and says why its residents wait:
    # unmet_reason `reach` on its lines, and the warnings in the client's language.
    body = (REQUESTS / "plan-kecamatan-without-office.json").read_bytes()
    for headers, words in ((ID, "tidak memiliki kantor sendiri yang dapat mencetak"),
                           (EN, "no office of their own that can print")):
        response = client.post("/v1/plans", headers=headers, content=body)
        assert response.status_code == 200, response.text
        plan = response.json()
        reasons = {(d["district_id"], d["tier"]): d["unmet_reason"] for d in plan["districts"]
                   if d["unmet"]}
        assert reasons[("16.71.04", "first_time")] == "reach"
        assert all(r != "reach" for (k, _), r in reasons.items()
                   if k not in ("16.71.02", "16.71.04"))
        texts = {m["code"]: m["text"] for m in plan["messages"]}
        assert words in texts["DISTRICT_WITHOUT_OFFICE"]
        assert "AREA_UNREACHABLE" in texts
