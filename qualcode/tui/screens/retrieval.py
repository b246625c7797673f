"""The retrieval screen: every segment with a code across documents, for a coder, the consensus or all.

Whose codings may be read is decided by `Workbench.retrieve`; a coder who codes blind is offered
only their own. Enter on a hit opens that segment on the coding screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static
from textual.worker import get_current_worker

from qualcode.errors import QualcodeError
from qualcode.service.retrieval_ops import Retrieval
from qualcode.tui.screens.attribute_picker import AttributePickerScreen, attribute_filters
from qualcode.tui.screens.code_picker import CodePickerScreen
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter
from qualcode.tui.widgets.hit_table import HitTable

EVERYONE = ""
"""The selectors' value for "all coders", "all documents" and "all speakers"."""


@dataclass(frozen=True)
class RetrievalChoice:
    """What the screen asks the Workbench for."""

    code_id: int
    coder: str | None
    children: bool
    document: str | None
    speaker: str | None
    where: tuple[tuple[str, str], ...]


def parse_where(text: str) -> tuple[tuple[str, str], ...]:
    """``site=north`` as one attribute filter; anything without ``=`` is no filter."""
    key, equals, value = text.partition("=")
    return ((key.strip(), value.strip()),) if equals and key.strip() else ()


class RetrievalScreen(WorkbenchScreen):
    """A code's segments across documents, with the filters a researcher narrows them by."""

    CSS_PATH = "retrieval.tcss"
    BINDINGS = [
        Binding("escape", "app.open_screen('coding')", "Back to coding"),
        Binding("c", "choose_code", "Code"),
        Binding("t", "toggle_children", "Children"),
        Binding("a", "choose_attribute", "Attribute"),
    ]
    """Screen keys; Enter on a hit opens it, the selectors take tab and the arrow keys."""
    AUTO_FOCUS = "#retrieval-hits"

    def __init__(self) -> None:
        super().__init__()
        self.code_id: int | None = None
        """The code asked for; None until one is chosen."""
        self.rolled_up = True
        """Roll up: the codes below the chosen code count too."""
        self.retrieval: Retrieval | None = None
        """What the list shows, None until the first read finishes."""
        self.attributes: dict[str, list[str]] = {}
        """Every document attribute and its values, offered by the attribute filter."""

    def compose(self) -> ComposeResult:
        me = self.context.coder
        with Vertical(id="retrieval-pane") as pane:
            pane.border_title = "Retrieval"
            with Horizontal(id="retrieval-choices"):
                yield Label("Coder", classes="retrieval-label")
                yield Select(
                    [(me, me)],
                    allow_blank=False,
                    compact=True,
                    id="retrieval-coder",
                    disabled=not self.context.is_lead,
                )
                yield Label("Document", classes="retrieval-label")
                yield Select(
                    [("all documents", EVERYONE)], allow_blank=False, compact=True, id="retrieval-document"
                )
                yield Label("Speaker", classes="retrieval-label")
                yield Select(
                    [("all speakers", EVERYONE)], allow_blank=False, compact=True, id="retrieval-speaker"
                )
                yield Input(placeholder="attribute=value", compact=True, id="retrieval-where")
            yield Static("Press c to choose a code", id="retrieval-caption")
            yield HitTable(id="retrieval-hits")
        yield CalmFooter()

    # -- child widgets -----------------------------------------------------------------------

    @property
    def coder_select(self) -> Select[str]:
        return self.query_one("#retrieval-coder", Select)

    @property
    def document_select(self) -> Select[str]:
        return self.query_one("#retrieval-document", Select)

    @property
    def speaker_select(self) -> Select[str]:
        return self.query_one("#retrieval-speaker", Select)

    @property
    def where_input(self) -> Input:
        return self.query_one("#retrieval-where", Input)

    @property
    def hits(self) -> HitTable:
        return self.query_one("#retrieval-hits", HitTable)

    @property
    def caption(self) -> Static:
        return self.query_one("#retrieval-caption", Static)

    @property
    def choice(self) -> RetrievalChoice | None:
        if self.code_id is None:
            return None
        return RetrievalChoice(
            self.code_id,
            self.coder_select.selection or None if self.context.is_lead else self.context.coder,
            self.rolled_up,
            self.document_select.selection or None,
            self.speaker_select.selection or None,
            parse_where(self.where_input.value),
        )

    # -- choosing ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._load_choices()

    def on_screen_resume(self) -> None:
        self._request()

    def action_choose_code(self) -> None:
        def chosen(code_id: int | None) -> None:
            if code_id:
                self.code_id = code_id
                self._request()

        codebook = self.workbench_app.codebook
        self.app.push_screen(
            CodePickerScreen(codebook.live, codebook.key_of, "Retrieve segments with…"), chosen
        )

    def action_choose_attribute(self) -> None:
        def chosen(choice: str | None) -> None:
            if choice is not None:
                self.where_input.value = choice
                self._request()

        self.app.push_screen(AttributePickerScreen(self.attributes), chosen)

    def action_toggle_children(self) -> None:
        self.rolled_up = not self.rolled_up
        self._request()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._request()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._request()
        self.hits.focus()

    def _request(self) -> None:
        choice = self.choice
        if choice is not None:
            self._load_hits(choice)

    # -- reading -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="retrieval-choices")
    def _load_choices(self) -> None:
        workbench = self.context.workbench
        coders = [(c.name, c.role) for c in workbench.coders()]
        documents = [d.name for d in workbench.documents()]
        speakers = workbench.speakers()
        attributes = workbench.document_attributes()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_choices, coders, documents, speakers, attributes)

    def _show_choices(
        self,
        coders: list[tuple[str, str]],
        documents: list[str],
        speakers: list[str],
        attributes: dict[str, list[str]],
    ) -> None:
        self.attributes = attributes
        self.where_input.suggester = SuggestFromList(attribute_filters(attributes), case_sensitive=False)
        me = self.context.coder
        if self.context.is_lead:
            options = [(name if name != me else f"{name} (me)", name) for name, _role in coders]
            options.append(("all coders", EVERYONE))
            with self.coder_select.prevent(Select.Changed):
                self.coder_select.set_options(options)
                self.coder_select.value = me
        for select, everything, names in (
            (self.document_select, "all documents", documents),
            (self.speaker_select, "all speakers", [s for s in speakers if s]),
        ):
            with select.prevent(Select.Changed):
                select.set_options([(everything, EVERYONE), *((name, name) for name in names)])

    @work(thread=True, exclusive=True, group="retrieval-hits")
    def _load_hits(self, choice: RetrievalChoice) -> None:
        try:
            found = self.context.workbench.retrieve(
                choice.code_id,
                self.context.coder,
                choice.coder,
                children=choice.children,
                documents=[choice.document] if choice.document else [],
                speakers=[choice.speaker] if choice.speaker else [],
                where=choice.where,
            )
        except QualcodeError as error:
            self.app.call_from_thread(self.caption.update, Text(str(error), style="bold red"))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, found)

    def _show_hits(self, found: Retrieval) -> None:
        self.retrieval = found
        self.hits.show(found.segments)
        caption = Text(f"{found.description} · {len(found.segments)} segments\n")
        caption.append("t: " + ("leave out the codes below" if found.children else "roll up the codes below"))
        caption.append(" · c: code · a: attribute · enter: open segment", style="dim")
        self.caption.update(caption)
