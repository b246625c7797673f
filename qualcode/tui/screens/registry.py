"""The top-level screens of the workbench, listed once for the app's modes, keys and command palette.

To add a screen: write ``screens/NAME.py`` (a `Screen` subclass that reads
``self.context``, from `WorkbenchScreen`) and ``screens/NAME.tcss``, then add one `ScreenEntry`
here. The app turns each entry into a mode, a key binding and a command
palette entry ("Go to …"); the help screen lists it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from qualcode.tui.screens import compare_entries as rs


@dataclass(frozen=True)
class ScreenEntry:
    mode: str
    """The mode name, used by `App.switch_mode` and in messages."""
    title: str
    description: str
    """One line for the command palette and the help screen."""
    factory: Callable[[], Screen[None]]
    key: str
    """The app-wide key that opens it."""
    key_display: str
    lead_only: bool = False
    """Screens that show other coders' codings are refused to coders who code blind."""


def _coding() -> Screen[None]:
    from qualcode.tui.screens.coding import CodingScreen

    return CodingScreen()


def _codebook() -> Screen[None]:
    from qualcode.tui.screens.codebook import CodebookScreen

    return CodebookScreen()


def _project() -> Screen[None]:
    from qualcode.tui.screens.project import ProjectScreen

    return ProjectScreen()


def _analysis() -> Screen[None]:
    from qualcode.tui.screens.analysis import AnalysisScreen

    return AnalysisScreen()


def _retrieval() -> Screen[None]:
    from qualcode.tui.screens.retrieval import RetrievalScreen

    return RetrievalScreen()


def _notes() -> Screen[None]:
    from qualcode.tui.screens.notes import NotesScreen

    return NotesScreen()


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("coding", "Coding", "Code the transcript segment by segment", _coding, "f2", "F2"),
    ScreenEntry(
        "codebook", "Codebook", "Browse and edit codes, hotkeys and colours", _codebook, "ctrl+e", "^e"
    ),
    ScreenEntry("project", "Project", "Documents × coders progress", _project, "ctrl+o", "^o"),
    ScreenEntry("analysis", "Analysis", "Code frequencies and co-occurrence", _analysis, "f4", "F4"),
    ScreenEntry("compare", "Agreement", "Alpha per code, group and code set", rs.compare, "f5", "F5", True),
    ScreenEntry("disagreements", "Disagreements", "Where coders differ", rs.disagreements, "f6", "F6", True),
    ScreenEntry("adjudicate", "Adjudication", "Settle disagreements", rs.adjudicate, "f7", "F7", True),
    ScreenEntry("training", "Training", "A coder against a lead or the consensus", rs.training, "f8", "F8"),
    ScreenEntry("drift", "Drift", "Agreement per document or week", rs.drift, "f9", "F9", True),
    ScreenEntry(
        "retrieval", "Retrieval", "Every segment with a code, across documents", _retrieval, "f10", "F10"
    ),
    ScreenEntry("notes", "Memos and flags", "Every coder's memos and flags", _notes, "f11", "F11", True),
)


def screen_entry(mode: str) -> ScreenEntry:
    return next(entry for entry in SCREENS if entry.mode == mode)
