"""Shared fixtures: a writable copy of the tiny instance on disk (tests/data/tiny).

The tiny instance is three CSV files (districts, sites, areas) described in
tests/data/README.md; its folder, read-only, is `tests.cases.TINY_DIR`, next to the
hand-solved instances built in code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cases import TINY_DIR


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A writable copy of the tiny instance's folder, for tests that break a cell."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY_DIR, folder)
    return folder
