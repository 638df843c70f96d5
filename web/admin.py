"""Administration: accounts, the catalogue of listed products, the offices that issue
documents (settings.toml) and the audit log (administrators only)."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from generate.settings import SettingsError, parse_settings, save_settings, settings_text
from store.audit import entries, log_event, to_csv
from store.audit_verify import HEAD_EXPORT_ACTION, chain_head, last_check, run_and_record
from store.catalogue import count_items
from store.catalogue_uploads import recent_uploads, submit_upload
from store.desk_tables import ROLES
from store.users import AccountError, create_user, list_users, set_active, set_password, set_role
from web.labels import label
from web.limits import BodyKind, ReceivedFile, receives_files
from web.security import ROLE_LABELS, bounded_int, requires

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@requires("manage_users")
def users():
    return render_template("users.html", users=list_users(current_app.extensions["desk"].engine), roles=ROLES,
                           role_labels=ROLE_LABELS)


@bp.route("/users", methods=["POST"])
@requires("manage_users")
def add_user():
    form = request.form
    try:
        create_user(current_app.extensions["desk"].engine, form.get("username", ""), form.get("password", ""),
                    form.get("role", ""), form.get("display_name", ""), by=g.user.actor, must_change=True)
        flash(f"已创建用户 {form.get('username')}；首次登录时须修改密码。", "info")
    except AccountError as err:
        flash(str(err), "error")
    return redirect(url_for("admin.users"))


def _change_account(change, done: str | None = None):  # noqa: ANN001 - a store.users call on the engine
    """Run one account change of the users page: `done` flashed when it went through, the
    store's refusal (AccountError, in Chinese) when not; back to the users page either way."""
    try:
        change(current_app.extensions["desk"].engine)
        if done:
            flash(done, "info")
    except AccountError as err:
        flash(str(err), "error")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@requires("manage_users")
def toggle(user_id: int):
    active = request.form.get("active") == "1"
    if user_id == g.user.id and not active:
        flash("不能停用自己的账户。", "error")
        return redirect(url_for("admin.users"))
    return _change_account(lambda engine: set_active(engine, user_id, active, g.user.actor))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@requires("manage_users")
def role(user_id: int):
    """Give an account another role (store.users.set_role: recorded with who granted it;
    an administrator account is never made an officer, nobody changes his own role)."""
    return _change_account(lambda engine: set_role(engine, user_id, request.form.get("role", ""), g.user.actor),
                           "角色已更改；新角色的核准在规定时限内会被标记。")


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@requires("manage_users")
def password(user_id: int):
    return _change_account(lambda engine: set_password(engine, user_id, request.form.get("password", ""), g.user.actor),
                           "密码已重设；该用户已退出登录，下次登录时须修改密码。")


@bp.route("/audit")
@requires("audit")
def audit():
    page = max(1, request.args.get("page", 1, type=bounded_int))
    action = request.args.get("action") or None
    engine = current_app.extensions["desk"].engine
    rows = entries(engine, limit=100, offset=(page - 1) * 100, action=action)
    return render_template("audit.html", rows=rows, page=page, action=action or "", label=label,
                           check=last_check(engine), head=chain_head(engine))


@bp.route("/audit/verify", methods=["POST"])
@requires("audit")
def audit_verify():
    """Verify now (the desk also does daily); the verdict is recorded and shown on the page."""
    desk = current_app.extensions["desk"]
    verdict = run_and_record(desk.engine, desk.home, g.user.actor)
    flash(verdict.summary, "info" if verdict.ok else "error")
    return redirect(url_for("admin.audit"))


@bp.route("/audit/head.json")
@requires("audit")
def audit_head():
    """The chain head (sequence, hash, time) as a JSON file to keep outside the desk; its
    export is audited after the head is taken, so the file names a row before that one."""
    engine = current_app.extensions["desk"].engine
    head = chain_head(engine)
    if head is None:
        abort(404, "审计日志为空，没有链头")
    log_event(engine, g.user.actor, HEAD_EXPORT_ACTION, "audit_log", after=head.to_json())
    return Response(json.dumps(head.to_json(), ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename=audit-head-{head.seq}.json",
                             "Cache-Control": "private, no-store"})


@bp.route("/audit.csv")
@requires("audit")
def audit_csv():
    engine = current_app.extensions["desk"].engine
    rows = entries(engine, limit=100_000, action=request.args.get("action") or None)
    log_event(engine, g.user.actor, "audit_export", after={"rows": len(rows)})
    return Response("\ufeff" + to_csv(rows), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=audit.csv"})


@bp.route("/catalogue")
@requires("manage_catalogue")
def catalogue():
    desk = current_app.extensions["desk"]
    uploads = recent_uploads(desk.engine)
    return render_template("catalogue.html", items=count_items(desk.engine), uploads=uploads,
                           progress=desk.catalogue_queue.progress,
                           busy=any(u.state in ("queued", "importing") for u in uploads))


@bp.route("/catalogue", methods=["POST"])
@receives_files(BodyKind.CATALOGUE)
@requires("manage_catalogue")
def import_catalogue():
    """Keep an uploaded catalogue file (CSV or XLSX, judged from its bytes when imported)
    and import it in the background with the command line's own import; the page shows
    its state, then what it changed and the unusable rows by line."""
    desk = current_app.extensions["desk"]
    storage = request.files.get("file")
    if storage is None or not storage.filename:
        flash("请选择目录文件。", "error")
        return redirect(url_for("admin.catalogue"))
    received = storage.stream  # written to incoming/ against the catalogue limit as it arrived
    if not isinstance(received, ReceivedFile):
        raise TypeError("the upload was not received by web.limits.ReceivedFile")
    received.close()
    upload_id = submit_upload(desk.engine, desk.home, received.path, storage.filename,
                              request.form.get("province") or None, g.user.actor)
    desk.catalogue_queue.submit(upload_id)
    flash(f"{storage.filename}：已上传，正在后台导入；结果见下表。", "info")
    return redirect(url_for("admin.catalogue"))


@bp.route("/settings")
@requires("manage_settings")
def settings():
    text = settings_text(current_app.extensions["desk"].home)
    return _settings_page(text, None)


@bp.route("/settings", methods=["POST"])
@requires("manage_settings")
def save_settings_view():
    """Save the edited settings when they parse; otherwise show the text again with the
    reason, so that nothing typed is lost."""
    desk = current_app.extensions["desk"]
    text = request.form.get("text", "").replace("\r\n", "\n")
    if not text.strip():  # an emptied box is a slip, not "derive every office from its name"
        flash("设置文本为空，未保存。", "error")
        return redirect(url_for("admin.settings"))
    before = settings_text(desk.home)
    try:
        save_settings(desk.home, text)
    except SettingsError as err:
        return _settings_page(text, str(err)), 400
    if text != before:
        log_event(desk.engine, g.user.actor, "settings_changed", "settings.toml", before={"text": before},
                  after={"text": text})
        flash("发文设置已保存，此后起草的文书按新设置生成。", "info")
    return redirect(url_for("admin.settings"))


def _settings_page(text: str, error: str | None) -> str:
    try:
        parsed = parse_settings(text)
    except SettingsError:
        parsed = None
    return render_template("settings.html", text=text, error=error, parsed=parsed)
