"""Submissions are snapshots: every answer as submitted, who submitted (name and role), the record on
each response.

Existing receipts become snapshots of the answers at their time, reconstructed from the revisions:
for each recommendation, the delegation's last revision made at or before the submission. The
latest submission of each delegation is then copied onto its responses (submitted_*).

Revision ID: 0003_submissions
Revises: 0002
Create Date: 2026-12-06 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003_submissions'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: As storage/tables.py: a draft that differs from what was submitted (the partial index's rows).
DRAFT_DIFFERS = "(position != submitted_position OR amendment != submitted_amendment OR comment != submitted_comment)"

#: As storage/tables.py: "no objection" recorded by silence for a delegation that never submitted.
SILENCE_RECORDED = "(submitted_position IS NULL AND position = 'no_objection')"

#: Each existing submission's answers: per recommendation, the last revision at or before it.
SNAPSHOTS = """
INSERT INTO submission_answers (submission_id, ref, position, amendment, comment)
SELECT s.id, r.ref, r.position, r.amendment, r.comment
FROM submissions s
JOIN revisions r ON r.round_id = s.round_id AND r.stakeholder = s.stakeholder
LEFT JOIN recommendations m ON m.round_id = r.round_id AND m.ref = r.ref
WHERE r.id = (
    SELECT max(r2.id) FROM revisions r2
    WHERE r2.round_id = s.round_id AND r2.stakeholder = s.stakeholder AND r2.ref = r.ref AND r2.at <= s.at
)
ORDER BY s.id, m.position, r.ref
"""

#: Who submitted, as the participant is named now (the best the old rows allow).
SUBMITTERS = """
UPDATE submissions SET
    name = COALESCE((SELECT p.name FROM participants p WHERE p.id = submissions.participant_id), ''),
    role = COALESCE((SELECT p.role FROM participants p WHERE p.id = submissions.participant_id), '')
"""

_LATEST = """(
    SELECT a.{column} FROM submission_answers a
    WHERE a.ref = responses.ref AND a.submission_id = (
        SELECT max(s.id) FROM submissions s
        WHERE s.round_id = responses.round_id AND s.stakeholder = responses.stakeholder
    )
)"""

#: The latest submission's answer on each response.
RECORD = f"""
UPDATE responses SET
    submitted_position = {_LATEST.format(column='position')},
    submitted_amendment = {_LATEST.format(column='amendment')},
    submitted_comment = {_LATEST.format(column='comment')}
WHERE EXISTS (
    SELECT 1 FROM submissions s WHERE s.round_id = responses.round_id AND s.stakeholder = responses.stakeholder
)
"""


def upgrade() -> None:
    """Upgrade schema and carry the receipts already issued over as snapshots."""
    op.add_column('submissions', sa.Column('name', sa.String(), server_default='', nullable=False))
    op.add_column('submissions', sa.Column('role', sa.String(), server_default='', nullable=False))
    op.add_column('responses', sa.Column('submitted_position', sa.String(), nullable=True))
    op.add_column('responses', sa.Column('submitted_amendment', sa.Text(), nullable=True))
    op.add_column('responses', sa.Column('submitted_comment', sa.Text(), nullable=True))
    op.create_table('submission_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(), nullable=False),
    sa.Column('position', sa.String(), nullable=False),
    sa.Column('amendment', sa.Text(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_submission_answers_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_answers')),
    sa.UniqueConstraint('submission_id', 'ref', name=op.f('uq_submission_answers_submission_id_ref'))
    )
    op.create_index('ix_responses_changed', 'responses', ['round_id', 'stakeholder'], sqlite_where=sa.text(DRAFT_DIFFERS), postgresql_where=sa.text(DRAFT_DIFFERS))
    op.create_index('ix_responses_record', 'responses', ['round_id', 'ref', 'submitted_position'])
    op.create_index('ix_responses_silence', 'responses', ['round_id', 'ref'], sqlite_where=sa.text(SILENCE_RECORDED), postgresql_where=sa.text(SILENCE_RECORDED))
    op.execute(SNAPSHOTS)
    op.execute(SUBMITTERS)
    op.execute(RECORD)


def downgrade() -> None:
    """Downgrade schema: the snapshots go (the receipts stay)."""
    op.drop_table('submission_answers')
    op.drop_index('ix_responses_changed', table_name='responses')
    op.drop_index('ix_responses_record', table_name='responses')
    op.drop_index('ix_responses_silence', table_name='responses')
    with op.batch_alter_table('responses') as batch:
        batch.drop_column('submitted_comment')
        batch.drop_column('submitted_amendment')
        batch.drop_column('submitted_position')
    with op.batch_alter_table('submissions') as batch:
        batch.drop_column('role')
        batch.drop_column('name')
