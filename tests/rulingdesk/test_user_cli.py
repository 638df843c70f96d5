"""`rulingdesk user reset-password NAME`: a lost administrator recovered at the terminal."""

from __future__ import annotations

import re

from click.testing import CliRunner

from rulingdesk.cli import cli
from rulingdesk.home import home_dir
from store import open_engine
from store.audit import Actor
from store.users import account_for_token, create_user, log_in, set_active


def run(home, *args):
    return CliRunner().invoke(cli, ["--home", str(home), *args])


def test_a_lost_administrator_gets_a_new_initial_password(home):
    engine = open_engine(home_dir(home))
    admin = create_user(engine, "admin", "forgotten password 1", "administrator")
    _, token = log_in(engine, "admin", "forgotten password 1")
    set_active(engine, admin.id, False, Actor(None, "test"))
    result = run(home, "user", "reset-password", "admin", "--enable")
    assert result.exit_code == 0, result.output
    password = re.search(r"：(\S+)$", result.output.strip()).group(1)
    assert account_for_token(engine, token) is None  # whoever held the old login is out
    account, _ = log_in(engine, "admin", password)
    assert account.active and account.must_change_password


def test_an_unknown_name_is_a_usage_error(home):
    result = run(home, "user", "reset-password", "nobody")
    assert result.exit_code == 2 and "没有用户 nobody" in result.output
