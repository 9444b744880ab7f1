"""payments remember the day they entered the ledger

A rise of the workbook's paid column is a claim that recorded payments dated on or before
that day may explain. Claims written before this revision get the day of the upgrade, so a
payment recorded by hand before it and shown again by the workbook is counted once.

Revision ID: 0002
Revises: 0001
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('payment') as batch:
        batch.add_column(sa.Column('recorded_on', sa.Date(), nullable=True))
    payment = sa.table('payment', sa.column('origin', sa.String()),
                       sa.column('recorded_on', sa.Date()))
    op.execute(payment.update().where(payment.c.origin == 'paid_column')
               .values(recorded_on=date.today()))


def downgrade() -> None:
    with op.batch_alter_table('payment') as batch:
        batch.drop_column('recorded_on')
