"""The agreement package stays pure statistics: no database, UI or CLI library, no printing."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "qualcode" / "agreement"
FORBIDDEN = ("textual", "click", "sqlalchemy", "sqlmodel", "alembic", "qualcode.store", "qualcode.service")


def test_importing_the_package_loads_no_database_ui_or_cli_library() -> None:
    script = (
        f"import sys, qualcode.agreement\nprint(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PACKAGE.parents[1]
    )
    assert result.stdout.strip() == ""


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
