"""Objections (异议, policy clauses 四 and 五): registered here, each drives an opinion
request to the IP office (请求函, with the reply deadline) and a dispute guidance letter to
the parties (告知书); both go through the same draft → approve → issue steps as notices.

`objection_fields` and `draft_letters` hold what the pages and the JSON API share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import Engine

from generate.documents import plan_objection_letter
from generate.model import DISPUTE_GUIDANCE, OPINION_REQUEST
from generate.settings import SettingsError, load_settings
from rulingdesk.commands.objection import to_objection
from store.audit import Actor
from store.catalogue import get_item, get_items
from store.drafts import Drafted, StateError, add_drafts, drafts_of
from store.objections import ObjectionRecord, add_objection, get_objection, list_objections
from web.labels import label
from web.security import requires

bp = Blueprint("objections", __name__)
REPLY_DAYS = 30  # default reply deadline asked of the IP office


def _date(name: str, text: object, default: dt.date) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"{name}：日期格式应为 2099-01-31（收到的是 {text}）") from None


def objection_fields(given: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The keyword arguments of `add_objection` from a form or JSON body (objector, province,
    catalogue_id, patent, received, deadline, note): received defaults to `today`, the
    deadline to received + REPLY_DAYS. ValueError (in Chinese) for a date that is not ISO."""

    def text(name: str) -> str:
        return str(given.get(name) or "").strip()

    received = _date("收到日期", given.get("received"), today)
    try:
        default_deadline = received + dt.timedelta(days=REPLY_DAYS)
    except OverflowError:  # 9999-12-31 is a date; thirty days after it is none
        raise ValueError(f"收到日期：{received.isoformat()} 超出可用范围，答复期限无法计算") from None
    return {"objector": text("objector"), "province": text("province"), "catalogue_id": text("catalogue_id"),
            "patent_number": text("patent") or None, "received_on": received,
            "reply_deadline": _date("答复期限", given.get("deadline"), default_deadline),
            "note": text("note") or None}


def draft_letters(engine: Engine, home: Path, record: ObjectionRecord, actor: Actor) -> Drafted:
    """Draft the opinion request and the dispute guidance letter of an objection (the
    drafts, awaiting another officer's approval, and the letters refused because an
    approved or issued one exists). SettingsError when settings.toml is wrong; StateError
    when someone drafted them at the same moment."""
    settings = load_settings(home)
    item = get_item(engine, record.province, record.catalogue_id)
    plans = [plan_objection_letter(kind, to_objection(record), item, settings)
             for kind in (OPINION_REQUEST, DISPUTE_GUIDANCE)]
    return add_drafts(engine, None, plans, actor, objection_id=record.id)


@bp.route("/objections")
@requires("read")
def index():
    engine = current_app.extensions["desk"].engine
    records = list_objections(engine)
    items = get_items(engine, [(r.province, r.catalogue_id) for r in records]) if records else {}
    documents = {r.id: drafts_of(engine, objection_id=r.id) for r in records}
    return render_template("objections.html", records=records, items=items, documents=documents,
                           today=dt.date.today(), label=label)


@bp.route("/objections", methods=["POST"])
@requires("draft")
def register():
    engine = current_app.extensions["desk"].engine
    try:
        record = add_objection(engine, **objection_fields(request.form, dt.date.today()), actor=g.user.actor)
    except ValueError as err:
        flash(f"未登记：{err}", "error")
        return redirect(url_for("objections.index"))
    flash(f"已登记异议 {record.id}（答复期限 {record.reply_deadline}）。", "info")
    return redirect(url_for("objections.index"))


@bp.route("/objections/<int:objection_id>/drafts", methods=["POST"])
@requires("draft")
def prepare(objection_id: int):
    """Draft the opinion request and the dispute guidance letter of an objection."""
    desk = current_app.extensions["desk"]
    record = get_objection(desk.engine, objection_id)
    if record is None:
        abort(404)
    try:
        drafted = draft_letters(desk.engine, desk.home, record, g.user.actor)
    except SettingsError as err:
        flash(f"settings.toml 有误：{err}", "error")
        return redirect(url_for("objections.index"))
    except StateError as err:
        flash(str(err), "error")
        return redirect(url_for("objections.index"))
    for reason in drafted.refused:
        flash(reason, "error")
    if drafted.ids:
        flash(f"已起草 {len(drafted.ids)} 份函件，待另一位审核员核准。", "info")
    return redirect(url_for("objections.index"))
