"""Fixtures: a fresh project database per test, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from qualcode.service import Workbench

# Property tests draw the same examples on every run, so the suite passes or fails the same way
# on every machine and a failure found once is found again.
settings.register_profile("reproducible", derandomize=True)
settings.load_profile("reproducible")

POSTGRES_ENV = "QUALCODE_TEST_POSTGRES_URL"
REPO = Path(__file__).resolve().parents[1]
SHIPPED_CODEBOOK = REPO / "codebooks" / "transformational-change.yaml"


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        shown = make_url(url).render_as_string(hide_password=True)
        return f"PostgreSQL leg: ON ({shown})"
    return f"PostgreSQL leg: SKIPPED — set {POSTGRES_ENV}=postgresql+psycopg://… to run it"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's projects/ folder or database URL."""
    monkeypatch.delenv("QUALCODE_DATABASE_URL", raising=False)
    monkeypatch.setenv("QUALCODE_PROJECTS_DIR", str(tmp_path / "projects"))


def _postgres_schema_url(base: str) -> Iterator[str]:
    """A throw-away schema per test: as isolated as a fresh database, far cheaper to make."""
    schema = f"qc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A project database URL: SQLite in a temp dir, and PostgreSQL when its URL is given."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store' / 'project.db'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL leg skipped: {POSTGRES_ENV} is not set")
    yield from _postgres_schema_url(base)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store' / 'project.db'}"


@pytest.fixture
def workbench(database_url: str) -> Iterator[Workbench]:
    bench = Workbench.create("study", database_url)
    yield bench
    bench.close()
