"""A process that keeps saving plans until it is killed (tests/store/test_crash.py).

    python -m tests.store.crash_saver DATABASE_URL PLANS_JSON

PLANS_JSON holds NewPlan fields (bytes as text). Prints "ready" once the store is
open, then the id of each plan whose save returned.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(url: str, plans_file: str) -> None:
    from optimizer.store import NewPlan, Store

    store = Store(url, migrate=False)  # the test brought the schema up to date
    plans = [NewPlan(**{**fields, "request": fields["request"].encode(),
                        "plan": fields["plan"].encode()})
             for fields in json.loads(Path(plans_file).read_text(encoding="utf-8"))]
    print("ready", flush=True)
    i = 0
    while True:
        record = store.save_plan(plans[i % len(plans)])
        print(record.id, flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
