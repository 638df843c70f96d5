"""Accounts and login sessions of the desk. Passwords are kept as werkzeug hashes only."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from store.audit import Actor, record
from store.desk_tables import ROLES, LoginSession, User, utcnow
from store.sessions import writing


@dataclass(frozen=True)
class Account:
    """A user as the web layer sees it (no password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    must_change_password: bool = False  # the password was set by someone else

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.username)


class AccountError(ValueError):
    """An account that cannot be created or changed; `str()` is the reason shown."""


# Four eyes: whoever manages the accounts could otherwise approve with an officer account of
# his own. An administrator account is never made an officer (and nobody changes his own role);
# an officer account new in its role is flagged when it approves (store.drafts.approve).
ADMIN_NOT_OFFICER = "管理员账户不能兼任审核员（须另设审核员账户，由他人使用）"
OWN_ROLE = "不能更改自己的角色"


MIN_PASSWORD = 8
MAX_PASSWORD = 200


def check_password_policy(password: str, username: str) -> None:
    """AccountError (Chinese) for a password the desk does not accept: shorter than
    MIN_PASSWORD, longer than MAX_PASSWORD, only spaces, or the user name itself."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 位")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"密码最多 {MAX_PASSWORD} 位")
    if not password.strip():
        raise AccountError("密码不能全是空格")
    if password.strip().casefold() == username.strip().casefold():
        raise AccountError("密码不能与用户名相同")


def _end_sessions(session: Session, user_id: int) -> None:
    for login in session.scalars(
        select(LoginSession).where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
    ):
        login.ended_at = utcnow()


def _account(user: User) -> Account:
    return Account(user.id, user.username, user.display_name, user.role, user.active, user.must_change_password)


def create_user(
    engine: Engine, username: str, password: str, role: str, display_name: str = "", by: Actor | None = None,
    *, must_change: bool = False,
) -> Account:
    """A new active account. AccountError for an unknown role, a short password or a taken name.
    `must_change`: the password is an initial one, to be changed at the first sign-in."""
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"未知角色：{role}")
    if not username:
        raise AccountError("用户名不能为空")
    check_password_policy(password, username)
    with writing(engine) as session:
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise AccountError(f"用户名已存在：{username}")
        user = User(
            username=username,
            display_name=display_name or username,
            role=role,
            password_hash=generate_password_hash(password),
            active=True,
            created_at=utcnow(),
            must_change_password=must_change,
        )
        user.role_since = user.created_at
        session.add(user)
        session.flush()
        record(
            session,
            by or Actor(None, "system"),
            "user_create",
            f"user:{user.id}",
            after={"username": username, "role": role, "granted_by": (by or Actor(None, "system")).username},
        )
        return _account(user)


def list_users(engine: Engine) -> list[Account]:
    with Session(engine) as session:
        return [_account(u) for u in session.scalars(select(User).order_by(User.id))]


def get_account(engine: Engine, user_id: int) -> Account | None:
    with Session(engine) as session:
        user = session.get(User, user_id)
        return _account(user) if user else None


def set_active(engine: Engine, user_id: int, active: bool, by: Actor) -> None:
    """Enable or disable an account; disabling also ends its open sessions. Re-enabling
    starts its role anew (`role_since`), and the audit row names the role it acts in again."""
    with writing(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise AccountError("没有这个用户")
        before = user.active
        user.active = active
        if not active:
            _end_sessions(session, user_id)
        elif not before:
            user.role_since = utcnow()
        record(
            session, by, "user_active", f"user:{user_id}", before={"active": before},
            after={"active": active, "role": user.role, "granted_by": by.username},
        )


def set_role(engine: Engine, user_id: int, role: str, by: Actor) -> None:
    """Give the account `role` (recorded with who granted it; `role_since` starts anew).
    AccountError for an unknown role, one's own account, or an administrator made officer."""
    if role not in ROLES:
        raise AccountError(f"未知角色：{role}")
    if by.user_id == user_id:
        raise AccountError(OWN_ROLE)
    with writing(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise AccountError("没有这个用户")
        if user.role == role:
            return
        if user.role == "administrator" and role == "officer":
            raise AccountError(ADMIN_NOT_OFFICER)
        before = user.role
        user.role = role
        user.role_since = utcnow()
        record(session, by, "user_role", f"user:{user_id}", before={"role": before},
               after={"role": role, "granted_by": by.username})


def set_password(engine: Engine, user_id: int, password: str, by: Actor) -> None:
    """A new password set by someone else (an administrator, `rulingdesk user
    reset-password`): the policy of `check_password_policy` holds, every open session of the
    account ends, so whoever knew the old password is signed out, and the owner must change
    it at the next sign-in (the one who set it knows it)."""
    with writing(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise AccountError("没有这个用户")
        check_password_policy(password, user.username)
        user.password_hash = generate_password_hash(password)
        user.must_change_password = by.user_id != user_id
        _end_sessions(session, user_id)
        record(session, by, "user_password", f"user:{user_id}")


def change_own_password(engine: Engine, token: str, current: str, new: str) -> Account:
    """The signed-in owner of login session `token` changes their password: the current one
    must be right and the new one differ from it and pass the policy. The account's other
    sessions end; this one stays open. AccountError (Chinese) otherwise."""
    with writing(engine) as session:
        login = session.get(LoginSession, token)
        user = session.get(User, login.user_id) if login is not None and login.ended_at is None else None
        if user is None or not user.active:
            raise AccountError("登录已失效，请重新登录")
        if not check_password_hash(user.password_hash, current):
            raise AccountError("当前密码不正确")
        if new == current:
            raise AccountError("新密码不能与当前密码相同")
        check_password_policy(new, user.username)
        user.password_hash = generate_password_hash(new)
        user.must_change_password = False
        for other in session.scalars(select(LoginSession).where(
                LoginSession.user_id == user.id, LoginSession.ended_at.is_(None), LoginSession.token != token)):
            other.ended_at = utcnow()
        record(session, Actor(user.id, user.username), "user_password_own", f"user:{user.id}")
        return _account(user)


def find_account(engine: Engine, username: str) -> Account | None:
    """The account named `username` (exactly, after trimming), active or not."""
    with Session(engine) as session:
        user = session.scalar(select(User).where(User.username == username.strip()))
        return _account(user) if user else None


def log_in(engine: Engine, username: str, password: str) -> tuple[Account, str] | None:
    """(account, session token) when the password is right and the account active, else None.
    Both outcomes are audited; an unknown name costs the same hash check as a known one.
    Repeated failures are slowed down by the desk (`web.throttle`), not locked here: a lock
    of the name would let anyone lock its owner out."""
    name = username.strip()[:80]
    with writing(engine) as session:
        user = session.scalar(select(User).where(User.username == name))
        # An unknown name costs the same hash check as a known one: timing tells no names.
        matches = check_password_hash(user.password_hash if user else _dummy_hash(), password)
        if user is None or not user.active or not matches:
            record(session, Actor(user.id if user else None, name), "login_failed")
            return None
        token = secrets.token_hex(32)
        session.add(LoginSession(token=token, user_id=user.id, started_at=utcnow()))
        record(session, Actor(user.id, user.username), "login")
        return _account(user), token


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password, made as real ones are (same method and cost)."""
    return generate_password_hash(secrets.token_hex(16))


LOGIN_LIFETIME = dt.timedelta(hours=10)  # a working day; then sign in again


def account_for_token(engine: Engine, token: str, now: dt.datetime | None = None) -> Account | None:
    """The account of an open login session, None when ended, older than LOGIN_LIFETIME,
    unknown or disabled."""
    with Session(engine) as session:
        login = session.get(LoginSession, token)
        if login is None or login.ended_at is not None:
            return None
        started = login.started_at if login.started_at.tzinfo else login.started_at.replace(tzinfo=dt.UTC)
        if (now or utcnow()) - started > LOGIN_LIFETIME:
            return None
        user = session.get(User, login.user_id)
        return _account(user) if user is not None and user.active else None


def log_out(engine: Engine, token: str) -> None:
    """End the login session `token` (the cookie stops working even if copied)."""
    with writing(engine) as session:
        login = session.get(LoginSession, token)
        if login is None or login.ended_at is not None:
            return
        login.ended_at = utcnow()
        user = session.get(User, login.user_id)
        record(session, Actor(login.user_id, user.username if user else None), "logout")
