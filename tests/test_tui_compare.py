"""The reliability screens as a lead uses them: compare, disagreements, adjudication, training, drift."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_projects import judge, set_up
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_fixtures import SIZE, app_for, rows, screen_text, settle

from qualcode.service import Workbench
from qualcode.service.reliability.render import PER_CODE_HEADERS
from qualcode.tui.screens.adjudicate import AdjudicateScreen
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.compare import CompareScreen
from qualcode.tui.screens.compare_render import COLUMN_ORDER
from qualcode.tui.screens.disagreements import DisagreementsScreen
from qualcode.tui.screens.drift import DriftScreen
from qualcode.tui.screens.training import TrainingScreen

TOO_FEW = "too few coded units to judge"


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """alice and bob judge 10 segments; they differ on 4 (hopeful / critical), 5 and 6 (relational).

    The lead lena codes like alice, as a reference for training; she is not one of the compared coders.
    """
    workbench = Workbench.create("study", sqlite_url)
    segments = set_up(workbench, tmp_path)["interview-1"]
    judge(
        workbench, "alice", segments, range(1, 11), {"relational": [1, 2, 3, 4, 5], "hopeful": [1, 2, 3, 4]}
    )
    judge(workbench, "bob", segments, range(1, 11), {"relational": [1, 2, 3, 4, 6], "hopeful": [1, 2, 3]})
    judge(workbench, "bob", segments, [], {"critical": [4]})
    judge(workbench, "lena", segments, range(1, 11), {"relational": [1, 2, 3, 4, 5], "hopeful": [1, 2, 3, 4]})
    yield workbench
    workbench.close()


def as_shown(row: list[str] | tuple[str, ...]) -> list[str]:
    """A row of `qualcode agree`'s per-code table in the order the screen shows its columns."""
    by_header = dict(zip(PER_CODE_HEADERS, row, strict=True))
    return [by_header[name] for name in COLUMN_ORDER]


def table_rows(pilot: Pilot, selector: str) -> list[list[str]]:
    table = pilot.app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def consensus_codings(workbench: Workbench) -> list[tuple]:
    return rows(
        workbench,
        "SELECT segment.position, code.name FROM coding JOIN segment ON segment.id = coding.segment_id "
        "JOIN code ON code.id = coding.code_id JOIN coder ON coder.id = coding.coder_id "
        "WHERE coder.role = 'consensus' ORDER BY segment.position, code.name",
    )


def coder_codings(workbench: Workbench) -> list[tuple]:
    return rows(
        workbench,
        "SELECT coder.name, segment.position, code.name FROM coding "
        "JOIN segment ON segment.id = coding.segment_id "
        "JOIN code ON code.id = coding.code_id JOIN coder ON coder.id = coding.coder_id "
        "WHERE coder.role != 'consensus' ORDER BY coder.name, segment.position, code.name",
    )


def decisions(workbench: Workbench) -> list[tuple]:
    return rows(
        workbench,
        "SELECT segment.position, lead.name, decision.choice, decision.rationale FROM decision "
        "JOIN segment ON segment.id = decision.segment_id JOIN coder AS lead ON lead.id = decision.lead_id "
        "ORDER BY decision.id",
    )


async def open_screen(pilot: Pilot, key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


async def test_compare_shows_codes_by_coefficients_with_verdicts(study: Workbench) -> None:
    async with app_for(study, "lena").run_test(size=SIZE) as pilot:
        await open_screen(pilot, "f5")
        assert isinstance(pilot.app.screen, CompareScreen)
        nobody = ["10", "0", "0.000", "1.000", "—", "—", "—", "—", "—", TOO_FEW]
        relational = ["10", "6", "0.500", "0.800", "0.667", "0.620", "—", "0.600", "0.600", "unreliable"]
        columns = pilot.app.screen.query_one("#compare-codes", DataTable).columns.values()
        assert [str(column.label) for column in columns] == list(COLUMN_ORDER)
        # Parents roll up: approach is relational's figures, tone the 4 segments both gave a tone.
        assert table_rows(pilot, "#compare-codes") == [
            *map(
                as_shown,
                [
                    ["approach", *relational],
                    ["approach/relational", *relational],
                    ["approach/technical", *nobody],
                    ["tone", "10", "4", "0.400", "1.000", "1.000", "—", "—", "—", "—", TOO_FEW],
                    ["tone/hopeful", "10", "4", "0.350", "0.900", "0.750", "—", "—", "—", "—", TOO_FEW],
                    ["tone/critical", "10", "1", "0.050", "0.900", "0.000", "—", "—", "—", "—", TOO_FEW],
                    ["power", *nobody],
                ],
            )
        ]
        confusion = table_rows(pilot, "#compare-confusion")
        assert confusion[1][:3] == ["relational", "0", "4"] and confusion[-1][-1] == "4"
        text = screen_text(pilot)
        # Pooled over 7 codes x 10 segments: n_1 = 36 of 140, 6 split units: 1 - 139 x 12 / (2 x 104 x 36).
        assert "Pooled    0.777 tentative" in text and "set (masi) alpha 0.530 unreliable" in text
        await pilot.press("b")
        await settle(pilot)
        await settle(pilot)
        relational = table_rows(pilot, "#compare-codes")[1]
        assert relational[3].startswith("[") and relational[3].endswith(", 1.000]")
        assert "unit bootstrap, 1000 replicates" in screen_text(pilot)


async def test_a_coder_who_codes_blind_cannot_open_the_lead_screens(study: Workbench) -> None:
    async with app_for(study, "bob").run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("f5", "f6", "f7", "f9"):
            await pilot.press(key)
            assert isinstance(pilot.app.screen, CodingScreen)
        await open_screen(pilot, "f8")
        assert isinstance(pilot.app.screen, TrainingScreen)
        assert "bob against lena on 10 segments both judged" in screen_text(pilot)


async def test_the_disagreement_browser_lists_differences_and_filters_by_code(study: Workbench) -> None:
    async with app_for(study, "lena").run_test(size=SIZE) as pilot:
        await open_screen(pilot, "f6")
        assert isinstance(pilot.app.screen, DisagreementsScreen)
        assert table_rows(pilot, "#disagreements-list") == [
            # At 120 columns the list has half the screen: long code lists are cut, whole on the right.
            ["interview-1", "4", "relational, hope…", "relational, crit…", ""],
            ["interview-1", "5", "relational", "—", ""],
            ["interview-1", "6", "—", "relational", ""],
        ]
        text = screen_text(pilot)
        assert "Expects change for the better." in text and "Doubts or criticises." in text
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"critical", "enter")
        await settle(pilot)
        await settle(pilot)
        assert [row[:2] for row in table_rows(pilot, "#disagreements-list")] == [["interview-1", "4"]]


async def test_adjudication_with_single_keys_writes_the_consensus_and_the_log(study: Workbench) -> None:
    before = coder_codings(study)
    async with app_for(study, "lena").run_test(size=SIZE) as pilot:
        await open_screen(pilot, "f7")
        assert isinstance(pilot.app.screen, AdjudicateScreen)
        assert "Disagreement 1 of 3 · 0 decided · 3 to go" in screen_text(pilot)
        await pilot.press("u")  # hopeful and critical together break the exclusive group: refused
        await settle(pilot)
        assert decisions(study) == []
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"explicit frame", "enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert "3 decided · 0 to go" in screen_text(pilot)
    assert decisions(study) == [
        (4, "lena", "take bob", ""),
        (5, "lena", "take alice", "explicit frame"),
        (6, "lena", "edit", ""),
    ]
    assert consensus_codings(study) == [
        (4, "critical"),
        (4, "relational"),
        (5, "relational"),
        (6, "relational"),
    ]
    assert coder_codings(study) == before


async def test_training_and_drift_show_their_tables(study: Workbench) -> None:
    async with app_for(study, "lena").run_test(size=SIZE) as pilot:
        await open_screen(pilot, "f8")
        assert isinstance(pilot.app.screen, TrainingScreen)
        assert "alice against lena on 10 segments both judged" in screen_text(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "bob against lena on 10 segments both judged" in screen_text(pilot)
        relational = table_rows(pilot, "#training-codes")[1]
        assert relational == ["approach/relational", "10", "0.800", "0.620", "1", "1", "unreliable"]
        await open_screen(pilot, "f9")
        assert isinstance(pilot.app.screen, DriftScreen)
        assert table_rows(pilot, "#drift-batches") == [["interview-1", "10", "10", "0.747", "tentative"]]


async def test_the_lead_draws_an_overlap_sample_from_the_compare_screen(study: Workbench) -> None:
    async with app_for(study, "lena").run_test(size=SIZE) as pilot:
        await open_screen(pilot, "f5")
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("enter", *"3", "enter")
        await settle(pilot)
        counts = "SELECT coder.name, count(*) FROM assignment JOIN coder ON coder.id = assignment.coder_id "
        assert rows(study, counts + "GROUP BY coder.name ORDER BY coder.name") == [("alice", 6), ("bob", 6)]
        assigned = "SELECT segment_id, coder_id FROM assignment ORDER BY segment_id, coder_id"
        first = rows(study, assigned)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("backspace", "backspace", "backspace", *"0.5", "enter", *"4", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert rows(study, counts + "GROUP BY coder.name ORDER BY coder.name") == [("alice", 8), ("bob", 7)]
        assert rows(study, assigned) != first


def _settled_on(key: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await open_screen(pilot, key)

    return run_before


def test_compare_screen_snapshot(study: Workbench, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(study, "lena"), terminal_size=SIZE, run_before=_settled_on("f5"))


def test_adjudication_screen_snapshot(study: Workbench, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(study, "lena"), terminal_size=SIZE, run_before=_settled_on("f7"))


def test_a_narrow_alpha_scale_leaves_out_marks_rather_than_overprinting_them() -> None:
    """At 10 cells the thresholds would touch the 1: they are dropped, the ends and .5 stay whole."""
    from qualcode.tui.screens.compare_render import alpha_bars

    scale = alpha_bars([], width=10, label_width=4).plain
    assert scale == " " * 5 + "0    .5  1"
    wide = alpha_bars([], width=30, label_width=4).plain
    assert wide == " " * 5 + "0" + " " * 14 + ".5   .67 .8   1"


def test_disagreement_columns_keep_every_coder_in_view_beside_a_long_document_name() -> None:
    """At a half-screen list the name gives way (cut in the middle), at 200 columns everything is whole."""
    from qualcode.tui.screens.disagreements import column_widths
    from qualcode.tui.text_fit import cut_end, cut_middle

    name = "interview-kania-okonkwo-community-healing-2024"
    cells = [["approach/technical, collaboration"], ["approach/technical, collaboration, tone/critical"]]
    assert column_widths(56, [name], [12], cells, ["ana", "ben"]) == (17, [13, 13])
    assert cut_middle(name, 17) == "intervie…ing-2024"
    assert cut_end(cells[0][0], 13) == "approach/tec…"
    assert column_widths(200, [name], [12], cells, ["ana", "ben"]) == (46, [33, 48])
