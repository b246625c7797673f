"""Two projects in one PostgreSQL schema with coders and their work, for the team-role tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from conftest import POSTGRES_ENV
from factories import CODEBOOK_V1, INTERVIEW, write
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from qualcode.service import Workbench
from qualcode.store.models import CoderRole


@dataclass
class Team:
    """A PostgreSQL schema with two projects, their coders, work by everyone, and a prefix for role names."""

    url: str
    schema: str
    prefix: str
    owner: Workbench
    pilot: Workbench

    def role_url(self, role: str, password: str) -> str:
        return make_url(self.url).set(username=role, password=password).render_as_string(hide_password=False)

    def sql(self, role: str, password: str) -> psycopg.Connection:
        parsed = make_url(self.url)
        return psycopg.connect(
            host=parsed.host,
            port=parsed.port,
            dbname=parsed.database,
            user=role,
            password=password,
            options=f"-csearch_path={self.schema}",
            autocommit=True,
        )

    def grant(self, coder: str, project: Workbench | None = None) -> tuple[str, str]:
        granted = (project or self.owner).grant_team_role(coder, role=f"{self.prefix}{coder}")
        return granted.role, granted.password


def owner_rows(team: Team, query: str) -> list[tuple]:
    with team.owner.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


def team_project(tmp_path: Path) -> Iterator[Team]:
    """Project study (ana, ben, lee the lead) and project pilot (zoe), with logins' names under one prefix."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL leg skipped: {POSTGRES_ENV} is not set")
    schema = f"qc_test_{uuid.uuid4().hex[:12]}"
    prefix = f"qc_t{uuid.uuid4().hex[:8]}_"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    owner = Workbench.create("study", url_text)
    owner.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    owner.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    for name, role in (("ana", CoderRole.CODER), ("ben", CoderRole.CODER), ("lee", CoderRole.LEAD)):
        owner.add_coder(name, role)
    first, second = owner.resolve_segment("interview:1"), owner.resolve_segment("interview:2")
    owner.apply_code(first, "relational", "ana")
    owner.apply_code(first, "power", "ben")
    owner.apply_code(second, "technical", "ben")
    owner.toggle_flag([second], "ben")
    owner.save_memo(second, "ben", "ben's doubt")
    owner.save_memo(first, "ana", "ana's note")
    pilot = Workbench.create("pilot", url_text)
    pilot.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    pilot.import_files([write(tmp_path / "other.txt", "Zoe: Pilot words.\n\nYan: More pilot words.\n")])
    pilot.add_coder("zoe")
    pilot.apply_code(pilot.resolve_segment("other:1"), "power", "zoe")
    try:
        yield Team(url_text, schema, prefix, owner, pilot)
    finally:
        owner.close()
        pilot.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            leftovers = connection.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": prefix + "%"}
            )
            for (role,) in list(leftovers):
                connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


CODINGS_SQL = (
    "SELECT coder.name, document.name, segment.position, code.name FROM coding "
    "JOIN coder ON coder.id = coding.coder_id JOIN segment ON segment.id = coding.segment_id "
    "JOIN document ON document.id = segment.document_id JOIN code ON code.id = coding.code_id "
    "ORDER BY 1, 2, 3, 4"
)
