"""Rows of an instance built a column at a time: the same models, without per-row validation.

`Instance.model_validate` on a national instance (84,000 areas) spends most of its
time making one model per row. Here each field's column is validated at once by a
pydantic `TypeAdapter` of the field's own annotation (the same constraints, strictness
and `allow_inf_nan=False` as the model), and the rows are then made as
`model_construct` would make them (the field values in declaration order, defaults
for the fields a row leaves out, the fields set = the keys given). The instance
itself is then validated by pydantic as usual (its reference checks see the models).

The CSV and workbook reader (optimizer.io.files) hands over its columns as they are
(`fast_instance_from_columns`, `fast_columns`), so that no dict is made per row.

Only the valid case takes this path: when any column fails, `fast_instance` returns
None and the caller validates the row dicts the usual way, which names every error's
row and column as before. tests/io/test_fastrows.py checks, field by field, that a
value is accepted here exactly when the model accepts it.
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import repeat
from typing import Annotated, Any, TypeVar, get_args, get_origin

import numpy as np
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from optimizer.engine.geometry import sorted_unique
from optimizer.engine.lines import paused_gc
from optimizer.schema import Area, Distance, District, Instance, Site

M = TypeVar("M", bound=BaseModel)
ROW_MODELS: dict[str, type[BaseModel]] = {"districts": District, "sites": Site,
                                          "areas": Area, "distances": Distance}
_set = object.__setattr__


@functools.cache
def _column_adapter(cls: type[BaseModel], name: str) -> TypeAdapter[list[Any]]:
    info = cls.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated.__class_getitem__((annotation, *info.metadata))  # type: ignore[attr-defined]
    # The model's own strictness is unset (fast_rows checks): the fields say theirs.
    config = ConfigDict(allow_inf_nan=cls.model_config.get("allow_inf_nan", True))
    return TypeAdapter(list[annotation], config=config)


def fast_rows(cls: type[M], rows: Sequence[dict[str, Any]]) -> list[M] | None:
    """`[cls.model_validate(row) for row in rows]`, or None when any row would fail.

    Rows hold only the model's fields (no extras); a field a row leaves out takes its
    default. Raises nothing: a row that is not valid (or a key that is not a field, or
    a required field left out) gives None.
    """
    fields = cls.model_fields
    if cls.model_config.get("extra") != "forbid" or not cls.model_config.get("frozen") \
            or cls.__private_attributes__ or cls.model_config.get("strict") is not None:
        raise TypeError(f"{cls.__name__}: fast_rows needs a frozen model forbidding extras")
    columns: dict[str, list[Any]] = {}
    for name, info in fields.items():
        given = [row[name] for row in rows if name in row]
        if len(given) < len(rows) and (info.is_required() or info.default_factory
                                       is not None):
            return None
        try:
            columns[name] = _column_adapter(cls, name).validate_python(given)
        except ValidationError:
            return None
    # Every key of a row is either a field (counted in its column) or an extra.
    if sum(len(row) for row in rows) != sum(len(c) for c in columns.values()):
        return None
    return _make(cls, rows, columns)


def _make(cls: type[M], rows: Sequence[dict[str, Any]], columns: dict[str, list[Any]]
          ) -> list[M]:
    names = tuple(cls.model_fields)
    full: list[list[Any]] = []
    for name in names:
        column = columns[name]
        if len(column) < len(rows):  # defaults where a row leaves the field out
            default, given = cls.model_fields[name].default, iter(column)
            column = [next(given) if name in row else default for row in rows]
        full.append(column)
    # A frozen model never adds to its fields set (assignment raises; model_copy copies
    # it first): rows giving the same keys share one.
    every = set(names)
    sets: dict[frozenset[str], set[str]] = {}
    new = cls.__new__
    out: list[M] = []
    for row, values in zip(rows, zip(*full, strict=True), strict=True):
        if len(row) == len(names):
            given_set = every
        else:
            key = frozenset(row)
            given_set = sets.get(key) or sets.setdefault(key, set(key))
        obj = new(cls)
        _set(obj, "__dict__", dict(zip(names, values, strict=True)))
        _set(obj, "__pydantic_fields_set__", given_set)
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        out.append(obj)
    return out


def fast_instance(data: dict[str, Any]) -> Instance | None:
    """`Instance.model_validate(data)` for `data` whose tables are lists of row dicts,
    or None when a row is not valid (the caller then validates `data` itself to name
    the errors). Raises ValidationError from the instance's own checks (references,
    duplicates), exactly as `Instance.model_validate` does."""
    with paused_gc():  # ~100,000 acyclic objects: collections would walk them all
        return _fast_instance(data)


def _fast_instance(data: dict[str, Any]) -> Instance | None:
    built: dict[str, Any] = dict(data)
    for table, cls in ROW_MODELS.items():
        rows = data.get(table)
        if rows is None:
            continue
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            return None
        made = fast_rows(cls, rows)
        if made is None:
            return None
        built[table] = made
    return Instance.model_validate(built)


# A table as columns: (rows, {row key: every row's value}, {optional key: rows leaving it
# out}), what optimizer.io.files reads before it makes any row dict.
Columns = tuple[int, Mapping[str, Sequence[Any]], Mapping[str, np.ndarray]]
# A table's values as fast_columns made its rows: {field: every row's value (the model's
# own object, defaults included)} and, for a dict field whose every row holds the same
# keys, {field + "[]": {key: every row's value}}.
Seen = dict[str, Any]


class DictColumn(Sequence[dict[str, Any]]):
    """A column of dicts given a key at a time: row i is `{keys[j]: values[j][i]}`, every
    row holding every key in this order (an area's backlog: one column per tier).

    `fast_columns` validates such a column as the dict field would validate each row's
    dict (its key type once per key, its value type a column at a time) and makes the
    dicts after; `dicts()` makes them for a caller that wants the rows.
    """

    def __init__(self, keys: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
        if not keys or len(keys) != len(values) or len({len(v) for v in values}) != 1:
            raise ValueError("DictColumn: one column per key, every column as long")
        self.keys = tuple(keys)
        self.values = tuple(values)

    def __len__(self) -> int:
        return len(self.values[0])

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.dicts()[index]
        return dict(zip(self.keys, (v[index] for v in self.values), strict=True))

    def dicts(self) -> list[dict[str, Any]]:
        """The rows' dicts (a new list of new dicts each call)."""
        return list(map(row_dict(self.keys), *self.values))


def _validate_dicts(cls: type[BaseModel], name: str, column: DictColumn,
                    seen: dict[str, Any] | None = None) -> list[Any]:
    """`_column_adapter(cls, name).validate_python(column.dicts())` for a dict field of
    plain `dict[K, V]` type: each key validated once as a K, each key's values a column
    at a time as V's, then the dicts made (the same keys, in order, and values). Raises
    ValidationError exactly when that would (the rows then name the error). `seen`,
    when given, gets {key: every row's value} under `name` when the dicts are made so."""
    info = cls.model_fields[name]
    args = get_args(info.annotation)
    if get_origin(info.annotation) is not dict or info.metadata or len(args) != 2 \
            or len(set(column.keys)) != len(column.keys):
        return _column_adapter(cls, name).validate_python(column.dicts())
    keys = _type_adapter(cls, args[0]).validate_python(list(column.keys))
    if len(set(keys)) != len(keys):  # (two keys one after validation: as the dicts do)
        return _column_adapter(cls, name).validate_python(column.dicts())
    values = [_type_adapter(cls, args[1]).validate_python(v) for v in column.values]
    if seen is not None:
        seen[name] = dict(zip(keys, values, strict=True))
    return list(map(row_dict(tuple(keys)), *values))


@functools.cache
def _type_adapter(cls: type[BaseModel], item: Any) -> TypeAdapter[list[Any]]:
    config = ConfigDict(allow_inf_nan=cls.model_config.get("allow_inf_nan", True))
    return TypeAdapter(list[item], config=config)


def fast_columns(cls: type[M], n: int, columns: Mapping[str, Sequence[Any]],
                 dropped: Mapping[str, np.ndarray], seen: Seen | None = None
                 ) -> list[M] | None:
    """`fast_rows(cls, rows)` for the `n` rows these columns make, without the rows.

    Row i holds `columns[key][i]` for every key, except the keys whose `dropped[key][i]`
    is true (a row leaving the field out: its default applies). None when any row would
    fail, exactly as `fast_rows` on those rows (tests/io/test_fastrows.py).

    `seen`, when given and the rows are made, gets the rows' values as the models hold
    them (`Seen`): the checks after reading take them from there, not row by row off
    the models.
    """
    fields = cls.model_fields
    if cls.model_config.get("extra") != "forbid" or not cls.model_config.get("frozen") \
            or cls.__private_attributes__ or cls.model_config.get("strict") is not None:
        raise TypeError(f"{cls.__name__}: fast_columns needs a frozen model forbidding extras")
    if any(key not in fields or len(column) != n for key, column in columns.items()):
        return None  # an extra key (or a ragged column): the rows name it
    names = tuple(fields)
    full: list[Sequence[Any]] = []
    out_masks: list[tuple[str, np.ndarray]] = []
    dict_values: dict[str, Any] = {}
    for name, info in fields.items():
        column = columns.get(name)
        out = dropped.get(name)
        if out is not None and not out.any():
            out = None
        if ((column is None and n) or out is not None) and (info.is_required()
                                                    or info.default_factory is not None):
            return None  # a row leaves out a field without a default
        if column is None:
            if n:
                out_masks.append((name, np.ones(n, dtype=bool)))
            full.append([info.default] * n)
            continue
        given = column if out is None else [v for v, o in zip(column, out.tolist(),
                                                                 strict=True) if not o]
        try:
            valid = _validate_dicts(cls, name, given, dict_values) \
                if isinstance(given, DictColumn) \
                else _column_adapter(cls, name).validate_python(given)
        except ValidationError:
            return None
        if out is not None:
            out_masks.append((name, out))
            kept = iter(valid)
            valid = [info.default if o else next(kept) for o in out.tolist()]
        full.append(valid)
    # A frozen model never adds to its fields set: rows giving the same fields share one.
    every = set(names)
    given_sets: list[set[str]] | None = None
    if out_masks:
        left = np.zeros(n, dtype=np.int64)
        for bit, (_, out) in enumerate(out_masks):
            left |= out.astype(np.int64) << bit
        sets: dict[int, set[str]] = {0: every}
        for code in sorted_unique(left).tolist():
            if code:
                sets[code] = every - {name for bit, (name, _) in enumerate(out_masks)
                                      if code >> bit & 1}
        given_sets = [sets[code] for code in left.tolist()]
    if any(len(column) != n for column in full):
        raise AssertionError("fast_columns: a column lost or gained rows")
    # The rows as `_make` makes them, one attribute over every row at a time (map, not a
    # Python loop per row: ~30 % of reading the national CSVs went to that loop).
    # Each attribute set by its own descriptor's __set__ (what object.__setattr__ finds
    # after a lookup by name: ~15 % less of this step).
    made: list[M] = list(map(cls.__new__, repeat(cls, n)))
    dicts = map(row_dict(names), *full) if names else ({} for _ in range(n))
    _drain(map(_setter(cls, "__dict__"), made, dicts))
    _drain(map(_setter(cls, "__pydantic_fields_set__"), made,
               repeat(every, n) if given_sets is None else given_sets))
    _drain(map(_setter(cls, "__pydantic_extra__"), made, repeat(None, n)))
    _drain(map(_setter(cls, "__pydantic_private__"), made, repeat(None, n)))
    if seen is not None:
        seen.update(zip(names, full, strict=True))
        # (a dict field's values by key, when every row's dict was made from them)
        seen.update({f"{name}[]": by_key for name, by_key in dict_values.items()
                     if name not in dropped or not dropped[name].any()})
    return made



@functools.cache
def _setter(cls: type, name: str) -> Callable[[object, object], None]:
    """The `__set__` of the data descriptor that `object.__setattr__(obj, name, value)`
    uses on an instance of `cls` (a slot or `__dict__` of pydantic's BaseModel)."""
    for klass in cls.__mro__:
        found = klass.__dict__.get(name)
        if found is not None:
            if not hasattr(found, "__set__"):
                break
            setter: Callable[[object, object], None] = found.__set__
            return setter
    raise TypeError(f"{cls.__name__}.{name} is no data descriptor")


def _drain(calls: Iterator[object]) -> None:
    """Run a lazy map for its effects, keeping nothing."""
    collections.deque(calls, maxlen=0)


@functools.cache
def row_dict(names: tuple[str, ...]) -> Callable[..., dict[str, Any]]:
    """A function of len(names) values returning {name: value} in that order, as
    `dict(zip(names, values))` does, written out as a dict display (a third faster on
    84,000 rows: no zip and no tuple per row). Any strings may be names: each is
    written as its repr, the values as `_0`, `_1`, ..."""
    params = ", ".join(f"_{i}" for i in range(len(names)))
    items = ", ".join(f"{name!r}: _{i}" for i, name in enumerate(names))
    made: Callable[..., dict[str, Any]] = eval(f"lambda {params}: {{{items}}}")
    return made


def fast_instance_from_columns(name: str, tiers: list[str], tables: Mapping[str, Columns],
                               seen: dict[str, Seen] | None = None) -> Instance | None:
    """`fast_instance` of {"name", "tiers", table: rows} for tables given as columns
    (`Columns`): None when a row is not valid, ValidationError from the instance's own
    checks, as `fast_instance` on the rows. `seen`, when given, gets each table's `Seen`
    values (filled as the tables are made: use them only when an instance is returned)."""
    with paused_gc():  # ~100,000 acyclic objects: collections would walk them all
        built: dict[str, Any] = {"name": name, "tiers": tiers}
        for table, (n, columns, dropped) in tables.items():
            made = fast_columns(ROW_MODELS[table], n, columns, dropped,
                                None if seen is None else seen.setdefault(table, {}))
            if made is None:
                return None
            built[table] = made
        return Instance.model_validate(built)
