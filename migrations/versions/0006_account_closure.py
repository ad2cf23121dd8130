"""Account closure requests and the retention of closed accounts.

Revision ID: 0006_account_closure
Revises: 0005_back_office
Create Date: 2026-12-05 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_account_closure'
down_revision = '0005_back_office'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
