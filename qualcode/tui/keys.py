"""Each screen's keys, in one table per screen that its bindings, its footer and the help screen all read.

Code hotkeys come from the codebook; every key here other than the reserved
letters (j k n f m u q / ?) is a control, function or navigation key, so no
codebook hotkey can ever shadow a workbench action.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType

from qualcode.service.coding_ops import RESERVED_HOTKEYS


@dataclass(frozen=True)
class Key:
    """One action of a screen and the keys that run it."""

    keys: str
    """Comma-separated Textual key names, as in a `Binding`."""
    action: str
    description: str
    """A word or two for the footer and the command palette."""
    section: str
    """The heading the help screen lists it under."""
    explanation: str
    """The help screen's line: what the key does and when to use it."""
    footer: bool = False
    """Shown in the footer; the rest are on the help screen and in the command palette."""
    display: str | None = None
    """How the help and the footer spell the keys, when Textual's own spelling is unclear."""

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.footer,
            key_display=self.display,
        )


MOVE = "Move"
CODE = "Code"
FIND = "Find"
VIEW = "View"
PART = "Code part of a turn"

CODING_KEYS: tuple[Key, ...] = (
    Key(
        "question_mark,f1",
        "app.help",
        "Help",
        VIEW,
        "Every key and every code hotkey",
        footer=True,
        display="?",
    ),
    Key("down,j", "cursor_down", "Down", MOVE, "Next segment", display="↓ j"),
    Key("up,k", "cursor_up", "Up", MOVE, "Previous segment", display="↑ k"),
    Key(
        "shift+down",
        "extend_down",
        "Extend",
        MOVE,
        "Extend the selection down: one key codes the run",
        display="⇧↓",
    ),
    Key("shift+up", "extend_up", "Extend up", MOVE, "Extend the selection up", display="⇧↑"),
    Key("pagedown", "page_down", "Page down", MOVE, "Page down", display="PgDn"),
    Key("pageup", "page_up", "Page up", MOVE, "Page up", display="PgUp"),
    Key("home", "first_segment", "First", MOVE, "First segment of the document", display="Home"),
    Key("end", "last_segment", "Last", MOVE, "Last segment of the document", display="End"),
    Key(
        "n",
        "next_unreviewed",
        "Next to do",
        MOVE,
        "Your next unreviewed segment, across documents",
        footer=True,
    ),
    Key(
        "space,enter",
        "mark_reviewed",
        "Done",
        CODE,
        "Reviewed, no code applies; move on",
        footer=True,
        display="␣",
    ),
    Key("f", "toggle_flag", "Flag", CODE, "Flag for discussion (again to unflag)", footer=True),
    Key("m", "edit_memo", "Memo", CODE, "Write a memo on the segment", footer=True),
    Key("u", "undo", "Undo", CODE, "Undo your last change (it is saved at once too)", footer=True),
    Key(
        "ctrl+k",
        "pick_code",
        "Code",
        CODE,
        "Apply any code by typing part of its name",
        footer=True,
        display="^k",
    ),
    Key(
        "escape",
        "clear_selection",
        "Clear",
        CODE,
        "Clear the selection; leave a text selection; close the search line",
        display="Esc",
    ),
    Key(
        "shift+right",
        "span_move('character', 1, True)",
        "Select",
        PART,
        "Select a character on (from the start)",
        display="⇧→",
    ),
    Key(
        "shift+left",
        "span_move('character', -1, True)",
        "Select back",
        PART,
        "Select a character back (from the end)",
        display="⇧←",
    ),
    Key(
        "ctrl+shift+right",
        "span_move('word', 1, True)",
        "Select word",
        PART,
        "Select to a word's end",
        display="^⇧→",
    ),
    Key(
        "ctrl+shift+left",
        "span_move('word', -1, True)",
        "Select word back",
        PART,
        "Select back to a word's start",
        display="^⇧←",
    ),
    Key(
        "shift+end",
        "span_move('sentence', 1, True)",
        "Select sentence",
        PART,
        "Select to the sentence's end",
        display="⇧End",
    ),
    Key(
        "shift+home",
        "span_move('sentence', -1, True)",
        "Select sentence back",
        PART,
        "Select back to a sentence's start",
        display="⇧Home",
    ),
    Key(
        "right",
        "span_move('character', 1, False)",
        "Caret right",
        PART,
        "Caret a character on",
        display="→",
    ),
    Key(
        "left",
        "span_move('character', -1, False)",
        "Caret left",
        PART,
        "Caret a character back",
        display="←",
    ),
    Key(
        "ctrl+right",
        "span_move('word', 1, False)",
        "Caret word",
        PART,
        "Caret to a word's end",
        display="^→",
    ),
    Key(
        "ctrl+left",
        "span_move('word', -1, False)",
        "Caret word back",
        PART,
        "Caret to a word's start",
        display="^←",
    ),
    Key(
        "ctrl+x",
        "span_other_end",
        "Other end",
        PART,
        "Caret to the other end (move a start)",
        display="^x",
    ),
    Key("tab", "next_span(1)", "Next span", PART, "Next coded part of the segment", display="Tab"),
    Key(
        "shift+tab",
        "next_span(-1)",
        "Previous span",
        PART,
        "Previous coded part",
        display="⇧Tab",
    ),
    Key("delete", "remove_span", "Remove span", PART, "Remove the part reached with tab", display="Del"),
    Key("slash", "search", "Search", FIND, "Search the text of every document", footer=True, display="/"),
    Key("f3", "next_hit", "Next hit", FIND, "Next search hit", display="F3"),
    Key("shift+f3", "previous_hit", "Previous hit", FIND, "Previous search hit", display="⇧F3"),
    Key(
        "ctrl+f",
        "filter_by_code",
        "Filter",
        FIND,
        "Show only segments with a code (again to clear)",
        footer=True,
        display="^f",
    ),
    Key(
        "ctrl+t",
        "document_attributes",
        "Attributes",
        VIEW,
        "The document's attributes (site, wave…); a lead edits them there",
        display="^t",
    ),
    Key(
        "ctrl+l",
        "toggle_all_coders",
        "All coders",
        VIEW,
        "Lead only: every coder's codes on this segment",
        display="^l",
    ),
)
"""Every key of the coding screen; the app adds help, quit, the palette and the screen keys."""

RESERVED_LETTERS = RESERVED_HOTKEYS
"""Printable keys the workbench takes for itself; a codebook hotkey among them is ignored."""


def bindings(keys: Iterable[Key]) -> list[BindingType]:
    """A screen's `BINDINGS`, made from the same table its help lists."""
    return [key.binding() for key in keys]


def keys_of_bindings(bindings: Iterable[BindingType], section: str) -> tuple[Key, ...]:
    """The help's rows for a screen that declares only Textual bindings: each shown binding, by its name."""
    keys = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.show:
            keys.append(
                Key(binding.key, binding.action, binding.description, section, binding.description, True)
            )
    return tuple(keys)
