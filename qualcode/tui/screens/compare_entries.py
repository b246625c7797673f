"""Factories of the reliability screens for the registry: each imports its screen only when opened."""

from __future__ import annotations

from textual.screen import Screen


def compare() -> Screen[None]:
    from qualcode.tui.screens.compare import CompareScreen

    return CompareScreen()


def disagreements() -> Screen[None]:
    from qualcode.tui.screens.disagreements import DisagreementsScreen

    return DisagreementsScreen()


def adjudicate() -> Screen[None]:
    from qualcode.tui.screens.adjudicate import AdjudicateScreen

    return AdjudicateScreen()


def training() -> Screen[None]:
    from qualcode.tui.screens.training import TrainingScreen

    return TrainingScreen()


def drift() -> Screen[None]:
    from qualcode.tui.screens.drift import DriftScreen

    return DriftScreen()
