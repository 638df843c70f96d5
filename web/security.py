"""Who may do what, who is signed in, and the CSRF check of every form.

Roles (issue 5): clerks upload and correct; clerks and officers match and prepare drafts;
officers approve (never their own draft); archivists read; administrators manage users,
settings and the catalogue, and read the audit log.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from werkzeug.routing import IntegerConverter, Map

from store.users import Account, account_for_token

F = TypeVar("F", bound=Callable[..., Any])

ALL_ROLES = frozenset({"clerk", "officer", "archivist", "administrator"})

# action -> the roles allowed to do it (the permission matrix the tests check)
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": ALL_ROLES,  # case list, case pages, page images, search
    "upload": frozenset({"clerk"}),
    "correct": frozenset({"clerk"}),  # review: edit extracted fields
    "match": frozenset({"clerk", "officer"}),  # confirm / reject candidates
    "draft": frozenset({"clerk", "officer"}),  # prepare documents, edit free text
    "approve": frozenset({"officer"}),  # four eyes: never the drafter
    "download": frozenset({"clerk", "officer", "archivist"}),
    "manage_users": frozenset({"administrator"}),
    "manage_catalogue": frozenset({"administrator"}),
    "manage_settings": frozenset({"administrator"}),  # the offices of settings.toml
    "audit": frozenset({"administrator"}),
    "own_account": ALL_ROLES,  # change one's own password
}

ROLE_LABELS = {"clerk": "登记员", "officer": "审核员", "archivist": "档案员", "administrator": "管理员"}

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def may(account: Account | None, action: str) -> bool:
    """Whether `account` may do `action` (unknown actions: nobody)."""
    return account is not None and account.role in PERMISSIONS.get(action, frozenset())


def requires(action: str) -> Callable[[F], F]:
    """View decorator: sign-in required (redirect to the login page), then `action`
    permitted for the user's role (403 otherwise)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.get("user") is None:
                if request.path.startswith("/api/"):
                    abort(401)
                return redirect(url_for("auth.login", next=request.full_path))
            if not may(g.user, action):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def load_user() -> None:
    """before_request: `g.user` is the account of the session's open login, or None."""
    token = session.get("login")
    g.user = account_for_token(current_app.extensions["desk"].engine, token) if token else None
    if token and g.user is None:
        session.pop("login", None)


# What an account with an initial password may still reach: the change itself, signing out.
BEFORE_PASSWORD_CHANGE = frozenset({"auth.change_password", "auth.logout", "static"})


def require_password_change() -> Any:
    """before_request (after load_user): an account whose password someone else set reaches
    nothing but the password change (pages redirect to it; the API answers 403)."""
    user = g.get("user")
    if user is None or not user.must_change_password or request.endpoint in BEFORE_PASSWORD_CHANGE:
        return None
    if request.path.startswith("/api/"):
        abort(403, description="须先修改初始密码（登录后在“修改密码”页）")
    return redirect(url_for("auth.change_password"))


def csrf_token() -> str:
    """This session's CSRF token (made on first use); templates put it in every form."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """before_request: every state-changing request carries the session's token (form field
    or header); 400 otherwise."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = session.get("csrf")
    given = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    if not expected or not hmac.compare_digest(str(expected), str(given)):
        abort(400, description="表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。")


def security_headers(response):  # type: ignore[no-untyped-def]
    """after_request (every response, error pages and static files included): no framing,
    no sniffing, same-origin scripts only (no inline script, no CDNs), no referrer off the site."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    return response


def local_path(target: str | None, default: str) -> str:
    """`target` when it is a path on this site (`/cases/3`), else `default`: a redirect
    taken from a form or a query never leads off the site (`//evil.example`, `https://…`,
    `/\\evil.example`, or `/<tab>/evil.example`, which browsers read as `//evil.example`
    because they drop tabs and line breaks from URLs)."""
    if not target or not target.startswith("/") or "\\" in target:
        return default
    if any(c.isspace() or not c.isprintable() for c in target):
        return default
    parts = urlsplit(target)
    if target.startswith("//") or parts.scheme or parts.netloc:
        return default
    return target


def not_stored(response):  # type: ignore[no-untyped-def]
    """A response carrying a document's content (page images, originals, PDFs, DOCX): kept
    by no cache, shared or the browser's own (`Cache-Control: private, no-store`)."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers.pop("Expires", None)
    return response


MAX_ID = 2**31 - 1  # the largest id or number a URL or query may name (a 32-bit database integer)


def bounded_int(value: str) -> int:
    """`type=` of `request.args.get`: the integer written, ValueError (so the default is
    taken) when it is not one or is beyond ±MAX_ID: a 20-digit page number or id never
    reaches the database, where it would overflow its integer."""
    text = value.strip()
    if not 0 < len(text) <= 11:
        raise ValueError(value)
    number = int(text)
    if abs(number) > MAX_ID:
        raise ValueError(value)
    return number


def id_list(text: str, limit: int = 500) -> list[int]:
    """The ids of a query like `?ids=1,2,3` (at most `limit`); parts that are not ids (or
    are beyond MAX_ID) are left out."""
    ids = []
    for part in text.split(",")[:limit]:
        try:
            number = bounded_int(part)
        except ValueError:
            continue
        if number > 0:
            ids.append(number)
    return ids


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` of every route: at most 10 digits and at most MAX_ID, else the URL matches
    no route (404): `/cases/99999999999999999999` is not a case, not an overflow."""

    regex = r"\d{1,10}"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
