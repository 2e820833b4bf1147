"""The one catalog: complete, compiled, and English byte-identical to the library's text.

The library writes each message's English `text` itself (f-strings next to the
computation); optimizer.i18n renders the same message from its `code` and `params`
through the catalog. These tests pin that the English rendering equals `text`
byte for byte on every code the library can write, that every code in the sources
has a template, that the Indonesian catalog translates every entry with the same
fields, and that the shipped .mo files are the compiled .po files.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import numpy as np
import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import POLICIES, Instance, Message, Policy, Shipment, datasets, i18n, solve
from optimizer.engine import kpis, lot_equity
from optimizer.engine.checks import planner_warnings
from optimizer.engine.codes import code_warnings
from optimizer.engine.network import compile_network
from optimizer.engine.pins import pin_infeasibility
from optimizer.engine.solve import hard_infeasibility
from optimizer.i18n.messages import TEMPLATES
from optimizer.io.files import load_instance
from optimizer.studies.lookahead import plan_lookahead
from optimizer.studies.lookahead import time_limit_message as lookahead_time_limit
from tests.cases import area, site, stocked, storage, tiers_only

ROOT = Path(__file__).resolve().parents[2]
LOCALE = Path(i18n.LOCALE_DIR)
# Where the library writes a message code: Message(code="X", ...) and codes._warning("X", ...).
_CODE = re.compile(r'(?:\bcode="|_warning\(\s*")([A-Z][A-Z0-9_]+)"')


def entries(path: Path) -> dict[tuple[str | None, str], str]:
    with path.open("rb") as f:
        catalog = read_po(f) if path.suffix in {".po", ".pot"} else read_mo(f)
    return {(m.context, str(m.id)): str(m.string) for m in catalog if m.id}


def library_codes() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "optimizer").rglob("*.py"):
        if "i18n" not in path.parts:
            found |= set(_CODE.findall(path.read_text(encoding="utf-8")))
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name} | set(
        re.findall(r"%\((\w+)\)s", text))


# --------------------------------------------------------------------------- the catalog


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_shipped_mo_is_the_compiled_po(lang: str) -> None:
    folder = LOCALE / lang / "LC_MESSAGES"
    assert entries(folder / "blanko.mo") == entries(folder / "blanko.po")


def test_the_po_files_hold_exactly_the_strings_the_sources_mark(tmp_path: Path) -> None:
    """Re-extract (the babel.cfg command) and compare: a new string must be translated."""
    pot = tmp_path / "blanko.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"),
                                "-k", "N_:1c,2", "--no-location", "-o", str(pot), str(ROOT)])
    marked = set(entries(pot))
    for lang in i18n.LANGUAGES:
        assert set(entries(LOCALE / lang / "LC_MESSAGES" / "blanko.po")) == marked, lang


def test_indonesian_translates_every_entry_with_the_same_fields() -> None:
    for (context, english), indonesian in entries(LOCALE / "id/LC_MESSAGES/blanko.po").items():
        assert indonesian, (context, english)
        assert fields(indonesian) == fields(english), (context, english)


def test_english_entries_repeat_the_english() -> None:
    catalog = entries(LOCALE / "en/LC_MESSAGES/blanko.po")
    assert all(english == text for (_, english), text in catalog.items())


def test_the_catalogs_compile_with_no_error_and_no_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """`pybabel compile` (the babel.cfg command) reported 5 format errors: sentences with
    '95 % interval' or 'as % of', which babel reads as python-format ('% i', '% o'). They
    are written '%%' now, as gettext escapes a literal '%'. Compiled into a copy."""
    import logging
    import shutil

    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    with caplog.at_level(logging.INFO, logger="babel"):
        code = CommandLineInterface().run(["pybabel", "compile", "-d", str(copy),
                                           "-D", "blanko"])
    assert not code
    said = [r.getMessage() for r in caplog.records]
    assert said and not [line for line in said if not line.startswith("compiling catalog")], \
        said
    for lang in i18n.LANGUAGES:
        with (copy / lang / "LC_MESSAGES" / "blanko.po").open("rb") as f:
            assert [(m.id, errors) for m, errors in read_po(f).check()] == [], lang


# What the reports read: the '%%' of the catalogs is '%' (byte-identical to before).
PERCENT_SENTENCES = [
    ("SW_SECOND_LINE", "report.sweep", "en",
     "Second line of each cell: paired difference against the status quo, 95 % interval."),
    ("SW_SECOND_LINE", "report.sweep", "id",
     "Baris kedua setiap sel: selisih berpasangan terhadap keadaan sekarang, selang 95 %."),
    ("ONE_SHIPMENT_NOTE", "report", "en",
     "One shipment: 40,000 blanks (x) on the initial state. Replay: the whole schedule, "
     "mean and 95 % interval over the replications."),
    ("ONE_SHIPMENT_NOTE", "report", "id",
     "Satu pengiriman: 40,000 blangko (x) pada keadaan awal. Simulasi ulang: seluruh "
     "jadwal, rata-rata dan selang 95 % atas ulangan."),
    ("SW_ENOUGH_HEAD", "report.sweep", "en",
     "| scenario | replications | status quo (M) | paired half-width (M) | as % of status "
     "quo | unpaired half-width of the status quo (M) |"),
    ("SW_ENOUGH_HEAD", "report.sweep", "id",
     "| skenario | ulangan | keadaan sekarang (juta) | setengah lebar berpasangan (juta) | "
     "% dari keadaan sekarang | setengah lebar tak berpasangan keadaan sekarang (juta) |"),
]


@pytest.mark.parametrize(("name", "context", "lang", "expected"), PERCENT_SENTENCES)
def test_a_percent_sign_reads_as_before(name: str, context: str, lang: str,
                                        expected: str) -> None:
    from optimizer.i18n import studies

    assert studies.say(lang, getattr(studies, name), context, blanks="40,000",
                       which="x") == expected
    for template in (studies.SW_CELLS, studies.SW_ENOUGH_TEXT, studies.SW_METHOD[3]):
        said = studies.say(lang, template, studies.SWEEP, status_quo="sq", n="5")
        assert "95 %" in said and "%%" not in said, said


def test_every_code_the_library_writes_has_a_template_and_no_other() -> None:
    assert library_codes() == set(TEMPLATES)


# --------------------------------------------------------------------------- rendering


def corpus() -> list[Message]:
    """Messages of every code, from the library's own functions on named inputs."""
    palembang = datasets.load("palembang")
    out: list[Message] = []

    def plan(instance: Instance, blanks: int, policy: Policy) -> None:
        out.extend(solve(instance, Shipment(blanks=blanks), policy).messages)

    plan(palembang.instance, 40_000, palembang.policy())  # DISTANCES (limit), MARGINALS
    plan(palembang.instance, 10**7, palembang.policy(reserve=500))  # BLANKS_KEPT_CENTRAL
    plan(palembang.instance, 40_000, Policy(equity=False, lot_size=250))  # no limit, lots
    plan(tiers_only(), 10, Policy(reserve=11))  # INFEASIBLE_RESERVE
    # BLANKS_KEPT_CENTRAL_LOTS: S prints 1,000, 500 wait; 150 blanks in lots of 100 ship
    # one lot, and the 50 left are kept by the lot size alone.
    plan(Instance(sites=(site("S", "K"),), areas=(area("A", "K", first=500),)), 150,
         Policy(lot_size=100))
    plan(storage().model_copy(update={"sites": (site("S", "K", stock=9, storage_cap=5),)}),
         10, Policy())  # INFEASIBLE_STORAGE
    plan(stocked(), 0, Policy())
    for allocate in POLICIES.values():  # POLICY_RULE of every baseline, and their notes
        out.extend(allocate(palembang.instance, Shipment(blanks=40_000), palembang.policy())
                   .messages)
        out.extend(allocate(palembang.instance, Shipment(blanks=400_000),
                            Policy(max_travel_km=2.0)).messages)
    # HOST_OUT_OF_REACH: palembang-2017's hosted kecamatan beyond 1 km of their hosts.
    from optimizer.studies.hosts import dataset_hosts

    y2017 = datasets.load("palembang-2017")
    out.extend(POLICIES["capacity_capped"](
        y2017.instance, Shipment(blanks=40_000), y2017.policy(max_travel_km=1.0),
        hosts=dataset_hosts(y2017.instance, "palembang-2017")).messages)
    # LOOKAHEAD: tranches of 20,000 blanks now, on day 20 and on day 40 (a grouped list).
    for equity in (True, False):
        out.extend(plan_lookahead(palembang.instance, Shipment(blanks=20_000),
                                  palembang.policy(equity=equity),
                                  tranches=[(20, 20_000), (40, 20_000)])[0].messages)
    # LOOKAHEAD_LOTS: lots of 5 over two one-day tranches of 10 and 26 blanks; A and B
    # print 20 a day for a and b (30 waiting each) 145 km apart, beyond a 50 km limit.
    twin = Instance(sites=(site("A", "KA", cap=20), site("B", "KB", 1.0, cap=20)),
                    areas=(area("a", "KA", first=30), area("b", "KB", 1.0, first=30)))
    out.extend(plan_lookahead(twin, Shipment(blanks=10), Policy(max_travel_km=50.0, lot_size=5),
                              tranches=[(1, 26)], week=None)[0].messages)
    # PINNED_SHIPMENTS: the first Palembang office's shipment fixed at 1,000 blanks.
    first_site = palembang.instance.sites[0].site_id
    plan(palembang.instance, 40_000, palembang.policy(pinned_shipments={first_site: 1_000}))
    # PINS_STRANDED, BLANKS_STRANDED_LOTS: tests/data/stranded (S1 prints 15): S1 pinned
    # at 30 of 40 blanks strands 15; 40 blanks in lots of 10 strand 5 of S1's 2 lots.
    stranded = load_instance(ROOT / "tests" / "data" / "stranded")
    plan(stranded, 40, Policy(pinned_shipments={"S1": 30}))
    plan(stranded, 40, Policy(lot_size=10))
    # Pins that break a hard constraint: S may hold 40 and has 10 (storage()).
    # 90 pinned > 100 - 20 reserve = 80 may leave (INFEASIBLE_PINS); 10 + 35 = 45 > 40
    # (INFEASIBLE_PIN_STORAGE); 25 is not whole lots of 10 (INFEASIBLE_PIN_LOT).
    for blanks, pins in ((100, {"S": 90}), (100, {"S": 35}), (100, {"S": 25})):
        broken = pin_infeasibility(storage(), Shipment(blanks=blanks),
                                   Policy(reserve=20, lot_size=10, pinned_shipments=pins))
        assert broken is not None
        out.append(broken)
    # LOT_EQUITY_UNPROVEN: 8 kecamatan 144 km apart wait 11 .. 18 each; 5 lots of 10
    # leave 3 at 0 where without lots the least covered is at 40 %; and with no bound.
    apart = Instance(sites=tuple(site(f"S{d}", f"K{d}", lon=float(d)) for d in range(8)),
                     areas=tuple(area(f"A{d}", f"K{d}", lon=float(d), first=11 + d)
                                 for d in range(8)))
    plan(apart, 50, Policy(lot_size=10, max_travel_km=20.0))
    out.append(lot_equity.no_bound_message(3))
    # TRAVEL_TIES_UNEXPLORED: 20 kecamatan of two kelurahan with 5 waiting each at one
    # office, 110 cards: 5 each, then 10 of the 20 kecamatan tied at 1/2 get a 6th,
    # C(20, 10) = 184,756 ways > 100 (engine/ties.py).
    crowd = Instance(sites=(site("S", "K00"),),
                     areas=tuple(area(f"A{d:02d}{i}", f"K{d:02d}", first=5)
                                 for d in range(20) for i in range(2)))
    plan(crowd, 110, Policy())
    # TRAVEL_TIES_LOTS: the tie of tests/engine/test_whole_cards.py in lots of 5.
    from tests.engine.test_whole_cards import _travel_tie
    out.extend(m for m in solve(_travel_tie("K3", "K2"), Shipment(blanks=20),
                                Policy(lot_size=5)).messages if m.code == "TRAVEL_TIES_LOTS")
    no_population = Instance(sites=(site("S", "K"),), areas=(area("A", "K", first=5),))
    out.extend(POLICIES["population"](no_population, Shipment(blanks=5), Policy()).messages)
    # The rarer stage outcomes, straight from the function that words them.
    # S holds 30 blanks but can print 10 (STOCK_BEYOND_CAPACITY).
    overstocked = Instance(sites=(site("S", "K", cap=10, stock=30),),
                           areas=(area("A", "K", first=80),))
    net = compile_network(overstocked, Shipment(blanks=10), Policy(lot_size=7))
    printed = np.zeros(net.n_sites, dtype=np.int64)
    out += kpis.messages(net, 10, Policy(lot_size=7, max_travel_km=12.5), printed, printed,
                         marginals="skipped", equity_complete=False, lots_proven=False,
                         lost_to_lots=3)
    # The time limit stopped the lot choice too (qa2 fault 3): EQUITY_TIME_LIMIT's lot
    # wording, and the 10 blanks kept by the lots said to be stopped, not unusable.
    out += kpis.messages(net, 10, Policy(lot_size=7), printed, printed, marginals="none",
                         equity_complete=False, lots_proven=False, lost_to_lots=3,
                         kept_without_lots=0, lot_choice_cut=True)
    # A lot plan's marginal values are the lot-free plan's, and say so (qa2 fault 2).
    plan(palembang.instance, 40_000, palembang.policy(lot_size=250))
    # The lookahead's blanks held for a later tranche (qa2 fault 5), alone and listed.
    out.append(kpis.kept_message(15_000, 0, 0, 1, held=15_000, held_period=1))
    out.append(kpis.kept_message(2_000, 500, 700, 250, lot_choice_cut=True, held=600,
                                 held_period=3))
    # The lookahead cut by its work budget (qa2 fault 4), in a tier's stage and after.
    out.append(lookahead_time_limit(0.001, "equity", "first_time"))
    out.append(lookahead_time_limit(2.5, "late_shipping", ""))
    out.append(kpis.time_limit_capped(100.0, 30.0))  # the service's cap (qa2 s2)
    good = [area(f"16.71.0{d}.10{i:02d}", f"16.71.0{d}") for d in (1, 2) for i in range(12)]
    bad = [area(f"X-{i}", "16.71.01") for i in range(21)]  # > 20 listed: KEMENDAGRI_MORE
    coded = Instance(sites=(site("S1", "16.71.01"),),
                     areas=(*good, area("16.71.02.1099", "16.71.01"), area("A", "K"), *bad,
                            area("1671021098", "16.71.02")))  # KEMENDAGRI_AREA_NODOTS
    out += code_warnings(coded)
    # POPULATION_BELOW_BACKLOG, one area (population 10, 500 waiting) and seven.
    few = [area(f"A{i}", "K", first=500).model_copy(update={"population": 10})
           for i in range(7)]
    out += code_warnings(Instance(sites=(site("S", "K"),), areas=tuple(few[:1])))
    out += code_warnings(Instance(sites=(site("S", "K"),), areas=tuple(few)))
    # AREA_SUM_OF_OTHERS: a kelurahan whose backlog is the sum of its kecamatan's other
    # rows (10 = 4 + 6), and one whose backlog is the sum of the file's (K2 alone).
    out += code_warnings(Instance(sites=(site("S", "K"),), areas=(
        area("A", "K", first=10), area("B", "K", first=4), area("C", "K", first=6),
        area("D", "K2", first=7))))
    out += code_warnings(Instance(sites=(site("S", "K"),), areas=(
        area("A", "K2", first=10), area("B", "K", first=4), area("C", "K3", first=6))))
    # AREA_FAR_IN_DISTRICT: kelurahan B 0.8 degree (~90 km) east of the rest of K.
    out += code_warnings(Instance(sites=(site("S", "K"),), areas=(
        area("A", "K", first=5), area("B", "K", lon=0.8, first=5))))
    # SITE_FIGURE_OUTLIER: S3 prints 1500 cards a day, the three others 150 (qa9).
    out += code_warnings(Instance(
        sites=tuple(site(f"S{i}", "K", cap=1500 if i == 3 else 150) for i in range(4)),
        areas=(area("A", "K", first=5),)))
    # SITE_FIGURE_LOW: S3 prints 15 cards a day, the three others 150 (qa11a).
    out += code_warnings(Instance(
        sites=tuple(site(f"S{i}", "K", cap=15 if i == 3 else 150) for i in range(4)),
        areas=(area("A", "K", first=5),)))
    # SITE_WORKING_DAYS_WEEK: S3 prints 5 days (a week's), the three others 20 (qa11a).
    out += code_warnings(Instance(
        sites=tuple(site(f"S{i}", "K").model_copy(update={"working_days": 5 if i == 3 else 20})
                    for i in range(4)),
        areas=(area("A", "K", first=5),)))
    # engine/checks.py: S0 prints nothing, so K2 has no office of its own; 12 of K2's
    # kelurahan lie 5 degrees (~720 km) east, beyond a 10 km limit ("and 2 more").
    far = tuple(area(f"F{i:02d}", "K2", lon=5.0, first=3) for i in range(12))
    cut_off = Instance(sites=(site("S1", "K1"), site("S0", "K2", cap=0)),
                       areas=(area("A", "K1", first=5), area("B", "K2", lon=0.05, first=5),
                              *far))
    for limit in (10.0, None):
        policy = Policy(max_travel_km=limit)
        out += planner_warnings(compile_network(cut_off, Shipment(blanks=9), policy), policy)
    return out


@pytest.fixture(scope="module")
def messages() -> list[Message]:
    return corpus()


def test_the_corpus_holds_every_code(messages: list[Message]) -> None:
    assert {m.code for m in messages} == set(TEMPLATES)


def test_english_renders_byte_identical_to_the_library(messages: list[Message]) -> None:
    for m in messages:
        assert i18n.render(m, "en") == m.text, m.code


def test_indonesian_renders_every_field_and_differs(messages: list[Message]) -> None:
    for m in messages:
        text = i18n.render(m, "id")
        assert text != m.text, m.code
        assert not re.search(r"\{\w+\}", text), (m.code, text)


def test_indonesian_numbers_and_phrases() -> None:
    # 12000 kept = 1000 reserve + 11000 unusable: Indonesian groups thousands with '.'.
    m = Message(code="BLANKS_KEPT_CENTRAL", params={"kept": 12000, "reserve": 1000,
                                                    "unusable": 11000}, text="")
    assert i18n.render(m, "id").startswith("12.000 blangko tetap di kantor Disdukcapil: "
                                           "1.000 sebagai cadangan dan 11.000 ")
    rule = Message(code="POLICY_RULE", text="", params={
        "policy": "proportional",
        "rule": "in proportion to each district's first_time backlog (later tiers by theirs, "
                "from what is left)"})
    assert "sebanding dengan antrean pemula setiap kecamatan" in i18n.render(rule, "id")
    odd = Message(code="POLICY_RULE", text="", params={"policy": "x", "rule": "by lottery"})
    assert "blangko by lottery (" in i18n.render(odd, "id")  # an unknown rule stays as written


def test_a_code_the_catalog_does_not_know_keeps_its_text() -> None:
    m = Message(code="SOMETHING_NEW", params={"n": 1}, text="Something new happened.")
    assert i18n.render(m, "id") == "Something new happened."


def test_localize_plan_changes_only_the_texts() -> None:
    palembang = datasets.load("palembang")
    plan = solve(palembang.instance, Shipment(blanks=40_000), palembang.policy())
    localized = i18n.localize_plan(plan, "id")
    assert localized.model_dump(exclude={"messages"}) == plan.model_dump(exclude={"messages"})
    assert [(m.code, m.level, m.params) for m in localized.messages] == [
        (m.code, m.level, m.params) for m in plan.messages]
    assert i18n.localize_plan(plan, "en") is plan


_ids = st.text(alphabet=st.sampled_from("ab{}'.%1"), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(reserve=st.integers(1, 10**9), stock=st.integers(1, 10**9), site_id=_ids)
def test_english_is_identical_for_any_values(reserve: int, stock: int, site_id: str) -> None:
    """Braces, quotes and percent signs in ids, and any counts, render as the library wrote."""
    instance = Instance(sites=(site(site_id, "K", stock=stock, storage_cap=stock - 1),),
                        areas=(area("A", "K", first=1),))
    for shipment, policy in ((Shipment(blanks=reserve - 1), Policy(reserve=reserve)),
                             (Shipment(blanks=reserve), Policy(reserve=reserve))):
        found = hard_infeasibility(instance, shipment, policy)
        assert found is not None
        assert i18n.render(found, "en") == found.text
        assert "{" not in i18n.render(found, "id").replace(site_id, "")


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(("header", "expected"), [
    (None, "en"), ("", "en"), ("id", "id"), ("id-ID,id;q=0.9,en;q=0.8", "id"),
    ("en-US,en;q=0.9,id;q=0.8", "en"), ("fr-FR, id;q=0.5", "id"), ("fr", "en"),
    ("in", "id"), ("id;q=0, en", "en"), ("en;q=0.5, id;q=0.6", "id"), ("*", "en"),
])
def test_accept_language_picks_the_best_supported(header: str | None, expected: str) -> None:
    assert i18n.pick_language(header) == expected


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "en"), ({"LANG": "id_ID.UTF-8"}, "id"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"), ({"LANGUAGE": "id:en", "LANG": "en_US"}, "id"),
    ({"BLANKO_LANG": "en", "LANG": "id_ID"}, "en"), ({"LC_ALL": "in_ID"}, "id"),
])
def test_the_environment_picks_the_cli_language(env: dict[str, str], expected: str) -> None:
    assert i18n.language_from_env(env) == expected


def test_numbers_per_language() -> None:
    assert i18n.number(40000, "en") == "40,000"
    assert i18n.number(40000, "id") == "40.000"
    assert i18n.number(1.3, "id") == "1,3"
    assert i18n.number(40000, "en", grouped=False) == "40000"


def test_every_value_the_page_names_is_in_the_catalog() -> None:
    """Statuses, unmet reasons, bindings, levels and policy names (api/web/labels.py)."""
    from typing import get_args

    from optimizer.schema import Binding, Status, UnmetReason

    catalog = entries(LOCALE / "id/LC_MESSAGES/blanko.po")
    wanted = {("status", s) for s in get_args(Status)}
    wanted |= {("reason", r) for r in get_args(UnmetReason)}
    wanted |= {("binding", b) for b in get_args(Binding)}
    wanted |= {("level", v) for v in get_args(Message.model_fields["level"].annotation)}
    wanted |= {("policy", p) for p in POLICIES}
    assert wanted <= set(catalog), sorted(wanted - set(catalog))


# The demand tier is one word in Indonesian (first_time and replacement are tiers):
# "golongan" throughout, as most of the catalog already wrote it; "prioritas" only where
# the English says priority (highest priority first), never for the tier itself, nor
# "tingkat". ../shared/reference/glossary-id.md names the tiers (pemula, penggantian)
# but not the word for a tier.
_TIER_WORD = re.compile(r"(?<![{\w])tiers?(?![}\w])")


def test_every_indonesian_string_calls_a_tier_golongan() -> None:
    wrong = []
    for (context, english), indonesian in entries(LOCALE / "id/LC_MESSAGES/blanko.po").items():
        words = indonesian.lower()
        tiers = len(_TIER_WORD.findall(english.lower()))
        priorities = english.lower().count("priority")
        if tiers and "golongan" not in words:
            wrong.append((context, english, indonesian))
        if words.count("prioritas") > priorities:  # prioritas standing for a tier
            wrong.append((context, english, indonesian))
        if re.search(r"\btingkat\b", words) and tiers:
            wrong.append((context, english, indonesian))
    wrong = sorted(set(wrong))
    assert wrong == [], "\n".join(f"[{c}] {e!r} -> {i!r}" for c, e, i in wrong)
