"""The export dialog: asks for a file name and returns the path to write, or None when cancelled."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

SUFFIXES = (".csv", ".xlsx")
"""The suffix picks the format, as on the command line's `--output`."""


def export_path(text: str, folder: Path) -> Path | str:
    """The absolute path a typed name means, or a one-line reason it cannot be used.

    A relative name is taken from ``folder`` (where qualcode was started), ``~`` is the home
    folder, and a name without a suffix is written as CSV.
    """
    name = text.strip()
    if not name:
        return "type a file name"
    path = Path(name).expanduser()
    if not path.suffix:
        path = path.with_name(path.name + ".csv")
    if path.suffix.lower() not in SUFFIXES:
        return f"end the name in {' or '.join(SUFFIXES)}: {path.suffix} is neither"
    return path if path.is_absolute() else folder / path


class ExportPromptScreen(ModalScreen[Path | None]):
    """Never writes the file itself: the screen that opened it does, so it can report the outcome."""

    CSS_PATH = "export_prompt.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    problem_text: reactive[str] = reactive("", init=False)
    """Why the typed name cannot be written; shown under the hint until the name changes."""

    def __init__(self, title: str, suggestion: str, folder: Path | None = None) -> None:
        super().__init__()
        self.dialog_title = title
        self.suggestion = suggestion
        self.folder = folder or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog") as dialog:
            dialog.border_title = self.dialog_title
            yield Input(self.suggestion, id="export-name")
            yield Static(f"CSV or XLSX by the name's ending · relative to {self.folder}", id="export-hint")
            yield Static("", id="export-problem")
            with Horizontal(id="export-buttons"):
                yield Label("enter write · esc cancel", id="export-keys")
                yield Button("Cancel", id="export-cancel")
                yield Button("Write", id="export-write", variant="primary")

    @property
    def name_input(self) -> Input:
        return self.query_one("#export-name", Input)

    @property
    def problem(self) -> Static:
        return self.query_one("#export-problem", Static)

    def on_mount(self) -> None:
        self.name_input.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.problem_text = ""

    def watch_problem_text(self, text: str) -> None:
        self.problem.update(text)
        self.problem.set_class(bool(text), "-shown")

    def action_write(self) -> None:
        answer = export_path(self.name_input.value, self.folder)
        if isinstance(answer, str):
            self.problem_text = answer
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-write":
            self.action_write()
        else:
            self.action_cancel()
