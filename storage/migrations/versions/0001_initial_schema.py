"""Initial schema: every table of storage/tables.py.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 15:31:15.821114
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('target', sa.String(), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit'))
    )
    op.create_index(op.f('ix_audit_at'), 'audit', ['at'])

    op.create_table('failed_joins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('account', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_joins'))
    )
    op.create_index(op.f('ix_failed_joins_channel_account_at'), 'failed_joins', ['channel', 'account', 'at'])

    op.create_table('inbound_events',
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('event_id', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('channel', 'event_id', name=op.f('pk_inbound_events'))
    )
    op.create_index(op.f('ix_inbound_events_at'), 'inbound_events', ['at'])

    op.create_table('rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('mode', sa.String(), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opens', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timezone', sa.String(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('reminders', sa.JSON(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('summaries', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rounds')),
    sa.UniqueConstraint('slug', name=op.f('uq_rounds_slug'))
    )
    op.create_index(op.f('ix_rounds_status'), 'rounds', ['status'])

    op.create_table('stakeholders',
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_stakeholders'))
    )
    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stakeholder', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('language', sa.String(), nullable=False),
    sa.Column('timezone', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['stakeholder'], ['stakeholders.code'], name=op.f('fk_participants_stakeholder_stakeholders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants'))
    )
    op.create_index(op.f('ix_participants_role'), 'participants', ['role'])
    op.create_index(op.f('ix_participants_stakeholder'), 'participants', ['stakeholder'])

    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(), nullable=False),
    sa.Column('section', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_recommendations_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations')),
    sa.UniqueConstraint('round_id', 'position', name=op.f('uq_recommendations_round_id_position')),
    sa.UniqueConstraint('round_id', 'ref', name=op.f('uq_recommendations_round_id_ref'))
    )
    op.create_table('stakeholder_groups',
    sa.Column('stakeholder', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['stakeholder'], ['stakeholders.code'], name=op.f('fk_stakeholder_groups_stakeholder_stakeholders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('stakeholder', 'name', name=op.f('pk_stakeholder_groups'))
    )
    op.create_index(op.f('ix_stakeholder_groups_name'), 'stakeholder_groups', ['name'])

    op.create_table('conversations',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('round_slug', sa.String(), nullable=False),
    sa.Column('step', sa.String(), nullable=False),
    sa.Column('ref', sa.String(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_conversations_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('participant_id', name=op.f('pk_conversations'))
    )
    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('dedupe_key', sa.String(), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('chat', sa.String(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('provider_id', sa.String(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('round_slug', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_deliveries_participant_id_participants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_deliveries_dedupe_key'))
    )
    op.create_index(op.f('ix_deliveries_participant_id'), 'deliveries', ['participant_id'])
    op.create_index(op.f('ix_deliveries_round_slug_kind'), 'deliveries', ['round_slug', 'kind'])
    op.create_index(op.f('ix_deliveries_status_due_at'), 'deliveries', ['status', 'due_at'])

    op.create_table('identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('account', sa.String(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('chat', sa.String(), nullable=False),
    sa.Column('reachable', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_identities_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identities')),
    sa.UniqueConstraint('channel', 'account', name=op.f('uq_identities_channel_account'))
    )
    op.create_index(op.f('ix_identities_channel_chat'), 'identities', ['channel', 'chat'])
    op.create_index(op.f('ix_identities_participant_id'), 'identities', ['participant_id'])

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_invitations_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invitations_code_hash'))
    )
    op.create_index(op.f('ix_invitations_participant_id'), 'invitations', ['participant_id'])

    op.create_table('responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder', sa.String(), nullable=False),
    sa.Column('ref', sa.String(), nullable=False),
    sa.Column('position', sa.String(), nullable=False),
    sa.Column('amendment', sa.Text(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_responses_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_responses_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id', 'ref'], ['recommendations.round_id', 'recommendations.ref'], name=op.f('fk_responses_round_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder'], ['stakeholders.code'], name=op.f('fk_responses_stakeholder_stakeholders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('round_id', 'stakeholder', 'ref', name=op.f('uq_responses_round_id_stakeholder_ref'))
    )
    op.create_table('revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder', sa.String(), nullable=False),
    sa.Column('ref', sa.String(), nullable=False),
    sa.Column('position', sa.String(), nullable=False),
    sa.Column('amendment', sa.Text(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_revisions_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_revisions_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder'], ['stakeholders.code'], name=op.f('fk_revisions_stakeholder_stakeholders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revisions'))
    )
    op.create_index(op.f('ix_revisions_round_id_stakeholder'), 'revisions', ['round_id', 'stakeholder'])

    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder', sa.String(), nullable=False),
    sa.Column('receipt', sa.String(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_submissions_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_submissions_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder'], ['stakeholders.code'], name=op.f('fk_submissions_stakeholder_stakeholders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('receipt', name=op.f('uq_submissions_receipt'))
    )
    op.create_index(op.f('ix_submissions_round_id_stakeholder'), 'submissions', ['round_id', 'stakeholder'])


def downgrade() -> None:
    """Downgrade schema: drop every table (their indexes go with them)."""
    op.drop_table('submissions')
    op.drop_table('revisions')
    op.drop_table('responses')
    op.drop_table('invitations')
    op.drop_table('identities')
    op.drop_table('deliveries')
    op.drop_table('conversations')
    op.drop_table('stakeholder_groups')
    op.drop_table('recommendations')
    op.drop_table('participants')
    op.drop_table('stakeholders')
    op.drop_table('rounds')
    op.drop_table('inbound_events')
    op.drop_table('failed_joins')
    op.drop_table('audit')
