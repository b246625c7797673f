"""document postamble

A web page's footer after the last turn (author bio, teasers) is kept beside the
document, as the preamble is, instead of being coded as the last speaker's words.
Documents imported before this revision have none.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite takes it in place, where a batch copy of the table would
    # trip the foreign keys that point at documents.
    op.add_column("document", sa.Column("postamble", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("document", "postamble")
