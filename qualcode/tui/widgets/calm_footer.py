"""A footer that rebuilds once for a burst of binding changes instead of once per change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

COMPACT_BELOW = 100
"""Terminal width under which the footer drops the spacing between keys."""


class CalmFooter(Footer):
    """Textual's footer rebuilds its keys whenever focus or the screen stack changes; opening a
    screen changes both several times in one frame, so the rebuilds are folded into one. In a
    narrow terminal it goes compact, so that more of the keys fit."""

    _rebuild_pending = False

    def on_resize(self) -> None:
        self.compact = self.size.width < COMPACT_BELOW

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        self._rebuild_pending = False
        await super().recompose()
