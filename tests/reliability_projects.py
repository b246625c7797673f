"""Small double-coded projects for the reliability tests, built through the public Workbench API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from factories import CODEBOOK_V1, write

from qualcode.service import Workbench
from qualcode.store.models import CoderRole, ReviewStatus


def transcript(n_turns: int, speaker: str = "Maria") -> str:
    """A transcript of ``n_turns`` turns, one segment each under turn segmentation."""
    return (
        "\n\n".join(f"{speaker}: This is turn number {i + 1} of the interview." for i in range(n_turns))
        + "\n"
    )


DEFAULT_CODERS = {"alice": CoderRole.CODER, "bob": CoderRole.CODER, "lena": CoderRole.LEAD}
"""Two coders who double-code, and a lead who adjudicates and codes nothing."""


def set_up(
    workbench: Workbench,
    folder: Path,
    n_segments: int = 10,
    coders: Mapping[str, CoderRole] | None = None,
    documents: int = 1,
) -> dict[str, list[int]]:
    """Load the test codebook, import ``documents`` transcripts, add coders; segment ids per document."""
    workbench.load_codebook(write(folder / "book.yaml", CODEBOOK_V1))
    for index in range(documents):
        name = f"interview-{index + 1}"
        path = write(folder / f"{name}.txt", transcript(n_segments, speaker=f"Speaker{index}"))
        report = workbench.import_files([path])
        assert not report.failed, report.failed
    for name, role in (coders or DEFAULT_CODERS).items():
        workbench.add_coder(name, role)
    return {
        document.name: [segment.id for segment in workbench.segments(document.id)]
        for document in workbench.documents()
    }


def judge(
    workbench: Workbench,
    coder: str,
    segment_ids: list[int],
    reviewed: Iterable[int],
    codes: Mapping[str, Iterable[int]] | None = None,
) -> None:
    """``coder`` marks the segments at 1-based ``reviewed`` positions done and applies ``codes`` (code →
    positions); applying a code marks its segment done too."""
    for position in reviewed:
        workbench.set_review(segment_ids[position - 1], coder, ReviewStatus.DONE)
    for code, positions in (codes or {}).items():
        for position in positions:
            workbench.apply_code(segment_ids[position - 1], code, coder)
