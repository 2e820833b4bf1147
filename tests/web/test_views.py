"""The page's figures, computed without a browser or a server."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from api.web import views
from optimizer import Instance, Plan, Policy, Problem, Shipment, datasets, solve
from tests.cases import area, site


def palembang_plan() -> tuple[Instance, Plan]:
    ds = datasets.load("palembang")
    return ds.instance, solve(ds.instance, Shipment(blanks=40_000), ds.policy())


def test_tables_add_up_to_the_plan() -> None:
    instance, plan = palembang_plan()
    districts = views.district_rows(instance, plan)
    sites = views.site_rows(instance, plan)
    assert len(districts) == 18 and len(sites) == 19
    assert sum(c.served for d in districts for c in d.tiers) == 40_000
    # The central office's blanks are in no kecamatan's row, but said below the table.
    central = views.central_rows(instance, plan)
    assert [site_id for site_id, _, _ in central] == ["DISDUKCAPIL"]
    assert sum(d.blanks for d in districts) + sum(b for _, _, b in central) == sum(
        s.blanks for s in sites) == 40_000
    assert sum(sum(s.printed_by_tier.values()) for s in sites) == sum(s.printed for s in sites)
    # Every kelurahan with cards is served by at least one office.
    assert sum(s.areas_served for s in sites) >= len({
        x.area_id for x in plan.service if x.cards > 0})


def test_second_printer_ranks_by_marginal_then_site_id() -> None:
    instance, plan = palembang_plan()
    rows = views.site_rows(instance, plan)
    a, b, c, d = (dataclasses.replace(rows[0], site_id=i, marginal_cards_per_printer_day=m)
                  for i, m in (("B", 90), ("A", 90), ("C", 120), ("D", 0)))
    none = dataclasses.replace(rows[0], site_id="E", marginal_cards_per_printer_day=None)
    ranked = views.second_printer([a, b, c, d, none])
    assert [r.site_id for r in ranked] == ["C", "A", "B"]  # 120, then the 90s by id


def test_problems_group_by_file_and_column_rows_in_order() -> None:
    groups = views.problem_groups([
        Problem(location="areas.csv row 14, column first_time", message="must be a whole number"),
        Problem(location="areas.csv row 3, column first_time", message="must be >= 0, got -1"),
        Problem(location="sites.csv row 2, column lat", message="must be <= 90"),
        Problem(location="book.xlsx", message="has no 'sites' table"),
    ])
    assert [(g.source, g.column, g.rows) for g in groups] == [
        ("areas.csv", "first_time", (("3", "must be >= 0, got -1"),
                                     ("14", "must be a whole number"))),
        ("sites.csv", "lat", (("2", "must be <= 90"),)),
        ("book.xlsx", "", (("", "has no 'sites' table"),)),
    ]


def test_a_whole_column_problem_names_its_column_apart_in_either_language() -> None:
    """'v_dup.xlsx[distances], column area_id' (no row): source and column apart, so the
    page says "column"/"kolom" itself instead of showing the reader's English."""
    from api.web.render import environment

    problem = Problem(location="v_dup.xlsx[distances], column area_id",
                      message="appears twice (columns A and B), both read as area_id")
    groups = views.problem_groups([problem])
    assert [(g.source, g.column, g.rows) for g in groups] == [
        ("v_dup.xlsx[distances]", "area_id", (("", problem.message),))]
    for lang, word in (("id", "kolom"), ("en", "column")):
        html = environment(lang).get_template("problems.html").render(lang=lang, groups=groups)
        assert f"<h3>v_dup.xlsx[distances], {word} <code>area_id</code></h3>" in html
        assert ", column area_id" not in html


def test_printer_limit_counts_offices_at_capacity_and_names_marginal_printers_site() -> None:
    instance, plan = palembang_plan()
    limit = views.printer_limit(instance, plan)
    # 40,000 blanks in Palembang: no office prints more with a printer-day (supply binds,
    # every kecamatan's first tier short of blanks) but some offices print at capacity.
    assert views.second_printer(views.site_rows(instance, plan)) == ()
    assert limit.supply_binds
    assert limit.at_capacity == sum(1 for s in plan.sites if s.binding == "capacity") > 0
    marginal = next(m for m in plan.messages if m.code == "MARGINAL_PRINTER")
    assert limit.site_id == marginal.params["site_id"]
    assert limit.km_saved_per_card_capacity == marginal.params["km_saved_per_card_capacity"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-10, 10), st.floats(95, 141)), min_size=2, max_size=8))
def test_the_map_keeps_every_point_inside_its_box(points: list[tuple[float, float]]) -> None:
    areas = tuple(area(f"A{i}", "K", first=i) for i in range(len(points)))
    areas = tuple(a.model_copy(update={"lat": lat, "lon": lon})
                  for a, (lat, lon) in zip(areas, points, strict=True))
    instance = Instance(sites=(site("S", "K"),), areas=areas)
    plan = solve(instance, Shipment(blanks=10), Policy(marginals=False))
    drawn = views.map_view(instance, plan, width=300, height=200, pad=10)
    for p in (*drawn.areas, *drawn.offices):
        assert 10 - 0.05 <= p.x <= 290 + 0.05 and 10 - 0.05 <= p.y <= 190 + 0.05


def test_the_map_puts_north_up_and_east_right() -> None:
    # A is 0.1 degree north of S, B 0.1 degree east of S (all at the equator).
    instance = Instance(sites=(site("S", "K"),), areas=(
        area("A", "K", first=1).model_copy(update={"lat": 0.1}),
        area("B", "K", lon=0.1, first=1)))
    plan = solve(instance, Shipment(blanks=2), Policy(marginals=False))
    drawn = views.map_view(instance, plan)
    s, (a, b) = drawn.offices[0], drawn.areas
    assert a.y < s.y and abs(a.x - s.x) < 0.2  # north: up
    assert b.x > s.x and abs(b.y - s.y) < 0.2  # east: right
    assert len(drawn.lines) == 2  # both areas printed at S


def test_a_second_printer_gains_at_most_what_the_page_says() -> None:
    """The page bounds a second printer's gain by marginal x working days (concavity).

    At 70,000 blanks Palembang's offices bind on printing: one more printer-day
    anywhere prints 150 more cards (cards_per_printer_day). Re-solving with a real
    second printer at the top-ranked office must gain no more than the bound.
    """
    ds = datasets.load("palembang")
    shipment, policy = Shipment(blanks=70_000), ds.policy()
    plan = solve(ds.instance, shipment, policy)
    ranked = views.second_printer(views.site_rows(ds.instance, plan))
    assert ranked and all(r.marginal_cards_per_printer_day == 150 for r in ranked)
    # the ties by the resident-km a card of capacity saves, as MARGINAL_PRINTER names one
    assert [r.site_id for r in ranked] == [r.site_id for r in sorted(
        ranked, key=lambda r: (-(r.km_saved_per_card_capacity or 0.0), r.site_id))]
    named = [m.params["site_id"] for m in plan.messages if m.code == "MARGINAL_PRINTER"]
    assert named == [ranked[0].site_id]
    top = ranked[0]
    sites = tuple(s.model_copy(update={"printers": s.printers + 1}) if s.site_id == top.site_id
                  else s for s in ds.instance.sites)
    more = solve(ds.instance.model_copy(update={"sites": sites}), shipment, policy)
    gain = sum(more.kpis.cards_by_tier.values()) - sum(plan.kpis.cards_by_tier.values())
    assert 0 < gain <= 150 * top.working_days
