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
    # Adding a column is done in place on SQLite too (no table copy), which matters here:
    # copying service would drop the full-text search triggers 0001 put on it.
    # Every service that exists already is in the public directory, so it is published.
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('editorial_state', sa.String(length=20), server_default='published', nullable=False))
        batch_op.create_index(batch_op.f('ix_service_editorial_state'), ['editorial_state'], unique=False)

    op.create_table('cost_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('cost_option_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('previous_pence', sa.Integer(), nullable=True),
    sa.Column('new_pence', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['cost_option_id'], ['cost_option.id'], name=op.f('fk_cost_change_cost_option_id_cost_option'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_cost_change_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cost_change'))
    )
    with op.batch_alter_table('cost_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cost_change_cost_option_id'), ['cost_option_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cost_change_service_id'), ['service_id'], unique=False)

    op.create_table('provider_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_provider_invitation_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_provider_invitation_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_provider_invitation_token_hash'))
    )
    with op.batch_alter_table('provider_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_invitation_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('service_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('proposed', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_service_proposal_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['invitation_id'], ['provider_invitation.id'], name=op.f('fk_service_proposal_invitation_id_provider_invitation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_proposal_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_proposal'))
    )
    with op.batch_alter_table('service_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_proposal_invitation_id'), ['invitation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_proposal_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_proposal_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('service_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_proposal_status'))
        batch_op.drop_index(batch_op.f('ix_service_proposal_service_id'))
        batch_op.drop_index(batch_op.f('ix_service_proposal_invitation_id'))
    op.drop_table('service_proposal')

    with op.batch_alter_table('provider_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_invitation_organisation_id'))
    op.drop_table('provider_invitation')

    with op.batch_alter_table('cost_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cost_change_service_id'))
        batch_op.drop_index(batch_op.f('ix_cost_change_cost_option_id'))
    op.drop_table('cost_change')

    # Dropping a column would make SQLite copy the service table, losing the full-text
    # search triggers on it; SQLite 3.35+ drops a plain column in place.
    op.drop_index(op.f('ix_service_editorial_state'), table_name='service')
    op.drop_column('service', 'editorial_state')
