"""The young person's own voice in the plan, comments on a plan, and money a council
keeps in a block contract.

Revision ID: 0010_plan_voice
Revises: 0009_support_plans
Create Date: 2026-12-06 10:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010_plan_voice"
down_revision = "0009_support_plans"
branch_labels = None
depends_on = None


def upgrade():
    # Every young person's views stay out of plans until they choose to put them in.
    with op.batch_alter_table("young_person_views", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("include_in_plan", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("plan_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("young_person_views_json", sa.Text(), nullable=True))

    # Every line's money is released unless an officer records otherwise.
    with op.batch_alter_table("plan_line", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("money_not_released", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("not_released_reason", sa.Text(), server_default="", nullable=False)
        )

    op.create_table(
        "plan_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_plan_comment_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["plan_version.id"],
            name=op.f("fk_plan_comment_version_id_plan_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_comment")),
    )
    with op.batch_alter_table("plan_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_comment_version_id"), ["version_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("plan_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_comment_version_id"))

    op.drop_table("plan_comment")

    with op.batch_alter_table("plan_line", schema=None) as batch_op:
        batch_op.drop_column("not_released_reason")
        batch_op.drop_column("money_not_released")

    with op.batch_alter_table("plan_version", schema=None) as batch_op:
        batch_op.drop_column("young_person_views_json")

    with op.batch_alter_table("young_person_views", schema=None) as batch_op:
        batch_op.drop_column("include_in_plan")
