"""catalogue, status history, document numbers, objections

Revision ID: 0001
Revises:
Create Date: 2026-11-25 09:19:01.188744
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "document_numbers",
        sa.Column("office", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office", "year"),
    )
    op.create_table(
        "objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objector", sa.String(length=300), nullable=False),
        sa.Column("province", sa.String(length=50), nullable=False),
        sa.Column("catalogue_id", sa.String(length=100), nullable=False),
        sa.Column("patent_number", sa.String(length=40), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reply_deadline", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "catalogue_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=50), nullable=False),
        sa.Column("catalogue_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("nhsa_code", sa.String(length=40), nullable=True),
        sa.Column("trade_name", sa.String(length=300), nullable=True),
        sa.Column("dosage_form", sa.String(length=100), nullable=True),
        sa.Column("specification", sa.String(length=300), nullable=True),
        sa.Column("packaging", sa.String(length=300), nullable=True),
        sa.Column("manufacturer", sa.String(length=300), nullable=True),
        sa.Column("holder", sa.String(length=300), nullable=True),
        sa.Column("approval_numbers", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("batch", sa.String(length=200), nullable=True),
        sa.Column("selected", sa.Boolean(), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("maker_key", sa.String(length=300), nullable=True),
        sa.Column("holder_key", sa.String(length=300), nullable=True),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("first_import_id", sa.Integer(), nullable=False),
        sa.Column("last_import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_import_id"],
            ["catalogue_imports.id"],
        ),
        sa.ForeignKeyConstraint(
            ["last_import_id"],
            ["catalogue_imports.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("province", "catalogue_id", name="uq_catalogue_items_key"),
    )
    with op.batch_alter_table("catalogue_items", schema=None) as batch_op:
        batch_op.create_index("ix_catalogue_items_name_holder", ["name_key", "holder_key"], unique=False)
        batch_op.create_index("ix_catalogue_items_name_maker", ["name_key", "maker_key"], unique=False)
        batch_op.create_index("ix_catalogue_items_nhsa_code", ["nhsa_code"], unique=False)

    op.create_table(
        "catalogue_approvals",
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["catalogue_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("number", "item_id"),
    )
    with op.batch_alter_table("catalogue_approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalogue_approvals_item_id"), ["item_id"], unique=False)

    op.create_table(
        "catalogue_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("previous", sa.String(length=20), nullable=True),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["catalogue_imports.id"],
        ),
        sa.ForeignKeyConstraint(["item_id"], ["catalogue_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("catalogue_status_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalogue_status_changes_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("catalogue_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_status_changes_item_id"))

    op.drop_table("catalogue_status_changes")
    with op.batch_alter_table("catalogue_approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_approvals_item_id"))

    op.drop_table("catalogue_approvals")
    with op.batch_alter_table("catalogue_items", schema=None) as batch_op:
        batch_op.drop_index("ix_catalogue_items_nhsa_code")
        batch_op.drop_index("ix_catalogue_items_name_maker")
        batch_op.drop_index("ix_catalogue_items_name_holder")

    op.drop_table("catalogue_items")
    op.drop_table("objections")
    op.drop_table("document_numbers")
    op.drop_table("catalogue_imports")
