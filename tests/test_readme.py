"""Every `blanko` command line in README.md works as written.

- Runnable lines (in ```bash blocks, or inline code spans with no placeholders) run
  as a new user would type them: the installed `blanko` script, in an empty folder.
- Synopsis lines (in ```text blocks) name only options the command has, each with
  at most one value (so `--policies p1 p2` is caught: the CLI takes `p1,p2`).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from optimizer.cli import app

ROOT = Path(__file__).parents[1]
# The README and the documents it sends users to.
README_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PLACEHOLDER = re.compile(r"[\[\]()|]|\b[A-Z]{2,}\b|\.\.\.")  # brackets, a PLACEHOLDER word, ...


def code_blocks(text: str) -> list[tuple[str, list[str]]]:
    """(language, lines) of every fenced block."""
    return [(m.group(1), m.group(2).splitlines())
            for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.MULTILINE | re.DOTALL)]


def runnable(text: str) -> list[str]:
    lines = [part.strip() for lang, block in code_blocks(text) if lang in ("bash", "sh")
             for line in block for part in line.split("&&")]
    prose = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    # Inline spans count when they are whole commands (with options); a bare
    # `blanko replay` in a sentence names the command, it is not a line to run.
    lines += [m.group(1) for m in re.finditer(r"`(blanko [^`]+)`", prose)
              if not PLACEHOLDER.search(m.group(1)) and " --" in m.group(1)]
    # `blanko serve` runs until stopped: the service has its own end-to-end tests.
    return list(dict.fromkeys(line for line in lines if line.startswith("blanko ")
                              and not line.startswith("blanko serve")))


def synopses(text: str) -> list[str]:
    """Each `blanko ...` line of a text block, with its indented continuation lines."""
    out: list[str] = []
    for lang, block in code_blocks(text):
        if lang != "text":
            continue
        for line in block:
            if line.startswith("blanko "):
                out.append(line)
            elif out and line.startswith(" ") and line.strip().startswith("["):
                out[-1] += " " + line.strip()
    return out


TEXT = "\n".join(path.read_text(encoding="utf-8") for path in README_FILES)
COMMANDS = runnable(TEXT)
SYNOPSES = synopses(TEXT)


def test_the_readme_has_command_lines_to_check() -> None:
    assert "blanko plan --dataset palembang --blanks 50000 --save" in COMMANDS
    assert any(c.startswith("blanko compare") for c in COMMANDS)
    assert {s.split()[1] for s in SYNOPSES} >= {"plan", "compare", "replay", "serve"}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_readme_command_runs(command: str, tmp_path: Path) -> None:
    blanko = Path(sys.executable).with_name("blanko")
    # A plan store of its own (the README's `--save` lines), not the user's.
    env = {**os.environ, "BLANKO_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}"}
    done = subprocess.run([str(blanko), *shlex.split(command)[1:]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr


def options_of(words: list[str]) -> dict[str, Any]:
    """The options of `blanko WORDS...` (a command, or a group's subcommand) by every
    spelling (typer ships its own copy of click)."""
    command: Any = typer.main.get_command(app)
    for word in words:
        if not hasattr(command, "commands") or word not in command.commands:
            break
        command = command.commands[word]
    return {opt: p for p in command.params for opt in (*p.opts, *p.secondary_opts)}


def misused_options(synopsis: str) -> list[str]:
    """Options the command lacks, and options followed by more than their one value."""
    synopsis = synopsis.split("  #")[0]  # a trailing comment is not part of the line
    tokens = re.findall(r"--[\w-]+|[^\s\[\]()|]+|[\[\]()|]", synopsis)
    known = options_of(tokens[1:3])
    wrong = []
    for i, token in enumerate(tokens):
        if not token.startswith("--"):
            continue
        if token not in known:
            wrong.append(f"{token} is not an option")
            continue
        values = 0
        for after in tokens[i + 1:]:
            if after.startswith("--") or after in "[]()|":
                break
            values += 1
        param = known[token]
        most = 0 if getattr(param, "is_flag", False) else 1
        if values > most:
            wrong.append(f"{token} takes {most} value(s), the README gives {values}")
    return wrong


@pytest.mark.parametrize("synopsis", SYNOPSES, ids=lambda s: " ".join(s.split()[:2]))
def test_a_readme_synopsis_matches_the_cli(synopsis: str) -> None:
    assert misused_options(synopsis) == []


def test_the_synopsis_check_catches_the_old_compare_form() -> None:
    assert misused_options("blanko compare --blanks N [--policies p1 p2 ...]") == [
        "--policies takes 1 value(s), the README gives 3"]
    assert misused_options("blanko plan --blanks N [--colour C]") == ["--colour is not an option"]
