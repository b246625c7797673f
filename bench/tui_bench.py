"""Workbench benchmark: a generated 100,000-segment project driven headless with `App.run_test`.

Run:  python bench/tui_bench.py [--documents 20] [--turns 5000] [--presses 200]

Prints the time from launch to the first interactive coding screen, the same
for a minimal Textual app in the same process (and the ratio) and for a static
app of Textual's own widgets in the same three-pane layout, the same two
as whole fresh processes with their imports (and that ratio), the latency
from a code's hotkey to the repainted screen (median and p95), and the peak
memory of the process that ran the workbench. Targets: first screen under
1.5 s and within 2x of the minimal app; toggle p95 under 50 ms; memory under
300 MB. The project is built in one process and the app run in another, so
the memory figure is the workbench's own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from words import WORDS

SIZE = (120, 40)
CODEBOOK = """\
name: Bench book
version: "1"
codes:
  - name: approach
    definition: How a problem is approached.
    children:
      - name: relational
        key: r
        color: "#2E8B57"
        definition: Relationships and trust come first.
      - name: technical
        key: t
        color: "#4682B4"
        definition: Frameworks, metrics and plans come first.
  - name: power
    key: p
    color: "#B22222"
    definition: Who decides, and how power is shared.
"""


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_build(folder: Path, documents: int, turns: int) -> dict:
    """Generate transcripts and import them: the project every other phase opens."""
    from qualcode.service import Workbench

    rng = random.Random(20261125)
    corpus = folder / "corpus"
    corpus.mkdir()
    paths = []
    for index in range(documents):
        lines = [f"Interview {index + 1:03d}", ""]
        for turn in range(turns):
            speaker = "Interviewer" if turn % 2 == 0 else "Participant"
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60))).capitalize()
            lines += [f"{speaker}: {text}.", ""]
        path = corpus / f"interview-{index + 1:03d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    (folder / "book.yaml").write_text(CODEBOOK, encoding="utf-8")
    started = time.perf_counter()
    workbench = Workbench.create("bench", f"sqlite:///{folder / 'bench.db'}")
    workbench.load_codebook(folder / "book.yaml")
    report = workbench.import_files(paths)
    assert not report.failed, report.failed[:3]
    workbench.add_coder("ana")
    workbench.close()
    segments = sum(document.segments for document in report.imported)
    return {"segments": segments, "seconds": time.perf_counter() - started}


async def first_screen_of_minimal_app() -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    class MinimalApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")
            yield Footer()

    return await _first_screen(MinimalApp())


async def first_screen_of_static_panes() -> float:
    """A second reference: Textual's own widgets in the workbench's three-pane layout, with
    made-up content and no database, to show what laying out such a screen costs by itself."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical
    from textual.widgets import Footer, OptionList, Static, Tree

    class StaticPanes(App[None]):
        CSS = """
        #documents { width: 24; border: round $primary; }
        #transcript { width: 1fr; border: round $primary; }
        #codebook { width: 36; border: round $primary; }
        """

        def compose(self) -> ComposeResult:
            with Horizontal():
                yield OptionList(*[f"interview-{i:03d}  0/5000" for i in range(20)], id="documents")
                with Vertical(id="transcript"):
                    for turn in range(8):
                        yield Static(f"Speaker {turn}\n" + " ".join(WORDS[:12]) * 3)
                with Vertical(id="codebook"):
                    tree: Tree[None] = Tree("codebook")
                    for parent in range(8):
                        node = tree.root.add(f"parent {parent}", expand=True)
                        for child in range(3):
                            node.add_leaf(f"child {child}")
                    yield tree
                    yield Static("DEFINITION\n" + " ".join(WORDS) * 2)
            yield Static("status")
            yield Footer()

    return await _first_screen(StaticPanes())


async def _first_screen(app: object) -> float:
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        return time.perf_counter() - started


async def drive_workbench(database: Path, presses: int) -> dict:
    from qualcode.service import Workbench
    from qualcode.tui.app import create_app
    from qualcode.tui.screens.coding import CodingScreen

    started = time.perf_counter()
    workbench = Workbench.open("bench", f"sqlite:///{database}")
    app = create_app(workbench, "ana")
    async with app.run_test(size=SIZE) as pilot:
        while not (isinstance(app.screen, CodingScreen) and app.screen.segments.ready):
            await asyncio.sleep(0.001)
        await pilot.pause()
        first_screen = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        repainted = asyncio.Event()
        toggle = screen.action_toggle_code

        def toggle_then_signal(code_id: int) -> None:
            toggle(code_id)
            app.call_after_refresh(repainted.set)

        screen.action_toggle_code = toggle_then_signal  # type: ignore[method-assign]
        latencies = []
        for press in range(presses):
            if press % 2 == 0:
                await pilot.press("j")
            repainted.clear()
            pressed = time.perf_counter()
            app.simulate_key("r")
            await repainted.wait()
            latencies.append(time.perf_counter() - pressed)
        if presses:
            await pilot.press("end", "pageup", "home", "n")
            await app.workers.wait_for_complete()
        saved = screen.status.saves
    workbench.close()
    return {"first_screen": first_screen, "latencies": latencies, "saved": saved}


def phase_tui(folder: Path, presses: int) -> dict:
    minimal = asyncio.run(first_screen_of_minimal_app())
    panes = asyncio.run(first_screen_of_static_panes())
    result = asyncio.run(drive_workbench(folder / "bench.db", presses))
    result |= {"minimal": minimal, "panes": panes, "peak_rss_mb": peak_rss_mb()}
    return result


def phase_cold(folder: Path | None) -> dict:
    """A whole process, imports included: the minimal app (no folder) or the workbench."""
    if folder is None:
        seconds = asyncio.run(first_screen_of_minimal_app())
    else:
        seconds = asyncio.run(drive_workbench(folder / "bench.db", 0))["first_screen"]
    return {"seconds": seconds}


def cold_launch(*args: str) -> float:
    """Wall time of a fresh interpreter that opens the app, reaches its first screen and exits."""
    started = time.perf_counter()
    run_phase("cold", *args)
    return time.perf_counter() - started


def run_phase(*args: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--phase", *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--turns", type=int, default=5000)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.phase == "build":
        print(json.dumps(phase_build(options.folder, options.documents, options.turns)))
        return
    if options.phase == "tui":
        print(json.dumps(phase_tui(options.folder, options.presses)))
        return
    if options.phase == "cold":
        print(json.dumps(phase_cold(options.folder)))
        return
    with tempfile.TemporaryDirectory() as temporary:
        folder = str(temporary)
        built = run_phase(
            "build", folder, "--documents", str(options.documents), "--turns", str(options.turns)
        )
        print(
            f"project: {built['segments']:,} segments in {options.documents} documents "
            f"(built in {built['seconds']:.1f} s)"
        )
        tui = run_phase("tui", folder, "--presses", str(options.presses))
        cold_minimal = min(cold_launch() for _ in range(3))
        cold_workbench = min(cold_launch(folder) for _ in range(3))
    latencies = sorted(tui["latencies"])
    median = statistics.median(latencies) * 1000
    p95 = latencies[max(int(len(latencies) * 0.95) - 1, 0)] * 1000
    ratio = tui["first_screen"] / tui["minimal"]
    print(f"first coding screen : {tui['first_screen']:.3f} s   (target < 1.5 s)")
    print(f"minimal Textual app : {tui['minimal']:.3f} s   ratio {ratio:.2f}x (target < 2x)")
    print(
        f"static three panes  : {tui['panes']:.3f} s   "
        f"({tui['panes'] / tui['minimal']:.2f}x the minimal app; "
        f"the workbench is {tui['first_screen'] / tui['panes']:.2f}x this)"
    )
    print(
        f"toggle a code       : median {median:.1f} ms, p95 {p95:.1f} ms over {len(latencies)} presses "
        f"(target p95 < 50 ms); {tui['saved']} changes saved"
    )
    print(f"peak memory         : {tui['peak_rss_mb']:.0f} MB   (target < 300 MB)")
    print(
        f"cold launch         : workbench {cold_workbench:.2f} s, minimal app {cold_minimal:.2f} s, "
        f"ratio {cold_workbench / cold_minimal:.1f}x (whole processes, imports included)"
    )


if __name__ == "__main__":
    main()
