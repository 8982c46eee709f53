"""Web sessions: browsers signed in by a one-time link, and the key that signs links and cookies.

The links themselves are invitations (single use, hashed, expiring): their use is the invitation's
`used_at`. Nothing existing changes, so there is no data to carry over.

Revision ID: 0006_web_sessions
Revises: 0004_round_lifecycle
Create Date: 2026-12-06 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_web_sessions'
down_revision: str | Sequence[str] | None = '0004_round_lifecycle'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema: the web_sessions and web_keys tables."""
    op.create_table('web_sessions',
    sa.Column('token_hash', sa.String(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_web_sessions_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_web_sessions'))
    )
    op.create_index(op.f('ix_web_sessions_participant_id'), 'web_sessions', ['participant_id'])
    op.create_table('web_keys',
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_web_keys'))
    )


def downgrade() -> None:
    """Downgrade schema: drop both tables."""
    op.drop_table('web_keys')
    op.drop_table('web_sessions')
