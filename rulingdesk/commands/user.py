"""`rulingdesk user reset-password NAME`: recover an account (a lost administrator) at the
terminal of the machine that holds the data folder. Prints a new initial password, which
the owner must change at the next sign-in; the account's open sessions end."""

from __future__ import annotations

import secrets

import click

from rulingdesk.home import home_dir
from store.audit import Actor
from store.users import AccountError, find_account, set_active, set_password

TERMINAL = Actor(None, "命令行")


@click.group("user")
def command() -> None:
    """Desk accounts, from the terminal."""


@command.command("reset-password")
@click.argument("name")
@click.option("--enable", is_flag=True, help="Also re-enable the account when it is disabled.")
@click.pass_context
def reset_password(ctx: click.Context, name: str, enable: bool) -> None:
    """Give account NAME a new initial password (printed once)."""
    from store import open_engine

    engine = open_engine(home_dir((ctx.obj or {}).get("home")))
    account = find_account(engine, name)
    if account is None:
        raise click.UsageError(f"没有用户 {name}")
    password = secrets.token_urlsafe(12)
    try:
        set_password(engine, account.id, password, TERMINAL)
        if enable and not account.active:
            set_active(engine, account.id, True, TERMINAL)
    except AccountError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"用户 {account.username} 的新密码（登录后须立即修改）：{password}")
    if not account.active and not enable:
        click.echo("注意：该账户已停用；加 --enable 可同时启用。", err=True)
