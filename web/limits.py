"""How large a request body may be, decided before anything reads it (issue 12).

A body is bounded by who sends it and where it goes: anonymous requests get the smallest
limit (the login form), a signed-in user's forms and JSON a small one, and only the views
that take files (`@receives_files`) the upload limits. The limit is applied twice, from the
same rule (`limit_for`): by the server while it receives the body (`bounded_server`: the
declared Content-Length is refused before a byte of the body is buffered, a chunked body is
counted as it arrives), and by the application before the CSRF check parses the form
(`bound_body`: Content-Length checked, the stream counted). Uploaded files are written to
`incoming/` as they are parsed and refused the moment one passes its limit
(`ReceivedFile`), so no more than the limit is ever written to disk.

Configuration keys (`create_app`): MAX_ANONYMOUS_KB (default 16), MAX_FORM_KB (default
1024), MAX_FILE_MB (per ruling file, default 50), MAX_UPLOAD_MB (one upload request,
several files, default 200), MAX_CATALOGUE_MB (a catalogue file, default 200).
"""

from __future__ import annotations

import copy
import hashlib
import io
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, TypeVar

from flask import Flask, Request, current_app, g, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from store.catalogue_uploads import INCOMING

F = TypeVar("F", bound=Callable[..., Any])

KB = 1024
MB = 1024 * 1024
MULTIPART_MARGIN = 64 * KB  # part headers, the CSRF field and boundaries around a file at its limit


class BodyKind(StrEnum):
    """What a request may carry, by sender and view."""

    ANONYMOUS = "anonymous"  # nobody signed in: the login form at most
    FORM = "form"  # a signed-in user's form or JSON
    RULINGS = "rulings"  # ruling files (upload page and API), several at once
    CATALOGUE = "catalogue"  # an administrator's catalogue file


@dataclass(frozen=True)
class BodyLimits:
    """The limits in bytes, read from the app's configuration."""

    anonymous: int  # a whole request of nobody signed in
    form: int  # a whole form or JSON body of a signed-in user
    ruling_file: int  # one ruling file
    upload_request: int  # one upload request with several ruling files
    catalogue_file: int  # one catalogue file

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> BodyLimits:
        return cls(
            anonymous=int(float(config.get("MAX_ANONYMOUS_KB", 16)) * KB),
            form=int(float(config.get("MAX_FORM_KB", 1024)) * KB),
            ruling_file=int(float(config.get("MAX_FILE_MB", 50)) * MB),
            upload_request=int(float(config.get("MAX_UPLOAD_MB", 200)) * MB),
            catalogue_file=int(float(config.get("MAX_CATALOGUE_MB", 200)) * MB),
        )

    def request(self, kind: BodyKind) -> int:
        """The most a whole request body of this kind may hold."""
        if kind is BodyKind.ANONYMOUS:
            return self.anonymous
        if kind is BodyKind.RULINGS:
            return max(self.upload_request, self.ruling_file + MULTIPART_MARGIN)
        if kind is BodyKind.CATALOGUE:
            return self.catalogue_file + MULTIPART_MARGIN
        return self.form

    def file(self, kind: BodyKind) -> int | None:
        """The most one uploaded file may hold; None: the kind takes no files."""
        return {BodyKind.RULINGS: self.ruling_file, BodyKind.CATALOGUE: self.catalogue_file}.get(kind)

    def largest(self) -> int:
        """The largest request body any view accepts (the server's own ceiling)."""
        return max(self.request(kind) for kind in BodyKind)


def size_text(size: int) -> str:
    """`50 MB`, `16 KB`: a limit as the desk names it."""
    return f"{size // MB} MB" if size >= MB and size % MB == 0 else f"{size / KB:.0f} KB"


def too_large_message(kind: BodyKind, limits: BodyLimits, *, per_file: bool = False) -> str:
    """The Chinese reason of a 413, naming the limit that was passed."""
    if per_file and kind is not BodyKind.CATALOGUE:  # a catalogue request holds one file: said below
        return f"文件过大：单个文件不得超过 {size_text(limits.file(kind) or 0)}，已停止接收。"
    if kind is BodyKind.ANONYMOUS:
        return f"请求过大：未登录时请求内容不得超过 {size_text(limits.anonymous)}，请先登录。"
    if kind is BodyKind.RULINGS:
        return f"上传内容过大：一次上传合计不得超过 {size_text(limits.request(kind))}，请分批上传。"
    if kind is BodyKind.CATALOGUE:
        return f"目录文件过大：不得超过 {size_text(limits.catalogue_file)}，已停止接收。"
    return f"请求过大：表单内容不得超过 {size_text(limits.form)}。"


def receives_files(kind: BodyKind) -> Callable[[F], F]:
    """View decorator: the view takes files of `kind`; every other view takes at most a
    form (`BodyKind.FORM`)."""

    def mark(view: F) -> F:
        view.body_kind = kind  # type: ignore[attr-defined]
        return view

    return mark


def body_kind(view: Callable[..., Any] | None, signed_in: bool) -> BodyKind:
    """The kind of body a request to `view` may carry: the smallest for nobody signed in."""
    if not signed_in:
        return BodyKind.ANONYMOUS
    return getattr(view, "body_kind", BodyKind.FORM)


def limit_for(app: Flask, method: str, path: str, signed_in: bool) -> tuple[BodyKind, int]:
    """(kind, bytes) of a request, from its method and path alone (the server's view of
    it: `signed_in` is whether it carries a session cookie at all; the application checks
    the session itself)."""
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path, method)
    except HTTPException:  # no such route, wrong method, a redirect: the smallest limits
        endpoint = None
    kind = body_kind(app.view_functions.get(endpoint) if endpoint else None, signed_in)
    return kind, BodyLimits.from_config(app.config).request(kind)


# --- in the application ---------------------------------------------------------------


class ReceivedFile:
    """One uploaded file as the form parser writes it: straight into the data folder's
    incoming/ (`*.upload`, removed at start if a crash leaves it), hashed and counted as it
    is written; RequestEntityTooLarge the moment it passes `limit` (the part written is
    deleted). Reads, seeks and closes like the file it wraps."""

    def __init__(self, folder: Path, limit: int, message: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._handle: IO[bytes] = tempfile.NamedTemporaryFile(dir=folder, suffix=".upload", delete=False)
        self.path = Path(self._handle.name)
        self.limit = limit
        self.size = 0
        self._digest = hashlib.sha256()
        self._message = message

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.discard()
            raise RequestEntityTooLarge(description=self._message)
        self._digest.update(data)
        return self._handle.write(data)

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def discard(self) -> None:
        """Close and delete the file (unless it was moved away)."""
        self._handle.close()
        self.path.unlink(missing_ok=True)

    def __getattr__(self, name: str) -> Any:  # read, seek, tell, close, flush ...
        return getattr(self._handle, name)


class DeskRequest(Request):
    """Flask's request with uploaded files written by `ReceivedFile` when the view takes
    files (`bound_body` sets `file_limit`)."""

    file_limit: int | None = None  # bytes per file; None: the parser's default (memory, then a temp file)
    file_folder: Path | None = None
    file_message: str = ""

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None) -> IO[bytes]:
        if self.file_limit is None or self.file_folder is None:
            # a view that takes no files: its whole body is within the form limit already,
            # so a stray file part stays in memory and nothing reaches the disk
            return io.BytesIO()
        received = ReceivedFile(self.file_folder, self.file_limit, self.file_message)
        self.received_files.append(received)
        return received  # type: ignore[return-value]

    @property
    def received_files(self) -> list[ReceivedFile]:
        if "received_files" not in self.__dict__:
            self.__dict__["received_files"] = []
        return self.__dict__["received_files"]


def bound_body() -> None:
    """before_request, after `load_user` and before the CSRF check parses the form: the
    request's body limit set on the request (Content-Length refused at once, the stream
    counted, chunked bodies included) and, for views that take files, the file limit."""
    limits = BodyLimits.from_config(current_app.config)
    kind = body_kind(current_app.view_functions.get(request.endpoint or ""), g.get("user") is not None)
    g.body_limit_message = too_large_message(kind, limits)
    limit = limits.request(kind)
    request.max_content_length = limit
    request.max_form_memory_size = min(limit, limits.form)
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(description=g.body_limit_message)
    per_file = limits.file(kind)
    if per_file is not None and isinstance(request, DeskRequest):
        request.file_limit = per_file
        request.file_folder = current_app.extensions["desk"].home / INCOMING
        request.file_message = too_large_message(kind, limits, per_file=True)


def discard_unclaimed(_error: BaseException | None = None) -> None:
    """teardown_request: files of the request that no view moved away (a refused or
    failed request) are deleted."""
    if isinstance(request, DeskRequest):
        for received in request.received_files:
            received.discard()


# --- in the server ----------------------------------------------------------------------


def bounded_server(app: Flask, **adjustments: Any):  # type: ignore[no-untyped-def]
    """A waitress server for `app` that applies `limit_for` while it receives each body:
    waitress buffers a whole body before the application sees it, so without this a 1 GiB
    POST to /login was written to a temporary file first. A body over its limit is refused
    with 413 and a Chinese reason as soon as its Content-Length is read, or as soon as a
    chunked body passes it."""
    from waitress.channel import HTTPChannel
    from waitress.parser import HTTPRequestParser
    from waitress.server import BaseWSGIServer, create_server
    from waitress.utilities import RequestEntityTooLarge as ServerTooLarge

    cookie = f"{app.config.get('SESSION_COOKIE_NAME') or 'session'}="

    class TooLarge(ServerTooLarge):
        reason = "Content Too Large"

    class BoundedParser(HTTPRequestParser):
        def parse_header(self, header_plus: bytes) -> None:
            super().parse_header(header_plus)
            signed_in = cookie in self.headers.get("COOKIE", "")
            kind, limit = limit_for(app, self.command, self.path, signed_in)
            self.adj = copy.copy(self.adj)  # this request's own ceiling; the server's stays
            # waitress refuses at `>= max_request_body_size`; a body of exactly `limit` is allowed
            self.adj.max_request_body_size = limit + 1
            self.body_message = too_large_message(kind, BodyLimits.from_config(app.config))

        def received(self, data: bytes) -> int:
            consumed = super().received(data)
            if isinstance(self.error, ServerTooLarge) and not isinstance(self.error, TooLarge):
                self.error = TooLarge(getattr(self, "body_message", ""))
            return consumed

    class BoundedChannel(HTTPChannel):
        parser_class = BoundedParser

    adjustments.setdefault("max_request_body_size", BodyLimits.from_config(app.config).largest() + 1)
    server = create_server(app, **adjustments)
    for candidate in [server, *getattr(server, "map", {}).values()]:
        if isinstance(candidate, BaseWSGIServer):
            candidate.channel_class = BoundedChannel
    return server
