"""index (name_key, holder_key) only where a holder is given (most items have none)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_catalogue_items_name_holder", table_name="catalogue_items")
    op.create_index(
        "ix_catalogue_items_name_holder",
        "catalogue_items",
        ["name_key", "holder_key"],
        sqlite_where=sa.text("holder_key IS NOT NULL"),
        postgresql_where=sa.text("holder_key IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_catalogue_items_name_holder", table_name="catalogue_items")
    op.create_index("ix_catalogue_items_name_holder", "catalogue_items", ["name_key", "holder_key"])
