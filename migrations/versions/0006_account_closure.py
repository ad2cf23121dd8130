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
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('full_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('deactivated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('anonymous_reference', sa.String(length=40), nullable=True))

    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')

    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('anonymous_reference')
        batch_op.drop_column('anonymised_at')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('deactivated_at')
        batch_op.drop_column('full_name')
