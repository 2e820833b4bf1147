"""The page shows how the planner's files were read (the reader's notes), in its language,
and refuses a header that could be a missing field as the CLI does."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

HX = {"HX-Request": "true"}
CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"


def upload(client: TestClient, name: str, lang: str) -> str:
    data = {"source": "upload", "blanks": "6000", "equity": "on", "lang": lang}
    files = [("file", (name, (CORPUS / name).read_bytes(), "application/octet-stream"))]
    answer = client.post("/web/plan", data=data, files=files, headers=HX)
    assert answer.status_code == 200
    return answer.text


def test_the_upload_result_shows_how_the_files_were_read(client: TestClient) -> None:
    english = upload(client, "stock-header-stok-lembar.xlsx", "en")
    # 6,000 blanks + 1,200 in stock (the corpus' clean case): the stock was read.
    assert 'data-kpi="cards-first_time">7,200<' in english
    assert "<summary>How your files were read</summary>" in english
    assert "<li>stock-header-stok-lembar.xlsx[sites]: read &#39;Stok (lembar)&#39; as stock" \
           "</li>" in english
    indonesian = upload(client, "stock-header-stok-lembar.xlsx", "id")
    assert 'data-kpi="cards-first_time">7.200<' in indonesian
    assert "<summary>Cara berkas Anda dibaca</summary>" in indonesian
    assert "<li>stock-header-stok-lembar.xlsx[sites]: dibaca &#39;Stok (lembar)&#39; sebagai " \
           "stock</li>" in indonesian


def test_a_bundled_dataset_has_no_reading_notes(client: TestClient) -> None:
    data = {"source": "dataset", "dataset": "palembang", "blanks": "40000", "equity": "on",
            "lang": "en"}
    assert "How your files were read" not in client.post("/web/plan", data=data,
                                                         headers=HX).text


def test_a_header_that_could_be_the_missing_stock_is_refused_on_the_page(
        client: TestClient) -> None:
    answer = upload(client, "stock-header-kebutuhan-blangko.xlsx", "en")
    assert "cards-first_time" not in answer
    assert "Kebutuhan Blangko" in answer and "did you mean stock?" in answer
    assert "if it holds stock, rename the column to stock; if not, delete the column" in answer
