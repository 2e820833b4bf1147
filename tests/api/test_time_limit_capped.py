"""The service's cap on policy.time_limit_s is said in the plan (qa2 s2).

A request asking 100 s got a plan made with 30 s (the cap) and no word of it. The
plan now starts with TIME_LIMIT_CAPPED (asked and cap, in English and Indonesian);
a limit within the cap adds nothing. Jobs run as a solver runs them.
"""

from __future__ import annotations

import json

from api import jobs, store_jobs

LIMITS = jobs.Limits(max_time_limit_s=30.0)


def _body(time_limit_s: float, **extra: object) -> bytes:
    return json.dumps({"dataset": "palembang", "shipment": {"blanks": 5000},
                       "policy": {"time_limit_s": time_limit_s}, **extra}).encode()


def test_a_capped_limit_is_the_plans_first_message_in_both_languages() -> None:
    for lang, words in (("en", "The time limit asked for (100 s) is above this service's "
                                "cap: the plan was made with 30 s"),
                        ("id", "100")):
        outcome = jobs.plan(_body(100), LIMITS, lang)
        assert isinstance(outcome, jobs.Done)
        plan = json.loads(outcome.body)
        first = plan["messages"][0]
        assert first["code"] == "TIME_LIMIT_CAPPED" and first["level"] == "warning"
        assert first["params"] == {"asked_s": 100.0, "cap_s": 30.0}
        assert words in first["text"]
        assert plan["solver"]["time_limit_s"] == 30.0
    indonesian = json.loads(jobs.plan(_body(100), LIMITS, "id").body)["messages"][0]["text"]
    assert indonesian != json.loads(jobs.plan(_body(100), LIMITS, "en").body)[
        "messages"][0]["text"]


def test_a_limit_within_the_cap_adds_no_message() -> None:
    outcome = jobs.plan(_body(30), LIMITS)
    assert isinstance(outcome, jobs.Done)
    codes = [m["code"] for m in json.loads(outcome.body)["messages"]]
    assert "TIME_LIMIT_CAPPED" not in codes


def test_comparison_and_pins_say_it_too() -> None:
    body = json.dumps({"dataset": "palembang", "shipment": {"blanks": 5000},
                       "policies": [{"name": "optimal", "policy": {"time_limit_s": 50}},
                                    {"name": "proportional"}]}).encode()
    outcome = jobs.compare(body, LIMITS)
    assert isinstance(outcome, jobs.Done)
    rows = json.loads(outcome.body)["results"]
    assert rows[0]["messages"][0]["params"] == {"asked_s": 50.0, "cap_s": 30.0}
    assert all(m["code"] != "TIME_LIMIT_CAPPED" for m in rows[1]["messages"])
    priced = jobs.evaluate_plan(_body(100, shipments=[]), LIMITS)
    assert isinstance(priced, jobs.Done)
    assert json.loads(priced.body)["plan"]["messages"][0]["code"] == "TIME_LIMIT_CAPPED"


def test_a_kept_plan_stores_the_capped_policys_own_plan_and_answers_with_the_note() -> None:
    kept = store_jobs.plan(_body(100, save=True), LIMITS)
    assert isinstance(kept, store_jobs.Kept)
    assert json.loads(kept.body)["messages"][0]["code"] == "TIME_LIMIT_CAPPED"
    assert all(m["code"] != "TIME_LIMIT_CAPPED" for m in json.loads(kept.kept)["messages"])


def test_the_page_says_it_too() -> None:
    from api.web import work

    planned = work.plan(work.Source(dataset="palembang"),
                        work.Knobs(blanks=5000, time_limit_s=100.0), 30.0)
    assert isinstance(planned, work.Planned)
    assert planned.plan.messages[0].code == "TIME_LIMIT_CAPPED"
    assert planned.policy.time_limit_s == 30.0
    within = work.plan(work.Source(dataset="palembang"),
                       work.Knobs(blanks=5000, time_limit_s=10.0), 30.0)
    assert isinstance(within, work.Planned)
    assert all(m.code != "TIME_LIMIT_CAPPED" for m in within.plan.messages)
