"""`rulingdesk demo`: the desk with demo data. Creates the demo users (printing their
first-login passwords), loads the sample catalogue (`corpus/catalogue.csv`, when present)
and queues the sample corpus (`corpus/pdf/*.pdf`) for reading, then serves until stopped.
Running it again on the same data folder adds nothing twice."""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
from pathlib import Path

import click

from generate.settings import SETTINGS_FILE
from rulingdesk.commands.serve import build_app, check_port_free, run
from rulingdesk.home import home_dir
from store import search_index

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

DEMO_USERS = (  # username, display name, role
    ("clerk", "李登记", "clerk"),
    ("officer1", "王审核", "officer"),
    ("officer2", "赵审核", "officer"),
    ("archivist", "陈档案", "archivist"),
    ("admin", "周管理", "administrator"),
)


def sample_catalogue(home: Path) -> Path:
    """`corpus/catalogue.csv`, or (when it is not there) the same file written by
    `corpus.catalogue` from the corpus truth into the data folder."""
    committed = CORPUS / "catalogue.csv"
    if committed.exists():
        return committed
    from corpus.catalogue import catalogue_text, corpus_cases

    written = home / "sample-catalogue.csv"
    written.write_text(catalogue_text(corpus_cases()), encoding="utf-8")
    return written


def build_demo_app(home: Path, host: str):  # type: ignore[no-untyped-def]
    """The desk as `serve` builds it, except that approvals by accounts new in their role
    are not flagged: the demo's officers were made a moment ago (NEW_OFFICER_HOURS = 0)."""
    app = build_app(home, host)
    app.config["NEW_OFFICER_HOURS"] = 0
    return app


def create_demo_users(engine) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """The demo accounts that do not exist yet, created with fresh passwords:
    (username, role, password)."""
    from store.users import create_user, list_users

    existing = {account.username for account in list_users(engine)}
    made = []
    for username, name, role in DEMO_USERS:
        if username in existing:
            continue
        password = secrets.token_urlsafe(9)
        create_user(engine, username, password, role, name, must_change=True)
        made.append((username, role, password))
    return made


def queue_corpus(app, pdfs: list[Path]) -> int:  # type: ignore[no-untyped-def]
    """Submit each sample PDF not stored yet as the clerk would upload it; returns how many
    were queued. A second run adds nothing (not even a 重复文件 row per sample)."""
    import shutil
    import tempfile

    from extract.sniff import sniff
    from store.audit import Actor
    from store.jobs import is_stored, submit_file
    from store.rulings import sha256_of

    desk = app.extensions["desk"]
    incoming = desk.home / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    queued = 0
    for pdf in pdfs:
        kind = sniff(pdf)
        if kind is None or is_stored(desk.engine, sha256_of(pdf)):
            continue
        copy = Path(tempfile.mkstemp(dir=incoming, suffix=".upload")[1])
        shutil.copyfile(pdf, copy)
        job = submit_file(desk.engine, desk.home, copy, pdf.name, kind, sha256_of(copy), copy.stat().st_size,
                          Actor(None, "demo"))
        if job.state == "queued":
            desk.queue.submit(job.id)
            queued += 1
    return queued


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int, envvar="PORT", help="Port (or $PORT).")
@click.option("--no-serve", is_flag=True, help="Load the demo data and stop (do not serve).")
@click.pass_context
def command(ctx: click.Context, host: str, port: int, no_serve: bool) -> None:
    """Load the sample corpus and catalogue, create demo users, and serve the desk."""
    if not no_serve:
        check_port_free(host, port)
    home = home_dir((ctx.obj or {}).get("home"))
    if not (home / SETTINGS_FILE).exists():  # the offices the samples are drafted for
        shutil.copyfile(CORPUS / "demo_settings.toml", home / SETTINGS_FILE)
    app = build_demo_app(home, host)
    desk = app.extensions["desk"]
    made = create_demo_users(desk.engine)
    if made:
        click.echo("演示用户（首次登录密码，请妥善保存）：")
        for username, role, password in made:
            click.echo(f"  {username:<10} {role:<14} {password}")
        click.echo("首次登录时须修改密码。")
    else:
        click.echo("演示用户已存在（密码见首次运行时的输出；管理员可在“用户”页重设）。")
    catalogue = sample_catalogue(home)
    from rulingdesk.commands.catalogue import import_file

    report = import_file(desk.engine, catalogue, None, dt.date.today(), show_progress=False)
    click.echo(f"目录：{catalogue.name} 已导入（新增 {report.added}，更新 {report.updated}）。")
    if not search_index.has_index(home):  # so that the rulings read next are searchable at once
        search_index.rebuild(desk.engine, home)
    search_index.attach(desk.engine, home)
    samples = sorted((CORPUS / "pdf").glob("*.pdf"))
    queued = queue_corpus(app, samples)
    click.echo(f"样本裁决：{queued} 个文件已排队读取" + (f"（其余 {len(samples) - queued} 个此前已登记）。"
                                                   if queued < len(samples) else "。"))
    if no_serve:
        desk.queue.wait_idle()
        desk.close()
        return
    run(app, host, port, threads=8)
