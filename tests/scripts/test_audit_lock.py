"""The audit of the locked set: each way a pip-audit run can end, judged (reports in pip-audit's
JSON format), and one real run on a lock the audit cannot read."""

from __future__ import annotations

import json

import pytest

from scripts.audit_lock import Outcome, audit, judge

CLEAN = {"name": "waitress", "version": "3.0.2", "vulns": []}
VULNERABLE = {"name": "waitress", "version": "3.0.0", "vulns": [
    {"id": "GHSA-9298-4cf8-g4wj", "fix_versions": ["3.0.1"], "aliases": ["CVE-2024-49768"], "description": "…"}]}
NOT_FOUND = {"name": "flask", "skip_reason": "Dependency not found on PyPI and could not be audited: flask (3.1.3)"}


def _report(*dependencies: dict) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_vulnerability_fails_with_its_fix():
    verdict = judge(1, _report(CLEAN, VULNERABLE), "")
    assert verdict.outcome is Outcome.VULNERABLE and verdict.exit_code == 1
    assert verdict.lines == ("waitress 3.0.0: GHSA-9298-4cf8-g4wj (CVE-2024-49768), fixed in 3.0.1",)


def test_a_clean_set_passes_and_names_what_was_not_audited():
    verdict = judge(0, _report(CLEAN, NOT_FOUND), "")
    assert verdict.outcome is Outcome.CLEAN and verdict.exit_code == 0
    assert verdict.lines[0] == "audit: 1 locked releases, no known vulnerability"
    assert "flask (Dependency not found" in verdict.lines[1]


def test_a_database_that_answers_for_no_release_skips_with_the_reason():
    # what an index mirror without the per-release JSON gives: every release "not found"
    verdict = judge(0, _report(NOT_FOUND, NOT_FOUND), "")
    assert verdict.outcome is Outcome.SKIPPED and verdict.exit_code == 0
    assert "answered for none of the 2 locked releases" in verdict.lines[0]


def test_an_unreachable_database_skips_with_the_reason():
    stderr = ("Traceback (most recent call last):\n  ...\nrequests.exceptions.ConnectionError: "
              "HTTPSConnectionPool(host='index', port=443): Max retries exceeded with url: /pypi/flask/3.1.3/json\n")
    verdict = judge(1, None, stderr)
    assert verdict.outcome is Outcome.SKIPPED and verdict.exit_code == 0
    assert verdict.lines[0].startswith("audit skipped: the vulnerability database cannot be reached (requests.exceptions")


def test_any_other_failure_fails(tmp_path):
    pytest.importorskip("pip_audit")
    lock = tmp_path / "requirements.lock"
    lock.write_text("nonsense===\n", encoding="utf-8")
    verdict = audit(lock)
    assert verdict.outcome is Outcome.FAILED and verdict.exit_code == 1
    assert "invalid specifier" in verdict.lines[0]
