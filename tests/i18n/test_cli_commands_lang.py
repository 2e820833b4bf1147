"""Every other `blanko` command in Bahasa Indonesia and English: `datasets`, `plans ...`,
`db upgrade`, `compare`, `replay`, `sweep` and `template` follow --lang, else BLANKO_LANG,
else the locale, as `blanko plan` does (tests/i18n/test_cli_lang.py).

Each test runs the real command through typer's CliRunner in both languages and checks
Indonesian words (the glossary's: blangko, kantor, kecamatan, antrean, cakupan, pemula)
and figures written the Indonesian way (1.234; 0,5) appear with `id`, and the English
words do not; and the reverse with `en`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from tests.cases import TINY_DIR, three_districts

runner = CliRunner()
KEPT = re.compile(r"(?:Plan kept as|Rencana disimpan sebagai) ([0-9a-f-]{36})")
# The environment of every run: neither BLANKO_LANG nor the locale picks Indonesian, so
# Indonesian comes from --lang alone (or from BLANKO_LANG where a test sets it).
ENGLISH_ENV = {"BLANKO_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "",
               "LANG": "C.UTF-8"}


def run(*args: str, code: int = 0, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env={**ENGLISH_ENV, **(env or {})})
    assert result.exit_code == code, result.output
    return result.output


def both(args: tuple[str, ...], indonesian: tuple[str, ...], english: tuple[str, ...],
         code: int = 0) -> tuple[str, str]:
    """Run `args` with --lang id and --lang en: each language's words in its own output
    and not in the other's."""
    out_id = run(*args, "--lang", "id", code=code)
    out_en = run(*args, "--lang", "en", code=code)
    for word in indonesian:
        assert has(out_id, word), (word, out_id)
        assert not has(out_en, word), (word, out_en)
    for word in english:
        assert has(out_en, word), (word, out_en)
        assert not has(out_id, word), (word, out_id)
    return out_id, out_en


def has(text: str, words: str) -> bool:
    """`words` in `text` as whole words ('draf' is not in 'draft')."""
    before = r"(?<!\w)" if words[0].isalnum() else ""
    after = r"(?!\w)" if words[-1].isalnum() else ""
    return re.search(before + re.escape(words) + after, text) is not None


def headings(table: str) -> list[str]:
    """The column headings of the first rich table in `table` (its first ┃ row)."""
    row = next(line for line in table.splitlines() if line.startswith("┃"))
    return [cell.strip() for cell in row.strip("┃").split("┃")]


# --------------------------------------------------------------------------- datasets


def test_datasets() -> None:
    # Palembang waits 150,000 first-time and 50,000 replacement applicants: 200,000.
    out_id, out_en = both(("datasets",),
                          ("Dataset", "total antrean", "pemula, penggantian", "200.000",
                           "~84.000", "sintetis"),
                          ("Datasets", "total backlog", "first_time, replacement", "200,000",
                           "~84,000", "seeded"))
    # The headings (the sources' own citations are as the dataset wrote them).
    assert headings(out_id) == ["nama", "kantor", "wilayah", "golongan", "total antrean",
                                "sumber"]
    assert headings(out_en) == ["name", "sites", "areas", "tiers", "total backlog", "source"]
    assert "palembang" in out_id  # dataset names are ids, the same in both languages
    # BLANKO_LANG alone picks the language when --lang is not given.
    assert "total antrean" in run("datasets", env={"BLANKO_LANG": "id"})
    assert "total backlog" in run("datasets", env={"LANG": "en_US.UTF-8"})


# --------------------------------------------------------------------------- plans


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """A plan store with two drafts of the three-district case: 220 and 150 blanks."""
    folder = tmp_path_factory.mktemp("store")
    db = f"sqlite:///{folder}/plans.sqlite3"
    data = folder / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    ids = []
    for blanks in ("220", "150"):
        out = run("plan", "--data", str(data), "--blanks", blanks, "--max-travel-km", "50",
                  "--quiet", "--save", "--db", db, "--label", f"t{blanks}")
        found = KEPT.search(out)
        assert found, out
        ids.append(found.group(1))
    yield db, ids[0], ids[1]


def test_plans_list_and_show(store: tuple[str, str, str]) -> None:
    db, first, _ = store
    both(("plans", "list", "--db", db),
         ("Rencana 1-2 dari 2", "dibuat (UTC)", "oleh", "draf", "blangko",
          "data dikirim langsung"),
         ("Plans 1-2 of 2", "created (UTC)", " by ", "draft", "blanks", "instance sent"))
    # The 220-blank plan prints 220 first-time cards and no replacement card.
    both(("plans", "show", first, "--db", db),
         (f"Rencana {first}", "dibuat ", " oleh ", "pengiriman 220 blangko", "pemula: 220 kartu",
          "penggantian: 0 kartu", "Riwayat", "tindakan", "disimpan", "draf", "pemecah"),
         (f"Plan {first}", "created ", " by ", "shipment 220 blanks", "first_time: 220 cards",
          "replacement: 0 cards", "History", "action", "saved", "draft", "solver"))


def test_plans_verify_and_db_upgrade(store: tuple[str, str, str]) -> None:
    db, first, _ = store
    both(("plans", "verify", first, "--db", db),
         ("Terulang:", f"rencana {first} dihasilkan kembali dari masukannya"),
         ("Reproduced:", f"plan {first} follows from its input"))
    both(("db", "upgrade", "--db", db), (": pada revisi", "(terbaru "), (": at revision", "(head "))
    # A store URL the store cannot use: refused (exit 2), the problem in the language.
    both(("plans", "list", "--db", "nonsense://x"),
         ("Masukan tidak valid", "penyimpanan rencana berjalan di sqlite atau postgresql, "
                                 "bukan nonsense"),
         ("Invalid input", "the store runs on sqlite or postgresql, not nonsense"), code=2)


def test_a_plan_that_no_longer_verifies(tmp_path: Path) -> None:
    from sqlalchemy import update

    from optimizer.store import Store
    from optimizer.store.models import PlanRow

    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    found = KEPT.search(run("plan", "--data", str(data), "--blanks", "220", "--max-travel-km",
                            "50", "--quiet", "--save", "--db", db))
    assert found
    plan_id = found.group(1)
    # One figure of the kept plan changed by hand (S3's 150 blanks -> 149): 1 value differs.
    store = Store(db)
    plan = store.get_plan(plan_id).plan.replace(b'"blanks": 150', b'"blanks": 149', 1)
    with store._write() as session:
        session.execute(update(PlanRow).where(PlanRow.id == plan_id).values(plan=plan))
    store.close()
    both(("plans", "verify", plan_id, "--db", db),
         ("Tidak terulang: 1 nilai berbeda", "pemecah dulu:", "pemecah kini:"),
         ("Not reproduced: 1 value differs", "solver then:", "solver now:"), code=1)


def test_plans_refusals_and_transitions(tmp_path: Path, store: tuple[str, str, str]) -> None:
    db, first, second = store
    # Publishing a draft is refused (exit 4), unknown ids are not found (exit 5).
    both(("plans", "publish", first, "--db", db),
         ("Ditolak", f"rencana '{first}' berstatus draf: hanya rencana yang berstatus "
                     "disetujui yang dapat diterbitkan"),
         ("Refused", f"plan '{first}' is draft: only an approved plan can be published"),
         code=4)
    both(("plans", "show", "p-missing", "--db", db),
         ("Tidak ditemukan", "tidak ada rencana 'p-missing'"),
         ("Not found", "there is no plan 'p-missing'"), code=5)
    assert f"Rencana {first} kini disetujui." in run("plans", "approve", first, "--db", db,
                                                      "--lang", "id")
    assert f"Plan {first} is published." in run("plans", "publish", first, "--db", db,
                                                "--lang", "en")
    shown = run("plans", "show", first, "--db", db, "--lang", "id")
    for word in ("diterbitkan", "disetujui", "disimpan"):
        assert word in shown
    for word in ("published", "approved", "saved"):
        assert word not in shown
    assert second


def test_plans_diff(store: tuple[str, str, str]) -> None:
    db, first, second = store
    # 220 -> 150 blanks: 70 fewer first-time cards; K3's coverage 50.0 % -> 32.3 %.
    both(("plans", "diff", first, second, "--db", db),
         ("Blangko per kantor", "Kartu per kecamatan", "sebelum", "sesudah",
          "perubahan", "Kartu dicetak, pemula", "Blangko dikirim", "50,0 %", "32,3 %",
          "Biaya lot"),
         ("Blanks per office", "Cards per kecamatan", "before", "after", "change",
          "Cards printed, first-time applicants", "Blanks shipped", "50.0%", "32.3%",
          "Cost of lots"))
    # English names the figures in words too, never the internal keys.
    out_en = run("plans", "diff", first, second, "--db", db, "--lang", "en")
    for key in ("cards_by_tier", "blanks_shipped", "lot_cost", "coverage_min_by_tier"):
        assert key not in out_en, out_en


def test_plans_diff_writes_coverage_as_percentages_not_fractions(
        store: tuple[str, str, str]) -> None:
    db, first, second = store
    # Highest first-time coverage: 220 blanks give K2 and K3 0.5 (50.0 %); 150 give K2
    # 33/100 = 33.0 % (K3 97/300 = 32.3 %): -17.0 percentage points. Lowest: K1's 20/100
    # in both (20.0 %, +0.0 points). Never the raw fractions 0.5 and 0.33.
    out_id, out_en = both(
        ("plans", "diff", first, second, "--db", db, "--all"),
        ("Cakupan kecamatan tertinggi, pemula", "50,0 %", "33,0 %", "-17,0 poin",
         "20,0 %", "+0,0 poin"),
        ("Highest kecamatan coverage, first-time applicants", "50.0%", "33.0%",
         "-17.0 points", "20.0%",
         "+0.0 points"))
    for out in (out_id, out_en):
        assert not re.search(r"\b0[.,]33\b|\b0[.,]5\b|\b0[.,]2\b", out), out


@pytest.mark.parametrize(("key", "values", "english", "indonesian"), [
    # 30,000 -> 40,000 blanks: counts grouped, the change signed.
    ("blanks_shipped", (30000.0, 40000.0, 10000.0), ("30,000", "40,000", "+10,000"),
     ("30.000", "40.000", "+10.000")),
    # Palembang, 30,000 -> 40,000 blanks: lowest coverage 0.19993 -> 0.26662 (+0.06669).
    ("coverage_min_by_tier.first_time", (0.19993, 0.26662, 0.06669),
     ("20.0%", "26.7%", "+6.7 points"), ("20,0 %", "26,7 %", "+6,7 poin")),
    ("resident_km_total", (70402.38, 100454.04, 30051.66),
     ("70,402.4", "100,454.0", "+30,051.7"), ("70.402,4", "100.454,0", "+30.051,7")),
    ("resident_km_mean", (2.34675, 2.51135, 0.1646), ("2.35", "2.51", "+0.16"),
     ("2,35", "2,51", "+0,16")),
    # A missing figure is a dash, as everywhere in a diff: never a hyphen (a minus).
    ("lot_cost.cards_by_tier.first_time", (1200.0, None, None), ("1,200", "—", "—"),
     ("1.200", "—", "—")),
])
def test_kpi_figures_per_kind(key: str, values: tuple[float | None, float | None,
                                                      float | None],
                              english: tuple[str, str, str],
                              indonesian: tuple[str, str, str]) -> None:
    from optimizer.i18n.cli import kpi_figures

    assert kpi_figures(key, *values, "en") == english
    assert kpi_figures(key, *values, "id") == indonesian


# --------------------------------------------------------------------------- studies


def test_compare(tmp_path: Path) -> None:
    # The tiny case's three policies each print 610 first-time cards from 600 blanks
    # (tests/studies/test_policies.py); equal's Gini is 0.008.
    out = tmp_path / "c.json"
    both(("compare", "--data", str(TINY_DIR), "--blanks", "600", "--policies",
          "proportional,equal,optimal", "--json", str(out)),
         ("Kebijakan pada satu pengiriman", "kebijakan", "proporsional antrean (proportional)",
          "sama rata (equal)", "0,008", " ya ", "JSON perbandingan ditulis ke"),
         ("Policies on one shipment", "policy", "0.008", " yes ", "Comparison JSON written to"))


def test_replay(tmp_path: Path) -> None:
    args = ("replay", "--data", str(TINY_DIR), "--schedule",
            "tranches=2,every=3,blanks=200-400,step=100", "--replications", "1",
            "--policies", "optimal,equal")
    out_id = run(*args, "--out", str(tmp_path / "id"), env={"BLANKO_LANG": "id"})
    out_en = run(*args, "--out", str(tmp_path / "en"), "--lang", "en",
                 env={"BLANKO_LANG": "id"})  # --lang wins over BLANKO_LANG
    # The headline rows: seed 0 gives 410 first-time cards from the first tranche.
    for word in ("| kebijakan | kartu pemula, satu pengiriman |", "optimal (mesin) | 410 |",
                 "sama rata (equal) (titik pembanding)", "tidak tuntas", "Laporan ditulis ke"):
        assert word in out_id and word not in out_en, word
    for word in ("| policy | first_time cards, one shipment |", "optimal (the engine) | 410 |",
                 "equal (reference point)", "not cleared", "Report written to"):
        assert word in out_en and word not in out_id, word
    # report.md follows --lang (it was English whatever the language): its headings,
    # sentences and table heads, and its figures the language's way; the same figures.
    report_id = (tmp_path / "id" / "report.md").read_text(encoding="utf-8")
    report_en = (tmp_path / "en" / "report.md").read_text(encoding="utf-8")
    for word in ("# Perbandingan kebijakan alokasi:", "## Pengaturan", "## Ringkasan utama",
                 "## Simulasi ulang", "## Cara angka-angka dihitung", "| angka | optimal |",
                 "| kebijakan | sah | kartu pemula | kartu penggantian |",
                 "optimal (mesin) | 410 |", "tidak tuntas (1 dari 1)",
                 "hari sampai antrean awal pemula terlayani"):
        assert word in report_id and word not in report_en, word
    for word in ("# Allocation policies compared:", "## Setup", "## Headline", "## The replay",
                 "## How the figures are made", "| figure | optimal |",
                 "| policy | valid | first_time cards | replacement cards |",
                 "optimal (the engine) | 410 |", "not cleared (1 of 1)",
                 "days until the initial first-time backlog is served"):
        assert word in report_en and word not in report_id, word
    # Every line but the command's and the table rules differs: nothing left in English.
    same = [line for line in set(report_id.splitlines()) & set(report_en.splitlines())
            if line and not line.startswith(("blanko replay", "```", "|---", "|:"))]
    assert same == [], same
    # The charts' titles and labels too (the same figures drawn): every PNG differs.
    from optimizer.studies.report import CHARTS

    for name in CHARTS.values():
        assert (tmp_path / "id" / name).read_bytes() != (tmp_path / "en" / name).read_bytes(), \
            name


SCENARIO = """
name = "tiny"
title = "Two small tranches"
description = "Palembang, two tranches of 20,000 three days apart; a test case."
question = "None: it checks the machinery."
dataset = "palembang"
schedule = "tranches=2,every=3,blanks=20000"
seed = 7
"""


def test_sweep(tmp_path: Path) -> None:
    scenario = tmp_path / "tiny.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    args = ("sweep", str(scenario), "--policies", "capacity_capped,optimal", "--replications",
            "1", "--workers", "1", "--no-report")
    out_id = run(*args, "--out", str(tmp_path / "id"), "--lang", "id")
    out_en = run(*args, "--out", str(tmp_path / "en"), "--lang", "en")
    # One scenario x one replication = 1 task of two policies: English says "1 task".
    assert ("1 tugas (1 skenario x 1 replikasi, masing-masing 2 kebijakan); 0 sudah selesai; "
            "berjalan di 1 proses lokal.") in out_id
    assert ("1 task (1 scenario x 1 replication, 2 policies each); 0 already done; "
            "running on 1 local process.") in out_en
    assert re.search(r"1 tugas berjalan dalam \d+,\d detik; hasil di ", out_id)
    assert re.search(r"1 task ran in \d+\.\d s; results in ", out_en)
    for english in ("task", "already done", "local process", "results in"):
        assert english not in out_id
    # Two replications: 2 tasks, the first already done (the folder of the English run).
    again = run(*args[:5], "2", "--workers", "2", "--no-report", "--out",
                str(tmp_path / "en"), "--lang", "en")
    assert ("2 tasks (1 scenario x 2 replications, 2 policies each); 1 already done; "
            "running on 2 local processes.") in again
    assert re.search(r"1 task ran in \d+\.\d s", again)
    # Bad input: the located problem in the language.
    # Refused where it is typed, as every count option is (tester qa9), with its range.
    both(("sweep", str(scenario), "--replications", "0", "--out", str(tmp_path / "x")),
         ("di luar rentang", "10.000"), ("out of range", "10,000"), code=2)
    both(("sweep", str(scenario), "--policies", "optimal", "--out", str(tmp_path / "x")),
         ("harus memuat capacity_capped, keadaan sekarang",),
         ("must include capacity_capped, the status quo",), code=2)


def test_template(tmp_path: Path) -> None:
    both(("template", str(tmp_path / "isian.xlsx")),
         ("Templat ditulis ke", "isi lembar sites, areas dan districts, lalu jalankan blanko "
                                "plan --data"),
         ("Template written to", "fill in the sheets", "then run"))
    assert (tmp_path / "isian.xlsx").stat().st_size > 1000
    both(("template", str(tmp_path / "isian.xlsx"), "--example", "atlantis"),
         ("Masukan tidak valid",), ("Invalid input",), code=2)


def test_sweep_report_follows_lang(tmp_path: Path) -> None:
    """The sweep's report.md in --lang (it was English whatever the language)."""
    scenario = tmp_path / "tiny.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    args = ("sweep", str(scenario), "--policies", "capacity_capped,optimal", "--replications",
            "1", "--workers", "1")
    run(*args, "--out", str(tmp_path / "id"), "--lang", "id")
    run(*args, "--out", str(tmp_path / "en"), "--lang", "en")
    report_id = (tmp_path / "id" / "report.md").read_text(encoding="utf-8")
    report_en = (tmp_path / "en" / "report.md").read_text(encoding="utf-8")
    for word in ("# Kebijakan alokasi di berbagai skenario", "kebijakan dikurangi capacity_capped",
                 "## Di mana optimasi berpengaruh", "| kebijakan | jenisnya | sumber |",
                 "praktik yang diberitakan", "## Skenario `tiny`: Two small tranches",
                 "| angka | satuan |", "hari-penduduk pemula menunggu",
                 "satu ulangan: tanpa selang", "## Cara angka-angka dihitung"):
        assert word in report_id and word not in report_en, word
    for word in ("# Allocation policies across scenarios", "policy minus capacity_capped",
                 "## Where optimization matters", "| policy | what it is | source |",
                 "described practice", "## Scenario `tiny`: Two small tranches",
                 "| figure | unit |", "first-time resident-days waiting",
                 "one replication: no interval", "## How the figures are made"):
        assert word in report_en, word
    # Palembang waits 150,000 first-time applicants; with two tranches of 20,000 over six
    # days most still wait at the deadline: a five- or six-digit count, grouped each way.
    assert re.search(r"\| pemula tanpa kartu pada tenggat \| warga \| \d{1,3}\.\d{3} \|",
                     report_id)
    assert re.search(r"\| first-time residents without a card at the deadline \| residents "
                     r"\| \d{1,3},\d{3} \|", report_en)
    # The scenario's charts in the language (forest.png keeps English titles for now).
    for name in ("waiting_tiny.png", "kecamatan_tiny.png"):
        assert (tmp_path / "id" / name).read_bytes() != (tmp_path / "en" / name).read_bytes(), \
            name
