"""The core never imports a front end: proven in a fresh interpreter and by import-linter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

CORE_MODULES = [
    "qualcode.store.models",
    "qualcode.store.engine",
    "qualcode.store.schema",
    "qualcode.store.codes",
    "qualcode.store.codings",
    "qualcode.store.documents",
    "qualcode.store.progress",
    "qualcode.service",
    "qualcode.ingest",
    "qualcode.codebook",
    "qualcode.agreement",
    "qualcode.export.frequencies",
    "qualcode.export.codings",
    "qualcode.export.matrix",
    "qualcode.export.cooccurrence",
    "qualcode.refi.read",
    "qualcode.refi.write",
    "qualcode.refi.store",
    "qualcode.refi.collect",
    "qualcode.export.writers",
    "qualcode.service.demo",
]


def test_core_modules_load_neither_textual_nor_the_cli_library() -> None:
    script = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in ('textual', 'click', 'qualcode.tui', 'qualcode.cli') "
        "if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == ""


STATISTICS_LIBRARIES = ("numpy", "pandas", "krippendorff", "scipy")


@pytest.mark.parametrize("module", ["qualcode.service.workbench", "qualcode.tui.app"])
def test_opening_the_workbench_loads_no_statistics_library(module: str) -> None:
    """The workbench's first screen pays for numpy only when a reliability figure is asked for."""
    script = (
        f"import importlib, sys\nimportlib.import_module({module!r})\n"
        f"print(','.join(m for m in {STATISTICS_LIBRARIES!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == ""


def test_import_linter_contracts_hold() -> None:
    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([executable], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_package_module_is_called_codebooks() -> None:
    """`codebooks/` is the data folder at the top of the repository; nothing in the package shadows it."""
    assert not list((REPO / "qualcode").rglob("codebooks*"))
