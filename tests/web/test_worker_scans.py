"""The desk reads a long scan with its default limits: the ingestion queue's sandbox gives
each page to OCR its budget, as the CLI does (issue 10)."""

from __future__ import annotations

import pytest

from extract import budget
from store.rulings import get_ruling
from tests.conftest import REPO
from tests.web.test_upload import states, upload
from web.worker import IngestQueue

pytestmark = pytest.mark.slow


def test_the_desk_queue_has_the_clis_limits(app):
    queue = app.extensions["desk"].queue
    assert isinstance(queue, IngestQueue) and queue._sandbox is not None
    assert (queue._sandbox.timeout, queue._sandbox.ocr_page_seconds) == (
        budget.FILE_SECONDS,
        budget.OCR_SECONDS_PER_PAGE,
    )


@pytest.mark.skipif(not (REPO / "corpus" / "scan").is_dir(), reason="corpus scans not built (python -m corpus.build)")
def test_a_thirty_page_scan_is_read_whole_by_the_desk(app, signed_in, tmp_path):
    from bench.extract import long_scan

    client = signed_in("clerk")
    scan = long_scan(tmp_path / "scan-30.pdf", 30).read_bytes()
    (result,) = upload(client, (scan, "扫描件30页.pdf")).get_json()["files"]
    assert app.extensions["desk"].queue.wait_idle(timeout=900)
    job = states(client, [result])["扫描件30页.pdf"]
    assert job["state"] == "done", job
    ruling = get_ruling(app.extensions["desk"].engine, job["ruling_id"])
    assert ruling is not None
    assert ruling.extracted["source"]["ocr_pages"] == list(range(1, 31))
    assert not [w for w in ruling.extracted["warnings"] if "未读取" in w]
