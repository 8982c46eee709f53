"""Digest snapshots: what each sent digest saw of a round, so that the next says exactly what changed.

Revision ID: 0002
Revises: 0001
Create Date: 2027-03-08 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema: the digest_snapshots table."""
    op.create_table('digest_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('states', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_digest_snapshots_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_snapshots')),
    sa.UniqueConstraint('round_id', 'key', name=op.f('uq_digest_snapshots_round_id_key'))
    )
    op.create_index(op.f('ix_digest_snapshots_round_id_taken_at'), 'digest_snapshots', ['round_id', 'taken_at'])


def downgrade() -> None:
    """Downgrade schema: drop the digest_snapshots table (its index goes with it)."""
    op.drop_table('digest_snapshots')
