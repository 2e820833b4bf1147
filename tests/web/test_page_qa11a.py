"""Tester qa11a: the page's kecamatan table counted the central office's blanks (Palembang's
DISDUKCAPIL, 1,154 of 40,000, in 16.71.04) in its kecamatan's "Blanks to its offices"
(4,154 for Ilir Barat I, whose office gets 3,000); now in no row, said below the table."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

HX = {"HX-Request": "true"}


def _cells(html: str, district: str) -> list[str]:
    row = re.search(rf"<tr>\s*<th scope=\"row\">[^<]*<span class=\"id\">{re.escape(district)}"
                    r"</span></th>(.*?)</tr>", html, re.S)
    assert row is not None, html[:2000]
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)


def test_the_central_office_s_blanks_are_in_no_kecamatan_row(client: TestClient) -> None:
    answer = client.post("/web/plan", headers=HX, data={
        "source": "dataset", "dataset": "palembang", "blanks": "40000", "equity": "on",
        "lang": "en"})
    assert answer.status_code == 200, answer.text[:500]
    cells = _cells(answer.text, "16.71.04")
    assert cells[-2].strip() == "3,000", cells
    assert ("DISDUKCAPIL (the central office, in 16.71.04) gets 1,154 blanks for its own "
            "printers, which serve every kecamatan: they are in no kecamatan's row."
            in answer.text), answer.text[-3000:]
    indonesian = client.post("/web/plan", headers=HX, data={
        "source": "dataset", "dataset": "palembang", "blanks": "40000", "equity": "on",
        "lang": "id"})
    assert ("DISDUKCAPIL (kantor pusat, di 16.71.04) menerima 1.154 blangko untuk printernya "
            "sendiri" in indonesian.text)
