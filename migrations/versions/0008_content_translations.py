"""Translations of the council's content pages, one per page and language.

Revision ID: 0008_content_translations
Revises: 0007_ras
Create Date: 2026-12-05 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_content_translations'
down_revision = '0007_ras'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('content_page_translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['page_id'], ['content_page.id'], name=op.f('fk_content_page_translation_page_id_content_page'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_page_translation')),
    sa.UniqueConstraint('page_id', 'language', name=op.f('uq_content_page_translation_page_id'))
    )


def downgrade():
    op.drop_table('content_page_translation')
