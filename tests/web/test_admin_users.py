"""The administrator's user page: roles changed with who granted them in the audit log, and
never an administrator made officer (four eyes, issue 12)."""

from __future__ import annotations

import json

from store.audit import entries
from store.users import list_users
from tests.web.conftest import post


def _account(app, username: str):
    return next(a for a in list_users(app.extensions["desk"].engine) if a.username == username)


def test_a_role_change_is_recorded_with_who_granted_it(app, signed_in):
    admin = signed_in("admin")
    spare = _account(app, "spare")
    response = post(admin, f"/admin/users/{spare.id}/role", role="officer")
    assert response.status_code == 302 and "角色已更改" in admin.get("/admin/users").get_data(as_text=True)
    assert _account(app, "spare").role == "officer"
    (row,) = entries(app.extensions["desk"].engine, action="user_role")
    assert row.username == "admin" and row.subject == f"user:{spare.id}"
    assert json.loads(row.after) == {"role": "officer", "granted_by": "admin"}
    assert "更改角色" in admin.get("/admin/audit").get_data(as_text=True)


def test_the_administrator_cannot_make_an_administrator_account_an_officer(app, signed_in):
    """The pen test: an administrator could approve alone with an officer account; an
    administrator account (his own or a second one he made) is never given the role."""
    admin = signed_in("admin")
    post(admin, "/admin/users", username="admin2", password="a good password 9", role="administrator")
    second = _account(app, "admin2")
    post(admin, f"/admin/users/{second.id}/role", role="officer")
    assert "管理员账户不能兼任审核员" in admin.get("/admin/users").get_data(as_text=True)
    post(admin, f"/admin/users/{_account(app, 'admin').id}/role", role="officer")
    assert "不能更改自己的角色" in admin.get("/admin/users").get_data(as_text=True)
    assert {_account(app, "admin").role, _account(app, "admin2").role} == {"administrator"}
    assert entries(app.extensions["desk"].engine, action="user_role") == []
