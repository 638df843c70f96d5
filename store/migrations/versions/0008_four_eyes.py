"""four eyes: immutable draft versions, one live document per (owner, kind, item),
users.role_since

Revision ID: 0008
Revises: 0007

Drafts made before get their versions rebuilt from the audit log's `draft_edited` rows (the
values before each edit), so that whoever edited a draft before the upgrade still may not
approve it. Live documents get their claims, issued ones first, then approved, then drafts;
a document that would be a second live one of its (owner, kind, item) — the duplicates this
revision exists to stop — keeps its state but no claim, and is listed on stderr.
"""

from __future__ import annotations

import json
import sys

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("role_since", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET role_since = created_at")
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("version", sa.String(64), nullable=True))
        batch.add_column(sa.Column("approved_version", sa.String(64), nullable=True))
        batch.add_column(sa.Column("approver_new_since", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "draft_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("plan_values", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("made_by", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"]),
        sa.ForeignKeyConstraint(["made_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "number", name="uq_draft_versions_number"),
    )
    op.create_index("ix_draft_versions_draft_id", "draft_versions", ["draft_id"])
    op.create_table(
        "document_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("item", sa.String(100), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner", "kind", "item", name="uq_document_claims_live"),
    )
    op.create_index("ix_document_claims_draft_id", "document_claims", ["draft_id"])
    _backfill(op.get_bind())
    _append_only("draft_versions")


def _backfill(connection: sa.Connection) -> None:
    from store.drafts import claims_of, version_hash

    drafts = connection.execute(sa.text(
        "SELECT id, ruling_id, objection_id, kind, prefix, plan_values, enterprise, catalogue_ids, state, "
        "drafted_by, drafted_at FROM drafts ORDER BY id")).fetchall()
    claimed: set[tuple[str, str, str]] = set()
    order = {"issued": 0, "approved": 1, "draft": 2}
    for row in sorted(drafts, key=lambda r: (order.get(r.state, 3), r.id)):
        values = json.loads(row.plan_values)
        catalogue_ids = tuple(json.loads(row.catalogue_ids))
        versions = [(values, row.drafted_by, row.drafted_at)]
        edits = connection.execute(sa.text(
            "SELECT user_id, at, before FROM audit_log WHERE action = 'draft_edited' AND subject = :s "
            "ORDER BY id DESC"), {"s": f"draft:{row.id}"}).fetchall()
        for edit in edits:  # newest first: undo each edit to get the values it started from
            newer, _by, _at = versions[0]
            versions[0] = (newer, edit.user_id if edit.user_id is not None else row.drafted_by, edit.at)
            versions.insert(0, ({**newer, **json.loads(edit.before or "{}")}, row.drafted_by, row.drafted_at))
        sha = ""
        for number, (vals, by, at) in enumerate(versions, start=1):
            sha = version_hash(row.kind, row.prefix, row.enterprise, catalogue_ids, vals)
            connection.execute(sa.text(
                "INSERT INTO draft_versions (draft_id, number, plan_values, sha256, made_by, made_at) "
                "VALUES (:d, :n, :v, :h, :b, :a)"),
                {"d": row.id, "n": number, "v": json.dumps(vals, ensure_ascii=False), "h": sha, "b": by, "a": at})
        connection.execute(sa.text("UPDATE drafts SET version = :h WHERE id = :d"), {"h": sha, "d": row.id})
        if row.state in ("approved", "issued"):
            connection.execute(sa.text("UPDATE drafts SET approved_version = :h WHERE id = :d"),
                               {"h": sha, "d": row.id})
        if row.state not in order:
            continue
        keys = claims_of(row.ruling_id, row.objection_id, row.kind, catalogue_ids)
        if claimed & set(keys):
            print(f"0008: document {row.id} ({row.state}) is a second live {row.kind} of {keys[0][0]}; "
                  "not claimed (withdraw one of them)", file=sys.stderr)
            continue
        claimed.update(keys)
        for owner, kind, item in keys:
            connection.execute(sa.text(
                "INSERT INTO document_claims (owner, kind, item, draft_id) VALUES (:o, :k, :i, :d)"),
                {"o": owner, "k": kind, "i": item, "d": row.id})


def _append_only(table: str) -> None:
    """Triggers that refuse UPDATE and DELETE on `table` (as 0003 does for the audit log)."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS draft_versions_no_update")
        op.execute("DROP TRIGGER IF EXISTS draft_versions_no_delete")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS draft_versions_append_only ON draft_versions")
        op.execute("DROP FUNCTION IF EXISTS draft_versions_append_only()")
    op.drop_index("ix_document_claims_draft_id", table_name="document_claims")
    op.drop_table("document_claims")
    op.drop_index("ix_draft_versions_draft_id", table_name="draft_versions")
    op.drop_table("draft_versions")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("approver_new_since")
        batch.drop_column("approved_version")
        batch.drop_column("version")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("role_since")
