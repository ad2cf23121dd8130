"""Support plans: versions, outcomes, lines of support, how the money is managed, decisions.

Revision ID: 0009_support_plans
Revises: 0008_content_translations
Create Date: 2026-12-05 01:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_support_plans'
down_revision = '0008_content_translations'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
