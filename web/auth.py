"""Signing in and out."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for

from store.audit import Actor, log_event
from store.users import log_in, log_out
from web.security import local_path
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
