"""Does a change to the readers load every input as before? Record, then compare.

    python -m benchmarks.load_equivalence record old.jsonl --cases /tmp/cases   # old code
    python -m benchmarks.load_equivalence record new.jsonl --cases /tmp/cases   # new code
    python -m benchmarks.load_equivalence compare old.jsonl new.jsonl

`record` reads, with `optimizer.io.files.read_instance` of the interpreter that runs it,
every input of tests/data (each folder holding CSV files, each workbook and instance
.json; folders and workbooks also with --locale id and en) and every folder under
`--cases`, and writes one line per input: the SHA-256 of the instance's JSON and the
notes, or every refusal (location, message, fix, pointer) as the planner would see it.
`--cases DIR` first writes DIR when it is empty: the synthetic national, province and
city instances as CSVs, Palembang's bundled files, and single-cell mutants of
Palembang and of the province (bad numbers, Indonesian and English separators, blanks,
dates, totals rows, repeated ids and rows, short rows, renamed headers; seed 7), so
that the large-instance paths meet bad cells too. Run both records with the same
`--cases` folder (made once) and from the same tests/data (paths are kept relative).

`compare` prints the inputs whose record differs and the count compared; exit 1 when
any differs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BAD_CELLS = ["", "abc", "1,5", "1.234", "1.234.567", "-3", "2,99562", "nan", "inf", "-", "N/A",
             "1e400", "12/03/2024", "1-Des", "0", "-0", "99999999999999", "1.000,5", " 7 ",
             "JUMLAH", "Total", "x y", "1,234.5", "100", "-2.99", "2.99", "200", "1_000",
             "\u0663", "0.5", "1e3", "+4", "00012"]
HEADERS = ["Kode", "lat", "jumlah", "Lintang LS", "Pemula", ""]


def write_cases(folder: Path) -> None:
    """The synthetic instances, Palembang, and mutants of both (see the docstring)."""
    import pandas as pd

    from optimizer.io import datasets

    for scale in ("national", "province", "city"):
        instance = datasets.synthetic(scale, 0).instance
        out = folder / f"synthetic-{scale}"
        out.mkdir(parents=True)
        pd.DataFrame([s.model_dump() for s in instance.sites]).to_csv(out / "sites.csv",
                                                                      index=False)
        pd.DataFrame([{**a.model_dump(exclude={"backlog"}), **a.backlog}
                      for a in instance.areas]).to_csv(out / "areas.csv", index=False)
        pd.DataFrame([d.model_dump() for d in instance.districts]).to_csv(
            out / "districts.csv", index=False)
    (folder / "palembang").mkdir()
    for file in (ROOT / "data" / "palembang").glob("*.csv"):
        shutil.copy(file, folder / "palembang" / file.name)
    rng = random.Random(7)
    for source, tag, count in (("palembang", "palembang", 120),
                               ("synthetic-province", "province", 40)):
        for k in range(count):
            out = folder / f"{tag}-m{k:03d}"
            shutil.copytree(folder / source, out)
            table = rng.choice(["areas", "sites", "districts"])
            with open(out / f"{table}.csv", encoding="utf-8", newline="") as f:
                rows = list(csv.reader(f))
            kind = rng.random()
            i, j = rng.randrange(1, len(rows)), rng.randrange(len(rows[0]))
            if kind < 0.75:
                rows[i][j] = rng.choice(BAD_CELLS)
            elif kind < 0.85:
                rows[i][j] = rows[rng.randrange(1, len(rows))][j]  # a repeated value
            elif kind < 0.9:
                rows.append(list(rows[i]))  # a repeated row
            elif kind < 0.95:
                del rows[i][-1]  # a short row
            else:
                rows[0][j] = rng.choice(HEADERS)
            with open(out / f"{table}.csv", "w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows(rows)


def inputs(data: Path, cases: Path | None) -> list[tuple[Path, str | None]]:
    """(path, locale) of every input: see the module docstring."""
    found: list[tuple[Path, str | None]] = []
    for root in [data] + ([cases] if cases is not None else []):
        for path in sorted(root.rglob("*")):
            if path.is_dir() and any(p.suffix.lower() in {".csv", ".txt", ".tsv"}
                                     for p in path.iterdir()):
                mutant = root == cases and "-m" in path.name
                found += [(path, None)] + ([] if mutant else [(path, "id"), (path, "en")])
            elif path.is_file() and path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
                found += [(path, None), (path, "id"), (path, "en")]
            elif path.is_file() and path.suffix.lower() == ".json":
                found.append((path, None))
    return found


def record(out: Path, cases: Path | None) -> int:
    from optimizer.io.files import read_instance
    from optimizer.schema import InvalidInput

    data = ROOT / "tests" / "data"
    if cases is not None and not (cases.is_dir() and any(cases.iterdir())):
        cases.mkdir(parents=True, exist_ok=True)
        write_cases(cases)
    lines = []
    for path, locale in inputs(data, cases):
        base = data if path.is_relative_to(data) else cases
        assert base is not None
        result: dict[str, Any]
        try:
            loaded = read_instance(path, locale=locale)  # type: ignore[arg-type]
            digest = hashlib.sha256(loaded.instance.model_dump_json().encode()).hexdigest()
            result = {"instance": digest, "notes": loaded.notes}
        except InvalidInput as error:
            result = {"refused": [[p.location, p.message, p.fix, p.pointer]
                                  for p in error.problems], "text": str(error)}
        except Exception as error:  # (recorded: it must not change either)
            result = {"error": type(error).__name__, "text": str(error)}
        text = json.dumps({"input": str(path.relative_to(base)), "locale": locale, **result},
                          ensure_ascii=False)
        lines.append(text.replace(str(base), "<root>"))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} inputs recorded in {out}")
    return 0


def compare(old: Path, new: Path) -> int:
    a = [json.loads(line) for line in old.read_text(encoding="utf-8").splitlines()]
    b = [json.loads(line) for line in new.read_text(encoding="utf-8").splitlines()]
    if [(x["input"], x["locale"]) for x in a] != [(x["input"], x["locale"]) for x in b]:
        print("the two records list different inputs")
        return 1
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    for x, y in differ:
        print(f"DIFFERS {x['input']} (locale {x['locale']})\n  old {x}\n  new {y}")
    refused = sum(1 for x in a if "refused" in x)
    loaded = sum(1 for x in a if "instance" in x)
    print(f"{len(a)} inputs compared ({loaded} loaded, {refused} refused, "
          f"{len(a) - loaded - refused} other errors): {len(differ)} differ")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--cases", type=Path, default=None)
    cmp = sub.add_parser("compare")
    cmp.add_argument("old", type=Path)
    cmp.add_argument("new", type=Path)
    args = parser.parse_args()
    sys.exit(record(args.out, args.cases) if args.command == "record"
             else compare(args.old, args.new))


if __name__ == "__main__":
    main()
