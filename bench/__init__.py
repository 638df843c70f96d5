"""Benchmarks: `python -m bench` runs them all, `python -m bench NAME` one of them.

Each benchmark is a module `bench/<name>.py` with `main(argv) -> int`, listed in BENCHMARKS.
"""

BENCHMARKS: list[str] = ["extract", "draft", "match", "search", "desk", "docx"]
