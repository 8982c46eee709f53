"""Round lifecycle: a round keeps its deadline and records apart when, why and by whom it closed.

Revision ID: 0004_round_lifecycle
Revises: 0002
Create Date: 2026-12-06 02:00:00

Rounds closed before this revision had their deadline overwritten by a close by hand; the stored
deadline is then the moment of closing, so it becomes `closed_at`. The audit log tells a close by
hand (an audited "close", with its actor) from a close at the deadline (no audit entry).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004_round_lifecycle'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add closed_at, closed_reason, closed_by and deadline_moved_at; fill them for closed rounds."""
    with op.batch_alter_table('rounds') as batch:
        batch.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('closed_reason', sa.String(), nullable=False, server_default=''))
        batch.add_column(sa.Column('closed_by', sa.String(), nullable=False, server_default=''))
        batch.add_column(sa.Column('deadline_moved_at', sa.DateTime(timezone=True), nullable=True))
    if op.get_context().as_sql:  # `upgrade --sql` (offline): no rows to read, nothing to fill
        return
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
    bind = op.get_bind()
    closed = bind.execute(sa.select(rounds.c.slug, rounds.c.deadline).where(rounds.c.status == 'closed')).all()
    for slug, deadline in closed:
        by = bind.execute(
            sa.select(audit.c.actor)
            .where(audit.c.action == 'close', audit.c.target == slug)
            .order_by(audit.c.at.desc())
            .limit(1)
        ).scalar()
        bind.execute(
            rounds.update()
            .where(rounds.c.slug == slug)
            .values(closed_at=deadline, closed_reason='hand' if by else 'deadline', closed_by=by or '')
        )


def downgrade() -> None:
    """Drop the four columns (a closed round's deadline stays as it is)."""
    with op.batch_alter_table('rounds') as batch:
        batch.drop_column('deadline_moved_at')
        batch.drop_column('closed_by')
        batch.drop_column('closed_reason')
        batch.drop_column('closed_at')
