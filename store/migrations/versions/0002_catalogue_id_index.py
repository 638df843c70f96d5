"""index catalogue_items.catalogue_id (products known only by their platform code)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_catalogue_items_catalogue_id", "catalogue_items", ["catalogue_id"])


def downgrade() -> None:
    op.drop_index("ix_catalogue_items_catalogue_id", table_name="catalogue_items")
