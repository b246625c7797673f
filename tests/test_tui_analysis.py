"""The analysis screen as a lead and a coder use it: frequencies, co-occurrence and their export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from textual.pilot import Pilot
from textual.widgets.select import InvalidSelectValueError
from tui_fixtures import app_for, coding_project, settle

from qualcode.service import Workbench
from qualcode.service.reliability.results import Choice
from qualcode.tui.screens.analysis import AnalysisScreen
from qualcode.tui.screens.export_prompt import ExportPromptScreen

CODES = (
    "approach",
    "approach/relational",
    "approach/technical",
    "tone",
    "tone/hopeful",
    "tone/critical",
    "power",
)


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """ana codes three turns of the first interview and one of the second, ben two turns, and lee (lead)
    settles the second turn of the first interview by taking ana's codes."""
    for workbench in coding_project(sqlite_url, tmp_path):
        documents = {document.name: document.id for document in workbench.documents()}
        first = [segment.id for segment in workbench.segments(documents["a-interview"])]
        second = [segment.id for segment in workbench.segments(documents["b-second"])]
        for segment, code in (
            (first[0], "relational"),
            (first[1], "relational"),
            (first[1], "hopeful"),
            (first[3], "technical"),
            (first[3], "critical"),
            (second[4], "power"),
        ):
            workbench.apply_code(segment, code, "ana")
        workbench.apply_code(first[1], "technical", "ben")
        workbench.apply_code(second[0], "relational", "ben")
        workbench.decide(first[1], "lee", Choice(kind="take", coder="ana"))
        yield workbench


def counts(*segments: int) -> tuple[tuple[str, int], ...]:
    return tuple(zip(CODES, segments, strict=True))


def uuids(workbench: Workbench) -> dict[str, str]:
    return {code.path: code.uuid for code in workbench.codes()}


def analysis_screen(pilot: Pilot) -> AnalysisScreen:
    screen = pilot.app.screen
    assert isinstance(screen, AnalysisScreen), screen
    return screen


async def open_analysis(pilot: Pilot) -> AnalysisScreen:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    return analysis_screen(pilot)


async def choose(pilot: Pilot, selector: str, value: str) -> None:
    analysis_screen(pilot).query_one(selector).value = value  # type: ignore[attr-defined]
    await settle(pilot)


@pytest.fixture
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Started in ``tmp_path``, so a typed relative name lands there (and typing it stays quick)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def export_to(pilot: Pilot, name: str) -> None:
    """``x``, then a file name typed over the suggested one, then enter."""
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportPromptScreen)
    await pilot.press(*name, "enter")
    await settle(pilot)


def notifications(pilot: Pilot) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]


async def test_a_lead_sees_frequencies_for_every_coder_one_coder_a_document_and_the_consensus(
    study: Workbench,
) -> None:
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        screen = await open_analysis(pilot)
        assert screen.series == counts(4, 3, 2, 2, 1, 1, 1)
        options = [str(prompt) for prompt, _value in screen.coder_select._options]
        assert options == ["all coders", "ana", "ben", "lee (lead)", "consensus"]
        screen.coder_select.focus()
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert screen.selection.coder == "ana"
        assert screen.series == counts(3, 2, 1, 2, 1, 1, 1)
        await choose(pilot, "#analysis-document", "b-second")
        assert screen.series == counts(0, 0, 0, 0, 0, 0, 1)
        await choose(pilot, "#analysis-document", "a-interview")
        assert screen.series == counts(3, 2, 1, 2, 1, 1, 0)
        await choose(pilot, "#analysis-coder", "ben")
        assert screen.series == counts(1, 0, 1, 0, 0, 0, 0)
        await choose(pilot, "#analysis-coder", "consensus")
        await choose(pilot, "#analysis-document", "")
        assert screen.series == counts(1, 1, 0, 1, 1, 0, 0)


async def test_export_writes_the_frequencies_on_screen_as_csv(study: Workbench, in_tmp_path: Path) -> None:
    path = in_tmp_path / "out" / "a.csv"
    path.parent.mkdir()
    uuid = uuids(study)
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        await open_analysis(pilot)
        await choose(pilot, "#analysis-coder", "ana")
        await choose(pilot, "#analysis-document", "a-interview")
        await export_to(pilot, "out/a.csv")
        assert notifications(pilot) == [f"Wrote 7 rows to {path}"]
    rows = [
        ("approach", 3, 1, 100.0),
        ("approach/relational", 2, 1, 66.67),
        ("approach/technical", 1, 1, 33.33),
        ("tone", 2, 1, 66.67),
        ("tone/hopeful", 1, 1, 33.33),
        ("tone/critical", 1, 1, 33.33),
        ("power", 0, 0, 0.0),
    ]
    assert path.read_text(encoding="utf-8") == (
        "document,code,code_uuid,segments,documents,reviewed_segments,percent_of_reviewed,counting\n"
        + "".join(
            f"a-interview,{code},{uuid[code]},{segments},{documents},3,{percent},rollup\n"
            for code, segments, documents, percent in rows
        )
    )


async def test_export_writes_the_cooccurrence_matrix_as_csv_or_xlsx(
    study: Workbench, in_tmp_path: Path
) -> None:
    tmp_path = in_tmp_path
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        await open_analysis(pilot)
        await choose(pilot, "#analysis-coder", "consensus")
        await pilot.press("v")
        await settle(pilot)
        await export_to(pilot, "p.csv")
        await export_to(pilot, "p.xlsx")
        assert notifications(pilot) == [
            f"Wrote 7 rows to {tmp_path / 'p.csv'}",
            f"Wrote 7 rows to {tmp_path / 'p.xlsx'}",
        ]
    together = "1,1,0,1,1,0,0"
    nothing = "0,0,0,0,0,0,0"
    assert (tmp_path / "p.csv").read_text(encoding="utf-8") == (
        f"code,{','.join(CODES)}\n"
        f"approach,{together}\n"
        f"approach/relational,{together}\n"
        f"approach/technical,{nothing}\n"
        f"tone,{together}\n"
        f"tone/hopeful,{together}\n"
        f"tone/critical,{nothing}\n"
        f"power,{nothing}\n"
    )
    sheet = pd.read_excel(tmp_path / "p.xlsx")
    assert sheet.to_csv(index=False, lineterminator="\n") == (tmp_path / "p.csv").read_text()


async def test_the_document_choice_narrows_the_cooccurrence_matrix_too(
    study: Workbench, in_tmp_path: Path
) -> None:
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        await open_analysis(pilot)
        await choose(pilot, "#analysis-coder", "ana")
        await choose(pilot, "#analysis-document", "a-interview")
        await pilot.press("v")
        await settle(pilot)
        await export_to(pilot, "first.csv")
        await choose(pilot, "#analysis-document", "b-second")
        await export_to(pilot, "second.csv")
    # ana in a-interview: relational; relational + hopeful; technical + critical.
    assert (in_tmp_path / "first.csv").read_text(encoding="utf-8") == (
        f"code,{','.join(CODES)}\n"
        "approach,3,2,1,2,1,1,0\n"
        "approach/relational,2,2,0,1,1,0,0\n"
        "approach/technical,1,0,1,1,0,1,0\n"
        "tone,2,1,1,2,1,1,0\n"
        "tone/hopeful,1,1,0,1,1,0,0\n"
        "tone/critical,1,0,1,1,0,1,0\n"
        "power,0,0,0,0,0,0,0\n"
    )
    nothing = "0,0,0,0,0,0,0"
    assert (in_tmp_path / "second.csv").read_text(encoding="utf-8") == (
        f"code,{','.join(CODES)}\n"
        + "".join(f"{code},{nothing}\n" for code in CODES[:-1])
        + "power,0,0,0,0,0,0,1\n"
    )


async def test_an_unwritable_export_path_is_reported_and_writes_nothing(
    study: Workbench, in_tmp_path: Path
) -> None:
    path = in_tmp_path / "no" / "t.csv"
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        screen = await open_analysis(pilot)
        await export_to(pilot, "no/t.csv")
        assert notifications(pilot) == [f"cannot write {path}: folder {path.parent} does not exist"]
        assert pilot.app.screen is screen
    assert not path.parent.exists()


async def test_an_export_name_with_another_ending_is_refused_in_the_dialog(study: Workbench) -> None:
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        await open_analysis(pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"t.txt", "enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportPromptScreen)
        assert dialog.problem_text == "end the name in .csv or .xlsx: .txt is neither"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AnalysisScreen)
        assert notifications(pilot) == []


async def test_a_coder_who_codes_blind_sees_only_their_own_codings(study: Workbench) -> None:
    async with app_for(study, "ana").run_test(size=(120, 40)) as pilot:
        screen = await open_analysis(pilot)
        assert screen.series == counts(3, 2, 1, 2, 1, 1, 1)
        assert screen.coder_select._options == [("ana", "ana")]
        assert screen.coder_select.disabled
        with pytest.raises(InvalidSelectValueError):
            screen.coder_select.value = "ben"
        await choose(pilot, "#analysis-document", "a-interview")
        assert screen.selection.coder == "ana"
        assert screen.series == counts(3, 2, 1, 2, 1, 1, 0)


def _on_analysis(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await open_analysis(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_analysis_frequencies_snapshot(study: Workbench, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(study, "lee"), terminal_size=(120, 40), run_before=_on_analysis())


def test_analysis_cooccurrence_snapshot(study: Workbench, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(study, "lee"), terminal_size=(120, 40), run_before=_on_analysis("v"))


def test_analysis_small_terminal_snapshot(study: Workbench, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(study, "ana"), terminal_size=(80, 24), run_before=_on_analysis())


def test_analysis_small_terminal_cooccurrence_snapshot(study: Workbench, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(study, "ana"), terminal_size=(80, 24), run_before=_on_analysis("v"))
