"""Resource Allocation System: scheme versions, assessments and their results.

Revision ID: 0007_ras
Revises: 0006_account_closure
Create Date: 2026-12-05 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_ras'
down_revision = '0006_account_closure'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
