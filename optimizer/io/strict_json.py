"""JSON read strictly: a key given twice, NaN, Infinity and numbers too large for a float
are refused, never guessed at.

No heavy imports: `read_plan_json`, the instance loader and the HTTP service all use it.
"""

from __future__ import annotations

import json
import math
from typing import Any, Literal

from optimizer.schema import InvalidInput, Problem

Reason = Literal["duplicate-key", "not-finite", "syntax"]


class JsonRefused(InvalidInput):
    """strict_json's refusal: one problem, and `reason`, why the text was refused."""

    def __init__(self, problem: Problem, reason: Reason):
        super().__init__([problem])
        self.reason: Reason = reason


def strict_json(data: bytes | str, source: str = "") -> Any:
    """JSON with duplicate keys, NaN, Infinity and numbers that overflow a float (1e999)
    refused: which of two values a repeated key meant is a guess, and a non-finite
    number is no quantity.

    Raises JsonRefused (an InvalidInput) naming the duplicated key, the number, or the
    JSON syntax error; its `reason` says which.
    """
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _DuplicateKey(key)
            out[key] = value
        return out

    def constant(token: str) -> Any:
        raise _NotFinite(f"{token} is not allowed: every number must be finite")

    def finite(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise _NotFinite(f"{text} is too large: every number must be finite")
        return value

    where = source or "(input)"
    try:
        return json.loads(data, object_pairs_hook=pairs, parse_constant=constant,
                          parse_float=finite)
    except _DuplicateKey as error:
        raise JsonRefused(Problem(location=where,
                                  message=f"the key '{error.key}' appears twice in one object",
                                  fix="keep one of the two; JSON objects must not repeat a "
                                      "key"), "duplicate-key") from None
    except _NotFinite as error:
        raise JsonRefused(Problem(location=where, message=str(error)), "not-finite") from None
    except (ValueError, RecursionError) as error:
        # JSONDecodeError, bad UTF-8, integers over Python's digit limit, deep nesting.
        raise JsonRefused(Problem(location=where, message=f"is not valid JSON ({error})"),
                          "syntax") from None


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class _NotFinite(ValueError):
    pass
