"""JSON read strictly: a key given twice, NaN and Infinity are refused, never guessed at.

No heavy imports: `read_plan_json` and the instance loader both use it.
"""

from __future__ import annotations

import json
from typing import Any

from optimizer.schema import InvalidInput, Problem


def strict_json(data: bytes | str, source: str = "") -> Any:
    """JSON with duplicate keys, NaN and Infinity refused (they would be guessed at).

    Raises InvalidInput naming the duplicated key (or the JSON syntax error).
    """
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _DuplicateKey(key)
            out[key] = value
        return out

    def constant(token: str) -> Any:
        raise ValueError(f"{token} is not allowed: every number must be finite")

    try:
        return json.loads(data, object_pairs_hook=pairs, parse_constant=constant)
    except _DuplicateKey as error:
        raise InvalidInput([Problem(location=source or "(input)",
                                    message=f"the key '{error.key}' appears twice in one object",
                                    fix="keep one of the two; JSON objects must not repeat a "
                                        "key")]) from None
    except (ValueError, RecursionError) as error:
        raise InvalidInput([Problem(location=source or "(input)",
                                    message=f"is not valid JSON ({error})")]) from None


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key
