"""Validation errors (pydantic's, and the JSON parser's) in a language, by error TYPE.

pydantic reports each invalid value as `{"type": "greater_than_equal", "ctx": {"ge": 0},
"input": -5, "loc": (...)}`; its `msg` is English. English keeps the library's own
sentence (optimizer.schema._explain, byte-identical: `must be >= 0, got -5`); any other
language writes the catalog's sentence for the error's type with the values of its
`ctx` and `input`, never by reading the English back. A type this table does not list
still says, in the language, that the value is not valid and quotes pydantic's
sentence in brackets; our own refusals raised as custom errors (their sentence in
`ctx["text"]`, or a `ValueError` of a validator) are sentences of the catalog
(optimizer.i18n.problems).

The JSON parser's syntax errors are translated by what the parser expected (its
message without position) and where (line and column), see json_syntax.

Used by the HTTP service (422 `errors[].message`, body and query parameters alike) and
the page. `loc`, pointers and parameter names never change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from optimizer.i18n.messages import N_

# Sentences of types schema._explain has no sentence for (its English falls back to
# pydantic's `msg`); context "validation.<type>".
TYPES: dict[str, str] = {
    "literal_error": N_("validation.literal_error", "must be one of {expected}"),
    "enum": N_("validation.enum", "must be one of {expected}"),
    "too_long": N_("validation.too_long", "must have at most {max_length} items, got "
                                          "{actual_length}"),
    "too_short": N_("validation.too_short", "must have at least {min_length} items, got "
                                            "{actual_length}"),
    "string_too_long": N_("validation.string_too_long",
                          "must have at most {max_length} characters"),
    "dict_type": N_("validation.dict_type", "must be a JSON object"),
    "model_type": N_("validation.model_type", "must be a JSON object"),
    "model_attributes_type": N_("validation.model_attributes_type", "must be a JSON object"),
    "dataclass_type": N_("validation.dataclass_type", "must be a JSON object"),
    "list_type": N_("validation.list_type", "must be a list"),
    "tuple_type": N_("validation.tuple_type", "must be a list"),
    "set_type": N_("validation.set_type", "must be a list"),
    "bool_parsing": N_("validation.bool_parsing", "must be true or false"),
    "none_required": N_("validation.none_required", "must be null"),
    "multiple_of": N_("validation.multiple_of", "must be a multiple of {multiple_of}"),
    "int_parsing_size": N_("validation.int_parsing_size",
                           "is a whole number too large to read"),
    "json_invalid": N_("validation.json_invalid", "is not valid JSON ({error})"),
    "json_type": N_("validation.json_type", "must be a JSON text"),
    "date_parsing": N_("validation.date_parsing",
                       "must be a date written YYYY-MM-DD, e.g. 2026-11-29"),
    "date_from_datetime_parsing": N_("validation.date_parsing",
                                     "must be a date written YYYY-MM-DD, e.g. 2026-11-29"),
    "datetime_parsing": N_("validation.datetime_parsing",
                           "must be an ISO 8601 date and time, e.g. "
                           "2026-11-29T08:00:00+07:00"),
    "datetime_from_date_parsing": N_("validation.datetime_parsing",
                                     "must be an ISO 8601 date and time, e.g. "
                                     "2026-11-29T08:00:00+07:00"),
    "union_tag_invalid": N_("validation.union_tag_invalid",
                            "{discriminator} must be one of {expected_tags}, got {tag}"),
    "union_tag_not_found": N_("validation.union_tag_not_found",
                              "{discriminator} is required"),
    "frozen_field": N_("validation.frozen_field", "cannot be changed"),
}
# What each value of an object of ids or tiers is (schema.SHAPE_WORDS), said inside
# schema.SHAPES' "must be an object of {key}: {holds} pairs".
SHAPE_WORDS: dict[str, str] = {
    "blanks": N_("validation.shape", "blanks"),
    "residents waiting": N_("validation.shape", "residents waiting"),
    "cards": N_("validation.shape", "cards"),
    "a share 0-1": N_("validation.shape", "a share 0-1"),
    "site changes": N_("validation.shape", "site changes"),
    "area changes": N_("validation.shape", "area changes"),
}
# Any other type: "is not valid", then pydantic's own sentence in brackets.
OTHER = N_("validation.other", "is not valid ({english})")
# Between the last two of a list of choices ('a', 'b' or 'c').
OR = N_("validation.or", " or ")

# Types schema._explain writes itself: the catalog sentence (context) it stands for,
# the ctx field of its bound, and whether ", got <value>" follows.
_EXPLAINED: dict[str, tuple[str, str | None, bool]] = {
    "greater_than_equal": ("input.ge", "ge", True),
    "greater_than": ("input.gt", "gt", True),
    "less_than_equal": ("input.le", "le", True),
    "less_than": ("input.lt", "lt", True),
    "int_type": ("input.whole", None, True),
    "int_from_float": ("input.whole", None, True),
    "int_parsing": ("input.whole", None, True),
    "float_type": ("input.number", None, True),
    "float_parsing": ("input.number", None, True),
    "finite_number": ("input.finite", None, True),
    "string_type": ("input.text", None, True),
    "string_unicode": ("input.lone_surrogate", None, False),
    "bool_type": ("input.bool", None, True),
    "missing": ("input.required", None, False),
    "extra_forbidden": ("input.extra", None, False),
    "string_too_short": ("input.not_empty", None, True),
    "too_short_empty": ("input.not_empty", None, False),
}
_BOUND_FIGURES = frozenset({"ge", "gt", "le", "lt", "max_length", "min_length",
                            "actual_length", "multiple_of"})


def error_message(error: Mapping[str, Any], lang: str) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) as a sentence in `lang`.

    English is optimizer.schema's sentence for it, byte-identical; in another language
    the sentence is chosen by `error["type"]` and filled from `ctx` and `input`.
    """
    from optimizer.schema import _explain

    english = _explain(error)
    if lang == "en":
        return english
    from optimizer.i18n import translate
    from optimizer.i18n.problems import MESSAGES, problem_text

    kind, ctx = str(error["type"]), dict(error.get("ctx") or {})
    if isinstance(ctx.get("text"), str) and kind not in _EXPLAINED:
        # Our own refusal raised as a custom error type (its sentence in ctx, as English
        # writes it): a sentence of the catalog.
        return problem_text(ctx["text"], lang)
    if kind in {"value_error", "assertion_error"}:
        own = str(ctx.get("error", "")) or str(error.get("msg", ""))
        own = own.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        translated = problem_text(own, lang)
        return translated if translated != own else _fill(translate(lang, "validation.other",
                                                                    OTHER), {"english": own})
    if kind == "too_short" and ctx.get("min_length") == 1:
        kind = "too_short_empty"  # schema._explain: "must not be empty"
    if kind == "string_pattern_mismatch":
        return problem_text(english, lang)  # schema._explain's three sentences, all known
    from optimizer.schema import container_shape

    if container_shape(error) is not None:
        return problem_text(english, lang)  # schema.SHAPES, all known (input.shape.*)
    explained = _EXPLAINED.get(kind)
    from optimizer.i18n.problems import fix_text
    from optimizer.schema import QUOTED_KINDS, quoted_number, written_whole

    if kind in QUOTED_KINDS and quoted_number(error.get("input")):
        explained = ("input.quoted", None, True)  # "40000" in quotes: schema._explain
    if explained is not None:
        context, bound, with_value = explained
        sentence = dict(MESSAGES)[context]
        values = {} if bound is None else {bound: _figure(ctx.get(bound), lang)}
        text = _fill(translate(lang, context, sentence), values)
        if with_value:
            got = dict(MESSAGES)["input.got"]
            text = _fill(translate(lang, "input.got", got),
                         {"message": text, "shown": _show(error.get("input"))})
        whole = written_whole(kind, error.get("input"))
        if whole is not None:  # schema._explain: "...; write 3000"
            text += "; " + fix_text(f"write {whole}", lang)
        return text
    template = TYPES.get(kind)
    if template is None:
        return _fill(translate(lang, "validation.other", OTHER),
                     {"english": str(error.get("msg", kind))})
    values = {name: _figure(value, lang) if name in _BOUND_FIGURES else str(value)
              for name, value in ctx.items()}
    if "expected" in ctx:
        values["expected"] = _choices(str(ctx["expected"]), lang)
    if "expected_tags" in ctx:
        values["expected_tags"] = _choices(str(ctx["expected_tags"]), lang)
    if kind == "json_invalid":
        values["error"] = json_syntax(str(ctx.get("error", "")), lang)
    context = _CONTEXTS.get(kind, f"validation.{kind}")
    return _fill(translate(lang, context, template), values)


def error_messages(errors: Iterable[Mapping[str, Any]], lang: str) -> list[str]:
    """error_message of each error, in order."""
    return [error_message(error, lang) for error in errors]


def validation_problems(error: Any, lang: str, prefix: tuple[str | int, ...] = ()) -> list[Any]:
    """optimizer.schema.problems_from(error, prefix) with each message in `lang` (by type);
    locations and pointers unchanged. `error` is a pydantic ValidationError."""
    from optimizer.schema import problems_from

    problems = problems_from(error, prefix)
    if lang == "en":
        return problems
    messages = error_messages(error.errors(include_url=False), lang)
    return [p.model_copy(update={"message": m}) for p, m in zip(problems, messages, strict=True)]


# --------------------------------------------------------------------------- JSON syntax

# The messages of Python's json decoder (json/decoder.py, json/scanner.py), without the
# position it appends: what it expected where the text went wrong.
JSON_SYNTAX: dict[str, str] = {
    "Expecting value": N_("json", "a value is missing"),
    "Expecting property name enclosed in double quotes": N_(
        "json", "a key in double quotes is missing"),
    "Expecting ':' delimiter": N_("json", "':' is missing after a key"),
    "Expecting ',' delimiter": N_("json", "',' is missing between two values"),
    "Unterminated string starting at": N_("json", "a string is not closed"),
    "Invalid control character at": N_("json", "a string holds a control character"),
    "Invalid \\escape": N_("json", "a string holds an invalid \\ escape"),
    "Invalid \\uXXXX escape": N_("json", "a string holds an invalid \\u escape"),
    "Extra data": N_("json", "more text follows the value"),
    "Illegal trailing comma before end of object": N_("json",
                                                      "a ',' ends an object"),
    "Illegal trailing comma before end of array": N_("json", "a ',' ends a list"),
}
WHERE = N_("json", "{what} at line {line}, column {column}")
NOT_UTF8 = N_("json", "the body is not UTF-8 text")
_POSITION = re.compile(r"^(?P<what>.*?):? line (?P<line>\d+) column (?P<column>\d+) "
                       r"\(char \d+\)$")


def json_syntax(message: str, lang: str) -> str:
    """A json.JSONDecodeError's message ('Expecting value: line 1 column 13 (char 12)') in
    `lang`: what the parser expected and where; English unchanged. A decoder message
    this table does not know keeps its words, its position in the language."""
    if lang == "en":
        return message
    from optimizer.i18n import translate

    if message.startswith(("'utf-8' codec", "'utf-16", "'utf-32")):
        return translate(lang, "json", NOT_UTF8)
    match = _POSITION.match(message)
    what_english = match["what"] if match else message
    what = translate(lang, "json", JSON_SYNTAX[what_english]) \
        if what_english in JSON_SYNTAX else what_english
    if match is None:
        return what
    return _fill(translate(lang, "json", WHERE),
                 {"what": what, "line": match["line"], "column": match["column"]})


# --------------------------------------------------------------------------- helpers

# Two types share one sentence: looked up under the first's context.
_CONTEXTS = {"date_from_datetime_parsing": "validation.date_parsing",
             "datetime_from_date_parsing": "validation.datetime_parsing"}


def _figure(value: Any, lang: str) -> str:
    from optimizer.i18n import number

    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return number(value, lang)


def _choices(expected: str, lang: str) -> str:
    """pydantic's "'a', 'b' or 'c'" with the language's 'or'."""
    from optimizer.i18n import translate

    head, sep, last = expected.rpartition(" or ")
    if not sep:
        return expected
    return head + translate(lang, "validation.or", OR) + last


def _show(value: Any) -> str:
    from optimizer.schema import _show as show

    return show(value)


def _fill(template: str, values: Mapping[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


__all__ = ["error_message", "error_messages", "json_syntax", "validation_problems"]
