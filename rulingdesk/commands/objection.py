"""`rulingdesk objection add|list|draft`: objections (异议) against listed items.

Clause 四: the procurement agency may ask the IP office for an opinion within a deadline
(`opinion_request`); clause 五: it may tell the parties where to take the dispute
(`dispute_guidance`). Records are kept in the data folder's database.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from generate.documents import plan_objection_letter
from generate.model import DISPUTE_GUIDANCE, OPINION_REQUEST, Objection
from generate.render import DeadlinePassed, check_deadline, draft
from generate.settings import SettingsError, load_settings
from rulingdesk.home import home_dir


def _engine(ctx: click.Context):
    from store import open_engine

    return open_engine(home_dir((ctx.obj or {}).get("home")))


def _record_json(record) -> dict[str, object]:
    return {
        "id": record.id, "objector": record.objector, "province": record.province,
        "catalogue_id": record.catalogue_id, "patent": record.patent_number,
        "received": record.received_on.isoformat(),
        "reply_deadline": record.reply_deadline.isoformat() if record.reply_deadline else None,
        "note": record.note,
    }


def to_objection(record) -> Objection:
    """The generate stage's view of a stored objection record."""
    return Objection(
        objector=record.objector, province=record.province, catalogue_id=record.catalogue_id,
        patent=record.patent_number or "", received=record.received_on.isoformat(),
        reply_deadline=record.reply_deadline.isoformat() if record.reply_deadline else "", id=record.id,
    )


@click.group("objection")
def command() -> None:
    """Objections (异议) against listed items, and the letters drafted from them."""


@command.command("add")
@click.option("--objector", required=True, help="Who objects (usually the patentee).")
@click.option("--province", required=True, help="省份 of the listed item.")
@click.option("--catalogue-id", required=True, help="产品编码 of the listed item.")
@click.option("--patent", help="Patent number, e.g. ZL201911937865.X.")
@click.option("--received", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date received (default: today).")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reply deadline asked of the IP office (default: received + 30 days).")
@click.option("--note", help="Free text.")
@click.option("--json", "as_json", is_flag=True, help="Print the stored record as JSON.")
@click.pass_context
def add(ctx: click.Context, objector: str, province: str, catalogue_id: str, patent: str | None,
        received: dt.datetime | None, deadline: dt.datetime | None, note: str | None, as_json: bool) -> None:
    """Record an objection; prints its id."""
    from store.objections import add_objection

    received_on = received.date() if received else dt.date.today()
    reply_deadline = deadline.date() if deadline else received_on + dt.timedelta(days=30)
    try:
        record = add_objection(_engine(ctx), objector=objector, province=province, catalogue_id=catalogue_id,
                               received_on=received_on, patent_number=patent, reply_deadline=reply_deadline,
                               note=note)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    click.echo(json.dumps(_record_json(record), ensure_ascii=False) if as_json else f"objection {record.id} recorded")


@command.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """The objections recorded, oldest first, as JSON Lines."""
    from store.objections import list_objections

    for record in list_objections(_engine(ctx)):
        click.echo(json.dumps(_record_json(record), ensure_ascii=False))


@command.command("draft")
@click.argument("objection_id", type=int)
@click.option("--kind", "kinds", type=click.Choice([DISPUTE_GUIDANCE, OPINION_REQUEST, "both"]), default="both",
              show_default=True, help="Which letter to draft.")
@click.option("--out", required=True, type=click.Path(path_type=Path, file_okay=False), help="Output folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the drafted documents as JSON.")
@click.pass_context
def draft_letters(ctx: click.Context, objection_id: int, kinds: str, out: Path, as_json: bool) -> None:
    """Draft the dispute guidance (告知书) and/or the opinion request (请求函) of an objection."""
    from store.catalogue import get_item
    from store.numbers import allocate_document_number
    from store.objections import get_objection

    home = home_dir((ctx.obj or {}).get("home"))
    try:
        settings = load_settings(home)
    except SettingsError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    engine = _engine(ctx)
    record = get_objection(engine, objection_id)
    if record is None:
        click.echo(f"objection {objection_id}: no such objection", err=True)
        sys.exit(1)
    objection = to_objection(record)
    item = get_item(engine, record.province, record.catalogue_id)
    if item is None:
        click.echo(f"objection {objection_id}: {record.province} {record.catalogue_id} is not in the catalogue; "
                   "the letter names the item by its code only", err=True)
    chosen = (DISPUTE_GUIDANCE, OPINION_REQUEST) if kinds == "both" else (kinds,)
    try:
        plans = [plan_objection_letter(kind, objection, item, settings) for kind in chosen]
    except SettingsError as error:  # the province's agency is not in settings.toml: nothing drafted
        click.echo(f"objection {objection_id}: {error}", err=True)
        sys.exit(1)
    today = dt.date.today()
    try:
        for plan in plans:
            check_deadline(plan, today)
    except DeadlinePassed as error:  # checked before any number is allocated or file written
        click.echo(f"objection {objection_id}: {error}", err=True)
        sys.exit(1)
    drafted = draft(plans, out, lambda prefix, year: allocate_document_number(engine, prefix, year), today)
    for document in drafted:
        if as_json:
            click.echo(json.dumps({"kind": document.kind, "path": document.path, "number": document.number,
                                   "title": document.title, "catalogue_ids": list(document.catalogue_ids)},
                                  ensure_ascii=False))
        else:
            click.echo(f"wrote {out / document.path}  {document.number}  {document.title}")
