"""The base of every top-level workbench screen: the open project and its codebook, typed once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.screen import Screen

from qualcode.service.results import CodeInfo
from qualcode.tui.context import CodingContext

if TYPE_CHECKING:
    from qualcode.tui.app import QualcodeApp


class WorkbenchScreen(Screen[None]):
    """A screen that works on the project and coder the app has open.

    Screens open only once the picker (or the command line) has settled on a
    project and a coder, so ``context`` is never None here.
    """

    @property
    def workbench_app(self) -> QualcodeApp:
        return self.app  # type: ignore[return-value]

    @property
    def context(self) -> CodingContext:
        context = self.workbench_app.context
        assert context is not None, "workbench screens open only once a project and coder are chosen"
        return context

    @property
    def codes(self) -> Mapping[int, CodeInfo]:
        """Every code of the project, archived ones too, by id."""
        return self.workbench_app.codebook.by_id
