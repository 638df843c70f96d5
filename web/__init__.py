"""The web desk (Flask): `create_app(config)` builds it; one blueprint per user task.

Configuration keys (all optional except SECRET_KEY outside development and testing):
- SECRET_KEY: signs the session cookie ($RULINGDESK_SECRET_KEY also works);
- HOME: the data folder (default `rulingdesk.home.home_dir()`);
- DATABASE_URL: default the data folder's database (`store.db.database_url`);
- TESTING / DEVELOPMENT: allow a throw-away secret key;
- SESSION_COOKIE_SECURE: default True (the `serve` command turns it off on loopback);
- MAX_FILE_MB: per uploaded ruling file (default 50); MAX_UPLOAD_MB, MAX_CATALOGUE_MB,
  MAX_FORM_KB, MAX_ANONYMOUS_KB: the other body limits (`web/limits.py`);
  READ_TIMEOUT: seconds per file (default 60);
- INGEST_READER: a callable path -> Ruling replacing the sandboxed extractor (tests of
  the web layer only; the end-to-end tests use the real one);
- SOFFICE: the LibreOffice executable for the drafts' page previews (default: looked up on
  the PATH at each use; "" or None: none, the draft page shows its text preview);
  PREVIEW_TIMEOUT: seconds for one conversion (default 90);
- NEW_OFFICER_HOURS: an approval by an account created, re-enabled or given its role less
  than this many hours before is flagged on the document and in the audit log (default 24;
  the demo sets 0).
- AUDIT_CHECK_HOURS: the serving process verifies the audit trail at start and then every
  so many hours (default 24; off under TESTING unless given; 0 or None: off).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from sqlalchemy import Engine

from generate.pdf import soffice
from generate.render import TemplateSet
from rulingdesk.home import home_dir
from store import search_index
from store.db import database_url, make_engine
from web.labels import beijing, catalogue_problem, label, reason
from web.limits import DeskRequest, bound_body, discard_unclaimed
from web.pages import PageRenderer
from web.previews import DEFAULT_TIMEOUT, DraftPreviews
from web.security import (
    ROLE_LABELS,
    BoundedIntConverter,
    check_csrf,
    csrf_token,
    load_user,
    may,
    require_password_change,
    security_headers,
)
from web.throttle import LoginThrottle
from web.worker import CatalogueQueue, DailyAuditCheck, IngestQueue

BLUEPRINTS = ("auth", "upload", "cases", "review", "matches", "drafts", "search", "deadlines", "objections", "admin", "api")


@dataclass
class Desk:
    """What the views need besides the request: the database, the data folder, the
    background queue and the page renderer."""

    engine: Engine
    home: Path
    queue: IngestQueue
    pages: PageRenderer
    templates: TemplateSet  # the GB/T 9704 document templates, read once
    previews: DraftPreviews  # page images of drafts as they will print (LibreOffice)
    catalogue_queue: CatalogueQueue  # uploaded catalogue files, imported one at a time
    audit_check: DailyAuditCheck | None = None  # the serving process's daily verification of the trail

    def close(self) -> None:
        if self.audit_check is not None:
            self.audit_check.close()
        self.catalogue_queue.close()
        self.queue.close()
        self.pages.close()
        self.engine.dispose()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """A configured desk application; raises RuntimeError when SECRET_KEY is missing in
    production."""
    app = Flask(__name__)
    app.request_class = DeskRequest  # uploaded files written to incoming/ against their limit
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_NAME="rulingdesk_session",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=10),
        MAX_FILE_MB=50,  # the other body limits: web/limits.py (set per request, before parsing)
        READ_TIMEOUT=60.0,
    )
    app.config.update(dict(config or {}))
    relaxed = bool(app.config.get("TESTING") or app.config.get("DEVELOPMENT"))
    secret = app.config.get("SECRET_KEY") or os.environ.get("RULINGDESK_SECRET_KEY")
    if not secret:
        if not relaxed:
            raise RuntimeError("SECRET_KEY must be configured (or set RULINGDESK_SECRET_KEY)")
        secret = secrets.token_hex(32)
    app.config["SECRET_KEY"] = secret

    home = Path(app.config.get("HOME") or home_dir()).absolute()  # see home_dir
    home.mkdir(parents=True, exist_ok=True)
    engine = make_engine(app.config.get("DATABASE_URL") or database_url(home))
    queue = IngestQueue(engine, home, timeout=float(app.config["READ_TIMEOUT"]), read=app.config.get("INGEST_READER"))
    pages = PageRenderer(home)
    previews = DraftPreviews(home, pages, timeout=float(app.config.get("PREVIEW_TIMEOUT") or DEFAULT_TIMEOUT),
                             find_soffice=lambda: (app.config["SOFFICE"] if "SOFFICE" in app.config else soffice()) or None)
    desk = Desk(engine, home, queue, pages, TemplateSet(), previews, CatalogueQueue(engine, home))
    app.extensions["desk"] = desk
    app.extensions["login_throttle"] = LoginThrottle()  # failed sign-ins slowed by address and name
    search_index.attach(engine, home)  # kept current as rulings are stored, when built
    if app.config.get("RESUME_JOBS", True):  # the serving process: what a stopped one left behind
        from web.upload import clean_incoming

        clean_incoming(engine, home)
        queue.resume()
        desk.catalogue_queue.resume()
    # Verify the audit trail at start and every AUDIT_CHECK_HOURS (off in tests unless asked for).
    check_hours = app.config.get("AUDIT_CHECK_HOURS", None if app.config.get("TESTING") else 24)
    if check_hours and app.config.get("RESUME_JOBS", True):
        desk.audit_check = DailyAuditCheck(engine, home, dt.timedelta(hours=float(check_hours)))
        desk.audit_check.start()

    app.before_request(load_user)
    app.before_request(bound_body)  # before anything reads the body: the CSRF check parses the form
    app.before_request(require_password_change)
    app.before_request(check_csrf)
    app.teardown_request(discard_unclaimed)
    app.after_request(security_headers)

    @app.context_processor
    def _template_helpers() -> dict[str, Any]:
        return {"csrf_token": csrf_token, "may": lambda action: may(g.get("user"), action),
                "role_label": ROLE_LABELS.get, "label": label}

    app.jinja_env.filters["reason"] = reason  # matching reasons in Chinese
    app.jinja_env.filters["beijing"] = beijing  # time stamps in Beijing time
    app.jinja_env.filters["catalogue_problem"] = catalogue_problem  # importer messages in Chinese

    for code in (400, 401, 403, 404, 409, 413, 503):
        app.register_error_handler(code, _error_page)

    import importlib

    app.url_map.converters["int"] = BoundedIntConverter  # a 20-digit id is no route (404), not an overflow
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(f"web.{name}").bp)
    return app


ERROR_TITLES = {400: "请求无效", 401: "请先登录", 403: "无权操作", 404: "未找到", 409: "状态冲突", 413: "文件过大",
                503: "暂不可用"}


def _error_page(error):  # type: ignore[no-untyped-def]
    code = getattr(error, "code", 500) or 500
    description = getattr(error, "description", "") or ""
    if code == 413 and not _chinese(description):  # the stream counter's own English text
        description = g.get("body_limit_message", "")
    if request.path.startswith("/api/"):
        return jsonify({"error": ERROR_TITLES.get(code, "error"), "detail": description}), code
    if not _chinese(description):
        description = ""  # werkzeug's English default texts are not shown
    return render_template("error.html", code=code, title=ERROR_TITLES.get(code, "出错了"),
                           description=description), code


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)
