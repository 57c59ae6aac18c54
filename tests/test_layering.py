"""The architecture, pinned: imports run one way through caseflow's layers.

The layers are written once, as the import-linter contract in pyproject.toml
(``[tool.importlinter]``); these tests run that contract on the source tree,
prove it fails on a deliberate upward import and on an import circle, and
check that no module of caseflow stands outside the contract.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import caseflow

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "caseflow"

pytest.importorskip("importlinter", reason="import-linter is a test dependency")


def _contract() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = (c for c in contracts if c["id"] == "layers")
    return layers


def _layer_modules() -> list[list[str]]:
    """The contract's layers, top first, each as its module names."""
    layers = _contract()["layers"]
    assert isinstance(layers, list)
    return [[name.strip() for name in layer.split("|")] for layer in layers]


def _lint(src: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter's contract on the package found in ``src``."""
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy_source(tmp_path: Path) -> Path:
    """A copy of the package to break on purpose; returns its src folder."""
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "caseflow", ignore=shutil.ignore_patterns("__pycache__"))
    return src


def test_the_source_keeps_the_layers():
    """Every import in src/caseflow runs from a higher layer to a lower one."""
    result = _lint(SRC)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 broken" in result.stdout


def _lint_with(tmp_path: Path, module: str, imported: str) -> subprocess.CompletedProcess[str]:
    """Lint a copy of the source in which ``module`` also imports ``imported``."""
    src = _copy_source(tmp_path)
    path = src / "caseflow" / f"{module}.py"
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nimport caseflow.{imported}  # on purpose\n",
        encoding="utf-8",
    )
    return _lint(src)


def test_an_upward_import_breaks_the_contract(tmp_path):
    """A bottom-layer module importing the facade is reported, by module and line."""
    result = _lint_with(tmp_path, "errors", "workflow")
    assert result.returncode != 0
    assert "caseflow.errors is not allowed to import caseflow.workflow" in result.stdout


def test_an_import_between_siblings_breaks_the_contract(tmp_path):
    """Two modules of one layer importing each other is reported as well."""
    result = _lint_with(tmp_path, "conditions", "calendars")
    assert result.returncode != 0
    assert "caseflow.conditions is not allowed to import caseflow.calendars" in result.stdout


def test_every_module_of_caseflow_is_in_a_layer():
    """No top-level module or package escapes the contract (``__main__`` aside)."""
    named = {name.removeprefix("caseflow.") for layer in _layer_modules() for name in layer}
    present = {
        info.name for info in pkgutil.iter_modules(caseflow.__path__) if info.name != "__main__"
    }
    assert present == named


def test_no_module_imports_the_root_package():
    """Inside caseflow, modules import from the module that owns a name, never ``caseflow``."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py" or path == PACKAGE / "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "caseflow" and node.level == 0:
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
            if isinstance(node, ast.Import) and any(a.name == "caseflow" for a in node.names):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def test_no_module_is_too_large_to_read():
    """No module in src/caseflow is over 600 lines."""
    sizes = {
        str(path.relative_to(SRC)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 600} == {}


def test_no_class_is_too_large_to_read():
    """No class in src/caseflow is over 400 lines."""
    large = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 400:
                    large[f"{path.relative_to(SRC)}:{node.name}"] = length
    assert large == {}
