"""The page refuses a half-blank coordinate as the CLI and the API do: at its cell, with
the fix, in the page's language (optimizer/io/plausible.py, tests/data/spreadsheets/
latitude-zero-only: a kelurahan's latitude left 0, its longitude typed)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

HX = {"HX-Request": "true"}
FOLDER = Path(__file__).parents[1] / "data" / "spreadsheets" / "latitude-zero-only"


def upload(client: TestClient, folder: Path, lang: str) -> tuple[Any, str]:
    """The page's answer to the folder's three CSV files (6,000 blanks, equity on), and
    its text without tags, whitespace collapsed."""
    files = [("file", (f"{t}.csv", (folder / f"{t}.csv").read_bytes(), "text/csv"))
             for t in ("districts", "sites", "areas")]
    answer = client.post("/web/plan", data={"source": "upload", "blanks": "6000",
                                            "equity": "on", "lang": lang},
                         files=files, headers=HX)
    return answer, " ".join(html.unescape(re.sub(r"<[^>]+>", "", answer.text)).split())


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
    _, text = upload(client, FOLDER, lang)
    assert "cards-first_time" not in text
    for fragment in words:
        assert fragment in text, (fragment, text[-3000:])


CORPUS = FOLDER.parent


@pytest.mark.parametrize(("case", "lang", "words"), [
    ("zero-zero-pair", "en", ["sites.csv, column lon", "(0, 0) is in the Gulf of Guinea",
                              "fill in the office's latitude and longitude"]),
    ("zero-zero-pair", "id", ["sites.csv, kolom lon", "(0, 0) berada di Teluk Guinea",
                              "isi lintang dan bujur kantor"]),
    ("latitude-column-zero", "id", ["areas.csv, kolom lat",
                                    "bernilai 0 di setiap baris (sel kosong terbaca sebagai 0)"]),
    ("city-totals-row", "en", ["areas.csv, column area_id",
                               "this looks like a totals row: its population and backlog are "
                               "the sums of the other rows of the file"]),
    ("latitude-lost-minus", "id", ["areas.csv, kolom lat", "(tanda minus mungkin hilang)",
                                   "periksa tanda lintang kelurahan"]),
    ("latitude-minus-north", "en", ["areas.csv, column lat",
                                    "(a minus sign may be typed in error)",
                                    "north of the equator it is positive"]),
    ("latitude-minus-north", "id", ["areas.csv, kolom lat", "(tanda minus mungkin salah ketik)",
                                    "di utara khatulistiwa nilainya positif"]),
    ("longitude-negative", "en", ["areas.csv, column lon", "puts the area"]),
    ("latitude-lost-minus-alone", "id", ["areas.csv, kolom lat", "(tanda minus mungkin hilang)"]),
    # A fresh tester's (qa1): a stale subtotal, a copy, a typo 100 km off, a name against
    # its code.
    ("kecamatan-subtotal-stale", "en", [
        "areas.csv, column area_id", "row 27: this looks like a kecamatan subtotal row, not a "
        "kelurahan: its id is the code of kecamatan 16.71.01", "delete the subtotal row"]),
    ("kecamatan-subtotal-name", "id", [
        "areas.csv, kolom name", "baris 27: baris ini tampaknya baris subtotal, bukan "
        "kelurahan",
        "hapus baris subtotal"]),
    ("kelurahan-copied", "id", [
        "areas.csv, kolom area_id", "baris 27: mengulang kelurahan yang pertama di baris 2 "
        "(kode 16.71.01.1001)", "hapus salah satu dari kedua baris"]),
    ("kelurahan-latitude-typo", "en", [
        "areas.csv, column lat", "row 2: (-3.90802, 104.7436) puts the kelurahan 101 km "
        "from the nearest other place of kecamatan 16.71.01"]),
    ("kecamatan-code-vs-name", "id", [
        "areas.csv, kolom Kecamatan", "baris 2: menyebut kecamatan 16.71.02 (Seberang Ulu "
        "I), padahal kolom 'Kode Kecamatan' memberikan kecamatan 16.71.01 (Ilir Barat II)"]),
])
def test_each_wrong_place_is_refused_on_the_page(client: TestClient, case: str, lang: str,
                                                 words: list[str]) -> None:
    """The tester's wrong plans (a (0, 0) pair, a column of 0, a totals row by its sums,
    a lost minus sign) are refused on the page too, at the cell, in the page's language."""
    folder = CORPUS / case
    _, text = upload(client, folder, lang)
    assert "cards-first_time" not in text
    for fragment in words:
        assert fragment in text, (fragment, text[-3000:])


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "has a backlog equal to the sum of the other rows of kecamatan 16.71.04"),
    ("id", "memiliki tunggakan yang sama dengan jumlah baris lain di kecamatan 16.71.04")])
def test_a_kelurahan_whose_backlog_is_a_sum_plans_on_the_page_with_a_warning(
        client: TestClient, lang: str, words: str) -> None:
    """A real kelurahan whose backlog is its kecamatan's other rows' sum plans (it was
    refused with no way out), and the page says what to check, in its language."""
    folder = CORPUS / "sum-coincidence"
    answer, text = upload(client, folder, lang)
    assert "cards-first_time" in answer.text, text[-3000:]
    assert words in text, text[-3000:]
