"""What `qualcode import` reports about each document, and `qualcode document show`."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from test_ingest_postamble import FOOTER, WEB_PAGE

from qualcode.cli.main import cli
from qualcode.store.engine import projects_dir


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_import_summary_shows_the_last_and_longest_turn_and_the_postamble() -> None:
    run("init", "study")
    code, out, _ = run("import", "study", str(WEB_PAGE))
    assert (code, out) == (
        0,
        "web_page_interview: 6 segments (Jane Okafor 3, Ana Rivera 3)\n"
        "  last turn 552 chars; longest 552 chars (web_page_interview:6)\n"
        "  postamble: 359 chars after the last turn, kept but not coded\n"
        "imported 1 of 1 files\n",
    )
    with sqlite3.connect(projects_dir() / "study" / "project.db") as connection:
        assert list(connection.execute("SELECT postamble FROM document")) == [(FOOTER,)]
    connection.close()


def test_a_paragraph_import_names_its_unit(tmp_path: Path) -> None:
    run("init", "study")
    page = tmp_path / "talk.txt"
    page.write_text("Ana: One.\n\nTwo, longer.\n\nBen: Three\n")
    code, out, _ = run("import", "study", str(page), "--segment", "paragraph")
    assert (code, out) == (
        0,
        "talk: 3 segments (Ana 2, Ben 1)\n"
        "  last paragraph 5 chars; longest 12 chars (talk:2)\n"
        "imported 1 of 1 files\n",
    )


def test_document_show_prints_the_preamble_and_postamble_kept_out_of_the_coding() -> None:
    run("init", "study")
    run("import", "study", str(WEB_PAGE), "--meta", "wave=2")
    code, out, err = run("document", "show", "study", "web_page_interview")
    assert (code, err) == (0, "")
    out = re.sub(r"imported \d{4}-\d\d-\d\d \d\d:\d\d UTC", "imported <time> UTC", out)
    indented_footer = "".join(f"  {line}".rstrip() + "\n" for line in FOOTER.split("\n"))
    assert out == (
        "document: web_page_interview\n"
        "source: web_page_interview.txt, imported <time> UTC\n"
        "segments: 6 (turn)\n"
        "meta wave: 2\n"
        "preamble:\n"
        "  “We Built It Out of Kitchen Tables”: An Organiser on Ten Years of Tenant Unions\n"
        "\n"
        "  By Jane Okafor\n"
        "  Published March 14, 2025 · 9 min read\n"
        "\n"
        "  Ana Rivera has spent a decade turning rent disputes into building committees across the east "
        "side. We spoke in her union's storefront office, between a legal clinic and a potluck.\n"
        "postamble:\n" + indented_footer
    )
    assert run("document", "show", "study", "web-page") == (
        1,
        "",
        "Error: no document 'web-page' in this project\n",
    )


def test_document_show_says_when_nothing_was_kept_out(tmp_path: Path) -> None:
    run("init", "study")
    page = tmp_path / "talk.txt"
    page.write_text("Ana: One.\n")
    run("import", "study", str(page))
    code, out, _ = run("document", "show", "study", "talk")
    assert (code, out.splitlines()[-2:]) == (0, ["preamble: (none)", "postamble: (none)"])
