"""Start-up: each command imports only what it uses (no timing here: benchmarks/speed.py).

Each case runs a fresh interpreter, runs the command in it, and lists which heavy
modules are loaded at the end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("pandas", "scipy", "rich", "pydantic", "numpy", "ortools", "openpyxl", "matplotlib",
         "fastapi", "uvicorn", "optimizer.schema", "optimizer.engine", "optimizer.io.files",
         "sqlalchemy", "babel", "httpx", "optimizer.store", "api")

PROBE = """
import json, sys
from optimizer.cli import app
try:
    app(sys.argv[1:], prog_name="blanko")
except SystemExit:
    pass
heavy = json.loads(sys.stdin.readline())
print(json.dumps(sorted(h for h in heavy if h in sys.modules)))
"""


def _loaded(*args: str, among: tuple[str, ...] = HEAVY) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], input=json.dumps(among) + "\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_loads_no_library_of_the_commands() -> None:
    assert _loaded("--help") == ["rich"]  # typer renders its help with rich


def test_plan_with_json_out_loads_no_pandas(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    loaded = _loaded("plan", "--dataset", "palembang", "--blanks", "50000", "--quiet",
                     "--json", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "optimal"
    # Nothing the command does not use: no data frames, store, web service or workbook,
    # and no scipy (a city's strongly connected components: optimizer.engine.scc).
    for unused in ("pandas", "scipy", "openpyxl", "matplotlib", "fastapi", "uvicorn",
                   "sqlalchemy", "babel", "httpx", "optimizer.store", "api"):
        assert unused not in loaded, unused


def test_plan_loads_no_package_metadata_reader(tmp_path: Path) -> None:
    # pydantic's plugin search would load importlib.metadata and email (~15 ms):
    # no plugin is installed here, so the CLI's stand-in answers (optimizer.cli.common).
    out = tmp_path / "plan.json"
    loaded = _loaded("plan", "--dataset", "palembang", "--blanks", "5000", "--quiet",
                     "--json", str(out), among=("importlib.metadata", "email", "zipfile",
                                                "pydantic", "pydantic.plugin._loader"))
    assert loaded == ["pydantic", "pydantic.plugin._loader"]
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "optimal"


def test_the_stand_in_for_pydantics_plugin_loader_says_what_pydantic_would() -> None:
    """The stand-in (optimizer.cli.common._skip_pydantic_plugin_search) replaces
    pydantic's `pydantic.plugin._loader` only where no plugin is declared: it must offer
    every name pydantic takes from that module, and answer as that module does."""
    import ast
    import importlib.metadata
    import inspect

    import pydantic.plugin._schema_validator as validators

    from optimizer.cli.common import _pydantic_plugins_declared

    taken = {alias.name for node in ast.walk(ast.parse(inspect.getsource(validators)))
             if isinstance(node, ast.ImportFrom) and node.module == "_loader"
             for alias in node.names}
    assert taken == {"get_plugins"}, taken
    declared = bool(list(importlib.metadata.entry_points(group="pydantic")))
    assert _pydantic_plugins_declared() is declared


def test_a_declared_pydantic_plugin_keeps_pydantics_loader(tmp_path: Path) -> None:
    info = tmp_path / "a_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: a-plugin\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("[pydantic]\na_plugin = a_plugin:plugin\n",
                                           encoding="utf-8")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from optimizer.cli.common import _skip_pydantic_plugin_search as skip; skip(); "
            "print('pydantic.plugin._loader' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "none")],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "True", done.stderr


def test_plan_loads_the_wording_of_refusals_only_when_refused(tmp_path: Path) -> None:
    # optimizer.i18n.problems (the refusals' sentences in the language, ~1 ms of patterns)
    # loads on first use, which a plan nothing refuses never makes.
    out = tmp_path / "plan.json"
    wording = ("optimizer.i18n.problems",)
    assert _loaded("plan", "--dataset", "palembang", "--blanks", "5000", "--quiet",
                   "--json", str(out), among=wording) == []
    assert _loaded("plan", "--dataset", "palembang", "--blanks", "5000", "--quiet",
                   "--json", str(tmp_path / "no-such-folder" / "plan.json"),
                   among=wording) == list(wording)


def test_plan_from_own_csvs_loads_the_reader(tmp_path: Path) -> None:
    tiny = Path(__file__).parent / "data" / "tiny"
    loaded = _loaded("plan", "--data", str(tiny), "--blanks", "600", "--quiet")
    assert "optimizer.io.files" in loaded
    assert "scipy" not in loaded


COMMAND_MODULES = tuple(f"optimizer.cli.{m}" for m in
                        ("evaluate", "plan", "serve", "store", "studies", "sweep", "template"))


def test_plan_loads_no_other_command_module(tmp_path: Path) -> None:
    # Typer turns every registered command's parameters into Click options at start-up:
    # `blanko plan` registers the plan commands alone (optimizer.cli.common.COMMANDS).
    out = tmp_path / "plan.json"
    assert _loaded("plan", "--dataset", "palembang", "--blanks", "5000", "--quiet",
                   "--json", str(out), among=COMMAND_MODULES) == ["optimizer.cli.plan"]
    assert _loaded("--help", among=COMMAND_MODULES) == sorted(COMMAND_MODULES)


def test_each_command_module_registers_the_commands_the_table_names() -> None:
    from optimizer.cli.common import COMMANDS, MODULES

    assert set(COMMANDS.values()) == set(MODULES)
    for module in MODULES:
        # (_narrow: as while `blanko CMD` runs, registering loads no other module)
        code = ("import json, typer.main; from optimizer.cli.common import app; "
                f"app._narrow = True; import optimizer.cli.{module}; "
                "names = [c.name or typer.main.get_command_name(c.callback.__name__) "
                "for c in app._commands] + [g.name for g in app._groups]; "
                "print(json.dumps(names))")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        registered = json.loads(done.stdout)
        assert sorted(registered) == sorted(n for n, m in COMMANDS.items() if m == module)


def test_typer_is_held_to_the_minor_version_whose_click_the_cli_uses() -> None:
    """`pip install .` alone once took typer 0.29, which moved `typer._click.types` (the
    tests' extras held 0.27): `blanko` did not start. The CLI localizes Click's errors
    through typer's own copy of Click, so pyproject must hold typer's minor version."""
    import tomllib
    from pathlib import Path

    import typer
    from typer._click import types  # noqa: F401  (what optimizer/cli/common.py imports)

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml")
                            .read_text(encoding="utf-8"))["project"]
    spec = next(d for d in project["dependencies"] if d.startswith("typer"))
    assert spec == "typer>=0.27,<0.28", spec
    assert typer.__version__.startswith("0.27."), typer.__version__


def test_plan_of_one_shipment_starts_no_pool_of_blas_threads(tmp_path: Path) -> None:
    """numpy starts OpenBLAS's threads, one per core, when it loads; a solve of one
    shipment calls no BLAS routine: `blanko plan` asks for one (a value set is kept)."""
    out = tmp_path / "plan.json"
    code = ("import os, sys; from optimizer.cli import app\n"
            "try:\n    app(sys.argv[1:], prog_name='blanko')\nexcept SystemExit:\n    pass\n"
            "print(os.environ.get('OPENBLAS_NUM_THREADS'))")
    args = ["plan", "--dataset", "palembang", "--blanks", "5000", "--quiet", "--json", str(out)]
    for given, wanted in ((None, "1"), ("3", "3")):
        env = {k: v for k, v in os.environ.items()
               if k != "OPENBLAS_NUM_THREADS"}
        if given is not None:
            env["OPENBLAS_NUM_THREADS"] = given
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().splitlines()[-1] == wanted


def test_the_blanko_process_freezes_what_start_up_made_and_a_runner_does_not(
        tmp_path: Path) -> None:
    """`app()` (the `blanko` script) freezes start-up's objects out of the cyclic
    collector (optimizer.cli.common.paused_gc) and leaves it on; run in-process through
    a Click runner, nothing is frozen and the collector is as it was."""
    out = tmp_path / "plan.json"
    code = ("import gc, sys; from optimizer.cli import app\n"
            "try:\n    app(sys.argv[1:], prog_name='blanko')\nexcept SystemExit:\n    pass\n"
            "print(gc.isenabled(), gc.get_freeze_count() > 0)")
    done = subprocess.run([sys.executable, "-c", code, "plan", "--dataset", "palembang",
                           "--blanks", "5000", "--quiet", "--json", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "True True"
    code = ("import gc, sys; from typer.testing import CliRunner; "
            "from optimizer.cli import app; "
            "result = CliRunner().invoke(app, sys.argv[1:]); "
            "print(result.exit_code, gc.isenabled(), gc.get_freeze_count())")
    done = subprocess.run([sys.executable, "-c", code, "plan", "--dataset", "palembang",
                           "--blanks", "5000", "--quiet", "--json", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 True 0"


def test_importing_the_cli_leaves_its_objects_old_and_nothing_frozen() -> None:
    """Importing optimizer.cli (Typer) with the collector paused leaves what it made in
    the oldest generation, unscanned (optimizer.cli.common.settle_gc: else the first
    young collection walks them all), the collector on and nothing frozen; objects
    frozen before the import stay frozen."""
    code = ("import gc\n"
            "from optimizer.cli import app\n"
            "young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1))\n"
            "print(gc.isenabled(), gc.get_freeze_count(), young < 2000)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "True 0 True"
    code = ("import gc\n"
            "gc.freeze()\n"
            "from optimizer.cli import app\n"
            "print(gc.isenabled(), gc.get_freeze_count() > 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "True True"


def test_the_contract_is_the_same_with_its_annotations_postponed() -> None:
    """optimizer/schema.py writes its annotations as objects (pydantic would otherwise
    compile each from a string at start-up): with `from __future__ import annotations`
    added, every model has the same fields, JSON schemas (validation and
    serialization) and core schema, and validates the bundled data alike."""
    import importlib.util
    import inspect
    import re

    import pydantic

    import optimizer.schema as schema
    from optimizer.io import datasets

    source = Path(schema.__file__).read_text(encoding="utf-8")
    assert "\nfrom __future__ import annotations" not in source
    spec = importlib.util.spec_from_loader("optimizer._schema_postponed", loader=None)
    assert spec is not None
    postponed = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = postponed
    try:
        exec(compile("from __future__ import annotations\n" + source, schema.__file__,
                     "exec"), postponed.__dict__)

        def described(model: type[pydantic.BaseModel]) -> list[str]:
            model.model_rebuild(force=True)
            core = re.sub(r"0x[0-9a-f]+|:\d{6,}|optimizer\.(_schema_postponed|schema)", "",
                          repr(model.__pydantic_core_schema__))
            return [json.dumps(model.model_json_schema(), sort_keys=True),
                    json.dumps(model.model_json_schema(mode="serialization"), sort_keys=True),
                    repr(model.model_fields), core]

        models = [name for name, obj in vars(schema).items() if inspect.isclass(obj)
                  and issubclass(obj, pydantic.BaseModel) and obj.__module__ == schema.__name__]
        assert len(models) > 20
        for name in models:
            assert described(getattr(postponed, name)) == described(getattr(schema, name)), \
                name
        snapshot = json.loads((datasets.data_root() / "palembang" / "instance.json")
                              .read_text(encoding="utf-8"))["instance"]
        assert postponed.Instance.model_validate(snapshot).model_dump_json() == \
            schema.Instance.model_validate(snapshot).model_dump_json()
    finally:
        del sys.modules[spec.name]


# `blanko` as its console script runs it (pyproject's entry point): optimizer.cli.launch.
LAUNCH_PROBE = """
import json, sys
from optimizer.cli.launch import main
sys.argv = ["blanko", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = json.loads(sys.stdin.readline())
print(json.dumps(sorted(h for h in heavy if h in sys.modules)))
"""

# What a plan of a bundled dataset uses none of: the command-line framework (Typer, its
# copy of Click, its completion), the terminal's styles (into a pipe), the readers.
UNUSED_BY_A_BUNDLED_PLAN = (
    "typer", "typer._click", "typer.main", "click", "shellingham", "rich", "subprocess",
    "difflib", "pandas", "scipy", "openpyxl", "matplotlib", "fastapi", "uvicorn",
    "sqlalchemy", "babel", "httpx", "optimizer.store", "optimizer.io.files",
    "optimizer.cli.common", "optimizer.cli.plan", "api")


def _launched(*args: str, among: tuple[str, ...],
              env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run([sys.executable, "-c", LAUNCH_PROBE, *args],
                          input=json.dumps(among) + "\n", capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_blanko_script_plans_a_bundled_dataset_without_typer(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    loaded = _launched("plan", "--dataset", "palembang", "--blanks", "50000", "--json",
                       str(out), among=(*UNUSED_BY_A_BUNDLED_PLAN, "optimizer.cli.planning"))
    assert loaded == ["optimizer.cli.planning"]
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "optimal"
    # Anything else is Typer's to read: here a count written with a separator.
    loaded = _launched("plan", "--dataset", "palembang", "--blanks", "50.000", "--json",
                       str(out), among=("typer", "optimizer.cli.plan"))
    assert loaded == ["optimizer.cli.plan", "typer"]


def test_the_scripts_entry_point_is_the_launcher() -> None:
    import tomllib

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml")
                            .read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["blanko"] == "optimizer.cli.launch:main"


def test_the_cli_package_names_the_command_modules_as_common_does() -> None:
    import optimizer.cli
    from optimizer.cli.common import MODULES

    assert optimizer.cli._MODULES == MODULES
