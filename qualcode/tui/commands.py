"""The command palette's workbench entries: every screen, every coding action, every code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from qualcode.tui.keys import CODING_KEYS
from qualcode.tui.screens.registry import SCREENS

Command = tuple[str, str, Callable[[], object]]


class WorkbenchCommands(Provider):
    """Lists what the keys do, so that nothing is reachable only by a key the coder must remember."""

    def _commands(self) -> Iterator[Command]:
        app = self.app
        for entry in SCREENS:
            yield (
                f"Go to {entry.title}",
                f"{entry.description} ({entry.key_display})",
                partial(app.run_action, f"open_screen('{entry.mode}')"),
            )
        yield "Help", "The keys of this screen and of the workbench (?)", partial(app.run_action, "help")
        screen = self.screen
        if screen.__class__.__name__ != "CodingScreen":
            return
        for key in CODING_KEYS:
            if key.action == "app.help":
                continue
            keys = key.display or key.keys
            yield key.explanation, f"{key.section}: {keys}", partial(screen.run_action, key.action)
        codebook = getattr(app, "codebook", None)
        if codebook is None:
            return
        for code in codebook.codable:
            hotkey = codebook.key_of.get(code.id)
            help_text = f"toggle on the selected segments{f' ({hotkey})' if hotkey else ''}"
            yield f"Apply code {code.path}", help_text, partial(screen.run_action, f"toggle_code({code.id})")

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
