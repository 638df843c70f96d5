"""Accounts: the password policy where passwords are set, and what a reset ends."""

from __future__ import annotations

import pytest

from store.audit import Actor
from store.users import (
    AccountError,
    account_for_token,
    change_own_password,
    create_user,
    log_in,
    set_password,
)

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


def test_a_password_someone_else_set_must_be_changed_by_its_owner(engine):
    """Demo and administrator-made accounts kept the printed password for good."""
    account = create_user(engine, "wangwu", "initial password 1", "clerk", must_change=True)
    assert account.must_change_password
    _, token = log_in(engine, "wangwu", "initial password 1")
    with pytest.raises(AccountError, match="当前密码不正确"):
        change_own_password(engine, token, "wrong password", "my own password 2")
    with pytest.raises(AccountError, match="新密码不能与当前密码相同"):
        change_own_password(engine, token, "initial password 1", "initial password 1")
    with pytest.raises(AccountError, match="密码不能与用户名相同"):
        change_own_password(engine, token, "initial password 1", "wangwu")
    _, elsewhere = log_in(engine, "wangwu", "initial password 1")
    changed = change_own_password(engine, token, "initial password 1", "my own password 2")
    assert not changed.must_change_password
    assert account_for_token(engine, token) is not None  # this browser stays signed in
    assert account_for_token(engine, elsewhere) is None  # any other ends
    set_password(engine, account.id, "reset by admin 3", ADMIN)  # a reset: to be changed again
    assert log_in(engine, "wangwu", "reset by admin 3")[0].must_change_password
