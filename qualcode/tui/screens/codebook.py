"""The codebook screen: browse every code (archived ones too) and edit one at a time.

A save goes straight to the project; `qualcode codebook export` writes the
result back to YAML. Refusals (a hotkey taken, a cycle in the tree) come
back from the service as one message shown under the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Tree

from qualcode.errors import QualcodeError
from qualcode.service import Workbench
from qualcode.service.coding_ops import CodeEdit, CodeFields
from qualcode.service.results import CodeInfo
from qualcode.tui.keys import Key
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter
from qualcode.tui.widgets.code_form import CodeForm
from qualcode.tui.widgets.code_tree import CodeTree

EDIT = "Edit"
SHAPE = "Shape of the codebook"

CODEBOOK_KEYS: tuple[Key, ...] = (
    Key("ctrl+s", "save", "Save", EDIT, "Save the form's fields to the project", footer=True),
    Key("ctrl+n", "new_code", "New code", EDIT, "A new code beside the one in the form", footer=True),
    Key("ctrl+z", "undo", "Undo edit", EDIT, "Undo the last codebook edit", footer=True),
    Key(
        "escape", "back", "Back / discard", EDIT, "Discard the form's changes; again to go back", footer=True
    ),
    Key("c", "toggle_category", "Category", SHAPE, "Make the code a category (not applied itself), or not"),
    Key("x", "toggle_exclusive", "Exclusive", SHAPE, "Make the code's children exclusive (pick one), or not"),
    Key("ctrl+up", "move(-1)", "Move up", SHAPE, "Move the code up among its siblings", display="ctrl+↑"),
    Key(
        "ctrl+down", "move(1)", "Move down", SHAPE, "Move the code down among its siblings", display="ctrl+↓"
    ),
    Key(
        "ctrl+right", "indent", "Indent", SHAPE, "Move the code under the sibling above it", display="ctrl+→"
    ),
    Key(
        "ctrl+left",
        "outdent",
        "Outdent",
        SHAPE,
        "Move the code up a level, after its parent",
        display="ctrl+←",
    ),
)
"""The editor's keys; the letters act only outside the form's text fields, which take typing."""
FORM_WIDE = frozenset({"save", "new_code", "undo"})
"""Actions whose keys work even inside a text field (priority bindings)."""


class CodebookScreen(WorkbenchScreen):
    CSS_PATH = "codebook.tcss"
    KEYS: ClassVar[tuple[Key, ...]] = CODEBOOK_KEYS
    BINDINGS = [replace(key.binding(), priority=key.action in FORM_WIDE) for key in CODEBOOK_KEYS]
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
                yield CodeTree(id="codebook-tree", show_archived=True, show_kinds=True)
            with Vertical(id="codebook-form-pane") as form_pane:
                form_pane.border_title = "Edit code"
                form_pane.border_subtitle = (
                    "ctrl+s save · ctrl+n new · ctrl+z undo · c category · x exclusive"
                )
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
        if edit.warning:
            message = f"{message}. {edit.warning}"
        self.form.show_message(message, error=bool(edit.warning))
        self.notify(
            message, timeout=6 if edit.warning else 2, severity="warning" if edit.warning else "information"
        )

    def _save_at_once(
        self, make: Callable[[Workbench, int], CodeEdit], message: Callable[[CodeEdit], str]
    ) -> None:
        """Run a one-key edit of the code in the form; refused while the form has unsaved changes."""
        cursor = self.code_tree.cursor_node
        if (
            cursor is not None
            and cursor.data is not None
            and cursor.data.id != self.code_id
            and not self.form.dirty
        ):
            # A key typed right after the arrows can arrive before the tree's highlight message.
            self._load(cursor.data.id)
        if self.code_id is None or self.form.dirty:
            self.form.show_message("Unsaved changes: ctrl+s to save them, esc to discard them", error=True)
            return
        try:
            edit = make(self.context.workbench, self.code_id)
        except QualcodeError as error:
            self.form.show_message(str(error), error=True)
            self.workbench_app.report_error(error)
            return
        self.edits.append(edit)
        self._after_edit(edit, message(edit))

    def _edit_fields(
        self, change: Callable[[CodeFields], CodeFields]
    ) -> Callable[[Workbench, int], CodeEdit]:
        return lambda workbench, code_id: workbench.edit_code(code_id, change(workbench.code_fields(code_id)))

    def action_toggle_category(self) -> None:
        self._save_at_once(
            self._edit_fields(lambda fields: replace(fields, codable=not fields.codable)),
            lambda edit: (
                f"{edit.after.name} can be applied again"
                if edit.after.codable
                else f"{edit.after.name} is a category (not applied itself)"
            ),
        )

    def action_toggle_exclusive(self) -> None:
        self._save_at_once(
            self._edit_fields(lambda fields: replace(fields, exclusive=not fields.exclusive)),
            lambda edit: (
                f"Children of {edit.after.name} are exclusive (pick one)"
                if edit.after.exclusive
                else f"Children of {edit.after.name} may be combined"
            ),
        )

    def action_move(self, step: int) -> None:
        self._save_at_once(
            lambda workbench, code_id: workbench.move_code(code_id, step),
            lambda edit: f"Moved {edit.after.name} {'up' if step < 0 else 'down'}",
        )

    def action_indent(self) -> None:
        codebook = self.workbench_app.codebook
        code = codebook.by_id.get(self.code_id) if self.code_id is not None else None
        siblings = [c for c in codebook.live if code is not None and c.parent_id == code.parent_id]
        above = [c for c in siblings[: siblings.index(code)]] if code in siblings else []
        if code is not None and not above:
            self.form.show_message(f"{code.name} has no code above it to move under", error=True)
            return
        self._reparent(above[-1].id if above else None)

    def action_outdent(self) -> None:
        codebook = self.workbench_app.codebook
        code = codebook.by_id.get(self.code_id) if self.code_id is not None else None
        if code is not None and code.parent_id is None:
            self.form.show_message(f"{code.name} is already at the top level", error=True)
            return
        parent = codebook.by_id.get(code.parent_id) if code is not None and code.parent_id else None
        self._reparent(parent.parent_id if parent is not None else None)

    def _reparent(self, parent_id: int | None) -> None:
        names = self.workbench_app.codebook.by_id
        self._save_at_once(
            self._edit_fields(lambda fields: replace(fields, parent_id=parent_id)),
            lambda edit: (
                f"Moved {edit.after.name} under {names[parent_id].name}"
                if parent_id is not None
                else f"Moved {edit.after.name} to the top level"
            ),
        )

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
