"""optimizer.i18n.validation: pydantic's errors written in Bahasa Indonesia from their TYPE
and ctx (never by reading pydantic's English back), English unchanged.

Each error here is raised by pydantic itself on a model shaped like the service's
request models (bounds, literals, lengths, strict types, extra="forbid").
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from optimizer.i18n.validation import error_message, json_syntax, validation_problems
from optimizer.schema import Shipment, _explain


class _Knobs(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    blanks: Annotated[int, Field(strict=True, ge=0)] = 0
    reserve: Annotated[int, Field(le=10**9)] = 0
    km: Annotated[float, Field(gt=0, lt=500)] = 1.0
    status: Literal["draft", "approved", "published"] = "draft"
    label: Annotated[str, Field(min_length=1, max_length=5)] = "x"
    policies: Annotated[list[str], Field(min_length=2, max_length=3)] = ["a", "b"]
    equity: bool = True
    lot: Annotated[int, Field(multiple_of=500)] = 500
    when: Any = None


def errors(**values: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as raised:
        _Knobs.model_validate(values)
    return [dict(e) for e in raised.value.errors(include_url=False)]


def one(**values: Any) -> dict[str, Any]:
    (found,) = errors(**values)
    return found


# Each pydantic type a client can trigger, the value that triggers it, and the Indonesian
# sentence written by hand from the catalog (input.* and validation.* entries).
CASES = [
    ("int_parsing", {"reserve": "banyak"}, "harus berupa bilangan bulat, tertulis 'banyak'"),
    # A number sent as text in quotes: the quotes are what to change.
    ("int_type", {"blanks": "40000"},
     "harus berupa angka, bukan teks dalam tanda kutip, tertulis '40000'"),
    # JSON's words for what was sent (true, null), never Python's True or None.
    ("int_type", {"blanks": True}, "harus berupa bilangan bulat, tertulis true"),
    ("int_type", {"blanks": None}, "harus berupa bilangan bulat, tertulis null"),
    ("int_from_float", {"reserve": 2.5}, "harus berupa bilangan bulat, tertulis 2.5"),
    ("greater_than_equal", {"blanks": -5}, "harus >= 0, tertulis -5"),
    # 10^9 written the Indonesian way: 1.000.000.000.
    ("less_than_equal", {"reserve": 2 * 10**9},
     "harus <= 1.000.000.000, tertulis 2000000000"),
    ("greater_than", {"km": 0}, "harus > 0, tertulis 0"),
    ("less_than", {"km": 900}, "harus < 500, tertulis 900"),
    ("float_parsing", {"km": "jauh"}, "harus berupa angka, tertulis 'jauh'"),
    ("finite_number", {"km": float("inf")}, "harus berupa angka terhingga, tertulis inf"),
    ("missing", None, "wajib diisi"),
    ("extra_forbidden", {"blanko": 1}, "bukan isian yang dikenal"),
    ("literal_error", {"status": "disetujui"},
     "harus salah satu dari 'draft', 'approved' atau 'published'"),
    ("string_type", {"label": 5}, "harus berupa teks, tertulis 5"),
    ("string_too_long", {"label": "panjang sekali"}, "teks paling banyak 5 karakter"),
    ("string_too_short", {"label": ""}, "tidak boleh kosong, tertulis ''"),
    ("too_long", {"policies": ["a", "b", "c", "d"]},
     "harus berisi paling banyak 3 butir, tertulis 4"),
    ("too_short", {"policies": ["a"]}, "harus berisi paling sedikit 2 butir, tertulis 1"),
    ("list_type", {"policies": "a,b"}, "harus berupa daftar"),
    ("bool_parsing", {"equity": "ya"}, "harus true atau false"),
    ("multiple_of", {"lot": 750}, "harus kelipatan 500"),
]


@pytest.mark.parametrize(("kind", "values", "indonesian"), CASES, ids=[c[0] for c in CASES])
def test_each_type_in_indonesian_and_english_unchanged(kind: str, values: dict[str, Any] | None,
                                                       indonesian: str) -> None:
    if values is None:  # a required field left out
        with pytest.raises(ValidationError) as raised:
            Shipment.model_validate({})
        error = dict(raised.value.errors(include_url=False)[0])
    else:
        error = one(**values)
    assert error["type"] == kind
    assert error_message(error, "id") == indonesian
    assert error_message(error, "en") == _explain(error)  # the library's own English


@pytest.mark.parametrize(("kind", "values", "indonesian"), CASES, ids=[c[0] for c in CASES])
def test_the_sentence_comes_from_the_type_not_from_the_english(
        kind: str, values: dict[str, Any] | None, indonesian: str) -> None:
    """pydantic's `msg` replaced by nonsense: the Indonesian is the same."""
    if values is None:
        return
    error = one(**values) | {"msg": "Zzz qqq"}
    assert error_message(error, "id") == indonesian


def test_a_type_without_a_sentence_says_not_valid_in_indonesian() -> None:
    error = {"type": "uuid_parsing", "loc": ("id",), "msg": "Input should be a valid UUID",
             "input": "x"}
    assert error_message(error, "id") == "tidak valid (Input should be a valid UUID)"


def test_json_invalid_by_what_the_parser_expected() -> None:
    error = {"type": "json_invalid", "loc": ("body", 12), "msg": "JSON decode error",
             "input": {}, "ctx": {"error": "Expecting value"}}
    assert error_message(error, "id") == "bukan JSON yang valid (nilai tidak ada)"
    assert json_syntax("Expecting ',' delimiter: line 3 column 2 (char 57)", "id") == \
        "',' tidak ada di antara dua nilai pada baris 3, kolom 2"
    assert json_syntax("Expecting ',' delimiter: line 3 column 2 (char 57)", "en") == \
        "Expecting ',' delimiter: line 3 column 2 (char 57)"


def test_validation_problems_keep_every_pointer() -> None:
    with pytest.raises(ValidationError) as raised:
        _Knobs.model_validate({"blanks": -1, "status": "x", "policies": ["a", 5]})
    english = validation_problems(raised.value, "en")
    indonesian = validation_problems(raised.value, "id")
    assert [p.pointer for p in english] == [p.pointer for p in indonesian] == [
        "/blanks", "/status", "/policies/1"]
    assert [p.message for p in indonesian] == [
        "harus >= 0, tertulis -1", "harus salah satu dari 'draft', 'approved' atau "
        "'published'", "harus berupa teks, tertulis 5"]
