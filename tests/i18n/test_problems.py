"""Input problems in Bahasa Indonesia: the CLI, the API and the catalog.

The corpus is real refusals: Palembang's own CSV files with one thing broken each
(a word in a count, many empty cells, a typo in a header, a missing table, ...),
read by the library's reader. Every one must be known to the catalog (its
Indonesian differs from the English), keep its values, and render byte-identical
through the English catalog.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.main import create_app
from api.settings import Settings
from optimizer import InvalidInput, Problem, datasets, i18n, load
from optimizer.cli import app
from optimizer.i18n import problems
from optimizer.io import grouping
from tests.web.workbooks import BAD_ROW, BAD_VALUE, palembang_workbook

PALEMBANG = datasets.data_root() / "palembang"


def broken(folder: Path, table: str, change: str) -> Path:
    """Palembang's tables copied to `folder`, `table` changed by `change` (see below)."""
    folder.mkdir()
    for name in ("sites", "areas", "districts", "distances"):
        shutil.copy(PALEMBANG / f"{name}.csv", folder / f"{name}.csv")
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    if change == "word":          # one count holds a word: one line with its value
        cells = lines[6].split(",")
        cells[6] = "banyak"
        lines[6] = ",".join(cells)
    elif change == "empty":       # eight empty counts: one grouped line, rows listed
        for i in range(1, 9):
            cells = lines[i].split(",")
            cells[6] = ""
            lines[i] = ",".join(cells)
    elif change == "negative":    # negative counts (schema: must be >= 0)
        for i in (2, 3):
            cells = lines[i].split(",")
            cells[7] = "-5"
            lines[i] = ",".join(cells)
    elif change == "typo":        # a header one letter off: did you mean
        lines[0] = lines[0].replace("first_time", "first_tme")
    elif change == "missing":     # a required column (printers) gone
        lines = [",".join(c for i, c in enumerate(line.split(",")) if i != 5)
                 for line in lines]
    elif change == "twice":       # the same header twice
        lines = [line + "," + line.split(",")[1] for line in lines]
    elif change == "district":    # a kecamatan neither a code nor a name
        cells = lines[3].split(",")
        cells[2] = "Kecamatan Antah"
        lines[3] = ",".join(cells)
    elif change == "duplicate":   # an id twice
        lines.append(lines[1])
    elif change == "gone":        # no sites table at all
        path.unlink()
        return folder
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


CASES = [("areas", "word"), ("areas", "empty"), ("areas", "negative"), ("areas", "typo"),
         ("sites", "missing"), ("areas", "twice"), ("areas", "district"),
         ("sites", "duplicate"), ("sites", "gone")]


def refusal(tmp_path: Path, table: str, change: str) -> list[Problem]:
    folder = broken(tmp_path / f"{table}-{change}", table, change)
    with pytest.raises(InvalidInput) as refused:
        load(folder, name="broken")
    return list(refused.value.problems)


def english_through_the_catalog(table: tuple[tuple[str, str], ...], text: str) -> str:
    """The text rendered with the English catalog's sentence (no shortcut for 'en')."""
    grouped = problems._GROUPED.match(text)
    if grouped:
        return text  # its pieces are checked one by one below
    for context, english in table:
        match = problems._pattern(english).match(text)
        if match:
            return problems._fill(i18n.translate("en", context, english), match.groupdict())
    raise AssertionError(f"not in the catalog: {text!r}")


@pytest.mark.parametrize(("table", "change"), CASES)
def test_every_real_refusal_is_known_and_keeps_its_values(tmp_path: Path, table: str,
                                                           change: str) -> None:
    found = refusal(tmp_path, table, change)
    assert found
    for problem in found:
        indonesian = i18n.localize_problem(problem, "id")
        assert indonesian.message != problem.message, problem.message
        assert indonesian.pointer == problem.pointer
        if problem.fix:
            assert indonesian.fix != problem.fix, problem.fix
        if " row " in problem.location or ", column " in problem.location:
            assert indonesian.location != problem.location
        # Every value the planner typed or the file names appears in the Indonesian too.
        for value in re.findall(r"'[^']*'|\b\d+\b", problem.message):
            assert value in indonesian.message, (value, indonesian.message)
        assert i18n.localize_problem(problem, "en") == problem
        assert english_through_the_catalog(problems.MESSAGES, problem.message) == \
            problem.message


def test_a_grouped_line_in_indonesian(tmp_path: Path) -> None:
    # 8 empty first_time cells in rows 2..9: five rows listed, "and 3 more".
    (problem,) = refusal(tmp_path, "areas", "empty")
    assert problem.location == "areas.csv, column first_time"
    assert problem.message == "8 cells: is empty (blank, N/A or -) (rows 2, 3, 4, 5, 6 and 3 more)"
    indonesian = i18n.localize_problem(problem, "id")
    assert indonesian.location == "areas.csv, kolom first_time"
    assert indonesian.message == ("8 sel: tidak berisi nilai (kosong, N/A atau -) "
                                  "(baris 2, 3, 4, 5, 6 dan 3 lainnya)")


def test_every_fix_the_grouping_names_is_in_the_catalog() -> None:
    for kind, fix in grouping.FIXES.items():
        assert i18n.fix_text(fix, "id") != fix, kind
        assert english_through_the_catalog(problems.FIXES, fix) == fix


def test_a_sentence_the_catalog_does_not_know_stays_english() -> None:
    problem = Problem(location="somewhere", message="is odd in a new way", fix="do better")
    assert i18n.localize_problem(problem, "id") == problem


# --------------------------------------------------------------------------- CLI

runner = CliRunner()


def test_the_cli_says_where_and_what_in_either_language(tmp_path: Path) -> None:
    book = palembang_workbook(tmp_path / "book.xlsx", bad_cell=True)
    args = ["plan", "--data", str(book), "--blanks", "40000"]
    english = runner.invoke(app, [*args, "--lang", "en"])
    indonesian = runner.invoke(app, [*args, "--lang", "id"])
    assert english.exit_code == indonesian.exit_code == 2
    # English exactly as the reader writes it (the CLI printed this before the catalog).
    assert english.output == (
        "Invalid input\n"
        f"  book.xlsx[areas] row {BAD_ROW}, column first_time: must be a whole number, got "
        f"'{BAD_VALUE}'\n"
        "    fix: type whole numbers only (no decimals, text or units)\n")
    assert indonesian.output == (
        "Masukan tidak valid\n"
        f"  book.xlsx[areas] baris {BAD_ROW}, kolom first_time: harus berupa bilangan bulat, "
        f"tertulis '{BAD_VALUE}'\n"
        "    perbaikan: isi bilangan bulat saja (tanpa desimal, teks atau satuan)\n")


# --------------------------------------------------------------------------- API


@pytest.fixture(scope="module")
def client() -> TestClient:
    settings = Settings(workers=1, queue_size=4, preload_datasets=[], max_time_limit_s=30)
    with TestClient(create_app(settings)) as test_client:
        yield test_client  # type: ignore[misc]


def bad_instance() -> dict[str, object]:
    """Palembang as JSON with one kelurahan's first_time backlog at -5 and one lat at 95."""
    data = json.loads(datasets.load("palembang").instance.model_dump_json())
    data["areas"][3]["backlog"]["first_time"] = -5
    data["sites"][1]["lat"] = 95
    return {"instance": data, "shipment": {"blanks": 40000}, "save": False}


@pytest.mark.parametrize("route", ["/v1/plans", "/v1/comparisons"])
def test_accept_language_changes_only_the_error_texts(client: TestClient, route: str) -> None:
    body = bad_instance()
    if route == "/v1/comparisons":
        body = {"instance": body["instance"], "shipment": body["shipment"]}
    english = client.post(route, json=body, headers={"Accept-Language": "en"})
    indonesian = client.post(route, json=body, headers={"Accept-Language": "id"})
    assert english.status_code == indonesian.status_code == 422
    en_errors, id_errors = english.json()["errors"], indonesian.json()["errors"]
    assert [e["pointer"] for e in en_errors] == [e["pointer"] for e in id_errors]
    by_pointer = {e["pointer"]: e["message"] for e in en_errors}
    assert by_pointer["/instance/areas/3/backlog/first_time"] == "must be >= 0, got -5"
    assert by_pointer["/instance/sites/1/lat"] == "must be <= 90, got 95"  # bounds grouped, no .0
    id_by_pointer = {e["pointer"]: e["message"] for e in id_errors}
    assert id_by_pointer["/instance/areas/3/backlog/first_time"] == "harus >= 0, tertulis -5"
    # The bound written from ctx the Indonesian way (90.0 -> 90; 3600.0 -> 3.600).
    assert id_by_pointer["/instance/sites/1/lat"] == "harus <= 90, tertulis 95"
    assert english.json()["type"] == indonesian.json()["type"]


def test_a_problem_and_its_fix_on_one_line_read_part_by_part() -> None:
    """The service writes `<message>; <fix>` (optimizer.implausible, a replay's schedule):
    each part in the command line's words; a part the catalog does not know keeps the
    whole line as written."""
    message = "this looks like a totals row, got 'JUMLAH'"
    fix = "delete it: every row must be one kelurahan, office or kecamatan"
    line = f"{message}; {fix}"
    assert problems.problem_text(line, "en") == line
    assert problems.problem_text(line, "id") == \
        f"{problems.problem_text(message, 'id')}; {problems.fix_text(fix, 'id')}"
    # A fix holding '; ' itself.
    pattern = grouping.FIXES["string_pattern_mismatch"]
    assert "; " in pattern
    said = problems.problem_text(f"must not be empty, got ''; {pattern}", "id")
    assert said.endswith(problems.fix_text(pattern, "id")) and pattern not in said
    # Unknown either side: as written.
    assert problems.problem_text("this looks like a totals row; do something new", "id") \
        == "this looks like a totals row; do something new"
    assert problems.problem_text(f"something new; {fix}", "id") == f"something new; {fix}"


@pytest.mark.parametrize(("english", "indonesian"), [
    # One place (plausible._lost_finding): every km with a decimal comma, none grouped.
    ("is 3.00, but the other places of kecamatan K1 lie at -3.01 to -2.98: 3.00 puts the "
     "area 665 km from the nearest of them, -3.00 would put it 1.6 km away (the minus sign "
     "may be lost)",
     "bernilai 3,00, padahal tempat lain di kecamatan K1 berada di -3,01 sampai -2,98: 3,00 "
     "menempatkan kelurahan 665 km dari yang terdekat di antaranya, -3,00 akan "
     "menempatkannya 1,6 km dari sana (tanda minus mungkin hilang)"),
    ("is 1450 km, but area A1 and office S1 are 0.35 km apart great-circle: no road is that "
     "long",
     "1450 km, padahal kelurahan A1 dan kantor S1 berjarak 0,35 km garis lurus: tidak ada "
     "jalan sepanjang itu"),
    ("is 2.0 km, but area A1 and office S1 are 160 km apart great-circle: no road is that "
     "short", "2,0 km, padahal kelurahan A1 dan kantor S1 berjarak 160 km garis lurus"),
    ("(1.489, -124.84) puts the area 12261 km from the nearest office",
     "menempatkan kelurahan 12261 km dari kantor terdekat"),
    ("is 0, but the other places of kecamatan K2 lie at -2.95 to -2.95: 0 puts the office "
     "12.5 km from the nearest of them", "menempatkan kantor 12,5 km dari"),
    # Many cells on one line: the km the checks computed, after '; ', too.
    ("120 cells: is far longer than the great-circle km between the area's and the office's "
     "coordinates (in brackets) (rows 2, 3, 4, 5, 6 and 115 more); 2176 km (1.7 km), "
     "5885 km (4.5 km), ...", "(baris 2, 3, 4, 5, 6 dan 115 lainnya); 2176 km (1,7 km), "
                              "5885 km (4,5 km), ..."),
    ("2 cells: is 0, far from where the rest of its kecamatan lies (in brackets: where, and "
     "how far from the nearest of them) (rows 4, 7); 0 (-3.00..-2.98, 331 km), "
     "0 (-3.00..-2.98, 12.5 km)", "331 km), 0 (-3.00..-2.98, 12,5 km)"),
    # The service's pairs limit: max_travel_km 7.5 is 7,5.
    ("at least 600,000 allowed area-site pairs within max_travel_km 7.5; the limit is "
     "500,000 (BLANKO_MAX_PAIRS)", "max_travel_km 7,5"),
])
def test_km_figures_are_written_the_indonesian_way(english: str, indonesian: str) -> None:
    """'2.3 km' kept its decimal point in Bahasa Indonesia: 2,3 km (babel, locale id),
    with the decimals the English has; a km of 100 or more is never grouped (2176, as
    the file's own km are in a message about a misread separator)."""
    assert problems.problem_text(english, "en") == english
    said = problems.problem_text(english, "id")
    assert said != english and indonesian in said, said
    assert not re.search(r"\d\.\d+ km", said), said


def test_a_typed_value_with_km_keeps_its_decimal_point() -> None:
    """A value as typed ('5.5 km' in a count cell) is the planner's, never rewritten."""
    line = "2 cells: must be a whole number (rows 3, 4); '5.5 km', '2.5 km'"
    assert problems.problem_text(line, "id").endswith("; '5.5 km', '2.5 km'")
