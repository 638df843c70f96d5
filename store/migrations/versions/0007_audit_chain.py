"""audit_log as a hash chain: seq, prev_hash, row_hash (unique), existing rows chained

The append-only triggers refuse the UPDATE that chains the existing rows, so they are
dropped for this migration's transaction and put back (same definitions as 0003).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")


def _create_triggers() -> None:
    """Triggers that refuse UPDATE and DELETE on audit_log (as 0003 installs them)."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )


def upgrade() -> None:
    from store.audit_chain import GENESIS, content_hash

    _drop_triggers()
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(64), nullable=True))
    # The rows written so far, chained in the order they were written (by id).
    connection = op.get_bind()
    table = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime(timezone=True)),
                     sa.column("user_id", sa.Integer), sa.column("username", sa.String),
                     sa.column("action", sa.String), sa.column("subject", sa.String),
                     sa.column("before", sa.Text), sa.column("after", sa.Text), sa.column("seq", sa.Integer),
                     sa.column("prev_hash", sa.String), sa.column("row_hash", sa.String))
    rows = connection.execute(sa.select(table.c.id, table.c.at, table.c.user_id, table.c.username, table.c.action,
                                        table.c.subject, table.c.before, table.c.after).order_by(table.c.id)).fetchall()
    previous = GENESIS
    for seq, (row_id, at, user_id, username, action, subject, before, after) in enumerate(rows, start=1):
        row_hash = content_hash(seq, previous, at, user_id, username, action, subject, before, after)
        connection.execute(sa.update(table).where(table.c.id == row_id)
                           .values(seq=seq, prev_hash=previous, row_hash=row_hash))
        previous = row_hash
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("row_hash", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_audit_log_seq", ["seq"])
        batch.create_unique_constraint("uq_audit_log_prev_hash", ["prev_hash"])
        batch.create_unique_constraint("uq_audit_log_row_hash", ["row_hash"])
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_constraint("uq_audit_log_row_hash", type_="unique")
        batch.drop_constraint("uq_audit_log_prev_hash", type_="unique")
        batch.drop_constraint("uq_audit_log_seq", type_="unique")
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
    _create_triggers()
