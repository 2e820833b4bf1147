"""The page refuses a half-blank coordinate as the CLI and the API do: at its cell, with
the fix, in the page's language (optimizer/io/plausible.py, tests/data/spreadsheets/
latitude-zero-only: a kelurahan's latitude left 0, its longitude typed)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

HX = {"HX-Request": "true"}
FOLDER = Path(__file__).parents[1] / "data" / "spreadsheets" / "latitude-zero-only"


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["areas.csv, column lat",
            "row 6: is 0, but the other places of kecamatan 16.71.01 lie at -3.01 to -2.99: 0 puts "
            "the area 333 km from the nearest of them",
            "one on the equator with its decimals"]),
    ("id", ["areas.csv, kolom lat",
            "baris 6: bernilai 0, padahal tempat lain di kecamatan 16.71.01 berada di -3,01 sampai "
            "-2,99: 0 menempatkan kelurahan 333 km",
            "isi lintang kelurahan dalam derajat desimal"]),
])
def test_a_half_blank_latitude_is_refused_on_the_page(client: TestClient, lang: str,
                                                      words: list[str]) -> None:
    files = [("file", (f"{t}.csv", (FOLDER / f"{t}.csv").read_bytes(), "text/csv"))
             for t in ("districts", "sites", "areas")]
    answer = client.post("/web/plan", data={"source": "upload", "blanks": "6000",
                                            "equity": "on", "lang": lang},
                         files=files, headers=HX)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", answer.text)).split())
    assert "cards-first_time" not in text
    for fragment in words:
        assert fragment in text, (fragment, text[-3000:])
