"""rulings.needs_review: the precision guards' reasons for a ruling as a whole

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rulings") as batch:
        batch.add_column(sa.Column("needs_review", sa.Text(), nullable=True))
    # Rulings registered before: the reasons from their current values (corrections applied).
    from store.ruling_fields import apply_corrections, current_of
    from store.rulings import needs_review

    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, extracted FROM rulings")).fetchall()
    for ruling_id, extracted in rows:
        corrections = connection.execute(
            sa.text("SELECT field, value FROM corrections WHERE ruling_id = :id ORDER BY id"), {"id": ruling_id}
        ).fetchall()
        current = current_of(apply_corrections(json.loads(extracted), [(f, json.loads(v)) for f, v in corrections]))
        connection.execute(sa.text("UPDATE rulings SET needs_review = :why WHERE id = :id"),
                           {"why": needs_review(current), "id": ruling_id})


def downgrade() -> None:
    with op.batch_alter_table("rulings") as batch:
        batch.drop_column("needs_review")
