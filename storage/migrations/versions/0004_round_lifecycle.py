"""Round lifecycle: a round keeps its deadline and records apart when, why and by whom it closed.

Revision ID: 0004_round_lifecycle
Revises: 0003_submissions
Create Date: 2026-12-06 02:00:00

Rounds closed before this revision had their deadline overwritten by a close by hand; the stored
deadline is then the moment of closing, so it becomes `closed_at`. The audit log tells a close by
hand (an audited "close", with its actor) from a close at the deadline (no audit entry).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004_round_lifecycle'
down_revision: str | Sequence[str] | None = '0003_submissions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add closed_at, closed_reason, closed_by and deadline_moved_at; fill them for closed rounds."""
    with op.batch_alter_table('rounds') as batch:
        batch.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('closed_reason', sa.String(), nullable=False, server_default=''))
        batch.add_column(sa.Column('closed_by', sa.String(), nullable=False, server_default=''))
        batch.add_column(sa.Column('deadline_moved_at', sa.DateTime(timezone=True), nullable=True))
    rounds = sa.table(
        'rounds',
        sa.column('slug', sa.String()),
        sa.column('status', sa.String()),
        sa.column('deadline', sa.DateTime(timezone=True)),
        sa.column('closed_at', sa.DateTime(timezone=True)),
        sa.column('closed_reason', sa.String()),
        sa.column('closed_by', sa.String()),
    )
    audit = sa.table('audit', sa.column('actor', sa.String()), sa.column('action', sa.String()),
                     sa.column('target', sa.String()), sa.column('at', sa.DateTime(timezone=True)))
    # Plain UPDATEs (no reads in Python), so that `alembic upgrade --sql` writes them too.
    op.execute(
        rounds.update()
        .where(rounds.c.status == 'closed')
        .values(closed_at=rounds.c.deadline, closed_reason='deadline', closed_by='')
    )
    closer = (
        sa.select(audit.c.actor)
        .where(audit.c.action == 'close', audit.c.target == rounds.c.slug)
        .order_by(audit.c.at.desc())
        .limit(1)
        .scalar_subquery()
    )
    op.execute(
        rounds.update()
        .where(rounds.c.status == 'closed', sa.exists().where(audit.c.action == 'close', audit.c.target == rounds.c.slug))
        .values(closed_reason='hand', closed_by=closer)
    )


def downgrade() -> None:
    """Drop the four columns (a closed round's deadline stays as it is)."""
    with op.batch_alter_table('rounds') as batch:
        batch.drop_column('deadline_moved_at')
        batch.drop_column('closed_by')
        batch.drop_column('closed_reason')
        batch.drop_column('closed_at')
