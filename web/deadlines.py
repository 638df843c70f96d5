"""Deadlines (everyone): court findings of infringement with a stop order that are not yet
effective (`watch`): the earliest possible end of the appeal period, overdue first; and the
reply deadlines of objections. A clerk
marks a ruling effective when the 生效证明 arrives, which re-runs its decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import Engine

from generate.decisions import estimated_effective_date, finding
from store.objections import ObjectionRecord, list_objections
from store.ruling_fields import FieldError
from store.rulings import all_rulings, correct_field
from web.cases import load_case
from web.security import local_path, requires

bp = Blueprint("deadlines", __name__)


@dataclass(frozen=True)
class Deadline:
    ruling_id: int
    case_number: str | None
    authority: str | None
    decision_date: str | None
    period_days: int | None
    ends: str | None  # ISO date, an estimate
    days_left: int | None
    products: tuple[str, ...]


def watched(engine: Engine, today: dt.date) -> list[Deadline]:
    """The rulings with a product to watch, the earliest estimated end of the appeal period
    first (unknown ends last)."""
    found = []
    for view in all_rulings(engine):
        ruling = view.ruling
        names = tuple(p.name for i, p in enumerate(ruling.products) if finding(ruling, i).watch)
        if not names:
            continue
        ends = estimated_effective_date(ruling)
        left = (dt.date.fromisoformat(ends) - today).days if ends else None
        found.append(Deadline(view.id, ruling.case_number, ruling.authority.name, ruling.decision_date,
                              ruling.appeal_period_days, ends, left, names))
    return sorted(found, key=lambda d: (d.ends is None, d.ends or ""))


def reply_deadlines(engine: Engine) -> list[ObjectionRecord]:
    """The objections that ask for a reply by a date, the earliest first."""
    return sorted((o for o in list_objections(engine) if o.reply_deadline), key=lambda o: o.reply_deadline)


@bp.route("/deadlines")
@requires("read")
def page():
    today = dt.date.today()
    engine = current_app.extensions["desk"].engine
    return render_template("deadlines.html", deadlines=watched(engine, today), replies=reply_deadlines(engine),
                           today=today)


@bp.route("/cases/<int:ruling_id>/effective", methods=["POST"])
@requires("correct")
def mark_effective(ruling_id: int):
    """The ruling has become effective (生效证明 received): a correction of `effective`."""
    load_case(ruling_id)
    try:
        correct_field(current_app.extensions["desk"].engine, ruling_id, "effective", "true", g.user.actor)
        flash("已标记为生效；处理措施已按生效文书重新计算。", "info")
    except FieldError as err:
        flash(str(err), "error")
    return redirect(local_path(request.form.get("back"), url_for("cases.case", ruling_id=ruling_id)))
