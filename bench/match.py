"""The catalogue and matching benchmark: `python -m bench match [--rows N] [--queries N]`.

In one run:
- generates a realistic catalogue CSV of N rows (default 1,000,000) from the real NHSA
  generic names and code prefixes in ../shared/data/ (makers invented, 31 provinces,
  statuses, several 批准文号 in some cells);
- imports it into a fresh SQLite store: rows/s, and resident memory along the way (flat
  when the import streams);
- matches ruling-like products (names, specifications in other units, company-name
  variants, some known only by approval number or NHSA code, some not listed at all)
  against the store: p50/p95 latency per product, beside an exact-key dict look-up (the
  floor) and a full scan with rapidfuzz `process.extract` (ratio) over every name (the
  baseline, on fewer queries: it is slow by design);
- the same import and match on PostgreSQL when the server answers, reported beside.

Targets (issue 3): match p95 ≤ 20 ms at 1,000,000 rows on SQLite; import ≥ 20,000 rows/s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
SEED = 7
PROVINCES = [
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
    "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
    "宁夏回族自治区", "新疆维吾尔自治区",
]  # fmt: skip
SYLLABLES = "澄岚睿禾青屿朗泽沐川煦岐安溪远景曜云栖珩石泊舟砚秋梧芷汀临皋望舒蘅芜兰棠华康瑞祥济民百仁正元天永长信博恩益和"
PLACES = [
    "江苏",
    "浙江",
    "山东",
    "广东",
    "四川",
    "湖南",
    "河北",
    "安徽",
    "福建",
    "江西",
    "湖北",
    "辽宁",
    "北京",
    "上海",
]
TRADES = ["制药", "药业", "医药", "生物制药", "生物科技"]
SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司"]
SPECS = {
    "solid": ["5mg", "10mg", "20mg", "25mg", "0.1g", "0.25g", "0.5g", "50mg"],
    "liquid": ["5ml:0.1g", "2ml:10mg", "10ml:0.5g", "1ml:5mg"],
    "micro": ["0.25μg", "0.5μg", "0.75μg"],
}
OTHER_PRINTING = {
    "0.1g": "100mg",
    "0.25g": "250mg",
    "0.5g": "500mg",
    "0.75μg": "0.75ug",
    "5ml:0.1g": "0.1g/5ml",
}
STATUSES = (["已挂网"] * 80) + (["暂停挂网"] * 5) + (["申报中"] * 8) + (["已撤网"] * 7)
HEADER = [
    "省份",
    "产品编码",
    "医保代码",
    "通用名",
    "剂型",
    "规格",
    "包装",
    "生产企业",
    "上市许可持有人",
    "批准文号",
    "挂网状态",
    "中选状态",
]


def reference_names() -> list[tuple[str, str]]:
    """(generic name, 14/11-character code prefix) from the NHSA code list."""
    names: dict[str, str] = {}
    with (SHARED / "nhsa-drug-codes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["nhsa_drug_code"]
            names.setdefault(row["generic_name"], code[:14] if code.startswith("X") else code[:11])
    return sorted(names.items())


def companies(rng: random.Random, count: int) -> list[str]:
    """`count` distinct invented company names (without legal suffix)."""
    made: set[str] = set()
    while len(made) < count:
        core = "".join(rng.sample(SYLLABLES, 2))
        made.add(f"{rng.choice(PLACES)}{core}{rng.choice(TRADES)}")
    return sorted(made)


def spec_pool(name: str) -> list[str]:
    if "注射" in name:
        return SPECS["liquid"]
    if "软胶囊" in name:
        return SPECS["micro"]
    return SPECS["solid"]


def catalogue_rows(rows: int, seed: int = SEED) -> Iterator[list[str]]:
    """`rows` catalogue rows (HEADER order), deterministic for a seed."""
    rng = random.Random(seed)
    names = reference_names()
    makers = companies(rng, 4000)
    for index in range(rows):
        name, prefix = names[rng.randrange(len(names))]
        maker = makers[(index * 7919 + rng.randrange(50)) % len(makers)]
        spec = rng.choice(spec_pool(name))
        enterprise = f"{zlib.crc32(maker.encode()) % 100000:05d}"
        code = (prefix + f"{rng.randrange(100):02d}{rng.randrange(100):02d}" + enterprise).ljust(23, "0")[:23] \
            if prefix.startswith("X") else (prefix + f"{rng.randrange(10**4):04d}" + enterprise)[:20]  # fmt: skip
        approvals = f"国药准字H{2000 + index % 25}{index % 10000:04d}{index // 10000:03d}"
        if rng.random() < 0.05:
            approvals += f"；国药准字H{2000 + index % 25}{(index + 5000) % 10000:04d}{index // 10000:03d}"
        holder = maker + rng.choice(SUFFIXES) if rng.random() < 0.1 else ""
        yield [
            PROVINCES[index % len(PROVINCES)], f"P{index:08d}", code, name, "", spec, rng.choice(["10片/盒", "1支/盒", "24粒/盒"]),
            maker + rng.choice(SUFFIXES), holder, approvals, rng.choice(STATUSES), rng.choice(["中选", "", "未中选"]),
        ]  # fmt: skip


def write_catalogue(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(catalogue_rows(rows))


def rss_mb() -> float:
    """Resident memory of this process now, MB (Linux)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def cpu_seconds() -> float:
    """User + system CPU time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def import_into(url: str, path: Path) -> tuple[float, int, list[float], float]:
    """(wall seconds, rows, RSS samples in MB, CPU seconds) of importing `path` into a fresh
    database at `url` (on a shared machine the CPU time says what the code costs)."""
    from matching.keys import item_keys
    from store.catalogue import import_rows
    from store.catalogue_file import CatalogueFile
    from store.db import make_engine

    engine = make_engine(url)
    samples: list[float] = []
    opened = CatalogueFile.open(path)
    started = time.perf_counter()
    cpu_started = cpu_seconds()
    seen = 0

    def progress(rows: int) -> None:
        nonlocal seen
        seen += rows
        if seen % 100_000 < rows:
            samples.append(rss_mb())

    report = import_rows(
        engine,
        opened.rows(),
        filename=path.name,
        as_of=dt.date(2099, 1, 1),
        keys=item_keys,
        progress=progress,
    )
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_started
    engine.dispose()
    if report.rejected:
        print(f"  {report.rejected} rows unusable, first: {report.problems[0]}")
    return seconds, report.rows_read, samples, cpu


def queries(path: Path, count: int, seed: int = SEED) -> list[tuple[object, tuple[str, ...]]]:
    """Ruling-like products drawn from the catalogue file (with the key of the listing they
    come from, empty for products that are not listed)."""
    from matching.score import AccusedProduct

    rng = random.Random(seed + 1)
    with path.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    wanted = set(rng.sample(range(rows), count))
    picked = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for index, row in enumerate(reader):
            if index in wanted:
                picked.append(row)
    products = []
    for row in picked:
        province, catalogue_id, code, name, _, spec, _, maker, _, approvals, _, _ = row
        known = rng.random()
        maker_printed = maker.replace("有限公司", "（中国）有限公司") if rng.random() < 0.3 else maker
        if known < 0.15:
            product = AccusedProduct(name=name, approval_numbers=(approvals.split("；")[0],))
        elif known < 0.25:
            product = AccusedProduct(name=name, codes=(code,))
        elif known < 0.9:
            product = AccusedProduct(
                name=name, specification=OTHER_PRINTING.get(spec, spec), manufacturer=maker_printed
            )
        else:
            product = AccusedProduct(name=name, specification=spec, manufacturer="未挂网测试制药有限公司")
        products.append((product, (province, catalogue_id) if known < 0.9 else ()))
    return products


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:8.3f} ms   p95 {p95 * 1000:8.3f} ms   (n={len(ordered)})"


def timed(function: Callable[[object], object], items: list) -> list[float]:
    times = []
    for item in items:
        started = time.perf_counter()
        function(item)
        times.append(time.perf_counter() - started)
    return times


def match_on(url: str, products: list) -> tuple[list[float], float]:
    """(latencies of match_product per product, share of listed products found as the best candidate)."""
    from matching.match import match_product
    from store.blocking import StoreCatalogue
    from store.db import make_engine

    engine = make_engine(url)
    hits = 0
    with StoreCatalogue(engine) as catalogue:
        for product, _ in products[:20]:  # warm the page cache and the normaliser caches
            match_product(0, product, catalogue)
        times = []
        for product, key in products:
            started = time.perf_counter()
            found = match_product(0, product, catalogue)
            times.append(time.perf_counter() - started)
            if (
                key
                and found
                and any(
                    (m.item.province, m.item.catalogue_id) == key for m in found if m.decision != "rejected"
                )
            ):
                hits += 1
    engine.dispose()
    listed = sum(1 for _, key in products if key)
    return times, hits / listed if listed else 1.0


def floor_and_baseline(path: Path, products: list, baseline_queries: int) -> None:
    """The exact-key dict look-up (floor) and rapidfuzz full scan (baseline)."""
    from rapidfuzz import fuzz, process

    by_approval: dict[str, list[int]] = {}
    names: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for index, row in enumerate(reader):
            names.append(row[3])
            for number in row[9].split("；"):
                by_approval.setdefault(number, []).append(index)
    keys = [(p.approval_numbers[0] if p.approval_numbers else p.name) for p, _ in products]
    floor = timed(lambda key: by_approval.get(key), keys)
    print(f"  exact-key dict (floor)       {percentiles(floor)}")
    sample = [p.name for p, _ in products[:baseline_queries]]
    scan = timed(lambda name: process.extract(name, names, scorer=fuzz.ratio, limit=10), sample)
    print(f"  rapidfuzz full scan (ratio)  {percentiles(scan)}  over {len(names):,} names")


def postgres_url() -> str | None:
    base = os.environ.get("RULINGDESK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        import psycopg

        with psycopg.connect(base, connect_timeout=2, autocommit=True) as connection:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            connection.execute(f"CREATE SCHEMA {schema}")
    except Exception as error:  # noqa: BLE001 - any failure means: not reported
        print(f"  PostgreSQL not measured: {str(error).strip().splitlines()[0]}")
        return None
    return f"postgresql+psycopg://{base.split('://', 1)[1]}?options=-csearch_path%3D{schema}"


def drop_postgres_schema(url: str) -> None:
    import psycopg

    base = os.environ.get("RULINGDESK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    schema = url.rsplit("%3D", 1)[1]
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench match")
    parser.add_argument("--rows", type=int, default=1_000_000, help="catalogue rows to generate")
    parser.add_argument("--queries", type=int, default=500, help="products to match")
    parser.add_argument(
        "--baseline-queries", type=int, default=20, help="products for the rapidfuzz full scan"
    )
    parser.add_argument(
        "--postgres-rows", type=int, default=None, help="rows for PostgreSQL (default: --rows; 0 skips)"
    )
    parser.add_argument("--dir", type=Path, default=None, help="keep the generated files here")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    args = parser.parse_args(argv)
    if not (SHARED / "nhsa-drug-codes.csv").exists():
        print(f"{SHARED}: reference data not found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"catalogue-{args.rows}.csv"
        started = time.perf_counter()
        write_catalogue(path, args.rows)
        print(
            f"catalogue: {args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB, generated in {time.perf_counter() - started:.1f} s"
        )
        products = queries(path, min(args.queries, args.rows))

        if not args.no_sqlite:
            sqlite_url = f"sqlite:///{folder / 'bench.sqlite3'}"
            seconds, rows, samples, cpu = import_into(sqlite_url, path)
            memory = f"RSS {min(samples):.0f}–{max(samples):.0f} MB over the import" if samples else ""
            print(
                f"SQLite import: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s wall, "
                f"{rows / cpu:,.0f} rows per CPU-second (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)   {memory}"
            )
            times, found = match_on(sqlite_url, products)
            print(f"SQLite match (store, blocking) {percentiles(times)}   listed products found: {found:.1%}")
            floor_and_baseline(path, products, args.baseline_queries)

        pg_rows = args.rows if args.postgres_rows is None else args.postgres_rows
        if pg_rows:
            url = postgres_url()
            if url:
                try:
                    pg_path = path
                    if pg_rows != args.rows:
                        pg_path = folder / f"catalogue-{pg_rows}.csv"
                        write_catalogue(pg_path, pg_rows)
                    seconds, rows, _, cpu = import_into(url, pg_path)
                    print(
                        f"PostgreSQL import: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s wall, "
                        f"{rows / cpu:,.0f} rows per client CPU-second"
                    )
                    pg_products = (
                        products if pg_path == path else queries(pg_path, min(args.queries, pg_rows))
                    )
                    times, found = match_on(url, pg_products)
                    print(
                        f"PostgreSQL match (store)       {percentiles(times)}   listed products found: {found:.1%}"
                    )
                finally:
                    drop_postgres_schema(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
