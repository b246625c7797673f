"""The agreement package stays pure statistics: no database, UI or CLI library, no printing."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "qualcode" / "agreement"
FORBIDDEN = ("textual", "click", "sqlalchemy", "sqlmodel", "alembic", "qualcode.store", "qualcode.service")


def test_importing_the_package_loads_no_database_ui_or_cli_library() -> None:
    script = (
        "import sys, qualcode.agreement as a\n"
        "for name in a.__all__: getattr(a, name)\n"
        f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PACKAGE.parents[1]
    )
    assert result.stdout.strip() == ""


def test_every_public_name_is_the_object_its_submodule_defines_and_is_declared_once_for_mypy() -> None:
    import qualcode.agreement as agreement

    declared = {
        alias.asname or alias.name
        for node in ast.walk(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qualcode.agreement.")
        for alias in node.names
    }
    assert sorted(agreement.__all__) == sorted(agreement._MODULE_OF) == sorted(declared)
    for name in agreement.__all__:
        module = importlib.import_module(f"qualcode.agreement.{agreement._MODULE_OF[name]}")
        assert getattr(agreement, name) is getattr(module, name), name


def test_the_package_loads_numpy_only_when_a_statistic_is_asked_for() -> None:
    script = (
        "import sys\n"
        "from qualcode.agreement import RELIABLE, AlphaResult, CodeAgreement\n"
        "print('numpy' in sys.modules)\n"
        "from qualcode.agreement import krippendorff_alpha\n"
        "print('numpy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PACKAGE.parents[1]
    )
    assert result.stdout.split() == ["False", "True"]


def test_no_module_prints_and_every_module_is_small_and_documented() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        calls = [
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        ]
        assert "print" not in calls, path.name
        assert ast.get_docstring(tree), f"{path.name} has no module docstring"
        assert len(source.splitlines()) < 400, path.name
