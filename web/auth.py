"""Signing in and out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for

from store.users import log_in, log_out
from web.security import local_path

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        found = log_in(current_app.extensions["desk"].engine, request.form.get("username", ""),
                       request.form.get("password", ""))
        if found is None:
            flash("用户名或密码不正确。", "error")
            return render_template("login.html"), 401
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
