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
    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_family_started_by_id_user_account'), 'user_account', ['started_by_id'], ['id'])

    with op.batch_alter_table('family_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('child_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_family_member_child_id'), ['child_id'])
        batch_op.create_foreign_key(batch_op.f('fk_family_member_child_id_child'), 'child', ['child_id'], ['id'])

    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreed_in_person_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('agreed_in_person_on', sa.Date(), nullable=True))
        batch_op.alter_column('granted_by_id', existing_type=sa.Integer(), nullable=True)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('link_token_hash', sa.String(length=64), nullable=True),
    sa.Column('claim_code_hash', sa.String(length=64), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['user_account.id'], name=op.f('fk_invitation_accepted_by_id_user_account')),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['user_account.id'], name=op.f('fk_invitation_cancelled_by_id_user_account')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_invitation_child_id_child')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_invitation_family_id_family')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_invitation_invited_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('claim_code_hash', name=op.f('uq_invitation_claim_code_hash')),
    sa.UniqueConstraint('link_token_hash', name=op.f('uq_invitation_link_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_family_id'), ['family_id'], unique=False)

    op.create_table('young_person_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('liked_and_admired', sa.Text(), nullable=False),
    sa.Column('important_to_me', sa.Text(), nullable=False),
    sa.Column('how_to_support_me', sa.Text(), nullable=False),
    sa.Column('my_future', sa.Text(), nullable=False),
    sa.Column('shared_with_family', sa.Boolean(), nullable=False),
    sa.Column('shared_with_broker', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_young_person_views_child_id_child')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_young_person_views')),
    sa.UniqueConstraint('child_id', name=op.f('uq_young_person_views_child_id'))
    )


def downgrade():
    op.drop_table('young_person_views')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_family_id'))

    op.drop_table('invitation')
    # Consents recorded in person before a parent claimed the family have nobody to name
    # as granting them in the old schema; they cannot outlive the downgrade.
    op.execute("DELETE FROM consent WHERE granted_by_id IS NULL")
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.alter_column('granted_by_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('agreed_in_person_on')
        batch_op.drop_column('agreed_in_person_by')

    with op.batch_alter_table('family_member', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_family_member_child_id_child'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_family_member_child_id'), type_='unique')
        batch_op.drop_column('child_id')

    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_family_started_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('started_by_id')
