"""`python -m bench [NAME] [OPTIONS]`: run one benchmark, or all of them."""

import importlib
import sys

from bench import BENCHMARKS

args = sys.argv[1:]
names, rest = ([args[0]], args[1:]) if args and not args[0].startswith("-") else (BENCHMARKS, args)
if names[0] not in BENCHMARKS:
    sys.exit(f"unknown benchmark {names[0]!r}; known: {', '.join(BENCHMARKS)}")
sys.exit(max(importlib.import_module(f"bench.{name}").main(rest) for name in names))
