"""screened html: the desk's rendering of a held comment, stored when it is screened

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 01:30:00

The screening job stores the comment's plain text with its findings marked, so the desk's
queue page reads it instead of parsing every comment's HTML on every request. Rows screened
before this revision have none; the desk renders those as before until they are screened
again.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments') as batch_op:
        batch_op.add_column(sa.Column('screened_html', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('comments') as batch_op:
        batch_op.drop_column('screened_html')
