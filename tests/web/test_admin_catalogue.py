"""The administrator's catalogue import: the file is kept and imported in the background
(the request does not wait for it), the page shows its state and then what it changed;
an unusable file is refused with the reason; an import a stopped server left behind is
run at the next start."""

from __future__ import annotations

import io
import json

import pytest

from store.audit import entries
from store.catalogue import count_items
from store.catalogue_uploads import INCOMING, recent_uploads
from tests.web.conftest import csrf, make_app


def _post(client, content: bytes, name: str, **form):
    return client.post("/admin/catalogue", data={"csrf_token": csrf(client), "file": (io.BytesIO(content), name), **form},
                       content_type="multipart/form-data")


def _upload(app, client, content: bytes, name: str, **form) -> str:
    """Upload a catalogue file, wait for the background import; the catalogue page then."""
    assert _post(client, content, name, **form).status_code == 302
    assert app.extensions["desk"].catalogue_queue.wait_idle(120)
    return client.get("/admin/catalogue").get_data(as_text=True)


@pytest.fixture
def catalogue_csv(tmp_path) -> bytes:
    from rulingdesk.commands.demo import sample_catalogue

    return sample_catalogue(tmp_path).read_bytes()


def test_the_administrator_imports_the_catalogue_and_importing_again_changes_nothing(app, signed_in, catalogue_csv):
    admin = signed_in("admin")
    first = _upload(app, admin, catalogue_csv, "目录.csv")
    items = count_items(app.extensions["desk"].engine)
    assert items > 100 and f"当前共 {items} 个产品" in first and f"新增 {items}，" in first and "已导入" in first
    again = _upload(app, admin, catalogue_csv, "目录.csv")
    assert "新增 0，更新 0" in again and count_items(app.extensions["desk"].engine) == items
    assert not list((app.extensions["desk"].home / INCOMING).iterdir())  # imported files are not kept
    actions = [(e.action, e.username) for e in entries(app.extensions["desk"].engine, limit=100)]
    assert actions.count(("catalogue_upload", "admin")) == 2 and actions.count(("catalogue_import", "admin")) == 2


def test_the_request_does_not_wait_for_the_import(app, signed_in, catalogue_csv, monkeypatch):
    desk = app.extensions["desk"]
    held: list[int] = []
    monkeypatch.setattr(desk.catalogue_queue, "submit", held.append)  # the worker has not got to it yet
    admin = signed_in("admin")
    assert _post(admin, catalogue_csv, "目录.csv").status_code == 302
    page = admin.get("/admin/catalogue").get_data(as_text=True)
    assert "排队中" in page and 'http-equiv="refresh"' in page and count_items(desk.engine) == 0
    monkeypatch.undo()
    desk.catalogue_queue.submit(held[0])
    assert desk.catalogue_queue.wait_idle(120)
    page = admin.get("/admin/catalogue").get_data(as_text=True)
    assert "已导入" in page and 'http-equiv="refresh"' not in page and count_items(desk.engine) > 100


@pytest.mark.parametrize(("content", "reason"), [(b"\xd0\xcf\x11\xe0old excel", "Excel 97-2003"),
                                               (b"", "空文件")])
def test_unusable_catalogue_files_are_refused_with_the_reason(app, signed_in, content, reason):
    page = _upload(app, signed_in("admin"), content, "目录.xls")
    assert "未导入" in page and "未导入任何内容" in page and reason in page
    (upload,) = recent_uploads(app.extensions["desk"].engine)
    assert upload.state == "failed" and upload.report is None


def test_unusable_rows_are_listed_by_line(app, signed_in, catalogue_csv):
    lines = catalogue_csv.decode("utf-8-sig").splitlines()
    broken = "\n".join([lines[0], lines[1], ",".join([""] * lines[0].count(",")) + "x"]) + "\n"
    page = _upload(app, signed_in("admin"), broken.encode(), "目录.csv")
    (upload,) = recent_uploads(app.extensions["desk"].engine)
    assert upload.report["added"] == 1 and upload.report["rejected"] == 1
    (line, reason), = upload.report["problems"]
    assert line == 3 and reason == "no 产品编码" and "第 3 行：缺少产品编码" in page


def test_an_import_left_by_a_stopped_server_runs_at_the_next_start(tmp_path, catalogue_csv):
    from store.audit import Actor
    from store.catalogue_uploads import claim_upload, submit_upload
    from web import create_app

    home = tmp_path / "home"
    first = make_app(home)
    desk = first.extensions["desk"]
    (home / INCOMING).mkdir(parents=True, exist_ok=True)
    (home / INCOMING / "upload.part").write_bytes(catalogue_csv)
    upload_id = submit_upload(desk.engine, home, home / INCOMING / "upload.part", "目录.csv", None, Actor(None, "admin"))
    assert claim_upload(desk.engine, upload_id) is not None  # the server stopped while importing it
    desk.close()
    second = create_app({"TESTING": True, "HOME": str(home)})  # the accounts are there already
    try:
        assert second.extensions["desk"].catalogue_queue.wait_idle(120)
        (upload,) = recent_uploads(second.extensions["desk"].engine)
        assert upload.state == "done" and upload.report["added"] == count_items(second.extensions["desk"].engine) > 100
    finally:
        second.extensions["desk"].close()


def test_a_missing_file_fails_with_the_reason(app, tmp_path):
    from sqlalchemy.orm import Session

    from store.audit import Actor
    from store.catalogue_uploads import stored_path, submit_upload
    from store.desk_tables import CatalogueUpload
    from web.worker import import_upload

    desk = app.extensions["desk"]
    made = tmp_path / "x.csv"
    made.write_text("x")
    upload_id = submit_upload(desk.engine, desk.home, made, "x.csv", None, Actor(None, "admin"))
    (upload,) = recent_uploads(desk.engine)


    with Session(desk.engine) as session:
        stored_path(desk.home, session.get(CatalogueUpload, upload_id).stored_name).unlink()
    assert import_upload(upload_id, engine=desk.engine, home=desk.home) == "failed"
    (upload,) = recent_uploads(desk.engine)
    assert upload.state == "failed" and "请重新上传" in upload.reason
    assert json.loads(entries(desk.engine, limit=1)[0].after)["reason"] == upload.reason
