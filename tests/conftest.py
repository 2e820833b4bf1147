"""Shared fixtures: a writable copy of the tiny instance on disk (tests/data/tiny).

The tiny instance is three CSV files (districts, sites, areas) described in
tests/data/README.md; its folder, read-only, is `tests.cases.TINY_DIR`, next to the
hand-solved instances built in code.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cases import TINY_DIR

# The command line's tables are checked as written to a pipe or a log (no terminal): 160
# columns, never folded at 80 (optimizer/cli/base.py reads the width once, at import). GNU
# readline, once imported (pdb imports it), sets COLUMNS=80 and LINES=24 in the process's C
# environment: pytest-xdist's workers inherit them from the controller, and `blanko`
# subprocesses from any run. The suite's output must not depend on that.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A writable copy of the tiny instance's folder, for tests that break a cell."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY_DIR, folder)
    return folder


@pytest.fixture(scope="session", autouse=True)
def _temporary_data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The plan store (opened by every app a test builds, and by `blanko serve`
    subprocesses) never lands in the user's own data directory: a temporary one for
    the session (platformdirs honours XDG_DATA_HOME). Moved here from tests/api: the
    page and catalog tests build apps too."""
    home: Path = tmp_path_factory.mktemp("xdg-data")
    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "BLANKO_DATABASE_URL")}
    os.environ["XDG_DATA_HOME"] = str(home)
    os.environ.pop("BLANKO_DATABASE_URL", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test has a node id of its own: pytest-xdist (addopts) schedules by node id and
    runs only one of tests that share one, so a repeated id is refused at collection."""
    seen: set[str] = set()
    repeated = sorted({i.nodeid for i in items if i.nodeid in seen or seen.add(i.nodeid)})
    if repeated:
        raise pytest.UsageError(f"tests share a node id (pytest-xdist would run one of "
                                f"each): {repeated[:5]}")
