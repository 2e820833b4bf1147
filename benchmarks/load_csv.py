"""Time `load_instance` on the synthetic national instance written as CSVs.

    python -m benchmarks.load_csv [--repeats 5] [--folder /tmp/blanko-national-csv]

Writes synthetic("national", 0) as sites.csv, areas.csv and districts.csv once (if the
folder does not hold them yet), then reports the best and median wall time of
`load_instance` over the repeats, beside the time pandas alone takes to read the same
three files (the floor any loader pays), and the median CPU time of each
(time.process_time: what a loaded, shared machine changes least) with the ratio of the
load to the floor. Issue 12 targets <= 1 s for the load.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pandas as pd


def write_national(folder: Path) -> None:
    from optimizer.io import datasets

    instance = datasets.synthetic("national", 0).instance
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([s.model_dump() for s in instance.sites]).to_csv(folder / "sites.csv",
                                                                  index=False)
    rows = [{**a.model_dump(exclude={"backlog"}), **a.backlog} for a in instance.areas]
    pd.DataFrame(rows).to_csv(folder / "areas.csv", index=False)
    pd.DataFrame([d.model_dump() for d in instance.districts]).to_csv(
        folder / "districts.csv", index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/blanko-national-csv"))
    args = parser.parse_args()
    if not (args.folder / "areas.csv").is_file():
        write_national(args.folder)
    from optimizer.io.files import load_instance

    floor, load, floor_cpu, load_cpu = [], [], [], []
    for _ in range(args.repeats):
        start, cpu = time.perf_counter(), time.process_time()
        for table in ("sites", "areas", "districts"):
            pd.read_csv(args.folder / f"{table}.csv", dtype=str, keep_default_na=False)
        floor.append(time.perf_counter() - start)
        floor_cpu.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        instance = load_instance(args.folder)
        load.append(time.perf_counter() - start)
        load_cpu.append(time.process_time() - cpu)
    print(f"{len(instance.sites)} sites, {len(instance.areas)} areas, "
          f"{len(instance.districts)} districts; {args.repeats} repeats")
    for label, times, cpus in (("pandas read_csv alone", floor, floor_cpu),
                               ("load_instance", load, load_cpu)):
        print(f"{label:22} best {min(times):.3f} s, median {statistics.median(times):.3f} s, "
              f"CPU median {statistics.median(cpus):.3f} s")
    print(f"{'load / floor':22} median {statistics.median(load) / statistics.median(floor):.1f}x"
          f", CPU median {statistics.median(load_cpu) / statistics.median(floor_cpu):.1f}x")


if __name__ == "__main__":
    main()
