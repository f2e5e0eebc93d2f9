"""Approvals: the second opinion on each request (warnings shown before approval).

Revision ID: 0203_approval_warnings
Revises: 0202_audit
"""

import sqlalchemy as sa
from alembic import op

revision = "0203_approval_warnings"
down_revision = "0202_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("approval_requests") as table:
        table.add_column(sa.Column("warnings", sa.JSON, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("approval_requests") as table:
        table.drop_column("warnings")
