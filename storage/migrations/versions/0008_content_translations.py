"""The consultation's own text in six languages, and the language of each answer's words.

Revision ID: 0008_content_translations
Revises: 0007_followup
Create Date: 2026-12-06 05:30:00

Rounds gain their base language and their translations (each with its provenance), recommendations
their translations; responses, revisions and submitted answers record the language their amendment
and comment were written in. Existing rounds are English with no translation; existing answers
have an unknown language (""), which exports show as empty.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_content_translations'
down_revision: str | Sequence[str] | None = '0007_followup'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DRAFT_DIFFERS = "(position != submitted_position OR amendment != submitted_amendment OR comment != submitted_comment)"
SILENCE_RECORDED = "(submitted_position IS NULL AND position = 'no_objection')"


def upgrade() -> None:
    """Add the columns; every one has a default, so existing rows need no rewrite."""
    with op.batch_alter_table('rounds') as batch:
        batch.add_column(sa.Column('language', sa.String(), nullable=False, server_default='en'))
        batch.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    with op.batch_alter_table('recommendations') as batch:
        batch.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    with op.batch_alter_table('responses') as batch:
        batch.add_column(sa.Column('language', sa.String(), nullable=False, server_default=''))
        batch.add_column(sa.Column('submitted_language', sa.String(), nullable=True))
    with op.batch_alter_table('revisions') as batch:
        batch.add_column(sa.Column('language', sa.String(), nullable=False, server_default=''))
    with op.batch_alter_table('submission_answers') as batch:
        batch.add_column(sa.Column('language', sa.String(), nullable=False, server_default=''))


def downgrade() -> None:
    """Drop them (the partial indexes on responses are rebuilt around SQLite's table copy)."""
    with op.batch_alter_table('submission_answers') as batch:
        batch.drop_column('language')
    with op.batch_alter_table('revisions') as batch:
        batch.drop_column('language')
    op.drop_index('ix_responses_changed', table_name='responses')
    op.drop_index('ix_responses_silence', table_name='responses')
    with op.batch_alter_table('responses') as batch:
        batch.drop_column('submitted_language')
        batch.drop_column('language')
    op.create_index('ix_responses_changed', 'responses', ['round_id', 'stakeholder'],
                    sqlite_where=sa.text(DRAFT_DIFFERS), postgresql_where=sa.text(DRAFT_DIFFERS))
    op.create_index('ix_responses_silence', 'responses', ['round_id', 'ref'],
                    sqlite_where=sa.text(SILENCE_RECORDED), postgresql_where=sa.text(SILENCE_RECORDED))
    with op.batch_alter_table('recommendations') as batch:
        batch.drop_column('translations')
    with op.batch_alter_table('rounds') as batch:
        batch.drop_column('translations')
        batch.drop_column('language')
