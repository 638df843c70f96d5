"""Draft, approve, issue, download. Approval fills in the number and date and renders the
final DOCX once; downloads serve exactly those bytes (hash checked). The draft page's forms
carry the content hash of the version shown (`version`): an approval or edit of a version
that is no longer the newest is refused (store.drafts)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from extract.model import ReadError
from generate.render import DeadlinePassed
from store.audit import log_event
from store.audit_verify import approved_document
from store.drafts import (
    NEW_OFFICER,
    DraftView,
    FourEyesError,
    StateError,
    approve,
    drafts_of,
    edit_values,
    get_draft,
    issue,
    withdraw,
)
from web.cases import load_case
from web.casework import docx_paragraphs, make_renderer, preview_docx
from web.labels import label
from web.previews import Preview, PreviewUnavailable, preview_key
from web.security import may, not_stored, requires

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


DOCUMENT_HIDDEN = "已核准的文书仅限有下载权限的角色查看其内容。"


# shown with an approval flagged by store.drafts.approve (the page adds since when)
NEW_OFFICER_FLAG = "注意：核准人的账户新近创建、重新启用或获授审核员角色，本次核准已在审计日志中标记，请另行复核。"


def new_officer_window() -> dt.timedelta:
    """How long after an account is created, re-enabled or given its role its approvals are
    flagged: the desk's NEW_OFFICER_HOURS (default 24; the demo sets 0)."""
    hours = current_app.config.get("NEW_OFFICER_HOURS")
    return NEW_OFFICER if hours is None else dt.timedelta(hours=float(hours))


def _load(draft_id: int):  # type: ignore[no-untyped-def]
    found = get_draft(current_app.extensions["desk"].engine, draft_id)
    if found is None:
        abort(404)
    return found


def _shown_docx(draft: DraftView, prefix: str) -> bytes:
    """The DOCX the draft page shows: once approved (or issued), the very bytes that were
    approved; otherwise the draft as it would be rendered now, number and date left open.
    409 with the reason when the approved bytes are not those the audit trail records."""
    desk = current_app.extensions["desk"]
    if draft.state in ("approved", "issued"):
        try:
            return approved_document(desk.engine, desk.home, draft)
        except StateError as err:
            abort(409, description=str(err))
    return preview_docx(desk.templates, draft.plan(prefix))


def _document_readable(draft: DraftView) -> bool:
    """Whether the signed-in user may see the draft's content: while a draft, everyone who
    reads the case; once approved or issued it is a document, read only by those with
    download rights (the permission table), through its page images and text as well as
    its files."""
    return draft.state not in ("approved", "issued") or may(g.user, "download")


def _preview(draft_id: int) -> tuple[DraftView, Preview]:
    """The draft and the page preview of its shown DOCX, converted now when not cached;
    403 when the user may not read the document, 503 with the reason (Chinese) when there
    can be none."""
    draft, prefix = _load(draft_id)
    if not _document_readable(draft):
        abort(403, description=DOCUMENT_HIDDEN)
    try:
        return draft, current_app.extensions["desk"].previews.build(_shown_docx(draft, prefix))
    except PreviewUnavailable as err:
        abort(503, description=str(err))


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
    if not _document_readable(draft):
        return render_template("draft.html", draft=draft, preview=[DOCUMENT_HIDDEN], editable={}, label=label,
                               value_labels=VALUE_LABELS, pages=None, pages_problem=DOCUMENT_HIDDEN,
                               preview_version="")
    previews = current_app.extensions["desk"].previews
    editable = {k: v for k, v in draft.values.items() if isinstance(v, str) and k not in NOT_EDITABLE}
    content = _shown_docx(draft, prefix)
    key = preview_key(content)
    # Page images only when already made: LibreOffice takes seconds, so the page asks for
    # them afterwards (draft.js → preview.json) and never waits for it.
    return render_template("draft.html", draft=draft, preview=docx_paragraphs(content), editable=editable,
                           label=label, value_labels=VALUE_LABELS, pages=previews.ready(key),
                           pages_problem=previews.problem(key), preview_version=key[:16])


@bp.route("/drafts/<int:draft_id>/preview.json")
@requires("read")
def preview_pages(draft_id: int):
    """The page images of the draft as it will print (made now when not cached): their
    URLs and the preview PDF's, or the reason there are none (`error`, Chinese)."""
    draft, prefix = _load(draft_id)
    if not _document_readable(draft):
        abort(403, description=DOCUMENT_HIDDEN)
    try:
        preview = current_app.extensions["desk"].previews.build(_shown_docx(draft, prefix))
    except PreviewUnavailable as err:
        return jsonify({"error": str(err)})
    version = preview.key[:16]
    return jsonify({
        "key": preview.key,
        "pages": [url_for("drafts.preview_page", draft_id=draft_id, number=n, v=version)
                  for n in range(1, preview.pages + 1)],
        "pdf": url_for("drafts.preview_pdf", draft_id=draft_id, v=version),
    })


@bp.route("/drafts/<int:draft_id>/preview/<int:number>.png")
@requires("read")
def preview_page(draft_id: int, number: int):
    """Page `number` of the draft as it will print (PNG). The `v` query names the version
    only so that browsers fetch an edited draft's pages anew."""
    _draft, preview = _preview(draft_id)
    try:
        image = current_app.extensions["desk"].previews.image(preview, number)
    except ReadError:
        abort(404)
    return not_stored(send_file(image, mimetype="image/png"))


@bp.route("/drafts/<int:draft_id>/preview.pdf")
@requires("download")  # a PDF file of the document: a copy, as its downloads are
def preview_pdf(draft_id: int):
    """The preview PDF (LibreOffice, substitute fonts), shown in the browser. An approved
    document's copy is recorded in the audit log, as its downloads are."""
    draft, preview = _preview(draft_id)
    if draft.state in ("approved", "issued"):
        log_event(current_app.extensions["desk"].engine, g.user.actor, "preview_pdf", f"draft:{draft_id}",
                  after={"sha256": draft.docx_sha256})
    name = Path(draft.filename or f"{draft.title}.docx").stem + "（预览）.pdf"
    return not_stored(send_file(preview.pdf, mimetype="application/pdf", as_attachment=False, download_name=name))


@bp.route("/drafts/<int:draft_id>", methods=["POST"])
@requires("draft")
def edit(draft_id: int):
    _load(draft_id)
    changes = {k[2:]: v for k, v in request.form.items() if k.startswith("v:") and k[2:] not in NOT_EDITABLE}
    try:
        changed = edit_values(current_app.extensions["desk"].engine, draft_id, changes, g.user.actor,
                              based_on=request.form.get("version", ""))
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
        done = approve(desk.engine, desk.home, draft_id, g.user.actor, make_renderer(desk.templates), dt.date.today(),
                       seen=request.form.get("version", ""), new_officer=new_officer_window())
    except FourEyesError as err:
        abort(403, description=str(err))
    except (StateError, DeadlinePassed) as err:
        abort(409, description=str(err))
    flash(f"已核准：{done.number}。", "info")
    if done.approver_new_since is not None:
        flash(NEW_OFFICER_FLAG, "warn")
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


def _approved(draft_id: int):  # type: ignore[no-untyped-def]
    """The draft and its approved DOCX bytes (hash checked); 409 before approval."""
    draft, _prefix = _load(draft_id)
    try:
        desk = current_app.extensions["desk"]
        return draft, approved_document(desk.engine, desk.home, draft)
    except StateError as err:
        abort(409, description=str(err))


@bp.route("/drafts/<int:draft_id>/download")
@requires("download")
def download(draft_id: int):
    desk = current_app.extensions["desk"]
    draft, content = _approved(draft_id)
    log_event(desk.engine, g.user.actor, "download", f"draft:{draft_id}", after={"sha256": draft.docx_sha256})
    return not_stored(send_file(io.BytesIO(content), mimetype=DOCX, as_attachment=True,
                                download_name=draft.filename or "document.docx"))


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
                try:
                    content = approved_document(desk.engine, desk.home, draft)
                except StateError as err:
                    abort(409, description=f"文书 {draft.id}：{err}")
                archive.writestr(draft.filename or f"{draft.id}.docx", content)
                count += 1
    if not count:
        abort(409, description="本案尚无已核准的文书。")
    log_event(desk.engine, g.user.actor, "download_zip", f"ruling:{ruling_id}", after={"documents": count})
    out.seek(0)
    return not_stored(send_file(out, mimetype="application/zip", as_attachment=True,
                                download_name=f"case-{ruling_id}-documents.zip"))


@bp.route("/drafts/<int:draft_id>/download.pdf")
@requires("download")
def download_pdf(draft_id: int):
    """A PDF of the approved DOCX: LibreOffice's conversion, made once and shared with the
    draft page's preview of the approved document."""
    desk = current_app.extensions["desk"]
    draft, content = _approved(draft_id)
    try:
        pdf = desk.previews.build(content).pdf
    except PreviewUnavailable:
        if not desk.previews.find_soffice():
            abort(404, description="本机未安装 LibreOffice，无法生成 PDF；请下载 DOCX。")
        abort(409, description="PDF 生成失败；请下载 DOCX。")
    log_event(desk.engine, g.user.actor, "download_pdf", f"draft:{draft_id}", after={"sha256": draft.docx_sha256})
    return not_stored(send_file(pdf, mimetype="application/pdf", as_attachment=True,
                                download_name=Path(draft.filename or "document.docx").with_suffix(".pdf").name))
