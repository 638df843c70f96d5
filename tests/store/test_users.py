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
    account = create_user(engine, "wangwu.clerk", "initial password 1", "clerk", must_change=True)
    assert account.must_change_password
    _, token = log_in(engine, "wangwu.clerk", "initial password 1")
    with pytest.raises(AccountError, match="当前密码不正确"):
        change_own_password(engine, token, "wrong password", "my own password 2")
    with pytest.raises(AccountError, match="新密码不能与当前密码相同"):
        change_own_password(engine, token, "initial password 1", "initial password 1")
    with pytest.raises(AccountError, match="密码不能与用户名相同"):
        change_own_password(engine, token, "initial password 1", "wangwu.clerk")
    _, elsewhere = log_in(engine, "wangwu.clerk", "initial password 1")
    changed = change_own_password(engine, token, "initial password 1", "my own password 2")
    assert not changed.must_change_password
    assert account_for_token(engine, token) is not None  # this browser stays signed in
    assert account_for_token(engine, elsewhere) is None  # any other ends
    set_password(engine, account.id, "reset by admin 3", ADMIN)  # a reset: to be changed again
    assert log_in(engine, "wangwu.clerk", "reset by admin 3")[0].must_change_password


def _audit(engine, action: str) -> list[tuple[str | None, str | None, dict]]:
    """(who, subject, after) of the audit rows of `action`, oldest first."""
    import json

    from sqlalchemy import select

    from store.desk_tables import AuditEntry

    with engine.connect() as connection:
        rows = connection.execute(select(AuditEntry.username, AuditEntry.subject, AuditEntry.after)
                                  .where(AuditEntry.action == action).order_by(AuditEntry.id)).all()
    return [(who, subject, json.loads(after or "{}")) for who, subject, after in rows]


def _role_since(engine, user_id: int):
    from store.desk_tables import User
    from store.sessions import writing

    with writing(engine) as session:
        return session.get(User, user_id).role_since


def test_roles_and_who_granted_them_are_in_the_audit_trail(engine):
    """Issue 12: an account's roles, and who granted them, are in the audit trail."""
    from store.users import set_active, set_role

    admin = create_user(engine, "admin", "a good password 1", "administrator")
    account = create_user(engine, "wangwu", "a good password 1", "clerk", by=admin.actor)
    set_role(engine, account.id, "officer", admin.actor)
    set_active(engine, account.id, False, admin.actor)
    set_active(engine, account.id, True, admin.actor)
    subject = f"user:{account.id}"
    assert [a for a in _audit(engine, "user_create") if a[1] == subject] == [
        ("admin", subject, {"username": "wangwu", "role": "clerk", "granted_by": "admin"})]
    assert _audit(engine, "user_role") == [("admin", subject, {"role": "officer", "granted_by": "admin"})]
    assert _audit(engine, "user_active")[-1] == ("admin", subject,
                                                  {"active": True, "role": "officer", "granted_by": "admin"})


def test_granting_a_role_and_re_enabling_start_the_role_anew(engine):
    from store.users import set_active, set_role

    admin = create_user(engine, "admin", "a good password 1", "administrator")
    account = create_user(engine, "wangwu", "a good password 1", "clerk", by=admin.actor)
    created = _role_since(engine, account.id)
    assert created is not None
    set_role(engine, account.id, "officer", admin.actor)
    granted = _role_since(engine, account.id)
    assert granted > created
    set_active(engine, account.id, False, admin.actor)
    assert _role_since(engine, account.id) == granted  # disabling starts nothing
    set_active(engine, account.id, True, admin.actor)
    assert _role_since(engine, account.id) > granted


@pytest.mark.parametrize(("change", "message"), [("other_admin", "管理员账户不能兼任审核员"),
                                                 ("self", "不能更改自己的角色"),
                                                 ("unknown", "未知角色")])
def test_an_administrator_cannot_hold_the_officer_role(engine, change, message):
    """Issue 12: an administrator could approve alone with an officer account."""
    from store.users import get_account, set_role

    admin = create_user(engine, "admin", "a good password 1", "administrator")
    other = create_user(engine, "admin2", "a good password 1", "administrator", by=admin.actor)
    target = {"other_admin": other, "self": admin, "unknown": other}[change]
    with pytest.raises(AccountError, match=message):
        set_role(engine, target.id, "boss" if change == "unknown" else "officer", admin.actor)
    assert get_account(engine, target.id).role == "administrator"
