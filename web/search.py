"""Search (everyone): words anywhere in a ruling's fields, filters, snippets, CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, render_template, request

from store.audit import log_event
from store.ruling_fields import DISPOSITIONS, DOCUMENT_TYPES
from store.ruling_search import Filters, Hit, hits_csv, search_rulings
from store.search_index import IndexFilters, index_for
from web.labels import label
from web.security import requires

bp = Blueprint("search", __name__)
PAGE_SIZE = 20
OUTCOMES = DISPOSITIONS  # the outcome filter offers outcome.disposition's values


def _filters() -> Filters:
    effective = {"true": True, "false": False}.get(request.args.get("effective", ""))
    return Filters(document_type=request.args.get("type") or None, year=request.args.get("year", type=int),
                   effective=effective, authority=request.args.get("authority") or None)


def find(words: list[str], *, sort: str, limit: int, offset: int = 0) -> tuple[list[Hit], int]:
    """Through the search index when the data folder has one (ranked; all filters), else by
    scanning the database (newest first; type, year, effectiveness and authority only)."""
    desk = current_app.extensions["desk"]
    index = index_for(desk.engine, desk.home)
    if index is None:
        return search_rulings(desk.engine, words, _filters(), sort="case" if sort == "case" else "date",
                              limit=limit, offset=offset)
    plain = _filters()
    args = request.args
    filters = IndexFilters(authority=plain.authority, document_type=plain.document_type, year=plain.year,
                           outcome=args.get("outcome") or None, effective=plain.effective,
                           party=args.get("party") or None, patent=args.get("patent") or None,
                           product=args.get("product") or None, case_number=args.get("case") or None)
    return index.search(words, filters, sort=sort, limit=limit, offset=offset)


@bp.route("/search")
@requires("read")
def page():
    words = request.args.get("q", "").split()
    page_number = max(1, request.args.get("page", 1, type=int))
    sort = request.args.get("sort", "relevance" if words else "date")
    sort = sort if sort in ("case", "date", "relevance") else "date"
    hits, total = ([], 0)
    if words or any(v for v in request.args.values() if v and v != sort):
        hits, total = find(words, sort=sort, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
    return render_template("search.html", hits=hits, total=total, page=page_number,
                           pages=max(1, -(-total // PAGE_SIZE)), args=request.args, types=DOCUMENT_TYPES, label=label,
                           outcomes=OUTCOMES)


@bp.route("/search.csv")
@requires("read")
def export():
    engine = current_app.extensions["desk"].engine
    hits, total = find(request.args.get("q", "").split(), sort="date", limit=10_000)
    log_event(engine, g.user.actor, "search_export", after={"q": request.args.get("q", ""), "rows": len(hits)})
    return Response("\ufeff" + hits_csv(hits), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=search.csv"})
