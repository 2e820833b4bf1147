"""Plan lines made from the solver's own arrays, without pydantic's per-object work.

A national plan has ~70,000 service lines; `Model.model_construct` spends ~5 us on
each (defaults, aliases, extras, a dict rebuilt), more than the rest of the
assembly. The values here come from arrays that the stages already checked, so
nothing is validated (as with `model_construct`); every field must be given
(which is checked), fastest in declaration order.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__


def line_maker(cls: type[M]) -> Callable[..., M]:
    """A function f(field=value, ...) -> cls, every field given (none defaulted).

    The object equals `cls.model_construct(**values)`: the same `__dict__` (in field
    order), an equal fields set (one set shared by all lines of a frozen model), no
    extras, no private attributes; it serializes to the same JSON. The returned
    function raises TypeError when the keywords are not exactly the fields (in any
    order; declaration order skips a re-ordering).
    `line_maker` raises TypeError for a model with private attributes or extra fields
    allowed (those need pydantic's own constructor).
    """
    _check(cls)
    names = tuple(cls.model_fields)
    new = cls.__new__
    # A set of 6-11 names takes 728 bytes, more than the line's own values: a frozen
    # model never adds to it (assignment raises; model_copy copies it first), so its
    # lines share one (~200 MB less at national scale). Others get their own.
    shared = set(names) if cls.model_config.get("frozen") else None

    def make(**values: Any) -> M:
        if tuple(values) != names:
            if set(values) != set(names):
                raise TypeError(f"{cls.__name__} takes exactly the fields {names}, "
                                f"got {tuple(values)}")
            values = {name: values[name] for name in names}
        obj = new(cls)
        _set(obj, "__dict__", values)   # a fresh dict per call
        _set(obj, "__pydantic_fields_set__", set(names) if shared is None else shared)
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj

    make.__name__ = f"make_{cls.__name__}"
    return make


def lines_from_columns(cls: type[M], *columns: Sequence[Any]) -> tuple[M, ...]:
    """`line_maker(cls)` applied row by row to columns given in the fields' declaration
    order, each line made without a keyword dict or a call of its own (a Palembang plan's
    214 area lines took 0.6 ms through the maker, most of the plan's assembly).

    Raises TypeError when the columns are not one per field (or for a model that
    `line_maker` refuses), ValueError when their lengths differ.
    """
    _check(cls)
    names = tuple(cls.model_fields)
    if len(columns) != len(names):
        raise TypeError(f"{cls.__name__} takes {len(names)} columns {names}, got "
                        f"{len(columns)}")
    rows = len(columns[0])
    shared = set(names) if cls.model_config.get("frozen") else None
    # The values' dicts come from one comprehension (`_dicts`); every other step is one
    # C-level loop over the rows (map over builtins, drained by a zero-length deque). A
    # national plan's ~170,000 area lines took ~0.8 s in a Python loop per line.
    lines = list(map(cls.__new__, repeat(cls, rows)))
    _drain(map(_set_dict, lines, _dicts(names)(zip(*columns, strict=True))))
    if shared is None:
        _drain(map(_set_fields, lines, map(set, repeat(names, rows))))
    else:
        _drain(map(_set_fields, lines, repeat(shared, rows)))
    _drain(map(_set_extra, lines, repeat(None, rows)))
    _drain(map(_set_private, lines, repeat(None, rows)))
    return tuple(lines)


# The slots every pydantic model has, set through their descriptors (no name lookup;
# __dict__ too: 0.28 ms for 6,900 lines against 0.50 by object.__setattr__).
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


_DictMaker = Callable[[Iterable[tuple[Any, ...]]], list[dict[str, Any]]]


def _dicts(names: tuple[str, ...]) -> _DictMaker:
    """A function rows -> one dict {names[0]: row[0], ...} per row, made once per tuple
    of names: a dict display with constant keys in a comprehension builds each dict in
    ~180 ns, `dict(zip(names, row))` in ~390 (20,000 rows of AreaLine)."""
    made = _DICT_MAKERS.get(names)
    if made is None:
        if not all(name.isidentifier() for name in names):
            raise TypeError(f"field names must be identifiers: {names}")
        values = [f"v{i}" for i in range(len(names))]
        display = ", ".join(f"{name!r}: {v}" for name, v in zip(names, values, strict=True))
        namespace: dict[str, Any] = {}
        exec(f"def make(rows):\n    return [{{{display}}} for {', '.join(values)}, in rows]\n",
             namespace)
        made = _DICT_MAKERS[names] = namespace["make"]
    return made


_DICT_MAKERS: dict[tuple[str, ...], _DictMaker] = {}


def _drain(calls: Iterator[object]) -> None:
    deque(calls, maxlen=0)


def _check(cls: type[BaseModel]) -> None:
    if cls.__private_attributes__ or cls.model_config.get("extra") == "allow":
        raise TypeError(f"{cls.__name__}: use model_construct")


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside (restored after, even on an error).

    Building ~100,000 plan lines beside a national instance (~300,000 tracked
    objects) triggers full collections that walk them all: ~3x the building itself
    (measured: 70,000 lines, 2.8-3.9 s with collection on, 0.7-1.3 s off, loaded
    machine). Plan lines hold no cycles, so nothing is left for the collector.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
