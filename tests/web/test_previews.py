"""Page previews of drafts as they will print: the real renderer, the real LibreOffice
(`generate.pdf.to_pdf`) and pypdfium2; cached by the DOCX's hash; a clear fallback to the
text preview when LibreOffice is missing or fails."""

from __future__ import annotations

import io
import json
import os
import re
import time

import pytest

from generate.pdf import soffice
from store.audit import entries
from store.drafts import document_path, drafts_of
from tests.web.conftest import approve_as, edit_as, post
from web.previews import NO_SOFFICE, preview_key

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (scripts/system-deps.sh installs it)")
PNG = b"\x89PNG\r\n\x1a\n"


def first_draft(client, ruling_id: int) -> int:
    """Prepare the case's drafts as `client`; the id of the first."""
    assert post(client, f"/cases/{ruling_id}/drafts").status_code == 302
    page = client.get(f"/cases/{ruling_id}/documents").get_data(as_text=True)
    return int(re.search(r'href="/drafts/(\d+)"', page).group(1))


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF, whitespace removed (LibreOffice spaces CJK runs)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        return "".join("".join(page.get_textpage().get_text_range().split()) for page in document)
    finally:
        document.close()


def png(client, url: str) -> bytes:
    """The PNG image served at `url` (checked to be one)."""
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/png" and response.data.startswith(PNG)
    data = response.data
    response.close()
    return data


def pages_of(client, draft: int) -> dict:
    """The preview answer of the draft (made now when not cached)."""
    response = client.get(f"/drafts/{draft}/preview.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_preview_key_is_the_document_not_the_moment_it_was_rendered(app):
    import dataclasses
    import datetime as dt
    import zipfile

    from tests.generate.generate_builders import sample_plans
    from web.casework import preview_docx

    templates = app.extensions["desk"].templates
    plan = sample_plans()["delisting_notice"]
    content = preview_docx(templates, plan)
    later = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(later, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in source.infolist():  # the same parts, written a day later
            entry.date_time = (dt.datetime(*entry.date_time) + dt.timedelta(days=1)).timetuple()[:6]
            copy.writestr(entry, source.read(entry))
    assert later.getvalue() != content and preview_key(later.getvalue()) == preview_key(content)
    edited = preview_docx(templates, dataclasses.replace(plan, values={**plan.values, "addressee": "另一家公司"}))
    assert preview_key(edited) != preview_key(content)


@pytest.mark.slow
@needs_soffice
def test_the_draft_is_shown_as_png_pages_of_the_document_as_it_will_print(app, signed_in, office):
    from PIL import Image

    clerk = signed_in("clerk")
    draft = first_draft(clerk, office)
    found = pages_of(clerk, draft)
    assert "error" not in found and len(found["pages"]) >= 1
    for url in found["pages"]:
        image = Image.open(io.BytesIO(png(clerk, url)))
        width, height = image.size
        assert abs(width - 827) <= 1 and abs(height - 1169) <= 1  # A4 (210 × 297 mm) at 100 dpi
    pdf = clerk.get(found["pdf"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "inline" in pdf.headers["Content-Disposition"]
    text = pdf_text(pdf.data)
    pdf.close()
    for words in ("广东省医药集中采购中心文件", "〔待核准后编号〕", "涉事产品清单"):  # 发文机关标志, 文号, 附件 table
        assert words in text
    page = clerk.get(f"/drafts/{draft}").get_data(as_text=True)  # now ready: the page shows the images itself
    for url in found["pages"]:
        assert f'src="{url.replace("&", "&amp;")}"' in page
    assert "data-src" not in page
    assert clerk.get(f"/drafts/{draft}/preview/{len(found['pages']) + 1}.png").status_code == 404
    assert clerk.get(f"/drafts/{draft}/preview/0.png").status_code == 404


@pytest.mark.slow
@needs_soffice
def test_a_second_view_reuses_the_preview_and_an_edit_makes_a_new_one(app, signed_in, office):
    clerk = signed_in("clerk")
    draft = first_draft(clerk, office)
    before = pages_of(clerk, draft)
    app.config["SOFFICE"] = ""  # from now on LibreOffice cannot run: only the cache can answer
    again = pages_of(clerk, draft)
    assert again == before
    png(clerk, before["pages"][0])
    edit_as(clerk, draft, addressee="某某公司（改）")
    assert pages_of(clerk, draft) == {"error": NO_SOFFICE}  # new bytes, new preview: not made from the cache
    del app.config["SOFFICE"]
    edited = pages_of(clerk, draft)
    assert edited["key"] != before["key"] and edited["pages"] != before["pages"]
    pdf = clerk.get(edited["pdf"])
    assert "某某公司（改）" in pdf_text(pdf.data)
    pdf.close()


@pytest.mark.slow
@needs_soffice
def test_an_approved_draft_previews_the_approved_bytes(app, signed_in, office):
    clerk, officer = signed_in("clerk"), signed_in("officer1")
    draft = first_draft(clerk, office)
    assert approve_as(officer, draft).status_code == 302
    (view,) = [d for d in drafts_of(app.extensions["desk"].engine, office) if d.id == draft]
    found = pages_of(officer, draft)
    assert found["key"] == preview_key(document_path(app.extensions["desk"].home, view.docx_sha256).read_bytes())
    pdf = officer.get(found["pdf"])
    assert view.number in pdf_text(pdf.data)
    pdf.close()
    (logged,) = entries(app.extensions["desk"].engine, action="preview_pdf")  # a copy of an approved document
    assert (logged.username, logged.subject) == ("officer1", f"draft:{draft}")
    app.config["SOFFICE"] = ""  # the PDF download is the preview's conversion, not a second one
    download, preview = officer.get(f"/drafts/{draft}/download.pdf"), officer.get(found["pdf"])
    assert download.status_code == 200 and download.data == preview.data
    download.close()
    preview.close()


@pytest.mark.parametrize(("program", "cause"), [
    pytest.param("", NO_SOFFICE, id="not-installed"),
    pytest.param("/bin/false", "LibreOffice 未能把文书转为 PDF", id="writes-nothing"),
    pytest.param("/nonexistent/soffice", "LibreOffice 无法启动", id="cannot-start"),
])
def test_without_a_working_libreoffice_the_page_says_why_and_keeps_the_text_preview(app, signed_in, office, program,
                                                                                     cause):
    app.config["SOFFICE"] = program
    clerk = signed_in("clerk")
    draft = first_draft(clerk, office)
    reason = pages_of(clerk, draft)["error"]
    assert reason.startswith(cause) and "文字预览" in reason
    image = clerk.get(f"/drafts/{draft}/preview/1.png")
    assert image.status_code == 503 and reason in image.get_data(as_text=True)
    assert clerk.get(f"/drafts/{draft}/preview.pdf").status_code == 503
    page = clerk.get(f"/drafts/{draft}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and reason in text
    assert "待核准后编号" in text and "data-src" not in text  # the text preview; the browser is not sent to wait


def test_the_draft_page_does_not_wait_for_libreoffice(app, signed_in, office):
    clerk = signed_in("clerk")
    draft = first_draft(clerk, office)
    page = clerk.get(f"/drafts/{draft}").get_data(as_text=True)
    assert f'data-src="/drafts/{draft}/preview.json"' in page and "draft.js" in page
    assert not (app.extensions["desk"].previews.folder).exists()  # nothing converted by showing the page


def test_a_draft_withdrawn_after_approval_still_shows(app, signed_in, office):
    clerk, officer = signed_in("clerk"), signed_in("officer1")
    draft = first_draft(clerk, office)
    approve_as(officer, draft)
    post(officer, f"/drafts/{draft}/withdraw")
    page = clerk.get(f"/drafts/{draft}")
    assert page.status_code == 200 and "已撤回" in page.get_data(as_text=True)


def _cached(previews, key: str, size: int, viewed: float) -> None:
    """A preview in the cache as a conversion leaves it: PDF, page image, preview.json."""
    folder = previews._dir(key)
    folder.mkdir(parents=True)
    (folder / "preview.pdf").write_bytes(b"%PDF" + b"0" * size)
    images = previews.pages.folder / f"pdf-of-{key}"
    images.mkdir(parents=True)
    (images / "1@100.png").write_bytes(PNG + b"0" * size)
    (folder / "preview.json").write_text(json.dumps({"pdf_sha256": f"pdf-of-{key}", "pages": 1}))
    os.utime(folder / "preview.json", (viewed, viewed))


def test_the_least_recently_viewed_previews_go_when_the_cache_is_full(tmp_path):
    from web.pages import PageRenderer
    from web.previews import KEEP_VIEWED, DraftPreviews

    now = time.time()
    previews = DraftPreviews(tmp_path, PageRenderer(tmp_path), limit=3_000)  # one preview of ~2.1 kB fits
    for number, age in enumerate([3, 1, 2]):  # days since each was viewed
        _cached(previews, f"{number:064x}", 1_000, now - age * 86_400)
    assert previews.ready(f"{1:064x}") is not None  # viewed now: no longer the oldest
    assert previews.prune(now) == 2  # the two least recently viewed
    assert [previews.ready(f"{n:064x}") is not None for n in range(3)] == [False, True, False]
    assert sorted(p.name for p in previews.pages.folder.iterdir()) == [f"pdf-of-{1:064x}"]
    _cached(previews, f"{3:064x}", 9_000, now - KEEP_VIEWED / 2)
    assert previews.prune(now) == 0  # over the limit, but both were viewed within the hour


def test_the_administrator_reads_no_approved_document_through_its_previews(app, signed_in, office):
    """The permission table: the administrator reads cases but does not download documents;
    an approved document's page images, preview PDF and text are the document."""
    app.config["SOFFICE"] = ""  # no conversion needed: the refusals come first
    clerk, officer, admin = signed_in("clerk"), signed_in("officer1"), signed_in("admin")
    draft = first_draft(clerk, office)
    assert admin.get(f"/drafts/{draft}").status_code == 200  # a draft in progress: read like the case
    assert approve_as(officer, draft).status_code == 302
    (view,) = [d for d in drafts_of(app.extensions["desk"].engine, office) if d.id == draft]
    for url in (f"/drafts/{draft}/preview.json", f"/drafts/{draft}/preview/1.png", f"/drafts/{draft}/preview.pdf"):
        assert admin.get(url).status_code == 403, url
    def text_preview(client) -> str:
        page = client.get(f"/drafts/{draft}").get_data(as_text=True)
        return re.search(r'<details id="preview-text".*?</details>', page, re.S).group(0)

    assert view.number in text_preview(clerk)  # the approved bytes, as the clerk reads them
    hidden = text_preview(admin)
    assert view.number not in hidden and "仅限有下载权限" in hidden
    assert "preview.pdf" not in admin.get(f"/drafts/{draft}").get_data(as_text=True)
