"""Facilitators per section, delegations' questions, and the follow-up track.

Revision ID: 0007_followup
Revises: 0005_contacts
Create Date: 2026-12-06 03:10:00

Three new tables; nothing existing changes, so existing data is carried over as it is.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007_followup'
down_revision: str | Sequence[str] | None = '0005_contacts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create facilitators, questions and track."""
    op.create_table(
        'facilitators',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('section', sa.Text(), nullable=False),
        sa.Column('who', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_facilitators_round_id_rounds'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_facilitators')),
        sa.UniqueConstraint('round_id', 'section', name=op.f('uq_facilitators_round_id_section')),
    )
    op.create_table(
        'questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('ref', sa.String(), nullable=False),
        sa.Column('stakeholder', sa.String(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('answered_by', sa.String(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_questions_round_id_rounds'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['stakeholder'], ['stakeholders.code'],
                                name=op.f('fk_questions_stakeholder_stakeholders')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    )
    op.create_index('ix_questions_round_id_ref', 'questions', ['round_id', 'ref'])
    op.create_table(
        'track',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('ref', sa.String(), nullable=False),
        sa.Column('status', sa.String(), nullable=False),
        sa.Column('lead', sa.String(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('by', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_track_round_id_rounds'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_track')),
    )
    op.create_index('ix_track_round_id_ref', 'track', ['round_id', 'ref'])


def downgrade() -> None:
    """Drop them."""
    op.drop_index('ix_track_round_id_ref', table_name='track')
    op.drop_table('track')
    op.drop_index('ix_questions_round_id_ref', table_name='questions')
    op.drop_table('questions')
    op.drop_table('facilitators')
