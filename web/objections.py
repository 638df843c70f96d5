"""Objections (异议, policy clauses 四 and 五): registered here, each drives an opinion
request to the IP office (请求函, with the reply deadline) and a dispute guidance letter to
the parties (告知书); both go through the same draft → approve → issue steps as notices."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from generate.documents import plan_objection_letter
from generate.model import DISPUTE_GUIDANCE, OPINION_REQUEST
from generate.settings import SettingsError, load_settings
from rulingdesk.commands.objection import to_objection
from store.audit import log_event
from store.catalogue import get_item, get_items
from store.drafts import add_drafts, drafts_of
from store.objections import add_objection, get_objection, list_objections
from web.labels import label
from web.security import requires

bp = Blueprint("objections", __name__)
REPLY_DAYS = 30  # default reply deadline asked of the IP office


@bp.route("/objections")
@requires("read")
def index():
    engine = current_app.extensions["desk"].engine
    records = list_objections(engine)
    items = get_items(engine, [(r.province, r.catalogue_id) for r in records]) if records else {}
    documents = {r.id: drafts_of(engine, objection_id=r.id) for r in records}
    return render_template("objections.html", records=records, items=items, documents=documents,
                           today=dt.date.today(), label=label)


def _date(text: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else default
    except ValueError:
        abort(400, description=f"日期格式应为 2099-01-31：{text}")


@bp.route("/objections", methods=["POST"])
@requires("draft")
def register():
    engine = current_app.extensions["desk"].engine
    form = request.form
    received = _date(form.get("received"), dt.date.today())
    deadline = _date(form.get("deadline"), received + dt.timedelta(days=REPLY_DAYS))
    try:
        record = add_objection(engine, objector=form.get("objector", "").strip(), province=form.get("province", "").strip(),
                               catalogue_id=form.get("catalogue_id", "").strip(), received_on=received,
                               patent_number=form.get("patent", "").strip() or None, reply_deadline=deadline,
                               note=form.get("note", "").strip() or None)
    except ValueError as err:
        flash(f"未登记：{err}", "error")
        return redirect(url_for("objections.index"))
    log_event(engine, g.user.actor, "objection_registered", f"objection:{record.id}",
              after={"objector": record.objector, "province": record.province, "catalogue_id": record.catalogue_id,
                     "reply_deadline": deadline.isoformat()})
    flash(f"已登记异议 {record.id}（答复期限 {deadline.isoformat()}）。", "info")
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
        settings = load_settings(desk.home)
    except SettingsError as err:
        flash(f"settings.toml 有误：{err}", "error")
        return redirect(url_for("objections.index"))
    item = get_item(desk.engine, record.province, record.catalogue_id)
    plans = [plan_objection_letter(kind, to_objection(record), item, settings)
             for kind in (OPINION_REQUEST, DISPUTE_GUIDANCE)]
    add_drafts(desk.engine, None, plans, g.user.actor, objection_id=objection_id)
    flash("已起草请求函与告知书，待另一位审核员核准。", "info")
    return redirect(url_for("objections.index"))
