"""Imports run one way: cli -> studies -> io / engine -> schema; api -> `optimizer` names.

Read from the source (every import statement, including those inside functions and
under TYPE_CHECKING), so a lazy import cannot hide a wrong direction.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import optimizer

ROOT = Path(__file__).parents[1]

# What each layer of optimizer/ may import from optimizer (besides itself).
ALLOWED = {
    "schema": set(),
    "engine": {"schema"},
    "io": {"schema", "engine"},
    "studies": {"schema", "engine", "io"},
    "cli": {"schema", "engine", "io", "studies"},
}


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, relative imports resolved."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            out.append((node.lineno, base))
            # `from optimizer import engine` imports the subpackage engine.
            out += [(node.lineno, f"{base}.{alias.name}") for alias in node.names
                    if base == "optimizer"]
    return out


def layer_of(path: Path) -> str | None:
    parts = path.relative_to(ROOT / "optimizer").parts
    if parts == ("schema.py",):
        return "schema"
    return parts[0] if parts[0] in ALLOWED else None


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("optimizer"), ids=lambda p: str(p.relative_to(ROOT)))
def test_optimizer_layers_import_downwards(path: Path) -> None:
    layer = layer_of(path)
    if layer is None:  # optimizer/__init__.py (the public API) and packages of their own
        return
    wrong = []
    for line, module in imported(path):
        parts = module.split(".")
        if parts[0] == "api":
            wrong.append((line, module))
        elif parts[0] == "optimizer" and len(parts) > 1:
            target = "schema" if parts[1] == "schema" else parts[1]
            if target != layer and target not in ALLOWED[layer] and target in {
                    *ALLOWED, "api"}:
                wrong.append((line, module))
    assert wrong == [], f"{path.relative_to(ROOT)} imports against the layers: {wrong}"


def outside_the_public_api(imports: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(line, module) for line, module in imports
            if module.startswith("optimizer.") and module.split(".")[1] not in optimizer.__all__]


@pytest.mark.parametrize("path", _modules("api"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_service_uses_only_the_public_api(path: Path) -> None:
    wrong = outside_the_public_api(imported(path))
    assert wrong == [], f"{path.relative_to(ROOT)} imports optimizer's insides: {wrong}"


def test_the_service_does_use_the_library() -> None:
    users = [p for p in _modules("api") if any(m.startswith("optimizer")
                                                for _, m in imported(p))]
    assert len(users) >= 3


def test_the_parser_sees_every_form_of_import() -> None:
    # An engine module importing io, studies and cli, written three ways.
    source = ("from optimizer.io import files\nimport optimizer.studies.metrics\n"
              "def f():\n    from ..cli import common\n")
    found = [m for _, m in imports_in(source, "optimizer.engine")]
    assert found == ["optimizer.io", "optimizer.studies.metrics", "optimizer.cli"]
    assert outside_the_public_api(imports_in(
        "from optimizer import solve, Plan\nfrom optimizer.engine import model\n", "api")) == [
        (2, "optimizer.engine")]
