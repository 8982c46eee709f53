"""Inbound events remember whether their replies were shown.

Revision ID: 0010_replicas_replied
Revises: 0009_dialogue_seen
Create Date: 2026-12-06 05:50:00

One nullable column: existing marks stay NULL ("not followed"), as every channel's were.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010_replicas_replied'
down_revision: str | Sequence[str] | None = '0009_dialogue_seen'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add inbound_events.replied."""
    with op.batch_alter_table('inbound_events') as batch:
        batch.add_column(sa.Column('replied', sa.Boolean(), nullable=True))


def downgrade() -> None:
    """Drop inbound_events.replied."""
    with op.batch_alter_table('inbound_events') as batch:
        batch.drop_column('replied')
