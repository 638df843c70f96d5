"""`rulingdesk serve [--host 127.0.0.1] [--port 8000]`: the web desk on waitress, on the data
folder's database (SQLite by default).

The session cookie is marked Secure unless the desk listens on a loopback address (where
browsers are reached over plain http); put a TLS proxy in front for anything else.
SECRET_KEY comes from $RULINGDESK_SECRET_KEY, else from `secret_key` in the data folder
(created once, readable by the owner only).
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import secrets
import socket
from pathlib import Path

import click
from flask import Flask

from rulingdesk.home import home_dir

SECRET_FILE = "secret_key"


def secret_key(home: Path) -> str:
    """$RULINGDESK_SECRET_KEY, else the data folder's own key (made on first use, mode 600)."""
    key = os.environ.get("RULINGDESK_SECRET_KEY")
    if key:
        return key
    path = home / SECRET_FILE
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_port_free(host: str, port: int) -> None:
    """Refuse at once, in words, when `host:port` cannot be listened on (another desk, or
    any program, holds it) — before the data folder is loaded, not as a traceback after."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise click.UsageError(f"无法解析监听地址 {host}：{err.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress does
        try:
            probe.bind(address)
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise click.UsageError(
                    f"端口 {port} 已被占用（可能另一个处理台正在运行）。请换一个端口：--port 8001，"
                    f"或 PORT=8001 make demo") from None
            raise click.UsageError(f"无法在 {host}:{port} 上监听：{err.strerror}") from None


def build_app(home: Path, host: str) -> Flask:
    from web import create_app

    return create_app({"HOME": str(home), "SECRET_KEY": secret_key(home), "SESSION_COOKIE_SECURE": not is_loopback(host)})


def run(app: Flask, host: str, port: int, threads: int) -> None:
    """Serve until interrupted, then stop the background worker and the reader processes."""
    from web.limits import bounded_server

    click.echo(f"裁决处理台：http://{host}:{port}/  （Ctrl+C 停止）", err=True)
    try:
        # bodies bounded while waitress receives them (it buffers a whole body before the app runs)
        server = bounded_server(app, host=host, port=port, threads=threads, ident="rulingdesk")
        logging.basicConfig()  # waitress's own messages, as waitress.serve shows them
        server.print_listen("Serving on http://{}:{}")
        server.run()
    finally:
        app.extensions["desk"].close()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, envvar="PORT", help="Port (or $PORT).")
@click.option("--threads", default=8, show_default=True, type=int, help="Request threads.")
@click.pass_context
def command(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Serve the web desk (clerks, officers, archivists, administrators)."""
    check_port_free(host, port)
    home = home_dir((ctx.obj or {}).get("home"))
    run(build_app(home, host), host, port, threads)
