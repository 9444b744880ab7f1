"""payments, contacts, promises, acknowledgements and signals can be undone

``dunner undo ID`` marks a mistaken record undone (the day and a note) instead of deleting it:
it stays in the customer's history and leaves every rule.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TABLES = ('payment', 'contact_log', 'promise', 'acknowledgement', 'signal')


def upgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column('undone_on', sa.Date(), nullable=True))
            batch.add_column(sa.Column('undo_note', sa.String(), nullable=False, server_default=''))


def downgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.drop_column('undo_note')
            batch.drop_column('undone_on')
