"""optimizer.strict_json: the one strict JSON reader of the files and the HTTP service."""

from __future__ import annotations

import pytest

from optimizer import InvalidInput, JsonRefused, strict_json


def test_plain_json_reads_as_json() -> None:
    assert strict_json(b'{"a": [1, 2.5, -3e2], "b": {"c": null}}') == {
        "a": [1, 2.5, -300.0], "b": {"c": None}}


@pytest.mark.parametrize(("text", "reason", "says"), [
    ('{"a": 1, "a": 2}', "duplicate-key", "the key 'a' appears twice in one object"),
    ('{"a": {"b": 1, "b": 1}}', "duplicate-key", "the key 'b' appears twice"),
    ('{"a": NaN}', "not-finite", "NaN is not allowed"),
    ('{"a": -Infinity}', "not-finite", "-Infinity is not allowed"),
    # 1e999 overflows a float to inf: no quantity, so refused like Infinity.
    ('{"a": 1e999}', "not-finite", "1e999 is too large"),
    ('{"a": 1', "syntax", "is not valid JSON"),
])
def test_what_would_be_guessed_at_is_refused(text: str, reason: str, says: str) -> None:
    with pytest.raises(JsonRefused) as refused:
        strict_json(text, "plan.json")
    assert refused.value.reason == reason
    (problem,) = refused.value.problems
    assert problem.location == "plan.json" and says in problem.message
    assert isinstance(refused.value, InvalidInput)  # callers that catch InvalidInput still do


@pytest.mark.parametrize(("text", "pointer"), [
    ('{"a": 1, "a": 2}', "/a"),
    ('{"shipment": {"blanks": 1, "blanks": 2}}', "/shipment/blanks"),
    ('{"x": [{}, {"y": {"k/~": 1, "k/~": 2}}]}', "/x/1/y/k~1~0"),  # RFC 6901 escapes
])
def test_a_repeated_key_is_located_by_its_pointer(text: str, pointer: str) -> None:
    with pytest.raises(JsonRefused) as refused:
        strict_json(text)
    assert refused.value.pointer == pointer
    assert refused.value.problems[0].pointer == pointer


@pytest.mark.parametrize(("text", "pointer"), [
    ('{"a": NaN}', "/a"),
    ('{"policy": {"max_travel_km": Infinity}}', "/policy/max_travel_km"),
    ('{"areas": [{"lat": 1}, {"lat": -Infinity}]}', "/areas/1/lat"),
    ('{"a": 1e999, "b": NaN}', "/a"),  # the first in the text
    ('{"seed": ' + "7" * 5001 + "}", "/seed"),
    ("NaN", ""),
])
def test_a_number_json_does_not_allow_is_located_by_its_pointer(text: str,
                                                                pointer: str) -> None:
    # Tester qa10b: every such number was refused at the root (pointer ""), so which of a
    # body's or a file's numbers it was could not be told.
    with pytest.raises(JsonRefused) as refused:
        strict_json(text, "kota.json")
    assert refused.value.reason == "not-finite"
    assert refused.value.pointer == pointer
    assert refused.value.problems[0].pointer == pointer


def test_a_number_inside_an_object_repeating_a_key_says_the_key() -> None:
    # Its object's members are not kept, so the number cannot be located: the repeated
    # key, which can, is said.
    with pytest.raises(JsonRefused) as refused:
        strict_json('{"a": {"b": NaN, "b": 1}}')
    assert refused.value.reason == "duplicate-key" and refused.value.pointer == "/a/b"
