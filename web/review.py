"""Review (clerks): the page images with every evidence box, next to every field, editable.
A saved value is the clerk's correction; the extractor's reading is kept beside it."""

from __future__ import annotations

from collections import defaultdict

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from extract.model import ReadError
from store.ruling_fields import LIST_FIELDS, RULING_FIELDS, FieldError, FieldSpec, get_path, spec_of
from store.rulings import correct_field, original_path
from web.cases import load_case
from web.labels import label
from web.pages import DPI
from web.security import requires

bp = Blueprint("review", __name__)

FIELD_PREFIX = "f:"
SECTION_TITLES = {"parties": "当事人", "patents": "专利", "products": "被诉产品"}


def typed(spec: FieldSpec, value: object) -> str:
    """How a value is shown in its edit box."""
    if value is None:
        return ""
    if spec.kind == "list" and isinstance(value, list):
        return "；".join(str(v) for v in value)
    if spec.kind == "bool":
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def form_sections(current: dict, extracted: dict) -> list[tuple[str, list[dict]]]:
    """(title, rows) for the edit form: each row a field path, label, spec, value shown,
    and the extractor's value when it differs."""

    def row(path: str, spec: FieldSpec) -> dict:
        value, original = get_path(current, path), get_path(extracted, path)
        return {"path": path, "spec": spec, "value": typed(spec, value),
                "original": typed(spec, original) if original != value else None}

    sections = [("基本信息", [row(path, spec) for path, spec in RULING_FIELDS.items()])]
    for key, fields in LIST_FIELDS.items():
        for index, _item in enumerate(current.get(key) or []):
            sections.append((f"{SECTION_TITLES[key]} {index + 1}",
                             [row(f"{key}[{index}].{name}", spec) for name, spec in fields.items()]))
    return sections


@bp.route("/review/<int:ruling_id>")
@requires("read")
def page(ruling_id: int):
    desk = current_app.extensions["desk"]
    view = load_case(ruling_id)
    pages = 0
    if view.kind == "pdf":
        try:
            pages = desk.pages.pages(original_path(desk.home, view.sha256, view.kind), view.sha256)
        except ReadError:
            pages = 0
    boxes: dict[int, list[dict]] = defaultdict(list)
    for item in view.extracted.get("evidence") or []:
        if item.get("bbox"):
            x0, top, x1, bottom = item["bbox"]
            boxes[int(item["page"])].append({"field": item["field"], "text": item["text"],
                                             "x0": x0, "top": top, "x1": x1, "bottom": bottom})
    return render_template("review.html", view=view, r=view.current, pages=pages, boxes=boxes, dpi=DPI,
                           sections=form_sections(view.current, view.extracted), label=label)


@bp.route("/review/<int:ruling_id>", methods=["POST"])
@requires("correct")
def save(ruling_id: int):
    load_case(ruling_id)
    engine = current_app.extensions["desk"].engine
    saved, problems = 0, []
    for key, typed_value in request.form.items():
        if not key.startswith(FIELD_PREFIX):
            continue
        path = key[len(FIELD_PREFIX):]
        try:
            spec_of(path)
            if correct_field(engine, ruling_id, path, typed_value, g.user.actor):
                saved += 1
        except FieldError as err:
            problems.append(str(err))
    for problem in problems:
        flash(problem, "error")
    flash(f"已保存 {saved} 处更正。" if saved else "没有改动。", "info")
    return redirect(url_for("review.page", ruling_id=ruling_id))


@bp.route("/review/<int:ruling_id>/pages/<int:number>.png")
@requires("read")
def page_image(ruling_id: int, number: int):
    desk = current_app.extensions["desk"]
    view = load_case(ruling_id)
    if view.kind != "pdf":
        abort(404)
    try:
        image, _size = desk.pages.image(original_path(desk.home, view.sha256, view.kind), view.sha256, number)
    except ReadError:
        abort(404)
    response = send_file(image, mimetype="image/png", max_age=3600)
    return response
