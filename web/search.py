"""Search (everyone): words anywhere in a ruling's fields, filters, snippets, CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, render_template, request

from store.audit import log_event
from store.ruling_fields import DOCUMENT_TYPES
from store.ruling_search import Filters, hits_csv, search_rulings
from web.labels import label
from web.security import requires

bp = Blueprint("search", __name__)
PAGE_SIZE = 20


def _filters() -> Filters:
    effective = {"true": True, "false": False}.get(request.args.get("effective", ""))
    return Filters(document_type=request.args.get("type") or None, year=request.args.get("year", type=int),
                   effective=effective, authority=request.args.get("authority") or None)


@bp.route("/search")
@requires("read")
def page():
    words = request.args.get("q", "").split()
    page_number = max(1, request.args.get("page", 1, type=int))
    sort = "case" if request.args.get("sort") == "case" else "date"
    hits, total = ([], 0)
    if words or any(v for v in request.args.values() if v and v != sort):
        hits, total = search_rulings(current_app.extensions["desk"].engine, words, _filters(), sort=sort,
                                     limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
    return render_template("search.html", hits=hits, total=total, page=page_number,
                           pages=max(1, -(-total // PAGE_SIZE)), args=request.args, types=DOCUMENT_TYPES, label=label)


@bp.route("/search.csv")
@requires("read")
def export():
    engine = current_app.extensions["desk"].engine
    hits, total = search_rulings(engine, request.args.get("q", "").split(), _filters(), limit=10_000)
    log_event(engine, g.user.actor, "search_export", after={"q": request.args.get("q", ""), "rows": len(hits)})
    return Response("\ufeff" + hits_csv(hits), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=search.csv"})
