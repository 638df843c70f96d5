"""Audits the locked set (requirements.lock) against the package index's vulnerability
database with pip-audit, for `make test`.

Exit 1 on a known vulnerability in a locked release (each one is printed with the release that
fixes it). When the database cannot be asked — no network, or an index that does not answer the
per-release queries, as a mirror may not — the audit is skipped: it says so and why, and exits 0,
so that CI without the database still runs the tests. Any other failure of pip-audit (a lock it
cannot read) is a failure.

    python scripts/audit_lock.py requirements.lock
"""

from __future__ import annotations

import enum
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# What pip-audit's HTTP client raises when the database is out of reach (its traceback ends
# with the exception's name); a lock it cannot parse fails with other messages.
UNREACHABLE = re.compile(r"requests\.exceptions\.(ConnectionError|ProxyError|SSLError|\w*Timeout)|Max retries exceeded")


class Outcome(enum.StrEnum):
    CLEAN = "clean"
    VULNERABLE = "vulnerable"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    lines: tuple[str, ...]  # what to print, one finding or reason a line

    @property
    def exit_code(self) -> int:
        return 1 if self.outcome in (Outcome.VULNERABLE, Outcome.FAILED) else 0


def judge(returncode: int, report: str | None, stderr: str) -> Verdict:
    """The verdict on one pip-audit run: its exit code, its JSON report (None when it wrote
    none) and its standard error. Pure, so that each way it can end is tested."""
    if report is None:
        said = [line.strip() for line in stderr.splitlines() if re.search(r"\w", line)]
        errors = [line for line in said if re.search(r"error|exception", line, re.IGNORECASE)]
        cause = (errors or said or [f"pip-audit exited {returncode} without a report"])[-1]
        if UNREACHABLE.search(stderr):
            return Verdict(Outcome.SKIPPED, (f"audit skipped: the vulnerability database cannot be reached ({cause})",))
        return Verdict(Outcome.FAILED, (f"audit failed: {cause}",))
    dependencies = json.loads(report)["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    not_audited = [d for d in dependencies if "skip_reason" in d]
    found = [(d, v) for d in audited for v in d.get("vulns", [])]
    if found:
        return Verdict(Outcome.VULNERABLE, tuple(
            f"{d['name']} {d['version']}: {v['id']}"
            + (f" ({', '.join(v['aliases'])})" if v.get("aliases") else "")
            + f", fixed in {', '.join(v['fix_versions']) or 'no release yet'}"
            for d, v in found))
    if not audited:
        reason = not_audited[0]["skip_reason"] if not_audited else "the lock lists no package"
        return Verdict(Outcome.SKIPPED, (
            f"audit skipped: the vulnerability database answered for none of the {len(not_audited)} locked "
            f"releases (first: {reason})",))
    lines = [f"audit: {len(audited)} locked releases, no known vulnerability"]
    if not_audited:
        lines.append(f"not audited ({len(not_audited)}): " + ", ".join(
            f"{d['name']} ({d['skip_reason']})" for d in not_audited))
    return Verdict(Outcome.CLEAN, tuple(lines))


def audit(lock: Path) -> Verdict:
    """Run pip-audit on `lock` (every requirement pinned and hashed, so pip is not needed to
    resolve anything) against the index's database, and judge the run."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        run = subprocess.run(
            [sys.executable, "-m", "pip_audit", "--disable-pip", "--require-hashes", "-r", str(lock),
             "--vulnerability-service", "pypi", "--timeout", "20", "--progress-spinner", "off",
             "--format", "json", "--output", str(output)],
            capture_output=True, text=True, check=False)
        report = output.read_text(encoding="utf-8") if output.exists() else None
    return judge(run.returncode, report, run.stderr)


def main() -> int:
    lock = Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock")
    started = time.monotonic()
    verdict = audit(lock)
    for line in verdict.lines:
        print(line)
    print(f"audit of {lock}: {verdict.outcome} in {time.monotonic() - started:.1f} s")
    return verdict.exit_code


if __name__ == "__main__":
    sys.exit(main())
