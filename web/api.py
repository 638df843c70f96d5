"""The JSON API: the desk's tasks for other programs, with the same permissions as the
pages (the session cookie of /login; state-changing calls send the X-CSRF-Token header,
from GET /api/csrf). Described by the OpenAPI document at /api/openapi.json."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, g, jsonify, request

from generate.render import DeadlinePassed
from generate.settings import OfficeMissing, SettingsError
from store.audit import entries
from store.catalogue import get_items
from store.drafts import FourEyesError, StateError, add_drafts, approve, drafts_of, get_draft, issue, withdraw
from store.jobs import jobs_by_id
from store.match_decisions import DECISIONS, decide_pairing, decisions_for
from store.objections import ObjectionRecord, add_objection, get_objection, list_objections
from store.ruling_fields import FieldError, new_item
from store.rulings import add_item, correct_field, get_ruling, list_rulings, set_removed
from web.api_spec import openapi_document
from web.casework import actions_for, candidates, holds_for, make_renderer, plans_for
from web.deadlines import reply_deadlines, watched
from web.drafts import new_officer_window
from web.limits import BodyKind, receives_files
from web.objections import draft_letters, objection_fields
from web.search import find, query_words
from web.security import bounded_int, csrf_token, id_list, requires
from web.upload import accept_files

bp = Blueprint("api", __name__, url_prefix="/api")


def _desk():  # type: ignore[no-untyped-def]
    return current_app.extensions["desk"]


def _case(ruling_id: int):  # type: ignore[no-untyped-def]
    view = get_ruling(_desk().engine, ruling_id)
    if view is None:
        abort(404)
    return view


# What a JSON body that is not an object is, in the message that refuses it.
_JSON_KINDS = {list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值"}


def _body() -> dict[str, Any]:
    """The request's JSON object, {} when there is no JSON body. JSON that is not an object
    (`[null, null]`, `"x"`, `5`) is refused with 400 saying what it was: the views read fields
    of an object, and a list would otherwise reach them as one (a 500)."""
    body = request.get_json(silent=True)
    if body is None:
        return {}
    if not isinstance(body, dict):
        abort(400, description=f"请求体应为 JSON 对象 {{…}}，收到的是{_JSON_KINDS.get(type(body), 'JSON')}")
    return body


def _draft_json(draft) -> dict:  # type: ignore[no-untyped-def]
    return {"id": draft.id, "ruling_id": draft.ruling_id, "kind": draft.kind, "state": draft.state,
            "title": draft.title, "number": draft.number, "drafted_by": draft.drafted_by,
            "approved_by": draft.approved_by, "sha256": draft.docx_sha256, "catalogue_ids": list(draft.catalogue_ids),
            "version": draft.version, "authors": list(draft.authors),
            "approver_new_since": draft.approver_new_since.isoformat() if draft.approver_new_since else None}


def _objection_json(record: ObjectionRecord, item_name: str | None = None) -> dict:
    return {"id": record.id, "objector": record.objector, "province": record.province,
            "catalogue_id": record.catalogue_id, "item_name": item_name, "patent_number": record.patent_number,
            "received_on": record.received_on.isoformat(),
            "reply_deadline": record.reply_deadline.isoformat() if record.reply_deadline else None,
            "note": record.note}


def _case_json(ruling_id: int) -> dict:
    """The ruling as the pipeline reads it (`ruling`) and with every item in its place, removed
    ones marked (`editable`: correction paths and removals count in it)."""
    view = _case(ruling_id)
    return {"ruling": view.current, "editable": view.full}


@bp.route("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.route("/csrf")
def csrf():
    return jsonify({"csrf_token": csrf_token()})


@bp.route("/cases")
@requires("read")
def cases():
    page = max(1, request.args.get("page", 1, type=bounded_int))
    rows, total = list_rulings(_desk().engine, limit=50, offset=(page - 1) * 50)
    return jsonify({"total": total, "page": page, "cases": [dataclasses.asdict(r) for r in rows]})


@bp.route("/cases/<int:ruling_id>")
@requires("read")
def case(ruling_id: int):
    view = _case(ruling_id)
    return jsonify({"id": view.id, "ruling": view.current, "editable": view.full, "extracted": view.extracted,
                    "corrected": {k: {"by": who, "at": at} for k, (who, at) in view.corrected.items()},
                    "possible_copy_of": view.possible_copy_of})


@bp.route("/cases/<int:ruling_id>/corrections", methods=["POST"])
@requires("correct")
def correct(ruling_id: int):
    _case(ruling_id)
    body = _body()
    try:
        saved = correct_field(_desk().engine, ruling_id, str(body.get("field", "")), str(body.get("value", "")),
                              g.user.actor)
    except FieldError as err:
        return jsonify({"error": str(err)}), 400
    return jsonify({"saved": saved, **_case_json(ruling_id)})


@bp.route("/cases/<int:ruling_id>/parties", methods=["POST"], defaults={"key": "parties"})
@bp.route("/cases/<int:ruling_id>/products", methods=["POST"], defaults={"key": "products"})
@requires("correct")
def add(ruling_id: int, key: str):
    """Add a party {name, role, uscc?, side?} or an accused product {name, specification?,
    approval_number?, manufacturer?} the extractor missed."""
    _case(ruling_id)
    try:
        index = add_item(_desk().engine, ruling_id, key, new_item(key, _body()),
                         g.user.actor)
    except FieldError as err:
        return jsonify({"error": str(err)}), 400
    return jsonify({"index": index, **_case_json(ruling_id)}), 201


@bp.route("/cases/<int:ruling_id>/parties/<int:index>/removed", methods=["POST"], defaults={"key": "parties"})
@bp.route("/cases/<int:ruling_id>/products/<int:index>/removed", methods=["POST"], defaults={"key": "products"})
@requires("correct")
def remove(ruling_id: int, key: str, index: int):
    """Remove ({removed: true}) or restore ({removed: false}) the item at `index` of `editable`."""
    _case(ruling_id)
    removed = _body().get("removed")
    if not isinstance(removed, bool):
        return jsonify({"error": "请说明删除还是恢复：removed 应为 true（删除）或 false（恢复）"}), 400
    try:
        saved = set_removed(_desk().engine, ruling_id, key, index, removed, g.user.actor)
    except FieldError as err:
        return jsonify({"error": str(err)}), 404
    return jsonify({"saved": saved, **_case_json(ruling_id)})


@bp.route("/cases/<int:ruling_id>/effective", methods=["POST"])
@requires("correct")
def mark_effective(ruling_id: int):
    """The ruling has become effective (生效证明 received): a correction of `effective`, as on
    the deadlines page; the actions follow from it."""
    _case(ruling_id)
    saved = correct_field(_desk().engine, ruling_id, "effective", "true", g.user.actor)
    return jsonify({"saved": saved, **_case_json(ruling_id)})


@bp.route("/upload", methods=["POST"])
@receives_files(BodyKind.RULINGS)
@requires("upload")
def upload():
    files = [f for f in request.files.getlist("files") if f and f.filename]
    return jsonify({"files": accept_files(files)})


@bp.route("/jobs")
@requires("upload")
def jobs():
    ids = id_list(request.args.get("ids", ""))
    return jsonify({"jobs": [dataclasses.asdict(j) for j in jobs_by_id(_desk().engine, ids)]})


@bp.route("/cases/<int:ruling_id>/matches")
@requires("read")
def matches(ruling_id: int):
    ruling = _case(ruling_id).ruling
    pairs = candidates(_desk().engine, ruling, decisions_for(_desk().engine, ruling_id))
    return jsonify({
        "matches": [{"product": c.match.product, "catalogue_id": c.match.item.catalogue_id,
                     "province": c.match.item.province, "score": round(c.match.score, 4),
                     "decision": c.match.decision, "person": c.person, "in_force": c.in_force,
                     "because": list(c.match.because)} for c in pairs],
        "actions": [{"product": a.product, "catalogue_id": a.item.catalogue_id, "province": a.item.province,
                     "action": a.action, "basis": a.basis, "estimated_date": a.estimated_date,
                     "guard": str(a.guard) if a.guard else None}
                    for a in actions_for(ruling, pairs)],
        "review": [{"product": h.product, "guard": str(h.guard), "why": h.why,
                    **({"catalogue_id": h.item.catalogue_id, "province": h.item.province} if h.item else {})}
                   for h in holds_for(ruling, pairs)],
    })


@bp.route("/cases/<int:ruling_id>/matches", methods=["POST"])
@requires("match")
def decide(ruling_id: int):
    _case(ruling_id)
    body = _body()
    if body.get("decision") not in DECISIONS or not body.get("province") or not body.get("catalogue_id"):
        return jsonify({"error": "decision must be confirmed or rejected, with province and catalogue_id"}), 400
    try:  # the product's place in the ruling: a bounded integer, as the ids of the URLs are
        product = bounded_int(str(body.get("product", 0)))
    except ValueError:
        product = -1
    if product < 0:
        return jsonify({"error": f"product 应为产品的序号（0、1、2…），收到的是 {str(body.get('product'))[:40]}"}), 400
    decide_pairing(_desk().engine, ruling_id, product, str(body["province"]), str(body["catalogue_id"]),
                   body["decision"], g.user.actor)
    return jsonify({"ok": True})


@bp.route("/cases/<int:ruling_id>/drafts", methods=["POST"])
@requires("draft")
def prepare(ruling_id: int):
    from generate.settings import load_settings

    ruling = _case(ruling_id).ruling
    pairs = candidates(_desk().engine, ruling, decisions_for(_desk().engine, ruling_id))
    try:
        plans = plans_for(ruling, actions_for(ruling, pairs), load_settings(_desk().home))
    except OfficeMissing as err:
        return jsonify({"error": "发文设置缺少起草所需的机关，未起草", "missing": list(err.missing)}), 409
    if not plans:
        return jsonify({"drafts": [], "refused": []})
    try:
        drafted = add_drafts(_desk().engine, ruling_id, plans, g.user.actor)
    except StateError as err:
        return jsonify({"error": str(err)}), 409
    return jsonify({"drafts": list(drafted.ids), "refused": list(drafted.refused)})


@bp.route("/cases/<int:ruling_id>/documents")
@requires("read")
def documents(ruling_id: int):
    _case(ruling_id)
    return jsonify({"documents": [_draft_json(d) for d in drafts_of(_desk().engine, ruling_id)]})


@bp.route("/drafts/<int:draft_id>/<step>", methods=["POST"])
@requires("approve")
def transition(draft_id: int, step: str):
    desk = _desk()
    if get_draft(desk.engine, draft_id) is None or step not in ("approve", "issue", "withdraw"):
        abort(404)
    try:
        if step == "approve":  # the body names the version approved: {"version": <the document's "version">}
            approve(desk.engine, desk.home, draft_id, g.user.actor, make_renderer(desk.templates), dt.date.today(),
                    seen=str(_body().get("version") or ""),
                    new_officer=new_officer_window())
        elif step == "issue":
            issue(desk.engine, draft_id, g.user.actor)
        else:
            withdraw(desk.engine, draft_id, g.user.actor)
    except FourEyesError as err:
        return jsonify({"error": str(err)}), 403
    except (StateError, DeadlinePassed) as err:
        return jsonify({"error": str(err)}), 409
    found = get_draft(desk.engine, draft_id)
    assert found is not None
    return jsonify(_draft_json(found[0]))


@bp.route("/search")
@requires("read")
def search():
    page = max(1, request.args.get("page", 1, type=bounded_int))
    sort = request.args.get("sort") if request.args.get("sort") in ("case", "relevance") else "date"
    hits, total, indexed = find(query_words(), sort=sort, limit=20, offset=(page - 1) * 20)
    return jsonify({"total": total, "page": page, "indexed": indexed, "hits": [dataclasses.asdict(h) for h in hits]})


@bp.route("/audit")
@requires("audit")
def audit():
    page = max(1, request.args.get("page", 1, type=bounded_int))
    rows = entries(_desk().engine, limit=100, offset=(page - 1) * 100, action=request.args.get("action") or None)
    return jsonify({"entries": [{"id": e.id, "at": e.at.isoformat(), "user": e.username, "action": e.action,
                                 "subject": e.subject, "before": e.before, "after": e.after, "seq": e.seq,
                                 "prev_hash": e.prev_hash, "row_hash": e.row_hash} for e in rows]})


@bp.route("/deadlines")
@requires("read")
def deadlines():
    today = dt.date.today()
    engine = _desk().engine
    return jsonify({"today": today.isoformat(),
                    "appeal_periods": [dataclasses.asdict(d) for d in watched(engine, today)],
                    "replies": [_objection_json(o) for o in reply_deadlines(engine)]})


@bp.route("/objections")
@requires("read")
def objections():
    engine = _desk().engine
    records = list_objections(engine)
    items = get_items(engine, [(r.province, r.catalogue_id) for r in records]) if records else {}
    found = []
    for record in records:
        item = items.get((record.province, record.catalogue_id))
        found.append({**_objection_json(record, item.name if item else None),
                      "documents": [_draft_json(d) for d in drafts_of(engine, objection_id=record.id)]})
    return jsonify({"objections": found})


@bp.route("/objections", methods=["POST"])
@requires("draft")
def register_objection():
    try:
        fields = objection_fields(_body(), dt.date.today())
        record = add_objection(_desk().engine, **fields, actor=g.user.actor)
    except ValueError as err:
        return jsonify({"error": f"未登记：{err}"}), 400
    return jsonify(_objection_json(record)), 201


@bp.route("/objections/<int:objection_id>/drafts", methods=["POST"])
@requires("draft")
def objection_letters(objection_id: int):
    """Draft the opinion request and the dispute guidance letter of an objection."""
    desk = _desk()
    record = get_objection(desk.engine, objection_id)
    if record is None:
        abort(404)
    try:
        drafted = draft_letters(desk.engine, desk.home, record, g.user.actor)
    except OfficeMissing as err:  # the province's agency is not configured: refused, nothing made up
        return jsonify({"error": "发文设置缺少起草所需的机关，未起草", "missing": list(err.missing)}), 409
    except SettingsError as err:
        return jsonify({"error": f"settings.toml 有误：{err}"}), 500
    except StateError as err:
        return jsonify({"error": str(err)}), 409
    return jsonify({"drafts": list(drafted.ids), "refused": list(drafted.refused)})
