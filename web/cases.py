"""The case list and the case page: a ruling's fields, parties, patents, products and
warnings; the stored original."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request, send_file

from store.audit import log_event
from store.drafts import drafts_of
from store.ruling_search import related_rulings
from store.rulings import get_ruling, list_rulings, original_path
from web.labels import label
from web.security import bounded_int, not_stored, requires

bp = Blueprint("cases", __name__)
PAGE_SIZE = 50


@bp.route("/")
@requires("read")
def index():
    page = max(1, request.args.get("page", 1, type=bounded_int))
    rows, total = list_rulings(current_app.extensions["desk"].engine, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render_template("cases.html", rows=rows, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)),
                           label=label)


def load_case(ruling_id: int):  # type: ignore[no-untyped-def]
    view = get_ruling(current_app.extensions["desk"].engine, ruling_id)
    if view is None:
        abort(404)
    return view


@bp.route("/cases/<int:ruling_id>")
@requires("read")
def case(ruling_id: int):
    view = load_case(ruling_id)
    engine = current_app.extensions["desk"].engine
    copy = get_ruling(engine, view.possible_copy_of) if view.possible_copy_of else None
    return render_template("case.html", view=view, r=view.current, copy=copy, label=label,
                           needs_review=view.needs_review,
                           related=related_rulings(engine, ruling_id, view.current),
                           documents=drafts_of(engine, ruling_id))


@bp.route("/cases/<int:ruling_id>/original")
@requires("download")
def original(ruling_id: int):
    """The original exactly as uploaded (its bytes hash to the recorded SHA-256)."""
    desk = current_app.extensions["desk"]
    view = load_case(ruling_id)
    path = original_path(desk.home, view.sha256, view.kind)
    if not path.exists():
        abort(404)
    log_event(desk.engine, g.user.actor, "download_original", f"ruling:{ruling_id}", after={"sha256": view.sha256})
    return not_stored(send_file(path, as_attachment=True, download_name=view.filename or path.name))
