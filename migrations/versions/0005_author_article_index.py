"""author article index: whether a reader has written in a thread is one index probe

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 04:25:00

A logged-in reader who has written nothing in a thread is served its shared (anonymous)
rendering; the session lookup asks whether they have, and without this index PostgreSQL
answered by intersecting the reader's comments with the whole thread's (10 ms for a
50,000-comment thread).
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_comments_author_article', 'comments', ['author_id', 'article_id'], unique=False
    )


def downgrade():
    op.drop_index('ix_comments_author_article', table_name='comments')
