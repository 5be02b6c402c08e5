"""thread roots index: a thread's first page reads its top-level comments in order

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 22:30:00

A partial index on the top-level comments of each article, in display order, so the first
page of a 50,000-comment thread reads 51 index entries rather than sorting the thread.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_comments_article_roots',
        'comments',
        ['article_id', 'created_at', 'id'],
        unique=False,
        postgresql_where=sa.text('parent_id IS NULL'),
        sqlite_where=sa.text('parent_id IS NULL'),
    )


def downgrade():
    op.drop_index('ix_comments_article_roots', table_name='comments')
