"""`blanko plan --lang id|en`, and the default from the environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()
ARGS = ("plan", "--dataset", "palembang", "--blanks", "40000", "--quiet")
ENGLISH = "travel limit 8.0 km outside one's own district."


def test_lang_id_prints_and_writes_indonesian_messages(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = runner.invoke(app, [*ARGS, "--lang", "id", "--json", str(out)],
                           env={"BLANKO_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert "batas jarak 8 km ke luar kecamatan sendiri." in result.output
    messages = json.loads(out.read_text())["messages"]
    assert messages[0]["code"] == "DISTANCES" and messages[0]["params"]["max_travel_km"] == 8.0
    assert messages[0]["text"].endswith("batas jarak 8 km ke luar kecamatan sendiri.")


@pytest.mark.parametrize(("env", "expected"), [
    ({"BLANKO_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "id_ID.UTF-8"},
     "batas jarak 8 km"),
    ({"BLANKO_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"},
     ENGLISH),
])
def test_the_default_comes_from_the_environment(env: dict[str, str], expected: str) -> None:
    result = runner.invoke(app, list(ARGS), env=env)
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_an_unknown_language_is_refused() -> None:
    result = runner.invoke(app, [*ARGS, "--lang", "fr"])
    assert result.exit_code == 2
    assert "--lang" in result.output
