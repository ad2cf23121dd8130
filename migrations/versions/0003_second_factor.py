"""Second factor: TOTP secrets and recovery codes for staff, brokers and families who turn it on.

Revision ID: 0003_second_factor
Revises: 0002_accounts
Create Date: 2026-12-05 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_second_factor'
down_revision = '0002_accounts'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
