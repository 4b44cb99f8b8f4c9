"""The layout rules of DESIGN.md: apps depend one way (accounts <- netwerk <- inkoop |
casemanagement <- wachtlijst <- signaalteam <- rapportage <- demo), enforced by the
import-linter contract in pyproject.toml that `make lint` runs; and the domain apps hold no
demo or seeding code, which lives in demo/ on top of them."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
DOMAIN_APPS = [
    "accounts",
    "netwerk",
    "inkoop",
    "casemanagement",
    "wachtlijst",
    "signaalteam",
    "rapportage",
]
DEMO_NAMES = {"demo", "scenario", "nationaal"}
DEMO_COMMANDS = {"seed_demo", "demo_totp"}


def _root_packages() -> list[str]:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["root_packages"]


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """lint-imports with the project's contract on the packages in ``tree``."""
    if not LINT_IMPORTS.exists():
        pytest.fail(f"lint-imports is not installed beside {sys.executable}")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(PYPROJECT)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def copy_of_the_code(tmp_path: Path) -> Path:
    """The project's Python packages (those the contract covers), copied to a folder of
    their own so a test can add an import without touching the real tree."""
    for package in _root_packages():
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "data"),
        )
    return tmp_path


def test_demo_is_the_top_layer_of_the_contract():
    contract = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"][0]
    assert contract["layers"][0] == "demo"
    assert set(_root_packages()) == {"config", "demo", *DOMAIN_APPS}


def test_the_real_code_keeps_the_layers():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("app", "module", "source"),
    [
        ("accounts", "upward.py", "import demo\n"),
        ("rapportage", "upward.py", "def later():\n    from demo import personen\n"),
        ("netwerk", "upward.py", "from wachtlijst import selectors\n"),
    ],
    ids=["accounts-imports-demo", "rapportage-imports-demo-inside-a-function", "netwerk-up"],
)
def test_an_upward_import_breaks_the_contract(copy_of_the_code, app, module, source):
    (copy_of_the_code / app / module).write_text(source)

    result = _lint_imports(copy_of_the_code)

    assert result.returncode != 0, result.stdout
    assert "1 broken" in result.stdout
    assert f"{app}.{module.removesuffix('.py')}" in result.stdout


def test_the_copy_without_an_upward_import_keeps_the_layers(copy_of_the_code):
    """The failures above come from the added import, not from the copying."""
    result = _lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr


def _python_files(app: str):
    return sorted((ROOT / app).rglob("*.py"))


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_app_has_no_demo_modules_or_commands(app):
    for path in (ROOT / app).rglob("*"):
        relative = path.relative_to(ROOT)
        assert path.stem not in DEMO_NAMES, f"{relative}: demo code belongs in demo/"
        assert path.stem not in DEMO_COMMANDS, f"{relative}: demo commands belong in demo/"
        assert not path.name.startswith("demo_"), f"{relative}: demo data belongs in demo/data/"


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_app_does_not_refer_to_demo(app):
    """No import of demo, also not inside a function, and no dotted path into it (an
    import_string in settings would hide the upward edge from the contract)."""
    for path in _python_files(app):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = [node.value] if node.value.startswith("demo.") else []
            else:
                continue
            for name in names:
                assert name != "demo" and not name.startswith("demo."), (
                    f"{path.relative_to(ROOT)}:{node.lineno} refers to {name}"
                )
