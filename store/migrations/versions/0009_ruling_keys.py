"""ruling_keys: what relates rulings to each other (case numbers, patents, companies), indexed

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BATCH = 1000  # rulings read (with their corrections) and keyed at a time


def upgrade() -> None:
    keys = op.create_table(
        "ruling_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ruling_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["ruling_id"], ["rulings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ruling_keys_ruling_id", "ruling_keys", ["ruling_id"])
    op.create_index("ix_ruling_keys_kind_key", "ruling_keys", ["kind", "key"])
    # Rulings registered before: the keys of their current values (corrections applied).
    from store.ruling_fields import apply_corrections, current_of
    from store.ruling_keys import key_rows

    connection = op.get_bind()
    ids = [i for (i,) in connection.execute(sa.text("SELECT id FROM rulings ORDER BY id"))]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        low, high = chunk[0], chunk[-1]
        fixes: dict[int, list] = {}
        for ruling_id, field, value in connection.execute(
            sa.text("SELECT ruling_id, field, value FROM corrections WHERE ruling_id BETWEEN :low AND :high ORDER BY id"),
            {"low": low, "high": high},
        ):
            fixes.setdefault(ruling_id, []).append((field, json.loads(value)))
        rows = []
        for ruling_id, extracted in connection.execute(
            sa.text("SELECT id, extracted FROM rulings WHERE id BETWEEN :low AND :high"), {"low": low, "high": high}
        ):
            rows += key_rows(ruling_id, current_of(apply_corrections(json.loads(extracted), fixes.get(ruling_id, []))))
        if rows:
            op.bulk_insert(keys, rows)


def downgrade() -> None:
    op.drop_index("ix_ruling_keys_kind_key", table_name="ruling_keys")
    op.drop_index("ix_ruling_keys_ruling_id", table_name="ruling_keys")
    op.drop_table("ruling_keys")
