"""signals lose the derived flag nothing wrote or read

Derived warning signals are computed from the record on every run and never stored, so only
signals recorded by hand are in the table.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('signal') as batch:
        batch.drop_column('derived')


def downgrade() -> None:
    with op.batch_alter_table('signal') as batch:
        batch.add_column(sa.Column('derived', sa.Boolean(), nullable=False, server_default=sa.false()))
