"""Upload → background ingestion (the real queue, the real sandboxed extractor) → case page."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.web.conftest import SAMPLE_PDF, csrf

pytestmark = pytest.mark.slow  # starts the extractor's worker process (spaCy, jieba)


def upload(client, *files: tuple[bytes, str]):
    """POST the files as the upload form does (the body encoded in memory: the test client
    would spool a large one to a temporary file it never closes)."""
    fields = [("csrf_token", csrf(client))] + [("files", FileStorage(io.BytesIO(content), filename=name)) for content, name in files]
    boundary, body = encode_multipart(MultiDict(fields))
    return client.post("/upload", data=body, content_type=f"multipart/form-data; boundary={boundary}",
                       headers={"Accept": "application/json"})


def states(client, results) -> dict[str, dict]:
    ids = ",".join(str(r["id"]) for r in results if "id" in r)
    return {job["filename"]: job for job in client.get(f"/upload/jobs?ids={ids}").get_json()["jobs"]}


def test_an_uploaded_pdf_is_read_in_the_background_and_shown(app, signed_in):
    client = signed_in("clerk")
    pdf = SAMPLE_PDF.read_bytes()
    response = upload(client, (pdf, "判决书.pdf"))
    assert response.status_code == 200
    (result,) = response.get_json()["files"]
    assert result["state"] == "queued"
    assert app.extensions["desk"].queue.wait_idle(timeout=180)
    job = states(client, [result])["判决书.pdf"]
    assert (job["state"], job["label"]) == ("done", "完成")
    page = client.get(f"/cases/{job['ruling_id']}").get_data(as_text=True)
    for expected in ("（2098）京73民初1206号", "北京知识产权法院", "河北承泰药业股份有限公司", "ZL208810329348.9",
                     "利伐沙班片", "国药准字H20963318", "判决书.pdf"):
        assert expected in page
    original = client.get(f"/cases/{job['ruling_id']}/original")
    assert original.data == pdf  # kept unaltered
    original.close()


def test_duplicates_second_copies_and_non_rulings_are_recognised(app, signed_in):
    client = signed_in("clerk")
    pdf = SAMPLE_PDF.read_bytes()
    first = upload(client, (pdf, "a.pdf")).get_json()["files"]
    assert app.extensions["desk"].queue.wait_idle(timeout=180)
    # the same bytes again; the same ruling with one byte more (another file, same case number);
    # text named .pdf; a PDF named .txt (type judged from content)
    results = upload(client, (pdf, "again.pdf"), (pdf + b"\n%copy\n", "copy.pdf")).get_json()["files"]
    results += upload(client, (b"hello", "fake.pdf"), (pdf + b"\n%renamed\n", "ruling.txt")).get_json()["files"]
    by_name = {r["filename"]: r for r in results}
    assert by_name["again.pdf"]["state"] == "duplicate"
    assert by_name["again.pdf"]["ruling_id"] == states(client, first)["a.pdf"]["ruling_id"]
    assert by_name["fake.pdf"]["state"] == "refused"
    assert by_name["copy.pdf"]["state"] == "queued" and by_name["ruling.txt"]["state"] == "queued"
    assert app.extensions["desk"].queue.wait_idle(timeout=180)
    copy = states(client, results)["copy.pdf"]
    assert copy["state"] == "done"
    page = client.get(f"/cases/{copy['ruling_id']}").get_data(as_text=True)
    assert "可能是同一文书的另一份副本" in page


def test_a_damaged_pdf_fails_with_a_one_line_reason(app, signed_in):
    client = signed_in("clerk")
    results = upload(client, (b"%PDF-1.7\n" + b"\x00garbage" * 50, "broken.pdf")).get_json()["files"]
    assert app.extensions["desk"].queue.wait_idle(timeout=180)
    job = states(client, results)["broken.pdf"]
    assert job["state"] == "failed" and job["label"] == "读取失败"
    assert job["reason"] and "\n" not in job["reason"]
    assert job["reason"].startswith("PDF 文件已损坏")  # the reader's reason, in Chinese on the desk


def test_a_failed_read_stays_in_front_of_the_clerk_until_retried(app, signed_in):
    """A failed file dropped off the page after 30 newer uploads, with no way to read it again."""
    from store.desk_tables import IngestJob, utcnow
    from store.sessions import writing

    client = signed_in("clerk")
    (result,) = upload(client, (b"%PDF-1.7\n" + b"\x00garbage" * 50, "broken.pdf")).get_json()["files"]
    assert app.extensions["desk"].queue.wait_idle(timeout=180)
    with writing(app.extensions["desk"].engine) as session:  # 30 newer uploads push it off the recent list
        for n in range(30):
            session.add(IngestJob(sha256=result["sha256"], filename=f"newer{n}.pdf", state="duplicate",
                                  created_at=utcnow()))
    page = client.get("/upload").get_data(as_text=True)
    assert f'data-failed="{result["id"]}"' in page and "读取失败，尚未解决（1）" in page
    assert f'/upload/jobs/{result["id"]}/retry' in page
    retried = client.post(f'/upload/jobs/{result["id"]}/retry', data={"csrf_token": csrf(client)})
    assert retried.status_code == 302
    assert app.extensions["desk"].queue.wait_idle(timeout=180)
    assert states(client, [result])["broken.pdf"]["state"] == "failed"  # the same bytes fail again, honestly
    again = client.post(f'/upload/jobs/{result["id"]}/retry', data={"csrf_token": csrf(client)})
    assert again.status_code == 302
    assert client.post("/upload/jobs/999/retry", data={"csrf_token": csrf(client)}).status_code == 409


def test_each_result_carries_its_state_label(app, signed_in):
    """The upload page's script kept its own copy of the state labels (失败 vs 读取失败)."""
    client = signed_in("clerk")
    (refused,) = upload(client, (b"hello", "fake.pdf")).get_json()["files"]
    assert (refused["state"], refused["label"]) == ("refused", "已拒收")


def test_files_over_the_size_limit_are_refused(app, signed_in):
    """Refused while it arrives (413, the limit named), nothing kept: tests/web/test_limits.py
    measures what reaches the disk."""
    app.config["MAX_FILE_MB"] = 1
    client = signed_in("clerk")
    response = upload(client, (b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1), "big.pdf"))
    assert response.status_code == 413
    assert "文件过大：单个文件不得超过 1 MB，已停止接收。" in response.get_data(as_text=True)
    assert not list((app.extensions["desk"].home / "incoming").glob("*"))


def test_fifty_pdfs_at_once_lose_none_and_duplicate_none(app, signed_in):
    from tests.conftest import REPO

    pdfs = sorted((REPO / "corpus" / "pdf").glob("*.pdf"))[:50]
    client = signed_in("clerk")
    results = upload(client, *((p.read_bytes(), p.name) for p in pdfs)).get_json()["files"]
    assert len(results) == len(pdfs) and {r["state"] for r in results} == {"queued"}
    assert client.get("/").status_code == 200  # the desk answers while the worker reads
    assert app.extensions["desk"].queue.wait_idle(timeout=600)
    jobs = states(client, results)
    assert sorted(jobs) == sorted(p.name for p in pdfs)
    assert {j["state"] for j in jobs.values()} == {"done"}
    assert len({j["ruling_id"] for j in jobs.values()}) == len(pdfs)
    again = upload(client, *((p.read_bytes(), p.name) for p in pdfs)).get_json()["files"]
    assert {r["state"] for r in again} == {"duplicate"}
