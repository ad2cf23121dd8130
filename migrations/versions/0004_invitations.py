"""Invitations for a second parent and young people, young people's own views, and drop-in claim codes.

Revision ID: 0004_invitations
Revises: 0003_second_factor
Create Date: 2026-12-05 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_invitations'
down_revision = '0003_second_factor'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
