"""A footer that rebuilds once for a burst of binding changes, and never runs past its width."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

COMPACT_BELOW = 100
"""Terminal width under which the footer drops the spacing between keys."""


class CalmFooter(Footer):
    """Textual's footer rebuilds its keys whenever focus or the screen stack changes; opening a
    screen changes both several times in one frame, so the rebuilds are folded into one. In a
    narrow terminal it goes compact, and the keys that still do not fit are left out from the
    end (every key stays on the help screen and in the palette) rather than cut mid-word."""

    _rebuild_pending = False

    def on_resize(self) -> None:
        self.compact = self.size.width < COMPACT_BELOW
        self._fit()

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
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Show every key, let them lay out at their natural widths, then hide those past the edge."""
        for key in self.query(FooterKey):
            key.display = True
        self.call_after_refresh(self._hide_overflow)

    def _hide_overflow(self) -> None:
        keys = list(self.query(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        edge = min((key.region.x for key in palette), default=self.region.right)
        for key in keys:
            if key not in palette and key.region.right > edge:
                key.display = False
