"""The workbench app and `create_app`, the one factory the CLI and the tests both use."""

from __future__ import annotations

import gc
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from qualcode.errors import QualcodeError
from qualcode.service import Workbench
from qualcode.store.models import CoderRole
from qualcode.tui.codebook_view import CodebookView
from qualcode.tui.commands import WorkbenchCommands
from qualcode.tui.context import CodingContext
from qualcode.tui.messages import OpenSegment, ProjectChosen
from qualcode.tui.screens.registry import SCREENS, screen_entry

TUI_FOLDER = Path(__file__).parent


_frozen: set[str] = set()
"""The start-up stages whose objects are already exempt from the collector, once per process."""


def _freeze_startup_objects(stage: str = "first screen") -> None:
    """Exempt what start-up made (modules, widgets, styles) from the garbage collector's full passes.

    A full pass over them takes 40–80 ms, long enough to turn a key press into
    a visible stall every few dozen presses; they live as long as the app. Done
    at two stages, once each per process and without a collection first, which
    would itself stall the start: when the app is built (the imported modules and
    the open project, which would otherwise be traversed by the two or three full
    passes that building the first screen triggers, some 0.15 s of a cold start)
    and after the first screen is drawn. What little start-up garbage gets frozen
    with them is kept.
    """
    if stage not in _frozen:
        _frozen.add(stage)
        gc.freeze()


def lead_only_message(title: str, context: CodingContext) -> str:
    """Why a coder cannot open a lead's screen, and the command that opens it as a lead."""
    leads = [c.name for c in context.workbench.coders() if c.role == CoderRole.LEAD.value]
    name = shlex.quote(leads[0]) if len(leads) == 1 else "NAME"
    command = f"qualcode code {shlex.quote(context.project)} --coder {name}"
    who = f" (this project's lead{'s' if len(leads) > 1 else ''}: {', '.join(leads)})" if leads else ""
    return (
        f"{title} shows other coders' work: only a lead can open it. "
        f"Start the workbench as a lead{who}: {command}"
    )


class QualcodeApp(App[None]):
    """Holds who codes which project and the codebook as shown; the screens do the rest."""

    CSS_PATH = TUI_FOLDER / "app.tcss"
    """Only the shared rules: each screen brings its own TCSS when first opened, so starting
    the workbench parses the coding screen's rules and not every screen's."""
    TITLE = "qualcode"
    COMMANDS = App.COMMANDS | {WorkbenchCommands}
    MODES: ClassVar[dict[str, object]] = {entry.mode: entry.factory for entry in SCREENS}  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        *(
            Binding(
                entry.key,
                f"open_screen('{entry.mode}')",
                entry.title,
                key_display=entry.key_display,
                show=False,
            )
            for entry in SCREENS
        ),
    ]

    def __init__(
        self, context: CodingContext | None = None, *, db_url: str | None = None, owns_workbench: bool = False
    ) -> None:
        super().__init__()
        self.context: CodingContext | None = context
        """None until the picker settles on a project and coder."""
        self.db_url = db_url
        self.owns_workbench = owns_workbench
        """True when the app opened the workbench itself (from the picker) and so must close it."""
        self.codebook = CodebookView()
        self.codebook_revision = 0
        """Bumped on every codebook edit; a screen compares it with the one it last drew."""

    # -- the open project --------------------------------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(_freeze_startup_objects)
        if self.context is not None:
            self.reload_codebook()
            self.switch_mode("coding")
        else:
            from qualcode.tui.screens.picker import ProjectPickerScreen

            self.push_screen(ProjectPickerScreen(self.db_url))

    def reload_codebook(self) -> None:
        """Re-read the codes after an edit; screens redraw when they see the revision move."""
        if self.context is None:
            return
        self.codebook = CodebookView.build(self.context.workbench.codes(include_archived=True))
        self.codebook_revision += 1

    def on_project_chosen(self, message: ProjectChosen) -> None:
        self.context = message.context
        self.owns_workbench = True
        self.reload_codebook()
        self.switch_mode("coding")

    async def on_open_segment(self, message: OpenSegment) -> None:
        await self.switch_mode("coding")
        from qualcode.tui.screens.coding import CodingScreen

        screen = self.screen
        if isinstance(screen, CodingScreen):
            screen.open_document(message.document_id, message.position)

    def on_unmount(self) -> None:
        if self.owns_workbench and self.context is not None:
            self.context.workbench.close()

    # -- actions -----------------------------------------------------------------------------

    def action_open_screen(self, mode: str) -> None:
        if self.context is None:
            self.bell()
            return
        entry = screen_entry(mode)
        if entry.lead_only and not self.context.is_lead:
            self.notify(lead_only_message(entry.title, self.context), severity="warning", timeout=10)
            return
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_help(self) -> None:
        """The keys of the screen in front, and the app-wide ones."""
        from qualcode.tui.screens.help import HelpScreen, screen_keys
        from qualcode.tui.screens.workbench_screen import WorkbenchScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return

        on_screen = isinstance(screen, WorkbenchScreen)
        title = screen_entry(self.current_mode).title if on_screen else "this dialog"
        self.push_screen(HelpScreen(self.codebook, title, screen_keys(screen)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands except its key panel: the palette's one "Help" is the workbench's."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def report_error(self, error: QualcodeError) -> None:
        """The core's refusals become one line in a notification, never a traceback."""
        self.notify(str(error), severity="error", timeout=6)


def create_app(
    workbench: Workbench | None = None, coder: str | None = None, *, db_url: str | None = None
) -> QualcodeApp:
    """The app on a project and coder, or (without them) on the project picker.

    The CLI and the tests both build the app here, so the tests run exactly
    what users run. The caller keeps ownership of ``workbench``.
    """
    _freeze_startup_objects("app built")
    if workbench is not None and coder is not None:
        return QualcodeApp(CodingContext.open(workbench, coder), db_url=db_url)
    return QualcodeApp(db_url=db_url)
