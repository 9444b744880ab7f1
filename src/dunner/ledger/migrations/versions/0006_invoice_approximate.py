"""approximate invoices

An invoice may stand for a figure an accounting export gives only roughly: the opening balance
of a detail ledger (期初余额) or one bucket of an aging table (账龄分析表). Reports mark it.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invoice') as batch:
        batch.add_column(sa.Column('approximate', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('invoice') as batch:
        batch.drop_column('approximate')
