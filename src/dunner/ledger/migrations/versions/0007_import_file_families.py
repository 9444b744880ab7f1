"""the families of imported files

An import reports the invoices a file no longer lists only when they came from a file of its
own family: files are one family when one of them lists invoices another brought. The files
earlier imports read become one family, which keeps what they were told.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'import_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(), nullable=False),
        sa.Column('family', sa.String(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_index('ix_import_file_family', 'import_file', ['family'])
    # every file an invoice came from, in the order they first brought one, under the first
    op.execute(
        "INSERT INTO import_file (name, family) "
        "SELECT source_file, (SELECT source_file FROM invoice WHERE source_file <> '' "
        "ORDER BY id LIMIT 1) FROM invoice WHERE source_file <> '' "
        "GROUP BY source_file ORDER BY min(id)")


def downgrade() -> None:
    op.drop_index('ix_import_file_family', 'import_file')
    op.drop_table('import_file')
