"""The main journey in a real browser (Debian chromium driven by Playwright) against a real
server (waitress), the real upload form, the real background worker and the real extractor:
clerk uploads a PDF, corrects a field, confirms a match and prepares the draft; an officer
approves and downloads the notice; the archivist searches and finds the ruling. Screenshots of each
page are written to $RULINGDESK_SCREENSHOTS (default: the test's temporary folder)."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

import pytest

from generate.pdf import soffice
from tests.web.conftest import OFFICE_PDF, PASSWORD, SAMPLE_PDF, import_sample_catalogue, make_app

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def server(tmp_path):
    """The desk served on a free loopback port as `rulingdesk serve` serves it (waitress,
    bodies bounded while received); yields (base URL, app)."""
    from web.limits import bounded_server

    app = make_app(tmp_path / "home")
    import_sample_catalogue(app, tmp_path)
    served = bounded_server(app, host="127.0.0.1", port=0, threads=4)
    closing = threading.Event()

    def serve() -> None:
        try:
            served.run()
        except OSError:  # EBADF: the teardown closed the sockets under the loop's select()
            if not closing.is_set():
                raise

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{served.effective_port}", app
    closing.set()
    served.close()
    thread.join(timeout=5)
    app.extensions["desk"].close()


@pytest.fixture
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/system-deps.sh installs it)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


def signed_in_page(browser, base: str, username: str):
    """A new browser context signed in as `username` (demo password), on the case list."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def test_the_main_journey(server, browser, tmp_path):
    base, app = server
    shots = Path(os.environ.get("RULINGDESK_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)

    def session(username: str):
        return signed_in_page(browser, base, username)

    def shot(page, name: str) -> None:
        page.screenshot(path=str(shots / f"{name}.png"))

    # clerk: upload through the form, wait for the worker, check and correct, confirm, draft
    clerk = session("clerk")
    clerk.goto(f"{base}/upload")
    clerk.set_input_files("input[type=file]", str(OFFICE_PDF))
    clerk.wait_for_selector("text=已上传 1 个文件")  # it said 0: the chooser's list was emptied first
    clerk.wait_for_selector("tr[data-state=done] a", timeout=120_000)
    shot(clerk, "upload")
    clerk.click("tr[data-state=done] a")
    clerk.wait_for_selector("text=苏知裁字〔2098〕12号")
    ruling_url = clerk.url
    shot(clerk, "case")
    clerk.click("text=核对与更正")
    clerk.wait_for_selector("figure.page img")
    clerk.focus("[id='f-cause']")
    assert clerk.locator(".box.active").count() >= 1  # the field's evidence is highlighted on the page
    shot(clerk, "review")
    clerk.fill("[id='f-cause']", "侵害发明专利权纠纷（已核对）")
    clerk.click("text=保存更正")
    clerk.wait_for_selector("text=已保存 1 处更正")
    clerk.goto(f"{ruling_url}/matches")
    clerk.locator("form:has(input[name=catalogue_id][value=GD260]) button:has-text('确认')").first.click()
    clerk.wait_for_selector("text=已确认")
    shot(clerk, "matches")
    clerk.click("text=起草文书")
    clerk.wait_for_selector("text=待另一位审核员核准")
    shot(clerk, "documents")

    # officer: approve the delisting notice and download it
    officer = session("officer1")
    officer.goto(f"{ruling_url}/documents")
    officer.click("text=关于撤销")
    if soffice() is not None:  # the officer sees the document as it will print before approving
        officer.wait_for_selector("#preview-pages figure.page img", timeout=120_000)
        officer.wait_for_function("document.querySelector('#preview-pages img').naturalWidth > 0")
        shot(officer, "preview")
    officer.click("button:has-text('核准')")
    officer.wait_for_selector("text=已核准：")
    shot(officer, "approved")
    with officer.expect_download() as download:
        officer.click("text=下载 DOCX")
    saved = tmp_path / "notice.docx"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith("delisting_notice_")
    engine = app.extensions["desk"].engine
    from store.drafts import drafts_of

    ruling_id = int(ruling_url.rsplit("/", 1)[1])
    approved = [d for d in drafts_of(engine, ruling_id) if d.state == "approved"]
    assert [hashlib.sha256(saved.read_bytes()).hexdigest()] == [d.docx_sha256 for d in approved]

    # archivist: searches for the drug, finds the ruling, reads it, may not correct it
    archivist = session("archivist")
    shot(archivist, "cases")
    archivist.click("nav >> text=检索")
    archivist.fill("input[name=q]", "伏诺拉生")
    archivist.click("button:has-text('检索')")
    archivist.wait_for_selector("mark:has-text('伏诺拉生')")
    shot(archivist, "search")
    archivist.click("text=苏知裁字〔2098〕12号")
    archivist.wait_for_selector("text=侵害发明专利权纠纷（已核对）")
    assert archivist.locator("text=保存更正").count() == 0


def test_the_administrator_uploads_a_catalogue_and_watches_it_import(server, browser, tmp_path):
    """The real form, the real background import, the page refreshing itself until done."""
    from tests.conftest import REPO

    base, app = server
    shots = Path(os.environ.get("RULINGDESK_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    lines = (REPO / "corpus" / "catalogue.csv").read_text(encoding="utf-8-sig").splitlines()
    upload = tmp_path / "广东省挂网目录.csv"
    upload.write_text("\n".join([*lines, ",".join([""] * lines[0].count(",")) + "x"]) + "\n", encoding="utf-8")
    page = signed_in_page(browser, base, "admin")
    page.goto(f"{base}/admin/catalogue")
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('导入')")
    page.wait_for_selector("text=已上传，正在后台导入")
    page.wait_for_selector("tr.upload-done", timeout=120_000)  # the page reloads itself until then
    row = page.locator("tr.upload-done").first.inner_text()
    assert "广东省挂网目录.csv" in row and f"读取 {len(lines)} 行" in row and "无法使用 1 行" in row
    page.click("summary:has-text('无法使用的行')")
    assert page.locator(f"text=第 {len(lines) + 1} 行").count() == 1
    page.screenshot(path=str(shots / "catalogue.png"))
    page.context.close()


def test_a_ruling_held_by_the_guards_leads_the_clerks_queue_with_its_reason(server, browser):
    """Issue 10 (2), never silently none: an office ruling that orders a stop, whose accused
    product the clerk finds was misread and removes, goes to the top of the queue with the
    reason in Chinese; its case page says no action is taken until a person settles it."""
    base, _ = server
    clerk = signed_in_page(browser, base, "clerk")
    clerk.goto(f"{base}/upload")
    clerk.set_input_files("input[type=file]", str(OFFICE_PDF))
    clerk.wait_for_selector("tr[data-state=done] a", timeout=120_000)
    clerk.click("tr[data-state=done] a")
    clerk.wait_for_selector("text=苏知裁字〔2098〕12号")
    ruling_url = clerk.url
    clerk.click("text=核对与更正")
    clerk.locator("fieldset:has(legend:has-text('被诉产品')) button:has-text('删除此项')").first.click()
    clerk.wait_for_selector("text=已删除")
    clerk.goto(f"{base}/upload")  # a newer ruling, nothing held: it queues behind the held one
    clerk.set_input_files("input[type=file]", str(SAMPLE_PDF))
    clerk.wait_for_selector("tr[data-state=done] >> nth=1", timeout=120_000)
    clerk.goto(f"{base}/")
    rows = clerk.locator("table.list tbody tr")
    assert rows.count() == 2
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    assert "苏知裁字〔2098〕12号" in first and "需人工复核" in first and "未能识别被诉产品" in first
    assert "需人工复核" not in second
    clerk.goto(ruling_url)
    assert "未能识别被诉产品" in clerk.locator("#needs-review").inner_text()
    clerk.context.close()
