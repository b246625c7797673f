"""ordered code groups

An exclusive parent code can mark its children as the points of one ordered
scale (``ordered: true`` in the codebook), so that its agreement can be
measured at the ordinal, interval or ratio level. Existing codes are not
ordered.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 17:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite takes it in place, where a batch copy of the table would
    # trip the foreign keys that point at codes in a project that has codings.
    op.add_column("code", sa.Column("ordered", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("code") as batch:
        batch.drop_column("ordered")
