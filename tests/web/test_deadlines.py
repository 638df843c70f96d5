"""Deadlines of not-yet-effective judgments, marking a ruling effective, and every page's
title."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import csrf


def test_an_unfinished_appeal_period_is_listed_with_its_estimated_end(app, signed_in, registered):
    page = signed_in("archivist").get("/deadlines").get_data(as_text=True)
    assert "（2098）京73民初1206号" in page
    assert "2098-12-05" in page  # decided 2098-11-20, 15 days to appeal
    assert "利伐沙班片" in page


def test_marking_a_judgment_effective_takes_it_off_the_list_and_is_a_correction(app, signed_in, registered):
    from store.rulings import get_ruling

    clerk = signed_in("clerk")
    response = clerk.post(f"/cases/{registered}/effective", data={"csrf_token": csrf(clerk)})
    assert response.status_code == 302
    assert "（2098）京73民初1206号" not in clerk.get("/deadlines").get_data(as_text=True)
    view = get_ruling(app.extensions["desk"].engine, registered)
    assert view.current["effective"] is True and view.extracted["effective"] is False


@pytest.mark.parametrize(("back", "expected"), [("/deadlines", "/deadlines"), ("//evil.example/x", "/cases/"),
                                                ("https://evil.example/", "/cases/")])
def test_marking_effective_goes_back_only_to_a_page_of_the_desk(signed_in, registered, back, expected):
    """The form's `back` field was followed wherever it pointed (an open redirect)."""
    clerk = signed_in("clerk")
    response = clerk.post(f"/cases/{registered}/effective", data={"csrf_token": csrf(clerk), "back": back})
    assert response.status_code == 302 and response.location.startswith(expected)


TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)


@pytest.mark.parametrize(("username", "url"), [
    ("clerk", "/"), ("clerk", "/cases/{id}"), ("clerk", "/review/{id}"), ("clerk", "/search?q=利伐沙班"),
    ("clerk", "/deadlines"), ("clerk", "/objections"), ("clerk", "/upload"), ("admin", "/admin/users"),
    ("admin", "/admin/settings"), ("admin", "/admin/audit"), ("admin", "/admin/catalogue"),
])
def test_every_page_title_is_plain_text(signed_in, registered, username, url):
    """The deadlines page carried its whole objection table inside <title> (a block left open)."""
    page = signed_in(username).get(url.format(id=registered)).get_data(as_text=True)
    (title,) = TITLE_RE.findall(page)
    assert "<" not in title and title.endswith("裁决处理台")
