"""What `qualcode import` prints: each document's summary, and the outcome of `--replace`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from qualcode.cli.removal import confirm_loss

if TYPE_CHECKING:
    from qualcode.service import Workbench
    from qualcode.service.results import ImportedDocument
    from qualcode.store.replacement import UnplacedWork

EXCERPT_CHARS = 60


def echo_imported(document: ImportedDocument) -> None:
    """Warnings, speakers and turn counts, and the last and longest turn, so a wrong split shows at once."""
    for warning in document.warnings:
        click.echo(f"warning: {warning}", err=True)
    speakers = ", ".join(f"{name or '(no speaker)'} {count}" for name, count in document.speakers)
    click.echo(f"{document.name}: {document.segments} segments ({speakers})")
    if not document.segments:
        return
    unit = "turn" if document.segmentation == "turn" else document.segmentation
    click.echo(
        f"  last {unit} {document.last_chars:,} chars; longest {document.longest_chars:,} chars "
        f"({document.name}:{document.longest_position})"
    )
    if document.postamble_chars:
        click.echo(f"  postamble: {document.postamble_chars:,} chars after the last turn, kept but not coded")


def replace_document(
    workbench: Workbench, path: Path, document: str | None, segmentation: str | None, yes: bool
) -> None:
    """List the work that cannot follow the new text and ask before dropping it, then replace."""
    if not yes:
        preview = workbench.replacement_preview(path, document, segmentation)
        echo_unplaced(preview.document, preview.unplaced)
        held = preview.unplaced_holdings
        confirm_loss(f"replace document {preview.document!r}, dropping {held.describe()}", held, yes)
    done = workbench.replace_document(path, document, segmentation)
    if done.backup is not None:
        click.echo(f"backed up project to {done.backup}")
    echo_imported(done.imported)
    click.echo(f"kept {done.kept.describe()} on unchanged text")
    if not done.unplaced:
        return
    if yes:
        echo_unplaced(done.imported.name, done.unplaced)
    click.echo(f"dropped {len(done.unplaced)} that could not be placed; listed in {done.unplaced_file}")


def echo_unplaced(document: str, unplaced: tuple[UnplacedWork, ...]) -> None:
    """One line per coding, review, memo or decision whose segment's text is gone from the new file."""
    if not unplaced:
        return
    click.echo(f"cannot place {len(unplaced)} on the new text (their segments' text changed):")
    for item in unplaced:
        what = " ".join(part for part in (item.kind, item.code) if part)
        if item.kind == "memo":
            what += f" {_excerpt(item.detail)!r}"
        elif item.detail:
            what += f" [{item.detail}]"
        speaker = f" {item.speaker}:" if item.speaker else ""
        click.echo(
            f"  {document}:{item.position} {item.coder}: {what} on{speaker} {_excerpt(item.old_text)!r}"
        )


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"
