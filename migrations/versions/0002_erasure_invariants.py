"""erasure invariants: preset reason codes, pending ids, feedback desk, seen signed requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 22:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_code', sa.String(length=32), nullable=True))

    with op.batch_alter_table('erasure_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_ids', sa.JSON(), nullable=True))

    with op.batch_alter_table('feedback_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'topic',
            sa.Enum('feedback', 'privacy', name='feedbacktopic', native_enum=False, length=32),
            nullable=False,
            server_default='feedback',
        ))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_feedback_messages_closed_at'), ['closed_at'], unique=False)
    with op.batch_alter_table('feedback_messages', schema=None) as batch_op:
        batch_op.alter_column('topic', server_default=None)

    op.create_table('seen_signed_requests',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('callback', sa.String(length=16), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('erasure_request_id', sa.Integer(), nullable=True),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_seen_signed_requests'))
    )
    with op.batch_alter_table('seen_signed_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_signed_requests_issued_at'), ['issued_at'], unique=False)


def downgrade():
    with op.batch_alter_table('seen_signed_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_signed_requests_issued_at'))
    op.drop_table('seen_signed_requests')
    with op.batch_alter_table('feedback_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_messages_closed_at'))
        batch_op.drop_column('closed_at')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('topic')
    with op.batch_alter_table('erasure_requests', schema=None) as batch_op:
        batch_op.drop_column('pending_ids')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('reason_code')
