"""Review (clerks): the page images with every evidence box, next to every field, editable.
A saved value is the clerk's correction; the extractor's reading is kept beside it. Clerks
also add the parties and accused products the extractor missed, and remove (reversibly) the
ones it invented."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

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
from store.ruling_fields import (
    ITEM_LISTS,
    LIST_FIELDS,
    PARTY_ROLES,
    REMOVED,
    RULING_FIELDS,
    SIDES,
    FieldError,
    FieldSpec,
    get_path,
    is_removed,
    new_item,
    spec_of,
)
from store.rulings import add_item, correct_field, original_path, set_removed
from web.cases import load_case
from web.labels import label
from web.pages import DPI
from web.security import not_stored, requires

bp = Blueprint("review", __name__)

FIELD_PREFIX = "f:"
SECTION_TITLES = {"parties": "当事人", "patents": "专利", "products": "被诉产品"}


def typed(spec: FieldSpec, value: object) -> str:
    """How a value is shown in its edit box."""
    if value is None:
        return ""
    if spec.is_list and isinstance(value, list):
        return "；".join(str(v) for v in value)
    if spec.kind == "bool":
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Section:
    """A fieldset of the edit form: the ruling's own fields, or one party / patent / product."""

    title: str
    rows: list[dict]
    key: str | None = None  # "parties" | "products" when a clerk may remove it
    index: int | None = None  # its place in the full JSON
    removed: tuple[str, str] | None = None  # (who, when) when it is removed
    added: tuple[str, str] | None = None  # (who, when) when a clerk added it


def form_sections(full: dict, extracted: dict, corrected: dict[str, tuple[str, str]]) -> list[Section]:
    """The edit form: each row a field path, label, spec, value shown, and the extractor's
    value when it differs (none for items a clerk added). Items removed stay, marked."""

    def row(path: str, spec: FieldSpec, added: bool) -> dict:
        value, original = get_path(full, path), get_path(extracted, path)
        return {"path": path, "spec": spec, "value": typed(spec, value),
                "original": typed(spec, original) if original != value and not added else None}

    sections = [Section("基本信息", [row(path, spec, False) for path, spec in RULING_FIELDS.items()])]
    for key, fields in LIST_FIELDS.items():
        extracted_count = len(extracted.get(key) or [])
        for index, _item in enumerate(full.get(key) or []):
            added = index >= extracted_count
            sections.append(Section(
                f"{SECTION_TITLES[key]} {index + 1}",
                [row(f"{key}[{index}].{name}", spec, added) for name, spec in fields.items()],
                key=key if key in ITEM_LISTS else None,
                index=index,
                removed=corrected.get(f"{key}[{index}].{REMOVED}", ("", "")) if is_removed(full, key, index) else None,
                added=corrected.get(f"{key}[{index}]", ("", "")) if added else None,
            ))
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
                           sections=form_sections(view.full, view.extracted, view.corrected), label=label,
                           roles=PARTY_ROLES, sides=SIDES)


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


@bp.route("/review/<int:ruling_id>/<any(parties, products):key>", methods=["POST"])
@requires("correct")
def add(ruling_id: int, key: str):
    """Add the party or accused product the extractor missed."""
    load_case(ruling_id)
    try:
        item = new_item(key, request.form)
        index = add_item(current_app.extensions["desk"].engine, ruling_id, key, item, g.user.actor)
        flash(f"已添加{ITEM_LISTS[key]} {index + 1}：{item['name']}。", "info")
    except FieldError as err:
        flash(f"未添加：{err}", "error")
    return redirect(url_for("review.page", ruling_id=ruling_id))


@bp.route("/review/<int:ruling_id>/<any(parties, products):key>/<int:index>/removed", methods=["POST"])
@requires("correct")
def remove(ruling_id: int, key: str, index: int):
    """Remove (`removed=true`) or restore (`removed=false`) a party or accused product."""
    load_case(ruling_id)
    removed = request.form.get("removed")
    if removed not in ("true", "false"):
        flash("请说明删除还是恢复（removed=true 或 false）。", "error")
        return redirect(url_for("review.page", ruling_id=ruling_id))
    try:
        changed = set_removed(current_app.extensions["desk"].engine, ruling_id, key, index, removed == "true",
                              g.user.actor)
        done = "已删除" if removed == "true" else "已恢复"
        flash(f"{done}{ITEM_LISTS[key]} {index + 1}。" if changed else "没有改动。", "info")
    except FieldError as err:
        flash(str(err), "error")
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
    return not_stored(send_file(image, mimetype="image/png"))
