"""The codebook screen: browse every code (archived ones too) and edit one at a time.

A save goes straight to the project; `qualcode codebook export` writes the
result back to YAML. Refusals (a hotkey taken, a cycle in the tree) come
back from the service as one message shown under the form.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Tree

from qualcode.errors import QualcodeError
from qualcode.service.coding_ops import CodeEdit, CodeFields
from qualcode.service.results import CodeInfo
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter
from qualcode.tui.widgets.code_form import CodeForm
from qualcode.tui.widgets.code_tree import CodeTree


class CodebookScreen(WorkbenchScreen):
    CSS_PATH = "codebook.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+n", "new_code", "New code", priority=True),
        Binding("ctrl+z", "undo", "Undo edit", priority=True),
        Binding("escape", "back", "Back / discard"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "#codebook-tree"

    def __init__(self) -> None:
        super().__init__()
        self.code_id: int | None = None
        """The code in the form; None while a new code is being written."""
        self.edits: list[CodeEdit] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="codebook-panes"):
            with Vertical(id="codebook-tree-pane") as tree_pane:
                tree_pane.border_title = "Codes"
                yield CodeTree(id="codebook-tree", show_archived=True)
            with Vertical(id="codebook-form-pane") as form_pane:
                form_pane.border_title = "Edit code"
                form_pane.border_subtitle = "ctrl+s save · ctrl+n new · ctrl+z undo · esc back"
                yield CodeForm(id="code-form")
        yield CalmFooter()

    @property
    def code_tree(self) -> CodeTree:
        return self.query_one("#codebook-tree", CodeTree)

    @property
    def form(self) -> CodeForm:
        return self.query_one("#code-form", CodeForm)

    def on_mount(self) -> None:
        self._show_tree()
        live = self.workbench_app.codebook.live
        if live:
            self._load(live[0].id)
        else:
            self.action_new_code()

    def on_screen_resume(self) -> None:
        self._show_tree()

    def _show_tree(self) -> None:
        codebook = self.workbench_app.codebook
        self.code_tree.show_codes(codebook.codes, codebook.key_of)

    def _load(self, code_id: int) -> None:
        self.code_id = code_id
        fields = self.context.workbench.code_fields(code_id)
        self.form.load(fields, self._parents(code_id))
        self.query_one("#codebook-form-pane").border_title = f"Edit {fields.name}"
        self.code_tree.show_code(code_id)

    def _parents(self, code_id: int | None) -> list[CodeInfo]:
        codebook = self.workbench_app.codebook
        return [code for code in codebook.live if code.id != code_id]

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[CodeInfo]) -> None:
        code = event.node.data
        if event.node is not self.code_tree.cursor_node or code is None or code.id == self.code_id:
            return
        if self.form.dirty:
            self.form.show_message("Unsaved changes: ctrl+s to save them, esc to discard them", error=True)
            return
        self._load(code.id)

    def on_tree_node_selected(self, event: Tree.NodeSelected[CodeInfo]) -> None:
        if event.node.data is not None and not self.form.dirty:
            self.form.query_one("#code-name").focus()

    # -- actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        fields = self.form.read()
        workbench = self.context.workbench
        try:
            if self.code_id is None:
                edit = workbench.add_code(fields)
            else:
                edit = workbench.edit_code(self.code_id, fields)
        except QualcodeError as error:
            self.form.show_message(str(error), error=True)
            self.workbench_app.report_error(error)
            return
        self.edits.append(edit)
        self._after_edit(edit, f"Saved {edit.after.name}")

    def _after_edit(self, edit: CodeEdit, message: str) -> None:
        self.workbench_app.reload_codebook()
        self._show_tree()
        self._load(edit.code_id)
        self.form.show_message(message)
        self.notify(message, timeout=2)

    def action_new_code(self) -> None:
        if self.form.dirty:
            self.form.show_message("Unsaved changes: ctrl+s to save them, esc to discard them", error=True)
            return
        parent = self.code_id
        codebook = self.workbench_app.codebook
        if parent is not None and parent in codebook.by_id and codebook.by_id[parent].parent_id is not None:
            parent = codebook.by_id[parent].parent_id
        self.code_id = None
        self.form.load(CodeFields(name="", parent_id=parent), self._parents(None))
        self.query_one("#codebook-form-pane").border_title = "New code"
        self.form.query_one("#code-name").focus()

    def action_undo(self) -> None:
        if not self.edits:
            self.notify("No codebook edit to undo", timeout=2)
            return
        edit = self.edits.pop()
        try:
            inverse = self.context.workbench.undo_code_edit(edit)
        except QualcodeError as error:
            self.edits.append(edit)
            self.form.show_message(str(error), error=True)
            self.workbench_app.report_error(error)
            return
        self._after_edit(inverse, f"Undid the edit of {edit.after.name}")

    async def action_back(self) -> None:
        if self.form.dirty:
            if self.code_id is not None:
                self._load(self.code_id)
            else:
                self.form.load(CodeFields(name=""), self._parents(None))
            self.form.show_message("Changes discarded")
            return
        await self.app.run_action("open_screen('coding')")
