"""coding spans

A coding now records the stretch of its segment's text it covers
(``span_start``, ``span_end``, end exclusive) and a hash of that text, so a
coder can code part of a turn. Every existing coding covered its whole
segment, so it becomes the span from 0 to the length of the segment's text;
the hash is filled from the same text. The uniqueness rule gains the span:
one coder may code two stretches of one segment with the same code.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 17:45:00
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_OLD_COLUMNS = ["segment_id", "code_id", "coder_id"]
_NEW_COLUMNS = [*_OLD_COLUMNS, "span_start", "span_end"]
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_N_name)s"}
"""Names SQLite's unnamed unique constraint when the table is rebuilt, so it can be dropped."""
_NEW_NAME = "uq_coding_segment_code_coder_span"
_BATCH = 1000


def _unique_name(columns: list[str]) -> str | None:
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints("coding"):
        if constraint["column_names"] == columns:
            return constraint["name"]
    return None


def _fill_quote_hashes() -> None:
    """Hash each coding's quote in Python: SQLite has no sha256 of its own."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT coding.id, segment.text FROM coding JOIN segment ON segment.id = coding.segment_id")
    ).all()
    update = sa.text("UPDATE coding SET quote_hash = :quote_hash WHERE id = :id")
    for first in range(0, len(rows), _BATCH):
        bind.execute(
            update,
            [
                {"id": coding_id, "quote_hash": hashlib.sha256(text.encode("utf-8")).hexdigest()}
                for coding_id, text in rows[first : first + _BATCH]
            ],
        )


def upgrade() -> None:
    with op.batch_alter_table("coding", schema=None) as batch_op:
        batch_op.add_column(sa.Column("span_start", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("span_end", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("quote_hash", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE coding SET span_end = "
        "(SELECT length(segment.text) FROM segment WHERE segment.id = coding.segment_id)"
    )
    _fill_quote_hashes()
    old_name = _unique_name(_OLD_COLUMNS) or "uq_coding_segment_id_code_id_coder_id"
    with op.batch_alter_table("coding", schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.alter_column("span_start", server_default=None)
        batch_op.alter_column("span_end", server_default=None)
        batch_op.drop_constraint(old_name, type_="unique")
        batch_op.create_unique_constraint(_NEW_NAME, _NEW_COLUMNS)


def downgrade() -> None:
    """Back to one coding per segment, code and coder: the earliest of each coder's spans stays."""
    op.execute(
        "DELETE FROM coding WHERE id NOT IN "
        "(SELECT min(id) FROM coding GROUP BY segment_id, code_id, coder_id)"
    )
    with op.batch_alter_table("coding", schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint(_NEW_NAME, type_="unique")
        batch_op.create_unique_constraint("coding_segment_id_code_id_coder_id_key", _OLD_COLUMNS)
        batch_op.drop_column("quote_hash")
        batch_op.drop_column("span_end")
        batch_op.drop_column("span_start")
