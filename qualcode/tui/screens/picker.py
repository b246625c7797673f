"""The project picker that `qualcode` with no arguments opens: choose a project, then who you are."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from qualcode.errors import QualcodeError
from qualcode.service import Workbench
from qualcode.service.coding_ops import ProjectEntry
from qualcode.store.models import Coder
from qualcode.tui.context import CodingContext
from qualcode.tui.messages import ProjectChosen
from qualcode.tui.screens.confirm import ConfirmScreen
from qualcode.tui.widgets.calm_footer import CalmFooter


class ProjectPickerScreen(Screen[None]):
    CSS_PATH = "picker.tcss"
    BINDINGS = [Binding("escape", "app.quit", "Quit", show=False)]
    AUTO_FOCUS = "#picker-projects"

    def __init__(self, db_url: str | None) -> None:
        super().__init__()
        self.db_url = db_url
        self.entries: list[ProjectEntry] = []
        self.workbench: Workbench | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="picker-panes"):
            with Vertical(id="picker-projects-pane") as projects:
                projects.border_title = "1 · Project"
                yield OptionList(id="picker-projects")
            with Vertical(id="picker-coders-pane") as coders:
                coders.border_title = "2 · Who is coding?"
                yield OptionList(id="picker-coders")
                yield Input(placeholder="or a new coder's name, then enter", id="picker-new-coder")
        yield Static("", id="picker-note")
        yield CalmFooter()

    @property
    def projects(self) -> OptionList:
        return self.query_one("#picker-projects", OptionList)

    @property
    def coders(self) -> OptionList:
        return self.query_one("#picker-coders", OptionList)

    @property
    def note(self) -> Static:
        return self.query_one("#picker-note", Static)

    def on_mount(self) -> None:
        self._list_projects()

    @work(thread=True, exclusive=True, group="picker")
    def _list_projects(self) -> None:
        try:
            entries = Workbench.available_projects(self.db_url)
        except QualcodeError as error:
            self.app.call_from_thread(self.note.update, Text(str(error), style="red"))
            return
        self.app.call_from_thread(self._show_projects, entries)

    def _show_projects(self, entries: list[ProjectEntry]) -> None:
        self.entries = entries
        if not entries:
            folder = Workbench.projects_folder()
            self.note.update(
                f"No projects under {folder}/ yet. Make one with `qualcode init NAME`, "
                "or try `qualcode demo --no-open` and come back."
            )
            return
        options = []
        for index, entry in enumerate(entries):
            prompt = Text(entry.name, style="bold")
            prompt.append(f"\n{entry.where}", style="dim")
            options.append(Option(prompt, id=str(index)))
        self.projects.set_options(options)
        self.projects.highlighted = 0
        self.note.update("enter: open the project · then choose a coder or type a new name")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "picker-projects" and event.option.id is not None:
            self._open_project(self.entries[int(event.option.id)])
        elif event.option_list.id == "picker-coders" and event.option.id is not None:
            self._choose(event.option.id)

    @work(thread=True, exclusive=True, group="picker")
    def _open_project(self, entry: ProjectEntry) -> None:
        try:
            workbench = Workbench.open(entry.name, entry.db_url)
            coders = workbench.coders()
        except QualcodeError as error:
            self.app.call_from_thread(self.note.update, Text(str(error), style="red"))
            return
        self.app.call_from_thread(self._show_coders, workbench, coders)

    def _show_coders(self, workbench: Workbench, coders: list[Coder]) -> None:
        if self.workbench is not None and self.workbench is not workbench:
            self.workbench.close()
        self.workbench = workbench
        self.query_one("#picker-coders-pane").border_title = f"2 · Who is coding {workbench.name}?"
        self.coders.set_options(
            Option(Text(coder.name) + Text(f"  {coder.role}", style="dim"), id=coder.name)
            for coder in coders
            if coder.role != "consensus"
        )
        if coders:
            self.coders.highlighted = 0
            self.coders.focus()
        else:
            self.query_one("#picker-new-coder", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name or self.workbench is None:
            return
        workbench = self.workbench

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                workbench.add_coder(name)
            except QualcodeError as error:
                self.app.report_error(error)  # type: ignore[attr-defined]
                return
            self._choose(name)

        self.app.push_screen(ConfirmScreen(f"Create coder {name!r} in project {workbench.name!r}?"), answered)

    def _choose(self, coder: str) -> None:
        if self.workbench is None:
            return
        try:
            context = CodingContext.open(self.workbench, coder)
        except QualcodeError as error:
            self.app.report_error(error)  # type: ignore[attr-defined]
            return
        self.workbench = None
        self.app.post_message(ProjectChosen(context))
