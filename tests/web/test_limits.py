"""Request bodies bounded before anything parses them (issue 12, "Limits before parsing").

The findings: one anonymous 1 GiB POST to /login wrote 2 GiB of temporary files before its
400 (the CSRF check parsed the form first; the limit was 1 GiB), and a clerk's 1 GiB
upload was refused against the 50 MB limit only after 2 GiB were written. Each test sends
such a request, with the body produced as it is read, and measures what reached the disk:
the request's input stream records, at every read, the bytes in the data folder's
incoming/ and in a fresh temporary folder (tempfile's, where the form parser spools).
"""

from __future__ import annotations

import json
import select
import socket
import tempfile
import threading
from pathlib import Path

import pytest
from werkzeug.test import EnvironBuilder

from tests.web.conftest import csrf, log_in

GIB = 1024 * 1024 * 1024
MB = 1024 * 1024
BOUNDARY = "limitsboundary"


def folder_bytes(*folders: Path) -> int:
    """Bytes in the files under `folders` now (files vanishing meanwhile count as 0)."""
    total = 0
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            try:
                total += path.stat().st_size if path.is_file() else 0
            except FileNotFoundError:
                pass
    return total


class Body:
    """A multipart body of `size` bytes made as it is read (a 1 GiB body costs no memory):
    fields, then one file part filled with zeros. Records the bytes read and, at every
    read, the largest amount found on disk in `watched`."""

    def __init__(self, size: int, watched: list[Path], fields: dict[str, str] | None = None,
                 file_field: str = "files", magic: str = "%PDF-1.7\n") -> None:
        head = "".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                       for k, v in (fields or {}).items())
        head += (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="big.pdf"\r\n'
                 "Content-Type: application/pdf\r\n\r\n" + magic)
        self.head = head.encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.size = size
        self.position = 0
        self.watched = watched
        self.peak_on_disk = 0

    def read(self, n: int = -1) -> bytes:
        self.peak_on_disk = max(self.peak_on_disk, folder_bytes(*self.watched))
        n = self.size - self.position if n is None or n < 0 else min(n, self.size - self.position)
        out = bytearray()
        while len(out) < n:
            pos = self.position + len(out)
            if pos < len(self.head):
                out += self.head[pos:pos + n - len(out)]
            elif pos < self.size - len(self.tail):
                out += b"\0" * min(n - len(out), self.size - len(self.tail) - pos)
            else:
                start = pos - (self.size - len(self.tail))
                out += self.tail[start:start + n - len(out)]
        self.position += len(out)
        return bytes(out)

    def readline(self, limit: int = -1) -> bytes:  # wsgi.input's interface; the parser reads blocks
        return self.read(limit if limit > 0 else 1024)


@pytest.fixture
def spool(tmp_path, monkeypatch) -> Path:
    """A fresh folder for tempfile's files (the form parser spools parts there)."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def send(app, path: str, body: Body, *, declared: int | None, client=None) -> tuple[int, str]:
    """POST `body` to `path` as a WSGI server would hand it over: with Content-Length
    `declared`, or chunked (no Content-Length; the server terminates the stream) when None.
    `client`'s session cookie is sent when given. Returns (status, body text)."""
    headers = {}
    if client is not None:
        headers["Cookie"] = f"rulingdesk_session={client.get_cookie('rulingdesk_session').value}"
    environ = EnvironBuilder(path=path, method="POST", headers=headers).get_environ()
    environ["CONTENT_TYPE"] = f"multipart/form-data; boundary={BOUNDARY}"
    environ["wsgi.input"] = body
    if declared is None:
        environ.pop("CONTENT_LENGTH", None)
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = str(declared)
    status: list[str] = []
    chunks = app(environ, lambda s, h, e=None: status.append(s))
    text = b"".join(chunks).decode()
    if text.startswith("{"):  # the API's JSON, its Chinese unescaped
        text = json.dumps(json.loads(text), ensure_ascii=False)
    getattr(chunks, "close", lambda: None)()
    return int(status[0].split()[0]), text


def incoming(app) -> Path:
    return app.extensions["desk"].home / "incoming"


def test_an_anonymous_1_gib_post_to_login_is_refused_before_its_body_is_read(app, spool):
    body = Body(GIB, [incoming(app), spool], {"username": "x", "password": "y"})
    status, text = send(app, "/login", body, declared=GIB)
    assert status == 413
    assert "未登录时请求内容不得超过 16 KB" in text
    assert body.position == 0 and body.peak_on_disk == 0


def test_an_anonymous_chunked_post_is_counted_and_stopped_at_the_anonymous_limit(app, spool):
    body = Body(GIB, [incoming(app), spool], {"username": "x", "password": "y"})
    status, text = send(app, "/login", body, declared=None)
    assert status == 413 and "16 KB" in text
    assert body.position <= 16 * 1024 + 64 * 1024  # the limit and one read block
    assert body.peak_on_disk <= 16 * 1024
    assert folder_bytes(spool, incoming(app)) == 0


def test_a_small_anonymous_login_still_works(app):
    client = app.test_client()
    assert log_in(client, "clerk").status_code == 302


def test_a_clerks_1_gib_upload_is_refused_before_its_body_is_read(app, signed_in, spool):
    client = signed_in("clerk")
    body = Body(GIB, [incoming(app), spool], {"csrf_token": csrf(client)})
    status, text = send(app, "/upload", body, declared=GIB, client=client)
    assert status == 413
    assert "一次上传合计不得超过 200 MB" in text
    assert body.position == 0 and body.peak_on_disk == 0


@pytest.mark.parametrize("path", ["/upload", "/api/upload"])
def test_an_upload_is_stopped_the_moment_a_file_passes_its_limit(app, signed_in, spool, path):
    """Chunked (no Content-Length) and within the request limit: only the file limit stops it."""
    app.config["MAX_FILE_MB"] = 1
    client = signed_in("clerk")
    body = Body(20 * MB, [incoming(app), spool], {"csrf_token": csrf(client)})
    status, text = send(app, path, body, declared=None, client=client)
    assert status == 413
    assert "单个文件不得超过 1 MB" in text
    assert body.position <= MB + 256 * 1024  # read no further than the limit and a block
    assert body.peak_on_disk <= MB
    assert folder_bytes(spool, incoming(app)) == 0  # the part written is deleted


def test_a_file_within_its_limit_is_kept_once_and_hashed_as_it_arrived(app, signed_in, spool):
    import hashlib

    client = signed_in("clerk")
    body = Body(300 * 1024, [incoming(app), spool], {"csrf_token": csrf(client)})
    status, text = send(app, "/upload", body, declared=300 * 1024, client=client)
    assert status == 200, text
    payload = body.head[body.head.index(b"%PDF"):] + b"\0" * (300 * 1024 - len(body.head) - len(body.tail))
    stored = list((app.extensions["desk"].home / "originals").rglob("*"))
    assert any(p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest() == hashlib.sha256(payload).hexdigest()
               for p in stored)
    assert body.peak_on_disk <= 300 * 1024 and folder_bytes(spool) == 0


def test_a_signed_in_form_over_the_form_limit_is_refused(app, signed_in, spool):
    client = signed_in("admin")
    body = Body(8 * MB, [incoming(app), spool], {"csrf_token": csrf(client)}, file_field="text")
    status, text = send(app, "/admin/settings", body, declared=None, client=client)
    assert status == 413 and "表单内容不得超过 1 MB" in text
    assert body.peak_on_disk <= MB and folder_bytes(spool) == 0


def test_a_catalogue_file_over_its_limit_is_refused(app, signed_in, spool):
    app.config["MAX_CATALOGUE_MB"] = 1
    client = signed_in("admin")
    body = Body(5 * MB, [incoming(app), spool], {"csrf_token": csrf(client)}, file_field="file")
    status, text = send(app, "/admin/catalogue", body, declared=None, client=client)
    assert status == 413 and "目录文件过大：不得超过 1 MB" in text
    assert body.peak_on_disk <= MB and folder_bytes(spool, incoming(app)) == 0


# --- the server: waitress buffers a whole body before the application runs ---------------


@pytest.fixture
def served(app):
    """The desk on a free loopback port, served as `rulingdesk serve` serves it."""
    from web.limits import bounded_server

    server = bounded_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    server.close()
    thread.join(timeout=5)


def _response(sock: socket.socket) -> str:
    """What the server sent until it closed the connection (a reset after its answer, as
    it closes on a body it refused, ends the reading too)."""
    sock.settimeout(10)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    return data.decode("utf-8", "replace")


def test_the_server_refuses_a_declared_1_gib_anonymous_body_before_receiving_it(served):
    with socket.create_connection(("127.0.0.1", served)) as sock:
        sock.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     + f"Content-Length: {GIB}\r\n\r\n".encode())
        answer = _response(sock)
    assert answer.startswith("HTTP/1.1 413") and "未登录时请求内容不得超过 16 KB" in answer


def test_the_server_stops_a_chunked_anonymous_body_at_the_anonymous_limit(served):
    sent = 0
    with socket.create_connection(("127.0.0.1", served)) as sock:
        sock.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
        while sent < 64 * MB:
            sock.sendall(b"1000\r\n" + b"a" * 0x1000 + b"\r\n")
            sent += 0x1000
            if select.select([sock], [], [], 0.05)[0]:
                break  # the server answered
        answer = _response(sock)
    assert answer.startswith("HTTP/1.1 413") and "16 KB" in answer
    assert sent <= 16 * 1024 + 0x1000  # refused at the limit, not after the 1 GiB the finding sent


def test_the_server_lets_a_signed_in_upload_through_to_the_application(served, app, signed_in):
    """The upload route's larger limit applies at the server to a request with a session
    cookie; the application then checks the session itself."""
    client = signed_in("clerk")
    body = Body(2 * MB, [], {"csrf_token": csrf(client)}, magic="").read()  # zeros: no PDF, no job
    cookie = client.get_cookie("rulingdesk_session").value
    with socket.create_connection(("127.0.0.1", served)) as sock:
        sock.sendall(b"POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: application/json\r\n"
                     + f"Cookie: rulingdesk_session={cookie}\r\n"
                       f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                       f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        answer = _response(sock)
    assert answer.startswith("HTTP/1.1 200"), answer[:300]
    assert "不是 PDF 或 DOCX 文件" in json.loads(answer.split("\r\n\r\n", 1)[1])["files"][0]["reason"]
