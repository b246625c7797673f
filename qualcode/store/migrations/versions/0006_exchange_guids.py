"""exchange GUIDs

A table of the GUIDs REFI-QDA files brought in (users, codes, sources,
selections, codings, notes), spelt as the file spelt them, so that a
re-export writes the same identities. Existing projects gain an empty table:
everything they hold keeps the GUIDs qualcode derives for it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_guid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "kind", "local_id"),
    )
    op.create_index(op.f("ix_exchange_guid_project_id"), "exchange_guid", ["project_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_exchange_guid_project_id"), table_name="exchange_guid")
    op.drop_table("exchange_guid")
