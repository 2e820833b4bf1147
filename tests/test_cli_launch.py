"""`blanko` without Typer for a plan of a bundled dataset (optimizer.cli.launch): the
words it reads itself, the ones it leaves to Typer, and the same output either way."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from optimizer.cli.base import Lang
from optimizer.cli.launch import bundled_plan


def test_the_launcher_reads_a_plan_of_a_bundled_dataset(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BLANKO_DATABASE_URL", raising=False)
    out = tmp_path / "plan.json"
    assert bundled_plan(["plan", "--dataset", "palembang", "--blanks", "50000", "--json",
                         str(out)]) == {"dataset": "palembang", "blanks": 50000,
                                        "json_path": out, "db": None}
    got = bundled_plan(["plan", "--quiet", "--lang", "id", "--blanks", "0", "--all",
                        "--dataset", "synthetic-city"])
    assert got == {"quiet": True, "lang": Lang.id, "blanks": 0, "all_districts": True,
                   "dataset": "synthetic-city", "db": None}
    assert bundled_plan(["plan", "--dataset", "x", "--blanks", "1000000000000"]) is not None
    monkeypatch.setenv("BLANKO_DATABASE_URL", "sqlite:///x.db")
    assert bundled_plan(["plan", "--dataset", "x", "--blanks", "5"])["db"] == "sqlite:///x.db"


@pytest.mark.parametrize("words", [
    [], ["--help"], ["datasets"], ["plan"], ["plan", "--help"],
    ["plan", "--dataset", "palembang"],                          # no --blanks
    ["plan", "--blanks", "5"],                                   # no --dataset
    ["plan", "--dataset", "palembang", "--blanks", "5", "--help"],
    ["plan", "--dataset", "palembang", "--blanks", "1.000"],     # a separator
    ["plan", "--dataset", "palembang", "--blanks", "1,000"],
    ["plan", "--dataset", "palembang", "--blanks", "-5"],
    ["plan", "--dataset", "palembang", "--blanks", "+5"],
    ["plan", "--dataset", "palembang", "--blanks", "05"],
    ["plan", "--dataset", "palembang", "--blanks", "1_000"],
    ["plan", "--dataset", "palembang", "--blanks", "\u0665"],   # an Arabic-Indic digit
    ["plan", "--dataset", "palembang", "--blanks", "1000000000001"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--blanks", "6"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--quiet", "--quiet"],
    ["plan", "--dataset", "palembang", "--blanks=5"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--json"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--json", ""],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--json", "-"],
    ["plan", "--dataset", "-x", "--blanks", "5"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--lang", "fr"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--lang", "ID"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--no-quiet"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--max-travel-km", "8"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--data", "x"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--save"],
    ["plan", "--dataset", "palembang", "--blanks", "5", "--"],
    ["plans", "list"], ["compare", "--dataset", "palembang", "--blanks", "5"],
])
def test_anything_else_is_left_to_typer(words: list[str]) -> None:
    assert bundled_plan(words) is None


def test_a_shell_asking_for_completions_is_left_to_typer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    words = ["plan", "--dataset", "palembang", "--blanks", "5"]
    monkeypatch.setenv("_BLANKO_COMPLETE", "bash_complete")
    assert bundled_plan(words) is None
    monkeypatch.setenv("_BLANKO_COMPLETE", "")
    assert bundled_plan(words) is not None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a file its user cannot read (root reads every file)")
def test_an_unreadable_json_file_is_left_to_typer(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    out.write_text("{}", encoding="utf-8")
    out.chmod(0)
    assert bundled_plan(["plan", "--dataset", "p", "--blanks", "5", "--json", str(out)]) \
        is None


TYPER = "import sys; from optimizer.cli import app; sys.exit(app())"
LAUNCHER = "import sys; from optimizer.cli.launch import main; sys.exit(main())"


def _run(code: str, words: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-c", code, *words], capture_output=True,
                          text=True, timeout=300, env=env)
    # The solver's time is the one figure that differs from run to run.
    def timeless(text: str) -> str:
        return re.sub(r"[\d.,]+ (ms|md)\b", "N ms", text)
    return done.returncode, timeless(done.stdout), timeless(done.stderr)


def _plan(path: Path) -> Any:
    def strip(o: Any) -> Any:
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if "seconds" not in k}
        if isinstance(o, list):
            return [strip(v) for v in o]
        return o
    return strip(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("words", "lang"), [
    (["plan", "--dataset", "palembang", "--blanks", "50000", "--json", "{out}"], None),
    (["plan", "--dataset", "palembang", "--blanks", "20000", "--all", "--lang", "id"], None),
    (["plan", "--quiet", "--blanks", "100000", "--dataset", "Palembang"], "id"),
    (["plan", "--dataset", "synthetic-province", "--blanks", "40000", "--json", "{out}"],
     None),
    (["plan", "--dataset", "nosuch", "--blanks", "5"], None),
    (["plan", "--dataset", "nosuch", "--blanks", "5", "--lang", "id"], None),
    (["plan", "--dataset", "palembang", "--blanks", "5", "--json", "{missing}"], "id"),
    (["plan", "--dataset", "palembang", "--blanks", "5", "--json", "{folder}"], None),
])
def test_the_launcher_says_and_writes_what_typer_does(
        tmp_path: Path, words: list[str], lang: str | None) -> None:
    assert bundled_plan(words) is not None  # (what this test is about)
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "BLANKO_LANG")}
    env["COLUMNS"] = "160"
    if lang is not None:
        env["BLANKO_LANG"] = lang
    seen = []
    for code in (TYPER, LAUNCHER):
        out = tmp_path / "plan.json"
        filled = [w.format(out=out, missing=tmp_path / "no" / "p.json", folder=tmp_path)
                  for w in words]
        said = _run(code, filled, env)
        seen.append((said, _plan(out) if out.exists() else None))
        if out.exists():
            out.unlink()
    assert seen[0] == seen[1]
    assert seen[0][0][0] in (0, 2)


def test_the_launcher_freezes_what_start_up_made_as_typers_app_does(tmp_path: Path) -> None:
    """As `app()` (tests/test_startup.py): start-up's objects frozen out of the cyclic
    collector, the collector on, the process flag reset after the command."""
    code = ("import gc, sys; from optimizer.cli import base; "
            "from optimizer.cli.launch import main\n"
            "sys.argv = ['blanko', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
            "print(code, gc.isenabled(), gc.get_freeze_count() > 0, base._own_process)")
    done = subprocess.run([sys.executable, "-c", code, "plan", "--dataset", "palembang",
                           "--blanks", "5000", "--quiet", "--json", str(tmp_path / "p.json")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 True True False"
