"""Mail queue: email is stored with the change that caused it and delivered by a worker.

Revision ID: 0011_mail_queue
Revises: 0010_plan_voice
Create Date: 2026-12-06 10:00:00

Only adds a table, so the previous release keeps working against this schema
(docs/deployment.md, "Migrations").
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_mail_queue'
down_revision = '0010_plan_voice'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_queue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('gave_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_queue'))
    )
    with op.batch_alter_table('mail_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_queue_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_queue_sent_at'), ['sent_at'], unique=False)


def downgrade():
    with op.batch_alter_table('mail_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_queue_sent_at'))
        batch_op.drop_index(batch_op.f('ix_mail_queue_next_attempt_at'))
    op.drop_table('mail_queue')
