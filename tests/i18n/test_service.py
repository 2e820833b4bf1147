"""optimizer.i18n.service: every problem title and detail of the service in both
languages, values kept and figures written the language's way.

The real refusals go through an app in tests/api/test_problems_lang.py; here every
sentence of the table is filled with sample values, as the service fills it, and read
back.
"""

from __future__ import annotations

import re

import pytest

from optimizer.i18n.service import (
    _MATCH,
    DETAILS,
    TITLES,
    cut_note,
    problem_detail,
    problem_title,
)

# A value for each field, as the service writes it (an id, a name, a figure).
SAMPLES = {"name": "bandung", "known": "palembang, palembang-2017", "limit": "5000000",
           "media": "text/plain", "encoding": "gzip", "id": "p-1", "status": "draft",
           "what": "plan",
           "what_again": "plan", "allowed": "approved", "action": "published",
           "article": "an", "seconds": "1.5", "signal": "9", "received": "12345",
           "timeout": "30", "grace": "2", "rate": "16384", "result": "infeasible",
           "pid": "4242", "code": "-9", "owner": "host-1:4242:ab12",
           "error": "the pipe closed", "queued": "1000"}


def english(context: str, template: str) -> str:
    shape = _MATCH.get(context, template)
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLES[m.group(1)], shape)


@pytest.mark.parametrize(("context", "template"), DETAILS, ids=[c for c, _ in DETAILS])
def test_every_detail_reads_back_in_indonesian(context: str, template: str) -> None:
    text = english(context, template)
    assert problem_detail(text, "en") == text  # English is the service's own text
    indonesian = problem_detail(text, "id")
    assert indonesian != text and not re.search(r"\{\w+\}", indonesian), indonesian
    # Ids, names, settings and routes stay as written.
    for kept in re.findall(r"BLANKO_\w+|POST /v1/jobs|X-API-Key|'[^']*'", text):
        assert kept in indonesian, (kept, indonesian)


def test_figures_and_words_in_details() -> None:
    # 12345 bytes in 1.5 s, limits 30 s and 2 s, 16384 bytes/s: grouped, decimal comma.
    slow = problem_detail(english("problem.detail.body_slow", dict(DETAILS)[
        "problem.detail.body_slow"]), "id")
    assert slow.startswith("12.345 bita badan permintaan tiba dalam 1,5 detik")
    assert "dalam 30 detik" in slow and "setelah 2 detik" in slow and "16.384 bita/detik" in slow
    assert problem_detail("The request body is larger than the limit of 5000000 bytes.",
                          "id") == "Badan permintaan lebih besar dari batas 5.000.000 bita."
    # The store's statuses and actions, plan's and job's.
    assert problem_detail("job 'j-1' is succeeded: only a queued or running job can be "
                          "cancelled.", "id") \
        == "pekerjaan 'j-1' berstatus berhasil: hanya pekerjaan yang berstatus mengantre " \
           "atau berjalan yang dapat dibatalkan."
    assert problem_detail("Job j-2 is failed: only a succeeded job has a result.", "id") \
        == "Pekerjaan j-2 berstatus gagal: hanya pekerjaan yang berhasil yang memiliki hasil."


def test_unknown_text_stays_as_written() -> None:
    assert problem_detail("Something new happened.", "id") == "Something new happened."
    assert problem_title("Teapot", "id") == "Teapot"


def test_every_title_translates() -> None:
    for title in TITLES:
        assert problem_title(title, "en") == title
        assert problem_title(title, "id") != title, title


def test_the_cut_note() -> None:
    # 1,234 errors, the first 100 listed: English as it always was (no grouping).
    assert cut_note(1234, 100, "en") == " (1234 errors, the first 100 listed)"
    assert cut_note(1234, 100, "id") == " (1.234 galat, 100 yang pertama dicantumkan)"


def test_a_failed_jobs_detail_as_the_runner_and_the_store_write_it() -> None:
    """api/store_routes.JobRunner and optimizer/store/repository.py keep these in English;
    a reader asking in Indonesian gets each with its values (api.problems.stored_problem)."""
    from api.problems import stored_problem
    from api.workers import DeadlineExceeded

    kept = {"type": "/problems/deadline-exceeded", "title": "Deadline exceeded",
            "status": 504, "detail": f"The job ran past its deadline and was stopped "
                                     f"({DeadlineExceeded(12.5)}).", "errors": []}
    assert stored_problem(kept, "en") == kept
    read = stored_problem(kept, "id")
    assert (read["type"], read["status"]) == (kept["type"], kept["status"])
    assert read["title"] == "Tenggat terlewati"
    assert read["detail"] == ("Pekerjaan ini melewati tenggatnya dan dihentikan (pekerjaan "
                              "melewati tenggat 12,5 detik).")
    crashed = problem_detail("The solver process running this job stopped (solver process 77 "
                             "stopped (exit code -9)): it was killed or ran out of memory.",
                             "id")
    assert crashed.startswith("Proses pemecah yang menjalankan pekerjaan ini berhenti (proses "
                              "pemecah 77 berhenti, kode keluar -9)")
    lost = stored_problem({"type": "/problems/job-lost", "title": "Job lost", "status": 500,
                           "detail": "The server running this job (h:1:x) has not been heard "
                                     "from for over 30 s: it stopped before the job "
                                     "finished."}, "id")
    assert lost["title"] == "Pekerjaan hilang" and "(h:1:x)" in lost["detail"]
    assert "30 detik" in lost["detail"]
