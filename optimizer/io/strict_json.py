"""JSON read strictly: a key given twice, NaN, Infinity and numbers too large for a float
are refused, never guessed at.

No heavy imports: `read_plan_json`, the instance loader and the HTTP service all use it.
"""

from __future__ import annotations

import json
import math
from typing import Any, Literal

from optimizer.schema import InvalidInput, Problem, json_pointer

Reason = Literal["duplicate-key", "not-finite", "syntax", "too-deep", "not-utf8"]


class JsonRefused(InvalidInput):
    """strict_json's refusal: one problem, and `reason`, why the text was refused."""

    def __init__(self, problem: Problem, reason: Reason, pointer: str = ""):
        super().__init__([problem])
        self.reason: Reason = reason
        self.pointer = pointer  # JSON pointer of the offending value ('' for the root)


def strict_json(data: bytes | str, source: str = "") -> Any:
    """JSON with duplicate keys, NaN, Infinity and numbers that overflow a float (1e999)
    refused: which of two values a repeated key meant is a guess, and a non-finite
    number is no quantity.

    Raises JsonRefused (an InvalidInput) naming the duplicated key, the number, or the
    JSON syntax error; its `reason` says which.
    """
    repeated: list[bool] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                # Marked, not raised: the hook sees no parents, so the key's pointer is
                # found by walking the whole value once it is read.
                repeated.append(True)
                return _Repeated(key)
            out[key] = value
        return out

    # A number refused is marked, not raised, for the same reason: the hooks see no
    # parents, and the refusal names the value's pointer (`/policy/max_travel_km`), as
    # every other refusal of a field does (tester qa10b: it was the body's root).
    refused: list[_NotFinite] = []

    def unreadable(message: str) -> _NotFinite:
        mark = _NotFinite(message)
        refused.append(mark)
        return mark

    def constant(token: str) -> Any:
        return unreadable(f"{token} is not allowed: every number must be finite")

    def finite(text: str) -> Any:
        value = float(text)
        if not math.isfinite(value):
            return unreadable(f"{text} is too large: every number must be finite")
        return value

    def whole(text: str) -> Any:
        digits = len(text.lstrip("-"))
        if digits > MAX_DIGITS:
            return unreadable(f"a number of {digits:,} digits is too long: a number may "
                              f"have at most {MAX_DIGITS:,} digits")
        return int(text)

    where = source or "(input)"
    try:
        value = json.loads(data, object_pairs_hook=pairs, parse_constant=constant,
                           parse_float=finite, parse_int=whole)
        if refused:
            # The first one in the text, at its pointer; one inside an object that
            # repeats a key (whose members are not kept) is not found: the repeated key,
            # which is, is said instead.
            found = _first_marked(value, [], lambda v: v is refused[0])
            if found is not None or not repeated:
                raise _NotFinite(str(refused[0]), found)
        if repeated:
            raise _DuplicateKey(*(_first_repeated(value, []) or ("", [])))
        return value
    except _DuplicateKey as error:
        pointer = json_pointer([*error.path, error.key])
        raise JsonRefused(Problem(location=where,
                                  message=f"the key '{error.key}' appears twice in one object",
                                  fix="keep one of the two; JSON objects must not repeat a "
                                      "key", pointer=pointer), "duplicate-key", pointer) from None
    except _NotFinite as error:
        pointer = json_pointer(error.path)
        raise JsonRefused(Problem(location=where, message=str(error), pointer=pointer),
                          "not-finite", pointer) from None
    except RecursionError:
        raise JsonRefused(Problem(location=where, message=(
            "objects and lists are nested too deeply to read; an input nests them a few "
            f"levels at most (keep it under {MAX_DEPTH})")), "too-deep") from None
    except UnicodeDecodeError as error:
        raise JsonRefused(not_utf8(data, error, where), "not-utf8") from None
    except ValueError as error:
        # JSONDecodeError.
        raise JsonRefused(Problem(location=where, message=f"is not valid JSON ({error})"),
                          "syntax") from None


def not_utf8(data: bytes | str, error: UnicodeDecodeError, where: str) -> Problem:
    """Bytes that are not UTF-8 (a client or editor that wrote Latin-1 or Windows-1252):
    which byte, where, what it would be in Windows-1252, and the fix. Python's own words
    ("'utf-8' codec can't decode byte 0xe9 in position 35: invalid continuation byte")
    named neither the fix nor the language (tester qa11b)."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    byte = raw[error.start] if error.start < len(raw) else 0
    shown = bytes([byte]).decode("cp1252", "replace")
    return Problem(location=where, message=(
        f"is not UTF-8 text: the byte 0x{byte:02X} at offset {error.start} is not UTF-8 "
        f"('{shown}' in Windows-1252 or Latin-1)"),
        fix="send the text encoded as UTF-8, as JSON requires (é is the bytes C3 A9 in "
            "UTF-8, E9 in Latin-1); in a client, encode the body as UTF-8, or set the "
            "editor's encoding to UTF-8 and save again")


# Python's own limit on converting digits to an int (sys.get_int_max_str_digits()).
MAX_DIGITS = 4300
# Said in the refusal of a deeper body; the parser itself stops at the interpreter's
# recursion limit (about 1,000 levels), far beyond any input's few levels.
MAX_DEPTH = 100


def finite_or_null(value: Any) -> Any:
    """`value` (dicts, lists, tuples, scalars) with every NaN and infinite float replaced
    by None: what strict JSON can hold of a figure with no value (a mean over no
    replications). Tuples become lists; other values are returned as they are."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_or_null(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_or_null(v) for v in value]
    return value


def strict_dumps(value: Any, **options: Any) -> str:
    """`json.dumps(value, **options)` as strict JSON (RFC 8259): NaN and infinities
    written as null (`finite_or_null`), never as the NaN/Infinity tokens that
    JSON.parse and other strict readers refuse. Every JSON the service and the command
    line write goes through it (or through pydantic, whose JSON writes them as null).
    Raises TypeError, as json.dumps does, for a value JSON cannot hold."""
    return json.dumps(finite_or_null(value), allow_nan=False, **options)


class _Repeated(dict[str, Any]):
    """An object that repeats `key` (its other members are not kept)."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key


def _first_repeated(value: Any, path: list[str | int]) -> tuple[str, list[str | int]] | None:
    """(key, path of its object) of the first object that repeats a key, depth first."""
    if isinstance(value, _Repeated):
        return value.key, path
    members = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ())
    for name, member in members:
        found = _first_repeated(member, [*path, name])
        if found is not None:
            return found
    return None


class _DuplicateKey(ValueError):
    def __init__(self, key: str, path: list[str | int]):
        super().__init__(key)
        self.key, self.path = key, path


def _first_marked(value: Any, path: list[str | int],
                  marked: Any) -> list[str | int] | None:
    """The path of the first value (depth first, in the text's order) that `marked(value)`
    holds for; None when there is none."""
    if marked(value):
        return path
    members = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ())
    for name, member in members:
        found = _first_marked(member, [*path, name], marked)
        if found is not None:
            return found
    return None


class _NotFinite(ValueError):
    def __init__(self, message: str, path: list[str | int] | None = None):
        super().__init__(message)
        self.path: list[str | int] = path or []
