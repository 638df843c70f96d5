"""Draft, approve, issue, download. Approval fills in the number and date and renders the
final DOCX once; downloads serve exactly those bytes (hash checked)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
import zipfile
from pathlib import Path

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

from store.audit import log_event
from store.drafts import (
    FourEyesError,
    StateError,
    approve,
    approved_bytes,
    drafts_of,
    edit_values,
    get_draft,
    issue,
    withdraw,
)
from web.cases import load_case
from web.casework import docx_paragraphs, make_renderer, preview_paragraphs
from web.labels import label
from web.security import requires

bp = Blueprint("drafts", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Template values a person may edit before approval (free text; the rest comes from the ruling).
NOT_EDITABLE = {"office_mark", "products"}
VALUE_LABELS = {
    "title": "标题", "addressee": "主送", "signer": "署名", "cc": "抄送", "printer": "印发机关", "policy": "政策依据",
    "enterprise": "企业", "products_short": "产品简称", "product_names": "产品名称", "decision_words": "裁决内容",
    "rights_holder": "权利人", "patents": "专利", "stop_words": "责令停止事项", "platform": "平台",
    "objection_days": "异议期限（日）", "batches": "集采批次", "prior_cases": "前案", "prior_measures": "此前措施",
    "reversal_words": "改判内容", "case_parties": "案件当事人", "decision_date": "作出日期",
    "case_description": "案件情况", "case_number": "案号", "document_label": "文书名称", "result_words": "处理结果",
    "followup": "后续事项",
}


def _load(draft_id: int):  # type: ignore[no-untyped-def]
    found = get_draft(current_app.extensions["desk"].engine, draft_id)
    if found is None:
        abort(404)
    return found


@bp.route("/cases/<int:ruling_id>/documents")
@requires("read")
def case_documents(ruling_id: int):
    view = load_case(ruling_id)
    return render_template("documents.html", view=view, r=view.current,
                           drafts=drafts_of(current_app.extensions["desk"].engine, ruling_id), label=label)


@bp.route("/drafts/<int:draft_id>")
@requires("read")
def show(draft_id: int):
    draft, prefix = _load(draft_id)
    templates = current_app.extensions["desk"].templates
    editable = {k: v for k, v in draft.values.items() if isinstance(v, str) and k not in NOT_EDITABLE}
    if draft.docx_sha256:  # approved: the text of the very bytes that were approved
        preview = docx_paragraphs(approved_bytes(current_app.extensions["desk"].home, draft))
    else:
        preview = preview_paragraphs(templates, draft.plan(prefix))
    return render_template("draft.html", draft=draft, preview=preview, editable=editable, label=label,
                           value_labels=VALUE_LABELS)


@bp.route("/drafts/<int:draft_id>", methods=["POST"])
@requires("draft")
def edit(draft_id: int):
    _load(draft_id)
    changes = {k[2:]: v for k, v in request.form.items() if k.startswith("v:") and k[2:] not in NOT_EDITABLE}
    try:
        changed = edit_values(current_app.extensions["desk"].engine, draft_id, changes, g.user.actor)
        flash(f"已保存 {changed} 处修改。", "info")
    except StateError as err:
        flash(str(err), "error")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/approve", methods=["POST"])
@requires("approve")
def approve_draft(draft_id: int):
    desk = current_app.extensions["desk"]
    _load(draft_id)
    try:
        done = approve(desk.engine, desk.home, draft_id, g.user.actor, make_renderer(desk.templates), dt.date.today())
    except FourEyesError as err:
        abort(403, description=str(err))
    except StateError as err:
        abort(409, description=str(err))
    flash(f"已核准：{done.number}。", "info")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/issue", methods=["POST"])
@requires("approve")
def issue_draft(draft_id: int):
    return _change_state(draft_id, issue, "已印发。")


@bp.route("/drafts/<int:draft_id>/withdraw", methods=["POST"])
@requires("approve")
def withdraw_draft(draft_id: int):
    return _change_state(draft_id, withdraw, "已撤回。")


def _change_state(draft_id: int, change, done: str):  # noqa: ANN001 - store.drafts.issue / withdraw
    """Apply a state change (issue, withdraw); a change the state forbids is 409."""
    _load(draft_id)
    try:
        change(current_app.extensions["desk"].engine, draft_id, g.user.actor)
    except StateError as err:
        abort(409, description=str(err))
    flash(done, "info")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/download")
@requires("download")
def download(draft_id: int):
    desk = current_app.extensions["desk"]
    draft, _prefix = _load(draft_id)
    try:
        content = approved_bytes(desk.home, draft)
    except StateError as err:
        abort(409, description=str(err))
    log_event(desk.engine, g.user.actor, "download", f"draft:{draft_id}", after={"sha256": draft.docx_sha256})
    return send_file(io.BytesIO(content), mimetype=DOCX, as_attachment=True, download_name=draft.filename or "document.docx")


@bp.route("/cases/<int:ruling_id>/documents.zip")
@requires("download")
def download_zip(ruling_id: int):
    """Every approved or issued document of the case in one ZIP."""
    desk = current_app.extensions["desk"]
    load_case(ruling_id)
    out = io.BytesIO()
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for draft in drafts_of(desk.engine, ruling_id):
            if draft.state in ("approved", "issued"):
                archive.writestr(draft.filename or f"{draft.id}.docx", approved_bytes(desk.home, draft))
                count += 1
    if not count:
        abort(409, description="本案尚无已核准的文书。")
    log_event(desk.engine, g.user.actor, "download_zip", f"ruling:{ruling_id}", after={"documents": count})
    out.seek(0)
    return send_file(out, mimetype="application/zip", as_attachment=True, download_name=f"case-{ruling_id}-documents.zip")


@bp.route("/drafts/<int:draft_id>/download.pdf")
@requires("download")
def download_pdf(draft_id: int):
    """A PDF of the approved DOCX (LibreOffice; made once, kept beside the DOCX)."""
    from generate.pdf import soffice, to_pdf
    from store.drafts import document_path

    desk = current_app.extensions["desk"]
    draft, _prefix = _load(draft_id)
    try:
        content = approved_bytes(desk.home, draft)
    except StateError as err:
        abort(409, description=str(err))
    pdf = document_path(desk.home, draft.docx_sha256 or "").with_suffix(".pdf")
    if not pdf.exists():
        if soffice() is None:
            abort(404, description="本机未安装 LibreOffice，无法生成 PDF；请下载 DOCX。")
        with tempfile.TemporaryDirectory(prefix="rulingdesk-pdf-") as scratch:
            source = Path(scratch) / f"{draft.docx_sha256}.docx"
            source.write_bytes(content)
            made = to_pdf([source], Path(scratch))
            if not made:
                abort(409, description="PDF 生成失败；请下载 DOCX。")
            shutil.move(str(made[0]), pdf)
    log_event(desk.engine, g.user.actor, "download_pdf", f"draft:{draft_id}", after={"sha256": draft.docx_sha256})
    return send_file(pdf, mimetype="application/pdf", as_attachment=True,
                     download_name=Path(draft.filename or "document.docx").with_suffix(".pdf").name)
