"""Workbench benchmark: generated projects driven headless with `App.run_test`, and the command line.

Run:  python bench/tui_bench.py [--documents 20] [--turns 5000] [--presses 200]
      [--long-turns 50000] [--many-documents 2000] [--runs 7]

Prints, for a 100,000-segment project, the time from launch to the first
interactive coding screen, the same for a minimal Textual app and for a static
app of Textual's own widgets in the same three-pane layout (in one process, and
as whole fresh processes with their imports, with the ratios), the latency from
a code's hotkey to the repainted screen (median and p95) there, on one
50,000-segment document and on a 2,000-document project, the peak memory of the
process that ran the workbench, and the wall time of `qualcode --help`,
`qualcode init --help` and `qualcode status` on a small project against
`python -c "import click"`. Targets: first screen under 1.5 s and within 2x of
the static panes as whole processes; toggle p95 under 50 ms in every case, for
a whole segment and for a selected word (a span coding) timed side by side;
memory under 300 MB; each command line within 2x of importing click. Each
project is built in one process and the app run in another, so the memory
figure is the workbench's own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from words import WORDS

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's qualcode, not whichever one is installed

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
        latencies: list[float] = []
        span_latencies: list[float] = []

        async def timed(key: str, into: list[float]) -> None:
            repainted.clear()
            pressed = time.perf_counter()
            app.simulate_key(key)
            await repainted.wait()
            into.append(time.perf_counter() - pressed)

        for press in range(presses):
            if press % 2 == 0:
                await pilot.press("j")
            await timed("r", latencies)
            # The same hotkey on a selected word: a span coding, timed in the same run and segment.
            await pilot.press("ctrl+shift+right")
            await timed("r", span_latencies)
            await pilot.press("escape")
        if presses:
            await pilot.press("end", "pageup", "home", "n")
            await app.workers.wait_for_complete()
        saved = screen.status.saves
    workbench.close()
    return {
        "first_screen": first_screen,
        "latencies": latencies,
        "span_latencies": span_latencies,
        "saved": saved,
    }


def phase_tui(folder: Path, presses: int) -> dict:
    minimal = asyncio.run(first_screen_of_minimal_app())
    panes = asyncio.run(first_screen_of_static_panes())
    result = asyncio.run(drive_workbench(folder / "bench.db", presses))
    result |= {"minimal": minimal, "panes": panes, "peak_rss_mb": peak_rss_mb()}
    return result


def phase_cold(which: str, folder: Path | None) -> dict:
    """A whole process, imports included: the minimal app, the static panes or the workbench."""
    if which == "minimal":
        seconds = asyncio.run(first_screen_of_minimal_app())
    elif which == "panes":
        seconds = asyncio.run(first_screen_of_static_panes())
    else:
        assert folder is not None
        seconds = asyncio.run(drive_workbench(folder / "bench.db", 0))["first_screen"]
    return {"seconds": seconds}


def cold_launch(which: str, folder: str = "") -> float:
    """Wall time of a fresh interpreter that opens the app, reaches its first screen and exits."""
    started = time.perf_counter()
    run_phase("cold", *([folder] if folder else []), "--app", which)
    return time.perf_counter() - started


CLI = "from qualcode.cli.main import main; main()"  # what the installed `qualcode` script runs


def process_seconds(*argv: str) -> float:
    """Wall time of a whole fresh interpreter running argv (the worktree's qualcode first)."""
    environment = os.environ | {"PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    subprocess.run([sys.executable, *argv], check=True, capture_output=True, env=environment)
    return time.perf_counter() - started


def cli_medians(small: Path, runs: int) -> dict[str, float]:
    """Median wall time of each command line, the runs interleaved so load hits all alike."""
    commands = {
        'python -c "import click"': ["-c", "import click"],
        "qualcode --help": ["-c", CLI, "--help"],
        "qualcode init --help": ["-c", CLI, "init", "--help"],
        "qualcode status (40 segments)": ["-c", CLI, "status", "bench", "--db", f"sqlite:///{small}"],
    }
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            seconds[name].append(process_seconds(*argv))
    return {name: statistics.median(values) for name, values in seconds.items()}


def run_phase(*args: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--phase", *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def toggle_figures(latencies: list[float]) -> tuple[float, float]:
    """Median and p95 of the key-press latencies, in milliseconds."""
    ordered = sorted(latencies)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return statistics.median(ordered) * 1000, p95 * 1000


def build(folder: Path, documents: int, turns: int) -> dict:
    folder.mkdir()
    built = run_phase("build", str(folder), "--documents", str(documents), "--turns", str(turns))
    print(
        f"project {folder.name:<5}: {built['segments']:,} segments in {documents:,} documents "
        f"(built in {built['seconds']:.1f} s)",
        flush=True,
    )
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--turns", type=int, default=5000)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--long-turns", type=int, default=50_000, help="Segments of the one-document case.")
    parser.add_argument("--many-documents", type=int, default=2_000, help="Documents of the many case.")
    parser.add_argument("--runs", type=int, default=7, help="Runs of each whole-process figure.")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--app", default="workbench", help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.phase == "build":
        print(json.dumps(phase_build(options.folder, options.documents, options.turns)))
        return
    if options.phase == "tui":
        print(json.dumps(phase_tui(options.folder, options.presses)))
        return
    if options.phase == "cold":
        print(json.dumps(phase_cold(options.app, options.folder)))
        return
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        build(root / "main", options.documents, options.turns)
        build(root / "long", 1, options.long_turns)
        build(root / "many", options.many_documents, 25)
        build(root / "small", 1, 40)
        tui = run_phase("tui", str(root / "main"), "--presses", str(options.presses))
        cases = {
            name: run_phase("tui", str(root / name), "--presses", str(options.presses))
            for name in ("long", "many")
        }
        cli = cli_medians(root / "small" / "bench.db", options.runs)
        cold: dict[str, list[float]] = {"minimal": [], "panes": [], "workbench": []}
        for _ in range(max(options.runs // 2, 3)):
            cold["minimal"].append(cold_launch("minimal"))
            cold["panes"].append(cold_launch("panes"))
            cold["workbench"].append(cold_launch("workbench", str(root / "main")))
    median, p95 = toggle_figures(tui["latencies"])
    ratio = tui["first_screen"] / tui["minimal"]
    print(f"first coding screen : {tui['first_screen']:.3f} s   (target < 1.5 s)")
    print(f"minimal Textual app : {tui['minimal']:.3f} s   ratio {ratio:.2f}x (target < 2x)")
    print(
        f"static three panes  : {tui['panes']:.3f} s   "
        f"({tui['panes'] / tui['minimal']:.2f}x the minimal app; "
        f"the workbench is {tui['first_screen'] / tui['panes']:.2f}x this)"
    )
    span_median, span_p95 = toggle_figures(tui["span_latencies"])
    print(
        f"toggle a code       : median {median:.1f} ms, p95 {p95:.1f} ms over {len(tui['latencies'])} "
        f"presses (target p95 < 50 ms); {tui['saved']} changes saved"
    )
    print(
        f"  on a selected word: median {span_median:.1f} ms, p95 {span_p95:.1f} ms over "
        f"{len(tui['span_latencies'])} presses in the same run (target: the same p95, < 50 ms)"
    )
    labels = {
        "long": f"one {options.long_turns:,}-segment document",
        "many": f"{options.many_documents:,} documents",
    }
    for name, case in cases.items():
        median, p95 = toggle_figures(case["latencies"])
        span_median, span_p95 = toggle_figures(case["span_latencies"])
        print(
            f"  {labels[name]:<30}: median {median:.1f} ms, p95 {p95:.1f} ms; "
            f"span median {span_median:.1f} ms, p95 {span_p95:.1f} ms; "
            f"first screen {case['first_screen']:.3f} s; {case['saved']} saved"
        )
    print(f"peak memory         : {tui['peak_rss_mb']:.0f} MB   (target < 300 MB)")
    launch = {name: statistics.median(values) for name, values in cold.items()}
    print(
        f"cold launch         : workbench {launch['workbench']:.2f} s, static panes {launch['panes']:.2f} s, "
        f"minimal app {launch['minimal']:.2f} s (medians of {len(cold['minimal'])} whole processes)"
    )
    print(
        f"                      workbench / static panes {launch['workbench'] / launch['panes']:.2f}x "
        f"(target < 2x), / minimal {launch['workbench'] / launch['minimal']:.2f}x"
    )
    floor = cli['python -c "import click"']
    print(f"command line        : medians of {options.runs} whole processes (target < 2x import click)")
    for name, seconds in cli.items():
        print(f"  {name:<30}: {seconds:.3f} s   {seconds / floor:.2f}x")


if __name__ == "__main__":
    main()
