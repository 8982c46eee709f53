"""What a person saw when asked for text: conversations.seen.

Revision ID: 0009_dialogue_seen
Revises: 0008_content_translations
Create Date: 2026-12-06 05:40:00

An amendment, comment or submit applies to the answer its author saw (issue 21, item 4): the
conversation keeps a short fingerprint of it while the text is awaited. Existing rows get "" (not
known), which skips the check once, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009_dialogue_seen'
down_revision: str | Sequence[str] | None = '0008_content_translations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add conversations.seen."""
    with op.batch_alter_table('conversations') as batch:
        batch.add_column(sa.Column('seen', sa.String(), server_default='', nullable=False))


def downgrade() -> None:
    """Drop conversations.seen."""
    with op.batch_alter_table('conversations') as batch:
        batch.drop_column('seen')
