"""`blanko plan --save`, `blanko plans ...` and `blanko db upgrade` on a temporary SQLite
file: the whole life of a plan from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.store import Store
from tests.cases import three_districts, tiers_only

runner = CliRunner()
# "Plan kept as <id>", or in Indonesian (--lang id) "Rencana disimpan sebagai <id>".
ID = re.compile(r"(?:Plan kept as|Rencana disimpan sebagai) ([0-9a-f-]{36})")


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def save(db: str, data: Path, blanks: int, *extra: str) -> str:
    result = run("plan", "--data", str(data), "--blanks", str(blanks), "--max-travel-km", "50",
                 "--quiet", "--save", "--db", db, *extra)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    found = ID.search(result.output)  # type: ignore[attr-defined]
    assert found, result.output  # type: ignore[attr-defined]
    return found.group(1)


def test_the_life_of_a_plan_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    written = tmp_path / "plan.json"
    first = save(db, data, 220, "--label", "tranche-1", "--json", str(written))
    second = save(db, data, 220)
    stored = run("plans", "show", first, "--json", "--db", db)
    assert stored.stdout_bytes == written.read_bytes()  # byte for byte what was written
    listing = run("plans", "list", "--db", db, "--label", "tranche-1")
    assert first in listing.output and second not in listing.output
    assert run("plans", "verify", first, "--db", db).exit_code == 0
    assert run("plans", "publish", first, "--db", db).exit_code == 4  # still a draft
    assert run("plans", "approve", first, "--db", db, "--note", "ok").exit_code == 0
    assert run("plans", "publish", first, "--db", db).exit_code == 0
    replaced = run("plans", "approve", second, "--db", db)
    assert replaced.exit_code == 0 and f"replaces {first}" in replaced.output
    shown = run("plans", "show", first, "--db", db).output
    assert "superseded" in shown and "approved" in shown and "ok" in shown
    assert run("plans", "approve", first, "--db", db).exit_code == 4
    assert run("plans", "show", "missing", "--db", db).exit_code == 5
    record = Store(db).get_plan(first)
    assert record.status == "superseded" and record.created_by and record.label == "tranche-1"


def test_diff_and_a_plan_that_no_longer_verifies(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    before, after = save(db, data, 220), save(db, data, 420)
    diff = run("plans", "diff", before, after, "--db", db).output
    # K2's office S2 goes from 50 to 100 blanks, K3's S3 from 150 to 300 (see
    # tests/store/test_repository.py); S1 is unchanged and not listed.
    assert re.search(r"S2\s.*50\s.*100\s.*\+50", diff) and "S1" not in diff
    store = Store(db)
    from sqlalchemy import update

    from optimizer.store.models import PlanRow
    plan = store.get_plan(before).plan.replace(b'"blanks": 150', b'"blanks": 149', 1)
    with store._write() as session:
        session.execute(update(PlanRow).where(PlanRow.id == before).values(plan=plan))
    refused = run("plans", "verify", before, "--db", db)
    assert refused.exit_code == 1 and "Not reproduced" in refused.output


def test_db_upgrade_and_a_bad_url(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/new.sqlite3"
    upgraded = run("db", "upgrade", "--db", db)
    assert upgraded.exit_code == 0 and "at revision 0003 (head 0003)" in upgraded.output
    bad = run("db", "upgrade", "--db", "mysql://nobody@nowhere/x")
    assert bad.exit_code == 2 and "database_url" in bad.output


def test_a_lookahead_plan_is_not_kept(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    refused = run("plan", "--dataset", "palembang", "--blanks", "20000", "--save", "--db", db,
                  "--schedule", "tranches=2,every=20,blanks=10000")
    assert refused.exit_code == 2 and "--save" in refused.output  # type: ignore[attr-defined]
    assert not (tmp_path / "plans.sqlite3").exists()


def test_a_plan_saved_in_indonesian_verifies(tmp_path: Path) -> None:
    """Found: `blanko plan --save --lang id` kept the Indonesian texts, so `plans verify`
    (which re-solves in the library's English) reported /messages/.../text changed. The
    store keeps the library's plan, as POST /v1/plans does; the planner reads Indonesian
    on the terminal, and --json writes the library's plan too (QA3 14: it wrote the
    Indonesian texts, while the README says the plan JSON carries English text): the
    same bytes as `plans show --json`, whatever --lang."""
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    written = tmp_path / "plan.json"
    kept = save(db, data, 220, "--lang", "id", "--json", str(written))
    assert run("plans", "verify", kept, "--db", db).exit_code == 0
    stored = run("plans", "show", kept, "--json", "--db", db).stdout_bytes  # type: ignore[attr-defined]
    english = tmp_path / "english.json"
    assert run("plan", "--data", str(data), "--blanks", "220", "--max-travel-km", "50",
               "--quiet", "--json", str(english), "--lang", "en").exit_code == 0  # type: ignore[attr-defined]
    stored_plan, english_plan = json.loads(stored), json.loads(english.read_bytes())
    for plan in (stored_plan, english_plan):
        plan["solver"].pop("seconds")  # wall time, the one field two solves may differ in
    assert stored_plan == english_plan
    assert written.read_bytes() == stored
    said = run("plan", "--data", str(data), "--blanks", "220", "--max-travel-km", "50",
               "--lang", "id").output  # type: ignore[attr-defined]
    english_texts = [m["text"] for m in stored_plan["messages"]]
    assert english_texts and not any(text in said for text in english_texts)


def test_an_infeasible_plan_is_kept_shown_as_such_and_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    # 220 blanks with a reserve of 500: 220 - 500 < 0 may leave the central office, so
    # constraint (1) cannot hold and the plan is infeasible (exit 3).
    made = run("plan", "--data", str(data), "--blanks", "220", "--reserve", "500",
               "--max-travel-km", "50", "--quiet", "--save", "--db", db)
    assert made.exit_code == 3, made.output
    found = ID.search(made.output)
    assert found, made.output  # kept all the same: nothing submitted is lost
    plan_id = found.group(1)
    assert "The plan is infeasible: it is kept as a record, but it cannot be approved" \
        in " ".join(made.output.split())
    # No zeros passed off as figures: no KPI line, the reason instead; the one true
    # figure is the blanks, every one of them kept central (nothing ships).
    assert "resident-km" not in made.output
    assert "blanks shipped 0, kept central 220" in " ".join(made.output.split())
    assert "no figures: the plan is infeasible" in made.output
    assert "INFEASIBLE" in made.output
    listing = run("plans", "list", "--db", db)
    assert re.search(r"draft\s*│\s*infeasible", listing.output), listing.output
    shown = run("plans", "show", plan_id, "--db", db).output
    assert "result infeasible" in shown and "cannot be approved or published" in shown
    assert "INFEASIBLE_RESERVE" in shown and "0 cards" not in shown  # the reason, no zeros
    refused = run("plans", "approve", plan_id, "--db", db)
    assert refused.exit_code == 4
    said = " ".join(refused.output.split())
    assert f"Plan '{plan_id}' is infeasible: only an optimal or feasible plan can be " \
           f"approved. Plan the shipment again" in said
    assert run("plans", "publish", plan_id, "--db", db).exit_code == 4
    in_indonesian = run("plans", "approve", plan_id, "--db", db, "--lang", "id")
    assert in_indonesian.exit_code == 4
    said = " ".join(in_indonesian.output.split())
    assert "tidak layak" in said and "can be" not in said, said
    assert Store(db).get_plan(plan_id).status == "draft"


def test_a_feasible_plan_is_approved_with_its_status_said(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    plan_id = save(db, data, 220)
    store = Store(db)
    from sqlalchemy import update

    from optimizer.store.models import PlanRow
    # As a plan whose time limit cut a stage short is kept: status feasible.
    plan = store.get_plan(plan_id).plan.replace(b'"status": "optimal"', b'"status": "feasible"', 1)
    with store._write() as session:
        session.execute(update(PlanRow).where(PlanRow.id == plan_id).values(plan=plan))
    assert re.search(r"draft\s*│\s*feasible", run("plans", "list", "--db", db).output)
    approved = run("plans", "approve", plan_id, "--db", db)
    assert approved.exit_code == 0
    assert "Its result is feasible" in " ".join(approved.output.split())
    published = run("plans", "publish", plan_id, "--db", db, "--lang", "id")
    assert published.exit_code == 0 and "Hasilnya layak" in " ".join(published.output.split())


def test_diff_with_an_infeasible_plan_says_so_and_shows_no_delta(tmp_path: Path) -> None:
    # 220 blanks (S1 20, S2 50, S3 150 blanks; 220 first-time cards), then the same
    # shipment with a reserve of 300: constraint (1) cannot hold, the plan ships nothing.
    # Its zeros are no figures: no "-220 cards", no "0" beside the other plan's 150.
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    planned = save(db, data, 220)
    kept = run("plan", "--data", str(data), "--blanks", "220", "--reserve", "300",
               "--max-travel-km", "50", "--quiet", "--save", "--db", db)
    assert kept.exit_code == 3, kept.output  # type: ignore[attr-defined]
    found = ID.search(kept.output)  # type: ignore[attr-defined]
    assert found, kept.output  # type: ignore[attr-defined]
    refused = found.group(1)
    for lang, says, why in (
            ("en", f"Plan {refused} is infeasible: it ships nothing, so it has no figures",
             "The reserve (300) is larger than the shipment (220)"),
            ("id", f"Rencana {refused} tidak layak", "Cadangan (300) lebih besar dari "
                                                     "pengiriman (220)")):
        for pair in ((planned, refused), (refused, planned)):
            result = runner.invoke(app, ["plans", "diff", *pair, "--db", db, "--lang", lang],
                                   env={"COLUMNS": "100"})
            out = result.output
            assert result.exit_code == 0, out
            flat = " ".join(out.split())
            assert says in flat and why in flat, out
            rows = [line for line in out.splitlines() if line.startswith("│")]
            assert rows, out
            # Every KPI row: the infeasible side and the change a dash, never 0 or -220.
            for row in rows:
                cells = [c.strip() for c in row.strip("│").split("│")]
                side = cells[2] if pair[1] == refused else cells[1]
                assert side == "—" and cells[3] == "—", row
            assert not re.search(r"-220\b", out), out
            assert "S1" not in out  # no office table unless --all
        everything = run("plans", "diff", planned, refused, "--db", db, "--all",
                         "--lang", lang).output  # type: ignore[attr-defined]
        office = next(line for line in everything.splitlines() if "S3" in line)
        assert re.search(r"S3\s.*150\s.*—\s.*—", office), office
    answer = json.loads(run("plans", "diff", planned, refused, "--db", db,
                            "--json").output)  # type: ignore[attr-defined]
    assert answer["after_status"] == "infeasible"
    assert all(k["after"] is None and k["change"] is None for k in answer["kpis"])


def test_diff_of_plans_of_different_instances_shows_a_dash_for_what_one_lacks(
        tmp_path: Path) -> None:
    # three_districts (S1-S3 in K1-K3, 220 blanks) against tiers_only (S in K, 200 blanks,
    # capacity 100): offices and kecamatan one plan does not have are a dash on that side
    # and in the change, and listed (they differ), never 0 blanks, 0 cards or "-150".
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    three, single = tmp_path / "three.json", tmp_path / "single.json"
    three.write_text(three_districts().model_dump_json(), encoding="utf-8")
    single.write_text(tiers_only().model_dump_json(), encoding="utf-8")
    before, after = save(db, three, 220), save(db, single, 200)
    for lang in ("en", "id"):
        result = runner.invoke(app, ["plans", "diff", before, after, "--db", db, "--lang", lang],
                               env={"COLUMNS": "100"})
        out = result.output
        assert result.exit_code == 0, out
        cells = {}
        for line in out.splitlines():
            if line.startswith("│"):
                row = [c.strip() for c in line.strip("│").split("│")]
                cells[tuple(row[:2])] = row[2:]
        assert cells[("S3", "K3")] == ["150", "—", "—"], out
        assert cells[("S", "K")] == ["—", "100", "—"], out
        tier = "first_time" if lang == "en" else "pemula"
        coverage = ("50.0%", "100.0%") if lang == "en" else ("50,0 %", "100,0 %")
        assert cells[("K3", tier)] == ["150", "—", "—", coverage[0], "—"], out
        assert cells[("K", tier)] == ["—", "60", "—", "—", coverage[1]], out
        assert not re.search(r"-150\b|\b0\s+│\s+-", out), out
    answer = json.loads(run("plans", "diff", before, after, "--db", db,
                            "--json").output)  # type: ignore[attr-defined]
    offices = {o["site_id"]: (o["blanks_before"], o["blanks_after"], o["change"])
               for o in answer["offices"]}
    assert offices["S3"] == (150, None, None) and offices["S"] == (None, 100, None)


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_plans_list_and_show_fit_the_terminal_and_cut_nothing(tmp_path: Path, lang: str,
                                                              columns: int) -> None:
    # The console is at least 120 wide: `plans list` cut its dates ("2026-11…"), names
    # and headings at 80 and 100 columns. Laid out for the terminal now: a date wraps
    # before its time, nothing is cut, and what does not fit goes on in a second table.
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    first = save(db, data, 220, "--label", "tranche satu")
    second = save(db, data, 420)
    assert run("plans", "approve", first, "--db", db, "--note",
               "disetujui kepala dinas").exit_code == 0  # type: ignore[attr-defined]
    kept = Store(db).get_plan(first)
    day, time_of_day = f"{kept.created_at:%Y-%m-%d}", f"{kept.created_at:%H:%M:%S}"
    for command in (["plans", "list"], ["plans", "show", first]):
        result = runner.invoke(app, [*command, "--db", db, "--lang", lang],
                               env={"COLUMNS": str(columns)})
        out = result.output
        assert result.exit_code == 0, out
        tables = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
        assert tables and max(len(line) for line in tables) <= columns, out
        assert "…" not in out, out
        words = {w for line in tables for c in line.split("│") for w in c.split()}
        assert day in words and time_of_day in words, out
        if command[1] == "list":
            assert first in words and second in words and "tranche" in words, out
            assert ("220" in words and "420" in words), out
        else:
            assert {"disetujui", "kepala", "dinas"} <= words, out


def test_diff_names_kpis_in_words_and_a_missing_figure_is_a_dash(tmp_path: Path) -> None:
    # English listed the raw keys (cards_by_tier.first_time, lot_cost) where Indonesian and
    # the page use words; a lot cost one plan lacks was '-' where every other missing
    # figure is '—'.
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    before, after = save(db, data, 220), save(db, data, 420, "--lot-size", "20")
    for lang, words in (("en", ("Cards printed, first-time applicants", "Cost of lots",
                                "Blanks kept at the central office")),
                        ("id", ("Kartu dicetak, pemula", "Biaya lot"))):
        result = runner.invoke(app, ["plans", "diff", before, after, "--db", db, "--lang", lang],
                               env={"COLUMNS": "200"})
        out = result.output
        assert result.exit_code == 0, out
        for word in words:
            assert word in out, out
        assert "cards_by_tier" not in out and "lot_cost" not in out, out
        assert "coverage_min_by_tier" not in out and "blanks_kept" not in out, out
        rows = [[c.strip() for c in line.strip("│").split("│")]
                for line in out.splitlines() if line.startswith("│")]
        lots = [row for row in rows if row[0].startswith(words[1])]
        assert lots and all(row[1] == "—" for row in lots), out  # before: no lots, no cost
        assert not any(cell == "-" for row in rows for cell in row), out


@pytest.mark.parametrize("lang", ["en", "id"])
def test_show_puts_the_input_hash_on_its_own_indented_line(tmp_path: Path, lang: str) -> None:
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    kept = save(db, data, 220)
    sha = Store(db).get_plan(kept).input_sha256
    for columns in ("60", "80", "120"):
        result = runner.invoke(app, ["plans", "show", kept, "--db", db, "--lang", lang],
                               env={"COLUMNS": columns})
        assert result.exit_code == 0, result.output
        assert f"  input_sha256 {sha}" in result.output.splitlines(), result.output


@pytest.mark.parametrize(("by", "lang", "shown"), [
    ("anonymous", "id", "anonim"), ("anonymous", "en", "anonymous"),
    ("api-key", "id", "kunci API"), ("siti.rahma", "id", "siti.rahma")])
def test_an_unnamed_author_is_a_word_in_the_language_a_name_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by: str, lang: str, shown: str) -> None:
    """The server keeps 'anonymous' (or 'api-key') when it knows no name: a word, said in
    the language in `plans list` and `plans show`; a person's name as written."""
    import optimizer.cli.store as cli_store

    monkeypatch.setattr(cli_store, "_user", lambda: by)
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    plan_id = save(db, data, 220)
    listed = runner.invoke(app, ["plans", "list", "--db", db, "--lang", lang],
                           env={"COLUMNS": "200"}).output
    row = next(line for line in listed.splitlines() if plan_id in line)
    assert shown in [c.strip() for c in row.split("│")], listed
    shown_plan = run("plans", "show", plan_id, "--db", db, "--lang", lang).output
    assert f", {shown}" in shown_plan or f" {shown}\n" in shown_plan, shown_plan
    history = [line for line in shown_plan.splitlines() if line.startswith("│")]
    assert any(shown in [c.strip() for c in line.split("│")] for line in history), shown_plan
    if shown != by:
        assert by not in shown_plan.replace(plan_id, ""), shown_plan


def test_diff_of_equal_plans_says_nothing_changed_not_an_empty_table(tmp_path: Path) -> None:
    """qa2 s8: without --all, a table with no changed row was printed empty (its headers
    alone, no note)."""
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    before, after = save(db, data, 220), save(db, data, 220)
    words = {"en": ("Blanks per office: no office's blanks changed (--all lists every "
                    "office).", "Cards per kecamatan: no kecamatan's cards changed (--all "
                    "lists every kecamatan and tier)."),
             "id": ("tidak ada kantor yang blangkonya berubah", "tidak ada kecamatan yang "
                    "kartunya berubah")}
    for lang, notes in words.items():
        shown = " ".join(run("plans", "diff", before, after, "--db", db, "--lang",
                             lang).output.split())  # type: ignore[attr-defined]
        for note in notes:
            assert note in shown, shown
        assert "S1" not in shown and "K1" not in shown  # no row, no empty table's header
    every = run("plans", "diff", before, after, "--db", db, "--all").output  # type: ignore[attr-defined]
    assert "changed" not in every and "S1" in every and "K1" in every
