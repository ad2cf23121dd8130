"""Back office: unit cost history and providers' proposed changes.

Revision ID: 0005_back_office
Revises: 0004_invitations
Create Date: 2026-12-05 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_back_office'
down_revision = '0004_invitations'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
