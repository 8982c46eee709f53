"""Contacts: a participant may carry an e-mail address (unique per stakeholder) and a preferred channel.

Revision ID: 0005_contacts
Revises: 0006_web_sessions
Create Date: 2026-12-06 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_contacts'
down_revision: str | Sequence[str] | None = '0006_web_sessions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema: participants.email, .channel, .email_reachable; existing participants keep theirs (none)."""
    with op.batch_alter_table('participants') as batch:
        batch.add_column(sa.Column('email', sa.String(), nullable=True))
        batch.add_column(sa.Column('channel', sa.String(), nullable=False, server_default=''))
        batch.add_column(sa.Column('email_reachable', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.create_unique_constraint(op.f('uq_participants_stakeholder_email'), ['stakeholder', 'email'])


def downgrade() -> None:
    """Downgrade schema: drop the contact columns (the addresses are lost)."""
    with op.batch_alter_table('participants') as batch:
        batch.drop_constraint(op.f('uq_participants_stakeholder_email'), type_='unique')
        batch.drop_column('email_reachable')
        batch.drop_column('channel')
        batch.drop_column('email')
