"""Never lose a keystroke of work: kill the real `qualcode code` process mid-burst and read the database.

The workbench runs in a pseudo-terminal exactly as a coder runs it. A burst
of keys goes in at once; as soon as the screen reports a saved change the
process gets SIGKILL. Every change the screen had reported as saved must
then be in the database: the database must equal the coding after some
number of the burst's changes at least as large as the last one shown.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from factories import CODEBOOK_V1, write
from tui_fixtures import codings, long_interview, reviews

from qualcode.service import Workbench

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

TURNS = 120
HOTKEYS = {"r": "relational", "t": "technical", "h": "hopeful", "c": "critical", "p": "power"}
EXCLUSIVE = {"hopeful", "critical"}
BURST = "rjtjjpj fjhjcj rtpjj fkkrjjjhpj jcrj" * 6
"""Codes, moves, reviews (space) and flags: some 120 changes, far more than one screen refresh shows."""


@dataclass
class Model:
    """What the database must hold after the first n changes of the burst."""

    cursor: int = 1
    codes: dict[int, set[str]] = field(default_factory=dict)
    reviews: dict[int, tuple[str, bool]] = field(default_factory=dict)

    def press(self, key: str) -> bool:
        """Apply one key; True when it makes a change the screen will count as saved."""
        if key in "jk":
            self.cursor = max(1, min(TURNS, self.cursor + (1 if key == "j" else -1)))
            return False
        status, flagged = self.reviews.get(self.cursor, (None, False))
        if key == " ":
            self.cursor = min(TURNS, self.cursor + 1)
            if status == "done":
                return False
            self.reviews[self.cursor - 1] = ("done", flagged)
            return True
        if key == "f":
            self.reviews[self.cursor] = (status or "pending", not flagged)
            return True
        code = HOTKEYS[key]
        codes = self.codes.setdefault(self.cursor, set())
        if code in codes:
            codes.discard(code)
        else:
            if code in EXCLUSIVE:
                codes -= EXCLUSIVE
            codes.add(code)
        self.reviews[self.cursor] = ("done", flagged)
        return True

    def rows(self) -> tuple[list[tuple], list[tuple]]:
        coded = sorted(
            ("b-second", position, code, "ana") for position, codes in self.codes.items() for code in codes
        )
        reviewed = sorted(
            ("b-second", position, "ana", status, flagged)
            for position, (status, flagged) in self.reviews.items()
        )
        return coded, reviewed


def states_after_each_change() -> list[tuple[list[tuple], list[tuple]]]:
    model = Model()
    states = [model.rows()]
    for key in BURST:
        if model.press(key):
            states.append(model.rows())
    return states


def spawn_in_terminal(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    return process, master


class ScreenOutput:
    """Everything the program writes to its terminal, read on a thread so it never blocks on a full pipe."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.data = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.data.extend(chunk)

    def text(self) -> str:
        with self.lock:
            return self.data.decode("utf-8", errors="replace")

    def wait_for(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.text())
            if match:
                return match
            time.sleep(0.005)
        raise AssertionError(f"the screen never showed {pattern!r}; it showed:\n{self.text()[-2000:]}")


def test_every_change_shown_as_saved_survives_a_sigkill(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store' / 'project.db'}"
    workbench = Workbench.create("study", url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "b-second.txt", long_interview(TURNS))])
    workbench.add_coder("ana")
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    env.pop("TEXTUAL", None)
    command = [sys.executable, "-c", "from qualcode.cli.main import main; main()"]
    process, master = spawn_in_terminal([*command, "code", "study", "--coder", "ana", "--db", url], env)
    screen = ScreenOutput(master)
    try:
        screen.wait_for(rf"0/{TURNS} reviewed")
        time.sleep(0.3)
        os.write(master, BURST.encode())
        screen.wait_for(r"· \d+ saved")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        os.close(master)
    shown = max(int(number) for number in re.findall(r"· (\d+) saved", screen.text()))
    states = states_after_each_change()
    stored = (codings(workbench), reviews(workbench))
    matches = [count for count, state in enumerate(states) if state == stored]
    assert matches, f"the database matches no prefix of the burst: {stored}"
    assert max(matches) >= shown >= 1, (matches, shown)
    workbench.close()
