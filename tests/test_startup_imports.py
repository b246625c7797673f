"""Opening a project, from `qualcode status` or the workbench's first screen, loads no reader or writer.

The transcript readers (with YAML), the REFI-QDA reader and writer (with lxml)
and the statistics libraries are needed only by the commands that use them;
loading them whenever a project opens cost every start-up of the workbench and
of `qualcode status` tens of milliseconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qualcode.service import Workbench

REPO = Path(__file__).resolve().parents[1]
NOT_AT_START = (
    "yaml",
    "lxml",
    "pandas",
    "numpy",
    "krippendorff",
    "docx",
    "qualcode.ingest",
    "qualcode.refi.read",
    "qualcode.refi.store",
)


def _project(tmp_path: Path) -> str:
    """A project with a document, a code and a coder, built in this process."""
    url = f"sqlite:///{tmp_path / 'project.db'}"
    transcript = tmp_path / "talk.txt"
    transcript.write_text("Interviewer: Why?\n\nAna: Because trust came first.\n", encoding="utf-8")
    codebook = tmp_path / "book.yaml"
    codebook.write_text(
        "name: Book\nversion: '1'\ncodes:\n  - name: trust\n    key: t\n    definition: Trust comes first.\n",
        encoding="utf-8",
    )
    workbench = Workbench.create("study", url)
    workbench.load_codebook(codebook)
    assert not workbench.import_files([transcript]).failed
    workbench.add_coder("ana")
    workbench.close()
    return url


def _loaded_after(script: str) -> tuple[list[str], str]:
    """The libraries of NOT_AT_START a fresh interpreter holds after `script`, and what it printed."""
    script += f"\nimport sys\nprint('loaded:' + ','.join(m for m in {NOT_AT_START!r} if m in sys.modules))\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    *printed, last = result.stdout.strip().splitlines()
    return [name for name in last.removeprefix("loaded:").split(",") if name], "\n".join(printed)


def test_status_loads_no_reader_writer_or_statistics_library(tmp_path: Path) -> None:
    url = _project(tmp_path)
    script = (
        "from qualcode.cli.main import cli\n"
        "try:\n"
        f"    cli.main(['status', 'study', '--db', {url!r}], prog_name='qualcode')\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
    )
    loaded, printed = _loaded_after(script)
    assert loaded == []
    assert "documents 1, segments 2" in printed


def test_first_coding_screen_loads_no_reader_writer_or_statistics_library(tmp_path: Path) -> None:
    url = _project(tmp_path)
    script = (
        "import asyncio\n"
        "from qualcode.service import Workbench\n"
        "from qualcode.tui.app import create_app\n"
        "from qualcode.tui.screens.coding import CodingScreen\n"
        f"workbench = Workbench.open('study', {url!r})\n"
        "app = create_app(workbench, 'ana')\n"
        "async def first_screen():\n"
        "    async with app.run_test(size=(120, 40)) as pilot:\n"
        "        while not (isinstance(app.screen, CodingScreen) and app.screen.segments.ready):\n"
        "            await asyncio.sleep(0.01)\n"
        "        await pilot.pause()\n"
        "        print(app.screen.status.place)\n"
        "asyncio.run(first_screen())\n"
    )
    loaded, printed = _loaded_after(script)
    assert loaded == []
    assert printed == "talk · 1/2"
