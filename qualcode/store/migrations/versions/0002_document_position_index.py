"""document position index

Each import appends a document after the project's last one; without this
index finding the last position reads every document of the project, which
made importing a large corpus slow down as it grew.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 02:00:00
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_document_project_position", "document", ["project_id", "position"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_document_project_position", table_name="document")
