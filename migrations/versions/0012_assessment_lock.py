"""An optimistic lock on assessments, so an officer filling in the questionnaire with the
family and the parent on the same page cannot silently overwrite each other's answers.

Revision ID: 0012_assessment_lock
Revises: 0011_mail_queue
Create Date: 2026-12-07 10:00:00

Only adds a column with a server default: the previous release's INSERTs do not name it
and its UPDATEs leave it alone, so it keeps working against this schema
(docs/deployment.md, "Migrations").
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_assessment_lock"
down_revision = "0011_mail_queue"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lock_version", sa.Integer(), server_default="1", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("lock_version")
