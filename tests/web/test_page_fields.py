"""The page's refusals tell the planner what to change on the page itself:

- every bad field at once (`blanks=banyak&reserve=-5&lot_size=0`: three fields, one answer),
  each named by its label on the page, each with "What to change" (a range grouped the
  page's way: 1.000.000.000.000);
- "fix these cells in your file" only when a file was sent;
- the number format of uploaded files is a choice on the form (id / en / detect), passed
  to the reader as the CLI's --locale, and a refusal names that choice, not --locale.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from optimizer import datasets

HX = {"HX-Request": "true"}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#39;", "'")


def form(**fields: str) -> dict[str, str]:
    return {"source": "dataset", "dataset": "palembang", "blanks": "40000", "equity": "on",
            "lang": "en", **fields}


@pytest.mark.parametrize(("lang", "labels", "fixes", "intro"), [
    ("en", ("Blanks in this shipment", "Reserve kept at the central office",
            "Lot size (ship whole lots of)"),
     ("What to change: type a whole number from 0 to 1,000,000,000,000",
      "What to change: type a whole number from 1 to 1,000,000,000,000"),
     "Change these fields and try again."),
    ("id", ("Blangko dalam pengiriman ini",),
     ("Yang perlu diubah: isi bilangan bulat dari 0 sampai 1.000.000.000.000",
      "Yang perlu diubah: isi bilangan bulat dari 1 sampai 1.000.000.000.000"),
     "Ubah isian berikut lalu coba lagi."),
])
def test_every_bad_field_at_once_by_its_label_with_what_to_change(
        client: TestClient, lang: str, labels: tuple[str, ...], fixes: tuple[str, ...],
        intro: str) -> None:
    answer = client.post("/web/plan", data=form(blanks="banyak", reserve="-5", lot_size="0",
                                                lang=lang), headers=HX)
    said = text(answer.text)
    assert 'id="kecamatan-table"' not in answer.text
    # Three fields refused in one answer (the range ones used to wait for a second round).
    assert answer.text.count('class="problem-group"') == 3, said
    for label in labels:
        assert f"<h3>{label}</h3>" in answer.text, said
    for field in ("blanks", "reserve", "lot_size"):
        assert f"<h3>{field}</h3>" not in answer.text
    for fix in fixes:
        assert fix in said, said
    assert intro in said
    assert "upload" not in said and "unggah" not in said  # no file was sent


@pytest.mark.parametrize(("lang", "bound"), [("en", "<= 1,000,000,000,000"),
                                             ("id", "<= 1.000.000.000.000")])
def test_a_count_too_large_has_its_bound_grouped(client: TestClient, lang: str,
                                                 bound: str) -> None:
    said = text(client.post("/web/plan", data=form(blanks="10000000000000", lang=lang),
                            headers=HX).text).replace("&lt;", "<")
    assert bound in said, said
    assert "1000000000000," not in said


def _ambiguous_upload() -> list[tuple[str, tuple[str, bytes, str]]]:
    # palembang's areas.csv with one backlog written 1.000: a thousand in Indonesian, one
    # in English; the CSV shows no other evidence of either locale.
    folder = datasets.data_root() / "palembang"
    areas = (folder / "areas.csv").read_text(encoding="utf-8").splitlines()
    cells = areas[1].split(",")
    cells[6] = '"1.000"'  # first_time
    areas[1] = ",".join(cells)
    return [("file", ("sites.csv", (folder / "sites.csv").read_bytes(), "text/csv")),
            ("file", ("areas.csv", "\n".join(areas).encode(), "text/csv"))]


def test_the_number_format_is_a_choice_on_the_form(client: TestClient) -> None:
    page = client.get("/?lang=en").text
    assert '<select id="locale" name="locale"' in page
    files = _ambiguous_upload()
    refused = text(client.post("/web/plan", data=form(source="upload", lang="id"),
                               files=files, headers=HX).text)
    assert "--locale" not in refused, refused  # the page has no --locale
    assert "pilih format angka berkas Anda di formulir" in refused, refused
    assert "Perbaiki sel-sel ini di berkas Anda" in refused  # a file was sent
    planned = client.post("/web/plan", data=form(source="upload", locale="id"), files=files,
                          headers=HX)
    assert 'id="kecamatan-table"' in planned.text, text(planned.text)


def test_a_json_files_location_is_in_the_language(client: TestClient) -> None:
    # An instance .json with a kelurahan at (0, 0): located by its JSON pointer, the
    # word between file and pointer in the page's language ("pada", never "at").
    import json

    instance = json.loads((datasets.data_root() / "palembang" / "instance.json")
                          .read_text(encoding="utf-8"))["instance"]
    instance["areas"][2]["lat"] = instance["areas"][2]["lon"] = 0
    instance.pop("distances", None)
    files = [("file", ("zero_inst.json", json.dumps(instance).encode(), "application/json"))]
    refused = {lang: text(client.post("/web/plan", data=form(source="upload", lang=lang),
                                      files=files, headers=HX).text) for lang in ("id", "en")}
    assert "zero_inst.json pada /areas/2/lat" in refused["id"], refused["id"]
    assert " at /areas" not in refused["id"]
    assert "zero_inst.json at /areas/2/lat" in refused["en"], refused["en"]
