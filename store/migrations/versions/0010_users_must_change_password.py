"""users.must_change_password: an account whose password someone else set (created, reset)
changes it at its first sign-in

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite takes one with a default): a batch copy of `users` would have
    # to drop a table that draft versions and claims refer to.
    op.add_column("users", sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("users", "must_change_password")  # SQLite ≥ 3.35 drops a column in place
