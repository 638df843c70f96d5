"""`rulingdesk audit verify|head`: prove the audit trail (hash chain, approved documents'
bytes against their approval rows) and export its head.

`audit head` prints the chain head as JSON; kept elsewhere (or sent to the other
administration), it lets `audit verify --head FILE` catch a history rewritten and re-chained
since by someone holding the database. `verify` exits 1 when the trail breaks, saying where.
"""

from __future__ import annotations

import json
import sys

import click

from rulingdesk.home import home_dir


@click.group("audit")
def command() -> None:
    """The audit trail: verify it, export its head."""


@command.command("verify")
@click.option("--head", "head_file", type=click.File("r", encoding="utf-8"),
              help="A head exported earlier (`audit head`): it must still be in the chain.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.pass_context
def verify_command(ctx: click.Context, head_file, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    """Check the whole chain and every approved document; exit 1, naming the row (id and
    sequence) or document and the failed check, when it breaks."""
    from store.audit_chain import Head
    from store.audit_verify import verify_store
    from store.db import open_engine

    head = None
    if head_file is not None:
        try:
            head = Head.from_json(json.load(head_file))
        except ValueError as error:  # JSONDecodeError is a ValueError too
            raise click.UsageError(f"链头文件无效：{error}") from None
    home = home_dir((ctx.obj or {}).get("home"))
    engine = open_engine(home)
    try:
        verdict = verify_store(engine, home, head)
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps(verdict.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(verdict.summary)
        for item in verdict.breaks:
            click.echo(f"  {item.message}")
        if verdict.more_breaks:
            click.echo(f"  ……另有 {verdict.more_breaks} 处问题未列出")
        if head is not None and verdict.ok:
            click.echo(f"导出的链头（序号 {head.seq}）仍在链中")
    sys.exit(0 if verdict.ok else 1)


@command.command("head")
@click.pass_context
def head_command(ctx: click.Context) -> None:
    """Print the chain head (sequence, hash, time) as JSON; exit 1 when the log is empty."""
    from store.audit_verify import chain_head
    from store.db import open_engine

    engine = open_engine(home_dir((ctx.obj or {}).get("home")))
    try:
        head = chain_head(engine)
    finally:
        engine.dispose()
    if head is None:
        click.echo("审计日志为空，没有链头", err=True)
        sys.exit(1)
    click.echo(json.dumps(head.to_json(), ensure_ascii=False))
