"""Login throttling: failed sign-ins slow down whoever makes them, with back-off, by address
and by account name, instead of locking an account (a lock-out anyone could set off against
the real user by typing wrong passwords for his name).

Each key (the client's address; the account name as typed, known or not, so that the answer
tells no names) has its failures of the last WINDOW. Once it has its free failures every
further attempt must wait BASE·2ⁿ seconds after the last failure (n failures beyond the free ones),
up to the key's cap: an address spraying names is slowed to one try per 15 minutes; one
account's name to one try a minute, so its owner signing in from elsewhere waits a minute
at most. Attempts refused while waiting check no password and write no audit row; the
failure that starts a key's waiting writes one (`login_throttled`, how many failures).
Kept in memory: a restart forgives, as the back-off would.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW = 15 * 60.0  # seconds a failure is remembered
BASE = 1.0  # seconds of the first wait


@dataclass(frozen=True)
class Rule:
    free: int  # failures within WINDOW before waiting starts
    cap: float  # longest wait, seconds


RULES = {"address": Rule(free=10, cap=WINDOW), "account": Rule(free=5, cap=60.0)}


@dataclass
class _Failures:
    times: list[float] = field(default_factory=list)


class LoginThrottle:
    """Failures by key, `(kind, value)` with kind a key of RULES; thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, limit: int = 100_000) -> None:
        self.clock = clock
        self.limit = limit  # keys remembered at most (the oldest are forgotten first)
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], _Failures] = {}

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        found = self._failures.get(key)
        if found is None:
            return []
        found.times = [t for t in found.times if now - t < WINDOW]
        if not found.times:
            del self._failures[key]
        return found.times

    @staticmethod
    def _delay(kind: str, failures: int) -> float:
        rule = RULES[kind]
        beyond = failures - rule.free
        if beyond < 0:
            return 0.0
        return min(rule.cap, BASE * math.pow(2, min(beyond, 30)))

    def wait(self, keys: list[tuple[str, str]]) -> float:
        """Seconds before an attempt for all `keys` is allowed (0: now)."""
        now = self.clock()
        with self._lock:
            longest = 0.0
            for key in keys:
                times = self._recent(key, now)
                if times:
                    longest = max(longest, times[-1] + self._delay(key[0], len(times)) - now)
            return max(0.0, longest)

    def failed(self, keys: list[tuple[str, str]]) -> list[tuple[tuple[str, str], int]]:
        """Count a failure for each key; returns the keys this failure made wait (their
        first wait in the window) with their failure counts, for the audit log."""
        now = self.clock()
        started = []
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                times.append(now)
                self._failures.setdefault(key, _Failures(times)).times = times
                if len(times) == RULES[key[0]].free:
                    started.append((key, len(times)))
            while len(self._failures) > self.limit:
                self._failures.pop(next(iter(self._failures)))
        return started

    def succeeded(self, key: tuple[str, str]) -> None:
        """A right password: the account's failures are forgiven (not the address's: one
        good account must not reset a sprayer's count)."""
        with self._lock:
            self._failures.pop(key, None)
