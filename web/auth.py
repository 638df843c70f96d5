"""Signing in and out."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for

from store.audit import Actor, log_event
from store.users import MIN_PASSWORD, AccountError, change_own_password, log_in, log_out
from web.security import local_path, requires
from web.throttle import LoginThrottle

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        engine = current_app.extensions["desk"].engine
        name = request.form.get("username", "").strip()[:80]
        address = request.remote_addr or "unknown"
        keys = [("address", address), ("account", name.casefold())]
        throttle: LoginThrottle = current_app.extensions["login_throttle"]
        waiting = throttle.wait(keys)
        if waiting > 0:  # no password checked, no audit row: the failure that started it has one
            seconds = math.ceil(waiting)
            flash(f"登录失败次数过多，请 {seconds} 秒后再试。", "error")
            return render_template("login.html"), 429, {"Retry-After": str(seconds)}
        found = log_in(engine, name, request.form.get("password", ""))
        if found is None:
            for (kind, _value), failures in throttle.failed(keys):
                log_event(engine, Actor(None, name if kind == "account" else None), "login_throttled",
                          after={"by": kind, "address": address, "failures": failures})
            flash("用户名或密码不正确。", "error")
            return render_template("login.html"), 401
        throttle.succeeded(("account", name.casefold()))
        account, token = found
        session.clear()  # a fresh session: no fixation, new CSRF token
        session.permanent = True
        session["login"] = token
        return redirect(local_path(request.args.get("next"), url_for("cases.index")))
    if g.get("user") is not None:
        return redirect(url_for("cases.index"))
    return render_template("login.html")


@bp.route("/logout", methods=["POST"])
def logout():
    token = session.get("login")
    if token:
        log_out(current_app.extensions["desk"].engine, token)
    session.clear()
    flash("已退出登录。", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires("own_account")
def change_password():
    """Every user changes their own password here; an initial one (set by someone else)
    must be changed before anything else."""
    if request.method == "POST":
        form = request.form
        if form.get("new", "") != form.get("repeat", ""):
            flash("两次输入的新密码不一致。", "error")
            return render_template("password.html", min_password=MIN_PASSWORD), 400
        try:
            change_own_password(current_app.extensions["desk"].engine, session["login"], form.get("current", ""),
                                form.get("new", ""))
        except AccountError as err:
            flash(str(err), "error")
            return render_template("password.html", min_password=MIN_PASSWORD), 400
        flash("密码已修改；您在其他地方的登录已退出。", "info")
        return redirect(url_for("cases.index"))
    return render_template("password.html", min_password=MIN_PASSWORD)
