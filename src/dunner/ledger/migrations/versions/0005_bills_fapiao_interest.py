"""acceptance bills, tax invoices (发票) and late-payment rates

A payment may be an acceptance bill (承兑汇票): its kind, number, acceptor, maturity and what
became of it (held, endorsed on, dishonoured; honoured is derived from the maturity). An
invoice carries its fapiao state, number and dates. A customer may have a contract rate of
late-payment interest ("0.05%/day", "6%/year").

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('payment') as batch:
        batch.add_column(sa.Column('bill_kind', sa.String(), nullable=True))
        batch.add_column(sa.Column('bill_no', sa.String(), nullable=True))
        batch.add_column(sa.Column('bill_acceptor', sa.String(), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('bill_matures', sa.Date(), nullable=True))
        batch.add_column(sa.Column('bill_state', sa.String(), nullable=True))
        batch.add_column(sa.Column('bill_state_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('bill_endorsed_to', sa.String(), nullable=False,
                                   server_default=''))
    op.create_index('ix_payment_bill_no', 'payment', ['bill_no'])
    with op.batch_alter_table('invoice') as batch:
        batch.add_column(sa.Column('fapiao_state', sa.String(), nullable=False,
                                   server_default='untracked'))
        batch.add_column(sa.Column('fapiao_no', sa.String(), nullable=False, server_default=''))
        batch.add_column(sa.Column('fapiao_date', sa.Date(), nullable=True))
        batch.add_column(sa.Column('fapiao_received_on', sa.Date(), nullable=True))
    with op.batch_alter_table('customer') as batch:
        batch.add_column(sa.Column('late_rate', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('customer') as batch:
        batch.drop_column('late_rate')
    with op.batch_alter_table('invoice') as batch:
        for name in ('fapiao_received_on', 'fapiao_date', 'fapiao_no', 'fapiao_state'):
            batch.drop_column(name)
    op.drop_index('ix_payment_bill_no', 'payment')
    with op.batch_alter_table('payment') as batch:
        for name in ('bill_endorsed_to', 'bill_state_on', 'bill_state', 'bill_matures',
                     'bill_acceptor', 'bill_no', 'bill_kind'):
            batch.drop_column(name)
