"""Accounts: the password policy where passwords are set, and what a reset ends."""

from __future__ import annotations

import pytest

from store.audit import Actor
from store.users import AccountError, account_for_token, create_user, log_in, set_password

ADMIN = Actor(None, "admin")


@pytest.mark.parametrize(("password", "message"), [
    ("short", "密码至少 8 位"),
    (" " * 8, "密码不能全是空格"),  # the pen test's eight spaces
    ("\t \u3000 \u3000    ", "密码不能全是空格"),
    ("zhangsan", "密码不能与用户名相同"),
    (" ZhangSan ", "密码不能与用户名相同"),
    ("x" * 201, "密码最多 200 位"),
])
def test_weak_passwords_are_refused_where_passwords_are_set(engine, password, message):
    with pytest.raises(AccountError, match=message):
        create_user(engine, "zhangsan", password, "clerk")
    account = create_user(engine, "zhangsan", "a good password 1", "clerk")
    with pytest.raises(AccountError, match=message):
        set_password(engine, account.id, password, ADMIN)


def test_a_reset_password_ends_every_open_session(engine):
    account = create_user(engine, "lisi", "a good password 1", "clerk")
    tokens = [log_in(engine, "lisi", "a good password 1")[1] for _ in range(2)]
    set_password(engine, account.id, "another password 2", ADMIN)
    assert [account_for_token(engine, token) for token in tokens] == [None, None]
    assert log_in(engine, "lisi", "another password 2") is not None
