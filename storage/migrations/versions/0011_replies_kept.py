"""Inbound events keep their replies until they are shown.

Revision ID: 0011_replies_kept
Revises: 0010_replicas_replied
Create Date: 2026-12-06 10:30:00

One nullable column: a redelivered update whose replies were never shown is answered with those
replies (the acknowledgement "R1 recorded: Support." included), not only with the current screen.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011_replies_kept'
down_revision: str | Sequence[str] | None = '0010_replicas_replied'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add inbound_events.replies."""
    with op.batch_alter_table('inbound_events') as batch:
        batch.add_column(sa.Column('replies', sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop inbound_events.replies."""
    with op.batch_alter_table('inbound_events') as batch:
        batch.drop_column('replies')
