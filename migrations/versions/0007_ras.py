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
    op.create_table('ras_scheme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme_key', sa.String(length=60), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=2000), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ras_scheme')),
    sa.UniqueConstraint('scheme_key', 'version', name=op.f('uq_ras_scheme_scheme_key'))
    )
    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('answers_json', sa.Text(), nullable=False),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('current_package_pence', sa.Integer(), nullable=True),
    sa.Column('result_json', sa.Text(), nullable=True),
    sa.Column('young_person_views', sa.Text(), nullable=True),
    sa.Column('confirmed_answers_json', sa.Text(), nullable=True),
    sa.Column('change_reasons_json', sa.Text(), nullable=True),
    sa.Column('confirmed_result_json', sa.Text(), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_assessment_child_id_child')),
    sa.ForeignKeyConstraint(['scheme_id'], ['ras_scheme.id'], name=op.f('fk_assessment_scheme_id_ras_scheme')),
    sa.ForeignKeyConstraint(['previous_id'], ['assessment.id'], name=op.f('fk_assessment_previous_id_assessment')),
    sa.ForeignKeyConstraint(['started_by_id'], ['user_account.id'], name=op.f('fk_assessment_started_by_id_user_account')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_assessment_submitted_by_id_user_account')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user_account.id'], name=op.f('fk_assessment_confirmed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('ras_review_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_ras_review_request_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_ras_review_request_requested_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ras_review_request'))
    )
    with op.batch_alter_table('ras_review_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ras_review_request_assessment_id'), ['assessment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('ras_review_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ras_review_request_assessment_id'))
    op.drop_table('ras_review_request')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_scheme_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_child_id'))
    op.drop_table('assessment')
    op.drop_table('ras_scheme')
