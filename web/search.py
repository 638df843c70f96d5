"""Search (everyone): words anywhere in a ruling's fields, filters, snippets, CSV export."""

from __future__ import annotations

import dataclasses

from flask import Blueprint, Response, abort, current_app, g, render_template, request

from store.audit import log_event
from store.ruling_fields import DISPOSITIONS, DOCUMENT_TYPES
from store.ruling_search import Filters, Hit, hits_csv, search_rulings
from store.search_index import IndexFilters, index_for
from web.labels import label
from web.security import bounded_int, requires

bp = Blueprint("search", __name__)
PAGE_SIZE = 20
OUTCOMES = DISPOSITIONS  # the outcome filter offers outcome.disposition's values


MAX_QUERY = 200  # characters of the words or of any one filter
MAX_WORDS = 20


def query_words() -> list[str]:
    """The words of `?q=`; 400 (Chinese) when the query or a filter is over-long, before any
    of it reaches the index or the database."""
    if any(len(value) > MAX_QUERY for value in request.args.values()):
        abort(400, description=f"检索条件过长（每项最多 {MAX_QUERY} 字），请缩短后重试。")
    words = request.args.get("q", "").split()
    if len(words) > MAX_WORDS:
        abort(400, description=f"检索词过多（最多 {MAX_WORDS} 个），请减少后重试。")
    return words


def _filters() -> Filters:
    effective = {"true": True, "false": False}.get(request.args.get("effective", ""))
    return Filters(document_type=request.args.get("type") or None, year=request.args.get("year", type=bounded_int),
                   effective=effective, authority=request.args.get("authority") or None)


# Filters that the database scan (no index built) can only read as "the text contains it"
# (party, product, patent) or not at all (outcome); the page says so.
TEXT_FILTERS = {"party": "当事人", "product": "产品", "patent": "专利号"}
UNSCANNED_FILTERS = {"outcome": "处理结果"}


def find(words: list[str], *, sort: str, limit: int, offset: int = 0) -> tuple[list[Hit], int, bool]:
    """Through the search index when the data folder has one (ranked; all filters), else by
    scanning the database (newest first; the party, product and patent filters read as
    words the text must contain, the outcome filter not applied). The third value is True
    when the index answered."""
    desk = current_app.extensions["desk"]
    index = index_for(desk.engine, desk.home)
    args = request.args
    if index is None:
        contained = [args[name].strip() for name in TEXT_FILTERS if args.get(name, "").strip()]
        plain = dataclasses.replace(_filters(), case_number=args.get("case") or None)
        hits, total = search_rulings(desk.engine, words + contained, plain, sort="case" if sort == "case" else "date",
                                     limit=limit, offset=offset)
        return hits, total, False
    plain = _filters()
    filters = IndexFilters(authority=plain.authority, document_type=plain.document_type, year=plain.year,
                           outcome=args.get("outcome") or None, effective=plain.effective,
                           party=args.get("party") or None, patent=args.get("patent") or None,
                           product=args.get("product") or None, case_number=args.get("case") or None)
    hits, total = index.search(words, filters, sort=sort, limit=limit, offset=offset)
    return hits, total, True


def _scan_notice() -> str:
    """What the page tells the reader when the database scan answered."""
    given = request.args
    notes = ["检索索引尚未建立（或由旧版本建立），现逐件查找数据库，按日期排列"]
    read_as_text = [label for name, label in TEXT_FILTERS.items() if given.get(name, "").strip()]
    if read_as_text:
        notes.append("、".join(read_as_text) + "筛选按全文包含查找，可能多出结果")
    skipped = [label for name, label in UNSCANNED_FILTERS.items() if given.get(name)]
    if skipped:
        notes.append("、".join(skipped) + "筛选未应用")
    return "；".join(notes) + "。管理员运行 rulingdesk index rebuild 建立索引后即可按相关度排序并使用全部筛选。"


@bp.route("/search")
@requires("read")
def page():
    words = query_words()
    page_number = max(1, request.args.get("page", 1, type=bounded_int))
    sort = request.args.get("sort", "relevance" if words else "date")
    sort = sort if sort in ("case", "date", "relevance") else "date"
    hits, total, indexed = ([], 0, True)
    if words or any(v for v in request.args.values() if v and v != sort):
        hits, total, indexed = find(words, sort=sort, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
    return render_template("search.html", hits=hits, total=total, page=page_number,
                           notice=None if indexed else _scan_notice(),
                           pages=max(1, -(-total // PAGE_SIZE)), args=request.args, types=DOCUMENT_TYPES, label=label,
                           outcomes=OUTCOMES)


@bp.route("/search.csv")
@requires("read")
def export():
    engine = current_app.extensions["desk"].engine
    hits, _total, _indexed = find(query_words(), sort="date", limit=10_000)
    log_event(engine, g.user.actor, "search_export", after={"q": request.args.get("q", ""), "rows": len(hits)})
    return Response("\ufeff" + hits_csv(hits), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=search.csv"})
