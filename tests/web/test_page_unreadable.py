"""Tester qa7's fault 5 on the page: a malformed workbook (truncated XML, a number cell
holding 'abc', a cell reference beyond column XFD, a merged range 'A1:', a column range
from 0) was a traceback and an HTTP 500; it is now the reader's refusal, a 422 page (or
the HTMX fragment saying it), "cannot be read as .xlsx", the fix in the form's language.
The same files on the command line: tests/data/spreadsheets/manifest.toml (qa7-unreadable-*).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
UNREADABLE = sorted(CORPUS.glob("qa7-unreadable-*.xlsx"))
SAID = {"en": ("cannot be read as .xlsx", "open it in Excel and save it again (as .xlsx)"),
        "id": ("tidak dapat dibaca sebagai .xlsx",
               "buka di Excel lalu simpan lagi (sebagai .xlsx)")}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#39;", "'")


def _post(client: TestClient, book: Path, lang: str, htmx: bool):
    data = {"source": "upload", "blanks": "40000", "max_travel_km": "8", "lang": lang}
    files = [("file", (book.name, book.read_bytes(), "application/octet-stream"))]
    return client.post("/web/plan", data=data, files=files,
                       headers={"HX-Request": "true"} if htmx else {})


def test_the_cases_are_there() -> None:
    assert len(UNREADABLE) == 5


@pytest.mark.parametrize("book", UNREADABLE, ids=[b.stem for b in UNREADABLE])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_malformed_workbook_is_a_422_page_saying_it_cannot_be_read(
        client: TestClient, book: Path, lang: str) -> None:
    message, fix = SAID[lang]
    answer = _post(client, book, lang, htmx=False)
    assert answer.status_code == 422, answer.text[:500]
    said = _text(answer.text)
    assert f"{book.name} {message} (" in said and fix in said, said
    fragment = _post(client, book, lang, htmx=True)
    assert fragment.status_code == 200  # (HTMX swaps only a 2xx answer in: the refusal)
    said = _text(fragment.text)
    assert message in said and fix in said and "cards-first_time" not in fragment.text, said
