"""Match and decide (clerks, officers): candidates per accused product with score and
reasons; confirm, reject or pick from a hand search of the catalogue; the resulting actions
with their basis."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from generate.model import GUARD_LABELS
from generate.settings import OfficeMissing, SettingsError, load_settings
from store.catalogue import search
from store.drafts import StateError, add_drafts
from store.match_decisions import DECISIONS, decide_pairing, decisions_for
from web.cases import load_case
from web.casework import actions_for, candidates, findings_for, holds_for, plans_for
from web.labels import label
from web.security import bounded_int, requires

bp = Blueprint("matches", __name__)


@bp.route("/cases/<int:ruling_id>/matches")
@requires("read")
def page(ruling_id: int):
    desk = current_app.extensions["desk"]
    view = load_case(ruling_id)
    ruling = view.ruling
    pairs = candidates(desk.engine, ruling, decisions_for(desk.engine, ruling_id))
    by_product = defaultdict(list)
    for pair in pairs:
        by_product[pair.match.product].append(pair)
    words = request.args.get("q", "").strip()
    found = search(desk.engine, words, limit=20) if words else []
    return render_template("matches.html", view=view, r=view.current, ruling=ruling, by_product=by_product,
                           actions=actions_for(ruling, pairs), findings=findings_for(ruling), words=words,
                           holds=holds_for(ruling, pairs), guard_labels=GUARD_LABELS,
                           found=found, search_product=request.args.get("product", 0, type=bounded_int), label=label)


@bp.route("/cases/<int:ruling_id>/matches", methods=["POST"])
@requires("match")
def decide(ruling_id: int):
    load_case(ruling_id)
    form = request.form
    decision = form.get("decision", "")
    if decision not in DECISIONS or not form.get("province") or not form.get("catalogue_id"):
        flash("无效的匹配决定。", "error")
    else:
        decide_pairing(current_app.extensions["desk"].engine, ruling_id, form.get("product", 0, type=bounded_int),
                       form["province"], form["catalogue_id"], decision, g.user.actor)
        flash(f"已{'确认' if decision == 'confirmed' else '否决'}：{form['province']} {form['catalogue_id']}。", "info")
    return redirect(url_for("matches.page", ruling_id=ruling_id))


@bp.route("/cases/<int:ruling_id>/drafts", methods=["POST"])
@requires("draft")
def prepare(ruling_id: int):
    """Draft the documents the actions call for (unapproved earlier drafts are replaced)."""
    desk = current_app.extensions["desk"]
    view = load_case(ruling_id)
    ruling = view.ruling
    try:
        settings = load_settings(desk.home)
    except SettingsError as err:
        flash(f"settings.toml 有误：{err}", "error")
        return redirect(url_for("matches.page", ruling_id=ruling_id))
    pairs = candidates(desk.engine, ruling, decisions_for(desk.engine, ruling_id))
    try:
        plans = plans_for(ruling, actions_for(ruling, pairs), settings)
    except OfficeMissing as err:  # refused, not drafted under an invented office
        for missing in err.missing:
            flash(f"未起草：{missing}。", "error")
        return redirect(url_for("matches.page", ruling_id=ruling_id))
    if not plans:
        flash("根据当前的匹配与决定，本案无需起草文书。", "info")
        return redirect(url_for("matches.page", ruling_id=ruling_id))
    try:
        drafted = add_drafts(desk.engine, ruling_id, plans, g.user.actor)
    except StateError as err:
        flash(str(err), "error")
        return redirect(url_for("drafts.case_documents", ruling_id=ruling_id))
    for reason in drafted.refused:
        flash(reason, "error")
    if drafted.ids:
        flash(f"已起草 {len(drafted.ids)} 份文书，待另一位审核员核准。", "info")
    return redirect(url_for("drafts.case_documents", ruling_id=ruling_id))
